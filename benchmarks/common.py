"""Shared pieces of the benchmark: a seeded corpus of spec variants, the inputs each implementation
takes, and the reference verdict per rule (homologate's own findings, aggregated).

The corpus starts from the six bundled specs and mutates the values the Dakar 2026 Stock rules read,
choosing most values on or around a limit (at it, inside the tolerance, just past the tolerance), so
that every rule sees pass and fail, marginal where it has a tolerance and not_applicable where it has
a ``when`` or an ``each`` over a list that may be empty.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import random
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from checker.evaluate import judge as engine
from checker.evaluate.findings import evaluate
from checker.read.document import parse
from checker.report import FAIL, MARGINAL, NOT_APPLICABLE, PASS, Report
from checker.ruleset.compile import load_ruleset
from checker.ruleset.model import Ruleset
from checker.spec.load import LoadedSpec, validate
from checker.spec.model import Spec

ROOT = Path(__file__).resolve().parent.parent
SPECS = ROOT / "specs"
RULESET = "dakar-2026-stock"
VERDICT_ORDER = (FAIL, MARGINAL, PASS, NOT_APPLICABLE)  # worst first

Data = dict[str, Any]
Mutator = Callable[["Chooser", Data], None]


# --- the ruleset ----------------------------------------------------------------------------------


@cache
def ruleset() -> Ruleset:
    return load_ruleset(RULESET)


@cache
def closure_ruleset() -> Ruleset:
    """The same ruleset judged by closures over the typed expression tree (benchmarks/closures.py)."""
    import closures

    return closures.with_closures(ruleset())


@cache
def rule_ids() -> tuple[str, ...]:
    """The ids of the rules checked (after ``extends`` and overrides), in the ruleset's order."""
    return tuple(rule.id for rule in ruleset().active)


def event_date() -> dt.date:
    return engine.check_date(ruleset())


# --- reference verdicts ---------------------------------------------------------------------------


def worst(verdicts: Iterable[str]) -> str:
    """fail if any fail, else marginal if any, else pass if any, else not_applicable."""
    seen = set(verdicts)
    return next((v for v in VERDICT_ORDER if v in seen), NOT_APPLICABLE)


def reference_verdicts(report: Report) -> dict[str, str]:
    """One verdict per active rule from homologate's findings (several for an ``each`` rule)."""
    found: dict[str, list[str]] = {rule_id: [] for rule_id in rule_ids()}
    for finding in report.findings:
        found[finding.rule_id].append(finding.verdict)
    return {rule_id: worst(verdicts) for rule_id, verdicts in found.items()}


def load_variant(name: str, text: str) -> LoadedSpec:
    """A variant as homologate reads a spec file (raises InputError if it is not a valid spec)."""
    document = parse(text, name)
    return LoadedSpec(validate(document), document)


def engine_verdicts(loaded: LoadedSpec, on: dt.date | None = None) -> dict[str, str]:
    return reference_verdicts(evaluate(loaded, ruleset(), on))


# --- inputs of the other implementations ----------------------------------------------------------


def normalize(spec: Spec) -> Data:
    """The JSON-mode dump (dates as ISO text): the input of the Rego policy and the JSON Schemas."""
    return spec.model_dump(mode="json", by_alias=True)


def normalize_py(spec: Spec) -> Data:
    """The Python-mode dump (dates as ``datetime.date``): the input of the hand-written floor."""
    return spec.model_dump(by_alias=True)


REGO_MODULE = Path(__file__).resolve().parent / "stock.rego"
REGO_QUERY = "data.homologate.stock.verdicts"


def rego_interpreter() -> Any:
    """A regopy interpreter with the policy added once; only the input changes per spec."""
    import regopy

    interp = regopy.Interpreter()
    interp.add_module("stock", REGO_MODULE.read_text(encoding="utf-8"))
    return interp


def rego_input(data: Data, check_date: dt.date) -> str:
    return json.dumps({"spec": data, "check_date": check_date.isoformat()})


