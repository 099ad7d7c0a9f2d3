"""Batches: files, folders and glob patterns in one ``homologate check``; --jobs; --strict.

The command runs in this process (``tests.helpers.run_cli``: the console script's entry point, its error lines
and exit statuses, output not a terminal as in CI), and the tests compare its whole standard output and
standard error with what is expected, line for line: the order of
the specs, which ones are reported, the refusals, the line of totals and the exit status. ``--quiet``
keeps the expected text short; the full table is compared with single-spec runs instead.
"""

from __future__ import annotations

import concurrent.futures
import json
import os
import shutil
from pathlib import Path

import pytest

from checker.pipeline import MIN_PER_JOB, Checker, Options, check_many, collect
from checker.render import FORMATS
from checker.report import Report, Unchecked
from tests.helpers import SPECS, Ran, assert_usage_error, run_cli, yaml_problem

# What ``check --quiet`` prints for each bundled spec, whatever file it is copied to ({f}).
QUIET = {
    "defender-d7x-r.yaml": [
        ("{f}: Land Rover Defender Dakar D7X-R (form T2-ILLUSTRATIVE-0001, class T2 Stock, entry Defender Rally "
         "(illustrative entry))"),
        "COMPLIANT: 43 passed, 0 marginal, 0 failed, 13 not applicable",
    ],
    "defender-wide-track.yaml": [
        ("{f}: Land Rover Defender Dakar D7X-R (wide-track variant) (form T2-ILLUSTRATIVE-0001, class T2 Stock, "
         "entry Illustrative variant, not a real entry)"),
        "{f}:60:18: STK-TRACK-FRONT [error] 1795 mm is 15 mm above the maximum (≤ 1780 mm)",
        ("{f}:61:17: STK-TRACK-REAR [warning] 1781 mm is 1 mm above the maximum (≤ 1780 mm), within the measurement "
         "tolerance"),
        "{f}:62:12: STK-WIDTH [error] 2180 mm is 16 mm above the maximum (≤ 2164 mm)",
        "{f}:68:20: STK-TYRE-DIAMETER [error] 37.5 in is 0.5 in above the maximum (≤ 37 in)",
        "NOT COMPLIANT: 39 passed, 1 marginal, 3 failed, 13 not applicable",
    ],
    "toyota-land-cruiser-300.yaml": [
        ("{f}: Toyota Land Cruiser 300 GR Sport (form T2-ILLUSTRATIVE-0002, class T2 Stock, entry Team Land Cruiser "
         "Toyota Auto Body (illustrative entry))"),
        ("{f}:64:16: T2-WHEELBASE [warning] 2851 mm differs from the production value 2850 mm by 1 mm, within the "
         "measurement tolerance"),
        "COMPLIANT: 41 passed, 1 marginal, 0 failed, 13 not applicable",
    ],
    "defender-big-tank.yaml": [
        ("{f}: Land Rover Defender Dakar D7X-R (big-tank variant) (form T2-ILLUSTRATIVE-0001, class T2 Stock, "
         "entry Illustrative variant, not a real entry)"),
        "{f}:74:18: T2-SAFETY-TANK [error] FT3 is not one of: FT3-1999, FT3.5, FT5",
        "{f}:75:21: T2-FUEL-LINES [error] no, but the rule requires yes",
        "{f}:73:20: STK-FUEL-TANK [error] 650 L is 50 L above the maximum (≤ 600 L)",
        "NOT COMPLIANT: 40 passed, 0 marginal, 3 failed, 13 not applicable",
    ],
}
D7X, WIDE, TANK = "defender-d7x-r.yaml", "defender-wide-track.yaml", "defender-big-tank.yaml"
LC300 = "toyota-land-cruiser-300.yaml"
MALFORMED = "vehicle: [\n"
MALFORMED_ERROR = f"2:1: invalid YAML: {yaml_problem(MALFORMED)}"  # the words after the colon are libyaml's


# --- helpers ---------------------------------------------------------------------------------------


def homologate(*args: str, cwd: Path) -> Ran:
    """``homologate ARGS`` run in this process in ``cwd`` (tests.helpers.run_cli, which unsets HOMOLOGATE_DEBUG and
    NO_COLOR)."""
    done = run_cli(*args, cwd=cwd, env={"COLUMNS": "400"})  # lines whole: what is printed, not its layout
    assert "Traceback" not in done.err
    return done


