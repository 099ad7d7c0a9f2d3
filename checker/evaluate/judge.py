"""Judging: each rule's generated function run on a spec, its verdict kept with the values it came from.

All the exit status needs, and no text made: the findings (checker.evaluate.findings) word these.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from checker.expr.compile import Compiled, EvalError, NotKnown
from checker.report import FAIL, NOT_APPLICABLE, Verdict
from checker.ruleset.model import Rule, Ruleset
from checker.spec.model import Spec


def check_date(ruleset: Ruleset, on: dt.date | None = None) -> dt.date:
    """The date expiry checks use: given, else the ruleset's event date, else today."""
    return on or ruleset.event_date or dt.date.today()


# What judging one rule (or one item of an each rule) gives, before any text is made:
# (rule, index, item, verdict, measured, expected, low, high, margin, why). ``why`` explains a verdict
# reached without a comparison (an empty list, a value that could not be read). A plain tuple, unpacked
# in one place (checker.evaluate.findings): it is made ~47 times a spec, in the engine's hot loop.
Outcome = tuple[Rule, int | None, Any, Verdict, Any, Any, Any, Any, float | None, str | None]


def judge(spec: Spec, ruleset: Ruleset, day: dt.date) -> list[Outcome]:
    """Every active rule's verdict on ``spec`` (one per item for an each rule), with the values it was
    reached from; no text is made here."""
    outcomes: list[Outcome] = []
    add = outcomes.append
    for rule in ruleset.active:
        if rule.items is None:
            add(_judge(rule, spec, day, None, None))
            continue
        items = rule.items(spec, day)
        if not items:
            add((rule, None, None, NOT_APPLICABLE, None, None, None, None, None, f"{source(rule.each)} lists nothing"))
        for index, item in enumerate(items):
            add(_judge(rule, spec, day, item, index))
    return outcomes


def _judge(rule: Rule, spec: Spec, day: dt.date, item: Any, index: int | None) -> Outcome:
    try:
        got = rule.judge(spec, day, item)
    except NotKnown as exc:
        why = f"cannot be checked: {_item_path(rule, index, exc.what)} is not {exc.todo} yet"
        return (rule, index, item, FAIL, None, None, None, None, None, why)
    except EvalError as exc:
        return (rule, index, item, FAIL, None, None, None, None, None, f"cannot be checked: {exc}")
    if got is None:
        return (rule, index, item, NOT_APPLICABLE, None, None, None, None, None, None)
    verdict, measured, expected, low, high, margin = got
    return (rule, index, item, verdict, measured, expected, low, high, margin, None)


def _item_path(rule: Rule, index: int | None, what: str) -> str:
    """``item.standard`` read in an each rule as the value's own path: ``build.safety.seats[1].standard``."""
    if rule.each is None or index is None or not (what == "item" or what.startswith("item.")):
        return what
    return f"{rule.each.names[0].text}[{index}]{what[4:]}"


def source(compiled: Compiled | None) -> str:
    return compiled.source if compiled else ""
