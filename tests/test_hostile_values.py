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
import json
from pathlib import Path
from typing import Any

import pytest

from checker.errors import InputError
from checker.read import schema as schema_check
from checker.read.document import parse
from checker.ruleset.compile import load_ruleset
from checker.spec.load import load_spec
from checker.spec.quantity import parse_quantity
from checker.text import clip, describe
from checker.units import LENGTH, VOLUME, UnitError
from tests.helpers import SPECS, assert_one_input_error, run_cli, unwrapped

DEFENDER = (SPECS / "defender-d7x-r.yaml").read_text("utf-8")
FINDING_AT = "spec.yaml:67:18"  # build.chassis.track_front in the Defender spec, where X-1's findings point


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
        ("spec_version: 2", "spec_version: 0b1",
         "spec_version: expected 1 or 2 (the spec formats this homologate reads), got the text '0b1'"),
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
        ("spec_version: 2", "spec_version: \u0661",
         "spec_version: expected 1 or 2 (the spec formats this homologate reads), got the text '\u0661'"),
        ("expires: 2030-05-31}", "expires: \uff12030-05-31}",
         "build.safety.harnesses[0].expires: expected a date such as 2026-01-03, got the text '\uff12030-05-31'"),
        ("expires: 2030-05-31}", "expires: '2030-05-\u0663\u0661'}",
         "build.safety.harnesses[0].expires: expected a date such as 2026-01-03, got the text '2030-05-\u0663\u0661'"),
    ],
)
def test_a_spec_with_digits_other_than_0_to_9_is_refused(tmp_path: Path, old: str, new: str, message: str) -> None:
    refused_spec(tmp_path, old, new, message)


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("tank_capacity: 90 L", "tank_capacity: \uff19\uff10 L",
         "production.fuel.tank_capacity: expected a volume such as \"550 L\", got '\uff19\uff10 L' (write digits as 0 "
         "to 9)"),
        ("tank_capacity: 90 L", "tank_capacity: 9e307 t",
         "production.fuel.tank_capacity: expected a volume such as \"550 L\", got '9e307 t' ('t' is a unit of mass)"),
        ("width: 2064 mm", "width: 1e308 m",
         "production.chassis.width: expected a length such as \"1760 mm\", got '1e308 m' (too large a number)"),
        ("width: 2064 mm", "width: .inf", "expected a finite number, got .inf"),
        ("cylinders: 8", "cylinders: 0b1000", "production.engine.cylinders: expected a whole number, got the text "
                                              "'0b1000'"),
        ("form_version: 1", "form_version: 1_0", "form_version: expected 1, got the text '1_0'"),
    ],
)  # fmt: skip
def test_a_form_with_a_hostile_value_is_refused(tmp_path: Path, old: str, new: str, message: str) -> None:
    form = (SPECS.parent / "forms" / "defender-d7x-r.yaml").read_text("utf-8")
    assert old in form
    text = form.replace(old, new, 1)
    (tmp_path / "form.yaml").write_text(text, "utf-8")
    line, column = position_of(text, new)
    ran = run_cli("init", "--from-homologation", "form.yaml", "-o", "new.yaml", cwd=tmp_path)
    assert_one_input_error(ran, f"form.yaml:{line}:{column}: {message}")
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


# --- rulesets: numbers in rule expressions ----------------------------------------------------------

RULESET = """\
ruleset: hostile
title: Hostile values
version: "1"
extends: fia-t2-base
example_spec: spec.yaml
rules:
  - id: X-1
    title: A rule of hostile values
    area: chassis
    article: Art. 1
    provenance: published
    source: a test
    severity: error
{rest}"""


def ruleset_with(tmp_path: Path, rest: str) -> str:
    """A ruleset of one rule X-1 (``rest``: its check and examples, indented as in a rule), next to the Defender
    spec; returns the ruleset's text."""
    text = RULESET.format(rest=rest)
    (tmp_path / "hostile.yaml").write_text(text, "utf-8")
    (tmp_path / "spec.yaml").write_text(DEFENDER, "utf-8")
    return text


def check_rule(tmp_path: Path, value: str, limit: str) -> str:
    """A ruleset of one rule X-1 checking ``value`` against ``limit`` (``max: 1800 mm``)."""
    return ruleset_with(tmp_path, f"    check:\n      value: {value}\n      {limit}\n")


