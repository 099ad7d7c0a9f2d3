"""Waivers: deviations an organiser grants, in a spec's ``waivers:`` list or a ``--waivers FILE``.

Run in this process as the console script runs it (tests.test_outputs.homologate) on copies of the bundled
specs with waivers written in. Covered:

* States on the check date, read from ``check --format json`` (valid against the report schema): a
  waiver in force turns a failing finding into ``waived`` (state ``applied``, ``waived_verdict`` fail)
  and, if that was the only blocking failure, the car is compliant; one past its expiry leaves the
  finding failing and says so (state ``expired``); the expiry day itself still counts (``>=``), and
  ``--on`` moves the check date; a waiver with ``path`` covers that one value only; a waiver covering
  no failing finding is listed as unused; a marginal finding can be waived (``waived_verdict``
  marginal); waivers from ``--waivers FILE`` add to the spec's own; the first matching waiver wins.
* The compliance reports (HTML and Markdown): the waived and the expired finding in their rows and
  every waiver in the waivers table with what became of it, unused ones as "not used".
* The CI formats: SARIF (an accepted external suppression, valid against the OASIS schema), JUnit
  (``<skipped>``, valid against the Ant XSD), GitHub (``::notice``), text (``WAIVED``, "1 waived").
* Errors, one ``file:line:column: message`` line and exit status 2: a waiver naming a rule the ruleset
  does not have (at the rule id, with a did-you-mean), an unknown field, a bad date; a waivers file
  that is not a mapping, is missing, empty or not YAML. ``report`` then writes nothing.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from lxml import etree

from tests.helpers import UNCLOSED, unwrapped, yaml_problem
from tests.test_outputs import (
    EXIT_FAIL,
    EXIT_INPUT,
    EXIT_OK,
    FAILING,
    JUNIT_XSD,
    PASSING,
    REPO,
    REPORT_SCHEMA,
    SARIF_SCHEMA,
    Out,
    assert_valid,
    homologate,
    parse_command,
)
from tests.test_reports import AREA_HEADER, AREAS, html_doc, md_tables, run_all, text_of, unescape

FUEL_MESSAGE = "650 L is 50 L above the maximum (≤ 600 L)"  # the Defender with a 650 L tank
REAR_MESSAGE = "1781 mm is 1 mm above the maximum (≤ 1780 mm), within the measurement tolerance"
HARNESS = "build.safety.harnesses[{}].expires"
HARNESS_MESSAGES = ["expired: valid until 2025-12-01, 32 days before the check date 2026-01-02",
                    "expired: valid until 2025-11-30, 33 days before the check date 2026-01-02"]  # fmt: skip
BIG_TANK = [("tank_capacity: 550 L", "tank_capacity: 650 L")]


def harnesses(*expires: str) -> list[tuple[str, str]]:
    """The change that gives the Defender's two harnesses these label expiry dates."""
    line = "      - {{standard: FIA 8853-2016, expires: {}}}\n"
    return [(line.format("2030-05-31") * 2, "".join(line.format(date) for date in expires))]


EXPIRED_HARNESSES = harnesses("2025-12-01", "2025-11-30")
ONE_EXPIRED_HARNESS = harnesses("2025-12-01", "2030-05-31")


# --- writing waivers -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Waiver:
    rule: str
    reference: str
    expires: str = "2026-01-17"
    reason: str = "Long-range tank for the marathon stage"
    granted_by: str = "Technical delegate"
    path: str | None = None

    def yaml(self) -> str:
        lines = [f"  - rule: {self.rule}", f"    reference: {self.reference}", f"    reason: {json.dumps(self.reason)}",
                 f"    granted_by: {self.granted_by}", f"    expires: {self.expires}"]  # fmt: skip
        if self.path:
            lines.append(f"    path: {self.path}")
        return "\n".join(lines) + "\n"

    def as_json(self, file: Path, state: str, waived_verdict: str | None) -> dict[str, Any]:
        """The waiver as the JSON report gives it, with where its rule id was written in ``file``."""
        line, column = rule_position(file, self.reference)
        return {"rule": self.rule, "reference": self.reference, "reason": self.reason, "granted_by": self.granted_by,
                "expires": self.expires, "path": self.path, "state": state, "waived_verdict": waived_verdict,
                "file": file.name, "line": line, "column": column}  # fmt: skip


FUEL = Waiver("STK-FUEL-TANK", "DKR26-TD-014")


def waivers_block(waivers: Sequence[Waiver]) -> str:
    return "waivers:\n" + "".join(w.yaml() for w in waivers)


def write_spec(folder: Path, name: str, source: str = PASSING, changes: Sequence[tuple[str, str]] = (),
               waivers: Sequence[Waiver] = (), extra: str = "") -> Path:  # fmt: skip
    """A copy of a bundled spec with values changed and a ``waivers:`` list (or ``extra`` text) appended."""
    text = (REPO / source).read_text("utf-8")
    for old, new in changes:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    assert text.endswith("\n")
    path = folder / name
    path.write_text(text + (waivers_block(waivers) if waivers else "") + extra, "utf-8")
    return path


def write_waivers(folder: Path, waivers: Sequence[Waiver], name: str = "waivers.yaml") -> Path:
    path = folder / name
    path.write_text(waivers_block(waivers), "utf-8")
    return path


def rule_position(file: Path, reference: str) -> tuple[int, int]:
    """Line and column of the rule id of the waiver with this reference (written just above it)."""
    lines = file.read_text("utf-8").split("\n")
    index = lines.index(f"    reference: {reference}") - 1
    return index + 1, lines[index].index("rule: ") + len("rule: ") + 1


