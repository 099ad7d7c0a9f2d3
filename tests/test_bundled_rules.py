"""Every bundled rule, with spec fragments that pass it and fail it: the exact finding each must give.

Each case patches a bundled spec (values as a person writes them), evaluates it under the default
ruleset, and asserts the verdict of the one finding of that rule at that spec path.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from checker.report import FAIL, MARGINAL, NOT_APPLICABLE, PASS

D7X = "defender-d7x-r.yaml"
LC = "toyota-land-cruiser-300.yaml"
DIESEL = {"production.engine.fuel": "diesel", "build.engine.fuel": "diesel"}
NATURAL = {
    "production.engine.aspiration": "natural", "build.engine.aspiration": "natural",
    "production.engine.turbos": 0, "build.engine.turbos": 0,
}  # fmt: skip

# (rule id, spec, patches, check date or None, spec path of the finding, verdict)
CASES: list[tuple[str, str, dict[str, Any], dt.date | None, str, str]] = [
    ("T2-BODYSHELL", D7X, {}, None, "build.chassis.bodyshell", PASS),
    ("T2-BODYSHELL", D7X, {"build.chassis.bodyshell": "Defender 90 shell"}, None, "build.chassis.bodyshell", FAIL),
    ("T2-WHEELBASE", D7X, {}, None, "build.chassis.wheelbase", PASS),
    ("T2-WHEELBASE", D7X, {"build.chassis.wheelbase": "3027 mm"}, None, "build.chassis.wheelbase", MARGINAL),
    ("T2-WHEELBASE", D7X, {"build.chassis.wheelbase": "3028 mm"}, None, "build.chassis.wheelbase", FAIL),
    ("T2-ENGINE-BLOCK", D7X, {}, None, "build.engine.block", PASS),
    ("T2-ENGINE-BLOCK", D7X, {"build.engine.block": "S63"}, None, "build.engine.block", FAIL),
    ("T2-ENGINE-DISPLACEMENT", D7X, {"build.engine.displacement": "4400 cc"}, None, "build.engine.displacement", PASS),
    ("T2-ENGINE-DISPLACEMENT", D7X, {"build.engine.displacement": "4.6 L"}, None, "build.engine.displacement", FAIL),
    ("T2-ENGINE-CYLINDERS", D7X, {}, None, "build.engine.cylinders", PASS),
    ("T2-ENGINE-CYLINDERS", D7X, {"build.engine.cylinders": 6}, None, "build.engine.cylinders", FAIL),
    ("T2-ENGINE-ASPIRATION", D7X, {}, None, "build.engine.aspiration", PASS),
    ("T2-ENGINE-ASPIRATION", D7X, {"build.engine.aspiration": "supercharged"}, None, "build.engine.aspiration", FAIL),
    ("T2-ENGINE-FUEL", D7X, {}, None, "build.engine.fuel", PASS),
    ("T2-ENGINE-FUEL", D7X, {"build.engine.fuel": "diesel"}, None, "build.engine.fuel", FAIL),
    ("T2-RESTRICTOR-FITTED", D7X, {}, None, "build.engine.restrictors", PASS),
    ("T2-RESTRICTOR-FITTED", D7X, {"build.engine.restrictors": []}, None, "build.engine.restrictors", FAIL),
    ("T2-AIR-INTAKE-COCKPIT", D7X, {}, None, "build.air_intake.draws_from_cockpit", PASS),
    ("T2-AIR-INTAKE-COCKPIT", D7X, {"build.air_intake.draws_from_cockpit": True}, None, "build.air_intake.draws_from_cockpit", FAIL),
    ("T2-AIR-INTAKE-HOUSING", D7X, {}, None, "build.air_intake.housing_in_original_place", PASS),
    ("T2-AIR-INTAKE-HOUSING", D7X, {"build.air_intake.housing_in_original_place": False}, None, "build.air_intake.housing_in_original_place", FAIL),
    ("T2-AIR-INTAKE-OPENING", D7X, {"build.air_intake.opening_diameter": "100 mm"}, None, "build.air_intake.opening_diameter", PASS),
    ("T2-AIR-INTAKE-OPENING", D7X, {"build.air_intake.opening_diameter": "101 mm"}, None, "build.air_intake.opening_diameter", FAIL),
    ("T2-AIR-INTAKE-OPENING", LC, {}, None, "build.air_intake.opening_diameter", NOT_APPLICABLE),
    ("T2-AIR-INTAKE-TUBE", D7X, {"build.air_intake.tube_inner_diameter": "100 mm"}, None, "build.air_intake.tube_inner_diameter", PASS),
    ("T2-AIR-INTAKE-TUBE", D7X, {"build.air_intake.tube_inner_diameter": "4 in"}, None, "build.air_intake.tube_inner_diameter", FAIL),
    ("T2-MOUNTING-POINTS", D7X, {}, None, "build.suspension.production_mounting_points", PASS),
    ("T2-MOUNTING-POINTS", D7X, {"build.suspension.production_mounting_points": False}, None, "build.suspension.production_mounting_points", FAIL),
    ("T2-DAMPERS-FRONT", D7X, {"build.suspension.dampers_per_wheel.front": 2}, None, "build.suspension.dampers_per_wheel.front", PASS),
    ("T2-DAMPERS-FRONT", D7X, {"build.suspension.dampers_per_wheel.front": 3}, None, "build.suspension.dampers_per_wheel.front", FAIL),
    ("T2-DAMPERS-REAR", D7X, {}, None, "build.suspension.dampers_per_wheel.rear", PASS),
    ("T2-DAMPERS-REAR", D7X, {"build.suspension.dampers_per_wheel.rear": 3}, None, "build.suspension.dampers_per_wheel.rear", FAIL),
    ("T2-SAFETY-TANK", D7X, {}, None, "build.fuel.safety_tank", PASS),
    ("T2-SAFETY-TANK", D7X, {"build.fuel.safety_tank": "FT3"}, None, "build.fuel.safety_tank", FAIL),
    ("T2-SAFETY-TANK", D7X, {"build.fuel.safety_tank": None}, None, "build.fuel.safety_tank", NOT_APPLICABLE),
    ("T2-FUEL-LINES", D7X, {}, None, "build.fuel.aviation_lines", PASS),
    ("T2-FUEL-LINES", D7X, {"build.fuel.aviation_lines": False}, None, "build.fuel.aviation_lines", FAIL),
    ("T2-FUEL-LINES", D7X, {"build.fuel.safety_tank": None, "build.fuel.aviation_lines": False}, None, "build.fuel.aviation_lines", NOT_APPLICABLE),
    ("T2-WEIGHT-MIN", D7X, {"build.weight.measured": "2760 kg"}, None, "build.weight.measured", PASS),
    ("T2-WEIGHT-MIN", D7X, {"build.weight.measured": "2755 kg"}, None, "build.weight.measured", MARGINAL),
    ("T2-WEIGHT-MIN", D7X, {"build.weight.measured": "2754 kg"}, None, "build.weight.measured", FAIL),
    ("T2-WEIGHT-MIN", D7X, {"build.weight.safety_equipment": "0.2 t"}, None, "build.weight.measured", FAIL),
    ("T2-CAGE-PLATE", D7X, {}, None, "build.safety.cage.identification_plate", PASS),
    ("T2-CAGE-PLATE", D7X, {"build.safety.cage.identification_plate": False}, None, "build.safety.cage.identification_plate", FAIL),
    ("T2-SEAT-STANDARD", D7X, {}, None, "build.safety.seats[1].standard", PASS),
    ("T2-SEAT-STANDARD", D7X, {"build.safety.seats[1].standard": "FIA 8855-2021"}, None, "build.safety.seats[1].standard", FAIL),
    ("T2-SEAT-8855-VALIDITY", D7X, {"build.safety.seats[0].standard": "FIA 8855-1999",
                                    "build.safety.seats[0].manufactured": dt.date(2021, 1, 2)}, None,
     "build.safety.seats[0].manufactured", PASS),
    ("T2-SEAT-8855-VALIDITY", D7X, {"build.safety.seats[0].standard": "FIA 8855-1999",
                                    "build.safety.seats[0].manufactured": dt.date(2021, 1, 1)}, None,
     "build.safety.seats[0].manufactured", FAIL),
    ("T2-SEAT-8855-VALIDITY", D7X, {}, None, "build.safety.seats[0].manufactured", NOT_APPLICABLE),
    ("T2-SEAT-8862-VALIDITY", D7X, {"build.safety.seats[1].manufactured": dt.date(2016, 1, 2)}, None,
     "build.safety.seats[1].manufactured", PASS),
    ("T2-SEAT-8862-VALIDITY", D7X, {"build.safety.seats[1].manufactured": dt.date(2015, 12, 31)}, None,
     "build.safety.seats[1].manufactured", FAIL),
    ("T2-HARNESS-STANDARD", D7X, {}, None, "build.safety.harnesses[0].standard", PASS),
    ("T2-HARNESS-STANDARD", D7X, {"build.safety.harnesses[0].standard": "FIA 8853/98"}, None, "build.safety.harnesses[0].standard", FAIL),
    ("T2-HARNESS-STANDARD", D7X, {"build.safety.harnesses[0].standard": "FIA 8853/98"}, dt.date(2022, 12, 31),
     "build.safety.harnesses[0].standard", NOT_APPLICABLE),
    ("T2-HARNESS-VALIDITY", D7X, {"build.safety.harnesses[1].expires": dt.date(2026, 1, 2)}, None, "build.safety.harnesses[1].expires", PASS),
    ("T2-HARNESS-VALIDITY", D7X, {"build.safety.harnesses[1].expires": dt.date(2026, 1, 1)}, None, "build.safety.harnesses[1].expires", FAIL),
    ("T2-HARNESS-VALIDITY", D7X, {}, dt.date(2030, 6, 1), "build.safety.harnesses[0].expires", FAIL),
    ("T2-EXTINGUISHER-FITTED", D7X, {}, None, "build.safety.extinguishers", PASS),
    ("T2-EXTINGUISHER-FITTED", D7X, {"build.safety.extinguishers": []}, None, "build.safety.extinguishers", FAIL),
    ("T2-EXTINGUISHER-LIST", D7X, {}, None, "build.safety.extinguishers[1].technical_list", PASS),
    ("T2-EXTINGUISHER-LIST", D7X, {"build.safety.extinguishers[1].technical_list": 17}, None, "build.safety.extinguishers[1].technical_list", FAIL),
    ("STK-DRIVETRAIN-LAYOUT", D7X, {}, None, "build.drivetrain.layout", PASS),
    ("STK-DRIVETRAIN-LAYOUT", D7X, {"build.drivetrain.layout": "4x2"}, None, "build.drivetrain.layout", FAIL),
    ("STK-GEARBOX", D7X, {}, None, "build.drivetrain.gearbox", PASS),
    ("STK-GEARBOX", D7X, {"build.drivetrain.gearbox": "6-speed sequential"}, None, "build.drivetrain.gearbox", FAIL),
    ("STK-RESTRICTOR-PER-TURBO", D7X, {}, None, "build.engine.restrictors", PASS),
    ("STK-RESTRICTOR-PER-TURBO", D7X, {"build.engine.restrictors": ["36 mm"]}, None, "build.engine.restrictors", FAIL),
    ("STK-RESTRICTOR-PER-TURBO", D7X, NATURAL, None, "build.engine.restrictors", NOT_APPLICABLE),
    ("STK-RESTRICTOR-PETROL-TURBO", D7X, {"build.engine.restrictors": ["36 mm", "38 mm"]}, None, "build.engine.restrictors[1]", PASS),
    ("STK-RESTRICTOR-PETROL-TURBO", D7X, {"build.engine.restrictors": ["36 mm", "38.1 mm"]}, None, "build.engine.restrictors[1]", MARGINAL),
    ("STK-RESTRICTOR-PETROL-TURBO", D7X, {"build.engine.restrictors": ["36 mm", "38.2 mm"]}, None, "build.engine.restrictors[1]", FAIL),
    ("STK-RESTRICTOR-PETROL-TURBO", D7X, DIESEL, None, "build.engine.restrictors[0]", NOT_APPLICABLE),
    ("STK-RESTRICTOR-DIESEL-TURBO", D7X, {**DIESEL, "build.engine.restrictors": ["40 mm", "40 mm"]}, None, "build.engine.restrictors[0]", PASS),
    ("STK-RESTRICTOR-DIESEL-TURBO", D7X, {**DIESEL, "build.engine.restrictors": ["41 mm", "40 mm"]}, None, "build.engine.restrictors[0]", FAIL),
    ("STK-RESTRICTOR-NATURAL", D7X, {**NATURAL, "build.engine.restrictors": ["50 mm"]}, None, "build.engine.restrictors[0]", PASS),
    ("STK-RESTRICTOR-NATURAL", D7X, {**NATURAL, "build.engine.restrictors": ["51 mm"]}, None, "build.engine.restrictors[0]", FAIL),
    ("STK-TRACK-FRONT", D7X, {"build.chassis.track_front": "1780 mm"}, None, "build.chassis.track_front", PASS),
    ("STK-TRACK-FRONT", D7X, {"build.chassis.track_front": "1782 mm"}, None, "build.chassis.track_front", MARGINAL),
    ("STK-TRACK-FRONT", D7X, {"build.chassis.track_front": "1783 mm"}, None, "build.chassis.track_front", FAIL),
    ("STK-TRACK-FRONT", D7X, {"production.chassis.track_front": "1600 mm"}, None, "build.chassis.track_front", FAIL),
    ("STK-TRACK-REAR", D7X, {"build.chassis.track_rear": "178 cm"}, None, "build.chassis.track_rear", PASS),
    ("STK-TRACK-REAR", D7X, {"build.chassis.track_rear": "1.79 m"}, None, "build.chassis.track_rear", FAIL),
    ("STK-WIDTH", D7X, {"build.chassis.width": "2165 mm"}, None, "build.chassis.width", PASS),
    ("STK-WIDTH", D7X, {"build.chassis.width": "2170 mm"}, None, "build.chassis.width", FAIL),
    ("STK-RIDE-HEIGHT", D7X, {"build.suspension.ride_height": "250 mm"}, None, "build.suspension.ride_height", PASS),
    ("STK-RIDE-HEIGHT", D7X, {"build.suspension.ride_height": "372 mm"}, None, "build.suspension.ride_height", MARGINAL),
    ("STK-RIDE-HEIGHT", D7X, {"build.suspension.ride_height": "380 mm"}, None, "build.suspension.ride_height", FAIL),
    ("STK-RIDE-HEIGHT", D7X, {"build.suspension.ride_height": "240 mm"}, None, "build.suspension.ride_height", FAIL),
    ("STK-TYRE-DIAMETER", D7X, {"build.wheels.tyre_diameter": "37 in"}, None, "build.wheels.tyre_diameter", PASS),
    ("STK-TYRE-DIAMETER", D7X, {"build.wheels.tyre_diameter": "37.5 in"}, None, "build.wheels.tyre_diameter", FAIL),
    ("STK-FUEL-TANK", D7X, {"build.fuel.tank_capacity": "600 L"}, None, "build.fuel.tank_capacity", PASS),
    ("STK-FUEL-TANK", D7X, {"build.fuel.tank_capacity": "601 L"}, None, "build.fuel.tank_capacity", FAIL),
]


@pytest.mark.parametrize(("rule_id", "spec", "patches", "on", "path", "verdict"), CASES,
                         ids=[f"{c[0]}-{c[5]}-{i}" for i, c in enumerate(CASES)])  # fmt: skip
def test_rule_gives_exact_finding(check_variant, rule_id, spec, patches, on, path, verdict) -> None:
    report = check_variant(spec, patches, on)
    found = [(f.rule_id, f.path, f.verdict) for f in report.findings if f.rule_id == rule_id and f.path == path]
    assert found == [(rule_id, path, verdict)]


def test_every_bundled_rule_has_a_passing_and_a_failing_case(stock) -> None:
    covered = {(c[0], c[5]) for c in CASES}
    missing = [(r.id, v) for r in stock.rules for v in (PASS, FAIL) if (r.id, v) not in covered]
    assert missing == []


def test_a_failing_finding_points_at_the_line_and_column_of_the_value(check_variant, tmp_path) -> None:
    report = check_variant(D7X, {"build.chassis.track_front": "1800 mm"})
    (finding,) = [f for f in report.findings if f.rule_id == "STK-TRACK-FRONT"]
    assert (finding.verdict, finding.measured, finding.limit, finding.margin) == (FAIL, "1800 mm", "≤ 1780 mm", "-20 mm")
    assert finding.derivation == "production.chassis.track_front + 80 mm, with production.chassis.track_front = 1700 mm"
    lines = (tmp_path / D7X).read_text("utf-8").splitlines()
    line = lines[finding.line - 1]
    assert line[finding.column - 1 :] == "1800 mm"
    assert line.strip() == "track_front: 1800 mm"
