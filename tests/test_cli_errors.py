"""The CLI on bad input: one ``file:line:column: message`` line on stderr, exit status 2, no traceback.

Run as a separate process (``python -m checker``), as a user or CI would, so that exit codes, stderr and
the absence of a traceback are what the real entry point produces.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
EXAMPLE = REPO / "specs" / "defender-d7x-r.yaml"
HEADER = ": Land Rover Defender Dakar D7X-R (form T2-ILLUSTRATIVE-0001"  # the first line of its report
EXIT_INPUT = 2
SECONDS = 2.0  # a bad input is refused at once; this leaves room for interpreter start-up on a slow CI


def homologate(*args: str, cwd: Path) -> tuple[subprocess.CompletedProcess[str], float]:
    env = {k: v for k, v in os.environ.items() if k != "HOMOLOGATE_DEBUG"}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")]))
    start = time.monotonic()
    result = subprocess.run(
        [sys.executable, "-m", "checker", *args],
        cwd=cwd, env=env, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    return result, time.monotonic() - start


def assert_one_input_error(result: subprocess.CompletedProcess[str], line: str) -> None:
    assert "Traceback" not in result.stdout + result.stderr
    assert result.stderr.splitlines() == [line]
    assert result.stderr.endswith("\n")
    assert result.returncode == EXIT_INPUT


def good_spec(folder: Path, name: str = "good.yaml") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    return Path(shutil.copy(EXAMPLE, folder / name))


# --- one bad spec ----------------------------------------------------------------------------------

BILLION_LAUGHS = "a: &a [lol,lol,lol,lol,lol,lol,lol,lol,lol]\n" + "".join(
    f"{c}: &{c} [{','.join([f'*{p}'] * 9)}]\n" for p, c in zip("abcdefgh", "bcdefghi")
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
    "not-utf8": (b"vehicle:\n  make: Citro\xebn\n", "bad.yaml:2:14: expected UTF-8 text, found a byte that is not UTF-8"),
    "nul-byte": (b"vehicle:\n  make: \x00\n", "bad.yaml:2:9: expected YAML text, found a NUL byte"),
    "over-1-MiB": (b"a: " + b"x" * (1024 * 1024) + b"\n", "bad.yaml:1:1: file is larger than the 1024 KiB limit"),
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
def test_bad_spec_is_one_line_exit_2_and_fast(tmp_path: Path, content: bytes, line: str) -> None:
    (tmp_path / "bad.yaml").write_bytes(content)
    result, seconds = homologate("check", "bad.yaml", cwd=tmp_path)
    assert_one_input_error(result, line)
    assert result.stdout == ""
    assert seconds < SECONDS
    assert not (tmp_path / "executed").exists()


def test_missing_spec_file(tmp_path: Path) -> None:
    result, seconds = homologate("check", "nope.yaml", cwd=tmp_path)
    assert_one_input_error(result, "nope.yaml:1:1: no such file")
    assert seconds < SECONDS


def test_spec_path_is_shown_as_given(tmp_path: Path) -> None:
    (tmp_path / "specs").mkdir()
    (tmp_path / "specs" / "bad.yaml").write_text("a: [\n", "utf-8")
    result, _ = homologate("check", "specs/bad.yaml", cwd=tmp_path)
    assert_one_input_error(result, "specs/bad.yaml:2:1: invalid YAML: did not find expected node content")


# --- batches and folders ---------------------------------------------------------------------------


@pytest.mark.parametrize("order", [("bad.yaml", "good.yaml"), ("good.yaml", "bad.yaml")], ids=["bad-first", "good-first"])
def test_batch_checks_the_good_spec_despite_a_bad_one(tmp_path: Path, order: tuple[str, str]) -> None:
    good_spec(tmp_path)
    (tmp_path / "bad.yaml").write_text("a: [\n", "utf-8")
    result, _ = homologate("check", *order, cwd=tmp_path)
    assert_one_input_error(result, "bad.yaml:2:1: invalid YAML: did not find expected node content")
    assert result.stdout.startswith("good.yaml" + HEADER)
    assert "\nCOMPLIANT" in result.stdout or "\nNON-COMPLIANT" in result.stdout


def test_batch_with_a_missing_file_checks_the_others(tmp_path: Path) -> None:
    good_spec(tmp_path)
    result, _ = homologate("check", "nope.yaml", "good.yaml", cwd=tmp_path)
    assert_one_input_error(result, "nope.yaml:1:1: no such file")
    assert result.stdout.startswith("good.yaml" + HEADER)


def test_folder_is_expanded_to_its_yaml_files(tmp_path: Path) -> None:
    good_spec(tmp_path / "specs", "a.yaml")
    good_spec(tmp_path / "specs" / "more", "b.yml")
    (tmp_path / "specs" / "notes.txt").write_text("not a spec", "utf-8")
    result, _ = homologate("check", "specs", cwd=tmp_path)
    assert result.stderr == ""
    assert result.returncode in (0, 1)  # checked, whatever the verdict
    checked = [line.split(HEADER)[0] for line in result.stdout.splitlines() if HEADER in line]
    assert checked == ["specs/a.yaml", "specs/more/b.yml"]


def test_folder_with_a_bad_spec_checks_the_rest_and_exits_2(tmp_path: Path) -> None:
    good_spec(tmp_path / "specs", "b.yaml")
    (tmp_path / "specs" / "a.yaml").write_text("- not a spec\n", "utf-8")
    result, _ = homologate("check", "specs", cwd=tmp_path)
    assert_one_input_error(result, "specs/a.yaml:1:1: expected a build spec (a YAML mapping), got a list")
    assert result.stdout.startswith("specs/b.yaml" + HEADER)


def test_empty_folder(tmp_path: Path) -> None:
    (tmp_path / "specs").mkdir()
    (tmp_path / "specs" / "notes.txt").write_text("not a spec", "utf-8")
    result, seconds = homologate("check", "specs", cwd=tmp_path)
    assert_one_input_error(result, "specs:1:1: no YAML specs (*.yaml, *.yml) in this folder")
    assert result.stdout == ""
    assert seconds < SECONDS


@pytest.mark.parametrize("args", [("good.yaml", "empty"), ("empty", "good.yaml")], ids=["after", "before"])
def test_empty_folder_in_a_batch_still_checks_the_good_spec(tmp_path: Path, args: tuple[str, str]) -> None:
    good_spec(tmp_path)
    (tmp_path / "empty").mkdir()
    result, _ = homologate("check", *args, cwd=tmp_path)
    assert_one_input_error(result, "empty:1:1: no YAML specs (*.yaml, *.yml) in this folder")
    assert result.stdout.startswith("good.yaml" + HEADER)


# --- rulesets and options --------------------------------------------------------------------------


def test_unknown_ruleset(tmp_path: Path) -> None:
    good_spec(tmp_path)
    result, seconds = homologate("check", "good.yaml", "--rules", "nope", cwd=tmp_path)
    assert "Traceback" not in result.stdout + result.stderr
    assert result.returncode == EXIT_INPUT
    assert len(result.stderr.splitlines()) == 1
    assert result.stderr.startswith("nope:1:1: no such ruleset (bundled: ")
    assert "dakar-2026-stock" in result.stderr
    assert result.stdout == ""
    assert seconds < SECONDS


def test_misspelt_ruleset_gets_a_suggestion(tmp_path: Path) -> None:
    good_spec(tmp_path)
    result, _ = homologate("check", "good.yaml", "--rules", "dakar-2026-stok", cwd=tmp_path)
    assert_one_input_error(result, "dakar-2026-stok:1:1: no such ruleset (did you mean 'dakar-2026-stock'?)")


def test_malformed_ruleset_file(tmp_path: Path) -> None:
    good_spec(tmp_path)
    (tmp_path / "rules.yaml").write_text("rules: [\n", "utf-8")
    result, _ = homologate("check", "good.yaml", "--rules", "rules.yaml", cwd=tmp_path)
    assert_one_input_error(result, "rules.yaml:2:1: invalid YAML: did not find expected node content")
    assert result.stdout == ""


def test_unknown_ruleset_for_the_rules_command(tmp_path: Path) -> None:
    result, _ = homologate("rules", "nope", cwd=tmp_path)
    assert result.returncode == EXIT_INPUT
    assert result.stderr.startswith("nope:1:1: no such ruleset")
    assert len(result.stderr.splitlines()) == 1


@pytest.mark.parametrize("value", ["2026-13-01", "2026-02-30", "tomorrow", "03/01/2026", ""])
def test_bad_on_date(tmp_path: Path, value: str) -> None:
    good_spec(tmp_path)
    result, seconds = homologate("check", "good.yaml", "--on", value, cwd=tmp_path)
    assert_one_input_error(
        result, f"homologate: Invalid value for '--on': expected a date such as 2026-01-03, got '{value}'"
    )
    assert result.stdout == ""
    assert seconds < SECONDS


@pytest.mark.parametrize(
    ("args", "line"),
    [
        (("check",), "homologate: Missing argument 'SPEC...'."),
        (("check", "good.yaml", "--stirct"), "homologate: No such option '--stirct'. Did you mean '--strict'?"),
        (("frobnicate",), "homologate: No such command 'frobnicate'."),
        (("check", "good.yaml", "--rules"), "homologate: Option '--rules' requires an argument."),
    ],
    ids=["no-spec", "unknown-option", "unknown-command", "option-without-value"],
)
def test_usage_errors_are_one_line(tmp_path: Path, args: tuple[str, ...], line: str) -> None:
    good_spec(tmp_path)
    result, _ = homologate(*args, cwd=tmp_path)
    assert_one_input_error(result, line)
    assert result.stdout == ""
