"""``homologate check --baseline``: fail only on what is new or worse than at a git revision or in a JSON report.

The comparison itself (``checker.evaluate.baseline.compare``) is tested on hand-built reports; everything else runs
the CLI in this process (``tests.helpers.run_cli``) on copies of the bundled specs, in throwaway git repositories
made under ``tmp_path`` with git isolated from the user's and the system's configuration (the ``git`` command builds
them; homologate reads them through ``git show``).
Each test states exact rule ids, baseline states (new, worse, existing, fixed) and exit statuses.

Scenarios start from ``defender-wide-track.yaml`` (STK-TRACK-FRONT, STK-WIDTH and STK-TYRE-DIAMETER fail,
STK-TRACK-REAR is marginal) or ``defender-d7x-r.yaml`` (compliant, 550 L tank against a 600 L maximum).
"""

from __future__ import annotations

import dataclasses
import json
import os
import re
import shutil
import subprocess
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from checker.evaluate.baseline import EPSILON, compare
from checker.evaluate.findings import evaluate
from checker.report import EXISTING, FAIL, MARGINAL, NEW, NOT_APPLICABLE, PASS, WORSE, Baseline, FailOn, Finding, Report
from checker.ruleset.model import Ruleset
from checker.spec.load import load_spec
from tests.helpers import UNCLOSED, Ran, run_cli, unwrapped, yaml_problem

ROOT = Path(__file__).resolve().parents[1]
SPECS = ROOT / "specs"
WIDE, COMPLIANT = "defender-wide-track.yaml", "defender-d7x-r.yaml"
GIT = shutil.which("git")
EXIT_OK, EXIT_FAIL, EXIT_INPUT = 0, 1, 2

FRONT, REAR, WIDTH, TYRE, TANK = "STK-TRACK-FRONT", "STK-TRACK-REAR", "STK-WIDTH", "STK-TYRE-DIAMETER", "STK-FUEL-TANK"
WIDE_PROBLEMS = (FRONT, REAR, WIDTH, TYRE)  # in the order a report lists them
PATHS = {FRONT: "build.chassis.track_front", REAR: "build.chassis.track_rear", WIDTH: "build.chassis.width",
         TYRE: "build.wheels.tyre_diameter", TANK: "build.fuel.tank_capacity"}  # fmt: skip
FRONT_MESSAGE = "1795 mm is 15 mm above the maximum (≤ 1780 mm)"

# Edits of a bundled spec: (text that occurs exactly once, its replacement).
Edit = tuple[str, str]
FRONT_1760 = ("    track_front: 1795 mm", "    track_front: 1760 mm")  # fixed (max 1780 mm)
FRONT_1785 = ("    track_front: 1795 mm", "    track_front: 1785 mm")  # better, still failing
FRONT_1810 = ("    track_front: 1795 mm", "    track_front: 1810 mm")  # failing, worse
REAR_1782 = ("    track_rear: 1781 mm", "    track_rear: 1782 mm")  # marginal, worse but still marginal
REAR_1790 = ("    track_rear: 1781 mm", "    track_rear: 1790 mm")  # marginal made a failure
WIDTH_2200 = ("    width: 2180 mm", "    width: 2200 mm")  # failing, worse
TANK_650 = ("    tank_capacity: 550 L", "    tank_capacity: 650 L")  # a new failure (max 600 L)
TWO_LINES_ABOVE = ("spec_version: 2\n", "# two more lines\n# above everything\nspec_version: 2\n")


def all_(value: Any, rules: Sequence[str] = WIDE_PROBLEMS) -> dict[str, Any]:
    """The same value (a baseline state) for each of the rules, by default the wide-track spec's problems."""
    return dict.fromkeys(rules, value)


# --- running git and the CLI -----------------------------------------------------------------------


# git isolated from the user's and the system's configuration, and from a terminal
ISOLATED_GIT = {"GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1", "GIT_TERMINAL_PROMPT": "0"}


def environment(**extra: str) -> dict[str, str]:
    """The caller's environment without anything that points git at another repository or configuration: for
    the ``git`` commands that build the fixtures."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_") and k != "HOMOLOGATE_DEBUG"}
    env.update(ISOLATED_GIT)
    env.update(extra)
    return env


def cli_environment(**extra: str) -> dict[str, str | None]:
    """The same for a run in this process, as run_cli's ``env`` (None removes a variable): the test process's own
    GIT_* variables removed for the run, git's configuration isolated, then ``extra``."""
    return {**dict.fromkeys((k for k in os.environ if k.startswith("GIT_")), None), **ISOLATED_GIT, **extra}


def homologate(*args: str, cwd: Path, **env: str) -> Ran:
    """``homologate ARGS`` run in this process in ``cwd`` (tests.helpers.run_cli), git isolated, ``env`` added."""
    result = run_cli(*args, cwd=cwd, env=cli_environment(**env))
    assert "Traceback" not in result.out + result.err
    assert "internal error" not in result.err
    return result


def copy_spec(folder: Path, name: str = "w.yaml", source: str = WIDE) -> Path:
    """A bundled spec (by default the wide-track one) copied into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text((SPECS / source).read_text("utf-8"), "utf-8")
    return path


def edit(path: Path, *edits: Edit) -> Path:
    """Apply the edits to the file in place; each replaced text must occur exactly once."""
    text = path.read_text("utf-8")
    for old, new in edits:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    path.write_text(text, "utf-8")
    return path


class GitRepo:
    """A repository of its own under tmp_path; commits with a fixed identity."""

    def __init__(self, root: Path) -> None:
        root.mkdir(parents=True, exist_ok=True)
        self.root = root
        self.git("init", "-q")

    def git(self, *args: str) -> str:
        assert GIT is not None
        done = subprocess.run(
            [GIT, "-c", "user.name=t", "-c", "user.email=t@t", "-c", "commit.gpgsign=false", *args],
            cwd=self.root, env=environment(), capture_output=True, encoding="utf-8", check=True,
        )  # fmt: skip
        return done.stdout.strip()

    def commit(self, message: str = "change") -> str:
        self.git("add", "-A")
        self.git("commit", "-q", "--allow-empty", "-m", message)
        return self.git("rev-parse", "HEAD")


@pytest.fixture
def repo(tmp_path: Path) -> GitRepo:
    if GIT is None:
        pytest.skip("git is not installed")
    return GitRepo(tmp_path / "repo")


@pytest.fixture(params=["git", "json"])
def kind(request: pytest.FixtureRequest) -> str:
    """The two kinds of baseline: a git revision (HEAD) and an earlier --format json report (base.json)."""
    if request.param == "git" and GIT is None:
        pytest.skip("git is not installed")
    return request.param


def record(kind: str, folder: Path, *specs: str) -> str:
    """Make the specs' current state the baseline; returns the value for --baseline."""
    if kind == "git":
        GitRepo(folder).commit("baseline")
        return "HEAD"
    result = homologate("check", "--format", "json", "-o", "base.json", *specs, cwd=folder)
    assert result.status in (EXIT_OK, EXIT_FAIL), result.err
    assert result.out == result.err == ""
    return "base.json"


