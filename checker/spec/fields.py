"""The kinds of value a spec holds: quantities with units, text, counts, values left null until known.

Each is a pydantic type with its own reading (``"35 in"`` read once into millimetres) and its own JSON
Schema (checker.spec.json_schema), and carries what the rule language needs to type-check rules
against it (``QuantityMeta``, ``Pending``: read by checker.expr.types).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated, Any, Literal, TypeAlias

from pydantic import BeforeValidator, Field

from checker import units
from checker.spec import json_schema
from checker.spec.quantity import expected, parse_quantity
from checker.text import clip, describe
from checker.text import quantity as show_quantity


@dataclass(frozen=True)
class QuantityMeta:
    """Marks a float field as a quantity; the expression compiler reads it to type-check rules."""

    dim: units.Dimension
    display: str  # the unit reports show it in
    most: float  # anything above is not a plausible value for a car
    example: str  # for messages: "35 in" for a tyre, "36 mm" for a restrictor

    def __get_pydantic_json_schema__(self, core_schema: Any, handler: Any) -> dict[str, Any]:
        # written as text with a unit ("36 mm"), not as the float it is held as
        most = show_quantity(self.most, self.dim, self.display)
        return json_schema.quantity(self.dim, self.example, most)


@dataclass(frozen=True)
class Pending:
    """Marks a build value a spec must give (the key stays required) but may leave null until it is
    known: ``todo`` says what is left to do ("measured", "filled in"). A rule that reads a null one
    fails ("cannot be checked"), never passes and never stops applying because of it: the expression
    compiler reads this mark (checker.expr.types, checker.expr.compile). ``homologate init`` writes these null."""

    todo: str

    def __get_pydantic_json_schema__(self, core_schema: Any, handler: Any) -> dict[str, Any]:
        # editors show what a null there means
        schema: dict[str, Any] = handler(core_schema)
        for branch in schema.get("anyOf", ()):
            if branch.get("type") == "null":
                branch["description"] = f"not {self.todo} yet: every rule that reads it fails until it is"
        return schema


MEASURED = Pending("measured")  # a figure taken on the car: a diameter, a weight
FILLED_IN = Pending("filled in")  # a fact read off the car or its papers: a certificate, a standard, a date


def _quantity_parser(meta: QuantityMeta) -> Any:
    want = expected(meta.dim, meta.example)

    read: dict[str, float] = {}  # text -> value: "35 in" and "2 mm" recur across a batch of specs

    def parse(value: Any) -> float:
        if type(value) is str and value in read:
            return read[value]
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            raise ValueError(f"{want}, got {describe(value)}")
        if not isinstance(value, str):
            raise ValueError(f"{want}, got {value} (a number needs its unit)")
        number, _ = parse_quantity(value, meta.dim, meta.example)
        if not 0 < number <= meta.most:
            limit = show_quantity(meta.most, meta.dim, meta.display)
            raise ValueError(f"expected a {meta.dim.name} above 0 and at most {limit}, got {clip(value)}")
        if len(read) >= 10_000:
            read.clear()
        read[value] = number
        return number

    return parse


def quantity(dim: units.Dimension, example: str, display: str | None = None, most: float = 0.0) -> Any:
    meta = QuantityMeta(dim, display or dim.unit, most, example)
    return Annotated[float, BeforeValidator(_quantity_parser(meta)), meta]


def _text(value: Any) -> Any:
    # identity fields are often numbers in YAML (form number 1234): read them as the text they are
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return value


class _TextOrNumber:
    """JSON Schema only: a Text field takes a whole number too, as ``_text`` reads it."""

    def __get_pydantic_json_schema__(self, core_schema: Any, handler: Any) -> dict[str, Any]:
        schema: dict[str, Any] = handler(core_schema)
        schema["type"] = ["string", "integer"]
        return schema


Text = Annotated[str, BeforeValidator(_text), Field(min_length=1, max_length=200), _TextOrNumber()]
if TYPE_CHECKING:  # to a type checker a quantity is the float it is held as
    Length: TypeAlias = float
    Diameter: TypeAlias = float
    Inches: TypeAlias = float
    Volume: TypeAlias = float
    Displacement: TypeAlias = float
    Mass: TypeAlias = float
else:
    Length = quantity(units.LENGTH, "1760 mm", most=10_000.0)
    Diameter = quantity(units.LENGTH, "36 mm", most=500.0)
    Inches = quantity(units.LENGTH, "35 in", "in", most=2_000.0)
    Volume = quantity(units.VOLUME, "550 L", most=5_000.0)
    Displacement = quantity(units.VOLUME, "4395 cc", "cc", most=20.0)
    Mass = quantity(units.MASS, "2450 kg", most=50_000.0)
Count = Annotated[int, Field(ge=0, le=64)]


RuleId = Annotated[str, Field(pattern=r"^[A-Z0-9][A-Z0-9_.-]*$", max_length=60)]


def _exactly_one(value: Any) -> Any:
    # Literal[1] would take true and 1.0 for 1: the version is written as the number 1
    if type(value) is not int:
        raise ValueError(f"expected 1, got {describe(value)}")
    return value


VersionOne = Annotated[Literal[1], BeforeValidator(_exactly_one)]


SPEC_VERSIONS = (1, 2)


def _spec_version(value: Any) -> Any:
    if type(value) is not int or value not in SPEC_VERSIONS:
        raise ValueError(f"expected 1 or 2 (the spec formats this homologate reads), got {describe(value)}")
    return value


class _VersionSchema:
    """JSON Schema only: the spec versions read, as one enum (no "const" per version)."""

    def __get_pydantic_json_schema__(self, core_schema: Any, handler: Any) -> dict[str, Any]:
        return {"type": "integer", "enum": list(SPEC_VERSIONS)}


SpecVersion = Annotated[Literal[1, 2], BeforeValidator(_spec_version), _VersionSchema()]


def _year(value: Any) -> Any:
    # a seat label gives a year; a whole date (as spec_version 1 wrote it) is read as its year
    if type(value) is dt.date:
        return value.year
    if type(value) is not int:
        quoted = " (remove the quotes)" if isinstance(value, str) and value.strip().isdigit() else ""
        raise ValueError(f"expected a year such as 2021, got {describe(value)}{quoted}")
    return value


FIRST_YEAR, LAST_YEAR = dt.MINYEAR, dt.MAXYEAR  # every year a date can have (spec_version 1 wrote dates)


class _YearSchema:
    """JSON Schema only: a year, or a date read as its year."""

    def __get_pydantic_json_schema__(self, core_schema: Any, handler: Any) -> dict[str, Any]:
        year = {"type": "integer", "minimum": FIRST_YEAR, "maximum": LAST_YEAR}
        return {"anyOf": [year, {"type": "string", "format": "date"}], "examples": [2021]}


Year = Annotated[int, BeforeValidator(_year), Field(ge=FIRST_YEAR, le=LAST_YEAR), _YearSchema()]
