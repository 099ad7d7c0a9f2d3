"""The output formats of ``homologate check``: what CI systems, code scanning and people read.

Run in this process through ``checker.cli.main.run``, the function the console script calls (its one-line
errors and exit statuses), with standard output, error and the environment isolated (tests.helpers.run_cli),
so that stdout, stderr, exit codes and files are what the entry point produces. Only the colour tests on a
terminal start a process of their own: whether stdout is a real terminal is what they are about. Covered:

* SARIF 2.1.0: valid against the official OASIS schema (../shared/schemas); every rule of the ruleset in
  the driver with its article and help; one result per failing or marginal finding with its rule id,
  level (error / warning / note), region and ruleIndex; none for a compliant spec; a spec that cannot be
  checked as a tool execution notification that makes the invocation unsuccessful; URIs escaped.
* JUnit XML: valid against Windy Road's Ant JUnit XSD; one suite per spec in the order given, one case
  per applicable rule, ``<failure>`` / ``<skipped>`` / ``<error>`` and the count attributes that go with
  them; hostile strings (markup, quotes, control characters) in a spec still give valid XML.
* JSON: valid against checker/schemas/report.schema.json; exact fields of the failing findings; exit
  code and summary.
* GitHub workflow commands: the exact annotations, their levels, and the escaping of ``%``, CR, LF,
  ``:`` and ``,`` (checked by decoding the lines back the way the Actions runner does).
* text: no ANSI codes unless writing to a terminal (or ``--color``); ``NO_COLOR``; ``-q``.
* Golden files (tests/golden): every format, byte for byte, for a compliant and a non-compliant spec.
  ``HOMOLOGATE_UPDATE_GOLDEN=1 python -m pytest tests/test_outputs.py`` rewrites them instead.
* ``-o FILE``: written atomically, nothing on stdout; a run that cannot start leaves an existing file
  untouched and no temporary file behind; a missing folder is one error line and exit status 2.
"""

from __future__ import annotations

import json
import os
import re
import select
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from lxml import etree

import checker
from checker.render.github import command
from checker.ruleset.compile import load_ruleset
from tests.helpers import run_cli, unwrapped, yaml_problem

REPO = Path(__file__).resolve().parents[1]
SHARED_SCHEMAS = Path(__file__).resolve().parents[2] / "shared" / "schemas"
SARIF_SCHEMA = SHARED_SCHEMAS / "sarif-schema-2.1.0.json"
JUNIT_XSD = SHARED_SCHEMAS / "junit-windyroad.xsd"
REPORT_SCHEMA = REPO / "checker" / "schemas" / "report.schema.json"
GOLDEN = REPO / "tests" / "golden"
UPDATE_GOLDEN = os.environ.get("HOMOLOGATE_UPDATE_GOLDEN") == "1"

PASSING = "specs/defender-d7x-r.yaml"  # compliant: 43 passed, 13 not applicable
FAILING = "specs/defender-wide-track.yaml"  # 3 failed, 1 marginal, 39 passed, 13 not applicable
EXIT_OK, EXIT_FAIL, EXIT_INPUT = 0, 1, 2
EPOCH = "1970-01-01T00:00:00"  # the JUnit timestamp under SOURCE_DATE_EPOCH=0
MALFORMED = b"vehicle: [\n"
MALFORMED_ERROR = f"invalid YAML: {yaml_problem(MALFORMED)}"  # at 2:1; the words after the colon are libyaml's
ANSI = re.compile(r"\x1b\[[0-9;]*m")

# The problems of the failing spec, in report order: rule, verdict, path, line, column, message.
WIDE_TRACK_PROBLEMS = [
    ("STK-TRACK-FRONT", "fail", "build.chassis.track_front", 60, 18, "1795 mm is 15 mm above the maximum (≤ 1780 mm)"),
    ("STK-TRACK-REAR", "marginal", "build.chassis.track_rear", 61, 17,
     "1781 mm is 1 mm above the maximum (≤ 1780 mm), within the measurement tolerance"),
    ("STK-WIDTH", "fail", "build.chassis.width", 62, 12, "2180 mm is 16 mm above the maximum (≤ 2164 mm)"),
    ("STK-TYRE-DIAMETER", "fail", "build.wheels.tyre_diameter", 68, 20,
     "37.5 in is 0.5 in above the maximum (≤ 37 in)"),
]  # fmt: skip
# Rules whose condition is false for both Defender specs (turbo petrol V8, FIA 8862 seats, a tank not
# recertified): no test case.
NOT_APPLICABLE_RULES = {"T2-SEAT-8855-VALIDITY", "T2-SEAT-8855-2021-VALIDITY", "T2-SEAT-8855-EXTENSION",
                        "T2-SAFETY-TANK-RECERTIFIED", "STK-RESTRICTOR-DIESEL-TURBO",
                        "STK-RESTRICTOR-NATURAL"}  # fmt: skip
# Rules that do not apply to one seat of the two: one gives its label's year, the other does not.
PARTLY_NOT_APPLICABLE_RULES = {"T2-SEAT-8862-VALIDITY", "T2-SEAT-LABEL-VALIDITY"}

# A ruleset that changes some severities, to see every level: STK-TRACK-FRONT stays an error.
LEVELS_RULESET = """\
ruleset: levels-test
title: Severity levels test
version: "1"
extends: dakar-2026-stock
overrides:
  STK-TRACK-REAR:
    severity: info
  STK-WIDTH:
    severity: info
  STK-TYRE-DIAMETER:
    severity: warning
  STK-FUEL-TANK:
    severity: "off"
"""
# rule: (SARIF level, GitHub command) of the wide-track spec's problems under that ruleset.
LEVELS = {
    "STK-TRACK-FRONT": ("error", "error"),  # a failed error: blocking
    "STK-TRACK-REAR": ("note", "notice"),  # a marginal info
    "STK-WIDTH": ("note", "notice"),  # a failed info
    "STK-TYRE-DIAMETER": ("warning", "warning"),  # a failed warning
}


# --- running the CLI ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Out:
    code: int
    raw: bytes  # stdout, as written
    stderr: str

    @property
    def stdout(self) -> str:
        return self.raw.decode("utf-8")

    @property
    def json(self) -> Any:
        return json.loads(self.raw)


