"""The Python API (``import checker``): what its docstrings and the README's Python API section promise.

API behaviour is tested through ``checker`` alone, as a user reaches it; the CLI is run (in process) only to
hold ``Ruleset.render`` to the bytes ``homologate check`` writes for the same specs.
"""

from __future__ import annotations

import datetime as dt
import doctest
import importlib
import inspect
import json
import re
import subprocess
import sys
import typing
from pathlib import Path
from typing import Any

import pytest

import checker
from tests.helpers import ROOT, SPECS, run_cli

ON = dt.date(2026, 1, 3)
WIDE = SPECS / "defender-wide-track.yaml"
WIDE_PROBLEMS = [
    ("STK-TRACK-FRONT", checker.Verdict.FAIL, "build.chassis.track_front", 60, 18),
    ("STK-TRACK-REAR", checker.Verdict.MARGINAL, "build.chassis.track_rear", 61, 17),
    ("STK-WIDTH", checker.Verdict.FAIL, "build.chassis.width", 62, 12),
    ("STK-TYRE-DIAMETER", checker.Verdict.FAIL, "build.wheels.tyre_diameter", 68, 20),
]


@pytest.fixture(scope="module")
def stock() -> checker.Ruleset:
    return checker.load_ruleset("dakar-2026-stock")


def problems(report: checker.Report) -> list[tuple[str, checker.Verdict, str, int | None, int | None]]:
    return [(f.rule_id, f.verdict, f.path, f.line, f.column) for f in report.findings if f.problem]


def wide_data() -> dict[str, Any]:
    """The wide-track spec as data, parsed as a user would parse it, without homologate."""
    import yaml  # not checker's: the user's own parser

    data: dict[str, Any] = yaml.safe_load(WIDE.read_text("utf-8"))
    return data


# --- checking ------------------------------------------------------------------------------------------------


def test_a_ruleset_loaded_once_checks_many_specs(stock: checker.Ruleset) -> None:
    wide = stock.check(WIDE, on=ON)
    d7x = stock.check(str(SPECS / "defender-d7x-r.yaml"), on=ON)
    again = stock.check(WIDE, on=ON)
    assert (wide.compliant, d7x.compliant) == (False, True)
    assert problems(wide) == WIDE_PROBLEMS == problems(again)
    assert problems(d7x) == []
    assert (wide.on, wide.ruleset, wide.spec_file) == (ON, "dakar-2026-stock", str(WIDE))
    assert wide.findings[0].verdict == "pass"  # a verdict is its JSON text too


def test_the_check_date_is_per_check(stock: checker.Ruleset) -> None:
    expired = SPECS / "land-cruiser-expired-safety.yaml"
    assert stock.check(expired).on == stock.event_date == dt.date(2026, 1, 2)
    late = stock.check(expired, on=dt.date(2030, 1, 1))
    assert late.on == dt.date(2030, 1, 1)
    assert stock.check(expired).on == dt.date(2026, 1, 2)  # the ruleset is not changed by a dated check


def test_checker_check_is_one_spec_against_the_bundled_ruleset() -> None:
    report = checker.check(WIDE, on=ON)
    assert problems(report) == WIDE_PROBLEMS
    assert checker.check(SPECS / "defender-d7x-r.yaml", rules="fia-t2-base").ruleset == "fia-t2-base"


def test_check_text_names_the_spec_and_keeps_positions(stock: checker.Ruleset) -> None:
    report = stock.check_text(WIDE.read_text("utf-8"), name="teams/wide.yaml", on=ON)
    assert report.spec_file == "teams/wide.yaml"
    assert problems(report) == WIDE_PROBLEMS
    assert report.spec_sha256 is None  # no file was read


def test_check_data_gives_the_same_verdicts_without_positions(stock: checker.Ruleset) -> None:
    report = stock.check_data(wide_data(), name="wide.yaml", on=ON)
    assert report.spec_file == "wide.yaml"
    assert problems(report) == [(rule, verdict, path, None, None) for rule, verdict, path, _, _ in WIDE_PROBLEMS]
    assert all(f.line is None and f.column is None for f in report.findings)


def test_check_data_does_not_change_or_keep_the_callers_mapping(stock: checker.Ruleset) -> None:
    data = wide_data()
    before = json.dumps(data, default=str, sort_keys=True)
    report = stock.check_data(data, on=ON)
    data["build"]["chassis"]["width"] = "2000 mm"  # changed after the check: the report stands
    assert json.dumps(wide_data(), default=str, sort_keys=True) == before
    assert [f.measured for f in report.findings if f.rule_id == "STK-WIDTH"] == ["2180 mm"]


