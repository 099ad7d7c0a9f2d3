"""--fail-on error|warning|marginal (--strict is marginal): what fails a check, and a verdict line that agrees
with the exit status in every output.

Four cars, each the compliant Defender with one value changed: one fails an error rule (a front track 15 mm
too wide), one a warning rule (no identification plate on the cage: T2-CAGE-PLATE, the bundled ruleset's
warning), one has only a marginal value (a rear track 1 mm over, within the 2 mm tolerance), one is clean.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from lxml import etree

from tests.helpers import SPECS, Ran, assert_one_input_error, assert_usage_error, run_cli

D7X = SPECS / "defender-d7x-r.yaml"
CHANGES = {  # car: (the line changed in the compliant Defender, as it is then)
    "error": ("track_front: 1760 mm", "track_front: 1795 mm"),
    "warning": ("identification_plate: true", "identification_plate: false"),
    "marginal": ("track_rear: 1760 mm", "track_rear: 1781 mm"),
    "clean": None,
}
# each car's problem line (text -q) and the counts its verdict line ends with
PROBLEM = {
    "error": "car.yaml:67:18: STK-TRACK-FRONT [error] 1795 mm is 15 mm above the maximum (≤ 1780 mm)",
    "warning": "car.yaml:96:29: T2-CAGE-PLATE [warning] no, but the rule requires yes",
    "marginal": ("car.yaml:68:17: STK-TRACK-REAR [warning] 1781 mm is 1 mm above the maximum (≤ 1780 mm), within "
                 "the measurement tolerance"),
    "clean": None,
}  # fmt: skip
COUNTS = {
    "error": "42 passed, 0 marginal, 1 failed, 13 not applicable",
    "warning": "42 passed, 0 marginal, 1 failed, 13 not applicable",
    "marginal": "42 passed, 1 marginal, 0 failed, 13 not applicable",
    "clean": "43 passed, 0 marginal, 0 failed, 13 not applicable",
}
# (threshold, car): (exit status, verdict words before the counts)
EXPECTED = {
    ("error", "error"): (1, "NOT COMPLIANT"),
    ("error", "warning"): (0, "COMPLIANT"),
    ("error", "marginal"): (0, "COMPLIANT"),
    ("error", "clean"): (0, "COMPLIANT"),
    ("warning", "error"): (1, "NOT COMPLIANT"),
    ("warning", "warning"): (1, "COMPLIANT, but fails --fail-on warning with 1 failed warning"),
    ("warning", "marginal"): (0, "COMPLIANT"),
    ("warning", "clean"): (0, "COMPLIANT"),
    ("marginal", "error"): (1, "NOT COMPLIANT"),
    ("marginal", "warning"): (1, "COMPLIANT, but fails --fail-on marginal with 1 failed warning"),
    ("marginal", "marginal"): (1, "COMPLIANT, but fails --fail-on marginal with 1 marginal value"),
    ("marginal", "clean"): (0, "COMPLIANT"),
}
CASES = [pytest.param(level, car, id=f"{level}-{car}") for level, car in EXPECTED]
RULE = {"error": "STK-TRACK-FRONT", "warning": "T2-CAGE-PLATE", "marginal": "STK-TRACK-REAR"}


def car(folder: Path, kind: str, name: str = "car.yaml") -> Path:
    """The compliant Defender with the one change of ``kind``, as ``folder/name``."""
    text = D7X.read_text("utf-8")
    change = CHANGES[kind]
    if change is not None:
        assert text.count(change[0]) == 1, change[0]
        text = text.replace(*change)
    path = folder / name
    path.write_text(text, "utf-8")
    return path


def quiet(kind: str, verdict: str) -> str:
    """What ``check -q car.yaml`` prints for the car of ``kind`` (a streamed spec ends with a blank line)."""
    header = ("car.yaml: Land Rover Defender Dakar D7X-R (form T2-ILLUSTRATIVE-0001, class T2 Stock, entry Defender "
              "Rally (illustrative entry))")  # fmt: skip
    problem = [PROBLEM[kind]] if PROBLEM[kind] else []
    return "\n".join([header, *problem, f"{verdict}: {COUNTS[kind]}"]) + "\n\n"  # -q shows no '*', nor its legend


def check(folder: Path, *args: str | Path) -> Ran:
    # 400 wide: a line is not wrapped, so the verdict line is read whole
    return run_cli("check", *args, cwd=folder, env={"SOURCE_DATE_EPOCH": "0", "COLUMNS": "400"})


# --- the exit status and the verdict line ------------------------------------------------------------


@pytest.mark.parametrize(("level", "kind"), CASES)
def test_each_threshold_on_each_car(tmp_path: Path, level: str, kind: str) -> None:
    car(tmp_path, kind)
    status, verdict = EXPECTED[(level, kind)]
    assert check(tmp_path, "-q", "--fail-on", level, "car.yaml") == Ran(status, quiet(kind, verdict), "")


@pytest.mark.parametrize("kind", CHANGES)
def test_error_is_the_default_and_strict_is_marginal(tmp_path: Path, kind: str) -> None:
    car(tmp_path, kind)
    assert check(tmp_path, "-q", "car.yaml") == check(tmp_path, "-q", "--fail-on", "error", "car.yaml")
    strict = check(tmp_path, "-q", "--strict", "car.yaml")
    assert strict == check(tmp_path, "-q", "--fail-on", "marginal", "car.yaml")
    assert strict == check(tmp_path, "-q", "--strict", "--fail-on", "marginal", "car.yaml")  # the same, said twice
    assert strict.status == EXPECTED[("marginal", kind)][0]


def test_a_marginal_value_is_labelled_a_warning_wherever_it_is_shown(tmp_path: Path) -> None:
    """Text said [error] for a marginal value of an error rule while SARIF said warning: now every output says
    warning (the rule's severity stays error in the JSON report)."""
    car(tmp_path, "marginal")
    text = check(tmp_path, "-q", "car.yaml").out
    assert PROBLEM["marginal"] in text.splitlines()
    sarif = json.loads(check(tmp_path, "--format", "sarif", "car.yaml").out)
    assert [(r["ruleId"], r["level"]) for r in sarif["runs"][0]["results"]] == [("STK-TRACK-REAR", "warning")]
    github = check(tmp_path, "--format", "github", "car.yaml").out
    assert github.startswith("::warning file=car.yaml,line=68,col=17,title=STK-TRACK-REAR")
    junit = etree.fromstring(check(tmp_path, "--format", "junit", "--strict", "car.yaml").out.encode())
    (failure,) = junit.iter("failure")
    assert (failure.get("type"), failure.text.splitlines()[0]) == ("marginal", PROBLEM["marginal"])
    report = json.loads(check(tmp_path, "--format", "json", "car.yaml").out)["reports"][0]
    assert [(f["rule_id"], f["verdict"], f["severity"]) for f in report["findings"] if f["verdict"] == "marginal"] == [
        ("STK-TRACK-REAR", "marginal", "error")]  # fmt: skip


def test_a_batch_totals_what_passed_and_what_is_compliant(tmp_path: Path) -> None:
    car(tmp_path, "clean", "a.yaml")
    car(tmp_path, "marginal", "b.yaml")
    car(tmp_path, "error", "c.yaml")
    plain = check(tmp_path, "-q", "a.yaml", "b.yaml", "c.yaml")
    assert (plain.status, plain.lines[-1]) == (1, "3 specs checked: 2 passed, 1 failed")
    strict = check(tmp_path, "-q", "--fail-on", "marginal", "a.yaml", "b.yaml", "c.yaml")
    assert (strict.status, strict.lines[-1]) == (
        1, "3 specs checked: 1 passed, 2 failed (--fail-on marginal); 2 compliant, 1 not compliant")
    warning = check(tmp_path, "-q", "--fail-on", "warning", "a.yaml", "b.yaml")  # nothing it fails on: as plain
    assert (warning.status, warning.lines[-1]) == (0, "2 specs checked: 2 passed, 0 failed (--fail-on warning)")
    to_file = check(tmp_path, "-q", "--fail-on", "marginal", "a.yaml", "b.yaml", "c.yaml", "-o", "out.txt")
    assert to_file.status == 1
    assert (tmp_path / "out.txt").read_text("utf-8").splitlines()[-1] == strict.lines[-1]


# --- what an info rule does ---------------------------------------------------------------------------

INFO_RULESET = """\
ruleset: info-test
title: Info rules
version: "1"
extends: dakar-2026-stock
overrides:
  T2-CAGE-PLATE:
    severity: info
  STK-TRACK-REAR:
    severity: info
"""


@pytest.mark.parametrize("kind", ["warning", "marginal"])
def test_an_info_rule_fails_no_threshold(tmp_path: Path, kind: str) -> None:
    """A failed or marginal info rule is reported, labelled info, and never fails a check, not even with
    --fail-on marginal; in JUnit it is a pass, named in system-out."""
    (tmp_path / "info.yaml").write_text(INFO_RULESET, "utf-8")
    car(tmp_path, kind)
    ran = check(tmp_path, "-q", "--rules", "info.yaml", "--fail-on", "marginal", "car.yaml")
    assert ran.status == 0
    problem = PROBLEM[kind].replace("[warning]", "[info]")
    assert ran.lines[1:3] == [problem, f"COMPLIANT: {COUNTS[kind]}"]
    junit = etree.fromstring(check(tmp_path, "--format", "junit", "--rules", "info.yaml", "--strict",
                                   "car.yaml").out.encode())  # fmt: skip
    assert list(junit.iter("failure")) == []
    word = "failed info" if kind == "warning" else "marginal"
    assert junit.find("testsuite/system-out").text.splitlines()[1] == f"{word}: {RULE[kind]} {problem.split('] ')[1]}"


# --- every output agrees --------------------------------------------------------------------------------


@pytest.mark.parametrize(("level", "kind"), CASES)
def test_json_sarif_junit_and_github_agree_with_the_exit_status(tmp_path: Path, level: str, kind: str) -> None:
    car(tmp_path, kind)
    status, verdict = EXPECTED[(level, kind)]
    outputs = {fmt: check(tmp_path, "--format", fmt, "--fail-on", level, "car.yaml")
               for fmt in ("json", "sarif", "junit", "github")}  # fmt: skip
    assert {fmt: ran.status for fmt, ran in outputs.items()} == dict.fromkeys(outputs, status)
    document = json.loads(outputs["json"].out)
    assert (document["fail_on"], document["strict"], document["exit_code"]) == (level, level == "marginal", status)
    assert document["summary"] == {"specs": 1, "compliant": int(kind != "error"), "not_compliant": int(kind == "error"),
                                   "unchecked": 0, "passed": int(status == 0), "failed": status}  # fmt: skip
    (report,) = document["reports"]
    assert (report["compliant"], report["exit_code"]) == (kind != "error", status)  # compliant: whatever the threshold
    sarif = json.loads(outputs["sarif"].out)["runs"][0]
    assert sarif["invocations"][0]["exitCode"] == status
    suite = etree.fromstring(outputs["junit"].out.encode()).find("testsuite")
    failed = [(case.get("name").split(":")[0].split("] ")[-1], case[0].get("type"))  # "[area] RULE: title"
              for case in suite.iter("testcase") if len(case)]
    assert failed == ([(RULE[kind], "marginal" if kind == "marginal" else kind)] if status else [])
    assert suite.find("system-out").text.splitlines()[0] == f"{verdict}: {_junit_counts(kind)}"
    summary = outputs["github"].lines[-1]
    assert summary == f"car.yaml: {verdict.replace('COMPLIANT', 'compliant', 1) if kind != 'error' else verdict} " \
                      f"({COUNTS[kind]})"  # fmt: skip


def _junit_counts(kind: str) -> str:
    """The counts as JUnit's system-out orders them: failed, marginal, passed, not applicable."""
    numbers = {word: number for number, word in re.findall(r"(\d+) ([a-z ]+?)(?:,|$)", COUNTS[kind])}
    return ", ".join(f"{numbers[word]} {word}" for word in ("failed", "marginal", "passed", "not applicable"))


@pytest.mark.parametrize("fmt", ["markdown", "html"])
def test_the_documents_word_the_verdict_as_the_exit_status(tmp_path: Path, fmt: str) -> None:
    car(tmp_path, "marginal")
    plain = check(tmp_path, "--format", fmt, "car.yaml")
    strict = check(tmp_path, "--format", fmt, "--fail-on", "marginal", "car.yaml")
    assert (plain.status, strict.status) == (0, 1)
    but = ", but fails --fail-on marginal with 1 marginal value"
    verdict = "## Verdict: **COMPLIANT**" if fmt == "markdown" else "<strong>COMPLIANT</strong>"
    assert verdict + but in strict.out
    assert verdict in plain.out
    assert but not in plain.out


def test_a_baseline_that_passes_a_car_that_is_not_compliant_says_so(tmp_path: Path) -> None:
    car(tmp_path, "error")
    (tmp_path / "before.json").write_text(check(tmp_path, "--format", "json", "car.yaml").out, "utf-8")
    ran = check(tmp_path, "-q", "--baseline", "before.json", "car.yaml")
    assert ran.status == 0
    since = "NOT COMPLIANT, but passes as no failure is new or worse since before.json"
    assert ran.lines[2] == f"{since}: {COUNTS['error']}"
    strict = check(tmp_path, "-q", "--strict", "--baseline", "before.json", "car.yaml")
    assert strict.status == 0
    assert strict.lines[2].startswith("NOT COMPLIANT, but passes as no failure or marginal value is new or worse since")


# --- usage errors ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(("value", "hint"), [("marginl", "did you mean 'marginal'?"), ("Warning", "'warning'"),
                                             ("", "an empty argument")])  # fmt: skip
