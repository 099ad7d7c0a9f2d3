"""Rulesets: load YAML, validate against the ruleset schema, resolve ``extends`` and ``overrides``.

A ruleset names a parent with ``extends:`` (a bundled name or a path relative to itself), adds rules of
its own under ``rules:`` and changes inherited ones under ``overrides:``, the way an event supplement
amends the FIA text. Every value keeps the file and position it was written at, so a problem found
later (an expression that does not compile, say) is reported where it was written.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from checker.errors import InputError
from checker.read import schema as schema_check
from checker.read.document import Document, iso_date, load_file
from checker.read.files import is_dir, is_file
from checker.text import clip, describe, did_you_mean
from checker.version import __version__

DEFAULT_RULESET = "dakar-2026-stock"
MAX_EXTENDS = 8
PROVENANCE_FIELDS = ("provenance", "source", "note")


def bundled_dir() -> Path:
    here = Path(__file__).resolve().parent.parent  # the package folder
    installed = here / "rules"  # inside the wheel
    return installed if installed.is_dir() else here.parent / "rules"  # a source checkout


def bundled_names() -> list[str]:
    return sorted(p.stem for p in bundled_dir().glob("*.yaml"))


def display_path(path: Path) -> str:
    """A path as a user would type it: relative to the working folder where it lies below it."""
    try:
        relative = os.path.relpath(path)
    except ValueError:  # another drive
        return str(path)
    return str(path) if relative.startswith("..") else relative


def published(file: str, *, short: bool = False) -> str:
    """A ruleset file as outputs name it, never by a machine path: a bundled one by its name and the
    version it came with (``dakar-2026-stock (bundled with homologate 0.1.0)``; ``short``: the name alone,
    as ``extends:`` and the command line write it, for file:line:column places); another as loaded,
    relative to the working folder where it lies below it."""
    folder, name = os.path.split(os.path.realpath(file))
    if folder != os.path.realpath(bundled_dir()) or not name.endswith(".yaml"):
        return file
    stem = name[: -len(".yaml")]
    return stem if short else f"{stem} (bundled with homologate {__version__})"


def resolve(ref: str, base: Path | None = None) -> Path:
    """A bundled ruleset's name (no slash, no .yaml) or a path, relative to ``base`` when given."""
    if "/" not in ref and "\\" not in ref and not ref.endswith((".yaml", ".yml")):
        return bundled_dir() / f"{ref}.yaml"
    path = Path(ref)
    return path if path.is_absolute() or base is None else base / path


@dataclass(frozen=True)
class Origin:
    """Where a value was written: a document and the path inside it."""

    document: Document
    path: tuple[Any, ...]

    def error(self, message: str, offset: int | None = None) -> InputError:
        """An error about the value, or with ``offset``, at that character of its text."""
        if offset is None:
            line, column = self.document.position(self.path)
        else:
            line, column = self.document.text_position(self.path, offset)
        return InputError(self.document.file, line, column, message)


@dataclass
class RawRule:
    """A rule as written, before compilation: each field with the place it came from."""

    id: str
    fields: dict[str, tuple[Any, Origin]]
    check: dict[str, tuple[Any, Origin]]
    defined_in: str
    changed_in: list[str] = field(default_factory=list)

    def value(self, name: str, default: Any = None) -> Any:
        return self.fields[name][0] if name in self.fields else default

    def origin(self, name: str) -> Origin:
        return self.fields[name][1]


@dataclass(frozen=True)
class RawRuleset:
    name: str
    title: str
    version: str
    event_date: dt.date | None
    description: str | None
    files: tuple[str, ...]  # the chain of files, the base first
    rules: dict[str, RawRule]
    sha256: tuple[str | None, ...] = ()  # of each file's bytes, in the order of files


def find(ref: str) -> Path:
    """The file a ``--rules`` value names, or an InputError listing the bundled rulesets."""
    path = resolve(ref)
    if _named(path):
        return path.resolve()
    names = bundled_names()
    hint = did_you_mean(ref, names) or f" (bundled: {', '.join(names)})"
    raise InputError(ref, 1, 1, f"no such ruleset{hint}")


def _named(path: Path) -> bool:
    """A file, or something else the reader will refuse saying what (a pipe, a device, a broken link)."""
    return is_file(path) or (os.path.lexists(path) and not is_dir(path))


