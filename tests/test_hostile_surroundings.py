"""The promise kept whatever surrounds a run: its output file, its standard streams, its environment, git,
the cache folder and the number of processes asked for.

Each class of surroundings is tried on several cases of its kind; for each: one line and exit 2 for what
cannot be used (never a traceback, a hang or exit 3), nothing touched but the file named, an input never
written over. Most run the CLI in this process; a real process only where the process's own standard
streams are the subject, each with a time limit (HANG) that guards against a hang, not a measure of speed.
As the suite may run as root, no test names the system's /dev/null or /dev/full as an output (a
regression would replace them for the whole machine): device nodes and pipes are made in tmp_path, and a
link to /dev/null in tmp_path is at worst replaced itself.
"""

from __future__ import annotations

import os
import select
import shutil
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from tests.helpers import ROOT, SPECS, Ran, assert_one_input_error, run_cli, unwrapped

HANG = 60.0  # seconds after which a run (or a pipe's reader) is taken to hang
PASSING = SPECS / "defender-d7x-r.yaml"
FAILING = SPECS / "defender-wide-track.yaml"


def assert_char_device(path: str) -> None:
    assert stat.S_ISCHR(os.stat(path).st_mode), f"{path} is no longer a character device"


def spec_copy(folder: Path, name: str = "car.yaml") -> Path:
    path = folder / name
    shutil.copyfile(PASSING, path)
    return path


# --- -o FILE: what the name already is ---------------------------------------------------------------------

# every command that takes -o, writing to the name OUT (a spec copy car.yaml in the working folder)
WRITERS = {
    "check": ("check", "car.yaml", "--format", "json", "-o", "OUT"),
    "report": ("report", "car.yaml", "--format", "markdown", "-o", "OUT"),
    "rules": ("rules", "-o", "OUT"),
    "schema": ("schema", "spec", "-o", "OUT"),
    "init": ("init", "--from-homologation", str(ROOT / "forms" / "defender-d7x-r.yaml"), "--force", "-o", "OUT"),
}


def write_to(folder: Path, command: str, out: str | Path) -> Ran:
    spec_copy(folder)
    return run_cli(*(str(out) if a == "OUT" else a for a in WRITERS[command]), cwd=folder)


@pytest.mark.parametrize("command", WRITERS)
def test_a_regular_file_is_replaced_whole_with_its_permissions(tmp_path: Path, command: str) -> None:
    target = tmp_path / "out.txt"
    target.write_text("a stale, longer output " * 1000, "utf-8")
    target.chmod(0o640)
    ran = write_to(tmp_path, command, "out.txt")
    assert ran.status in (0, 1), ran.err
    assert "stale" not in target.read_text("utf-8")
    assert target.stat().st_mode & 0o777 == 0o640
    assert sorted(p.name for p in tmp_path.iterdir()) == ["car.yaml", "out.txt"]  # no temporary file left


@pytest.mark.parametrize("command", WRITERS)
def test_a_symbolic_link_is_refused_and_left_as_it_is(tmp_path: Path, command: str) -> None:
    outside = tmp_path / "outside.txt"
    outside.write_text("not yours\n", "utf-8")
    links = {"to-null": "/dev/null", "to-a-file": str(outside), "dangling": str(tmp_path / "nowhere"),
             "to-a-folder": str(tmp_path)}  # fmt: skip
    for name, target in links.items():
        (tmp_path / name).symlink_to(target)
        ran = write_to(tmp_path, command, name)
        assert_one_input_error(ran, f"{name}:1:1: cannot write the output: this is a symbolic link; name the file "
                                    "itself (or leave out -o for standard output)")  # fmt: skip
        assert os.readlink(tmp_path / name) == target
    assert outside.read_text("utf-8") == "not yours\n"
    assert not (tmp_path / "nowhere").exists()
    assert_char_device("/dev/null")  # a link is never followed (renaming over it would replace the link only)
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


def device(folder: Path, name: str, minor: int) -> Path:
    """A node of the system's memory devices (1, minor: 3 null, 7 full) made in ``folder``: a run that
    replaced it (the bug this guards against) would harm no one else's /dev."""
    path = folder / name
    try:
        os.mknod(path, stat.S_IFCHR | 0o666, os.makedev(1, minor))
        os.close(os.open(path, os.O_WRONLY))
    except OSError as exc:  # not root, or a folder on a file system without devices
        pytest.skip(f"cannot make a device node in {folder}: {exc.strerror}")
    return path


@pytest.mark.parametrize("command", WRITERS)
def test_a_character_device_is_written_through_never_replaced(tmp_path: Path, command: str) -> None:
    null, full = device(tmp_path, "null", 3), device(tmp_path, "full", 7)
    ran = write_to(tmp_path, command, null)
    assert ran.status in (0, 1), ran.err
    assert_char_device(str(null))
    ran = write_to(tmp_path, command, "full")  # written through too: the device's own error, in one line
    assert_one_input_error(ran, "full:1:1: cannot write the output: No space left on device")
    assert_char_device(str(full))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["car.yaml", "full", "null"]


