"""The JSON Schemas of the three documents (``homologate schema spec|ruleset|report``).

* checker/schemas/spec.schema.json is exactly what generation from the pydantic model gives now;
* every bundled spec and ruleset validates against its schema, and names that schema in its first line
  (the yaml-language-server modeline editors read), by a path that resolves;
* the spec schema and the loader agree on wrong input: each mutation of a bundled spec below is refused
  by both (the loader's exact line, the schema's exact keywords), each valid variant accepted by both;
  what JSON Schema cannot say is pinned too, so the list in checker/jsonschemas.py stays true;
* a quantity's pattern accepts exactly the texts checker.spec.quantity.parse_quantity reads in that dimension;
* the command's exact output, ``-o``, and its one-line usage errors.

The JSON reports in tests/golden are not validated here: test_outputs.py validates the very outputs
they are byte-for-byte copies of (test_json_is_valid_against_the_report_schema, test_golden).
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from checker import units
from checker.read.document import load_file
from checker.read.schema import jsonable
from checker.spec.load import load_spec
from checker.spec.quantity import expected, parse_quantity
from checker.text import dotted
from checker.tools import schemas as jsonschemas
from tests.helpers import assert_one_input_error, assert_usage_error, run_cli

ROOT = Path(__file__).resolve().parent.parent
SCHEMAS = ROOT / "checker" / "schemas"
EXAMPLE = ROOT / "specs" / "defender-d7x-r.yaml"
BUNDLED = [(path, "spec") for path in sorted((ROOT / "specs").glob("*.yaml"))] + [
    (path, "ruleset") for path in sorted((ROOT / "rules").glob("*.yaml"))
] + [
    (path, "form") for path in sorted((ROOT / "forms").glob("*.yaml"))
]
MODELINE = re.compile(r"# yaml-language-server: \$schema=(\S+)")


def validator(name: str) -> jsonschema.Draft202012Validator:
    schema = json.loads((SCHEMAS / f"{name}.schema.json").read_text("utf-8"))
    return jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())


def schema_errors(path: Path, name: str) -> list[tuple[str, str]]:
    """(path in the document, JSON Schema keyword) of each violation, as the project's loader reads the YAML."""
    data = jsonable(load_file(path).data)
    return sorted((dotted(tuple(e.absolute_path)), str(e.validator)) for e in validator(name).iter_errors(data))


# --- the shipped files ---------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["spec", "form"])
def test_the_shipped_schema_is_what_the_model_gives(name: str) -> None:
    shipped = json.loads((SCHEMAS / f"{name}.schema.json").read_text("utf-8"))  # as data: key order is pydantic's
    regenerate = f"homologate schema {name} -o checker/schemas/{name}.schema.json"
    assert shipped == jsonschemas.schema(name), f"the {name} model changed: run `{regenerate}`"


@pytest.mark.parametrize("name", list(jsonschemas.SCHEMAS))
def test_each_schema_is_draft_2020_12_and_named_for_its_file(name: str) -> None:
    schema = jsonschemas.schema(name)
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$id"] == f"https://homologate.dev/schemas/{name}.schema.json"
    assert schema == json.loads((SCHEMAS / f"{name}.schema.json").read_text("utf-8"))


def test_the_spec_schema_says_what_the_model_holds() -> None:
    schema = jsonschemas.schema("spec")
    defs = schema["$defs"]
    assert schema["title"] == "homologate build spec"
    assert schema["properties"]["spec_version"] == {
        "default": 1, "enum": [1, 2], "title": "Spec Version", "type": "integer",
        "description": "version of this file's format: 2 (1, without the fields marked spec_version 2, is still "
                       "read)"}  # fmt: skip
    assert "class" in defs["Identity"]["properties"]
    assert "vehicle_class" not in defs["Identity"]["properties"]
    assert defs["Identity"]["properties"]["homologation_form"] == {
        "description": "number of the FIA homologation form", "maxLength": 200, "minLength": 1,
        "title": "Homologation Form", "type": ["string", "integer"]}  # fmt: skip
    assert defs["Chassis"]["properties"]["track_front"] == {
        "$ref": "#/$defs/length", "description": 'a length with its unit, such as "1760 mm"; above 0, at most 10000 mm',
        "examples": ["1760 mm"], "title": "Track Front"}  # fmt: skip
    assert defs["Seat"]["properties"]["manufactured"] == {  # null until filled in (homologate init)
        "anyOf": [{"anyOf": [{"type": "integer", "minimum": 1, "maximum": 9999}, {"type": "string", "format": "date"}],
                   "examples": [2021]},
                  {"type": "null", "description": "not filled in yet: every rule that reads it fails until it is"}],
        "description": "year of manufacture on the seat's label (a date, as spec_version 1 wrote it, is read as its "
                       "year)",
        "title": "Manufactured"}  # fmt: skip
    closed = sorted(name for name, d in defs.items() if d.get("additionalProperties") is False)
    assert closed == sorted(name for name, d in defs.items() if d.get("type") == "object")
    assert closed == [
        "AirIntake", "Build", "BuildEngine", "BuildFuel", "BuildSuspension", "BuildWeight", "BuildWheels", "Cage",
        "Chassis", "Dampers", "Drivetrain", "Engine", "Extinguisher", "Fuel", "Harness", "Identity", "Production",
        "ProductionWeight", "Safety", "Seat", "Suspension", "Waiver", "Wheels"]  # fmt: skip
    assert schema["additionalProperties"] is False
    assert [name for name in defs if name not in closed] == ["length", "volume", "mass"]


