"""Compiled rules: every expression of a ruleset parsed, type-checked and turned into code, once.

Each rule becomes one generated function, ``judge(s, on, it)``, that reads the values it needs from the
spec ``s`` (and the list item ``it`` of an ``each`` rule) and returns the verdict with the measured value,
the limits and the margin, or None when the rule's condition is false. The functions of a ruleset are
compiled together, in one call, and the engine calls them in turn: no expression tree is walked and no
message is formatted until a report asks for one.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from checker.expr import types as ty
from checker.expr.compile import Compiled, Namespace, Scope, check_constant_parts, compile_expr
from checker.expr.parse import MAX_NUMBER, ExprError
from checker.read.document import iso_date
from checker.report import Severity
from checker.ruleset.codegen import with_functions
from checker.ruleset.consistency import check_limits_agree, constant
from checker.ruleset.model import Rule, Ruleset
from checker.ruleset.raw import Origin, RawRule, RawRuleset, find, load_raw
from checker.text import clip, plain


def load_ruleset(ref: str) -> Ruleset:
    """Load a ruleset by bundled name or path, with its parents, and compile every rule."""
    raw = load_raw(find(ref))
    return compile_ruleset(raw)


def compile_ruleset(raw: RawRuleset) -> Ruleset:
    namespace = Namespace()
    rules = [compile_rule(rule, namespace) for rule in raw.rules.values()]
    check_limits_agree(rules)
    rules = with_functions(rules, namespace, raw.name)
    return Ruleset(raw.name, raw.title, raw.version, raw.event_date, raw.description, raw.files, tuple(rules),
                   raw.sha256)


def compile_rule(raw: RawRule, namespace: Namespace | None = None) -> Rule:
    """The rule's expressions compiled; its functions are made when its ruleset is (``_with_functions``)."""
    namespace = namespace or Namespace()
    scope = Scope()
    each = None
    if "each" in raw.fields:
        each = _compile(raw, raw.fields["each"], scope, namespace=namespace)
        if each.type.kind != "list":
            raise raw.origin("each").error(f"rule {raw.id}: 'each' must name a list in the spec, not {each.type}")
        scope = Scope(each.type.item)
    when = _compile(raw, raw.fields["when"], scope, ty.BOOL, namespace=namespace) if "when" in raw.fields else None
    value = _compile(raw, raw.check["value"], scope, required=True, namespace=namespace)
    limits: dict[str, Compiled] = {
        n: _compile(raw, raw.check[n], scope, required=True, namespace=namespace)
        for n in ("min", "max", "equals") if n in raw.check
    }
    members, shown = _members(raw, value.type)
    _check_shape(raw, value, limits, members is not None)
    tolerance = _tolerance(raw, value.type, scope) if "tolerance" in raw.check else None
    return Rule(
        id=raw.id,
        title=raw.value("title"),
        area=raw.value("area"),
        article=raw.value("article"),
        provenance=raw.value("provenance"),
        source=raw.value("source"),
        note=raw.value("note"),
        severity=Severity(raw.value("severity")),
        help=raw.value("help"),
        when=when,
        each=each,
        value=value,
        min=limits.get("min"),
        max=limits.get("max"),
        equals=limits.get("equals"),
        members=members,
        members_shown=shown,
        tolerance=tolerance,
        defined_in=raw.defined_in,
        changed_in=tuple(raw.changed_in),
        validity="max" not in limits and "min" in limits and limits["min"].source.strip() == "check_date",
        raw=raw,
    )


def _compile(raw: RawRule, item: tuple[Any, Origin], scope: Scope, want: ty.Type | None = None,
             required: bool = False, namespace: Namespace | None = None) -> Compiled:  # fmt: skip
    value, origin = item
    try:
        compiled = compile_expr(_as_text(value), scope, want, required=required, namespace=namespace)
        check_constant_parts(compiled, scope)
    except ExprError as exc:
        raise origin.error(f"rule {raw.id}: {exc.message}", exc.offset) from None
    return compiled