# --- reading the text output -----------------------------------------------------------------------

_PROBLEM = re.compile(r"^(?P<file>.+?):(?P<line>\d+):(?P<column>\d+): (?P<rule>[A-Z0-9-]+) \[(?:error|warning|info)\] ")
_SUFFIX = {NEW: " (new since {ref})", WORSE: " (worse than at {ref})", EXISTING: " (existing: already at {ref})"}


def marks(stdout: str, ref: str, spec: str | None = None) -> dict[str, str]:
    """Rule id -> baseline state of each problem line (``file:line:column: RULE [severity] ...``)."""
    found: dict[str, str] = {}
    for line in unwrapped(stdout):
        match = _PROBLEM.match(line)
        if match is None or (spec is not None and match["file"] != spec):
            continue
        states = [state for state, suffix in _SUFFIX.items() if line.endswith(suffix.format(ref=ref))]
        assert len(states) == 1, f"no single baseline state against {ref}: {line}"
        assert match["rule"] not in found, line
        found[match["rule"]] = states[0]
    return found


def problem_lines(stdout: str) -> dict[str, tuple[str, int, int]]:
    return {m["rule"]: (m["file"], int(m["line"]), int(m["column"]))
            for m in map(_PROBLEM.match, unwrapped(stdout)) if m}  # fmt: skip


def since_lines(stdout: str) -> list[str]:
    return [line for line in unwrapped(stdout) if line.startswith("since ")]


def fixed_lines(stdout: str) -> list[str]:
    return [line for line in unwrapped(stdout) if line.startswith("  fixed: ")]


def since(ref: str, states: dict[str, str], fixed: int = 0, note: str | None = None) -> str:
    """The totals line a text report ends with against a baseline."""
    counts = [list(states.values()).count(s) for s in (NEW, WORSE, EXISTING)]
    line = f"since {ref}: {counts[0]} new, {counts[1]} worse, {counts[2]} existing, {fixed} fixed"
    return line + (f" ({note})" if note else "")


def fixed_line(rule: str, message: str, verdict: str = FAIL) -> str:
    return f"  fixed: {rule} at {PATHS[rule]} (was {verdict}: {message})"


# --- the same scenarios against a git revision and a JSON report -----------------------------------

# wide-track recorded as the baseline, then edited: (edits, states of the problems, fixed rules, exit status)
SCENARIOS: dict[str, tuple[tuple[Edit, ...], dict[str, str], tuple[str, ...], int]] = {
    "unchanged": ((), all_(EXISTING), (), EXIT_OK),
    "lines-moved": ((TWO_LINES_ABOVE,), all_(EXISTING), (), EXIT_OK),
    "fixed": ((FRONT_1760,), all_(EXISTING, (REAR, WIDTH, TYRE)), (FRONT,), EXIT_OK),
    "better-but-failing": ((FRONT_1785,), all_(EXISTING), (), EXIT_OK),
    "failure-worse": ((FRONT_1810,), {**all_(EXISTING), FRONT: WORSE}, (), EXIT_FAIL),
    "marginal-to-failure": ((REAR_1790,), {**all_(EXISTING), REAR: WORSE}, (), EXIT_FAIL),
    "marginal-worse": ((REAR_1782,), {**all_(EXISTING), REAR: WORSE}, (), EXIT_OK),  # only --strict fails it
    "new-failure": ((TANK_650,), {**all_(EXISTING), TANK: NEW}, (), EXIT_FAIL),
    "mixed": ((FRONT_1760, WIDTH_2200, TANK_650, TWO_LINES_ABOVE),
              {REAR: EXISTING, WIDTH: WORSE, TYRE: EXISTING, TANK: NEW}, (FRONT,), EXIT_FAIL),
}  # fmt: skip


@pytest.mark.parametrize(("edits", "states", "fixed", "status"), list(SCENARIOS.values()), ids=list(SCENARIOS))
def test_wide_track_against_its_baseline(tmp_path: Path, kind: str, edits: tuple[Edit, ...], states: dict[str, str],
                                         fixed: tuple[str, ...], status: int) -> None:  # fmt: skip
    spec = copy_spec(tmp_path / "specs")
    ref = record(kind, spec.parent, "w.yaml")
    edit(spec, *edits)
    result = homologate("check", "-q", "--baseline", ref, "w.yaml", cwd=spec.parent)
    assert result.err == ""
    assert marks(result.out, ref) == states
    assert since_lines(result.out) == [since(ref, states, len(fixed))]
    assert [line.split(" at ")[0] for line in fixed_lines(result.out)] == [f"  fixed: {r}" for r in fixed]
    assert result.status == status


def test_unchanged_failing_spec_is_all_existing_and_passes(tmp_path: Path, kind: str) -> None:
    """The full (not --quiet) report: the table still says FAIL, the car is still NOT COMPLIANT, the run passes, and
    the verdict line says why."""
    spec = copy_spec(tmp_path / "specs")
    ref = record(kind, spec.parent, "w.yaml")
    result = homologate("check", "--baseline", ref, "w.yaml", cwd=spec.parent)
    assert result.status == EXIT_OK
    assert marks(result.out, ref) == all_(EXISTING)
    assert [line.split()[1] for line in result.out.splitlines() if line.startswith("FAIL ")] == [FRONT, WIDTH, TYRE]
    assert (f"NOT COMPLIANT, but passes as no failure is new or worse since {ref}: 39 passed, 1 marginal, 3 failed, "
            "13 not applicable") in unwrapped(result.out)
    assert since_lines(result.out) == [f"since {ref}: 0 new, 0 worse, 4 existing, 0 fixed"]


