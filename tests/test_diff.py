"""``homologate diff OLD NEW``: the values that changed between two versions of a spec and the findings
that changed with them, as exact text and JSON, with its exit status; OLD or NEW read at a git revision
(``REV:PATH``) in throwaway repositories; every refusal as its one ``file:line:column`` line and exit 2.

The CLI runs in this process (``tests.helpers.run_cli``), through the helpers of tests/test_baseline.py
(git isolated from the user's configuration). The pairs are the bundled specs, or copies of the compliant
Defender spec with one edit each.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from checker.ruleset.model import Ruleset
from checker.tools.diff import BETTER, OTHER, WORSE, compare, load, split_revision
from tests.helpers import UNCLOSED, assert_one_input_error, assert_usage_error, yaml_problem
from tests.test_baseline import GIT, GitRepo, edit, homologate

ROOT = Path(__file__).resolve().parents[1]
D7X = "specs/defender-d7x-r.yaml"
EXIT_OK, EXIT_FAIL = 0, 1
HEADER = "(ruleset dakar-2026-stock, checked on 2026-01-02)"
STAR = "* illustrative limit: the official figure is not public; see the rule's note."

# Edits of the compliant spec: (text that occurs exactly once, its replacement)
PRODUCTION_TRACK = ("    track_front: 1700 mm      # illustrative", "    track_front: 1690 mm      # illustrative")
SECOND_SEAT = ("      - {standard: FIA 8862-2009, manufactured: 2025}   "
               "# its label year not noted: valid to 31 December 2035")
THIRD_SEAT = (f"{SECOND_SEAT}\n    harnesses:",
              f"{SECOND_SEAT}\n      - {{standard: FIA 8855-1999, manufactured: 2019}}\n    harnesses:")  # fmt: skip
NO_OPENING = ("    opening_diameter: 95 mm   # illustrative\n", "")
NO_AVIATION_LINES = ("    aviation_lines: true\n", "")
SAME_VALUES = (("    displacement: 4.4 L\n    cylinders: 8\n    aspiration: turbo\n    turbos: 2\n    fuel: petrol\n"
                "    restrictors", "    displacement: 4400 cc   # written another way\n    cylinders: 8\n"
                "    aspiration: turbo\n    turbos: 2\n    fuel: petrol\n    restrictors"),
               ("spec_version: 2\n", "# a comment\nspec_version: 2\n"))  # fmt: skip
BIG_TANK_WAIVER = ("spec_version: 2\n", "spec_version: 2\nwaivers:\n  - {rule: STK-FUEL-TANK, reference: TD-1, "
                   "reason: Marathon stage, granted_by: Technical delegate, expires: 2026-01-17}\n")  # fmt: skip


def run(*args: str, cwd: Path = ROOT, **env: str) -> tuple[int, str, str]:
    result = homologate("diff", *args, cwd=cwd, **{"COLUMNS": "400", **env})  # lines whole: test_ci_reports wraps
    return result.status, result.out, result.err


def variant(folder: Path, name: str, *edits: tuple[str, str], source: str = D7X) -> Path:
    """A copy of a bundled spec, edited."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text((ROOT / source).read_text("utf-8"), "utf-8")
    return edit(path, *edits)


# --- bundled pairs ---------------------------------------------------------------------------------

WIDE_TEXT = f"""\
specs/defender-d7x-r.yaml -> specs/defender-wide-track.yaml {HEADER}

vehicle.model               Defender Dakar D7X-R -> Defender Dakar D7X-R (wide-track variant)  specs/defender-wide-track.yaml:8:10
vehicle.entry               Defender Rally (illustrative entry) -> Illustrative variant, not a real entry  specs/defender-wide-track.yaml:11:10
build.chassis.track_front   1760 mm -> 1795 mm (+35 mm)                         specs/defender-wide-track.yaml:60:18
  STK-TRACK-FRONT *  pass, +20 mm -> fail, -15 mm (worse): 1795 mm is 15 mm above the maximum (≤ 1780 mm)
build.chassis.track_rear    1760 mm -> 1781 mm (+21 mm)                         specs/defender-wide-track.yaml:61:17
  STK-TRACK-REAR *  pass, +20 mm -> marginal, -1 mm (worse): 1781 mm is 1 mm above the maximum (≤ 1780 mm), within the measurement tolerance
build.chassis.width         2140 mm -> 2180 mm (+40 mm)                         specs/defender-wide-track.yaml:62:12
  STK-WIDTH *  pass, +24 mm -> fail, -16 mm (worse): 2180 mm is 16 mm above the maximum (≤ 2164 mm)
build.wheels.tyre_diameter  35 in -> 37.5 in (+2.5 in)                          specs/defender-wide-track.yaml:68:20
  STK-TYRE-DIAMETER *  pass, +2 in -> fail, -0.5 in (worse): 37.5 in is 0.5 in above the maximum (≤ 37 in)

6 values changed; 4 findings changed: 4 worse
{STAR}
"""  # noqa: E501 (the exact output, wider than the code)