def place(root: Path, layout: dict[str, str]) -> None:
    """Files under ``root``: a bundled spec's name copies that spec, any other text is the file's content."""
    for name, what in layout.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if (SPECS / what).is_file():
            shutil.copy(SPECS / what, path)
        else:
            path.write_text(what, "utf-8")


def quiet(file: str, spec: str) -> str:
    """The ``--quiet`` block of one spec as the batch streams it (render_one's text, then a blank line)."""
    return "\n".join(line.format(f=file) for line in QUIET[spec]) + "\n\n"  # no '*' shown: no legend of it


def headers(stdout: str) -> list[str]:
    """The spec files whose reports a text output holds, in order (from each report's first line)."""
    return [line.split(": ", 1)[0] for line in stdout.splitlines() if ": " in line and "(form T2-" in line]


def summary(specs: int, passed: int, failed: int, unchecked: int = 0) -> str:
    """The batch's last line; ``specs`` counts every input, ``unchecked`` those that could not be checked."""
    checked = specs - unchecked
    text = f"{checked} spec{'s' if checked != 1 else ''} checked: {passed} passed, {failed} failed"
    return text + (f"; {unchecked} could not be checked" if unchecked else "") + "\n"


def refusal(arg: str, message: str, line: int = 1, column: int = 1) -> str:
    return f"{arg}:{line}:{column}: {message}\n"


NO_MATCH = "no YAML spec matches this pattern"
EMPTY_FOLDER = "no YAML specs (*.yaml, *.yml) in this folder"


# --- 1. files, folders and patterns ------------------------------------------------------------------

TREE: dict[str, str] = {
    "a.yaml": D7X,
    "b.yaml": WIDE,
    "fleet/z.yaml": LC300,
    "fleet/m/y.yml": TANK,
    "fleet/.hidden/h.yaml": WIDE,  # a hidden folder below a folder: skipped
    "fleet/notes.txt": "not a spec",
    "pool/defender-1.yaml": D7X,
    "pool/defender-2.yaml": WIDE,
    "pool/other.yaml": LC300,  # not matched by pool/defender-*.yaml
    "deep/x.yaml": D7X,
    "deep/sub/y.yaml": LC300,
    "deep/sub/readme.md": "not a spec",
    "deep/.cache/z.yaml": WIDE,  # hidden: neither ** nor the folder expansion goes there
    "empty/notes.txt": "not a spec",
}


def test_files_folders_and_patterns_in_one_call(tmp_path: Path) -> None:
    """Every spec once, in the order named; folders and patterns expanded sorted; refusals on stderr."""
    place(tmp_path, TREE)
    result = homologate("check", "--quiet", "a.yaml", "fleet", "pool/defender-*.yaml", "nothing-*.yaml", "b.yaml",
                        "empty", "deep/**", cwd=tmp_path)  # fmt: skip
    assert result.out == "".join([
        quiet("a.yaml", D7X),
        quiet("fleet/m/y.yml", TANK),  # a folder's files sorted by path, *.yml too
        quiet("fleet/z.yaml", LC300),
        quiet("pool/defender-1.yaml", D7X),
        quiet("pool/defender-2.yaml", WIDE),
        quiet("b.yaml", WIDE),
        quiet("deep/sub/y.yaml", LC300),  # 'deep/**' matches deep/, deep/sub and the files: each file once
        quiet("deep/x.yaml", D7X),
        summary(10, passed=5, failed=3, unchecked=2),
    ])  # fmt: skip
    assert result.err == refusal("nothing-*.yaml", NO_MATCH) + refusal("empty", EMPTY_FOLDER)
    assert result.status == 2


@pytest.mark.parametrize(
    ("args", "files"),
    [
        (["deep/**"], ["deep/sub/y.yaml", "deep/x.yaml"]),
        (["deep/**/*.yaml"], ["deep/sub/y.yaml", "deep/x.yaml"]),
        (["deep"], ["deep/sub/y.yaml", "deep/x.yaml"]),
        (["*.yaml"], ["a.yaml", "b.yaml"]),
        (["pool/defender-[12].yaml"], ["pool/defender-1.yaml", "pool/defender-2.yaml"]),
        (["pool/?ther.yaml", "a.yaml"], ["pool/other.yaml", "a.yaml"]),  # the order named, not sorted
        (["fleet/.hidden"], ["fleet/.hidden/h.yaml"]),  # a hidden folder named explicitly is checked
        (["fleet/.*/*.yaml"], ["fleet/.hidden/h.yaml"]),  # and so is one a pattern names explicitly
        (["odd/weird[1].yaml"], ["odd/weird[1].yaml"]),  # an existing file is a file, even if it looks like a pattern
    ],
    ids=["double-star", "double-star-yaml", "folder", "star", "bracket", "order-named", "hidden-named",
         "hidden-pattern", "file-like-a-pattern"],
)  # fmt: skip
def test_collect(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: list[str], files: list[str]) -> None:
    """Which files ``collect`` expands each argument to, in order (the command above prints them in this order)."""
    place(tmp_path, {**TREE, "odd/weird[1].yaml": D7X, "odd/weird1.yaml": WIDE})
    monkeypatch.chdir(tmp_path)
    assert list(collect(args)) == [Path(f) for f in files]