def rego_verdicts(interp: Any, data: Data, check_date: dt.date) -> dict[str, str]:
    """The policy's verdicts for one spec (``data``: ``normalize``), with ``rego_interpreter()``."""
    interp.set_input_term(rego_input(data, check_date))
    return rego_result(interp.query(REGO_QUERY))


def rego_result(output: Any) -> dict[str, str]:
    parsed = json.loads(str(output))
    if "expressions" not in parsed:
        raise RuntimeError(f"rego query failed: {output}")
    verdicts: dict[str, str] = parsed["expressions"][0]
    return verdicts


@dataclass(frozen=True)
class RegoBundle:
    """The policy compiled once into a bundle: ``Interpreter.query`` compiles the modules and the
    query again on every call, ``query_bundle_entrypoint`` runs the saved plan."""

    interp: Any
    bundle: Any
    entrypoint: str = "homologate/stock/verdicts"


def rego_bundle() -> RegoBundle:
    import regopy

    builder = regopy.Interpreter()
    builder.add_module("stock", REGO_MODULE.read_text(encoding="utf-8"))
    bundle = builder.build(None, [RegoBundle.entrypoint])
    if not bundle.ok():
        raise RuntimeError("the Rego bundle did not build")
    return RegoBundle(regopy.Interpreter(), bundle)


def rego_bundle_verdicts(compiled: RegoBundle, data: Data, check_date: dt.date) -> dict[str, str]:
    """As ``rego_verdicts``, through the compiled bundle, the input passed as a Python value."""
    import regopy

    compiled.interp.set_input(regopy.Input({"spec": data, "check_date": check_date.isoformat()}))
    return rego_result(compiled.interp.query_bundle_entrypoint(compiled.bundle, compiled.entrypoint))


# --- the corpus -----------------------------------------------------------------------------------


@cache
def base_specs() -> tuple[tuple[str, Data], ...]:
    """The bundled specs as plain YAML data (dates as ``datetime.date``), by file stem."""
    found = []
    for path in sorted(SPECS.glob("*.yaml")):
        found.append((path.stem, yaml.safe_load(path.read_text(encoding="utf-8"))))
    return tuple(found)


def generate(n: int, seed: int) -> list[tuple[str, str]]:
    """``n`` spec variants as (name, YAML text), the same for the same ``n`` and ``seed``."""
    rng = Chooser(seed)
    bases = base_specs()
    variants = []
    for index in range(n):
        stem, base = bases[index % len(bases)] if index < len(bases) else rng.choice(bases)
        data = copy.deepcopy(base)
        if index >= len(bases):  # the first variants are the bundled specs as they are
            mutate(rng, data)
        text = yaml.safe_dump(data, sort_keys=False, allow_unicode=True)
        variants.append((f"v{index:04d}-{stem}", text))
    return variants


def mutate(rng: Chooser, data: Data) -> None:
    """Apply each mutator with its probability (the engine first: the restrictors depend on it)."""
    for mutator, rate in MUTATORS:
        if rng.random() < rate:
            mutator(rng, data)


# quantities are written as the spec writes them: a number and the same unit ("1760 mm", "35 in")

_QUANTITY = re.compile(r"^\s*([-+]?[\d,]*\.?\d+)\s*(\S.*?)\s*$")


def split_quantity(text: str) -> tuple[Decimal, str]:
    match = _QUANTITY.match(text)
    if match is None:
        raise ValueError(f"not a quantity: {text!r}")
    return Decimal(match.group(1).replace(",", "")), match.group(2)


def quantity(number: Decimal | int | str, unit: str) -> str:
    value = Decimal(str(number)).normalize()
    return f"{value:f} {unit}"


def shifted(text: str, delta: str | int) -> str:
    """``text`` plus ``delta`` in its own unit: shifted("1700 mm", "80.5") -> "1780.5 mm"."""
    number, unit = split_quantity(text)
    return quantity(number + Decimal(str(delta)), unit)


def in_unit_of(text: str, number: Decimal | int | str) -> str:
    return quantity(number, split_quantity(text)[1])


