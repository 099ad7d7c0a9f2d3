"""Spec model errors: one exact, actionable ``file:line:column: field: message`` per bad spec.

Every case edits one line of BASE, a copy of specs/defender-d7x-r.yaml without its comments (so the
line numbers below stay put when the example's comments change), writes it to tmp_path and loads it
with checker.spec.load_spec(path, "spec.yaml").
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from checker.errors import InputError
from checker.spec.load import load_spec

REPO = Path(__file__).resolve().parents[1]

BASE = """\
spec_version: 1
vehicle:
  make: Land Rover
  model: Defender Dakar D7X-R
  homologation_form: T2-ILLUSTRATIVE-0001
  class: T2 Stock
  entry: Defender Rally (illustrative entry)
  sources: Public reports of the Dakar 2026 car; absolute dimensions, weights and dates illustrative.
production:
  engine:
    block: 4.4 L twin-turbo V8 (BMW-derived)
    displacement: 4.4 L
    cylinders: 8
    aspiration: turbo
    turbos: 2
    fuel: petrol
  drivetrain:
    layout: 4x4
    gearbox: 8-speed automatic
    gears: 8
  chassis:
    bodyshell: D7x aluminium monocoque (Defender 110)
    wheelbase: 3022 mm
    track_front: 1700 mm
    track_rear: 1700 mm
    width: 2065 mm
  suspension:
    ride_height: 250 mm
    dampers_per_wheel: {front: 1, rear: 1}
  wheels:
    tyre_diameter: 33 in
    tyre_width: 275 mm
    rim_diameter: 20 in
  fuel:
    tank_capacity: 90 L
  weight:
    homologated: 2610 kg
build:
  engine:
    block: 4.4 L twin-turbo V8 (BMW-derived)
    displacement: 4.4 L
    cylinders: 8
    aspiration: turbo
    turbos: 2
    fuel: petrol
    restrictors: [36 mm, 36 mm]
  drivetrain:
    layout: 4x4
    gearbox: 8-speed automatic
    gears: 8
  chassis:
    bodyshell: D7x aluminium monocoque (Defender 110)
    wheelbase: 3022 mm
    track_front: 1760 mm
    track_rear: 1760 mm
    width: 2140 mm
  suspension:
    ride_height: 330 mm
    dampers_per_wheel: {front: 1, rear: 2}
    production_mounting_points: true
  wheels:
    tyre_diameter: 35 in
    tyre_width: 315 mm
    rim_diameter: 17 in
    spare_wheels: 3
  fuel:
    tank_capacity: 550 L
    safety_tank: FT3.5
    aviation_lines: true
  weight:
    measured: 2790 kg
    safety_equipment: 150 kg
  air_intake:
    opening_diameter: 95 mm
    tube_inner_diameter: 90 mm
    draws_from_cockpit: false
    housing_in_original_place: true
  safety:
    cage:
      certificate: ILLUSTRATIVE-CAGE-2025-017
      identification_plate: true
    seats:
      - {standard: FIA 8862-2009, manufactured: 2025-05-12}
      - {standard: FIA 8862-2009, manufactured: 2025-05-12}
    harnesses:
      - {standard: FIA 8853-2016, expires: 2030-05-31}
      - {standard: FIA 8853-2016, expires: 2030-05-31}
    extinguishers:
      - {technical_list: 16, system: plumbed-in}
      - {technical_list: 52, system: hand-held}
