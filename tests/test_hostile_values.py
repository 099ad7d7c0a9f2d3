"""Hostile values: whatever number, date, quantity or path a spec, a form, a ruleset or a waiver holds, it is
read as the README says (YAML 1.2, ASCII digits, finite numbers) or refused in one line at its place.

- YAML scalars resolve by YAML 1.2's core schema: 010 is ten, 0o17 octal, 0x1F hexadecimal; 0b1000, 1_000,
  1:20, yes and no are text, which a field that wants a number refuses;
- only the digits 0 to 9 are digits: Bengali, full-width and Arabic-Indic digits are not read as numbers anywhere;
- no number that is not finite is accepted (1e400, .inf, 1e308 m in millimetres, inf arithmetic in a rule);
- the quantity pattern and every other expression applied to input take time linear in its length;
- ``in:`` lists are type-checked like every other limit, and quoted as written;
- a malformed path in a rule's example is refused at its place.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from checker.errors import InputError
from checker.read.document import parse
from checker.spec.load import load_spec
from checker.spec.quantity import parse_quantity
from checker.text import clip
from checker.units import LENGTH, VOLUME, UnitError
from tests.helpers import SPECS, assert_one_input_error, run_cli

DEFENDER = (SPECS / "defender-d7x-r.yaml").read_text("utf-8")


def spec_with(tmp_path: Path, old: str, new: str, name: str = "spec.yaml") -> Path:
    """The Defender spec with its first ``old`` replaced by ``new``, written to ``tmp_path/name``."""
    assert old in DEFENDER, old
    path = tmp_path / name
    path.write_text(DEFENDER.replace(old, new, 1), "utf-8")
    return path


def position_of(text: str, old: str) -> tuple[int, int]:
    """Line and column (1-based) where ``old``'s value starts in ``text``: after its key and ': '."""
    at = text.index(old)
    at += old.index(": ") + 2 if ": " in old else 0
    return text.count("\n", 0, at) + 1, at - text.rfind("\n", 0, at)


def refused_spec(tmp_path: Path, old: str, new: str, message: str) -> None:
    """The spec with ``new`` for ``old`` is refused by ``check`` with ``message`` at the new value."""
    path = spec_with(tmp_path, old, new)
    line, column = position_of(path.read_text("utf-8"), new)
    assert_one_input_error(run_cli("check", path.name, cwd=tmp_path), f"spec.yaml:{line}:{column}: {message}")


def value_of(text: str) -> Any:
    return parse(f"a: {text}\n", "f.yaml").data["a"]


def yaml_error(text: str) -> str:
    with pytest.raises(InputError) as info:
        parse(text, "f.yaml")
    return str(info.value)


# --- YAML 1.2 --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("010", 10),  # YAML 1.1: 8
        ("0010", 10),
        ("-010", -10),
        ("+7", 7),
        ("0o17", 15),  # YAML 1.1: text
        ("0x1F", 31),
        ("0x1f", 31),
        ("+.5", 0.5),  # YAML 1.1: text
        ("-.5", -0.5),
        ("1e3", 1000.0),  # YAML 1.1: text
        ("1E-3", 0.001),
        ("1.", 1.0),
        ("0b1000", "0b1000"),  # YAML 1.1: 8
        ("1_000", "1_000"),  # YAML 1.1: 1000
        ("1:20", "1:20"),  # YAML 1.1: 80
        ("-0o17", "-0o17"),  # octal and hexadecimal have no sign in YAML 1.2
        ("0x-1", "0x-1"),
        ("1.5.2", "1.5.2"),
        ("yes", "yes"),
        ("No", "No"),
        ("off", "off"),
        ("y", "y"),
        ("TRUE", True),
        ("False", False),
        ("~", None),
        ("Null", None),
        ("", None),
        ("nil", "nil"),
        ("2025-01-01", dt.date(2025, 1, 1)),
        ("2025-1-1", "2025-1-1"),
    ],
)
def test_plain_scalars_resolve_as_yaml_1_2s_core_schema(text: str, value: Any) -> None:
    read = value_of(text)
    assert read == value
    assert type(read) is type(value)


@pytest.mark.parametrize(("text", "value"), [
    ("!!int 010", 10), ("!!int 0x1F", 31), ("!!float 1", 1.0), ("!!float '+.5'", 0.5), ("!!bool True", True),
    ("!!null ~", None), ("!!str 010", "010"), ("!!timestamp 2026-01-03", dt.date(2026, 1, 3)),
])  # fmt: skip
def test_explicit_tags_read_yaml_1_2s_forms(text: str, value: Any) -> None:
    read = value_of(text)
    assert (read, type(read)) == (value, type(value))


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("!!int 0b1000", "'0b1000' is not a valid whole number"),
        ("!!int 1_000", "'1_000' is not a valid whole number"),
        ("!!int 1.5", "'1.5' is not a valid whole number"),
        ("!!float 1:20", "'1:20' is not a valid number"),
        ("!!bool yes", "'yes' is not a valid true or false"),
        ("!!bool on", "'on' is not a valid true or false"),
        ("!!null nothing", "'nothing' is not a valid null"),
        ("!!int \uff18", "'\uff18' is not a valid whole number"),
        ("!!timestamp 2026-02-30", "'2026-02-30' is not a valid date"),
        ("!!timestamp \uff12\uff10\uff12\uff16-01-03", "'\uff12\uff10\uff12\uff16-01-03' is not a valid date"),
    ],
)
def test_explicit_tags_refuse_what_yaml_1_2_does_not_read_as_their_type(text: str, message: str) -> None:
    assert yaml_error(f"a: {text}\n") == f"f.yaml:1:4: {message}"


