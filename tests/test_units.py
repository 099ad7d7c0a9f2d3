"""checker.units and checker.spec.quantity: quantities as people write them, held exactly in canonical units."""

from __future__ import annotations

import pytest

from checker.spec.quantity import parse_quantity
from checker.text import number as format_number
from checker.text import quantity as format_quantity
from checker.units import (
    DIMENSIONS,
    LENGTH,
    MASS,
    POWER,
    TORQUE,
    VOLUME,
    Dimension,
    UnitError,
    to_unit,
)


def unit_error(text: str, dim: Dimension | None = None) -> str:
    with pytest.raises(UnitError) as info:
        parse_quantity(text, dim)
    return str(info.value)


# --- every spelling, to its canonical value (compared exactly: values are rounded to 9 decimals) ---


@pytest.mark.parametrize(
    ("text", "value", "dim"),
    [
        ("889 mm", 889.0, LENGTH),
        ("889 millimetres", 889.0, LENGTH),
        ("88.9 cm", 889.0, LENGTH),
        ("0.889 m", 889.0, LENGTH),
        ("0.889 metres", 889.0, LENGTH),
        ("35 in", 889.0, LENGTH),
        ("35 inch", 889.0, LENGTH),
        ("35 inches", 889.0, LENGTH),
        ('35"', 889.0, LENGTH),
        ("35″", 889.0, LENGTH),
        ("550 L", 550.0, VOLUME),
        ("550 l", 550.0, VOLUME),
        ("550 litres", 550.0, VOLUME),
        ("4.4 L", 4.4, VOLUME),
        ("4400 cc", 4.4, VOLUME),
        ("4400 cm3", 4.4, VOLUME),
        ("4400 cm³", 4.4, VOLUME),
        ("4400 mL", 4.4, VOLUME),
        ("2450 kg", 2450.0, MASS),
        ("2.45 t", 2450.0, MASS),
        ("2.45 tonnes", 2450.0, MASS),
        ("1 lb", 0.45359237, MASS),
        ("5401 lbs", 2449.85239037, MASS),
        ("287 kW", 287.0, POWER),
        ("287 kw", 287.0, POWER),
        ("1 hp", 0.745699872, POWER),
        ("385 hp", 287.09445072, POWER),
        ("385 bhp", 287.09445072, POWER),
        ("1 PS", 0.73549875, POWER),
        ("390 PS", 286.8445125, POWER),
        ("390 CV", 286.8445125, POWER),
        ("750 N·m", 750.0, TORQUE),
        ("750 Nm", 750.0, TORQUE),
        ("750 N m", 750.0, TORQUE),
        ("750 N.m", 750.0, TORQUE),
        ("1 lb·ft", 1.355817948, TORQUE),  # the factor 1.3558179483, rounded to 9 decimals
        ("553 lb·ft", 749.76732541, TORQUE),
        ("553 lb-ft", 749.76732541, TORQUE),
        ("553 lbft", 749.76732541, TORQUE),
        ("553 ft·lb", 749.76732541, TORQUE),
    ],
)
def test_spellings_convert_to_canonical_units(text: str, value: float, dim: Dimension) -> None:
    assert parse_quantity(text) == (value, dim)
    assert parse_quantity(text, dim) == (value, dim)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("35in", 889.0),
        ("  36 mm  ", 36.0),
        ("36mm\n", 36.0),
        ("+36 mm", 36.0),
        (".5 mm", 0.5),
        ("1e3 mm", 1000.0),
        ("1.5E-2 m", 15.0),
    ],
)
def test_number_forms_and_spacing(text: str, value: float) -> None:
    assert parse_quantity(text, LENGTH)[0] == value


@pytest.mark.parametrize(
    ("text", "value", "dim"),
    [
        ("2,450 kg", 2450.0, MASS),
        ("2,450.5 kg", 2450.5, MASS),
        ("1,234,567 mm", 1234567.0, LENGTH),
        ("5,401 lb", 2449.85239037, MASS),
    ],
)
def test_thousands_separators(text: str, value: float, dim: Dimension) -> None:
    assert parse_quantity(text) == (value, dim)


