"""Type-check an expression tree against the spec model and generate Python code for it.

Compilation happens once per rule at load time. Each expression becomes a Python expression over
three local names, ``s`` (the spec), ``on`` (the check date) and ``it`` (the current list item), and
checker.ruleset.codegen joins a rule's expressions into one function per rule, so checking a spec runs
straight-line code with no interpretation left (the closures it replaced are kept and measured in
benchmarks/closures.py: 1.3x to 1.7x the time). The generated text is built only from this module's own
fragments: attribute names taken from the pydantic spec model after the name was checked against it,
operators from a fixed table, and references (``_k3``) to constants held in a namespace. Nothing a
ruleset author writes is ever placed in the code, so nothing of theirs is ever evaluated.

A compiled expression also carries what the engine and reports need to explain it: its type and
every spec value it reads.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import Any

from checker.expr import nodes as n
from checker.expr import parse as ex
from checker.expr import types as ty
from checker.expr.nodes import Node
from checker.expr.parse import MAX_NUMBER, ExprError
from checker.spec.model import Spec
from checker.text import clip, did_you_mean

EPSILON = 1e-6  # quantities are held to 1e-9; differences below this are measurement noise


class EvalError(Exception):
    """An expression could not be evaluated on a spec (a value missing, a division by zero, a date
    beyond the calendar)."""


class Env:
    __slots__ = ("index", "item", "on", "spec")

    def __init__(self, spec: Spec, on: dt.date, item: Any = None, index: int | None = None) -> None:
        self.spec, self.on, self.item, self.index = spec, on, item, index


Fn = Callable[[Env], Any]


def _need(value: Any, what: str) -> Any:
    if value is None:
        raise EvalError(f"{what} is not given in the spec")
    return value


class NotKnown(EvalError):
    """A value a spec leaves null until it is known (checker.spec.fields.Pending) that a rule reads: the rule
    fails as "cannot be checked"; the engine names the value's whole path (an item's, in an each rule)."""

    def __init__(self, what: str, todo: str) -> None:
        super().__init__(f"{what} is not {todo} yet")
        self.what, self.todo = what, todo


def _known(value: Any, what: str, todo: str) -> Any:
    if value is None:
        raise NotKnown(what, todo)
    return value


def _all_known(values: Any, what: str, todo: str) -> Any:
    # sum(), min() and max() of a list read every item: one not known yet leaves the whole unknown
    for index, value in enumerate(values):
        if value is None:
            raise NotKnown(f"{what}[{index}]", todo)
    return values


def _bounded(value: float, what: str) -> float:
    """An arithmetic result, or an EvalError where it is not below MAX_NUMBER (infinity, 1e308 * 10, included)."""
    if not -MAX_NUMBER < value < MAX_NUMBER:
        raise EvalError(f"{what} gives too large a number (1e18 or more)")
    return value


def _div(a: float, b: float, what: str = "a division") -> float:
    if b == 0:
        raise EvalError("division by zero")
    return _bounded(a / b, what)  # 1 / 1e-300 is too large, and 1e300 / 1e-300 infinity


def _end_of_year(year: float) -> dt.date:
    """31 December of ``year``: how a seat label's "not valid after" year reads as a date. Beyond the
    calendar (years 1 to 9999), its first or last day, as date arithmetic does."""
    if not math.isfinite(year) or year != int(year):
        raise EvalError(f"end_of_year() needs a whole year, got {year:g}")
    if year > dt.MAXYEAR or year < dt.MINYEAR:
        return dt.date.max if year > dt.MAXYEAR else dt.date.min
    return dt.date(int(year), 12, 31)


def _least(values: Any) -> Any:
    if not values:
        raise EvalError("min() of an empty list")
    return min(values)


def _most(values: Any) -> Any:
    if not values:
        raise EvalError("max() of an empty list")
    return max(values)


# What generated code may call: nothing else is in its namespace (no builtins).
HELPERS: dict[str, Any] = {
    "_need": _need, "_known": _known, "_all_known": _all_known, "_div": _div, "_bounded": _bounded, "_least": _least,
    "_most": _most, "_end_of_year": _end_of_year,
    "len": len, "sum": sum, "min": min, "max": max, "float": float, "round": round, "abs": abs,
}  # fmt: skip


class Namespace:
    """The globals of generated code: the helpers and the constants of every expression compiled
    into it (one per ruleset, so a rule's expressions can be joined into one function)."""

    def __init__(self) -> None:
        self.globals: dict[str, Any] = {"__builtins__": {}, **HELPERS}
        self._names: dict[tuple[type, Any], str] = {}

    def constant(self, value: Any) -> str:
        """A name for ``value`` in the generated code; equal constants of one type share a name."""
        key = (type(value), value)
        try:
            return self._names[key]
        except KeyError:
            pass
        except TypeError:  # unhashable: never shared
            key = (type(value), id(value))
        name = f"_k{len(self._names)}"
        self._names[key] = name
        self.globals[name] = value
        return name

    def define(self, source: str, filename: str = "<homologate rules>") -> dict[str, Any]:
        """Compile generated ``source`` (the one place generated code is run) and return what it defines."""
        scope: dict[str, Any] = {}
        exec(compile(source, filename, "exec"), self.globals, scope)  # noqa: S102 - our own generated code
        return scope

    def function(self, source: str, name: str, filename: str = "<homologate rules>") -> Any:
        """Compile generated ``source`` defining ``name`` and return that function."""
        return self.define(source, filename)[name]


@dataclass(frozen=True)
class NameRef:
    text: str  # as written: "production.chassis.track_front"
    path: tuple[str, ...]  # spec keys from the root ("item" for the current list item)
    type: ty.Type
    code: str  # e.g. "s.production.chassis.track_front": its root (s, on or it), then attributes
    counted: bool = False  # read only by count(): how many items, not what they hold (diff uses it)

    def read(self, env: Env) -> Any:
        """The value in ``env`` (reports show the values a limit was derived from)."""
        root, attrs = self._steps
        value = env.spec if root == "s" else env.on if root == "on" else env.item
        for attr in attrs:
            value = getattr(value, attr)
        return value

    @cached_property
    def _steps(self) -> tuple[str, tuple[str, ...]]:
        root, *attrs = self.code.split(".")
        return root, tuple(attrs)


@dataclass(frozen=True)
class Compiled:
    code: str  # a Python expression over s, on and it (see the module's docstring)
    type: ty.Type
    source: str  # the expression as the ruleset writes it
    names: tuple[NameRef, ...]
    namespace: Namespace = field(repr=False, compare=False)
    tree: Node | None = field(default=None, repr=False, compare=False)  # as parsed

    @cached_property
    def fn(self) -> Fn:
        """The expression as a function of an Env (the engine runs whole rules; this is for the rest)."""
        return _env_function(self.code, self.namespace)


def _env_function(code: str, namespace: Namespace) -> Fn:
    source = f"def _expr(env):\n    s, on, it = env.spec, env.on, env.item\n    return {code}\n"
    return namespace.function(source, "_expr")  # type: ignore[no-any-return]


class Scope:
    """The names an expression may use: the spec's three parts, ``check_date`` (the date checked on),
    and ``item`` (the current list item) in an ``each`` rule."""

    def __init__(self, item: ty.Type | None = None) -> None:
        self.roots: dict[str, tuple[ty.Type, str]] = {"check_date": (ty.DATE, "on")}
        for name, (attr, kind) in ty.fields_of(Spec).items():
            if kind.kind == "struct":
                self.roots[name] = (kind, f"s.{attr}")
        if item is not None:
            self.roots["item"] = (item, "it")


def compile_expr(text: str, scope: Scope, want: ty.Type | None = None, *, required: bool = False,
                 namespace: Namespace | None = None) -> Compiled:  # fmt: skip
    """Parse and compile ``text``; raise ExprError (with an offset into ``text``) if it is wrong.

    ``required``: the result must have a value; an absent optional field is an EvalError, never None.
    ``namespace``: where its constants go (a ruleset shares one); a new one if not given.
    """
    namespace = namespace or Namespace()
    names: list[NameRef] = []
    compiler = _Compiler(scope, names, namespace, text)
    tree = ex.parse(text)
    code, kind = compiler.required(tree) if required else compiler.node(tree)
    if want is not None and not kind.same(want):
        raise ExprError(f"expected {ty.a(want)}, but this expression gives {ty.a(kind)}", 0)
    return Compiled(code, kind, text, tuple(names), namespace, tree)


class _Nothing:
    """An Env for an expression that reads nothing from a spec (a fixed limit, a tolerance)."""

    spec = on = item = index = None


NOTHING: Any = _Nothing()


def check_constant_parts(compiled: Compiled, scope: Scope) -> None:
    """Work out each part of ``compiled`` that reads nothing from a spec (``1e308 mm * 10``, ``1 mm / 0``), as a
    ruleset is loaded: what it gives every spec is known now. ExprError at the part where it cannot be."""
    stack = [compiled.tree] if compiled.tree is not None else []
    while stack:
        node = stack.pop()
        if not isinstance(node, (n.Binary, n.Neg, n.Call)) or _reads_a_value(node):
            stack.extend(node.children())
            continue
        work_out, _ = compile_node(node, scope, compiled.namespace, compiled.source)
        try:
            work_out(NOTHING)
        except EvalError as exc:
            raise ExprError(f"cannot be computed: {exc}", node.offset) from None


def _reads_a_value(node: Node) -> bool:
    """Whether ``node`` or a part of it reads a value from a spec, or the check date."""
    stack = [node]
    while stack:
        part = stack.pop()
        if isinstance(part, n.Name):
            return True
        stack.extend(part.children())
    return False


def compile_node(node: Node, scope: Scope, namespace: Namespace, source: str = "") -> tuple[Fn, ty.Type]:
    """One part of an already checked expression tree (of the expression ``source``) as a function of an Env,
    with its type: how ``explain`` works a limit out step by step with the very code that checks specs."""
    code, kind = _Compiler(scope, [], namespace, source).node(node)
    return _env_function(code, namespace), kind


Code = tuple[str, ty.Type]  # a Python expression and its type


class _Compiler:
    def __init__(self, scope: Scope, names: list[NameRef], namespace: Namespace, source: str = "") -> None:
        self.scope = scope
        self.names = names
        self.namespace = namespace
        self.source = source

    @cached_property
    def arithmetic_of(self) -> str:
        """How an arithmetic result too large names where it arose: the expression, as written."""
        return self.namespace.constant(clip(" ".join(self.source.split()), 60) if self.source else "the arithmetic")

    def const(self, value: Any) -> str:
        if value is None or isinstance(value, bool):
            return repr(value)  # None, True, False
        return self.namespace.constant(value)

    def node(self, node: Node) -> Code:
        if isinstance(node, n.LITERALS):
            value = node.value
            return self.const(value), literal_type(node)
        if isinstance(node, n.Name):
            return self.name(node)
        if isinstance(node, n.Neg):
            return self.negate(node)
        if isinstance(node, n.Not):
            return self.invert(node)
        if isinstance(node, n.Binary):
            return self.binary(node)
        if isinstance(node, n.Call):
            return self.call(node)
        raise ExprError("a list is only allowed after 'in'", node.offset)

    def required(self, node: Node) -> Code:
        """Compile an operand that must have a value: an absent optional field is an EvalError."""
        return self.need(node, *self.node(node))

    def need(self, node: Node, code: str, kind: ty.Type) -> Code:
        if not kind.optional or kind.kind == "null":
            return code, kind
        what = node.text if isinstance(node, n.Name) else "a value"
        return f"_need({code}, {self.namespace.constant(what)})", kind.required()

    def known_items(self, node: Node, code: str, kind: ty.Type) -> Code:
        """A list whose items may be null until known, for sum(), min() or max(): each item must be known
        (count() reads the list alone, and items read one by one are checked where read)."""
        item = kind.item
        if kind.kind != "list" or item is None or not item.pending or not isinstance(node, n.Name):
            return code, kind
        what, todo = self.namespace.constant(node.text), self.namespace.constant(item.pending)
        return f"_all_known({code}, {what}, {todo})", replace(kind, item=replace(item, optional=False, pending=None))

    def name(self, node: n.Name) -> Code:
        text, offset = node.text, node.offset
        parts = text.split(".")
        if parts[0] not in self.scope.roots:
            hint = _suggest(parts, 0, self.scope.roots)
            if not hint and len(parts) == 1 and len(text) <= 40:
                hint = f" (text is written in quotes: '\"{text}\"')"
            raise ExprError(f"unknown name {clip(text, 100)}{hint}", offset)
        kind, code = self.scope.roots[parts[0]]
        for i, part in enumerate(parts[1:], start=1):
            prefix = ".".join(parts[:i])
            if kind.kind == "list":
                raise ExprError(f"'{prefix}' is a list: use 'each:' on the rule, or count()", offset)
            if kind.kind != "struct":
                raise ExprError(f"'{prefix}' is {ty.a(kind)} and has no field {clip(part)}", offset)
            fields = ty.fields_of(kind.model)
            if part not in fields:
                raise ExprError(f"unknown name {clip(text, 100)}{_suggest(parts, i, fields)}", offset)
            attr, field_type = fields[part]
            code += "." + attr  # the model's own attribute name, never the text as written
            kind = replace(field_type, optional=field_type.optional or kind.optional)
        self.names.append(NameRef(text, tuple(parts), replace(kind, pending=None), code))
        if kind.pending:  # null until known: every read of it fails when null, so none can pass or skip a rule
            code = f"_known({code}, {self.namespace.constant(text)}, {self.namespace.constant(kind.pending)})"
            kind = replace(kind, optional=False, pending=None)
        return code, kind

    def negate(self, node: n.Neg) -> Code:
        code, kind = self.required(node.operand)
        if kind.kind != "number":
            raise ExprError(f"cannot negate {ty.a(kind)}", node.offset)
        return f"(-{code})", kind

    def invert(self, node: n.Not) -> Code:
        code, kind = self.required(node.operand)
        if kind.kind != "bool":
            raise ExprError(f"'not' needs true or false, got {ty.a(kind)}", node.offset)
        return f"(not {code})", ty.BOOL

    def binary(self, node: n.Binary) -> Code:
        op = node.op
        if op in ("and", "or"):
            return self.logic(node)
        if op == "in":
            return self.member(node)
        if op in ("==", "!="):
            return self.equality(node)
        left, lt = self.required(node.left)
        right, rt = self.required(node.right)
        if op in ("<", "<=", ">", ">="):
            if lt.kind not in ("number", "date") or rt.kind not in ("number", "date"):
                raise ExprError(f"'{op}' compares numbers, quantities or dates, not {ty.a(lt)} and {ty.a(rt)}",
                                node.offset)
            if not lt.same(rt):
                raise ExprError(f"cannot compare {ty.a(lt)} with {ty.a(rt)} using '{op}'", node.offset)
            return f"({left} {op} {right})", ty.BOOL
        return self.arithmetic(op, node.offset, left, lt, right, rt)

    def logic(self, node: n.Binary) -> Code:
        left, lt = self.required(node.left)
        right, rt = self.required(node.right)
        if lt.kind != "bool" or rt.kind != "bool":
            raise ExprError(f"'{node.op}' needs true or false on both sides", node.offset)
        return f"({left} {node.op} {right})", ty.BOOL

    def equality(self, node: n.Binary) -> Code:
        left, lt = self.node(node.left)
        right, rt = self.node(node.right)
        if "null" not in (lt.kind, rt.kind):
            left, lt = self.need(node.left, left, lt)
            right, rt = self.need(node.right, right, rt)
            check_comparable(lt, rt, node.right, node.offset)
            check_comparable(rt, lt, node.left, node.offset)
        return f"({left} {node.op} {right})", ty.BOOL

    def member(self, node: n.Binary) -> Code:
        left, lt = self.required(node.left)
        if not isinstance(node.right, n.List):
            raise ExprError("'in' needs a list of values such as [\"FT3.5\", \"FT5\"]", node.right.offset)
        values = literal_values(node.right.items, lt)
        return f"({left} in {self.namespace.constant(values)})", ty.BOOL

    def call(self, node: n.Call) -> Code:
        name, args, offset = node.function, node.args, node.offset
        if name not in ex.FUNCTIONS:
            raise ExprError(f"unknown function {clip(name)}{did_you_mean(name, ex.FUNCTIONS)}", offset)
        if name == "present":
            if len(args) != 1 or not isinstance(args[0], n.Name):
                raise ExprError("present() takes one field name", offset)
            code, _ = self.node(args[0])
            return f"({code} is not None)", ty.BOOL
        if name == "end_of_year":
            return self.end_of_year(args, offset)
        compiled = [self.required(arg) for arg in args]
        if name == "count" and len(args) == 1 and isinstance(args[0], n.Name):
            self.names[-1] = replace(self.names[-1], counted=True)
        if name in ("count", "sum") or len(compiled) == 1:
            if name != "count":  # count() reads the list alone: its items' values do not matter to it
                compiled = [self.known_items(arg, *c) for arg, c in zip(args, compiled, strict=True)]
            return _over_list(name, compiled, offset)
        kinds = {(k.kind, k.dim) for _, k in compiled}
        if len(kinds) != 1 or compiled[0][1].kind not in ("number", "date"):
            raise ExprError(f"{name}() needs numbers of one kind, or dates", offset)
        return f"{name}({', '.join(code for code, _ in compiled)})", compiled[0][1]

    def end_of_year(self, args: tuple[Node, ...], offset: int) -> Code:
        if len(args) != 1:
            raise ExprError("end_of_year() takes one year, such as end_of_year(item.manufactured + 5)", offset)
        code, kind = self.required(args[0])
        if kind.kind != "number" or kind.dim is not None:
            raise ExprError(f"end_of_year() takes a year (a number), not {ty.a(kind)}", offset)
        return f"_end_of_year({code})", ty.DATE

    def arithmetic(self, op: str, offset: int, left: str, lt: ty.Type, right: str, rt: ty.Type) -> Code:
        if op in ("+", "-") and lt.kind == "date" and rt.kind == "duration":
            return f"{right}.add_to({left}, {1 if op == '+' else -1})", ty.DATE
        if lt.kind == "number" and rt.kind == "number":
            what = self.arithmetic_of  # each result is held below MAX_NUMBER: 1e17 mm * 100 is not
            if op in ("+", "-") and lt.same(rt):
                return f"_bounded({left} {op} {right}, {what})", replace(lt, choices=None)
            if op == "*" and not (lt.dim and rt.dim):
                return f"_bounded({left} * {right}, {what})", lt if lt.dim else rt
            if op == "/" and not rt.dim:
                return f"_div({left}, {right}, {what})", replace(lt, choices=None)
            if op == "/" and lt.same(rt):
                return f"_div({left}, {right}, {what})", ty.NUMBER
        verb = {"+": "add", "-": "subtract", "*": "multiply", "/": "divide"}[op]
        raise ExprError(f"cannot {verb} {ty.a(lt)} and {ty.a(rt)}", offset)


def check_comparable(lt: ty.Type, rt: ty.Type, right: Node, offset: int) -> None:
    if not lt.same(rt):
        raise ExprError(f"cannot compare {ty.a(lt)} with {ty.a(rt)}", offset)
    if lt.choices and isinstance(right, n.Str) and right.value not in lt.choices:
        allowed = ", ".join(str(c) for c in lt.choices)
        raise ExprError(f"{clip(right.value)} can never match: expected one of {allowed}", right.offset)


def literal_values(items: tuple[Node, ...], kind: ty.Type) -> frozenset[Any]:
    """The values of a list of literals, each checked to be comparable with ``kind``."""
    values = set()
    for item in items:
        if not isinstance(item, n.LITERALS) or isinstance(item, n.Null):
            raise ExprError("the list after 'in' may hold only literal values", item.offset)
        check_comparable(kind, literal_type(item), item, item.offset)
        values.add(item.value)
    return frozenset(values)


def _suggest(parts: list[str], index: int, choices: Any) -> str:
    hint = did_you_mean(parts[index], choices)
    if not hint:
        return ""
    fixed = hint.split("'")[1]
    return f" (did you mean {clip('.'.join(parts[:index] + [fixed] + parts[index + 1:]), 100)}?)"


def _over_list(name: str, compiled: list[Code], offset: int) -> Code:
    if len(compiled) != 1 or compiled[0][1].kind != "list":
        raise ExprError(f"{name}() takes one list", offset)
    code, kind = compiled[0]
    item = kind.item or ty.NUMBER
    if name == "count":
        return f"len({code})", ty.NUMBER
    if item.kind != "number" and not (name != "sum" and item.kind == "date"):
        raise ExprError(f"{name}() needs a list of numbers, got {ty.a(kind)}", offset)
    if name == "sum":
        return f"sum({code})", item
    return f"{'_least' if name == 'min' else '_most'}({code})", item


def literal_type(node: n.Literal) -> ty.Type:
    """The type of a literal: a quantity's carries its dimension."""
    if isinstance(node, n.Qty):
        return ty.quantity(node.dim)
    return _LITERAL_TYPES[type(node)]


_LITERAL_TYPES: dict[type, ty.Type] = {n.Num: ty.NUMBER, n.Dur: ty.DURATION, n.Str: ty.TEXT, n.Date: ty.DATE,
                                       n.Bool: ty.BOOL, n.Null: ty.NULL}  # fmt: skip