@pytest.mark.parametrize(
    ("arg", "line"),
    [
        ("nothing-*.yaml", refusal("nothing-*.yaml", NO_MATCH)),
        ("fleet/*.txt", refusal("fleet/*.txt", NO_MATCH)),  # matches a file, but not a YAML one
        ("fleet/*/*.yaml", refusal("fleet/*/*.yaml", NO_MATCH)),  # * skips .hidden, the only folder with a .yaml
        ("nowhere/**", refusal("nowhere/**", NO_MATCH)),
        ("empty", refusal("empty", EMPTY_FOLDER)),
        ("nope.yaml", refusal("nope.yaml", "no such file")),
    ],
    ids=["no-match", "only-non-yaml", "only-hidden", "no-folder", "empty-folder", "missing-file"],
)
def test_an_argument_that_yields_nothing_is_one_line_and_the_rest_is_checked(tmp_path: Path, arg: str,
                                                                             line: str) -> None:  # fmt: skip
    place(tmp_path, TREE)
    result = homologate("check", "--quiet", "a.yaml", arg, "b.yaml", cwd=tmp_path)
    assert result.out == quiet("a.yaml", D7X) + quiet("b.yaml", WIDE) + summary(3, passed=1, failed=1, unchecked=1)
    assert result.err == line
    assert result.status == 2


@pytest.mark.parametrize(
    ("args", "status"),
    [
        (["pool/other.yaml", "deep"], 0),  # compliant, one of them with a marginal finding
        (["b.yaml", "a.yaml"], 1),  # 1 beats 0, whatever the order
        (["pool"], 1),
        (["a.yaml", "nothing-*.yaml"], 2),
        (["empty", "b.yaml", "a.yaml"], 2),  # 2 beats 1
    ],
)
def test_exit_status_is_the_worst(tmp_path: Path, args: list[str], status: int) -> None:
    place(tmp_path, TREE)
    assert homologate("check", "--quiet", *args, cwd=tmp_path).status == status


def test_a_file_named_by_two_arguments_is_reported_once(tmp_path: Path) -> None:
    """One report per spec: a file named again (by a pattern, or spelt another way) is checked where first named."""
    place(tmp_path, TREE)
    result = homologate("check", "--quiet", "a.yaml", "a.*", "./a.yaml", cwd=tmp_path)
    assert result.out == quiet("a.yaml", D7X)
    assert result.status == 0


def test_a_file_reached_by_a_link_is_reported_once_where_first_named(tmp_path: Path) -> None:
    """The same file is the same spec whatever its name: through a symbolic link or a hard link."""
    place(tmp_path, TREE)
    (tmp_path / "soft.yaml").symlink_to("a.yaml")
    os.link(tmp_path / "a.yaml", tmp_path / "hard.yaml")
    result = homologate("check", "--quiet", "hard.yaml", "soft.yaml", "a.yaml", cwd=tmp_path)
    assert result.out == quiet("hard.yaml", D7X)
    assert result.status == 0


def test_a_folder_and_the_pattern_for_it_give_the_same_order(tmp_path: Path) -> None:
    place(tmp_path, {"s/a/x.yaml": D7X, "s/a-b/x.yaml": WIDE})
    folder = homologate("check", "--quiet", "s", cwd=tmp_path)
    pattern = homologate("check", "--quiet", "s/**/*.yaml", cwd=tmp_path)
    assert folder.out == quiet("s/a/x.yaml", D7X) + quiet("s/a-b/x.yaml", WIDE) + summary(2, 1, 1)
    assert pattern.out == folder.out


