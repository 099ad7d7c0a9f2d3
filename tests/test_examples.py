"""Rule examples and ``homologate test``: a ruleset that tests itself, and every way an example goes wrong.

Each case writes a small ruleset extending the bundled Dakar 2026 Stock class (or overriding it) next to
a copy of a bundled spec, and runs ``homologate test`` on it as a user would (the command line in this
process: tests.helpers.run_cli), comparing the whole output and the exit status.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from checker.errors import InputError
from checker.ruleset.compile import load_ruleset
from checker.ruleset.examples import parse_path
from checker.tools.selftest import run, untested
from tests.helpers import run_cli

ROOT = Path(__file__).resolve().parent.parent
DEFENDER = ROOT / "specs" / "defender-d7x-r.yaml"

HEAD = """\
ruleset: my-rally
title: My rally
version: "1"
extends: {extends}
example_spec: defender.yaml
"""
TANK = """\
  - id: MY-TANK
    title: Fuel tank
    area: fuel
    article: Supplement 1
    provenance: published
    source: My rally supplement
    severity: error
    check:
      value: build.fuel.tank_capacity
      max: 600 L
    examples:
"""


def write(folder: Path, body: str, extends: str = "dakar-2026-stock") -> Path:
    (folder / "defender.yaml").write_bytes(DEFENDER.read_bytes())
    path = folder / "my-rally.yaml"
    path.write_text(HEAD.format(extends=extends) + textwrap.dedent(body), "utf-8")
    return path


def homologate_test(*args: str, cwd: Path) -> tuple[int, str, str]:
    ran = run_cli("test", *args, cwd=cwd)
    return ran.status, ran.out, ran.err


def tank_rules(examples: str) -> str:
    return "rules:\n" + TANK + textwrap.indent(textwrap.dedent(examples), " " * 6)


def test_the_bundled_rulesets_pass_their_own_examples() -> None:
    status, out, err = homologate_test(cwd=ROOT)
    assert (status, err) == (0, "")
    assert out.splitlines() == [
        "dakar-2026-stock: 116 examples of 44 rules: 116 passed, 0 failed",
        "fia-t2-base: 83 examples of 32 rules: 83 passed, 0 failed",
    ]


def test_a_wrong_expectation_fails_naming_the_rule_and_the_example(tmp_path: Path) -> None:
    write(tmp_path, tank_rules("""\
        - expect: pass
        - name: one litre over
          set:
            build.fuel.tank_capacity: 601 L
          expect: pass
        """))
    status, out, err = homologate_test("my-rally.yaml", cwd=tmp_path)
    lines = out.splitlines()
    assert (status, err) == (1, "")
    assert lines[0] == ("my-rally.yaml:19:9: MY-TANK example 2 (one litre over): expected pass, got fail: "
                        "601 L is 1 L above the maximum (≤ 600 L)")  # fmt: skip
    assert lines[1] == "my-rally: 118 examples of 45 rules: 117 passed, 1 failed"
    assert lines[2:] == ["my-rally: 1 rule without an example that fails: MY-TANK"]  # both expect pass


def test_verbose_lists_every_example(tmp_path: Path) -> None:
    write(tmp_path, tank_rules("""\
        - expect: pass
        - set: {build.fuel.tank_capacity: 601 L}
          expect: fail
        """))
    status, out, _ = homologate_test("-v", "my-rally.yaml", cwd=tmp_path)
    assert status == 0
    assert "my-rally.yaml:18:9: MY-TANK example 1: pass" in out.splitlines()
    assert "my-rally.yaml:19:9: MY-TANK example 2: fail" in out.splitlines()
    assert out.splitlines()[-1] == "my-rally: 118 examples of 45 rules: 118 passed, 0 failed"


def test_rules_without_a_passing_or_failing_example_are_named(tmp_path: Path) -> None:
    write(tmp_path, tank_rules("- expect: pass\n"))
    status, out, _ = homologate_test("my-rally.yaml", cwd=tmp_path)
    assert status == 0
    assert out.splitlines()[-1] == "my-rally: 1 rule without an example that fails: MY-TANK"


@pytest.mark.parametrize(
    ("examples", "message"),
    [
        ("- set: {build.fuel.tank_capacty: 601 L}\n  expect: fail\n",
         "my-rally.yaml:18:15: rule MY-TANK: example path 'build.fuel.tank_capacty': build.fuel has no field "
         "'tank_capacty' (did you mean 'tank_capacity'?)"),
        ("- set: {build.fuel.tank_capacity.litres: 601 L}\n  expect: fail\n",
         "my-rally.yaml:18:15: rule MY-TANK: example path 'build.fuel.tank_capacity.litres': "
         "build.fuel.tank_capacity has no field 'litres'"),
        ("- set:\n    build.fuel[0]: 601 L\n  expect: fail\n",
         "my-rally.yaml:19:11: rule MY-TANK: example path 'build.fuel[0]': build.fuel is not a list"),
        ("- path: build.seats[0]\n  expect: fail\n",
         "my-rally.yaml:18:15: rule MY-TANK: example path 'build.seats[0]': build has no field 'seats'"),
    ],
)  # fmt: skip
def test_an_example_path_that_names_no_spec_value_is_an_error_at_its_position(tmp_path: Path, examples: str,
                                                                                message: str) -> None:  # fmt: skip
    write(tmp_path, tank_rules(examples))
    status, out, err = homologate_test("my-rally.yaml", cwd=tmp_path)
    assert (status, out, err) == (2, "", message + "\n")


@pytest.mark.parametrize(
    ("examples", "why"),
    [
        ("- spec: missing.yaml\n  expect: pass\n", "missing.yaml:1:1: no such file"),
        ("- set: {build.fuel.tank_capacity: 601}\n  expect: fail\n",
         "defender.yaml (MY-TANK example 1):80:20: build.fuel.tank_capacity: expected a volume such as \"550 L\", "
         "got 601 (a number needs its unit)"),
        ("- set:\n    build.safety.seats[5].standard: FIA 8855-2021\n  expect: fail\n",
         "defender.yaml has no build.safety.seats[5] to change"),
    ],
)  # fmt: skip
def test_an_example_that_cannot_be_run_fails_saying_why(tmp_path: Path, examples: str, why: str) -> None:
    write(tmp_path, tank_rules(examples))
    status, out, err = homologate_test("my-rally.yaml", cwd=tmp_path)
    assert (status, err) == (1, "")
    assert out.splitlines()[0].startswith("my-rally.yaml:18:9: MY-TANK example 1: could not be run: ")
    assert out.splitlines()[0].endswith(why)


def test_an_example_without_a_spec_to_patch(tmp_path: Path) -> None:
    path = write(tmp_path, tank_rules("- expect: pass\n"))
    path.write_text(path.read_text("utf-8").replace("example_spec: defender.yaml\n", ""), "utf-8")
    results = run(load_ruleset(str(path)))
    (mine,) = [r for r in results if r.example.rule_id == "MY-TANK"]
    assert str(mine) == (f"{path}:17:9: MY-TANK example 1: could not be run: {path}:17:9: no spec to patch: give "
                         "the example a 'spec', or the ruleset file an 'example_spec'")  # fmt: skip


def test_an_example_names_one_finding_of_a_rule_applied_to_each_item(tmp_path: Path) -> None:
    write(tmp_path, """\
        overrides:
          T2-SEAT-STANDARD:
            examples:
              - set:
                  build.safety.seats[1].standard: FIA 8855-2010
                path: build.safety.seats[0].standard
                expect: pass
              - set:
                  build.safety.seats[1].standard: FIA 8855-2010
                path: build.safety.seats[1].standard
                expect: fail
              - set:
                  build.safety.seats[1].standard: FIA 8855-2010
                expect: fail
              - path: build.safety.seats[7].standard
                expect: pass
        """)
    status, out, _ = homologate_test("-v", "my-rally.yaml", cwd=tmp_path)
    seat = [line for line in out.splitlines() if "T2-SEAT-STANDARD" in line]
    assert seat == [
        "my-rally.yaml:9:9: T2-SEAT-STANDARD example 1: pass",
        "my-rally.yaml:13:9: T2-SEAT-STANDARD example 2: fail",
        "my-rally.yaml:17:9: T2-SEAT-STANDARD example 3: fail",  # no path: the rule's worst finding
        "my-rally.yaml:20:9: T2-SEAT-STANDARD example 4: could not be run: "
        "the rule gave no finding about build.safety.seats[7].standard",
    ]
    assert status == 1


WIDER_TANK = """\
overrides:
  STK-FUEL-TANK:
    provenance: illustrative
    note: a larger tank for the marathon stage (illustrative)
    check:
      max: 700 L
