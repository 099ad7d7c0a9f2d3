"""The part of the Dakar 2026 Stock rules JSON Schema (draft 2020-12) can express, on the JSON-mode dump.

In the subset (an absolute limit on one spec value, a fixed set of allowed values, a list's length
against a constant; a ``when`` that is a test on the spec becomes ``if``/``then``):

    T2-RESTRICTOR-FITTED    restrictors: minItems 1
    T2-AIR-INTAKE-COCKPIT   draws_from_cockpit: const false
    T2-AIR-INTAKE-HOUSING   housing_in_original_place: const true
    T2-AIR-INTAKE-COMPARTMENT  in_engine_compartment: const true
    T2-AIR-INTAKE-OPENING   if opening_diameter is a number: maximum 100 mm
    T2-AIR-INTAKE-TUBE      tube_inner_diameter: maximum 100 mm
    T2-MOUNTING-POINTS      production_mounting_points: const true
    T2-DAMPERS-FRONT        dampers_per_wheel.front: maximum 2
    T2-DAMPERS-REAR         dampers_per_wheel.rear: maximum 2
    T2-SAFETY-TANK          if safety_tank is text: enum FT3-1999, FT3.5, FT5
    T2-FUEL-LINES           if safety_tank is text: aviation_lines const true
    T2-CAGE-PLATE           cage.identification_plate: const true
    T2-SEAT-STANDARD        if seats is not empty: items.standard enum
    T2-HARNESS-STANDARD     if harnesses is not empty: items.standard enum (its ``when`` reads only
                            the check date, a constant of the event: folded when the schemas are built)
    T2-EXTINGUISHER-FITTED  extinguishers: minItems 1
    T2-EXTINGUISHER-LIST    if extinguishers is not empty: items.technical_list enum 16, 52
    STK-TYRE-DIAMETER       tyre_diameter: maximum 939.8 mm (37 in)
    STK-FUEL-TANK           tank_capacity: maximum 600 L

Not in the subset, and why:

    T2-BODYSHELL, T2-ENGINE-BLOCK, -DISPLACEMENT, -CYLINDERS, -ASPIRATION, -FUEL,
    STK-DRIVETRAIN-LAYOUT, STK-GEARBOX
        equal to a production value: JSON Schema cannot compare one instance value with another
        (2020-12 has no ``$data``); a schema per production car would be a different tool.
    T2-WHEELBASE, T2-WEIGHT-MIN, STK-TRACK-FRONT, STK-TRACK-REAR, STK-WIDTH, STK-RIDE-HEIGHT
        limits computed from production values (production + 80 mm, the homologated weight), and a
        tolerance: a schema is valid or not, it has no third verdict "marginal".
    STK-RESTRICTOR-PETROL-TURBO, -DIESEL-TURBO, -NATURAL
        absolute limits, but with a 0.1 mm tolerance (marginal); two schemas per rule could give
        pass / marginal / fail, which is no longer "what JSON Schema expresses".
    STK-RESTRICTOR-PER-TURBO
        a list's length against another spec value (production.engine.turbos).
    T2-SEAT-8855-VALIDITY, -8862-VALIDITY, -8855-2021-VALIDITY, -LABEL-VALIDITY, T2-HARNESS-VALIDITY,
    T2-SAFETY-TANK-VALIDITY, T2-SAFETY-TANK-RECERTIFIED
        dates relative to the check date, with date arithmetic (+ 5 or 10 years, to 31 December): JSON
        Schema has no date comparison (``format: date`` only checks the form).
    T2-SEAT-8855-EXTENSION
        one value of an item against another (the label's year against the year of manufacture + 7).

fastjsonschema (2.22) implements drafts 4 to 2019-09 and reads a 2020-12 ``$schema`` as 2019-09: the
keywords used here (type, properties, required, const, enum, maximum, minItems, items with one
schema, if/then) mean the same in both.

Verdicts: ``not_applicable`` when the rule's ``when`` schema (its ``if``) does not validate, else
``pass`` when the check (its ``then``) validates, else ``fail``. A maximum is written as limit + 1e-6,
the engine's EPSILON: the engine passes a value up to a micrometre over a limit (only a value within
5e-7 of that edge, where the engine's rounding to 6 places decides, could tell the two apart).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from typing import Any

import jsonschema

DRAFT = "https://json-schema.org/draft/2020-12/schema"
EPSILON = 1e-6
HARNESS_RULES_FROM = dt.date(2023, 1, 1)  # T2-HARNESS-STANDARD applies from this check date

Schema = dict[str, Any]
Check = Callable[[Any], bool]
Validators = dict[str, tuple[Check | None, Check]]  # rule id -> (when, check)


def at(path: str, schema: Schema | bool) -> Schema:
    """``schema`` for the value at dotted ``path``, every object on the way required."""
    result: Schema | bool = schema
    for key in reversed(path.split(".")):
        result = {"type": "object", "properties": {key: result}, "required": [key]}
    assert isinstance(result, dict)
    return result


def at_most(limit: float) -> Schema:
    return {"type": "number", "maximum": limit + EPSILON}


def each(path: str, field: str, allowed: list[Any]) -> tuple[Schema, Schema]:
    """(when, check) of an ``each`` rule: the list has items; every item's field is allowed."""
    item = {"type": "object", "properties": {field: {"enum": allowed}}, "required": [field]}
    return at(path, {"type": "array", "minItems": 1}), at(path, {"type": "array", "items": item})