def test_an_unknown_threshold_is_a_usage_error_with_a_suggestion(tmp_path: Path, value: str, hint: str) -> None:
    car(tmp_path, "clean")
    assert_usage_error(check(tmp_path, "--fail-on", value, "car.yaml"), "--fail-on", "error, warning, marginal", hint)


@pytest.mark.parametrize("level", ["error", "warning"])
@pytest.mark.parametrize("command", ["check", "diff"])
def test_strict_with_another_threshold_is_a_usage_error(tmp_path: Path, command: str, level: str) -> None:
    car(tmp_path, "clean")
    car(tmp_path, "marginal", "new.yaml")
    files = ["car.yaml"] if command == "check" else ["car.yaml", "new.yaml"]
    ran = run_cli(command, "--strict", "--fail-on", level, *files, cwd=tmp_path)
    assert_usage_error(ran, "--strict", f"--fail-on {level}", "--fail-on marginal")


def test_diff_fails_on_a_new_marginal_value_only_at_marginal(tmp_path: Path) -> None:
    car(tmp_path, "clean", "old.yaml")
    car(tmp_path, "marginal", "new.yaml")
    statuses = {level: run_cli("diff", "--fail-on", level, "old.yaml", "new.yaml", cwd=tmp_path).status
                for level in ("error", "warning", "marginal")}  # fmt: skip
    assert statuses == {"error": 0, "warning": 0, "marginal": 1}
    assert run_cli("diff", "--strict", "old.yaml", "new.yaml", cwd=tmp_path).status == 1
    document = json.loads(run_cli("diff", "--format", "json", "--fail-on", "warning", "old.yaml", "new.yaml",
                                  cwd=tmp_path).out)  # fmt: skip
    assert (document["fail_on"], document["strict"], document["exit_code"]) == ("warning", False, 0)


