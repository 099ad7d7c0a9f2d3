"""The road not taken, kept to be measured: each rule as nested Python closures over the typed expression
tree, instead of one generated function per rule (checker.ruleset.codegen).

Types are checked by homologate's own compiler (checker.expr.compile) on every part of the tree, so the
closures make exactly the choices the generated code makes: which reads must have a value (``_need``),
which values may be null until known (``_known``), dates moved by durations, division by zero refused.
``judge(ruleset)`` gives, for every rule, the same function the engine calls (``rule.judge(s, on, it)``:
(verdict, measured, expected, low, high, margin) or None), so the engine's own loop
(checker.evaluate.judge.judge) can run either; compare.py checks that both give the same outcomes on the
whole corpus before it times them.
"""

from __future__ import annotations

import dataclasses
import operator
from collections.abc import Callable
from typing import Any

from checker.expr import nodes as n
from checker.expr import types as ty
from checker.expr.compile import (  # the generated code's own helpers: both fail alike
    EPSILON,
    Compiled,
    EvalError,
    Namespace,
    NotKnown,
    Scope,
    _Compiler,
    _div,
    _end_of_year,
    _least,
    _most,
    literal_values,
)
from checker.expr.parse import parse
from checker.report import Verdict
from checker.ruleset.model import Rule, Ruleset

Fn = Callable[[Any, Any, Any], Any]  # (spec, check date, item) -> value
_COMPARE = {"<": operator.lt, "<=": operator.le, ">": operator.gt, ">=": operator.ge, "==": operator.eq,
            "!=": operator.ne}  # fmt: skip
PASS, FAIL, MARGINAL = Verdict.PASS, Verdict.FAIL, Verdict.MARGINAL


class ClosureCompiler:
    """Closures for the parts of one expression; the types come from checker.expr.compile."""

    def __init__(self, scope: Scope) -> None:
        self.scope = scope
        self.types = _Compiler(scope, [], Namespace())

    def kind(self, node: n.Node) -> ty.Type:
        return self.types.node(node)[1]

    def required(self, node: n.Node) -> Fn:
        fn = self.node(node)
        kind = self.kind(node)
        if not kind.optional or kind.kind == "null":
            return fn
        what = node.text if isinstance(node, n.Name) else "a value"

        def need(s: Any, on: Any, it: Any) -> Any:
            value = fn(s, on, it)
            if value is None:
                raise EvalError(f"{what} is not given in the spec")
            return value

        return need

    def node(self, node: n.Node) -> Fn:
        if isinstance(node, n.LITERALS):
            value = node.value
            return lambda s, on, it: value
        if isinstance(node, n.Name):
            return self.name(node)
        if isinstance(node, n.Neg):
            inner = self.required(node.operand)
            return lambda s, on, it: -inner(s, on, it)
        if isinstance(node, n.Not):
            inner = self.required(node.operand)
            return lambda s, on, it: not inner(s, on, it)
        if isinstance(node, n.Binary):
            return self.binary(node)
        if isinstance(node, n.Call):
            return self.call(node)
        raise TypeError(f"no closure for {node!r}")

    def name(self, node: n.Name) -> Fn:
        names: list[Any] = []
        code, _ = _Compiler(self.scope, names, Namespace()).name(node)
        root, *attrs = names[-1].code.split(".")
        getter = operator.attrgetter(".".join(attrs)) if attrs else None
        index = {"s": 0, "on": 1, "it": 2}[root]

        def read(s: Any, on: Any, it: Any) -> Any:
            base = (s, on, it)[index]
            return getter(base) if getter is not None else base

        if not code.startswith("_known("):
            return read
        todo = _pending(self.scope, node)

        def known(s: Any, on: Any, it: Any) -> Any:
            value = read(s, on, it)
            if value is None:
                raise NotKnown(node.text, todo)
            return value

        return known

    def binary(self, node: n.Binary) -> Fn:
        op = node.op
        if op in ("and", "or"):
            left, right = self.required(node.left), self.required(node.right)
            if op == "and":
                return lambda s, on, it: left(s, on, it) and right(s, on, it)
            return lambda s, on, it: left(s, on, it) or right(s, on, it)
        if op == "in":
            left = self.required(node.left)
            assert isinstance(node.right, n.List)
            values = literal_values(node.right.items, self.kind(node.left))
            return lambda s, on, it: left(s, on, it) in values
        if op in ("==", "!="):
            null = "null" in (self.kind(node.left).kind, self.kind(node.right).kind)
            left = self.node(node.left) if null else self.required(node.left)
            right = self.node(node.right) if null else self.required(node.right)
        else:
            left, right = self.required(node.left), self.required(node.right)
        if op in _COMPARE:
            compare = _COMPARE[op]
            return lambda s, on, it: compare(left(s, on, it), right(s, on, it))
        if self.kind(node.left).kind == "date":  # a date moved by a duration
            sign = 1 if op == "+" else -1
            return lambda s, on, it: right(s, on, it).add_to(left(s, on, it), sign)
        if op == "/":
            return lambda s, on, it: _div(left(s, on, it), right(s, on, it))
        arithmetic = {"+": operator.add, "-": operator.sub, "*": operator.mul}[op]
        return lambda s, on, it: arithmetic(left(s, on, it), right(s, on, it))

    def call(self, node: n.Call) -> Fn:
        name, args = node.function, node.args
        if name == "present":
            inner = self.node(args[0])
            return lambda s, on, it: inner(s, on, it) is not None
        parts = [self.required(arg) for arg in args]
        if name == "count":
            (inner,) = parts
            return lambda s, on, it: len(inner(s, on, it))
        if name == "end_of_year":
            (inner,) = parts
            return lambda s, on, it: _end_of_year(inner(s, on, it))
        if len(parts) == 1:
            (inner,) = parts
            kind = self.kind(args[0])
            if kind.item is not None and kind.item.pending and isinstance(args[0], n.Name):
                inner = _all_known(inner, args[0].text, kind.item.pending)
            fold = {"sum": sum, "min": _least, "max": _most}[name]
            return lambda s, on, it: fold(inner(s, on, it))
        fold = {"min": min, "max": max}[name]
        return lambda s, on, it: fold(*(part(s, on, it) for part in parts))