# --- bundled files: valid, and naming their schema -----------------------------------------------


@pytest.mark.parametrize(("path", "name"), BUNDLED, ids=lambda v: v.name if isinstance(v, Path) else v)
def test_bundled_file_is_valid_against_its_schema(path: Path, name: str) -> None:
    assert schema_errors(path, name) == []


@pytest.mark.parametrize(("path", "name"), BUNDLED, ids=lambda v: v.name if isinstance(v, Path) else v)
def test_bundled_file_names_its_schema_in_its_first_line(path: Path, name: str) -> None:
    first = path.read_text("utf-8").splitlines()[0]
    found = MODELINE.fullmatch(first)
    assert found is not None, first
    assert (path.parent / found.group(1)).resolve() == SCHEMAS / f"{name}.schema.json"
    assert (SCHEMAS / f"{name}.schema.json").is_file()


# --- the loader and the schema agree -------------------------------------------------------------


def mutated(folder: Path, old: str, new: str) -> Path:
    """The example spec with the first ``old`` replaced, as bad.yaml in ``folder``."""
    text = EXAMPLE.read_text("utf-8")
    assert old in text, old
    path = folder / "bad.yaml"
    path.write_text(text.replace(old, new, 1), "utf-8")
    return path


REFUSED_BY_BOTH = {
    "unknown-field": (
        ("    track_front: 1760 mm", "    trak_front: 1760 mm"),
        "bad.yaml:67:5: build.chassis.trak_front: unknown field (did you mean 'track_front'?)",
        [("build.chassis", "additionalProperties"), ("build.chassis", "required")],
    ),
    "bare-number": (
        ("tank_capacity: 550 L", "tank_capacity: 550"),
        'bad.yaml:80:20: build.fuel.tank_capacity: expected a volume such as "550 L", got 550 '
        "(a number needs its unit)",
        [("build.fuel.tank_capacity", "type")],
    ),
    "unit-of-another-dimension": (
        ("tank_capacity: 550 L", "tank_capacity: 550 kg"),
        "bad.yaml:80:20: build.fuel.tank_capacity: expected a volume such as \"550 L\", got '550 kg' "
        "('kg' is a unit of mass)",
        [("build.fuel.tank_capacity", "pattern")],
    ),
    "negative-quantity": (
        ("ride_height: 330 mm", "ride_height: -330 mm"),
        "bad.yaml:71:18: build.suspension.ride_height: expected a length above 0 and at most 10000 mm, got '-330 mm'",
        [("build.suspension.ride_height", "pattern")],
    ),
    "wrong-enum": (
        ("system: hand-held", "system: handheld"),
        "bad.yaml:105:38: build.safety.extinguishers[1].system: expected one of 'plumbed-in' or 'hand-held', "
        "got the text 'handheld'",
        [("build.safety.extinguishers[1].system", "anyOf")],  # one of the values, or null until filled in
    ),
    "spec-version-3": (
        ("spec_version: 2", "spec_version: 3"),
        "bad.yaml:12:15: spec_version: expected 1 or 2 (the spec formats this homologate reads), got 3",
        [("spec_version", "enum")],
    ),
    "spec-version-true": (
        ("spec_version: 2", "spec_version: true"),
        "bad.yaml:12:15: spec_version: expected 1 or 2 (the spec formats this homologate reads), got true",
        [("spec_version", "enum"), ("spec_version", "type")],
    ),
    "missing-field": (
        ("    spare_wheels: 3\n", ""),
        "bad.yaml:74:3: build.wheels: missing required field 'spare_wheels'",
        [("build.wheels", "required")],
    ),
    "not-a-year": (
        ("manufactured: 2025, not_valid_after", "manufactured: spring 2025, not_valid_after"),
        "bad.yaml:98:49: build.safety.seats[0].manufactured: expected a year such as 2021, "
        "got the text 'spring 2025'",
        [("build.safety.seats[0].manufactured", "anyOf")],  # a year (or a date), or null until filled in
    ),
    "quoted-year": (
        ("manufactured: 2025, not_valid_after", 'manufactured: "2025", not_valid_after'),
        "bad.yaml:98:49: build.safety.seats[0].manufactured: expected a year such as 2021, "
        "got the text '2025' (remove the quotes)",
        [("build.safety.seats[0].manufactured", "anyOf")],  # a year, a date, or null: not text
    ),
    "boolean-for-text": (
        ("make: Land Rover", "make: true"),
        "bad.yaml:14:9: vehicle.make: expected text, got true",
        [("vehicle.make", "type")],
    ),
}


