"""The whole run as one JSON document: the stable, documented form for programs and for ``--baseline``.

Field names are defined by ``checker/schemas/report.schema.json`` (shipped in the package); a change
that is not backwards compatible raises ``format_version``. Quantities are given twice: formatted for
people (``measured``: "1760 mm") and raw in canonical units (``measured_value``: 1760.0, ``unit``: "mm").
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence
from functools import cache
from json.encoder import encode_basestring  # the C function where there is one
from typing import Any

from checker.render.pretty import Written, pretty, scalar
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
        return _REPORTS.item(_report(item, self.fail_on, _REPORTS.indent), first=self.tally.checked == 1)

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


def _dumps(data: Any, nl: str = "\n") -> str:
    return pretty(data, allow_nan=False, default=_plain, nl=nl)  # json.dumps(indent=2, ensure_ascii=False), faster


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


def _report(report: Report, fail_on: FailOn, nl: str = "\n") -> dict[str, Any]:
    """A report as data; its findings written already (``written``), for the report to be written at ``nl``."""
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
        "findings": written(report.findings, report.spec_file, nl + "  "),
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


def written(findings: Sequence[Finding], spec_file: str, nl: str) -> Written:
    """The list of ``finding`` of each of ``findings``, as ``pretty`` writes it where ``nl`` says, byte for
    byte, without making the dictionaries: each rule's own fields (its id, title and area first, its
    article, provenance, source and note last) are written once a run, then copied into each finding."""
    if not findings:
        return Written("[]")
    item, inner = nl + "  ", nl + "    "
    keys = _keys(inner)
    file = encode_basestring(spec_file)
    parts = ["["]
    for f in findings:
        f.worded()  # every field shown: made at once
        head, severity, tail = _rule_text(f.rule, inner)
        waiver = f.waiver
        parts += [item, head, keys["verdict"], encode_basestring(f.verdict), severity, keys["blocking"],
                  "true" if f.blocking else "false", keys["baseline"], _scalar(f.baseline, inner), keys["waiver"],
                  _scalar(_waiver(waiver) if waiver else None, inner), keys["message"], encode_basestring(f.message),
                  keys["file"], file, keys["path"], encode_basestring(f.path), keys["line"], _scalar(f.line, inner),
                  keys["column"], _scalar(f.column, inner), keys["measured"], _scalar(f.measured, inner),
                  keys["limit"], _scalar(f.limit, inner), keys["margin"], _scalar(f.margin, inner),
                  keys["derivation"], _scalar(f.derivation, inner), keys["measured_value"],
                  _scalar(f.measured_value, inner), keys["limit_value"], _scalar(f.limit_value, inner),
                  keys["margin_value"], _scalar(f.margin_value, inner), keys["unit"], _scalar(f.unit, inner), tail,
                  item, "},"]  # fmt: skip
    parts[-1] = "}"
    return Written("".join(parts) + nl + "]")


@cache
def _keys(inner: str) -> dict[str, str]:
    """Each field's name as written after the field before it, its line indented by ``inner``."""
    return {name: "," + inner + encode_basestring(name) + ": " for name in _FIELDS}


_FIELDS = ("rule_id", "title", "area", "verdict", "severity", "blocking", "baseline", "waiver", "message", "file",
           "path", "line", "column", "measured", "limit", "margin", "derivation", "measured_value", "limit_value",
           "margin_value", "unit", "article", "provenance", "illustrative", "source", "note")  # as ``finding``
_RULE_TEXT: dict[int, tuple[RuleInfo, str, tuple[str, str, str]]] = {}  # id(rule) -> (rule, inner, its text)


def _rule_text(rule: RuleInfo, inner: str) -> tuple[str, str, str]:
    """A rule's fields in a finding: the first three (``{`` included), the severity, the last five."""
    known = _RULE_TEXT.get(id(rule))
    if known is not None and known[0] is rule and known[1] == inner:
        return known[2]
    keys = _keys(inner)
    text = ("{" + inner + encode_basestring("rule_id") + ": " + encode_basestring(rule.id) + keys["title"]
            + encode_basestring(rule.title) + keys["area"] + encode_basestring(rule.area),
            keys["severity"] + encode_basestring(rule.severity),
            keys["article"] + encode_basestring(rule.article) + keys["provenance"] + encode_basestring(rule.provenance)
            + keys["illustrative"] + ("true" if rule.illustrative else "false") + keys["source"]
            + _scalar(rule.source, inner) + keys["note"] + _scalar(rule.note, inner))  # fmt: skip
    if len(_RULE_TEXT) >= 4096:
        _RULE_TEXT.clear()
    _RULE_TEXT[id(rule)] = (rule, inner, text)  # the rule kept with its text: its id is not reused meanwhile
    return text


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



def _scalar(value: Any, nl: str) -> str:
    return scalar(value, nl, False, _plain)  # one value of a report, as _dumps writes it
