"""`homologate explain RULE [SPEC]`: a rule in words, and how its verdict on a spec was reached.

Whole outputs are compared exactly; the step-by-step working is also tested on its own (brackets,
units as written, values missing), and against `check` for every bundled rule and spec."""

from __future__ import annotations

import datetime as dt
import json
import textwrap
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from checker.expr.compile import Env, Scope, compile_expr
from checker.expr.steps import steps
from checker.pipeline import Checker, Options
from checker.spec.load import load_spec
from checker.tools.explain import explain
from tests.helpers import Ran, assert_usage_error, run_cli

ROOT = Path(__file__).resolve().parent.parent
SPECS = sorted(p.name for p in (ROOT / "specs").glob("*.yaml"))


@pytest.fixture(autouse=True)
def in_repo(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)  # files are shown as typed: specs/..., rules/...


def run(*args: str) -> tuple[int, str, str]:
    ran = run_cli("explain", *args)
    return ran.status, ran.out, ran.err


# the command's output, verbatim; a line ending in a backslash continues on the next one
TRACK_FRONT = """\
STK-TRACK-FRONT: Front track at most 80 mm wider than produced
  ruleset     dakar-2026-stock 2026 (Dakar 2026 Stock class (T2))
  area        Chassis and suspension
  article     Dakar 2026 Stock class (track)
  severity    error: a failure makes the car not compliant
  provenance  illustrative: the figure is not the official one. The cap on track increase is not public; \
+80 mm (with a 2 mm measuring tolerance) is illustrative, above the +60 mm reported for the Defender D7X-R.
  origin      defined in dakar-2026-stock:208:5
  applies     always
  value       build.chassis.track_front  (dakar-2026-stock:216:14)
  limit       at most production.chassis.track_front + 80 mm  (dakar-2026-stock:217:12)
  tolerance   2 mm: a value beyond the limit by no more than this is marginal, not a failure  \
(dakar-2026-stock:218:18)
"""


def test_a_rule_alone() -> None:
    assert run("STK-TRACK-FRONT") == (0, TRACK_FRONT, "")


def test_a_rule_on_a_spec_it_fails_works_the_limit_out() -> None:
    expected = TRACK_FRONT + textwrap.dedent("""\

        on specs/defender-wide-track.yaml, checked on 2026-01-02
          values read
            build.chassis.track_front       1795 mm  specs/defender-wide-track.yaml:60:18
            production.chassis.track_front  1700 mm  specs/defender-wide-track.yaml:29:18
          maximum     production.chassis.track_front + 80 mm
                      = 1700 mm + 80 mm
                      = 1780 mm
          comparison  measured 1795 mm, limit ≤ 1780 mm, margin -15 mm (tolerance 2 mm)
          verdict     fail: 1795 mm is 15 mm above the maximum (≤ 1780 mm)
        """)
    assert run("STK-TRACK-FRONT", "specs/defender-wide-track.yaml") == (0, expected, "")


