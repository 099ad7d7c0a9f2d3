"""evaluate(spec, ruleset) -> Report: pure, one finding per rule (per item for an ``each`` rule).

Two steps: ``judge`` (checker.evaluate.judge) runs each rule's generated function and keeps the verdict
with the values it came from; ``evaluate`` then makes each outcome a Finding. The first is all the exit
status needs. A finding's words (message, limit, margin, derivation) and position are what reports show,
and each is made when an output first reads it (``_Wording``): a check that lists only its problems
words no passing finding.
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
    """The finding of one outcome: its verdict, path and raw values now; its texts and its position when an
    output first reads them (``_Wording``): most findings pass, and most outputs show a passing finding's
    message, derivation and line not at all."""
    rule, index, _item, verdict, measured, expected, low, high, margin, why = outcome
    kind = rule.value.type
    f = object.__new__(Finding)  # Finding.__init__ would set what is left to be worded
    f.rule, f.verdict, f.path, f.baseline, f.waiver = rule.info, verdict, _dotted(_path(rule, index)), None, None
    if why is not None or verdict == NOT_APPLICABLE:
        f.measured_value = f.limit_value = f.margin_value = f.measured = f.limit = f.margin = f.derivation = None
        margin = None
    elif rule.members is not None:
        f.measured_value, f.limit_value, f.margin_value, f.margin = measured, list(rule.members_shown or ()), None, None
        margin = None
    else:
        f.measured_value, f.margin_value = measured, margin
        f.limit_value = expected if rule.equals is not None else high if low is None else low if high is None \
            else [low, high]
    f.unit = kind.dim.unit if kind.dim else "days" if kind.kind == "date" and margin is not None else None
    f._wording = _Wording(outcome, loaded, day)  # type: ignore[misc]  # report._Worded's slot, unseen by mypy
    return f


class _Wording:
    """What a finding's texts and position are made from, made into the one a reader asks for (its
    ``message``, ``measured``, ``limit``, ``margin``, ``derivation``, ``line`` or ``column``) on first reading:
    ``Finding.__getattr__`` calls it once per field, as the field is then set."""

    __slots__ = ("day", "loaded", "outcome")

    def __init__(self, outcome: Outcome, loaded: LoadedSpec, day: dt.date) -> None:
        self.outcome, self.loaded, self.day = outcome, loaded, day

    def __call__(self, f: Finding, name: str) -> Any:
        """``name`` made (with what is made with it) and returned; "" (Finding.worded): every field."""
        rule, index, item, verdict, measured, expected, low, high, margin, why = self.outcome
        kind = rule.value.type
        # in groups, as outputs read them: a position; a table's row; the derivation (JSON, explain, the
        # printed report); or, asked for its message (a problem listed), the rest of the finding at once
        every = not name
        whole = every or name == "message"
        if whole or name in ("line", "column"):
            f.line, f.column = self.loaded.document.place(_path(rule, index))
        if why is None and verdict != NOT_APPLICABLE:  # else set already: none of them
            if whole or name in ("measured", "limit", "margin"):
                f.measured = show(measured, kind) if measured is not None else None
                f.limit = _limit_text(rule, expected, low, high)
                if rule.members is None:
                    f.margin = signed(margin, kind)
            if every or name == "derivation":
                f.derivation = _derivation(rule, Env(self.loaded.spec, self.day, item, index)) \
                    if measured is not None else None
        if whole:  # the message's values as the row gives them, made above
            f.message = why if why is not None else _message(rule, verdict, measured, expected, low, high, margin,
                                                              f.measured, f.limit)  # fmt: skip
        if every:
            f._wording = None  # type: ignore[misc]  # nothing left to make: what it was made from can go
            return None
        return getattr(f, name)


def _message(rule: Rule, verdict: Verdict, measured: Any, expected: Any, low: Any, high: Any, margin: float | None,
             shown: str | None, limit_text: str | None) -> str:  # fmt: skip
    """The message of a finding that has no ``why`` (it was judged): ``shown`` and ``limit_text``, its value
    and limit as its row gives them (None where it does not apply)."""
    if verdict == NOT_APPLICABLE:
        return f"does not apply: {source(rule.when)} is false"
    kind = rule.value.type
    shown = shown if shown is not None else show(measured, kind)
    if rule.members is not None:
        return f"{shown} is one of the allowed values" if verdict == PASS \
            else f"{shown} is not one of: {_allowed(rule)}"
    if rule.equals is not None:
        message = _equality(rule, verdict, shown, show(expected, kind), margin)
    else:
        assert margin is not None  # a range always has one
        message = _range(rule, verdict, shown, measured, low, high, margin, limit_text)
    if verdict == MARGINAL:
        message += ", within the measurement tolerance"
    return message


def _limit_text(rule: Rule, expected: Any, low: Any, high: Any) -> str:
    if rule.members is not None:
        return f"one of {_allowed(rule)}"
    if rule.equals is not None:
        return f"= {show(expected, rule.value.type)}"
    return _range_text(low, high, rule.value.type)


def _allowed(rule: Rule) -> str:
    return ", ".join(str(v) for v in rule.members_shown or ())


def _equality(rule: Rule, verdict: Verdict, shown: str, want: str, margin: float | None) -> str:
    production = _reads_production(rule.equals)
    if verdict == PASS:
        return f"{shown}, as produced" if production else f"{shown}, as required"
    if production:
        by = f" by {amount(margin, rule.value.type)}" if margin else ""
        return f"{shown} differs from the production value {want}{by}"
    return f"{shown}, but the rule requires {want}"


def _range(rule: Rule, verdict: Verdict, shown: str, measured: Any, low: Any, high: Any, margin: float,
           limit_text: str | None) -> str:  # fmt: skip
    kind = rule.value.type
    if rule.validity and low is not None:  # a validity rule always has its min
        return _validity(shown, margin, kind, low)
    limit_text = limit_text if limit_text is not None else _range_text(low, high, kind)
    if verdict == PASS:
        inside = f"{amount(margin, kind)} inside the limit" if margin > EPSILON else "at the limit"
        return f"{shown}, {inside} ({limit_text})"
    # the side it is beyond: the maximum's where both are as far (as the margin was taken)
    above = high is not None and (low is None or _difference(high, measured) <= _difference(measured, low))
    if kind.kind == "date":
        side = "after the latest date" if above else "before the earliest date"
    else:
        side = "above the maximum" if above else "below the minimum"
    return f"{shown} is {amount(-margin, kind)} {side} ({limit_text})"


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


@lru_cache(maxsize=4096)  # a ruleset points at a few dozen paths (times the items of a list)
def _dotted(path: tuple[Any, ...]) -> str:
    return dotted(path)


def _path(rule: Rule, index: int | None) -> tuple[Any, ...]:
    """The spec path a finding points at: the first value the rule reads (its check first); ``index``, the
    item's place in the list an each rule runs over."""
    path, inside = rule.pointer
    if inside is None or index is None:  # not an item, or an empty list: the list itself
        return path
    return path + (index,) + inside


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