# --- the configuration file ---------------------------------------------------------------------------


def config(folder: Path, text: str) -> None:
    (folder / "homologate.toml").write_text(text, "utf-8")


def test_fail_on_in_the_configuration_file(tmp_path: Path) -> None:
    car(tmp_path, "warning")
    config(tmp_path, 'fail-on = "warning"\n')
    verdict = EXPECTED[("warning", "warning")][1]
    assert check(tmp_path, "-q", "car.yaml") == Ran(1, quiet("warning", verdict), "")
    assert check(tmp_path, "-q", "--fail-on", "error", "car.yaml").status == 0  # the command line wins
    assert check(tmp_path, "-q", "--strict", "car.yaml").lines[2].startswith("COMPLIANT, but fails --fail-on marginal")


@pytest.mark.parametrize(("text", "given", "status"), [
    ("strict = true\n", [], 1),  # as before: the marginal value fails
    ("strict = true\n", ["--fail-on", "warning"], 0),  # the command line's --fail-on wins over the file's strict
    ("strict = true\n", ["--fail-on", "error"], 0),
    ('fail-on = "error"\n', ["--strict"], 1),  # and its --strict over the file's fail-on
    ('strict = true\nfail-on = "marginal"\n', [], 1),  # both, meaning the same
    ('strict = false\nfail-on = "warning"\n', [], 0),
], ids=["strict", "fail-on-over-strict", "error-over-strict", "strict-over-fail-on", "both-marginal",
        "not-strict-warning"])  # fmt: skip
