"""The text of a new build spec started from a homologation form (``homologate init``).

``production:`` is the form's, value for value, each as the form writes it ("33 in" stays "33 in").
``build:`` starts equal to it, section by section, in the spec model's order; a copied value the
competition car may not share (a dimension, a tyre, the ride height) is marked for measuring on the
car. A value the form cannot give (a restrictor, a weight, the safety equipment) is written null with
a comment saying what is needed: null means "not known yet" (checker.spec.fields.Pending), so the new spec
can be checked at once and every rule that needs one of them fails until it is given. Nothing is
guessed: every value written is the form's or null.

The text is made here, not by yaml.dump, for the comments, the key order and the values as written;
every scalar is checked to read back as itself, and the whole spec to load, before it is returned.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from dataclasses import dataclass, field
from typing import Any

import yaml

from checker.errors import InputError
from checker.expr import types as ty
from checker.read.document import parse
from checker.spec.form import LoadedForm
from checker.spec.load import validate
from checker.spec.model import Build, Spec

COMMENT_AT = 36  # the column comments start at, where the value leaves room

# Copied from the form, but the competition car may differ: the team measures (or counts) them.
RECHECK = {
    **{f"chassis.{k}": "MEASURE on the car" for k in ("wheelbase", "track_front", "track_rear", "width")},
    "suspension.ride_height": "MEASURE on the car",
    "suspension.dampers_per_wheel.front": "COUNT on the car: dampers on each front wheel",
    "suspension.dampers_per_wheel.rear": "COUNT on the car: dampers on each rear wheel",
    **{f"wheels.{k}": "MEASURE on the car" for k in ("tyre_diameter", "tyre_width", "rim_diameter")},
    "fuel.tank_capacity": "MEASURE on the car",
}

# What the form cannot give: written null, the comment saying what is needed ('*': each list item).
NEEDED = {
    "engine.restrictors": "the inner diameter of each air restrictor",
    "suspension.production_mounting_points": "true if the suspension keeps the production mounting points",
    "wheels.spare_wheels": "the number of spare wheels carried",
    "weight.measured": "the car's weight under the Art. 284 conditions",
    "weight.safety_equipment": "the mass of the safety equipment added to the production car",
    "air_intake.tube_inner_diameter": "the inner diameter of the air-intake tube",
    "air_intake.draws_from_cockpit": "true if the engine draws air from the cockpit",
    "air_intake.housing_in_original_place": "true if the air-filter housing is in its original place",
    "air_intake.in_engine_compartment": "true if the whole intake installation is in the engine compartment",
    "safety.cage.certificate": "the certificate number of the safety cage",
    "safety.cage.identification_plate": "true if the cage carries its identification plate",
    "safety.seats.*.standard": "the FIA standard on the seat's label",
    "safety.seats.*.manufactured": "the year of manufacture on its label (YYYY)",
    "safety.harnesses.*.standard": "the FIA standard on the harness's label",
    "safety.harnesses.*.expires": "its expiry date (YYYY-MM-DD)",
    "safety.extinguishers.*.technical_list": "the number of the FIA Technical List it is on",
    "safety.extinguishers.*.system": "plumbed-in or hand-held",
}

# Build values a car may not have at all (left out means none): shown commented out, to write in if it has.
MAYBE = {
    "fuel.safety_tank": "if a safety tank is fitted: its standard, FT3-1999, FT3.5 or FT5",
    "fuel.aviation_lines": "with a safety tank: true if the fuel lines are aviation-type",
    "fuel.safety_tank_manufactured": "with a safety tank: the date of manufacture on its label (YYYY-MM-DD)",
    "fuel.safety_tank_recertified_until": "if its maker recertified the tank: the date it is recertified to",
    "air_intake.opening_diameter": "if the intake takes air through an opening in the bonnet or a wing: its diameter",
    "safety.seats.*.not_valid_after": "if its label reads NOT VALID AFTER: that year",
}

# Lists of items written with null values, and why so many (an empty list would make their rules not apply).
ITEMS = {
    "safety.seats": (2, "one item per seat: two, for the crew of two (driver and co-driver)"),
    "safety.harnesses": (2, "one item per harness: two, for the crew of two (driver and co-driver)"),
    "safety.extinguishers": (1, "one item per extinguisher: add one for each further extinguisher"),
}

TODO = {"measured": "MEASURE", "filled in": "FILL IN"}


@dataclass
class NewSpec:
    """The spec's lines and what is left to do in it."""

    lines: list[str] = field(default_factory=list, repr=False)
    to_check: int = 0  # values copied from the form to measure or count on the car
    left_null: int = 0  # values written null: to measure or fill in

    @property
    def text(self) -> str:
        return "\n".join(self.lines) + "\n"

    def add(self, depth: int, text: str, comment: str | None = None) -> None:
        line = "  " * depth + text
        if comment:
            line = f"{line.ljust(COMMENT_AT - 1)} # {comment}" if len(line) < COMMENT_AT - 1 else f"{line}  # {comment}"
        self.lines.append(line)