def load_raw(path: Path, chain: tuple[Path, ...] = ()) -> RawRuleset:
    """Read the ruleset at ``path`` and, first, the rulesets it extends."""
    document = load_file(path, display_path(path))
    if not isinstance(document.data, dict):
        raise document.error((), "expected a ruleset (a YAML mapping)")
    schema_check.validate(document, "ruleset")
    data = document.data
    parent = _parent(document, path, chain) if "extends" in data else None
    return RawRuleset(
        name=data["ruleset"],
        title=data["title"],
        version=str(data["version"]),
        event_date=_date(document) if "event_date" in data else parent.event_date if parent else None,
        description=data.get("description"),
        files=(parent.files if parent else ()) + (document.file,),
        rules=_merge(document, parent),
        sha256=(parent.sha256 if parent else ()) + (document.sha256,),
    )


def _date(document: Document) -> dt.date:
    # the schema has checked the form (unless its cache says so); a quoted date arrives as text
    value = document.data["event_date"]
    date = value if type(value) is dt.date else iso_date(value) if isinstance(value, str) else None
    if date is None:
        raise document.error(("event_date",), f"event_date: {describe(value)} is not a valid date such as 2026-01-03")
    return date


def _parent(document: Document, path: Path, chain: tuple[Path, ...]) -> RawRuleset:
    ref = document.data["extends"]
    origin = Origin(document, ("extends",))
    target = resolve(ref, path.parent)
    if not _named(target):
        raise origin.error(f"extends {clip(ref)}: no such ruleset{did_you_mean(ref, bundled_names())}")
    target = target.resolve()
    chain = chain + (path,)
    if target in chain:
        cycle = " -> ".join(display_path(p) for p in chain + (target,))
        raise origin.error(f"'extends' forms a cycle: {cycle}")
    if len(chain) >= MAX_EXTENDS:
        raise origin.error(f"more than {MAX_EXTENDS} rulesets extend one another")
    return load_raw(target, chain)


def _merge(document: Document, parent: RawRuleset | None) -> dict[str, RawRule]:
    inherited = parent.rules if parent else {}
    rules = {rid: _copy(rule) for rid, rule in inherited.items()}
    own: dict[str, int] = {}
    for index, data in enumerate(document.data.get("rules", [])):
        rid = data["id"]
        origin = Origin(document, ("rules", index, "id"))
        if rid in own:
            first = document.position(("rules", own[rid], "id"))[0]
            raise origin.error(f"rule {rid}: duplicate id (first defined on line {first})")
        if rid in inherited:
            where = inherited[rid].defined_in
            raise origin.error(f"rule {rid}: already defined in {where}; change it under 'overrides:'")
        own[rid] = index
        rules[rid] = _raw_rule(document, ("rules", index), data)
    for rid, change in document.data.get("overrides", {}).items():
        origin = Origin(document, ("overrides", rid))
        if rid in own:
            raise origin.error(f"rule {rid} is defined in this file: change it there, not under 'overrides:'")
        if rid not in inherited:
            raise InputError(document.file, *document.position(("overrides", rid), key=True),
                             f"overrides unknown rule {rid}{did_you_mean(rid, inherited)}")  # fmt: skip
        _apply(rules[rid], document, ("overrides", rid), change)
    return rules


def _raw_rule(document: Document, path: tuple[Any, ...], data: dict[str, Any]) -> RawRule:
    fields = {k: (v, Origin(document, path + (k,))) for k, v in data.items() if k != "check"}
    check = {k: (v, Origin(document, path + ("check", k))) for k, v in data["check"].items()}
    fields["rule"] = (data["id"], Origin(document, path))
    return RawRule(data["id"], fields, check, defined_in=document.file)


def _copy(rule: RawRule) -> RawRule:
    return RawRule(rule.id, dict(rule.fields), dict(rule.check), rule.defined_in, list(rule.changed_in))


def _apply(rule: RawRule, document: Document, path: tuple[Any, ...], change: dict[str, Any]) -> None:
    origin = Origin(document, path)
    changes_limit = "check" in change or "when" in change
    if changes_limit and "provenance" not in change:
        raise origin.error(
            f"rule {rule.id}: an override that changes the check or its condition must state its "
            "provenance (published with a source, or illustrative with a note)"
        )
    if "provenance" in change:
        for name in PROVENANCE_FIELDS:
            rule.fields.pop(name, None)
    for key, value in change.items():
        if key == "check":
            for name, limit in value.items():
                rule.check[name] = (limit, Origin(document, path + ("check", name)))
        elif key == "when" and value is None:
            rule.fields.pop("when", None)
        else:
            rule.fields[key] = (value, Origin(document, path + (key,)))
    if rule.value("provenance") == "published" and "source" not in rule.fields:
        raise origin.error(f"rule {rule.id}: a published rule names its source: add 'source'")
    if rule.value("provenance") == "illustrative" and "note" not in rule.fields:
        raise origin.error(f"rule {rule.id}: an illustrative rule says why its figure is not official: add 'note'")
    rule.changed_in.append(document.file)
