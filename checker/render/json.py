"""The whole run as one JSON document: the stable, documented form for programs and for ``--baseline``.

Field names are defined by ``checker/schemas/report.schema.json`` (shipped in the package); a change
that is not backwards compatible raises ``format_version``. Quantities are given twice: formatted for
people (``measured``: "1760 mm") and raw in canonical units (``measured_value``: 1760.0, ``unit``: "mm").
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

from checker.render.pretty import pretty
from checker.render.stream import Items, Spliced, Streamed
from checker.report import REPORT_FORMAT, FailOn, Finding, Report, RuleInfo, RulesetInfo, Run, Unchecked, WaiverNote
from checker.version import __version__

FORMAT, FORMAT_VERSION = REPORT_FORMAT, 1


class Stream(Streamed):
    """The document written report by report. Its ``exit_code`` and ``summary`` come before the reports, so
    the writer keeps the reports' text aside until the end; the specs that could not be checked, listed
    after the reports, are kept (a few hundred bytes each)."""

    totals_first = True

    def __init__(self, ruleset: RulesetInfo, **options: Any) -> None:
        super().__init__(ruleset, **options)
        self.unchecked: list[Unchecked] = []
        self._frame: Spliced | None = None

    def piece(self, item: Report | Unchecked) -> str:
        if isinstance(item, Unchecked):
            self.unchecked.append(item)
            return ""
        return _REPORTS.item(_report(item, self.fail_on), first=self.tally.checked == 1)

    def frame(self) -> Spliced:
        """The document around its list of reports, once every spec is counted."""
        if self._frame is None:
            self._frame = Spliced(dumps(_document(self)), "reports")
        return self._frame

    def head(self) -> str:
        return self.frame().before + ("" if self.tally.checked else "[]")

    def tail(self) -> str:
        return (_REPORTS.close() if self.tally.checked else "") + self.frame().after


def render(run: Run, **options: Any) -> str:
    return Stream.render(run, **options)


def dumps(data: Any) -> str:
    """A document as homologate writes JSON: 2-space indent, non-ASCII as it is, no NaN, dates in ISO."""
    return _dumps(data) + "\n"


def _dumps(data: Any) -> str:
    return pretty(data, allow_nan=False, default=_plain)  # json.dumps(indent=2, ensure_ascii=False), faster


_REPORTS = Items(2, _dumps)


def _document(stream: Stream) -> dict[str, Any]:
    """The document with its list of reports empty (written apart, as each spec is checked)."""
    info, tally = stream.ruleset, stream.tally
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "homologate": __version__,
        "ruleset": {
            "name": info.name,
            "title": info.title,
            "version": info.version,
            "event_date": info.event_date,
            "files": list(info.files),
            "sha256": list(info.sha256),
            "rules": [_rule(r) for r in info.rules],
        },
        "strict": stream.fail_on is FailOn.MARGINAL,
        "fail_on": stream.fail_on,
        "baseline": stream.baseline,
        "exit_code": tally.exit_code,
        "summary": {
            "specs": tally.specs,
            "compliant": tally.compliant,
            "not_compliant": tally.not_compliant,
            "unchecked": tally.unchecked,
            "passed": tally.passed,
            "failed": tally.failing,
        },
        "reports": [],
        "unchecked": [_unchecked(u) for u in stream.unchecked],
    }


def _rule(rule: RuleInfo) -> dict[str, Any]:
    return {**dataclasses.asdict(rule), "illustrative": rule.illustrative}


def _report(report: Report, fail_on: FailOn) -> dict[str, Any]:
    v = report.vehicle
    baseline = report.baseline
    return {
        "spec_file": report.spec_file,
        "spec_sha256": report.spec_sha256,
        "vehicle": {"make": v.make, "model": v.model, "homologation_form": v.homologation_form,
                    "class": v.vehicle_class, "entry": v.entry},
        "checked_on": report.on,
        "compliant": report.compliant,
        "exit_code": report.exit_code(fail_on=fail_on),
        "counts": report.counts(),
        "baseline": None if baseline is None else {
            "ref": baseline.ref,
            "note": baseline.note,
            "fixed": [finding(f, report.spec_file) for f in baseline.fixed],
        },
        "findings": [finding(f, report.spec_file) for f in report.findings],
        "unused_waivers": [_waiver(w) for w in report.unused_waivers],
    }


def finding(f: Finding, spec_file: str) -> dict[str, Any]:
    f.worded()  # every field shown: made at once
    rule = f.rule  # its facts read once, not through the finding's properties
    return {
        "rule_id": rule.id,
        "title": rule.title,
        "area": rule.area,
        "verdict": f.verdict,
        "severity": rule.severity,
        "blocking": f.blocking,
        "baseline": f.baseline,
        "waiver": _waiver(f.waiver) if f.waiver else None,
        "message": f.message,
        "file": spec_file,
        "path": f.path,
        "line": f.line,
        "column": f.column,
        "measured": f.measured,
        "limit": f.limit,
        "margin": f.margin,
        "derivation": f.derivation,
        "measured_value": f.measured_value,
        "limit_value": f.limit_value,
        "margin_value": f.margin_value,
        "unit": f.unit,
        "article": rule.article,
        "provenance": rule.provenance,
        "illustrative": rule.illustrative,
        "source": rule.source,
        "note": rule.note,
    }


def _waiver(w: WaiverNote) -> dict[str, Any]:
    return {"rule": w.rule, "reference": w.reference, "reason": w.reason, "granted_by": w.granted_by,
            "expires": w.expires, "path": w.path, "state": w.state, "waived_verdict": w.verdict,
            "file": w.file, "line": w.line, "column": w.column}  # fmt: skip


def _unchecked(u: Unchecked) -> dict[str, Any]:
    """A spec that could not be checked: its first problem, and in ``more`` the others found at once."""
    return {**_problem(u), "more": [_problem(p) for p in u.more]}


def _problem(u: Unchecked) -> dict[str, Any]:
    return {"file": u.file, "line": u.line, "column": u.column, "message": u.message}


def _plain(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, (set, frozenset, tuple)):
        return list(value)
    raise TypeError(f"cannot write {type(value).__name__} as JSON")