# --- schemas ---------------------------------------------------------------------------------------------


def shared(path: Path) -> Path:
    if not path.is_file():
        pytest.skip(f"{path.name} not found in {path.parent} (the shared schemas folder next to the repository)")
    return path


@pytest.fixture(scope="module")
def report_schema() -> jsonschema.Draft202012Validator:
    schema = json.loads(REPORT_SCHEMA.read_text("utf-8"))
    return jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())


@pytest.fixture(scope="module")
def sarif_schema() -> jsonschema.Draft4Validator:
    schema = json.loads(shared(SARIF_SCHEMA).read_text("utf-8"))
    return jsonschema.Draft4Validator(schema, format_checker=jsonschema.FormatChecker())


@pytest.fixture(scope="module")
def junit_xsd() -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(shared(JUNIT_XSD))))


# --- checking many cases at once --------------------------------------------------------------------------
#
# Loading the ruleset is most of a run's time, so the cases of this module are specs of one batch per set
# of options and waivers file (``check A.yaml B.yaml ... --format json``): each spec's report and exit
# status are its own in the JSON, and a batch also shows that one spec's waivers never reach another. A
# case that must be the only spec of its run (to see the run's exit status) says so.


@dataclass(frozen=True)
class Case:
    changes: Sequence[tuple[str, str]] = ()
    waivers: Sequence[Waiver] = ()
    source: str = PASSING
    filed: tuple[Waiver, ...] = ()  # in the --waivers file of the run
    options: tuple[str, ...] = ()
    alone: bool = False


CASES: dict[str, Case] = {}  # every case of the module, by name (its spec is NAME.yaml)


@dataclass(frozen=True)
class Result:
    spec: Path
    file: Path | None  # the --waivers file
    report: dict[str, Any]
    out: Out  # the run the spec was checked in


@pytest.fixture(scope="module")
def results(tmp_path_factory: pytest.TempPathFactory, report_schema: Any) -> dict[str, Result]:
    folder = tmp_path_factory.mktemp("cases")
    runs: dict[tuple[Any, ...], list[str]] = {}
    for name, case in CASES.items():
        write_spec(folder, f"{name}.yaml", case.source, case.changes, case.waivers)
        runs.setdefault((case.options, case.filed, name if case.alone else None), []).append(name)
    calls, files = [], []
    for number, ((options, filed, _), names) in enumerate(runs.items()):
        file = write_waivers(folder, filed, f"waivers-{number}.yaml") if filed else None
        calls.append(("check", *(f"{n}.yaml" for n in names), *options, "--format", "json",
                      *(["--waivers", file.name] if file else [])))  # fmt: skip
        files.append(file)
    found = {}
    for names, file, out in zip(runs.values(), files, run_all(calls, cwd=folder), strict=True):
        document = out.json
        assert_valid(report_schema, document)
        assert (out.code, out.stderr) == (document["exit_code"], "")
        assert [r["spec_file"] for r in document["reports"]] == [f"{n}.yaml" for n in names]
        for name, report in zip(names, document["reports"], strict=True):
            found[name] = Result(folder / f"{name}.yaml", file, report, out)
    return found


def finding(report: dict[str, Any], rule: str, path: str | None = None) -> dict[str, Any]:
    (found,) = [f for f in report["findings"] if f["rule_id"] == rule and (path is None or f["path"] == path)]
    return found


def waived(report: dict[str, Any]) -> list[tuple[str, str, str | None]]:
    """(rule, path, waiver reference) of each waived finding."""
    return [(f["rule_id"], f["path"], f["waiver"]["reference"]) for f in report["findings"] if f["verdict"] == "waived"]


def counts(fail: int, marginal: int, waived: int, passed: int, not_applicable: int = 13) -> dict[str, int]:
    return {"fail": fail, "marginal": marginal, "waived": waived, "pass": passed, "not_applicable": not_applicable}


# --- 6. states on the check date ----------------------------------------------------------------------------

CASES["tank-waived"] = Case(BIG_TANK, [FUEL], alone=True)
CASES["tank-plain"] = Case(BIG_TANK)


def test_a_waiver_in_force_waives_the_only_blocking_failure(results: dict[str, Result]) -> None:
    result = results["tank-waived"]
    tank = finding(result.report, "STK-FUEL-TANK")
    assert {k: tank[k] for k in ("verdict", "blocking", "message", "path", "line", "column")} == {
        "verdict": "waived", "blocking": False, "message": f"{FUEL_MESSAGE}; waived by DKR26-TD-014 until 2026-01-17",
        "path": "build.fuel.tank_capacity", "line": 80, "column": 20}  # fmt: skip
    assert tank["waiver"] == FUEL.as_json(result.spec, "applied", "fail")
    assert (tank["waiver"]["line"], tank["waiver"]["column"]) == (107, 11)  # after the spec's own 106 lines
    assert (result.report["compliant"], result.report["counts"], result.report["unused_waivers"]) == (
        True, counts(0, 0, 1, 42), [])  # fmt: skip
    assert result.out.code == EXIT_OK


def test_without_the_waiver_the_same_spec_fails(results: dict[str, Result]) -> None:
    result = results["tank-plain"]
    tank = finding(result.report, "STK-FUEL-TANK")
    assert (tank["verdict"], tank["message"], tank["waiver"]) == ("fail", FUEL_MESSAGE, None)
    assert (result.report["compliant"], result.report["exit_code"]) == (False, EXIT_FAIL)


