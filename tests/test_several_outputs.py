"""Several outputs from one run: ``check -o FORMAT:FILE`` (repeatable), standard output keeping ``--format``'s.

Run in this process (tests.helpers.run_cli). Covered: each file holds exactly what a run of that one format
writes (SOURCE_DATE_EPOCH=0 for the times), standard output and standard error what a run without the files
prints, the exit status the same; ``-o FILE`` alone still replaces standard output; a repeated ``--format``, an
unknown or impossible format, two outputs naming one file and a file the run reads are refused with one line
and nothing written (the folder listed); a write or rename that fails leaves no file half-written and no
temporary file; a file name holding a colon; the configuration file's ``outputs``, the command line winning.
"""

from __future__ import annotations

import errno
import gc
import os
import shutil
import weakref
from pathlib import Path
from typing import Any

import pytest

from checker.cli import output
from tests.helpers import ROOT, Ran, assert_usage_error, run_cli

FAILING = "specs/defender-wide-track.yaml"  # 3 failed, 1 marginal
PASSING = "specs/defender-d7x-r.yaml"  # compliant
FORMATS = ["text", "json", "sarif", "junit", "github", "html", "markdown"]
EPOCH = {"SOURCE_DATE_EPOCH": "0"}  # the JUnit timestamp and the reports' generation time, reproducible


def copy(folder: Path, *specs: str) -> list[str]:
    """The specs copied into ``folder`` (under the same names relative to it), their names."""
    for spec in specs:
        (folder / spec).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(ROOT / spec, folder / spec)
    return list(specs)


def listing(folder: Path) -> list[str]:
    """Every file and folder below ``folder``, temporary files included."""
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))


def single(folder: Path, fmt: str, *args: str) -> bytes:
    """What ``check ARGS --format FMT -o FILE`` writes, the one-format run the files are held to."""
    target = folder / f"single.{fmt}"
    ran = run_cli("check", *args, "--format", fmt, "-o", target, cwd=folder, env=EPOCH)
    assert "Traceback" not in ran.err
    written = target.read_bytes()
    target.unlink()
    return written


def all_formats() -> list[str]:
    return [arg for fmt in FORMATS for arg in ("-o", f"{fmt}:out/run.{fmt}")]


def test_each_file_is_the_one_format_run_s_output_and_stdout_is_unchanged(tmp_path: Path) -> None:
    specs = copy(tmp_path, FAILING, PASSING)
    (tmp_path / "specs" / "broken.yaml").write_text("vehicle: [\n", "utf-8")  # cannot be checked: exit 2
    (tmp_path / "out").mkdir()
    alone = run_cli("check", *specs, "specs/broken.yaml", cwd=tmp_path, env=EPOCH)
    ran = run_cli("check", *specs, "specs/broken.yaml", *all_formats(), cwd=tmp_path, env=EPOCH)
    assert (ran.status, ran.out, ran.err) == (alone.status, alone.out, alone.err)
    assert ran.status == 2
    assert [line.split(": ")[:2] for line in ran.err.splitlines()] == [["specs/broken.yaml:2:1", "invalid YAML"]]
    assert ran.out.endswith("\n\n2 specs checked: 1 passed, 1 failed; 1 could not be checked\n")  # the text
    for fmt in FORMATS:
        expected = single(tmp_path, fmt, *specs, "specs/broken.yaml")
        assert (tmp_path / "out" / f"run.{fmt}").read_bytes() == expected, fmt
    assert listing(tmp_path / "out") == sorted(f"run.{fmt}" for fmt in FORMATS)  # no temporary file left


@pytest.mark.parametrize("fmt", ["json", "sarif", "github"])
def test_standard_output_keeps_the_format_asked_for(tmp_path: Path, fmt: str) -> None:
    specs = copy(tmp_path, FAILING, PASSING)
    alone = run_cli("check", *specs, "--format", fmt, cwd=tmp_path, env=EPOCH)
    ran = run_cli("check", *specs, "--format", fmt, "-o", "junit:run.xml", "-o", "json:run.json", cwd=tmp_path,
                  env=EPOCH)  # fmt: skip
    assert (ran.status, ran.out, ran.err) == (1, alone.out, "")
    assert (tmp_path / "run.xml").read_bytes() == single(tmp_path, "junit", *specs)
    assert (tmp_path / "run.json").read_bytes() == single(tmp_path, "json", *specs)


