"""Choosing rules: --select and --ignore (checker.ruleset.select), by id, area and id pattern."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from checker.ruleset.compile import load_ruleset
from checker.ruleset.select import SelectorError, selected
from tests.helpers import SPECS, assert_usage_error, run_cli

WIDE = SPECS / "defender-wide-track.yaml"
DAKAR = load_ruleset("dakar-2026-stock")


def checked(*options: str, spec: Path = WIDE) -> dict[str, Any]:
    ran = run_cli("check", spec, "--format", "json", *options)
    assert ran.status in (0, 1), ran.err
    result: dict[str, Any] = json.loads(ran.out)
    return result


def verdicts(result: dict[str, Any]) -> list[tuple[str, str]]:
    return [(f["rule_id"], f["verdict"]) for f in result["reports"][0]["findings"]]


def test_select_by_id_checks_only_those_rules_in_any_case() -> None:
    result = checked("--select", "stk-track-front", "--select", "STK-WIDTH")
    assert verdicts(result) == [("STK-TRACK-FRONT", "fail"), ("STK-WIDTH", "fail")]
    assert [r["id"] for r in result["ruleset"]["rules"]] == ["STK-TRACK-FRONT", "STK-WIDTH"]  # nowhere else


def test_select_by_area_and_commas() -> None:
    assert verdicts(checked("--select", "area:chassis,area:wheels")) == [
        ("T2-WHEELBASE", "pass"), ("T2-MOUNTING-POINTS", "pass"), ("T2-DAMPERS-FRONT", "pass"),
        ("T2-DAMPERS-REAR", "pass"), ("STK-TRACK-FRONT", "fail"), ("STK-TRACK-REAR", "marginal"),
        ("STK-WIDTH", "fail"), ("STK-RIDE-HEIGHT", "pass"), ("STK-TYRE-DIAMETER", "fail"),
    ]  # fmt: skip


def test_ignore_takes_away_from_everything_or_from_the_selection() -> None:
    everything = {r.id for r in DAKAR.rules}
    ignored = checked("--ignore", "STK-*")
    assert {rule for rule, _ in verdicts(ignored)} == {i for i in everything if not i.startswith("STK-")}
    both = checked("--select", "STK-TRACK-*", "--ignore", "STK-TRACK-REAR")
    assert verdicts(both) == [("STK-TRACK-FRONT", "fail")]


def test_a_deselected_failure_no_longer_fails_the_car() -> None:
    ran = run_cli("check", WIDE, "--ignore", "STK-TRACK-*,STK-WIDTH,STK-TYRE-DIAMETER", "-q")
    assert ran.status == 0, ran.out


def test_a_pattern_takes_only_the_star_as_a_wildcard() -> None:
    with pytest.raises(SelectorError, match=r"'STK-\?\*' matches no rule id"):
        selected(DAKAR, ("STK-?*",))
    assert [r.id for r in selected(DAKAR, ("*-VALIDITY",)).rules] == [
        r.id for r in DAKAR.rules if r.id.endswith("-VALIDITY")]


@pytest.mark.parametrize(
    ("option", "value", "message"),
    [
        ("--select", "STK-TRAK-FRONT",
         "no rule 'STK-TRAK-FRONT' in dakar-2026-stock (did you mean 'STK-TRACK-FRONT'?)"),
        ("--ignore", "area:fule", "no area 'fule' in dakar-2026-stock (did you mean 'fuel'?)"),
        ("--select", "XX-*", "'XX-*' matches no rule id in dakar-2026-stock"),
        ("--ignore", "STK-WIDTH,NOPE", "no rule 'NOPE' in dakar-2026-stock"),
    ],
)  # fmt: skip
def test_a_selector_that_names_no_rule_is_a_usage_error(tmp_path: Path, option: str, value: str,
                                                        message: str) -> None:  # fmt: skip
    out = tmp_path / "out.json"
    ran = run_cli("check", WIDE, option, value, "-o", out)
    assert_usage_error(ran, f"'{option}'", message)
    assert not out.exists()


def test_an_unknown_area_lists_the_areas_when_none_is_close() -> None:
    with pytest.raises(SelectorError) as info:
        selected(DAKAR, ignore=("area:zzzzzz",))
    areas = sorted({r.area for r in DAKAR.rules})
    assert str(info.value) == f"no area 'zzzzzz' in dakar-2026-stock (areas: {', '.join(areas)})"
    assert info.value.option == "ignore"


def test_a_waiver_may_name_a_rule_not_selected(tmp_path: Path) -> None:
    waivers = tmp_path / "waivers.yaml"
    waivers.write_text("waivers:\n  - rule: STK-WIDTH\n    reference: TD-1\n    reason: approved\n"
                       "    granted_by: Technical delegate\n    expires: 2026-12-31\n", "utf-8")  # fmt: skip
    result = checked("--select", "STK-TRACK-FRONT", "--waivers", str(waivers))
    assert verdicts(result) == [("STK-TRACK-FRONT", "fail")]


def test_workers_check_the_same_selection(tmp_path: Path) -> None:
    folder = tmp_path / "batch"
    folder.mkdir()
    for n in range(16):  # two workers' worth (pipeline.MIN_PER_JOB each)
        shutil.copy(WIDE, folder / f"car-{n:02}.yaml")
    one = run_cli("check", folder, "--select", "area:chassis", "--ignore", "STK-WIDTH", "--format", "json")
    two = run_cli("check", folder, "--select", "area:chassis", "--ignore", "STK-WIDTH", "--format", "json",
                  "--jobs", "2")  # fmt: skip
    assert (two.status, two.out) == (one.status, one.out)
    assert {f["rule_id"] for r in json.loads(two.out)["reports"] for f in r["findings"]} == {
        r.id for r in DAKAR.rules if r.area == "chassis" and r.id != "STK-WIDTH"}