STATES = {  # case: (expires, --on, the waiver's state, exit status)
    "in-force": ("2026-01-17", None, "applied", EXIT_OK),
    "expires-on-the-check-date": ("2026-01-02", None, "applied", EXIT_OK),  # the ruleset's event date: the default
    "expired-the-day-before": ("2026-01-01", None, "expired", EXIT_FAIL),
    "on-the-expiry-date": ("2026-01-17", "2026-01-17", "applied", EXIT_OK),
    "on-the-day-after": ("2026-01-16", "2026-01-17", "expired", EXIT_FAIL),  # in force on the default date
    "on-before-the-expiry": ("2025-12-31", "2025-12-20", "applied", EXIT_OK),  # expired on the default date
}
CASES.update({f"state-{name}": Case(BIG_TANK, [replace(FUEL, expires=expires)], options=("--on", on) if on else ())
              for name, (expires, on, _, _) in STATES.items()})  # fmt: skip


@pytest.mark.parametrize("case", list(STATES))
def test_waiver_state_on_the_check_date(results: dict[str, Result], case: str) -> None:
    expires, on, state, code = STATES[case]
    result = results[f"state-{case}"]
    report = result.report
    tank = finding(report, "STK-FUEL-TANK")
    assert report["checked_on"] == (on or "2026-01-02")
    assert tank["waiver"] == replace(FUEL, expires=expires).as_json(result.spec, state, "fail")
    if state == "applied":
        assert (tank["verdict"], tank["blocking"]) == ("waived", False)
        assert tank["message"] == f"{FUEL_MESSAGE}; waived by DKR26-TD-014 until {expires}"
    else:
        assert (tank["verdict"], tank["blocking"]) == ("fail", True)
        assert tank["message"] == f"{FUEL_MESSAGE} (waiver DKR26-TD-014 expired on {expires})"
    assert report["unused_waivers"] == []  # an expired waiver still covered the finding: it is not "unused"
    assert (report["compliant"], report["exit_code"]) == (code == EXIT_OK, code)


HARNESS_WAIVER = Waiver("T2-HARNESS-VALIDITY", "DKR26-TD-021", reason="Replacement harnesses in transit")
PATHS = {  # case: (the waiver's path, the harnesses it covers, exit status)
    "first-harness": (HARNESS.format(0), [0], EXIT_FAIL),
    "second-harness": (HARNESS.format(1), [1], EXIT_FAIL),
    "every-harness": (None, [0, 1], EXIT_OK),  # no path: every finding of the rule
    "no-such-item": (HARNESS.format(2), [], EXIT_FAIL),
    "passing-value": ("build.safety.harnesses[0].standard", [], EXIT_FAIL),  # a value of the item, of another rule
}
CASES.update({f"path-{name}": Case(EXPIRED_HARNESSES, [replace(HARNESS_WAIVER, path=path)])
              for name, (path, _, _) in PATHS.items()})  # fmt: skip


@pytest.mark.parametrize("case", list(PATHS))
def test_a_waiver_with_a_path_covers_only_that_value(results: dict[str, Result], case: str) -> None:
    path, covered, code = PATHS[case]
    result = results[f"path-{case}"]
    report = result.report
    assert waived(report) == [("T2-HARNESS-VALIDITY", HARNESS.format(i), "DKR26-TD-021") for i in covered]
    for i in (0, 1):
        harness = finding(report, "T2-HARNESS-VALIDITY", HARNESS.format(i))
        if i in covered:
            assert harness["message"] == f"{HARNESS_MESSAGES[i]}; waived by DKR26-TD-021 until 2026-01-17"
        else:
            assert (harness["verdict"], harness["message"], harness["waiver"]) == ("fail", HARNESS_MESSAGES[i], None)
    assert finding(report, "T2-HARNESS-STANDARD", "build.safety.harnesses[0].standard")["verdict"] == "pass"
    unused = [] if covered else [replace(HARNESS_WAIVER, path=path).as_json(result.spec, "applied", None)]
    assert report["unused_waivers"] == unused
    assert report["exit_code"] == code


UNUSED_EXPIRED = Waiver("STK-WIDTH", "DKR26-TD-099", reason="Wider arches", expires="2025-06-30")
CASES["unused"] = Case(waivers=[UNUSED_EXPIRED])


def test_an_unused_waiver_is_listed(results: dict[str, Result]) -> None:
    result = results["unused"]
    report = result.report
    assert report["unused_waivers"] == [UNUSED_EXPIRED.as_json(result.spec, "expired", None)]
    assert [f["waiver"] for f in report["findings"] if f["waiver"]] == []
    assert (report["counts"], report["compliant"], report["exit_code"]) == (counts(0, 0, 0, 43), True, EXIT_OK)


REAR = Waiver("STK-TRACK-REAR", "DKR26-TD-030", reason="Track measured on a sloping floor")
CASES["marginal"] = Case(source=FAILING, waivers=[REAR])


def test_a_marginal_finding_can_be_waived(results: dict[str, Result]) -> None:
    result = results["marginal"]
    track = finding(result.report, "STK-TRACK-REAR")
    assert (track["verdict"], track["blocking"]) == ("waived", False)
    assert track["message"] == f"{REAR_MESSAGE}; waived by DKR26-TD-030 until 2026-01-17"
    assert track["waiver"] == REAR.as_json(result.spec, "applied", "marginal")
    assert result.report["counts"] == counts(3, 0, 1, 39)
    assert result.report["exit_code"] == EXIT_FAIL  # the three failures remain