@pytest.mark.parametrize("command", WRITERS)
def test_a_named_pipe_nobody_reads_is_refused_not_waited_on(tmp_path: Path, command: str) -> None:
    os.mkfifo(tmp_path / "pipe")
    ran = write_to(tmp_path, command, "pipe")
    assert_one_input_error(ran, "pipe:1:1: cannot write the output: a named pipe that nobody reads")
    assert stat.S_ISFIFO((tmp_path / "pipe").lstat().st_mode)


def test_a_named_pipe_with_a_reader_gets_the_whole_output(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe")
    reader = os.open(tmp_path / "pipe", os.O_RDONLY | os.O_NONBLOCK)  # there is a reader before the run starts
    got: list[bytes] = []
    written = threading.Event()

    def drain() -> None:  # meanwhile, or the run would wait for room in the pipe forever
        while True:
            select.select([reader], [], [], 0.1)
            try:
                chunk = os.read(reader, 65536)
            except BlockingIOError:
                continue
            got.append(chunk)
            if not chunk and written.is_set():
                return

    thread = threading.Thread(target=drain, daemon=True)
    thread.start()
    try:
        ran = run_cli("check", PASSING, FAILING, "--format", "json", "-o", tmp_path / "pipe")
    finally:
        written.set()
        thread.join(HANG)
        os.close(reader)
    assert not thread.is_alive(), "the pipe's reader never got to its end"
    assert (ran.status, ran.out, ran.err) == (1, "", "")
    assert b"".join(got) == run_cli("check", PASSING, FAILING, "--format", "json").out.encode("utf-8")
    assert stat.S_ISFIFO((tmp_path / "pipe").lstat().st_mode)


def error_line(file: str, message: str) -> str:
    """The error line naming ``file`` (as errors.InputError shortens and escapes a file's name)."""
    from checker.errors import InputError

    return str(InputError(file, 1, 1, message))


@pytest.mark.parametrize("command", WRITERS)
def test_a_name_too_long_is_one_line(tmp_path: Path, command: str) -> None:
    name = "r" * 300
    ran = write_to(tmp_path, command, name)
    assert_one_input_error(ran, error_line(name, "cannot write the output: File name too long"))
    deep = "/".join(["d" * 200] * 25) + "/out.txt"  # a path longer than the system takes, of short names
    ran = write_to(tmp_path, command, deep)
    assert_one_input_error(ran, error_line(deep, "cannot write the output: File name too long"))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["car.yaml"]


@pytest.mark.parametrize("command", WRITERS)
def test_the_longest_name_the_system_takes_is_written(tmp_path: Path, command: str) -> None:
    """The temporary file beside it is named within the same limit, whatever the target's name."""
    name = "r" * os.pathconf(tmp_path, "PC_NAME_MAX")
    ran = write_to(tmp_path, command, name)
    assert ran.status in (0, 1), ran.err
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["car.yaml", name])


@pytest.mark.parametrize(("name", "why"), [
    ("car.yaml/out.json", "Not a directory"),  # a folder on the way that is a file
    ("new/", "expected a file name"),  # a folder's name: not a file 'new'
    ("sub/", "expected a file name"),
])  # fmt: skip
def test_a_name_that_names_no_file_is_one_line(tmp_path: Path, name: str, why: str) -> None:
    spec_copy(tmp_path)
    (tmp_path / "sub").mkdir()
    ran = run_cli("schema", "spec", "-o", name, cwd=tmp_path)
    assert_one_input_error(ran, f"{name}:1:1: cannot write the output: {why}")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["car.yaml", "sub"]
    assert list((tmp_path / "sub").iterdir()) == []


# --- -o FILE naming a file the same run reads --------------------------------------------------------------


def ruleset_copy(folder: Path) -> Path:
    """A ruleset file extending the bundled one, and the base it extends, both in ``folder``."""
    shutil.copyfile(ROOT / "rules" / "fia-t2-base.yaml", folder / "base.yaml")
    text = (ROOT / "rules" / "dakar-2026-stock.yaml").read_text("utf-8")
    assert text.count("extends: fia-t2-base") == 1
    (folder / "event.yaml").write_text(text.replace("extends: fia-t2-base", "extends: base.yaml"), "utf-8")
    return folder / "event.yaml"


def assert_refused_over(ran: Ran, out: str, what: str, files: dict[Path, bytes]) -> None:
    assert_one_input_error(ran, f"{out}:1:1: this is {what} itself: name another file")
    assert ran.out == ""
    for path, before in files.items():
        assert path.read_bytes() == before, f"{path} was written over"


def snapshot(folder: Path) -> dict[Path, bytes]:
    return {p: p.read_bytes() for p in folder.iterdir() if p.is_file() and not p.is_symlink()}


