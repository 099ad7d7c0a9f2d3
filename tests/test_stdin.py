"""``homologate check -``: one spec read from standard input, named ``--stdin-filename PATH`` (else
``<stdin>``) in every output as if it were that file.

Standard input is read as a file is: at most one byte past the size limit (an endless input stops there), as
UTF-8, then as YAML, each problem at ``NAME:line:column``; a terminal is refused at once. ``-`` may stand among
other specs, once. A baseline knows the spec by the name given.
"""

from __future__ import annotations

import io
import json
import os
import pickle
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from checker.pipeline import SpecBytes
from checker.read.files import MAX_BYTES
from checker.render import FORMATS
from tests.helpers import ROOT, SPECS, Ran, assert_one_input_error, assert_usage_error, run_cli, unwrapped
from tests.test_all_errors import FOUR, FOUR_LINES
from tests.test_baseline import GIT, cli_environment, record

WIDE = SPECS / "defender-wide-track.yaml"  # not compliant: its findings have positions
D7X = SPECS / "defender-d7x-r.yaml"
EPOCH = {"SOURCE_DATE_EPOCH": "1767225600"}  # the same time in every output that writes one


def piped(*args: str | Path, spec: Path | bytes | str = WIDE, cwd: Path = ROOT, **env: str) -> Ran:
    """``homologate ARGS`` with ``spec`` (a file's bytes, or bytes or text) on standard input."""
    data = spec.read_bytes() if isinstance(spec, Path) else spec
    return run_cli(*args, cwd=cwd, input=data, env=env)


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_every_output_names_the_spec_as_given(fmt: str) -> None:
    """Positions, the JSON report's file, SARIF's artifact, JUnit's suite, GitHub's annotations, the text:
    byte for byte what checking the file itself writes."""
    name = "specs/defender-wide-track.yaml"
    from_stdin = piped("check", "--format", fmt, "-", "--stdin-filename", name, **EPOCH)
    from_file = run_cli("check", "--format", fmt, name, cwd=ROOT, env=EPOCH)
    assert from_stdin == from_file
    assert from_stdin.status == 1


def test_without_a_name_it_is_stdin() -> None:
    text = piped("check", "-")
    assert unwrapped(text.out)[0] == ("<stdin>: Land Rover Defender Dakar D7X-R (wide-track variant) (form "
                             "T2-ILLUSTRATIVE-0001, class T2 Stock, entry Illustrative variant, not a real entry)")
    report = json.loads(piped("check", "--format", "json", "-").out)["reports"][0]
    assert report["spec_file"] == "<stdin>"
    sarif = json.loads(piped("check", "--format", "sarif", "-").out)["runs"][0]["results"][0]
    assert sarif["locations"][0]["physicalLocation"] == {"artifactLocation": {"uri": "%3Cstdin%3E"},
                                                         "region": {"startLine": 60, "startColumn": 18}}  # fmt: skip
    github = piped("check", "--format", "github", "-").lines[0]
    assert github.startswith("::error file=<stdin>,line=60,col=18,title=STK-TRACK-FRONT%3A ")


def test_a_bad_spec_on_stdin_lists_its_problems_under_the_name_given() -> None:
    ran = piped("check", "-", "--stdin-filename", "new/spec.yaml", spec=FOUR)
    assert (ran.status, ran.out) == (2, "")
    assert ran.err_lines == [line.replace("spec.yaml:", "new/spec.yaml:", 1) for line in FOUR_LINES]


def test_a_bad_spec_on_stdin_without_a_name() -> None:
    ran = piped("check", "-", spec=FOUR)
    assert ran.err_lines == [line.replace("spec.yaml:", "<stdin>:", 1) for line in FOUR_LINES]


# --- read as a file is read ---------------------------------------------------------------------------


def test_larger_than_the_limit() -> None:
    assert_one_input_error(piped("check", "-", spec=b"#" * (MAX_BYTES + 1)),
                           "<stdin>:1:1: file is larger than the 1 MiB limit")  # fmt: skip


def test_at_the_limit_it_is_read() -> None:
    """A spec padded with a comment to exactly the limit is checked."""
    text = WIDE.read_bytes()
    padded = text + b"#" * (MAX_BYTES - len(text) - 1) + b"\n"
    assert len(padded) == MAX_BYTES
    assert piped("check", "-", "-q", spec=padded).status == 1


class Endless(io.RawIOBase):
    """A binary stream that never ends, counting what it gave."""

    def __init__(self) -> None:
        self.given = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        if self.given > 4 * MAX_BYTES:  # a regression fails here, it does not hang the test run
            raise AssertionError("read on and on past the limit")
        size = len(buffer)
        buffer[:size] = b"#" * size
        self.given += size
        return size