class Chooser(random.Random):
    """A seeded random source that deals each set of options like a shuffled deck: every option
    comes up once before any comes up again, so a short corpus already sees every choice."""

    def __init__(self, seed: int) -> None:
        super().__init__(seed)
        self.decks: dict[tuple[Any, ...], list[int]] = {}

    def deal(self, options: Sequence[Any]) -> Any:
        key = tuple(options)
        deck = self.decks.get(key)
        if not deck:
            deck = self.decks[key] = list(range(len(key)))
            self.shuffle(deck)
        return key[deck.pop()]


def pick(rng: Chooser, options: Sequence[Any]) -> Any:
    return rng.deal(options)


# --- mutators -------------------------------------------------------------------------------------

ASPIRATIONS = ("natural", "turbo", "supercharged")
TURBOS = {"natural": 0, "turbo": 2, "supercharged": 0}
RESTRICTOR_TABLE = {("petrol", "turbo"): 38, ("diesel", "turbo"): 40}  # else 50 mm
RESTRICTOR_OFFSETS = ("-6", "-2", "0", "0.05", "0.1", "0.15", "1", "4")


def engine_identity(rng: Chooser, data: Data) -> None:
    engine = data["build"]["engine"]
    choice = pick(rng, range(5))
    if choice == 0:
        engine["block"] = engine["block"] + " (competition block)"
    elif choice == 1:  # the same capacity in another unit, or another capacity
        amount, unit = split_quantity(data["production"]["engine"]["displacement"])
        cc = amount * 1000 if unit == "L" else amount  # "4.4 L" or "3444 cc"
        engine["displacement"] = pick(rng, (quantity(cc, "cc"), quantity(cc - 5, "cc")))
    elif choice == 2:
        engine["cylinders"] = engine["cylinders"] + pick(rng, (-2, 2))
    elif choice == 3:
        engine["turbos"] = pick(rng, range(5))  # no rule reads the build's turbo count
    else:
        data["production"]["engine"]["turbos"] = pick(rng, range(5))


def engine_type(rng: Chooser, data: Data) -> None:
    """Change fuel or aspiration on the build only (a fail) or on both (a pass with another table)."""
    what, where = pick(rng, ("fuel", "aspiration", "aspiration")), pick(rng, ("build", "both", "both"))
    targets = [data["build"]["engine"]] + ([data["production"]["engine"]] if where == "both" else [])
    if what == "fuel":
        fuel = "diesel" if targets[0]["fuel"] == "petrol" else "petrol"
        for engine in targets:
            engine["fuel"] = fuel
        return
    aspiration = pick(rng, ASPIRATIONS)
    for engine in targets:
        engine["aspiration"] = aspiration
        engine["turbos"] = TURBOS[aspiration]


def restrictors(rng: Chooser, data: Data) -> None:
    """Diameters around the limit of the table that applies to the build as it now is."""
    engine = data["build"]["engine"]
    limit = RESTRICTOR_TABLE.get((engine["fuel"], engine["aspiration"]), 50)
    count = pick(rng, (0, 1, 1, 2, 2, 2, 3))
    engine["restrictors"] = [quantity(limit + Decimal(pick(rng, RESTRICTOR_OFFSETS)), "mm") for _ in range(count)]


def drivetrain(rng: Chooser, data: Data) -> None:
    build = data["build"]["drivetrain"]
    choice = pick(rng, range(3))
    if choice == 0:
        build["gearbox"] = "6-speed sequential"
    elif choice == 1:
        build["layout"] = "4x2"
    else:
        build["gears"] = pick(rng, range(4, 11))  # no rule reads the number of gears


def bodyshell(rng: Chooser, data: Data) -> None:
    chassis = data["build"]["chassis"]
    chassis["bodyshell"] = chassis["bodyshell"] + pick(rng, (" (tubular frame)", " (lightened)"))


def _from_production(rng: Chooser, data: Data, part: str, field: str, deltas: Sequence[str]) -> None:
    data["build"][part][field] = shifted(data["production"][part][field], pick(rng, deltas))


def wheelbase(rng: Chooser, data: Data) -> None:
    _from_production(rng, data, "chassis", "wheelbase", ("0", "1", "-2", "5", "-5", "5.01", "-6", "20"))


