"""Compiled rules: every expression of a ruleset parsed, type-checked and turned into code, once.

Each rule becomes one generated function, ``judge(s, on, it)``, that reads the values it needs from the
spec ``s`` (and the list item ``it`` of an ``each`` rule) and returns the verdict with the measured value,
the limits and the margin, or None when the rule's condition is false. The functions of a ruleset are
compiled together, in one call, and the engine calls them in turn: no expression tree is walked and no
message is formatted until a report asks for one.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Callable

from checker import types as ty
from checker.compiler import Compiled, Namespace, NameRef, Scope, compile_expr
from checker.consistency import check_limits_agree, constant
from checker.expr import ExprError
from checker.report import RuleInfo, RulesetInfo
from checker.ruleset import Origin, RawRule, RawRuleset, find, load_raw
from checker.rulecode import with_functions



@dataclass(frozen=True)
class Rule:
    id: str
    title: str
    area: str
    article: str
    provenance: str  # published | illustrative
    source: str | None
    note: str | None
    severity: str  # error | warning | info | off
    help: str | None
    when: Compiled | None
    each: Compiled | None
    value: Compiled
    min: Compiled | None
    max: Compiled | None
    equals: Compiled | None
    members: frozenset[Any] | None
    members_shown: tuple[Any, ...] | None
    tolerance: float | None
    defined_in: str
    changed_in: tuple[str, ...]
    validity: bool = False  # a date that must not have passed on the check date: worded as such
    raw: RawRule | None = field(default=None, repr=False, compare=False)  # as written: for its examples
    judge: Callable[..., Any] = field(default=None, repr=False, compare=False)  # type: ignore[assignment]
    items: Callable[..., Any] | None = field(default=None, repr=False, compare=False)  # an each rule's list

    @property
    def illustrative(self) -> bool:
        return self.provenance == "illustrative"

    @property
    def kind(self) -> str:
        return "in" if self.members is not None else "equals" if self.equals is not None else "range"

    @cached_property
    def examples(self) -> tuple[Any, ...]:
        """Its examples (checker.examples.Example), read when first asked for: only 'homologate test'
        runs them, so a check does not pay for them."""
        from checker.examples import compile_examples

        return compile_examples(self.raw) if self.raw is not None else ()

    @cached_property
    def pointer(self) -> tuple[tuple[Any, ...], tuple[Any, ...] | None]:
        """Where a finding points: the first value the rule reads (its check first), as (path, None);
        in an each rule, where that is the item, (the list's path, the path inside the item)."""
        for compiled in (self.value, self.when, self.min, self.max, self.equals, self.each):
            for name in compiled.names if compiled else ():
                if name.path[0] == "item":
                    assert self.each is not None
                    return self.each.names[0].path, name.path[1:]
                if name.path[0] != "check_date":
                    return name.path, None
        return (self.each.names[0].path, ()) if self.each else ((), None)

    @cached_property
    def explained(self) -> tuple[tuple[str, tuple[NameRef, ...]], ...]:
        """The expressions a report explains, each with the values it reads (once each): the value and
        the limits, where they are more than a plain name."""
        parts = (self.value, self.equals) if self.equals else (self.value,) if self.members else (self.value, self.min, self.max)
        shown = []
        for compiled in parts:
            if compiled is None or not compiled.names:
                continue
            if len(compiled.names) == 1 and compiled.source.strip() == compiled.names[0].text:
                continue  # a plain name explains nothing
            unique: dict[str, NameRef] = {}
            for name in compiled.names:
                unique.setdefault(name.text, name)
            shown.append((compiled.source, tuple(unique.values())))
        return tuple(shown)


@dataclass(frozen=True)
class Ruleset:
    name: str
    title: str
    version: str
    event_date: dt.date | None
    description: str | None
    files: tuple[str, ...]
    rules: tuple[Rule, ...]
    sha256: tuple[str | None, ...] = ()  # of each file, in the order of files

    @cached_property
    def active(self) -> tuple[Rule, ...]:
        return tuple(r for r in self.rules if r.severity != "off")

    def get(self, rule_id: str) -> Rule | None:
        return next((r for r in self.rules if r.id == rule_id), None)

    def info(self) -> RulesetInfo:
        """The ruleset as outputs describe it: names and texts, no compiled expressions."""
        rules = tuple(RuleInfo(r.id, r.title, r.area, r.article, r.provenance, r.severity, r.source, r.note, r.help)
                      for r in self.rules)  # fmt: skip
        return RulesetInfo(self.name, self.title, self.version, self.event_date, self.files, rules, self.sha256)


def load_ruleset(ref: str) -> Ruleset:
    """Load a ruleset by bundled name or path, with its parents, and compile every rule."""
    raw = load_raw(find(ref))
    return compile_ruleset(raw)


def compile_ruleset(raw: RawRuleset) -> Ruleset:
    namespace = Namespace()
    rules = [compile_rule(rule, namespace) for rule in raw.rules.values()]
    check_limits_agree(rules)
    rules = with_functions(rules, namespace, raw.name)
    return Ruleset(raw.name, raw.title, raw.version, raw.event_date, raw.description, raw.files, tuple(rules), raw.sha256)


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
        severity=raw.value("severity"),
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
        return compile_expr(_as_text(value), scope, want, required=required, namespace=namespace)
    except ExprError as exc:
        raise origin.error(f"rule {raw.id}: {exc.message}", exc.offset) from None


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
            raise where.error(f"rule {raw.id}: '{name}' is {ty.a(limit.type)} but the value is {ty.a(value.type)}{hint}")
        if name != "equals" and value.type.kind not in ("number", "date"):
            raise where.error(f"rule {raw.id}: '{name}' needs a number, quantity or date, not {value.type}")


def _example(kind: ty.Type) -> str:
    return f'"2 {kind.display}"' if kind.dim else "2"


def _members(raw: RawRule, kind: ty.Type) -> tuple[frozenset[Any] | None, tuple[Any, ...] | None]:
    if "in" not in raw.check:
        return None, None
    values, origin = raw.check["in"]
    for index, value in enumerate(values):
        literal = ty.BOOL if isinstance(value, bool) else ty.TEXT if isinstance(value, str) else ty.NUMBER
        where = Origin(origin.document, origin.path + (index,))
        if not literal.same(kind):
            shown = _as_text(value) if isinstance(value, bool) else repr(value)
            raise where.error(f"rule {raw.id}: {shown} is {ty.a(literal)} but the value is {ty.a(kind)}")
        if kind.choices and value not in kind.choices:
            allowed = ", ".join(str(c) for c in kind.choices)
            raise where.error(f"rule {raw.id}: {value!r} can never match: expected one of {allowed}")
    return frozenset(values), tuple(values)


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