def test_an_endless_input_stops_at_the_limit() -> None:
    stream = Endless()
    ran = run_cli("check", "-", cwd=ROOT, input=stream)
    assert_one_input_error(ran, "<stdin>:1:1: file is larger than the 1 MiB limit")
    assert stream.given == MAX_BYTES + 1


def test_not_utf8() -> None:
    ran = piped("check", "-", "--stdin-filename", "x.yaml", spec=b"vehicle:\n  make: Land \xff Rover\n")
    assert_one_input_error(ran, "x.yaml:2:14: expected UTF-8 text, found a byte that is not UTF-8")


def test_a_control_character() -> None:
    assert_one_input_error(piped("check", "-", spec=b"vehicle: \x07\n"),
                           "<stdin>:1:10: expected printable text, found the control character U+0007")  # fmt: skip


def test_empty() -> None:
    assert_one_input_error(piped("check", "-", spec=b""), "<stdin>:1:1: the file is empty: expected a YAML mapping")


# --- how the command line may use it ----------------------------------------------------------------------


def test_among_other_specs_in_the_order_named() -> None:
    ran = piped("check", "-q", str(D7X.relative_to(ROOT)), "-", "--stdin-filename", "wide.yaml")
    assert ran.status == 1
    firsts = [line.split(":")[0] for line in unwrapped(ran.out) if line.endswith(")") and ": Land Rover" in line]
    assert firsts == ["specs/defender-d7x-r.yaml", "wide.yaml"]
    assert ran.lines[-1] == "2 specs checked: 1 passed, 1 failed"


def test_twice_is_refused() -> None:
    assert_usage_error(piped("check", "-", "-"), "'-'", "more than once")


def test_a_name_without_dash_is_refused() -> None:
    assert_usage_error(run_cli("check", str(D7X), "--stdin-filename", "x.yaml"), "--stdin-filename", "'-'")


@pytest.mark.parametrize(("name", "says"), [("", "an empty argument"), ("a\nb.yaml", "does not print")],
                         ids=["empty", "line-break"])  # fmt: skip
def test_a_name_that_cannot_be_shown_is_refused(name: str, says: str) -> None:
    assert_usage_error(piped("check", "-", "--stdin-filename", name), "--stdin-filename", says)


@pytest.mark.parametrize("kind", ["git", "json"])
def test_a_baseline_knows_the_spec_by_the_name_given(tmp_path: Path, kind: str) -> None:
    """The spec as committed (or reported) at the baseline is the one named: its problems are existing ones;
    under another name they are all new."""
    if kind == "git" and GIT is None:
        pytest.skip("git is not installed")
    (tmp_path / "w.yaml").write_bytes(WIDE.read_bytes())
    baseline = record(kind, tmp_path, "w.yaml")

    def summary(*args: str) -> str:
        ran = run_cli("check", "-", "--baseline", baseline, *args, cwd=tmp_path, input=WIDE.read_bytes(),
                      env=cli_environment())  # fmt: skip
        assert ran.err == ""
        return next(line for line in ran.lines if line.startswith(f"since {baseline}:"))

    assert summary("--stdin-filename", "w.yaml") == f"since {baseline}: 0 new, 0 worse, 4 existing, 0 fixed"
    assert summary() == f"since {baseline}: 4 new, 0 worse, 0 existing, 0 fixed (not in {baseline}: checked in full)"


def test_a_spec_read_from_stdin_crosses_to_a_worker_process() -> None:
    spec = SpecBytes("x.yaml", b"vehicle: 1\n")
    assert pickle.loads(pickle.dumps(spec)) == spec


# --- the process itself: a terminal, a closed standard input --------------------------------------------


def _process(stdin: int | None, preexec: Callable[[], Any] | None = None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "HOMOLOGATE_DEBUG"}
    return subprocess.run([sys.executable, "-m", "checker", "check", "-"], stdin=stdin, capture_output=True,
                          text=True, timeout=60, env=env, cwd=ROOT, preexec_fn=preexec)


@pytest.mark.skipif(sys.platform == "win32", reason="a pseudo-terminal")
def test_a_terminal_is_refused_not_waited_on() -> None:
    import pty

    leader, follower = pty.openpty()
    try:
        done = _process(follower)
    finally:
        os.close(leader)
        os.close(follower)
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr == ("homologate: standard input is a terminal: pipe a spec in "
                           "('homologate check - < spec.yaml')\n")


@pytest.mark.skipif(sys.platform == "win32", reason="closing a descriptor before exec")
def test_a_closed_stdin_is_an_empty_spec() -> None:
    done = _process(None, preexec=lambda: os.close(0))
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr == "<stdin>:1:1: the file is empty: expected a YAML mapping\n"
