"""``homologate init --from-homologation FORM -o SPEC``, and the values a spec may leave null until known.

* the exact spec made from the bundled form (tests/golden/init-defender-d7x-r.yaml; rewritten with
  HOMOLOGATE_UPDATE_GOLDEN=1), what the command prints, and that the spec loads with production equal
  to the form and the build equal to production;
* ``check`` on it: exactly the rules that read a null fail, "cannot be checked", at their values;
* filled in with the Defender's build values, it gives exactly the bundled Defender spec's findings;
* refusals: an existing output, bad forms, each one ``file:line:column`` line, nothing written;
* the invariant behind the nulls: for every such value, with the bundled rulesets and specs, a null
  makes every rule that reads it fail, never pass and never stop applying because of it.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

from checker.errors import InputError
from checker.evaluate.findings import evaluate
from checker.expr import types as ty
from checker.expr.compile import Env, NotKnown, Scope, compile_expr
from checker.ruleset.compile import load_ruleset
from checker.ruleset.model import Rule, Ruleset
from checker.spec.form import load_form
from checker.spec.load import load_spec
from checker.spec.model import Spec
from checker.tools.new_spec import new_spec, scalar
from tests.helpers import Ran, assert_usage_error, unwrapped, yaml_problem
from tests.test_outputs import UPDATE_GOLDEN, homologate

REPO = Path(__file__).resolve().parents[1]
FORM = REPO / "forms" / "defender-d7x-r.yaml"
DEFENDER = REPO / "specs" / "defender-d7x-r.yaml"
GOLDEN = REPO / "tests" / "golden" / "init-defender-d7x-r.yaml"
EXIT_OK, EXIT_FAIL, EXIT_INPUT = 0, 1, 2

PRINTED = ("my-car.yaml: started from forms/defender-d7x-r.yaml (form T2-ILLUSTRATIVE-0001): 11 values to measure "
           "or count on the car, 22 null to measure or fill in; then run: homologate check my-car.yaml\n")  # fmt: skip


def init_in(folder: Path, *extra: str, form: str = "forms/defender-d7x-r.yaml") -> Any:
    """``homologate init`` in ``folder``, which holds a copy of forms/ (so the names printed are relative)."""
    if not (folder / "forms").exists():
        shutil.copytree(REPO / "forms", folder / "forms")
    return homologate("init", "--from-homologation", form, "-o", "my-car.yaml", *extra, cwd=folder)


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("init")
    out = init_in(folder)
    assert (out.code, out.stdout, out.stderr) == (EXIT_OK, PRINTED, "")
    return folder / "my-car.yaml"


def test_the_spec_made_from_the_bundled_form_is_the_golden_one(made: Path) -> None:
    got = made.read_bytes()
    if UPDATE_GOLDEN:
        GOLDEN.write_bytes(got)
        return
    assert GOLDEN.is_file(), f"no {GOLDEN.relative_to(REPO)}: run with HOMOLOGATE_UPDATE_GOLDEN=1 to write it"
    assert got.decode("utf-8").splitlines() == GOLDEN.read_text("utf-8").splitlines()
    assert got == GOLDEN.read_bytes()


def test_the_spec_names_its_schema_for_editors_and_says_how_to_write_it(tmp_path: Path) -> None:
    """The first line is the modeline the bundled specs carry (yaml-language-server reads it), naming a
    schema file beside the spec; the header gives the command that writes it there, and the spec made is
    valid against what it writes."""
    import jsonschema

    from checker.read.document import load_file
    from checker.read.schema import jsonable

    (tmp_path / "team" / "specs").mkdir(parents=True)
    out = homologate("init", "--from-homologation", str(FORM), "-o", "team/specs/my-car.yaml", cwd=tmp_path)
    assert out.code == EXIT_OK
    spec = tmp_path / "team" / "specs" / "my-car.yaml"
    lines = spec.read_text("utf-8").splitlines()
    assert lines[0] == "# yaml-language-server: $schema=spec.schema.json"
    assert lines[0].split("=", 1)[0] == DEFENDER.read_text("utf-8").splitlines()[0].split("=", 1)[0]
    command = "homologate schema spec -o team/specs/spec.schema.json"
    assert f"# For an editor: {command} writes the schema the first line names." in lines[:10]
    assert homologate(*command.split()[1:], cwd=tmp_path).code == EXIT_OK
    written = spec.parent / lines[0].split("=", 1)[1]  # relative to the spec, as the editor resolves it
    assert written.read_text("utf-8") == (REPO / "checker" / "schemas" / "spec.schema.json").read_text("utf-8")
    schema = jsonschema.Draft202012Validator(json.loads(written.read_text("utf-8")))
    assert list(schema.iter_errors(jsonable(load_file(spec).data))) == []


def _leaves(data: Any, path: tuple[Any, ...] = ()) -> dict[tuple[Any, ...], Any]:
    if isinstance(data, dict):
        return {p: v for key, value in data.items() for p, v in _leaves(value, path + (key,)).items()}
    if isinstance(data, list):
        return {p: v for index, value in enumerate(data) for p, v in _leaves(value, path + (index,)).items()}
    return {path: data}


def test_the_spec_loads_with_production_as_on_the_form_and_the_build_equal_to_it(made: Path) -> None:
    spec = load_spec(made).spec
    form = load_form(FORM).form
    assert spec.production == form.production
    assert (spec.vehicle.make, spec.vehicle.model, spec.vehicle.homologation_form, spec.vehicle.vehicle_class,
            spec.vehicle.entry, spec.vehicle.sources) == (form.make, form.model, form.homologation_form,
                                                          form.vehicle_class, None, form.sources)  # fmt: skip
    production = _leaves(spec.production.model_dump(by_alias=True))
    build = _leaves(spec.build.model_dump(by_alias=True))
    shared = {p for p in build if p in production}
    assert {p: build[p] for p in shared} == {p: production[p] for p in shared}
    assert {".".join(map(str, p)) for p in build if p not in shared and build[p] is not None} == {
        "fuel.aviation_lines",  # the model's default, false: it is commented out, as a safety tank is
    }
    assert len(shared) == 21


# --- check on the new spec ---------------------------------------------------------------------------

CANNOT = "cannot be checked: {} is not {} yet"
EXPECTED_FAILURES = [  # (rule, the finding's path, the value not known yet, what is left to do)
    ("T2-AIR-INTAKE-COCKPIT", "build.air_intake.draws_from_cockpit", None, "filled in"),
    ("T2-AIR-INTAKE-HOUSING", "build.air_intake.housing_in_original_place", None, "filled in"),
    ("T2-AIR-INTAKE-COMPARTMENT", "build.air_intake.in_engine_compartment", None, "filled in"),
    ("T2-AIR-INTAKE-TUBE", "build.air_intake.tube_inner_diameter", None, "measured"),
    ("T2-MOUNTING-POINTS", "build.suspension.production_mounting_points", None, "filled in"),
    ("T2-WEIGHT-MIN", "build.weight.measured", None, "measured"),
    ("T2-CAGE-PLATE", "build.safety.cage.identification_plate", None, "filled in"),
    ("T2-SEAT-STANDARD", "build.safety.seats[0].standard", None, "filled in"),
    ("T2-SEAT-STANDARD", "build.safety.seats[1].standard", None, "filled in"),
    ("T2-SEAT-8855-VALIDITY", "build.safety.seats[0].manufactured", "build.safety.seats[0].standard", "filled in"),
    ("T2-SEAT-8855-VALIDITY", "build.safety.seats[1].manufactured", "build.safety.seats[1].standard", "filled in"),
    ("T2-SEAT-8862-VALIDITY", "build.safety.seats[0].manufactured", "build.safety.seats[0].standard", "filled in"),
    ("T2-SEAT-8862-VALIDITY", "build.safety.seats[1].manufactured", "build.safety.seats[1].standard", "filled in"),
    ("T2-SEAT-8855-2021-VALIDITY", "build.safety.seats[0].manufactured", "build.safety.seats[0].standard",
     "filled in"),
    ("T2-SEAT-8855-2021-VALIDITY", "build.safety.seats[1].manufactured", "build.safety.seats[1].standard",
     "filled in"),
    ("T2-SEAT-8855-EXTENSION", "build.safety.seats[0].not_valid_after", "build.safety.seats[0].standard",
     "filled in"),
    ("T2-SEAT-8855-EXTENSION", "build.safety.seats[1].not_valid_after", "build.safety.seats[1].standard",
     "filled in"),
    ("T2-HARNESS-STANDARD", "build.safety.harnesses[0].standard", None, "filled in"),
    ("T2-HARNESS-STANDARD", "build.safety.harnesses[1].standard", None, "filled in"),
    ("T2-HARNESS-VALIDITY", "build.safety.harnesses[0].expires", None, "filled in"),
    ("T2-HARNESS-VALIDITY", "build.safety.harnesses[1].expires", None, "filled in"),
    ("T2-EXTINGUISHER-LIST", "build.safety.extinguishers[0].technical_list", None, "filled in"),
    ("STK-RESTRICTOR-PETROL-TURBO", "build.engine.restrictors[0]", None, "measured"),
    ("STK-RESTRICTOR-PETROL-TURBO", "build.engine.restrictors[1]", None, "measured"),
]


def test_check_fails_every_rule_that_reads_a_null_and_no_other(made: Path, stock: Ruleset) -> None:
    report = evaluate(load_spec(made, "my-car.yaml"), stock)
    failed = [(f.rule_id, f.path, f.message, f.measured, f.measured_value) for f in report.findings
              if f.verdict != "pass" and f.verdict != "not_applicable"]  # fmt: skip
    assert failed == [(rule, path, CANNOT.format(value or path, todo), None, None)
                      for rule, path, value, todo in EXPECTED_FAILURES]  # fmt: skip
    applying = {f.rule_id for f in report.findings if f.verdict != "not_applicable"}
    assert sorted(f.rule_id for f in report.findings if f.verdict == "not_applicable") == [
        "STK-RESTRICTOR-DIESEL-TURBO", "STK-RESTRICTOR-DIESEL-TURBO", "STK-RESTRICTOR-NATURAL",
        "STK-RESTRICTOR-NATURAL", "T2-AIR-INTAKE-OPENING", "T2-FUEL-LINES", "T2-SAFETY-TANK",
        "T2-SAFETY-TANK-RECERTIFIED", "T2-SAFETY-TANK-VALIDITY", "T2-SEAT-LABEL-VALIDITY", "T2-SEAT-LABEL-VALIDITY",
    ]  # fmt: skip
    assert "T2-WEIGHT-MIN" in applying


def test_check_on_the_command_line_points_at_the_nulls(made: Path) -> None:
    out = homologate("check", "-q", "my-car.yaml", cwd=made.parent)
    assert out.code == EXIT_FAIL
    assert out.stderr == ""
    problems = [line for line in unwrapped(out.stdout) if re.match(r"my-car\.yaml:\d+:\d+: ", line)]
    assert problems[:3] == [
        ("my-car.yaml:92:25: T2-AIR-INTAKE-COCKPIT [error] cannot be checked: "
         "build.air_intake.draws_from_cockpit is not filled in yet"),
        ("my-car.yaml:93:32: T2-AIR-INTAKE-HOUSING [error] cannot be checked: "
         "build.air_intake.housing_in_original_place is not filled in yet"),
        ("my-car.yaml:94:28: T2-AIR-INTAKE-COMPARTMENT [error] cannot be checked: "
         "build.air_intake.in_engine_compartment is not filled in yet"),
    ]  # fmt: skip
    assert problems[-1] == ("my-car.yaml:58:25: STK-RESTRICTOR-PETROL-TURBO [error] cannot be checked: "
                            "build.engine.restrictors[1] is not measured yet")  # fmt: skip
    assert len(problems) == len(EXPECTED_FAILURES)
    json_out = homologate("check", "my-car.yaml", "--format", "json", cwd=made.parent)
    finding = next(f for f in json_out.json["reports"][0]["findings"] if f["rule_id"] == "T2-WEIGHT-MIN")
    keys = ("verdict", "path", "line", "column", "measured", "measured_value", "limit", "limit_value", "margin",
            "margin_value", "unit", "message")  # fmt: skip
    assert {k: finding[k] for k in keys} == {
        "verdict": "fail", "path": "build.weight.measured", "line": 87, "column": 15, "measured": None,
        "measured_value": None, "limit": None, "limit_value": None, "margin": None, "margin_value": None,
        "unit": "kg", "message": "cannot be checked: build.weight.measured is not measured yet",
    }  # fmt: skip


# --- filled in ----------------------------------------------------------------------------------------

MEASURED_ON_THE_CAR = ["chassis.track_front", "chassis.track_rear", "chassis.width", "suspension.ride_height",
                       "suspension.dampers_per_wheel.rear", "wheels.tyre_diameter", "wheels.tyre_width",
                       "wheels.rim_diameter", "fuel.tank_capacity"]  # where the Defender differs from production


def _at(data: Any, dotted: str) -> tuple[Any, Any]:
    *parents, last = dotted.split(".")
    for part in parents:
        data = data[part]
    return data, last


def test_filled_in_with_the_defender_build_it_gives_the_defender_findings(made: Path, tmp_path: Path,
                                                                          stock: Ruleset) -> None:  # fmt: skip
    data = yaml.safe_load(made.read_text("utf-8"))
    defender = yaml.safe_load(DEFENDER.read_text("utf-8"))
    build, theirs = data["build"], defender["build"]
    for path, value in _leaves(build).items():  # every null: the Defender's value
        if value is None:
            _value_at(build, path[:-1])[path[-1]] = copy.deepcopy(_value_at(theirs, path))
    for dotted in MEASURED_ON_THE_CAR + ["fuel.safety_tank", "fuel.aviation_lines", "fuel.safety_tank_manufactured",
                                         "air_intake.opening_diameter"]:  # fmt: skip
        mine, key = _at(build, dotted)
        mine[key] = _at(theirs, dotted)[0][key]
    build["safety"]["seats"][0]["not_valid_after"] = theirs["safety"]["seats"][0]["not_valid_after"]  # its label
    build["safety"]["extinguishers"].append(theirs["safety"]["extinguishers"][1])  # the Defender carries two
    assert build == theirs  # nothing else: every value not marked was as produced on the Defender too
    path = tmp_path / "filled.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), "utf-8")
    filled = evaluate(load_spec(path), stock)
    bundled = evaluate(load_spec(DEFENDER), stock)
    assert [_finding(f) for f in filled.findings] == [_finding(f) for f in bundled.findings]
    assert filled.compliant


def _value_at(data: Any, path: tuple[Any, ...]) -> Any:
    for part in path:
        data = data[part]
    return data


def _finding(f: Any) -> tuple[Any, ...]:
    return (f.rule_id, f.verdict, f.path, f.message, f.measured, f.limit, f.margin, f.derivation)


# --- values that need quotes -------------------------------------------------------------------------

QUOTED = {  # what the form writes: the line the spec gets (under vehicle:, or under production/build)
    'model: "yes"': '  model: "yes"',  # a YAML 1.1 reader (an editor) would read yes as true
    "homologation_form: \"0123\\nX\"\nvalid_from: 2024-03-01": '  homologation_form: "0123\\nX"',
    "class: 'null'": '  class: "null"',
    "sources: \"one\\ntwo # three\"": '  sources: "one\\ntwo # three"',
    "make: Ø-Motors": "  make: Ø-Motors",
    '    gearbox: "8-speed: automatic #2"': '    gearbox: "8-speed: automatic #2"',
    "    bodyshell: '2026-01-31'": '    bodyshell: "2026-01-31"',
    "    block: ' V8 '": '    block: " V8 "',
}


def test_form_values_that_need_quotes_read_back_as_written(tmp_path: Path) -> None:
    text = FORM.read_text("utf-8")
    for written in QUOTED:
        key = written.split(":")[0]
        line = next(n for n in text.splitlines() if n.startswith(key + ":"))
        text = text.replace(line + "\n", written + "\n", 1)
    (tmp_path / "form.yaml").write_text(text, "utf-8")
    loaded = load_form(tmp_path / "form.yaml")
    made = new_spec(loaded, "my-car.yaml")
    lines = made.text.splitlines()
    for expected in QUOTED.values():
        assert any(re.fullmatch(re.escape(expected) + r"( +# .*)?", n) for n in lines), expected
    assert sum(n.strip() in ('gearbox: "8-speed: automatic #2"', 'bodyshell: "2026-01-31"') for n in lines) == 4
    (tmp_path / "my-car.yaml").write_text(made.text, "utf-8")
    spec = load_spec(tmp_path / "my-car.yaml").spec
    form = loaded.form
    assert spec.production == form.production
    assert spec.build.drivetrain.gearbox == "8-speed: automatic #2"
    assert spec.build.engine.block == " V8 "
    assert (spec.vehicle.make, spec.vehicle.model, spec.vehicle.homologation_form, spec.vehicle.vehicle_class,
            spec.vehicle.sources) == ("Ø-Motors", "yes", "0123\nX", "null", "one\ntwo # three")  # fmt: skip
    assert lines[1].endswith("/form.yaml (homologation form 0123?X, valid from 2024-03-01).")


@pytest.mark.parametrize(("value", "written"), [
    ("plain text", "plain text"), ("true", '"true"'), ("on", '"on"'), ("1:30", '"1:30"'), ("36", '"36"'),
    ("a: b", '"a: b"'), ("- x", '"- x"'), ("[x]", '"[x]"'), ("*x", '"*x"'), ("!x", '"!x"'), ("x #y", '"x #y"'),
    ("", '""'), ('say "hi"', 'say "hi"'), ("'q'", '"\'q\'"'), ("tab\there", '"tab\\there"'),
    ("é\u2028", '"\\u00e9\\u2028"'), ("é", "é"),
    (8, "8"), (True, "true"), (dt.date(2026, 1, 2), "2026-01-02"),
])  # fmt: skip
def test_scalars_read_back_as_themselves(value: Any, written: str) -> None:
    assert scalar(value) == written
    assert yaml.safe_load(f"v: {written}") == {"v": value}


# --- refusals ----------------------------------------------------------------------------------------


def test_an_existing_spec_is_not_replaced_without_force(tmp_path: Path) -> None:
    (tmp_path / "my-car.yaml").write_text("mine\n", "utf-8")
    out = init_in(tmp_path)
    assert (out.code, out.stdout) == (EXIT_INPUT, "")
    assert out.stderr == "my-car.yaml:1:1: the file exists: give --force to replace it\n"
    assert (tmp_path / "my-car.yaml").read_text("utf-8") == "mine\n"
    out = init_in(tmp_path, "--force")
    assert (out.code, out.stdout, out.stderr) == (EXIT_OK, PRINTED, "")
    assert (tmp_path / "my-car.yaml").read_bytes() == GOLDEN.read_bytes()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["forms", "my-car.yaml"]  # no temporary file left


def test_the_form_itself_is_never_replaced(tmp_path: Path) -> None:
    shutil.copytree(REPO / "forms", tmp_path / "forms")
    before = (tmp_path / "forms" / "defender-d7x-r.yaml").read_bytes()
    out = homologate("init", "--from-homologation", "forms/defender-d7x-r.yaml",
                     "-o", "forms/../forms/defender-d7x-r.yaml", "--force", cwd=tmp_path)  # fmt: skip
    assert (out.code, out.stdout) == (EXIT_INPUT, "")
    assert out.stderr == ("forms/../forms/defender-d7x-r.yaml:1:1: this is the homologation form itself: "
                          "name another file\n")  # fmt: skip
    assert (tmp_path / "forms" / "defender-d7x-r.yaml").read_bytes() == before


def _form_text(old: str, new: str) -> str:
    text = FORM.read_text("utf-8")
    assert text.count(old) == 1, old
    return text.replace(old, new)


UNCLOSED_FORM = _form_text("  engine:\n", "  engine: [\n")  # stops at 20:17; the words are libyaml's
BAD_FORMS = {  # case: (the form's text, or None for no file; the one line expected)
    "unknown field": (_form_text("  gearbox: 8-speed", "  gearbx: 8-speed"),
                      "form.yaml:27:5: production.drivetrain.gearbx: unknown field (did you mean 'gearbox'?)"),
    "unknown top field": (_form_text("model: Defender", "modle: Defender"),
                          "form.yaml:13:1: modle: unknown field (did you mean 'model'?)"),
    "bad quantity": (_form_text("wheelbase: 3022 mm", "wheelbase: 3022"),
                     'form.yaml:31:16: production.chassis.wheelbase: expected a length such as "1760 mm", got 3022 '
                     "(a number needs its unit)"),
    "unknown unit": (_form_text("tank_capacity: 90 L", "tank_capacity: 90 gallons"),
                     "form.yaml:43:20: production.fuel.tank_capacity: expected a volume such as \"550 L\", got "
                     "'90 gallons' (unknown unit 'gallons')"),
    "malformed YAML": (UNCLOSED_FORM, f"form.yaml:20:17: invalid YAML: {yaml_problem(UNCLOSED_FORM)}"),
    "missing file": (None, "form.yaml:1:1: no such file"),
    "not a mapping": ("- production\n", "form.yaml:1:1: expected a homologation form (a YAML mapping), got a list"),
    "missing field": (_form_text("form_version: 1\n", ""),
                      "form.yaml:10:1: the form: missing required field 'form_version'"),
    "a spec, not a form": (DEFENDER.read_text("utf-8"),  # every field a form has not, and lacks, each a line
                           "form.yaml:12:1: the form: missing required field 'homologation_form'\n"
                           "form.yaml:12:1: the form: missing required field 'make'\n"
                           "form.yaml:12:1: the form: missing required field 'model'\n"
                           "form.yaml:12:1: the form: missing required field 'class'\n"
                           "form.yaml:12:1: spec_version: unknown field (did you mean 'form_version'?)\n"
                           "form.yaml:13:1: vehicle: unknown field\n"
                           "form.yaml:51:1: build: unknown field"),
    "second version": (_form_text("form_version: 1", "form_version: 2"),
                       "form.yaml:10:15: form_version: expected one of 1, got 2"),
}


@pytest.mark.parametrize("case", list(BAD_FORMS))
def test_a_bad_form_is_refused_and_nothing_is_written(tmp_path: Path, case: str) -> None:
    text, line = BAD_FORMS[case]
    if text is not None:
        (tmp_path / "form.yaml").write_text(text, "utf-8")
    out = homologate("init", "--from-homologation", "form.yaml", "-o", "my-car.yaml", cwd=tmp_path)
    assert (out.code, out.stdout) == (EXIT_INPUT, "")
    assert out.stderr == line + "\n"
    assert not (tmp_path / "my-car.yaml").exists()
    with pytest.raises(InputError) as raised:  # the same error in process
        load_form(tmp_path / "form.yaml", "form.yaml")
    assert str(raised.value) + "\n" == out.stderr


# --- values a spec may leave null until known: a null makes every rule that reads it fail -------------

PENDING = {  # every such value of the spec model ('*': each list item), and what is left to do with it
    "build.engine.restrictors.*": "measured",
    "build.suspension.production_mounting_points": "filled in",
    "build.wheels.spare_wheels": "filled in",
    "build.weight.measured": "measured",
    "build.weight.safety_equipment": "measured",
    "build.air_intake.tube_inner_diameter": "measured",
    "build.air_intake.draws_from_cockpit": "filled in",
    "build.air_intake.housing_in_original_place": "filled in",
    "build.air_intake.in_engine_compartment": "filled in",
    "build.safety.cage.certificate": "filled in",
    "build.safety.cage.identification_plate": "filled in",
    "build.safety.seats.*.standard": "filled in",
    "build.safety.seats.*.manufactured": "filled in",
    "build.safety.harnesses.*.standard": "filled in",
    "build.safety.harnesses.*.expires": "filled in",
    "build.safety.extinguishers.*.technical_list": "filled in",
    "build.safety.extinguishers.*.system": "filled in",
}
READ_BY_NO_BUNDLED_RULE = {"build.wheels.spare_wheels", "build.safety.cage.certificate",
                           "build.safety.extinguishers.*.system",
                           "build.weight.safety_equipment"}  # T2-WEIGHT-MIN's reading does not add it  # fmt: skip


def pending_fields(model: Any = Spec, prefix: tuple[str, ...] = ()) -> dict[str, str]:
    found: dict[str, str] = {}
    for key, (_, kind) in ty.fields_of(model).items():
        here = prefix + (key,)
        if kind.kind == "list" and kind.item is not None:
            here, kind = here + ("*",), kind.item
        if kind.kind == "struct":
            found |= pending_fields(kind.model, here)
        elif kind.pending:
            found[".".join(here)] = kind.pending
    return found


def test_the_values_a_spec_may_leave_null_until_known() -> None:
    assert pending_fields() == PENDING


def test_such_a_value_left_out_is_still_refused(tmp_path: Path) -> None:
    text = DEFENDER.read_text("utf-8").replace("    spare_wheels: 3\n", "")
    (tmp_path / "spec.yaml").write_text(text, "utf-8")
    with pytest.raises(InputError) as raised:
        load_spec(tmp_path / "spec.yaml", "spec.yaml")
    assert str(raised.value) == "spec.yaml:74:3: build.wheels: missing required field 'spare_wheels'"


def _reads(rule: Rule) -> dict[str, set[str]]:
    """The spec values the rule reads ('*' for each list item), each with the parts that read it."""
    found: dict[str, set[str]] = {}
    for part in ("when", "value", "min", "max", "equals"):
        compiled = getattr(rule, part)
        for name in compiled.names if compiled else ():
            path = name.path
            if path[0] == "item":
                assert rule.each is not None
                path = rule.each.names[0].path + ("*",) + path[1:]
            found.setdefault(".".join(path), set()).add(part)
    return found


def _instances(data: Any, pattern: list[str], done: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    if not pattern:
        return [done]
    head, rest = pattern[0], pattern[1:]
    if head == "*":
        return [p for i, item in enumerate(data) for p in _instances(item, rest, done + (i,))]
    return _instances(data[head], rest, done + (head,)) if isinstance(data, dict) and head in data else []


def _bases() -> dict[str, Any]:
    """Every bundled spec, and the Defender with a diesel and with a naturally aspirated engine (so that
    the restrictor rules for those apply in some base)."""
    bases = {p.name: yaml.safe_load(p.read_text("utf-8")) for p in sorted((REPO / "specs").glob("*.yaml"))}
    for name, key, value in (("diesel", "fuel", "diesel"), ("natural", "aspiration", "natural")):
        data = copy.deepcopy(bases["defender-d7x-r.yaml"])
        data["build"]["engine"][key] = value
        bases[name] = data
    data = copy.deepcopy(bases["defender-d7x-r.yaml"])  # an FIA 8855-2021 seat, its label's year not given
    data["build"]["safety"]["seats"][1]["standard"] = "FIA 8855-2021"
    bases["seat-8855-2021"] = data
    return bases


@pytest.mark.parametrize("ruleset_name", ["fia-t2-base", "dakar-2026-stock"])
def test_a_null_makes_every_rule_that_reads_it_fail(tmp_path: Path, ruleset_name: str) -> None:
    ruleset = load_ruleset(ruleset_name)
    reading = {rule.id: _reads(rule) for rule in ruleset.active}
    checked: set[tuple[str, str]] = set()
    for base_name, base in _bases().items():
        base_path = tmp_path / f"base-{base_name}"
        base_path.write_text(yaml.safe_dump(base, sort_keys=False), "utf-8")
        before = evaluate(load_spec(base_path), ruleset).findings
        for field, todo in PENDING.items():
            places = _instances(base, field.split("."))
            if not places:
                continue  # an empty list in this base
            data = copy.deepcopy(base)
            for place in places:
                _value_at(data, place[:-1])[place[-1]] = None
            path = tmp_path / "null.yaml"
            path.write_text(yaml.safe_dump(data, sort_keys=False), "utf-8")
            after = evaluate(load_spec(path), ruleset).findings
            assert [f.rule_id for f in after] == [f.rule_id for f in before]
            for old, new in zip(before, after, strict=True):
                parts = reading[new.rule_id].get(field)
                if parts is None:
                    continue
                where = (old.rule_id, base_name, field)
                if old.verdict == "not_applicable" and "when" not in parts:  # its condition, not the value, decides
                    assert (new.verdict, new.message) == (old.verdict, old.message), where
                    continue
                index = re.search(r"\[(\d+)\]", new.path)  # an item's finding: the item's own value
                named = field.replace(".*", f"[{index.group(1)}]") if index else field
                assert (new.verdict, new.message) == ("fail", CANNOT.format(named, todo)), where
                checked.add((new.rule_id, field))
    read = {(rule_id, field) for rule_id, fields in reading.items() for field in fields if field in PENDING}
    assert checked == read  # every rule reading such a value was seen failing on a null in some base
    assert {field for _, field in read} == set(PENDING) - READ_BY_NO_BUNDLED_RULE - (
        {"build.engine.restrictors.*"} if ruleset_name == "fia-t2-base" else set())  # fmt: skip


EXPRESSIONS = {  # every way an expression can read such a value: each must fail on a null, never give a value
    "build.weight.measured": ("build.weight.measured", "build.weight.measured"),
    "present(build.wheels.spare_wheels)": ("build.wheels.spare_wheels", "build.wheels.spare_wheels"),
    "build.safety.cage.certificate == null": ("build.safety.cage.certificate", "build.safety.cage.certificate"),
    'build.safety.cage.certificate != "x"': ("build.safety.cage.certificate", "build.safety.cage.certificate"),
    "not build.air_intake.draws_from_cockpit": ("build.air_intake.draws_from_cockpit",) * 2,
    "build.weight.measured + build.weight.safety_equipment": ("build.weight.measured", "build.weight.measured"),
    "max(build.air_intake.tube_inner_diameter, 1 mm)": ("build.air_intake.tube_inner_diameter",) * 2,
    "sum(build.engine.restrictors)": ("build.engine.restrictors[0]", "build.engine.restrictors[0]"),
    "max(build.engine.restrictors)": ("build.engine.restrictors[0]", "build.engine.restrictors[0]"),
    "min(build.engine.restrictors)": ("build.engine.restrictors[0]", "build.engine.restrictors[0]"),
    "build.suspension.production_mounting_points == true": ("build.suspension.production_mounting_points",) * 2,
    "item": ("build.engine.restrictors", "item"),
    "item > 36 mm": ("build.engine.restrictors", "item"),
    "item.standard": ("build.safety.seats", "item.standard"),
    "end_of_year(item.manufactured + 10)": ("build.safety.seats", "item.manufactured"),
    'item.system == "hand-held"': ("build.safety.extinguishers", "item.system"),
    "item.technical_list in [16, 52]": ("build.safety.extinguishers", "item.technical_list"),
    "present(item.expires)": ("build.safety.harnesses", "item.expires"),
}


@pytest.mark.parametrize("text", list(EXPRESSIONS))
def test_every_read_of_a_null_fails(text: str) -> None:
    spec = load_spec(GOLDEN).spec  # the spec init makes: every such value null
    source, what = EXPRESSIONS[text]
    items = None
    if text.startswith(("item", "present(item", "end_of_year(item")):
        items = compile_expr(source, Scope()).fn(Env(spec, dt.date(2026, 1, 2)))
        scope = Scope(compile_expr(source, Scope()).type.item)
    else:
        scope = Scope()
    compiled = compile_expr(text, scope)
    with pytest.raises(NotKnown) as raised:
        compiled.fn(Env(spec, dt.date(2026, 1, 2), items[0] if items else None, 0))
    assert raised.value.what == what
    assert str(raised.value) == f"{what} is not {PENDING[_pattern(source, what)]} yet"


def _pattern(source: str, what: str) -> str:
    if what.startswith("item"):
        return f"{source}.*{what[4:]}"
    return re.sub(r"\[\d+\]", ".*", what)


def test_count_reads_the_list_not_its_values() -> None:
    spec = load_spec(GOLDEN).spec
    assert compile_expr("count(build.engine.restrictors)", Scope()).fn(Env(spec, dt.date(2026, 1, 2))) == 2


@pytest.mark.parametrize(("args", "line"), [
    (("--from-homologation", "forms/defender-d7x-r.yaml", "-o", "no/such/folder.yaml"),
     "no/such/folder.yaml:1:1: cannot write the output: no folder 'no/such'"),
    (("--from-homologation", "forms/defender-d7x-r.yaml", "-o", "forms"),
     "forms:1:1: cannot write the output: this is a folder"),
    (("-o", "my-car.yaml"), ("--from-homologation",)),  # click words a missing option: the option is named
    (("--from-homologation", "forms/defender-d7x-r.yaml"), ("--output",)),
])  # fmt: skip
def test_bad_usage_is_one_line_and_nothing_is_written(tmp_path: Path, args: tuple[str, ...],
                                                       line: str | tuple[str, ...]) -> None:  # fmt: skip
    shutil.copytree(REPO / "forms", tmp_path / "forms")
    out = homologate("init", *args, cwd=tmp_path)
    if isinstance(line, tuple):
        assert_usage_error(Ran(out.code, out.stdout, out.stderr), *line)
    else:
        assert (out.code, out.stdout, out.stderr) == (EXIT_INPUT, "", line + "\n")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["forms"]
    assert sorted(p.name for p in (tmp_path / "forms").iterdir()) == ["defender-d7x-r.yaml"]