def rules(on: dt.date) -> dict[str, tuple[Schema | bool | None, Schema]]:
    """rule id -> (when schema or None, check schema)."""
    opening = "build.air_intake.opening_diameter"
    tank = at("build.fuel.safety_tank", {"type": "string"})
    harness_when, harness_check = each("build.safety.harnesses", "standard", ["FIA 8853-2016"])
    return {
        "T2-RESTRICTOR-FITTED": (None, at("build.engine.restrictors", {"type": "array", "minItems": 1})),
        "T2-AIR-INTAKE-COCKPIT": (None, at("build.air_intake.draws_from_cockpit", {"const": False})),
        "T2-AIR-INTAKE-HOUSING": (None, at("build.air_intake.housing_in_original_place", {"const": True})),
        "T2-AIR-INTAKE-COMPARTMENT": (None, at("build.air_intake.in_engine_compartment", {"const": True})),
        "T2-AIR-INTAKE-OPENING": (at(opening, {"type": "number"}), at(opening, at_most(100.0))),
        "T2-AIR-INTAKE-TUBE": (None, at("build.air_intake.tube_inner_diameter", at_most(100.0))),
        "T2-MOUNTING-POINTS": (None, at("build.suspension.production_mounting_points", {"const": True})),
        "T2-DAMPERS-FRONT": (None, at("build.suspension.dampers_per_wheel.front", {"type": "integer", "maximum": 2})),
        "T2-DAMPERS-REAR": (None, at("build.suspension.dampers_per_wheel.rear", {"type": "integer", "maximum": 2})),
        "T2-SAFETY-TANK": (tank, at("build.fuel.safety_tank", {"enum": ["FT3-1999", "FT3.5", "FT5"]})),
        "T2-FUEL-LINES": (tank, at("build.fuel.aviation_lines", {"const": True})),
        "T2-CAGE-PLATE": (None, at("build.safety.cage.identification_plate", {"const": True})),
        "T2-SEAT-STANDARD": each("build.safety.seats", "standard", ["FIA 8855-1999", "FIA 8862-2009",
                                                                    "FIA 8855-2021"]),
        "T2-HARNESS-STANDARD": (harness_when if on >= HARNESS_RULES_FROM else False, harness_check),
        "T2-EXTINGUISHER-FITTED": (None, at("build.safety.extinguishers", {"type": "array", "minItems": 1})),
        "T2-EXTINGUISHER-LIST": each("build.safety.extinguishers", "technical_list", [16, 52]),
        "STK-TYRE-DIAMETER": (None, at("build.wheels.tyre_diameter", at_most(939.8))),
        "STK-FUEL-TANK": (None, at("build.fuel.tank_capacity", at_most(600.0))),
    }  # fmt: skip


def build(on: dt.date | None = None) -> dict[str, Schema]:
    """rule id -> a self-contained draft 2020-12 schema (``if``/``then`` for a rule with a ``when``):
    an instance is valid when the rule passes or does not apply. ``on``: the check date (default the
    ruleset's event date), which decides whether T2-HARNESS-STANDARD applies at all."""
    found = {}
    for rule_id, (when, check) in rules(on or _event_date()).items():
        body = check if when is None else {"if": when, "then": check}
        found[rule_id] = {"$schema": DRAFT, "$id": f"urn:homologate:{rule_id}", **body}
    return found


def _event_date() -> dt.date:
    from common import event_date

    return event_date()


def _parts(schema: Schema) -> tuple[Schema | None, Schema]:
    """(when, check) of a built schema, each a schema of its own."""
    if "if" not in schema:
        return None, schema
    when, check = schema["if"], schema["then"]
    when = when if isinstance(when, dict) else {"not": {}} if when is False else {}
    return {"$schema": DRAFT, **when}, {"$schema": DRAFT, **check}


def jsonschema_validators(schemas: Mapping[str, Schema]) -> Validators:
    def compiled(schema: Schema) -> Check:
        jsonschema.Draft202012Validator.check_schema(schema)
        is_valid: Check = jsonschema.Draft202012Validator(schema).is_valid
        return is_valid

    return _validators(schemas, compiled)


def fastjsonschema_validators(schemas: Mapping[str, Schema]) -> Validators:
    import fastjsonschema  # the benchmark's extra: imported only when compared

    def compiled(schema: Schema) -> Check:
        validate = fastjsonschema.compile(schema)

        def is_valid(data: Any) -> bool:
            try:
                validate(data)
            except fastjsonschema.JsonSchemaValueException:
                return False
            return True

        return is_valid

    return _validators(schemas, compiled)


def _validators(schemas: Mapping[str, Schema], compiled: Callable[[Schema], Check]) -> Validators:
    found: Validators = {}
    for rule_id, schema in schemas.items():
        when, check = _parts(schema)
        found[rule_id] = (compiled(when) if when else None, compiled(check))
    return found


def schema_verdicts(validators: Validators, data: Any) -> dict[str, str]:
    """The subset rules' verdicts with either validator set (``jsonschema_validators``,
    ``fastjsonschema_validators``): not_applicable if the rule's when does not validate, else pass or
    fail by its check."""
    found = {}
    for rule_id, (when, check) in validators.items():
        if when is not None and not when(data):
            found[rule_id] = "not_applicable"
        else:
            found[rule_id] = "pass" if check(data) else "fail"
    return found