@pytest.mark.parametrize("spelling", ["car.yaml", "./car.yaml", "sub/../car.yaml", "hard-link.yaml", "ABSOLUTE"])
def test_check_and_report_never_write_over_a_spec_they_read(tmp_path: Path, spelling: str) -> None:
    spec_copy(tmp_path)
    (tmp_path / "sub").mkdir()
    os.link(tmp_path / "car.yaml", tmp_path / "hard-link.yaml")
    out = str(tmp_path / "car.yaml") if spelling == "ABSOLUTE" else spelling
    files = snapshot(tmp_path)
    for command in (("check", "--format", "json"), ("report", "--format", "html")):
        ran = run_cli(*command, "car.yaml", "-o", out, cwd=tmp_path)
        assert_refused_over(ran, out, "the spec car.yaml", files)
    ran = run_cli("check", ".", "-o", out, cwd=tmp_path)  # a folder's spec: named by the folder
    assert_refused_over(ran, out, "the spec car.yaml", files)


def test_an_input_named_through_a_link_is_still_the_file_it_reads(tmp_path: Path) -> None:
    spec_copy(tmp_path)
    (tmp_path / "waivers.yaml").write_text("waivers: []\n", "utf-8")
    (tmp_path / "alias.yaml").symlink_to(tmp_path / "car.yaml")
    (tmp_path / "filed.yaml").symlink_to("waivers.yaml")
    files = snapshot(tmp_path)
    ran = run_cli("check", "alias.yaml", "--format", "json", "-o", "car.yaml", cwd=tmp_path)
    assert_refused_over(ran, "car.yaml", "the spec alias.yaml", files)
    ran = run_cli("check", "car.yaml", "--waivers", "filed.yaml", "-o", "waivers.yaml", cwd=tmp_path)
    assert_refused_over(ran, "waivers.yaml", "the waivers file", files)


def test_no_command_writes_over_the_ruleset_it_reads(tmp_path: Path) -> None:
    event = ruleset_copy(tmp_path)
    spec_copy(tmp_path)
    files = snapshot(tmp_path)
    for out in ("event.yaml", "base.yaml"):  # the ruleset named, and the one it extends
        what = f"the ruleset {out}"
        assert_refused_over(run_cli("rules", "event.yaml", "-o", out, cwd=tmp_path), out, what, files)
        ran = run_cli("check", "car.yaml", "--rules", str(event), "-o", out, cwd=tmp_path)
        assert_refused_over(ran, out, what, files)
        ran = run_cli("report", "car.yaml", "--rules", "./event.yaml", "--format", "html", "-o", out, cwd=tmp_path)
        assert_refused_over(ran, out, what, files)


def test_check_never_writes_over_its_waivers_or_its_baseline(tmp_path: Path) -> None:
    spec_copy(tmp_path)
    (tmp_path / "waivers.yaml").write_text("waivers: []\n", "utf-8")
    first = run_cli("check", "car.yaml", "--format", "json", "-o", "before.json", cwd=tmp_path)
    assert first.status == 0, first.err
    files = snapshot(tmp_path)
    ran = run_cli("check", "car.yaml", "--waivers", "waivers.yaml", "-o", "./waivers.yaml", cwd=tmp_path)
    assert_refused_over(ran, "./waivers.yaml", "the waivers file", files)
    ran = run_cli("report", "car.yaml", "--waivers", "waivers.yaml", "--format", "html", "-o", "waivers.yaml",
                  cwd=tmp_path)  # fmt: skip
    assert_refused_over(ran, "waivers.yaml", "the waivers file", files)
    ran = run_cli("check", "car.yaml", "--baseline", "before.json", "--format", "json", "-o", "before.json",
                  cwd=tmp_path)  # fmt: skip
    assert_refused_over(ran, "before.json", "the baseline report", files)


# --- standard output closed, full, gone or unable to hold our characters (a real process: its stdio) -------


def environment(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("HOMOLOGATE_DEBUG", "NO_COLOR", "PYTHONIOENCODING")}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    env["PYTHONUTF8"] = "1"
    env.update(extra)
    return env


def process(*args: str | Path, stdout: int | None = subprocess.PIPE, shell_redirect: str = "",
            **env: str) -> subprocess.CompletedProcess[bytes]:  # fmt: skip
    """``python -m checker ARGS`` in a process of its own, its standard output ``stdout`` (a descriptor) or,
    with ``shell_redirect``, as a shell's redirection (``>&-``) leaves it."""
    command = [sys.executable, "-m", "checker", *map(str, args)]
    if shell_redirect:
        command = ["/bin/sh", "-c", f'exec "$@" {shell_redirect}', "sh", *command]
    return subprocess.run(command, stdout=stdout, stderr=subprocess.PIPE, cwd=ROOT, env=environment(**env),
                          timeout=HANG, check=False)  # fmt: skip


WRITING = {  # commands whose output goes to standard output, by what writes it
    "check-streamed": ("check", PASSING),
    "check-json": ("check", PASSING, "--format", "json"),
    "check-junit": ("check", PASSING, "--format", "junit"),  # written spec by spec as they are checked
    "rules": ("rules", "--format", "markdown"),
    "explain": ("explain", "STK-TRACK-FRONT", PASSING),
    "help": ("check", "--help"),
}


@pytest.mark.parametrize("args", WRITING.values(), ids=WRITING)
def test_a_closed_standard_output_is_one_line(args: tuple[str, ...]) -> None:
    done = process(*args, stdout=None, shell_redirect=">&-")
    assert (done.returncode, done.stderr) == (2, b"homologate: cannot write to standard output: "
                                                 b"standard output is closed\n")  # fmt: skip