def test_strict_in_the_file_keeps_working(tmp_path: Path, text: str, given: list[str], status: int) -> None:
    car(tmp_path, "marginal")
    config(tmp_path, text)
    assert check(tmp_path, "-q", *given, "car.yaml").status == status


@pytest.mark.parametrize(("text", "line"), [
    ('strict = true\nfail-on = "warning"\n',
     'homologate.toml:2:1: fail-on: "warning" contradicts strict = true (strict = true is fail-on = "marginal"): '
     "set one of them"),
    ('fail-on = "marginal"\n  strict = false\n',
     'homologate.toml:1:1: fail-on: "marginal" contradicts strict = false (strict = true is fail-on = "marginal"): '
     "set one of them"),
    ('fail-on = "marginl"\n',
     "homologate.toml:1:1: fail-on: expected one of error, warning, marginal, got the text 'marginl' (did you mean "
     "'marginal'?)"),
    ("fail-on = true\n", "homologate.toml:1:1: fail-on: expected one of error, warning, marginal, got true"),
], ids=["strict-and-warning", "marginal-and-not-strict", "misspelt", "not-a-word"])  # fmt: skip
def test_a_contradiction_or_a_bad_value_in_the_file_is_one_line(tmp_path: Path, text: str, line: str) -> None:
    car(tmp_path, "clean")
    config(tmp_path, text)
    assert_one_input_error(check(tmp_path, "car.yaml"), line)
    assert_one_input_error(run_cli("diff", "car.yaml", "car.yaml", cwd=tmp_path), line)


