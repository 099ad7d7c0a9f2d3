"""Limits no spec can meet, refused when a ruleset is loaded; and the value of a limit that reads nothing."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from checker import text
from checker.expr import types as ty
from checker.expr.compile import EPSILON, NOTHING, Compiled, EvalError
from checker.ruleset.raw import RawRule

if TYPE_CHECKING:
    from checker.ruleset.model import Rule


def constant(raw: RawRule, name: str, compiled: Compiled) -> Any:
    """The value of a limit that reads nothing from a spec; refused if it cannot be computed (1 mm / 0)."""
    try:
        return compiled.fn(NOTHING)
    except EvalError as exc:
        raise raw.check[name][1].error(f"rule {raw.id}: '{name}' cannot be computed: {exc}") from None


def check_limits_agree(rules: list[Rule]) -> None:
    """Refuse limits no spec can meet: a fixed minimum above a fixed maximum for the same value under
    the same condition, in one rule or across rules (a supplement's new rule against the base's)."""
    lows: dict[tuple[str, ...], tuple[float, Rule]] = {}
    highs: dict[tuple[str, ...], tuple[float, Rule]] = {}
    for rule in rules:
        if rule.severity == "off" or rule.kind != "range":
            continue
        key = (" ".join(rule.value.source.split()), _text(rule.when), _text(rule.each))
        for name, bounds, keep in (("min", lows, max), ("max", highs, min)):
            limit = getattr(rule, name)
            if limit is None or limit.names:  # derived from the spec: its value is not known here
                continue
            value = constant(rule.raw, name, limit) if rule.raw else limit.fn(NOTHING)
            if key not in bounds or keep(value, bounds[key][0]) == value:
                bounds[key] = (value, rule)
        if key in lows and key in highs and _beyond(lows[key][0], highs[key][0]):
            (low, by_low), (high, by_high) = lows[key], highs[key]
            late, late_side = (by_low, "min") if by_low is rule else (by_high, "max")
            other = by_high if late is by_low else by_low
            origin = late.raw.check[late_side][1] if late.raw else None
            kind = rule.value.type
            within = "this rule's" if other is late else f"rule {other.id}'s"
            message = (f"rule {late.id}: no spec can pass: the minimum {_shown(low, kind)} is above {within} "
                    f"maximum {_shown(high, kind)} for {rule.value.source}") if late_side == "min" else (
                    f"rule {late.id}: no spec can pass: the maximum {_shown(high, kind)} is below {within} "
                    f"minimum {_shown(low, kind)} for {rule.value.source}")  # fmt: skip
            if origin is not None:
                raise origin.error(message)


def _beyond(low: Any, high: Any) -> bool:
    return bool(low > high) if isinstance(low, dt.date) else bool(low > high + EPSILON)


def _text(compiled: Compiled | None) -> str:
    return " ".join(compiled.source.split()) if compiled else ""


def _shown(value: Any, kind: ty.Type) -> str:
    return text.value(value, kind)
