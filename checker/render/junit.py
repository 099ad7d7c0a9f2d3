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
        counts, children = _suite(item, self.fail_on) if isinstance(item, Report) else _unreadable(item)
        attributes = {"name": _token(item.spec_file if isinstance(item, Report) else item.file),
                      "package": _token(f"homologate.{self.ruleset.name}"), "id": str(number),
                      "timestamp": self.stamp, "hostname": _token(self.host), **counts}  # fmt: skip
        # as ElementTree writes the whole document indented: each suite one level in, its children two
        return (("<testsuites>" if number == 0 else "") + "\n  " + _start("testsuite", attributes) + ">"
                + "".join("\n    " + child for child in children) + "\n  </testsuite>")  # fmt: skip

    def tail(self) -> str:
        return ("\n</testsuites>" if self.tally.specs else "<testsuites />") + "\n"


def render(run: Run, **options: Any) -> str:
    return Stream.render(run, **options)


def _suite(report: Report, fail_on: FailOn) -> tuple[dict[str, str], list[str]]:
    """A spec's suite: its counts (the attributes after its name) and its children, as written."""
    v = report.vehicle
    properties = [_element("property", {"name": name, "value": _clean(value)})
                  for name, value in (("make", v.make), ("model", v.model), ("homologation_form", v.homologation_form),
                                      ("class", v.vehicle_class), ("entry", v.entry), ("ruleset", report.ruleset),
                                      ("ruleset_version", report.ruleset_version),
                                      ("checked_on", report.on.isoformat()),
                                      ("compliant", str(report.compliant).lower()),
                                      ("baseline", report.baseline.ref if report.baseline else None))
                  if value is not None]  # fmt: skip
    children = [_element("properties", {}, properties)]
    applicable = [f for f in report.findings if f.verdict != NOT_APPLICABLE]
    outcome: Counter[str] = Counter()
    classname = _classname(report.spec_file)
    for finding in applicable:
        kind, inside = _outcome(finding, report, fail_on)
        outcome[kind] += 1
        case = {"name": _case_name(finding), "classname": classname, "time": "0"}
        children.append(_element("testcase", case, [inside] if inside else []))
    children += [_element("system-out", {}, text=_clean(_summary(report, fail_on))), _element("system-err", {})]
    counts = {"tests": str(len(applicable)), "failures": str(outcome["failure"]), "errors": "0",
              "skipped": str(outcome["skipped"]), "time": "0"}  # fmt: skip
    return counts, children


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


def _outcome(f: Finding, report: Report, fail_on: FailOn) -> tuple[str, str | None]:
    """How a finding's case ends (pass, failure, skipped) and the element that says so, if any."""
    if f.verdict == WAIVED:
        return "skipped", _element("skipped", {"message": _clean(f.message)})
    if not f.reaches(fail_on):
        return "pass", None
    if not f.counts_against:
        ref = report.baseline.ref if report.baseline else "the baseline"
        return "skipped", _element("skipped", {"message": _clean(f"already failing at {ref}: {f.message}")})
    kind = f.verdict if f.verdict == MARGINAL else f.severity
    return "failure", _element("failure", {"message": _clean(f.message), "type": str(kind)},
                               text=_clean(_details(f, report)))  # fmt: skip


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


def _unreadable(item: Unchecked) -> tuple[dict[str, str], list[str]]:
    error = _element("error", {"message": _clean(item.message), "type": "InputError"}, text=_clean(str(item)))
    case = _element("testcase", {"name": "spec can be read", "classname": _classname(item.file), "time": "0"},
                    [error])  # fmt: skip
    children = [_element("properties", {}), case, _element("system-out", {}), _element("system-err", {})]
    return {"tests": "1", "failures": "0", "errors": "1", "skipped": "0", "time": "0"}, children


# --- XML as ElementTree writes it (ET.tostring after ET.indent), without building a tree ----------------


def _start(tag: str, attributes: dict[str, str]) -> str:
    return "<" + tag + "".join(f' {name}="{_attribute(value)}"' for name, value in attributes.items())


def _element(tag: str, attributes: dict[str, str], children: list[str] | None = None, text: str = "") -> str:
    """An element of a suite (two levels in), its ``children`` (leaves, written already) each on a line of
    its own one level further in, or its ``text``; empty, it closes itself."""
    if children:
        return _start(tag, attributes) + ">" + "".join("\n      " + child for child in children) + "\n    </" \
            + tag + ">"
    if text:
        return _start(tag, attributes) + ">" + _text(text) + "</" + tag + ">"
    return _start(tag, attributes) + " />"


def _attribute(value: str) -> str:
    """ElementTree's escaping of an attribute's value."""
    return _escaped(value, _IN_ATTRIBUTE)


def _text(text: str) -> str:
    """ElementTree's escaping of an element's text."""
    return _escaped(text, _IN_TEXT)


def _escaped(text: str, entities: tuple[tuple[str, str], ...]) -> str:
    for char, entity in entities:  # '&' first: no entity is escaped again
        if char in text:
            text = text.replace(char, entity)
    return text


_IN_TEXT = (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"))
_IN_ATTRIBUTE = (*_IN_TEXT, ('"', "&quot;"), ("\r", "&#13;"), ("\n", "&#10;"), ("\t", "&#09;"))


def _clean(text: str) -> str:
    return _NOT_XML.sub("\ufffd", text)


def _token(text: str) -> str:
    """An xs:token: no line breaks or tabs, no leading, trailing or doubled spaces."""
    return " ".join(_clean(text).split()) or "-"
