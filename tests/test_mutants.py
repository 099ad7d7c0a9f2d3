"""What mutation testing (mutmut, on checker/compiler.py and checker/engine.py) found the other tests let
change unseen: compile errors' offsets at a position other than 0, type checks that let a wrong
expression compile, the result type of max(), and the values and wording of findings in the corners the
other tests do not reach (a tie between both limits, a margin of exactly EPSILON, a min-only limit, a
date range, the derivation of a list or of an absent value)."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path
from typing import Any

import pytest

from checker.evaluate.findings import evaluate
from checker.expr import types as ty
from checker.expr.compile import Env, EvalError, Namespace, Scope, compile_expr
from checker.expr.parse import ExprError
from checker.report import Vehicle
from checker.spec.load import load_spec
from checker.spec.model import Spec
from tests.test_engine import DEFENDER, SEATS, check_one, defender, rule, rules

ON = dt.date(2026, 1, 2)


@pytest.fixture(scope="module")
def spec() -> Spec:
    return load_spec(DEFENDER, "specs/defender-d7x-r.yaml").spec


def with_engine(spec: Spec, **changes: Any) -> Spec:
    engine = spec.build.engine.model_copy(update=changes)
    return spec.model_copy(update={"build": spec.build.model_copy(update={"engine": engine})})


def without_safety_tank(spec: Spec) -> Spec:
    fuel = spec.build.fuel.model_copy(update={"safety_tank": None})
    return spec.model_copy(update={"build": spec.build.model_copy(update={"fuel": fuel})})


def run(text: str, spec: Spec) -> Any:
    return compile_expr(text, Scope()).fn(Env(spec, ON))


def compile_error(text: str, want: ty.Type | None = None) -> tuple[int, str]:
    with pytest.raises(ExprError) as caught:
        compile_expr(text, Scope(), want)
    return caught.value.offset, caught.value.message


# --- compile errors point at the part that is wrong, not at the start -------------------------------


@pytest.mark.parametrize(
    ("text", "offset", "message"),
    [
        ("1 + [1, 2]", 4, "a list is only allowed after 'in'"),
        ("1 + build.safety.seats.standard", 4, "'build.safety.seats' is a list: use 'each:' on the rule, or count()"),
        ("1 + build.chassis.track_front.x", 4, "'build.chassis.track_front' is a length and has no field 'x'"),
        ('1 + -"a"', 4, "cannot negate a text"),
        ("true and not 1", 9, "'not' needs true or false, got a number"),
        ("1 + foo(1)", 4, "unknown function 'foo'"),
        ("1 + present(1)", 4, "present() takes one field name"),
        ("1 + min(1 mm, 2)", 4, "min() needs numbers of one kind, or dates"),
        ("1 + count(1)", 4, "count() takes one list"),
        ("1 + max(build.safety.seats)", 4, "max() needs a list of numbers, got a list of Seat entries"),
    ],
)  # fmt: skip
def test_compile_error_offset_is_where_the_wrong_part_starts(text: str, offset: int, message: str) -> None:
    assert compile_error(text) == (offset, message)


def test_wanted_type_error_points_at_the_whole_expression() -> None:
    assert compile_error("build.chassis.track_front", ty.BOOL) == (
        0, "expected a bool, but this expression gives a length")  # fmt: skip


# --- type checks that must refuse --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "offset", "message"),
    [
        ("count(1, 2)", 0, "count() takes one list"),
        ("sum(1, 2)", 0, "sum() takes one list"),
        ("count(build.safety.seats, build.safety.seats)", 0, "count() takes one list"),
        ("min(build.safety.seats)", 0, "min() needs a list of numbers, got a list of Seat entries"),
        ("sum(build.safety.seats)", 0, "sum() needs a list of numbers, got a list of Seat entries"),
        ("2 * 2024-01-01", 2, "cannot multiply a number and a date"),
        ("1 / 1 mm", 2, "cannot divide a number and a length"),
        ("build.engine.cylinders in [1, null]", 30, "the list after 'in' may hold only literal values"),
    ],
)  # fmt: skip
def test_wrong_expressions_are_refused(text: str, offset: int, message: str) -> None:
    assert compile_error(text) == (offset, message)


@pytest.mark.parametrize(
    ("length", "message"),
    [
        (40, "unknown name '{0}' (text is written in quotes: '\"{0}\"')"),  # a word: perhaps text without quotes
        (41, "unknown name '{0}'"),  # too long to be a value written without quotes
    ],
)
def test_quotes_hint_is_for_names_of_at_most_40_characters(length: int, message: str) -> None:
    text = "x" * length
    assert compile_error(text) == (0, message.format(text))


def test_unknown_undotted_name_is_clipped_to_100_characters() -> None:
    assert compile_error("y" * 100) == (0, "unknown name '" + "y" * 100 + "'")
    assert compile_error("y" * 101) == (0, "unknown name '" + "y" * 97 + "...'")


# --- types and values of what compiles ----------------------------------------------------------------


@pytest.mark.parametrize(("text", "kind"), [("2 * 3 mm", "length"), ("3 mm * 2", "length"), ("2 * 3", "number")])
def test_a_number_times_a_quantity_is_the_quantity(text: str, kind: str) -> None:
    assert str(compile_expr(text, Scope()).type) == kind


def test_max_of_values_has_the_type_of_its_first_argument() -> None:
    compiled = compile_expr("max(build.wheels.tyre_diameter, 1 mm)", Scope())
    assert (str(compiled.type), compiled.type.display) == ("length", "in")


def test_min_and_max_of_a_list_are_its_least_and_its_greatest(spec: Spec) -> None:
    uneven = with_engine(spec, restrictors=[30.0, 40.0])
    assert (run("min(build.engine.restrictors)", uneven), run("max(build.engine.restrictors)", uneven)) == (30.0, 40.0)


def test_max_of_an_empty_list_cannot_be_evaluated(spec: Spec) -> None:
    with pytest.raises(EvalError, match=r"^max\(\) of an empty list$"):
        run("max(build.engine.restrictors)", with_engine(spec, restrictors=[]))


def test_an_absent_value_on_the_right_of_equals_is_not_given(spec: Spec) -> None:
    with pytest.raises(EvalError, match=r"^build\.fuel\.safety_tank is not given in the spec$"):
        run('"FT3.5" == build.fuel.safety_tank', without_safety_tank(spec))
    assert run('"FT3.5" == build.fuel.safety_tank', spec) is True


# --- the namespace of generated code ------------------------------------------------------------------


def test_generated_code_has_no_builtins() -> None:
    function = Namespace().function("def f():\n    return open\n", "f")
    with pytest.raises(NameError):
        function()


def test_equal_constants_of_different_types_do_not_share_a_name() -> None:
    namespace = Namespace()
    whole, real = namespace.constant(1), namespace.constant(1.0)
    assert whole != real
    assert type(namespace.globals[whole]) is int
    assert type(namespace.globals[real]) is float
    assert namespace.constant(1.0) == real


def test_unhashable_constants_are_never_shared() -> None:
    namespace = Namespace()
    lists = [[1], [2], [3]]
    names = [namespace.constant(value) for value in lists]
    assert len(set(names)) == 3
    assert [namespace.globals[name] for name in names] == lists


# --- findings -----------------------------------------------------------------------------------------


def test_membership_finding_keeps_the_value_and_the_allowed_values(tmp_path: Path) -> None:
    finding = check_one(tmp_path, {"value": "build.engine.aspiration", "in": ["natural", "turbo"]})
    assert (finding.verdict, finding.message) == ("pass", "turbo is one of the allowed values")
    assert (finding.measured, finding.measured_value) == ("turbo", "turbo")
    assert (finding.limit, finding.limit_value) == ("one of natural, turbo", ["natural", "turbo"])


def test_equality_finding_keeps_the_measured_value(tmp_path: Path) -> None:
    finding = check_one(tmp_path, {"value": "build.engine.turbos", "equals": 1})
    assert (finding.verdict, finding.measured, finding.measured_value, finding.limit_value) == ("fail", "2", 2, 1)


def test_production_equality_of_text_names_no_amount(tmp_path: Path) -> None:
    spec = defender(tmp_path, ("aspiration: turbo\n    turbos: 2\n    fuel: petrol\n    restrictors",
                                "aspiration: natural\n    turbos: 2\n    fuel: petrol\n    restrictors"))
    finding = check_one(tmp_path, {"value": "build.engine.aspiration", "equals": "production.engine.aspiration"}, spec)
    assert (finding.verdict, finding.message) == ("fail", "natural differs from the production value turbo")


def test_margin_of_exactly_epsilon_is_at_the_limit(tmp_path: Path) -> None:
    finding = check_one(tmp_path, {"value": "build.chassis.track_front", "max": "1760.000001 mm"})
    assert (finding.verdict, finding.message) == ("pass", "1760 mm, at the limit (≤ 1760 mm)")


def test_minimum_alone_is_the_limit_value(tmp_path: Path) -> None:
    finding = check_one(tmp_path, {"value": "build.chassis.track_front", "min": "1700 mm"})
    assert (finding.limit, finding.limit_value, finding.margin_value) == ("≥ 1700 mm", 1700.0, 60.0)


@pytest.mark.parametrize(
    ("low", "high", "message"),
    [
        # crossed limits (derived from the spec, so not refused at load time), the value as far beyond both:
        # the maximum's side, as the margin was taken
        ("production.chassis.track_front + 65 mm", "production.chassis.track_front + 55 mm",
         "1760 mm is 5 mm above the maximum (1765 mm to 1755 mm)"),
        # ... and where they are as far only to the 6th decimal, the margin's precision
        ("production.chassis.track_front + 65.0000004 mm", "production.chassis.track_front + 55 mm",
         "1760 mm is 5 mm above the maximum (1765 mm to 1755 mm)"),
        # a narrow range: below the minimum by less than half a unit
        ("1760.2 mm", "1760.4 mm", "1760 mm is 0.2 mm below the minimum (1760.2 mm to 1760.4 mm)"),
    ],
)  # fmt: skip
def test_side_of_a_failed_range(tmp_path: Path, low: str, high: str, message: str) -> None:
    finding = check_one(tmp_path, {"value": "build.chassis.track_front", "min": low, "max": high})
    assert (finding.verdict, finding.message) == ("fail", message)


def test_date_range_failed_below_its_earliest_date(tmp_path: Path) -> None:
    check = {"value": "item.expires", "min": "2030-06-01", "max": "2031-01-01"}
    report = evaluate(defender(), rules(tmp_path, rule("H", check, each="build.safety.harnesses")))
    finding = report.findings[0]
    assert (finding.verdict, finding.message, finding.margin, finding.limit_value) == (
        "fail", "2030-05-31 is 1 day before the earliest date (2030-06-01 to 2031-01-01)", "-1 day",
        [dt.date(2030, 6, 1), dt.date(2031, 1, 1)])  # fmt: skip


ONE_SEAT = "      - {standard: FIA 8862-2009, manufactured: 2025-05-12}\n"
THREE_SEATS = SEATS + ONE_SEAT


@pytest.mark.parametrize(("seats", "shown"), [(ONE_SEAT, "1 item"), (SEATS, "2 items"), (THREE_SEATS, "3 items")])
def test_derivation_counts_the_items_of_a_list(tmp_path: Path, seats: str, shown: str) -> None:
    spec = defender(tmp_path, (SEATS, seats)) if seats != SEATS else defender()
    finding = check_one(tmp_path, {"value": "count(build.safety.seats)", "min": 1}, spec)
    assert finding.derivation == f"count(build.safety.seats), with build.safety.seats = {shown}"


def test_derivation_of_an_absent_value_says_not_given(tmp_path: Path) -> None:
    spec = defender(tmp_path, ("    safety_tank: FT3.5        # illustrative\n", ""))
    finding = check_one(tmp_path, {"value": "present(build.fuel.safety_tank)", "equals": True}, spec)
    assert (finding.verdict, finding.message) == ("fail", "no, but the rule requires yes")
    assert finding.derivation == "present(build.fuel.safety_tank), with build.fuel.safety_tank = not given"


def test_derivation_shows_the_check_date_it_reads(tmp_path: Path) -> None:
    check = {"value": "item.expires", "min": "check_date + 1 year"}
    report = evaluate(defender(), rules(tmp_path, rule("H", check, each="build.safety.harnesses")))
    finding = report.findings[0]
    assert (finding.verdict, finding.margin, finding.unit) == ("pass", "+1245 days", "days")
    assert finding.derivation == "check_date + 1 year, with check_date = 2026-01-02"


def test_a_rule_that_is_not_an_each_rule_is_judged_on_the_check_date(tmp_path: Path) -> None:
    finding = check_one(tmp_path, {"value": "check_date", "min": "2025-01-01"})
    assert (finding.verdict, finding.message) == (
        "pass", "2026-01-02, 366 days inside the limit (on or after 2025-01-01)")


@pytest.mark.parametrize(
    ("check", "unit"),
    [
        ({"value": "build.engine.turbos", "equals": 1}, None),  # a plain number: a margin, but no unit
        ({"value": "build.engine.aspiration", "in": ["turbo"]}, None),
        ({"value": "build.chassis.track_front", "max": "1780 mm"}, "mm"),
    ],
)
def test_unit_of_a_finding(tmp_path: Path, check: dict[str, Any], unit: str | None) -> None:
    assert check_one(tmp_path, check).unit == unit


def test_finding_carries_the_rule_texts(tmp_path: Path) -> None:
    finding = check_one(tmp_path, {"value": "build.engine.turbos", "equals": 2}, note="N")
    assert (finding.rule_id, finding.title, finding.area, finding.article, finding.provenance, finding.source,
            finding.note, finding.severity) == (
        "R", "T", "chassis", "Art. 1", "published", "S", "N", "error")


def test_report_names_the_whole_vehicle_and_the_spec_digest(tmp_path: Path) -> None:
    loaded = defender()
    report = evaluate(loaded, rules(tmp_path, rule("R", {"value": "build.engine.turbos", "equals": 2})))
    assert report.vehicle == Vehicle("Land Rover", "Defender Dakar D7X-R", "T2-ILLUSTRATIVE-0001", "T2 Stock",
                                     "Defender Rally (illustrative entry)")  # fmt: skip
    assert report.spec_sha256 == hashlib.sha256(DEFENDER.read_bytes()).hexdigest()


@pytest.mark.parametrize(("text", "counted"), [
    ("count(build.safety.seats) >= 1", [("build.safety.seats", True)]),
    ("max(build.engine.restrictors)", [("build.engine.restrictors", False)]),
    ("sum(build.engine.restrictors)", [("build.engine.restrictors", False)]),
    ("count(build.engine.restrictors) == count(build.safety.seats)",
     [("build.engine.restrictors", True), ("build.safety.seats", True)]),
    ("count(build.engine.restrictors) > 0 and max(build.engine.restrictors) < 40 mm",
     [("build.engine.restrictors", True), ("build.engine.restrictors", False)]),
    ("min(production.chassis.track_front, build.chassis.track_front)",
     [("production.chassis.track_front", False), ("build.chassis.track_front", False)]),
])  # fmt: skip
def test_a_list_read_only_by_count_is_marked_so(text: str, counted: list[tuple[str, bool]]) -> None:
    """diff ties a changed item to a rule only if the rule reads more of its list than how many."""
    assert [(n.text, n.counted) for n in compile_expr(text, Scope()).names] == counted