def test_fixed_failure_is_listed_with_what_it_was(tmp_path: Path, kind: str) -> None:
    spec = copy_spec(tmp_path / "specs")
    ref = record(kind, spec.parent, "w.yaml")
    edit(spec, FRONT_1760)
    result = homologate("check", "-q", "--baseline", ref, "w.yaml", cwd=spec.parent)
    assert result.status == EXIT_OK
    assert fixed_lines(result.out) == [fixed_line(FRONT, FRONT_MESSAGE)]
    assert FRONT not in marks(result.out, ref)


def test_compliant_spec_newly_broken(tmp_path: Path, kind: str) -> None:
    spec = copy_spec(tmp_path / "specs", source=COMPLIANT)
    ref = record(kind, spec.parent, "w.yaml")
    before = homologate("check", "-q", "--baseline", ref, "w.yaml", cwd=spec.parent)
    assert (before.status, marks(before.out, ref)) == (EXIT_OK, {})
    assert since_lines(before.out) == [f"since {ref}: 0 new, 0 worse, 0 existing, 0 fixed"]

    edit(spec, TANK_650)
    result = homologate("check", "-q", "--baseline", ref, "w.yaml", cwd=spec.parent)
    assert result.status == EXIT_FAIL
    assert marks(result.out, ref) == {TANK: NEW}
    line = next(line for line in unwrapped(result.out) if _PROBLEM.match(line))
    assert line == f"w.yaml:80:20: {TANK} [error] 650 L is 50 L above the maximum (≤ 600 L) (new since {ref})"
    assert since_lines(result.out) == [f"since {ref}: 1 new, 0 worse, 0 existing, 0 fixed"]


def test_findings_are_matched_by_path_not_line(tmp_path: Path, kind: str) -> None:
    spec = copy_spec(tmp_path / "specs")
    ref = record(kind, spec.parent, "w.yaml")
    before = problem_lines(homologate("check", "-q", "w.yaml", cwd=spec.parent).out)
    edit(spec, TWO_LINES_ABOVE)
    result = homologate("check", "-q", "--baseline", ref, "w.yaml", cwd=spec.parent)
    after = problem_lines(result.out)
    assert {rule: where[1] - before[rule][1] for rule, where in after.items()} == all_(2)
    assert (result.status, marks(result.out, ref)) == (EXIT_OK, all_(EXISTING))


def test_worse_marginal_counts_only_with_strict(tmp_path: Path, kind: str) -> None:
    spec = copy_spec(tmp_path / "specs")
    ref = record(kind, spec.parent, "w.yaml")
    assert homologate("check", "-q", "--strict", "--baseline", ref, "w.yaml", cwd=spec.parent).status == EXIT_OK
    edit(spec, REAR_1782)
    lax = homologate("check", "-q", "--baseline", ref, "w.yaml", cwd=spec.parent)
    strict = homologate("check", "-q", "--strict", "--baseline", ref, "w.yaml", cwd=spec.parent)
    assert marks(lax.out, ref)[REAR] == marks(strict.out, ref)[REAR] == WORSE
    assert (lax.status, strict.status) == (EXIT_OK, EXIT_FAIL)


def test_batch_exit_status_is_the_worst_spec(tmp_path: Path, kind: str) -> None:
    folder = tmp_path / "specs"
    copy_spec(folder, "a.yaml")
    copy_spec(folder, "b.yaml", source=COMPLIANT)
    ref = record(kind, folder, "a.yaml", "b.yaml")
    edit(folder / "b.yaml", TANK_650)
    result = homologate("check", "-q", "--baseline", ref, "a.yaml", "b.yaml", cwd=folder)
    assert result.status == EXIT_FAIL
    assert marks(result.out, ref, "a.yaml") == all_(EXISTING)
    assert marks(result.out, ref, "b.yaml") == {TANK: NEW}
    assert result.out.endswith("2 specs checked: 1 passed, 1 failed; 0 compliant, 2 not compliant\n")


# --- git revisions ---------------------------------------------------------------------------------


@pytest.mark.parametrize("where", ["untracked", "staged", "new-folder"])
def test_spec_not_at_the_revision_is_checked_in_full(repo: GitRepo, where: str) -> None:
    copy_spec(repo.root, "old.yaml", source=COMPLIANT)
    repo.commit("an older spec")
    folder = repo.root / "new" if where == "new-folder" else repo.root
    copy_spec(folder, "w.yaml")
    if where == "staged":
        repo.git("add", "w.yaml")
    arg = os.path.relpath(folder / "w.yaml", repo.root)
    result = homologate("check", "-q", "--baseline", "HEAD", arg, cwd=repo.root)
    assert result.status == EXIT_FAIL
    assert result.err == ""
    assert marks(result.out, "HEAD") == all_(NEW)
    assert since_lines(result.out) == [since("HEAD", all_(NEW), note="not in HEAD: checked in full")]


def test_compliant_spec_not_at_the_revision_passes_with_the_note(repo: GitRepo) -> None:
    repo.commit("nothing yet")
    copy_spec(repo.root, source=COMPLIANT)
    result = homologate("check", "-q", "--baseline", "HEAD", "w.yaml", cwd=repo.root)
    assert result.status == EXIT_OK
    assert since_lines(result.out) == [since("HEAD", {}, note="not in HEAD: checked in full")]


@pytest.mark.parametrize(
    ("rev", "states", "status"),
    [
        ("HEAD~1", {FRONT: WORSE, REAR: EXISTING, WIDTH: WORSE, TYRE: EXISTING}, EXIT_FAIL),
        ("HEAD~2", {FRONT: WORSE, REAR: WORSE, WIDTH: WORSE, TYRE: EXISTING}, EXIT_FAIL),
        ("HEAD", all_(EXISTING), EXIT_OK),
        ("first", {FRONT: WORSE, REAR: WORSE, WIDTH: WORSE, TYRE: EXISTING}, EXIT_FAIL),  # its full hash
        ("v1", {FRONT: WORSE, REAR: WORSE, WIDTH: WORSE, TYRE: EXISTING}, EXIT_FAIL),  # a tag on the first commit
    ],
)  # fmt: skip
def test_revision_older_than_head(repo: GitRepo, rev: str, states: dict[str, str], status: int) -> None:
    spec = copy_spec(repo.root)
    first = repo.commit("wide track")
    repo.git("tag", "v1")
    edit(spec, REAR_1790)
    repo.commit("rear track wider")
    edit(spec, FRONT_1810, WIDTH_2200)
    repo.commit("front track and width wider")
    rev = first if rev == "first" else rev
    result = homologate("check", "-q", "--baseline", rev, "w.yaml", cwd=repo.root)
    assert result.err == ""
    assert marks(result.out, rev) == states
    assert since_lines(result.out) == [since(rev, states)]
    assert result.status == status


