"""Baselines: compare a spec's findings with what they were at a git revision or in an earlier JSON report.

A failing or marginal finding is *new* when the baseline did not have it, *worse* when it did but the
verdict or the margin is now worse, and *existing* otherwise; only new and worse ones count against the
run. Problems of the baseline that are gone are reported as *fixed*. Findings are matched by rule id and
spec path (``STK-TRACK-FRONT`` at ``build.chassis.track_front``), never by line: an edit above a value
moves its line without changing the finding.

The comparison is pure (``compare``); reading a spec at a revision goes through git itself, and an
earlier report through the JSON the ``json`` renderer writes.
"""

from __future__ import annotations

import dataclasses
import json
import math
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from checker.errors import InputError
from checker.read.git import Revision
from checker.report import (
    EXISTING,
    FAIL,
    MARGINAL,
    NEW,
    REPORT_FORMAT,
    SEVERITIES,
    VERDICTS,
    WORSE,
    Baseline,
    Finding,
    Report,
    RuleInfo,
    Severity,
    Verdict,
)
from checker.text import clip, describe

EPSILON = 1e-6


def compare(report: Report, before: Report | None, ref: str, note: str | None = None) -> Report:
    """``report`` with each problem marked new, worse or existing against ``before`` (None: all new)."""
    old = {f.key: f for f in before.findings if f.problem} if before else {}
    return _marked(report, old, ref, note)


def _marked(report: Report, old: dict[tuple[str, str], Finding], ref: str, note: str | None) -> Report:
    findings = []
    for finding in report.findings:
        if finding.problem:
            was = old.get(finding.key)
            state = NEW if was is None else WORSE if _worse(finding, was) else EXISTING
            finding = dataclasses.replace(finding, baseline=state)
        findings.append(finding)
    now = {f.key for f in report.findings if f.problem}
    fixed = tuple(f for key, f in old.items() if key not in now)
    return dataclasses.replace(report, findings=tuple(findings), baseline=Baseline(ref, fixed, note))


def _worse(now: Finding, was: Finding) -> bool:
    if now.verdict.badness > was.verdict.badness:
        return True
    return (now.margin_value is not None and was.margin_value is not None
            and now.margin_value < was.margin_value - EPSILON)


# --- git revisions --------------------------------------------------------------------------------------


def git_baseline(rev: str) -> Revision:
    """The revision ``--baseline REV`` names."""
    return Revision(rev, called=f"--baseline {rev}", no_git="git is not installed (a JSON report works without it)")


def from_git(report: Report, path: Path, git: Revision, check: Callable[[str, str], Report]) -> Report:
    """Compare with the spec at the revision; ``check(text, name)`` evaluates a text with the same ruleset."""
    raw = git.bytes_of(path, report.spec_file)
    if raw is None:
        return compare(report, None, git.rev, f"not in {git.rev}: checked in full")
    from checker.read.files import decode

    name = f"{report.spec_file} at {git.rev}"
    try:
        before = check(decode(raw, name), name)
    except InputError as exc:
        return compare(report, None, git.rev, f"could not be read at {git.rev} ({exc.message}): checked in full")
    return compare(report, before, git.rev)


# --- earlier JSON reports -------------------------------------------------------------------------------

_PASSED = ("measured", "limit", "margin", "derivation", "measured_value", "limit_value", "margin_value", "unit")
_REQUIRED = ("rule_id", "path", "verdict")


class JsonBaseline:
    """The problems of each spec in a report written by ``--format json``, keyed by the spec's path."""

    def __init__(self, file: str) -> None:
        self.ref = file
        self.specs: dict[str, dict[tuple[str, str], Finding]] = {}
        text = _read(file)
        data = _load(text, file)

        def fail(where: tuple[Any, ...], message: str) -> InputError:
            from checker.read.document import locate

            line, column = locate(text, where)
            return InputError(file, line, column, f"--baseline: {message}")

        if not isinstance(data, dict) or data.get("format") != REPORT_FORMAT:
            raise fail(("format",), "expected a report written by 'homologate check --format json' "
                                    f"(\"format\": \"{REPORT_FORMAT}\")")
        reports = data.get("reports")
        if not isinstance(reports, list):
            raise fail(("reports",), f"reports: expected a list, got {describe(reports)}")
        for i, report in enumerate(reports):
            self._add(report, ("reports", i), fail)

    def _add(self, report: Any, where: tuple[Any, ...], fail: Callable[..., InputError]) -> None:
        if not isinstance(report, dict) or not isinstance(report.get("spec_file"), str):
            raise fail(where, "expected a report with a \"spec_file\"")
        findings = report.get("findings")
        if not isinstance(findings, list):
            raise fail(where + ("findings",), f"findings: expected a list, got {describe(findings)}")
        problems: dict[tuple[str, str], Finding] = {}
        for j, item in enumerate(findings):
            at = where + ("findings", j)
            if not isinstance(item, dict) or any(not isinstance(item.get(k), str) for k in _REQUIRED):
                raise fail(at, f"expected a finding with {', '.join(_REQUIRED)} as text")
            if item["verdict"] not in VERDICTS:
                raise fail(at + ("verdict",),
                           f"verdict: expected one of {', '.join(VERDICTS)}, got {describe(item['verdict'])}")
            margin = item.get("margin_value")
            if margin is not None and not _finite(margin):
                raise fail(at + ("margin_value",),
                           f"margin_value: expected a finite number or null, got {describe(margin)}")
            if item["verdict"] in (FAIL, MARGINAL):
                finding = _finding(item)
                problems[finding.key] = finding
        self.specs[_key(report["spec_file"])] = problems

    def compare(self, report: Report) -> Report:
        old = self.specs.get(_key(report.spec_file))
        if old is None:
            return compare(report, None, self.ref, f"not in {self.ref}: checked in full")
        return _marked(report, old, self.ref, None)