def _pending(scope: Scope, node: n.Name) -> str:
    """What is left to do for a value that may be null until known ("measured", "filled in")."""
    parts = node.text.split(".")
    kind = scope.roots[parts[0]][0]
    for part in parts[1:]:
        kind = ty.fields_of(kind.model)[part][1]
    assert kind.pending is not None
    return kind.pending


def _all_known(inner: Fn, what: str, todo: str) -> Fn:
    def known(s: Any, on: Any, it: Any) -> Any:
        values = inner(s, on, it)
        for index, value in enumerate(values):
            if value is None:
                raise NotKnown(f"{what}[{index}]", todo)
        return values

    return known


def _closure(compiled: Compiled | None, scope: Scope, *, required: bool) -> Fn | None:
    """As checker.ruleset.compile compiles each part: value and limits must have a value, a condition
    and the list of an each rule are read as they are."""
    if compiled is None:
        return None
    compiler, tree = ClosureCompiler(scope), parse(compiled.source)
    return compiler.required(tree) if required else compiler.node(tree)


def rule_judge(rule: Rule) -> tuple[Callable[..., Any], Callable[..., Any] | None]:
    """The rule's ``judge(s, on, it)`` and, for an each rule, its ``items(s, on)``, as closures."""
    scope = Scope(rule.each.type.item) if rule.each is not None else Scope()
    when = _closure(rule.when, scope, required=False)
    value = _closure(rule.value, scope, required=True)
    low, high = _closure(rule.min, scope, required=True), _closure(rule.max, scope, required=True)
    equals = _closure(rule.equals, scope, required=True)
    assert value is not None
    date = rule.value.type.kind == "date"
    reach = None if rule.tolerance is None else rule.tolerance + EPSILON

    def verdict(g: float) -> Verdict:
        if g >= -EPSILON:
            return PASS
        return MARGINAL if reach is not None and -g <= reach else FAIL

    def judge(s: Any, on: Any, it: Any) -> Any:
        if when is not None and not when(s, on, it):
            return None
        m = value(s, on, it)
        if rule.members is not None:
            return (PASS if m in rule.members else FAIL, m, None, None, None, None)
        if equals is not None:
            e = equals(s, on, it)
            if rule.value.type.kind == "number":
                g = -round(abs(m - e), 6)
                return (verdict(g), m, e, None, None, g)
            return (PASS if m == e else FAIL, m, e, None, None, None)
        lo = low(s, on, it) if low is not None else None
        hi = high(s, on, it) if high is not None else None
        g = None
        if hi is not None:
            g = float((hi - m).days) if date else round(hi - m, 6)
        if lo is not None:
            below = float((m - lo).days) if date else round(m - lo, 6)
            g = below if g is None else min(g, below)
        return (verdict(g), m, None, lo, hi, g)

    each = _closure(rule.each, Scope(), required=False)
    items = None if each is None else lambda s, on: each(s, on, None)
    return judge, items


def with_closures(ruleset: Ruleset) -> Ruleset:
    """The same ruleset, each rule judged by closures instead of its generated function."""
    rules = []
    for rule in ruleset.rules:
        judge, items = rule_judge(rule)
        rules.append(dataclasses.replace(rule, judge=judge, items=items))
    return dataclasses.replace(ruleset, rules=tuple(rules))