@pytest.mark.parametrize(
    ("cwd", "arg"),
    [
        (".", "{root}/specs/cars/w.yaml"),  # outside the repository, an absolute path
        (".", "repo/specs/cars/w.yaml"),  # outside the repository, a relative path
        ("repo", "specs/cars/w.yaml"),  # the repository's top
        ("repo/docs", "../specs/cars/w.yaml"),  # another folder of the repository
        ("repo/specs/cars", "w.yaml"),  # the spec's own folder
    ],
    ids=["outside-absolute", "outside-relative", "top", "sibling-folder", "own-folder"],
)
def test_spec_in_a_subfolder_from_another_cwd(tmp_path: Path, repo: GitRepo, cwd: str, arg: str) -> None:
    spec = copy_spec(repo.root / "specs" / "cars")
    (repo.root / "docs").mkdir()
    (repo.root / "docs" / "README").write_text("docs\n", "utf-8")
    repo.commit("wide track")
    edit(spec, FRONT_1810)
    arg = arg.format(root=repo.root)
    result = homologate("check", "-q", "--baseline", "HEAD", arg, cwd=tmp_path / cwd)
    assert result.err == ""
    assert result.status == EXIT_FAIL
    assert marks(result.out, "HEAD", spec=arg) == {FRONT: WORSE, REAR: EXISTING, WIDTH: EXISTING, TYRE: EXISTING}
    assert unwrapped(result.out)[0].startswith(f"{arg}: Land Rover Defender")


def test_specs_of_two_repositories_in_one_run(tmp_path: Path) -> None:
    if GIT is None:
        pytest.skip("git is not installed")
    one, two = GitRepo(tmp_path / "one"), GitRepo(tmp_path / "two")
    copy_spec(one.root)
    copy_spec(two.root, source=COMPLIANT)
    one.commit("wide track")
    two.commit("compliant")
    edit(two.root / "w.yaml", TANK_650)
    result = homologate("check", "-q", "--baseline", "HEAD", "one/w.yaml", "two/w.yaml", cwd=tmp_path)
    assert result.status == EXIT_FAIL
    assert marks(result.out, "HEAD", "one/w.yaml") == all_(EXISTING)
    assert marks(result.out, "HEAD", "two/w.yaml") == {TANK: NEW}


def test_jobs_give_the_same_result_as_one_process(repo: GitRepo) -> None:
    names = [f"car{i:02}.yaml" for i in range(16)]  # two processes need at least 8 specs each
    for name in names:
        copy_spec(repo.root, name)
    repo.commit("sixteen cars")
    for name in names[::2]:
        edit(repo.root / name, FRONT_1810)
    one = homologate("check", "-q", "--baseline", "HEAD", *names, cwd=repo.root)
    two = homologate("check", "-q", "--baseline", "HEAD", "--jobs", "2", *names, cwd=repo.root)
    assert (one.status, two.status) == (EXIT_FAIL, EXIT_FAIL)
    assert two.out == one.out
    assert one.out.endswith("16 specs checked: 8 passed, 8 failed; 0 compliant, 16 not compliant\n")


# --- git revisions: errors -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "rev",
    ["no-such-rev", "HEAD~5", "0123456789abcdef0123456789abcdef01234567", "HEAD:w.yaml"],
    ids=["unknown-name", "too-far-back", "unknown-hash", "a-blob"],
)  # an option-like revision is refused before git sees it: tests/test_hostile_surroundings.py
def test_unknown_revision_is_one_line_per_spec(repo: GitRepo, rev: str) -> None:
    copy_spec(repo.root, "a.yaml")
    copy_spec(repo.root, "b.yaml")
    repo.commit("two specs")
    result = homologate("check", f"--baseline={rev}", "a.yaml", "b.yaml", cwd=repo.root)
    assert result.status == EXIT_INPUT
    assert result.err.splitlines() == [
        f"{name}:1:1: --baseline {rev}: not a commit in this file's git repository" for name in ("a.yaml", "b.yaml")
    ]
    assert result.out == "0 specs checked: 0 passed, 0 failed; 2 could not be checked\n"
    assert sorted(p.name for p in repo.root.iterdir()) == [".git", "a.yaml", "b.yaml"]


def test_repository_without_commits(repo: GitRepo) -> None:
    copy_spec(repo.root)
    result = homologate("check", "--baseline", "HEAD", "w.yaml", cwd=repo.root)
    assert (result.status, result.out) == (EXIT_INPUT, "")
    assert result.err == "w.yaml:1:1: --baseline HEAD: not a commit in this file's git repository\n"


@pytest.mark.parametrize("absolute", [False, True], ids=["relative", "absolute"])
def test_spec_outside_any_git_repository(tmp_path: Path, absolute: bool) -> None:
    if GIT is None:
        pytest.skip("git is not installed")
    spec = copy_spec(tmp_path / "plain")
    arg = str(spec) if absolute else "plain/w.yaml"
    # git must not find a repository above tmp_path either (the machine's /tmp might be in one)
    result = homologate("check", "--baseline", "HEAD", arg, cwd=tmp_path, GIT_CEILING_DIRECTORIES=str(tmp_path))
    assert (result.status, result.out) == (EXIT_INPUT, "")
    assert result.err == f"{arg}:1:1: --baseline HEAD: this file is not in a git repository\n"