def test_a_closed_standard_output_is_no_matter_when_nothing_is_written_there(tmp_path: Path) -> None:
    done = process("check", PASSING, "--format", "json", "-o", tmp_path / "out.json", stdout=None,
                   shell_redirect=">&-")  # fmt: skip
    assert (done.returncode, done.stderr) == (0, b"")
    assert b'"format": "homologate-report"' in (tmp_path / "out.json").read_bytes()


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full on this system")
@pytest.mark.parametrize("args", WRITING.values(), ids=WRITING)
def test_a_full_standard_output_is_one_line(args: tuple[str, ...]) -> None:
    with open("/dev/full", "wb") as full:  # opened by the test: the run only writes through the descriptor
        done = process(*args, stdout=full.fileno())
    assert (done.returncode, done.stderr) == (2, b"homologate: cannot write to standard output: "
                                                 b"No space left on device\n")  # fmt: skip


@pytest.mark.parametrize("args", WRITING.values(), ids=WRITING)
def test_a_pipe_whose_reader_is_gone_ends_the_run_quietly(args: tuple[str, ...]) -> None:
    """As ``homologate check ... | head`` once head has read enough: no message, the status a shell gives a
    command that SIGPIPE ended (141), so that ``set -o pipefail`` still sees it."""
    read, write = os.pipe()
    os.close(read)  # no reader: the first write fails
    try:
        done = process(*args, stdout=write)
    finally:
        os.close(write)
    assert (done.returncode, done.stderr) == (141, b"")


def test_an_encoding_without_our_characters_gets_them_escaped() -> None:
    done = process("check", FAILING.relative_to(ROOT), PYTHONIOENCODING="cp1252")
    assert done.returncode == 1, done.stderr
    lines = unwrapped(done.stdout.decode("cp1252"))
    assert [line for line in lines if line.startswith(f"{FAILING.relative_to(ROOT)}:60:18:")] == [
        "specs/defender-wide-track.yaml:60:18: STK-TRACK-FRONT [error] 1795 mm is 15 mm above the maximum "
        "(\\u2264 1780 mm)"]  # fmt: skip
    done = process("rules", "--format", "markdown", PYTHONIOENCODING="cp1252")
    assert (done.returncode, done.stderr) == (0, b"")
    assert b"| Files | `fia-t2-base` \\u2192 `dakar-2026-stock` (each extends" in done.stdout  # the arrow escaped
    done = process("check", "nyet-\u043d\u0435\u0442.yaml", PYTHONIOENCODING="cp1252")  # the error line too
    assert (done.returncode, done.stderr) == (2, b"nyet-\\u043d\\u0435\\u0442.yaml:1:1: no such file\n")


# --- SOURCE_DATE_EPOCH -------------------------------------------------------------------------------------

BAD_EPOCHS = {  # case: (the value, as the refusal quotes it)
    "too-late": ("253402300800", "'253402300800'"),  # 10000-01-01: past any four-digit year
    "huge": ("9" * 5000, "'" + "9" * 37 + "...'"),  # more digits than Python makes an int of by default
    "negative": ("-1", "'-1'"),
    "not-a-number": ("yesterday", "'yesterday'"),
    "fraction": ("1700000000.5", "'1700000000.5'"),
    "exponent": ("1e9", "'1e9'"),
    "non-ascii-digits": ("\u0661\u0662\u0663", "'\u0661\u0662\u0663'"),  # Arabic-Indic 123: digits to isdigit only
    "line-break": ("0\n::error::forged", "'0\\n::error::forged'"),
}


@pytest.mark.parametrize(("value", "shown"), BAD_EPOCHS.values(), ids=BAD_EPOCHS)
def test_a_malformed_source_date_epoch_is_refused_before_the_run(value: str, shown: str) -> None:
    """reproducible-builds.org: a malformed value SHOULD end the build with an error, not be ignored."""
    ran = run_cli("check", PASSING, "--format", "junit", env={"SOURCE_DATE_EPOCH": value})
    assert (ran.status, ran.out) == (2, "")
    assert ran.err_lines == ["homologate: SOURCE_DATE_EPOCH: expected whole seconds since 1970-01-01 UTC "
                             f"(0 to 253402300799), got {shown}"]  # fmt: skip


@pytest.mark.parametrize(("value", "stamp"), [("0", "1970-01-01T00:00:00"), ("1767312000", "2026-01-02T00:00:00"),
                                              ("253402300799", "9999-12-31T23:59:59")])  # fmt: skip
def test_source_date_epoch_sets_the_junit_timestamp(value: str, stamp: str) -> None:
    ran = run_cli("check", PASSING, "--format", "junit", env={"SOURCE_DATE_EPOCH": value})
    assert ran.status == 0, ran.err
    assert f'timestamp="{stamp}"' in ran.out


