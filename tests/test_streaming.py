"""A batch written spec by spec: the same bytes as the whole run rendered at once, without holding the batch.

* Golden batches (tests/golden/batch, written by the renderers as they were before they streamed): a batch
  mixing compliant, failing and unreadable specs (tests/fixtures/batch), and one against a baseline with
  --strict, in every format ``check`` streams, on standard output and with ``-o``, byte for byte.
* Each format's stream takes its specs one at a time (a spec's text comes out before the next is asked
  for) and keeps no report once its text is made; JSON and SARIF, whose totals come first, keep the body
  aside (past a few MiB in a temporary file) and give the same bytes from there.
* ``-o FILE`` stays atomic when the run stops half-way (interrupted, or homologate failing): an existing
  file untouched, no temporary file left. Standard output whose reader goes away half-way: exit 141,
  nothing on standard error (a real process: its own standard output is the subject).
"""

from __future__ import annotations

import gc
import importlib
import os
import re
import shutil
import subprocess
import sys
import tempfile
import weakref
from collections.abc import Iterator
from pathlib import Path

import pytest

import checker
from checker.cli import output
from checker.cli.output import ordered
from checker.pipeline import Checker, Options
from checker.render import FORMATS, streamer
from checker.report import Report, Unchecked
from tests.helpers import ROOT, SPECS, assert_one_input_error, run_cli

GOLDEN = ROOT / "tests" / "golden" / "batch"
HANG = 60.0  # seconds after which a process is taken to hang: a guard, not a measure of speed
EXTENSIONS = {"text": "txt", "json": "json", "sarif": "sarif", "junit": "junit.xml", "github": "github.txt",
              "html": "html", "markdown": "md"}
STREAMED = list(EXTENSIONS)
TOTALS_FIRST = ["json", "sarif", "html"]  # their head needs the whole run: the body is kept aside
PASSING, FAILING = "specs/defender-d7x-r.yaml", "specs/defender-wide-track.yaml"
BATCH = [PASSING, FAILING, "tests/fixtures/batch", "specs/land-cruiser-expired-safety.yaml"]
CASES = {  # name: (arguments, exit status, standard error)
    "batch": (BATCH, 2, [
        "tests/fixtures/batch/a-malformed.yaml:2:1: invalid YAML: ",
        "tests/fixtures/batch/b-invalid.yaml:1:1: vehicle: missing required field 'model'",  # and its other problems:
        "tests/fixtures/batch/b-invalid.yaml:1:1: vehicle: missing required field 'homologation_form'",
        "tests/fixtures/batch/b-invalid.yaml:1:1: vehicle: missing required field 'class'",
        "tests/fixtures/batch/b-invalid.yaml:1:1: the spec: missing required field 'production'",
        "tests/fixtures/batch/b-invalid.yaml:1:1: the spec: missing required field 'build'",
        "tests/fixtures/batch/c-not-utf8.yaml:1:10: expected UTF-8 text, found a byte that is not UTF-8",
        "tests/fixtures/batch/d-list.yaml:1:1: expected a build spec (a YAML mapping), got a list",
    ]),
    "baseline-strict": (["--strict", "--baseline", "tests/golden/defender-wide-track.json", FAILING,
                         "specs/defender-big-tank.yaml"], 1, []),
}  # fmt: skip


def normalise(raw: bytes) -> bytes:
    """Only what varies between machines and releases: the version, the JUnit hostname."""
    raw = raw.replace(f'"{checker.__version__}"'.encode(), b'"<VERSION>"')
    raw = raw.replace(f"bundled with homologate {checker.__version__})".encode(), b"bundled with homologate <VERSION>)")
    return re.sub(rb'hostname="[^"]*"', b'hostname="HOST"', raw)


def golden(case: str, fmt: str, *, file: bool = False) -> bytes:
    # the text a terminal is streamed ends each spec with a blank line; the file (-o) does not
    return (GOLDEN / f"{case}.{'file.' if file and fmt == 'text' else ''}{EXTENSIONS[fmt]}").read_bytes()


@pytest.mark.parametrize("fmt", STREAMED)
@pytest.mark.parametrize("case", CASES)
def test_a_batch_is_written_as_it_was_before_it_streamed(tmp_path: Path, case: str, fmt: str) -> None:
    args, status, errors = CASES[case]
    ran = run_cli("check", *args, "--format", fmt, cwd=ROOT, env={"SOURCE_DATE_EPOCH": "0"})
    assert ran.status == status
    assert len(ran.err_lines) == len(errors)
    assert all(line.startswith(start) for line, start in zip(ran.err_lines, errors, strict=True)), ran.err
    assert normalise(ran.out.encode("utf-8")) == golden(case, fmt)
    target = tmp_path / "out"
    ran = run_cli("check", *args, "--format", fmt, "-o", target, cwd=ROOT, env={"SOURCE_DATE_EPOCH": "0"})
    assert (ran.status, ran.out, len(ran.err_lines)) == (status, "", len(errors))
    assert normalise(target.read_bytes()) == golden(case, fmt, file=True)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


