"""JUnit XML, the test report every CI system shows (Jenkins, GitLab, Azure, GitHub test-report actions).

Valid against the Apache Ant schema (Windy Road's XSD): ``<testsuites>`` with one ``<testsuite>`` per
spec and one ``<testcase>`` per applicable rule (per item for a rule applied to each seat, harness...).
A case's ``classname`` names its spec as pytest names a test module, its path without the extension and
with dots between folders (``specs/defender-d7x-r.yaml``: ``specs.defender-d7x-r``; Jenkins shows package
``specs``, class ``defender-d7x-r``), so that tools grouping cases by class show one group per spec. Its
name says the rule's area, id and title, and for an item of a list its path however long the list:
``[chassis] STK-TRACK-FRONT: Front track``, ``[safety] T2-SEAT-STANDARD: Seat standard
(build.safety.seats[0].standard)``; names are unique in their suite.
``--fail-on`` decides which findings are a ``<failure>``, as it decides the exit status: a failed error
rule always (its type ``error``); with ``warning`` also a failed warning rule (type ``warning``); with
``marginal`` (``--strict``) also a marginal value (type ``marginal``). A failure that a baseline shows was
already there is ``<skipped>``: it is not what this change broke; so is a waived one. Any other problem
(a marginal value, a failed warning or info rule below the threshold) is a pass, its message in the
suite's ``system-out``. A spec that could not be checked is a suite with one ``<error>``. Rules are not timed:
``time`` is 0. The timestamp is the run's, or ``SOURCE_DATE_EPOCH`` where set (reproducible output).
"""

from __future__ import annotations

import re
import socket
import xml.etree.ElementTree as ET
from collections import Counter
from functools import lru_cache
from pathlib import PurePosixPath
from typing import Any

from checker.render.clock import timestamp
from checker.render.sections import verdict_words
from checker.render.stream import Streamed
from checker.report import (
    FAIL,
    MARGINAL,
    NOT_APPLICABLE,
    PASS,
    WAIVED,
    FailOn,
    Finding,
    Report,
    RulesetInfo,
    Run,
    Unchecked,
)
from checker.text import place

_ITEM = re.compile(r"\[\d+\]")  # in a value's path: an item of a list (build.safety.seats[0].standard)
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")  # not allowed in XML 1.0


class Stream(Streamed):
    """The document written suite by suite: ``<testsuites>`` carries no totals, so nothing is kept but the
    run's timestamp and host, taken when the run starts."""

    def __init__(self, ruleset: RulesetInfo, **options: Any) -> None:
        super().__init__(ruleset, **options)
        self.stamp, self.host = timestamp(), socket.gethostname() or "localhost"

    def head(self) -> str:
        return '<?xml version="1.0" encoding="UTF-8"?>\n'

    def piece(self, item: Report | Unchecked) -> str:
        number = self.tally.specs - 1
        suite = _suite(item, self.fail_on) if isinstance(item, Report) else _unreadable(item)
        suite.attrib = {"name": _token(item.spec_file if isinstance(item, Report) else item.file),
                        "package": _token(f"homologate.{self.ruleset.name}"), "id": str(number),
                        "timestamp": self.stamp, "hostname": _token(self.host), **suite.attrib}  # fmt: skip
        ET.indent(suite, level=1)  # as the whole document indented: each suite one level in
        return ("<testsuites>" if number == 0 else "") + "\n  " + ET.tostring(suite, encoding="unicode")

    def tail(self) -> str:
        return ("\n</testsuites>" if self.tally.specs else "<testsuites />") + "\n"


def render(run: Run, **options: Any) -> str:
    return Stream.render(run, **options)


def _suite(report: Report, fail_on: FailOn) -> ET.Element:
    suite = ET.Element("testsuite")
    properties = ET.SubElement(suite, "properties")
    v = report.vehicle
    for name, value in (("make", v.make), ("model", v.model), ("homologation_form", v.homologation_form),
                        ("class", v.vehicle_class), ("entry", v.entry), ("ruleset", report.ruleset),
                        ("ruleset_version", report.ruleset_version), ("checked_on", report.on.isoformat()),
                        ("compliant", str(report.compliant).lower()),
                        ("baseline", report.baseline.ref if report.baseline else None)):  # fmt: skip
        if value is not None:
            ET.SubElement(properties, "property", name=name, value=_clean(value))
    applicable = [f for f in report.findings if f.verdict != NOT_APPLICABLE]
    outcome: Counter[str] = Counter()
    classname = _classname(report.spec_file)
    for finding in applicable:
        case = ET.SubElement(suite, "testcase", name=_case_name(finding), classname=classname, time="0")
        outcome[_outcome(case, finding, report, fail_on)] += 1
    ET.SubElement(suite, "system-out").text = _clean(_summary(report, fail_on))
    ET.SubElement(suite, "system-err")
    suite.attrib = {"tests": str(len(applicable)), "failures": str(outcome["failure"]), "errors": "0",
                    "skipped": str(outcome["skipped"]), "time": "0"}  # fmt: skip
    return suite


