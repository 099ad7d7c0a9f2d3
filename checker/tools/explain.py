"""``homologate explain``: one rule in words, and with a spec, how its verdict was reached.

Without a spec: the rule's title, article, provenance, severity, where it was written and changed,
its condition and its limits as the ruleset writes them. With a spec: every value the rule read, with
the spec's file:line:column; the condition and the limits worked out step by step from the production
reference (``steps``); the comparison and the verdict, taken from the same report ``check`` makes.
Pure: a ruleset, a rule, optionally a loaded spec and its report in; lines of text out. What the text
says of a spec is gathered first (``judgements``: per finding, the values read and the working), and the
rule's places (``defined_at``, ``changed_at``, ``written_at``), so that checker.render.explain gives the
same as JSON.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from checker import text
from checker.expr.compile import Compiled, Env, NameRef, Scope
from checker.expr.steps import NOT_GIVEN, show, steps
from checker.expr.types import Type
from checker.report import AREAS, NOT_APPLICABLE, Finding, Report
from checker.ruleset.model import Rule, Ruleset
from checker.ruleset.raw import Origin, published
from checker.spec.load import LoadedSpec

SEVERITY = {
    "error": "error: a failure makes the car not compliant",
    "warning": "warning: reported; a failure fails the check only with --fail-on warning or marginal (--strict)",
    "info": "info: reported, never fails the check",
    "off": "off: switched off in this ruleset, not evaluated",
}
_LIMITS = (("min", "at least", "minimum"), ("max", "at most", "maximum"), ("equals", "equal to", "required"))
_LABELS = {name: label for name, _, label in _LIMITS}  # a limit's working, as the text labels it
_WIDTH = 12  # the label column


def explain_rule(rule: Rule, ruleset: Ruleset) -> list[str]:
    """The rule as written, after ``extends`` and overrides."""
    lines = [f"{rule.id}: {rule.title}"]
    add = _labelled(lines)
    add("ruleset", f"{ruleset.name} {ruleset.version} ({ruleset.title})")
    add("area", AREAS.get(rule.area, rule.area))
    add("article", rule.article)
    add("severity", SEVERITY[rule.severity])
    add("provenance", provenance(rule))
    if rule.source:
        add("source", rule.source)
    add("origin", _origin(rule))
    add("applies", _applies(rule))
    add("value", _written(rule, "value", rule.value))
    for name, words, _ in _LIMITS:
        compiled = getattr(rule, name)
        if compiled is not None:
            add("limit", f"{words} {_written(rule, name, compiled)}")
    if rule.members_shown is not None:
        where = f"  ({written_at(rule, 'in')})" if rule.raw is not None else ""
        add("limit", f"one of {', '.join(str(v) for v in rule.members_shown)}{where}")
    if rule.tolerance is not None:
        amount = tolerance(rule)
        where = str(written_at(rule, "tolerance")) if rule.raw is not None else ""
        add("tolerance",
            f"{amount}: a value beyond the limit by no more than this is marginal, not a failure  ({where})")
    if rule.help:
        add("help", rule.help)
    return lines


def provenance(rule: Rule) -> str:
    """Where the rule's figure comes from, an illustrative one marked, with the rule's note."""
    said = "illustrative: the figure is not the official one" if rule.illustrative else rule.provenance
    return said + (f". {rule.note}" if rule.note else "")


def explain_on_spec(rule: Rule, loaded: LoadedSpec, report: Report) -> list[str]:
    """How the rule judged ``loaded``: one block per finding (per item for a rule applied to each)."""
    lines = ["", f"on {loaded.file}, checked on {report.on.isoformat()}"]
    if rule.severity == "off":
        return lines + ["  not evaluated: the rule is switched off in this ruleset"]
    for judged in judgements(rule, loaded, report):
        if judged.item is not None:
            assert rule.each is not None
            lines.append(f"  item {judged.item + 1} of {rule.each.source}: {judged.finding.path}")
        lines += _indent(judged_lines(rule, judged, loaded.file), 2 if judged.item is None else 4)
    return lines


@dataclass(frozen=True)
class ValueRead:
    """A value a rule read: ``name`` as the rule writes it, ``path`` in the spec (None: the check date)."""

    name: str
    path: tuple[Any, ...] | None
    value: Any  # as read, quantities in canonical units; None when not given or written null
    shown: str  # as explain shows it: "1795 mm", "not given", "null", '"FIA 8855-1999"'
    type: Type
    given: bool  # the spec writes it (the check date: False)
    line: int  # where the spec gives it, else its nearest part given
    column: int


@dataclass(frozen=True)
class Judged:
    """One finding of a rule on a spec and how it was reached."""

    finding: Finding
    item: int | None  # the item's index, in a rule applied to each item of a list that has items
    values: tuple[ValueRead, ...]
    working: tuple[tuple[str, list[str]], ...]  # ("condition", "value", "min", "max" or "equals", steps' lines)
    compared: bool  # the value was compared with the limit: the rule applied, and value and limit are known


def judgements(rule: Rule, loaded: LoadedSpec, report: Report) -> list[Judged]:
    """Each finding of ``rule`` in ``report`` with the values it read and its working; none for a rule off."""
    if rule.severity == "off":
        return []
    findings = [f for f in report.findings if f.rule_id == rule.id]
    items = rule.items(loaded.spec, report.on) if rule.items is not None else [None]
    judged = []
    for index, (finding, item) in enumerate(zip(findings, items or [None], strict=True)):
        env = Env(loaded.spec, report.on, item, index if rule.each else None)
        values = tuple(_values_read(rule, env, loaded))
        empty = rule.each is not None and env.item is None  # an empty list: nothing to apply the rule to
        working = () if empty else _working(rule, env, finding)
        compared = not empty and finding.verdict != NOT_APPLICABLE and finding.measured is not None
        judged.append(Judged(finding, None if empty or rule.each is None else index, values, working, compared))
    return judged


def _working(rule: Rule, env: Env, finding: Finding) -> tuple[tuple[str, list[str]], ...]:
    scope = Scope(rule.each.type.item) if rule.each is not None else Scope()
    working = []
    if rule.when is not None:
        working.append(("condition", steps(rule.when, scope, env)))
    if finding.verdict != NOT_APPLICABLE:  # the condition held (or could not be worked out: the rule failed)
        if rule.value.source.strip() not in {n.text for n in rule.value.names}:
            working.append(("value", steps(rule.value, scope, env)))
        for name, _, _ in _LIMITS:
            compiled = getattr(rule, name)
            if compiled is not None:
                working.append((name, steps(compiled, scope, env)))
    return tuple(working)


def tolerance(rule: Rule) -> str | None:
    """The rule's measuring tolerance as explain shows it ("2 mm"), if it has one."""
    if rule.tolerance is None:
        return None
    return text.quantity(rule.tolerance, rule.value.type.dim, rule.value.type.display)