def test_a_malformed_source_date_epoch_is_refused_before_a_report_is_written(tmp_path: Path) -> None:
    out = tmp_path / "report.md"
    ran = run_cli("report", PASSING, "-o", out, env={"SOURCE_DATE_EPOCH": "yesterday"})
    assert (ran.status, ran.out, out.exists()) == (2, "", False)
    assert ran.err_lines == ["homologate: SOURCE_DATE_EPOCH: expected whole seconds since 1970-01-01 UTC "
                             "(0 to 253402300799), got 'yesterday'"]  # fmt: skip


@pytest.mark.parametrize("name", ["report.md", "report.html"])
def test_source_date_epoch_sets_the_reports_generation_time(tmp_path: Path, name: str) -> None:
    out = tmp_path / name
    ran = run_cli("report", PASSING, "-o", out, env={"SOURCE_DATE_EPOCH": "1767312000"})
    assert ran.status == 0, ran.err
    assert "2026-01-02 00:00:00 UTC" in out.read_text(encoding="utf-8")


def test_source_date_epoch_is_not_read_where_no_time_is_written() -> None:
    for fmt in ("json", "sarif", "text"):
        ran = run_cli("check", PASSING, "--format", fmt, env={"SOURCE_DATE_EPOCH": "yesterday"})
        assert (ran.status, ran.err) == (0, "")


# --- git: what a revision can be, and how much of git's output is read -------------------------------------

GIT = shutil.which("git")
needs_git = pytest.mark.skipif(GIT is None, reason="git is not installed")


def git_repo(folder: Path) -> Path:
    """A repository with car.yaml committed, its working copy as committed."""
    from tests.test_baseline import GitRepo

    repo = GitRepo(folder)
    spec_copy(folder)
    repo.commit("the car")
    return folder


BAD_REVISIONS = {  # case: (the revision, why it is refused)
    "an-option": ("--output=PWNED", "a revision cannot begin with '-' (git would take it for an option)"),
    "a-short-option": ("-p", "a revision cannot begin with '-' (git would take it for an option)"),
    "a-line-break": ("HEAD\nerror forged", "a revision cannot hold a line break or a control character"),
    "an-escape": ("HEAD\x1b[2J", "a revision cannot hold a line break or a control character"),
    "a-nul": ("HEAD\x00", "a revision cannot hold a line break or a control character"),
}


@needs_git
@pytest.mark.parametrize(("rev", "why"), BAD_REVISIONS.values(), ids=BAD_REVISIONS)
def test_a_revision_git_would_misread_is_refused(tmp_path: Path, rev: str, why: str) -> None:
    folder = git_repo(tmp_path)
    before = sorted(p.name for p in folder.iterdir())
    shown = rev.replace("\n", "\\x0a").replace("\x1b", "\\x1b").replace("\x00", "\\x00")
    ran = run_cli("check", "car.yaml", "--baseline", rev, cwd=folder)
    assert_one_input_error(ran, f"car.yaml:1:1: --baseline {shown}: {why}")
    ran = run_cli("diff", "--", f"{rev}:car.yaml", cwd=folder)
    assert_one_input_error(ran, f"{shown}:car.yaml:1:1: revision {shown}: {why}")
    assert sorted(p.name for p in folder.iterdir()) == before  # nothing written by git (--output=...)


def too_large(name: str) -> str:
    """The refusal of a file over the size limit, as the reader words it."""
    from checker.errors import InputError
    from checker.read.files import MAX_BYTES, decode

    with pytest.raises(InputError) as refused:
        decode(b"#" * (MAX_BYTES + 1), name)
    return refused.value.message


@needs_git
def test_a_file_too_large_at_the_revision_is_refused_as_a_file_is(tmp_path: Path) -> None:
    from tests.test_baseline import GitRepo

    folder = git_repo(tmp_path)
    text = (folder / "car.yaml").read_text("utf-8")
    (folder / "car.yaml").write_text(text + "#" + "x" * (1024 * 1024) + "\n", "utf-8")
    GitRepo(folder).commit("too large")
    (folder / "car.yaml").write_text(text, "utf-8")
    ran = run_cli("diff", "HEAD:car.yaml", cwd=folder)
    assert_one_input_error(ran, f"HEAD:car.yaml:1:1: {too_large('HEAD:car.yaml')}")
    ran = run_cli("check", "car.yaml", "--baseline", "HEAD", "-q", cwd=folder)
    assert ran.status == 0, ran.err
    assert (f"since HEAD: 0 new, 0 worse, 0 existing, 0 fixed (could not be read at HEAD ({too_large('car.yaml')}): "
            "checked in full)") in unwrapped(ran.out)  # fmt: skip