def test_wide_track_text() -> None:
    assert run(D7X, "specs/defender-wide-track.yaml") == (EXIT_FAIL, WIDE_TEXT, "")


def test_back_from_wide_track_is_better_and_exits_0() -> None:
    status, out, _ = run("specs/defender-wide-track.yaml", D7X)
    assert status == EXIT_OK
    assert ("  STK-TRACK-FRONT *  fail, -15 mm -> pass, +20 mm (better): 1760 mm, 20 mm inside the limit (≤ 1780 mm)\n"
            in out)  # fmt: skip
    assert out.endswith(f"\n6 values changed; 4 findings changed: 4 better\n{STAR}\n")


def test_engine_swap_text() -> None:
    """A list that shrank: its removed item carries the rules that count the list; the changed item only
    the rule that reads its diameter (count() does not see a changed item)."""
    expected = f"""\
specs/defender-d7x-r.yaml -> specs/defender-engine-swap.yaml {HEADER}

vehicle.model                                Defender Dakar D7X-R -> Defender Dakar D7X-R (engine-swap variant)  specs/defender-engine-swap.yaml:10:10
vehicle.entry                                Defender Rally (illustrative entry) -> Illustrative variant, not a real entry  specs/defender-engine-swap.yaml:13:10
build.engine.block                           4.4 L twin-turbo V8 (BMW-derived) -> 5.0 L twin-turbo V8 (competition block)  specs/defender-engine-swap.yaml:48:12
  T2-ENGINE-BLOCK  pass -> fail (worse): 5.0 L twin-turbo V8 (competition block) differs from the production value 4.4 L twin-turbo V8 (BMW-derived)
build.engine.displacement                    4.4 L -> 4995 cc (+595 cc)                          specs/defender-engine-swap.yaml:49:19
  T2-ENGINE-DISPLACEMENT  pass, +0 cc -> fail, -595 cc (worse): 4995 cc differs from the production value 4400 cc by 595 cc
build.engine.restrictors[0]                  36 mm -> 40 mm (+4 mm)                              specs/defender-engine-swap.yaml:54:19
  STK-RESTRICTOR-PETROL-TURBO *  pass, +2 mm -> fail, -2 mm (worse): 40 mm is 2 mm above the maximum (≤ 38 mm)
build.engine.restrictors[1]                  removed: 36 mm                                      specs/defender-d7x-r.yaml:59:26
  T2-RESTRICTOR-FITTED at build.engine.restrictors  pass, +1 -> pass, +0 (worse): 1, at the limit (≥ 1)
  STK-RESTRICTOR-PER-TURBO * at build.engine.restrictors  pass, +0 -> fail, -1 (worse): 1 differs from the production value 2 by 1
  STK-RESTRICTOR-PETROL-TURBO *  pass, +2 mm -> absent (gone): was: 36 mm, 2 mm inside the limit (≤ 38 mm)
  STK-RESTRICTOR-DIESEL-TURBO *  not applicable -> absent (gone): was: does not apply: build.engine.fuel == "diesel" and build.engine.aspiration == "turbo" is false
  STK-RESTRICTOR-NATURAL *  not applicable -> absent (gone): was: does not apply: build.engine.aspiration != "turbo" is false
build.suspension.dampers_per_wheel.rear      2 -> 3 (+1)                                         specs/defender-engine-swap.yaml:67:41
  T2-DAMPERS-REAR  pass, +0 -> fail, -1 (worse): 3 is 1 above the maximum (≤ 2)
build.suspension.production_mounting_points  true -> false                                       specs/defender-engine-swap.yaml:68:33
  T2-MOUNTING-POINTS  pass -> fail (worse): no, but the rule requires yes
build.weight.measured                        2550 kg -> 2480 kg (-70 kg)                         specs/defender-engine-swap.yaml:80:15
  T2-WEIGHT-MIN *  pass, +40 kg -> fail, -30 kg (worse): 2480 kg is 30 kg below the minimum (≥ 2510 kg)

9 values changed; 11 findings changed: 8 worse, 3 other
{STAR}
"""  # noqa: E501 (the exact output, wider than the code)
    assert run(D7X, "specs/defender-engine-swap.yaml") == (EXIT_FAIL, expected, "")


