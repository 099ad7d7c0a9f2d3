"""The CLI on bad input: one ``file:line:column: message`` line on stderr, exit status 2, no traceback.

The command line runs in this process (tests.helpers.run_cli: ``checker.cli.main.run``, what the console
script calls, with its one-line errors and exit statuses). One test runs the real entry point
(``python -m checker``) as a separate process, as a user or CI would, for what only a process shows: its
exit status, its standard error and the absence of a traceback.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests import helpers
from tests.helpers import Ran, assert_usage_error, run_cli

REPO = Path(__file__).resolve().parents[1]
EXAMPLE = REPO / "specs" / "defender-d7x-r.yaml"
HEADER = ": Land Rover Defender Dakar D7X-R (form T2-ILLUSTRATIVE-0001"  # the first line of its report
EXIT_INPUT = 2


def assert_one_input_error(result: Ran | subprocess.CompletedProcess[str], line: str) -> None:
    """tests.helpers.assert_one_input_error, which also takes a finished process (the real entry point's
    smoke test below)."""
    if isinstance(result, subprocess.CompletedProcess):
        result = Ran(result.returncode, result.stdout, result.stderr)
    helpers.assert_one_input_error(result, line)


def good_spec(folder: Path, name: str = "good.yaml") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    return Path(shutil.copy(EXAMPLE, folder / name))


# --- one bad spec ----------------------------------------------------------------------------------

BILLION_LAUGHS = "a: &a [lol,lol,lol,lol,lol,lol,lol,lol,lol]\n" + "".join(
    f"{c}: &{c} [{','.join([f'*{p}'] * 9)}]\n" for p, c in zip("abcdefgh", "bcdefghi", strict=True)
)


def _spec_text(old: str, new: str) -> bytes:
    text = EXAMPLE.read_text("utf-8")
    assert text.count(old) == 1, old
    return text.replace(old, new).encode("utf-8")


def _line_of(text: str) -> int:
    """The line of the example spec that starts with ``text`` (exact positions: tests/test_spec_errors.py)."""
    lines = EXAMPLE.read_text("utf-8").splitlines()
    return next(n for n, line in enumerate(lines, 1) if line.startswith(text))


BAD_SPECS = {
    "malformed": (b"vehicle: [\n", "bad.yaml:2:1: invalid YAML: did not find expected node content"),
    "python-tag": (
        b"!!python/object/apply:os.system ['touch executed']\n",
        "bad.yaml:1:1: YAML tags are not allowed here: !!python/object/apply:os.system",
    ),
    "custom-tag": (b"vehicle: !car {make: X}\n", "bad.yaml:1:10: YAML tags are not allowed here: !car"),
    "alias-bomb": (
        BILLION_LAUGHS.encode(),
        "bad.yaml:5:23: more than 50000 values (after expanding aliases): refused",
    ),
    "flow-500-deep": (b"[" * 500 + b"]" * 500, "bad.yaml:1:33: nested deeper than 32 levels: refused"),
    "block-100-deep": (
        "".join("  " * i + "a:\n" for i in range(100)).encode(),
        "bad.yaml:33:65: nested deeper than 32 levels: refused",
    ),
    "two-documents": (b"a: 1\n---\nb: 2\n", "bad.yaml:2:1: expected one YAML document, found a second one"),
    "empty": (b"", "bad.yaml:1:1: the file is empty: expected a YAML mapping"),
    "comment-only": (b"# nothing yet\n", "bad.yaml:1:1: the file is empty: expected a YAML mapping"),
    "not-utf8": (
        b"vehicle:\n  make: Citro\xebn\n", "bad.yaml:2:14: expected UTF-8 text, found a byte that is not UTF-8"
    ),
    "nul-byte": (b"vehicle:\n  make: \x00\n", "bad.yaml:2:9: expected YAML text, found a NUL byte"),
    "over-1-MiB": (b"a: " + b"x" * (1024 * 1024) + b"\n", "bad.yaml:1:1: file is larger than the 1 MiB limit"),
    "duplicate-key": (b"a: 1\na: 2\n", "bad.yaml:2:1: duplicate key 'a' (first given on line 1)"),
    "merge-key": (
        b"a: &x {b: 1}\nc:\n  <<: *x\n",
        "bad.yaml:3:3: YAML merge keys ('<<') are not supported: write the values out",
    ),
    "invalid-date": (b"d: 2026-02-30\n", "bad.yaml:1:4: '2026-02-30' is not a valid date"),
    "infinity": (b"x: .inf\n", "bad.yaml:1:4: expected a finite number, got .inf"),
    "top-level-list": (b"- a\n", "bad.yaml:1:1: expected a build spec (a YAML mapping), got a list"),
    "unknown-field": (
        _spec_text("    track_front: 1760 mm", "    trak_front: 1760 mm"),
        f"bad.yaml:{_line_of('    track_front: 1760 mm')}:5: build.chassis.trak_front: unknown field "
        "(did you mean 'track_front'?)",
    ),
    "bare-number": (
        _spec_text("    track_front: 1760 mm", "    track_front: 1760   "),
        f"bad.yaml:{_line_of('    track_front: 1760 mm')}:18: build.chassis.track_front: "
        'expected a length such as "1760 mm", got 1760 (a number needs its unit)',
    ),
    "wrong-dimension": (
        _spec_text("    tank_capacity: 550 L", "    tank_capacity: 550 mm"),
        f"bad.yaml:{_line_of('    tank_capacity: 550 L')}:20: build.fuel.tank_capacity: "
        "expected a volume such as \"550 L\", got '550 mm' "
        "('mm' is a unit of length)",
    ),
}


@pytest.mark.parametrize(("content", "line"), list(BAD_SPECS.values()), ids=list(BAD_SPECS))
def test_bad_spec_is_one_line_exit_2(tmp_path: Path, content: bytes, line: str) -> None:
    (tmp_path / "bad.yaml").write_bytes(content)
    ran = run_cli("check", "bad.yaml", cwd=tmp_path)
    assert_one_input_error(ran, line)
    assert ran.out == ""
    assert not (tmp_path / "executed").exists()


def test_the_real_entry_point_refuses_in_one_line_without_a_traceback(tmp_path: Path) -> None:
    """``python -m checker``, a process of its own: its exit status and standard error as a shell sees them,
    and the YAML tag that would run a command runs nothing."""
    content, line = BAD_SPECS["python-tag"]
    (tmp_path / "bad.yaml").write_bytes(content)
    env = {k: v for k, v in os.environ.items() if k != "HOMOLOGATE_DEBUG"}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")]))
    done = subprocess.run([sys.executable, "-m", "checker", "check", "bad.yaml"], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=120)  # fmt: skip
    assert_one_input_error(done, line)
    assert done.stdout == ""
    assert not (tmp_path / "executed").exists()


def test_missing_spec_file(tmp_path: Path) -> None:
    assert_one_input_error(run_cli("check", "nope.yaml", cwd=tmp_path), "nope.yaml:1:1: no such file")


def test_spec_path_is_shown_as_given(tmp_path: Path) -> None:
    (tmp_path / "specs").mkdir()
    (tmp_path / "specs" / "bad.yaml").write_text("a: [\n", "utf-8")
    ran = run_cli("check", "specs/bad.yaml", cwd=tmp_path)
    assert_one_input_error(ran, "specs/bad.yaml:2:1: invalid YAML: did not find expected node content")


# --- batches and folders ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "order", [("bad.yaml", "good.yaml"), ("good.yaml", "bad.yaml")], ids=["bad-first", "good-first"]
)
def test_batch_checks_the_good_spec_despite_a_bad_one(tmp_path: Path, order: tuple[str, str]) -> None:
    good_spec(tmp_path)
    (tmp_path / "bad.yaml").write_text("a: [\n", "utf-8")
    result = run_cli("check", *order, cwd=tmp_path)
    assert_one_input_error(result, "bad.yaml:2:1: invalid YAML: did not find expected node content")
    assert result.out.startswith("good.yaml" + HEADER)
    assert "\nCOMPLIANT" in result.out or "\nNOT COMPLIANT" in result.out


def test_batch_with_a_missing_file_checks_the_others(tmp_path: Path) -> None:
    good_spec(tmp_path)
    result = run_cli("check", "nope.yaml", "good.yaml", cwd=tmp_path)
    assert_one_input_error(result, "nope.yaml:1:1: no such file")
    assert result.out.startswith("good.yaml" + HEADER)


def test_folder_is_expanded_to_its_yaml_files(tmp_path: Path) -> None:
    good_spec(tmp_path / "specs", "a.yaml")
    good_spec(tmp_path / "specs" / "more", "b.yml")
    (tmp_path / "specs" / "notes.txt").write_text("not a spec", "utf-8")
    result = run_cli("check", "specs", cwd=tmp_path)
    assert result.err == ""
    assert result.status in (0, 1)  # checked, whatever the verdict
    checked = [line.split(HEADER)[0] for line in result.out.splitlines() if HEADER in line]
    assert checked == ["specs/a.yaml", "specs/more/b.yml"]


def test_folder_with_a_bad_spec_checks_the_rest_and_exits_2(tmp_path: Path) -> None:
    good_spec(tmp_path / "specs", "b.yaml")
    (tmp_path / "specs" / "a.yaml").write_text("- not a spec\n", "utf-8")
    result = run_cli("check", "specs", cwd=tmp_path)
    assert_one_input_error(result, "specs/a.yaml:1:1: expected a build spec (a YAML mapping), got a list")
    assert result.out.startswith("specs/b.yaml" + HEADER)


def test_empty_folder(tmp_path: Path) -> None:
    (tmp_path / "specs").mkdir()
    (tmp_path / "specs" / "notes.txt").write_text("not a spec", "utf-8")
    result = run_cli("check", "specs", cwd=tmp_path)
    assert_one_input_error(result, "specs:1:1: no YAML specs (*.yaml, *.yml) in this folder")
    assert result.out == ""


@pytest.mark.parametrize("args", [("good.yaml", "empty"), ("empty", "good.yaml")], ids=["after", "before"])
def test_empty_folder_in_a_batch_still_checks_the_good_spec(tmp_path: Path, args: tuple[str, str]) -> None:
    good_spec(tmp_path)
    (tmp_path / "empty").mkdir()
    result = run_cli("check", *args, cwd=tmp_path)
    assert_one_input_error(result, "empty:1:1: no YAML specs (*.yaml, *.yml) in this folder")
    assert result.out.startswith("good.yaml" + HEADER)


# --- rulesets and options --------------------------------------------------------------------------


def test_unknown_ruleset(tmp_path: Path) -> None:
    good_spec(tmp_path)
    result = run_cli("check", "good.yaml", "--rules", "nope", cwd=tmp_path)
    assert "Traceback" not in result.out + result.err
    assert result.status == EXIT_INPUT
    assert len(result.err.splitlines()) == 1
    assert result.err.startswith("nope:1:1: no such ruleset (bundled: ")
    assert "dakar-2026-stock" in result.err
    assert result.out == ""


def test_misspelt_ruleset_gets_a_suggestion(tmp_path: Path) -> None:
    good_spec(tmp_path)
    result = run_cli("check", "good.yaml", "--rules", "dakar-2026-stok", cwd=tmp_path)
    assert_one_input_error(result, "dakar-2026-stok:1:1: no such ruleset (did you mean 'dakar-2026-stock'?)")


def test_malformed_ruleset_file(tmp_path: Path) -> None:
    good_spec(tmp_path)
    (tmp_path / "rules.yaml").write_text("rules: [\n", "utf-8")
    result = run_cli("check", "good.yaml", "--rules", "rules.yaml", cwd=tmp_path)
    assert_one_input_error(result, "rules.yaml:2:1: invalid YAML: did not find expected node content")
    assert result.out == ""


def test_unknown_ruleset_for_the_rules_command(tmp_path: Path) -> None:
    result = run_cli("rules", "nope", cwd=tmp_path)
    assert result.status == EXIT_INPUT
    assert result.err.startswith("nope:1:1: no such ruleset")
    assert len(result.err.splitlines()) == 1


@pytest.mark.parametrize("value", ["2026-13-01", "2026-02-30", "tomorrow", "03/01/2026"])  # "": test_hostile_input
def test_bad_on_date(tmp_path: Path, value: str) -> None:
    good_spec(tmp_path)
    result = run_cli("check", "good.yaml", "--on", value, cwd=tmp_path)
    assert_usage_error(result, "--on", f"expected a date such as 2026-01-03, got '{value}'")


@pytest.mark.parametrize(
    ("args", "names"),
    [
        (("check",), ("SPEC",)),
        (("check", "good.yaml", "--stirct"), ("--stirct", "--strict")),  # and a suggestion
        (("frobnicate",), ("frobnicate",)),
        (("check", "good.yaml", "--rules"), ("--rules",)),
    ],
    ids=["no-spec", "unknown-option", "unknown-command", "option-without-value"],
)
def test_usage_errors_are_one_line(tmp_path: Path, args: tuple[str, ...], names: tuple[str, ...]) -> None:
    good_spec(tmp_path)
    assert_usage_error(run_cli(*args, cwd=tmp_path), *names)