def assert_ruleset_refused(tmp_path: Path, text: str, at: str, message: str, *, offset: int = 0) -> None:
    """``check`` refuses the ruleset with ``message`` at ``at``'s value (``offset`` characters into it)."""
    line, column = position_of(text, at)
    ran = run_cli("check", "spec.yaml", "--rules", "hostile.yaml", cwd=tmp_path)
    assert_one_input_error(ran, f"hostile.yaml:{line}:{column + offset}: {message}")


@pytest.mark.parametrize(
    ("limit", "at", "message"),
    [
        ("max: 1e400 mm", "1e400", "1e400 is too large a number (1e18 or more)"),
        ("max: 2e18 mm", "2e18", "2e18 is too large a number (1e18 or more)"),
        ("max: 1e300", "1e300", "1e+300 is too large a number (1e18 or more)"),  # a YAML number, as Python writes it
        ("max: 1e17 m", "1e17", "1e17 m is too large a quantity (1e18 mm or more)"),
        ('max: "1e16 m"', "1e16", "1e16 m is too large a quantity (1e18 mm or more)"),
        ("max: 1800 mm + 1e16 m", "1e16", "1e16 m is too large a quantity (1e18 mm or more)"),
        ("max: 1e17 mm * 100", "*", "cannot be computed: '1e17 mm * 100' gives too large a number (1e18 or more)"),
        ("max: 9e17 mm + 9e17 mm", "+",
         "cannot be computed: '9e17 mm + 9e17 mm' gives too large a number (1e18 or more)"),
        ("max: build.chassis.track_front + (1e17 mm * 10 * 10)", "* 10)",
         "cannot be computed: 'build.chassis.track_front + (1e17 mm * 10 * 10)' gives too large a number (1e18 or "
         "more)"),
        ("max: 1 mm / 1e-300", "/", "cannot be computed: '1 mm / 1e-300' gives too large a number (1e18 or more)"),
        ("max: 1 mm / (2 - 2)", "/", "cannot be computed: division by zero"),
        ("min: -(1e17 mm * 20)", "-", "cannot be computed: '-(1e17 mm * 20)' gives too large a number (1e18 or more)"),
        ("max: 1\u09ea00 mm", "\u09ea", "unexpected character '\u09ea' (write digits as 0 to 9)"),
        ("max: \uff11\uff18\uff10\uff10 mm", "\uff11", "unexpected character '\uff11' (write digits as 0 to 9)"),
        ("max: 1800 mm + 1\u0660 mm", "\u0660", "unexpected character '\u0660' (write digits as 0 to 9)"),
        ("max: .inf", None, "expected a finite number, got .inf"),
        ("max: -.inf", None, "expected a finite number, got -.inf"),
        ("max: .nan", None, "expected a finite number, got .nan"),
        ("max: 1e400", None, "expected a finite number, got 1e400"),
    ],
)  # fmt: skip
def test_a_limit_too_large_or_not_finite_is_refused_at_load(tmp_path: Path, limit: str, at: str | None,
                                                            message: str) -> None:  # fmt: skip
    """Refused where it is written: by the YAML reader (at the value), or by the rule language (at the number, or
    the operation, that is too large)."""
    text = check_rule(tmp_path, "build.chassis.track_front", limit)
    offset = 0 if at is None else limit.index(at) - len("max: ")
    message = message if at is None else f"rule X-1: {message}"
    assert_ruleset_refused(tmp_path, text, limit, message, offset=offset)


@pytest.mark.parametrize(
    ("tolerance", "message"),
    [("1e17 mm * 10", "cannot be computed: '1e17 mm * 10' gives too large a number (1e18 or more)"),
     ("1e30 mm", "1e30 is too large a number (1e18 or more)"), ("1 mm / 0", "cannot be computed: division by zero")],
)  # fmt: skip
def test_a_tolerance_too_large_is_refused_at_load(tmp_path: Path, tolerance: str, message: str) -> None:
    text = check_rule(tmp_path, "build.chassis.track_front", f"max: 1800 mm\n      tolerance: {tolerance}")
    offset = max(tolerance.find("*"), tolerance.find("/"), 0)
    assert_ruleset_refused(tmp_path, text, f"tolerance: {tolerance}", f"rule X-1: {message}", offset=offset)