@pytest.mark.parametrize("fmt", TOTALS_FIRST)
def test_a_body_kept_aside_on_disk_gives_the_same_bytes(tmp_path: Path, fmt: str,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    monkeypatch.setattr(output, "SPOOL_MEMORY", 100)  # the first report goes past it: the rest to a file
    monkeypatch.setattr(output, "_READ_BACK", 1000)  # read back in many pieces
    ran = run_cli("check", *BATCH, "--format", fmt, cwd=ROOT, env={"SOURCE_DATE_EPOCH": "0"})
    assert normalise(ran.out.encode("utf-8")) == golden("batch", fmt)


@pytest.mark.parametrize("fmt", TOTALS_FIRST)
def test_a_temporary_folder_that_cannot_hold_the_body_is_one_line(tmp_path: Path, fmt: str,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    (tmp_path / "not-a-folder").write_text("", "utf-8")
    monkeypatch.setattr(output, "SPOOL_MEMORY", 100)
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "not-a-folder"))  # what TMPDIR would name
    target = tmp_path / "report.out"
    target.write_text("the report of an earlier run\n", "utf-8")
    ran = run_cli("check", PASSING, FAILING, "--format", fmt, "-o", target, cwd=ROOT)
    assert_one_input_error(ran, f"{tmp_path / 'not-a-folder'}:1:1: cannot keep the output aside until its "
                                "totals are known: Not a directory")  # fmt: skip
    assert target.read_text("utf-8") == "the report of an earlier run\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["not-a-folder", "report.out"]


# --- one spec at a time, none kept -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def spec_checker() -> Checker:
    return Checker(Options("dakar-2026-stock"))


def specs_checked(spec_checker: Checker, taken: list[str]) -> Iterator[Report | Unchecked]:
    """The failing spec, a refusal, the passing spec, each checked only when asked for (noted in ``taken``)."""
    for name in (FAILING, None, PASSING):
        taken.append(str(name))
        yield Unchecked("x.yaml", 1, 1, "unreadable") if name is None else spec_checker(ROOT / name)


@pytest.mark.parametrize("fmt", STREAMED)
def test_each_spec_is_written_before_the_next_is_checked(spec_checker: Checker, fmt: str) -> None:
    taken: list[str] = []
    stream = streamer(fmt, spec_checker.ruleset.info())
    body = stream.body(specs_checked(spec_checker, taken))
    first = next(body)
    assert taken == [FAILING]
    assert "defender-wide-track.yaml" in first
    if not stream.totals_first:  # written in order from the start: the head, then the first spec's text
        taken.clear()
        chunks = ordered(streamer(fmt, spec_checker.ruleset.info()), specs_checked(spec_checker, taken))
        assert next(text for text in chunks if "defender-wide-track.yaml" in text)
        assert taken == [FAILING]


@pytest.mark.parametrize("fmt", STREAMED)
def test_no_report_is_kept_once_its_text_is_made(spec_checker: Checker, fmt: str) -> None:
    alive: list[weakref.ref[Report]] = []

    def reports() -> Iterator[Report]:
        for name in (FAILING, PASSING, FAILING):
            report = spec_checker(ROOT / name)
            assert isinstance(report, Report)
            alive.append(weakref.ref(report))
            yield report

    stream = streamer(fmt, spec_checker.ruleset.info())
    text = "".join(stream.body(reports()))
    gc.collect()
    assert [ref() for ref in alive] == [None, None, None]
    assert stream.tally.specs == 3
    assert "defender-wide-track.yaml" in text


def test_every_format_is_streamed() -> None:
    """Said here so that a format added to FORMATS is streamed too, and tested as one above and below."""
    assert list(FORMATS) == STREAMED
    assert [name for name in FORMATS if streamer(name, checker.load_ruleset().pipeline.ruleset.info()).totals_first] \
        == TOTALS_FIRST
    assert all(hasattr(importlib.import_module(FORMATS[name]), "Stream") for name in FORMATS)


# --- stopped half-way ---------------------------------------------------------------------------------------


class _Bug(Exception):
    pass


@pytest.mark.parametrize("stop", [KeyboardInterrupt, _Bug], ids=["interrupted", "internal-error"])
@pytest.mark.parametrize("fmt", STREAMED)
def test_an_output_file_is_untouched_when_the_run_stops_half_way(tmp_path: Path, fmt: str, stop: type[BaseException],
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    target = tmp_path / "report.out"
    target.write_text("the report of an earlier run\n", "utf-8")
    check = Checker.__call__
    calls: list[object] = []

    def stops_at_the_third(self: Checker, item: Path | Unchecked) -> Report | Unchecked:
        calls.append(item)
        if len(calls) == 3:  # the first two specs' text already written (JUnit, GitHub, text) or kept aside
            raise stop
        return check(self, item)

    monkeypatch.setattr(Checker, "__call__", stops_at_the_third)
    ran = run_cli("check", *BATCH, "--format", fmt, "-o", target, cwd=ROOT)
    if stop is KeyboardInterrupt:
        assert (ran.status, ran.err_lines[-1]) == (130, "homologate: interrupted")
    else:
        assert ran.status == 3
        assert ran.err_lines[-1].startswith("homologate: internal error: _Bug")
    assert len(calls) == 3
    assert target.read_text("utf-8") == "the report of an earlier run\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.out"]


def test_a_reader_gone_half_way_ends_the_run_quietly(tmp_path: Path) -> None:
    """``homologate check FOLDER --format junit | head -c 200``: the first suites are written while the
    rest are checked; once the reader has gone, exit 141 and nothing on standard error."""
    for i in range(40):  # about 300 kB of JUnit: more than a pipe holds, so the reader goes mid-stream
        shutil.copyfile(SPECS / "defender-wide-track.yaml", tmp_path / f"car-{i:02d}.yaml")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
    env.pop("HOMOLOGATE_DEBUG", None)
    with subprocess.Popen([sys.executable, "-m", "checker", "check", str(tmp_path), "--format", "junit"],
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT, env=env) as process:  # fmt: skip
        assert process.stdout is not None
        assert process.stderr is not None
        try:
            first = process.stdout.read(200)
            process.stdout.close()
            status = process.wait(HANG)
            errors = process.stderr.read()
        finally:
            process.kill()
    assert first.startswith(b'<?xml version="1.0" encoding="UTF-8"?>\n<testsuites>\n  <testsuite name=')
    assert (status, errors) == (141, b"")