@pytest.mark.parametrize("case", list(REFUSED_BY_BOTH))
def test_refused_by_the_loader_and_the_schema(case: str, tmp_path: Path) -> None:
    (old, new), line, keywords = REFUSED_BY_BOTH[case]
    path = mutated(tmp_path, old, new)
    result = run_cli("check", path.name, cwd=tmp_path)
    assert_one_input_error(result, line)
    assert schema_errors(path, "spec") == keywords


ACCEPTED_BY_BOTH = {  # as written -> the value the loader holds (canonical units)
    "inches-for-a-length": (("tyre_width: 315 mm", "tyre_width: 12.4 in"), "build.wheels.tyre_width", 314.96),
    "tonnes-for-a-mass": (("measured: 2550 kg", "measured: 2.45 t"), "build.weight.measured", 2450.0),
    "litres-spelt-out": (("tank_capacity: 550 L", "tank_capacity: 550 litres"), "build.fuel.tank_capacity", 550.0),
    "upper-case-unit": (("restrictors: [36 mm, 36 mm]", "restrictors: [36 MM, 1.4 in]"), "build.engine.restrictors",
                        [36.0, 35.56]),
    "thousands-separator": (("measured: 2550 kg", "measured: 2,550 kg"), "build.weight.measured", 2550.0),
    "kelvin-sign-k": (("measured: 2550 kg", "measured: 2550 \u212ag"), "build.weight.measured", 2550.0),
    "whole-number-for-text": (("homologation_form: T2-ILLUSTRATIVE-0001", "homologation_form: 1234"),
                              "vehicle.homologation_form", "1234"),
}  # fmt: skip


def value_at(model: Any, path: str) -> Any:
    for part in path.split("."):
        model = getattr(model, {"class": "vehicle_class"}.get(part, part))
    return model


@pytest.mark.parametrize("case", list(ACCEPTED_BY_BOTH))
def test_accepted_by_the_loader_and_the_schema(case: str, tmp_path: Path) -> None:
    (old, new), where, held = ACCEPTED_BY_BOTH[case]
    path = mutated(tmp_path, old, new)
    assert value_at(load_spec(path).spec, where) == held
    assert schema_errors(path, "spec") == []


