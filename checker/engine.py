"""evaluate(spec, ruleset) -> Report: pure, one finding per rule (per item for an ``each`` rule)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from checker import types as ty
from checker import units
from checker.compiler import Compiled, Env, EvalError, NameRef
from checker.errors import dotted
from checker.report import FAIL, MARGINAL, NOT_APPLICABLE, PASS, Finding, Report, Vehicle
from checker.rulebook import Rule, Ruleset
from checker.spec import LoadedSpec

EPSILON = 1e-6  # quantities are held to 1e-9; differences below this are measurement noise


def check_date(ruleset: Ruleset, on: dt.date | None = None) -> dt.date:
    """The date expiry checks use: given, else the ruleset's event date, else today."""
    return on or ruleset.event_date or dt.date.today()


def evaluate(loaded: LoadedSpec, ruleset: Ruleset, on: dt.date | None = None) -> Report:
    day = check_date(ruleset, on)
    spec = loaded.spec
    findings: list[Finding] = []
    for rule in ruleset.active:
        env = Env(spec, day)
        if rule.each is None:
            findings.append(_judge(rule, env, loaded))
            continue
        items = rule.each.fn(env)
        if not items:
            findings.append(_finding(rule, env, loaded, NOT_APPLICABLE, f"{rule.each.source} lists nothing"))
        for index, item in enumerate(items):
            findings.append(_judge(rule, Env(spec, day, item, index), loaded))
    who = spec.vehicle
    vehicle = Vehicle(who.make, who.model, who.homologation_form, who.vehicle_class, who.entry)
    return Report(
        spec_file=loaded.file,
        vehicle=vehicle,
        ruleset=ruleset.name,
        ruleset_title=ruleset.title,
        ruleset_version=ruleset.version,
        on=day,
        findings=tuple(findings),
        ruleset_files=ruleset.files,
        spec_sha256=loaded.document.sha256,
    )


def _judge(rule: Rule, env: Env, loaded: LoadedSpec) -> Finding:
    try:
        if rule.when is not None and not rule.when.fn(env):
            return _finding(rule, env, loaded, NOT_APPLICABLE, f"does not apply: {rule.when.source} is false")
        measured = rule.value.fn(env)
        if rule.members is not None:
            return _membership(rule, env, loaded, measured)
        if rule.equals is not None:
            return _equality(rule, env, loaded, measured, rule.equals.fn(env))
        return _range(rule, env, loaded, measured)
    except EvalError as exc:
        return _finding(rule, env, loaded, FAIL, f"cannot be checked: {exc}")


def _membership(rule: Rule, env: Env, loaded: LoadedSpec, measured: Any) -> Finding:
    allowed = ", ".join(str(v) for v in rule.members_shown or ())
    ok = measured in (rule.members or ())
    shown = _show(measured, rule.value.type)
    message = f"{shown} is one of the allowed values" if ok else f"{shown} is not one of: {allowed}"
    return _finding(rule, env, loaded, PASS if ok else FAIL, message,
                    measured=measured, limit_text=f"one of {allowed}", limit=list(rule.members_shown or ()))  # fmt: skip


def _equality(rule: Rule, env: Env, loaded: LoadedSpec, measured: Any, expected: Any) -> Finding:
    kind = rule.value.type
    shown, want = _show(measured, kind), _show(expected, kind)
    margin = None
    if kind.kind == "number":
        margin = -round(abs(measured - expected), 6)
        verdict = _verdict(margin, rule.tolerance)
    else:
        verdict = PASS if measured == expected else FAIL
    production = _reads_production(rule.equals)
    by = f" by {_amount(margin, kind)}" if margin else ""
    if verdict == PASS:
        message = f"{shown}, as produced" if production else f"{shown}, as required"
    elif production:
        message = f"{shown} differs from the production value {want}{by}"
    else:
        message = f"{shown}, but the rule requires {want}"
    if verdict == MARGINAL:
        message += ", within the measurement tolerance"
    return _finding(rule, env, loaded, verdict, message, measured=measured, limit=expected,
                    limit_text=f"= {want}", margin=margin, limits=(rule.equals,))  # fmt: skip


def _range(rule: Rule, env: Env, loaded: LoadedSpec, measured: Any) -> Finding:
    kind = rule.value.type
    low = rule.min.fn(env) if rule.min else None
    high = rule.max.fn(env) if rule.max else None
    margins = []
    if high is not None:
        margins.append((_difference(high, measured), "above the maximum"))
    if low is not None:
        margins.append((_difference(measured, low), "below the minimum"))
    margin, side = min(margins, key=lambda m: m[0])
    verdict = _verdict(margin, rule.tolerance)
    limit_text = _range_text(low, high, kind)
    shown = _show(measured, kind)
    if rule.validity and low is not None:  # a validity rule always has its min
        message = _validity(shown, margin, kind, low)
    elif verdict == PASS:
        inside = f"{_amount(margin, kind)} inside the limit" if margin > EPSILON else "at the limit"
        message = f"{shown}, {inside} ({limit_text})"
    else:
        if kind.kind == "date":
            side = "after the latest date" if "maximum" in side else "before the earliest date"
        message = f"{shown} is {_amount(-margin, kind)} {side} ({limit_text})"
    if verdict == MARGINAL:
        message += ", within the measurement tolerance"
    limit = high if low is None else low if high is None else [low, high]
    return _finding(rule, env, loaded, verdict, message, measured=measured, limit=limit,
                    limit_text=limit_text, margin=margin, limits=(rule.min, rule.max))  # fmt: skip


