"""How the spec's own kinds of value are written in JSON Schema: a quantity is text with a unit.

Used by the fields' JSON Schema hooks (checker.spec.fields) when a schema is generated; nothing here
is needed to read a spec.
"""

from __future__ import annotations

import sys
from functools import cache
from typing import Any

from checker import units
from checker.spec.quantity import NUMBER


def quantity(dim: units.Dimension, example: str, most: str) -> dict[str, Any]:
    """A quantity as written in a file: a number and a unit of its dimension, as parse_quantity
    reads it. The range (above 0, at most ``most``) is said, not checked: it depends on the unit."""
    return {
        "type": "string",
        "description": f'a {dim.name} with its unit, such as "{example}"; above 0, at most {most}',
        "examples": [example],
        "pattern": quantity_pattern(dim),
    }


@cache
def quantity_pattern(dim: units.Dimension) -> str:
    """A regular expression (in the subset Python and ECMA-262 share) for checker.spec.quantity's
    grammar with the units of ``dim``: exact spellings, and any case of a lower-case one, as
    units.lookup accepts them. A leading minus is refused: no quantity in a spec is negative."""
    spellings = []
    for unit, (unit_dim, _) in units.UNITS.items():
        if unit_dim is not dim:
            continue
        spellings.append("".join(_any_case(c) for c in unit) if unit == unit.lower() else _escape(unit))
        clash = [u for u, (d, _) in units.UNITS.items() if u != unit and u.lower() == unit and d is not dim]
        if clash and unit == unit.lower():  # lookup takes the exact spelling first: one regex cannot say it
            raise RuntimeError(f"unit {clash[0]!r} ({clash[0].lower()!r} in any case) is of two dimensions")
    return rf"^(?!\s*-)\s*(?:{NUMBER})\s*(?:{'|'.join(spellings)})\s*$"


def _any_case(char: str) -> str:
    variants = [char, *_upper_cases().get(char, ())]
    return f"[{''.join(variants)}]" if len(variants) > 1 else _escape(char)


@cache
def _upper_cases() -> dict[str, tuple[str, ...]]:
    """For each character of a unit's spelling, the others whose lower case it is: 'K' and the Kelvin
    sign for 'k', as str.lower() has them. A third of a second, paid only when a schema is generated."""
    wanted = set("".join(units.UNITS))
    found: dict[str, list[str]] = {}
    for code in range(sys.maxunicode + 1):
        char = chr(code)
        lower = char.lower()
        if lower != char and lower in wanted:
            found.setdefault(lower, []).append(char)
    return {lower: tuple(chars) for lower, chars in found.items()}


def _escape(text: str) -> str:
    return "".join("\\" + c if c in "\\^$.|?*+()[]{}/" else c for c in text)