def test_spec_outside_a_repository_does_not_stop_the_others(tmp_path: Path, repo: GitRepo) -> None:
    copy_spec(repo.root)
    repo.commit("wide track")
    copy_spec(tmp_path / "plain")
    result = homologate("check", "-q", "--baseline", "HEAD", "plain/w.yaml", "repo/w.yaml", cwd=tmp_path,
                        GIT_CEILING_DIRECTORIES=str(tmp_path))  # fmt: skip
    assert result.status == EXIT_INPUT
    assert result.err == "plain/w.yaml:1:1: --baseline HEAD: this file is not in a git repository\n"
    assert marks(result.out, "HEAD", "repo/w.yaml") == all_(EXISTING)


def test_git_not_installed(tmp_path: Path) -> None:
    spec = copy_spec(tmp_path)
    empty = tmp_path / "bin"
    empty.mkdir()
    result = homologate("check", "--baseline", "HEAD", spec.name, cwd=tmp_path, PATH=str(empty))
    assert (result.status, result.out) == (EXIT_INPUT, "")
    assert result.err == "w.yaml:1:1: --baseline HEAD: git is not installed (a JSON report works without it)\n"


UNREADABLE_AT_REV = {
    "malformed-yaml": (b"vehicle: [\n", f"invalid YAML: {yaml_problem(UNCLOSED)}"),
    "empty": (b"", "the file is empty: expected a YAML mapping"),
    "a-list": (b"- a\n", "expected a build spec (a YAML mapping), got a list"),
    "nul-byte": (b"vehicle:\n  make: \x00\n", "expected YAML text, found a NUL byte"),
    "unknown-field": (
        (SPECS / WIDE).read_bytes().replace(b"    track_front: 1795 mm", b"    trak_front: 1795 mm"),
        "build.chassis.trak_front: unknown field (did you mean 'track_front'?)",
    ),
    "not-utf8": (b"vehicle:\n  make: Citro\xebn\n", "expected UTF-8 text, found a byte that is not UTF-8"),
    "over-1-MiB": (b"a: " + b"x" * (1024 * 1024) + b"\n", "file is larger than the 1 MiB limit"),
}  # fmt: skip


@pytest.mark.parametrize(("old", "reason"), list(UNREADABLE_AT_REV.values()), ids=list(UNREADABLE_AT_REV))
def test_spec_unreadable_at_the_revision_is_checked_in_full(repo: GitRepo, old: bytes, reason: str) -> None:
    """README: "A spec that did not exist at the revision (or could not be read there) is checked in full"."""
    (repo.root / "w.yaml").write_bytes(old)
    repo.commit("broken")
    copy_spec(repo.root)
    result = homologate("check", "-q", "--baseline", "HEAD", "w.yaml", cwd=repo.root)
    assert result.err == ""
    assert result.status == EXIT_FAIL
    assert marks(result.out, "HEAD") == all_(NEW)
    note = f"could not be read at HEAD ({reason}): checked in full"
    assert since_lines(result.out) == [since("HEAD", all_(NEW), note=note)]


def test_spec_broken_now_but_fine_at_the_revision_is_an_input_error(repo: GitRepo) -> None:
    copy_spec(repo.root)
    repo.commit("wide track")
    (repo.root / "w.yaml").write_text("vehicle: [\n", "utf-8")
    result = homologate("check", "--baseline", "HEAD", "w.yaml", cwd=repo.root)
    assert (result.status, result.out) == (EXIT_INPUT, "")
    assert result.err == f"w.yaml:2:1: invalid YAML: {yaml_problem(UNCLOSED)}\n"


# --- JSON reports ----------------------------------------------------------------------------------


@pytest.fixture
def recorded(tmp_path: Path) -> Path:
    """A folder with the wide-track spec as w.yaml and base.json, its --format json report."""
    copy_spec(tmp_path)
    assert record("json", tmp_path, "w.yaml") == "base.json"
    return tmp_path


@pytest.mark.parametrize("spelling", ["./w.yaml", "{folder}/w.yaml", "{folder}/./sub/../w.yaml"],
                         ids=["dot-slash", "absolute", "absolute-unnormalised"])  # fmt: skip
def test_json_baseline_matches_the_spec_however_its_path_is_spelt(recorded: Path, spelling: str) -> None:
    (recorded / "sub").mkdir()
    arg = spelling.format(folder=recorded)
    result = homologate("check", "-q", "--baseline", "base.json", arg, cwd=recorded)
    assert (result.status, result.err) == (EXIT_OK, "")
    assert marks(result.out, "base.json") == all_(EXISTING)


def test_json_baseline_needs_no_git(recorded: Path) -> None:
    empty = recorded / "bin"
    empty.mkdir()
    edit(recorded / "w.yaml", FRONT_1760, TANK_650)
    result = homologate("check", "-q", "--baseline", "base.json", "w.yaml", cwd=recorded, PATH=str(empty))
    assert result.status == EXIT_FAIL
    assert marks(result.out, "base.json") == {REAR: EXISTING, WIDTH: EXISTING, TYRE: EXISTING, TANK: NEW}
    assert fixed_lines(result.out) == [fixed_line(FRONT, FRONT_MESSAGE)]


def test_spec_not_in_the_json_baseline_is_checked_in_full(recorded: Path) -> None:
    copy_spec(recorded, "other.yaml")
    result = homologate("check", "-q", "--baseline", "base.json", "w.yaml", "other.yaml", cwd=recorded)
    assert result.status == EXIT_FAIL
    assert marks(result.out, "base.json", "w.yaml") == all_(EXISTING)
    assert marks(result.out, "base.json", "other.yaml") == all_(NEW)
    assert since_lines(result.out) == [
        since("base.json", all_(EXISTING)),
        since("base.json", all_(NEW), note="not in base.json: checked in full"),
    ]


def test_missing_json_baseline_is_an_input_error(tmp_path: Path) -> None:
    """A --baseline FILE.json that does not exist is an error naming the file, not taken for a git revision."""
    copy_spec(tmp_path)
    result = homologate("check", "--baseline", "last-run.json", "w.yaml", cwd=tmp_path,
                        GIT_CEILING_DIRECTORIES=str(tmp_path))  # fmt: skip
    assert (result.status, result.out) == (EXIT_INPUT, "")
    assert result.err == "last-run.json:1:1: --baseline: no such file\n"


DROP = object()


def _at(text: str, index: int) -> tuple[int, int]:
    """The 1-based line and column (in characters) of ``text[index]``."""
    return text.count("\n", 0, index) + 1, index - (text.rfind("\n", 0, index) + 1) + 1


