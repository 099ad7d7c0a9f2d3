"""``homologate explain``: one rule in words, and with a spec, how its verdict was reached.

Without a spec: the rule's title, article, provenance, severity, where it was written and changed,
its condition and its limits as the ruleset writes them. With a spec: every value the rule read, with
the spec's file:line:column; the condition and the limits worked out step by step from the production
reference (``steps``); the comparison and the verdict, taken from the same report ``check`` makes.
Pure: a ruleset, a rule, optionally a loaded spec and its report in; lines of text out.
"""

from __future__ import annotations

from typing import Any

from checker import text
from checker.expr.compile import Compiled, Env, NameRef, Scope
from checker.expr.steps import NOT_GIVEN, show, steps
from checker.report import AREAS, NOT_APPLICABLE, Finding, Report
from checker.ruleset.model import Rule, Ruleset
from checker.ruleset.raw import Origin, published
from checker.spec.load import LoadedSpec

SEVERITY = {
    "error": "error: a failure makes the car not compliant",
    "warning": "warning: reported; a failure fails the check only with --strict",
    "info": "info: reported, never fails the check",
    "off": "off: switched off in this ruleset, not evaluated",
}
_LIMITS = (("min", "at least", "minimum"), ("max", "at most", "maximum"), ("equals", "equal to", "required"))
_WIDTH = 12  # the label column


def explain_rule(rule: Rule, ruleset: Ruleset) -> list[str]:
    """The rule as written, after ``extends`` and overrides."""
    lines = [f"{rule.id}: {rule.title}"]
    add = _labelled(lines)
    add("ruleset", f"{ruleset.name} {ruleset.version} ({ruleset.title})")
    add("area", AREAS.get(rule.area, rule.area))
    add("article", rule.article)
    add("severity", SEVERITY[rule.severity])
    if rule.illustrative:
        add("provenance", "illustrative: the figure is not the official one" + (f". {rule.note}" if rule.note else ""))
    else:
        add("provenance", rule.provenance + (f". {rule.note}" if rule.note else ""))
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
        where = f"  ({_at(rule.raw.check['in'][1])})" if rule.raw is not None else ""
        add("limit", f"one of {', '.join(str(v) for v in rule.members_shown)}{where}")
    if rule.tolerance is not None:
        amount = text.quantity(rule.tolerance, rule.value.type.dim, rule.value.type.display)
        where = _at(rule.raw.check["tolerance"][1]) if rule.raw is not None else ""
        add("tolerance",
            f"{amount}: a value beyond the limit by no more than this is marginal, not a failure  ({where})")
    if rule.help:
        add("help", rule.help)
    return lines


def explain_on_spec(rule: Rule, loaded: LoadedSpec, report: Report) -> list[str]:
    """How the rule judged ``loaded``: one block per finding (per item for a rule applied to each)."""
    lines = ["", f"on {loaded.file}, checked on {report.on.isoformat()}"]
    if rule.severity == "off":
        return lines + ["  not evaluated: the rule is switched off in this ruleset"]
    findings = [f for f in report.findings if f.rule_id == rule.id]
    items = rule.items(loaded.spec, report.on) if rule.items is not None else [None]
    for index, (finding, item) in enumerate(zip(findings, items or [None], strict=True)):
        env = Env(loaded.spec, report.on, item, index if rule.each else None)
        if rule.each is not None and items:
            lines.append(f"  item {index + 1} of {rule.each.source}: {finding.path}")
        lines += _indent(_judged(rule, env, loaded, finding), 4 if rule.each is not None and items else 2)
    return lines


