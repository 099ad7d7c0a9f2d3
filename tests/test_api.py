"""The Python API (``import checker``): what the README's Python API section promises."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

import checker
from checker.render import render
from tests.helpers import SPECS


def test_check_gives_the_report_check_prints() -> None:
    report = checker.check(SPECS / "defender-wide-track.yaml")
    assert not report.compliant
    problems = [(f.rule_id, f.verdict, f.path) for f in report.findings if f.problem]
    assert problems == [
        ("STK-TRACK-FRONT", checker.Verdict.FAIL, "build.chassis.track_front"),
        ("STK-TRACK-REAR", checker.Verdict.MARGINAL, "build.chassis.track_rear"),
        ("STK-WIDTH", checker.Verdict.FAIL, "build.chassis.width"),
        ("STK-TYRE-DIAMETER", checker.Verdict.FAIL, "build.wheels.tyre_diameter"),
    ]
    assert problems[0][1] == "fail"  # a verdict is its JSON text too


def test_a_compliant_spec() -> None:
    report = checker.check(str(SPECS / "defender-d7x-r.yaml"), rules="dakar-2026-stock")
    assert report.compliant
    assert report.ruleset == "dakar-2026-stock"


def test_bad_input_raises_input_error_with_its_position(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("vehicle: [\n", "utf-8")
    with pytest.raises(checker.InputError) as info:
        checker.check(bad)
    assert (info.value.line, info.value.column) == (2, 1)
    assert str(info.value).startswith(f"{bad}:2:1: invalid YAML: ")


def test_load_evaluate_and_render() -> None:
    ruleset = checker.load_ruleset("fia-t2-base")
    spec = checker.load_spec(SPECS / "defender-d7x-r.yaml")
    report = checker.evaluate_spec(spec, ruleset, on=dt.date(2026, 1, 3))
    assert report.on == dt.date(2026, 1, 3)
    assert {f.rule_id for f in report.findings} <= {r.id for r in ruleset.rules}
    document = json.loads(render("json", checker.Run(ruleset.info(), (report,))))
    assert document["reports"][0]["checked_on"] == "2026-01-03"
    assert document["ruleset"]["name"] == "fia-t2-base"


def test_an_unknown_name_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="no attribute 'nope'"):
        checker.nope  # noqa: B018