def _finding_of(data: dict[str, Any], rule: str) -> dict[str, Any]:
    return next(f for f in data["reports"][0]["findings"] if f["rule_id"] == rule)


def _pretty(data: Any) -> str:
    """JSON as the json renderer writes it (2-space indent, non-ASCII kept)."""
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def _set(rule: str, field: str, value: Any, *, at_finding: bool = False) -> Callable[[str], tuple[str, int]]:
    """Set (or with ``DROP`` remove) a field of one finding of the report, re-written in the renderer's layout;
    the error is expected at that value, or with ``at_finding`` at the finding's opening brace."""

    def change(text: str) -> tuple[str, int]:
        data = json.loads(text)
        finding = _finding_of(data, rule)
        finding["title"] = "MARKER"  # unique in the file: finds the finding's brace
        if value is DROP:
            del finding[field]
        else:
            finding[field] = value
        changed = _pretty(data)
        if at_finding:
            return changed, changed.rindex("{", 0, changed.index('"title": "MARKER"'))
        marker = f'"{field}": {json.dumps(value)},'
        assert changed.count(marker) == 1, marker
        return changed, changed.index(marker) + len(f'"{field}": ')

    return change


def _fixed(content: str, value: str) -> Callable[[str], tuple[str, int]]:
    """Replace the whole file; the error is expected where ``value`` first occurs (index 0 when empty)."""
    return lambda _: (content, content.index(value) if value else 0)


def _unquoted_verdict(text: str) -> tuple[str, int]:
    changed = text.replace('"verdict": "fail"', '"verdict": fail', 1)
    return changed, changed.index('"verdict": fail') + len('"verdict": ')


NO_ID = "--baseline: expected a finding with rule_id, path, verdict as text"
NOT_A_REPORT = ("--baseline: expected a report written by 'homologate check --format json' "
                '("format": "homologate-report")')  # fmt: skip
BAD_BASELINES = {
    "invalid-json": (_unquoted_verdict, "--baseline: invalid JSON: Expecting value"),
    "empty-file": (_fixed("", ""), "--baseline: invalid JSON: Expecting value"),
    "trailing-comma": (_fixed('{\n  "format": "homologate-report",\n}\n', "}"),
                       "--baseline: invalid JSON: Expecting property name enclosed in double quotes"),
    "a-list": (_fixed("[]\n", ""), NOT_A_REPORT),
    "other-format": (_fixed('{\n  "format": "sarif",\n  "reports": []\n}\n', '"sarif"'), NOT_A_REPORT),
    "sarif-file": (_fixed('{\n  "version": "2.1.0",\n  "runs": []\n}\n', ""), NOT_A_REPORT),
    "reports-not-a-list": (_fixed('{\n  "format": "homologate-report",\n  "reports": {}\n}\n', "{}"),
                           "--baseline: reports: expected a list, got a mapping"),
    "report-without-spec-file": (
        _fixed('{"format": "homologate-report", "reports": [\n  {"findings": []}\n]}\n', '{"findings"'),
        '--baseline: expected a report with a "spec_file"',
    ),
    "bad-verdict": (_set(WIDTH, "verdict", "bogus"),
                    "--baseline: verdict: expected one of fail, marginal, waived, pass, not_applicable, "
                    "got the text 'bogus'"),
    "verdict-not-text": (_set(WIDTH, "verdict", 2, at_finding=True), NO_ID),
    "bad-margin": (_set(WIDTH, "margin_value", "-15 mm"),
                   "--baseline: margin_value: expected a finite number or null, got the text '-15 mm'"),
    "boolean-margin": (_set(WIDTH, "margin_value", True),
                       "--baseline: margin_value: expected a finite number or null, got true"),
    "no-rule-id": (_set(WIDTH, "rule_id", DROP, at_finding=True), NO_ID),
}  # fmt: skip


@pytest.mark.parametrize(("change", "message"), list(BAD_BASELINES.values()), ids=list(BAD_BASELINES))
def test_malformed_json_baseline(recorded: Path, change: Callable[[str], tuple[str, int]], message: str) -> None:
    base = recorded / "base.json"
    text, index = change(base.read_text("utf-8"))
    base.write_text(text, "utf-8")
    line, column = _at(text, index)
    result = homologate("check", "--baseline", "base.json", "w.yaml", cwd=recorded)
    assert (result.status, result.out) == (EXIT_INPUT, "")
    assert result.err == f"base.json:{line}:{column}: {message}\n"


def test_bad_verdict_is_placed_in_the_pretty_printed_report(recorded: Path) -> None:
    """The position is that of the value, computed here from the file's own text, not from a parser."""
    text = (recorded / "base.json").read_text("utf-8")
    assert _pretty(json.loads(text)) == text  # the renderer's layout, so _set keeps it
    changed, _ = _set(WIDTH, "verdict", "bogus")(text)
    (recorded / "base.json").write_text(changed, "utf-8")
    lines = changed.splitlines()
    line = next(n for n, t in enumerate(lines, 1) if t.strip() == '"verdict": "bogus",')
    column = lines[line - 1].index('"bogus"') + 1
    result = homologate("check", "--baseline", "base.json", "w.yaml", cwd=recorded)
    assert result.status == EXIT_INPUT
    assert result.err.startswith(f"base.json:{line}:{column}: --baseline: verdict: ")
    assert (line, column) != (1, 1)


def test_json_baseline_that_is_not_utf8(recorded: Path) -> None:
    (recorded / "base.json").write_bytes(b'{"format": "homologate-report\xff"}')
    result = homologate("check", "--baseline", "base.json", "w.yaml", cwd=recorded)
    assert (result.status, result.out) == (EXIT_INPUT, "")
    assert result.err == "base.json:1:30: --baseline: expected UTF-8 text, found a byte that is not UTF-8\n"


def test_json_baseline_with_a_huge_integer_margin(recorded: Path) -> None:
    base = recorded / "base.json"
    data = json.loads(base.read_text("utf-8"))
    _finding_of(data, FRONT)["margin_value"] = 10**400
    base.write_text(_pretty(data), "utf-8")
    result = homologate("check", "--baseline", "base.json", "w.yaml", cwd=recorded)  # no internal error, no traceback
    assert result.status in (EXIT_OK, EXIT_FAIL, EXIT_INPUT)


