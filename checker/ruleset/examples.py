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
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from checker.errors import InputError
from checker.expr import types as ty
from checker.ruleset.raw import Origin, RawRule
from checker.spec.model import Spec
from checker.text import did_you_mean, dotted

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
        line, column = where.document.position(where.path)
        found.append(Example(raw.id, index + 1, item.get("name"), _spec_file(where, item), tuple(changes),
                             _date(item.get("on")), item.get("path"), item["expect"], where.document.file,
                             line, column))
    return tuple(found)


def _spec_file(where: Origin, item: dict[str, Any]) -> Path | None:
    named = item.get("spec") or where.document.data.get("example_spec")
    return Path(where.document.file).parent / named if named else None


def _date(value: Any) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(value)  # the schema has checked the form


def parse_path(text: str) -> PathParts:
    """``build.safety.seats[1].manufactured`` as ("build", "safety", "seats", 1, "manufactured")."""
    parts: list[Any] = []
    for piece in text.split("."):
        name, _, rest = piece.partition("[")
        parts.append(name)
        parts.extend(int(i) for i in rest.rstrip("]").split("][") if rest)
    return tuple(parts)


def _checked_path(rule_id: str, text: str, at: Origin, *, key: bool = False) -> PathParts:
    """The path, if it names a value of a build spec; else the error, at the path as written."""
    parts = parse_path(text)
    kind = ty.struct(Spec)
    for i, part in enumerate(parts):
        here = dotted(parts[:i]) or "the spec"
        if isinstance(part, int):
            if kind.kind != "list":
                raise _error(at, key, f"rule {rule_id}: example path '{text}': {here} is not a list")
            kind = kind.item or kind
            continue
        if kind.kind != "struct":
            raise _error(at, key, f"rule {rule_id}: example path '{text}': {here} has no field '{part}'")
        fields = ty.fields_of(kind.model)
        if part not in fields:
            hint = did_you_mean(part, fields)
            raise _error(at, key, f"rule {rule_id}: example path '{text}': {here} has no field '{part}'{hint}")
        kind = fields[part][1]
    return parts


def _error(at: Origin, key: bool, message: str) -> InputError:
    line, column = at.document.position(at.path, key=key)
    return InputError(at.document.file, line, column, message)
