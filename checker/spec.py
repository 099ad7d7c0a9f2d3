"""The build spec: the production reference (homologation-form values) and the competition build."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, ClassVar, Literal, Optional, TypeAlias, TypeVar

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError

from checker import units
from checker.errors import InputError, clip, describe, did_you_mean, dotted
from checker.yamlsource import Document, load_file


@dataclass(frozen=True)
class QuantityMeta:
    """Marks a float field as a quantity; the expression compiler reads it to type-check rules."""

    dim: units.Dimension
    display: str  # the unit reports show it in
    most: float  # anything above is not a plausible value for a car
    example: str  # for messages: "35 in" for a tyre, "36 mm" for a restrictor

    def __get_pydantic_json_schema__(self, core_schema: Any, handler: Any) -> dict[str, Any]:
        # written as text with a unit ("36 mm"), not as the float it is held as: see checker.jsonschemas
        from checker.jsonschemas import quantity_schema  # only when a JSON Schema is generated

        return quantity_schema(self)


@dataclass(frozen=True)
class Pending:
    """Marks a build value a spec must give (the key stays required) but may leave null until it is
    known: ``todo`` says what is left to do ("measured", "filled in"). A rule that reads a null one
    fails ("cannot be checked"), never passes and never stops applying because of it: the expression
    compiler reads this mark (checker.types, checker.compiler). ``homologate init`` writes these null."""

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
    want = f'expected a {meta.dim.name} such as "{meta.example}"'

    read: dict[str, float] = {}  # text -> value: "35 in" and "2 mm" recur across a batch of specs

    def parse(value: Any) -> float:
        if type(value) is str and value in read:
            return read[value]
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            raise ValueError(f"{want}, got {describe(value)}")
        if not isinstance(value, str):
            raise ValueError(f"{want}, got {value} (a number needs its unit)")
        number, _ = units.parse_quantity(value, meta.dim, meta.example)
        if not 0 < number <= meta.most:
            limit = units.format_quantity(meta.most, meta.dim, meta.display)
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


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True, defer_build=True)
    # how errors name a whole file of this model (a spec, a waivers file, a homologation form)
    document_kind: ClassVar[str] = "a mapping"
    document_name: ClassVar[str] = "the file"


class Identity(Model):
    make: Text
    model: Text
    homologation_form: Text = Field(description="number of the FIA homologation form")
    vehicle_class: Text = Field(alias="class", description="class entered, e.g. 'T2 Stock'")
    entry: Optional[Text] = Field(None, description="team, crew or car number")
    sources: Optional[str] = Field(None, max_length=2000, description="where the numbers come from")


class Engine(Model):
    block: Text = Field(description="production block identity (code or part number)")
    displacement: Displacement
    cylinders: Annotated[int, Field(ge=1, le=16)]
    aspiration: Literal["natural", "turbo", "supercharged"]
    turbos: Annotated[int, Field(ge=0, le=4)] = 0
    fuel: Literal["petrol", "diesel"]


class BuildEngine(Engine):
    restrictors: list[Annotated[Optional[Diameter], MEASURED]] = Field(
        default_factory=list, max_length=4, description="air restrictor inner diameters, one per turbo"
    )


class Drivetrain(Model):
    layout: Literal["4x4", "4x2"]
    gearbox: Text
    gears: Annotated[int, Field(ge=1, le=12)]


class Chassis(Model):
    bodyshell: Text = Field(description="production bodyshell identity")
    wheelbase: Length
    track_front: Length
    track_rear: Length
    width: Length


class Dampers(Model):
    front: Annotated[int, Field(ge=0, le=8)] = Field(description="dampers on each front wheel")
    rear: Annotated[int, Field(ge=0, le=8)] = Field(description="dampers on each rear wheel")


class Suspension(Model):
    ride_height: Length
    dampers_per_wheel: Dampers


class BuildSuspension(Suspension):
    production_mounting_points: Annotated[Optional[bool], FILLED_IN]


class Wheels(Model):
    tyre_diameter: Inches
    tyre_width: Length
    rim_diameter: Inches


class BuildWheels(Wheels):
    spare_wheels: Annotated[Optional[Count], FILLED_IN]


class Fuel(Model):
    tank_capacity: Volume


class BuildFuel(Fuel):
    safety_tank: Optional[Text] = Field(None, description="FT3-1999, FT3.5 or FT5 where a safety tank is fitted")
    aviation_lines: bool = False


class ProductionWeight(Model):
    homologated: Mass = Field(description="weight on the homologation form")


class BuildWeight(Model):
    measured: Annotated[Optional[Mass], MEASURED] = Field(description="as weighed under the Art. 284 conditions")
    safety_equipment: Annotated[Optional[Mass], MEASURED] = Field(description="mass of the safety equipment added to the production car")


class AirIntake(Model):
    opening_diameter: Optional[Diameter] = Field(None, description="opening in bonnet or wing, if any")
    tube_inner_diameter: Annotated[Optional[Diameter], MEASURED]
    draws_from_cockpit: Annotated[Optional[bool], FILLED_IN]
    housing_in_original_place: Annotated[Optional[bool], FILLED_IN]


class Cage(Model):
    certificate: Annotated[Optional[Text], FILLED_IN] = Field(
        description="homologation or certification number of the safety cage"
    )
    identification_plate: Annotated[Optional[bool], FILLED_IN]


class Seat(Model):
    standard: Annotated[Optional[Text], FILLED_IN]
    manufactured: Annotated[Optional[dt.date], FILLED_IN]


class Harness(Model):
    standard: Annotated[Optional[Text], FILLED_IN]
    expires: Annotated[Optional[dt.date], FILLED_IN]


class Extinguisher(Model):
    technical_list: Annotated[Optional[Annotated[int, Field(ge=1, le=999)]], FILLED_IN] = Field(
        description="FIA Technical List number"
    )
    system: Annotated[Optional[Literal["plumbed-in", "hand-held"]], FILLED_IN]


class Safety(Model):
    cage: Cage
    seats: list[Seat] = Field(max_length=8)
    harnesses: list[Harness] = Field(max_length=8)
    extinguishers: list[Extinguisher] = Field(max_length=8)


class Production(Model):
    """The homologation-form values of the series car."""

    engine: Engine
    drivetrain: Drivetrain
    chassis: Chassis
    suspension: Suspension
    wheels: Wheels
    fuel: Fuel
    weight: ProductionWeight


class Build(Model):
    """The competition car as built and measured."""

    engine: BuildEngine
    drivetrain: Drivetrain
    chassis: Chassis
    suspension: BuildSuspension
    wheels: BuildWheels
    fuel: BuildFuel
    weight: BuildWeight
    air_intake: AirIntake
    safety: Safety


RuleId = Annotated[str, Field(pattern=r"^[A-Z0-9][A-Z0-9_.-]*$", max_length=60)]


class Waiver(Model):
    """A deviation granted by the organiser for one rule (optionally one value of it), until a date."""

    rule: RuleId
    reference: Text = Field(description="the organiser's reference number")
    reason: Annotated[str, Field(min_length=1, max_length=1000)]
    granted_by: Text
    expires: dt.date
    path: Optional[Annotated[str, Field(min_length=1, max_length=200)]] = Field(
        None, description="only the finding about this spec value, e.g. build.safety.seats[1].manufactured"
    )


def _exactly_one(value: Any) -> Any:
    # Literal[1] would take true and 1.0 for 1: the version is written as the number 1
    if type(value) is not int:
        raise ValueError(f"expected 1, got {describe(value)}")
    return value


VersionOne = Annotated[Literal[1], BeforeValidator(_exactly_one)]


class Spec(Model):
    """A build spec: the car's identity, its homologation-form values and the competition build."""

    document_kind: ClassVar[str] = "a build spec"
    document_name: ClassVar[str] = "the spec"

    spec_version: VersionOne = Field(1, description="version of this file's format: 1")
    vehicle: Identity
    production: Production
    build: Build
    waivers: list[Waiver] = Field(default_factory=list, max_length=200)


