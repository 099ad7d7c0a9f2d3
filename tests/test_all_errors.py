"""Every input error at once: a spec (a waivers file, a ruleset) with several mistakes gets one
``file:line:column: message`` line for each, in the order of their positions, in one run; still exit status 2
and no report for it. At most MAX_LISTED problems are listed, then one more line at the first one not listed
counts the rest. What stops reading (YAML that is not well formed, a duplicate key) stays one line.

Every output that says a spec could not be checked says all of its problems: standard error, the JSON
report's ``unchecked`` (the first problem, the others in ``more``), SARIF's notifications, JUnit's error,
GitHub's annotations, the Markdown and HTML lists; the totals count specs, not problems.

The specs are tests.test_spec_errors.BASE (its line numbers fixed) with lines replaced.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema
import pytest

from checker.errors import MAX_LISTED, InputError
from checker.report import Unchecked
from tests.helpers import ROOT, SPECS, UNCLOSED, assert_one_input_error, run_cli, yaml_problem
from tests.test_spec_errors import BASE

GOOD = SPECS / "defender-d7x-r.yaml"


def edited(*changes: tuple[int, str]) -> str:
    """BASE with each (line number, new text) put in place."""
    lines = BASE.splitlines()
    for number, text in changes:
        lines[number - 1] = text
    return "\n".join(lines) + "\n"


FOUR = edited(
    (8, "  source: Public reports"),  # a misspelt field
    (42, "    cylinders: eight"),  # a wrong type
    (67, "    # tank_capacity: 550 L"),  # a required field missing
    (83, "      - {standard: FIA 8862-2009, manufactured: May 2025}"),  # not a year
)
FOUR_LINES = [
    "spec.yaml:8:3: vehicle.source: unknown field (did you mean 'sources'?)",
    "spec.yaml:42:16: build.engine.cylinders: expected a whole number, got the text 'eight'",
    "spec.yaml:66:3: build.fuel: missing required field 'tank_capacity'",
    "spec.yaml:83:49: build.safety.seats[0].manufactured: expected a year such as 2021, got the text 'May 2025'",
]


@pytest.fixture
def four(tmp_path: Path) -> Path:
    """A folder with spec.yaml (FOUR) and good.yaml (a bundled spec that can be checked)."""
    (tmp_path / "spec.yaml").write_text(FOUR, "utf-8")
    (tmp_path / "good.yaml").write_text(GOOD.read_text("utf-8"), "utf-8")
    return tmp_path


def test_four_mistakes_four_lines_in_one_run(four: Path) -> None:
    ran = run_cli("check", "spec.yaml", cwd=four)
    assert (ran.status, ran.out) == (2, "")
    assert ran.err_lines == FOUR_LINES


def test_the_mistakes_come_in_the_order_of_their_positions_whatever_the_order_found(tmp_path: Path) -> None:
    """Unknown fields are found after wrong values by pydantic; the lines are still in file order."""
    text = edited((3, "  maker: Land Rover"), (13, "    cylinders: many"), (42, "    cylinders: eight"))
    (tmp_path / "spec.yaml").write_text(text, "utf-8")
    assert run_cli("check", "spec.yaml", cwd=tmp_path).err_lines == [
        "spec.yaml:3:3: vehicle.maker: unknown field (did you mean 'make'?)",
        "spec.yaml:13:16: production.engine.cylinders: expected a whole number, got the text 'many'",
        "spec.yaml:42:16: build.engine.cylinders: expected a whole number, got the text 'eight'",
    ]


@pytest.mark.parametrize("extra", [MAX_LISTED - 1, MAX_LISTED, MAX_LISTED + 1, MAX_LISTED + 10])
def test_at_most_max_listed_then_one_line_counts_the_rest(tmp_path: Path, extra: int) -> None:
    """``extra`` unknown fields under vehicle, besides nothing else wrong: each listed up to the bound, then
    one line at the first left out, counting what was left out."""
    fields = "".join(f"  zz{n:03}: 1\n" for n in range(extra))
    text = BASE.replace("  sources:", fields + "  sources:", 1)  # lines 8 on
    (tmp_path / "spec.yaml").write_text(text, "utf-8")
    ran = run_cli("check", "spec.yaml", cwd=tmp_path)
    listed = [f"spec.yaml:{8 + n}:3: vehicle.zz{n:03}: unknown field" for n in range(min(extra, MAX_LISTED))]
    if extra > MAX_LISTED:
        left = extra - MAX_LISTED
        listed.append(f"spec.yaml:{8 + MAX_LISTED}:3: and {left} more problem{'s' if left > 1 else ''}, from here on")
    assert (ran.status, ran.out, ran.err_lines) == (2, "", listed)


def test_a_yaml_syntax_error_stops_reading_one_line(tmp_path: Path) -> None:
    (tmp_path / "spec.yaml").write_text(UNCLOSED, "utf-8")
    assert_one_input_error(run_cli("check", "spec.yaml", cwd=tmp_path),
                           f"spec.yaml:2:1: invalid YAML: {yaml_problem(UNCLOSED)}")  # fmt: skip


def test_a_duplicate_key_stops_reading_one_line(tmp_path: Path) -> None:
    """The reader refuses the document: the wrong values after it are not reached."""
    text = edited((42, "    cylinders: eight"), (54, "    track_front: 1760 mm\n    track_front: 1770 mm"))
    (tmp_path / "spec.yaml").write_text(text, "utf-8")
    assert_one_input_error(run_cli("check", "spec.yaml", cwd=tmp_path),
                           "spec.yaml:55:5: duplicate key 'track_front' (first given on line 54)")  # fmt: skip


def test_a_misspelt_field_is_not_also_missing(tmp_path: Path) -> None:
    (tmp_path / "spec.yaml").write_text(edited((3, "  maker: Land Rover"), (42, "    cylinders: eight")), "utf-8")
    assert run_cli("check", "spec.yaml", cwd=tmp_path).err_lines == [
        "spec.yaml:3:3: vehicle.maker: unknown field (did you mean 'make'?)",
        "spec.yaml:42:16: build.engine.cylinders: expected a whole number, got the text 'eight'",
    ]


def test_an_unknown_field_hides_only_the_missing_field_it_is_a_misspelling_of(tmp_path: Path) -> None:
    (tmp_path / "spec.yaml").write_text("spec_version: 1\nvehicle: {make: Land Rover}\nbuild: {}\nfoo: bar\n",
                                        "utf-8")  # fmt: skip
    lines = run_cli("check", "spec.yaml", cwd=tmp_path).err_lines
    assert "spec.yaml:4:1: foo: unknown field" in lines
    assert "spec.yaml:1:1: the spec: missing required field 'production'" in lines  # 'foo' is no 'production'
    assert "spec.yaml:2:1: vehicle: missing required field 'model'" in lines


# --- in a batch and in every output ---------------------------------------------------------------------


def test_text_batch_lists_each_problem_and_counts_specs(four: Path) -> None:
    ran = run_cli("check", "good.yaml", "spec.yaml", cwd=four)
    assert ran.status == 2
    assert ran.err_lines == FOUR_LINES
    assert ran.lines[-1] == "1 spec checked: 1 passed, 0 failed; 1 could not be checked"


def test_json_report_has_the_first_problem_and_the_others_in_more(four: Path) -> None:
    ran = run_cli("check", "--format", "json", "good.yaml", "spec.yaml", cwd=four)
    document = json.loads(ran.out)
    schema = json.loads((ROOT / "checker" / "schemas" / "report.schema.json").read_text("utf-8"))
    assert list(jsonschema.Draft202012Validator(schema).iter_errors(document)) == []
    assert document["summary"]["unchecked"] == 1
    problems = [{"file": "spec.yaml", "line": int(line.split(":")[1]), "column": int(line.split(":")[2]),
                 "message": line.split(": ", 1)[1]} for line in FOUR_LINES]  # fmt: skip
    assert document["unchecked"] == [{**problems[0], "more": problems[1:]}]
    assert ran.err_lines == FOUR_LINES


def test_sarif_has_a_notification_for_each_problem(four: Path) -> None:
    log = json.loads(run_cli("check", "--format", "sarif", "spec.yaml", "good.yaml", cwd=four).out)
    notes = log["runs"][0]["invocations"][0]["toolExecutionNotifications"]
    told = [(n["level"], n["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
             n["locations"][0]["physicalLocation"]["region"]["startLine"],
             n["locations"][0]["physicalLocation"]["region"]["startColumn"], n["message"]["text"]) for n in notes]
    assert told == [("error", "spec.yaml", int(line.split(":")[1]), int(line.split(":")[2]), line.split(": ", 1)[1])
                    for line in FOUR_LINES]  # fmt: skip


def test_github_has_an_error_annotation_for_each_problem(four: Path) -> None:
    out = run_cli("check", "--format", "github", "spec.yaml", cwd=four).out
    title = "homologate%3A spec cannot be checked"
    assert out.splitlines() == [
        f"::error file=spec.yaml,line=8,col=3,title={title}::vehicle.source: unknown field (did you mean 'sources'?)",
        f"::error file=spec.yaml,line=42,col=16,title={title}::build.engine.cylinders: expected a whole number, got "
        "the text 'eight'",
        f"::error file=spec.yaml,line=66,col=3,title={title}::build.fuel: missing required field 'tank_capacity'",
        f"::error file=spec.yaml,line=83,col=49,title={title}::build.safety.seats[0].manufactured: expected a year "
        "such as 2021, got the text 'May 2025'",
    ]


def test_junit_has_one_error_case_listing_every_problem(four: Path) -> None:
    out = run_cli("check", "--format", "junit", "spec.yaml", cwd=four).out
    suite = ET.fromstring(out).find("testsuite")
    assert suite is not None
    assert (suite.get("tests"), suite.get("errors")) == ("1", "1")
    error = suite.find("testcase/error")
    assert error is not None
    assert error.get("message") == FOUR_LINES[0].split(": ", 1)[1]
    assert (error.text or "").splitlines() == FOUR_LINES


def test_markdown_lists_every_problem(four: Path) -> None:
    from checker.render.markdown import md

    out = run_cli("check", "--format", "markdown", "spec.yaml", cwd=four).out
    assert out.endswith("## Could not be checked\n\n" + "\n".join(f"- {md(line)}" for line in FOUR_LINES) + "\n")


def test_html_lists_every_problem(four: Path) -> None:
    from checker.render.html import escape

    out = run_cli("check", "--format", "html", "spec.yaml", cwd=four).out
    assert "<ul>" + "".join(f"<li><code>{escape(line)}</code></li>" for line in FOUR_LINES) + "</ul>" in out


def test_report_command_lists_every_problem_and_writes_nothing(four: Path) -> None:
    ran = run_cli("report", "spec.yaml", "good.yaml", "-o", "report.html", cwd=four)
    assert (ran.status, ran.err_lines) == (2, FOUR_LINES)
    assert not (four / "report.html").exists()


def test_jobs_send_every_problem_back(four: Path) -> None:
    """An Unchecked with its problems crosses from a worker process as it is."""
    import pickle

    problem = Unchecked("spec.yaml", 3, 1, "first", (Unchecked("spec.yaml", 4, 2, "second"),))
    assert pickle.loads(pickle.dumps(problem)) == problem
    assert str(problem).splitlines() == ["spec.yaml:3:1: first", "spec.yaml:4:2: second"]


# --- waivers files and rulesets ---------------------------------------------------------------------------


WAIVERS = """\
waivers:
  - rule: STK-WIDTH
    reference: W-1
    reason: 3
    granted_by: the clerk
    expires: soon
