"""The units quantities are written in, and the factors that convert them to canonical units (reading a
quantity as a person writes it, "35 in", is checker.spec.quantity's).

A table of the units this domain uses rather than pint: measured on this project's machine, importing
pint takes 0.23 s and building its registry and parsing one quantity 0.52 s in all, against 0.12 s for
importing yaml, pydantic and click together; a check of one spec must start in a fraction of that.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Dimension:
    name: str  # "length"
    unit: str  # the canonical unit values are held in
    example: str  # shown in error messages: 'a length such as "36 mm"'

    def __str__(self) -> str:
        return self.name


LENGTH = Dimension("length", "mm", "36 mm")
VOLUME = Dimension("volume", "L", "550 L")
MASS = Dimension("mass", "kg", "2450 kg")
POWER = Dimension("power", "kW", "287 kW")
TORQUE = Dimension("torque", "N·m", "750 N·m")
DIMENSIONS = {d.name: d for d in (LENGTH, VOLUME, MASS, POWER, TORQUE)}

# unit spelling -> (dimension, factor to the canonical unit). Lookup is exact first, then lower-case.
UNITS: dict[str, tuple[Dimension, float]] = {}


def _add(dim: Dimension, factor: float, *names: str) -> None:
    for name in names:
        UNITS[name] = (dim, factor)


_add(LENGTH, 1.0, "mm", "millimetre", "millimetres", "millimeter", "millimeters")
_add(LENGTH, 10.0, "cm", "centimetre", "centimetres", "centimeter", "centimeters")
_add(LENGTH, 1000.0, "m", "metre", "metres", "meter", "meters")
_add(LENGTH, 25.4, "in", "inch", "inches", '"', "″")
_add(VOLUME, 1.0, "L", "l", "litre", "litres", "liter", "liters")
_add(VOLUME, 0.001, "mL", "ml", "cc", "cm3", "cm³", "ccm")
_add(MASS, 1.0, "kg", "kilogram", "kilograms")
_add(MASS, 1000.0, "t", "tonne", "tonnes")
_add(MASS, 0.45359237, "lb", "lbs", "pound", "pounds")
_add(POWER, 1.0, "kW", "kw")
_add(POWER, 0.745699872, "hp", "bhp")
_add(POWER, 0.73549875, "PS", "ps", "cv", "CV")
_add(TORQUE, 1.0, "N·m", "Nm", "N m", "N.m", "nm")
_add(TORQUE, 1.3558179483, "lb·ft", "lbft", "lb-ft", "lb ft", "ft·lb", "ft-lb")


class UnitError(ValueError):
    """A quantity that cannot be read; the message says what was expected."""


def lookup(unit: str) -> tuple[Dimension, float] | None:
    return UNITS.get(unit) or UNITS.get(unit.lower())


def to_unit(value: float, unit: str) -> float:
    """Express a canonical value in ``unit`` (a unit of the same dimension)."""
    found = lookup(unit)
    if found is None:
        raise UnitError(f"unknown unit {unit!r}")
    return value / found[1]