def judged_lines(rule: Rule, judged: Judged, file: str) -> list[str]:
    """One finding worked out: the values read (with ``file``:line:column), the condition and limits step by
    step, the comparison, the verdict and any waiver."""
    finding = judged.finding
    lines = ["values read"] + _indent(_values_table(judged.values, file), 2)
    add = _labelled(lines, indent=0)
    for name, worked in judged.working:
        _worked(add, _LABELS.get(name, name), worked)
    if judged.compared:
        margin = f", margin {finding.margin}" if finding.margin else ""
        if rule.tolerance is not None:
            margin += f" (tolerance {tolerance(rule)})"
        add("comparison", f"measured {finding.measured}, limit {finding.limit}{margin}")
    add("verdict", f"{finding.verdict}: {finding.message}")
    if finding.waiver is not None:
        waiver = finding.waiver
        add("waiver", f"{waiver.reference} ({waiver.state}), granted by {waiver.granted_by} until "
                      f"{waiver.expires.isoformat()}: {waiver.reason}")  # fmt: skip
    return lines


def _values_read(rule: Rule, env: Env, loaded: LoadedSpec) -> list[ValueRead]:
    """Each spec value the rule reads, once, with its value and where the spec gives it."""
    rows: dict[str, ValueRead] = {}
    for compiled in (rule.each, rule.when, rule.value, rule.min, rule.max, rule.equals):
        for name in compiled.names if compiled is not None else ():
            if name.text in rows or (name.path[0] == "item" and env.item is None):
                continue
            path = _path(name, rule, env)
            written = path is not None and path in loaded.document.values
            value, shown = _read(name, env, written)
            line, column = loaded.document.position(path) if path is not None else (0, 0)
            rows[name.text] = ValueRead(name.text, path, value, shown, name.type, written, line, column)
    return list(rows.values())