@pytest.mark.parametrize(
    ("value", "limit"),
    [
        ("build.chassis.track_front", "max: build.chassis.track_front * 1e15"),
        ("build.chassis.track_front * 1e15", "max: 1800 mm"),
        ("build.chassis.track_front", "max: build.chassis.track_front / 1e-300"),
        ("build.chassis.track_front", "min: 0 mm - build.chassis.track_front * 1e15 * 1e15"),
        ("build.chassis.track_front * 1e14 + build.chassis.track_front * 1e15", "max: 1800 mm"),
        ("build.chassis.track_front", "equals: build.chassis.track_front * 1e15 * 1e15 - build.chassis.track_front"),
    ],
)  # fmt: skip
def test_arithmetic_too_large_on_a_spec_fails_the_rule_as_cannot_be_checked(tmp_path: Path, value: str,
                                                                           limit: str) -> None:  # fmt: skip
    """What only a spec's values make too large (a product of two finite values) is known only when the spec
    is checked: the rule fails, 'cannot be checked', as it does for a division by zero; it never passes, and
    no infinity reaches a report."""
    check_rule(tmp_path, value, limit)
    source = value if "*" in value else limit.split(": ", 1)[1]
    why = f"cannot be checked: {clip(source, 60)} gives too large a number (1e18 or more)"
    ran = run_cli("check", "spec.yaml", "--rules", "hostile.yaml", cwd=tmp_path)
    assert (ran.status, ran.err) == (1, "")
    assert [line for line in unwrapped(ran.out) if line.startswith("spec.yaml:") and " X-1 " in line] == [
        f"{FINDING_AT}: X-1 [error] {why}"]
    ran = run_cli("check", "spec.yaml", "--rules", "hostile.yaml", "--format", "json", cwd=tmp_path)
    assert (ran.status, ran.err) == (1, "")
    (finding,) = [f for f in json.loads(ran.out)["reports"][0]["findings"] if f["rule_id"] == "X-1"]
    assert (finding["verdict"], finding["message"], finding["measured_value"], finding["limit_value"],
            finding["margin_value"]) == ("fail", why, None, None, None)  # fmt: skip


def test_explain_works_a_limit_too_large_out_to_where_it_stops(tmp_path: Path) -> None:
    check_rule(tmp_path, "build.chassis.track_front", "max: build.chassis.track_front * 1e15")
    ran = run_cli("explain", "X-1", "spec.yaml", "--rules", "hostile.yaml", cwd=tmp_path)
    assert (ran.status, ran.err) == (0, "")
    lines = [line.strip() for line in ran.lines]
    at = lines.index("maximum     build.chassis.track_front * 1e15")
    assert lines[at + 1:at + 3] == [
        "= 1760 mm * 1e15",
        "cannot be worked out: 'build.chassis.track_front * 1e15' gives too large a number (1e18 or more)"]


