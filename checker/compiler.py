"""Type-check an expression tree against the spec model and turn it into a closure.

Compilation happens once per rule at load time. Each compiled expression is a plain function of an
``Env`` (the spec, the current list item, the check date) plus what the engine and reports need to
explain it: its type and every spec value it reads.
"""

from __future__ import annotations

import datetime as dt
import operator
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from checker import expr as ex
from checker import types as ty
from checker.errors import clip, did_you_mean
from checker.expr import ExprError, Node
from checker.spec import Spec


class EvalError(Exception):
    """An expression could not be evaluated on a spec (a value missing, a division by zero)."""


class Env:
    __slots__ = ("spec", "item", "on", "index")

    def __init__(self, spec: Spec, on: dt.date, item: Any = None, index: int | None = None) -> None:
        self.spec, self.on, self.item, self.index = spec, on, item, index


Fn = Callable[[Env], Any]


@dataclass(frozen=True)
class NameRef:
    text: str  # as written: "production.chassis.track_front"
    path: tuple[str, ...]  # spec keys from the root ("item" for the current list item)
    type: ty.Type
    fn: Fn


@dataclass(frozen=True)
class Compiled:
    fn: Fn
    type: ty.Type
    source: str
    names: tuple[NameRef, ...]


class Scope:
    """The names an expression may use: the spec's three parts, ``check_date`` (the date checked on),
    and ``item`` (the current list item) in an ``each`` rule."""

    def __init__(self, item: ty.Type | None = None) -> None:
        self.roots: dict[str, tuple[ty.Type, Fn]] = {"check_date": (ty.DATE, operator.attrgetter("on"))}
        for name, (attr, kind) in ty.fields_of(Spec).items():
            if kind.kind == "struct":
                self.roots[name] = (kind, _spec_getter(attr))
        if item is not None:
            self.roots["item"] = (item, operator.attrgetter("item"))


def _spec_getter(path: str) -> Fn:
    get = operator.attrgetter(path)
    return lambda env: get(env.spec)


def compile_expr(text: str, scope: Scope, want: ty.Type | None = None, *, required: bool = False) -> Compiled:
    """Parse and compile ``text``; raise ExprError (with an offset into ``text``) if it is wrong.

    ``required``: the result must have a value; an absent optional field is an EvalError, never None.
    """
    names: list[NameRef] = []
    compiler = _Compiler(scope, names)
    tree = ex.parse(text)
    fn, kind = compiler.required(tree) if required else compiler.node(tree)
    if want is not None and not kind.same(want):
        raise ExprError(f"expected {ty.a(want)}, but this expression gives {ty.a(kind)}", 0)
    return Compiled(fn, kind, text, tuple(names))