"""


def edited(line: int, old: str, new: str | None) -> str:
    """BASE with its 1-based ``line`` (which must read ``old``) replaced by ``new`` (None: removed)."""
    lines = BASE.splitlines()
    assert lines[line - 1] == old, f"BASE line {line} is {lines[line - 1]!r}"
    if new is None:
        del lines[line - 1]
    else:
        lines[line - 1] = new
    return "\n".join(lines) + "\n"


def load(tmp_path: Path, text: str):
    path = tmp_path / "spec.yaml"
    path.write_text(text, encoding="utf-8")
    return load_spec(path, "spec.yaml")


def error_of(tmp_path: Path, text: str) -> str:
    with pytest.raises(InputError) as info:
        load(tmp_path, text)
    return str(info.value)


def check(tmp_path: Path, line: int, old: str, new: str | None, message: str) -> None:
    assert error_of(tmp_path, edited(line, old, new)) == message


# --- the starting point is valid -------------------------------------------------------------------


def test_base_copy_loads(tmp_path: Path) -> None:
    loaded = load(tmp_path, BASE)
    assert loaded.file == "spec.yaml"
    spec = loaded.spec
    assert spec.spec_version == 1
    assert spec.vehicle.vehicle_class == "T2 Stock"  # written as 'class'
    assert spec.build.chassis.track_front == 1760.0
    assert spec.build.wheels.tyre_diameter == 889.0  # 35 in, in mm
    assert spec.build.engine.displacement == 4.4
    assert spec.build.engine.restrictors == [36.0, 36.0]
    assert spec.build.safety.seats[0].manufactured == 2025  # spec_version 1 wrote a date: read as its year
    assert spec.build.safety.seats[0].not_valid_after is None


# --- spec_version 2 and version 1 --------------------------------------------------------------------

SEAT_LINE = 83  # in BASE: "      - {standard: FIA 8862-2009, manufactured: 2025-05-12}"
V2_SEAT = "      - {standard: FIA 8862-2009, manufactured: 2025, not_valid_after: 2035}"


def test_version_2_reads_the_label_year_and_the_new_fields(tmp_path: Path) -> None:
    text = edited(1, "spec_version: 1", "spec_version: 2")
    text = text.replace(BASE.splitlines()[SEAT_LINE - 1] + "\n", V2_SEAT + "\n", 1)
    text = text.replace("    aviation_lines: true\n", "    aviation_lines: true\n"
                        "    safety_tank_manufactured: 2025-06-01\n    safety_tank_recertified_until: 2031-06-01\n")
    text = text.replace("    housing_in_original_place: true\n",
                        "    housing_in_original_place: true\n    in_engine_compartment: true\n")
    spec = load(tmp_path, text).spec
    assert spec.spec_version == 2
    assert (spec.build.safety.seats[0].manufactured, spec.build.safety.seats[0].not_valid_after) == (2025, 2035)
    assert (spec.build.safety.seats[1].manufactured, spec.build.safety.seats[1].not_valid_after) == (2025, None)
    assert spec.build.fuel.safety_tank_manufactured == dt.date(2025, 6, 1)
    assert spec.build.fuel.safety_tank_recertified_until == dt.date(2031, 6, 1)
    assert spec.build.air_intake.in_engine_compartment is True


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("    aviation_lines: true", "    aviation_lines: true\n    safety_tank_manufactured: 2025-06-01",
         "spec.yaml:70:5: build.fuel.safety_tank_manufactured: a spec_version 2 field: write 'spec_version: 2' at the "
         "top of the spec"),
        ("    aviation_lines: true", "    aviation_lines: true\n    safety_tank_recertified_until: null",
         "spec.yaml:70:5: build.fuel.safety_tank_recertified_until: a spec_version 2 field: write 'spec_version: 2' "
         "at the top of the spec"),
        ("    housing_in_original_place: true", "    housing_in_original_place: true\n    in_engine_compartment: true",
         "spec.yaml:78:5: build.air_intake.in_engine_compartment: a spec_version 2 field: write 'spec_version: 2' at "
         "the top of the spec"),
        ("      - {standard: FIA 8862-2009, manufactured: 2025-05-12}", V2_SEAT,
         "spec.yaml:83:55: build.safety.seats[0].not_valid_after: a spec_version 2 field: write 'spec_version: 2' at "
         "the top of the spec"),
    ],
    ids=["tank-date", "tank-recertified-null", "intake", "seat-label"],
)
def test_a_version_2_field_in_a_version_1_spec_is_refused_at_it(tmp_path: Path, old: str, new: str,
                                                                 message: str) -> None:  # fmt: skip
    assert BASE.count(old + "\n") >= 1
    assert error_of(tmp_path, BASE.replace(old + "\n", new + "\n", 1)) == message


def test_without_spec_version_a_spec_is_version_1(tmp_path: Path) -> None:
    text = edited(1, "spec_version: 1", None).replace(
        "    housing_in_original_place: true\n",
        "    housing_in_original_place: true\n    in_engine_compartment: true\n")
    assert error_of(tmp_path, text) == (
        "spec.yaml:77:5: build.air_intake.in_engine_compartment: a spec_version 2 field: write 'spec_version: 2' at "
        "the top of the spec")


@pytest.mark.parametrize(
    ("written", "message"),
    [
        ("manufactured: spring", "expected a year such as 2021, got the text 'spring'"),
        ("manufactured: '2025'", "expected a year such as 2021, got the text '2025' (remove the quotes)"),
        ("manufactured: 2025.0", "expected a year such as 2021, got 2025.0"),
        ("manufactured: true", "expected a year such as 2021, got true"),
        ("manufactured: 10000", "expected at most 9999, got 10000"),
        ("manufactured: 0", "expected at least 1, got 0"),
        ("manufactured: 2025-05-12 10:00:00",
         "expected a year such as 2021, got the date and time 2025-05-12 10:00:00"),
    ],
)
def test_a_seat_year_that_is_not_one_is_refused(tmp_path: Path, written: str, message: str) -> None:
    text = BASE.replace("manufactured: 2025-05-12}", written + "}", 1)
    assert error_of(tmp_path, text) == f"spec.yaml:83:49: build.safety.seats[0].manufactured: {message}"


def test_example_spec_in_the_repository_loads() -> None:
    loaded = load_spec(REPO / "specs" / "defender-d7x-r.yaml", "specs/defender-d7x-r.yaml")
    assert loaded.file == "specs/defender-d7x-r.yaml"
    assert loaded.spec.vehicle.make == "Land Rover"


@pytest.mark.parametrize(
    ("line", "old", "new", "check_value"),
    [
        (71, "    measured: 2790 kg", "    measured: 2,790 kg", lambda s: s.build.weight.measured == 2790.0),
        (71, "    measured: 2790 kg", "    measured: 2.79 t", lambda s: s.build.weight.measured == 2790.0),
        (41, "    displacement: 4.4 L", "    displacement: 4400 cc", lambda s: s.build.engine.displacement == 4.4),
        (5, "  homologation_form: T2-ILLUSTRATIVE-0001", "  homologation_form: 1234",
         lambda s: s.vehicle.homologation_form == "1234"),
        (7, "  entry: Defender Rally (illustrative entry)", "  entry: 204", lambda s: s.vehicle.entry == "204"),
        (68, "    safety_tank: FT3.5", "    safety_tank:", lambda s: s.build.fuel.safety_tank is None),
        (1, "spec_version: 1", None, lambda s: s.spec_version == 1),
    ],
    ids=["thousands", "tonnes", "cc", "form-number", "entry-number", "empty-optional", "no-spec-version"],
)
def test_accepted_variants(tmp_path: Path, line: int, old: str, new: str | None, check_value) -> None:
    assert check_value(load(tmp_path, edited(line, old, new)).spec)


# --- unknown fields: at the key, with a suggestion -------------------------------------------------


@pytest.mark.parametrize(
    ("line", "old", "new", "message"),
    [
        (56, "    width: 2140 mm", "    width: 2140 mm\n    trak_front: 1760 mm",
         "spec.yaml:57:5: build.chassis.trak_front: unknown field (did you mean 'track_front'?)"),
        (56, "    width: 2140 mm", "    width: 2140 mm\n    colour: red",
         "spec.yaml:57:5: build.chassis.colour: unknown field"),
        (6, "  class: T2 Stock", "  class: T2 Stock\n  clas: T2 Stock",
         "spec.yaml:7:3: vehicle.clas: unknown field (did you mean 'class'?)"),
        (1, "spec_version: 1", "spec_verison: 1",
         "spec.yaml:1:1: spec_verison: unknown field (did you mean 'spec_version'?)"),
        (38, "build:", "colour: red\nbuild:", "spec.yaml:38:1: colour: unknown field"),
        (59, "    dampers_per_wheel: {front: 1, rear: 2}", "    dampers_per_wheel: {front: 1, rear: 2, middle: 1}",
         "spec.yaml:59:44: build.suspension.dampers_per_wheel.middle: unknown field"),
        (84, "      - {standard: FIA 8862-2009, manufactured: 2025-05-12}",
         "      - {standard: FIA 8862-2009, manufactured: 2025-05-12, colour: red}",
         "spec.yaml:84:61: build.safety.seats[1].colour: unknown field"),
    ],
    ids=["typo-added", "no-suggestion", "alias-typo", "top-level-typo", "top-level", "flow-mapping", "list-item"],
)
def test_unknown_field_is_reported_at_its_key(tmp_path: Path, line: int, old: str, new: str, message: str) -> None:
    check(tmp_path, line, old, new, message)


@pytest.mark.parametrize(
    ("line", "old", "new", "message"),
    [
        (54, "    track_front: 1760 mm", "    trak_front: 1760 mm",
         "spec.yaml:54:5: build.chassis.trak_front: unknown field (did you mean 'track_front'?)"),
        (3, "  make: Land Rover", "  mkae: Land Rover",
         "spec.yaml:3:3: vehicle.mkae: unknown field (did you mean 'make'?)"),
        (89, "      - {technical_list: 16, system: plumbed-in}", "      - {technical_list: 16, sytem: plumbed-in}",
         "spec.yaml:89:30: build.safety.extinguishers[0].sytem: unknown field (did you mean 'system'?)"),
        (38, "build:", "buidl:", "spec.yaml:38:1: buidl: unknown field (did you mean 'build'?)"),
    ],
    ids=["track_front", "make", "flow-mapping", "top-level"],
)
def test_misspelt_required_field_is_reported_as_unknown_with_a_suggestion(
    tmp_path: Path, line: int, old: str, new: str, message: str
) -> None:
    check(tmp_path, line, old, new, message)


def test_class_is_the_spelling_of_vehicle_class(tmp_path: Path) -> None:
    assert load(tmp_path, BASE).spec.vehicle.vehicle_class == "T2 Stock"
    assert "vehicle_class:" not in BASE
    assert "  class: T2 Stock\n" in BASE


def test_vehicle_class_instead_of_class_suggests_class(tmp_path: Path) -> None:
    check(tmp_path, 6, "  class: T2 Stock", "  vehicle_class: T2 Stock",
          "spec.yaml:6:3: vehicle.vehicle_class: unknown field (did you mean 'class'?)")


def test_vehicle_class_beside_class_suggests_class(tmp_path: Path) -> None:
    check(tmp_path, 6, "  class: T2 Stock", "  class: T2 Stock\n  vehicle_class: T2 Stock",
          "spec.yaml:7:3: vehicle.vehicle_class: unknown field (did you mean 'class'?)")


# --- missing required fields: at the parent's key --------------------------------------------------


@pytest.mark.parametrize(
    ("line", "old", "message"),
    [
        (3, "  make: Land Rover", "spec.yaml:2:1: vehicle: missing required field 'make'"),
        (6, "  class: T2 Stock", "spec.yaml:2:1: vehicle: missing required field 'class'"),
        (54, "    track_front: 1760 mm", "spec.yaml:51:3: build.chassis: missing required field 'track_front'"),
        (67, "    tank_capacity: 550 L", "spec.yaml:66:3: build.fuel: missing required field 'tank_capacity'"),
        (26, "    width: 2065 mm", "spec.yaml:21:3: production.chassis: missing required field 'width'"),
    ],
)
def test_missing_required_field_points_at_the_parent_key(tmp_path: Path, line: int, old: str, message: str) -> None:
    check(tmp_path, line, old, None, message)


def test_missing_required_field_in_a_flow_mapping(tmp_path: Path) -> None:
    check(tmp_path, 59, "    dampers_per_wheel: {front: 1, rear: 2}", "    dampers_per_wheel: {front: 1}",
          "spec.yaml:59:5: build.suspension.dampers_per_wheel: missing required field 'rear'")


def test_missing_section(tmp_path: Path) -> None:
    text = BASE.replace(
        "  air_intake:\n    opening_diameter: 95 mm\n    tube_inner_diameter: 90 mm\n"
        "    draws_from_cockpit: false\n    housing_in_original_place: true\n",
        "",
    )
    assert text != BASE
    assert error_of(tmp_path, text) == "spec.yaml:38:1: build: missing required field 'air_intake'"


def test_missing_top_level_section_points_at_the_start(tmp_path: Path) -> None:
    text = BASE[: BASE.index("build:\n")]
    assert error_of(tmp_path, text) == "spec.yaml:1:1: the spec: missing required field 'build'"


# --- wrong types -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "old", "new", "message"),
    [
        (42, "    cylinders: 8", "    cylinders: eight",
         "spec.yaml:42:16: build.engine.cylinders: expected a whole number, got the text 'eight'"),
        (50, "    gears: 8", "    gears: 8.5",
         "spec.yaml:50:12: build.drivetrain.gears: expected a whole number, got 8.5"),
        (54, "    track_front: 1760 mm", "    track_front: 1760",
         'spec.yaml:54:18: build.chassis.track_front: expected a length such as "1760 mm", got 1760 '
         "(a number needs its unit)"),
        (24, "    track_front: 1700 mm", "    track_front: 1700.5",
         'spec.yaml:24:18: production.chassis.track_front: expected a length such as "1760 mm", got 1700.5 '
         "(a number needs its unit)"),
        (41, "    displacement: 4.4 L", "    displacement: 4400",
         'spec.yaml:41:19: build.engine.displacement: expected a volume such as "4395 cc", got 4400 '
         "(a number needs its unit)"),
        (54, "    track_front: 1760 mm", "    track_front: 36 L",
         "spec.yaml:54:18: build.chassis.track_front: expected a length such as \"1760 mm\", got '36 L' "
         "('L' is a unit of volume)"),
        (46, "    restrictors: [36 mm, 36 mm]", "    restrictors: [36 mm, 36 L]",
         "spec.yaml:46:26: build.engine.restrictors[1]: expected a length such as \"36 mm\", got '36 L' "
         "('L' is a unit of volume)"),
        (54, "    track_front: 1760 mm", "    track_front: 1760 furlongs",
         "spec.yaml:54:18: build.chassis.track_front: expected a length such as \"1760 mm\", got '1760 furlongs' "
         "(unknown unit 'furlongs')"),
        (59, "    dampers_per_wheel: {front: 1, rear: 2}", "    dampers_per_wheel: [1, 2]",
         "spec.yaml:59:24: build.suspension.dampers_per_wheel: expected a mapping, got a list"),
        (59, "    dampers_per_wheel: {front: 1, rear: 2}", "    dampers_per_wheel: 2",
         "spec.yaml:59:24: build.suspension.dampers_per_wheel: expected a mapping, got 2"),
        (79, "    cage:", "    cage: ILLUSTRATIVE-CAGE-2025-017\n    old_cage:",
         "spec.yaml:79:11: build.safety.cage: expected a mapping, got the text 'ILLUSTRATIVE-CAGE-2025-017'\n"
         "spec.yaml:80:5: build.safety.old_cage: unknown field (did you mean 'cage'?)"),
        (82, "    seats:", "    seats: {standard: FIA 8862-2009, manufactured: 2025-05-12}\n    old_seats:",
         "spec.yaml:82:12: build.safety.seats: expected a list, got a mapping\n"
         "spec.yaml:83:5: build.safety.old_seats: unknown field (did you mean 'seats'?)"),
        (46, "    restrictors: [36 mm, 36 mm]", "    restrictors: 36 mm",
         "spec.yaml:46:18: build.engine.restrictors: expected a list, got the text '36 mm'"),
        (83, "      - {standard: FIA 8862-2009, manufactured: 2025-05-12}", "      - FIA 8862-2009",
         "spec.yaml:83:9: build.safety.seats[0]: expected a mapping, got the text 'FIA 8862-2009'"),
        (3, "  make: Land Rover", "  make: [Land, Rover]", "spec.yaml:3:9: vehicle.make: expected text, got a list"),
        (3, "  make: Land Rover", "  make: true", "spec.yaml:3:9: vehicle.make: expected text, got true"),
        (3, "  make: Land Rover", "  make:", "spec.yaml:3:8: vehicle.make: expected text, got nothing"),
        (5, "  homologation_form: T2-ILLUSTRATIVE-0001", "  homologation_form: 12.5",
         "spec.yaml:5:22: vehicle.homologation_form: expected text, got 12.5"),
        (60, "    production_mounting_points: true", "    production_mounting_points: 1",
         "spec.yaml:60:33: build.suspension.production_mounting_points: expected true or false, got 1"),
        (9, "production:", "production: ~\nold_production:",
         "spec.yaml:9:13: production: expected a mapping, got nothing\n"
         "spec.yaml:10:1: old_production: unknown field (did you mean 'production'?)"),
        (1, "spec_version: 1", "spec_version: 3",
         "spec.yaml:1:15: spec_version: expected 1 or 2 (the spec formats this homologate reads), got 3"),
    ],
    ids=[
        "text-for-count", "fraction-for-count", "bare-number-for-length", "bare-decimal-for-length",
        "bare-number-for-volume", "volume-for-length", "volume-in-list", "unknown-unit", "list-for-mapping",
        "number-for-mapping", "text-for-mapping", "mapping-for-list", "text-for-list", "text-for-list-item",
        "list-for-text", "bool-for-text", "nothing-for-text", "decimal-for-text", "number-for-bool",
        "nothing-for-section", "spec-version",
    ],
)
def test_wrong_type(tmp_path: Path, line: int, old: str, new: str, message: str) -> None:
    check(tmp_path, line, old, new, message)


@pytest.mark.parametrize(
    ("new", "message"),
    [
        ("    track_front: [1760 mm]",
         'spec.yaml:54:18: build.chassis.track_front: expected a length such as "1760 mm", got a list'),
        ("    track_front: true",
         'spec.yaml:54:18: build.chassis.track_front: expected a length such as "1760 mm", got true'),
        ("    track_front:",
         'spec.yaml:54:17: build.chassis.track_front: expected a length such as "1760 mm", got nothing'),
    ],
    ids=["list", "true", "nothing"],
)
def test_quantity_of_the_wrong_kind_says_what_it_got(tmp_path: Path, new: str, message: str) -> None:
    check(tmp_path, 54, "    track_front: 1760 mm", new, message)


@pytest.mark.parametrize(
    ("line", "old", "new", "message"),
    [
        (60, "    production_mounting_points: true", "    production_mounting_points: 'true'",
         "spec.yaml:60:33: build.suspension.production_mounting_points: expected true or false, "
         "got the text 'true' (remove the quotes)"),
        (65, "    spare_wheels: 3", "    spare_wheels: '3'",
         "spec.yaml:65:19: build.wheels.spare_wheels: expected a whole number, got the text '3' (remove the quotes)"),
        (87, "      - {standard: FIA 8853-2016, expires: 2030-05-31}",
         "      - {standard: FIA 8853-2016, expires: '2030-05-31'}",
         "spec.yaml:87:44: build.safety.harnesses[1].expires: expected a date such as 2026-01-03, "
         "got the text '2030-05-31' (remove the quotes)"),
    ],
    ids=["bool", "count", "date"],
)  # fmt: skip
def test_quoted_value_is_explained_as_quoted_text(tmp_path: Path, line: int, old: str, new: str, message: str) -> None:
    check(tmp_path, line, old, new, message)


@pytest.mark.parametrize(
    ("line", "old", "new", "message"),
    [
        (60, "    production_mounting_points: true", "    production_mounting_points: yes",
         "spec.yaml:60:33: build.suspension.production_mounting_points: expected true or false, got the text 'yes'"),
        (42, "    cylinders: 8", "    cylinders: '8.5'",
         "spec.yaml:42:16: build.engine.cylinders: expected a whole number, got the text '8.5'"),
    ],
    ids=["yes-for-bool", "quoted-fraction-for-count"],
)  # fmt: skip
def test_quotes_are_not_blamed_when_removing_them_would_not_help(
    tmp_path: Path, line: int, old: str, new: str, message: str
) -> None:
    check(tmp_path, line, old, new, message)


# --- impossible values -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "old", "new", "message"),
    [
        (54, "    track_front: 1760 mm", "    track_front: -5 mm",
         "spec.yaml:54:18: build.chassis.track_front: expected a length above 0 and at most 10000 mm, got '-5 mm'"),
        (54, "    track_front: 1760 mm", "    track_front: 0 mm",
         "spec.yaml:54:18: build.chassis.track_front: expected a length above 0 and at most 10000 mm, got '0 mm'"),
        (54, "    track_front: 1760 mm", "    track_front: 1e999 mm",
         "spec.yaml:54:18: build.chassis.track_front: expected a length such as \"1760 mm\", got '1e999 mm' "
         "(too large a number)"),
        (53, "    wheelbase: 3022 mm", "    wheelbase: 40 m",
         "spec.yaml:53:16: build.chassis.wheelbase: expected a length above 0 and at most 10000 mm, got '40 m'"),
        (46, "    restrictors: [36 mm, 36 mm]", "    restrictors: [600 mm]",
         "spec.yaml:46:19: build.engine.restrictors[0]: expected a length above 0 and at most 500 mm, got '600 mm'"),
        (41, "    displacement: 4.4 L", "    displacement: 44 L",
         "spec.yaml:41:19: build.engine.displacement: expected a volume above 0 and at most 20000 cc, got '44 L'"),
        (62, "    tyre_diameter: 35 in", "    tyre_diameter: 90 in",
         "spec.yaml:62:20: build.wheels.tyre_diameter: expected a length above 0 and at most 78.74 in, got '90 in'"),
        (67, "    tank_capacity: 550 L", "    tank_capacity: 5500 L",
         "spec.yaml:67:20: build.fuel.tank_capacity: expected a volume above 0 and at most 5000 L, got '5500 L'"),
        (71, "    measured: 2790 kg", "    measured: 60 t",
         "spec.yaml:71:15: build.weight.measured: expected a mass above 0 and at most 50000 kg, got '60 t'"),
        (42, "    cylinders: 8", "    cylinders: 20",
         "spec.yaml:42:16: build.engine.cylinders: expected at most 16, got 20"),
        (42, "    cylinders: 8", "    cylinders: 0",
         "spec.yaml:42:16: build.engine.cylinders: expected at least 1, got 0"),
        (44, "    turbos: 2", "    turbos: 5", "spec.yaml:44:13: build.engine.turbos: expected at most 4, got 5"),
        (65, "    spare_wheels: 3", "    spare_wheels: -1",
         "spec.yaml:65:19: build.wheels.spare_wheels: expected at least 0, got -1"),
        (89, "      - {technical_list: 16, system: plumbed-in}", "      - {technical_list: 0, system: plumbed-in}",
         "spec.yaml:89:26: build.safety.extinguishers[0].technical_list: expected at least 1, got 0"),
    ],
    ids=[
        "negative-length", "zero-length", "infinite-length", "40-m-wheelbase", "600-mm-restrictor", "44-L-engine",
        "90-in-tyre", "5500-L-tank", "60-t-car", "20-cylinders", "0-cylinders", "5-turbos", "negative-spares",
        "technical-list-0",
    ],
)
def test_impossible_value(tmp_path: Path, line: int, old: str, new: str, message: str) -> None:
    check(tmp_path, line, old, new, message)




@pytest.mark.parametrize(
    ("line", "old", "new", "message"),
    [
        pytest.param(3, "  make: Land Rover", "  make: ''",
                     "spec.yaml:3:9: vehicle.make: expected text of at least 1 character(s), got an empty text",
                     id="empty-text"),
        pytest.param(3, "  make: Land Rover", "  make: " + "x" * 300,
                     "spec.yaml:3:9: vehicle.make: expected text of at most 200 characters, got the text '"
                     + "x" * 37 + "...'",
                     id="long-text"),
        pytest.param(46, "    restrictors: [36 mm, 36 mm]", "    restrictors: [36 mm, 36 mm, 36 mm, 36 mm, 36 mm]",
                     "spec.yaml:46:18: build.engine.restrictors: expected at most 4 items, got a list", id="long-list"),
    ],
)  # fmt: skip
def test_length_limits_are_in_plain_words(tmp_path: Path, line: int, old: str, new: str, message: str) -> None:
    check(tmp_path, line, old, new, message)


# --- enumerations ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "old", "new", "message"),
    [
        (43, "    aspiration: turbo", "    aspiration: turbocharged",
         "spec.yaml:43:17: build.engine.aspiration: expected one of 'natural', 'turbo' or 'supercharged', "
         "got the text 'turbocharged'"),
        (45, "    fuel: petrol", "    fuel: Petrol",
         "spec.yaml:45:11: build.engine.fuel: expected one of 'petrol' or 'diesel', got the text 'Petrol'"),
        (18, "    layout: 4x4", "    layout: 6x6",
         "spec.yaml:18:13: production.drivetrain.layout: expected one of '4x4' or '4x2', got the text '6x6'"),
        (89, "      - {technical_list: 16, system: plumbed-in}", "      - {technical_list: 16, system: plumbed}",
         "spec.yaml:89:38: build.safety.extinguishers[0].system: expected one of 'plumbed-in' or 'hand-held', "
         "got the text 'plumbed'"),
    ],
)
def test_value_outside_the_allowed_set_lists_the_allowed_values(
    tmp_path: Path, line: int, old: str, new: str, message: str
) -> None:
    check(tmp_path, line, old, new, message)


# --- dates -----------------------------------------------------------------------------------------

HARNESS = "      - {standard: FIA 8853-2016, expires: 2030-05-31}"


@pytest.mark.parametrize(
    ("expires", "message"),
    [
        ("2030-02-30", "spec.yaml:87:44: '2030-02-30' is not a valid date"),
        ("31/05/2030",
         "spec.yaml:87:44: build.safety.harnesses[1].expires: expected a date such as 2026-01-03, "
         "got the text '31/05/2030'"),
        ("2030", "spec.yaml:87:44: build.safety.harnesses[1].expires: expected a date such as 2026-01-03, got 2030"),
        (
            "2030-05-31 10:00:00",
            "spec.yaml:87:44: build.safety.harnesses[1].expires: expected a date such as 2026-01-03, "
            "got the date and time 2030-05-31 10:00:00",
        ),
    ],
    ids=["no-such-day", "day-first", "year-only", "date-and-time"],
)
def test_bad_date(tmp_path: Path, expires: str, message: str) -> None:
    check(tmp_path, 87, HARNESS, HARNESS.replace("2030-05-31", expires), message)


# --- the document as a whole -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("- a\n- b\n", "spec.yaml:1:1: expected a build spec (a YAML mapping), got a list"),
        ("just text\n", "spec.yaml:1:1: expected a build spec (a YAML mapping), got a text"),
        ("42\n", "spec.yaml:1:1: expected a build spec (a YAML mapping), got a number"),
        ("~\n", "spec.yaml:1:1: expected a build spec (a YAML mapping), got nothing"),
        ("", "spec.yaml:1:1: the file is empty: expected a YAML mapping"),
    ],
    ids=["list", "text", "number", "null", "empty"],
)
def test_top_level_must_be_a_mapping(tmp_path: Path, text: str, message: str) -> None:
    assert error_of(tmp_path, text) == message


def test_every_error_in_the_file_is_reported_in_order(tmp_path: Path) -> None:
    text = edited(54, "    track_front: 1760 mm", "    track_front: 1760")
    lines = text.splitlines()
    lines[41] = "    cylinders: eight"  # line 42, before line 54
    assert error_of(tmp_path, "\n".join(lines) + "\n") == (
        "spec.yaml:42:16: build.engine.cylinders: expected a whole number, got the text 'eight'\n"
        "spec.yaml:54:18: build.chassis.track_front: expected a length such as \"1760 mm\", got 1760 (a number needs "
        "its unit)"
    )


def test_yaml_errors_come_through_with_the_display_name(tmp_path: Path) -> None:
    check(tmp_path, 54, "    track_front: 1760 mm", "    track_front: 1760 mm\n    track_front: 1770 mm",
          "spec.yaml:55:5: duplicate key 'track_front' (first given on line 54)")
