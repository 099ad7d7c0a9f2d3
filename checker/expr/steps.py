"""An expression worked out step by step on a spec, as a scrutineer would do it on paper:

    production.chassis.track_front + 80 mm
    = 1700 mm + 80 mm
    = 1780 mm

The first line is the expression as the ruleset writes it; the next has every name replaced by the value
it reads; each following line replaces the innermost operations by their results, until one value is left.
Each part is evaluated by the same compiler that checks specs (``compiler.compile_node``), so the steps
cannot disagree with the verdict.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from checker import text
from checker.expr import nodes as n
from checker.expr import parse as ex
from checker.expr import types as ty
from checker.expr.compile import Compiled, Env, EvalError, NotKnown, Scope, compile_node
from checker.expr.nodes import Node

NOT_GIVEN = "not given"


def show(value: Any, kind: ty.Type) -> str:
    """A value as written in an expression: quantities in their unit, text quoted, true/false."""
    if value is None:
        return NOT_GIVEN
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return f'"{value}"'
    if isinstance(value, (dt.date, n.Duration)):
        return str(value)
    if isinstance(value, (int, float)):
        return text.quantity(value, kind.dim, kind.display)
    if isinstance(value, (list, tuple, frozenset)):
        item = kind.item or ty.NUMBER
        if item.kind == "struct":  # seats, harnesses: how many is what a rule over the list reads
            return f"[{len(value)} {item.model.__name__} entr{'y' if len(value) == 1 else 'ies'}]"
        return "[" + ", ".join("null" if v is None else show(v, item) for v in value) + "]"
    return f"({type(value).__name__})"  # a group of fields: no rule compares one whole


class _Missing:
    """A part that could not be evaluated: why, in words, and how a name without a value is shown."""

    def __init__(self, why: str, shown: str = NOT_GIVEN) -> None:
        self.why, self.shown = why, shown


def steps(compiled: Compiled, scope: Scope, env: Env) -> list[str]:
    """The lines of working for ``compiled`` on ``env``; the last is its value (or why there is none)."""
    tree = ex.parse(compiled.source)
    written = _written(compiled.source)
    values: dict[int, Any] = {}
    heights: dict[int, int] = {}
    _measure(tree, scope, env, compiled, values, heights)
    lines = [compiled.source.strip()]
    for level in range(heights[id(tree)] + 1):
        line = _render(tree, level, values, heights, written, 0)
        if line != lines[-1]:
            lines.append(line)
    final = values[id(tree)]
    if isinstance(final, _Missing) and not lines[-1].startswith("cannot"):
        lines.append(f"cannot be worked out: {final.why}")
    return lines


def _written(source: str) -> dict[int, str]:
    """Each literal's text as written, by its offset ("35 in" stays "35 in", not 889 mm)."""
    tokens = ex.tokenize(source)
    return {offset: source[offset:tokens[i + 1][2]].rstrip() for i, (_, _, offset) in enumerate(tokens[:-1])}


def _children(node: Node) -> tuple[Node, ...]:
    """The parts worked out before ``node``: the list after 'in' is not evaluated on its own."""
    if isinstance(node, n.Binary) and node.op == "in":
        return (node.left,)
    return () if isinstance(node, n.List) else node.children()


def _measure(node: Node, scope: Scope, env: Env, compiled: Compiled, values: dict[int, Any],
             heights: dict[int, int]) -> None:  # fmt: skip
    """Evaluate every part of the tree (children first) and note how far from the leaves each stands."""
    children = _children(node)
    for child in children:
        _measure(child, scope, env, compiled, values, heights)
    heights[id(node)] = 1 + max((heights[id(c)] for c in children), default=-1) if not isinstance(node, n.Name) else 0
    missing = next((values[id(c)] for c in children if isinstance(values[id(c)], _Missing)), None)
    if missing is not None and not isinstance(node, n.Call):
        values[id(node)] = missing
        return
    code, kind = compile_node(node, scope, compiled.namespace, compiled.source)
    try:
        value = code(env)
    except EvalError as exc:  # a null the spec writes until the value is known is shown as written
        value = _Missing(str(exc), "null" if isinstance(exc, NotKnown) else NOT_GIVEN)
    if value is None and isinstance(node, n.Name):
        value = _Missing(f"{node.text} is not given in the spec")
    values[id(node)] = (value, kind) if not isinstance(value, _Missing) else value


def _render(node: Node, level: int, values: dict[int, Any], heights: dict[int, int], written: dict[int, str],
            floor: int = 0) -> str:  # fmt: skip
    """The tree as text, every part at most ``level`` high shown as its value; brackets where an
    operation below binds less tightly than ``floor``, the operation around it."""
    if _shown_as_value(node, level, heights):
        got = values[id(node)]
        if isinstance(got, _Missing):
            return got.shown if isinstance(node, n.Name) else f"cannot be worked out: {got.why}"
        return show(*got)
    if isinstance(node, n.Name):
        return node.text
    if isinstance(node, n.List):
        return "[" + ", ".join(written[item.offset] for item in node.items) + "]"
    if isinstance(node, n.Call):
        return f"{node.function}({', '.join(_render(c, level, values, heights, written) for c in node.args)})"
    if isinstance(node, (n.Neg, n.Not)):
        neg = isinstance(node, n.Neg)
        inner = _render(node.operand, level, values, heights, written, 6 if neg else 3)
        return ("-" if neg else "not ") + inner
    if not isinstance(node, n.Binary):
        return written[node.offset]  # a literal, as written
    power = ex.BINARY[node.op]
    left = _render(node.left, level, values, heights, written, power)
    right = _render(node.right, level, values, heights, written, power + 1)
    shown = f"{left} {node.op} {right}"
    return f"({shown})" if power < floor else shown


def _shown_as_value(node: Node, level: int, heights: dict[int, int]) -> bool:
    height = heights.get(id(node))  # the list after 'in' is not evaluated on its own
    return height is not None and height <= level and (height > 0 or isinstance(node, n.Name))