def test_wide_track_json(stock: Ruleset) -> None:
    status, out, err = run("--format", "json", D7X, "specs/defender-wide-track.yaml")
    assert (status, err) == (EXIT_FAIL, "")
    data = json.loads(out)
    keys = ("format", "format_version", "checked_on", "strict", "exit_code", "identical", "summary")
    assert {k: data[k] for k in keys} == {
        "format": "homologate-diff", "format_version": 1, "checked_on": "2026-01-02", "strict": False,
        "exit_code": 1, "identical": False,
        "summary": {"values": 6, "findings": 4, "worse": 4, "better": 0, "other": 0},
    }  # fmt: skip
    assert data["old"] == {"file": D7X, "spec_sha256": _sha256(ROOT / D7X)}
    assert data["new"] == {"file": "specs/defender-wide-track.yaml",
                           "spec_sha256": _sha256(ROOT / "specs/defender-wide-track.yaml")}  # fmt: skip
    assert data["ruleset"] == {"name": "dakar-2026-stock", "title": "Dakar 2026 Stock class (T2)", "version": "2026",
                               "files": list(stock.published_files)}  # fmt: skip
    assert data["values"][2] == {
        "path": "build.chassis.track_front", "change": "changed", "old": "1760 mm", "new": "1795 mm",
        "difference": "+35 mm", "old_value": 1760.0, "new_value": 1795.0, "difference_value": 35.0, "unit": "mm",
        "file": "specs/defender-wide-track.yaml", "line": 60, "column": 18,
        "findings": [{"rule_id": "STK-TRACK-FRONT", "path": "build.chassis.track_front"}],
    }  # fmt: skip
    assert [(v["path"], v["old"], v["new"], v["difference"], [f["rule_id"] for f in v["findings"]])
            for v in data["values"]] == [
        ("vehicle.model", "Defender Dakar D7X-R", "Defender Dakar D7X-R (wide-track variant)", None, []),
        ("vehicle.entry", "Defender Rally (illustrative entry)", "Illustrative variant, not a real entry", None, []),
        ("build.chassis.track_front", "1760 mm", "1795 mm", "+35 mm", ["STK-TRACK-FRONT"]),
        ("build.chassis.track_rear", "1760 mm", "1781 mm", "+21 mm", ["STK-TRACK-REAR"]),
        ("build.chassis.width", "2140 mm", "2180 mm", "+40 mm", ["STK-WIDTH"]),
        ("build.wheels.tyre_diameter", "35 in", "37.5 in", "+2.5 in", ["STK-TYRE-DIAMETER"]),
    ]
    front = data["findings"][0]
    assert {k: front[k] for k in ("rule_id", "path", "change", "direction", "illustrative", "values")} == {
        "rule_id": "STK-TRACK-FRONT", "path": "build.chassis.track_front", "change": "changed",
        "direction": "worse", "illustrative": True, "values": ["build.chassis.track_front"],
    }  # fmt: skip
    old, new = front["old"], front["new"]
    assert (old["verdict"], old["margin"], old["margin_value"], old["file"], old["line"], old["baseline"]) == (
        "pass", "+20 mm", 20.0, D7X, 67, None)
    assert (new["verdict"], new["margin"], new["margin_value"], new["message"], new["file"], new["line"],
            new["baseline"]) == ("fail", "-15 mm", -15.0, "1795 mm is 15 mm above the maximum (≤ 1780 mm)",
                                 "specs/defender-wide-track.yaml", 60, "new")  # fmt: skip
    assert [(f["rule_id"], f["old"]["verdict"], f["new"]["verdict"], f["new"]["baseline"])
            for f in data["findings"]] == [
        ("STK-TRACK-FRONT", "pass", "fail", "new"), ("STK-TRACK-REAR", "pass", "marginal", "new"),
        ("STK-WIDTH", "pass", "fail", "new"), ("STK-TYRE-DIAMETER", "pass", "fail", "new"),
    ]  # fmt: skip


