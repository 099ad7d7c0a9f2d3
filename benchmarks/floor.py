"""The floor: the Dakar 2026 Stock rules hand-written in plain Python, constants inlined.

``verdicts(s, check_date)`` takes the Python-mode dump of a spec (``normalize_py``: quantities as floats
in mm, L, kg; dates as ``datetime.date``) and gives every active rule's verdict with the engine's
semantics: margins rounded to 6 places, EPSILON 1e-6, tolerance -> marginal, ``when`` false ->
not_applicable, ``each`` rules aggregated (fail, else marginal, else pass, else not_applicable; an
empty list is not_applicable), and date + N years clamping 29 February to the 28th. Nothing is read
from the ruleset at run time: this is what the fastest straightforward code looks like.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

PASS, FAIL, MARGINAL, NA = "pass", "fail", "marginal", "not_applicable"
EPS = 1e-6


def _strict(margin: float) -> str:
    return PASS if margin >= -EPS else FAIL


def _tolerant(margin: float, tolerance: float) -> str:
    if margin >= -EPS:
        return PASS
    return MARGINAL if -margin <= tolerance + EPS else FAIL


def _worst(found: list[str]) -> str:
    if FAIL in found:
        return FAIL
    if MARGINAL in found:
        return MARGINAL
    return PASS if PASS in found else NA


def _plus_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February into a year without one
        return day.replace(year=day.year + years, day=28)


def _restrictors(diameters: list[float], applies: bool, limit: float) -> str:
    if not applies:
        return NA
    return _worst([_tolerant(round(limit - d, 6), 0.1) for d in diameters])


def verdicts(s: dict[str, Any], check_date: dt.date) -> dict[str, str]:
    p, b = s["production"], s["build"]
    pe, be = p["engine"], b["engine"]
    pc, bc = p["chassis"], b["chassis"]
    intake, fuel, safety = b["air_intake"], b["fuel"], b["safety"]
    dampers = b["suspension"]["dampers_per_wheel"]
    restrictors = be["restrictors"]
    turbo = be["aspiration"] == "turbo"
    out: dict[str, str] = {}

    # T2-BODYSHELL
    out["T2-BODYSHELL"] = PASS if bc["bodyshell"] == pc["bodyshell"] else FAIL
    # T2-WHEELBASE (as produced, 5 mm tolerance)
    out["T2-WHEELBASE"] = _tolerant(-round(abs(bc["wheelbase"] - pc["wheelbase"]), 6), 5.0)
    # T2-ENGINE-BLOCK, -DISPLACEMENT, -CYLINDERS, -ASPIRATION, -FUEL
    out["T2-ENGINE-BLOCK"] = PASS if be["block"] == pe["block"] else FAIL
    out["T2-ENGINE-DISPLACEMENT"] = _strict(-round(abs(be["displacement"] - pe["displacement"]), 6))
    out["T2-ENGINE-CYLINDERS"] = PASS if be["cylinders"] == pe["cylinders"] else FAIL
    out["T2-ENGINE-ASPIRATION"] = PASS if be["aspiration"] == pe["aspiration"] else FAIL
    out["T2-ENGINE-FUEL"] = PASS if be["fuel"] == pe["fuel"] else FAIL
    # T2-RESTRICTOR-FITTED
    out["T2-RESTRICTOR-FITTED"] = PASS if restrictors else FAIL
    # T2-AIR-INTAKE-COCKPIT, T2-AIR-INTAKE-HOUSING
    out["T2-AIR-INTAKE-COCKPIT"] = FAIL if intake["draws_from_cockpit"] else PASS
    out["T2-AIR-INTAKE-HOUSING"] = PASS if intake["housing_in_original_place"] else FAIL
    out["T2-AIR-INTAKE-COMPARTMENT"] = PASS if intake["in_engine_compartment"] else FAIL
    # T2-AIR-INTAKE-OPENING (when an opening is given): at most 100 mm
    opening = intake["opening_diameter"]
    out["T2-AIR-INTAKE-OPENING"] = NA if opening is None else _strict(round(100.0 - opening, 6))
    # T2-AIR-INTAKE-TUBE: at most 100 mm
    out["T2-AIR-INTAKE-TUBE"] = _strict(round(100.0 - intake["tube_inner_diameter"], 6))
    # T2-MOUNTING-POINTS
    out["T2-MOUNTING-POINTS"] = PASS if b["suspension"]["production_mounting_points"] else FAIL
    # T2-DAMPERS-FRONT, T2-DAMPERS-REAR: at most 2 per wheel
    out["T2-DAMPERS-FRONT"] = PASS if dampers["front"] <= 2 else FAIL
    out["T2-DAMPERS-REAR"] = PASS if dampers["rear"] <= 2 else FAIL
    # T2-SAFETY-TANK, T2-FUEL-LINES (when a safety tank is fitted)
    tank = fuel["safety_tank"]
    if tank is None:
        out["T2-SAFETY-TANK"] = out["T2-FUEL-LINES"] = NA
    else:
        out["T2-SAFETY-TANK"] = PASS if tank in ("FT3-1999", "FT3.5", "FT5") else FAIL
        out["T2-FUEL-LINES"] = PASS if fuel["aviation_lines"] else FAIL
    # T2-SAFETY-TANK-VALIDITY (5 years from manufacture), T2-SAFETY-TANK-RECERTIFIED (to at most 7 years)
    made, until = fuel["safety_tank_manufactured"], fuel["safety_tank_recertified_until"]
    if tank is None:
        out["T2-SAFETY-TANK-VALIDITY"] = out["T2-SAFETY-TANK-RECERTIFIED"] = NA
    elif until is None:
        out["T2-SAFETY-TANK-VALIDITY"] = FAIL if made is None or _plus_years(made, 5) < check_date else PASS
        out["T2-SAFETY-TANK-RECERTIFIED"] = NA
    else:
        out["T2-SAFETY-TANK-VALIDITY"] = NA
        ok = made is not None and check_date <= until <= _plus_years(made, 7)
        out["T2-SAFETY-TANK-RECERTIFIED"] = PASS if ok else FAIL
    # T2-WEIGHT-MIN: at least the homologated weight, 5 kg tolerance
    weight = b["weight"]
    out["T2-WEIGHT-MIN"] = _tolerant(round(weight["measured"] - p["weight"]["homologated"], 6), 5.0)
    # T2-CAGE-PLATE
    out["T2-CAGE-PLATE"] = PASS if safety["cage"]["identification_plate"] else FAIL
    # T2-SEAT-STANDARD; by the year of manufacture, to 31 December: T2-SEAT-8855-VALIDITY (5 years),
    # T2-SEAT-8862-VALIDITY and T2-SEAT-8855-2021-VALIDITY (10); or by the label's year: T2-SEAT-LABEL-VALIDITY,
    # and T2-SEAT-8855-EXTENSION (an 8855-1999 label at most 7 years after manufacture)
    standard, v8855, v8862, v2021, label, extension = [], [], [], [], [], []
    by_year = {"FIA 8855-1999": (v8855, 5), "FIA 8862-2009": (v8862, 10), "FIA 8855-2021": (v2021, 10)}
    for seat in safety["seats"]:
        kind, made, last = seat["standard"], seat["manufactured"], seat["not_valid_after"]
        standard.append(PASS if kind in ("FIA 8855-1999", "FIA 8862-2009", "FIA 8855-2021") else FAIL)
        if last is not None:
            label.append(PASS if last >= check_date.year else FAIL)
            if kind == "FIA 8855-1999":
                extension.append(PASS if last <= made + 7 else FAIL)
        elif kind in by_year:
            found, years = by_year[kind]
            found.append(PASS if made + years >= check_date.year else FAIL)
    out["T2-SEAT-STANDARD"] = _worst(standard)
    out["T2-SEAT-8855-VALIDITY"] = _worst(v8855)
    out["T2-SEAT-8862-VALIDITY"] = _worst(v8862)
    out["T2-SEAT-8855-2021-VALIDITY"] = _worst(v2021)
    out["T2-SEAT-LABEL-VALIDITY"] = _worst(label)
    out["T2-SEAT-8855-EXTENSION"] = _worst(extension)
    # T2-HARNESS-STANDARD (from 2023-01-01), T2-HARNESS-VALIDITY
    harnesses = safety["harnesses"]
    if check_date >= dt.date(2023, 1, 1):
        out["T2-HARNESS-STANDARD"] = _worst([PASS if h["standard"] == "FIA 8853-2016" else FAIL for h in harnesses])
    else:
        out["T2-HARNESS-STANDARD"] = NA
    out["T2-HARNESS-VALIDITY"] = _worst([PASS if h["expires"] >= check_date else FAIL for h in harnesses])
    # T2-EXTINGUISHER-FITTED, T2-EXTINGUISHER-LIST (Technical List 16 or 52)
    extinguishers = safety["extinguishers"]
    out["T2-EXTINGUISHER-FITTED"] = PASS if extinguishers else FAIL
    out["T2-EXTINGUISHER-LIST"] = _worst([PASS if e["technical_list"] in (16, 52) else FAIL for e in extinguishers])
    # STK-DRIVETRAIN-LAYOUT, STK-GEARBOX
    pd, bd = p["drivetrain"], b["drivetrain"]
    out["STK-DRIVETRAIN-LAYOUT"] = PASS if bd["layout"] == pd["layout"] else FAIL
    out["STK-GEARBOX"] = PASS if bd["gearbox"] == pd["gearbox"] else FAIL
    # STK-RESTRICTOR-PER-TURBO (turbo builds): one restrictor per production turbocharger
    out["STK-RESTRICTOR-PER-TURBO"] = (PASS if len(restrictors) == pe["turbos"] else FAIL) if turbo else NA
    # STK-RESTRICTOR-PETROL-TURBO (38 mm), -DIESEL-TURBO (40 mm), -NATURAL (50 mm), 0.1 mm tolerance
    out["STK-RESTRICTOR-PETROL-TURBO"] = _restrictors(restrictors, turbo and be["fuel"] == "petrol", 38.0)
    out["STK-RESTRICTOR-DIESEL-TURBO"] = _restrictors(restrictors, turbo and be["fuel"] == "diesel", 40.0)
    out["STK-RESTRICTOR-NATURAL"] = _restrictors(restrictors, not turbo, 50.0)
    # STK-TRACK-FRONT, STK-TRACK-REAR: at most production + 80 mm, 2 mm tolerance
    out["STK-TRACK-FRONT"] = _tolerant(round(pc["track_front"] + 80.0 - bc["track_front"], 6), 2.0)
    out["STK-TRACK-REAR"] = _tolerant(round(pc["track_rear"] + 80.0 - bc["track_rear"], 6), 2.0)
    # STK-WIDTH: at most production + 100 mm, 2 mm tolerance
    out["STK-WIDTH"] = _tolerant(round(pc["width"] + 100.0 - bc["width"], 6), 2.0)
    # STK-RIDE-HEIGHT: production to production + 120 mm, 3 mm tolerance
    ride, base = b["suspension"]["ride_height"], p["suspension"]["ride_height"]
    out["STK-RIDE-HEIGHT"] = _tolerant(min(round(base + 120.0 - ride, 6), round(ride - base, 6)), 3.0)
    # STK-TYRE-DIAMETER: at most 37 in (939.8 mm)
    out["STK-TYRE-DIAMETER"] = _strict(round(939.8 - b["wheels"]["tyre_diameter"], 6))
    # STK-FUEL-TANK: at most 600 L
    out["STK-FUEL-TANK"] = _strict(round(600.0 - fuel["tank_capacity"], 6))
    return out
