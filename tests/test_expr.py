"""The rule expression language: lexer, parser, and the compiler's type checks and closures."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from checker import units
from checker.expr import types as ty
from checker.expr.compile import Env, EvalError, Scope, compile_expr
from checker.expr.nodes import Duration, Num
from checker.expr.parse import MAX_DEPTH, MAX_LENGTH, ExprError, parse, tokenize
from checker.spec.load import load_spec
from checker.spec.model import Spec

ROOT = Path(__file__).resolve().parent.parent
ON = dt.date(2026, 1, 2)


@pytest.fixture(scope="module")
def defender() -> Spec:
    return load_spec(ROOT / "specs" / "defender-d7x-r.yaml", "specs/defender-d7x-r.yaml").spec


@pytest.fixture(scope="module")
def bare_defender(defender: Spec) -> Spec:
    """The Defender with its optional safety tank and intake opening left out."""
    build = defender.build
    return defender.model_copy(
        update={
            "build": build.model_copy(
                update={
                    "fuel": build.fuel.model_copy(update={"safety_tank": None}),
                    "air_intake": build.air_intake.model_copy(update={"opening_diameter": None}),
                }
            )
        }
    )


def evaluate(text: str, spec: Spec, on: dt.date = ON, scope: Scope | None = None, item: Any = None) -> Any:
    compiled = compile_expr(text, scope or Scope())
    return compiled.fn(Env(spec, on, item, 0 if item is not None else None))


def compile_error(text: str, scope: Scope | None = None) -> tuple[int, str]:
    with pytest.raises(ExprError) as caught:
        compile_expr(text, scope or Scope())
    return caught.value.offset, caught.value.message


def seat_scope() -> Scope:
    return Scope(compile_expr("build.safety.seats", Scope()).type.item)


# --- literals ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value", "kind"),
    [
        ("60 mm", 60.0, "length"),
        ("60mm", 60.0, "length"),
        ("35 in", 889.0, "length"),
        ("35 inch", 889.0, "length"),
        ('35"', 889.0, "length"),
        ("1.5 in", 38.1, "length"),
        ("1 m + 1 mm", 1001.0, "length"),
        ("1e3 mm", 1000.0, "length"),
        ("2.45 t", 2450.0, "mass"),
        ("1 lb", 0.45359237, "mass"),
        ("4.4 L", 4.4, "volume"),
        ("3 cc", 0.003, "volume"),
        ("100 hp", 74.5699872, "power"),
        ("750 Nm", 750.0, "torque"),
        ("42", 42.0, "number"),
        ('"FT3.5"', "FT3.5", "text"),
        ("'FT3.5'", "FT3.5", "text"),
        ("true", True, "bool"),
        ("false", False, "bool"),
        ("2026-01-03", dt.date(2026, 1, 3), "date"),
        ("5 years", Duration(years=5), "duration"),
        ("1 month", Duration(months=1), "duration"),
        ("10 days", Duration(days=10), "duration"),
    ],
)
def test_literal_value_and_type(text: str, value: Any, kind: str, defender: Spec) -> None:
    compiled = compile_expr(text, Scope())
    assert str(compiled.type) == kind
    assert compiled.fn(Env(defender, ON)) == value
    assert compiled.names == ()


def test_quantity_token_is_canonical_value_and_dimension() -> None:
    assert tokenize("35 in") == [("qty", (889.0, units.LENGTH), 0), ("end", None, 5)]


def test_in_after_a_number_is_the_operator_before_a_list_and_inches_otherwise() -> None:
    assert [t[0] for t in tokenize("2 in [2]")] == ["num", "kw", "op", "num", "op", "end"]
    assert tokenize("2 in")[0] == ("qty", (50.8, units.LENGTH), 0)


def test_number_glued_to_a_longer_word_is_not_a_quantity() -> None:
    assert compile_error("60 mmx") == (3, "unexpected 'mmx' after the end of the expression")


@pytest.mark.parametrize(
    ("duration", "text"),
    [(Duration(years=1), "1 year"), (Duration(years=2, months=1, days=3), "2 years 1 month 3 days"),
     (Duration(), "0 days")],
)
def test_duration_reads_as_written(duration: Duration, text: str) -> None:
    assert str(duration) == text


# --- date arithmetic -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("2024-02-29 + 5 years", dt.date(2029, 2, 28)),
        ("2024-02-29 + 12 months", dt.date(2025, 2, 28)),
        ("2024-02-29 - 1 year", dt.date(2023, 2, 28)),
        ("2021-02-28 + 5 years", dt.date(2026, 2, 28)),
        ("2024-01-31 + 1 month", dt.date(2024, 2, 29)),
        ("2023-12-31 + 2 months", dt.date(2024, 2, 29)),
        ("2024-03-31 + 1 month", dt.date(2024, 4, 30)),
        ("2024-03-31 - 1 month", dt.date(2024, 2, 29)),
        ("2024-01-01 + 10 days", dt.date(2024, 1, 11)),
        ("2024-01-01 - 10 days", dt.date(2023, 12, 22)),
        ("2025-03-01 - 1 day", dt.date(2025, 2, 28)),
        ("2024-02-29 + 1 year + 1 day", dt.date(2025, 3, 1)),
        ("check_date + 5 years", dt.date(2031, 1, 2)),
        ("max(check_date, 2026-03-01)", dt.date(2026, 3, 1)),
        ("min(2024-01-01, 2025-01-01)", dt.date(2024, 1, 1)),
    ],
)
def test_date_arithmetic_is_calendar_arithmetic(text: str, date: dt.date, defender: Spec) -> None:
    assert evaluate(text, defender) == date


def test_weeks_are_seven_days(defender: Spec) -> None:
    assert evaluate("2024-01-01 + 2 weeks", defender) == dt.date(2024, 1, 15)


def test_check_date_is_the_date_checked_on(defender: Spec) -> None:
    assert evaluate("check_date", defender, on=dt.date(2030, 6, 1)) == dt.date(2030, 6, 1)


def test_item_in_an_each_scope(defender: Spec) -> None:
    seat = defender.build.safety.seats[0]
    assert evaluate("item.manufactured + 10", defender, scope=seat_scope(), item=seat) == 2035


# --- end_of_year: a seat label's year as a date ------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("end_of_year(2021)", dt.date(2021, 12, 31)),
        ("end_of_year(2014 + 5)", dt.date(2019, 12, 31)),
        ("end_of_year(9999)", dt.date(9999, 12, 31)),
        ("end_of_year(9999 + 10)", dt.date.max),  # beyond the calendar: its last day, as date arithmetic does
        ("end_of_year(0)", dt.date.min),
        ("end_of_year(2021) >= 2021-12-31", True),
        ("end_of_year(2021) >= 2022-01-01", False),
    ],
)
def test_end_of_year_is_31_december(text: str, value: Any, defender: Spec) -> None:
    assert evaluate(text, defender) == value


def test_end_of_year_of_a_seat_label(defender: Spec) -> None:
    seat = defender.build.safety.seats[0]  # made 2025, NOT VALID AFTER 2035
    scope = seat_scope()
    assert compile_expr("end_of_year(item.manufactured + 10)", scope).type == ty.DATE
    assert evaluate("end_of_year(item.not_valid_after)", defender, scope=scope, item=seat) == dt.date(2035, 12, 31)


@pytest.mark.parametrize(
    ("text", "offset", "message"),
    [
        ("end_of_year(2021-05-12)", 0, "end_of_year() takes a year (a number), not a date"),
        ("end_of_year(3 mm)", 0, "end_of_year() takes a year (a number), not a length"),
        ("end_of_year()", 0, "end_of_year() takes one year, such as end_of_year(item.manufactured + 5)"),
        ("end_of_year(2021, 2022)", 0, "end_of_year() takes one year, such as end_of_year(item.manufactured + 5)"),
        ("item.manufactured + 5 years", 18, "cannot add a number and a duration"),  # a year, since spec_version 2
    ],
)
def test_end_of_year_takes_one_year(text: str, offset: int, message: str) -> None:
    assert compile_error(text, seat_scope()) == (offset, message)


@pytest.mark.parametrize("text", ["end_of_year(2021.5)", "end_of_year(4043 / 2)"])
def test_end_of_year_of_no_whole_year_cannot_be_evaluated(text: str, defender: Spec) -> None:
    with pytest.raises(EvalError, match=r"end_of_year\(\) needs a whole year, got "):
        evaluate(text, defender)


def test_item_is_unknown_outside_an_each_rule() -> None:
    assert compile_error("item.manufactured") == (0, "unknown name 'item.manufactured'")


# --- operators and precedence --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("1 + 2 * 3", 7.0),
        ("(1 + 2) * 3", 9.0),
        ("10 - 2 - 3", 5.0),
        ("12 / 2 / 3", 2.0),
        ("-2 * 3", -6.0),
        ("2 * -3", -6.0),
        ("-(1 + 2) * 3", -9.0),
        ("- 3 - -2", -1.0),
        ("true or false and false", True),
        ("false and true or true", True),
        ("not true or true", True),
        ("not (true or true)", False),
        ("not true and false", False),
        ("not 1 == 2", True),
        ("1 + 2 == 3", True),
        ("1 < 2 and 2 < 3", True),
        ("1 L == 1000 cc", True),
        ("2 * 3 mm", 6.0),
        ("10 mm / 4", 2.5),
        ("7 mm - 10 mm", -3.0),
        ("5 years == 5 years", True),
        ("null == null", True),
        ("1 == null", False),
        ("count(build.safety.seats) + 1 > 2 and not false", True),
    ],
)
def test_operators_and_precedence(text: str, value: Any, defender: Spec) -> None:
    assert evaluate(text, defender) == value


@pytest.mark.parametrize(
    ("text", "value", "kind"),
    [
        ("production.chassis.track_front + 60 mm", 1760.0, "length"),
        ("build.chassis.track_front - production.chassis.track_front", 60.0, "length"),
        ("build.chassis.track_front * 2", 3520.0, "length"),
        ("build.chassis.track_front / production.chassis.track_front", 1760 / 1700, "number"),
        ("production.weight.homologated + build.weight.safety_equipment", 2660.0, "mass"),
        ("build.engine.cylinders + 1", 9.0, "number"),
        ("build.chassis.track_front == 1760 mm", True, "bool"),
        ('build.engine.aspiration == "turbo" and count(build.engine.restrictors) > 0', True, "bool"),
    ],
)
def test_spec_values_in_arithmetic(text: str, value: Any, kind: str, defender: Spec) -> None:
    compiled = compile_expr(text, Scope())
    assert str(compiled.type) == kind
    assert compiled.fn(Env(defender, ON)) == pytest.approx(value)


def test_compiled_expression_records_the_names_it_reads() -> None:
    compiled = compile_expr("production.weight.homologated + build.weight.safety_equipment", Scope())
    assert [(n.text, n.path, str(n.type)) for n in compiled.names] == [
        ("production.weight.homologated", ("production", "weight", "homologated"), "mass"),
        ("build.weight.safety_equipment", ("build", "weight", "safety_equipment"), "mass"),
    ]


# --- membership and functions --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ('build.engine.aspiration in ["turbo", "natural"]', True),
        ('build.engine.aspiration in ["natural"]', False),
        ("build.engine.aspiration in []", False),
        ("build.engine.cylinders in [8, 6]", True),
        ("production.engine.turbos in [2]", True),
        ("2 in [2]", True),
        ("60 mm in [60 mm]", True),
        ("true in [true]", True),
        ('build.fuel.safety_tank in ["FT3-1999", "FT3.5", "FT5"]', True),
    ],
)
def test_in_a_list_of_literals(text: str, value: bool, defender: Spec) -> None:
    assert evaluate(text, defender) is value


@pytest.mark.parametrize(
    ("text", "value", "kind"),
    [
        ("count(build.safety.seats)", 2, "number"),
        ("count(build.engine.restrictors)", 2, "number"),
        ("sum(build.engine.restrictors)", 72.0, "length"),
        ("min(build.engine.restrictors)", 36.0, "length"),
        ("max(build.engine.restrictors)", 36.0, "length"),
        ("min(1 mm, 2 mm)", 1.0, "length"),
        ("max(1, 2, 3)", 3.0, "number"),
        ("max(build.air_intake.opening_diameter, 1 mm)", 95.0, "length"),
        ("present(build.fuel.safety_tank)", True, "bool"),
    ],
)
def test_functions(text: str, value: Any, kind: str, defender: Spec) -> None:
    compiled = compile_expr(text, Scope())
    assert str(compiled.type) == kind
    assert compiled.fn(Env(defender, ON)) == value


def test_min_of_an_empty_list_cannot_be_evaluated(defender: Spec) -> None:
    empty = defender.model_copy(
        update={"build": defender.build.model_copy(
            update={"engine": defender.build.engine.model_copy(update={"restrictors": []})})}
    )  # fmt: skip
    compiled = compile_expr("min(build.engine.restrictors)", Scope())
    with pytest.raises(EvalError, match=r"^min\(\) of an empty list$"):
        compiled.fn(Env(empty, ON))
    assert compile_expr("sum(build.engine.restrictors)", Scope()).fn(Env(empty, ON)) == 0


# --- optional fields -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "given", "missing"),
    [
        ("build.fuel.safety_tank == null", False, True),
        ("null == build.fuel.safety_tank", False, True),
        ("build.fuel.safety_tank != null", True, False),
        ("present(build.fuel.safety_tank)", True, False),
        ("present(build.air_intake.opening_diameter)", True, False),
        ('present(build.fuel.safety_tank) and build.fuel.safety_tank == "FT5"', False, False),
        ('not present(build.fuel.safety_tank) or build.fuel.safety_tank == "FT3.5"', True, True),
    ],
)
def test_optional_field_with_null_or_present(text: str, given: bool, missing: bool, defender: Spec,
                                             bare_defender: Spec) -> None:
    assert evaluate(text, defender) is given
    assert evaluate(text, bare_defender) is missing


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('build.fuel.safety_tank == "FT3.5"', "build.fuel.safety_tank is not given in the spec"),
        ('build.fuel.safety_tank in ["FT5"]', "build.fuel.safety_tank is not given in the spec"),
        ("build.air_intake.opening_diameter <= 100 mm", "build.air_intake.opening_diameter is not given in the spec"),
        ("build.air_intake.opening_diameter + 1 mm", "build.air_intake.opening_diameter is not given in the spec"),
        ("max(build.air_intake.opening_diameter, 1 mm)", "build.air_intake.opening_diameter is not given in the spec"),
    ],
)
def test_optional_field_missing_without_present_is_an_eval_error(text: str, message: str, bare_defender: Spec) -> None:
    compiled = compile_expr(text, Scope())
    with pytest.raises(EvalError) as caught:
        compiled.fn(Env(bare_defender, ON))
    assert str(caught.value) == message


def test_optional_field_type_is_marked_optional() -> None:
    assert compile_expr("build.fuel.safety_tank", Scope()).type.optional is True
    assert compile_expr("build.fuel.tank_capacity", Scope()).type.optional is False


@pytest.mark.parametrize("text", ["1 / 0", "build.chassis.track_front / 0", "1 mm / (2 mm - 2 mm)"])
def test_division_by_zero_is_an_eval_error(text: str, defender: Spec) -> None:
    with pytest.raises(EvalError, match=r"^division by zero$"):
        evaluate(text, defender)


# --- parse errors --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "offset", "message"),
    [
        ("1 < 2 < 3", 6, "comparisons cannot be chained: use 'and'"),
        ("1 == 1 == 1", 7, "comparisons cannot be chained: use 'and'"),
        ("1 $ 2", 2, "unexpected character '$'"),
        ("(1 + 2", 6, "expected ')', got the end of the expression"),
        ("1 + 2)", 5, "unexpected ')' after the end of the expression"),
        ("1 +", 3, "expected a value, got the end of the expression"),
        ("", 0, "expected a value, got the end of the expression"),
        ("2026-02-30", 0, "2026-02-30 is not a valid date"),
        ("1.5 years", 0, "a duration is a whole number of years"),
        ("35 MM", 3, "unexpected 'MM' after the end of the expression"),
        ("min(1, 2", 8, "expected ',' or ')', got the end of the expression"),
    ],
)
def test_parse_errors(text: str, offset: int, message: str) -> None:
    with pytest.raises(ExprError) as caught:
        parse(text)
    assert (caught.value.offset, caught.value.message) == (offset, message)


def test_expression_at_the_length_limit_is_read() -> None:
    text = " " * (MAX_LENGTH - 1) + "1"
    assert parse(text) == Num(MAX_LENGTH - 1, 1.0)


def test_expression_over_the_length_limit_is_refused() -> None:
    with pytest.raises(ExprError) as caught:
        parse(" " * MAX_LENGTH + "1")
    assert (caught.value.offset, caught.value.message) == (0, "expression longer than 1000 characters")


def test_nesting_at_the_depth_limit_is_read() -> None:
    depth = MAX_DEPTH - 1  # the outermost expression is one level
    assert parse("(" * depth + "1" + ")" * depth) == Num(depth, 1.0)


@pytest.mark.parametrize(
    ("text", "offset"),
    [
        ("(" * 50 + "1" + ")" * 50, 40),
        ("(" * MAX_DEPTH + "1" + ")" * MAX_DEPTH, 40),
        ("- " * 45 + "1", 80),
        ("not " * 45 + "true", 160),
    ],
)
def test_nesting_too_deep_is_refused(text: str, offset: int) -> None:
    with pytest.raises(ExprError) as caught:
        parse(text)
    assert (caught.value.offset, caught.value.message) == (offset, "expression nested deeper than 40 levels")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('build.fuel.safety_tank == "FT5', 'text opened with " is not closed'),
        ("build.fuel.safety_tank == 'FT5", "text opened with ' is not closed"),
    ],
)
def test_unclosed_string_says_so(text: str, message: str) -> None:
    assert compile_error(text) == (26, message)


def test_stray_number_is_shown_as_written() -> None:
    assert compile_error("1 2") == (2, "unexpected 2 after the end of the expression")


@pytest.mark.parametrize(
    ("text", "error"),
    [("(1 2", (3, "expected ')', got 2")), ("[1 2]", (3, "expected ',' or ']', got 2"))],
)
def test_whole_numbers_in_messages_have_no_point_zero(text: str, error: tuple[int, str]) -> None:
    assert compile_error(text) == error


def test_single_equals_suggests_double() -> None:
    assert compile_error("build.engine.cylinders = 8") == (23, "unexpected '=' (did you mean '=='?)")


# --- compile errors ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "offset", "message"),
    [
        ("prodution.chassis.track_front", 0,
         "unknown name 'prodution.chassis.track_front' (did you mean 'production.chassis.track_front'?)"),
        ("production.chassis.trak_front", 0,
         "unknown name 'production.chassis.trak_front' (did you mean 'production.chassis.track_front'?)"),
        ("1 + build.vehicle", 4, "unknown name 'build.vehicle'"),
        ('build.engine.fuel == petrol', 21, "unknown name 'petrol' (text is written in quotes: '\"petrol\"')"),
        ("build.chassis.track_front.x", 0, "'build.chassis.track_front' is a length and has no field 'x'"),
        ("build.safety.seats.standard", 0, "'build.safety.seats' is a list: use 'each:' on the rule, or count()"),
        ("build.engine.restrictors.x", 0, "'build.engine.restrictors' is a list: use 'each:' on the rule, or count()"),
        ("build.chassis.track_front + build.fuel.tank_capacity", 26, "cannot add a length and a volume"),
        ("build.chassis.track_front + 60", 26, "cannot add a length and a number"),
        ("build.chassis.track_front * build.chassis.track_front", 26, "cannot multiply a length and a length"),
        ("build.fuel.safety_tank + 1 mm", 23, "cannot add a text and a length"),
        ("1 + true", 2, "cannot add a number and a bool"),
        ("build.safety.seats + 1", 19, "cannot add a list of Seat entries and a number"),
        ("build.safety.seats == 1", 19, "cannot compare a list of Seat entries with a number"),
        ("2024-01-02 - 2024-01-01", 11, "cannot subtract a date and a date"),
        ('"FT5" == 5', 6, "cannot compare a text with a number"),
        ("build.engine.aspiration == 1", 24, "cannot compare a text with a number"),
        ("1 mm == 1", 5, "cannot compare a length with a number"),
        ("true == 1", 5, "cannot compare a bool with a number"),
        ("build.chassis.track_front > 3 L", 26, "cannot compare a length with a volume using '>'"),
        ("build.chassis.track_front > 60", 26, "cannot compare a length with a number using '>'"),
        ("2024-01-01 < 5", 11, "cannot compare a date with a number using '<'"),
        ('build.engine.aspiration == "turbocharged"', 27,
         "'turbocharged' can never match: expected one of natural, turbo, supercharged"),
        ('build.engine.aspiration != "turbocharged"', 27,
         "'turbocharged' can never match: expected one of natural, turbo, supercharged"),
        ('"turbocharged" == build.engine.aspiration', 0,
         "'turbocharged' can never match: expected one of natural, turbo, supercharged"),
        ('build.engine.aspiration in ["turbo", "turbocharged"]', 37,
         "'turbocharged' can never match: expected one of natural, turbo, supercharged"),
        ('build.engine.cylinders in ["8"]', 27, "cannot compare a number with a text"),
        ("build.engine.cylinders in [1 mm]", 27, "cannot compare a number with a length"),
        ("build.engine.cylinders in 8", 26, "'in' needs a list of values such as [\"FT3.5\", \"FT5\"]"),
        ("build.engine.cylinders in [build.engine.turbos]", 27, "the list after 'in' may hold only literal values"),
        ("[1, 2]", 0, "a list is only allowed after 'in'"),
        ("cont(build.safety.seats)", 0, "unknown function 'cont' (did you mean 'count'?)"),
        ("foo(1)", 0, "unknown function 'foo'"),
        ("count(1)", 0, "count() takes one list"),
        ("count(build.engine.aspiration)", 0, "count() takes one list"),
        ("sum(1)", 0, "sum() takes one list"),
        ("max(1 mm)", 0, "max() takes one list"),
        ("min(1 mm, 2)", 0, "min() needs numbers of one kind, or dates"),
        ("present(1)", 0, "present() takes one field name"),
        ("present(build.chassis.track_front + 1 mm)", 0, "present() takes one field name"),
        ("not 1", 0, "'not' needs true or false, got a number"),
        ("not build.fuel.safety_tank", 0, "'not' needs true or false, got a text"),
        ('-"a"', 0, "cannot negate a text"),
        ("- 1 year", 0, "cannot negate a duration"),
        ("1 and true", 2, "'and' needs true or false on both sides"),
        ("true or 1", 5, "'or' needs true or false on both sides"),
    ],
)  # fmt: skip
def test_compile_errors(text: str, offset: int, message: str) -> None:
    assert compile_error(text) == (offset, message)


def test_wanted_type_is_checked() -> None:
    with pytest.raises(ExprError) as caught:
        compile_expr("build.chassis.track_front", Scope(), ty.BOOL)
    assert caught.value.message == "expected a bool, but this expression gives a length"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('build.fuel.safety_tank < "FT5"', "'<' compares numbers, quantities or dates, not a text and a text"),
        ('build.engine.cylinders < "a"', "'<' compares numbers, quantities or dates, not a number and a text"),
    ],
)
def test_ordering_texts_says_what_ordering_needs(text: str, message: str) -> None:
    assert compile_error(text) == (23, message)


def test_unknown_name_in_message_is_clipped() -> None:
    _, message = compile_error("x" * MAX_LENGTH)
    assert len(message) < 200


def test_unknown_dotted_name_in_message_is_clipped_to_100_characters() -> None:
    assert compile_error("build." + "x" * (MAX_LENGTH - 6)) == (0, "unknown name '" + "build." + "x" * 91 + "...'")