def _sha256(path: Path) -> str:
    import hashlib

    return hashlib.sha256(path.read_bytes()).hexdigest()


# --- edited copies ---------------------------------------------------------------------------------


def test_production_change_shows_the_limit_it_moved(tmp_path: Path) -> None:
    variant(tmp_path, "old.yaml")
    variant(tmp_path, "new.yaml", PRODUCTION_TRACK)
    expected = f"""\
old.yaml -> new.yaml {HEADER}

production.chassis.track_front  1700 mm -> 1690 mm (-10 mm)  new.yaml:36:18
  STK-TRACK-FRONT * at build.chassis.track_front  pass, +20 mm -> pass, +10 mm (worse): 1760 mm, 10 mm inside the limit (≤ 1770 mm); the limit was ≤ 1780 mm

1 value changed; 1 finding changed: 1 worse
{STAR}
"""  # noqa: E501 (the exact output, wider than the code)
    assert run("old.yaml", "new.yaml", cwd=tmp_path) == (EXIT_OK, expected, "")


def test_a_list_that_grows(tmp_path: Path) -> None:
    """A third seat, of a standard whose five years have run out: its findings appear under it."""
    variant(tmp_path, "old.yaml")
    variant(tmp_path, "new.yaml", THIRD_SEAT)
    expected = f"""\
old.yaml -> new.yaml {HEADER}

build.safety.seats[2]  added: {{standard: FIA 8855-1999, manufactured: 2019}}  new.yaml:100:9
  T2-SEAT-STANDARD * at build.safety.seats[2].standard  absent -> pass (new): FIA 8855-1999 is one of the allowed values
  T2-SEAT-8855-VALIDITY at build.safety.seats[2].manufactured  absent -> fail, -367 days (new, worse): expired: valid until 2024-12-31, 367 days before the check date 2026-01-02
  T2-SEAT-8862-VALIDITY at build.safety.seats[2].manufactured  absent -> not applicable (new): does not apply: item.standard == "FIA 8862-2009" and not present(item.not_valid_after) is false
  T2-SEAT-8855-2021-VALIDITY at build.safety.seats[2].manufactured  absent -> not applicable (new): does not apply: item.standard == "FIA 8855-2021" and not present(item.not_valid_after) is false
  T2-SEAT-LABEL-VALIDITY at build.safety.seats[2].not_valid_after  absent -> not applicable (new): does not apply: present(item.not_valid_after) is false
  T2-SEAT-8855-EXTENSION * at build.safety.seats[2].not_valid_after  absent -> not applicable (new): does not apply: item.standard == "FIA 8855-1999" and present(item.not_valid_after) is false

1 value changed; 6 findings changed: 1 worse, 5 other
{STAR}
"""  # noqa: E501 (the exact output, wider than the code)
    assert run("old.yaml", "new.yaml", cwd=tmp_path) == (EXIT_FAIL, expected, "")
    # and back: the seat is removed, placed in the old file, its findings gone
    status, out, _ = run("new.yaml", "old.yaml", cwd=tmp_path)
    assert status == EXIT_OK
    assert out.splitlines()[2:4] == [
        "build.safety.seats[2]  removed: {standard: FIA 8855-1999, manufactured: 2019}  new.yaml:100:9",
        "  T2-SEAT-STANDARD * at build.safety.seats[2].standard  pass -> absent (gone): "
        "was: FIA 8855-1999 is one of the allowed values",
    ]
    assert out.endswith(f"\n1 value changed; 6 findings changed: 1 better, 5 other\n{STAR}\n")