def test_a_file_without_format_replaces_standard_output_as_before(tmp_path: Path) -> None:
    specs = copy(tmp_path, FAILING)
    ran = run_cli("check", *specs, "--format", "json", "-o", "run.json", "-o", "sarif:run.sarif", cwd=tmp_path)
    assert (ran.status, ran.out, ran.err) == (1, "", "")
    assert (tmp_path / "run.json").read_bytes() == single(tmp_path, "json", *specs)
    assert (tmp_path / "run.sarif").read_bytes() == single(tmp_path, "sarif", *specs)
    assert listing(tmp_path) == ["run.json", "run.sarif", "specs", FAILING]


def test_options_of_the_text_format_apply_to_a_text_file(tmp_path: Path) -> None:
    specs = copy(tmp_path, FAILING)
    ran = run_cli("check", *specs, "-q", "--format", "sarif", "-o", "text:run.txt", cwd=tmp_path)
    assert ran.status == 1
    quiet = (tmp_path / "run.txt").read_text("utf-8")
    assert quiet == single(tmp_path, "text", *specs, "-q").decode("utf-8")
    assert "STK-WIDTH [error] 2180 mm is 16 mm above the maximum" in quiet
    assert "T2-WHEELBASE" not in quiet  # -q: the problems only, no passed rule