def test_the_full_table_of_a_batch_is_each_spec_s_own_output_in_turn(tmp_path: Path) -> None:
    """Without --quiet, the streamed batch is exactly the single-spec outputs, one after another, then totals."""
    place(tmp_path, TREE)
    names = ["a.yaml", "fleet/m/y.yml", "fleet/z.yaml", "b.yaml"]
    batch = homologate("check", "a.yaml", "fleet", "b.yaml", cwd=tmp_path)
    singles = [homologate("check", name, cwd=tmp_path) for name in names]
    assert batch.out == "".join(s.out for s in singles) + summary(4, passed=2, failed=2)
    assert [s.out.split(": ", 1)[0] for s in singles] == names
    assert batch.err == ""
    assert batch.status == max(s.status for s in singles) == 1


# --- 2. one unreadable spec ----------------------------------------------------------------------------

BAD = {
    "malformed": (MALFORMED, f"bad.yaml:{MALFORMED_ERROR}"),
    "not-a-mapping": ("- a\n", "bad.yaml:1:1: expected a build spec (a YAML mapping), got a list"),
    "duplicate-key": ("a: 1\na: 2\n", "bad.yaml:2:1: duplicate key 'a' (first given on line 1)"),
}


@pytest.mark.parametrize(("content", "line"), list(BAD.values()), ids=list(BAD))
def test_one_unreadable_spec_in_a_batch_text(tmp_path: Path, content: str, line: str) -> None:
    place(tmp_path, {"a.yaml": D7X, "bad.yaml": content, "b.yaml": WIDE})
    result = homologate("check", "--quiet", "a.yaml", "bad.yaml", "b.yaml", cwd=tmp_path)
    assert result.out == quiet("a.yaml", D7X) + quiet("b.yaml", WIDE) + summary(3, passed=1, failed=1, unchecked=1)
    assert result.err == line + "\n"
    assert result.status == 2


@pytest.mark.parametrize(
    ("content", "line", "to_file"),
    [(*BAD["malformed"], True), *((*bad, False) for bad in BAD.values())],
    ids=["malformed-output-file", *(f"{name}-stdout" for name in BAD)],
)
def test_one_unreadable_spec_in_a_batch_json(tmp_path: Path, content: str, line: str, to_file: bool) -> None:
    place(tmp_path, {"a.yaml": D7X, "bad.yaml": content, "b.yaml": WIDE})
    output = ["-o", "report.json"] if to_file else []
    result = homologate("check", "--format", "json", *output, "a.yaml", "bad.yaml", "b.yaml", cwd=tmp_path)
    text = (tmp_path / "report.json").read_text("utf-8") if to_file else result.out
    assert result.out == ("" if to_file else text)
    doc = json.loads(text)
    where, message = line.split(": ", 1)
    file, row, column = where.split(":")
    assert doc["unchecked"] == [{"file": file, "line": int(row), "column": int(column), "message": message, "more": []}]
    assert [(r["spec_file"], r["compliant"], r["exit_code"]) for r in doc["reports"]] == [
        ("a.yaml", True, 0),
        ("b.yaml", False, 1),
    ]
    assert doc["summary"] == {"specs": 3, "compliant": 1, "not_compliant": 1, "unchecked": 1, "passed": 1, "failed": 1}
    assert doc["exit_code"] == 2
    assert result.err == line + "\n"
    assert result.status == 2


# --- 3. --jobs -------------------------------------------------------------------------------------------

BATCH_SPECS = [TANK, D7X, WIDE, LC300, "defender-engine-swap.yaml", "land-cruiser-expired-safety.yaml"]
BATCH_SIZE, BAD_INDEX = 40, 17


def _batch_layout() -> dict[str, str]:
    """40 copies of the bundled specs in turn (compliant, marginal and failing ones), one of them malformed.

    Compliant: the D7X-R and the Land Cruiser 300, every 6th spec from 1 and from 3 (14); the malformed one
    (17) would have been a failing spec: 25 fail."""
    layout = {f"batch/spec-{i:02d}.yaml": BATCH_SPECS[i % len(BATCH_SPECS)] for i in range(BATCH_SIZE)}
    layout[f"batch/spec-{BAD_INDEX:02d}.yaml"] = MALFORMED
    return layout


@pytest.fixture(scope="module")
def batch_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("jobs")
    place(root, _batch_layout())
    return root


def test_the_batch_is_large_enough_for_the_process_pool() -> None:
    assert BATCH_SIZE >= 4 * MIN_PER_JOB  # --jobs 4 really runs 4 processes