class _Compiler:
    def __init__(self, scope: Scope, names: list[NameRef]) -> None:
        self.scope = scope
        self.names = names

    def node(self, node: Node) -> tuple[Fn, ty.Type]:
        kind = node[0]
        if kind in _LITERALS:
            value = node[2][0] if kind == "qty" else node[2] if len(node) > 2 else None
            return (lambda env: value), _LITERALS[kind](node)
        method = getattr(self, "c_" + kind, None)
        if method is None:
            raise ExprError("a list is only allowed after 'in'", node[1])
        return method(node)

    def required(self, node: Node) -> tuple[Fn, ty.Type]:
        """Compile an operand that must have a value: an absent optional field is an EvalError."""
        return self.need(node, *self.node(node))

    def need(self, node: Node, fn: Fn, kind: ty.Type) -> tuple[Fn, ty.Type]:
        if not kind.optional or kind.kind == "null":
            return fn, kind
        what = node[2] if node[0] == "name" else "a value"

        def need(env: Env) -> Any:
            value = fn(env)
            if value is None:
                raise EvalError(f"{what} is not given in the spec")
            return value

        return need, kind.required()

    def c_name(self, node: Node) -> tuple[Fn, ty.Type]:
        text, offset = node[2], node[1]
        parts = text.split(".")
        if parts[0] not in self.scope.roots:
            hint = _suggest(parts, 0, self.scope.roots)
            if not hint and len(parts) == 1 and len(text) <= 40:
                hint = f" (text is written in quotes: '\"{text}\"')"
            raise ExprError(f"unknown name {clip(text, 100)}{hint}", offset)
        kind, get_root = self.scope.roots[parts[0]]
        attrs: list[str] = []
        for i, part in enumerate(parts[1:], start=1):
            prefix = ".".join(parts[:i])
            if kind.kind == "list":
                raise ExprError(f"'{prefix}' is a list: use 'each:' on the rule, or count()", offset)
            if kind.kind != "struct":
                raise ExprError(f"'{prefix}' is {ty.a(kind)} and has no field '{part}'", offset)
            fields = ty.fields_of(kind.model)
            if part not in fields:
                raise ExprError(f"unknown name {clip(text, 100)}{_suggest(parts, i, fields)}", offset)
            attr, field_type = fields[part]
            attrs.append(attr)
            kind = replace(field_type, optional=field_type.optional or kind.optional)
        fn = _chain(get_root, attrs)
        self.names.append(NameRef(text, tuple(parts), kind, fn))
        return fn, kind

    def c_neg(self, node: Node) -> tuple[Fn, ty.Type]:
        fn, kind = self.required(node[2])
        if kind.kind != "number":
            raise ExprError(f"cannot negate {ty.a(kind)}", node[1])
        return (lambda env: -fn(env)), kind

    def c_not(self, node: Node) -> tuple[Fn, ty.Type]:
        fn, kind = self.required(node[2])
        if kind.kind != "bool":
            raise ExprError(f"'not' needs true or false, got {ty.a(kind)}", node[1])
        return (lambda env: not fn(env)), ty.BOOL

    def c_bin(self, node: Node) -> tuple[Fn, ty.Type]:
        op = node[2]
        if op in ("and", "or"):
            return self.logic(node)
        if op == "in":
            return self.member(node)
        if op in ("==", "!="):
            return self.equality(node)
        left, lt = self.required(node[3])
        right, rt = self.required(node[4])
        if op in ("<", "<=", ">", ">="):
            if lt.kind not in ("number", "date") or rt.kind not in ("number", "date"):
                raise ExprError(f"'{op}' compares numbers, quantities or dates, not {ty.a(lt)} and {ty.a(rt)}", node[1])
            if not lt.same(rt):
                raise ExprError(f"cannot compare {ty.a(lt)} with {ty.a(rt)} using '{op}'", node[1])
            return _binary(_OPS[op], left, right), ty.BOOL
        return _arithmetic(op, node[1], left, lt, right, rt)

    def logic(self, node: Node) -> tuple[Fn, ty.Type]:
        left, lt = self.required(node[3])
        right, rt = self.required(node[4])
        if lt.kind != "bool" or rt.kind != "bool":
            raise ExprError(f"'{node[2]}' needs true or false on both sides", node[1])
        if node[2] == "and":
            return (lambda env: left(env) and right(env)), ty.BOOL
        return (lambda env: left(env) or right(env)), ty.BOOL

    def equality(self, node: Node) -> tuple[Fn, ty.Type]:
        left, lt = self.node(node[3])
        right, rt = self.node(node[4])
        if "null" not in (lt.kind, rt.kind):
            left, lt = self.need(node[3], left, lt)
            right, rt = self.need(node[4], right, rt)
            check_comparable(lt, rt, node[4], node[1])
            check_comparable(rt, lt, node[3], node[1])
        return _binary(_OPS[node[2]], left, right), ty.BOOL

    def member(self, node: Node) -> tuple[Fn, ty.Type]:
        left, lt = self.required(node[3])
        if node[4][0] != "list":
            raise ExprError("'in' needs a list of values such as [\"FT3.5\", \"FT5\"]", node[4][1])
        values = literal_values(node[4][2], lt)
        return (lambda env: left(env) in values), ty.BOOL

    def c_call(self, node: Node) -> tuple[Fn, ty.Type]:
        name, args, offset = node[2], node[3], node[1]
        if name not in ex.FUNCTIONS:
            raise ExprError(f"unknown function '{name}'{did_you_mean(name, ex.FUNCTIONS)}", offset)
        if name == "present":
            if len(args) != 1 or args[0][0] != "name":
                raise ExprError("present() takes one field name", offset)
            fn, _ = self.node(args[0])
            return (lambda env: fn(env) is not None), ty.BOOL
        compiled = [self.required(arg) for arg in args]
        if name in ("count", "sum") or len(compiled) == 1:
            return _over_list(name, compiled, offset)
        kinds = {(k.kind, k.dim) for _, k in compiled}
        if len(kinds) != 1 or compiled[0][1].kind not in ("number", "date"):
            raise ExprError(f"{name}() needs numbers of one kind, or dates", offset)
        fns = [fn for fn, _ in compiled]
        pick = min if name == "min" else max
        return (lambda env: pick(fn(env) for fn in fns)), compiled[0][1]