def test_the_report_schema_describes_the_threshold(tmp_path: Path) -> None:
    """What the JSON report adds (fail_on, summary.passed and .failed) is in the shipped schema, which a report
    of every threshold satisfies."""
    import jsonschema

    schema: dict[str, Any] = json.loads(run_cli("schema", "report").out)
    assert schema["properties"]["fail_on"]["enum"] == ["error", "warning", "marginal"]
    validator = jsonschema.Draft202012Validator(schema)
    shutil.copy(D7X, tmp_path / "clean.yaml")
    car(tmp_path, "marginal")
    for level in ("error", "warning", "marginal"):
        document = json.loads(check(tmp_path, "--format", "json", "--fail-on", level, "clean.yaml", "car.yaml").out)
        assert [e.message for e in validator.iter_errors(document)] == []


# --- the Python API -------------------------------------------------------------------------------------


def test_the_api_takes_the_threshold(tmp_path: Path) -> None:
    """checker.FailOn is public: a report's exit status at each level, and reports rendered as that check
    words them; render's strict is fail_on="marginal", and a bad or contradictory level is an InputError."""
    import checker

    ruleset = checker.load_ruleset("dakar-2026-stock")
    report = ruleset.check(car(tmp_path, "warning"))
    assert [report.exit_code(fail_on=level) for level in checker.FailOn] == [0, 1, 1]
    assert report.exit_code() == 0  # error, the default
    text = ruleset.render(report, "text", fail_on="warning", width=400).splitlines()
    assert f"COMPLIANT, but fails --fail-on warning with 1 failed warning: {COUNTS['warning']}" in text
    marginal = ruleset.render(report, "json", fail_on=checker.FailOn.MARGINAL)
    assert ruleset.render(report, "json", strict=True) == marginal
    with pytest.raises(checker.InputError) as bad:
        ruleset.render(report, fail_on="warnign")
    assert str(bad.value) == ("<fail_on>:1:1: expected one of error, warning, marginal, got 'warnign' (did you mean "
                              "'warning'?)")  # fmt: skip
    with pytest.raises(checker.InputError) as both:
        ruleset.render(report, fail_on="error", strict=True)
    assert str(both.value) == "<fail_on>:1:1: strict is fail_on='marginal': give one of them, not strict with error"