@pytest.mark.parametrize("fmt", [["--format", "text"], ["--format", "json"]], ids=["text", "json"])
def test_jobs_do_not_change_a_byte(batch_dir: Path, fmt: list[str]) -> None:
    runs = {jobs: homologate("check", *fmt, "--jobs", str(jobs), "batch", cwd=batch_dir) for jobs in (1, 2, 4)}
    assert runs[2] == runs[1]
    assert runs[4] == runs[1]
    one = runs[1]
    assert one.err == f"batch/spec-{BAD_INDEX}.yaml:{MALFORMED_ERROR}\n"
    assert one.status == 2
    if fmt[1] == "text":
        assert headers(one.out) == [f"batch/spec-{i:02d}.yaml" for i in range(BATCH_SIZE) if i != BAD_INDEX]
        assert one.out.endswith(summary(40, passed=14, failed=25, unchecked=1))
    else:
        doc = json.loads(one.out)
        assert [r["spec_file"] for r in doc["reports"]] == [
            f"batch/spec-{i:02d}.yaml" for i in range(BATCH_SIZE) if i != BAD_INDEX
        ]
        assert doc["summary"] == {"specs": 40, "compliant": 14, "not_compliant": 25, "unchecked": 1,
                                  "passed": 14, "failed": 25}  # fmt: skip


class PoolSpy:
    """Stands in for concurrent.futures.ProcessPoolExecutor: a real pool, and a record of the workers asked for."""

    real = concurrent.futures.ProcessPoolExecutor

    def __init__(self) -> None:
        self.workers: list[int] = []

    def __call__(self, max_workers: int, **kwargs: object) -> object:
        self.workers.append(max_workers)
        return self.real(max_workers, **kwargs)


@pytest.fixture
def pool_spy(monkeypatch: pytest.MonkeyPatch) -> PoolSpy:
    spy = PoolSpy()
    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", spy)  # batch imports it when it needs it
    return spy


@pytest.fixture
def four_cpus(monkeypatch: pytest.MonkeyPatch) -> None:
    """A machine of 4 CPUs, whatever runs the tests: --jobs is capped at the CPUs there are."""
    monkeypatch.setattr("checker.pipeline.available_cpus", lambda: 4)