@needs_git
def test_git_output_is_read_only_up_to_the_limit(tmp_path: Path) -> None:
    """A git whose ``show`` writes 256 MiB and then leaves a mark: stopped at the limit, it never gets there.
    (Reading it whole, as before, took the 256 MiB into memory, then refused it.)"""
    folder = git_repo(tmp_path / "repo")
    bin_folder, mark = tmp_path / "bin", tmp_path / "git-wrote-everything"
    bin_folder.mkdir()
    fake = bin_folder / "git"
    fake.write_text(f'#!/bin/sh\ncase " $* " in *" show "*) head -c 268435456 /dev/zero && touch "{mark}"; exit 0;; '
                    f'esac\nexec "{GIT}" "$@"\n', "utf-8")  # fmt: skip
    fake.chmod(0o755)
    path = f"{bin_folder}{os.pathsep}{os.environ.get('PATH', '')}"
    ran = run_cli("diff", "HEAD:car.yaml", cwd=folder, env={"PATH": path})
    assert_one_input_error(ran, f"HEAD:car.yaml:1:1: {too_large('HEAD:car.yaml')}")
    ran = run_cli("check", "car.yaml", "--baseline", "HEAD", "-q", cwd=folder, env={"PATH": path})
    assert ran.status == 0, ran.err
    assert f"could not be read at HEAD ({too_large('car.yaml')})" in " ".join(unwrapped(ran.out))
    assert not mark.exists()


@needs_git
def test_git_that_cannot_be_started_is_one_line(tmp_path: Path) -> None:
    folder = git_repo(tmp_path / "repo")
    bin_folder = tmp_path / "bin"
    bin_folder.mkdir()
    (bin_folder / "git").write_text("#!/no/such/interpreter\n", "utf-8")
    (bin_folder / "git").chmod(0o755)
    ran = run_cli("diff", "HEAD:car.yaml", cwd=folder, env={"PATH": str(bin_folder)})
    assert_one_input_error(ran, "HEAD:car.yaml:1:1: revision HEAD: cannot run git: No such file or directory")


# --- the cache: trusted only where no one else could have written it, never an error -----------------------

ROOT_ONLY = pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="giving a file away needs root")
STRANGER = 65534  # nobody


def bad_ruleset(folder: Path) -> tuple[Path, str]:
    """A copy of the base ruleset whose first rule's severity is 'ERROR' (the schema's enum is lower case),
    and the one line homologate refuses it with."""
    text = (ROOT / "rules" / "fia-t2-base.yaml").read_text("utf-8")
    line = text[: text.index("    severity: error")].count("\n") + 1
    path = folder / "bad.yaml"
    path.write_text(text.replace("    severity: error", "    severity: ERROR", 1), "utf-8")
    return path, (f"bad.yaml:{line}:15: rules[0].severity: expected one of error, warning, info, off, got the text "
                  "'ERROR'")  # fmt: skip


def fact(ruleset: Path) -> str:
    """The key of "this file's bytes pass the ruleset schema" (checker.read.schema.validate's fact)."""
    import hashlib

    from checker.read import cache

    schema = (ROOT / "checker" / "schemas" / "ruleset.schema.json").read_text("utf-8")
    return cache.key(schema, hashlib.sha256(ruleset.read_bytes()).hexdigest())


def marker_name(cache_dir: Path, key: str) -> str:
    """The name the cache at ``cache_dir`` gives the marker of ``key`` (what only its user can work out)."""
    import hashlib
    import hmac

    return hmac.new((cache_dir / ".key").read_bytes(), key.encode(), hashlib.sha256).hexdigest()


def trusted_cache(tmp_path: Path) -> Path:
    """A cache folder as homologate makes it, by a run that recorded the bundled rulesets' facts."""
    cache_dir = tmp_path / "cache"
    ran = run_cli("check", PASSING, "-q", env={"HOMOLOGATE_CACHE_DIR": str(cache_dir)})
    assert ran.status == 0, ran.err
    assert stat.S_IMODE(cache_dir.stat().st_mode) == 0o700
    assert len(list((cache_dir / "schema-valid").iterdir())) == 2  # dakar-2026-stock and fia-t2-base
    return cache_dir


def plant_formula_key(cache_dir: Path, key: str) -> None:  # named by the key itself, as markers were
    (cache_dir / "schema-valid" / key).touch()


def plant_old_key(cache_dir: Path, key: str, ruleset: Path) -> None:  # keyed without the version, as before
    import hashlib

    schema = (ROOT / "checker" / "schemas" / "ruleset.schema.json").read_text("utf-8")
    digest = hashlib.sha256(ruleset.read_bytes()).hexdigest()
    (cache_dir / "schema-valid" / hashlib.sha256(f"{schema}\0{digest}".encode()).hexdigest()).touch()


def plant_in_open_folder(cache_dir: Path, key: str, mode: int, where: str = "") -> None:
    (cache_dir / "schema-valid" / marker_name(cache_dir, key)).touch()
    (cache_dir / where).chmod(mode)


def plant_link(cache_dir: Path, key: str) -> None:
    (cache_dir / "elsewhere").touch()
    (cache_dir / "schema-valid" / marker_name(cache_dir, key)).symlink_to(cache_dir / "elsewhere")


def plant_linked_kind(cache_dir: Path, key: str) -> None:
    (cache_dir / "schema-valid").rename(cache_dir / "real")
    (cache_dir / "real" / marker_name(cache_dir, key)).touch()
    (cache_dir / "schema-valid").symlink_to(cache_dir / "real")


def plant_given_away(cache_dir: Path, key: str, what: str) -> None:
    marker = cache_dir / "schema-valid" / marker_name(cache_dir, key)
    marker.touch()
    os.chown({"marker": marker, "kind": cache_dir / "schema-valid", "cache": cache_dir}[what], STRANGER, STRANGER)