def test_an_item_changed_in_two_fields(tmp_path: Path) -> None:
    """Under each field, the findings of the rules that read that field of that item: the standard's rule
    reads no year, so it is not under the year (the validity rules read both)."""
    variant(tmp_path, "old.yaml")
    variant(tmp_path, "new.yaml", (SECOND_SEAT, SECOND_SEAT.replace("8862-2009, manufactured: 2025",
                                                                    "8855-1999, manufactured: 2024")))
    expected = f"""\
old.yaml -> new.yaml {HEADER}

build.safety.seats[1].standard      FIA 8862-2009 -> FIA 8855-1999  new.yaml:99:20
  T2-SEAT-STANDARD *  pass -> pass: FIA 8855-1999 is one of the allowed values
  T2-SEAT-8855-VALIDITY at build.safety.seats[1].manufactured  not applicable -> pass, +1459 days: valid until 2029-12-31, 1459 days after the check date 2026-01-02
  T2-SEAT-8862-VALIDITY at build.safety.seats[1].manufactured  pass, +3650 days -> not applicable: does not apply: item.standard == "FIA 8862-2009" and not present(item.not_valid_after) is false
build.safety.seats[1].manufactured  2025 -> 2024 (-1)               new.yaml:99:49
  T2-SEAT-8855-VALIDITY  not applicable -> pass, +1459 days: valid until 2029-12-31, 1459 days after the check date 2026-01-02
  T2-SEAT-8862-VALIDITY  pass, +3650 days -> not applicable: does not apply: item.standard == "FIA 8862-2009" and not present(item.not_valid_after) is false

2 values changed; 3 findings changed: 3 other
{STAR}
"""  # noqa: E501 (the exact output, wider than the code)
    assert run("old.yaml", "new.yaml", cwd=tmp_path) == (EXIT_OK, expected, "")


def test_a_removed_optional_value(tmp_path: Path) -> None:
    variant(tmp_path, "old.yaml")
    variant(tmp_path, "new.yaml", NO_OPENING)
    expected = f"""\
old.yaml -> new.yaml {HEADER}

build.air_intake.opening_diameter  removed: 95 mm  old.yaml:88:23
  T2-AIR-INTAKE-OPENING  pass, +5 mm -> not applicable: does not apply: present(build.air_intake.opening_diameter) is false

1 value changed; 1 finding changed: 1 other
"""  # noqa: E501 (the exact output, wider than the code)
    assert run("old.yaml", "new.yaml", cwd=tmp_path) == (EXIT_OK, expected, "")


def test_a_value_left_to_its_default(tmp_path: Path) -> None:
    variant(tmp_path, "old.yaml")
    variant(tmp_path, "new.yaml", NO_AVIATION_LINES)
    expected = f"""\
old.yaml -> new.yaml {HEADER}

build.fuel.aviation_lines  true -> false (default)  old.yaml:82:21
  T2-FUEL-LINES  pass -> fail (worse): no, but the rule requires yes

1 value changed; 1 finding changed: 1 worse
"""
    assert run("old.yaml", "new.yaml", cwd=tmp_path) == (EXIT_FAIL, expected, "")


def test_identical_specs_one_line() -> None:
    assert run(D7X, D7X) == (EXIT_OK, f"{D7X} -> {D7X}: no value changed {HEADER}\n", "")
    status, out, _ = run("--format", "json", D7X, D7X)
    data = json.loads(out)
    assert (status, data["identical"], data["values"], data["findings"], data["exit_code"]) == (
        EXIT_OK, True, [], [], 0)  # fmt: skip


def test_the_same_values_written_another_way_are_identical(tmp_path: Path) -> None:
    variant(tmp_path, "old.yaml")
    variant(tmp_path, "new.yaml", *SAME_VALUES)
    assert run("old.yaml", "new.yaml", cwd=tmp_path) == (
        EXIT_OK, f"old.yaml -> new.yaml: no value changed {HEADER}\n", "")  # fmt: skip


def test_a_finding_changed_by_a_waiver_is_listed_on_its_own(tmp_path: Path) -> None:
    """A waiver is a value of the spec, but no rule reads it: the finding it waives changed on its own."""
    variant(tmp_path, "old.yaml", source="specs/defender-big-tank.yaml")
    variant(tmp_path, "new.yaml", BIG_TANK_WAIVER, source="specs/defender-big-tank.yaml")
    expected = f"""\
old.yaml -> new.yaml {HEADER}

waivers[0]  added: {{rule: STK-FUEL-TANK, reference: TD-1, reason: Marathon stage, granted_by: Technical delegate, expires: 2026-01-17}}  new.yaml:7:5

Findings that changed without a changed value their rule reads:
  STK-FUEL-TANK * at build.fuel.tank_capacity  fail, -50 L -> waived, -50 L (better): 650 L is 50 L above the maximum (≤ 600 L); waived by TD-1 until 2026-01-17

1 value changed; 1 finding changed: 1 better
{STAR}
"""  # noqa: E501 (the exact output, wider than the code)
    assert run("old.yaml", "new.yaml", cwd=tmp_path) == (EXIT_OK, expected, "")  # the other two failed before


