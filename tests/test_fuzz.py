"""Property-based tests (hypothesis) of the promise: every input gets a verdict or a clear refusal.

Any bytes, any YAML, any structure shaped like a spec or a ruleset with values of the wrong type, out of
range, huge, NaN or infinite, with units that do not exist or do not fit the quantity, dates that do not
exist: the run ends with a verdict (exit 0 or 1) or an InputError naming file:line:column inside the
file (exit 2), never with another exception (exit 3 is an internal error). A value that cannot be read
never becomes a pass. How long a run takes is the benchmark's to measure (benchmarks/compare.py), not
these tests': what they check of speed is behaviour, such as a huge number refused before it is
converted (regression B3).

The properties:

1. any bytes / any text as a spec file                       test_any_bytes_*, test_any_text_*
2. YAML-ish text built from YAML tokens and snippets         test_yaml_ish_text_*
3. spec-shaped mutations of the Defender spec                test_spec_mutations_*, test_quantity_text_*
4. ruleset mutations of dakar-2026-stock / fia-t2-base       test_ruleset_mutations_*
5. the expression compiler and evaluator                     test_expression_*
6. end to end through the command line, run in this process   test_cli_*

The 14 bugs they found (B1 to B14) are fixed; the smallest input of each is a regression test at the
end of the file.
"""

from __future__ import annotations

import copy
import datetime as dt
import functools
import math
import re
import shutil
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, event, given, note, reject, settings
from hypothesis import strategies as st
from pydantic import BaseModel

from checker.errors import MAX_LISTED, InputError
from checker.evaluate.findings import evaluate
from checker.expr import types as ty
from checker.expr.compile import Env, EvalError, Scope, compile_expr
from checker.expr.nodes import Duration
from checker.expr.parse import ExprError
from checker.read import document
from checker.read.document import MAX_INT, parse
from checker.ruleset.compile import load_ruleset
from checker.ruleset.model import Ruleset
from checker.spec.load import LoadedSpec, load_spec
from checker.text import dotted as text_dotted
from tests.helpers import both_readings, run_cli

ROOT = Path(__file__).resolve().parent.parent
DEFENDER = ROOT / "specs" / "defender-d7x-r.yaml"
BASE_RULES = ROOT / "rules" / "fia-t2-base.yaml"
STOCK_RULES = ROOT / "rules" / "dakar-2026-stock.yaml"
DEFENDER_TEXT = DEFENDER.read_text("utf-8")
DEFENDER_DATA = yaml.safe_load(DEFENDER_TEXT)

# ------------------------------------------------------------------------------------------------------
# settings: deterministic (CI), no deadline, no example database written into the worktree

settings.register_profile(
    "homologate-fuzz",
    derandomize=True,
    deadline=None,
    database=None,
    print_blob=False,
    max_examples=100,
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.function_scoped_fixture,
        HealthCheck.data_too_large,
        HealthCheck.large_base_example,
        HealthCheck.filter_too_much,
    ],
)
FUZZ = settings.get_profile("homologate-fuzz")


def fuzz(examples: int) -> settings:
    return settings(FUZZ, max_examples=examples)


# ------------------------------------------------------------------------------------------------------
# fixtures (module-scoped: hypothesis runs many examples per test function)