@pytest.mark.parametrize(("text", "value", "dim"),
                         [("36 KG", 36.0, MASS), ("36 IN", 914.4, LENGTH), ("36 Kw", 36.0, POWER)])
def test_unit_lookup_falls_back_to_lower_case(text: str, value: float, dim: Dimension) -> None:
    assert parse_quantity(text) == (value, dim)


def test_negative_numbers_parse_and_are_left_to_the_caller() -> None:
    assert parse_quantity("-5 mm", LENGTH) == (-5.0, LENGTH)


# --- refusals --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "dim", "message"),
    [
        ("36", None, "expected a quantity such as \"36 mm\", got '36' (a number needs its unit)"),
        ("36 ", None, "expected a quantity such as \"36 mm\", got '36 ' (a number needs its unit)"),
        ("2,450", MASS, "expected a mass such as \"2450 kg\", got '2,450' (a number needs its unit)"),
        ("4.4", VOLUME, "expected a volume such as \"550 L\", got '4.4' (a number needs its unit)"),
        ("287", POWER, "expected a power such as \"287 kW\", got '287' (a number needs its unit)"),
        ("750", TORQUE, "expected a torque such as \"750 N·m\", got '750' (a number needs its unit)"),
    ],
)
def test_a_number_without_its_unit_is_refused(text: str, dim: Dimension | None, message: str) -> None:
    assert unit_error(text, dim) == message


@pytest.mark.parametrize(
    ("text", "dim", "message"),
    [
        ("36 furlongs", None, "expected a quantity such as \"36 mm\", got '36 furlongs' (unknown unit 'furlongs')"),
        ("36 µm", LENGTH, "expected a length such as \"36 mm\", got '36 µm' (unknown unit 'µm')"),
        ("36 mm mm", LENGTH, "expected a length such as \"36 mm\", got '36 mm mm' (unknown unit 'mm mm')"),
        ("287 kWh", POWER, "expected a power such as \"287 kW\", got '287 kWh' (unknown unit 'kWh')"),
    ],
)
def test_unknown_units_are_named(text: str, dim: Dimension | None, message: str) -> None:
    assert unit_error(text, dim) == message


@pytest.mark.parametrize(
    ("text", "dim", "message"),
    [
        ("", None, "expected a quantity such as \"36 mm\", got ''"),
        ("mm", LENGTH, "expected a length such as \"36 mm\", got 'mm'"),
        ("abc", None, "expected a quantity such as \"36 mm\", got 'abc'"),
        ("inf mm", LENGTH, "expected a length such as \"36 mm\", got 'inf mm'"),
        ("nan mm", LENGTH, "expected a length such as \"36 mm\", got 'nan mm'"),
    ],
)
def test_text_that_is_not_a_quantity_is_refused(text: str, dim: Dimension | None, message: str) -> None:
    assert unit_error(text, dim) == message


@pytest.mark.parametrize(
    ("text", "dim", "message"),
    [
        ("36 L", LENGTH, "expected a length such as \"36 mm\", got '36 L' ('L' is a unit of volume)"),
        ("36 mm", VOLUME, "expected a volume such as \"550 L\", got '36 mm' ('mm' is a unit of length)"),
        ("36 kg", TORQUE, "expected a torque such as \"750 N·m\", got '36 kg' ('kg' is a unit of mass)"),
        ("750 Nm", POWER, "expected a power such as \"287 kW\", got '750 Nm' ('Nm' is a unit of torque)"),
        ("287 kW", MASS, "expected a mass such as \"2450 kg\", got '287 kW' ('kW' is a unit of power)"),
        ("4400 cc", LENGTH, "expected a length such as \"36 mm\", got '4400 cc' ('cc' is a unit of volume)"),
    ],
)
def test_a_unit_of_the_wrong_dimension_is_refused(text: str, dim: Dimension, message: str) -> None:
    assert unit_error(text, dim) == message


def test_unit_error_is_a_value_error() -> None:
    # pydantic turns a ValueError raised in a validator into a field error with this message
    assert issubclass(UnitError, ValueError)