def _as_text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return str(value)


def _check_shape(raw: RawRule, value: Compiled, limits: dict[str, Compiled], has_members: bool) -> None:
    origin = raw.check["value"][1]
    given = set(limits) | ({"in"} if has_members else set())
    if not given:
        raise origin.error(f"rule {raw.id}: the check needs a limit: 'min', 'max', 'equals' or 'in'")
    if len(given & {"equals", "in"}) and len(given) > 1:
        raise origin.error(f"rule {raw.id}: 'equals' and 'in' stand alone, not with other limits")
    for name, limit in limits.items():
        where = raw.check[name][1]
        if not value.type.same(limit.type):
            written = raw.check[name][0]
            unit_missing = value.type.dim and not limit.type.dim and isinstance(written, (int, float))
            hint = f" (add a unit, such as {written} {value.type.display})" if unit_missing else ""
            raise where.error(f"rule {raw.id}: '{name}' is {ty.a(limit.type)} "
                              f"but the value is {ty.a(value.type)}{hint}")
        if name != "equals" and value.type.kind not in ("number", "date"):
            raise where.error(f"rule {raw.id}: '{name}' needs a number, quantity or date, not {value.type}")


def _example(kind: ty.Type) -> str:
    return f'"2 {kind.display}"' if kind.dim else "2"


def _members(raw: RawRule, kind: ty.Type) -> tuple[frozenset[Any] | None, tuple[Any, ...] | None]:
    """The values of ``in:``, each checked against the value's type as a limit is: a date for a date, a number
    below MAX_NUMBER for a number, one of a field's choices for a field that has them."""
    if "in" not in raw.check:
        return None, None
    written, origin = raw.check["in"]
    values = []
    for index, value in enumerate(written):
        where = Origin(origin.document, origin.path + (index,))
        shown = clip(value) if isinstance(value, str) else plain(value)  # as written in YAML
        if kind.kind == "date" and isinstance(value, str):  # a date in quotes, as a limit may be written
            value = iso_date(value) or value
        literal = _MEMBER_TYPES.get(type(value))
        if literal is None or not literal.same(kind):
            what = ty.a(literal) if literal is not None else "a date and time"  # the only other the schema lets by
            hint = " (a quantity is checked with 'min', 'max' or 'equals')" if kind.dim else ""
            raise where.error(f"rule {raw.id}: {shown} is {what} but the value is {ty.a(kind)}{hint}")
        if literal is ty.NUMBER and not abs(value) < MAX_NUMBER:
            raise where.error(f"rule {raw.id}: {shown} is too large a number (1e18 or more)")
        if kind.choices and value not in kind.choices:
            allowed = ", ".join(str(c) for c in kind.choices)
            raise where.error(f"rule {raw.id}: {shown} can never match: expected one of {allowed}")
        values.append(value)
    return frozenset(values), tuple(written)


# what each YAML value of 'in:' is, by its exact type (a bool is no number; a datetime, no date)
_MEMBER_TYPES = {bool: ty.BOOL, str: ty.TEXT, int: ty.NUMBER, float: ty.NUMBER, dt.date: ty.DATE}


def _tolerance(raw: RawRule, kind: ty.Type, scope: Scope) -> float:
    compiled = _compile(raw, raw.check["tolerance"], scope)
    origin = raw.check["tolerance"][1]
    if kind.kind != "number":
        raise origin.error(f"rule {raw.id}: 'tolerance' applies to numbers and quantities, not to {ty.a(kind)}")
    if compiled.names or not compiled.type.same(kind):
        raise origin.error(f"rule {raw.id}: 'tolerance' must be a fixed {kind} such as {_example(kind)}")
    amount = constant(raw, "tolerance", compiled)
    if amount < 0:
        raise origin.error(f"rule {raw.id}: 'tolerance' cannot be negative")
    return float(amount)