def test_an_overridden_rule_names_both_files_and_where_each_part_was_written(
        capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run("T2-WEIGHT-MIN", "specs/defender-engine-swap.yaml")
    lines = out.splitlines()
    assert code == 0
    assert lines[6].startswith("  source      FIA Appendix J Art. 284 as translated by sebctechnique-offroad")
    assert lines[7:12] == [
        "  origin      defined in fia-t2-base:409:5; changed by dakar-2026-stock:37:17",
        "  applies     always",
        "  value       build.weight.measured  (fia-t2-base:428:14)",
        "  limit       at least production.weight.homologated  (fia-t2-base:429:12)",
        "  tolerance   5 kg: a value beyond the limit by no more than this is marginal, not a failure  "
        "(dakar-2026-stock:47:18)",
    ]
    assert lines[14:] == [
        "on specs/defender-engine-swap.yaml, checked on 2026-01-02",
        "  values read",
        "    build.weight.measured          2480 kg  specs/defender-engine-swap.yaml:80:15",
        "    production.weight.homologated  2510 kg  specs/defender-engine-swap.yaml:44:18",
        "  minimum     production.weight.homologated",
        "              = 2510 kg",
        "  comparison  measured 2480 kg, limit ≥ 2510 kg, margin -30 kg (tolerance 5 kg)",
        "  verdict     fail: 2480 kg is 30 kg below the minimum (≥ 2510 kg)",
    ]


def test_a_rule_for_each_seat_explains_each_item() -> None:
    code, out, _ = run("t2-seat-8855-validity", "specs/land-cruiser-expired-safety.yaml", "--on", "2026-01-02")
    assert code == 0
    assert out.splitlines()[8:] == [
        '  applies     to each item of build.safety.seats  (fia-t2-base:502:11), '
        'when item.standard == "FIA 8855-1999" and not present(item.not_valid_after)  (fia-t2-base:503:11)',
        "  value       end_of_year(item.manufactured + 5)  (fia-t2-base:505:14)",
        "  limit       at least check_date  (fia-t2-base:506:12)",
        "",
        "on specs/land-cruiser-expired-safety.yaml, checked on 2026-01-02",
        "  item 1 of build.safety.seats: build.safety.seats[0].manufactured",
        "    values read",
        "      build.safety.seats    [2 Seat entries]  specs/land-cruiser-expired-safety.yaml:93:7",
        '      item.standard         "FIA 8855-1999"   specs/land-cruiser-expired-safety.yaml:93:20',
        "      item.not_valid_after  not given         not in the spec "
        "(the nearest part given: specs/land-cruiser-expired-safety.yaml:93:9)",
        "      item.manufactured     2020              specs/land-cruiser-expired-safety.yaml:93:49",
        "      check_date            2026-01-02        the date checked on (--on, else the ruleset's event date)",
        '    condition   item.standard == "FIA 8855-1999" and not present(item.not_valid_after)',
        '                = "FIA 8855-1999" == "FIA 8855-1999" and not present(not given)',
        "                = true and not false",
        "                = true and true",
        "                = true",
        "    value       end_of_year(item.manufactured + 5)",
        "                = end_of_year(2020 + 5)",
        "                = end_of_year(2025)",
        "                = 2025-12-31",
        "    minimum     check_date",
        "                = 2026-01-02",
        "    comparison  measured 2025-12-31, limit on or after 2026-01-02, margin -2 days",
        "    verdict     fail: expired: valid until 2025-12-31, 2 days before the check date 2026-01-02",
        "  item 2 of build.safety.seats: build.safety.seats[1].manufactured",
        "    values read",
        "      build.safety.seats    [2 Seat entries]  specs/land-cruiser-expired-safety.yaml:93:7",
        '      item.standard         "FIA 8862-2009"   specs/land-cruiser-expired-safety.yaml:94:20',
        "      item.not_valid_after  2033              specs/land-cruiser-expired-safety.yaml:94:72",
        "      item.manufactured     2023              specs/land-cruiser-expired-safety.yaml:94:49",
        "      check_date            2026-01-02        the date checked on (--on, else the ruleset's event date)",
        '    condition   item.standard == "FIA 8855-1999" and not present(item.not_valid_after)',
        '                = "FIA 8862-2009" == "FIA 8855-1999" and not present(2033)',
        "                = false and not true",
        "                = false and false",
        "                = false",
        '    verdict     not_applicable: does not apply: item.standard == "FIA 8855-1999" and not '
        'present(item.not_valid_after) is false',
    ]


def test_the_check_date_moves_the_verdict() -> None:
    _, out, _ = run("T2-SEAT-8855-VALIDITY", "specs/land-cruiser-expired-safety.yaml", "--on", "2025-05-01")
    assert "on specs/land-cruiser-expired-safety.yaml, checked on 2025-05-01" in out
    assert "    verdict     pass: valid until 2025-12-31, 244 days after the check date 2025-05-01" in out.splitlines()


def test_a_value_the_spec_does_not_give() -> None:
    _, out, _ = run("T2-AIR-INTAKE-OPENING", "specs/toyota-land-cruiser-300.yaml")
    assert out.splitlines()[-7:] == [
        "on specs/toyota-land-cruiser-300.yaml, checked on 2026-01-02",
        "  values read",
        "    build.air_intake.opening_diameter  not given  not in the spec "
        "(the nearest part given: specs/toyota-land-cruiser-300.yaml:86:5)",
        "  condition   present(build.air_intake.opening_diameter)",
        "              = present(not given)",
        "              = false",
        "  verdict     not_applicable: does not apply: present(build.air_intake.opening_diameter) is false",
    ]


def _ruleset(folder: Path, rules: str) -> Path:
    path = folder / "mine.yaml"
    path.write_text("ruleset: mine\ntitle: Mine\nversion: '1'\nextends: dakar-2026-stock\n" + rules, "utf-8")
    return path


TUBE = textwrap.dedent("""\
    rules:
      - id: MINE-TUBE
        title: Tube no wider than the opening
        area: engine
        article: Mine 1
        provenance: published
        source: Mine
        severity: error
        check:
          value: build.air_intake.tube_inner_diameter
          max: build.air_intake.opening_diameter - 5 mm
    """)  # a limit that reads a value the Land Cruiser's spec does not give


def test_a_limit_that_cannot_be_worked_out_says_why(tmp_path: Path) -> None:
    ruleset = _ruleset(tmp_path, TUBE)
    code, out, _ = run("MINE-TUBE", "specs/toyota-land-cruiser-300.yaml", "--rules", str(ruleset))
    assert code == 0
    assert out.splitlines()[-7:] == [
        "  values read",
        "    build.air_intake.tube_inner_diameter  85 mm      specs/toyota-land-cruiser-300.yaml:86:26",
        "    build.air_intake.opening_diameter     not given  not in the spec "
        "(the nearest part given: specs/toyota-land-cruiser-300.yaml:86:5)",
        "  maximum     build.air_intake.opening_diameter - 5 mm",
        "              = not given - 5 mm",
        "              cannot be worked out: build.air_intake.opening_diameter is not given in the spec",
        "  verdict     fail: cannot be checked: build.air_intake.opening_diameter is not given in the spec",
    ]


def test_a_rule_switched_off(tmp_path: Path) -> None:
    ruleset = _ruleset(tmp_path, "overrides:\n  STK-WIDTH: {severity: 'off'}\n")
    code, out, _ = run("STK-WIDTH", "specs/defender-d7x-r.yaml", "--rules", str(ruleset))
    assert code == 0
    lines = out.splitlines()
    assert "  severity    off: switched off in this ruleset, not evaluated" in lines
    assert (f"  origin      defined in dakar-2026-stock:{_line('STK-WIDTH')}:5; "
            f"changed by {ruleset}:6:25") in lines
    assert lines[-2:] == ["on specs/defender-d7x-r.yaml, checked on 2026-01-02",
                          "  not evaluated: the rule is switched off in this ruleset"]  # fmt: skip


def _line(rule_id: str) -> int:
    text = (ROOT / "rules" / "dakar-2026-stock.yaml").read_text("utf-8").splitlines()
    return next(i for i, line in enumerate(text, 1) if line.strip() == f"- id: {rule_id}")


@pytest.mark.parametrize(("args", "expected"), [
    (["STK-TRAK-FRONT"], ("RULE_ID", "no rule 'STK-TRAK-FRONT' in dakar-2026-stock (did you mean 'STK-TRACK-FRONT'?)")),
    (["NOTHING-LIKE-IT"], ("RULE_ID", "no rule 'NOTHING-LIKE-IT' in dakar-2026-stock")),
    (["STK-WIDTH", "specs/no-such.yaml"], "specs/no-such.yaml:1:1: no such file\n"),
    (["STK-WIDTH", "--rules", "no-such-ruleset"], None),
    ([], ("RULE_ID",)),
], ids=["misspelt", "unknown", "missing-spec", "missing-ruleset", "no-rule"])  # fmt: skip
def test_bad_input_is_one_line_and_exit_2(args: list[str], expected: str | tuple[str, ...] | None) -> None:
    code, out, err = run(*args)
    if isinstance(expected, tuple):  # a usage error: click words it around what it names
        assert_usage_error(Ran(code, out, err), *expected)
        return
    assert (code, out) == (2, "")
    assert err.count("\n") == 1
    if expected is not None:
        assert err == expected


def test_a_bad_spec_is_refused_at_its_line(tmp_path: Path) -> None:
    text = ((ROOT / "specs" / "defender-d7x-r.yaml").read_text("utf-8")
            .replace("track_front: 1760 mm", "track_front: 1760"))
    spec = tmp_path / "bad.yaml"
    spec.write_text(text, "utf-8")
    code, out, err = run("STK-TRACK-FRONT", str(spec))
    assert (code, out) == (2, "")
    assert err == (f"{spec}:67:18: build.chassis.track_front: expected a length such as \"1760 mm\", "
                   "got 1760 (a number needs its unit)\n")  # fmt: skip


@pytest.mark.parametrize("spec", SPECS)
def test_every_rule_on_every_bundled_spec_agrees_with_check(stock: object, spec: str) -> None:
    """The verdict lines explain prints are the findings check makes, in order, for every rule."""
    checker = Checker(Options("dakar-2026-stock"))
    loaded = load_spec(ROOT / "specs" / spec, f"specs/{spec}")
    report = checker.check_loaded(loaded)
    for rule in checker.ruleset.rules:
        text = explain(rule, checker.ruleset, loaded, report)
        verdicts = [line.split("verdict", 1)[1].strip()
                    for line in text.splitlines() if line.lstrip().startswith("verdict ")]
        expected = [f"{f.verdict}: {f.message}" for f in report.findings if f.rule_id == rule.id]
        assert verdicts == expected, rule.id
        for finding in report.findings:
            if finding.rule_id == rule.id and finding.limit and finding.limit.startswith(("≤", "≥")):
                bound = finding.limit[2:]  # the working ends on the limit the finding states
                worked = {line.strip() for line in text.splitlines()}
                assert worked & {f"= {bound}", f"maximum     {bound}", f"minimum     {bound}"}, rule.id


DEFENDER = load_spec(ROOT / "specs" / "defender-d7x-r.yaml")
ON = Env(DEFENDER.spec, dt.date(2026, 1, 2))


@pytest.mark.parametrize(("expression", "expected"), [
    ("production.chassis.track_front + 80 mm", ["1700 mm + 80 mm", "1780 mm"]),
    ("(production.chassis.track_front + 80 mm) * 2", ["(1700 mm + 80 mm) * 2", "1780 mm * 2", "3560 mm"]),
    ("production.chassis.track_front - (production.chassis.width - 35 in)",
     ["1700 mm - (2064 mm - 35 in)", "1700 mm - 1175 mm", "525 mm"]),
    ("-(production.chassis.track_front + 1 mm) + 2 m", ["-(1700 mm + 1 mm) + 2 m", "-1701 mm + 2 m", "299 mm"]),
    ('not (build.engine.fuel == "diesel" or build.air_intake.draws_from_cockpit)',
     ['not ("petrol" == "diesel" or false)', "not (false or false)", "not false", "true"]),
    ('build.engine.fuel in ["petrol", "diesel"]', ['"petrol" in ["petrol", "diesel"]', "true"]),
    ("max(build.engine.restrictors) + 0.5 mm", ["max([36 mm, 36 mm]) + 0.5 mm", "36 mm + 0.5 mm", "36.5 mm"]),
    ("count(build.safety.seats) >= 1 and check_date + 2 weeks > 2026-01-01",
     ["count([2 Seat entries]) >= 1 and 2026-01-02 + 2 weeks > 2026-01-01",
      "2 >= 1 and 2026-01-16 > 2026-01-01", "true and true", "true"]),
    ("build.fuel.tank_capacity / 0", ["550 L / 0", "cannot be worked out: division by zero"]),
    ("production.engine.displacement", ["4400 cc"]),
    ("37 in", []),
], ids=lambda v: v if isinstance(v, str) else None)  # fmt: skip
def test_steps(expression: str, expected: list[str]) -> None:
    compiled = compile_expr(expression, Scope())
    assert steps(compiled, Scope(), ON) == [expression] + expected


def test_values_written_null_until_measured() -> None:
    """A spec started by `homologate init` writes null for what is still to be measured."""
    _, out, _ = run("T2-WEIGHT-MIN", "tests/golden/init-defender-d7x-r.yaml")
    assert out.split("\non ", 1)[1].splitlines() == [
        "tests/golden/init-defender-d7x-r.yaml, checked on 2026-01-02",
        "  values read",
        "    build.weight.measured          null     tests/golden/init-defender-d7x-r.yaml:87:15",
        "    production.weight.homologated  2510 kg  tests/golden/init-defender-d7x-r.yaml:48:18",
        "  minimum     production.weight.homologated",
        "              = 2510 kg",
        "  verdict     fail: cannot be checked: build.weight.measured is not measured yet",
    ]
    _, out, _ = run("STK-RESTRICTOR-PER-TURBO", "tests/golden/init-defender-d7x-r.yaml")
    assert "    build.engine.restrictors  [null, null]  tests/golden/init-defender-d7x-r.yaml:58:18" in out.splitlines()
    assert "              = count([null, null])" in out.splitlines()


def test_a_rule_for_each_item_of_an_empty_list(tmp_path: Path) -> None:
    import re

    text = (ROOT / "specs" / "defender-d7x-r.yaml").read_text("utf-8")
    spec = tmp_path / "no-seats.yaml"
    spec.write_text(re.sub(r"    seats:\n(      - .*\n)+", "    seats: []\n", text), "utf-8")
    _, out, _ = run("T2-SEAT-STANDARD", str(spec))
    assert out.split("\non ", 1)[1].splitlines() == [
        f"{spec}, checked on 2026-01-02",
        "  values read",
        f"    build.safety.seats  [0 Seat entries]  {spec}:97:12",
        "  verdict     not_applicable: build.safety.seats lists nothing",
    ]


# --- --format json ------------------------------------------------------------------------------------

EXPLAIN_SCHEMA = json.loads((ROOT / "checker" / "schemas" / "explain.schema.json").read_text("utf-8"))
REPORT_SCHEMA = json.loads((ROOT / "checker" / "schemas" / "report.schema.json").read_text("utf-8"))


def explained(*args: str) -> dict[str, Any]:
    """The JSON explain writes, once it is valid against the shipped schema."""
    code, out, err = run(*args, "--format", "json")
    assert (code, err) == (0, "")
    data: dict[str, Any] = json.loads(out)
    validator = jsonschema.Draft202012Validator(EXPLAIN_SCHEMA, format_checker=jsonschema.FormatChecker())
    assert [e.message for e in validator.iter_errors(data)] == []
    return data


def report_findings(rule_id: str, spec: str, *more: str) -> list[dict[str, Any]]:
    """The rule's findings as the JSON report of `check` gives them."""
    ran = run_cli("check", spec, "--format", "json", *more)
    (report,) = json.loads(ran.out)["reports"]
    return [f for f in report["findings"] if f["rule_id"] == rule_id]


def test_json_of_a_failing_rule_holds_what_the_text_says() -> None:
    data = explained("STK-TRACK-FRONT", "specs/defender-wide-track.yaml")
    assert (data["format"], data["format_version"]) == ("homologate-explain", 1)
    assert data["ruleset"] == {"name": "dakar-2026-stock", "title": "Dakar 2026 Stock class (T2)", "version": "2026",
                               "event_date": "2026-01-02"}  # fmt: skip
    rule = data["rule"]
    assert (rule["id"], rule["area"], rule["severity"], rule["provenance"], rule["illustrative"]) == (
        "STK-TRACK-FRONT", "chassis", "error", "illustrative", True)  # fmt: skip
    assert rule["note"].startswith("The cap on track increase is not public")
    assert (rule["each"], rule["when"]) == (None, None)
    assert rule["check"] == {
        "value": {"expression": "build.chassis.track_front", "file": "dakar-2026-stock", "line": 216,
                  "column": 14},
        "min": None,
        "max": {"expression": "production.chassis.track_front + 80 mm", "file": "dakar-2026-stock",
                "line": 217, "column": 12},
        "equals": None,
        "in": None,
        "tolerance": {"shown": "2 mm", "value": 2.0, "unit": "mm", "file": "dakar-2026-stock", "line": 218,
                      "column": 18},
    }  # fmt: skip
    assert rule["origin"] == {"defined_in": {"file": "dakar-2026-stock", "line": 208, "column": 5},
                              "changed_in": []}  # fmt: skip
    spec = data["spec"]
    assert (spec["file"], spec["checked_on"], spec["evaluated"]) == (
        "specs/defender-wide-track.yaml", "2026-01-02", True)  # fmt: skip
    (judged,) = spec["findings"]
    assert judged["values_read"] == [
        {"name": "build.chassis.track_front", "path": "build.chassis.track_front", "given": True, "written": "1795 mm",
         "shown": "1795 mm", "value": 1795.0, "unit": "mm", "file": "specs/defender-wide-track.yaml", "line": 60,
         "column": 18},
        {"name": "production.chassis.track_front", "path": "production.chassis.track_front", "given": True,
         "written": "1700 mm", "shown": "1700 mm", "value": 1700.0, "unit": "mm",
         "file": "specs/defender-wide-track.yaml", "line": 29, "column": 18},
    ]  # fmt: skip
    assert judged["working"] == [{"of": "max", "expression": "production.chassis.track_front + 80 mm",
                                  "steps": ["1700 mm + 80 mm", "1780 mm"], "result": "1780 mm", "unknown": None}]
    assert (judged["item"], judged["compared"]) == (None, True)
    finding = judged["finding"]
    assert (finding["verdict"], finding["margin"], finding["margin_value"], finding["message"]) == (
        "fail", "-15 mm", -15.0, "1795 mm is 15 mm above the maximum (≤ 1780 mm)")  # fmt: skip
    assert [finding] == report_findings("STK-TRACK-FRONT", "specs/defender-wide-track.yaml")


def test_json_of_a_passing_rule_overridden_in_another_file() -> None:
    data = explained("T2-WEIGHT-MIN", "specs/defender-d7x-r.yaml")
    assert data["rule"]["origin"] == {
        "defined_in": {"file": "fia-t2-base", "line": 409, "column": 5},
        "changed_in": [{"file": "dakar-2026-stock", "line": 37, "column": 17}]}  # fmt: skip
    assert data["rule"]["check"]["tolerance"]["file"] == "dakar-2026-stock"  # the override's
    (judged,) = data["spec"]["findings"]
    assert (judged["finding"]["verdict"], judged["compared"]) == ("pass", True)
    assert [judged["finding"]] == report_findings("T2-WEIGHT-MIN", "specs/defender-d7x-r.yaml")


def test_json_of_a_rule_for_each_seat_gives_one_finding_per_item() -> None:
    data = explained("T2-SEAT-8855-VALIDITY", "specs/land-cruiser-expired-safety.yaml", "--on", "2026-01-02")
    assert data["rule"]["each"] == {"expression": "build.safety.seats", "file": "fia-t2-base", "line": 502,
                                    "column": 11}  # fmt: skip
    first, second = data["spec"]["findings"]
    assert [(j["item"], j["finding"]["path"], j["finding"]["verdict"], j["compared"]) for j in (first, second)] == [
        (0, "build.safety.seats[0].manufactured", "fail", True),
        (1, "build.safety.seats[1].manufactured", "not_applicable", False)]  # fmt: skip
    assert first["values_read"][1:] == [
        {"name": "item.standard", "path": "build.safety.seats[0].standard", "given": True, "written": "FIA 8855-1999",
         "shown": '"FIA 8855-1999"', "value": "FIA 8855-1999", "unit": None,
         "file": "specs/land-cruiser-expired-safety.yaml", "line": 93, "column": 20},
        {"name": "item.not_valid_after", "path": "build.safety.seats[0].not_valid_after", "given": False,
         "written": None, "shown": "not given", "value": None, "unit": None,
         "file": "specs/land-cruiser-expired-safety.yaml", "line": 93, "column": 9},  # the nearest part given
        {"name": "item.manufactured", "path": "build.safety.seats[0].manufactured", "given": True, "written": 2020,
         "shown": "2020", "value": 2020, "unit": None, "file": "specs/land-cruiser-expired-safety.yaml", "line": 93,
         "column": 49},
        {"name": "check_date", "path": None, "given": False, "written": None, "shown": "2026-01-02",
         "value": "2026-01-02", "unit": None, "file": None, "line": None, "column": None},
    ]  # fmt: skip
    assert [w["of"] for w in first["working"]] == ["condition", "value", "min"]
    assert first["working"][1]["steps"] == ["end_of_year(2020 + 5)", "end_of_year(2025)", "2025-12-31"]
    assert [w["of"] for w in second["working"]] == ["condition"]  # it does not apply: nothing compared
    assert second["working"][0]["result"] == "false"
    assert [first["finding"], second["finding"]] == report_findings(
        "T2-SEAT-8855-VALIDITY", "specs/land-cruiser-expired-safety.yaml", "--on", "2026-01-02")


def test_json_of_a_rule_that_does_not_apply() -> None:
    (judged,) = explained("T2-AIR-INTAKE-OPENING", "specs/toyota-land-cruiser-300.yaml")["spec"]["findings"]
    assert judged["finding"]["verdict"] == "not_applicable"
    assert (judged["compared"], judged["finding"]["measured"]) == (False, None)
    assert judged["working"] == [{"of": "condition", "expression": "present(build.air_intake.opening_diameter)",
                                  "steps": ["present(not given)", "false"], "result": "false", "unknown": None}]


def test_json_of_a_limit_that_cannot_be_worked_out(tmp_path: Path) -> None:
    ruleset = _ruleset(tmp_path, TUBE)
    data = explained("MINE-TUBE", "specs/toyota-land-cruiser-300.yaml", "--rules", str(ruleset))
    assert data["rule"]["origin"]["defined_in"] == {"file": str(ruleset), "line": 6, "column": 5}
    (judged,) = data["spec"]["findings"]
    reason = "build.air_intake.opening_diameter is not given in the spec"
    assert judged["working"] == [{
        "of": "max", "expression": "build.air_intake.opening_diameter - 5 mm",
        "steps": ["not given - 5 mm", f"cannot be worked out: {reason}"], "result": None, "unknown": reason}]
    assert judged["finding"]["message"] == f"cannot be checked: {reason}"
    assert (judged["compared"], judged["finding"]["verdict"], judged["finding"]["measured"]) == (False, "fail", None)


def test_json_without_a_spec_and_of_a_rule_with_a_list_of_values() -> None:
    data = explained("T2-SAFETY-TANK")
    assert data["spec"] is None
    assert data["rule"]["check"]["in"] == {"values": ["FT3-1999", "FT3.5", "FT5"], "file": "fia-t2-base",
                                           "line": 314, "column": 11}  # fmt: skip
    assert (data["rule"]["illustrative"], data["rule"]["provenance"]) == (False, "published")
    assert data["rule"]["source"].startswith("FIA Appendix J Art. 284")


def test_json_of_an_illustrative_rule_alone() -> None:
    rule = explained("STK-TRACK-FRONT")["rule"]
    assert (rule["illustrative"], rule["source"]) == (True, None)
    assert rule["note"].startswith("The cap on track increase is not public")


def test_json_of_values_written_null_until_measured() -> None:
    data = explained("STK-RESTRICTOR-PER-TURBO", "tests/golden/init-defender-d7x-r.yaml")
    (judged,) = data["spec"]["findings"]
    restrictors = next(v for v in judged["values_read"] if v["name"] == "build.engine.restrictors")
    assert (restrictors["written"], restrictors["shown"], restrictors["value"], restrictors["unit"]) == (
        [None, None], "[null, null]", [None, None], "mm")  # fmt: skip
    data = explained("T2-WEIGHT-MIN", "tests/golden/init-defender-d7x-r.yaml")
    (judged,) = data["spec"]["findings"]
    assert judged["values_read"][0]["given"] is True
    assert (judged["values_read"][0]["shown"], judged["values_read"][0]["value"]) == ("null", None)
    assert judged["finding"]["message"] == "cannot be checked: build.weight.measured is not measured yet"


def test_json_of_a_rule_switched_off_and_of_an_empty_list(tmp_path: Path) -> None:
    ruleset = _ruleset(tmp_path, "overrides:\n  STK-WIDTH: {severity: 'off'}\n")
    data = explained("STK-WIDTH", "specs/defender-d7x-r.yaml", "--rules", str(ruleset))
    assert data["rule"]["severity"] == "off"
    assert data["rule"]["origin"]["changed_in"] == [{"file": str(ruleset), "line": 6, "column": 25}]
    assert (data["spec"]["evaluated"], data["spec"]["findings"]) == (False, [])

    import re

    text = (ROOT / "specs" / "defender-d7x-r.yaml").read_text("utf-8")
    spec = tmp_path / "no-seats.yaml"
    spec.write_text(re.sub(r"    seats:\n(      - .*\n)+", "    seats: []\n", text), "utf-8")
    (judged,) = explained("T2-SEAT-STANDARD", str(spec))["spec"]["findings"]
    assert (judged["item"], judged["working"], judged["compared"]) == (None, [], False)
    assert [v["name"] for v in judged["values_read"]] == ["build.safety.seats"]
    assert (judged["finding"]["verdict"], judged["finding"]["message"]) == (
        "not_applicable", "build.safety.seats lists nothing")  # fmt: skip


def test_json_of_a_waived_finding_gives_the_waiver_as_the_report_does(tmp_path: Path) -> None:
    spec = tmp_path / "waived.yaml"
    spec.write_text((ROOT / "specs" / "defender-big-tank.yaml").read_text("utf-8") + textwrap.dedent("""\
        waivers:
          - rule: STK-FUEL-TANK
            reference: W-1
            reason: Long-range tank
            granted_by: Technical delegate
            expires: 2026-01-17
        """), "utf-8")
    (judged,) = explained("STK-FUEL-TANK", str(spec))["spec"]["findings"]
    finding = judged["finding"]
    assert (finding["verdict"], finding["message"]) == (
        "waived", "650 L is 50 L above the maximum (≤ 600 L); waived by W-1 until 2026-01-17")  # fmt: skip
    assert {k: finding["waiver"][k] for k in ("reference", "state", "waived_verdict", "granted_by", "expires")} == {
        "reference": "W-1", "state": "applied", "waived_verdict": "fail", "granted_by": "Technical delegate",
        "expires": "2026-01-17"}  # fmt: skip
    assert [finding] == report_findings("STK-FUEL-TANK", str(spec))


def test_json_keeps_text_as_written_and_the_text_escapes_it(tmp_path: Path) -> None:
    ruleset = _ruleset(tmp_path, textwrap.dedent("""\
        rules:
          - id: MINE-ESC
            title: "Track \\e[31mred\\e[0m"
            area: chassis
            article: Mine 1
            provenance: published
            source: Mine
            severity: error
            check:
              value: build.chassis.track_front
              max: 2000 mm
        """))
    data = explained("MINE-ESC", "--rules", str(ruleset))
    assert data["rule"]["title"] == "Track \x1b[31mred\x1b[0m"
    code, out, _ = run("MINE-ESC", "--rules", str(ruleset))
    assert code == 0
    assert "\x1b" not in out
    assert out.splitlines()[0].startswith("MINE-ESC: Track ")


def test_explain_format_is_text_or_json() -> None:
    assert run("STK-TRACK-FRONT", "--format", "text") == (0, TRACK_FRONT, "")
    assert_usage_error(Ran(*run("STK-TRACK-FRONT", "--format", "xml")), "--format", "'xml'")


@pytest.mark.parametrize("spec", SPECS)
def test_json_of_every_rule_on_every_bundled_spec_is_valid_and_agrees_with_check(spec: str) -> None:
    from checker.render.explain import to_json
    from checker.render.json import dumps, finding

    checker = Checker(Options("dakar-2026-stock"))
    loaded = load_spec(ROOT / "specs" / spec, f"specs/{spec}")
    report = checker.check_loaded(loaded)
    validator = jsonschema.Draft202012Validator(EXPLAIN_SCHEMA, format_checker=jsonschema.FormatChecker())
    for rule in checker.ruleset.rules:
        data = json.loads(to_json(rule, checker.ruleset, loaded, report))
        assert [e.message for e in validator.iter_errors(data)] == [], rule.id
        expected = [finding(f, loaded.file) for f in report.findings if f.rule_id == rule.id]
        assert [j["finding"] for j in data["spec"]["findings"]] == json.loads(dumps(expected)), rule.id


def test_the_explain_schema_shares_the_reports_definitions() -> None:
    """A finding, a waiver and a raw value are what the JSON report says they are, and the rule holds the
    report's rule fields."""
    for name in ("finding", "waiver", "value", "text", "date"):
        assert EXPLAIN_SCHEMA["$defs"][name] == REPORT_SCHEMA["$defs"][name], name
    report_rule = REPORT_SCHEMA["$defs"]["rule"]
    explained_rule = EXPLAIN_SCHEMA["$defs"]["explained_rule"]
    assert {k: explained_rule["properties"][k] for k in report_rule["properties"]} == report_rule["properties"]
    assert set(report_rule["required"]) < set(explained_rule["required"])