# --- rulesets: in: lists ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "members", "at", "message"),
    [
        ("build.engine.cylinders", "[8, 2025-01-01]", "2025-01-01", "2025-01-01 is a date but the value is a number"),
        ("item.expires", "[2030-05-31, 2030-05-31 10:00:00]", "2030-05-31 10:00:00",
         "2030-05-31T10:00:00 is a date and time but the value is a date"),
        ("item.expires", "[2030-05-31, 8]", "8", "8 is a number but the value is a date"),
        ("item.expires", "['2030-05-31', '2030-5-31']", "'2030-5-31'",
         "'2030-5-31' is a text but the value is a date"),
        ("item.expires", "[true]", "true", "true is a bool but the value is a date"),
        ("build.engine.cylinders", "[8, true]", "true", "true is a bool but the value is a number"),
        ("build.engine.cylinders", "[8, '8']", "'8'", "'8' is a text but the value is a number"),
        ("build.engine.cylinders", "[8, 1e300]", "1e300", "1e+300 is too large a number (1e18 or more)"),
        ("build.engine.cylinders", "[8, -1e30]", "-1e30", "-1e+30 is too large a number (1e18 or more)"),
        ("build.safety.seats", "[2025-01-01]", "2025-01-01",
         "2025-01-01 is a date but the value is a list of Seat entries"),
        ("build.chassis.track_front", "[1760]", "1760",
         "1760 is a number but the value is a length (a quantity is checked with 'min', 'max' or 'equals')"),
        ("build.engine.aspiration", '[turbo, "x\\ny"]', '"x', "'x\\ny' can never match: expected one of natural, "
                                                            "turbo, supercharged"),
        ("build.engine.aspiration", "[turbo, " + "x" * 500 + "]", "x",
         "'" + "x" * 37 + "...' can never match: expected one of natural, turbo, supercharged"),
    ],
)  # fmt: skip
def test_in_lists_are_type_checked_and_quoted_as_written(tmp_path: Path, value: str, members: str, at: str,
                                                         message: str) -> None:  # fmt: skip
    each = "    each: build.safety.harnesses\n" if value.startswith("item.") else ""
    text = ruleset_with(tmp_path, f"{each}    check:\n      value: {value}\n      in: {members}\n")
    line, column = position_of(text, f"in: {members}")
    column += members.index(at)
    ran = run_cli("check", "spec.yaml", "--rules", "hostile.yaml", cwd=tmp_path)
    assert_one_input_error(ran, f"hostile.yaml:{line}:{column}: rule X-1: {message}")


@pytest.mark.parametrize(
    ("members", "verdicts"),
    [("[2030-05-31]", ["pass", "pass"]), ("['2030-05-31', 2024-01-01]", ["pass", "pass"]),
     ("[2024-01-01]", ["fail", "fail"])],
)  # fmt: skip
def test_dates_in_an_in_list_match_a_date(tmp_path: Path, members: str, verdicts: list[str]) -> None:
    ruleset_with(tmp_path, f"    each: build.safety.harnesses\n    check:\n      value: item.expires\n"
                           f"      in: {members}\n")  # fmt: skip
    ran = run_cli("check", "spec.yaml", "--rules", "hostile.yaml", "--format", "json", cwd=tmp_path)
    findings = json.loads(ran.out)["reports"][0]["findings"]
    assert [f["verdict"] for f in findings if f["rule_id"] == "X-1"] == verdicts


# --- rulesets: the paths and dates of examples ------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "why"),
    [
        ("build.safety.seats[x].manufactured",
         "expected names and [index]es joined by dots (build.safety.seats[1].standard), got 'seats[x]' after "
         "'build.safety'"),
        ("build..track_front", "expected names and [index]es joined by dots (build.safety.seats[1].standard), got "
                               "nothing after 'build'"),
        (".build", "expected names and [index]es joined by dots (build.safety.seats[1].standard), got nothing"),
        ("build.safety.seats[]", "expected names and [index]es joined by dots (build.safety.seats[1].standard), got "
                                 "'seats[]' after 'build.safety'"),
        ("build.safety.seats[1", "expected names and [index]es joined by dots (build.safety.seats[1].standard), got "
                                 "'seats[1' after 'build.safety'"),
        ("build.safety.seats[-1]", "expected names and [index]es joined by dots (build.safety.seats[1].standard), "
                                   "got 'seats[-1]' after 'build.safety'"),
        ("build.safety.seats[\u0661]", "expected names and [index]es joined by dots (build.safety.seats[1].standard), "
                                       "got 'seats[\u0661]' after 'build.safety'"),
        ("build.safety.seats[" + "9" * 150 + "]", "index '" + "9" * 37 + "...' of 'build.safety.seats' is beyond "
                                                  "every list of a spec"),
        ("build.safety.seats[8].standard", "build.safety.seats holds at most 8 items, so no [8]"),
        ("build.engine.restrictors[4]", "build.engine.restrictors holds at most 4 items, so no [4]"),
        ("build.safety.seats[0][1]", "build.safety.seats[0] is not a list"),
        ("build.chassis.track_front[0]", "build.chassis.track_front is not a list"),
        ("build.chassis.nope", "build.chassis has no field 'nope'"),
        ("x" * 190, "the spec has no field '" + "x" * 37 + "...'"),
    ],
)  # fmt: skip
def test_a_malformed_example_path_is_refused_at_its_place(tmp_path: Path, path: str, why: str) -> None:
    text = ruleset_with(tmp_path, "    check:\n      value: build.chassis.track_front\n      max: 1800 mm\n"
                                  f"    examples:\n      - expect: pass\n        path: '{path}'\n")  # fmt: skip
    line, column = position_of(text, f"path: '{path}'")
    ran = run_cli("test", "hostile.yaml", cwd=tmp_path)
    assert_one_input_error(ran, f"hostile.yaml:{line}:{column}: rule X-1: example path {clip(path, 100)}: {why}")


