"""Choosing rules: ``--select`` and ``--ignore``, as ruff and Checkov choose theirs.

A selector is a rule id (``STK-TRACK-FRONT``, in any case), an area (``area:fuel``) or an id pattern with
``*`` (``STK-*``, ``*-VALIDITY``). The rules kept are those any ``select`` selector names (every rule when
there is none), less those any ``ignore`` selector names. A selector that names no rule of the ruleset is
refused with a did-you-mean, so that a typo cannot quietly check nothing, or everything.
"""

from __future__ import annotations

import fnmatch
from collections.abc import Iterable, Sequence
from dataclasses import replace

from checker.ruleset.model import Rule, Ruleset
from checker.text import clip, did_you_mean

AREA_PREFIX = "area:"


class SelectorError(ValueError):
    """A selector that names no rule; its message says what the ruleset has instead, ``option`` which of
    the two lists ("select" or "ignore") held it."""

    def __init__(self, message: str, option: str = "select") -> None:
        super().__init__(message)
        self.option = option


def selected(ruleset: Ruleset, select: Sequence[str] = (), ignore: Sequence[str] = ()) -> Ruleset:
    """``ruleset`` with only the rules ``select`` names (all without it), less those ``ignore`` names."""
    if not select and not ignore:
        return ruleset
    chosen = _named(ruleset, select, "select") if select else {r.id for r in ruleset.rules}
    chosen -= _named(ruleset, ignore, "ignore")
    return replace(ruleset, rules=tuple(r for r in ruleset.rules if r.id in chosen))


def _named(ruleset: Ruleset, selectors: Iterable[str], option: str) -> set[str]:
    found: set[str] = set()
    for selector in selectors:
        try:
            found |= {r.id for r in matching(ruleset, selector)}
        except SelectorError as exc:
            raise SelectorError(str(exc), option) from None
    return found


def matching(ruleset: Ruleset, selector: str) -> list[Rule]:
    """The rules ``selector`` names, or a SelectorError where it names none."""
    rules = ruleset.rules
    text = selector.strip()
    if text.lower().startswith(AREA_PREFIX):
        area = text[len(AREA_PREFIX) :].strip().lower()
        areas = sorted({r.area for r in rules})
        found = [r for r in rules if r.area.lower() == area]
        if not found:
            hint = did_you_mean(area, areas) or f" (areas: {', '.join(areas)})"
            raise SelectorError(f"no area {clip(area)} in {ruleset.name}{hint}")
        return found
    wanted = text.upper()
    if "*" in wanted:
        found = [r for r in rules if fnmatch.fnmatchcase(r.id.upper(), wanted.replace("[", "[[]").replace("?", "[?]"))]
        if not found:
            raise SelectorError(f"{clip(selector)} matches no rule id in {ruleset.name}")
        return found
    found = [r for r in rules if r.id.upper() == wanted]
    if not found:
        hint = did_you_mean(wanted, [r.id for r in rules])
        raise SelectorError(f"no rule {clip(selector)} in {ruleset.name}{hint}")
    return found