def test_selection_waivers_and_spec_waivers_are_the_clis(tmp_path: Path) -> None:
    fuel = checker.load_ruleset("dakar-2026-stock", select=["area:fuel"], ignore="T2-FUEL-LINES")
    assert [r.id for r in fuel.rules] == ["T2-SAFETY-TANK", "T2-SAFETY-TANK-VALIDITY", "T2-SAFETY-TANK-RECERTIFIED",
                                          "STK-FUEL-TANK"]  # fmt: skip
    assert {f.rule_id for f in fuel.check(WIDE).findings} <= {r.id for r in fuel.rules}
    waivers = tmp_path / "waivers.yaml"
    waivers.write_text("waivers:\n  - rule: STK-WIDTH\n    reference: W-1\n    reason: bodywork test\n"
                       "    granted_by: the organiser\n    expires: 2027-01-01\n", "utf-8")  # fmt: skip
    waived = checker.load_ruleset("dakar-2026-stock", waivers=waivers).check(WIDE, on=ON)
    width = next(f for f in waived.findings if f.rule_id == "STK-WIDTH")
    assert (width.verdict, width.waiver and width.waiver.reference) == (checker.Verdict.WAIVED, "W-1")


# --- refusals: InputError, with where ------------------------------------------------------------------------


def test_text_with_a_wrong_type_is_an_input_error_at_its_position(stock: checker.Ruleset) -> None:
    text = WIDE.read_text("utf-8").replace("width: 2180 mm", "width: 2180")
    with pytest.raises(checker.InputError) as info:
        stock.check_text(text, name="wide.yaml")
    error = info.value
    assert (error.file, error.line, error.column) == ("wide.yaml", 62, 12)
    assert error.message.startswith('build.chassis.width: expected a length such as "1760 mm", got 2180')


@pytest.mark.parametrize(("change", "message"), [
    (lambda d: d["build"]["chassis"].update(width=2180),
     'build.chassis.width: expected a length such as "1760 mm", got 2180'),
    (lambda d: d["build"]["chassis"].update(width={1, 2}),
     "build.chassis.width: expected a mapping, a list, text, a number, true or false, a date or None, got a 'set'"),
    (lambda d: d["build"]["chassis"].update({7: "x"}), "build.chassis: expected a text key, got a 'int'"),
    (lambda d: d["build"]["chassis"].update(width=float("nan")), "build.chassis.width: expected a finite number"),
    (lambda d: d["build"]["chassis"].update(width=10**19), "build.chassis.width: expected a whole number of at most"),
    (lambda d: d["build"]["wheels"].update(tyre_diameter=[]),
     "build.wheels.tyre_diameter: expected a length such as"),
    (lambda d: d["build"].update(extra=[0] * 50_000), "build.extra[49"),  # the YAML reader's MAX_NODES
    (lambda d: d["vehicle"].update(make="x" * (1 << 20)), "vehicle.make: more than 1048576 characters of text"),
])  # fmt: skip
def test_data_with_a_wrong_value_is_an_input_error_naming_its_path(stock: checker.Ruleset, change: Any,
                                                                   message: str) -> None:  # fmt: skip
    data = wide_data()
    change(data)
    with pytest.raises(checker.InputError) as info:
        stock.check_data(data, name="wide.yaml")
    assert (info.value.file, info.value.line, info.value.column) == ("wide.yaml", 1, 1)  # no text to point into
    assert info.value.message.startswith(message)


def test_data_that_holds_itself_is_refused_at_the_depth_limit(stock: checker.Ruleset) -> None:
    data = wide_data()
    loop: list[Any] = []
    loop.append(loop)
    data["build"]["extra"] = loop
    with pytest.raises(checker.InputError, match=r"^<data>:1:1: build\.extra(\[0\])+: nested deeper than 32 levels"):
        stock.check_data(data)


def test_data_that_is_not_a_mapping_is_refused(stock: checker.Ruleset) -> None:
    with pytest.raises(checker.InputError, match=r"^<data>:1:1: expected a build spec \(a YAML mapping\), got a list"):
        stock.check_data([1, 2])  # type: ignore[arg-type]