def track_front(rng: Chooser, data: Data) -> None:
    _from_production(rng, data, "chassis", "track_front", ("-5", "40", "60", "80", "81", "82", "82.01", "95"))


def track_rear(rng: Chooser, data: Data) -> None:
    _from_production(rng, data, "chassis", "track_rear", ("-5", "40", "60", "80", "81", "82", "82.01", "95"))


def width(rng: Chooser, data: Data) -> None:
    _from_production(rng, data, "chassis", "width", ("0", "75", "100", "101", "102", "102.01", "130"))


def ride_height(rng: Chooser, data: Data) -> None:
    deltas = ("-10", "-3.01", "-3", "-1", "0", "60", "120", "121.5", "123", "123.01", "140")
    _from_production(rng, data, "suspension", "ride_height", deltas)


def dampers(rng: Chooser, data: Data) -> None:
    data["build"]["suspension"]["dampers_per_wheel"] = {"front": pick(rng, range(4)), "rear": pick(rng, range(4))}


def mounting_points(rng: Chooser, data: Data) -> None:
    data["build"]["suspension"]["production_mounting_points"] = rng.random() < 0.4


def tyres(rng: Chooser, data: Data) -> None:
    wheels = data["build"]["wheels"]
    inches = ("33", "35", "36.5", "37", "37.01", "37.5", "40")
    millimetres = ("830.8", "900", "939.8", "939.81", "952.5")
    unit = split_quantity(wheels["tyre_diameter"])[1]
    wheels["tyre_diameter"] = in_unit_of(wheels["tyre_diameter"], pick(rng, inches if unit == "in" else millimetres))
    wheels["tyre_width"] = quantity(pick(rng, (265, 285, 315, 335)), "mm")  # not checked
    wheels["rim_diameter"] = quantity(pick(rng, (16, 17, 18, 20)), "in")  # not checked


def spare_wheels(rng: Chooser, data: Data) -> None:
    data["build"]["wheels"]["spare_wheels"] = pick(rng, range(5))  # not checked


def fuel_tank(rng: Chooser, data: Data) -> None:
    fuel = data["build"]["fuel"]
    litres = pick(rng, ("90", "400", "550", "599.9", "600", "600.01", "650"))
    fuel["tank_capacity"] = in_unit_of(fuel["tank_capacity"], litres)


def safety_tank(rng: Chooser, data: Data) -> None:
    fuel = data["build"]["fuel"]
    standard = pick(rng, (None, None, "FT3", "FT3-1999", "FT3.5", "FT5", "FT3 1999"))
    if standard is None:
        fuel.pop("safety_tank", None)
    else:
        fuel["safety_tank"] = standard
    fuel["aviation_lines"] = rng.random() < 0.6
    on = event_date()
    limit = _years_before(on, 5)  # the oldest tank still in date without a recertification
    made = pick(rng, (limit, limit - dt.timedelta(days=1), limit + dt.timedelta(days=400), None,
                      _years_before(on, 6), dt.date(2020, 2, 29)))  # fmt: skip
    fuel["safety_tank_manufactured"] = made
    fuel.pop("safety_tank_recertified_until", None)
    if made is not None and rng.random() < 0.4:  # recertified: to at most 7 years from manufacture
        most = _years_later(made, 7)
        fuel["safety_tank_recertified_until"] = pick(rng, (
            most, most + dt.timedelta(days=1), on, on - dt.timedelta(days=1), on + dt.timedelta(days=30)))  # fmt: skip


def weight(rng: Chooser, data: Data) -> None:
    build = data["build"]["weight"]
    if rng.random() < 0.3:
        build["safety_equipment"] = pick(rng, ("120 kg", "150 kg", "180 kg"))  # not read by T2-WEIGHT-MIN
    homologated, _ = split_quantity(data["production"]["weight"]["homologated"])
    offset = Decimal(pick(rng, ("-20", "-5.01", "-5", "-3", "0", "0.5", "30", "100")))
    build["measured"] = in_unit_of(build["measured"], homologated + offset)