def _case_name(f: Finding) -> str:
    """An item of a list (a rule applied to each seat, harness...) is named by its path, one item or many."""
    rule = f.rule
    return _named(rule.area, rule.id, rule.title, f.path if _ITEM.search(f.path) else None)


@lru_cache(maxsize=1024)  # a batch's specs are checked by the same rules, at the same paths
def _named(area: str, rule_id: str, title: str, item: str | None) -> str:
    return _token(f"[{area}] {rule_id}: {title}" + (f" ({item})" if item else ""))


def _classname(spec_file: str) -> str:
    """``specs/defender-d7x-r.yaml`` as ``specs.defender-d7x-r``: the folders and the name without its
    extension, joined by dots; a dot in a name (``..``, ``car.v2``) becomes ``_``, so each dot parts two."""
    path = PurePosixPath(spec_file.replace("\\", "/"))
    parts = [*path.parent.parts, path.stem if path.suffix.lower() in (".yaml", ".yml") else path.name]
    return _token(".".join(p.replace(".", "_") for p in parts if p not in ("/", ".", "")))


def _outcome(case: ET.Element, f: Finding, report: Report, fail_on: FailOn) -> str:
    if f.verdict == WAIVED:
        ET.SubElement(case, "skipped", message=_clean(f.message))
        return "skipped"
    if not f.reaches(fail_on):
        return "pass"
    if not f.counts_against:
        ref = report.baseline.ref if report.baseline else "the baseline"
        ET.SubElement(case, "skipped", message=_clean(f"already failing at {ref}: {f.message}"))
        return "skipped"
    kind = f.verdict if f.verdict == MARGINAL else f.severity
    failure = ET.SubElement(case, "failure", message=_clean(f.message), type=kind)
    failure.text = _clean(_details(f, report))
    return "failure"


def _details(f: Finding, report: Report) -> str:
    lines = [f"{place(report.spec_file, f.line, f.column)}: {f.rule_id} [{f.level}] {f.message}",
             f"value: {f.path}", f"article: {f.article}"]  # fmt: skip
    for label, text in (("measured", f.measured), ("limit", f.limit), ("margin", f.margin), ("derived", f.derivation)):
        if text:
            lines.append(f"{label}: {text}")
    if f.baseline:
        lines.append(f"baseline: {f.baseline}")
    if f.illustrative:
        lines.append(f"illustrative limit: the official figure is not public. {f.note or ''}".rstrip())
    return "\n".join(lines)


def _summary(report: Report, fail_on: FailOn) -> str:
    counts = report.counts()
    waived = f"{counts[WAIVED]} waived, " if counts[WAIVED] else ""
    lines = ["".join(verdict_words(report, fail_on)) + f": {counts[FAIL]} failed, "
             f"{counts[MARGINAL]} marginal, {waived}{counts[PASS]} passed, "
             f"{counts[NOT_APPLICABLE]} not applicable"]
    below = [f for f in report.findings if f.problem and not f.reaches(fail_on)]  # problems the cases pass
    lines += [f"{'marginal' if f.verdict == MARGINAL else f'failed {f.severity}'}: {f.rule_id} {f.message}"
              for f in below]  # fmt: skip
    if report.baseline:
        if report.baseline.note:
            lines.append(f"baseline {report.baseline.ref}: {report.baseline.note}")
        lines += [f"fixed since {report.baseline.ref}: {f.rule_id} ({f.path})" for f in report.baseline.fixed]
    return "\n".join(lines)


def _unreadable(item: Unchecked) -> ET.Element:
    suite = ET.Element("testsuite")
    ET.SubElement(suite, "properties")
    case = ET.SubElement(suite, "testcase", name="spec can be read", classname=_classname(item.file), time="0")
    error = ET.SubElement(case, "error", message=_clean(item.message), type="InputError")
    error.text = _clean(str(item))
    ET.SubElement(suite, "system-out")
    ET.SubElement(suite, "system-err")
    suite.attrib = {"tests": "1", "failures": "0", "errors": "1", "skipped": "0", "time": "0"}
    return suite


def _clean(text: str) -> str:
    return _NOT_XML.sub("\ufffd", text)


def _token(text: str) -> str:
    """An xs:token: no line breaks or tabs, no leading, trailing or doubled spaces."""
    return " ".join(_clean(text).split()) or "-"
