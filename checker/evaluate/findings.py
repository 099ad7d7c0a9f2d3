"""evaluate(spec, ruleset) -> Report: pure, one finding per rule (per item for an ``each`` rule).

Two steps: ``judge`` (checker.evaluate.judge) runs each rule's generated function and keeps the verdict
with the values it came from; ``evaluate`` then words each outcome as a Finding (message, limit, margin,
derivation, position). The first is all the exit status needs; the second is what reports show.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from typing import Any

from checker.evaluate.judge import Outcome, check_date, judge, source
from checker.expr import types as ty
from checker.expr.compile import EPSILON, Compiled, Env, NameRef
from checker.report import (
    MARGINAL,
    NOT_APPLICABLE,
    PASS,
    Finding,
    Report,
    Vehicle,
    Verdict,
)
from checker.ruleset.model import Rule, Ruleset
from checker.spec.load import LoadedSpec
from checker.text import amount, dotted, signed
from checker.text import value as show


def evaluate(loaded: LoadedSpec, ruleset: Ruleset, on: dt.date | None = None) -> Report:
    day = check_date(ruleset, on)
    spec = loaded.spec
    findings = tuple(_finding(outcome, loaded, day) for outcome in judge(spec, ruleset, day))
    who = spec.vehicle
    vehicle = Vehicle(who.make, who.model, who.homologation_form, who.vehicle_class, who.entry)
    return Report(
        spec_file=loaded.file,
        vehicle=vehicle,
        ruleset=ruleset.name,
        ruleset_title=ruleset.title,
        ruleset_version=ruleset.version,
        on=day,
        findings=findings,
        ruleset_files=ruleset.published_files,
        spec_sha256=loaded.document.sha256,
    )


def _finding(outcome: Outcome, loaded: LoadedSpec, day: dt.date) -> Finding:
    rule, index, item, verdict, measured, expected, low, high, margin, why = outcome
    env = Env(loaded.spec, day, item, index)
    if why is not None:
        return _make(rule, env, loaded, verdict, why)
    if verdict == NOT_APPLICABLE:
        return _make(rule, env, loaded, verdict, f"does not apply: {source(rule.when)} is false")
    if rule.members is not None:
        return _membership(rule, env, loaded, verdict, measured)
    if rule.equals is not None:
        return _equality(rule, env, loaded, verdict, measured, expected, margin)
    assert margin is not None  # a range always has one
    return _range(rule, env, loaded, verdict, measured, low, high, margin)


def _membership(rule: Rule, env: Env, loaded: LoadedSpec, verdict: Verdict, measured: Any) -> Finding:
    allowed = ", ".join(str(v) for v in rule.members_shown or ())
    shown = show(measured, rule.value.type)
    message = f"{shown} is one of the allowed values" if verdict == PASS else f"{shown} is not one of: {allowed}"
    return _make(rule, env, loaded, verdict, message, measured=measured, shown=shown,
                 limit_text=f"one of {allowed}", limit=list(rule.members_shown or ()))  # fmt: skip


def _equality(rule: Rule, env: Env, loaded: LoadedSpec, verdict: Verdict, measured: Any, expected: Any,
              margin: float | None) -> Finding:  # fmt: skip
    kind = rule.value.type
    shown, want = show(measured, kind), show(expected, kind)
    production = _reads_production(rule.equals)
    by = f" by {amount(margin, kind)}" if margin else ""
    if verdict == PASS:
        message = f"{shown}, as produced" if production else f"{shown}, as required"
    elif production:
        message = f"{shown} differs from the production value {want}{by}"
    else:
        message = f"{shown}, but the rule requires {want}"
    if verdict == MARGINAL:
        message += ", within the measurement tolerance"
    return _make(rule, env, loaded, verdict, message, measured=measured, shown=shown, limit=expected,
                 limit_text=f"= {want}", margin=margin)  # fmt: skip


def _range(rule: Rule, env: Env, loaded: LoadedSpec, verdict: Verdict, measured: Any, low: Any, high: Any,
           margin: float) -> Finding:  # fmt: skip
    kind = rule.value.type
    limit_text = _range_text(low, high, kind)
    shown = show(measured, kind)
    if rule.validity and low is not None:  # a validity rule always has its min
        message = _validity(shown, margin, kind, low)
    elif verdict == PASS:
        inside = f"{amount(margin, kind)} inside the limit" if margin > EPSILON else "at the limit"
        message = f"{shown}, {inside} ({limit_text})"
    else:
        # the side it is beyond: the maximum's where both are as far (as the margin was taken)
        above = high is not None and (low is None or _difference(high, measured) <= _difference(measured, low))
        if kind.kind == "date":
            side = "after the latest date" if above else "before the earliest date"
        else:
            side = "above the maximum" if above else "below the minimum"
        message = f"{shown} is {amount(-margin, kind)} {side} ({limit_text})"
    if verdict == MARGINAL:
        message += ", within the measurement tolerance"
    limit = high if low is None else low if high is None else [low, high]
    return _make(rule, env, loaded, verdict, message, measured=measured, shown=shown, limit=limit,
                 limit_text=limit_text, margin=margin)  # fmt: skip


def _validity(until: str, margin: float, kind: ty.Type, day: dt.date) -> str:
    """The wording of a validity rule (a date that must not have passed on the check date)."""
    if margin >= 0:
        return f"valid until {until}, {amount(margin, kind)} after the check date {day.isoformat()}"
    return f"expired: valid until {until}, {amount(margin, kind)} before the check date {day.isoformat()}"


def _difference(a: Any, b: Any) -> float:
    if isinstance(a, dt.date):
        return float((a - b).days)
    return round(float(a - b), 6)


def _range_text(low: Any, high: Any, kind: ty.Type) -> str:
    if low is not None and high is not None:
        return f"{show(low, kind)} to {show(high, kind)}"
    if high is not None:
        return f"{'on or before' if kind.kind == 'date' else '≤'} {show(high, kind)}"
    return f"{'on or after' if kind.kind == 'date' else '≥'} {show(low, kind)}"


def _reads_production(limit: Compiled | None) -> bool:
    return limit is not None and any(n.path[0] == "production" for n in limit.names)


def _make(rule: Rule, env: Env, loaded: LoadedSpec, verdict: Verdict, message: str, *, measured: Any = None,
             shown: str | None = None, limit: Any = None, limit_text: str | None = None,
             margin: float | None = None) -> Finding:  # fmt: skip
    path = _path(rule, env)
    line, column = loaded.document.place(path)
    kind = rule.value.type
    applies = verdict != NOT_APPLICABLE and measured is not None
    unit = kind.dim.unit if kind.dim else "days" if kind.kind == "date" and margin is not None else None
    return Finding(
        rule=rule.info, verdict=verdict, message=message, path=_dotted(path), line=line, column=column,
        measured=(shown or show(measured, kind)) if applies else None, limit=limit_text,
        margin=signed(margin, kind), derivation=_derivation(rule, env) if applies else None,
        measured_value=measured, limit_value=limit, margin_value=margin, unit=unit,
    )


@lru_cache(maxsize=4096)  # a ruleset points at a few dozen paths (times the items of a list)
def _dotted(path: tuple[Any, ...]) -> str:
    return dotted(path)


def _path(rule: Rule, env: Env) -> tuple[Any, ...]:
    """The spec path a finding points at: the first value the rule reads (its check first)."""
    path, inside = rule.pointer
    if inside is None or env.index is None:  # not an item, or an empty list: the list itself
        return path
    return path + (env.index,) + inside


def _derivation(rule: Rule, env: Env) -> str | None:
    """'production.chassis.track_front + 60 mm, with production.chassis.track_front = 1640 mm'."""
    shown = []
    for expression, names in rule.explained:
        values = ", ".join(f"{n.text} = {_read(n, env)}" for n in names)
        shown.append(f"{expression}, with {values}")
    return "; ".join(shown) or None


def _read(name: NameRef, env: Env) -> str:
    value = name.read(env)
    if value is None:
        return "not given"
    if isinstance(value, list):
        return f"{len(value)} item{'s' if len(value) != 1 else ''}"
    return show(value, name.type)