def test_minimal_hand_written_json_baseline(tmp_path: Path) -> None:
    """Only rule_id, path and verdict are needed; a verdict that was pass is not a problem to compare with."""
    copy_spec(tmp_path)
    findings = [{"rule_id": FRONT, "path": PATHS[FRONT], "verdict": "fail"},
                {"rule_id": WIDTH, "path": PATHS[WIDTH], "verdict": "pass"},
                {"rule_id": TANK, "path": PATHS[TANK], "verdict": "marginal", "message": "was close"}]  # fmt: skip
    report = {"format": "homologate-report", "reports": [{"spec_file": "w.yaml", "findings": findings}]}
    (tmp_path / "base.json").write_text(json.dumps(report), "utf-8")
    result = homologate("check", "-q", "--baseline", "base.json", "w.yaml", cwd=tmp_path)
    assert result.status == EXIT_FAIL
    assert marks(result.out, "base.json") == {FRONT: EXISTING, REAR: NEW, WIDTH: NEW, TYRE: NEW}
    assert fixed_lines(result.out) == [fixed_line(TANK, "was close", MARGINAL)]


# --- machine formats with a baseline ---------------------------------------------------------------

MIXED_STATES = {REAR: EXISTING, WIDTH: WORSE, TYRE: EXISTING, TANK: NEW}
SARIF_STATE = {NEW: "new", WORSE: "updated", EXISTING: "unchanged"}


@pytest.fixture
def mixed(tmp_path: Path, kind: str) -> tuple[Path, str]:
    """The wide-track spec recorded as the baseline, then fixed (front track), worse (width) and broken (tank)."""
    spec = copy_spec(tmp_path / "specs")
    ref = record(kind, spec.parent, "w.yaml")
    edit(spec, FRONT_1760, WIDTH_2200, TANK_650)
    return spec.parent, ref


def test_json_output_with_a_baseline(mixed: tuple[Path, str]) -> None:
    folder, ref = mixed
    result = homologate("check", "--format", "json", "--baseline", ref, "w.yaml", cwd=folder)
    assert (result.status, result.err) == (EXIT_FAIL, "")
    document = json.loads(result.out)
    schema = json.loads((ROOT / "checker" / "schemas" / "report.schema.json").read_text("utf-8"))
    jsonschema.Draft202012Validator(schema).validate(document)
    assert (document["baseline"], document["exit_code"]) == (ref, EXIT_FAIL)
    [report] = document["reports"]
    assert (report["compliant"], report["exit_code"]) == (False, EXIT_FAIL)
    assert {f["rule_id"]: f["baseline"] for f in report["findings"] if f["baseline"]} == MIXED_STATES
    assert all(f["baseline"] is None for f in report["findings"] if f["verdict"] in (PASS, NOT_APPLICABLE))
    assert (report["baseline"]["ref"], report["baseline"]["note"]) == (ref, None)
    [fixed] = report["baseline"]["fixed"]
    assert (fixed["rule_id"], fixed["path"], fixed["verdict"], fixed["file"]) == (FRONT, PATHS[FRONT], FAIL, "w.yaml")
    assert fixed["message"] == FRONT_MESSAGE


def test_json_output_notes_a_spec_checked_in_full(tmp_path: Path, kind: str) -> None:
    folder = tmp_path / "specs"
    copy_spec(folder, "old.yaml", source=COMPLIANT)
    ref = record(kind, folder, "old.yaml")
    copy_spec(folder)
    result = homologate("check", "--format", "json", "--baseline", ref, "w.yaml", cwd=folder)
    assert result.status == EXIT_FAIL
    [report] = json.loads(result.out)["reports"]
    assert report["baseline"] == {"ref": ref, "note": f"not in {ref}: checked in full", "fixed": []}
    assert {f["rule_id"]: f["baseline"] for f in report["findings"] if f["baseline"]} == all_(NEW)


def test_sarif_output_with_a_baseline(mixed: tuple[Path, str]) -> None:
    folder, ref = mixed
    result = homologate("check", "--format", "sarif", "--baseline", ref, "w.yaml", cwd=folder)
    assert (result.status, result.err) == (EXIT_FAIL, "")
    [run] = json.loads(result.out)["runs"]
    results = run["results"]
    assert all("baselineState" in r for r in results)
    assert {r["ruleId"]: r["baselineState"] for r in results} == {r: SARIF_STATE[s] for r, s in MIXED_STATES.items()}
    assert len(results) == len(MIXED_STATES)  # the fixed front track is left out
    assert run["invocations"][0]["exitCode"] == EXIT_FAIL


def test_sarif_states_cover_new_updated_and_unchanged(tmp_path: Path, kind: str) -> None:
    spec = copy_spec(tmp_path / "specs")
    ref = record(kind, spec.parent, "w.yaml")
    plain = json.loads(homologate("check", "--format", "sarif", "w.yaml", cwd=spec.parent).out)
    assert not any("baselineState" in r for r in plain["runs"][0]["results"])
    edit(spec, FRONT_1810, TANK_650)
    result = homologate("check", "--format", "sarif", "--baseline", ref, "w.yaml", cwd=spec.parent)
    states = {r["ruleId"]: r["baselineState"] for r in json.loads(result.out)["runs"][0]["results"]}
    assert states == {FRONT: "updated", REAR: "unchanged", WIDTH: "unchanged", TYRE: "unchanged", TANK: "new"}
    assert result.status == EXIT_FAIL


# --- compare() on hand-built reports ---------------------------------------------------------------


@pytest.fixture
def wide(stock: Ruleset) -> Report:
    return evaluate(load_spec(SPECS / WIDE, "w.yaml"), stock)


def _only(report: Report, *rules: str) -> dict[str, Finding]:
    found = {f.rule_id: f for f in report.findings if f.rule_id in rules}
    assert sorted(found) == sorted(rules)
    return found


def _states(report: Report) -> dict[str, str]:
    return {f.rule_id: f.baseline for f in report.findings if f.baseline is not None}