def _finding(item: dict[str, Any]) -> Finding:
    """A finding from its JSON form (the ``json`` renderer's); fields a reader does not need for the
    comparison get defaults where the file gives none of the right type."""

    def text(name: str, default: str) -> str:
        value = item.get(name)
        return value if isinstance(value, str) else default

    def line(name: str) -> int:
        value = item.get(name)
        return value if isinstance(value, int) and not isinstance(value, bool) else 1

    severity = item.get("severity")
    rule = RuleInfo(id=item["rule_id"], title=text("title", ""), area=text("area", ""),
                    article=text("article", ""), provenance=text("provenance", "published"),
                    severity=Severity(severity) if severity in SEVERITIES else Severity.ERROR,
                    source=item.get("source"), note=item.get("note"), help=None)  # fmt: skip
    passed = {name: item.get(name) for name in _PASSED}  # shown again as the run wrote them (a fixed problem)
    return Finding(rule=rule, verdict=Verdict(item["verdict"]), message=text("message", ""), path=item["path"],
                   line=line("line"), column=line("column"), **passed)  # fmt: skip


def _finite(value: Any) -> bool:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return False
    try:
        return math.isfinite(float(value))
    except OverflowError:  # an integer too large for a float
        return False


def _key(spec_file: str) -> str:
    """Spec paths as given on the command line, compared the same however they were spelt."""
    path = os.path.normpath(spec_file)
    if os.path.isabs(path):
        try:
            path = os.path.relpath(path)
        except ValueError:  # another drive on Windows
            pass
    return path.replace(os.sep, "/")


def _read(file: str) -> str:
    from checker.read.files import decode, read_bytes

    try:
        return decode(read_bytes(Path(file), file, MAX_BASELINE_BYTES, "a JSON report file"), file, MAX_BASELINE_BYTES)
    except InputError as exc:
        raise InputError(exc.file, exc.line, exc.column, f"--baseline: {exc.message}") from None


def _load(text: str, file: str) -> Any:
    """The JSON of a report: standard JSON only (no NaN or Infinity), numbers of a sane size."""

    def refuse(value: str) -> Any:
        raise _BadNumber(value)

    def integer(digits: str) -> int:
        return int(digits) if len(digits.lstrip("-")) <= _MAX_DIGITS else refuse(digits)

    def real(digits: str) -> float:
        number = float(digits)
        return number if math.isfinite(number) else refuse(digits)

    try:
        return json.loads(text, parse_constant=refuse, parse_int=integer, parse_float=real)
    except json.JSONDecodeError as exc:
        raise InputError(file, exc.lineno, exc.colno, f"--baseline: invalid JSON: {exc.msg}") from None
    except RecursionError:
        raise InputError(file, 1, 1, "--baseline: invalid JSON: nested too deeply") from None
    except _BadNumber as exc:
        import re

        found = re.search(r"(?<![0-9A-Za-z])" + re.escape(exc.value), text)  # where it is, as near as it can be told
        at = found.start() if found else 0
        line = text.count("\n", 0, at) + 1
        value = exc.value.lstrip("-")
        what = f"a number of {len(value)} digits" if value.isdigit() else clip(exc.value)
        raise InputError(file, line, at - text.rfind("\n", 0, at),
                         f"--baseline: expected a finite number of at most {_MAX_DIGITS} digits, got {what}") from None


MAX_BASELINE_BYTES = 64 * 1024 * 1024  # a --format json report of about a thousand specs
_MAX_DIGITS = 20  # no count, line or measure in a report has more


class _BadNumber(Exception):
    def __init__(self, value: str) -> None:
        super().__init__(value)
        self.value = value


def is_json_baseline(ref: str) -> bool:
    """A ``*.json`` baseline is an earlier report (a missing one is an error, not a git revision)."""
    return ref.endswith(".json")