def _judged(rule: Rule, env: Env, loaded: LoadedSpec, finding: Finding) -> list[str]:
    lines = ["values read"] + _indent(_values_read(rule, env, loaded), 2)
    add = _labelled(lines, indent=0)
    scope = Scope(rule.each.type.item) if rule.each is not None else Scope()
    if rule.each is not None and env.item is None:  # an empty list: nothing to apply the rule to
        add("verdict", f"{finding.verdict}: {finding.message}")
        return lines
    if rule.when is not None:
        _worked(add, "condition", steps(rule.when, scope, env))
    if finding.verdict != NOT_APPLICABLE:  # the condition held (or could not be worked out: the rule failed)
        if rule.value.source.strip() not in {n.text for n in rule.value.names}:
            _worked(add, "value", steps(rule.value, scope, env))
        for name, _, label in _LIMITS:
            compiled = getattr(rule, name)
            if compiled is not None:
                _worked(add, label, steps(compiled, scope, env))
        if finding.measured is not None:
            margin = f", margin {finding.margin}" if finding.margin else ""
            if rule.tolerance is not None:
                kind = rule.value.type
                margin += f" (tolerance {text.quantity(rule.tolerance, kind.dim, kind.display)})"
            add("comparison", f"measured {finding.measured}, limit {finding.limit}{margin}")
    add("verdict", f"{finding.verdict}: {finding.message}")
    if finding.waiver is not None:
        waiver = finding.waiver
        add("waiver", f"{waiver.reference} ({waiver.state}), granted by {waiver.granted_by} until "
                      f"{waiver.expires.isoformat()}: {waiver.reason}")  # fmt: skip
    return lines


def _values_read(rule: Rule, env: Env, loaded: LoadedSpec) -> list[str]:
    """Each spec value the rule reads, once, with its value and where the spec gives it."""
    rows: dict[str, tuple[str, str]] = {}
    for compiled in (rule.each, rule.when, rule.value, rule.min, rule.max, rule.equals):
        for name in compiled.names if compiled is not None else ():
            if name.text in rows or (name.path[0] == "item" and env.item is None):
                continue
            path = _path(name, rule, env)
            written = path is not None and path in loaded.document.values
            rows[name.text] = (_read(name, env, written), _where(name, path, loaded))
    width = max((len(name) for name in rows), default=0)
    shown = max((len(value) for value, _ in rows.values()), default=0)
    return [f"{name.ljust(width)}  {value.ljust(shown)}  {where}".rstrip() for name, (value, where) in rows.items()]


def _read(name: NameRef, env: Env, written: bool) -> str:
    try:
        value = name.read(env)
    except AttributeError:  # a group above it is not given
        return NOT_GIVEN
    return "null" if value is None and written else show(value, name.type)  # null: written, not known yet


def _path(name: NameRef, rule: Rule, env: Env) -> tuple[Any, ...] | None:
    """The value's path in the spec (an item's own, in an each rule); None for the check date."""
    if name.path[0] == "check_date":
        return None
    if name.path[0] == "item":
        assert rule.each is not None
        assert env.index is not None
        return rule.each.names[0].path + (env.index,) + name.path[1:]
    return name.path


def _where(name: NameRef, path: tuple[Any, ...] | None, loaded: LoadedSpec) -> str:
    if path is None:
        return "the date checked on (--on, else the ruleset's event date)"
    line, column = loaded.document.position(path)
    given = path in loaded.document.values
    place = f"{loaded.file}:{line}:{column}"
    return place if given else f"not in the spec (the nearest part given: {place})"


def _origin(rule: Rule) -> str:
    raw = rule.raw
    where = (_at(raw.fields["rule"][1]) if raw is not None and "rule" in raw.fields
             else published(rule.defined_in, short=True))
    text = f"defined in {where}"
    if rule.changed_in:
        text += f"; changed by {', '.join(_first_change(rule, file) for file in rule.changed_in)}"
    return text


def _first_change(rule: Rule, file: str) -> str:
    """Where an overriding file first changes the rule (the file alone if the rule's fields say nothing)."""
    raw = rule.raw
    origins = ([] if raw is None
               else [o for _, o in (*raw.fields.values(), *raw.check.values()) if o.document.file == file])
    if not origins:
        return published(file, short=True)
    return min((o.document.position(o.path), _at(o)) for o in origins)[1]


def _applies(rule: Rule) -> str:
    parts = []
    if rule.each is not None:
        parts.append(f"to each item of {_written(rule, 'each', rule.each)}")
    if rule.when is not None:
        parts.append(f"when {_written(rule, 'when', rule.when)}")
    return ", ".join(parts) if parts else "always"


def _written(rule: Rule, name: str, compiled: Compiled) -> str:
    """The expression as written, with where: the file that wrote it last (an override's, if any)."""
    raw = rule.raw
    found = None if raw is None else raw.check.get(name) or raw.fields.get(name)
    return f"{compiled.source.strip()}  ({_at(found[1])})" if found else compiled.source.strip()


def _at(origin: Origin) -> str:
    line, column = origin.document.position(origin.path)
    return f"{published(origin.document.file, short=True)}:{line}:{column}"


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