def test_real_report_has_the_expected_problems(wide: Report) -> None:
    problems = {f.rule_id: (f.path, f.verdict, f.margin_value) for f in wide.findings if f.problem}
    assert problems == {
        FRONT: (PATHS[FRONT], FAIL, -15.0),
        REAR: (PATHS[REAR], MARGINAL, -1.0),
        WIDTH: (PATHS[WIDTH], FAIL, -16.0),
        TYRE: (PATHS[TYRE], FAIL, pytest.approx(-12.7)),  # 0.5 in, in mm
    }


def test_compare_without_a_before_marks_every_problem_new(wide: Report) -> None:
    marked = compare(wide, None, "HEAD~1", "not in HEAD~1: checked in full")
    assert _states(marked) == all_(NEW)
    assert marked.baseline == Baseline("HEAD~1", (), "not in HEAD~1: checked in full")
    assert marked.exit_code() == EXIT_FAIL
    # the input is left as it was
    assert wide.baseline is None
    assert _states(wide) == {}


def test_compare_with_itself_is_all_existing(wide: Report) -> None:
    marked = compare(wide, wide, "HEAD")
    assert _states(marked) == all_(EXISTING)
    assert marked.baseline == Baseline("HEAD", (), None)
    assert (marked.compliant, marked.exit_code(), marked.exit_code(fail_on=FailOn.MARGINAL)) == (
        False,
        EXIT_OK,
        EXIT_OK,
    )
    assert [dataclasses.replace(f, baseline=None) for f in marked.findings] == list(wide.findings)


def test_compare_matches_by_rule_and_path_not_by_line(wide: Report) -> None:
    moved = tuple(dataclasses.replace(f, line=f.line + 40, column=f.column + 3, message="moved") for f in wide.findings)
    marked = compare(wide, dataclasses.replace(wide, findings=moved), "HEAD")
    assert _states(marked) == all_(EXISTING)
    assert marked.baseline is not None
    assert marked.baseline.fixed == ()


@pytest.mark.parametrize("field", ["rule_id", "path"])
def test_compare_other_key_is_new_and_the_old_one_fixed(wide: Report, field: str) -> None:
    front = _only(wide, FRONT)[FRONT]
    if field == "rule_id":  # a rule of another id: the finding's rule is its own
        renamed = dataclasses.replace(front, rule=dataclasses.replace(front.rule, id=front.rule.id + "-OLD"))
    else:
        renamed = dataclasses.replace(front, path=front.path + "-OLD")
    before = dataclasses.replace(wide, findings=tuple(renamed if f is front else f for f in wide.findings))
    marked = compare(wide, before, "HEAD")
    assert _states(marked) == {**all_(EXISTING), FRONT: NEW}
    assert marked.baseline is not None
    assert marked.baseline.fixed == (renamed,)
    assert marked.exit_code() == EXIT_FAIL


def test_compare_fixed_lists_only_problems_that_are_gone(wide: Report) -> None:
    found = _only(wide, FRONT, REAR, WIDTH)
    now = tuple(dataclasses.replace(f, verdict=PASS, margin_value=5.0) if f is found[FRONT]
                else dataclasses.replace(f, verdict=NOT_APPLICABLE) if f is found[REAR] else f
                for f in wide.findings)  # fmt: skip
    gone = dataclasses.replace(found[WIDTH].rule, id="GONE")
    gone_pass = dataclasses.replace(found[WIDTH], rule=gone, verdict=PASS)  # a pass that disappeared
    marked = compare(dataclasses.replace(wide, findings=now),
                     dataclasses.replace(wide, findings=wide.findings + (gone_pass,)), "HEAD")  # fmt: skip
    assert _states(marked) == {WIDTH: EXISTING, TYRE: EXISTING}
    assert marked.baseline is not None
    assert marked.baseline.fixed == (found[FRONT], found[REAR])
    assert marked.exit_code() == EXIT_OK


@pytest.mark.parametrize(
    ("was_verdict", "was_margin", "now_verdict", "now_margin", "state"),
    [
        (FAIL, -15.0, FAIL, -15.0, EXISTING),
        (FAIL, -15.0, FAIL, -15.0 - EPSILON / 2, EXISTING),  # within the rounding allowance
        (FAIL, -15.0, FAIL, -15.0 - EPSILON, EXISTING),  # exactly the allowance: not beyond it
        (FAIL, -15.0, FAIL, -15.0 - 2 * EPSILON, WORSE),
        (FAIL, -15.0, FAIL, -30.0, WORSE),
        (FAIL, -15.0, FAIL, -5.0, EXISTING),  # better, still failing
        (FAIL, -15.0, MARGINAL, -1.0, EXISTING),
        (MARGINAL, -1.0, MARGINAL, -1.0, EXISTING),
        (MARGINAL, -1.0, MARGINAL, -2.0, WORSE),
        (MARGINAL, -1.0, FAIL, -10.0, WORSE),
        (MARGINAL, -20.0, FAIL, -10.0, WORSE),  # a worse verdict, whatever the margin
        (MARGINAL, None, FAIL, None, WORSE),
        (FAIL, None, FAIL, -15.0, EXISTING),  # no margin to compare with
        (FAIL, -15.0, FAIL, None, EXISTING),
    ],
)  # fmt: skip
def test_compare_worse_verdict_or_margin(wide: Report, was_verdict: str, was_margin: float | None, now_verdict: str,
                                        now_margin: float | None, state: str) -> None:  # fmt: skip
    front = _only(wide, FRONT)[FRONT]
    was = dataclasses.replace(front, verdict=was_verdict, margin_value=was_margin)
    now = dataclasses.replace(front, verdict=now_verdict, margin_value=now_margin)
    marked = compare(dataclasses.replace(wide, findings=(now,)), dataclasses.replace(wide, findings=(was,)), "HEAD")
    assert _states(marked) == {FRONT: state}
    assert marked.baseline is not None
    assert marked.baseline.fixed == ()
    counts = state != EXISTING
    assert marked.exit_code() == (EXIT_FAIL if counts and now_verdict == FAIL else EXIT_OK)
    assert marked.exit_code(fail_on=FailOn.MARGINAL) == (EXIT_FAIL if counts else EXIT_OK)


def test_compare_leaves_passes_unmarked(wide: Report) -> None:
    marked = compare(wide, None, "HEAD")
    for finding in marked.findings:
        assert (finding.baseline is not None) == finding.problem
        assert finding.counts_against == (finding.baseline != EXISTING)