@pytest.mark.parametrize(
    ("text", "dim", "message"),
    [
        ("4,4 L", None,
         "expected a quantity such as \"36 mm\", got '4,4 L' (write decimals with a point: 4.4, not 4,4)"),
        ("1,76 m", None,
         "expected a quantity such as \"36 mm\", got '1,76 m' (write decimals with a point: 4.4, not 4,4)"),
        ("2,5 t", None,
         "expected a quantity such as \"36 mm\", got '2,5 t' (write decimals with a point: 4.4, not 4,4)"),
        ("1,76 m", LENGTH,
         "expected a length such as \"36 mm\", got '1,76 m' (write decimals with a point: 4.4, not 4,4)"),
    ],
)
def test_decimal_comma_is_not_reported_as_an_unknown_unit(text: str, dim: Dimension | None, message: str) -> None:
    assert unit_error(text, dim) == message


# --- formatting and conversion ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (1700.0, "1700"),
        (35.04, "35.04"),
        (2.5, "2.5"),
        (1234.5678, "1234.57"),
        (0.1 + 0.2, "0.3"),
        (0.005, "0.01"),
        (-0.005, "-0.01"),
        (0.004, "0"),
        (-0.004, "0"),  # never "-0"
        (0.0, "0"),
        (-1.0, "-1"),
        (1e-9, "0"),
        (1e20, "100000000000000000000"),
    ],
)
def test_format_number_shows_at_most_two_decimals_without_trailing_zeros(value: float, text: str) -> None:
    assert format_number(value) == text


def test_a_whole_number_is_written_as_two_decimals_would_write_it() -> None:
    """Whole floats take a shorter way (most values are whole): the same digits, however large."""
    whole = [0.0, -0.0, 1780.0, -5.0, 2.0**53, 2.0**53 + 2, 1e16, 1e22, 1e300, -1e300]
    whole += [float(n) * 3**k for n in range(-40, 40) for k in range(0, 40, 7)]
    for value in whole:
        expected = f"{value:.2f}".rstrip("0").rstrip(".")
        assert format_number(value) == ("0" if expected == "-0" else expected), value


@pytest.mark.parametrize(
    ("value", "dim", "unit", "text"),
    [
        (889.0, LENGTH, "in", "35 in"),
        (889.0, LENGTH, None, "889 mm"),
        (4.4, VOLUME, "cc", "4400 cc"),
        (550.0, VOLUME, None, "550 L"),
        (2450.0, MASS, None, "2450 kg"),
        (2450.0, MASS, "t", "2.45 t"),
        (287.0, POWER, "hp", "384.87 hp"),
        (750.0, TORQUE, None, "750 N·m"),
        (5.0, None, None, "5"),
        (5.0, None, "mm", "5"),  # a plain number has no unit to show
    ],
)
def test_format_quantity(value: float, dim: Dimension | None, unit: str | None, text: str) -> None:
    assert format_quantity(value, dim, unit) == text


@pytest.mark.parametrize(
    ("value", "unit", "expected"),
    [(889.0, "in", 35.0), (889.0, "mm", 889.0), (4.4, "cc", 4400.0), (2450.0, "t", 2.45), (25.4, "IN", 1.0)],
)
def test_to_unit(value: float, unit: str, expected: float) -> None:
    assert to_unit(value, unit) == pytest.approx(expected, abs=1e-9)


def test_to_unit_refuses_an_unknown_unit() -> None:
    with pytest.raises(UnitError) as info:
        to_unit(1.0, "furlong")
    assert str(info.value) == "unknown unit 'furlong'"


@pytest.mark.parametrize("text", ["35 in", "2.45 t", "4400 cc", "385 hp", "553 lb·ft", "2,450 kg"])
def test_parse_then_format_in_the_written_unit_round_trips(text: str) -> None:
    value, dim = parse_quantity(text)
    unit = text.split(" ", 1)[1]
    assert format_quantity(value, dim, unit) == text.replace(",", "")


def test_dimensions() -> None:
    assert {name: (d.unit, str(d)) for name, d in DIMENSIONS.items()} == {
        "length": ("mm", "length"),
        "volume": ("L", "volume"),
        "mass": ("kg", "mass"),
        "power": ("kW", "power"),
        "torque": ("N·m", "torque"),
    }
    for dim in DIMENSIONS.values():
        assert parse_quantity(dim.example, dim)[1] is dim  # every example in a message parses