class WaiverFile(Model):
    """A file of waivers given with --waivers: the same list a spec may carry."""

    document_kind: ClassVar[str] = "a mapping with 'waivers'"
    document_name: ClassVar[str] = "the waivers file"

    waivers: list[Waiver] = Field(max_length=200)


@dataclass(frozen=True)
class LoadedSpec:
    """A validated spec and the YAML document it came from (for positions)."""

    spec: Spec
    document: Document

    @property
    def file(self) -> str:
        return self.document.file


def load_spec(path: Path, display: str | None = None) -> LoadedSpec:
    document = load_file(path, display)
    return LoadedSpec(validate(document), document)


M = TypeVar("M", bound="Model")


def validate(document: Document, model: type[M] = Spec) -> M:  # type: ignore[assignment]
    """The document as ``model`` (a build spec unless said), or its first error as an InputError: the
    one way a spec, a waivers file or a homologation form is validated."""
    data = document.data
    if not isinstance(data, dict):
        raise document.error((), f"expected {model.document_kind} (a YAML mapping), got {describe(data)}")
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise _first_error(document, exc, model) from None


def _first_error(document: Document, exc: ValidationError, model: type[Model]) -> InputError:
    raw = exc.errors(include_url=False)
    # a misspelt field makes its mapping miss the right one too: the unknown field says more
    typo_in = {_loc(e)[:-1] for e in raw if e["type"] == "extra_forbidden"}
    raw = [e for e in raw if not (e["type"] == "missing" and _loc(e)[:-1] in typo_in)]
    errors = [_to_input_error(document, err, model) for err in raw]
    return min(errors, key=lambda e: (e.line, e.column))


