"""The whole run as one JSON document: the stable, documented form for programs and for ``--baseline``.

Field names are defined by ``checker/schemas/report.schema.json`` (shipped in the package); a change
that is not backwards compatible raises ``format_version``. Quantities are given twice: formatted for
people (``measured``: "1760 mm") and raw in canonical units (``measured_value``: 1760.0, ``unit``: "mm").
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from typing import Any

from checker.report import REPORT_FORMAT, Finding, Report, RuleInfo, Run, Unchecked, WaiverNote
from checker.version import __version__

FORMAT, FORMAT_VERSION = REPORT_FORMAT, 1


def render(run: Run, **_: Any) -> str:
    return dumps(document(run))


def dumps(data: Any) -> str:
    """A document as homologate writes JSON: 2-space indent, non-ASCII as it is, no NaN, dates in ISO."""
    return json.dumps(data, indent=2, ensure_ascii=False, allow_nan=False, default=_plain) + "\n"


def document(run: Run) -> dict[str, Any]:
    reports = run.reports
    info = run.ruleset
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
        "strict": run.strict,
        "baseline": run.baseline,
        "exit_code": run.exit_code,
        "summary": {
            "specs": len(run.items),
            "compliant": sum(r.compliant for r in reports),
            "not_compliant": sum(not r.compliant for r in reports),
            "unchecked": len(run.unchecked),
        },
        "reports": [_report(r, run.strict) for r in reports],
        "unchecked": [_unchecked(u) for u in run.unchecked],
    }


def _rule(rule: RuleInfo) -> dict[str, Any]:
    return {**dataclasses.asdict(rule), "illustrative": rule.illustrative}


def _report(report: Report, strict: bool) -> dict[str, Any]:
    v = report.vehicle
    baseline = report.baseline
    return {
        "spec_file": report.spec_file,
        "spec_sha256": report.spec_sha256,
        "vehicle": {"make": v.make, "model": v.model, "homologation_form": v.homologation_form,
                    "class": v.vehicle_class, "entry": v.entry},
        "checked_on": report.on,
        "compliant": report.compliant,
        "exit_code": report.exit_code(strict=strict),
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
    return {
        "rule_id": f.rule_id,
        "title": f.title,
        "area": f.area,
        "verdict": f.verdict,
        "severity": f.severity,
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
        "article": f.article,
        "provenance": f.provenance,
        "illustrative": f.illustrative,
        "source": f.source,
        "note": f.note,
    }


def _waiver(w: WaiverNote) -> dict[str, Any]:
    return {"rule": w.rule, "reference": w.reference, "reason": w.reason, "granted_by": w.granted_by,
            "expires": w.expires, "path": w.path, "state": w.state, "waived_verdict": w.verdict,
            "file": w.file, "line": w.line, "column": w.column}  # fmt: skip


def _unchecked(u: Unchecked) -> dict[str, Any]:
    return {"file": u.file, "line": u.line, "column": u.column, "message": u.message}


def _plain(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, (set, frozenset, tuple)):
        return list(value)
    raise TypeError(f"cannot write {type(value).__name__} as JSON")