# What JSON Schema cannot say: its numbers do not tell 8 from 8.0, it has no dates (only text that
# looks like one), and a quantity's range depends on its unit. The loader refuses these; the schema,
# and so an editor, accepts them.
REFUSED_BY_THE_LOADER_ONLY = {
    "float-for-a-whole-number": (
        ("    gears: 8\n  chassis", "    gears: 8.0\n  chassis"),
        "bad.yaml:32:12: production.drivetrain.gears: expected a whole number, got 8.0",
    ),
    "spec-version-1.0": (("spec_version: 2", "spec_version: 1.0"),
                         "bad.yaml:12:15: spec_version: expected 1 or 2 (the spec formats this homologate reads), "
                         "got 1.0"),
    "version-2-field-in-version-1": (  # a field of a later format than the spec says
        ("spec_version: 2", "spec_version: 1"),
        "bad.yaml:83:5: build.fuel.safety_tank_manufactured: a spec_version 2 field: write 'spec_version: 2' at "
        "the top of the spec",
    ),
    "float-for-text": (
        ("homologation_form: T2-ILLUSTRATIVE-0001", "homologation_form: 1234.0"),
        "bad.yaml:16:22: vehicle.homologation_form: expected text, got 1234.0",
    ),
    "quoted-date": (
        ("safety_tank_manufactured: 2025-06-01", 'safety_tank_manufactured: "2025-06-01"'),
        "bad.yaml:83:31: build.fuel.safety_tank_manufactured: expected a date such as 2026-01-03, "
        "got the text '2025-06-01' (remove the quotes)",
    ),

    "zero-length": (
        ("ride_height: 330 mm", "ride_height: 0 mm"),
        "bad.yaml:71:18: build.suspension.ride_height: expected a length above 0 and at most 10000 mm, got '0 mm'",
    ),
    "length-above-the-most": (
        ("ride_height: 330 mm", "ride_height: 20 m"),
        "bad.yaml:71:18: build.suspension.ride_height: expected a length above 0 and at most 10000 mm, got '20 m'",
    ),
}


@pytest.mark.parametrize("case", list(REFUSED_BY_THE_LOADER_ONLY))
def test_what_the_schema_cannot_say(case: str, tmp_path: Path) -> None:
    (old, new), line = REFUSED_BY_THE_LOADER_ONLY[case]
    path = mutated(tmp_path, old, new)
    result = run_cli("check", path.name, cwd=tmp_path)
    assert_one_input_error(result, line)
    assert schema_errors(path, "spec") == []


# --- a quantity's pattern is parse_quantity's grammar --------------------------------------------

NUMBERS = ["36", "0", "+3", "-5", "- 5", "1,000", "1,2345", "4,4", ".5", "1.5e3", "1e", "1.", "e5", "\u0663\u0666"]
SPACES = ["", " ", "\t", "\n", "\u00a0"]
UNIT_TEXTS = [*units.UNITS, "MM", "Kg", "\u212ag", "NM", "n·m", "LB FT", "kgs", "x", "mm mm", ",mm", "İn", ""]


def parses(text: str, dim: units.Dimension) -> bool:
    try:
        parse_quantity(text, dim)
    except units.UnitError:
        return False
    return not text.lstrip().startswith("-")  # a negative quantity is refused by its range, the pattern by its sign


@settings(max_examples=400, deadline=None)
@given(st.sampled_from(list(units.DIMENSIONS.values())), st.sampled_from(SPACES), st.sampled_from(NUMBERS),
       st.sampled_from(SPACES), st.sampled_from(UNIT_TEXTS), st.sampled_from(SPACES))  # fmt: skip
def test_quantity_pattern_accepts_what_parse_quantity_reads(dim: units.Dimension, before: str, number: str,
                                                            between: str, unit: str, after: str) -> None:  # fmt: skip
    text = before + number + between + unit + after
    assert (re.search(jsonschemas.quantity_pattern(dim), text) is not None) == parses(text, dim)


@pytest.mark.parametrize(("dim", "text", "accepted"), [
    (units.LENGTH, "35 in", True), (units.LENGTH, '35"', True), (units.LENGTH, "1,760 mm", True),
    (units.LENGTH, "36mm", True), (units.MASS, "2.45 t", True), (units.VOLUME, "4395 CC", True),
    (units.LENGTH, "36 kg", False), (units.VOLUME, "4,4 L", False), (units.LENGTH, "thirty mm", False),
    (units.LENGTH, "36 mm mm", False), (units.LENGTH, "-36 mm", False),
])  # fmt: skip
def test_quantity_pattern_examples(dim: units.Dimension, text: str, accepted: bool) -> None:
    assert (re.search(jsonschemas.quantity_pattern(dim), text) is not None) is accepted is parses(text, dim)


# --- what an editor says of a bad quantity --------------------------------------------------------


@pytest.mark.parametrize("name", ["spec", "form"])
def test_each_quantity_says_what_is_wrong_in_words(name: str) -> None:
    """yaml-language-server shows a failed pattern's ``patternErrorMessage`` (else ``errorMessage``, which
    ajv-errors reads too) in place of the pattern itself: the loader's own words."""
    defs = jsonschemas.schema(name)["$defs"]
    for dim in units.DIMENSIONS.values():
        if dim.name not in defs:
            continue
        quantity = defs[dim.name]
        assert quantity["patternErrorMessage"] == quantity["errorMessage"] == expected(dim), dim.name
        with pytest.raises(units.UnitError) as refused:
            parse_quantity(f"36 furlongs of {dim.name}", dim)
        assert str(refused.value).startswith(f"{quantity['patternErrorMessage']}, got "), dim.name
    assert [d for d in units.DIMENSIONS if d in defs] == ["length", "volume", "mass"]