def new_spec(loaded: LoadedForm, output: str) -> NewSpec:
    """The text of the build spec ``output`` started from ``loaded``; it loads as a spec (checked here)."""
    form, data = loaded.form, loaded.document.data
    out = NewSpec()
    out.lines.extend(_header(loaded, output))
    out.add(0, "spec_version: 2")
    out.add(0, "vehicle:")
    for key in ("make", "model", "homologation_form", "class"):
        out.add(1, f"{key}: {scalar(data[key])}")
    out.add(1, "entry: null", "the team, crew or car number: add it")
    if form.sources is not None:
        out.add(1, f"sources: {scalar(data['sources'])}", "the form's: add where the build's values come from")
    out.lines.append("")
    out.add(0, "production:", "the homologation form's values: leave them as they are")
    _copy(out, 1, data["production"])
    out.lines.append("")
    out.add(0, "build:", "the competition car: starts equal to production")
    _build(out, 1, Build, data["production"], (), form.production.engine)
    try:
        validate(parse(out.text, "the new spec"), Spec)
    except InputError as exc:  # a bug here, not in the form: never write a spec that does not load
        raise RuntimeError(f"the spec made from the form does not load: {exc}") from None
    return out


# The schema an editor validates the spec with (yaml-language-server reads this first line): a file beside
# the spec, named by a path relative to it, as the bundled specs name theirs. Not the copy inside the
# installed package (a path of one machine and one virtual environment, wrong for the next person and
# after an upgrade), nor the schema's $id (an identifier, not served): the team writes the file once
# per folder with the command the header gives, and commits it with its specs.
SCHEMA_FILE = "spec.schema.json"
MODELINE = f"# yaml-language-server: $schema={SCHEMA_FILE}"


def _header(loaded: LoadedForm, output: str) -> list[str]:
    form, schema = loaded.form, _printable(os.path.join(os.path.dirname(output), SCHEMA_FILE))
    output = _printable(output)
    valid = f", valid from {form.valid_from.isoformat()}" if form.valid_from else ""
    return [
        MODELINE,
        f"# Build spec started by `homologate init` from {_printable(loaded.file)} "
        f"(homologation form {_printable(form.homologation_form)}{valid}).",
        "# production: the form's values. build: starts equal to production. Measure (or count) on the",
        "# competition car each value marked MEASURE or COUNT, and write what you find. A null is not known",
        "# yet: every rule that reads one fails (\"cannot be checked\") until it is given. Values without a",
        "# comment stay as produced. A line commented out is for what a car may have: write it in if it has.",
        f"# Then: homologate check {output}",
        f"# For an editor: homologate schema spec -o {schema} writes the schema the first line names.",
    ]


def _printable(name: str) -> str:
    # a file name inside a comment: a line break in it would end the comment
    return "".join(c if c.isprintable() else "?" for c in name)


