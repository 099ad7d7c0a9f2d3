"""Waivers: deviations an organiser grants, applied to a report after evaluation.

A waiver names a rule (and, for a rule applied to each item, optionally the one value it covers), a
reference number, the reason, who granted it and its expiry date. On the check date a waiver in force
turns a failing or marginal finding into ``waived``; one past its expiry no longer applies, and the
finding says so. Waivers come from the spec's own ``waivers:`` list and from ``--waivers FILE``.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from checker.errors import InputError
from checker.report import APPLIED, EXPIRED, IGNORED, WAIVED, Finding, Report, WaiverNote
from checker.text import did_you_mean

if TYPE_CHECKING:
    from checker.read.document import Document
    from checker.spec.model import Waiver


def from_document(waivers: Sequence[Waiver], document: Document) -> list[WaiverNote]:
    """The validated waivers of a spec or a waivers file, each with where it was written."""
    notes = []
    for index, w in enumerate(waivers):
        line, column = document.position(("waivers", index, "rule"))
        notes.append(WaiverNote(w.rule, w.reference, w.reason, w.granted_by, w.expires, w.path,
                                document.file, line, column))
    return notes


def load_file(path: str) -> list[WaiverNote]:
    """A waivers file: a YAML mapping with one key, ``waivers``, a list written as in a spec."""
    from checker.read.document import load_file as load_yaml
    from checker.spec.load import validate
    from checker.spec.model import WaiverFile

    document = load_yaml(Path(path), path)
    return from_document(validate(document, WaiverFile).waivers, document)


def check_rules(waivers: Iterable[WaiverNote], rule_ids: Sequence[str]) -> None:
    """A waiver must name a rule of the ruleset: a misspelt id would silently waive nothing."""
    for w in waivers:
        if w.rule not in rule_ids:
            hint = did_you_mean(w.rule, rule_ids)
            raise InputError(w.file, w.line, w.column, f"waiver {w.reference}: no rule '{w.rule}' in the ruleset{hint}")


def apply(report: Report, waivers: Sequence[WaiverNote]) -> Report:
    """``report`` with each failing or marginal finding that a waiver covers marked: waived while the
    waiver is in force on the check date, still failing (and saying so) once it has expired."""
    if not waivers:
        return report
    used: set[int] = set()
    findings = []
    for finding in report.findings:
        if finding.problem:
            covering = [i for i, w in enumerate(waivers) if covers(w, finding)]
            # the first in force (a renewal wins over the waiver it renews), else the first, expired
            index = next((i for i in covering if waivers[i].expires >= report.on), covering[0] if covering else None)
            if index is not None:
                used.add(index)
                used.update(i for i in covering if waivers[i].expires < report.on)  # renewed: not "unused"
                finding = _waive(finding, waivers[index], report.on)
        findings.append(finding)
    unused = tuple(dataclasses.replace(w, state=_state(w, report.on)) for i, w in enumerate(waivers) if i not in used)
    return dataclasses.replace(report, findings=tuple(findings), unused_waivers=unused)


def covers(waiver: WaiverNote, finding: Finding) -> bool:
    return waiver.rule == finding.rule_id and (waiver.path is None or waiver.path == finding.path)


def _state(waiver: WaiverNote, day: dt.date) -> str:
    return APPLIED if waiver.expires >= day else EXPIRED


def _waive(finding: Finding, waiver: WaiverNote, day: dt.date) -> Finding:
    note = dataclasses.replace(waiver, state=_state(waiver, day), verdict=finding.verdict)
    if note.state == APPLIED:
        message = f"{finding.message}; waived by {waiver.reference} until {waiver.expires.isoformat()}"
        return dataclasses.replace(finding, verdict=WAIVED, message=message, waiver=note)
    message = f"{finding.message} (waiver {waiver.reference} expired on {waiver.expires.isoformat()})"
    return dataclasses.replace(finding, message=message, waiver=note)


def ignored(report: Report, waivers: Sequence[WaiverNote]) -> Report:
    """``report`` listing ``waivers`` (a spec's own, in a run that applies only the organiser's) as ignored:
    shown, so the team sees they were not applied, never applied."""
    if not waivers:
        return report
    noted = tuple(dataclasses.replace(w, state=IGNORED) for w in waivers)
    return dataclasses.replace(report, unused_waivers=report.unused_waivers + noted)
