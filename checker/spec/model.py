"""The build spec: the production reference (homologation-form values) and the competition build."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, ClassVar, Literal

from pydantic import BaseModel, ConfigDict, Field

from checker.spec.fields import (
    FILLED_IN,
    MEASURED,
    Count,
    Diameter,
    Displacement,
    Inches,
    Length,
    Mass,
    RuleId,
    SpecVersion,
    Text,
    Volume,
    Year,
)
from checker.text import dotted


def _empty_list() -> list[Any]:
    """A list field's default (a function of ours, not ``list``: pydantic reads a builtin's signature from its
    text, which compiles the tokenizer's expressions, ~10 ms at every start)."""
    return []


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True, defer_build=True)
    # how errors name a whole file of this model (a spec, a waivers file, a homologation form)
    document_kind: ClassVar[str] = "a mapping"
    document_name: ClassVar[str] = "the file"

    def format_problem(self) -> tuple[tuple[Any, ...], str] | None:
        """What the file's own format version does not allow, beyond what validation checks (a spec
        overrides it): the value's path and a message, or None."""
        return None


class Identity(Model):
    make: Text
    model: Text
    homologation_form: Text = Field(description="number of the FIA homologation form")
    vehicle_class: Text = Field(alias="class", description="class entered, e.g. 'T2 Stock'")
    entry: Text | None = Field(None, description="team, crew or car number")
    sources: str | None = Field(None, max_length=2000, description="where the numbers come from")


class Engine(Model):
    block: Text = Field(description="production block identity (code or part number)")
    displacement: Displacement
    cylinders: Annotated[int, Field(ge=1, le=16)]
    aspiration: Literal["natural", "turbo", "supercharged"]
    turbos: Annotated[int, Field(ge=0, le=4)] = 0
    fuel: Literal["petrol", "diesel"]


class BuildEngine(Engine):
    restrictors: list[Annotated[Diameter | None, MEASURED]] = Field(
        default_factory=_empty_list, max_length=4, description="air restrictor inner diameters, one per turbo"
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
    production_mounting_points: Annotated[bool | None, FILLED_IN]


class Wheels(Model):
    tyre_diameter: Inches
    tyre_width: Length
    rim_diameter: Inches


class BuildWheels(Wheels):
    spare_wheels: Annotated[Count | None, FILLED_IN]


class Fuel(Model):
    tank_capacity: Volume


class BuildFuel(Fuel):
    safety_tank: Text | None = Field(None, description="FT3-1999, FT3.5 or FT5 where a safety tank is fitted")
    aviation_lines: bool = False
    safety_tank_manufactured: dt.date | None = Field(
        None, description="date of manufacture on the safety tank's label (spec_version 2)")
    safety_tank_recertified_until: dt.date | None = Field(
        None, description="where the manufacturer recertified the safety tank, the date it is recertified to "
        "(spec_version 2)")


class ProductionWeight(Model):
    homologated: Mass = Field(description="weight on the homologation form")


class BuildWeight(Model):
    measured: Annotated[Mass | None, MEASURED] = Field(description="as weighed under the Art. 284 conditions")
    safety_equipment: Annotated[Mass | None, MEASURED] = Field(
        description="mass of the safety equipment added to the production car")


class AirIntake(Model):
    opening_diameter: Diameter | None = Field(None, description="opening in bonnet or wing, if any")
    tube_inner_diameter: Annotated[Diameter | None, MEASURED]
    draws_from_cockpit: Annotated[bool | None, FILLED_IN]
    housing_in_original_place: Annotated[bool | None, FILLED_IN]
    in_engine_compartment: Annotated[bool | None, FILLED_IN] = Field(
        None, description="the whole intake installation lies in the engine compartment (spec_version 2)")


class Cage(Model):
    certificate: Annotated[Text | None, FILLED_IN] = Field(
        description="homologation or certification number of the safety cage"
    )
    identification_plate: Annotated[bool | None, FILLED_IN]


class Seat(Model):
    standard: Annotated[Text | None, FILLED_IN]
    manufactured: Annotated[Year | None, FILLED_IN] = Field(
        description="year of manufacture on the seat's label (a date, as spec_version 1 wrote it, is read as its year)")
    not_valid_after: Year | None = Field(
        None, description="the year on the label's 'NOT VALID AFTER' (an extension label's, where the maker "
        "extended the seat); spec_version 2")


class Harness(Model):
    standard: Annotated[Text | None, FILLED_IN]
    expires: Annotated[dt.date | None, FILLED_IN]


class Extinguisher(Model):
    technical_list: Annotated[Annotated[int, Field(ge=1, le=999)] | None, FILLED_IN] = Field(
        description="FIA Technical List number"
    )
    system: Annotated[Literal["plumbed-in", "hand-held"] | None, FILLED_IN]


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


class Waiver(Model):
    """A deviation granted by the organiser for one rule (optionally one value of it), until a date."""

    rule: RuleId
    reference: Text = Field(description="the organiser's reference number")
    reason: Annotated[str, Field(min_length=1, max_length=1000)]
    granted_by: Text
    expires: dt.date
    path: Annotated[str, Field(min_length=1, max_length=200)] | None = Field(
        None, description="only the finding about this spec value, e.g. build.safety.seats[1].manufactured"
    )


class Spec(Model):
    """A build spec: the car's identity, its homologation-form values and the competition build."""

    document_kind: ClassVar[str] = "a build spec"
    document_name: ClassVar[str] = "the spec"

    spec_version: SpecVersion = Field(
        1, description="version of this file's format: 2 (1, without the fields marked spec_version 2, is still read)")
    vehicle: Identity
    production: Production
    build: Build
    waivers: list[Waiver] = Field(default_factory=_empty_list, max_length=200)

    def format_problem(self) -> tuple[tuple[Any, ...], str] | None:
        """A field of a later format than the spec says it is written in: its path and what to do."""
        if self.spec_version >= 2:
            return None
        build = self.build
        found: list[tuple[tuple[Any, ...], Model]] = [(("build", "fuel", name), build.fuel) for name in _V2_FUEL]
        found.append((("build", "air_intake", "in_engine_compartment"), build.air_intake))
        seats = enumerate(build.safety.seats)
        found += [(("build", "safety", "seats", i, "not_valid_after"), seat) for i, seat in seats]
        for path, part in found:
            if path[-1] in part.model_fields_set:
                return path, f"{dotted(path)}: a spec_version 2 field: write 'spec_version: 2' at the top of the spec"
        return None


_V2_FUEL = ("safety_tank_manufactured", "safety_tank_recertified_until")


class WaiverFile(Model):
    """A file of waivers given with --waivers: the same list a spec may carry."""

    document_kind: ClassVar[str] = "a mapping with 'waivers'"
    document_name: ClassVar[str] = "the waivers file"

    waivers: list[Waiver] = Field(max_length=200)
