"""A compiled ruleset: each rule's expressions type-checked and turned into code, ready to judge specs.

Made by checker.ruleset.compile; read by the engine (checker.evaluate), the outputs and the tools.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from checker.expr.compile import Compiled, NameRef
from checker.report import RuleInfo, RulesetInfo, Severity
from checker.ruleset.raw import RawRule, published


@dataclass(frozen=True)
class Rule:
    id: str
    title: str
    area: str
    article: str
    provenance: str  # published | illustrative
    source: str | None
    note: str | None
    severity: Severity
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

    @cached_property
    def info(self) -> RuleInfo:
        """The rule as outputs describe it: names and texts, no compiled expressions (each finding's rule)."""
        return RuleInfo(self.id, self.title, self.area, self.article, self.provenance, self.severity, self.source,
                        self.note, self.help)  # fmt: skip

    @property
    def kind(self) -> str:
        return "in" if self.members is not None else "equals" if self.equals is not None else "range"

    @cached_property
    def examples(self) -> tuple[Any, ...]:
        """Its examples (checker.ruleset.examples.Example), read when first asked for: only 'homologate test'
        runs them, so a check does not pay for them."""
        from checker.ruleset.examples import compile_examples

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
        parts = ((self.value, self.equals) if self.equals
                 else (self.value,) if self.members
                 else (self.value, self.min, self.max))
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
        return tuple(r for r in self.rules if r.severity is not Severity.OFF)

    @cached_property
    def published_files(self) -> tuple[str, ...]:
        """The files as outputs name them (raw.published): a bundled one by name and version."""
        return tuple(published(f) for f in self.files)

    def get(self, rule_id: str) -> Rule | None:
        return next((r for r in self.rules if r.id == rule_id), None)

    def info(self) -> RulesetInfo:
        """The ruleset as outputs describe it: names and texts, no compiled expressions."""
        rules = tuple(r.info for r in self.rules)
        return RulesetInfo(self.name, self.title, self.version, self.event_date, self.published_files, rules,
                           self.sha256)  # fmt: skip