PLANTINGS = {
    "named-by-the-key": lambda c, k, r: plant_formula_key(c, k),
    "keyed-without-the-version": plant_old_key,
    "cache-world-writable": lambda c, k, r: plant_in_open_folder(c, k, 0o777),
    "cache-group-writable": lambda c, k, r: plant_in_open_folder(c, k, 0o770),
    "kind-world-writable": lambda c, k, r: plant_in_open_folder(c, k, 0o1777, "schema-valid"),
    "marker-a-link": lambda c, k, r: plant_link(c, k),
    "kind-a-link": lambda c, k, r: plant_linked_kind(c, k),
    "marker-of-another-user": pytest.param(lambda c, k, r: plant_given_away(c, k, "marker"), marks=ROOT_ONLY),
    "kind-of-another-user": pytest.param(lambda c, k, r: plant_given_away(c, k, "kind"), marks=ROOT_ONLY),
    "cache-of-another-user": pytest.param(lambda c, k, r: plant_given_away(c, k, "cache"), marks=ROOT_ONLY),
}


@pytest.mark.parametrize("plant", PLANTINGS.values(), ids=PLANTINGS)
def test_a_planted_marker_never_makes_an_invalid_ruleset_pass(tmp_path: Path, plant: object) -> None:
    cache_dir = trusted_cache(tmp_path)
    ruleset, refusal = bad_ruleset(tmp_path)
    plant(cache_dir, fact(ruleset), ruleset)  # type: ignore[operator]
    ran = run_cli("check", PASSING, "--rules", "bad.yaml", cwd=tmp_path, env={"HOMOLOGATE_CACHE_DIR": str(cache_dir)})
    assert_one_input_error(ran, refusal)