def _loc(err: Any) -> tuple[Any, ...]:
    return tuple(p for p in err["loc"] if not _is_pydantic_tag(p))


def _to_input_error(document: Document, err: Any, model: type[Model]) -> InputError:
    loc = _loc(err)
    where = dotted(loc)
    kind = err["type"]
    if kind == "extra_forbidden":
        parent = _model_at(loc[:-1], model)
        fields = parent.model_fields if parent else {}
        written = {attr: f.alias or attr for attr, f in fields.items()}  # as a spec writes them
        key = str(loc[-1])
        hint = f" (did you mean '{written[key]}'?)" if key in written else did_you_mean(key, written.values())
        return document.error(loc, f"{where}: unknown field{hint}", key=True)
    if kind == "missing":
        owner = dotted(loc[:-1]) or model.document_name
        return document.error(loc[:-1], f"{owner}: missing required field '{loc[-1]}'", key=True)
    return document.error(loc, f"{where}: {_message(err)}")


def _message(err: Any) -> str:
    kind, value, ctx = err["type"], err.get("input"), err.get("ctx") or {}
    got = f", got {describe(value)}"
    if kind == "value_error":
        return str(ctx.get("error", err["msg"]))
    if kind in ("literal_error", "enum"):
        return f"expected one of {ctx.get('expected')}{got}"
    if kind in ("too_short", "too_long") and isinstance(value, str):
        kind = "string_" + kind  # pydantic names a text's length limits as a list's
    if kind in _LIMITS:
        return _LIMITS[kind].format(**ctx) + got
    if isinstance(value, str) and _reads_as(kind, value):
        return f"expected {_EXPECTED[kind]}{got} (remove the quotes)"
    expected = _EXPECTED.get(kind)
    if expected:
        return f"expected {expected}{got}"
    return f"{err['msg'][0].lower()}{err['msg'][1:]}{got}"


_EXPECTED = {
    "int_type": "a whole number",
    "int_from_float": "a whole number",
    "bool_type": "true or false",
    "string_type": "text",
    "date_type": "a date such as 2026-01-03",
    "list_type": "a list",
    "model_type": "a mapping",
    "dict_type": "a mapping",
}
_LIMITS = {
    "string_too_short": "expected text of at least {min_length} character(s)",
    "string_too_long": "expected text of at most {max_length} characters",
    "too_long": "expected at most {max_length} items",
    "too_short": "expected at least {min_length} items",
    "less_than_equal": "expected at most {le}",
    "greater_than_equal": "expected at least {ge}",
    "greater_than": "expected more than {gt}",
    "less_than": "expected less than {lt}",
}


def _reads_as(kind: str, text: str) -> bool:
    """Whether quoted text would have been the expected type without its quotes."""
    if kind == "bool_type":
        return text.lower() in ("true", "false")
    if kind in ("int_type", "int_from_float"):
        return text.strip().lstrip("+-").isdigit()
    if kind == "date_type":
        try:
            dt.date.fromisoformat(text.strip())
        except ValueError:
            return False
        return True
    return False


def _is_pydantic_tag(part: Any) -> bool:
    return isinstance(part, str) and part.startswith("function-")


def _model_at(loc: tuple, root: type[Model]) -> type[Model] | None:
    model: Any = root
    for part in loc:
        if isinstance(part, int):
            continue
        field = model.model_fields.get(part) or next(
            (f for f in model.model_fields.values() if f.alias == part), None
        )
        if field is None:
            return None
        model = _inner_model(field.annotation)
        if model is None:
            return None
    return model


def _inner_model(annotation: Any) -> type[Model] | None:
    if isinstance(annotation, type) and issubclass(annotation, Model):
        return annotation
    for arg in getattr(annotation, "__args__", ()):
        found = _inner_model(arg)
        if found is not None:
            return found
    return None
