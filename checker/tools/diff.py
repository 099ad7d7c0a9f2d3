"""``homologate diff OLD NEW``: the values that changed between two versions of a spec, and the findings
that changed with them.

``compare`` is pure: it walks the two validated specs field by field (lists by index), evaluates both
against one ruleset on one date, pairs their findings by rule and spec path (``Finding.key``, the key
baselines match on) and ties each changed finding to the changed values its rule reads. Its exit status
is that of ``check --baseline OLD``: ``baseline.compare`` marks the new version's problems new, worse
or existing. ``load`` reads OLD or NEW: a spec file, or ``REV:PATH`` read through git as baselines are.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from pathlib import Path

from checker.errors import InputError
from checker.evaluate import baseline
from checker.read.files import is_dir, is_file
from checker.read.git import Revision
from checker.report import FailOn, Finding, Report
from checker.ruleset.model import Rule, Ruleset
from checker.spec.load import LoadedSpec, load_spec, validate
from checker.text import dotted
from checker.tools.changed_values import CHANGED, Path_, ValueChange, value_changes

NEW, GONE = "new", "gone"  # a finding that appears, that is no longer there (or CHANGED)
WORSE, BETTER, OTHER = "worse", "better", "other"
_COMPARED = ("verdict", "measured", "limit", "margin")  # what makes a finding "changed" (not its line)


@dataclass(frozen=True)
class FindingChange:
    """A finding whose verdict, measured value, limit or margin changed, or that appeared or went."""

    old: Finding | None
    new: Finding | None
    direction: str  # worse, better or other
    values: tuple[str, ...]  # the changed values its rule reads, as ValueChange.name

    @property
    def finding(self) -> Finding:
        return self.new if self.new is not None else self.old  # type: ignore[return-value]

    @property
    def change(self) -> str:
        return NEW if self.old is None else GONE if self.new is None else CHANGED


@dataclass(frozen=True)
class Diff:
    old: Report
    new: Report  # its problems marked new, worse or existing against ``old``, as check --baseline does
    values: tuple[ValueChange, ...]
    findings: tuple[FindingChange, ...]
    fail_on: FailOn = FailOn.ERROR

    @property
    def exit_code(self) -> int:
        return self.new.exit_code(fail_on=self.fail_on)

    @property
    def identical(self) -> bool:
        return not self.values and not self.findings

    def under(self, value: ValueChange) -> list[FindingChange]:
        return [f for f in self.findings if value.name in f.values]

    @property
    def unattached(self) -> list[FindingChange]:
        """Findings that changed without a changed value their rule reads."""
        return [f for f in self.findings if not f.values]

    def counts(self) -> dict[str, int]:
        directions = [f.direction for f in self.findings]
        return {d: directions.count(d) for d in (WORSE, BETTER, OTHER)}


def compare(old: LoadedSpec, new: LoadedSpec, ruleset: Ruleset, on: dt.date | None = None, *,
            fail_on: FailOn = FailOn.ERROR) -> Diff:  # fmt: skip
    from checker.evaluate.judge import check_date

    day = check_date(ruleset, on)
    before = _report(old, ruleset, day)
    after = baseline.compare(_report(new, ruleset, day), before, old.file)
    values = tuple(value_changes(old, new))
    findings = tuple(finding_changes(before, after, ruleset, values))
    return Diff(before, after, values, findings, fail_on)


def _report(loaded: LoadedSpec, ruleset: Ruleset, day: dt.date) -> Report:
    """The spec evaluated as ``check`` does, its own waivers applied (a waiver is a value of the spec)."""
    from checker.pipeline import Checker, Options

    return Checker(Options(ruleset.name, day), ruleset).check_loaded(loaded)


# --- findings ----------------------------------------------------------------------------------------


def finding_changes(before: Report, after: Report, ruleset: Ruleset,
                    values: tuple[ValueChange, ...]) -> list[FindingChange]:
    """Findings paired by ``Finding.key`` (rule and spec path, never the line): those of the new report
    in its order, then those that are gone; each that changed, with the changed values it reads."""
    old = {f.key: f for f in before.findings}
    now = {f.key for f in after.findings}
    pairs = [(old.get(f.key), f) for f in after.findings] + [(f, None) for f in before.findings if f.key not in now]
    rules = {r.id: r for r in ruleset.rules}
    changes = []
    for was, is_ in pairs:
        if was is not None and is_ is not None and all(getattr(was, n) == getattr(is_, n) for n in _COMPARED):
            continue
        finding = is_ if is_ is not None else was
        assert finding is not None
        reads = _reads(rules[finding.rule_id], finding.path)
        tied = tuple(v.name for v in values if _ties(reads, v))
        changes.append(FindingChange(was, is_, _direction(was, is_), tied))
    return changes


def _direction(was: Finding | None, is_: Finding | None) -> str:
    if was is None or is_ is None:
        problem = (is_ or was).problem  # type: ignore[union-attr]
        return OTHER if not problem else WORSE if was is None else BETTER
    then, now = was.verdict.badness, is_.verdict.badness
    if then != now:
        return WORSE if now > then else BETTER
    if (was.margin_value is not None and is_.margin_value is not None
            and abs(is_.margin_value - was.margin_value) > baseline.EPSILON):
        return WORSE if is_.margin_value < was.margin_value else BETTER
    return OTHER


_WHOLE, _LENGTH, _ITEM = "whole", "length", "item"  # how a rule reads a path (see _ties)


def _reads(rule: Rule, at: str) -> list[tuple[Path_, str]]:
    """The spec values a finding's rule reads, each with how: whole (its value, or every item of a list),
    length (count() of a list) or item (an each rule's item, there or not); the names of an each rule's
    item are placed at the finding's item (its index read from the finding's path)."""
    item: Path_ = ()
    if rule.each is not None:
        item = rule.each.names[0].path
        prefix = dotted(item) + "["
        if at.startswith(prefix):
            item += (int(at[len(prefix) : at.index("]", len(prefix))]),)
    found: list[tuple[Path_, str]] = [(item, _ITEM)] if item else []
    for compiled in (rule.when, rule.value, rule.min, rule.max, rule.equals):
        for name in compiled.names if compiled else ():
            if name.path[0] == "item":
                found.append((item + name.path[1:], _WHOLE))
            elif name.path[0] != "check_date":  # a list read by count() does not see an item change
                found.append((name.path, _LENGTH if name.counted else _WHOLE))
    return found


def _ties(reads: list[tuple[Path_, str]], value: ValueChange) -> bool:
    for path, how in reads:
        if path[: len(value.path)] == value.path:  # the value itself, or inside an added or removed item
            return True
        inside = value.path[: len(path)] == path  # a value inside what the rule reads: an item of its list
        if inside and (how == _WHOLE or (how == _LENGTH and value.change != CHANGED)):
            return True
    return False


# --- reading OLD and NEW -----------------------------------------------------------------------------


def split_revision(arg: str) -> tuple[str, str] | None:
    """``REV:PATH`` as (REV, PATH); None for a spec file (an existing file whose name has ':' is one)."""
    if is_file(Path(arg)):
        return None
    rev, sep, path = arg.partition(":")
    return (rev, path) if sep and rev and path else None


def load(arg: str) -> LoadedSpec:
    """A spec file, or ``REV:PATH``: the file PATH (a path as for a file, not from the repository's
    root) as it was at git revision REV, read through ``git show``; errors name it as written."""
    revision = split_revision(arg)
    if revision is None:
        return load_spec(Path(arg), arg)
    from checker.read.document import parse
    from checker.read.files import decode

    raw = _at_revision(revision[0], Path(revision[1]), arg)
    document = parse(decode(raw, arg), arg)
    document.sha256 = hashlib.sha256(raw).hexdigest()
    return LoadedSpec(validate(document), document)


def _at_revision(rev: str, path: Path, display: str) -> bytes:
    if is_dir(path):
        raise InputError(display, 1, 1, "expected a YAML file, got a folder")
    revision = Revision(rev, called=f"revision {rev}",
                        no_git="git is not installed: a spec at a revision is read through git")
    raw = revision.bytes_of(path, display)
    if raw is None:
        raise revision.refuse(display, "no such file at this revision")
    return raw
