"""The engine on small rulesets: limits from the production reference, tolerances, lists, dates, reports."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
import yaml

from checker.evaluate.findings import evaluate
from checker.report import FailOn, Finding, Report
from checker.ruleset.compile import load_ruleset
from checker.ruleset.model import Ruleset
from checker.spec.load import LoadedSpec, load_spec
from checker.version import __version__

ROOT = Path(__file__).resolve().parent.parent
DEFENDER = ROOT / "tests" / "fixtures" / "defender-v1.yaml"  # spec_version 1, frozen: the engine tests' data
EVENT = dt.date(2026, 1, 2)

RULE_DEFAULTS = {"title": "T", "area": "chassis", "article": "Art. 1", "provenance": "published", "source": "S",
                 "severity": "error"}  # fmt: skip
BUNDLED = ROOT / "specs" / "defender-d7x-r.yaml"  # spec_version 2: what the bundled rules are held to
SEATS = (
    "      - {standard: FIA 8862-2009, manufactured: 2025-05-12}\n"
    "      - {standard: FIA 8862-2009, manufactured: 2025-05-12}\n"
)
OLD_8855_SEAT = (
    "      - {standard: FIA 8862-2009, manufactured: 2025-05-12}\n"
    "      - {standard: FIA 8855-1999, manufactured: 2021-01-01}\n"
)
HARNESSES = (
    "      - {standard: FIA 8853-2016, expires: 2030-05-31}\n"
    "      - {standard: FIA 8853-2016, expires: 2030-05-31}\n"
)
OLD_HARNESS = (  # dates counted to the day: a harness made 2021-01-03, valid 5 years (a test rule, not the FIA's)
    "      - {standard: FIA 8853-2016, expires: 2030-05-31}\n"
    "      - {standard: FIA 8853/98, expires: 2021-01-03}\n"
)


def rule(rule_id: str, check: dict[str, Any], **fields: Any) -> dict[str, Any]:
    return {"id": rule_id, **RULE_DEFAULTS, **fields, "check": check}


def rules(tmp_path: Path, *written: dict[str, Any], event_date: dt.date | None = EVENT) -> Ruleset:
    data: dict[str, Any] = {"ruleset": "t", "title": "Test", "version": "1"}
    if event_date is not None:
        data["event_date"] = event_date
    data["rules"] = list(written)
    path = tmp_path / "t.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), "utf-8")
    return load_ruleset(str(path))


def defender(tmp_path: Path | None = None, *changes: tuple[str, str]) -> LoadedSpec:
    """The Defender spec, with text replaced (each ``old`` must occur once, so no change is lost)."""
    if not changes:
        return load_spec(DEFENDER, "specs/defender-d7x-r.yaml")
    assert tmp_path is not None
    text = DEFENDER.read_text("utf-8")
    for old, new in changes:
        assert text.count(old) == 1, f"{old!r} must occur once"
        text = text.replace(old, new)
    path = tmp_path / "defender.yaml"
    path.write_text(text, "utf-8")
    return load_spec(path, "defender.yaml")


def only(report: Report) -> Finding:
    assert len(report.findings) == 1
    return report.findings[0]


def check_one(tmp_path: Path, check: dict[str, Any], spec: LoadedSpec | None = None, on: dt.date | None = None,
              **fields: Any) -> Finding:  # fmt: skip
    return only(evaluate(spec or defender(), rules(tmp_path, rule("R", check, **fields)), on))


# --- relative limits -----------------------------------------------------------------------------


def test_relative_limit_is_computed_from_the_production_reference(tmp_path: Path) -> None:
    finding = check_one(tmp_path,
                        {"value": "build.chassis.track_front", "max": "production.chassis.track_front + 80 mm"})
    assert finding.verdict == "pass"
    assert finding.message == "1760 mm, 20 mm inside the limit (≤ 1780 mm)"
    assert (finding.measured, finding.limit, finding.margin) == ("1760 mm", "≤ 1780 mm", "+20 mm")
    assert (finding.measured_value, finding.limit_value, finding.margin_value, finding.unit) == (
        1760.0, 1780.0, 20.0, "mm")
    assert finding.derivation == "production.chassis.track_front + 80 mm, with production.chassis.track_front = 1700 mm"
    assert (finding.path, finding.line, finding.column) == ("build.chassis.track_front", 67, 18)


def test_derivation_names_every_value_the_limit_reads(tmp_path: Path) -> None:
    finding = check_one(
        tmp_path,
        {"value": "build.weight.measured", "min": "production.weight.homologated + build.weight.safety_equipment"},
    )
    assert finding.message == "2790 kg, 30 kg inside the limit (≥ 2760 kg)"
    assert finding.derivation == (
        "production.weight.homologated + build.weight.safety_equipment, with production.weight.homologated = 2610 kg, "
        "build.weight.safety_equipment = 150 kg"
    )


def test_fixed_limit_has_no_derivation(tmp_path: Path) -> None:
    finding = check_one(tmp_path, {"value": "build.wheels.tyre_diameter", "max": "37 in"})
    assert finding.message == "35 in, 2 in inside the limit (≤ 37 in)"
    assert (finding.margin, finding.margin_value, finding.unit) == ("+2 in", pytest.approx(50.8), "mm")
    assert finding.derivation is None


# --- tolerance -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("limit", "verdict", "margin_value", "message"),
    [
        ("production.chassis.track_front + 61 mm", "pass", 1.0, "1760 mm, 1 mm inside the limit (≤ 1761 mm)"),
        ("production.chassis.track_front + 60 mm", "pass", 0.0, "1760 mm, at the limit (≤ 1760 mm)"),
        ("production.chassis.track_front + 59 mm", "marginal", -1.0,
         "1760 mm is 1 mm above the maximum (≤ 1759 mm), within the measurement tolerance"),
        ("production.chassis.track_front + 58 mm", "marginal", -2.0,
         "1760 mm is 2 mm above the maximum (≤ 1758 mm), within the measurement tolerance"),
        ("production.chassis.track_front + 57.99 mm", "fail", -2.01,
         "1760 mm is 2.01 mm above the maximum (≤ 1757.99 mm)"),
        ("production.chassis.track_front + 50 mm", "fail", -10.0, "1760 mm is 10 mm above the maximum (≤ 1750 mm)"),
    ],
)  # fmt: skip
def test_max_with_tolerance(tmp_path: Path, limit: str, verdict: str, margin_value: float, message: str) -> None:
    finding = check_one(tmp_path, {"value": "build.chassis.track_front", "max": limit, "tolerance": "2 mm"})
    assert (finding.verdict, finding.margin_value, finding.message) == (verdict, margin_value, message)


@pytest.mark.parametrize(
    ("limit", "verdict", "message"),
    [
        ("production.chassis.track_front + 58 mm", "pass", "1760 mm, 2 mm inside the limit (≥ 1758 mm)"),
        ("production.chassis.track_front + 62 mm", "marginal",
         "1760 mm is 2 mm below the minimum (≥ 1762 mm), within the measurement tolerance"),
        ("production.chassis.track_front + 62.01 mm", "fail", "1760 mm is 2.01 mm below the minimum (≥ 1762.01 mm)"),
    ],
)  # fmt: skip
def test_min_with_tolerance(tmp_path: Path, limit: str, verdict: str, message: str) -> None:
    finding = check_one(tmp_path, {"value": "build.chassis.track_front", "min": limit, "tolerance": "2 mm"})
    assert (finding.verdict, finding.message) == (verdict, message)


def test_without_tolerance_any_excess_fails(tmp_path: Path) -> None:
    finding = check_one(tmp_path, {"value": "build.chassis.track_front", "max": "1759.99 mm"})
    assert (finding.verdict, finding.margin, finding.margin_value) == ("fail", "-0.01 mm", -0.01)


@pytest.mark.parametrize(
    ("value", "limit", "tolerance", "verdict"),
    [
        # exactly at limit + tolerance in values that are not exact in binary floating point
        ("max(build.engine.restrictors)", "35.9 mm", "0.1 mm", "marginal"),
        ("max(build.engine.restrictors)", "35.89 mm", "0.1 mm", "fail"),
        ("build.wheels.tyre_diameter", "34.9 in", "0.1 in", "marginal"),
        ("build.wheels.tyre_diameter", "34.89 in", "0.1 in", "fail"),
        ("build.engine.displacement", "4390 cc", "10 cc", "marginal"),
        ("build.engine.displacement", "4389.9 cc", "10 cc", "fail"),
    ],
)
def test_tolerance_edge_is_exact_in_canonical_units(tmp_path: Path, value: str, limit: str, tolerance: str,
                                                    verdict: str) -> None:
    finding = check_one(tmp_path, {"value": value, "max": limit, "tolerance": tolerance})
    assert finding.verdict == verdict


# --- min and max together ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("low", "high", "verdict", "message", "limit_value"),
    [
        ("production.suspension.ride_height", "production.suspension.ride_height + 120 mm", "pass",
         "330 mm, 40 mm inside the limit (250 mm to 370 mm)", [250.0, 370.0]),
        ("production.suspension.ride_height + 50 mm", "production.suspension.ride_height + 120 mm", "pass",
         "330 mm, 30 mm inside the limit (300 mm to 370 mm)", [300.0, 370.0]),
        ("production.suspension.ride_height", "production.suspension.ride_height + 70 mm", "fail",
         "330 mm is 10 mm above the maximum (250 mm to 320 mm)", [250.0, 320.0]),
        ("production.suspension.ride_height + 90 mm", "production.suspension.ride_height + 200 mm", "fail",
         "330 mm is 10 mm below the minimum (340 mm to 450 mm)", [340.0, 450.0]),
        ("production.suspension.ride_height + 82 mm", "production.suspension.ride_height + 200 mm", "marginal",
         "330 mm is 2 mm below the minimum (332 mm to 450 mm), within the measurement tolerance", [332.0, 450.0]),
    ],
)  # fmt: skip
def test_ride_height_between_min_and_max(tmp_path: Path, low: str, high: str, verdict: str, message: str,
                                         limit_value: list[float]) -> None:  # fmt: skip
    check = {"value": "build.suspension.ride_height", "min": low, "max": high, "tolerance": "3 mm"}
    finding = check_one(tmp_path, check)
    assert (finding.verdict, finding.message, finding.limit_value) == (verdict, message, limit_value)


def test_range_derivation_shows_both_limits(tmp_path: Path) -> None:
    check = {"value": "build.suspension.ride_height", "min": "production.suspension.ride_height - 10 mm",
             "max": "production.suspension.ride_height + 120 mm"}  # fmt: skip
    assert check_one(tmp_path, check).derivation == (
        "production.suspension.ride_height - 10 mm, with production.suspension.ride_height = 250 mm; "
        "production.suspension.ride_height + 120 mm, with production.suspension.ride_height = 250 mm"
    )


# --- equality ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("wheelbase", "verdict", "margin", "message"),
    [
        ("3022 mm", "pass", "+0 mm", "3022 mm, as produced"),
        ("3025 mm", "marginal", "-3 mm",
         "3025 mm differs from the production value 3022 mm by 3 mm, within the measurement tolerance"),
        ("3019 mm", "marginal", "-3 mm",
         "3019 mm differs from the production value 3022 mm by 3 mm, within the measurement tolerance"),
        ("3027 mm", "marginal", "-5 mm",
         "3027 mm differs from the production value 3022 mm by 5 mm, within the measurement tolerance"),
        ("3028 mm", "fail", "-6 mm", "3028 mm differs from the production value 3022 mm by 6 mm"),
        ("3016 mm", "fail", "-6 mm", "3016 mm differs from the production value 3022 mm by 6 mm"),
    ],
)  # fmt: skip
def test_wheelbase_equality_with_tolerance(tmp_path: Path, wheelbase: str, verdict: str, margin: str,
                                           message: str) -> None:
    spec = defender(tmp_path, ("wheelbase: 3022 mm\n", f"wheelbase: {wheelbase}\n"))
    check = {"value": "build.chassis.wheelbase", "equals": "production.chassis.wheelbase", "tolerance": "5 mm"}
    finding = check_one(tmp_path, check, spec)
    assert (finding.verdict, finding.margin, finding.message) == (verdict, margin, message)
    assert (finding.limit, finding.limit_value) == ("= 3022 mm", 3022.0)


def test_equality_without_tolerance_fails_on_any_difference(tmp_path: Path) -> None:
    spec = defender(tmp_path, ("wheelbase: 3022 mm\n", "wheelbase: 3022.5 mm\n"))
    finding = check_one(tmp_path, {"value": "build.chassis.wheelbase", "equals": "production.chassis.wheelbase"}, spec)
    assert (finding.verdict, finding.message) == (
        "fail", "3022.5 mm differs from the production value 3022 mm by 0.5 mm")


@pytest.mark.parametrize(
    ("check", "verdict", "message", "limit"),
    [
        ({"value": "build.engine.aspiration", "equals": '"natural"'}, "fail", "turbo, but the rule requires natural",
         "= natural"),
        ({"value": "build.engine.aspiration", "equals": '"turbo"'}, "pass", "turbo, as required", "= turbo"),
        ({"value": "build.engine.aspiration", "equals": "production.engine.aspiration"}, "pass", "turbo, as produced",
         "= turbo"),
        ({"value": "build.air_intake.draws_from_cockpit", "equals": True}, "fail", "no, but the rule requires yes",
         "= yes"),
        ({"value": "build.engine.turbos", "equals": 1}, "fail", "2, but the rule requires 1", "= 1"),
    ],
)  # fmt: skip
def test_equality_messages(tmp_path: Path, check: dict[str, Any], verdict: str, message: str, limit: str) -> None:
    finding = check_one(tmp_path, check)
    assert (finding.verdict, finding.message, finding.limit) == (verdict, message, limit)


@pytest.mark.parametrize(
    ("members", "verdict", "message", "limit"),
    [
        (["FT3-1999", "FT3.5", "FT5"], "pass", "FT3.5 is one of the allowed values", "one of FT3-1999, FT3.5, FT5"),
        (["FT5"], "fail", "FT3.5 is not one of: FT5", "one of FT5"),
    ],
)
def test_membership(tmp_path: Path, members: list[str], verdict: str, message: str, limit: str) -> None:
    finding = check_one(tmp_path, {"value": "build.fuel.safety_tank", "in": members})
    assert (finding.verdict, finding.message, finding.limit, finding.path) == (
        verdict, message, limit, "build.fuel.safety_tank")


# --- each ----------------------------------------------------------------------------------------


def test_each_gives_one_finding_per_item_at_its_place(tmp_path: Path) -> None:
    each = rule("SEAT", {"value": "end_of_year(item.manufactured + 10)", "min": "check_date"},
                each="build.safety.seats")  # fmt: skip
    report = evaluate(defender(), rules(tmp_path, each))
    assert [(f.path, f.line, f.column, f.verdict) for f in report.findings] == [
        ("build.safety.seats[0].manufactured", 96, 49, "pass"),
        ("build.safety.seats[1].manufactured", 97, 49, "pass"),
    ]
    # a spec_version 1 date is read as its year, as the label counts
    assert report.findings[0].derivation == "end_of_year(item.manufactured + 10), with item.manufactured = 2025"
    assert report.findings[0].message == "valid until 2035-12-31, 3650 days after the check date 2026-01-02"


def test_each_over_a_list_of_quantities(tmp_path: Path) -> None:
    spec = defender(tmp_path, ("restrictors: [36 mm, 36 mm]", "restrictors: [36 mm, 38.5 mm]"))
    each = rule("RESTRICTOR", {"value": "item", "max": "38 mm", "tolerance": "0.1 mm"}, each="build.engine.restrictors")
    report = evaluate(spec, rules(tmp_path, each))
    assert [(f.path, f.line, f.column, f.verdict, f.message) for f in report.findings] == [
        ("build.engine.restrictors[0]", 59, 19, "pass", "36 mm, 2 mm inside the limit (≤ 38 mm)"),
        ("build.engine.restrictors[1]", 59, 26, "fail", "38.5 mm is 0.5 mm above the maximum (≤ 38 mm)"),
    ]


def test_each_over_an_empty_list_is_one_not_applicable_finding(tmp_path: Path) -> None:
    spec = defender(tmp_path, ("    seats:\n" + SEATS, "    seats: []\n"))
    each = rule("SEAT", {"value": "item.standard", "in": ["FIA 8862-2009"]}, each="build.safety.seats")
    finding = only(evaluate(spec, rules(tmp_path, each)))
    assert (finding.verdict, finding.message) == ("not_applicable", "build.safety.seats lists nothing")
    assert (finding.path, finding.line, finding.column) == ("build.safety.seats", 95, 12)


def test_each_with_when_judges_each_item(tmp_path: Path) -> None:
    spec = defender(tmp_path, (HARNESSES, OLD_HARNESS))
    each = rule("HARNESS-98", {"value": "item.expires + 5 years", "min": "check_date"},
                each="build.safety.harnesses", when='item.standard == "FIA 8853/98"')  # fmt: skip
    report = evaluate(spec, rules(tmp_path, each))
    assert [(f.path, f.verdict, f.message) for f in report.findings] == [
        ("build.safety.harnesses[0].expires", "not_applicable",
         'does not apply: item.standard == "FIA 8853/98" is false'),
        ("build.safety.harnesses[1].expires", "pass", "valid until 2026-01-03, 1 day after the check date 2026-01-02"),
    ]  # fmt: skip


# --- when ----------------------------------------------------------------------------------------


def test_when_false_is_not_applicable(tmp_path: Path) -> None:
    finding = check_one(
        tmp_path, {"value": "build.air_intake.tube_inner_diameter", "max": "10 mm"},
        when='build.engine.fuel == "diesel"',
    )
    assert (finding.verdict, finding.message) == (
        "not_applicable", 'does not apply: build.engine.fuel == "diesel" is false')
    assert (finding.measured, finding.limit, finding.margin, finding.derivation) == (None, None, None, None)
    assert finding.path == "build.air_intake.tube_inner_diameter"


def test_when_true_checks_the_rule(tmp_path: Path) -> None:
    finding = check_one(
        tmp_path, {"value": "build.air_intake.tube_inner_diameter", "max": "10 mm"},
        when='build.engine.fuel == "petrol"',
    )
    assert (finding.verdict, finding.message) == ("fail", "90 mm is 80 mm above the maximum (≤ 10 mm)")


# --- values that cannot be read ------------------------------------------------------------------

NO_OPENING = ("    opening_diameter: 95 mm   # illustrative\n", "")
NO_SAFETY_TANK = ("    safety_tank: FT3.5        # illustrative\n", "")


@pytest.mark.parametrize(
    ("change", "check", "when", "message"),
    [
        (NO_OPENING, {"value": "build.air_intake.opening_diameter + 0 mm", "max": "100 mm"}, None,
         "cannot be checked: build.air_intake.opening_diameter is not given in the spec"),
        (NO_OPENING, {"value": "build.air_intake.tube_inner_diameter", "max": "build.air_intake.opening_diameter * 2"},
         None, "cannot be checked: build.air_intake.opening_diameter is not given in the spec"),
        (NO_SAFETY_TANK, {"value": "build.fuel.aviation_lines", "equals": True}, 'build.fuel.safety_tank != "FT5"',
         "cannot be checked: build.fuel.safety_tank is not given in the spec"),
        (None, {"value": "build.chassis.track_front / (production.engine.turbos - 2)", "max": "100 mm"}, None,
         "cannot be checked: division by zero"),
        (None, {"value": "build.engine.turbos", "max": "production.engine.turbos / (build.engine.turbos - 2)"}, None,
         "cannot be checked: division by zero"),
    ],
    ids=["missing-in-arithmetic", "missing-in-limit", "missing-in-when", "zero-divisor-in-value",
         "zero-divisor-in-limit"],
)  # fmt: skip
def test_value_that_cannot_be_read_fails(tmp_path: Path, change: tuple[str, str] | None, check: dict[str, Any],
                                         when: str | None, message: str) -> None:  # fmt: skip
    spec = defender(tmp_path, change) if change else defender()
    fields = {"when": when} if when else {}
    report = evaluate(spec, rules(tmp_path, rule("R", check, **fields)))
    finding = only(report)
    assert (finding.verdict, finding.message) == ("fail", message)
    assert (finding.measured, finding.margin, finding.derivation) == (None, None, None)
    assert report.compliant is False
    assert report.exit_code() == 1


@pytest.mark.parametrize(
    ("change", "check"),
    [
        pytest.param(NO_OPENING, {"value": "build.air_intake.opening_diameter", "max": "100 mm"}, id="bare-value-max"),
        pytest.param(NO_OPENING, {"value": "build.air_intake.opening_diameter", "equals": "95 mm"},
                     id="bare-value-equals"),
        pytest.param(NO_OPENING, {"value": "build.air_intake.tube_inner_diameter",
                                  "max": "build.air_intake.opening_diameter"},
                     id="bare-limit"),
        pytest.param(NO_SAFETY_TANK, {"value": "build.fuel.safety_tank", "in": ["FT5"]}, id="bare-value-in"),
        pytest.param(NO_SAFETY_TANK, {"value": "build.fuel.safety_tank", "equals": '"FT5"'}, id="bare-text-equals"),
    ],
)  # fmt: skip
def test_missing_optional_field_read_bare_fails_as_not_given(tmp_path: Path, change: tuple[str, str],
                                                             check: dict[str, Any]) -> None:  # fmt: skip
    finding = check_one(tmp_path, check, defender(tmp_path, change))
    field = "build.fuel.safety_tank" if change is NO_SAFETY_TANK else "build.air_intake.opening_diameter"
    assert (finding.verdict, finding.message) == ("fail", f"cannot be checked: {field} is not given in the spec")


def test_optional_value_guarded_by_present_is_not_applicable(tmp_path: Path) -> None:
    finding = check_one(tmp_path, {"value": "build.air_intake.opening_diameter", "max": "100 mm"},
                        defender(tmp_path, NO_OPENING), when="present(build.air_intake.opening_diameter)")  # fmt: skip
    assert (finding.verdict, finding.message) == (
        "not_applicable", "does not apply: present(build.air_intake.opening_diameter) is false"
    )  # fmt: skip


# --- dates ---------------------------------------------------------------------------------------

HARNESS_98 = rule("HARNESS-98", {"value": "item.expires + 5 years", "min": "check_date"},
                  each="build.safety.harnesses", when='item.standard == "FIA 8853/98"', area="safety")  # fmt: skip


@pytest.mark.parametrize(
    ("on", "verdict", "margin", "message"),
    [
        (None, "pass", "+1 day", "valid until 2026-01-03, 1 day after the check date 2026-01-02"),
        (dt.date(2026, 1, 2), "pass", "+1 day", "valid until 2026-01-03, 1 day after the check date 2026-01-02"),
        (dt.date(2026, 1, 3), "pass", "+0 days", "valid until 2026-01-03, 0 days after the check date 2026-01-03"),
        (dt.date(2026, 1, 4), "fail", "-1 day",
         "expired: valid until 2026-01-03, 1 day before the check date 2026-01-04"),
        (dt.date(2026, 3, 1), "fail", "-57 days",
         "expired: valid until 2026-01-03, 57 days before the check date 2026-03-01"),
    ],
)  # fmt: skip
def test_date_validity_on_the_check_date(tmp_path: Path, on: dt.date | None, verdict: str, margin: str,
                                        message: str) -> None:
    report = evaluate(defender(tmp_path, (HARNESSES, OLD_HARNESS)), rules(tmp_path, HARNESS_98), on)
    assert report.on == (on or EVENT)
    finding = report.findings[1]
    assert (finding.path, finding.verdict, finding.margin, finding.message) == (
        "build.safety.harnesses[1].expires", verdict, margin, message
    )  # fmt: skip
    assert finding.unit == "days"
    assert finding.limit == f"on or after {(on or EVENT).isoformat()}"


def test_bundled_stock_rules_count_a_seat_by_the_year_on_its_label(tmp_path: Path) -> None:
    """Issue 18: an FIA 8855-1999 seat made on 2021-01-01 is valid to 31 December 2026, as its label reads,
    not to 2026-01-01 (the old rule failed it on 2026-01-02)."""
    spec = defender(tmp_path, (SEATS, OLD_8855_SEAT))
    stock = load_ruleset("dakar-2026-stock")

    def seat_finding(on: dt.date | None) -> Finding:
        report = evaluate(spec, stock, on)
        return next(f for f in report.findings
                    if f.rule_id == "T2-SEAT-8855-VALIDITY"
                    and f.path == "build.safety.seats[1].manufactured")

    assert (seat_finding(None).verdict, seat_finding(None).message) == (  # the ruleset's event date, 2026-01-02
        "pass", "valid until 2026-12-31, 363 days after the check date 2026-01-02")
    assert seat_finding(dt.date(2026, 12, 31)).verdict == "pass"
    assert seat_finding(dt.date(2027, 1, 1)).verdict == "fail"


def test_explicit_date_replaces_a_ruleset_without_event_date(tmp_path: Path) -> None:
    ruleset = rules(tmp_path, HARNESS_98, event_date=None)
    assert ruleset.event_date is None
    report = evaluate(defender(tmp_path, (HARNESSES, OLD_HARNESS)), ruleset, dt.date(2026, 1, 4))
    assert report.on == dt.date(2026, 1, 4)
    assert report.findings[1].verdict == "fail"


@pytest.mark.parametrize(
    ("check", "verdict", "message"),
    [
        ({"value": "item.expires", "min": "2026-06-01"}, "pass",
         "2030-05-31, 1460 days inside the limit (on or after 2026-06-01)"),
        ({"value": "item.expires", "min": "2030-06-01"}, "fail",
         "2030-05-31 is 1 day before the earliest date (on or after 2030-06-01)"),
        ({"value": "item.expires", "max": "2030-05-30"}, "fail",
         "2030-05-31 is 1 day after the latest date (on or before 2030-05-30)"),
    ],
)  # fmt: skip
def test_fixed_date_limits(tmp_path: Path, check: dict[str, Any], verdict: str, message: str) -> None:
    report = evaluate(defender(), rules(tmp_path, rule("H", check, each="build.safety.harnesses")))
    assert [(f.verdict, f.message) for f in report.findings] == [(verdict, message)] * 2


def test_quoted_event_date_is_used_as_the_check_date(tmp_path: Path) -> None:
    path = tmp_path / "t.yaml"
    data = {"ruleset": "t", "title": "T", "version": "1", "event_date": "2026-01-02", "rules": [HARNESS_98]}
    path.write_text(yaml.safe_dump(data, sort_keys=False), "utf-8")
    report = evaluate(defender(tmp_path, (HARNESSES, OLD_HARNESS)), load_ruleset(str(path)))
    assert report.on == dt.date(2026, 1, 2)
    assert report.findings[1].verdict == "pass"


# --- severity, overrides and the report ----------------------------------------------------------


def _stock_child(tmp_path: Path, overrides: str) -> Ruleset:
    path = tmp_path / "child.yaml"
    path.write_text(f'ruleset: child\ntitle: C\nversion: "1"\nextends: dakar-2026-stock\noverrides:\n{overrides}',
                    "utf-8")
    return load_ruleset(str(path))


@pytest.mark.parametrize("written", ["'off'", "off"])
def test_rule_turned_off_gives_no_finding(tmp_path: Path, written: str) -> None:
    ruleset = _stock_child(tmp_path, f"  STK-TRACK-FRONT:\n    severity: {written}\n")
    report = evaluate(defender(), ruleset)
    assert "STK-TRACK-FRONT" not in {f.rule_id for f in report.findings}
    assert len(report.findings) == len(evaluate(defender(), load_ruleset("dakar-2026-stock")).findings) - 1


def test_tightened_track_limit_fails_the_defender(tmp_path: Path) -> None:
    overrides = (
        "  STK-TRACK-FRONT:\n    provenance: published\n    source: Event bulletin\n"
        "    check:\n      max: production.chassis.track_front + 50 mm\n"
    )
    report = evaluate(load_spec(BUNDLED), _stock_child(tmp_path, overrides))
    finding = next(f for f in report.findings if f.rule_id == "STK-TRACK-FRONT")
    assert (finding.verdict, finding.message) == ("fail", "1760 mm is 10 mm above the maximum (≤ 1750 mm)")
    assert finding.derivation == "production.chassis.track_front + 50 mm, with production.chassis.track_front = 1700 mm"
    assert (finding.provenance, finding.source, finding.note) == ("published", "Event bulletin", None)
    assert report.compliant is False
    assert report.exit_code() == 1
    assert [f.rule_id for f in report.findings if f.verdict == "fail"] == ["STK-TRACK-FRONT"]


def test_bundled_ruleset_passes_the_defender() -> None:
    report = evaluate(load_spec(BUNDLED), load_ruleset("dakar-2026-stock"))
    assert report.counts() == {"fail": 0, "marginal": 0, "waived": 0, "pass": 43, "not_applicable": 13}
    assert (report.compliant, report.exit_code(), report.exit_code(fail_on=FailOn.MARGINAL)) == (True, 0, 0)
    assert report.on == EVENT
    assert report.ruleset_files[-1] == f"dakar-2026-stock (bundled with homologate {__version__})"  # no machine path


FAILING = {"value": "build.chassis.track_front", "max": "1700 mm"}
MARGINAL = {"value": "build.chassis.track_front", "max": "1759 mm", "tolerance": "2 mm"}
PASSING = {"value": "build.chassis.track_front", "max": "1800 mm"}


@pytest.mark.parametrize(
    ("check", "severity", "compliant", "exit_code", "strict_exit_code"),
    [
        (PASSING, "error", True, 0, 0),
        (FAILING, "error", False, 1, 1),
        (MARGINAL, "error", True, 0, 1),
        (FAILING, "warning", True, 0, 1),
        (MARGINAL, "warning", True, 0, 1),
        (FAILING, "info", True, 0, 0),
    ],
)
def test_compliance_and_exit_code(tmp_path: Path, check: dict[str, Any], severity: str, compliant: bool,
                                  exit_code: int, strict_exit_code: int) -> None:  # fmt: skip
    report = evaluate(defender(), rules(tmp_path, rule("R", check, severity=severity)))
    assert (report.compliant, report.exit_code(), report.exit_code(fail_on=FailOn.MARGINAL)) == (
        compliant, exit_code, strict_exit_code)


def test_not_applicable_findings_do_not_count_against_the_car(tmp_path: Path) -> None:
    report = evaluate(defender(), rules(tmp_path, rule("R", FAILING, when="false")))
    assert only(report).verdict == "not_applicable"
    assert (report.compliant, report.exit_code(fail_on=FailOn.MARGINAL)) == (True, 0)


def test_report_counts_and_identity(tmp_path: Path) -> None:
    ruleset = rules(tmp_path, rule("A", PASSING), rule("B", FAILING, severity="warning"), rule("C", MARGINAL),
                    rule("D", PASSING, when="false"))  # fmt: skip
    report = evaluate(defender(), ruleset)
    assert [f.rule_id for f in report.findings] == ["A", "B", "C", "D"]
    assert report.counts() == {"fail": 1, "marginal": 1, "waived": 0, "pass": 1, "not_applicable": 1}
    assert [f.rule_id for f in report.warnings()] == ["B", "C"]
    assert (report.ruleset, report.ruleset_title, report.ruleset_version) == ("t", "Test", "1")
    assert (report.vehicle.make, report.vehicle.model, report.spec_file) == (
        "Land Rover", "Defender Dakar D7X-R", "specs/defender-d7x-r.yaml"
    )  # fmt: skip
