"""Nothing lost: an interrupted run (Ctrl-C, or SIGTERM from a cancelled CI job) stops cleanly.

Each test starts a real ``homologate check`` on a folder large enough to take seconds, writing a JSON
report with ``-o`` over an existing file, interrupts it while it works, and checks: exit status 130
(Ctrl-C) or 143 (SIGTERM), one message on standard error and no traceback (from the parent or from
--jobs workers), the existing output file untouched, and no temporary file left beside it. After
Ctrl-C the message starts on a new line (the terminal shows ^C where the cursor was).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DEFENDER = (ROOT / "specs" / "defender-d7x-r.yaml").read_bytes()
SPECS = 3000  # several seconds of work on a 2-core machine: the signal lands while it works


def _as_from_a_terminal() -> None:
    """Ctrl-C as a terminal delivers it: a suite run in the background (``pytest &``) starts its children
    with SIGINT ignored, and Python then keeps ignoring it, rightly."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


@pytest.fixture(scope="module")
def fleet(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("fleet")
    for i in range(SPECS):
        (folder / f"car-{i:04d}.yaml").write_bytes(DEFENDER)
    return folder


@pytest.mark.parametrize("jobs", ["1", "2"])
@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "sigterm"])
def test_an_interrupted_run_leaves_the_output_as_it_was(fleet: Path, tmp_path: Path, jobs: str, sig: int) -> None:
    out = tmp_path / "report.json"
    out.write_text("the previous report\n")
    # its own process group, as a terminal gives a command: Ctrl-C reaches the workers too
    run = subprocess.Popen([sys.executable, "-m", "checker", "check", "--format", "json", "-o", str(out), "-j", jobs,
                            str(fleet)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                           start_new_session=True, preexec_fn=_as_from_a_terminal)  # fmt: skip
    time.sleep(1.5)
    assert run.poll() is None, "the run ended before it could be interrupted: make the folder larger"
    if sig == signal.SIGINT:
        os.killpg(run.pid, sig)
    else:
        run.send_signal(sig)  # to homologate only, as CI runners do
    stdout, stderr = run.communicate(timeout=60)
    said = (130, "\nhomologate: interrupted\n") if sig == signal.SIGINT else (143, "homologate: terminated\n")
    assert (run.returncode, stdout, stderr) == (said[0], "", said[1])
    assert out.read_text() == "the previous report\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.json"]


def test_an_interrupted_text_run_stops_without_a_traceback(fleet: Path) -> None:
    run = subprocess.Popen([sys.executable, "-m", "checker", "check", "-q", str(fleet)], stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, text=True, start_new_session=True,
                           preexec_fn=_as_from_a_terminal)  # fmt: skip
    time.sleep(1.5)
    assert run.poll() is None
    os.killpg(run.pid, signal.SIGINT)
    stdout, stderr = run.communicate(timeout=60)
    assert (run.returncode, stderr) == (130, "\nhomologate: interrupted\n")
    assert stdout.startswith(f"{fleet}/car-0000.yaml: Land Rover Defender")  # what was checked was said