@pytest.mark.parametrize(("old", "new", "message", "line"), [
    ("tank_capacity: 550 L", "tank_capacity: 550 furlongs", 'expected a volume such as "550 L"',
     "bad.yaml:80:20: build.fuel.tank_capacity: expected a volume such as \"550 L\", got '550 furlongs' "
     "(unknown unit 'furlongs')"),
    ("    track_front: 1760 mm", "    track_front: 1760 kg", 'expected a length such as "36 mm"',
     "bad.yaml:67:18: build.chassis.track_front: expected a length such as \"1760 mm\", got '1760 kg' "
     "('kg' is a unit of mass)"),
    ("measured: 2550 kg", "measured: 2550", 'expected a mass such as "2450 kg"',  # null allowed too: anyOf
     "bad.yaml:85:15: build.weight.measured: expected a mass such as \"2450 kg\", got 2550 (a number needs its unit)"),
], ids=["unknown-unit", "unit-of-another-dimension", "bare-number-where-null-is-allowed"])  # fmt: skip
def test_a_bad_quantity_is_refused_by_the_part_that_words_it(old: str, new: str, message: str, line: str,
                                                             tmp_path: Path) -> None:  # fmt: skip
    """The schema still refuses a bad quantity, and the part of it that refuses (where an editor reads the
    message from: the pattern's, or the type's, in the alternative that is not null) words it as the loader."""
    path = mutated(tmp_path, old, new)
    (error,) = validator("spec").iter_errors(jsonable(load_file(path).data))
    failed = error.context or [error]  # anyOf: each alternative's failure
    assert [(e.schema.get("patternErrorMessage"), e.schema.get("errorMessage")) for e in failed
            if "pattern" in e.schema] == [(message, message)]  # fmt: skip
    assert_one_input_error(run_cli("check", path.name, cwd=tmp_path), line)


# --- the command ---------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["spec", "report", "explain"])
def test_schema_prints_the_shipped_file(name: str, tmp_path: Path) -> None:
    result = run_cli("schema", name, cwd=tmp_path)
    assert (result.status, result.err) == (0, "")
    assert result.out == (SCHEMAS / f"{name}.schema.json").read_text("utf-8")


def test_schema_ruleset_is_the_shipped_file_with_2_space_indent(tmp_path: Path) -> None:
    result = run_cli("schema", "ruleset", cwd=tmp_path)
    assert (result.status, result.err) == (0, "")
    shipped = json.loads((SCHEMAS / "ruleset.schema.json").read_text("utf-8"))
    assert result.out == json.dumps(shipped, indent=2, ensure_ascii=False) + "\n"


def test_schema_output_file(tmp_path: Path) -> None:
    result = run_cli("schema", "report", "-o", "out/report.schema.json", cwd=tmp_path)
    assert_one_input_error(result, "out/report.schema.json:1:1: cannot write the output: no folder 'out'")
    assert not (tmp_path / "out").exists()
    (tmp_path / "out").mkdir()
    result = run_cli("schema", "report", "-o", "out/report.schema.json", cwd=tmp_path)
    assert (result.status, result.out, result.err) == (0, "", "")
    assert (tmp_path / "out" / "report.schema.json").read_text("utf-8") == jsonschemas.text("report")
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["report.schema.json"]


NAMES = "{" + "|".join(jsonschemas.SCHEMAS) + "}"  # {spec|ruleset|report}, and any document added later


@pytest.mark.parametrize(("args", "names"), [
    (["schema", "frobnicate"], ("'frobnicate'", *map(repr, jsonschemas.SCHEMAS))),  # the value, and the choices
    (["schema"], (NAMES,)),
    (["schema", "spec", "report"], ("report",)),
])  # fmt: skip
def test_schema_usage_errors(args: list[str], names: tuple[str, ...], tmp_path: Path) -> None:
    result = run_cli(*args, "-o", "out.json", cwd=tmp_path)
    assert_usage_error(result, *names)
    assert list(tmp_path.iterdir()) == []