"""
RULES = """\
ruleset: my-event
title: 3
version: "1"
extends: fia-t2-base
colour: red
overrides:
  T2-WHEELBASE:
    provenanse: illustrative
"""


@pytest.mark.parametrize(("option", "name", "text", "lines"), [
    ("--waivers", "waivers.yaml", WAIVERS, [
        "waivers.yaml:4:13: waivers[0].reason: expected text, got 3",
        "waivers.yaml:6:14: waivers[0].expires: expected a date such as 2026-01-03, got the text 'soon'",
    ]),
    ("--rules", "rules.yaml", RULES, [  # the ruleset schema's errors
        "rules.yaml:2:8: title: expected text, got 3",
        "rules.yaml:5:1: colour: unknown field",
        "rules.yaml:8:5: overrides.T2-WHEELBASE.provenanse: unknown field (did you mean 'provenance'?)",
    ]),
], ids=["waivers", "ruleset"])  # fmt: skip
def test_a_waivers_file_or_ruleset_lists_every_problem(four: Path, option: str, name: str, text: str,
                                                       lines: list[str]) -> None:  # fmt: skip
    (four / name).write_text(text, "utf-8")
    ran = run_cli("check", option, name, "good.yaml", cwd=four)
    assert (ran.status, ran.out, ran.err_lines) == (2, "", lines)


RULES_MANY = """\
ruleset: mine
version: "1"
extends: fia-t2-base
colour: red
flavour: sweet
rules:
  - id: MY-1
    area: chassis
    severity: error
    provenance: published
    source: x
    check:
      value: build.chassis.track_front
      max: 1800 mm
  - id: MY-2
    titel: Front track
    area: chassis
    article: Art. 2
    severity: error
    provenance: illustrative
    check:
      value: build.chassis.track_front
      max: 1800 mm