def test_the_cache_is_used_where_it_can_be_trusted(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The control of the test above: a fact recorded is known, to this cache and to no other."""
    from checker.read import cache

    monkeypatch.setenv("HOMOLOGATE_CACHE_DIR", str(tmp_path / "cache"))
    assert not cache.known("schema-valid", "a fact")
    cache.record("schema-valid", "a fact")
    assert cache.known("schema-valid", "a fact")
    assert not cache.known("schema-valid", "another fact")
    (tmp_path / "cache").chmod(0o777)
    assert not cache.known("schema-valid", "a fact")
    monkeypatch.setenv("HOMOLOGATE_CACHE_DIR", str(tmp_path / "other"))
    cache.record("schema-valid", "another fact")
    assert not cache.known("schema-valid", "a fact")


def test_a_planted_link_is_never_followed_when_recording(tmp_path: Path) -> None:
    cache_dir = trusted_cache(tmp_path)
    victim = tmp_path / "victim"
    ruleset = tmp_path / "r.yaml"
    shutil.copyfile(ROOT / "rules" / "fia-t2-base.yaml", ruleset)
    ruleset.write_text(ruleset.read_text("utf-8") + "# another file, another fact\n", "utf-8")
    (cache_dir / "schema-valid" / marker_name(cache_dir, fact(ruleset))).symlink_to(victim)
    (cache_dir / "schema-valid" / "to-a-folder").symlink_to(tmp_path)
    ran = run_cli("check", PASSING, "--rules", ruleset, "-q", env={"HOMOLOGATE_CACHE_DIR": str(cache_dir)})
    assert (ran.status, ran.err) == (0, "")
    assert not os.path.lexists(victim)


def unusable_caches(tmp_path: Path) -> dict[str, Path]:
    (tmp_path / "a-file").write_text("not a folder\n", "utf-8")
    os.mkfifo(tmp_path / "a-pipe")
    (tmp_path / "real").mkdir(mode=0o700)
    (tmp_path / "a-link").symlink_to(tmp_path / "real")
    return {
        "a-file": tmp_path / "a-file",
        "a-pipe": tmp_path / "a-pipe",
        "below-a-file": tmp_path / "a-file" / "cache",
        "no-parent": tmp_path / "no" / "such" / "cache",
        "a-link": tmp_path / "a-link",
        "a-name-too-long": tmp_path / ("c" * 300),
        "a-path-too-long": tmp_path.joinpath(*["d" * 200] * 25),
    }


def test_an_unusable_cache_folder_means_no_cache_never_an_error(tmp_path: Path) -> None:
    before = None
    for name, folder in unusable_caches(tmp_path).items():
        if before is None:
            before = sorted(p.name for p in tmp_path.iterdir())
        ran = run_cli("check", PASSING, "-q", env={"HOMOLOGATE_CACHE_DIR": str(folder)})
        assert (ran.status, ran.err) == (0, ""), name
        assert sorted(p.name for p in tmp_path.iterdir()) == before, name  # nothing made beside them
    assert (tmp_path / "a-file").read_text("utf-8") == "not a folder\n"
    assert stat.S_ISFIFO((tmp_path / "a-pipe").lstat().st_mode)
    assert list((tmp_path / "real").iterdir()) == []  # the link was not followed


@ROOT_ONLY
def test_a_cache_folder_of_another_user_is_not_written_to(tmp_path: Path) -> None:
    folder = tmp_path / "theirs"
    folder.mkdir(mode=0o755)
    os.chown(folder, STRANGER, STRANGER)
    ran = run_cli("check", PASSING, "-q", env={"HOMOLOGATE_CACHE_DIR": str(folder)})
    assert (ran.status, ran.err) == (0, "")
    assert list(folder.iterdir()) == []


# --- --jobs: processes no more than the CPUs and the work, each working from what the parent read -----------


def test_jobs_are_capped_at_the_cpus_and_the_work() -> None:
    from checker.pipeline import MIN_PER_JOB, available_cpus, job_count

    cpus = available_cpus()
    assert 1 <= cpus <= (os.cpu_count() or 1)
    assert job_count(1000, 50 * MIN_PER_JOB) == min(cpus, 50)  # --jobs 1000 on 400 specs: one per CPU
    assert job_count(1000, 2 * MIN_PER_JOB) == min(cpus, 2)
    assert job_count(1000, MIN_PER_JOB - 1) == 1
    assert job_count(10**30, 10**6) == cpus  # an absurd --jobs is only a large one
    assert job_count(1, 10**6) == 1


def test_jobs_1000_starts_no_more_processes_than_cpus(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import concurrent.futures

    from checker.pipeline import MIN_PER_JOB, Checker, Options, available_cpus, check_many

    asked: list[int] = []
    real = concurrent.futures.ProcessPoolExecutor

    def spy(max_workers: int, **kwargs: object) -> object:
        asked.append(max_workers)
        return real(max_workers, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", spy)
    items: list[Path] = [spec_copy(tmp_path, f"car-{i:02d}.yaml") for i in range(3 * MIN_PER_JOB)]
    checker = Checker(Options("dakar-2026-stock"))
    results = list(check_many(list(items), checker, jobs=1000))
    assert asked == ([min(3, available_cpus())] if available_cpus() > 1 else [])
    assert [r.spec_file for r in results] == [str(p) for p in items]  # type: ignore[union-attr]


def waived_batch(tmp_path: Path) -> tuple[list[Path], Path, Path]:
    """2 * MIN_PER_JOB failing specs (a tank of 650 L, over the 600 L limit), a waivers file covering the
    tank rule and a ruleset file of its own."""
    from checker.pipeline import MIN_PER_JOB

    text = PASSING.read_text("utf-8")
    assert text.count("tank_capacity: 550 L") == 1
    specs = []
    for i in range(2 * MIN_PER_JOB):
        path = tmp_path / f"car-{i:02d}.yaml"
        path.write_text(text.replace("tank_capacity: 550 L", "tank_capacity: 650 L"), "utf-8")
        specs.append(path)
    waivers = tmp_path / "waivers.yaml"
    waivers.write_text("waivers:\n  - rule: STK-FUEL-TANK\n    reference: DKR26-TD-014\n    reason: marathon stage\n"
                       "    granted_by: Technical delegate\n    expires: 2026-01-17\n", "utf-8")  # fmt: skip
    event = ruleset_copy(tmp_path)
    return specs, waivers, event


def test_workers_never_read_the_ruleset_waivers_or_baseline_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                   ) -> None:  # fmt: skip
    """What the parent read is what every worker uses: the files may be gone (a pipe read once, as
    ``--waivers /dev/stdin`` or ``<(...)``) by the time the workers start."""
    from checker.pipeline import Checker, Options, check_many
    from checker.report import Report

    monkeypatch.setattr("checker.pipeline.available_cpus", lambda: 2)
    specs, waivers, event = waived_batch(tmp_path)
    baseline = tmp_path / "before.json"
    ran = run_cli("check", *specs, "--rules", event, "--format", "json", "-o", baseline)
    assert ran.status == 1, ran.err  # the tank fails, unwaived
    checker = Checker(Options(str(event), None, str(baseline), str(waivers)))
    for path in (waivers, baseline, event, tmp_path / "base.yaml"):
        path.unlink()
    alone = [checker(p) for p in specs]
    pooled = list(check_many(list(specs), checker, jobs=2))
    assert pooled == alone
    assert all(isinstance(r, Report) for r in pooled), pooled
    for report in pooled:
        assert isinstance(report, Report)
        tank = [f for f in report.findings if f.rule.id == "STK-FUEL-TANK"]
        assert [(f.verdict.value, f.baseline) for f in tank] == [("waived", None)]
        assert (report.baseline.ref if report.baseline else None) == str(baseline)


def test_a_checker_sent_to_a_worker_carries_what_it_read(tmp_path: Path) -> None:
    """The copy a worker gets (pickled, as a spawned or forkserver process gets it) checks alike."""
    import pickle

    from checker.pipeline import Checker, Options

    specs, waivers, event = waived_batch(tmp_path)
    checker = Checker(Options(str(event), None, None, str(waivers)))
    sent = pickle.dumps(checker)
    waivers.unlink()
    event.unlink()
    copy = pickle.loads(sent)
    assert copy.ruleset.info() == checker.ruleset.info()
    assert copy(specs[0]) == checker(specs[0])
