"""Every file in specs/ through the real command (run in this process, as the console script runs it): its exit
status and its exact non-passing findings."""

from __future__ import annotations

import pytest

from checker.evaluate.findings import evaluate
from checker.spec.load import load_spec
from tests.helpers import ROOT, SPECS, run_cli, unwrapped

# spec -> (exit status, {(rule id, spec path, verdict)} of every applicable finding that is not a pass)
EXPECTED: dict[str, tuple[int, set[tuple[str, str, str]]]] = {
    "defender-d7x-r.yaml": (0, set()),
    "toyota-land-cruiser-300.yaml": (0, {("T2-WHEELBASE", "build.chassis.wheelbase", "marginal")}),
    "defender-wide-track.yaml": (1, {
        ("STK-TRACK-FRONT", "build.chassis.track_front", "fail"),
        ("STK-TRACK-REAR", "build.chassis.track_rear", "marginal"),
        ("STK-WIDTH", "build.chassis.width", "fail"),
        ("STK-TYRE-DIAMETER", "build.wheels.tyre_diameter", "fail"),
    }),
    "defender-big-tank.yaml": (1, {
        ("STK-FUEL-TANK", "build.fuel.tank_capacity", "fail"),
        ("T2-SAFETY-TANK", "build.fuel.safety_tank", "fail"),
        ("T2-FUEL-LINES", "build.fuel.aviation_lines", "fail"),
    }),
    "defender-engine-swap.yaml": (1, {
        ("T2-ENGINE-BLOCK", "build.engine.block", "fail"),
        ("T2-ENGINE-DISPLACEMENT", "build.engine.displacement", "fail"),
        ("STK-RESTRICTOR-PER-TURBO", "build.engine.restrictors", "fail"),
        ("STK-RESTRICTOR-PETROL-TURBO", "build.engine.restrictors[0]", "fail"),
        ("T2-DAMPERS-REAR", "build.suspension.dampers_per_wheel.rear", "fail"),
        ("T2-MOUNTING-POINTS", "build.suspension.production_mounting_points", "fail"),
        ("T2-WEIGHT-MIN", "build.weight.measured", "fail"),
    }),
    "land-cruiser-expired-safety.yaml": (1, {
        ("T2-WHEELBASE", "build.chassis.wheelbase", "marginal"),
        ("T2-CAGE-PLATE", "build.safety.cage.identification_plate", "fail"),
        ("T2-SEAT-8855-VALIDITY", "build.safety.seats[0].manufactured", "fail"),
        ("T2-HARNESS-STANDARD", "build.safety.harnesses[1].standard", "fail"),
        ("T2-HARNESS-VALIDITY", "build.safety.harnesses[0].expires", "fail"),
        ("T2-EXTINGUISHER-LIST", "build.safety.extinguishers[1].technical_list", "fail"),
    }),
}


def test_every_spec_file_has_expectations() -> None:
    assert sorted(p.name for p in SPECS.glob("*.yaml")) == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_spec_findings(name: str, stock) -> None:
    status, problems = EXPECTED[name]
    report = evaluate(load_spec(SPECS / name, name), stock)
    found = {(f.rule_id, f.path, f.verdict) for f in report.findings if f.verdict in ("fail", "marginal")}
    assert found == problems
    assert report.exit_code() == status


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_cli_exit_status_and_summary(name: str) -> None:
    status, problems = EXPECTED[name]
    ran = run_cli("check", f"specs/{name}", cwd=ROOT)
    assert (ran.status, ran.err) == (status, "")
    assert ("NOT COMPLIANT" in ran.out) == (status == 1)
    for rule_id, _, _ in problems:
        assert f"specs/{name}:" in ran.out
        assert f" {rule_id} [" in ran.out


def test_cli_checks_the_whole_folder_with_the_worst_status() -> None:
    ran = run_cli("check", "specs", cwd=ROOT)
    assert ran.status == 1
    headers = [line.split(":")[0] for line in unwrapped(ran.out) if line.startswith("specs/") and ": " in line
               and "(form " in line]  # fmt: skip
    assert headers == [f"specs/{n}" for n in sorted(EXPECTED)]


def test_strict_fails_on_a_marginal_finding() -> None:
    ran = run_cli("check", "--strict", "specs/toyota-land-cruiser-300.yaml", cwd=ROOT)
    assert ran.status == 1


def test_on_date_moves_validity_checks() -> None:
    # the Defender's harness labels run to 2030-05-31: checked a day later, both fail
    ran = run_cli("check", "--on", "2030-06-01", "specs/defender-d7x-r.yaml", cwd=ROOT)
    assert ran.status == 1
    assert "checked on 2030-06-01" in ran.out
    problems = "\n".join(unwrapped(ran.out))
    assert problems.count("T2-HARNESS-VALIDITY [error] expired: valid until 2030-05-31, 1 day before") == 2


def test_folder_skips_hidden_folders(tmp_path) -> None:
    (tmp_path / ".venv" / "lib").mkdir(parents=True)
    (tmp_path / ".venv" / "lib" / "broken.yaml").write_text("a: [\n", "utf-8")
    (tmp_path / "cars").mkdir()
    (tmp_path / "cars" / "d7x.yaml").write_text((SPECS / "defender-d7x-r.yaml").read_text("utf-8"), "utf-8")
    ran = run_cli("check", str(tmp_path), cwd=ROOT)
    assert (ran.status, ran.err) == (0, "")
    assert f"{tmp_path / 'cars' / 'd7x.yaml'}: Land Rover" in ran.out


def test_a_spec_version_1_spec_is_still_checked(stock) -> None:
    """The bundled Defender as spec_version 1 wrote it (before issue 18): it loads, its seats' dates count
    as their years, and only the rules that read what version 2 added fail, saying what is missing."""
    fixture = ROOT / "tests" / "fixtures" / "defender-v1.yaml"
    report = evaluate(load_spec(fixture, "defender-v1.yaml"), stock)
    problems = [(f.rule_id, f.path, f.verdict, f.message) for f in report.findings if f.verdict in ("fail", "marginal")]
    assert problems == [
        ("T2-AIR-INTAKE-COMPARTMENT", "build.air_intake.in_engine_compartment", "fail",
         "cannot be checked: build.air_intake.in_engine_compartment is not filled in yet"),
        ("T2-SAFETY-TANK-VALIDITY", "build.fuel.safety_tank_manufactured", "fail",
         "cannot be checked: build.fuel.safety_tank_manufactured is not given in the spec"),
    ]  # fmt: skip
    seats = [(f.path, f.verdict, f.message) for f in report.findings if f.rule_id == "T2-SEAT-8862-VALIDITY"]
    valid = "valid until 2035-12-31, 3650 days after the check date 2026-01-02"  # made 2025-05-12: its year counts
    assert seats == [(f"build.safety.seats[{i}].manufactured", "pass", valid) for i in (0, 1)]
