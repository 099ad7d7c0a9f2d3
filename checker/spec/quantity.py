"""A quantity as a person writes it in a spec, ``"35 in"``, read once into its canonical unit (checker.units)."""

from __future__ import annotations

import math
import re

from checker.text import clip
from checker.units import Dimension, UnitError, lookup

# Also in the spec's JSON Schema (checker.spec.json_schema): written with [0-9], not \d, which in Python reads
# Bengali and full-width digits too (and int() and float() with it), and which ECMA-262 reads as [0-9].
NUMBER = r"[-+]?(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?|[-+]?\.[0-9]+"
# Matched against the text stripped of spaces. Linear in the text's length: what follows the number cannot
# start with a space or a digit the number could have taken, and the unit takes the whole rest of the text
# (DOTALL), so no run of spaces or digits is tried more than once ('550 L' and 40,000 spaces took 14 s).
_QUANTITY = re.compile(rf"({NUMBER})\s*([^0-9\s].*)?", re.DOTALL)
_DECIMAL_COMMA = re.compile(r"[-+]?[0-9]+,(?![0-9]{3}(?:[^0-9]|$))[0-9]+")  # 4,4 L; not 2,450 kg


def expected(dim: Dimension | None, example: str | None = None) -> str:
    """What a quantity must look like, as every message about one says it (the loader's, and the spec
    schema's for editors): 'expected a length such as "1760 mm"'."""
    if dim is None:
        return 'expected a quantity such as "36 mm"'
    return f'expected a {dim.name} such as "{example or dim.example}"'


def parse_quantity(text: str, dim: Dimension | None = None, example: str | None = None) -> tuple[float, Dimension]:
    """Read ``"35 in"`` as (889.0, LENGTH); with ``dim``, the unit must be of that dimension."""
    written = text.strip()
    match = _QUANTITY.fullmatch(written)
    if match and match.group(2) and "," not in written:  # the usual case, checked without building messages
        found = lookup(match.group(2).strip())
        if found is not None and (dim is None or found[0] is dim):
            value = round(float(match.group(1)) * found[1], 9)
            if math.isfinite(value):
                return value, found[0]
    got = f"{expected(dim, example)}, got {clip(text)}"
    if any(c.isdecimal() and not c.isascii() for c in written):
        raise UnitError(f"{got} (write digits as 0 to 9)")
    unit = match.group(2).strip() if match and match.group(2) else None
    if _DECIMAL_COMMA.match(written) and not (unit and lookup(unit)):
        raise UnitError(f"{got} (write decimals with a point: 4.4, not 4,4)")
    if not match:
        raise UnitError(got)
    if not unit:
        raise UnitError(f"{got} (a number needs its unit)")
    found = lookup(unit)
    if found is None:
        raise UnitError(f"{got} (unknown unit {clip(unit)})")
    unit_dim, factor = found
    if dim is not None and unit_dim is not dim:
        raise UnitError(f"{got} ({clip(unit)} is a unit of {unit_dim.name})")
    value = round(float(match.group(1).replace(",", "")) * factor, 9)
    if not math.isfinite(value):  # 1e400 mm, or 1e308 m in millimetres
        raise UnitError(f"{got} (too large a number)")
    return value, unit_dim