def test_worker_processes_feed_the_files_the_same(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("checker.pipeline.MIN_PER_JOB", 1)  # two specs are enough for two processes
    monkeypatch.setattr("checker.pipeline.available_cpus", lambda: 2)
    specs = copy(tmp_path, FAILING, PASSING)
    alone = run_cli("check", *specs, cwd=tmp_path)
    ran = run_cli("check", *specs, "-j", "2", "-o", "json:run.json", cwd=tmp_path)
    assert (ran.status, ran.out, ran.err) == (1, alone.out, "")
    assert (tmp_path / "run.json").read_bytes() == single(tmp_path, "json", *specs)


def test_no_report_is_kept_while_the_next_is_checked(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Memory stays flat: with text on standard output and three streamed files, a spec's report is gone
    (its text written or kept aside) once the spec after it is checked."""
    from checker.pipeline import Checker
    from checker.report import Report

    specs = copy(tmp_path, FAILING, PASSING)
    check = Checker.__call__
    alive: list[weakref.ref[Report]] = []
    kept: list[list[bool]] = []

    def noted(self: Checker, item: Any) -> Any:
        gc.collect()
        kept.append([ref() is not None for ref in alive])
        report = check(self, item)
        alive.append(weakref.ref(report))
        return report

    monkeypatch.setattr(Checker, "__call__", noted)
    for spec in specs:
        shutil.copyfile(tmp_path / spec, tmp_path / spec.replace(".yaml", "-2.yaml"))
    ran = run_cli("check", "specs", "-o", "sarif:run.sarif", "-o", "junit:run.xml", "-o", "json:run.json",
                  cwd=tmp_path)  # fmt: skip
    assert ran.status == 1
    # the report just made may still be held (the loop that made it holds it until the next is made)
    assert [k[:-1] for k in kept] == [[], [], [False], [False, False]]


# --- refused: one line, exit status 2, nothing written --------------------------------------------------


USAGE_ERRORS = {
    "format-twice": (["--format", "json", "--format", "sarif"], ["--format", "'json'", "'sarif'", "once"]),
    "format-twice-same": (["--format", "json", "--format", "json"], ["--format", "once"]),
    "unknown-format": (["-o", "sarf:run.sarif"], ["-o", "'sarf'", "did you mean 'sarif'?"]),
    "format-in-capitals": (["-o", "SARIF:run.sarif"], ["'SARIF'", "did you mean 'sarif'?"]),
    "pdf": (["-o", "pdf:run.pdf"], ["pdf", "homologate report"]),
    "no-file-after-format": (["-o", "junit:"], ["'junit:'", "file name"]),
    "empty": (["-o", ""], ["-o", "empty"]),
    "same-file": (["-o", "json:run.out", "-o", "sarif:./run.out"], ["'run.out'", "'./run.out'", "same file"]),
    "same-file-twice": (["-o", "json:run.out", "-o", "json:run.out"], ["'run.out'", "same file"]),
    "format-output-twice": (["-o", "a.txt", "-o", "b.txt"], ["'a.txt'", "'b.txt'", "FORMAT:FILE"]),
}


@pytest.mark.parametrize(("args", "names"), list(USAGE_ERRORS.values()), ids=list(USAGE_ERRORS))
def test_usage_error_writes_nothing(tmp_path: Path, args: list[str], names: list[str]) -> None:
    specs = copy(tmp_path, FAILING)
    ran = run_cli("check", *specs, "-o", "junit:run.xml", *args, cwd=tmp_path)
    assert_usage_error(ran, *names)
    assert listing(tmp_path) == ["specs", FAILING]


def test_two_names_of_one_file_are_refused(tmp_path: Path) -> None:
    specs = copy(tmp_path, FAILING)
    (tmp_path / "run.json").write_text("earlier\n", "utf-8")
    os.link(tmp_path / "run.json", tmp_path / "copy.json")  # a hard link: one file, two names
    ran = run_cli("check", *specs, "-o", "json:run.json", "-o", "sarif:copy.json", cwd=tmp_path)
    assert_usage_error(ran, "'run.json'", "'copy.json'", "same file")
    assert listing(tmp_path) == ["copy.json", "run.json", "specs", FAILING]
    assert (tmp_path / "run.json").read_text("utf-8") == "earlier\n"


@pytest.mark.parametrize(("args", "line"), [
    (["-o", f"json:{FAILING}"], f"{FAILING}:1:1: this is the spec {FAILING} itself: name another file"),
    (["-o", "sarif:specs"], "specs:1:1: cannot write the output: this is a folder"),
    (["-o", "text:missing/run.txt"], "missing/run.txt:1:1: cannot write the output: no folder 'missing'"),
], ids=["a-spec", "a-folder", "no-folder"])  # fmt: skip
def test_an_output_refused_refuses_them_all(tmp_path: Path, args: list[str], line: str) -> None:
    specs = copy(tmp_path, FAILING)
    ran = run_cli("check", *specs, "-o", "junit:run.xml", "-o", "json:run.json", *args, cwd=tmp_path)
    assert (ran.status, ran.out, ran.err) == (2, "", line + "\n")
    assert listing(tmp_path) == ["specs", FAILING]  # not even the outputs named before the refused one


def test_a_run_that_cannot_start_writes_none(tmp_path: Path) -> None:
    specs = copy(tmp_path, FAILING)
    (tmp_path / "run.xml").write_text("earlier\n", "utf-8")
    ran = run_cli("check", *specs, "--rules", "no-such-ruleset", "-o", "junit:run.xml", "-o", "sarif:run.sarif",
                  cwd=tmp_path)  # fmt: skip
    assert (ran.status, ran.out, len(ran.err.splitlines())) == (2, "", 1)
    assert "no-such-ruleset" in ran.err
    assert listing(tmp_path) == ["run.xml", "specs", FAILING]
    assert (tmp_path / "run.xml").read_text("utf-8") == "earlier\n"


def test_a_malformed_source_date_epoch_is_refused_for_a_timed_file(tmp_path: Path) -> None:
    specs = copy(tmp_path, FAILING)
    ran = run_cli("check", *specs, "-o", "junit:run.xml", cwd=tmp_path, env={"SOURCE_DATE_EPOCH": "soon"})
    assert_usage_error(ran, "SOURCE_DATE_EPOCH")
    assert listing(tmp_path) == ["specs", FAILING]


# --- a write that fails -----------------------------------------------------------------------------------


def test_a_write_failing_half_way_leaves_no_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """JUnit is written as the specs come; its disk fills after the first spec: the SARIF file, complete
    in its temporary file by then, is not put in place either, and the older JUnit file stays as it was."""
    specs = copy(tmp_path, FAILING, PASSING)
    (tmp_path / "run.xml").write_text("earlier\n", "utf-8")
    start = output._Replaced.__init__
    written: list[bytes] = []

    class Full:  # the temporary file of run.xml, whose disk fills once the head and a spec went in
        def __init__(self, out: Any) -> None:
            self.out = out

        def write(self, chunk: bytes) -> None:
            if len(written) == 2:
                raise OSError(errno.ENOSPC, "No space left on device")
            written.append(chunk)
            self.out.write(chunk)

        def __getattr__(self, name: str) -> Any:
            return getattr(self.out, name)

    def opened(self: output._Replaced, path: str, found: Any) -> None:
        start(self, path, found)
        if path == "run.xml":
            self.out = Full(self.out)  # type: ignore[assignment]

    monkeypatch.setattr(output._Replaced, "__init__", opened)
    ran = run_cli("check", *specs, "-o", "sarif:run.sarif", "-o", "junit:run.xml", cwd=tmp_path)
    assert ran.status == 2
    assert ran.err.splitlines()[-1] == "run.xml:1:1: cannot write the output: No space left on device"
    assert listing(tmp_path) == ["run.xml", "specs", PASSING, FAILING]
    assert (tmp_path / "run.xml").read_text("utf-8") == "earlier\n"


def test_an_interrupted_run_leaves_no_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from checker.pipeline import Checker

    copy(tmp_path, FAILING, PASSING)
    shutil.copyfile(tmp_path / FAILING, tmp_path / "specs" / "third.yaml")
    (tmp_path / "run.json").write_text("earlier\n", "utf-8")
    check = Checker.__call__
    calls: list[object] = []

    def stops_at_the_third(self: Checker, item: Any) -> Any:
        calls.append(item)
        if len(calls) == 3:  # two specs written to JUnit's temporary file, kept aside for JSON and SARIF
            raise KeyboardInterrupt
        return check(self, item)

    monkeypatch.setattr(Checker, "__call__", stops_at_the_third)
    ran = run_cli("check", "specs", "-o", "sarif:run.sarif", "-o", "junit:run.xml", "-o", "json:run.json",
                  cwd=tmp_path)  # fmt: skip
    assert (ran.status, ran.err_lines[-1]) == (130, "homologate: interrupted")
    assert listing(tmp_path) == ["run.json", "specs", PASSING, FAILING, "specs/third.yaml"]
    assert (tmp_path / "run.json").read_text("utf-8") == "earlier\n"


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="no /dev/full here")
def test_a_device_that_is_full_leaves_no_file(tmp_path: Path) -> None:
    specs = copy(tmp_path, FAILING)
    ran = run_cli("check", *specs, "-o", "sarif:run.sarif", "-o", "junit:/dev/full", cwd=tmp_path)
    assert ran.status == 2
    assert ran.err.splitlines()[-1].startswith("/dev/full:1:1: cannot write the output: ")
    assert listing(tmp_path) == ["specs", FAILING]


def test_renames_happen_at_the_end_and_a_failed_one_leaves_no_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every file is complete before the first is renamed; a rename that fails (a file system gone read-only
    under the run) leaves the files renamed before it complete, and no temporary file."""
    specs = copy(tmp_path, FAILING)
    replace = os.replace
    seen: list[list[str]] = []

    def failing(source: str, target: str) -> None:
        seen.append(listing(tmp_path))
        if str(target) == "run.xml":
            raise OSError(errno.EROFS, "Read-only file system")
        replace(source, target)

    monkeypatch.setattr(output.os, "replace", failing)
    ran = run_cli("check", *specs, "-o", "sarif:run.sarif", "-o", "junit:run.xml", "-o", "json:run.json",
                  cwd=tmp_path)  # fmt: skip
    assert (ran.status, ran.err.splitlines()[-1]) == (2, "run.xml:1:1: cannot write the output: Read-only file system")
    temporary = [sorted(n.split(".")[1] for n in names if n.endswith(output.TEMP_SUFFIX)) for names in seen]
    assert temporary == [["run", "run", "run"], ["run", "run"]]  # all three complete before the first rename
    assert ["run.sarif" in names for names in seen] == [False, True]  # renamed in the order given
    assert listing(tmp_path) == ["run.sarif", "specs", FAILING]
    assert (tmp_path / "run.sarif").read_bytes() == single(tmp_path, "sarif", *specs)


# --- file names ---------------------------------------------------------------------------------------------


def test_a_name_with_a_colon_is_a_file_unless_it_starts_with_a_format(tmp_path: Path) -> None:
    specs = copy(tmp_path, FAILING)
    ran = run_cli("check", *specs, "--format", "json", "-o", "out:1.json", "-o", "./sarf:x", cwd=tmp_path)
    assert_usage_error(ran, "two files for the --format output")  # both are plain file names
    ran = run_cli("check", *specs, "--format", "json", "-o", "out:1.json", "-o", "sarif:./sarf:x", cwd=tmp_path)
    assert (ran.status, ran.out) == (1, "")
    assert (tmp_path / "out:1.json").read_bytes() == single(tmp_path, "json", *specs)
    assert (tmp_path / "sarf:x").read_bytes() == single(tmp_path, "sarif", *specs)
    ran = run_cli("check", *specs, "-o", "json:C:\\x", "-o", "C:\\y", cwd=tmp_path)  # POSIX: names like others
    assert (ran.status, ran.out) == (1, "")
    assert (tmp_path / "C:\\x").read_bytes() == single(tmp_path, "json", *specs)
    assert (tmp_path / "C:\\y").read_bytes() == single(tmp_path, "text", *specs)


# --- the configuration file ---------------------------------------------------------------------------------


def configured(tmp_path: Path, outputs: str) -> Path:
    project = tmp_path / "project"
    copy(project, FAILING)
    (project / "reports").mkdir()
    (project / "homologate.toml").write_text(f"outputs = {outputs}\n", "utf-8")
    return project


def test_configured_outputs_are_relative_to_the_configuration_file(tmp_path: Path) -> None:
    project = configured(tmp_path, '["sarif:reports/run.sarif", "junit:reports/run.xml"]')
    wide = {"COLUMNS": "400"}  # the name's "../" moves no line break
    alone = run_cli("check", FAILING, "--no-config", cwd=project, env=wide)
    ran = run_cli("check", "../" + FAILING, cwd=project / "specs", env={**EPOCH, **wide})  # found from a folder below
    assert (ran.status, ran.err) == (1, "")
    assert ran.out == alone.out.replace(FAILING, "../" + FAILING)  # standard output: the text, as without
    assert listing(project / "reports") == ["run.sarif", "run.xml"]
    assert (project / "reports" / "run.xml").read_bytes() == single(project / "specs", "junit", "../" + FAILING)
    assert listing(project / "specs") == ["defender-wide-track.yaml"]


def test_the_command_line_s_outputs_replace_the_configured_ones(tmp_path: Path) -> None:
    project = configured(tmp_path, '["sarif:reports/run.sarif"]')
    ran = run_cli("check", FAILING, "-o", "json:run.json", cwd=project)
    assert ran.status == 1
    assert listing(project / "reports") == []
    assert (project / "run.json").read_bytes() == single(project, "json", FAILING)


@pytest.mark.parametrize("value", ['["sarf:run.sarif"]', '["pdf:run.pdf"]', '"sarif:run.sarif"', '[""]', "[1]"])
def test_a_bad_configured_output_is_one_line_at_its_place(tmp_path: Path, value: str) -> None:
    project = configured(tmp_path, value)
    ran = run_cli("check", FAILING, cwd=project)
    (line,) = ran.err.splitlines()
    assert (ran.status, ran.out) == (2, "")
    assert line.startswith("homologate.toml:1:1: outputs: expected a list of files such as 'sarif:results.sarif'")
    assert listing(project / "reports") == []


@pytest.mark.parametrize("args", [
    ["rules", "--format", "json", "--format", "markdown"],
    ["explain", "STK-WIDTH", "--format", "json", "--format", "text"],
    ["diff", PASSING, FAILING, "--format", "json", "--format", "json"],
], ids=["rules", "explain", "diff"])  # fmt: skip
def test_every_command_refuses_a_repeated_format(tmp_path: Path, args: list[str]) -> None:
    copy(tmp_path, PASSING, FAILING)
    assert_usage_error(run_cli(*args, cwd=tmp_path), "--format", "once")


def test_report_refuses_a_repeated_format(tmp_path: Path) -> None:
    specs = copy(tmp_path, PASSING)
    ran: Ran = run_cli("report", *specs, "-o", "report.html", "--format", "html", "--format", "markdown",
                       cwd=tmp_path)  # fmt: skip
    assert_usage_error(ran, "--format", "once")
    assert listing(tmp_path) == ["specs", PASSING]


# --- report: several documents from one run ----------------------------------------------------------------


def test_report_writes_each_document_as_alone(tmp_path: Path) -> None:
    specs = copy(tmp_path, FAILING)
    ran = run_cli("report", *specs, "-o", "r.html", "-o", "r.md", "-o", "markdown:r.txt", cwd=tmp_path, env=EPOCH)
    assert (ran.status, ran.out, ran.err) == (1, f"{FAILING}: NOT COMPLIANT; report written to r.html, r.md, r.txt\n",
                                              "")  # fmt: skip
    for name in ("r.html", "r.md"):
        alone = run_cli("report", *specs, "-o", f"alone-{name}", cwd=tmp_path, env=EPOCH)
        assert alone.status == 1
        assert (tmp_path / name).read_bytes() == (tmp_path / f"alone-{name}").read_bytes(), name
    assert (tmp_path / "r.txt").read_bytes() == (tmp_path / "r.md").read_bytes()


@pytest.mark.parametrize(("args", "line"), [
    (["-o", "r.html", "-o", "html:specs"], "specs:1:1: cannot write the output: this is a folder"),
    (["-o", "r.html", "-o", "r.docx"], "homologate: cannot tell the format from 'r.docx': name a .html, .md or "
                                       ".pdf file, or give --format"),
    (["-o", "r.html", "-o", "./r.html"], None),
], ids=["a-folder", "no-format", "same-file"])  # fmt: skip
def test_report_refused_writes_no_document(tmp_path: Path, args: list[str], line: str | None) -> None:
    specs = copy(tmp_path, FAILING)
    ran = run_cli("report", *specs, *args, cwd=tmp_path)
    if line is None:
        assert_usage_error(ran, "'r.html'", "'./r.html'", "same file")
    else:
        assert (ran.status, ran.out, ran.err) == (2, "", line + "\n")
    assert listing(tmp_path) == ["specs", FAILING]


def test_report_with_a_spec_that_cannot_be_checked_writes_no_document(tmp_path: Path) -> None:
    specs = copy(tmp_path, FAILING)
    (tmp_path / "specs" / "broken.yaml").write_text("vehicle: [\n", "utf-8")
    ran = run_cli("report", *specs, "specs/broken.yaml", "-o", "r.html", "-o", "r.md", cwd=tmp_path)
    assert (ran.status, ran.out) == (2, "")
    assert [line.split(": ")[:2] for line in ran.err.splitlines()] == [["specs/broken.yaml:2:1", "invalid YAML"]]
    assert listing(tmp_path) == ["specs", "specs/broken.yaml", FAILING]