def homologate(*args: str | Path, cwd: Path = REPO, **env: str) -> Out:
    """``homologate ARGS`` in ``cwd`` (the repository root by default, so spec names are relative), run in
    this process; ``env`` adds environment variables for the run."""
    ran = run_cli(*args, cwd=cwd, env={"SOURCE_DATE_EPOCH": "0", **env})  # reproducible JUnit timestamps
    assert "Traceback" not in ran.err, ran.err
    return Out(ran.status, ran.out.encode("utf-8"), ran.err)  # the bytes written: run_cli decoded them strictly


def cli_env(**extra: str) -> dict[str, str]:
    """The environment of a ``python -m checker`` process (in_terminal): the test run's, with what
    ``homologate`` removes or sets in process removed or set the same way."""
    env = {k: v for k, v in os.environ.items()
           if k not in ("HOMOLOGATE_DEBUG", "NO_COLOR", "SOURCE_DATE_EPOCH", "HOMOLOGATE_UPDATE_GOLDEN",
                        "COLUMNS")}  # fmt: skip
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")]))
    env["PYTHONUTF8"] = "1"  # the same bytes whatever the locale of the machine running the tests
    env["SOURCE_DATE_EPOCH"] = "0"  # reproducible JUnit timestamps
    env.update(extra)
    return env


def in_terminal(*args: str, **env: str) -> bytes:
    """stdout of ``homologate ARGS`` with stdout on a pseudo-terminal, its CRLF line ends turned back into LF.
    A process of its own: whether its stdout is a real terminal is what the tests using it are about."""
    pty = pytest.importorskip("pty", reason="pseudo-terminals are POSIX only")
    master, slave = pty.openpty()
    proc = subprocess.Popen([sys.executable, "-m", "checker", *args], cwd=REPO, env=cli_env(**env),
                            stdin=subprocess.DEVNULL, stdout=slave, stderr=subprocess.DEVNULL)  # fmt: skip
    os.close(slave)
    chunks = []
    deadline = time.monotonic() + 120  # a hang guard, not a measure: a run takes well under a second
    try:
        while time.monotonic() < deadline:
            if not select.select([master], [], [], 1.0)[0]:
                continue
            try:
                chunk = os.read(master, 65536)
            except OSError:  # EIO: the child has closed the terminal
                break
            if not chunk:
                break
            chunks.append(chunk)
        else:
            proc.kill()
            pytest.fail(f"homologate {' '.join(args)} on a terminal did not finish within 120 s")
    finally:
        os.close(master)
        proc.wait(timeout=120)
    return b"".join(chunks).replace(b"\r\n", b"\n")  # the terminal's ONLCR


def copy_spec(folder: Path, name: str, source: str = FAILING, replace: tuple[str, str] | None = None) -> Path:
    text = (REPO / source).read_text("utf-8")
    if replace:
        assert text.count(replace[0]) == 1, replace[0]
        text = text.replace(*replace)
    path = folder / name
    path.write_text(text, "utf-8")
    return path


@pytest.fixture
def levels_ruleset(tmp_path: Path) -> Path:
    path = tmp_path / "levels.yaml"
    path.write_text(LEVELS_RULESET, "utf-8")
    return path


@pytest.fixture
def good_and_bad(tmp_path: Path) -> Path:
    """A folder with good.yaml (the compliant Defender) and bad.yaml (malformed YAML)."""
    copy_spec(tmp_path, "good.yaml", PASSING)
    (tmp_path / "bad.yaml").write_bytes(MALFORMED)
    return tmp_path


# --- schemas -----------------------------------------------------------------------------------------


def _shared(path: Path) -> Path:
    if not path.is_file():
        pytest.skip(f"{path.name} not found in {SHARED_SCHEMAS} (the shared schemas folder next to the repository)")
    return path


@pytest.fixture(scope="session")
def sarif_validator() -> jsonschema.Draft4Validator:
    schema = json.loads(_shared(SARIF_SCHEMA).read_text("utf-8"))
    jsonschema.Draft4Validator.check_schema(schema)
    return jsonschema.Draft4Validator(schema, format_checker=jsonschema.FormatChecker())


@pytest.fixture(scope="session")
def junit_schema() -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(_shared(JUNIT_XSD))))