def test_a_malformed_example_set_path_is_refused_at_its_key(tmp_path: Path) -> None:
    text = ruleset_with(tmp_path, "    check:\n      value: build.chassis.track_front\n      max: 1800 mm\n"
                                  "    examples:\n      - expect: pass\n        set:\n"
                                  "          build.safety.seats[9].standard: FIA 8855-2021\n")  # fmt: skip
    line, column = position_of(text, "          build.safety.seats[9]")
    ran = run_cli("test", "hostile.yaml", cwd=tmp_path)
    assert_one_input_error(ran, f"hostile.yaml:{line}:{column + 10}: rule X-1: example path "
                                "'build.safety.seats[9].standard': build.safety.seats holds at most 8 items, so no [9]")


@pytest.fixture
def schema_passes(monkeypatch: pytest.MonkeyPatch) -> None:
    """The ruleset schema lets everything by, as a cached 'valid' would: what the loader checks itself."""

    class Nothing:
        def iter_errors(self, data: Any) -> list[Any]:
            return []

    monkeypatch.setattr(schema_check, "_validator", lambda name: Nothing())


@pytest.mark.parametrize("date", ["'\uff12\uff10\uff12\uff16-01-02'", "'2026-1-2'", "'20260102'",
                                  "2026-01-02 10:00:00", "'2026-02-30'", "1"])  # fmt: skip
def test_a_ruleset_date_that_is_not_one_is_refused_by_the_loader_too(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, schema_passes: None, date: str) -> None:  # fmt: skip
    """A date the ruleset schema refuses is refused by the loader as well, in the same words: a cached 'valid'
    (or a schema that lets it by) never makes it a date it is not."""
    monkeypatch.chdir(tmp_path)
    body = "    check:\n      value: build.chassis.track_front\n      max: 1800 mm\n    examples:\n"
    text = ruleset_with(tmp_path, body + f"      - expect: pass\n        on: {date}\n")
    text = text.replace('version: "1"\n', f'version: "1"\nevent_date: {date}\n')
    (tmp_path / "hostile.yaml").write_text(text, "utf-8")
    got = describe(value_of(date))
    line, column = position_of(text, f"event_date: {date}")
    with pytest.raises(InputError) as info:
        load_ruleset("hostile.yaml")
    assert str(info.value) == f"hostile.yaml:{line}:{column}: event_date: {got} is not a valid date such as 2026-01-03"
    (tmp_path / "hostile.yaml").write_text(text.replace(f"event_date: {date}\n", ""), "utf-8")
    line, column = position_of(text, f"on: {date}")
    with pytest.raises(InputError) as info:
        [rule.examples for rule in load_ruleset("hostile.yaml").rules]
    assert str(info.value) == f"hostile.yaml:{line - 1}:{column}: on: expected a date such as 2026-01-03, got {got}"


# --- waivers, and the values an example sets -------------------------------------------------------