"""


def test_an_override_that_changes_a_rule_is_held_to_the_inherited_examples(tmp_path: Path) -> None:
    """A supplement that widens a limit without new examples breaks the base's: homologate test says so."""
    write(tmp_path, WIDER_TANK)
    status, out, _ = homologate_test("my-rally.yaml", cwd=tmp_path)
    assert status == 1
    fuel = [line for line in out.splitlines() if "STK-FUEL-TANK" in line]
    assert len(fuel) == 1
    assert "expected fail, got pass: 601 L, 99 L inside the limit (≤ 700 L)" in fuel[0]


def test_an_override_gives_its_own_examples(tmp_path: Path) -> None:
    examples = "    examples:\n      - {set: {build.fuel.tank_capacity: 700 L}, expect: pass}\n" \
               "      - {set: {build.fuel.tank_capacity: 701 L}, expect: fail}\n"  # fmt: skip
    write(tmp_path, WIDER_TANK + examples)
    status, out, _ = homologate_test("my-rally.yaml", cwd=tmp_path)
    assert (status, out.splitlines()) == (0, ["my-rally: 116 examples of 44 rules: 116 passed, 0 failed"])


def test_a_rule_turned_off_is_not_tested(tmp_path: Path) -> None:
    write(tmp_path, """\
        overrides:
          STK-FUEL-TANK:
            severity: off
        """)
    ruleset = load_ruleset(str(tmp_path / "my-rally.yaml"))
    assert "STK-FUEL-TANK" not in {r.example.rule_id for r in run(ruleset)}
    assert untested(ruleset) == []