def _values_table(values: tuple[ValueRead, ...], file: str) -> list[str]:
    rows = [(v.name, v.shown, _where(v, file)) for v in values]
    width = max((len(name) for name, _, _ in rows), default=0)
    shown = max((len(value) for _, value, _ in rows), default=0)
    return [f"{name.ljust(width)}  {value.ljust(shown)}  {where}".rstrip() for name, value, where in rows]


def _read(name: NameRef, env: Env, written: bool) -> tuple[Any, str]:
    """The value and how it is shown."""
    try:
        value = name.read(env)
    except AttributeError:  # a group above it is not given
        return None, NOT_GIVEN
    return value, "null" if value is None and written else show(value, name.type)  # null: written, not known yet


def _path(name: NameRef, rule: Rule, env: Env) -> tuple[Any, ...] | None:
    """The value's path in the spec (an item's own, in an each rule); None for the check date."""
    if name.path[0] == "check_date":
        return None
    if name.path[0] == "item":
        assert rule.each is not None
        assert env.index is not None
        return rule.each.names[0].path + (env.index,) + name.path[1:]
    return name.path


def _where(value: ValueRead, file: str) -> str:
    if value.path is None:
        return "the date checked on (--on, else the ruleset's event date)"
    place = f"{file}:{value.line}:{value.column}"
    return place if value.given else f"not in the spec (the nearest part given: {place})"


@dataclass(frozen=True)
class Place:
    """Where a ruleset writes something: a file, and the line and column where they are known."""

    file: str
    line: int | None = None
    column: int | None = None

    def __str__(self) -> str:
        return self.file if self.line is None else f"{self.file}:{self.line}:{self.column}"


def defined_at(rule: Rule) -> Place:
    raw = rule.raw
    if raw is not None and "rule" in raw.fields:
        return _place(raw.fields["rule"][1])
    return Place(published(rule.defined_in, short=True))


def changed_at(rule: Rule) -> list[Place]:
    """Where each overriding file first changes the rule (the file alone if the rule's fields say nothing)."""
    written = [] if rule.raw is None else [o for _, o in (*rule.raw.fields.values(), *rule.raw.check.values())]
    places = []
    for file in rule.changed_in:
        first = min((o for o in written if o.document.file == file), default=None,
                    key=lambda o: o.document.position(o.path))  # fmt: skip
        places.append(Place(published(file, short=True)) if first is None else _place(first))
    return places


def written_at(rule: Rule, name: str) -> Place | None:
    """Where the rule's ``name`` (each, when, value, min, max, equals, in, tolerance) was written last: an
    override's file, if any; None where the rule was not read from a file."""
    raw = rule.raw
    found = None if raw is None else raw.check.get(name) or raw.fields.get(name)
    return _place(found[1]) if found else None


def _origin(rule: Rule) -> str:
    changed = changed_at(rule)
    return f"defined in {defined_at(rule)}" + (f"; changed by {', '.join(map(str, changed))}" if changed else "")


def _applies(rule: Rule) -> str:
    parts = []
    if rule.each is not None:
        parts.append(f"to each item of {_written(rule, 'each', rule.each)}")
    if rule.when is not None:
        parts.append(f"when {_written(rule, 'when', rule.when)}")
    return ", ".join(parts) if parts else "always"


def _written(rule: Rule, name: str, compiled: Compiled) -> str:
    """The expression as written, with where."""
    where = written_at(rule, name)
    return f"{compiled.source.strip()}  ({where})" if where else compiled.source.strip()


def _place(origin: Origin) -> Place:
    line, column = origin.document.position(origin.path)
    return Place(published(origin.document.file, short=True), line, column)


def _worked(add: Any, label: str, lines: list[str]) -> None:
    add(label, lines[0])
    for line in lines[1:]:
        add("", line if line.startswith("cannot") else f"= {line}")


def _labelled(lines: list[str], indent: int = 2) -> Any:
    def add(label: str, text: str) -> None:
        lines.append(f"{' ' * indent}{label.ljust(_WIDTH)}{text}".rstrip())

    return add


def _indent(lines: list[str], by: int) -> list[str]:
    return [(" " * by + line) if line else line for line in lines]


def explain(rule: Rule, ruleset: Ruleset, loaded: LoadedSpec | None = None, report: Report | None = None) -> str:
    lines = explain_rule(rule, ruleset)
    if loaded is not None and report is not None:
        lines += explain_on_spec(rule, loaded, report)
    return text.printable_lines(lines) + "\n"