@pytest.fixture(scope="module")
def unreadable_batch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The 40-spec batch with two more specs that cannot be checked: one not UTF-8 (spec-05) and one
    whose vehicle is a number (spec-29), besides the malformed spec-17."""
    root = tmp_path_factory.mktemp("jobs-unreadable")
    place(root, _batch_layout())
    (root / "batch" / "spec-05.yaml").write_bytes(b"vehicle:\n  make: Land \xff Rover\n")
    (root / "batch" / "spec-29.yaml").write_text("spec_version: 2\nvehicle: 3\n", "utf-8")
    return root


@pytest.mark.parametrize("fmt", list(FORMATS))
@pytest.mark.usefixtures("four_cpus")
def test_jobs_do_not_change_a_byte_in_any_format(unreadable_batch: Path, pool_spy: PoolSpy, fmt: str) -> None:
    """Every format, and a batch with specs that cannot be checked among those that can: what 2 and 4 worker
    processes write, on standard output and standard error, is what one process writes, in the same order."""
    env = {"SOURCE_DATE_EPOCH": "1767225600"}  # junit's timestamp, the same for every run
    runs = {jobs: run_cli("check", "--format", fmt, "--jobs", str(jobs), "batch", "nothing-*.yaml",
                          cwd=unreadable_batch, env=env) for jobs in (1, 2, 4)}  # fmt: skip
    assert pool_spy.workers == [2, 4]
    assert runs[2] == runs[1]
    assert runs[4] == runs[1]
    refused = [line.split(":")[0] for line in runs[1].err_lines]  # spec-29's three problems, each a line
    assert refused == ["batch/spec-05.yaml", "batch/spec-17.yaml", *["batch/spec-29.yaml"] * 3, "nothing-*.yaml"]
    assert runs[1].status == 2
    assert "Traceback" not in runs[1].err
    assert "batch/spec-39.yaml" in runs[1].out  # the last spec checked is in the output


@pytest.fixture(scope="module")
def batch_items(batch_dir: Path) -> list[Path | Unchecked]:
    """The 40 specs as ``collect`` gives them, plus a refused pattern: 41 items, absolute paths."""
    return list(collect([str(batch_dir / "batch"), str(batch_dir / "nothing-*.yaml")]))


@pytest.mark.usefixtures("four_cpus")
def test_check_many_in_processes_equals_in_process(batch_items: list[Path | Unchecked], pool_spy: PoolSpy) -> None:
    checker_ = Checker(Options("dakar-2026-stock"))
    alone = list(check_many(batch_items, checker_, jobs=1))
    assert pool_spy.workers == []
    pooled = list(check_many(batch_items, checker_, jobs=2))
    assert pool_spy.workers == [2]
    assert pooled == alone
    assert [type(r) for r in alone] == [Unchecked if i in (BAD_INDEX, BATCH_SIZE) else Report
                                        for i in range(BATCH_SIZE + 1)]  # fmt: skip
    assert [r.spec_file for r in alone if isinstance(r, Report)] == [
        str(p) for p in batch_items if isinstance(p, Path) and p.name != f"spec-{BAD_INDEX}.yaml"
    ]


@pytest.mark.parametrize(
    ("size", "jobs", "workers"),
    [
        (2 * MIN_PER_JOB - 1, 4, []),  # too few to share: checked in this process
        (2 * MIN_PER_JOB, 4, [2]),  # as many processes as there are MIN_PER_JOB specs for
        (4 * MIN_PER_JOB, 4, [4]),
        (100, 1, []),
        (100, 1000, [4]),  # never more processes than CPUs
    ],
)
@pytest.mark.usefixtures("four_cpus")
def test_when_the_pool_is_used(batch_items: list[Path | Unchecked], pool_spy: PoolSpy, size: int, jobs: int,
                               workers: list[int]) -> None:  # fmt: skip
    items = batch_items * 3
    checker_ = Checker(Options("dakar-2026-stock"))
    results = list(check_many(items[:size], checker_, jobs=jobs))
    assert pool_spy.workers == workers
    assert results == list(map(checker_, items[:size]))


@pytest.mark.parametrize(
    "value", ["0", "-1", "two"],
)
def test_bad_jobs_is_a_usage_error(tmp_path: Path, value: str) -> None:
    place(tmp_path, {"a.yaml": D7X})
    result = homologate("check", "--jobs", value, "a.yaml", cwd=tmp_path)
    assert_usage_error(result, "--jobs", value)


# --- 4. --strict ---------------------------------------------------------------------------------------


STRICT_LC300 = "COMPLIANT, but fails --fail-on marginal with 1 marginal value: 41 passed, 1 marginal, 0 failed, " \
               "13 not applicable"  # fmt: skip


@pytest.mark.parametrize(
    ("strict", "status", "verdict", "totals"),
    [([], 0, QUIET[LC300][-1], summary(2, passed=2, failed=0)),
     (["--strict"], 1, STRICT_LC300, "2 specs checked: 0 passed, 2 failed (--fail-on marginal); 2 compliant, "
                                     "0 not compliant\n")],
    ids=["default", "strict"],
)  # fmt: skip
def test_strict_fails_on_a_marginal_finding(tmp_path: Path, strict: list[str], status: int, verdict: str,
                                            totals: str) -> None:  # fmt: skip
    """The Land Cruiser's only problem is a marginal wheelbase: compliant, but a strict run fails, and its
    verdict line and the batch's totals say so."""
    place(tmp_path, {"lc.yaml": LC300, "lc2.yaml": LC300})
    one = homologate("check", "--quiet", *strict, "lc.yaml", cwd=tmp_path)
    block = quiet("lc.yaml", LC300).replace(QUIET[LC300][-1], verdict)
    assert one == Ran(status, block, "")
    two = homologate("check", "--quiet", *strict, "lc.yaml", "lc2.yaml", cwd=tmp_path)
    assert two == Ran(status, block + block.replace("lc.yaml", "lc2.yaml") + totals, "")
    doc = json.loads(homologate("check", "--format", "json", *strict, "lc.yaml", cwd=tmp_path).out)
    assert (doc["strict"], doc["exit_code"]) == (bool(strict), status)
    assert [(r["compliant"], r["exit_code"]) for r in doc["reports"]] == [(True, status)]


@pytest.mark.parametrize(("spec", "status"), [(D7X, 0), (WIDE, 1)], ids=["clean", "failing"])
def test_strict_does_not_change_a_clean_or_a_failing_spec(tmp_path: Path, spec: str, status: int) -> None:
    place(tmp_path, {"car.yaml": spec})
    result = homologate("check", "--quiet", "--strict", "car.yaml", cwd=tmp_path)
    assert result == Ran(status, quiet("car.yaml", spec), "")