def _validity(until: str, margin: float, kind: ty.Type, day: dt.date) -> str:
    """The wording of a validity rule (a date that must not have passed on the check date)."""
    if margin >= 0:
        return f"valid until {until}, {_amount(margin, kind)} after the check date {day.isoformat()}"
    return f"expired: valid until {until}, {_amount(margin, kind)} before the check date {day.isoformat()}"


def _difference(a: Any, b: Any) -> float:
    if isinstance(a, dt.date):
        return float((a - b).days)
    return round(a - b, 6)


def _verdict(margin: float, tolerance: float | None) -> str:
    if margin >= -EPSILON:
        return PASS
    if tolerance is not None and -margin <= tolerance + EPSILON:
        return MARGINAL
    return FAIL


def _range_text(low: Any, high: Any, kind: ty.Type) -> str:
    if low is not None and high is not None:
        return f"{_show(low, kind)} to {_show(high, kind)}"
    if high is not None:
        return f"{'on or before' if kind.kind == 'date' else '≤'} {_show(high, kind)}"
    return f"{'on or after' if kind.kind == 'date' else '≥'} {_show(low, kind)}"


def _show(value: Any, kind: ty.Type) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) or isinstance(value, int):
        return units.format_quantity(value, kind.dim, kind.display)
    return str(value)


def _amount(margin: float | None, kind: ty.Type) -> str:
    if margin is None:
        return ""
    if kind.kind == "date":
        days = abs(int(margin))
        return f"{days} day{'s' if days != 1 else ''}"
    return _show(abs(margin), kind)


def _signed(margin: float | None, kind: ty.Type) -> str | None:
    if margin is None:
        return None
    return ("+" if margin >= 0 else "-") + _amount(margin, kind)


def _reads_production(limit: Compiled | None) -> bool:
    return limit is not None and any(n.path[0] == "production" for n in limit.names)


def _finding(rule: Rule, env: Env, loaded: LoadedSpec, verdict: str, message: str, *, measured: Any = None,
             limit: Any = None, limit_text: str | None = None, margin: float | None = None,
             limits: tuple[Compiled | None, ...] = ()) -> Finding:  # fmt: skip
    path = _path(rule, env)
    line, column = loaded.document.position(path)
    kind = rule.value.type
    applies = verdict != NOT_APPLICABLE and measured is not None
    return Finding(
        rule_id=rule.id,
        title=rule.title,
        area=rule.area,
        verdict=verdict,
        severity=rule.severity,
        message=message,
        path=dotted(path),
        line=line,
        column=column,
        article=rule.article,
        provenance=rule.provenance,
        source=rule.source,
        note=rule.note,
        measured=_show(measured, kind) if applies else None,
        limit=limit_text,
        margin=_signed(margin, kind),
        derivation=_derivation((rule.value,) + limits, env) if applies else None,
        measured_value=measured,
        limit_value=limit,
        margin_value=margin,
        unit=kind.dim.unit if kind.dim else "days" if kind.kind == "date" and margin is not None else None,
    )


def _path(rule: Rule, env: Env) -> tuple[Any, ...]:
    """The spec path a finding points at: the first value the rule reads (its check first)."""
    for compiled in (rule.value, rule.when, rule.min, rule.max, rule.equals, rule.each):
        for name in compiled.names if compiled else ():
            if name.path[0] == "item":
                if env.index is None:  # an empty list: point at the list itself
                    return _each_path(rule)
                return _each_path(rule) + (env.index,) + name.path[1:]
            if name.path[0] != "check_date":
                return name.path
    return _each_path(rule) if rule.each else ()


def _each_path(rule: Rule) -> tuple[Any, ...]:
    assert rule.each is not None
    return rule.each.names[0].path


def _derivation(parts: tuple[Compiled | None, ...], env: Env) -> str | None:
    """'production.chassis.track_front + 60 mm, with production.chassis.track_front = 1640 mm'."""
    shown = []
    for compiled in parts:
        if compiled is None or not compiled.names or _is_plain_name(compiled):
            continue
        values = ", ".join(f"{n.text} = {_read(n, env)}" for n in _unique(compiled.names))
        shown.append(f"{compiled.source}, with {values}")
    return "; ".join(shown) or None


def _is_plain_name(compiled: Compiled) -> bool:
    return len(compiled.names) == 1 and compiled.source.strip() == compiled.names[0].text


def _unique(names: tuple[NameRef, ...]) -> list[NameRef]:
    seen: dict[str, NameRef] = {}
    for name in names:
        seen.setdefault(name.text, name)
    return list(seen.values())


def _read(name: NameRef, env: Env) -> str:
    value = name.fn(env)
    if value is None:
        return "not given"
    if isinstance(value, list):
        return f"{len(value)} item{'s' if len(value) != 1 else ''}"
    return _show(value, name.type)
