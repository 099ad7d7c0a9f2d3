"""Rules that test themselves: each rule's ``examples``, and running them (``homologate test``).

An example patches a build spec (``set``: values by spec path, written as in a spec) and states the
verdict the rule must give on it (``expect``), optionally on a date (``on``) and for the finding about
one spec path (``path``; by default the rule's worst finding). The spec is named relative to the file
the example is written in, or is that file's ``example_spec``.

Paths are checked against the spec model when the ruleset is loaded, so a misspelt path is an error at
its line and column like any other; the spec files themselves are read only when examples are run
(checker.tools.selftest, ``homologate test``).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from checker.errors import InputError
from checker.expr import types as ty
from checker.read.document import iso_date
from checker.ruleset.raw import Origin, RawRule
from checker.spec.model import Spec
from checker.text import clip, describe, did_you_mean, dotted

PathParts = tuple[Any, ...]  # ("build", "safety", "seats", 1, "manufactured")


@dataclass(frozen=True, eq=False)  # its values may be lists: compared by identity
class Example:
    rule_id: str
    number: int  # 1-based, in the order written
    name: str | None
    spec: Path | None  # the spec it patches; None when neither it nor its file names one
    changes: tuple[tuple[PathParts, Any], ...]
    on: dt.date | None
    path: str | None
    expect: str
    file: str  # where it is written
    line: int
    column: int

    @property
    def label(self) -> str:
        return f"{self.rule_id} example {self.number}" + (f" ({self.name})" if self.name else "")

    def error(self, message: str) -> InputError:
        """Why the example cannot be run, at the example."""
        return InputError(self.file, self.line, self.column, message)


def compile_examples(raw: RawRule) -> tuple[Example, ...]:
    """The rule's examples, their spec paths checked against the spec model (InputError if wrong)."""
    if "examples" not in raw.fields:
        return ()
    items, origin = raw.fields["examples"]
    found = []
    for index, item in enumerate(items):
        where = Origin(origin.document, origin.path + (index,))
        changes = []
        for key, value in (item.get("set") or {}).items():
            at = Origin(where.document, where.path + ("set", key))
            changes.append((_checked_path(raw.id, key, at, key=True), value))
        if "path" in item:
            _checked_path(raw.id, item["path"], Origin(where.document, where.path + ("path",)))
        on = _date(item.get("on"), Origin(where.document, where.path + ("on",)))
        line, column = where.document.position(where.path)
        found.append(Example(raw.id, index + 1, item.get("name"), _spec_file(where, item), tuple(changes), on,
                             item.get("path"), item["expect"], where.document.file, line, column))
    return tuple(found)


def _spec_file(where: Origin, item: dict[str, Any]) -> Path | None:
    named = item.get("spec") or where.document.data.get("example_spec")
    return Path(where.document.file).parent / named if named else None


def _date(value: Any, where: Origin) -> dt.date | None:
    if value is None or type(value) is dt.date:
        return value
    date = iso_date(value) if isinstance(value, str) else None  # the schema has checked the form, unless cached
    if date is None:
        raise where.error(f"on: expected a date such as 2026-01-03, got {describe(value)}")
    return date


_PIECE = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)((?:\[[0-9]+\])*)", re.ASCII)  # a name, then its [index]es
MAX_INDEX_DIGITS = 3  # no list of a spec comes near 1,000 items


def parse_path(text: str) -> PathParts:
    """``build.safety.seats[1].manufactured`` as ("build", "safety", "seats", 1, "manufactured"); ValueError
    saying what is wrong where the text is not names with [index]es joined by dots."""
    parts: list[Any] = []
    for piece in text.split("."):
        match = _PIECE.fullmatch(piece)
        if match is None:
            got = clip(piece) if piece else "nothing"
            raise ValueError(f"expected names and [index]es joined by dots (build.safety.seats[1].standard), "
                             f"got {got}{' after ' + clip(dotted(parts)) if parts else ''}")
        name, indexes = match.groups()
        parts.append(name)
        for index in indexes[1:-1].split("][") if indexes else ():
            if len(index.lstrip("0")) > MAX_INDEX_DIGITS:  # and no int() of a thousand digits
                raise ValueError(f"index {clip(index)} of {clip(dotted(parts))} is beyond every list of a spec")
            parts.append(int(index))
    return tuple(parts)


def _checked_path(rule_id: str, text: str, at: Origin, *, key: bool = False) -> PathParts:
    """The path, if it names a value of a build spec; else the error, at the path as written."""
    said = f"rule {rule_id}: example path {clip(text, 100)}"
    try:
        parts = parse_path(text)
    except ValueError as exc:
        raise _error(at, key, f"{said}: {exc}") from None
    kind, most = ty.struct(Spec), None
    for i, part in enumerate(parts):
        here = dotted(parts[:i]) or "the spec"
        if isinstance(part, int):
            if kind.kind != "list":
                raise _error(at, key, f"{said}: {here} is not a list")
            if most is not None and part >= most:
                raise _error(at, key, f"{said}: {here} holds at most {most} items, so no [{part}]")
            kind, most = kind.item or kind, None
            continue
        if kind.kind != "struct":
            raise _error(at, key, f"{said}: {here} has no field {clip(part)}")
        fields = ty.fields_of(kind.model)
        if part not in fields:
            hint = did_you_mean(part, fields)
            raise _error(at, key, f"{said}: {here} has no field {clip(part)}{hint}")
        model = kind.model
        attribute, kind = fields[part]
        most = _most_items(model, attribute)
    return parts


def _most_items(model: Any, attribute: str) -> int | None:
    """How many items a list field of the spec model holds at most (its max_length), where it says."""
    limits = [m.max_length for m in model.model_fields[attribute].metadata if hasattr(m, "max_length")]
    return limits[0] if limits and isinstance(limits[0], int) else None


def _error(at: Origin, key: bool, message: str) -> InputError:
    line, column = at.document.position(at.path, key=key)
    return InputError(at.document.file, line, column, message)