@pytest.fixture(scope="module")
def work(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("fuzz")


@functools.cache
def stock_ruleset() -> Ruleset:
    return load_ruleset("dakar-2026-stock")


@pytest.fixture(scope="module")
def stock() -> Ruleset:
    return stock_ruleset()


def _write_spec(folder: Path, name: str, data: Any) -> Path:
    path = folder / name
    path.write_text(dump(data), "utf-8")
    return path


@functools.cache
def loaded_specs(work: Path) -> dict[str, LoadedSpec]:
    """The Defender spec, one with every list empty and every optional value left out, and one with
    every value that may be null until known null."""
    empty = copy.deepcopy(DEFENDER_DATA)
    build = empty["build"]
    build["engine"]["restrictors"] = []
    build["engine"]["aspiration"] = "natural"
    build["engine"]["turbos"] = 0
    del build["fuel"]["safety_tank"]
    del build["air_intake"]["opening_diameter"]
    del empty["vehicle"]["entry"]
    for name in ("seats", "harnesses", "extinguishers"):
        build["safety"][name] = []
    unknown = copy.deepcopy(DEFENDER_DATA)  # every value a spec may leave null until it is known: null
    for path, _ in list(walk(unknown)):
        if path and kind_of(path).nullable and pattern(path) not in DELETABLE:
            _get(unknown, path[:-1])[path[-1]] = None
    return {
        "defender": load_spec(DEFENDER),
        "empty": load_spec(_write_spec(work, "empty-lists.yaml", empty)),
        "unknown": load_spec(_write_spec(work, "not-yet-known.yaml", unknown)),
    }


@pytest.fixture(scope="module")
def specs(work: Path) -> dict[str, LoadedSpec]:
    return loaded_specs(work)


# ------------------------------------------------------------------------------------------------------
# helpers


_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def dump(data: Any, *, unicode: bool = True, flow: bool | None = False) -> str:
    """YAML as a person would write it; never wrapped (a wrapped scalar spans lines: see BUG B11)."""
    return yaml.dump(data, Dumper=_DUMPER, sort_keys=False, allow_unicode=unicode, width=10**9,
                     default_flow_style=flow)  # fmt: skip


_YAML_BREAKS = re.compile(r"\r\n|[\r\n\x85\u2028\u2029]")


def inside(line: int, column: int, text: str) -> bool:
    """Whether 1-based ``line``:``column`` is a place in ``text``: a column may be one past its line's end,
    and the end of a text without a final line break is the start of the line after it (libyaml's)."""
    for lines in (text.split("\n"), _YAML_BREAKS.split(text)):
        if 1 <= line <= len(lines) and 1 <= column <= len(lines[line - 1]) + 1:
            return True
        if line == len(lines) + 1 and column == 1:
            return True
    return False


def assert_inside(refusal: InputError, text: str, file: str | None = None) -> None:
    """Each problem the refusal lists (InputError.more: at most MAX_LISTED and a line counting the rest)
    names a 1-based line and column inside ``text`` (by '\\n' lines or by YAML's line breaks, which also
    count \\r, NEL, LS and PS), each in one line of output."""
    assert len(refusal.more) <= MAX_LISTED, refusal
    for exc, shown in zip((refusal, *refusal.more), refusal.lines(), strict=True):
        if file is not None:
            assert exc.file == file, f"refusal names {exc.file!r}, not the file read ({file!r})"
        assert type(exc.line) is int, exc
        assert type(exc.column) is int, exc
        assert exc.line >= 1, f"{exc.line}:{exc.column} is not 1-based: {exc}"
        assert exc.column >= 1, f"{exc.line}:{exc.column} is not 1-based: {exc}"
        assert inside(exc.line, exc.column, text), f"{exc.line}:{exc.column} is outside the file: {exc}"
        assert exc.message.strip(), "a refusal says what was expected"
        assert_one_line(shown)


def assert_one_line(refusal: str) -> None:
    """A refusal is one line: what CI systems and editors link to (errors.py: 'Rendered as one line')."""
    assert "\n" not in refusal, f"a refusal is one line: {refusal!r}"
    assert "\r" not in refusal, f"a refusal is one line: {refusal!r}"


def unexpected(exc: BaseException) -> None:
    """Any exception but a refusal fails the property (the bugs the properties found are fixed: their
    smallest inputs are the regression tests at the end of the file)."""
    raise exc


# ------------------------------------------------------------------------------------------------------
# 1. any bytes, any text


def _splice(base: str | bytes, at: int, cut: int, piece: Any) -> Any:
    at = at % (len(base) + 1)
    return base[:at] + piece + base[at + cut :]


_DEFENDER_BYTES = DEFENDER_TEXT.encode("utf-8")


def _load_and_check(path: Path, name: str, text_of_file: str, stock: Ruleset | None = None) -> LoadedSpec | None:
    """load_spec either returns or refuses inside the file; a spec that loads is evaluated."""
    try:
        loaded = load_spec(path, name)
    except InputError as exc:
        assert_inside(exc, text_of_file, name)
        return None
    except Exception as exc:  # any other exception is a bug (unless pinned)
        unexpected(exc)
    if stock is not None:
        try:
            report = evaluate(loaded, stock)
        except Exception as exc:  # any other exception is a bug
            unexpected(exc)
        check_report(report, text_of_file)
    return loaded


def check_report(report: Any, text: str) -> None:
    for finding in report.findings:
        assert finding.verdict in ("pass", "fail", "marginal", "not_applicable"), finding.verdict
        assert inside(finding.line, finding.column, text), (finding.rule_id, finding.path, finding.line, finding.column)


@fuzz(200)
@given(raw=st.one_of(
    st.binary(max_size=600),
    st.tuples(st.integers(0, 10**6), st.integers(0, 8), st.binary(min_size=1, max_size=8)).map(
        lambda t: _splice(_DEFENDER_BYTES, t[0], t[1], t[2])),
    st.tuples(st.sampled_from([b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff", b"\x00", b"\r\n", b"\t"]),
              st.binary(max_size=50)).map(lambda t: t[0] + _DEFENDER_BYTES[:200] + t[1]),
))  # fmt: skip
def test_any_bytes_are_loaded_or_refused_inside_the_file(work: Path, raw: bytes) -> None:
    path = work / "bytes.yaml"
    path.write_bytes(raw)
    _load_and_check(path, "bytes.yaml", raw.decode("utf-8", errors="replace"), stock_ruleset())


_ANY_CHAR = st.characters(blacklist_categories=("Cs",))  # a lone surrogate cannot be written as UTF-8


@fuzz(200)
@given(text=st.one_of(
    st.text(_ANY_CHAR, max_size=300),
    st.tuples(st.integers(0, 10**6), st.integers(0, 6), st.text(_ANY_CHAR, min_size=1, max_size=6)).map(
        lambda t: _splice(DEFENDER_TEXT, t[0], t[1], t[2])),
    st.text(st.characters(max_codepoint=0x9F), max_size=200),  # C0 and C1 controls, DEL, NEL
))  # fmt: skip
def test_any_text_is_loaded_or_refused_inside_the_file(work: Path, text: str) -> None:
    path = work / "text.yaml"
    path.write_bytes(text.encode("utf-8"))
    _load_and_check(path, "text.yaml", text, stock_ruleset())


@fuzz(150)
@given(
    before=st.text(st.characters(min_codepoint=0x20, max_codepoint=0x7E, blacklist_characters="\"'#:-?[]{},&*!|>%@`\\"),
                   max_size=20),
    control=st.sampled_from(["\x01", "\x08", "\x0b", "\x0c", "\x1b", "\x7f", "\x80", "\x9f", "\ufffe", "\uffff"]),
    lines_before=st.integers(0, 3),
)  # fmt: skip
def test_a_control_character_is_refused_where_it_stands(before: str, control: str, lines_before: int) -> None:
    """A character YAML does not allow is refused at its own line and column (ASCII text before it;
    after non-ASCII text the position is wrong: BUG B10, pinned below)."""
    prefix = "a: 1\n" * lines_before + "b: "
    text = prefix + before + control + "\n"
    with pytest.raises(InputError) as caught:
        parse(text, "c.yaml")
    assert (caught.value.line, caught.value.column) == (lines_before + 1, 4 + len(before)), caught.value


# ------------------------------------------------------------------------------------------------------
# 2. YAML-ish text

_KEYS = st.one_of(st.sampled_from(["a", "b", "build", "production", "vehicle", "<<", "=", "~", "yes", "1", ""]),
                  st.text(_ANY_CHAR, max_size=6))  # fmt: skip
_SCALARS = st.one_of(
    st.none(), st.booleans(), st.integers(), st.integers(-(10**100), 10**100),
    st.floats(allow_nan=True, allow_infinity=True), st.dates(), st.datetimes(),
    st.text(_ANY_CHAR, max_size=20), st.sampled_from(["36 mm", "36 L", "NaN mm", "2026-02-30", "yes", "off", "~"]),
)
_NESTED = st.recursive(
    _SCALARS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.one_of(_KEYS, st.integers()), inner, max_size=4),
    max_leaves=25,
)


def _laughs(levels: int, width: int) -> str:
    lines = ["l0: &l0 [" + ", ".join(["x"] * width) + "]"]
    for i in range(1, levels):
        lines.append(f"l{i}: &l{i} [" + ", ".join([f"*l{i - 1}"] * width) + "]")
    return "\n".join(lines) + "\n"


_SNIPPETS = [
    "a: &x [1, 2]", "b: *x", "c: *nothing", "<<: *x", "d: {<<: {e: 1}}", "- &y {f: 1}\n- *y",
    "g: !!python/object:os.system x", "h: !!python/object/apply:os.system [ls]", "i: !!binary aGk=",
    "j: !!set {a, b}", "k: !!omap [a: 1]", "l: !<tag:yaml.org,2002:str> x", "m: !local x", "n: ! x",
    "---", "...", "--- a\n--- b", "%YAML 1.1\n---", "%TAG !e! tag:example.com,2000:\n---", "%FOO bar",
    "? [a, b]\n: c", "? {a: 1}\n: d", "o: |\n  block\n  text", "p: >-\n  folded\n  text", "q: 'unclosed",
    'r: "esc \\x00 \\u2028 \\N \\_ \\L \\P"', "s: \t tab", "t: 2026-02-30", "u: 0000-01-01", "v: 2026-01-01T25:00:00",
    "w: .nan", "x: -.inf", "y: 1.0e+400", "z: 0x_", "aa: 1_000", "ab: 0b102", "ac: 1:30", "ad: yes", "ae: ~",
    "af: [1, [2, [3, [4]]]]", "ag: {a: {b: {c: {}}}}", "a: 1\na: 2", "@x", "`x", "- a\nb: c", "a:\n- b\n c",
    "[" * 40 + "]" * 40, "{a: " * 40 + "1" + "}" * 40, "[" * 5000, "- " * 40 + "x",
    "\n".join("  " * i + f"k{i}:" for i in range(40)) + " x", _laughs(9, 9), _laughs(3, 300),
    "ah: !!int 0x", "ai: !!timestamp 2026-01-01", 'aj: !!float ""', "ak: !!int 1:0:0", "al: 1" + ":0" * 2419,
    "\ufeffa: 1", "a: 1\r\nb: [", "a: 1\rb: [", "a: 1\u2028b: [", "a: 1\x85b: [", "a: b: c", "a: - b",
]  # fmt: skip
_TOKENS = [":", ": ", "-", "- ", "?", "[", "]", "{", "}", ",", "&a", "&b ", "*a", "*b", "!", "!!str ", "!!map ",
           "!!seq ", "!!python/tuple ", "|", ">", "'", '"', "#", "%", "@", "`", "\n", "  ", "\t", "a", "1", "~",
           "---", "...", "<<", "2026-02-30", ".inf", "\\", "\\x00", "é", "\u2028", "\x85", "!!int ", "!!float ",
           "!!timestamp ", "!!bool ", "!!null ", "_", "0x", ":0"]  # fmt: skip


@st.composite
def yaml_ish(draw: st.DrawFn) -> str:
    kind = draw(st.integers(0, 3))
    if kind == 0:
        return dump(draw(_NESTED), unicode=draw(st.booleans()), flow=draw(st.sampled_from([False, True, None])))
    if kind == 1:
        parts = draw(st.lists(st.sampled_from(_SNIPPETS), min_size=1, max_size=5))
        indent = draw(st.sampled_from(["", "", "  "]))
        return "\n".join(indent + p for p in parts) + "\n"
    if kind == 2:
        return "".join(draw(st.lists(st.sampled_from(_TOKENS), max_size=40)))
    # a spec with snippets and tokens put in at line starts
    lines = DEFENDER_TEXT.split("\n")
    for _ in range(draw(st.integers(1, 3))):
        at = draw(st.integers(0, len(lines)))
        piece = draw(st.one_of(st.sampled_from(_SNIPPETS), st.sampled_from(_TOKENS)))
        lines.insert(at, draw(st.sampled_from(["", "  ", "    "])) + piece)
    return "\n".join(lines)


@fuzz(200)
@given(text=yaml_ish())
def test_yaml_ish_text_is_loaded_or_refused_inside_the_file(work: Path, text: str) -> None:
    path = work / "yamlish.yaml"
    path.write_bytes(text.encode("utf-8"))
    _load_and_check(path, "yamlish.yaml", text, stock_ruleset())


def assert_read_alike(text: str) -> None:
    fast, events = both_readings(text)
    event("the fast path read it" if fast is not None else "the fast path gave up")
    assert fast is None or fast == events


@fuzz(200)
@given(text=yaml_ish())
def test_yaml_ish_text_reads_alike_on_both_paths(text: str) -> None:
    assert_read_alike(text)


# ------------------------------------------------------------------------------------------------------
# 3. spec-shaped mutations: an oracle of what each field of a spec accepts


@dataclass(frozen=True)
class Kind:
    tag: str  # qty text str int bool lit date map list
    dim: str | None = None  # qty: length volume mass
    most: float = 0.0  # qty: largest plausible value, in canonical units (mm, L, kg)
    lo: int = 0
    hi: int = 0
    choices: tuple[Any, ...] = ()
    nullable: bool = False  # None (YAML null) is a valid value


UNIT_FACTORS = {
    "length": {"mm": 1.0, "cm": 10.0, "m": 1000.0, "in": 25.4},
    "volume": {"L": 1.0, "cc": 0.001, "mL": 0.001},
    "mass": {"kg": 1.0, "t": 1000.0, "lb": 0.45359237},
}
CANONICAL = {"length": "mm", "volume": "L", "mass": "kg"}
FOREIGN_UNITS = {  # units of another dimension, as a spec might write them
    "length": ["L", "cc", "ml", "litres", "kg", "t", "lb", "kW", "hp", "PS", "N·m", "Nm", "N m", "lb·ft"],
    "volume": ["mm", "cm", "m", "in", "inches", "kg", "t", "lb", "kW", "hp", "N·m"],
    "mass": ["mm", "in", "m", "L", "cc", "kW", "hp", "N·m", "lb·ft"],
}
UNKNOWN_UNITS = ["furlongs", "parsecs", "mmm", "ft", "feet", "yd", "km", "gal", "oz", "stone", "bananas", "mm²",
                 "L/100km", "µm", "mm/s", "milli metres"]  # fmt: skip


def _q(dim: str, most: float, nullable: bool = False) -> Kind:
    return Kind("qty", dim=dim, most=most, nullable=nullable)


TEXT, TEXT_OR_NULL = Kind("text"), Kind("text", nullable=True)
BOOL, BOOL_OR_NULL = Kind("bool"), Kind("bool", nullable=True)  # or null: required, but null until known


def _int(lo: int, hi: int, nullable: bool = False) -> Kind:
    return Kind("int", lo=lo, hi=hi, nullable=nullable)


def _lit(*choices: Any, nullable: bool = False) -> Kind:
    return Kind("lit", choices=choices, nullable=nullable)


MAP, LIST = Kind("map"), Kind("list")
LENGTH, WHEEL = _q("length", 10_000.0), _q("length", 2000.0)  # Inches: at most 2000 mm (78.74 in)
DIAMETER, DIAMETER_OR_NULL = _q("length", 500.0), _q("length", 500.0, nullable=True)
MASS_OR_NULL = _q("mass", 50_000.0, nullable=True)
FIELDS: dict[str, Kind] = {  # '*' for production/build and for list indices
    "spec_version": _lit(1, 2), "vehicle": MAP, "production": MAP, "build": MAP,
    "vehicle.make": TEXT, "vehicle.model": TEXT, "vehicle.homologation_form": TEXT, "vehicle.class": TEXT,
    "vehicle.entry": TEXT_OR_NULL, "vehicle.sources": Kind("str", nullable=True),
    "*.engine": MAP, "*.engine.block": TEXT, "*.engine.displacement": _q("volume", 20.0),
    "*.engine.cylinders": _int(1, 16), "*.engine.aspiration": _lit("natural", "turbo", "supercharged"),
    "*.engine.turbos": _int(0, 4), "*.engine.fuel": _lit("petrol", "diesel"),
    "build.engine.restrictors": LIST, "build.engine.restrictors.*": DIAMETER_OR_NULL,
    "*.drivetrain": MAP, "*.drivetrain.layout": _lit("4x4", "4x2"), "*.drivetrain.gearbox": TEXT,
    "*.drivetrain.gears": _int(1, 12),
    "*.chassis": MAP, "*.chassis.bodyshell": TEXT, "*.chassis.wheelbase": LENGTH, "*.chassis.track_front": LENGTH,
    "*.chassis.track_rear": LENGTH, "*.chassis.width": LENGTH,
    "*.suspension": MAP, "*.suspension.ride_height": LENGTH, "*.suspension.dampers_per_wheel": MAP,
    "*.suspension.dampers_per_wheel.front": _int(0, 8), "*.suspension.dampers_per_wheel.rear": _int(0, 8),
    "build.suspension.production_mounting_points": BOOL_OR_NULL,
    "*.wheels": MAP, "*.wheels.tyre_diameter": WHEEL, "*.wheels.tyre_width": LENGTH, "*.wheels.rim_diameter": WHEEL,
    "build.wheels.spare_wheels": _int(0, 64, nullable=True),
    "*.fuel": MAP, "*.fuel.tank_capacity": _q("volume", 5000.0), "build.fuel.safety_tank": TEXT_OR_NULL,
    "build.fuel.aviation_lines": BOOL, "build.fuel.safety_tank_manufactured": Kind("date", nullable=True),
    "build.fuel.safety_tank_recertified_until": Kind("date", nullable=True),
    "*.weight": MAP, "production.weight.homologated": _q("mass", 50_000.0),
    "build.weight.measured": MASS_OR_NULL, "build.weight.safety_equipment": MASS_OR_NULL,
    "build.air_intake": MAP, "build.air_intake.opening_diameter": _q("length", 500.0, nullable=True),
    "build.air_intake.tube_inner_diameter": DIAMETER_OR_NULL, "build.air_intake.draws_from_cockpit": BOOL_OR_NULL,
    "build.air_intake.housing_in_original_place": BOOL_OR_NULL, "build.air_intake.in_engine_compartment": BOOL_OR_NULL,
    "build.safety": MAP, "build.safety.cage": MAP, "build.safety.cage.certificate": TEXT_OR_NULL,
    "build.safety.cage.identification_plate": BOOL_OR_NULL,
    "build.safety.seats": LIST, "build.safety.seats.*": MAP, "build.safety.seats.*.standard": TEXT_OR_NULL,
    "build.safety.seats.*.manufactured": Kind("year", nullable=True),
    "build.safety.seats.*.not_valid_after": Kind("year", nullable=True),
    "build.safety.harnesses": LIST, "build.safety.harnesses.*": MAP,
    "build.safety.harnesses.*.standard": TEXT_OR_NULL, "build.safety.harnesses.*.expires": Kind("date", nullable=True),
    "build.safety.extinguishers": LIST, "build.safety.extinguishers.*": MAP,
    "build.safety.extinguishers.*.technical_list": _int(1, 999, nullable=True),
    "build.safety.extinguishers.*.system": _lit("plumbed-in", "hand-held", nullable=True),
}  # fmt: skip
V2_ONLY = {"build.fuel.safety_tank_manufactured", "build.fuel.safety_tank_recertified_until",
           "build.air_intake.in_engine_compartment", "build.safety.seats.*.not_valid_after"}  # spec_version 2 fields
DELETABLE = {"spec_version", "vehicle.entry", "vehicle.sources", "*.engine.turbos", "build.engine.restrictors",
             "build.fuel.safety_tank", "build.fuel.aviation_lines", "build.air_intake.opening_diameter",
             *V2_ONLY}  # fmt: skip
FIELD_NAMES = {"waivers", "rule", "reference", "reason", "granted_by", "path"} | {
    part for name in FIELDS for part in name.split(".")}  # fmt: skip


def pattern(path: tuple[Any, ...]) -> str:
    parts = ["*" if isinstance(p, int) else str(p) for p in path]
    name = ".".join(parts)
    if name not in FIELDS and parts[0] in ("production", "build"):
        name = ".".join(["*"] + parts[1:])
    return name


def kind_of(path: tuple[Any, ...]) -> Kind:
    return FIELDS[pattern(path)]


def deletable(path: tuple[Any, ...]) -> bool:
    return isinstance(path[-1], int) or pattern(path) in DELETABLE


def walk(data: Any, path: tuple[Any, ...] = ()) -> Any:
    yield path, data
    if isinstance(data, dict):
        for key, value in data.items():
            yield from walk(value, path + (key,))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from walk(value, path + (index,))


SPEC_PATHS = [p for p, _ in walk(DEFENDER_DATA) if p]
SPEC_MAPPINGS = [p for p, v in walk(DEFENDER_DATA) if isinstance(v, dict)]
QUANTITY_PATHS = [p for p in SPEC_PATHS if kind_of(p).tag == "qty"]

OK, REFUSE, ANY = "ok", "refuse", "any"


class _Marker:
    def __init__(self, name: str) -> None:
        self.name = name

    def __repr__(self) -> str:
        return self.name


REFUSED_YAML = _Marker("REFUSED_YAML")  # raw YAML that homologate's reader must refuse wherever it stands
UNKNOWN_YAML = _Marker("UNKNOWN_YAML")  # raw YAML the oracle does not judge


class Raw:
    """A raw YAML scalar (or flow collection) put into the dumped spec text as written."""

    def __init__(self, text: str, means: Any) -> None:
        self.text = text
        self.means = means  # the value it reads as, REFUSED_YAML or UNKNOWN_YAML

    def __repr__(self) -> str:  # never the value: str() of a 4302-digit int raises ValueError
        return f"Raw({self.text if len(self.text) < 40 else self.text[:37] + '...'!r})"


def qty_reading(text: str, kind: Kind) -> tuple[str, Any]:
    """The oracle for the plain forms it knows: '<digits>[.<digits>] <unit>' with a unit of the field's
    dimension, in range; no digit at all, or a number with a unit of another dimension or an unknown
    unit: refused. Anything else: not judged."""
    match = re.fullmatch(r"([0-9]+(?:\.[0-9]+)?) ?(\S+(?: \S+)?)", text)
    if match:
        number, unit = match.groups()
        factor = UNIT_FACTORS[kind.dim].get(unit)  # type: ignore[index]
        if factor is not None:
            value = round(float(number) * factor, 9)
            return (OK, value) if 0 < value <= kind.most else (REFUSE, None)
        if unit in FOREIGN_UNITS[kind.dim] or unit in UNKNOWN_UNITS:  # type: ignore[index]
            return REFUSE, None
    if not any(ch.isdecimal() for ch in text):
        return REFUSE, None
    return ANY, None


def reading(kind: Kind, value: Any) -> tuple[str, Any]:
    """What a spec field of ``kind`` must do with ``value``: (OK, the value read), (REFUSE, None) or
    (ANY, None) where the oracle does not judge."""
    if isinstance(value, Raw):
        value = value.means
    if value is REFUSED_YAML:
        return REFUSE, None
    if value is UNKNOWN_YAML:
        return ANY, None
    if value is None:
        return (OK, None) if kind.nullable else (REFUSE, None)
    tag = kind.tag
    if tag == "map":
        return (ANY, None) if isinstance(value, dict) else (REFUSE, None)
    if tag == "list":
        return (ANY, None) if isinstance(value, list) else (REFUSE, None)
    if tag == "qty":
        return qty_reading(value, kind) if isinstance(value, str) else (REFUSE, None)
    if type(value) is int and abs(value) > MAX_INT:
        return REFUSE, None  # the YAML reader refuses it, whatever the field
    if tag == "text":
        if type(value) is int:
            value = str(value) if value.bit_length() < 1000 else "more than 200 digits"
        ok = type(value) is str and 1 <= len(value) <= 200
        return (OK, value) if ok else (REFUSE, None)
    if tag == "str":
        ok = type(value) is str and len(value) <= 2000
        return (OK, value) if ok else (REFUSE, None)
    if tag == "int":
        ok = type(value) is int and kind.lo <= value <= kind.hi
        return (OK, value) if ok else (REFUSE, None)
    if tag == "bool":
        return (OK, value) if type(value) is bool else (REFUSE, None)
    if tag == "lit":
        ok = any(type(value) is type(c) and value == c for c in kind.choices)
        return (OK, value) if ok else (REFUSE, None)
    if tag == "date":
        return (OK, value) if type(value) is dt.date else (REFUSE, None)
    if tag == "year":  # a year, or a date read as its year
        if type(value) is dt.date:
            return OK, value.year
        return (OK, value) if type(value) is int and 1 <= value <= 9999 else (REFUSE, None)
    raise AssertionError(tag)


RAW_SNIPPETS = [
    Raw("2026-02-30", REFUSED_YAML), Raw("0000-01-01", REFUSED_YAML), Raw("2026-13-01", REFUSED_YAML),
    Raw("2026-01-01T25:00:00", REFUSED_YAML), Raw(".nan", REFUSED_YAML), Raw(".NaN", REFUSED_YAML),
    Raw(".inf", REFUSED_YAML), Raw("-.inf", REFUSED_YAML), Raw("1.0e+400", REFUSED_YAML), Raw("0x_", REFUSED_YAML),
    Raw("!!binary aGk=", REFUSED_YAML), Raw("!!python/object:os.system x", REFUSED_YAML),
    Raw("!!python/name:os.system", REFUSED_YAML), Raw("!!set {a, b}", REFUSED_YAML), Raw("!local 5", REFUSED_YAML),
    Raw("!<tag:yaml.org,2002:python/object> x", REFUSED_YAML), Raw("*undefined", REFUSED_YAML),
    Raw("@x", REFUSED_YAML), Raw("`x", REFUSED_YAML), Raw("[unclosed", REFUSED_YAML), Raw("{a: 1", REFUSED_YAML),
    Raw("'unclosed", REFUSED_YAML), Raw("{<<: {}}", REFUSED_YAML), Raw("{a: 1, a: 2}", REFUSED_YAML),
    Raw("{[a]: 1}", REFUSED_YAML), Raw("{1: a}", REFUSED_YAML),
    Raw("2026-01-01", dt.date(2026, 1, 1)), Raw("9999-12-31", dt.date(9999, 12, 31)),
    Raw("0001-01-01", dt.date(1, 1, 1)), Raw("2024-02-29", dt.date(2024, 2, 29)),
    Raw("2026-01-01 10:00:00", dt.datetime(2026, 1, 1, 10)), Raw("99999-01-01", "99999-01-01"),
    Raw("2026-1-1", "2026-1-1"), Raw("1e400", REFUSED_YAML), Raw("1_000", "1_000"), Raw("017", 17), Raw("0o17", 15),
    Raw("0x1F", 31), Raw("1:30", "1:30"), Raw("~", None), Raw("null", None), Raw("Null", None), Raw("", None),
    Raw("yes", "yes"), Raw("off", "off"), Raw("True", True), Raw("FALSE", False), Raw("!!str 5", "5"),
    Raw("! 5", "5"), Raw("!!str", ""), Raw("!!null x", REFUSED_YAML), Raw("!!float 36", 36.0), Raw("!!int 36", 36),
    Raw("!!bool yes", REFUSED_YAML), Raw("!!timestamp 2026-01-01", dt.date(2026, 1, 1)), Raw("&anchor 5", 5),
    Raw("[]", []), Raw("{}", {}), Raw("[36 mm, 36 mm]", ["36 mm", "36 mm"]), Raw("'36 mm'", "36 mm"),
    Raw('"36 mm"', "36 mm"), Raw("36 mm # a comment", "36 mm"), Raw("<<", "<<"), Raw("=", "="), Raw("1.5", 1.5),
    Raw("-0.0", -0.0), Raw("+1", 1), Raw("0", 0), Raw("1e3", 1000.0), Raw('"\\t36 mm\\u00a0"', "\t36 mm\u00a0"),
    Raw("%x", UNKNOWN_YAML), Raw("? x", UNKNOWN_YAML), Raw("1" + ":0" * 2419, "1" + ":0" * 2419),
    Raw("0b1000", "0b1000"), Raw("+.5", 0.5),
]  # fmt: skip

_HOSTILE = st.one_of(
    st.none(), st.booleans(), st.integers(-10, 100), st.integers(), st.just(10**100), st.just(-(10**100)),
    st.floats(), st.sampled_from([math.nan, math.inf, -math.inf, 1e308, -0.0, 5e-324, 8.0]),
    st.dates(), st.datetimes(), st.lists(st.integers(), max_size=3), st.just([]), st.just({}),
    st.dictionaries(st.sampled_from(["a", "mm", "value"]), st.integers(), max_size=2),
    st.text(_ANY_CHAR.filter(lambda c: c not in "\n\r"), max_size=30),
    st.sampled_from(["", " ", "x" * 201, "x" * 5000, "é" * 200, "FT3.5", "turbo", "4x4", "true", "8", "2026-01-01",
                     "2026-02-30", "36 mm", "36 L", "NaN mm", "inf mm", "1e400 mm", "-5 mm", "0 mm", "36 furlongs",
                     "\t36 mm ", "36mm", "1,760 mm", "36,5 mm"]),
    st.sampled_from(RAW_SNIPPETS),
)  # fmt: skip


@st.composite
def valid_quantity(draw: st.DrawFn, kind: Kind) -> tuple[str, float]:
    units = sorted((u, f, d) for u, f in UNIT_FACTORS[kind.dim].items() for d in (1, 10, 100)  # type: ignore[index]
                   if kind.most * d / f >= 1)  # fmt: skip
    unit, factor, divisor = draw(st.sampled_from(units))
    top = int(kind.most * divisor / factor)
    number = Decimal(draw(st.integers(1, top))) / Decimal(divisor)
    text = draw(st.sampled_from(["{n} {u}", "{n}{u}", " {n}  {u} "])).format(n=number, u=unit)
    value = round(float(number) * factor, 9)
    if not 0 < value <= kind.most:
        reject()
    return text, value


@st.composite
def invalid_quantity(draw: st.DrawFn, kind: Kind) -> str:
    """Text that is not a valid quantity of the field's dimension and range: to be refused."""
    unit = CANONICAL[kind.dim]  # type: ignore[index]
    n = draw(st.integers(1, 99))
    too_big = f"{kind.most * 1000:.0f}"
    return draw(st.sampled_from([
        f"{n} {draw(st.sampled_from(FOREIGN_UNITS[kind.dim]))}",  # type: ignore[index]
        f"{n} {draw(st.sampled_from(UNKNOWN_UNITS))}",
        f"NaN {unit}", f"nan {unit}", f"inf {unit}", f"-inf {unit}", f"Infinity {unit}", f"∞ {unit}", unit, "", " ",
        f"one {unit}", f"1e400 {unit}", f"1e309 {unit}", "9" * 400 + f" {unit}", f"1e-400 {unit}", f"0 {unit}",
        f"0.0 {unit}", f"-0 {unit}", f"-{n} {unit}", f"0.0000000001 {unit}", f"{too_big} {unit}", f"{n}", f"{n}.5",
        "1e3", f"{n},5 {unit}", f"{n} {unit} 2", f"{n} {unit} + 1 {unit}", f"3 6 {unit}", f"{n}.5.5 {unit}",
        f"0x24 {unit}", f"{n} {unit}!", f"\u2212{n} {unit}", f"{n} {unit} {unit}",  # U+2212 MINUS SIGN
    ]))  # fmt: skip


def plausible(kind: Kind) -> st.SearchStrategy[Any]:
    """Values a spec may well hold in a field of ``kind`` (most of them readable)."""
    if kind.tag == "int":
        return st.integers(kind.lo - 1, kind.hi + 1)
    if kind.tag == "bool":
        return st.booleans()
    if kind.tag == "lit":
        return st.sampled_from(kind.choices)
    if kind.tag == "date":
        return st.one_of(st.dates(), st.sampled_from([dt.date.min, dt.date.max, dt.date(9990, 6, 1)]))
    if kind.tag == "year":
        return st.one_of(st.integers(-1, 10_000), st.sampled_from([2021, 1, 9999, 9990]), st.dates())
    if kind.tag == "str":
        return st.text(_ANY_CHAR, max_size=60)
    return st.one_of(st.text(_ANY_CHAR, min_size=1, max_size=60), st.integers(0, 10**6),
                     st.sampled_from(["FT3.5", "FIA 8855-1999", "FIA 8862-2009", "T2 Stock", "x" * 200]))  # fmt: skip


class Mutant:  # not a dataclass: hypothesis would print every field of one (the whole text) on a failure
    def __init__(self, data: Any, text: str, verdict: str, checks: list[tuple[tuple[Any, ...], Any]],
                 mutated: list[tuple[Any, ...]]) -> None:  # fmt: skip
        self.data = data
        self.text = text
        self.verdict = verdict  # OK: must load; REFUSE: must be refused; ANY: either
        self.checks = checks  # path -> the value it must load as
        self.mutated = mutated

    def __repr__(self) -> str:
        return f"Mutant(mutated={self.mutated!r}, verdict={self.verdict!r}) (its text is in the notes)"


def related(a: tuple[Any, ...], b: tuple[Any, ...]) -> bool:
    """One inside the other, or items of one list (deleting one moves the others)."""
    common = 0
    while common < min(len(a), len(b)) and a[common] == b[common]:
        common += 1
    if common == min(len(a), len(b)):
        return True
    return isinstance(a[common], int) or isinstance(b[common], int)


def _get(data: Any, path: tuple[Any, ...]) -> Any:
    for part in path:
        data = data[part]
    return data


def _render(data: Any, raws: dict[str, Raw]) -> str:
    text = dump(data)
    for marker, raw in raws.items():
        text = text.replace(marker, raw.text)
    return text


_NEW_KEYS = st.one_of(
    st.sampled_from(["cylinder", "track-front", "Class", "vehicle_class", "spec-version", "restrictor", "seat",
                     "extra", "id", "x" * 300, "é", "0", "true", "null", "<<"]),
    st.text(_ANY_CHAR, min_size=1, max_size=12), st.sampled_from(["a\nb", "x\r", "vehicle\nspecs/x.yaml:1:1: ok"]),
).filter(lambda k: k not in FIELD_NAMES)


@st.composite
def mutants(draw: st.DrawFn) -> Mutant:
    """The Defender spec with one to three values replaced, keys deleted or unknown keys added; the
    oracle's verdict on the whole (REFUSE if any change must be refused, else OK if every change is
    known to be readable, else ANY)."""
    data = copy.deepcopy(DEFENDER_DATA)
    chosen: list[tuple[Any, ...]] = []
    for path in draw(st.lists(st.sampled_from(SPEC_PATHS + SPEC_MAPPINGS), min_size=1, max_size=3)):
        if not any(related(path, other) for other in chosen):
            chosen.append(path)
    raws: dict[str, Raw] = {}
    verdicts, checks = [], []
    for path in chosen:
        kind = kind_of(path) if path else MAP
        op = draw(st.sampled_from(["replace"] * 6 + ["delete", "add"]))
        if (op == "add" or not path) and isinstance(_get(data, path), dict):
            _get(data, path)[draw(_NEW_KEYS)] = draw(_HOSTILE.filter(lambda v: not isinstance(v, Raw)))
            verdicts.append(REFUSE)
            continue
        if not path:
            continue
        parent = _get(data, path[:-1])
        if op == "delete":
            del parent[path[-1]]
            verdicts.append(OK if deletable(path) else REFUSE)
            continue
        mode = draw(st.sampled_from(["plausible", "hostile", "hostile"]))
        if mode == "plausible" and kind.tag in ("map", "list"):
            value, verdict = copy.deepcopy(_get(DEFENDER_DATA, path)), (OK, None)  # as it was
        elif mode == "plausible" and kind.tag == "qty":
            value, expected = draw(valid_quantity(kind))
            verdict = (OK, expected)
        elif mode == "plausible":
            value = draw(plausible(kind))
            verdict = reading(kind, value)
        elif kind.tag == "qty" and draw(st.booleans()):
            value, verdict = draw(invalid_quantity(kind)), (REFUSE, None)
        else:
            value = draw(_HOSTILE)
            verdict = reading(kind, value)
        if isinstance(value, Raw):
            marker = f"RAWSNIPPET{len(raws)}X"
            raws[marker] = value
            parent[path[-1]] = marker
        else:
            parent[path[-1]] = value
        verdicts.append(verdict[0])
        if verdict[0] == OK and kind.tag not in ("map", "list"):
            checks.append((path, verdict[1]))
    text = _render(data, raws)
    if not raws and yaml.load(text, Loader=_LOADER) != data:  # the dumper changed a value (NaN, say): judge less
        verdicts = [v if v == REFUSE else ANY for v in verdicts]
    if _version_one(data, raws) and any(pattern(p) in V2_ONLY for p, _ in walk(data) if p):
        verdicts.append(REFUSE)  # a spec_version 2 field in a version 1 spec
    overall = REFUSE if REFUSE in verdicts else OK if all(v == OK for v in verdicts) else ANY
    return Mutant(data, text, overall, checks, chosen)


def _version_one(data: Any, raws: dict[str, Raw]) -> bool:
    """Whether the spec reads as spec_version 1: the key left out, or a value that reads as 1."""
    if not isinstance(data, dict) or "spec_version" not in data:
        return True
    value = data["spec_version"]
    if isinstance(value, str) and value in raws:
        value = raws[value].means
    return type(value) is int and value == 1


def loaded_value(loaded: LoadedSpec, path: tuple[Any, ...]) -> Any:
    return _get(loaded.spec.model_dump(by_alias=True), path)


def check_mutant(mutant: Mutant, path: Path, stock: Ruleset) -> None:
    note(f"mutated {mutant.mutated}; oracle: {mutant.verdict}\n{mutant.text}")
    path.write_text(mutant.text, "utf-8")
    loaded = _load_and_check(path, path.name, mutant.text, stock)
    event(f"oracle {mutant.verdict}, {'loaded' if loaded else 'refused'}")
    if mutant.verdict == REFUSE:
        assert loaded is None, f"a value that cannot be read was accepted: {mutant.mutated}"
    if mutant.verdict == OK:
        assert loaded is not None, "a spec of readable values was refused"
    if loaded is not None:
        for where, expected in mutant.checks:
            got = loaded_value(loaded, where)
            if isinstance(expected, float):
                assert math.isclose(got, expected, rel_tol=1e-9, abs_tol=1e-6), (where, got, expected)
            else:
                assert got == expected, (where, got, expected)
                assert type(got) is type(expected), (where, got, expected)


@fuzz(200)
@given(mutant=mutants())
def test_spec_mutations_are_read_correctly_or_refused(work: Path, mutant: Mutant) -> None:
    check_mutant(mutant, work / "mutant.yaml", stock_ruleset())


@fuzz(150)
@given(mutant=mutants())
def test_spec_mutations_read_alike_on_both_paths(mutant: Mutant) -> None:
    assert_read_alike(mutant.text)


def _line_of(text: str, path: tuple[Any, ...]) -> int:
    """The line a value starts on, by PyYAML's own (pure-Python) composer: independent of homologate."""
    node = yaml.compose(text, Loader=yaml.SafeLoader)
    for part in path:
        node = node.value[part] if isinstance(part, int) else next(v for k, v in node.value if k.value == part)
    return node.start_mark.line + 1


@fuzz(150)
@given(where=st.sampled_from(QUANTITY_PATHS), data=st.data())
def test_quantity_text_is_read_exactly_or_refused_at_its_line(
    work: Path, where: tuple[Any, ...], data: st.DataObject
) -> None:
    """The precise check: a quantity field given text that is not a quantity of its dimension within
    its range ("36 L" for a diameter, "NaN mm", an unknown unit, no unit, ...) is refused at that value's
    line; one given a valid quantity is read as exactly that value."""
    kind = kind_of(where)
    spec = copy.deepcopy(DEFENDER_DATA)
    valid = data.draw(st.booleans())
    if valid:
        value, expected = data.draw(valid_quantity(kind))
    else:
        value = data.draw(st.one_of(invalid_quantity(kind), _HOSTILE.filter(
            lambda v: not isinstance(v, (str, Raw)) and not (v is None and kind.nullable))))  # fmt: skip
    _get(spec, where[:-1])[where[-1]] = value
    text = dump(spec)
    path = work / "quantity.yaml"
    path.write_text(text, "utf-8")
    note(f"{where} = {value!r}")
    if valid:
        loaded = load_spec(path, "quantity.yaml")
        assert math.isclose(loaded_value(loaded, where), expected, rel_tol=1e-9, abs_tol=1e-6)
        check_report(evaluate(loaded, stock_ruleset()), text)
        return
    with pytest.raises(InputError) as caught:
        load_spec(path, "quantity.yaml")
    assert_inside(caught.value, text, "quantity.yaml")
    assert caught.value.line == _line_of(text, where), f"refused at the wrong line: {caught.value}"


DATE_PATHS = [p for p in SPEC_PATHS if kind_of(p).tag in ("date", "year")]
VALIDITY = {"FIA 8862-2009": ("T2-SEAT-8862-VALIDITY", 10), "FIA 8855-1999": ("T2-SEAT-8855-VALIDITY", 5),
            "FIA 8855-2021": ("T2-SEAT-8855-2021-VALIDITY", 10)}  # fmt: skip


def _years_later(day: dt.date, years: int) -> dt.date:
    if day.year + years > dt.MAXYEAR:  # beyond the calendar: still valid on any date it holds
        return dt.date.max
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February in a year that has none
        return day.replace(year=day.year + years, day=28)


def _end_of_year(year: int) -> dt.date:
    return dt.date.max if year > dt.MAXYEAR else dt.date(year, 12, 31)


@fuzz(100)
@given(where=st.sampled_from(DATE_PATHS),
       day=st.one_of(st.dates(), st.sampled_from([
           dt.date.min, dt.date.max, dt.date(9990, 6, 1), dt.date(2016, 1, 2), dt.date(2016, 1, 1),
           dt.date(2021, 1, 2), dt.date(2021, 1, 1), dt.date(2026, 1, 2), dt.date(2026, 1, 1), dt.date(2016, 2, 29)])),
       standard=st.sampled_from(["FIA 8862-2009", "FIA 8855-1999", "FIA 8855-2021", "FIA 8855-2010"]))  # fmt: skip
def test_any_real_date_is_read_and_judged_correctly(work: Path, where: tuple[Any, ...], day: dt.date,
                                                    standard: str) -> None:  # fmt: skip
    """Every real date (0001-01-01 to 9999-12-31) in a date field loads, and its validity verdict is right
    on 2026-01-02: a seat is valid to 31 December of its year of manufacture (a date is read as its year)
    + 5 or 10 years, or of its label's year; a harness until its expiry; a safety tank 5 years from its
    manufacture."""
    spec = copy.deepcopy(DEFENDER_DATA)
    item = _get(spec, where[:-1])
    item[where[-1]] = day
    if where[-1] == "manufactured":
        item["standard"] = standard
        item.pop("not_valid_after", None)  # the label's year, where given, is what counts
    text = dump(spec)
    path = work / "dates.yaml"
    path.write_text(text, "utf-8")
    report = evaluate(load_spec(path, "dates.yaml"), stock_ruleset())
    check_report(report, text)
    on = dt.date(2026, 1, 2)
    if where[-1] == "expires":
        rule, valid = "T2-HARNESS-VALIDITY", day >= on
    elif where[-1] == "safety_tank_manufactured":
        rule, valid = "T2-SAFETY-TANK-VALIDITY", _years_later(day, 5) >= on
    elif where[-1] == "safety_tank_recertified_until":
        return  # its own examples and tests hold it
    elif where[-1] == "not_valid_after":
        rule, valid = "T2-SEAT-LABEL-VALIDITY", _end_of_year(day.year) >= on
    elif standard in VALIDITY:
        rule, years = VALIDITY[standard]
        valid = _end_of_year(day.year + years) >= on
    else:
        return  # a standard no validity rule knows: the standard rule fails it
    verdicts = [f.verdict for f in report.findings if f.rule_id == rule and f.path == text_dotted(where)]
    assert verdicts == ["pass" if valid else "fail"], (rule, where, day, verdicts)


# ------------------------------------------------------------------------------------------------------
# 4. ruleset mutations

BASE_DATA = yaml.safe_load(BASE_RULES.read_text("utf-8"))
STOCK_DATA = yaml.safe_load(STOCK_RULES.read_text("utf-8"))
STOCK_DATA["extends"] = "fia-t2-base.yaml"  # the copy next to it, not the bundled one
RULE_IDS = [r["id"] for r in BASE_DATA["rules"]] + [r["id"] for r in STOCK_DATA["rules"]]
RULESET_KEYS = {"ruleset", "title", "version", "event_date", "extends", "description", "rules", "overrides", "id",
                "area", "article", "provenance", "source", "note", "severity", "help", "when", "each", "check",
                "value", "min", "max", "equals", "in", "tolerance"} | set(RULE_IDS)  # fmt: skip

EXPR_NAMES = [
    "check_date", "production", "build", "vehicle", "item", "item.standard", "item.manufactured", "item.expires",
    "item.technical_list", "item.system", "production.chassis.track_front", "build.chassis.track_front",
    "production.chassis.width", "build.chassis.wheelbase", "build.engine.restrictors", "build.engine.aspiration",
    "build.engine.fuel", "build.engine.turbos", "production.engine.turbos", "build.engine.cylinders",
    "build.engine.displacement", "build.engine.block", "build.drivetrain.layout", "build.drivetrain.gears",
    "build.suspension.ride_height", "build.suspension.dampers_per_wheel.front",
    "build.suspension.production_mounting_points", "build.wheels.tyre_diameter", "build.wheels.spare_wheels",
    "build.fuel.tank_capacity", "build.fuel.safety_tank", "build.fuel.aviation_lines", "production.weight.homologated",
    "build.weight.measured", "build.weight.safety_equipment", "build.air_intake.opening_diameter",
    "build.air_intake.tube_inner_diameter", "build.air_intake.draws_from_cockpit", "build.safety.cage.certificate",
    "build.safety.cage.identification_plate", "build.safety.seats", "build.safety.harnesses",
    "build.safety.extinguishers", "vehicle.make", "vehicle.entry", "vehicle.sources", "vehicle.class",
    "item.not_valid_after", "build.fuel.safety_tank_manufactured", "build.fuel.safety_tank_recertified_until",
    "build.air_intake.in_engine_compartment",
    # names that must not resolve
    "build.safety.seats.standard", "production.chassis.track_front.x", "bogus", "build.enginee.turbos", "on", "s",
    "it", "env", "__import__", "__builtins__", "len", "_need", "_k0", "True", "None", "check_date.year", "waivers",
    "spec_version", "vehicle.vehicle_class", "build.engine.restrictors.item",
]  # fmt: skip
NUMBERS = ["0", "1", "2", "2.5", "0.1", "007", "1e308", "1e-308", "1e-400", "10000000000000000000000",
           "1.7976931348623157e308"]  # fmt: skip
QTY_UNITS = ["mm", "cm", "m", "in", "inch", "L", "cc", "ml", "kg", "t", "lb", "kW", "hp", "PS", "N·m", "Nm", "N m",
             "lb·ft"]  # fmt: skip
DURATION_WORDS = ["day", "days", "week", "weeks", "month", "months", "year", "years"]
DATES = ["2026-01-02", "0001-01-01", "9999-12-31", "2024-02-29", "2026-02-30", "0000-01-01", "2026-13-01"]
STRINGS = ['"turbo"', '"petrol"', '"FIA 8855-1999"', "'FT3.5'", '""', '"x y"', '"é"', "'it''s'", '"unclosed']
BINARY = ["+", "-", "*", "/", "==", "!=", "<", "<=", ">", ">=", "and", "or", "in"]
FUNCS = ["count", "present", "min", "max", "sum", "end_of_year", "len", "foo", "__import__"]
EXPR_TOKENS = (EXPR_NAMES + NUMBERS + QTY_UNITS + DURATION_WORDS + DATES + STRINGS + BINARY + FUNCS
               + ["(", ")", "[", "]", ",", "not", "true", "false", "null", "=", "!", ".", "'", '"', "#", "€", "\t",
                  "\u0661", "\u00d7", "\u2212", "1e400"])  # fmt: skip  # Arabic-Indic 1, times, minus sign

_NUMBER = st.one_of(st.sampled_from(NUMBERS), st.integers(0, 10**30).map(str),
                    st.floats(0, 1e308, allow_nan=False, allow_infinity=False).map(repr))  # fmt: skip
_ATOM = st.one_of(
    st.sampled_from(EXPR_NAMES), _NUMBER,
    st.tuples(_NUMBER, st.sampled_from(QTY_UNITS)).map(" ".join),
    st.tuples(st.sampled_from(["0", "1", "5", "10", "100000", "2026", "3000000", "100000000000000000000"]),
              st.sampled_from(DURATION_WORDS)).map(" ".join),
    st.sampled_from(DATES), st.sampled_from(STRINGS), st.sampled_from(["true", "false", "null"]),
)  # fmt: skip


def _grammar(inner: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.one_of(
        st.tuples(inner, st.sampled_from(BINARY), inner).map(lambda t: f"{t[0]} {t[1]} {t[2]}"),
        inner.map(lambda e: f"({e})"),
        inner.map(lambda e: f"-{e}"),
        inner.map(lambda e: f"not {e}"),
        st.tuples(st.sampled_from(FUNCS), st.lists(inner, max_size=3)).map(lambda t: f"{t[0]}({', '.join(t[1])})"),
        st.tuples(inner, st.lists(_ATOM, max_size=4)).map(lambda t: f"{t[0]} in [{', '.join(t[1])}]"),
    )


GRAMMAR = st.recursive(_ATOM, _grammar, max_leaves=10)

# Well-typed expressions, so that many compile and get evaluated (overflow, empty lists, absent values).
LENGTH_NAMES = ["production.chassis.track_front", "build.chassis.track_front", "build.chassis.width",
                "build.suspension.ride_height", "build.wheels.tyre_diameter", "build.air_intake.opening_diameter",
                "build.air_intake.tube_inner_diameter", "sum(build.engine.restrictors)",
                "min(build.engine.restrictors)", "max(build.engine.restrictors)", "item"]  # fmt: skip
COUNT_NAMES = ["build.engine.turbos", "build.engine.cylinders", "build.wheels.spare_wheels",
               "count(build.engine.restrictors)", "count(build.safety.seats)", "count(build.safety.extinguishers)",
               "item.technical_list"]  # fmt: skip
DATE_NAMES = ["check_date", "item.manufactured", "item.expires", "2026-01-02", "0001-01-01", "9999-12-31"]


def _paren(parts: tuple[str, ...]) -> str:
    return "(" + " ".join(parts) + ")"


def _call(parts: tuple[str, ...]) -> str:
    return f"{parts[0]}({', '.join(parts[1:])})"


_DURATION = st.tuples(st.sampled_from(["0", "1", "5", "10", "1000", "8000", "100000", "3000000"]),
                      st.sampled_from(DURATION_WORDS)).map(" ".join)  # fmt: skip


@functools.cache
def typed(depth: int) -> dict[str, st.SearchStrategy[str]]:
    """Well-typed expressions of each type, nested at most ``depth`` deep."""
    if depth == 0:
        return {
            "num": st.one_of(_NUMBER, st.sampled_from(COUNT_NAMES)),
            "len": st.one_of(st.sampled_from(LENGTH_NAMES),
                             st.tuples(_NUMBER, st.sampled_from(["mm", "in", "m"])).map(" ".join)),
            "date": st.sampled_from(DATE_NAMES),
            "bool": st.sampled_from(["true", "false", "build.fuel.aviation_lines",
                                     "build.air_intake.draws_from_cockpit", "present(build.fuel.safety_tank)",
                                     "present(build.air_intake.opening_diameter)",
                                     'build.engine.aspiration == "turbo"', "build.fuel.safety_tank == null",
                                     'item.standard in ["FIA 8855-1999", "FIA 8862-2009"]',
                                     "build.fuel.safety_tank in ['FT5']"]),
        }  # fmt: skip
    s = typed(depth - 1)
    num, length, date, boolean = s["num"], s["len"], s["date"], s["bool"]
    return {
        "num": st.one_of(
            num, st.tuples(num, st.sampled_from(["+", "-", "*", "/"]), num).map(_paren),
            st.tuples(length, st.just("/"), length).map(_paren), num.map(lambda e: f"-{e}"),
        ),
        "len": st.one_of(
            length, st.tuples(length, st.sampled_from(["+", "-"]), length).map(_paren),
            st.tuples(length, st.sampled_from(["*", "/"]), num).map(_paren),
            st.tuples(num, st.just("*"), length).map(_paren),
            st.tuples(st.sampled_from(["min", "max"]), length, length).map(_call),
        ),
        "date": st.one_of(
            date, st.tuples(date, st.sampled_from(["+", "-"]), _DURATION).map(_paren),
            st.tuples(st.sampled_from(["min", "max"]), date, date).map(_call),
        ),
        "bool": st.one_of(
            boolean,
            st.tuples(length, st.sampled_from(["<", "<=", ">", ">=", "==", "!="]), length).map(" ".join),
            st.tuples(num, st.sampled_from(["<", ">=", "=="]), num).map(" ".join),
            st.tuples(date, st.sampled_from(["<", ">=", "==", "!="]), date).map(" ".join),
            st.tuples(boolean, st.sampled_from(["and", "or"]), boolean).map(_paren),
            boolean.map(lambda e: f"not ({e})"),
        ),
    }


TYPED = typed(3)
TOKEN_SOUP = st.lists(st.sampled_from(EXPR_TOKENS), max_size=12).map(" ".join)
EXPRESSIONS = st.one_of(
    GRAMMAR, TYPED["num"], TYPED["len"], TYPED["date"], TYPED["bool"], TOKEN_SOUP,
    st.text(_ANY_CHAR, max_size=40),
)  # fmt: skip


@st.composite
def ruleset_values(draw: st.DrawFn) -> Any:
    return draw(st.one_of(
        EXPRESSIONS,
        st.tuples(st.integers(-5, 10**6).map(str), st.sampled_from(QTY_UNITS + UNKNOWN_UNITS)).map(" ".join),
        st.sampled_from(["36 furlongs", "5 L", "38 kg", "1e400 mm", "1e308 mm", "-1 mm", "0 mm", "NaN mm", "1 mm / 0",
                         "T2-BODYSHELL", "lower-case-id", "X" * 61, "error", "warn", "off", "illustrative", "published",
                         "identity", "bogus", "", " ", "x" * 5000, "é" * 300, "fia-t2-base.yaml", "missing.yaml"]),
        st.integers(), st.just(10**100), st.floats(allow_nan=False), st.booleans(), st.none(), st.dates(),
        st.datetimes(), st.lists(st.one_of(st.integers(), st.text(max_size=5), st.booleans()), max_size=4),
        st.dictionaries(st.sampled_from(["value", "max", "min", "equals", "in", "tolerance", "bogus"]),
                        st.sampled_from(["1", "build.engine.turbos", "38 mm", "[1]"]), max_size=3),
    ))  # fmt: skip


LOCAL_BASE = {"fia-t2-base.yaml", "./fia-t2-base.yaml", "sub/../fia-t2-base.yaml", "../rules/fia-t2-base.yaml"}
MISSING_OR_NOT_A_RULESET = {"missing.yaml", "./", ".", "", "other.yaml", "not-yaml.txt", "nope", "été.yaml",
                            "a\x00b.yaml", "/", "//", "x" * 200}  # fmt: skip
EXTENDS = sorted(LOCAL_BASE | MISSING_OR_NOT_A_RULESET | {"stock.yaml", "dakar-2026-stock", "fia-t2-base"})


def must_refuse(base: Any, stock: Any) -> list[str]:
    """Why the final pair of files must be refused, if the oracle knows a reason: a parent that is
    missing, not a ruleset or a cycle; a key no ruleset mapping has (every one is closed, and overrides
    name rules by id); a rule id defined twice."""
    reasons = []
    read = [stock]
    ref = stock.get("extends")
    if isinstance(ref, str):
        if ref in MISSING_OR_NOT_A_RULESET or ref == "stock.yaml":
            reasons.append(f"stock extends {ref!r}")
        if ref in LOCAL_BASE:
            read.append(base)
            parent = base.get("extends")
            if isinstance(parent, str) and (parent in MISSING_OR_NOT_A_RULESET or parent in LOCAL_BASE):
                reasons.append(f"base extends {parent!r}")
    for data in read:
        for path, value in walk(data):
            unknown = [k for k in value if k not in RULESET_KEYS] if isinstance(value, dict) else []
            if unknown:
                reasons.append(f"unknown key {unknown[0]!r} at {path}")
        rules = data.get("rules")
        ids = [r.get("id") for r in rules if isinstance(r, dict)] if isinstance(rules, list) else []
        twice = sorted({i for i in ids if isinstance(i, str) and ids.count(i) > 1})
        if twice:
            reasons.append(f"rule {twice[0]} twice")
    return reasons


class RulesetMutant:  # not a dataclass: see Mutant
    def __init__(self, base: Any, stock: Any, verdict: str, what: list[str]) -> None:
        self.base, self.stock, self.verdict, self.what = base, stock, verdict, what

    def __repr__(self) -> str:
        return f"RulesetMutant(what={self.what!r}, verdict={self.verdict!r})"


@st.composite
def ruleset_mutants(draw: st.DrawFn) -> RulesetMutant:
    files = {"base": copy.deepcopy(BASE_DATA), "stock": copy.deepcopy(STOCK_DATA)}
    what: list[str] = []
    for _ in range(draw(st.integers(1, 3))):
        name = draw(st.sampled_from(["stock", "stock", "base"]))
        data = files[name]
        paths = [p for p, _ in walk(data) if p]
        op = draw(st.sampled_from(["replace"] * 5 + ["delete", "add-key", "add-rule", "override", "extends"]))
        if op == "replace":
            path = draw(st.sampled_from(paths))
            value = draw(ruleset_values())
            _get(data, path[:-1])[path[-1]] = value
            what.append(f"{name}: {path} = {value!r}")
        elif op == "delete":
            path = draw(st.sampled_from(paths))
            del _get(data, path[:-1])[path[-1]]
            what.append(f"{name}: del {path}")
        elif op == "add-key":
            mappings = [p for p, v in walk(data) if isinstance(v, dict)]
            path = draw(st.sampled_from(mappings))
            key = draw(st.one_of(st.sampled_from(sorted(RULESET_KEYS - set(RULE_IDS))), _NEW_KEYS))
            _get(data, path)[key] = draw(ruleset_values())
            what.append(f"{name}: {path}[{key!r}] added")
        elif op == "add-rule" and isinstance(data.get("rules"), list) and data["rules"]:
            rule = copy.deepcopy(draw(st.sampled_from(data["rules"])))
            if draw(st.booleans()):
                rule["id"] = draw(st.sampled_from(["FUZZ-1", "FUZZ.2", "T2-FUZZ"]))
                key = draw(st.sampled_from(sorted(rule["check"]) + ["when", "each", "title"]))
                target = rule if key in ("when", "each", "title") else rule["check"]
                target[key] = draw(ruleset_values())
                what.append(f"{name}: new rule {rule['id']} with {key} = {target[key]!r}")
            else:
                what.append(f"{name}: rule {rule['id']} again")
            data["rules"].append(rule)
        elif op == "override":
            rid = draw(st.one_of(st.sampled_from(RULE_IDS), st.sampled_from(["NOPE-1", "T2-NOPE"])))
            change = draw(st.dictionaries(
                st.sampled_from(["title", "severity", "provenance", "note", "source", "when", "check", "help"]),
                ruleset_values(), min_size=1, max_size=3))  # fmt: skip
            data.setdefault("overrides", {})
            if isinstance(data["overrides"], dict):
                data["overrides"][rid] = change
                what.append(f"{name}: override {rid}: {change!r}")
        elif op == "extends":
            ref = draw(st.sampled_from(EXTENDS))
            data["extends"] = ref
            what.append(f"{name}: extends {ref!r}")
    reasons = must_refuse(files["base"], files["stock"])
    what.extend(f"must refuse: {r}" for r in reasons)
    return RulesetMutant(files["base"], files["stock"], REFUSE if reasons else ANY, what)


@pytest.fixture(scope="module")
def rules_dir(work: Path) -> Path:
    folder = work / "rules"
    folder.mkdir()
    (folder / "sub").mkdir()
    (folder / "other.yaml").write_text("- a list\n- not a ruleset\n", "utf-8")
    (folder / "not-yaml.txt").write_text("ruleset: [\n", "utf-8")
    return folder


@fuzz(80)
@given(mutant=ruleset_mutants())
def test_ruleset_mutations_load_or_are_refused_inside_a_ruleset_file(rules_dir: Path, mutant: RulesetMutant) -> None:
    note("\n".join(mutant.what))
    texts = {}
    for name, data in (("fia-t2-base.yaml", mutant.base), ("stock.yaml", mutant.stock)):
        try:
            text = dump(data)
        except (ValueError, yaml.YAMLError):  # e.g. a value PyYAML cannot write
            reject()
        (rules_dir / name).write_text(text, "utf-8")
        texts[(rules_dir / name).resolve()] = text
    for extra in ("other.yaml", "not-yaml.txt"):
        texts[(rules_dir / extra).resolve()] = (rules_dir / extra).read_text("utf-8")
    for bundled in (BASE_RULES, STOCK_RULES):
        texts[bundled.resolve()] = bundled.read_text("utf-8")
    try:
        ruleset = load_ruleset(str(rules_dir / "stock.yaml"))
    except InputError as exc:
        file = Path(exc.file)
        file = file if file.is_absolute() else Path.cwd() / file
        assert file.resolve() in texts, f"refusal names {exc.file}, not a ruleset file"  # noqa: PT017 - or loads
        assert_inside(exc, texts[file.resolve()])
        event(f"refused ({'oracle: must refuse' if mutant.verdict == REFUSE else 'oracle: any'})")
        return
    except Exception as exc:  # any other exception is a bug
        unexpected(exc)
    assert mutant.verdict != REFUSE, f"ruleset accepted: {mutant.what}"
    event("loaded")
    assert ruleset.rules


# ------------------------------------------------------------------------------------------------------
# 5. the expression compiler


def _item_type(list_name: str) -> Any:
    return compile_expr(list_name, Scope()).type.item


LISTS = ["build.engine.restrictors", "build.safety.seats", "build.safety.harnesses", "build.safety.extinguishers"]
CHECK_DATES = [dt.date(2026, 1, 2), dt.date.min, dt.date.max]


def _type_holds(kind: Any, value: Any) -> bool:
    if value is None:
        return bool(kind.optional) or kind.kind == "null"
    expected = {
        "number": lambda v: isinstance(v, (int, float)) and not isinstance(v, bool),
        "bool": lambda v: isinstance(v, bool),
        "date": lambda v: type(v) is dt.date,
        "text": lambda v: isinstance(v, str),
        "duration": lambda v: isinstance(v, Duration),
        "list": lambda v: isinstance(v, list),
        "struct": lambda v: isinstance(v, BaseModel),
        "null": lambda v: v is None,
    }[kind.kind]
    return expected(value)


@fuzz(600)
@given(text=EXPRESSIONS, required=st.booleans(), want_bool=st.integers(0, 4))
def test_expression_compiles_or_is_refused_and_evaluates_or_raises_eval_error(
    work: Path, text: str, required: bool, want_bool: int
) -> None:
    specs = loaded_specs(work)
    scopes = [("", Scope())] + ([(name, Scope(_item_type(name))) for name in LISTS] if "item" in text else [])
    for list_name, scope in scopes:
        try:
            compiled = compile_expr(text, scope, ty.BOOL if want_bool == 0 else None, required=required)
        except ExprError as exc:
            assert 0 <= exc.offset <= len(text), f"offset {exc.offset} outside {text!r}"  # noqa: PT017 - or compiles
            assert exc.message.strip()  # noqa: PT017
            event("refused")
            continue
        except Exception as exc:  # any other exception is a bug
            unexpected(exc)
        event(f"compiled: {compiled.type.kind}")
        for spec in specs.values():
            item_values = [None]
            if list_name:  # the spec's own items (null ones in "unknown"), the Defender's for an empty list
                for source in (spec, specs["defender"]):
                    items = source.spec
                    for part in list_name.split("."):
                        items = getattr(items, part)
                    if items:
                        break
                item_values = list(items)[:1]
            for on in CHECK_DATES:
                for index, item in enumerate(item_values):
                    try:
                        value = compiled.fn(Env(spec.spec, on, item, index))
                    except EvalError:
                        continue
                    assert _type_holds(compiled.type, value), f"{text!r} is {compiled.type} but gave {value!r}"
                    if required:
                        assert value is not None or compiled.type.kind == "null"


# ------------------------------------------------------------------------------------------------------
# 6. end to end through the command line


@st.composite
def cli_inputs(draw: st.DrawFn) -> tuple[bytes, str]:
    """Bytes for a spec file, and what the exit status must be: 'refuse' (2), 'ok' (0 or 1), or 'any'."""
    choice = draw(st.integers(0, 4))
    if choice <= 1:
        mutant = draw(mutants())
        return mutant.text.encode("utf-8"), mutant.verdict
    if choice == 2:
        return draw(yaml_ish()).encode("utf-8"), ANY
    if choice == 3:
        return draw(st.binary(max_size=300)), ANY
    return _splice(_DEFENDER_BYTES, draw(st.integers(0, 10**6)), draw(st.integers(0, 4)),
                   draw(st.binary(min_size=1, max_size=4))), ANY  # fmt: skip


@fuzz(200)
@given(case=cli_inputs())
def test_cli_ends_with_a_verdict_or_a_positioned_refusal(work: Path, case: tuple[bytes, str]) -> None:
    raw, verdict = case
    path = work / "cli.yaml"
    path.write_bytes(raw)
    result = run_cli("check", "--no-color", str(path), cwd=ROOT)
    note(f"exit {result.status}\nstderr: {result.err}")
    assert result.status in (0, 1, 2), result.err
    assert "Traceback" not in result.err
    if result.status == 2:  # a line per problem, each at a place in the file
        lines = result.err.rstrip("\n").split("\n")
        assert len(lines) <= MAX_LISTED + 1
        for shown in lines:
            assert_one_line(shown)
            assert re.match(rf"^{re.escape(str(path))}:\d+:\d+: ", shown), shown
            line, column = map(int, shown[len(str(path)) + 1 :].split(":")[:2])
            assert_inside(InputError(str(path), line, column, "x"), raw.decode("utf-8", errors="replace"))
    if verdict == REFUSE:
        assert result.status == 2, "a value that cannot be read was not refused"
    if verdict == OK:
        assert result.status in (0, 1), result.err


def test_cli_bundled_compliant_spec_passes() -> None:
    result = run_cli("check", str(DEFENDER), cwd=ROOT)
    assert result.status == 0, result.out + result.err


# ======================================================================================================
# Bugs the properties above found, now fixed: the smallest input of each, as an explicit regression test
# that states what should happen.


def _refused(text: str) -> InputError:
    with pytest.raises(InputError) as caught:
        parse(text, "f.yaml")
    return caught.value


# regression B1: 'a: !!int \"\"' (or !!float, or '!!int _') raises IndexError from PyYAML's constructor; should be
# refused at 1:4
@pytest.mark.parametrize("text", ['a: !!int ""', 'a: !!float ""', "a: !!int _"])
def test_bug_b1_explicit_int_tag_on_empty_scalar(text: str) -> None:
    assert (_refused(text).line, _refused(text).column) == (1, 4)


# regression B2: 'a: !!timestamp x' raises AttributeError ('NoneType' has no 'groupdict'); should be refused at 1:4
def test_bug_b2_explicit_timestamp_tag_on_text() -> None:
    assert (_refused("a: !!timestamp x").line, _refused("a: !!timestamp x").column) == (1, 4)


SEXAGESIMAL_4302_DIGITS = "1" + ":0" * 2419  # YAML 1.1 base-60 integer: 60**2419, 4302 decimal digits


# regression B3: a spec value that is a >4300-digit YAML integer (cylinders: 1:0:0:...) raises ValueError from
# str(int) while the refusal is worded; should be refused at its position
def test_bug_b3_huge_integer_in_a_spec(tmp_path: Path) -> None:
    path = tmp_path / "s.yaml"
    path.write_text(DEFENDER_TEXT.replace("cylinders: 8", "cylinders: " + SEXAGESIMAL_4302_DIGITS, 1), "utf-8")
    with pytest.raises(InputError) as caught:
        load_spec(path, "s.yaml")
    assert caught.value.line == 25


def _ruleset_copy(folder: Path, change: Any) -> Path:
    shutil.copy(BASE_RULES, folder / "fia-t2-base.yaml")
    text = STOCK_RULES.read_text("utf-8").replace("extends: fia-t2-base", "extends: fia-t2-base.yaml")
    path = folder / "stock.yaml"
    path.write_text(change(text), "utf-8")
    return path


# regression B3: a ruleset 'version: 1:0:0:...' (>4300 digits) raised ValueError from str(int); now text, as YAML 1.2
# reads it
def test_bug_b3_huge_integer_in_a_ruleset(tmp_path: Path) -> None:
    path = _ruleset_copy(tmp_path, lambda t: t.replace('version: "2026"', "version: " + SEXAGESIMAL_4302_DIGITS))
    assert load_ruleset(str(path)).version == SEXAGESIMAL_4302_DIGITS  # YAML 1.2 has no base 60: it is text


# regression B3: reading a YAML base-60 integer takes time quadratic in its length (1 MiB of '1:0:0:...' takes
# ~45 s): PyYAML's constructor multiplies an ever larger number by 60 for each part. Such a value should be read as
# text (YAML 1.2 has no base 60) or, with an explicit tag, refused, without ever reaching a number constructor: what
# keeps the time linear in the file, checked on any machine without timing it
def test_bug_b3_huge_base_60_integer_is_never_converted(monkeypatch: pytest.MonkeyPatch) -> None:
    converted: list[str] = []
    original = document._number  # the one place the reader turns text into a number

    def spy(text: str, *args: Any) -> Any:
        converted.append(text)
        return original(text, *args)

    monkeypatch.setattr(document, "_number", spy)
    monkeypatch.setattr(document, "_PLAIN_VALUES", {})  # values read before in this process are kept
    assert parse("a: 12\nb: 1.5\n", "f.yaml").data == {"a": 12, "b": 1.5}
    assert converted == ["12", "1.5"]  # the spy sees every number the reader converts
    converted.clear()
    parts = ":0" * 100_000  # 200 KB of one scalar
    assert parse("a: 1" + parts, "f.yaml").data == {"a": "1" + parts}
    assert parse("a: -1" + parts + ".5", "f.yaml").data == {"a": "-1" + parts + ".5"}  # base-60 float: text too
    for tag, what in (("!!int", "whole number"), ("!!float", "number")):
        error = _refused(f"a: {tag} 1" + parts)
        assert (error.line, error.column) == (1, 4)
        assert error.message == f"'1{':0' * 18}...' is not a valid {what}"
    assert converted == []


# regression B4: a FIA 8862-2009 seat 'manufactured: 9990-06-01' makes evaluate() raise ValueError (year 10000 is out
# of range) in Duration.add_to; should give a report (the seat is valid)
def test_bug_b4_seat_made_near_year_9999(tmp_path: Path, stock: Ruleset) -> None:
    path = tmp_path / "s.yaml"
    path.write_text(DEFENDER_TEXT.replace("manufactured: 2025-05-12", "manufactured: 9990-06-01", 1), "utf-8")
    report = evaluate(load_spec(path, "s.yaml"), stock)
    assert all(f.verdict != "fail" for f in report.findings if f.rule_id == "T2-SEAT-8862-VALIDITY")


# regression B5: evaluating '9999-12-01 + 0 days' (any date in December 9999 plus any duration: _days_in_month builds
# 10000-01-01) or date arithmetic beyond year 1..9999 raises ValueError/OverflowError; should give the date or raise
# EvalError
@pytest.mark.parametrize("text", ["9999-12-01 + 0 days", "check_date + 100000 years", "check_date - 2026 years",
                                  "2026-01-01 + 3000000 days"])  # fmt: skip
def test_bug_b5_date_arithmetic_overflow(specs: dict[str, LoadedSpec], text: str) -> None:
    compiled = compile_expr(text, Scope())
    try:
        compiled.fn(Env(specs["defender"].spec, dt.date(2026, 1, 2)))
    except EvalError:
        pass


# regression B6: compile_expr('1e400 years') (or '1e400 days') raises OverflowError (int of infinity); should raise
# ExprError
@pytest.mark.parametrize("text", ["1e400 years", "1e400 days"])
def test_bug_b6_infinite_duration_literal(text: str) -> None:
    with pytest.raises(ExprError):
        compile_expr(text, Scope())


# regression B7: a rule limit of 202 terms '3 L+3 L+...' (807 characters, under the 1000 limit) makes load_ruleset
# raise SyntaxError (too many nested parentheses in the generated code); should load or be refused
def test_bug_b7_long_sum_in_a_ruleset(tmp_path: Path) -> None:
    path = _ruleset_copy(tmp_path, lambda t: t.replace("max: 600 L", "max: " + "+".join(["3 L"] * 202)))
    try:
        load_ruleset(str(path))
    except InputError:
        pass


# regression B7: compile_expr of 400 terms '1+1+...+1' (799 characters) raises RecursionError; should compile or raise
# ExprError
def test_bug_b7_long_sum_recursion() -> None:
    try:
        compile_expr("+".join(["1"] * 400), Scope()).fn  # noqa: B018
    except ExprError:
        pass


# regression B8: a ruleset 'tolerance: 1 mm / 0' makes load_ruleset raise EvalError (division by zero); should be
# refused with an InputError at the tolerance
def test_bug_b8_tolerance_divides_by_zero(tmp_path: Path) -> None:
    path = _ruleset_copy(tmp_path, lambda t: t.replace("tolerance: 0.1 mm", "tolerance: 1 mm / 0", 1))
    with pytest.raises(InputError):
        load_ruleset(str(path))


# regression B9: a ruleset 'extends: <300 x>' raises OSError (File name too long) from Path.is_file; should be refused
def test_bug_b9_extends_name_too_long(tmp_path: Path) -> None:
    path = _ruleset_copy(tmp_path, lambda t: t.replace("extends: fia-t2-base.yaml", "extends: " + "x" * 300))
    with pytest.raises(InputError):
        load_ruleset(str(path))


# regression B9: 'homologate check <300-character name>.yaml' exits 3 (internal error: OSError File name too long);
# should exit 2 naming the file
def test_bug_b9_cli_spec_name_too_long() -> None:
    result = run_cli("check", "x" * 300 + ".yaml", cwd=ROOT)
    assert result.status == 2, result.err


# regression B9: 'homologate check --rules <300 characters> SPEC' exits 3 (internal error: OSError); should exit 2
def test_bug_b9_cli_rules_name_too_long() -> None:
    result = run_cli("check", "--rules", "x" * 300, str(DEFENDER), cwd=ROOT)
    assert result.status == 2, result.err


# regression B10: 'b: é\\x01' is refused at 1:6, not at the control character (1:5): libyaml's byte offset is used as
# a character offset; with more text before it the line is wrong too
@pytest.mark.parametrize(("text", "where"), [("b: é\x01", (1, 5)), ("a: 1\nb: " + "é" * 15 + "\x01\nc: 2\n", (2, 19))])
def test_bug_b10_control_character_position_after_non_ascii(text: str, where: tuple[int, int]) -> None:
    error = _refused(text)
    assert (error.line, error.column) == where, error


# regression B11: an expression error in a plain scalar that continues on the next line ('max: 600 L' then '+ bogus')
# is placed past the end of the first line (175:20 on a 16-character line)
def test_bug_b11_expression_error_in_a_multi_line_scalar(tmp_path: Path) -> None:
    path = _ruleset_copy(tmp_path, lambda t: t.replace("max: 600 L", "max: 600 L\n        + bogus", 1))
    with pytest.raises(InputError) as caught:
        load_ruleset(str(path))
    assert_inside(caught.value, path.read_text("utf-8"))


# regression B12: a ruleset limit 'max: 1e400 L' loads as an infinite limit (every tank passes); the expression
# language should refuse a number that overflows, as the YAML reader does
def test_bug_b12_infinite_literal_limit(tmp_path: Path) -> None:
    path = _ruleset_copy(tmp_path, lambda t: t.replace("max: 600 L", "max: 1e400 L", 1))
    with pytest.raises(InputError):
        load_ruleset(str(path))


# regression B13: an unknown key with a line break ('\"a\\nb\": 1') gives a refusal of two lines (the key is not
# quoted), so a spec can forge a 'file:line:column:' line on stderr; should stay one line
def test_bug_b13_refusal_spans_lines(tmp_path: Path) -> None:
    path = tmp_path / "s.yaml"
    path.write_text(DEFENDER_TEXT.replace("spec_version: 2", 'spec_version: 2\n"a\\nb": 1', 1), "utf-8")
    with pytest.raises(InputError) as caught:
        load_spec(path, "s.yaml")
    assert "\n" not in str(caught.value), str(caught.value)


# regression B14: 'spec_version: true' (and 1.0) is accepted as version 1 though the model is strict elsewhere
# ('cylinders: 8.0' is refused); should be refused
@pytest.mark.parametrize("value", ["true", "1.0"])
def test_bug_b14_spec_version_true(tmp_path: Path, value: str) -> None:
    path = tmp_path / "s.yaml"
    path.write_text(DEFENDER_TEXT.replace("spec_version: 2", f"spec_version: {value}", 1), "utf-8")
    with pytest.raises(InputError):
        load_spec(path, "s.yaml")