# The wide-track spec's four problems: two waived in the spec itself, two in a waivers file.
OWN = [Waiver("STK-WIDTH", "DKR26-TD-031", reason="Wider arches approved"), REAR]
FILED = [Waiver("STK-TRACK-FRONT", "DKR26-TD-032", reason="Track measured on a sloping floor"),
         Waiver("STK-TYRE-DIAMETER", "DKR26-TD-033", reason="Desert tyres, approved size")]  # fmt: skip
COMBINED = {  # case: (spec's own waivers, waivers file, options, problems left, exit status)
    "spec-only": (OWN, [], (), ["STK-TRACK-FRONT", "STK-TYRE-DIAMETER"], EXIT_FAIL),
    "file-only": ([], FILED, (), ["STK-TRACK-REAR", "STK-WIDTH"], EXIT_FAIL),
    "both": (OWN, FILED, (), [], EXIT_OK),
    "both-strict": (OWN, FILED, ("--strict",), [], EXIT_OK),  # a waived marginal value fails no strict run either
}
CASES.update({f"combined-{name}": Case(waivers=own, source=FAILING, filed=tuple(filed), options=options)
              for name, (own, filed, options, _, _) in COMBINED.items()})  # fmt: skip


@pytest.mark.parametrize("case", list(COMBINED))
def test_waivers_from_a_file_add_to_the_spec_s_own(results: dict[str, Result], case: str) -> None:
    own, filed, _, remaining, code = COMBINED[case]
    result = results[f"combined-{case}"]
    report = result.report
    expected = {w.rule: w.as_json(result.spec, "applied", "marginal" if w is REAR else "fail") for w in own}
    expected |= {w.rule: w.as_json(result.file, "applied", "fail") for w in filed} if result.file else {}
    assert {f["rule_id"]: f["waiver"] for f in report["findings"] if f["verdict"] == "waived"} == expected
    assert sorted(f["rule_id"] for f in report["findings"] if f["verdict"] in ("fail", "marginal")) == remaining
    assert report["unused_waivers"] == []
    assert report["exit_code"] == code


SECOND = Waiver("STK-FUEL-TANK", "DKR26-TD-015")
ONLY_TANK = replace(SECOND, path="build.fuel.tank_capacity")
FIRST_WINS = {  # case: (spec's own waivers, waivers file): the first waiver, in the spec then in the file, wins
    "two-in-the-spec": ([FUEL, SECOND], []),
    "path-first": ([ONLY_TANK, FUEL], []),
    "path-second": ([FUEL, ONLY_TANK], []),  # the first, not the most specific
    "spec-then-file": ([FUEL], [SECOND]),  # the spec's own come first
}
CASES.update({f"first-{name}": Case(BIG_TANK, own, filed=tuple(filed)) for name, (own, filed) in FIRST_WINS.items()})


@pytest.mark.parametrize("case", list(FIRST_WINS))
def test_the_first_matching_waiver_wins(results: dict[str, Result], case: str) -> None:
    own, filed = FIRST_WINS[case]
    result = results[f"first-{case}"]
    placed = [(w, result.spec) for w in own] + [(w, result.file) for w in filed]
    (first, where), rest = placed[0], placed[1:]
    assert finding(result.report, "STK-FUEL-TANK")["waiver"] == first.as_json(where, "applied", "fail")
    assert result.report["unused_waivers"] == [w.as_json(f, "applied", None) for w, f in rest]
    assert result.report["exit_code"] == EXIT_OK


RENEWAL = Waiver("STK-FUEL-TANK", "DKR26-TD-114", expires="2026-01-31")
CASES["renewed"] = Case(BIG_TANK, [replace(FUEL, expires="2025-12-31")], filed=(RENEWAL,))


def test_a_renewed_waiver_applies_when_the_first_has_expired(results: dict[str, Result]) -> None:
    report = results["renewed"].report
    tank = finding(report, "STK-FUEL-TANK")
    assert (tank["verdict"], tank["waiver"]["reference"], report["exit_code"]) == ("waived", "DKR26-TD-114", EXIT_OK)


# --- 6. the compliance reports, and 8. the CI formats, for one spec with every kind of waiver ----------------

APPLIED = FUEL
EXPIRED = Waiver("T2-HARNESS-VALIDITY", "DKR26-TD-021", expires="2025-12-31", reason="Replacement harness in transit",
                 granted_by="Chief scrutineer", path=HARNESS.format(0))  # fmt: skip
UNUSED = Waiver("STK-WIDTH", "DKR26-TD-099", reason="Wider arches | *approved*")  # covers nothing: the width passes
MIXED_VERDICT = "1 failed, 0 marginal, 1 waived, 41 passed, 13 not applicable"
MIXED_TOTALS = "NOT COMPLIANT: 41 passed, 0 marginal, 1 failed, 1 waived, 13 not applicable"
APPLIED_MESSAGE = f"{FUEL_MESSAGE}; waived by DKR26-TD-014 until 2026-01-17"
EXPIRED_MESSAGE = f"{HARNESS_MESSAGES[0]} (waiver DKR26-TD-021 expired on 2025-12-31)"
JUSTIFICATION = "DKR26-TD-014: Long-range tank for the marathon stage (granted by Technical delegate, until 2026-01-17)"
WAIVERS_HEADER = ["Reference", "Rule", "Reason", "Granted by", "Expires", "Status"]
STATUS = {"DKR26-TD-014": "applied (finding was fail)",
          "DKR26-TD-021": "expired on 2025-12-31: no longer applies, the finding stands",
          "DKR26-TD-099": "not used: no failing finding to waive"}  # fmt: skip