def test_strict_counts_a_new_marginal_finding(tmp_path: Path) -> None:
    variant(tmp_path, "old.yaml")
    variant(tmp_path, "new.yaml", ("    track_rear: 1760 mm", "    track_rear: 1781 mm"))
    assert run("old.yaml", "new.yaml", cwd=tmp_path)[0] == EXIT_OK
    assert run("--strict", "old.yaml", "new.yaml", cwd=tmp_path)[0] == EXIT_FAIL


def test_a_failure_already_there_does_not_fail_the_diff(tmp_path: Path) -> None:
    """As check --baseline: a failure the old version had, no worse now, does not count."""
    variant(tmp_path, "old.yaml", source="specs/defender-wide-track.yaml")
    variant(tmp_path, "new.yaml", ("    track_front: 1795 mm", "    track_front: 1790 mm"),
            source="specs/defender-wide-track.yaml")  # fmt: skip
    status, out, _ = run("old.yaml", "new.yaml", cwd=tmp_path)
    assert status == EXIT_OK
    assert out.splitlines()[3] == (
        "  STK-TRACK-FRONT *  fail, -15 mm -> fail, -10 mm (better): 1790 mm is 10 mm above the maximum (≤ 1780 mm)")


def test_rules_and_on_options(tmp_path: Path) -> None:
    """--on moves the validity checks of both versions; --rules picks the ruleset (the base has no track cap)."""
    variant(tmp_path, "old.yaml")
    variant(tmp_path, "new.yaml", ("    track_front: 1760 mm", "    track_front: 1795 mm"))
    assert run("--rules", "fia-t2-base", "--on", "2026-01-02", "old.yaml", "new.yaml", cwd=tmp_path) == (EXIT_OK, (
        "old.yaml -> new.yaml (ruleset fia-t2-base, checked on 2026-01-02)\n\n"
        "build.chassis.track_front  1760 mm -> 1795 mm (+35 mm)  new.yaml:67:18\n\n"
        "1 value changed; no finding changed\n"), "")  # fmt: skip
    status, out, _ = run("--on", "2031-01-01", "old.yaml", "old.yaml", cwd=tmp_path)
    assert (status, out) == (
        EXIT_OK, "old.yaml -> old.yaml: no value changed (ruleset dakar-2026-stock, checked on 2031-01-01)\n")


def test_a_file_whose_name_holds_a_colon(tmp_path: Path) -> None:
    variant(tmp_path, "v1:old.yaml")
    assert run("v1:old.yaml", "v1:old.yaml", cwd=tmp_path) == (
        EXIT_OK, f"v1:old.yaml -> v1:old.yaml: no value changed {HEADER}\n", "")  # fmt: skip


# --- the pure comparison ---------------------------------------------------------------------------


def test_compare_in_process(stock: Ruleset) -> None:
    d7x, wide = load(str(ROOT / D7X)), load(str(ROOT / "specs/defender-wide-track.yaml"))
    diff = compare(d7x, wide, stock)
    assert [(f.finding.rule_id, f.change, f.direction, f.values) for f in diff.findings] == [
        ("STK-TRACK-FRONT", "changed", WORSE, ("build.chassis.track_front",)),
        ("STK-TRACK-REAR", "changed", WORSE, ("build.chassis.track_rear",)),
        ("STK-WIDTH", "changed", WORSE, ("build.chassis.width",)),
        ("STK-TYRE-DIAMETER", "changed", WORSE, ("build.wheels.tyre_diameter",)),
    ]
    assert (diff.counts(), diff.exit_code) == ({WORSE: 4, BETTER: 0, OTHER: 0}, EXIT_FAIL)
    back = compare(wide, d7x, stock)
    assert (back.counts(), back.exit_code) == ({WORSE: 0, BETTER: 4, OTHER: 0}, EXIT_OK)
    assert compare(d7x, d7x, stock).identical