def check_comparable(lt: ty.Type, rt: ty.Type, right: Node, offset: int) -> None:
    if not lt.same(rt):
        raise ExprError(f"cannot compare {ty.a(lt)} with {ty.a(rt)}", offset)
    if lt.choices and right[0] == "str" and right[2] not in lt.choices:
        allowed = ", ".join(str(c) for c in lt.choices)
        raise ExprError(f"'{right[2]}' can never match: expected one of {allowed}", right[1])


def literal_values(items: list[Node], kind: ty.Type) -> frozenset[Any]:
    """The values of a list of literals, each checked to be comparable with ``kind``."""
    values = set()
    for item in items:
        if item[0] not in _LITERALS or item[0] == "null":
            raise ExprError("the list after 'in' may hold only literal values", item[1])
        check_comparable(kind, _LITERALS[item[0]](item), item, item[1])
        values.add(item[2][0] if item[0] == "qty" else item[2])
    return frozenset(values)


def _chain(get_root: Fn, attrs: list[str]) -> Fn:
    if not attrs:
        return get_root
    get = operator.attrgetter(".".join(attrs))
    return lambda env: get(get_root(env))


def _suggest(parts: list[str], index: int, choices: Any) -> str:
    hint = did_you_mean(parts[index], choices)
    if not hint:
        return ""
    fixed = hint.split("'")[1]
    return f" (did you mean '{'.'.join(parts[:index] + [fixed] + parts[index + 1:])}'?)"


def _binary(op: Callable[[Any, Any], Any], left: Fn, right: Fn) -> Fn:
    return lambda env: op(left(env), right(env))


def _divide(a: float, b: float) -> float:
    if b == 0:
        raise EvalError("division by zero")
    return a / b


def _arithmetic(op: str, offset: int, left: Fn, lt: ty.Type, right: Fn, rt: ty.Type) -> tuple[Fn, ty.Type]:
    if op in ("+", "-") and lt.kind == "date" and rt.kind == "duration":
        sign = 1 if op == "+" else -1
        return (lambda env: right(env).add_to(left(env), sign)), ty.DATE
    if lt.kind == "number" and rt.kind == "number":
        if op in ("+", "-") and lt.same(rt):
            return _binary(_OPS[op], left, right), replace(lt, choices=None)
        if op == "*" and not (lt.dim and rt.dim):
            return _binary(operator.mul, left, right), lt if lt.dim else rt
        if op == "/" and not rt.dim:
            return _binary(_divide, left, right), replace(lt, choices=None)
        if op == "/" and lt.same(rt):
            return _binary(_divide, left, right), ty.NUMBER
    verb = {"+": "add", "-": "subtract", "*": "multiply", "/": "divide"}[op]
    raise ExprError(f"cannot {verb} {ty.a(lt)} and {ty.a(rt)}", offset)


def _over_list(name: str, compiled: list[tuple[Fn, ty.Type]], offset: int) -> tuple[Fn, ty.Type]:
    if len(compiled) != 1 or compiled[0][1].kind != "list":
        raise ExprError(f"{name}() takes one list", offset)
    fn, kind = compiled[0]
    item = kind.item or ty.NUMBER
    if name == "count":
        return (lambda env: len(fn(env))), ty.NUMBER
    if item.kind != "number" and not (name != "sum" and item.kind == "date"):
        raise ExprError(f"{name}() needs a list of numbers, got {ty.a(kind)}", offset)
    if name == "sum":
        return (lambda env: sum(fn(env))), item

    pick = min if name == "min" else max

    def over(env: Env) -> Any:
        values = fn(env)
        if not values:
            raise EvalError(f"{name}() of an empty list")
        return pick(values)

    return over, item


_OPS: dict[str, Callable[[Any, Any], Any]] = {
    "==": operator.eq, "!=": operator.ne, "<": operator.lt, "<=": operator.le,
    ">": operator.gt, ">=": operator.ge, "+": operator.add, "-": operator.sub,
}  # fmt: skip
_LITERALS: dict[str, Callable[[Node], ty.Type]] = {
    "num": lambda n: ty.NUMBER,
    "qty": lambda n: ty.quantity(n[2][1]),
    "dur": lambda n: ty.DURATION,
    "str": lambda n: ty.TEXT,
    "date": lambda n: ty.DATE,
    "bool": lambda n: ty.BOOL,
    "null": lambda n: ty.NULL,
}
