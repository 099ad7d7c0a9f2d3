"""The build spec: the production reference (homologation-form values) and the competition build."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, ClassVar, Literal

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
    Text,
    VersionOne,
    Volume,
)


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


class Cage(Model):
    certificate: Annotated[Text | None, FILLED_IN] = Field(
        description="homologation or certification number of the safety cage"
    )
    identification_plate: Annotated[bool | None, FILLED_IN]


class Seat(Model):
    standard: Annotated[Text | None, FILLED_IN]
    manufactured: Annotated[dt.date | None, FILLED_IN]


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