def test_a_file_that_cannot_be_checked_is_an_input_error(stock: checker.Ruleset, tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("vehicle: [\n", "utf-8")
    with pytest.raises(checker.InputError) as info:
        stock.check(bad)
    assert (info.value.file, info.value.line, info.value.column) == (str(bad), 2, 1)
    assert info.value.message.startswith("invalid YAML: ")
    with pytest.raises(checker.InputError, match=r"missing\.yaml:1:1: "):
        stock.check(tmp_path / "missing.yaml")


@pytest.mark.parametrize(("options", "line"), [
    ({"select": ["STK-TRACK"]},
     "<select>:1:1: no rule 'STK-TRACK' in dakar-2026-stock (did you mean 'STK-TRACK-REAR'?)"),
    ({"ignore": ["area:fuels"]}, "<ignore>:1:1: no area 'fuels' in dakar-2026-stock (did you mean 'fuel'?)"),
])  # fmt: skip
def test_a_selector_that_names_no_rule_is_an_input_error(options: dict[str, Any], line: str) -> None:
    with pytest.raises(checker.InputError) as info:
        checker.load_ruleset("dakar-2026-stock", **options)
    assert str(info.value) == line


def test_an_unknown_ruleset_or_format_is_an_input_error(stock: checker.Ruleset, tmp_path: Path) -> None:
    with pytest.raises(checker.InputError, match="no-such-rules"):
        checker.load_ruleset("no-such-rules")
    with pytest.raises(checker.InputError, match=r"^<format>:1:1: expected one of text, json, .*, got 'xml'$"):
        stock.render([], "xml")


# --- rendering -----------------------------------------------------------------------------------------------

FORMATS = ["text", "json", "sarif", "junit", "github", "html", "markdown"]


@pytest.mark.parametrize("fmt", FORMATS)
def test_render_is_byte_for_byte_what_check_writes(fmt: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                   stock: checker.Ruleset) -> None:  # fmt: skip
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")  # JUnit, HTML, Markdown write the time
    (tmp_path / "specs").mkdir()
    for name in ("defender-d7x-r.yaml", "defender-wide-track.yaml"):
        (tmp_path / "specs" / name).write_bytes((SPECS / name).read_bytes())
    (tmp_path / "specs" / "bad.yaml").write_text("vehicle: [\n", "utf-8")
    names = ["specs/defender-d7x-r.yaml", "specs/bad.yaml", "specs/defender-wide-track.yaml"]
    ran = run_cli("check", *names, "--on", "2026-01-03", "--format", fmt, "-o", "out", cwd=tmp_path,
                  env={"SOURCE_DATE_EPOCH": "1767225600"})  # fmt: skip
    assert ran.status == 2
    results: list[checker.Report | checker.InputError] = []
    monkeypatch.chdir(tmp_path)
    for name in names:
        try:
            results.append(stock.check(name, on=ON))
        except checker.InputError as error:  # listed as the CLI lists a spec it could not check
            results.append(error)
    assert stock.render(results, fmt).encode("utf-8") == (tmp_path / "out").read_bytes()


def test_render_takes_one_report_and_the_text_options(stock: checker.Ruleset) -> None:
    report = stock.check(WIDE, on=ON)
    quiet = stock.render(report, quiet=True, width=400)  # a line whole
    assert all(len(line) <= 100 for line in stock.render(report, quiet=True).splitlines())  # 100 by default
    assert quiet.splitlines()[1:5] == [f"{WIDE}:60:18: STK-TRACK-FRONT [error] 1795 mm is 15 mm above the maximum "
                                       "(≤ 1780 mm)", *quiet.splitlines()[2:5]]  # fmt: skip
    assert stock.render(report, "text") != quiet
    strict = json.loads(stock.render(report, "sarif", strict=True))
    assert strict["runs"][0]["invocations"][0]["exitCode"] == 1


def test_findings_of_data_render_without_positions(stock: checker.Ruleset) -> None:
    report = stock.check_data(wide_data(), name="wide.yaml", on=ON)
    text = stock.render(report, "text", quiet=True, width=400)
    assert "wide.yaml: STK-WIDTH [error] 2180 mm is 16 mm above the maximum (≤ 2164 mm)" in text.splitlines()
    sarif = json.loads(stock.render(report, "sarif"))
    width = next(r for r in sarif["runs"][0]["results"] if r["ruleId"] == "STK-WIDTH")
    assert width["locations"] == [{"physicalLocation": {"artifactLocation": {"uri": "wide.yaml"}},
                                   "logicalLocations": [{"fullyQualifiedName": "build.chassis.width",
                                                         "kind": "member"}]}]  # fmt: skip
    finding = next(f for f in json.loads(stock.render(report, "json"))["reports"][0]["findings"]
                   if f["rule_id"] == "STK-WIDTH")  # fmt: skip
    assert (finding["line"], finding["column"], finding["path"]) == (None, None, "build.chassis.width")
    github = stock.render(report, "github")
    assert "::error file=wide.yaml,title=STK-WIDTH%3A " in github
    assert ", line " not in stock.render(report, "html")


def test_the_format_type_names_every_format_of_check() -> None:
    from checker.render import FORMATS as REGISTRY  # the registry the CLI's --format choices come from

    assert list(typing.get_args(importlib.import_module("checker.api").Format)) == list(REGISTRY) == FORMATS


def test_render_pdf_gives_bytes(stock: checker.Ruleset) -> None:
    pytest.importorskip("weasyprint")
    assert stock.render(stock.check(WIDE, on=ON), "pdf")[:5] == b"%PDF-"


# --- the surface ---------------------------------------------------------------------------------------------


def test_every_public_name_exists_and_says_how_it_is_used() -> None:
    for name in checker.__all__:
        value = getattr(checker, name)
        if name == "__version__":
            assert re.fullmatch(r"\d+\.\d+\.\d+", value)
            continue
        assert inspect.getdoc(value), name
    for name in ("load_ruleset", "check", "Ruleset"):  # what a user calls: each doc shows an example
        assert ">>> " in (inspect.getdoc(getattr(checker, name)) or ""), name
    public = [m for m, _ in inspect.getmembers(checker.Ruleset) if not m.startswith("_")]
    assert public == ["check", "check_data", "check_text", "event_date", "name", "render", "rules", "title",
                      "version"]  # fmt: skip
    for method in ("check", "check_text", "check_data", "render", "rules"):
        assert ">>> " in (inspect.getdoc(getattr(checker.Ruleset, method)) or ""), method


def test_an_unknown_name_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="no attribute 'nope'"):
        checker.nope  # noqa: B018