def test_split_revision(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a:b.yaml").write_text("x", "utf-8")
    assert split_revision("HEAD~1:specs/x.yaml") == ("HEAD~1", "specs/x.yaml")
    assert split_revision("a:b.yaml") is None  # an existing file
    assert split_revision("specs/x.yaml") is None
    assert split_revision(":x.yaml") is None  # no revision: a file name (that does not exist)
    assert split_revision("HEAD:") is None


# --- git revisions ---------------------------------------------------------------------------------


@pytest.fixture
def repo(tmp_path: Path) -> GitRepo:
    if GIT is None:
        pytest.skip("git is not installed")
    root = tmp_path / "repo"
    variant(root / "specs", "car.yaml")
    (root / "docs").mkdir()
    git = GitRepo(root)
    git.commit("first")
    edit(root / "specs" / "car.yaml", PRODUCTION_TRACK)
    return git


REVISION_TEXT = """\
{old} -> {new} {header}

production.chassis.track_front  1700 mm -> 1690 mm (-10 mm)  {new}:36:18
  STK-TRACK-FRONT * at build.chassis.track_front  pass, +20 mm -> pass, +10 mm (worse): 1760 mm, 10 mm inside the limit (≤ 1770 mm); the limit was ≤ 1780 mm

1 value changed; 1 finding changed: 1 worse
{star}
"""  # noqa: E501 (the exact output, wider than the code)


def test_revision_against_the_working_file(repo: GitRepo) -> None:
    expected = REVISION_TEXT.format(old="HEAD:specs/car.yaml", new="specs/car.yaml", header=HEADER, star=STAR)
    assert run("HEAD:specs/car.yaml", "specs/car.yaml", cwd=repo.root) == (EXIT_OK, expected, "")
    assert run("HEAD:specs/car.yaml", cwd=repo.root) == (EXIT_OK, expected, "")  # NEW: PATH as it is now


def test_revision_path_is_relative_to_the_current_folder(repo: GitRepo) -> None:
    expected = REVISION_TEXT.format(old="HEAD:../specs/car.yaml", new="../specs/car.yaml", header=HEADER, star=STAR)
    assert run("HEAD:../specs/car.yaml", cwd=repo.root / "docs") == (EXIT_OK, expected, "")


def test_two_revisions(repo: GitRepo) -> None:
    repo.commit("second")
    expected = REVISION_TEXT.format(old="HEAD~1:specs/car.yaml", new="HEAD:specs/car.yaml", header=HEADER, star=STAR)
    assert run("HEAD~1:specs/car.yaml", "HEAD:specs/car.yaml", cwd=repo.root) == (EXIT_OK, expected, "")
    status, out, err = run("--format", "json", "HEAD~1:specs/car.yaml", "HEAD:specs/car.yaml", cwd=repo.root)
    assert (status, err) == (EXIT_OK, "")
    data = json.loads(out)
    assert (data["old"]["file"], data["new"]["file"], data["values"][0]["file"]) == (
        "HEAD~1:specs/car.yaml", "HEAD:specs/car.yaml", "HEAD:specs/car.yaml")  # fmt: skip
    assert data["new"]["spec_sha256"] == _sha256(repo.root / "specs" / "car.yaml")


def test_a_removed_folder_is_read_from_the_revision(repo: GitRepo) -> None:
    (repo.root / "specs" / "car.yaml").rename(repo.root / "car.yaml")
    (repo.root / "specs").rmdir()
    status, out, _ = run("HEAD:specs/car.yaml", "car.yaml", cwd=repo.root)
    assert status == EXIT_OK
    assert out.splitlines()[0] == f"HEAD:specs/car.yaml -> car.yaml {HEADER}"


# --- refusals: one line, exit 2 --------------------------------------------------------------------


def refused(*args: str, cwd: Path = ROOT, **env: str) -> str:
    result = homologate("diff", *args, cwd=cwd, **{"COLUMNS": "400", **env})  # lines whole: test_ci_reports wraps
    assert result.out == ""
    assert len(result.err_lines) == 1
    assert_one_input_error(result, result.err.rstrip("\n"))
    return result.err.rstrip("\n")


def test_git_refusals(repo: GitRepo, tmp_path: Path) -> None:
    root = repo.root
    assert refused("NOPE:specs/car.yaml", cwd=root) == (
        "NOPE:specs/car.yaml:1:1: revision NOPE: not a commit in this file's git repository")
    assert refused("HEAD:specs/other.yaml", "specs/car.yaml", cwd=root) == (
        "HEAD:specs/other.yaml:1:1: revision HEAD: no such file at this revision")
    assert refused("HEAD:specs", "specs/car.yaml", cwd=root) == "HEAD:specs:1:1: expected a YAML file, got a folder"
    outside = variant(tmp_path / "outside", "car.yaml")
    assert refused(f"HEAD:{outside}", str(outside)) == (
        f"HEAD:{outside}:1:1: revision HEAD: this file is not in a git repository")
    empty = tmp_path / "no-git"
    empty.mkdir()
    assert refused("HEAD:specs/car.yaml", cwd=root, PATH=str(empty)) == (
        "HEAD:specs/car.yaml:1:1: revision HEAD: git is not installed: a spec at a revision is read through git")


def test_bad_yaml_or_spec_at_a_revision_is_named_rev_path(repo: GitRepo) -> None:
    car = repo.root / "specs" / "car.yaml"
    good = car.read_text("utf-8")
    edit(car, ("    track_front: 1760 mm      # production + 60 mm, as reported", "    track_front: 1760"))
    repo.commit("unit forgotten")
    car.write_text("vehicle: [\n", "utf-8")
    repo.commit("broken")
    car.write_text(good, "utf-8")
    assert refused("HEAD:specs/car.yaml", cwd=repo.root) == (
        f"HEAD:specs/car.yaml:2:1: invalid YAML: {yaml_problem(UNCLOSED)}")
    assert refused("HEAD~1:specs/car.yaml", cwd=repo.root) == (
        "HEAD~1:specs/car.yaml:67:18: build.chassis.track_front: expected a length such as \"1760 mm\", "
        "got 1760 (a number needs its unit)")


def test_refusals(tmp_path: Path) -> None:
    variant(tmp_path, "good.yaml")
    (tmp_path / "bad.yaml").write_text("vehicle: [\n", "utf-8")
    (tmp_path / "folder").mkdir()
    assert refused("good.yaml", "missing.yaml", cwd=tmp_path) == "missing.yaml:1:1: no such file"
    assert refused("missing.yaml", "good.yaml", cwd=tmp_path) == "missing.yaml:1:1: no such file"
    bad_yaml = f"bad.yaml:2:1: invalid YAML: {yaml_problem(UNCLOSED)}"
    assert refused("good.yaml", "bad.yaml", cwd=tmp_path) == bad_yaml
    assert refused("bad.yaml", "good.yaml", cwd=tmp_path) == bad_yaml
    assert refused("good.yaml", "folder", cwd=tmp_path) == "folder:1:1: expected a YAML file, got a folder"
    assert refused("--rules", "nope", "good.yaml", "good.yaml", cwd=tmp_path) == (
        "nope:1:1: no such ruleset (bundled: dakar-2026-stock, fia-t2-base)")
    assert_usage_error(homologate("diff", "--on", "2026-13-01", "good.yaml", "good.yaml", cwd=tmp_path),
                       "--on", "expected a date such as 2026-01-03, got '2026-13-01'")
    assert refused("good.yaml", cwd=tmp_path) == (
        "homologate: give NEW, or name OLD as REV:PATH to compare it with PATH as it is now (got 'good.yaml')")
    assert_usage_error(homologate("diff", "--format", "sarif", "good.yaml", "good.yaml", cwd=tmp_path),
                       "--format", "'sarif'", "'text'", "'json'")
    assert_usage_error(homologate("diff", cwd=tmp_path), "OLD")


def test_a_waiver_for_a_rule_the_ruleset_lacks(tmp_path: Path) -> None:
    variant(tmp_path, "good.yaml")
    misspelt = (BIG_TANK_WAIVER[0], BIG_TANK_WAIVER[1].replace("STK-FUEL-TANK", "STK-FUEL-TANKS"))
    variant(tmp_path, "waived.yaml", misspelt)
    assert refused("good.yaml", "waived.yaml", cwd=tmp_path) == (
        "waived.yaml:14:12: waiver TD-1: no rule 'STK-FUEL-TANKS' in the ruleset (did you mean 'STK-FUEL-TANK'?)")