def _copy(out: NewSpec, depth: int, data: dict[str, Any], path: str = "", recheck: bool = False) -> None:
    """The form's values as it writes them; with ``recheck``, those to measure on the car marked."""
    for key, value in data.items():
        where = f"{path}.{key}" if path else key
        if isinstance(value, dict):
            out.add(depth, f"{key}:")
            _copy(out, depth + 1, value, where, recheck)
            continue
        note = RECHECK.get(where) if recheck else None
        out.to_check += note is not None
        out.add(depth, f"{key}: {scalar(value)}", note)


def _build(out: NewSpec, depth: int, model: Any, production: Any, path: tuple[str, ...], engine: Any) -> None:
    """The build part of ``model`` at ``path``: the form's value where production has one, else what
    the team must give (null), a commented-out line or a list of items."""
    for key, (_, kind) in ty.fields_of(model).items():
        here = path + (key,)
        where = ".".join(here)
        given = production.get(key) if isinstance(production, dict) else None
        if kind.kind == "struct":
            out.add(depth, f"{key}:")
            _build(out, depth + 1, kind.model, given, here, engine)
        elif given is not None:
            _copy(out, depth, {key: given}, ".".join(path), recheck=True)
        elif where == "engine.restrictors":
            _restrictors(out, depth, engine)
        elif where in ITEMS:
            _items(out, depth, key, where, kind)
        elif where in MAYBE:
            out.add(depth, f"# {key}: ...", f"FILL IN {MAYBE[where]}")
        elif kind.pending:
            out.add(depth, f"{key}: null", f"{TODO[kind.pending]}: {NEEDED[where]}")
            out.left_null += 1
        elif not kind.optional:
            raise AssertionError(f"homologate init does not know how to start build.{where}")


def _restrictors(out: NewSpec, depth: int, engine: Any) -> None:
    turbo = engine.aspiration == "turbo" and engine.turbos > 0
    count = engine.turbos if turbo else 1
    why = f"one per turbocharger ({count} on the form)" if turbo else "one, for an engine without turbochargers"
    out.add(depth, f"restrictors: [{', '.join(['null'] * count)}]", f"MEASURE: {NEEDED['engine.restrictors']}, {why}")
    out.left_null += count


def _items(out: NewSpec, depth: int, key: str, where: str, kind: ty.Type) -> None:
    count, why = ITEMS[where]
    out.add(depth, f"{key}:", why)
    assert kind.item is not None
    fields = ty.fields_of(kind.item.model)
    for _ in range(count):
        for n, (name, (_, item)) in enumerate(fields.items()):
            if item.pending is None:  # what a label may not give: commented out, to write in if it does
                out.add(depth + 1, f"  # {name}: ...", f"FILL IN {MAYBE[f'{where}.*.{name}']}")
                continue
            text = f"- {name}: null" if n == 0 else f"  {name}: null"
            out.add(depth + 1, text, f"{TODO[item.pending]}: {NEEDED[f'{where}.*.{name}']}")
            out.left_null += 1


def scalar(value: Any) -> str:
    """``value`` as YAML that reads back as itself: plain where that is safe, else double-quoted."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    # a character that is not printable (a tab, a line separator) only ever escaped: it could end the line
    text = str(value)
    candidates: list[str] = [text, json.dumps(text, ensure_ascii=False)] if text.isprintable() else []
    for written in [*candidates, json.dumps(text)]:
        if _reads_back(written, text):
            return written
    raise AssertionError(f"cannot write {value!r} as YAML")


def _reads_back(text: str, value: str) -> bool:
    """Whether ``text`` reads as ``value``, by homologate and by a YAML 1.1 reader (editors, other
    tools: they read ``yes`` as true), also before a comment."""
    line = f"v: {text}  # c\n"
    try:
        ours = parse(line, "value").data
        theirs = yaml.safe_load(line)
    except (InputError, yaml.YAMLError):
        return False
    return bool(ours == {"v": value} and theirs == {"v": value})