@pytest.fixture(scope="session")
def report_validator() -> jsonschema.Draft202012Validator:
    schema = json.loads(REPORT_SCHEMA.read_text("utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())


def assert_valid(validator: jsonschema.protocols.Validator, document: Any) -> None:
    errors = [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(document)]
    assert errors == []


# RFC 3986 URI-reference characters (the installed format checker does not check "uri-reference").
URI_REFERENCE = re.compile(r"[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=]|%[0-9A-Fa-f]{2}")


def is_uri_reference(text: str) -> bool:
    return URI_REFERENCE.sub("", text) == ""


# --- SARIF -------------------------------------------------------------------------------------------


def sarif(*args: str | Path, validator: jsonschema.Draft4Validator, cwd: Path = REPO) -> tuple[Out, dict[str, Any]]:
    out = homologate("check", *args, "--format", "sarif", cwd=cwd)
    document = out.json
    assert_valid(validator, document)
    for result in document["runs"][0]["results"]:
        assert is_uri_reference(result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"])
    return out, document


@pytest.mark.parametrize("specs", [[PASSING], [FAILING], [FAILING, PASSING]], ids=["passing", "failing", "both"])
def test_sarif_is_valid_against_the_official_schema(specs: list[str], sarif_validator: Any) -> None:
    out, document = sarif(*specs, validator=sarif_validator)
    assert document["version"] == "2.1.0"
    assert len(document["runs"]) == 1
    assert out.code == (EXIT_FAIL if FAILING in specs else EXIT_OK)


def test_sarif_driver_lists_every_rule_with_article_and_help(sarif_validator: Any) -> None:
    _, document = sarif(PASSING, validator=sarif_validator)  # a compliant spec: rules are listed all the same
    driver = document["runs"][0]["tool"]["driver"]
    assert driver["name"] == "homologate"
    assert driver["version"] == checker.__version__
    info = load_ruleset("dakar-2026-stock").info()
    assert [r["id"] for r in driver["rules"]] == [r.id for r in info.rules]
    assert len(driver["rules"]) == 44
    for listed, rule in zip(driver["rules"], info.rules, strict=True):
        assert listed["properties"]["article"] == rule.article
        assert listed["properties"]["severity"] == rule.severity
        assert listed["shortDescription"]["text"] == rule.title
        help_text = listed["help"]["text"]
        assert help_text.startswith(f"{rule.title}. Article: {rule.article}.")
        for extra in (rule.source, rule.note, rule.help):
            assert extra is None or extra in help_text
        assert ("Illustrative limit" in help_text) == rule.illustrative
    by_id = {r["id"]: r for r in driver["rules"]}
    # Spot checks against the ruleset files themselves, not the code's reading of them.
    assert by_id["STK-TRACK-FRONT"]["properties"]["article"] == "Dakar 2026 Stock class (track)"
    assert by_id["T2-CAGE-PLATE"]["properties"]["article"] == "Art. 253-8 (safety cage)"
    assert by_id["T2-CAGE-PLATE"]["defaultConfiguration"] == {"level": "warning", "enabled": True}
    assert by_id["STK-TYRE-DIAMETER"]["help"]["text"].startswith(
        "Tyre diameter at most 37 inches. Article: Dakar 2026 Stock class (tyres). "
        "Illustrative limit: the official figure is not public. The maximum tyre size is not public")


def test_sarif_results_of_the_failing_spec(sarif_validator: Any) -> None:
    out, document = sarif(FAILING, validator=sarif_validator)
    run = document["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    got = []
    for result in run["results"]:
        location = result["locations"][0]
        region = location["physicalLocation"]["region"]
        assert location["physicalLocation"]["artifactLocation"]["uri"] == FAILING
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
        got.append((result["ruleId"], result["properties"]["verdict"],
                    location["logicalLocations"][0]["fullyQualifiedName"], region["startLine"], region["startColumn"],
                    result["message"]["text"], result["level"]))  # fmt: skip
    levels = {"fail": "error", "marginal": "warning"}  # all four rules are error-severity
    assert got == [(*p, levels[p[1]]) for p in WIDE_TRACK_PROBLEMS]
    assert run["invocations"] == [{"executionSuccessful": True, "exitCode": 1, "toolExecutionNotifications": []}]
    assert out.code == EXIT_FAIL
    assert out.stderr == ""


def test_sarif_has_no_results_for_a_compliant_spec(sarif_validator: Any) -> None:
    out, document = sarif(PASSING, validator=sarif_validator)
    run = document["runs"][0]
    assert run["results"] == []
    assert run["invocations"] == [{"executionSuccessful": True, "exitCode": 0, "toolExecutionNotifications": []}]
    assert out.code == EXIT_OK


def test_sarif_levels_follow_severity_and_verdict(levels_ruleset: Path, sarif_validator: Any) -> None:
    out, document = sarif(FAILING, "--rules", levels_ruleset, validator=sarif_validator)
    run = document["runs"][0]
    assert {r["ruleId"]: r["level"] for r in run["results"]} == {rule: sarif for rule, (sarif, _) in LEVELS.items()}
    rules = {r["id"]: r for r in run["tool"]["driver"]["rules"]}
    assert rules["STK-WIDTH"]["defaultConfiguration"] == {"level": "note", "enabled": True}
    assert rules["STK-TYRE-DIAMETER"]["defaultConfiguration"] == {"level": "warning", "enabled": True}
    assert rules["STK-FUEL-TANK"]["defaultConfiguration"] == {"level": "none", "enabled": False}  # listed, though off
    for result in run["results"]:
        assert run["tool"]["driver"]["rules"][result["ruleIndex"]]["id"] == result["ruleId"]
    assert out.code == EXIT_FAIL  # STK-TRACK-FRONT still fails as an error


def test_sarif_spec_that_cannot_be_checked_is_a_notification(good_and_bad: Path, sarif_validator: Any) -> None:
    out, document = sarif("good.yaml", "bad.yaml", validator=sarif_validator, cwd=good_and_bad)
    run = document["runs"][0]
    assert run["invocations"] == [{
        "executionSuccessful": False,
        "exitCode": 2,
        "toolExecutionNotifications": [{
            "level": "error",
            "message": {"text": MALFORMED_ERROR},
            "locations": [{"physicalLocation": {"artifactLocation": {"uri": "bad.yaml"},
                                                "region": {"startLine": 2, "startColumn": 1}}}],
        }],
    }]  # fmt: skip
    assert run["results"] == []  # the good spec is compliant
    assert out.code == EXIT_INPUT
    assert out.stderr.splitlines() == [f"bad.yaml:2:1: {MALFORMED_ERROR}"]


def test_sarif_uris_are_escaped(tmp_path: Path, sarif_validator: Any) -> None:
    relative = copy_spec(tmp_path, "wide track #2.yaml")
    absolute = copy_spec(tmp_path, "a:b.yaml")
    _, document = sarif(relative.name, absolute, validator=sarif_validator, cwd=tmp_path)
    uris = sorted({r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                   for r in document["runs"][0]["results"]})  # fmt: skip
    assert uris == sorted(["wide%20track%20%232.yaml", absolute.as_uri()])


# --- JUnit -------------------------------------------------------------------------------------------


def junit(*args: str | Path, schema: etree.XMLSchema, cwd: Path = REPO) -> tuple[Out, etree._Element]:
    out = homologate("check", *args, "--format", "junit", cwd=cwd)
    assert out.raw.startswith(b'<?xml version="1.0" encoding="UTF-8"?>\n')
    root = etree.fromstring(out.raw)
    schema.assertValid(root)
    for suite in root.iter("testsuite"):
        assert_counts(suite)
    return out, root


def assert_counts(suite: etree._Element) -> None:
    """A suite's count attributes are those of its test cases."""
    cases = suite.findall("testcase")
    assert suite.get("tests") == str(len(cases))
    for tag, attribute in (("failure", "failures"), ("error", "errors"), ("skipped", "skipped")):
        assert suite.get(attribute) == str(sum(c.find(tag) is not None for c in cases)), attribute


def rule_of(case: etree._Element) -> str:
    """The rule id of a case named ``[area] RULE-ID: title...``."""
    return case.get("name").split(":", 1)[0].split("] ", 1)[1]


@pytest.mark.parametrize("specs", [[PASSING], [FAILING]], ids=["passing", "failing"])
def test_junit_is_valid_against_the_ant_schema(specs: list[str], junit_schema: etree.XMLSchema) -> None:
    out, root = junit(*specs, schema=junit_schema)
    assert root.tag == "testsuites"
    assert out.code == (EXIT_FAIL if FAILING in specs else EXIT_OK)


@pytest.mark.parametrize("specs", [[FAILING, PASSING], [PASSING, FAILING]], ids=["failing-first", "passing-first"])
def test_junit_one_suite_per_spec_in_the_order_given(specs: list[str], junit_schema: etree.XMLSchema) -> None:
    _, root = junit(*specs, schema=junit_schema)
    suites = root.findall("testsuite")
    assert [(s.get("name"), s.get("id")) for s in suites] == [(specs[0], "0"), (specs[1], "1")]
    for suite in suites:
        assert suite.get("package") == "homologate.dakar-2026-stock"
        assert suite.get("timestamp") == EPOCH
        expected = ("43", "3") if suite.get("name") == FAILING else ("43", "0")
        counts = (suite.get("tests"), suite.get("failures"), suite.get("errors"), suite.get("skipped"))
        assert counts == (*expected, "0", "0")


def test_junit_cases_of_the_failing_spec(junit_schema: etree.XMLSchema) -> None:
    _, root = junit(FAILING, schema=junit_schema)
    (suite,) = root.findall("testsuite")
    cases = suite.findall("testcase")
    assert len(cases) == 43  # 56 findings, 13 of them not applicable
    assert not NOT_APPLICABLE_RULES & {rule_of(c) for c in cases}
    assert len({c.get("name") for c in cases}) == len(cases)  # per-item rules are told apart by their path
    assert ("[safety] T2-SEAT-STANDARD: Seats homologated to FIA 8855-1999, 8862-2009 or 8855-2021 "
            "(build.safety.seats[1].standard)") in {c.get("name") for c in cases}
    failed = {rule_of(c): c for c in cases if len(c)}
    assert sorted(failed) == ["STK-TRACK-FRONT", "STK-TYRE-DIAMETER", "STK-WIDTH"]  # marginal: a pass unless --strict
    for rule, verdict, path, line, column, message in WIDE_TRACK_PROBLEMS:
        if verdict != "fail":
            continue
        case = failed[rule]
        assert case.get("classname") == "specs.defender-wide-track"
        area = "wheels" if rule == "STK-TYRE-DIAMETER" else "chassis"
        assert case.get("name").startswith(f"[{area}] {rule}: ")
        assert [child.tag for child in case] == ["failure"]
        failure = case[0]
        assert (failure.get("message"), failure.get("type")) == (message, "error")
        details = failure.text.splitlines()
        assert details[:2] == [f"{FAILING}:{line}:{column}: {rule} [error] {message}", f"value: {path}"]
    assert failed["STK-TRACK-FRONT"][0].text.splitlines()[2:6] == [
        "article: Dakar 2026 Stock class (track)", "measured: 1795 mm", "limit: ≤ 1780 mm", "margin: -15 mm"]
    assert suite.find("system-out").text.splitlines() == [
        "NOT COMPLIANT: 3 failed, 1 marginal, 39 passed, 13 not applicable",
        f"marginal: STK-TRACK-REAR {WIDE_TRACK_PROBLEMS[1][5]}",
    ]
    properties = {p.get("name"): p.get("value") for p in suite.find("properties")}
    assert properties["make"] == "Land Rover"
    assert properties["compliant"] == "false"
    assert properties["checked_on"] == "2026-01-02"


def test_junit_passes_have_no_child(junit_schema: etree.XMLSchema) -> None:
    _, root = junit(PASSING, schema=junit_schema)
    cases = root.findall("testsuite/testcase")
    assert len(cases) == 43
    assert [c.get("name") for c in cases if len(c)] == []
    assert root.find("testsuite/system-out").text == "COMPLIANT: 0 failed, 0 marginal, 43 passed, 13 not applicable"


def test_junit_strict_makes_a_marginal_value_a_failure(junit_schema: etree.XMLSchema) -> None:
    _, root = junit(FAILING, "--strict", schema=junit_schema)
    suite = root.find("testsuite")
    assert (suite.get("failures"), suite.get("skipped")) == ("4", "0")
    (rear,) = [c for c in suite.findall("testcase") if rule_of(c) == "STK-TRACK-REAR"]
    assert (rear[0].tag, rear[0].get("type"), rear[0].get("message")) == (
        "failure", "marginal", WIDE_TRACK_PROBLEMS[1][5])


def test_junit_problems_already_in_the_baseline_are_skipped(tmp_path: Path, junit_schema: etree.XMLSchema) -> None:
    baseline = tmp_path / "before.json"
    baseline.write_bytes(homologate("check", FAILING, "--format", "json").raw)
    out, root = junit(FAILING, "--baseline", baseline, schema=junit_schema)
    suite = root.find("testsuite")
    assert (suite.get("tests"), suite.get("failures"), suite.get("skipped")) == ("43", "0", "3")
    skipped = {rule_of(c) for c in suite.findall("testcase") if c.find("skipped") is not None}
    # the failures already there; the marginal rear track is a pass, as it is without a baseline
    assert skipped == {p[0] for p in WIDE_TRACK_PROBLEMS} - {"STK-TRACK-REAR"}
    assert out.code == EXIT_OK  # nothing new since the baseline


@pytest.mark.parametrize(("name", "content", "error"), [
    ("bad.yaml", MALFORMED, f"bad.yaml:2:1: {MALFORMED_ERROR}"),
    ("missing.yaml", None, "missing.yaml:1:1: no such file"),
], ids=["malformed", "missing"])  # fmt: skip
def test_junit_spec_that_cannot_be_read_is_a_suite_with_an_error(
    good_and_bad: Path, name: str, content: bytes | None, error: str, junit_schema: etree.XMLSchema
) -> None:
    out, root = junit("good.yaml", name, schema=junit_schema, cwd=good_and_bad)
    good, bad = root.findall("testsuite")
    assert (good.get("name"), good.get("errors"), good.get("failures")) == ("good.yaml", "0", "0")
    assert tuple(bad.get(a) for a in ("name", "id", "tests", "failures", "errors", "skipped")) == (
        name, "1", "1", "0", "1", "0")
    (case,) = bad.findall("testcase")
    assert [child.tag for child in case] == ["error"]
    assert (case[0].get("message"), case[0].get("type"), case[0].text) == (error.split(": ", 1)[1], "InputError", error)
    assert out.code == EXIT_INPUT


def test_junit_hostile_strings_give_valid_xml(tmp_path: Path, junit_schema: etree.XMLSchema) -> None:
    # make: <script>&"' then U+0001 and U+FFFE, written as YAML escapes: neither is allowed in XML 1.0.
    hostile = '  make: "<script>&\\"\' \\x01 \\uFFFE end"'  # the YAML line: make: "<script>&\"' \x01 \uFFFE end"
    spec = copy_spec(tmp_path, 'car <&> "x".yaml', replace=("  make: Land Rover", hostile))
    out, root = junit(spec.name, schema=junit_schema, cwd=tmp_path)
    suite = root.find("testsuite")
    assert suite.get("name") == 'car <&> "x".yaml'
    properties = {p.get("name"): p.get("value") for p in suite.find("properties")}
    assert properties["make"] == "<script>&\"' \ufffd \ufffd end"
    assert b"<script>" not in out.raw
    assert b"\x01" not in out.raw
    failure = suite.find("testcase/failure")
    assert failure.text.startswith('car <&> "x".yaml:60:18: STK-TRACK-FRONT [error]')
    assert out.code == EXIT_FAIL


# --- JSON --------------------------------------------------------------------------------------------


def report_json(*args: str | Path, validator: jsonschema.Draft202012Validator,
                cwd: Path = REPO) -> tuple[Out, dict[str, Any]]:  # fmt: skip
    out = homologate("check", *args, "--format", "json", cwd=cwd)
    document = out.json
    assert_valid(validator, document)
    return out, document


@pytest.mark.parametrize("args", [[PASSING], [FAILING], [FAILING, "--strict"], [FAILING, PASSING]],
                         ids=["passing", "failing", "strict", "both"])  # fmt: skip
def test_json_is_valid_against_the_report_schema(args: list[str], report_validator: Any) -> None:
    out, document = report_json(*args, validator=report_validator)
    assert document["format"] == "homologate-report"
    assert document["homologate"] == checker.__version__
    assert out.code == document["exit_code"]


def test_json_report_of_the_failing_spec(report_validator: Any) -> None:
    out, document = report_json(FAILING, validator=report_validator)
    assert document["exit_code"] == 1 == out.code
    assert document["summary"] == {"specs": 1, "compliant": 0, "not_compliant": 1, "unchecked": 0,
                                   "passed": 0, "failed": 1}  # fmt: skip
    assert (document["strict"], document["baseline"], document["unchecked"]) == (False, None, [])
    (report,) = document["reports"]
    assert (report["spec_file"], report["compliant"], report["exit_code"], report["checked_on"]) == (
        FAILING, False, 1, "2026-01-02")
    assert report["counts"] == {"fail": 3, "marginal": 1, "waived": 0, "pass": 39, "not_applicable": 13}
    keys = ("rule_id", "verdict", "severity", "blocking", "measured", "limit", "margin", "article", "provenance",
            "file", "line", "column", "path", "measured_value", "limit_value", "margin_value", "unit")  # fmt: skip
    problems = [{k: f[k] for k in keys} for f in report["findings"] if f["verdict"] in ("fail", "marginal")]
    track = {"article": "Dakar 2026 Stock class (track)", "provenance": "illustrative", "file": FAILING, "unit": "mm",
             "severity": "error", "limit": "≤ 1780 mm", "limit_value": 1780.0}  # fmt: skip
    assert problems == [
        {**track, "rule_id": "STK-TRACK-FRONT", "verdict": "fail", "blocking": True, "measured": "1795 mm",
         "margin": "-15 mm", "line": 60, "column": 18, "path": "build.chassis.track_front",
         "measured_value": 1795.0, "margin_value": -15.0},
        {**track, "rule_id": "STK-TRACK-REAR", "verdict": "marginal", "blocking": False, "measured": "1781 mm",
         "margin": "-1 mm", "line": 61, "column": 17, "path": "build.chassis.track_rear",
         "measured_value": 1781.0, "margin_value": -1.0},
        {"rule_id": "STK-WIDTH", "verdict": "fail", "severity": "error", "blocking": True, "measured": "2180 mm",
         "limit": "≤ 2164 mm", "margin": "-16 mm", "article": "Dakar 2026 Stock class (width)",
         "provenance": "illustrative", "file": FAILING, "line": 62, "column": 12, "path": "build.chassis.width",
         "measured_value": 2180.0, "limit_value": 2164.0, "margin_value": -16.0, "unit": "mm"},
        {"rule_id": "STK-TYRE-DIAMETER", "verdict": "fail", "severity": "error", "blocking": True,
         "measured": "37.5 in", "limit": "≤ 37 in", "margin": "-0.5 in", "article": "Dakar 2026 Stock class (tyres)",
         "provenance": "illustrative", "file": FAILING, "line": 68, "column": 20, "path": "build.wheels.tyre_diameter",
         "measured_value": 952.5, "limit_value": 939.8, "margin_value": -12.7, "unit": "mm"},  # inches held in mm
    ]  # fmt: skip
    not_applicable = {f["rule_id"] for f in report["findings"] if f["verdict"] == "not_applicable"}
    assert not_applicable == NOT_APPLICABLE_RULES | PARTLY_NOT_APPLICABLE_RULES


@pytest.mark.parametrize(("args", "code", "summary"), [
    ([PASSING], 0, {"specs": 1, "compliant": 1, "not_compliant": 0, "unchecked": 0, "passed": 1, "failed": 0}),
    ([PASSING, "--strict"], 0,
     {"specs": 1, "compliant": 1, "not_compliant": 0, "unchecked": 0, "passed": 1, "failed": 0}),
    ([FAILING, PASSING], 1, {"specs": 2, "compliant": 1, "not_compliant": 1, "unchecked": 0, "passed": 1, "failed": 1}),
], ids=["passing", "passing-strict", "both"])  # fmt: skip
def test_json_exit_code_and_summary(args: list[str], code: int, summary: dict[str, int], report_validator: Any) -> None:
    out, document = report_json(*args, validator=report_validator)
    assert (out.code, document["exit_code"], document["summary"]) == (code, code, summary)
    assert [r["spec_file"] for r in document["reports"]] == [a for a in args if a.endswith(".yaml")]


def test_json_strict_counts_a_marginal_value(tmp_path: Path, report_validator: Any) -> None:
    # Only the marginal rear track left: compliant, but --strict fails it.
    spec = copy_spec(tmp_path, "marginal.yaml", replace=("track_front: 1795 mm", "track_front: 1760 mm"))
    spec.write_text(spec.read_text("utf-8").replace("width: 2180 mm", "width: 2140 mm")
                    .replace("tyre_diameter: 37.5 in", "tyre_diameter: 35 in"), "utf-8")  # fmt: skip
    _, plain = report_json(spec, validator=report_validator)
    out, strict = report_json(spec, "--strict", validator=report_validator)
    assert (plain["exit_code"], plain["reports"][0]["compliant"], plain["reports"][0]["counts"]["marginal"]) == (
        0, True, 1)
    assert (strict["exit_code"], strict["reports"][0]["exit_code"], strict["strict"], out.code) == (1, 1, True, 1)


def test_json_unchecked_spec(good_and_bad: Path, report_validator: Any) -> None:
    out, document = report_json("good.yaml", "bad.yaml", validator=report_validator, cwd=good_and_bad)
    assert (out.code, document["exit_code"]) == (EXIT_INPUT, EXIT_INPUT)
    assert document["summary"] == {"specs": 2, "compliant": 1, "not_compliant": 0, "unchecked": 1,
                                   "passed": 1, "failed": 0}  # fmt: skip
    assert document["unchecked"] == [{"file": "bad.yaml", "line": 2, "column": 1, "message": MALFORMED_ERROR,
                                      "more": []}]


# --- GitHub workflow commands ------------------------------------------------------------------------

_ILLUSTRATIVE = " [illustrative limit: the official figure is not public]"
WIDE_TRACK_GITHUB = [
    (f"::error file={FAILING},line=60,col=18,title=STK-TRACK-FRONT%3A Front track at most 80 mm wider than produced "
     f"(Dakar 2026 Stock class (track))::1795 mm is 15 mm above the maximum (≤ 1780 mm){_ILLUSTRATIVE}"),
    (f"::warning file={FAILING},line=61,col=17,title=STK-TRACK-REAR%3A Rear track at most 80 mm wider than produced "
     f"(Dakar 2026 Stock class (track))::1781 mm is 1 mm above the maximum (≤ 1780 mm), within the measurement "
     f"tolerance{_ILLUSTRATIVE}"),
    (f"::error file={FAILING},line=62,col=12,title=STK-WIDTH%3A Overall width at most 100 mm over the production width "
     f"(Dakar 2026 Stock class (width))::2180 mm is 16 mm above the maximum (≤ 2164 mm){_ILLUSTRATIVE}"),
    (f"::error file={FAILING},line=68,col=20,title=STK-TYRE-DIAMETER%3A Tyre diameter at most 37 inches "
     f"(Dakar 2026 Stock class (tyres))::37.5 in is 0.5 in above the maximum (≤ 37 in){_ILLUSTRATIVE}"),
    f"{FAILING}: NOT COMPLIANT (39 passed, 1 marginal, 3 failed, 13 not applicable)",
]  # fmt: skip


def parse_command(line: str) -> tuple[str, dict[str, str], str]:
    """A workflow command read back as the Actions runner does: ``::name k=v,k=v::data``, then unescaped."""
    match = re.fullmatch(r"::(\w+)(?: ([^:]*))?::(.*)", line)
    assert match, line
    name, props, data = match.groups()

    def unescape(text: str, extra: tuple[tuple[str, str], ...] = ()) -> str:
        for code, char in (("%0D", "\r"), ("%0A", "\n"), *extra, ("%25", "%")):  # %25 last, as the runner does
            text = text.replace(code, char)
        return text

    properties = {}
    for pair in (props or "").split(","):
        key, _, value = pair.partition("=")
        properties[key] = unescape(value, (("%3A", ":"), ("%2C", ",")))
    return name, properties, unescape(data)


def test_github_annotations_of_the_failing_spec() -> None:
    out = homologate("check", FAILING, "--format", "github")
    assert out.stdout.splitlines() == WIDE_TRACK_GITHUB
    assert out.stdout.endswith("\n")
    assert out.code == EXIT_FAIL
    level, props, _ = parse_command(WIDE_TRACK_GITHUB[0])
    title = "STK-TRACK-FRONT: Front track at most 80 mm wider than produced (Dakar 2026 Stock class (track))"
    assert (level, props["title"]) == ("error", title)


def test_github_compliant_spec_is_one_summary_line() -> None:
    out = homologate("check", PASSING, "--format", "github")
    assert out.stdout == f"{PASSING}: compliant (43 passed, 0 marginal, 0 failed, 13 not applicable)\n"
    assert out.code == EXIT_OK


def test_github_levels_follow_severity_and_verdict(levels_ruleset: Path) -> None:
    out = homologate("check", FAILING, "--rules", levels_ruleset, "--format", "github")
    annotations = [parse_command(line) for line in out.stdout.splitlines() if line.startswith("::")]
    got = {props["title"].split(":")[0]: level for level, props, _ in annotations}
    assert got == {rule: github for rule, (_, github) in LEVELS.items()}


def test_github_spec_that_cannot_be_checked(good_and_bad: Path) -> None:
    out = homologate("check", "bad.yaml", "good.yaml", "--format", "github", cwd=good_and_bad)
    assert out.stdout.splitlines() == [
        f"::error file=bad.yaml,line=2,col=1,title=homologate%3A spec cannot be checked::{MALFORMED_ERROR}",
        "good.yaml: compliant (43 passed, 0 marginal, 0 failed, 13 not applicable)",
    ]
    assert out.code == EXIT_INPUT


@pytest.mark.parametrize(("message", "properties", "expected"), [
    ("plain", {"file": "a.yaml", "line": 3}, "::error file=a.yaml,line=3::plain"),
    ("100% over: a, b", {"title": "R: x, y"}, "::error title=R%3A x%2C y::100%25 over: a, b"),
    ("two\nlines\r\nthree", {"title": "t\nu"}, "::error title=t%0Au::two%0Alines%0D%0Athree"),
    ("%0A is not a newline", {"file": "50%,x:y.yaml"}, "::error file=50%25%2Cx%3Ay.yaml::%250A is not a newline"),
    ("::warning::nested", {"title": "::x"}, "::error title=%3A%3Ax::::warning::nested"),
], ids=["plain", "percent-colon-comma", "newlines", "escape-lookalike", "nested-command"])  # fmt: skip
def test_github_command_escapes_data_and_properties(message: str, properties: dict[str, Any], expected: str) -> None:
    line = command("error", message, **properties)
    assert line == expected
    assert "\n" not in line
    assert "\r" not in line
    assert parse_command(line) == ("error", {k: str(v) for k, v in properties.items()}, message)


def test_github_escapes_a_spec_file_name(tmp_path: Path) -> None:
    copy_spec(tmp_path, "50%,wide:track.yaml")
    out = homologate("check", "50%,wide:track.yaml", "--format", "github", cwd=tmp_path)
    first = out.stdout.splitlines()[0]
    assert first.startswith("::error file=50%25%2Cwide%3Atrack.yaml,line=60,col=18,title=STK-TRACK-FRONT%3A ")
    assert parse_command(first)[1]["file"] == "50%,wide:track.yaml"


# --- text --------------------------------------------------------------------------------------------

WIDE_TRACK_HEADER = (f"{FAILING}: Land Rover Defender Dakar D7X-R (wide-track variant) (form T2-ILLUSTRATIVE-0001, "
                     "class T2 Stock, entry Illustrative variant, not a real entry)")  # fmt: skip
PASSING_HEADER = (f"{PASSING}: Land Rover Defender Dakar D7X-R (form T2-ILLUSTRATIVE-0001, class T2 Stock, "
                  "entry Defender Rally (illustrative entry))")  # fmt: skip
NOTE = "* illustrative limit: the official figure is not public; see the rule's note."


def test_text_has_no_ansi_codes_when_not_a_terminal() -> None:
    out = homologate("check", FAILING)
    assert "\x1b" not in out.stdout
    assert unwrapped(out.stdout)[0] == WIDE_TRACK_HEADER
    assert "NOT COMPLIANT: 39 passed, 1 marginal, 3 failed, 13 not applicable" in out.stdout.splitlines()
    assert out.code == EXIT_FAIL


def test_text_color_forces_ansi_codes() -> None:
    plain = homologate("check", FAILING).stdout
    coloured = homologate("check", FAILING, "--color").stdout
    lines = coloured.splitlines()
    assert any(line.startswith("\x1b[31m\x1b[1mFAIL    \x1b[0m  STK-TRACK-FRONT *") for line in lines)
    assert any(line.startswith("\x1b[33m\x1b[22mMARGINAL\x1b[0m  STK-TRACK-REAR *") for line in lines)
    assert any(line.startswith("\x1b[32m\x1b[22mpass    \x1b[0m") for line in lines)
    assert "\x1b[31m\x1b[1mNOT COMPLIANT\x1b[0m: 39 passed" in coloured
    assert ANSI.sub("", coloured) == plain  # colour added, nothing else changed


@pytest.mark.parametrize(("args", "env", "coloured"), [
    ([], {}, True),
    (["--no-color"], {}, False),
    ([], {"NO_COLOR": "1"}, False),
    (["--color"], {"NO_COLOR": "1"}, True),
], ids=["default", "no-color", "NO_COLOR", "color-beats-NO_COLOR"])  # fmt: skip
def test_text_colour_on_a_terminal(args: list[str], env: dict[str, str], coloured: bool) -> None:
    output = in_terminal("check", FAILING, *args, **env).decode("utf-8")
    assert ("\x1b[31m\x1b[1mFAIL" in output) is coloured
    assert ANSI.sub("", output) == homologate("check", FAILING).stdout


@pytest.mark.parametrize(("spec", "expected", "code"), [
    (FAILING, [WIDE_TRACK_HEADER,
               *(f"{FAILING}:{line}:{column}: {rule} [{'error' if verdict == 'fail' else 'warning'}] {message}"
                 for rule, verdict, _, line, column, message in WIDE_TRACK_PROBLEMS),  # marginal: a warning
               "NOT COMPLIANT: 39 passed, 1 marginal, 3 failed, 13 not applicable", ""], EXIT_FAIL),
    (PASSING, [PASSING_HEADER, "COMPLIANT: 43 passed, 0 marginal, 0 failed, 13 not applicable", ""], EXIT_OK),
], ids=["failing", "passing"])  # fmt: skip
def test_text_quiet_shows_only_problems_and_totals(spec: str, expected: list[str], code: int) -> None:
    out = homologate("check", spec, "-q")  # no '*' shown, so no legend of it
    assert unwrapped(out.stdout) == expected
    assert out.code == code


def test_text_quiet_batch_ends_with_totals(good_and_bad: Path) -> None:
    copy_spec(good_and_bad, "wide.yaml")
    out = homologate("check", "good.yaml", "wide.yaml", "bad.yaml", "-q", cwd=good_and_bad)
    lines = out.stdout.splitlines()
    totals = [line for line in lines if re.match(r"(NOT )?COMPLIANT: ", line)]
    assert totals == ["COMPLIANT: 43 passed, 0 marginal, 0 failed, 13 not applicable",
                      "NOT COMPLIANT: 39 passed, 1 marginal, 3 failed, 13 not applicable"]  # fmt: skip
    assert lines[-1] == "2 specs checked: 1 passed, 1 failed; 1 could not be checked"
    assert [line for line in lines if "verdict" in line or line.startswith("pass ")] == []
    assert out.stderr.splitlines() == [f"bad.yaml:2:1: {MALFORMED_ERROR}"]
    assert out.code == EXIT_INPUT


# --- golden files ------------------------------------------------------------------------------------

EXTENSIONS = {"json": "json", "sarif": "sarif", "junit": "junit.xml", "github": "github.txt", "text": "txt"}
VERSION = "<VERSION>"


def normalise(fmt: str, output: bytes) -> bytes:
    """Only what must vary between machines and releases: the version, the JUnit hostname (the JUnit
    timestamp is fixed by SOURCE_DATE_EPOCH=0)."""
    output = output.replace(f'"{checker.__version__}"'.encode(), f'"{VERSION}"'.encode())
    if fmt == "junit":
        output = re.sub(rb'hostname="[^"]*"', b'hostname="HOST"', output)
        assert output.count(f'timestamp="{EPOCH}"'.encode()) == 1
    return output


@pytest.mark.parametrize("fmt", list(EXTENSIONS))
@pytest.mark.parametrize("spec", [PASSING, FAILING], ids=["passing", "failing"])
def test_golden(spec: str, fmt: str) -> None:
    out = homologate("check", spec, "--format", fmt)
    assert out.code == (EXIT_FAIL if spec == FAILING else EXIT_OK)
    assert out.stderr == ""
    got = normalise(fmt, out.raw)
    golden = GOLDEN / f"{Path(spec).stem}.{EXTENSIONS[fmt]}"
    if UPDATE_GOLDEN:
        golden.parent.mkdir(exist_ok=True)
        golden.write_bytes(got)
        return
    assert golden.is_file(), f"no {golden.relative_to(REPO)}: run with HOMOLOGATE_UPDATE_GOLDEN=1 to write it"
    expected = golden.read_bytes()
    if got != expected:  # a readable diff rather than two long byte strings
        assert got.decode("utf-8").splitlines() == expected.decode("utf-8").splitlines()
        assert got == expected  # line endings or the final newline


# --- -o FILE -----------------------------------------------------------------------------------------


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


@pytest.mark.parametrize("fmt", ["json", "sarif", "junit", "github", "text"])
def test_output_file_gets_what_stdout_would(tmp_path: Path, fmt: str) -> None:
    target = tmp_path / f"report.{fmt}"
    out = homologate("check", FAILING, "--format", fmt, "-o", target)
    assert (out.code, out.raw, out.stderr) == (EXIT_FAIL, b"", "")
    written = target.read_bytes()
    expected = homologate("check", FAILING, "--format", fmt).raw
    if fmt == "text":  # the terminal stream ends each spec with a blank line; the file has no trailing blank line
        assert written.rstrip(b"\n") == expected.rstrip(b"\n")
    else:
        assert written == expected
    assert written.endswith(b"\n")
    assert leftovers(tmp_path) == []


def test_output_file_is_a_complete_report(tmp_path: Path, report_validator: Any) -> None:
    target = tmp_path / "report.json"
    target.write_text("an older, longer report " * 1000, "utf-8")
    target.chmod(0o640)
    out = homologate("check", FAILING, PASSING, "--format", "json", "-o", target)
    assert (out.code, out.raw) == (EXIT_FAIL, b"")
    document = json.loads(target.read_bytes())
    assert_valid(report_validator, document)
    assert [r["spec_file"] for r in document["reports"]] == [FAILING, PASSING]
    assert target.stat().st_mode & 0o777 == 0o640  # the permissions of the file replaced are kept
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.json"]


@pytest.mark.parametrize("args", [
    ["--format", "json", "--rules", "no-such-ruleset"],
    ["--format", "json", "--rules", "specs/defender-d7x-r.yaml"],  # a file, but not a ruleset
    ["--format", "json", "--on", "2026-13-45"],
    ["--format", "yaml"],
    ["--format", "json", "--jobs", "0"],
], ids=["unknown-ruleset", "not-a-ruleset", "bad-date", "bad-format", "bad-jobs"])  # fmt: skip
def test_output_file_is_untouched_when_the_run_cannot_start(tmp_path: Path, args: list[str]) -> None:
    target = tmp_path / "report.json"
    before = b'{"an": "earlier report"}\n'
    target.write_bytes(before)
    out = homologate("check", FAILING, *args, "-o", target)
    assert out.code == EXIT_INPUT
    assert out.raw == b""
    lines = out.stderr.splitlines()
    if "specs/defender-d7x-r.yaml" in args:  # a spec is no ruleset: each of its problems as one, a line each
        assert lines == [f"specs/defender-d7x-r.yaml:{line}" for line in (
            "12:1: spec_version: unknown field (did you mean 'version'?)", "12:1: missing required field 'ruleset'",
            "12:1: missing required field 'title'", "13:1: vehicle: unknown field",
            "21:1: production: unknown field", "51:1: build: unknown field")]  # fmt: skip
    else:
        assert len(lines) == 1
    assert target.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.json"]  # no temporary file left


def test_output_into_a_missing_folder_is_one_error_line(tmp_path: Path) -> None:
    out = homologate("check", REPO / FAILING, "--format", "sarif", "-o", "missing/report.sarif", cwd=tmp_path)
    assert out.code == EXIT_INPUT
    assert out.raw == b""
    assert out.stderr.splitlines() == ["missing/report.sarif:1:1: cannot write the output: no folder 'missing'"]
    assert list(tmp_path.iterdir()) == []


def test_output_onto_a_folder_is_one_error_line(tmp_path: Path) -> None:
    (tmp_path / "reports").mkdir()
    out = homologate("check", REPO / FAILING, "-o", "reports", cwd=tmp_path)
    assert (out.code, out.raw) == (EXIT_INPUT, b"")
    assert out.stderr.splitlines() == ["reports:1:1: cannot write the output: this is a folder"]
    assert list((tmp_path / "reports").iterdir()) == []
    assert leftovers(tmp_path) == []


# --- known bugs --------------------------------------------------------------------------------------


def test_raw_control_character_is_located_on_one_line(tmp_path: Path, sarif_validator: Any) -> None:
    copy_spec(tmp_path, "raw.yaml", replace=("  make: Land Rover", "  make: Land \x01 Rover"))
    out, document = sarif("raw.yaml", validator=sarif_validator, cwd=tmp_path)
    (notification,) = document["runs"][0]["invocations"][0]["toolExecutionNotifications"]
    assert len(out.stderr.splitlines()) == 1
    assert "\n" not in notification["message"]["text"]
    region = notification["locations"][0]["physicalLocation"]["region"]
    assert (region["startLine"], region["startColumn"]) == (7, 14)  # the line of make:, the \x01
    assert out.stderr == "raw.yaml:7:14: expected printable text, found the control character U+0001\n"