def test_the_docstring_examples_run(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    import yaml

    monkeypatch.chdir(ROOT)
    ruleset = checker.load_ruleset()
    globs = {"checker": checker, "datetime": dt, "json": json, "Path": Path, "yaml": yaml, "ruleset": ruleset,
             "report": ruleset.check("specs/defender-d7x-r.yaml")}  # fmt: skip
    attempted = 0
    for name in ("Ruleset", "InputError", "Report"):  # the modules that define the public names
        module = importlib.import_module(getattr(checker, name).__module__)
        result = doctest.testmod(module, extraglobs=globs, verbose=False)
        assert result.failed == 0, capsys.readouterr().out
        attempted += result.attempted
    assert attempted >= 25


def test_the_readme_python_example_runs_and_prints_what_it_says(monkeypatch: pytest.MonkeyPatch,
                                                                capsys: pytest.CaptureFixture[str]) -> None:
    section = (ROOT / "README.md").read_text("utf-8").split("### Python API\n", 1)[1].split("\n### ", 1)[0]
    code, printed = re.findall(r"```(?:python|text)\n(.*?)```", section, re.S)[:2]
    monkeypatch.chdir(ROOT)
    exec(compile(code, "README.md", "exec"), {"__name__": "readme"})  # the README's own example
    assert capsys.readouterr().out == printed


def test_import_checker_loads_no_pydantic_or_yaml() -> None:
    probe = ("import sys, checker; checker.__all__; "
             "print(sorted(m for m in ('pydantic', 'yaml', 'click', 'jsonschema', 'checker.api') if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=ROOT, check=True)
    assert done.stdout == "[]\n"


_USER = '''
import datetime

import checker

ruleset: checker.Ruleset = checker.load_ruleset("dakar-2026-stock", select=["STK-*"], waivers=None)
report: checker.Report = ruleset.check("car.yaml", on=datetime.date(2026, 1, 3))
verdict: checker.Verdict = report.findings[0].verdict
sarif: str = ruleset.render([report], "sarif")
pdf: bytes = ruleset.render(report, "pdf")
line: int = report.findings[0].line  # wrong: None for a spec given as data
'''


def test_a_users_code_is_type_checked_against_the_api(tmp_path: Path) -> None:
    (tmp_path / "user.py").write_text(_USER, "utf-8")
    done = subprocess.run([sys.executable, "-m", "mypy", "--strict", "--no-incremental", "user.py"], cwd=tmp_path,
                          capture_output=True, text=True)  # fmt: skip
    errors = re.findall(r"^user\.py:(\d+): error: .*\[([a-z-]+)\]$", done.stdout, re.M)
    assert errors == [("11", "assignment")], done.stdout  # mypy's words are its own: the line and the code