# the waivers table: those that covered a finding (in report order: T2-HARNESS-VALIDITY comes before the
# STK-FUEL-TANK of the Stock class), then those that covered none
WAIVER_ROWS = [[w.reference, f"{w.rule} {w.path}" if w.path else w.rule, w.reason, w.granted_by, w.expires,
                STATUS[w.reference]] for w in (EXPIRED, APPLIED, UNUSED)]  # fmt: skip


@pytest.fixture(scope="module")
def mixed(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The Defender with a 650 L tank (waiver in force), its first harness out of date (waiver expired) and
    a waiver for a rule that passes (unused): every output format, generated for the module."""
    folder = tmp_path_factory.mktemp("mixed")
    spec = write_spec(folder, "mixed.yaml", changes=BIG_TANK + ONE_EXPIRED_HARNESS, waivers=[APPLIED, EXPIRED, UNUSED])
    rear = write_spec(folder, "rear.yaml", FAILING, waivers=[REAR])  # a waived marginal value
    formats = ["json", "sarif", "junit", "github", "text"]
    calls = [("check", spec.name, "--format", fmt) for fmt in formats]
    calls += [("report", spec.name, "-o", "mixed.html"), ("report", spec.name, "-o", "mixed.md")]
    calls += [("check", rear.name, "--format", "sarif")]
    outs = run_all(calls, cwd=folder)
    for out in outs:
        assert (out.code, out.stderr) == (EXIT_FAIL, "")  # a harness out of date, the rear spec's three failures
    return {"folder": folder, "spec": spec, **dict(zip(formats + ["html", "md", "rear-sarif"], outs, strict=True))}


def test_json_report_with_every_kind_of_waiver(mixed: dict[str, Any], report_schema: Any) -> None:
    document = mixed["json"].json
    assert_valid(report_schema, document)
    (report,) = document["reports"]
    spec = mixed["spec"]
    tank, harness = finding(report, "STK-FUEL-TANK"), finding(report, "T2-HARNESS-VALIDITY", HARNESS.format(0))
    assert (tank["verdict"], tank["message"]) == ("waived", APPLIED_MESSAGE)
    assert tank["waiver"] == APPLIED.as_json(spec, "applied", "fail")
    assert (harness["verdict"], harness["message"]) == ("fail", EXPIRED_MESSAGE)
    assert harness["waiver"] == EXPIRED.as_json(spec, "expired", "fail")
    assert report["unused_waivers"] == [UNUSED.as_json(spec, "applied", None)]
    assert (report["counts"], report["compliant"]) == (counts(1, 0, 1, 41), False)


def test_html_report_rows_and_waivers_table(mixed: dict[str, Any]) -> None:
    doc = html_doc((mixed["folder"] / "mixed.html").read_bytes())
    (article,) = doc.xpath("//article")
    sections = [(c.tag, c.get("class")) for c in article]
    assert sections == [("header", None), ("section", "verdict bad"), ("section", "decision"),
                        *[("section", "area")] * 7, ("section", "notes"), ("section", "waivers"),
                        ("footer", None)]  # fmt: skip
    act = [(text_of(r.xpath(".//span[@class='rule']")[0]), r.get("class"))
           for r in article.xpath("./section[@class='decision']//tbody/tr")]  # fmt: skip
    assert act == [("T2-HARNESS-VALIDITY", "fail"), ("STK-FUEL-TANK", "waived")]  # page 1: failing, then waived
    assert text_of(article.xpath("./section[@class='verdict bad']/div")[0]) == MIXED_VERDICT
    rows = {}
    for row in doc.xpath("//section[@class='area']//tbody/tr"):
        small = row.xpath("./td[1]/div[@class='small']")
        rows[(text_of(row.xpath(".//span[@class='rule']")[0]), text_of(small[0]).rsplit(", line ", 1)[0])] = row
    tank = rows[("STK-FUEL-TANK", "build.fuel.tank_capacity")]
    assert (tank.get("class"), text_of(tank.xpath(".//span[contains(@class, 'badge')]")[0])) == ("waived", "WAIVED")
    assert text_of(tank.xpath("./td[1]/div[@class='small']")[1]) == APPLIED_MESSAGE
    assert len(tank.xpath("./td")) == 6  # the waiver is in the message; who granted it and why, in the table below
    harness = rows[("T2-HARNESS-VALIDITY", HARNESS.format(0))]
    assert (harness.get("class"), text_of(harness.xpath(".//span[contains(@class, 'badge')]")[0])) == ("fail", "FAIL")
    assert text_of(harness.xpath("./td[1]/div[@class='small']")[1]) == EXPIRED_MESSAGE
    (table,) = doc.xpath("//section[@class='waivers']/table")
    assert text_of(table.xpath("../h2")[0]) == "Waivers"
    assert [text_of(th) for th in table.xpath("./thead/tr/th")] == WAIVERS_HEADER
    assert [[text_of(td) for td in tr.xpath("./td")] for tr in table.xpath("./tbody/tr")] == WAIVER_ROWS


def test_markdown_report_rows_and_waivers_table(mixed: dict[str, Any]) -> None:
    text = (mixed["folder"] / "mixed.md").read_text("utf-8")
    tables = md_tables(text)  # every row as many cells as its header
    lines = text.split("\n")
    assert lines[lines.index("## Verdict: **NOT COMPLIANT**") + 2] == MIXED_VERDICT
    headings = [line[3:] for line in lines if line.startswith("## ")]
    assert headings == ["Verdict: **NOT COMPLIANT**", "To act on", *AREAS, "Notes", "Waivers"]
    rows = {unescape(r[0].split("<br>")[1]): r for t in tables if t.header == [*AREA_HEADER, "Waiver"] for r in t.rows}
    assert (rows[APPLIED_MESSAGE][1], rows[APPLIED_MESSAGE][7]) == ("**WAIVED**", "DKR26-TD-014 (in force)")
    assert (rows[EXPIRED_MESSAGE][1], rows[EXPIRED_MESSAGE][7]) == (
        "**FAIL**", "DKR26-TD-021 (expired on 2025-12-31, no longer applies)")
    (waivers,) = [t for t in tables if t.header[0] == "Reference"]
    assert waivers.header == WAIVERS_HEADER
    assert [[unescape(c).replace("`", "") for c in row] for row in waivers.rows] == WAIVER_ROWS
    assert waivers.rows[2][2] == r"Wider arches \| \*approved\*"  # spec text escaped in the table


def test_sarif_waived_finding_is_an_accepted_suppression(mixed: dict[str, Any], sarif_schema: Any) -> None:
    document = mixed["sarif"].json
    assert_valid(sarif_schema, document)
    (run,) = document["runs"]
    got = [(r["ruleId"], r["level"], r["properties"]["verdict"], r["message"]["text"], r.get("suppressions"))
           for r in run["results"]]  # fmt: skip
    assert got == [
        ("T2-HARNESS-VALIDITY", "error", "fail", EXPIRED_MESSAGE, None),  # an expired waiver suppresses nothing
        ("STK-FUEL-TANK", "error", "waived", APPLIED_MESSAGE,
         [{"kind": "external", "status": "accepted", "justification": JUSTIFICATION}]),
    ]  # fmt: skip
    assert run["invocations"][0]["exitCode"] == EXIT_FAIL


def test_sarif_waived_marginal_finding_stays_a_warning(mixed: dict[str, Any], sarif_schema: Any) -> None:
    document = mixed["rear-sarif"].json
    assert_valid(sarif_schema, document)
    (rear,) = [r for r in document["runs"][0]["results"] if r["ruleId"] == "STK-TRACK-REAR"]
    assert (rear["level"], rear["properties"]["verdict"]) == ("warning", "waived")  # marginal: a warning, as unwaived
    assert rear["suppressions"] == [{"kind": "external", "status": "accepted", "justification":
                                     "DKR26-TD-030: Track measured on a sloping floor (granted by Technical delegate, "
                                     "until 2026-01-17)"}]  # fmt: skip


def test_junit_waived_finding_is_skipped(mixed: dict[str, Any], junit_xsd: etree.XMLSchema) -> None:
    root = etree.fromstring(mixed["junit"].raw)
    junit_xsd.assertValid(root)
    (suite,) = root.findall("testsuite")
    assert [suite.get(a) for a in ("tests", "failures", "errors", "skipped")] == ["43", "1", "0", "1"]
    outcomes = {c.get("name"): [(child.tag, child.get("message")) for child in c] for c in suite.findall("testcase")}
    assert outcomes["[fuel] STK-FUEL-TANK: Fuel tank capacity at most 600 L"] == [("skipped", APPLIED_MESSAGE)]
    harnesses = "[safety] T2-HARNESS-VALIDITY: Harnesses within the validity on their label ({})"
    assert outcomes[harnesses.format(HARNESS.format(0))] == [("failure", EXPIRED_MESSAGE)]
    assert outcomes[harnesses.format(HARNESS.format(1))] == []
    assert sorted(name for name, children in outcomes.items() if children) == [
        "[fuel] STK-FUEL-TANK: Fuel tank capacity at most 600 L", harnesses.format(HARNESS.format(0))]


def test_github_waived_finding_is_a_notice(mixed: dict[str, Any]) -> None:
    lines = mixed["github"].stdout.splitlines()
    annotations = [parse_command(line) for line in lines if line.startswith("::")]
    assert [(level, props["title"].split(":")[0], props["line"], message) for level, props, message in annotations] == [
        ("error", "T2-HARNESS-VALIDITY", "101", EXPIRED_MESSAGE),
        ("notice", "STK-FUEL-TANK", "80", f"{APPLIED_MESSAGE} [illustrative limit: the official figure is not public]"),
    ]  # fmt: skip
    assert lines[-1].startswith("mixed.yaml: NOT COMPLIANT (")


def test_text_shows_waived_findings_and_totals(mixed: dict[str, Any]) -> None:
    lines = unwrapped(mixed["text"].stdout)
    assert [line.split()[:2] for line in lines if line.startswith("WAIVED")] == [["WAIVED", "STK-FUEL-TANK"]]
    assert [line for line in lines if re.match(r"mixed\.yaml:\d+:", line)] == [
        f"mixed.yaml:101:44: T2-HARNESS-VALIDITY [error] {EXPIRED_MESSAGE}",
        f"mixed.yaml:80:20: STK-FUEL-TANK [error] {APPLIED_MESSAGE}",
    ]
    assert MIXED_TOTALS in lines
    assert "waiver DKR26-TD-099 (STK-WIDTH): not used: no failing finding to waive" in lines


def test_ci_summaries_count_waived_findings(mixed: dict[str, Any]) -> None:
    summary = mixed["github"].stdout.splitlines()[-1]
    assert "1 waived" in summary, summary
    system_out = etree.fromstring(mixed["junit"].raw).find("testsuite/system-out").text
    assert "1 waived" in system_out, system_out


# --- 7. errors -------------------------------------------------------------------------------------------------

BASE_LINES = len((REPO / PASSING).read_text("utf-8").splitlines())  # a spec's waivers block starts after these
GOOD = FUEL.yaml()
NOT_A_DATE = "waivers[0].expires: expected a date such as 2026-01-03, got the text"
NO_SUCH_RULE = "waiver R1: no rule 'STK-FUEL-TANKS' in the ruleset (did you mean 'STK-FUEL-TANK'?)"
BAD_SPECS = {  # case: (the waivers block of the spec, (line, column) in the block, message)
    "unknown-rule": (waivers_block([Waiver("STK-FUEL-TANKS", "R1")]), (2, 11), NO_SUCH_RULE),
    "unknown-rule-in-second": (waivers_block([FUEL, Waiver("T2-HARNES-VALIDITY", "R2")]), (7, 11),
                               ("waiver R2: no rule 'T2-HARNES-VALIDITY' in the ruleset "
                                "(did you mean 'T2-HARNESS-VALIDITY'?)")),
    "unknown-field": ("waivers:\n" + GOOD.replace("    reference:", "    referense:"), (3, 5),
                      "waivers[0].referense: unknown field (did you mean 'reference'?)"),
    "misspelt-expires": ("waivers:\n" + GOOD.replace("expires:", "expiry:"), (6, 5),
                         "waivers[0].expiry: unknown field (did you mean 'expires'?)"),
    "expires-not-a-date": ("waivers:\n" + GOOD.replace("2026-01-17", "soon"), (6, 14),
                           f"{NOT_A_DATE} 'soon'"),
    "expires-quoted": ("waivers:\n" + GOOD.replace("2026-01-17", '"2026-01-17"'), (6, 14),
                       f"{NOT_A_DATE} '2026-01-17' (remove the quotes)"),
    "missing-field": ("waivers:\n" + GOOD.replace("    granted_by: Technical delegate\n", ""), (2, 5),
                      "waivers[0]: missing required field 'granted_by'"),
    "not-a-list": ("waivers: STK-FUEL-TANK\n", (1, 10), "waivers: expected a list, got the text 'STK-FUEL-TANK'"),
}  # fmt: skip


@pytest.fixture(scope="module")
def bad_specs(tmp_path_factory: pytest.TempPathFactory) -> tuple[Out, dict[str, str]]:
    """Every bad spec checked in one batch (the Defender with a 650 L tank, or as it is for 'passing'):
    the run, and its error line for each spec."""
    folder = tmp_path_factory.mktemp("bad-specs")
    for name, (block, _, _) in BAD_SPECS.items():
        write_spec(folder, f"{name}.yaml", changes=BIG_TANK, extra=block)
    write_spec(folder, "passing.yaml", extra=BAD_SPECS["unknown-rule"][0])  # a waiver typo would waive nothing
    names = [*BAD_SPECS, "passing"]
    out = homologate("check", *(f"{n}.yaml" for n in names), cwd=folder)
    lines = out.stderr.splitlines()
    assert [line.split(":", 1)[0] for line in lines] == [f"{n}.yaml" for n in names]  # one line each, in order
    return out, dict(zip(names, lines, strict=True))


def test_a_batch_of_bad_specs_is_refused(bad_specs: tuple[Out, dict[str, str]]) -> None:
    out, _ = bad_specs
    assert out.code == EXIT_INPUT
    assert out.stdout == f"0 specs checked: 0 passed, 0 failed; {len(BAD_SPECS) + 1} could not be checked\n"


@pytest.mark.parametrize("case", list(BAD_SPECS))
def test_a_bad_waiver_in_a_spec_is_one_error_line(bad_specs: tuple[Out, dict[str, str]], case: str) -> None:
    _, (line, column), message = BAD_SPECS[case]
    assert bad_specs[1][case] == f"{case}.yaml:{BASE_LINES + line}:{column}: {message}"


def test_a_waiver_naming_no_rule_is_refused_even_when_nothing_fails(bad_specs: tuple[Out, dict[str, str]]) -> None:
    assert bad_specs[1]["passing"] == f"passing.yaml:{BASE_LINES + 2}:11: {NO_SUCH_RULE}"


BAD_FILES = {  # case: (the --waivers file's content, or None for no file; the error line)
    "a-list": ("- rule: STK-WIDTH\n",
               "waivers.yaml:1:1: expected a mapping with 'waivers' (a YAML mapping), got a list"),
    "missing": (None, "waivers.yaml:1:1: no such file"),
    "malformed": ("waivers: [\n", f"waivers.yaml:2:1: invalid YAML: {yaml_problem(UNCLOSED)}"),
    "empty": ("", "waivers.yaml:1:1: the file is empty: expected a YAML mapping"),
    "unknown-key": ("waivers: []\nrules: []\n", "waivers.yaml:2:1: rules: unknown field"),
    "null": ("waivers:\n", "waivers.yaml:1:9: waivers: expected a list, got nothing"),
    "unknown-rule": (waivers_block([Waiver("STK-WIDHT", "R1")]),
                     "waivers.yaml:2:11: waiver R1: no rule 'STK-WIDHT' in the ruleset (did you mean 'STK-WIDTH'?)"),
    "unknown-field": ("waivers:\n" + GOOD.replace("    reason:", "    reasons:"),
                      "waivers.yaml:4:5: waivers[0].reasons: unknown field (did you mean 'reason'?)"),
}  # fmt: skip
# each file given to 'check', and some to 'report' too, which must then write nothing
RUNS = [(name, "check") for name in BAD_FILES] + [(name, "report") for name in ("a-list", "missing", "unknown-rule")]


@pytest.fixture(scope="module")
def bad_files(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], tuple[Path, Out]]:
    """``check`` (and for some, ``report``) with each bad waivers file, each in a folder of its own."""
    folders = []
    for name, command in RUNS:
        folder = tmp_path_factory.mktemp(f"{command}-{name}")
        write_spec(folder, "tank.yaml", changes=BIG_TANK)
        if BAD_FILES[name][0] is not None:
            (folder / "waivers.yaml").write_text(BAD_FILES[name][0], "utf-8")
        folders.append(folder)
    calls = [(command, "tank.yaml", "--waivers", "waivers.yaml", *(["-o", "report.md"] if command == "report" else []))
             for _, command in RUNS]  # fmt: skip
    outs = run_all(calls, cwd=folders)
    return {run: (folder, out) for run, folder, out in zip(RUNS, folders, outs, strict=True)}


@pytest.mark.parametrize(("case", "command"), RUNS, ids=[f"{command}-{case}" for case, command in RUNS])
def test_a_bad_waivers_file_is_one_error_line(bad_files: dict[tuple[str, str], tuple[Path, Out]], case: str,
                                              command: str) -> None:  # fmt: skip
    folder, out = bad_files[(case, command)]
    assert (out.code, out.raw) == (EXIT_INPUT, b"")
    assert out.stderr.splitlines() == [BAD_FILES[case][1]]
    assert not (folder / "report.md").exists()


def test_a_waivers_file_without_waivers_is_named_as_such(tmp_path: Path) -> None:
    (tmp_path / "waivers.yaml").write_text("{}\n", "utf-8")
    out = homologate("check", REPO / PASSING, "--waivers", "waivers.yaml", cwd=tmp_path)
    assert (out.code, out.raw) == (EXIT_INPUT, b"")
    (line,) = out.stderr.splitlines()
    assert line.startswith("waivers.yaml:1:1: ")
    assert "'waivers'" in line
    assert "the spec" not in line, line


def test_report_writes_nothing_for_a_waiver_naming_no_rule(tmp_path: Path) -> None:
    spec = write_spec(tmp_path, "tank.yaml", changes=BIG_TANK, waivers=[Waiver("STK-FUEL-TANKS", "R1")])
    out = homologate("report", spec.name, "-o", "report.html", cwd=tmp_path)
    assert (out.code, out.raw) == (EXIT_INPUT, b"")
    assert out.stderr.splitlines() == [f"tank.yaml:{BASE_LINES + 2}:11: {NO_SUCH_RULE}"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["tank.yaml"]


# --- --no-spec-waivers: only the organiser's waivers file can waive --------------------------------------


def test_no_spec_waivers_lists_a_specs_own_waivers_as_ignored(tmp_path: Path) -> None:
    from tests.helpers import run_cli

    spec = write_spec(tmp_path, "car.yaml", changes=BIG_TANK, waivers=[FUEL])
    ran = run_cli("check", spec.name, "--no-spec-waivers", "--format", "json", cwd=tmp_path)
    report = json.loads(ran.out)["reports"][0]
    assert ran.status == EXIT_FAIL
    assert (finding(report, "STK-FUEL-TANK")["verdict"], finding(report, "STK-FUEL-TANK")["waiver"]) == ("fail", None)
    assert report["unused_waivers"] == [FUEL.as_json(spec, "ignored", None)]
    text = run_cli("check", spec, "--no-spec-waivers", "-q")
    assert "waiver DKR26-TD-014 (STK-FUEL-TANK): ignored: waivers written in a spec are not applied in this run " \
           "(--no-spec-waivers)" in unwrapped(text.out)
    assert run_cli("check", spec, "--format", "json").status == EXIT_OK  # applied by default


def test_no_spec_waivers_still_applies_the_waivers_file(tmp_path: Path) -> None:
    from tests.helpers import run_cli

    spec = write_spec(tmp_path, "car.yaml", changes=BIG_TANK, waivers=[replace(FUEL, reference="TEAM-1")])
    granted = write_waivers(tmp_path, [FUEL])
    ran = run_cli("check", spec, "--no-spec-waivers", "--waivers", granted, "--format", "json")
    report = json.loads(ran.out)["reports"][0]
    assert ran.status == EXIT_OK
    assert finding(report, "STK-FUEL-TANK")["waiver"]["reference"] == "DKR26-TD-014"
    assert [(w["reference"], w["state"]) for w in report["unused_waivers"]] == [("TEAM-1", "ignored")]


def test_spec_waivers_false_in_the_configuration(tmp_path: Path) -> None:
    from tests.helpers import run_cli

    write_spec(tmp_path, "car.yaml", changes=BIG_TANK, waivers=[FUEL])
    (tmp_path / "homologate.toml").write_text("spec-waivers = false\n", "utf-8")
    assert run_cli("check", "car.yaml", cwd=tmp_path).status == EXIT_FAIL
    assert run_cli("check", "car.yaml", "--spec-waivers", cwd=tmp_path).status == EXIT_OK  # the command line wins
    out = tmp_path / "report.md"
    assert run_cli("report", "car.yaml", "-o", out, cwd=tmp_path).status == EXIT_FAIL
    assert "ignored: waivers written in a spec are not applied in this run" in out.read_text("utf-8")