@pytest.mark.parametrize(
    ("text", "value"),
    [("0" * 5000, 0), ("-" + "0" * 5000 + "7", -7), ("0x" + "0" * 5000 + "f", 15), ("9" * 18, 10**18 - 1)],
)
def test_whole_numbers_are_read_by_their_value_not_their_length(text: str, value: int) -> None:
    assert value_of(text) == value


@pytest.mark.parametrize("text", ["1" + "0" * 18, "-" + "9" * 19, "9" * 5000, "0x" + "f" * 16, "0o" + "7" * 300])
def test_whole_numbers_beyond_18_digits_are_refused(text: str) -> None:
    assert yaml_error(f"a: {text}\n") == f"f.yaml:1:4: expected a whole number of at most 18 digits, got {clip(text)}"


@pytest.mark.parametrize("text", ["1e400", "-1e400", "1" * 400 + ".0", ".inf", "-.Inf", ".NaN", "!!float .nan",
                                  "!!float 1e999"])  # fmt: skip
def test_numbers_that_are_not_finite_are_refused_by_the_reader(text: str) -> None:
    written = text.removeprefix("!!float ")
    assert yaml_error(f"a: {text}\n") == f"f.yaml:1:4: expected a finite number, got {clip(written)[1:-1]}"


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("    cylinders: 8\n    aspiration: turbo\n    turbos: 2\n    fuel: petrol\n    restrictors",
         "    cylinders: 0b1000\n    aspiration: turbo\n    turbos: 2\n    fuel: petrol\n    restrictors",
         "build.engine.cylinders: expected a whole number, got the text '0b1000'"),
        ("    spare_wheels: 3", "    spare_wheels: 1_000", "build.wheels.spare_wheels: expected a whole number, "
                                                          "got the text '1_000'"),
        ("    gears: 8\n  chassis", "    gears: 1:20\n  chassis",
         "production.drivetrain.gears: expected a whole number, got the text '1:20'"),
        ("    aviation_lines: true", "    aviation_lines: yes",
         "build.fuel.aviation_lines: expected true or false, got the text 'yes'"),
        ("    draws_from_cockpit: false", "    draws_from_cockpit: off",
         "build.air_intake.draws_from_cockpit: expected true or false, got the text 'off'"),
        ("spec_version: 1", "spec_version: 0b1", "spec_version: expected 1, got the text '0b1'"),
    ],
)
def test_yaml_1_1_forms_are_text_that_a_number_field_refuses(tmp_path: Path, old: str, new: str,
                                                             message: str) -> None:  # fmt: skip
    refused_spec(tmp_path, old, new, message)


def test_a_leading_zero_is_decimal_in_a_spec(tmp_path: Path) -> None:
    path = spec_with(tmp_path, "    spare_wheels: 3", "    spare_wheels: 010")
    assert load_spec(path, "spec.yaml").spec.build.wheels.spare_wheels == 10  # YAML 1.1 read 8


# --- ASCII digits only -----------------------------------------------------------------------------


@pytest.mark.parametrize("number", ["1\u09ea00", "\uff11\uff14\uff10\uff10", "\u0661\u0664\u0660\u0660",
                                    "14\u0660\u0660", "1400.\u0665"])  # fmt: skip
def test_a_quantity_with_digits_other_than_0_to_9_is_refused(number: str) -> None:
    text = f"{number} mm"
    with pytest.raises(UnitError) as info:
        parse_quantity(text, LENGTH)
    assert str(info.value) == f"expected a length such as \"36 mm\", got {text!r} (write digits as 0 to 9)"


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("    track_front: 1760 mm", "    track_front: 1\u09ea00 mm",
         "build.chassis.track_front: expected a length such as \"1760 mm\", got '1\u09ea00 mm' "
         "(write digits as 0 to 9)"),
        ("    spare_wheels: 3", "    spare_wheels: \uff13",
         "build.wheels.spare_wheels: expected a whole number, got the text '\uff13'"),
        ("    spare_wheels: 3", "    spare_wheels: '\uff13'",
         "build.wheels.spare_wheels: expected a whole number, got the text '\uff13'"),  # no "remove the quotes"
        ("spec_version: 1", "spec_version: \u0661", "spec_version: expected 1, got the text '\u0661'"),
        ("manufactured: 2025-05-12}", "manufactured: \uff12025-05-12}",
         "build.safety.seats[0].manufactured: expected a date such as 2026-01-03, got the text '\uff12025-05-12'"),
        ("manufactured: 2025-05-12}", "manufactured: '2025-05-\u0661\u0662'}",
         "build.safety.seats[0].manufactured: expected a date such as 2026-01-03, got the text '2025-05-\u0661\u0662'"),
    ],
)
def test_a_spec_with_digits_other_than_0_to_9_is_refused(tmp_path: Path, old: str, new: str, message: str) -> None:
    refused_spec(tmp_path, old, new, message)


