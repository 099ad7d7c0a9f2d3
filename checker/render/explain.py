"""``homologate explain --format json``: what the text of checker.tools.explain says, as data for programs.

Field names are defined by ``checker/schemas/explain.schema.json`` (shipped in the package); a change
that is not backwards compatible raises ``format_version``. What the JSON report also holds has the
report's names and shapes: the rule's fields are those of the report's ``ruleset.rules``, and each
finding is the report's finding, byte for byte. A value is given as explain shows it (``shown``:
"1795 mm") and raw, quantities in canonical units (``value``: 1795.0, ``unit``: "mm"), as the report gives
``measured`` and ``measured_value``.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

from checker.expr.nodes import Duration
from checker.expr.types import Type
from checker.read.schema import jsonable
from checker.render.json import dumps, finding
from checker.report import Report
from checker.ruleset.model import Rule, Ruleset
from checker.spec.load import LoadedSpec
from checker.text import dotted
from checker.tools.explain import Judged, Place, ValueRead, changed_at, defined_at, judgements, tolerance, written_at
from checker.version import __version__

FORMAT, FORMAT_VERSION = "homologate-explain", 1
_EXPRESSIONS = ("value", "min", "max", "equals")


def to_json(rule: Rule, ruleset: Ruleset, loaded: LoadedSpec | None = None, report: Report | None = None) -> str:
    return dumps(document(rule, ruleset, loaded, report))


def document(rule: Rule, ruleset: Ruleset, loaded: LoadedSpec | None = None,
             report: Report | None = None) -> dict[str, Any]:  # fmt: skip
    spec = None
    if loaded is not None and report is not None:
        spec = {
            "file": loaded.file,
            "checked_on": report.on,
            "evaluated": rule.severity != "off",
            "findings": [_judged(j, loaded) for j in judgements(rule, loaded, report)],
        }
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "homologate": __version__,
        "ruleset": {
            "name": ruleset.name,
            "title": ruleset.title,
            "version": ruleset.version,
            "event_date": ruleset.event_date,
        },
        "rule": _rule(rule),
        "spec": spec,
    }


def _rule(rule: Rule) -> dict[str, Any]:
    info = rule.info
    kind = rule.value.type
    tolerated = None
    if rule.tolerance is not None:
        tolerated = {"shown": tolerance(rule), "value": rule.tolerance, "unit": kind.dim.unit if kind.dim else None,
                     **_place(written_at(rule, "tolerance"))}  # fmt: skip
    check: dict[str, Any] = {name: _expression(rule, name) for name in _EXPRESSIONS}
    check["in"] = None if rule.members_shown is None else {
        "values": list(rule.members_shown), **_place(written_at(rule, "in"))}
    check["tolerance"] = tolerated
    return {
        **dataclasses.asdict(info),  # as the report's ruleset.rules
        "illustrative": info.illustrative,
        "each": _expression(rule, "each"),
        "when": _expression(rule, "when"),
        "check": check,
        "origin": {"defined_in": _place(defined_at(rule)), "changed_in": [_place(p) for p in changed_at(rule)]},
    }


def _expression(rule: Rule, name: str) -> dict[str, Any] | None:
    compiled = getattr(rule, name)
    if compiled is None:
        return None
    return {"expression": compiled.source.strip(), **_place(written_at(rule, name))}


def _place(place: Place | None) -> dict[str, Any]:
    if place is None:
        return {"file": None, "line": None, "column": None}
    return {"file": place.file, "line": place.line, "column": place.column}


def _judged(judged: Judged, loaded: LoadedSpec) -> dict[str, Any]:
    return {
        "item": judged.item,
        "values_read": [_value_read(v, loaded) for v in judged.values],
        "working": [_working(name, lines) for name, lines in judged.working],
        "compared": judged.compared,
        "finding": finding(judged.finding, loaded.file),
    }


def _working(name: str, lines: list[str]) -> dict[str, Any]:
    """An expression worked out: its steps after the expression itself, and the value it came to."""
    worked = [line for line in lines[1:] if not line.startswith("cannot")]
    why = next((line.split(": ", 1)[-1] for line in lines[1:] if line.startswith("cannot")), None)
    result = None if why is not None else worked[-1] if worked else lines[0]
    return {"of": name, "expression": lines[0], "steps": lines[1:], "result": result, "unknown": why}


def _value_read(value: ValueRead, loaded: LoadedSpec) -> dict[str, Any]:
    check_date = value.path is None
    return {
        "name": value.name,
        "path": None if value.path is None else dotted(value.path),
        "given": value.given,
        "written": _written(loaded, value.path) if value.given else None,
        "shown": value.shown,
        "value": _raw(value.value),
        "unit": _unit(value.type),
        "file": None if check_date else loaded.file,
        "line": None if check_date else value.line,
        "column": None if check_date else value.column,
    }


def _written(loaded: LoadedSpec, path: tuple[Any, ...] | None) -> Any:
    """The value as the spec writes it ("1.795 m"), when it is a scalar or a list of scalars."""
    data: Any = loaded.document.data
    for key in path or ():
        data = data[key]
    if isinstance(data, list) and all(not isinstance(v, (dict, list)) for v in data):
        return jsonable(data)
    return None if isinstance(data, (dict, list)) else jsonable(data)


def _raw(value: Any) -> Any:
    """A value read, as the report's ``*_value`` fields give one: canonical numbers, ISO dates, text, true or
    false, a list of them; None for a group of fields (a seat) or a list of groups."""
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, (dt.date, Duration)):
        return value.isoformat() if isinstance(value, dt.date) else str(value)
    if isinstance(value, (list, tuple, frozenset)):
        items = [_raw(v) for v in value]
        return None if any(v is None and i is not None for v, i in zip(items, value, strict=True)) else items
    return None


def _unit(kind: Type) -> str | None:
    dim = kind.dim or (kind.item.dim if kind.item is not None else None)
    return dim.unit if dim is not None else None