"""


def test_a_ruleset_lists_every_unknown_and_every_missing_field(four: Path) -> None:
    """Each unknown key of a mapping, and each required key it misses, is a line of its own; a missing key
    is left out only where an unknown key of the same mapping is its misspelling (MY-2's titel, not the
    top level's colour or flavour)."""
    (four / "rules.yaml").write_text(RULES_MANY, "utf-8")
    ran = run_cli("check", "--rules", "rules.yaml", "good.yaml", cwd=four)
    assert (ran.status, ran.out) == (2, "")
    assert ran.err_lines == [
        "rules.yaml:1:1: missing required field 'title'",
        "rules.yaml:4:1: colour: unknown field",
        "rules.yaml:5:1: flavour: unknown field",
        "rules.yaml:7:5: rules[0]: missing required field 'title'",
        "rules.yaml:7:5: rules[0]: missing required field 'article'",
        "rules.yaml:15:5: rules[1]: missing required field 'note' (an illustrative rule says why its figure is not "
        "the official one)",
        "rules.yaml:16:5: rules[1].titel: unknown field (did you mean 'title'?)",
    ]


# --- the one error type -----------------------------------------------------------------------------------


def test_every_orders_by_position_and_lists_a_problem_once() -> None:
    found = [InputError("f", 9, 1, "late"), InputError("f", 2, 5, "early"), InputError("f", 9, 1, "late"),
             InputError("f", 2, 5, "same place, other problem")]  # fmt: skip
    error = InputError.every(found)
    assert error.lines() == ["f:2:5: early", "f:2:5: same place, other problem", "f:9:1: late"]
    assert (error.file, error.line, error.column, error.message) == ("f", 2, 5, "early")
    assert str(error) == "f:2:5: early\nf:2:5: same place, other problem\nf:9:1: late"


def test_one_problem_is_one_line() -> None:
    error = InputError.every([InputError("f", 1, 2, "only")])
    assert (error.more, str(error)) == ((), "f:1:2: only")


def test_a_problem_line_cannot_forge_another() -> None:
    error = InputError.every([InputError("f", 1, 1, "a\nf:9:9: forged"), InputError("f", 2, 1, "b")])
    assert error.lines() == ["f:1:1: a\\x0af:9:9: forged", "f:2:1: b"]


def test_python_api_raises_every_problem(four: Path) -> None:
    """The API's InputError lists them all too (``more``, ``lines``), from a file or a text, and an
    InputError rendered among reports is listed as the CLI lists it."""
    import checker

    ruleset = checker.load_ruleset()
    with pytest.raises(checker.InputError) as from_file:
        ruleset.check(four / "spec.yaml")
    with pytest.raises(checker.InputError) as from_text:
        ruleset.check_text(FOUR, name="spec.yaml")
    assert from_text.value.lines() == FOUR_LINES
    assert [line.split(": ", 1)[1] for line in from_file.value.lines()] == [
        line.split(": ", 1)[1] for line in FOUR_LINES]
    cli = run_cli("check", "--format", "github", "spec.yaml", cwd=four)
    assert ruleset.render(from_text.value, "github") == cli.out