def test_a_form_with_digits_other_than_0_to_9_is_refused(tmp_path: Path) -> None:
    form = (SPECS.parent / "forms" / "defender-d7x-r.yaml").read_text("utf-8")
    old = "tank_capacity: 90 L"
    assert old in form
    text = form.replace(old, "tank_capacity: \uff19\uff10 L")
    (tmp_path / "form.yaml").write_text(text, "utf-8")
    line, column = position_of(text, "tank_capacity: \uff19\uff10 L")
    ran = run_cli("init", "--from-homologation", "form.yaml", "-o", "new.yaml", cwd=tmp_path)
    assert_one_input_error(ran, f"form.yaml:{line}:{column}: production.fuel.tank_capacity: expected a volume such "
                                f"as \"550 L\", got '\uff19\uff10 L' (write digits as 0 to 9)")  # fmt: skip
    assert not (tmp_path / "new.yaml").exists()


# --- quantities: finite, and read in time linear in their length -----------------------------------


@pytest.mark.parametrize(
    ("text", "dim"),
    [("1e308 m", LENGTH), ("1e400 mm", LENGTH), ("1e307 in", LENGTH), ("1e308 t", None), ("1" * 400 + " L", VOLUME)],
)
def test_a_quantity_that_is_not_finite_in_its_canonical_unit_is_refused(text: str, dim: Any) -> None:
    with pytest.raises(UnitError) as info:
        parse_quantity(text, dim)
    want = f'a {dim.name} such as "{dim.example}"' if dim else 'a quantity such as "36 mm"'
    assert str(info.value) == f"expected {want}, got {clip(text)} (too large a number)"


def test_a_spec_length_too_large_to_be_finite_is_refused(tmp_path: Path) -> None:
    refused_spec(tmp_path, "    width: 2140 mm", "    width: 1e308 m",
                 "build.chassis.width: expected a length such as \"1760 mm\", got '1e308 m' (too large a number)")


SPACES = " " * (1 << 20)  # 1 MiB: a pattern quadratic in it would take hours


@pytest.mark.parametrize(
    ("text", "read"),
    [
        ("550 L" + SPACES, 550.0),
        (SPACES + "550 L", 550.0),
        ("550" + SPACES + "L", 550.0),
        ("550" + SPACES + "\n" + SPACES + "L", 550.0),
        ("550 L" + SPACES + "x", "unknown unit " + clip("L" + SPACES + "x")),
        ("550" + SPACES, "a number needs its unit"),
        ("1" * 300_000 + " L", "too large a number"),
        ("1" * 300_000 + "x" + SPACES, "unknown unit 'x'"),
        ("550 " + "L\n" * 150_000, "unknown unit " + clip(("L\n" * 150_000).strip())),
        ("1,000" * 60_000 + " L", "write decimals with a point: 4.4, not 4,4"),  # 1,0001,000...
        ("4," + "4" * 300_000 + " L", "write decimals with a point: 4.4, not 4,4"),
        ("\u0661" * 300_000 + " L", "write digits as 0 to 9"),
        ("-" * 300_000 + "550 L", None),
        ("550" + "e" * 300_000 + " L", "unknown unit " + clip("e" * 300_000 + " L")),
    ],
)
def test_quantities_of_a_megabyte_are_read_in_linear_time(text: str, read: float | str | None) -> None:
    """A pattern whose time grew with the square of the text would take minutes to hours on each of these."""
    if isinstance(read, float):
        assert parse_quantity(text, VOLUME) == (read, VOLUME)
        return
    with pytest.raises(UnitError) as info:
        parse_quantity(text, VOLUME)
    assert str(info.value) == f'expected a volume such as "550 L", got {clip(text)}' + (f" ({read})" if read else "")


def test_a_spec_value_with_a_megabyte_of_spaces_is_read(tmp_path: Path) -> None:
    spaces = " " * 900_000  # the file stays within the 1 MiB limit
    path = spec_with(tmp_path, "    tank_capacity: 550 L", f'    tank_capacity: "550 L{spaces}"')
    assert load_spec(path, "spec.yaml").spec.build.fuel.tank_capacity == 550.0