def air_intake(rng: Chooser, data: Data) -> None:
    intake = data["build"]["air_intake"]
    opening = pick(rng, (None, None, "60", "95", "100", "100.01", "120"))
    if opening is None:
        intake.pop("opening_diameter", None)
    else:
        intake["opening_diameter"] = quantity(opening, "mm")
    intake["tube_inner_diameter"] = quantity(pick(rng, ("70", "85", "100", "100.01", "110")), "mm")
    intake["draws_from_cockpit"] = rng.random() < 0.3
    intake["housing_in_original_place"] = rng.random() < 0.7
    intake["in_engine_compartment"] = rng.random() < 0.7


def cage_plate(rng: Chooser, data: Data) -> None:
    data["build"]["safety"]["cage"]["identification_plate"] = rng.random() < 0.5


def _years_before(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def _years_later(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def _seat(rng: Chooser) -> Data:
    """A seat around its validity: by the year of manufacture (a year, or a date read as its year), or
    by the "not valid after" year of its label."""
    on = event_date()
    standard = pick(rng, ("FIA 8855-1999", "FIA 8855-1999", "FIA 8862-2009", "FIA 8862-2009", "FIA 8855-2021",
                          "FIA 8855-2010"))  # fmt: skip
    years = 5 if standard == "FIA 8855-1999" else 10
    limit = on.year - years  # the oldest year of manufacture still valid on the check date
    offset = pick(rng, (0, -1, 1, -3, "date", "date before"))  # constant options: dealt evenly (Chooser)
    made: Any = (dt.date(limit, 12, 31) if offset == "date" else dt.date(limit - 1, 12, 31) if offset == "date before"
                 else limit + offset)  # fmt: skip
    seat: Data = {"standard": standard, "manufactured": made}
    if rng.random() < 0.5:  # the label's year, an extension label's for some 8855-1999 seats
        year = made.year if isinstance(made, dt.date) else made
        label = pick(rng, ("this year", "last year", 5, 7, 8))
        last = {"this year": on.year, "last year": on.year - 1}
        seat["not_valid_after"] = last[label] if isinstance(label, str) else year + label
    return seat


def seats(rng: Chooser, data: Data) -> None:
    data["build"]["safety"]["seats"] = [_seat(rng) for _ in range(pick(rng, (0, 1, 2, 2, 3)))]


def _harness(rng: Chooser) -> Data:
    on = event_date()
    standard = pick(rng, ("FIA 8853-2016", "FIA 8853-2016", "FIA 8853/98"))
    expires = pick(rng, (on, on - dt.timedelta(days=1), on + dt.timedelta(days=1), dt.date(2030, 5, 31)))
    return {"standard": standard, "expires": expires}


def harnesses(rng: Chooser, data: Data) -> None:
    data["build"]["safety"]["harnesses"] = [_harness(rng) for _ in range(pick(rng, (0, 1, 2, 2, 3)))]


def extinguishers(rng: Chooser, data: Data) -> None:
    data["build"]["safety"]["extinguishers"] = [
        {"technical_list": pick(rng, (16, 52, 52, 99)), "system": pick(rng, ("plumbed-in", "hand-held"))}
        for _ in range(pick(rng, (0, 1, 2, 2)))
    ]


def engine_type_and_restrictors(rng: Chooser, data: Data) -> None:
    """Another fuel or aspiration, and most often restrictors sized for the table that now applies."""
    engine_type(rng, data)
    if rng.random() < 0.8:
        restrictors(rng, data)


# (mutator, probability of applying it to a variant)
MUTATORS: tuple[tuple[Mutator, float], ...] = (
    (engine_identity, 0.3), (engine_type_and_restrictors, 0.6), (restrictors, 0.3), (drivetrain, 0.3),
    (bodyshell, 0.2), (wheelbase, 0.3), (track_front, 0.3), (track_rear, 0.3), (width, 0.3),
    (ride_height, 0.3), (dampers, 0.3), (mounting_points, 0.3), (tyres, 0.3), (spare_wheels, 0.2),
    (fuel_tank, 0.3), (safety_tank, 0.3), (weight, 0.3), (air_intake, 0.3), (cage_plate, 0.3),
    (seats, 0.35), (harnesses, 0.35), (extinguishers, 0.35),
)  # fmt: skip
