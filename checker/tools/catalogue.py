"""The catalogue of a ruleset (``homologate rules``): every rule after ``extends`` and overrides, grouped by
area, with the file that defined it and those that changed it; as text for a terminal, Markdown for an
organiser to publish, JSON for programs.

One step (``gather``) decides what is shown of each rule; the renderers (checker.render.catalogue) only
lay it out, so the formats cannot disagree. A file is named by its bundled ruleset's name or by its path
relative to the folder of the ruleset asked for, never by a path of this machine: the Markdown made in a
clone, from an installed wheel or on another computer is the same file.
"""

from __future__ import annotations

import os
import shlex
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from checker.report import AREAS
from checker.ruleset.model import Rule, Ruleset
from checker.ruleset.raw import published

SEVERITIES = ("error", "warning", "info", "off")


@dataclass(frozen=True)
class Check:
    """The check as written: expressions as their text, ``members`` the values of ``in``."""

    value: str
    min: str | None
    max: str | None
    equals: str | None
    members: tuple[Any, ...] | None
    tolerance: str | None


@dataclass(frozen=True)
class Entry:
    """One rule as the catalogue shows it."""

    id: str
    title: str
    area: str
    severity: str
    provenance: str
    article: str
    source: str | None
    note: str | None
    help: str | None
    each: str | None
    when: str | None
    check: Check
    defined_in: str
    changed_in: tuple[str, ...]

    @property
    def illustrative(self) -> bool:
        return self.provenance == "illustrative"


@dataclass(frozen=True)
class Catalogue:
    name: str
    title: str
    version: str
    event_date: str | None
    description: str | None
    files: tuple[str, ...]  # the chain of files, the base first
    entries: tuple[Entry, ...]  # in the ruleset's order

    def counts(self) -> dict[str, int]:
        return {s: sum(e.severity == s for e in self.entries) for s in SEVERITIES}

    def illustrative(self) -> int:
        return sum(e.illustrative for e in self.entries)

    def areas(self) -> list[tuple[str, tuple[Entry, ...]]]:
        """(heading, entries) in scrutineering order; an area no rule has is left out."""
        order = list(AREAS)
        groups: dict[str, list[Entry]] = {}
        for entry in sorted(self.entries, key=lambda e: order.index(e.area) if e.area in AREAS else len(order)):
            groups.setdefault(AREAS.get(entry.area, "Other"), []).append(entry)
        return [(heading, tuple(entries)) for heading, entries in groups.items()]


def gather(ruleset: Ruleset) -> Catalogue:
    labels = file_labels(ruleset.files)
    entries = tuple(_entry(rule, labels) for rule in ruleset.rules)
    date = ruleset.event_date.isoformat() if ruleset.event_date else None
    return Catalogue(ruleset.name, ruleset.title, ruleset.version, date, ruleset.description,
                     tuple(labels[f] for f in ruleset.files), entries)  # fmt: skip


def file_labels(files: tuple[str, ...]) -> dict[str, str]:
    """Each file of the chain as a reader can name it: a bundled one by its name (as ``extends:`` and the
    command line name it), another by its path from the folder of the last file, the one asked for."""
    top = os.path.dirname(os.path.realpath(files[-1]))
    labels = {}
    for file in files:
        real = os.path.realpath(file)  # files are shown relative to the working folder, as loaded
        name = os.path.basename(real)
        if (label := published(file, short=True)) != file:  # a bundled one
            labels[file] = label
            continue
        try:
            labels[file] = Path(os.path.relpath(real, top)).as_posix()
        except ValueError:  # another drive
            labels[file] = name
    return labels


def _entry(rule: Rule, labels: dict[str, str]) -> Entry:
    # the tolerance as written ("2 mm"); the compiled rule keeps only its canonical number
    written = rule.raw.check if rule.raw is not None else {}
    tolerance = written["tolerance"][0] if "tolerance" in written else rule.tolerance
    check = Check(rule.value.source, _source(rule.min), _source(rule.max), _source(rule.equals),
                  rule.members_shown, None if tolerance is None else str(tolerance))  # fmt: skip
    return Entry(rule.id, rule.title, rule.area, rule.severity, rule.provenance, rule.article, rule.source,
                 rule.note, rule.help, _source(rule.each), _source(rule.when), check,
                 labels.get(rule.defined_in, rule.defined_in),
                 tuple(labels.get(f, f) for f in rule.changed_in))  # fmt: skip


def _source(compiled: Any) -> str | None:
    return None if compiled is None else str(compiled.source)


def literal(value: Any) -> str:
    """A value of ``in`` as it is written in YAML."""
    return ("true" if value else "false") if isinstance(value, bool) else str(value)


def worded(check: Check, code: Callable[[str], str] = str, text: Callable[[str], str] = str) -> str:
    """The check in words, its expressions as written through ``code`` (which quotes them) and the
    tolerance through ``text`` (which escapes it)."""
    value = code(check.value)
    if check.equals is not None:
        words = f"{value} must equal {code(check.equals)}"
    elif check.members is not None:
        words = f"{value} must be one of {', '.join(code(literal(m)) for m in check.members)}"
    elif check.min is not None and check.max is not None:
        words = f"{value} must be between {code(check.min)} and {code(check.max)}"
    elif check.min is not None:
        words = f"{value} must be at least {code(check.min)}"
    else:
        words = f"{value} must be at most {code(str(check.max))}"
    if check.tolerance is not None:
        words += f"; up to {text(check.tolerance)} outside the limit: marginal"
    return words


def origin(entry: Entry, code: Callable[[str], str] = str) -> str:
    changed = f"; changed in {', '.join(code(f) for f in entry.changed_in)}" if entry.changed_in else ""
    return f"defined in {code(entry.defined_in)}{changed}"


def command_line(ref: str, fmt: str, output: str | None) -> str:
    """The command that makes this output, as a published file states it: an absolute path (of this
    machine) is shortened to its file name."""
    words = ["homologate", "rules", os.path.basename(ref) if os.path.isabs(ref) else ref, "--format", fmt]
    if output is not None:
        words += ["-o", os.path.basename(output) if os.path.isabs(output) else output]
    return " ".join(shlex.quote(w) for w in words)