def test_a_date_and_the_check_date_of_an_example(tmp_path: Path) -> None:
    write(tmp_path, """\
        overrides:
          T2-HARNESS-VALIDITY:
            examples:
              - on: 2030-06-01
                path: build.safety.harnesses[0].expires
                expect: fail
              - on: 2026-01-02
                path: build.safety.harnesses[0].expires
                expect: pass
        """)
    status, out, _ = homologate_test("my-rally.yaml", cwd=tmp_path)
    assert (status, out.splitlines()[-1]) == (0, "my-rally: 115 examples of 44 rules: 115 passed, 0 failed")


def test_the_examples_are_checked_against_the_schema(tmp_path: Path) -> None:
    write(tmp_path, tank_rules("- expect: passed\n"))
    status, out, err = homologate_test("my-rally.yaml", cwd=tmp_path)
    assert (status, out) == (2, "")
    assert err == ("my-rally.yaml:18:17: rules[0].examples[0].expect: expected one of pass, fail, marginal, "
                   "not_applicable, got the text 'passed'\n")


def test_a_check_does_not_read_the_examples(tmp_path: Path) -> None:
    """Examples are compiled only for 'homologate test': a bad example path never stops a check."""
    path = write(tmp_path, tank_rules("- set: {build.fuel.nothing: 1 L}\n  expect: fail\n"))
    ruleset = load_ruleset(str(path))
    with pytest.raises(InputError, match="has no field 'nothing'"):
        [r.examples for r in ruleset.rules]
    assert run_cli("check", "--rules", str(path), str(DEFENDER)).status == 0


@pytest.mark.parametrize(
    ("text", "parts"),
    [("build", ("build",)), ("build.safety.seats[1].standard", ("build", "safety", "seats", 1, "standard")),
     ("a[0][2].b", ("a", 0, 2, "b"))],
)  # fmt: skip
def test_parse_path(text: str, parts: tuple[object, ...]) -> None:
    assert parse_path(text) == parts
