"""Nothing lost: an interrupted run (Ctrl-C, or SIGTERM from a cancelled CI job) stops cleanly.

Each test starts a real ``homologate check`` (signals are the subject: a process of its own) on a folder
large enough to take seconds, writing a JSON report with ``-o`` over an existing file, interrupts it
while it works, and checks: exit status 130 (Ctrl-C) or 143 (SIGTERM), one message on standard error and
no traceback (from the parent or from --jobs workers), the existing output file untouched, and no
temporary file left beside it. After Ctrl-C the message starts on a new line (the terminal shows ^C
where the cursor was).

"While it works" is observed, not guessed with a sleep: the folder's first spec (in sorted order) cannot
be read, and the run says so on standard error as soon as it has checked it, so the signal is sent once
that line (or, for the streamed text output, the first report line) has appeared, with thousands of
specs still to go. Waiting has a generous limit (HANG), a guard against a run that hangs, not a measure
of its speed.
"""

from __future__ import annotations

import os
import select
import signal
import subprocess
import sys
from pathlib import Path
from typing import IO

import pytest

ROOT = Path(__file__).resolve().parent.parent
DEFENDER = (ROOT / "specs" / "defender-d7x-r.yaml").read_bytes()
SPECS = 3000  # seconds of work on a 2-core machine: the signal lands while it works
REFUSED = "a-refused.yaml"  # sorted before car-0000.yaml: checked first
HANG = 120.0  # seconds without output, or to stop once interrupted, after which the run is taken to hang


def _as_from_a_terminal() -> None:
    """Ctrl-C as a terminal delivers it: a suite run in the background (``pytest &``) starts its children
    with SIGINT ignored, and Python then keeps ignoring it, rightly."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


@pytest.fixture(scope="module")
def fleet(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("fleet")
    (folder / REFUSED).write_text("- not a spec\n", "utf-8")
    for i in range(SPECS):
        (folder / f"car-{i:04d}.yaml").write_bytes(DEFENDER)
    return folder


def refusal(fleet: Path) -> str:
    return f"{fleet}/{REFUSED}:1:1: expected a build spec (a YAML mapping), got a list\n"


def start(*args: str) -> subprocess.Popen[bytes]:
    """``python -m checker ARGS`` in its own process group, as a terminal starts a command: Ctrl-C reaches
    the --jobs workers too."""
    return subprocess.Popen(
        [sys.executable, "-m", "checker", *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        start_new_session=True,
        preexec_fn=_as_from_a_terminal,  # noqa: PLW1509 - signal.signal only, in a module that starts no thread
    )  # fmt: skip


def first_line(run: subprocess.Popen[bytes], stream: IO[bytes] | None) -> bytes:
    """What the run has written on ``stream`` up to its first line end (and any more that came with it),
    waited for; read from the pipe itself, so that ``communicate`` gives the rest."""
    assert stream is not None
    got = b""
    while b"\n" not in got:
        ready, _, _ = select.select([stream.fileno()], [], [], HANG)
        if not ready:
            run.kill()
            pytest.fail(f"the run wrote no line in {HANG:.0f} s")
        chunk = os.read(stream.fileno(), 65536)
        assert chunk, f"the run ended before it could be interrupted (status {run.wait()}): make the folder larger"
        got += chunk
    return got


def stop(run: subprocess.Popen[bytes]) -> tuple[str, str]:
    """The rest of standard output and standard error once the run has stopped."""
    try:
        stdout, stderr = run.communicate(timeout=HANG)
    except subprocess.TimeoutExpired:
        run.kill()
        raise
    return stdout.decode("utf-8"), stderr.decode("utf-8")


@pytest.mark.parametrize("jobs", ["1", "2"])
@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "sigterm"])
def test_an_interrupted_run_leaves_the_output_as_it_was(fleet: Path, tmp_path: Path, jobs: str, sig: int) -> None:
    out = tmp_path / "report.json"
    out.write_text("the previous report\n")
    run = start("check", "--format", "json", "-o", str(out), "-j", jobs, str(fleet))
    said = first_line(run, run.stderr).decode("utf-8")  # the refused spec: the run is checking the folder
    assert said == refusal(fleet)
    assert run.poll() is None, "the run ended before it could be interrupted: make the folder larger"
    if sig == signal.SIGINT:
        os.killpg(run.pid, sig)
    else:
        run.send_signal(sig)  # to homologate only, as CI runners do
    stdout, stderr = stop(run)
    message = (130, "\nhomologate: interrupted\n") if sig == signal.SIGINT else (143, "homologate: terminated\n")
    assert (run.returncode, stdout, said + stderr) == (message[0], "", refusal(fleet) + message[1])
    assert out.read_text() == "the previous report\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.json"]


def test_an_interrupted_text_run_stops_without_a_traceback(fleet: Path) -> None:
    run = start("check", "-q", str(fleet))
    shown = first_line(run, run.stdout).decode("utf-8")  # a spec's report: the run is checking the folder
    assert run.poll() is None, "the run ended before it could be interrupted: make the folder larger"
    os.killpg(run.pid, signal.SIGINT)
    stdout, stderr = stop(run)
    assert (run.returncode, stderr) == (130, refusal(fleet) + "\nhomologate: interrupted\n")
    assert (shown + stdout).startswith(f"{fleet}/car-0000.yaml: Land Rover")  # what was checked was said