WAIVERS = """\
waivers:
  - rule: STK-TRACK-FRONT
    reference: SUPP-12
    reason: Wider track granted
    granted_by: Clerk of the course
    expires: 2026-12-31
"""


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("expires: 2026-12-31", "expires: \uff12026-12-31",
         "waivers[0].expires: expected a date such as 2026-01-03, got the text '\uff12026-12-31'"),
        ("expires: 2026-12-31", "expires: '2026-12-3\u0661'",
         "waivers[0].expires: expected a date such as 2026-01-03, got the text '2026-12-3\u0661'"),
        ("expires: 2026-12-31", "expires: 20261231", "waivers[0].expires: expected a date such as 2026-01-03, got "
                                                    "20261231"),
        ("reference: SUPP-12", "reference: .inf", "expected a finite number, got .inf"),
        ("reference: SUPP-12", "reference: 1e400", "expected a finite number, got 1e400"),
        ("reference: SUPP-12", "reference: 0b12", None),  # text: a reference
        ("reference: SUPP-12", "reference: 012", None),  # the whole number 12, a reference as text
    ],
)  # fmt: skip
def test_a_waivers_file_is_read_as_yaml_1_2_with_ascii_digits(tmp_path: Path, old: str, new: str,
                                                             message: str | None) -> None:  # fmt: skip
    text = WAIVERS.replace(old, new)
    (tmp_path / "waivers.yaml").write_text(text, "utf-8")
    (tmp_path / "spec.yaml").write_text(DEFENDER, "utf-8")
    ran = run_cli("check", "spec.yaml", "--waivers", "waivers.yaml", cwd=tmp_path)
    if message is None:
        assert (ran.status, ran.err) == (0, "")
        return
    line, column = position_of(text, new)
    assert_one_input_error(ran, f"waivers.yaml:{line}:{column}: {message}")


@pytest.mark.parametrize(
    ("value", "why"),
    [("1e308 m", "expected a length such as \"1760 mm\", got '1e308 m' (too large a number)"),
     ("1\u09ea00 mm", "expected a length such as \"1760 mm\", got '1\u09ea00 mm' (write digits as 0 to 9)"),
     ("0x6E0", "expected a length such as \"1760 mm\", got 1760 (a number needs its unit)")],
)  # fmt: skip
def test_an_example_setting_a_hostile_value_cannot_be_run_and_says_why(tmp_path: Path, value: str, why: str) -> None:
    text = ruleset_with(tmp_path, "    check:\n      value: build.chassis.track_front\n      max: 1800 mm\n"
                                  "    examples:\n      - expect: pass\n"
                                  f"        set: {{build.chassis.track_front: {value}}}\n")  # fmt: skip
    line, _ = position_of(text, "      - expect: pass")  # the example: its mapping, at 'expect'
    ran = run_cli("test", "hostile.yaml", cwd=tmp_path)
    assert (ran.status, ran.err) == (1, "")
    assert ran.lines[0] == (f"hostile.yaml:{line}:9: X-1 example 1: could not be run: spec.yaml (X-1 "
                            f"example 1):{FINDING_AT.split(':', 1)[1]}: build.chassis.track_front: {why}")  # fmt: skip


# --- every expression applied to input: linear ------------------------------------------------------

BIG = 300_000  # characters: a pattern quadratic in them would take minutes


@pytest.mark.parametrize(
    ("scalar", "value"),
    [
        ("1" * BIG + "x", "1" * BIG + "x"),
        ("1." + "1" * BIG + "e", "1." + "1" * BIG + "e"),
        ("." + "5" * BIG, 0.5555555555555556),
        ("+" + "0" * BIG, 0),
        ("2026-01-01" + "0" * BIG, "2026-01-01" + "0" * BIG),
        ("0x" + "f" * BIG + "g", "0x" + "f" * BIG + "g"),
        ("1:" * BIG + "1", "1:" * BIG + "1"),
        ("1e" + "5" * BIG, None),  # infinite: refused
        ("9" * BIG, None),  # beyond 18 digits: refused
    ],
)  # fmt: skip
def test_large_scalars_resolve_in_linear_time(scalar: str, value: Any) -> None:
    if value is None:
        with pytest.raises(InputError):
            parse(f"a: {scalar}\n", "f.yaml")
        return
    assert parse(f"a: {scalar}\n", "f.yaml").data == {"a": value}


@pytest.mark.parametrize("expression", ["1800 mm" + " " * BIG, "1" * BIG + " mm", " " * BIG + "1800 mm",
                                        '"' + "x" * BIG, "build." * (BIG // 6)])  # fmt: skip
def test_a_large_expression_is_refused_at_once(tmp_path: Path, expression: str) -> None:
    text = check_rule(tmp_path, "build.chassis.track_front", f"max: '{expression}'")
    assert_ruleset_refused(tmp_path, text, "max: '", "rule X-1: expression longer than 1000 characters", offset=1)
