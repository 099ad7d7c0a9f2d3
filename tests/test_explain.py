"""`homologate explain RULE [SPEC]`: a rule in words, and how its verdict on a spec was reached.

Whole outputs are compared exactly; the step-by-step working is also tested on its own (brackets,
units as written, values missing), and against `check` for every bundled rule and spec."""

from __future__ import annotations

import datetime as dt
import textwrap
from pathlib import Path

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


def test_a_limit_that_cannot_be_worked_out_says_why(tmp_path: Path) -> None:
    ruleset = _ruleset(tmp_path, textwrap.dedent("""\
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
        """))
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
        "    build.weight.measured          null     tests/golden/init-defender-d7x-r.yaml:85:15",
        "    production.weight.homologated  2510 kg  tests/golden/init-defender-d7x-r.yaml:46:18",
        "  minimum     production.weight.homologated",
        "              = 2510 kg",
        "  verdict     fail: cannot be checked: build.weight.measured is not measured yet",
    ]
    _, out, _ = run("STK-RESTRICTOR-PER-TURBO", "tests/golden/init-defender-d7x-r.yaml")
    assert "    build.engine.restrictors  [null, null]  tests/golden/init-defender-d7x-r.yaml:56:18" in out.splitlines()
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
