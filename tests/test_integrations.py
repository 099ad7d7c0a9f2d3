"""The integrations this repository ships: the pre-commit hook and the composite GitHub Action.

pre-commit: the real framework runs ``.pre-commit-hooks.yaml`` from this checkout in a throw-away git
repository, installing homologate into a virtual environment of its own, as ``pre-commit try-repo`` (the
README's way to try the hook) does: the same repository and revision (this checkout, with its uncommitted
changes to tracked files), the same configuration, ``pre-commit run`` on it. try-repo would build a new
store, so a new environment, on each call; the cases here share one store instead (one install for all,
where one try-repo per case installed four times over), which changes nothing of what is installed or
run. One module-scoped fixture runs every case and the tests read its results.

GitHub Action: ``action.yml`` is read as data (a composite action whose scripts never have an input pasted
into them), then its "Check specs" step is run with bash the way the runner does, with the inputs in
``INPUT_*`` variables, ``GITHUB_OUTPUT`` pointing at a file, and the repository root as the workspace.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import stat
import subprocess
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.conftest import ROOT, SPECS
from tests.helpers import run_cli, unwrapped

PASSING, FAILING, MARGINAL = "defender-d7x-r.yaml", "defender-wide-track.yaml", "toyota-land-cruiser-300.yaml"


@dataclass(frozen=True)
class Done:
    status: int
    stdout: str
    stderr: str


def _run(args: list[str], *, cwd: Path, env: Mapping[str, str], timeout: float = 600) -> Done:
    result = subprocess.run(args, cwd=cwd, env=dict(env), capture_output=True, text=True, encoding="utf-8",
                            timeout=timeout, check=False)  # fmt: skip
    return Done(result.returncode, result.stdout, result.stderr)


# --- pre-commit -------------------------------------------------------------------------------------

# The project where the hook runs: files relative to its root, each a copy of a bundled spec or some text.
PROJECT = {
    "specs/ok.yaml": PASSING,
    "specs/bad.yaml": FAILING,
    "specs/notes.txt": "not YAML: the hook's types leave it out\n",
    "team/specs/bad.yaml": FAILING,  # a specs/ folder anywhere matches (^|/)specs/
    "docs/bad.yaml": FAILING,  # outside any specs/ folder: never given to the hook
}


@dataclass(frozen=True)
class HookCase:
    files: list[str]  # given to pre-commit with --files
    status: int
    verdict: str  # what follows "homologate....." on pre-commit's line for the hook
    checked: str | None = None  # the one file the hook reports, when it fails


HOOK_CASES = {
    "passing": HookCase(["specs/ok.yaml"], 0, "Passed"),
    "failing": HookCase(["specs/bad.yaml"], 1, "Failed", "specs/bad.yaml"),
    "outside-specs": HookCase(["docs/bad.yaml"], 0, "(no files to check)Skipped"),
    # only the nested specs/ folder's YAML reaches the hook: docs/bad.yaml would fail, notes.txt be refused
    "mixed": HookCase(["team/specs/bad.yaml", "docs/bad.yaml", "specs/notes.txt"], 1, "Failed", "team/specs/bad.yaml"),
}
HOOK_LINE = re.compile(r"^homologate\.+(.*)$", re.MULTILINE)  # "homologate.....Passed"


def _git_env(pre_commit_home: Path) -> dict[str, str]:
    """The environment without the caller's git state (a hook may be running us) or configuration."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GIT_", "PRE_COMMIT")) and k != "PYTHONPATH"}
    return env | {"GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1", "PRE_COMMIT_HOME": str(pre_commit_home),
                  "NO_COLOR": "1"}  # fmt: skip


# try-repo's own choice of repository and revision (pre_commit/commands/try_repo.py): HEAD, or with uncommitted
# changes to tracked files, a clone of this checkout with them committed in it, made in the folder given
_TRY_REPO_REF = """
import sys
from pre_commit.commands.try_repo import _repo_ref
print(*_repo_ref(sys.argv[1], sys.argv[2], None), sep="\\n")
"""


@pytest.fixture(scope="module")
def hook_runs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Done]:
    """Every HOOK_CASES run of ``pre-commit run --files ...`` with the configuration ``pre-commit try-repo
    <this repository> homologate`` writes, in one store (PRE_COMMIT_HOME): the first run installs the hook's
    environment (pip install of this repository, from the package index, as for a user), the others use it.
    """
    pytest.importorskip("pre_commit", reason="pre-commit is a test extra: pip install -e '.[test]'")
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    home = tmp_path_factory.mktemp("pre-commit-home")
    env = _git_env(home)
    if _run(["git", "-C", str(ROOT), "rev-parse", "HEAD"], cwd=ROOT, env=env).status != 0:
        pytest.skip(f"{ROOT} is not a git repository with a commit: pre-commit try-repo needs one")
    project = tmp_path_factory.mktemp("project")
    for name, what in PROJECT.items():
        (project / name).parent.mkdir(parents=True, exist_ok=True)
        if (SPECS / what).is_file():
            shutil.copy(SPECS / what, project / name)
        else:
            (project / name).write_text(what, "utf-8")
    for command in (["git", "init", "-q"], ["git", "add", "--", *PROJECT]):
        assert _run(command, cwd=project, env=env).status == 0
    tried = tmp_path_factory.mktemp("try-repo")
    found = _run([sys.executable, "-c", _TRY_REPO_REF, str(tried), str(ROOT)], cwd=ROOT, env=env)
    assert found.status == 0, found.stderr
    repo, rev = found.stdout.splitlines()
    config = tried / ".pre-commit-config.yaml"
    config.write_text(yaml.safe_dump({"repos": [{"repo": repo, "rev": rev, "hooks": [{"id": "homologate"}]}]}), "utf-8")

    def run(files: list[str]) -> Done:
        return _run([sys.executable, "-m", "pre_commit", "run", "--config", str(config), "homologate", "--color",
                     "never", "--files", *files], cwd=project, env=env)  # fmt: skip

    return {name: run(case.files) for name, case in HOOK_CASES.items()}


@pytest.mark.parametrize("name", list(HOOK_CASES))
def test_hook_verdict(hook_runs: dict[str, Done], name: str) -> None:
    case, done = HOOK_CASES[name], hook_runs[name]
    assert (done.status, HOOK_LINE.findall(done.stdout)) == (case.status, [case.verdict]), done.stdout + done.stderr
    if case.checked is None:
        assert "- hook id" not in done.stdout  # a hook that passed or did not run shows no output
    assert "docs/bad.yaml" not in done.stdout


@pytest.mark.parametrize("name", [name for name, case in HOOK_CASES.items() if case.checked])
def test_hook_output_is_the_quiet_report(hook_runs: dict[str, Done], tmp_path: Path, name: str) -> None:
    """The hook is ``homologate check --quiet``: pre-commit shows exactly what that prints for the file."""
    file, done = HOOK_CASES[name].checked, hook_runs[name]
    assert file is not None
    _, output = done.stdout.split("- hook id: homologate\n- exit code: 1\n\n", 1)
    lines = unwrapped(output)  # each line wrapped to 100 columns: pre-commit's output is no terminal
    assert f"{file}:60:18: STK-TRACK-FRONT [error] 1795 mm is 15 mm above the maximum (≤ 1780 mm)" in lines
    shutil.copy(SPECS / FAILING, tmp_path / "spec.yaml")
    direct = run_cli("check", "--quiet", "spec.yaml", cwd=tmp_path)  # what the command prints, in this process
    assert "\n".join(lines).rstrip("\n") == "\n".join(unwrapped(direct.out)).replace("spec.yaml", file).rstrip("\n")


def test_hook_definition() -> None:
    (hook,) = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text("utf-8"))
    assert hook["id"] == "homologate"
    assert hook["language"] == "python"
    assert hook["entry"] == "homologate check --quiet"
    pattern = re.compile(hook["files"])
    matched = ["specs/car.yaml", "team/specs/car.yml", "specs/sub/car.yaml"]
    unmatched = ["docs/car.yaml", "myspecs/car.yaml", "specs.yaml", "car.yaml"]
    assert [bool(pattern.search(p)) for p in matched + unmatched] == [True] * len(matched) + [False] * len(unmatched)


# --- GitHub Action: the file -------------------------------------------------------------------------

ACTION: dict[str, Any] = yaml.safe_load((ROOT / "action.yml").read_text("utf-8"))
# YAML 1.1 (PyYAML) reads the input named `on` as the boolean true; GitHub reads it as the name "on".
INPUTS: dict[str, dict[str, Any]] = {("on" if name is True else name): spec for name, spec in ACTION["inputs"].items()}
STEPS: list[dict[str, Any]] = ACTION["runs"]["steps"]
INPUT_EXPRESSION = re.compile(r"\$\{\{\s*inputs\.([A-Za-z0-9_-]+)\s*\}\}")


def _step(name: str) -> dict[str, Any]:
    (step,) = [s for s in STEPS if s.get("name") == name]
    return step


def test_action_is_a_composite_action_whose_scripts_name_their_shell() -> None:
    assert ACTION["runs"]["using"] == "composite"
    scripts = [s for s in STEPS if "run" in s]
    assert [s["name"] for s in scripts] == ["Install homologate", "Check specs"]
    assert all(s.get("shell") == "bash" for s in scripts)


def test_action_never_pastes_an_expression_into_a_script() -> None:
    """Script injection guard: inputs (and any other context) reach the scripts only as variables."""
    for step in STEPS:
        assert "${{" not in step.get("run", ""), step["name"]
    check = _step("Check specs")
    for variable, value in check["env"].items():
        match = INPUT_EXPRESSION.fullmatch(value)
        assert match, (variable, value)
        assert variable == "INPUT_" + match.group(1).upper().replace("-", "_")
        assert match.group(1) in INPUTS
        assert f"${variable}" in check["run"]  # and the script uses it


def test_every_input_is_used_and_the_output_is_the_check_s_status() -> None:
    text = (ROOT / "action.yml").read_text("utf-8")
    assert sorted(INPUTS) == sorted(["paths", "rules", "on", "baseline", "fail-on", "strict", "sarif", "junit",
                                     "upload-sarif", "python-version"])  # fmt: skip
    for name in INPUTS:
        assert re.search(rf"inputs\.{re.escape(name)}\b", text), name
    assert ACTION["outputs"]["exit-code"]["value"] == "${{ steps.check.outputs.exit-code }}"
    assert _step("Check specs")["id"] == "check"
    assert 'echo "exit-code=$status" >> "$GITHUB_OUTPUT"' in _step("Check specs")["run"]


def test_action_uploads_sarif_with_codeql_action() -> None:
    upload = _step("Upload SARIF")
    assert upload["uses"].startswith("github/codeql-action/upload-sarif@")
    assert upload["with"]["sarif_file"] == "${{ inputs.sarif }}"
    for condition in ("always()", "inputs.sarif != ''", "inputs.upload-sarif == 'true'", "hashFiles(inputs.sarif)"):
        assert condition in upload["if"]
    (setup,) = [s for s in STEPS if s.get("uses", "").startswith("actions/setup-python@")]
    assert setup["with"]["python-version"] == "${{ inputs.python-version }}"


# --- GitHub Action: the "Check specs" step, run -----------------------------------------------------


@dataclass(frozen=True)
class StepRun:
    status: int
    stdout: str
    stderr: str
    outputs: dict[str, str]  # what the step wrote to GITHUB_OUTPUT
    calls: list[list[str]]  # the arguments of each homologate command the script ran


StepRunner = Callable[..., StepRun]  # check_step(paths=..., strict=..., ...): the inputs by name


@pytest.fixture(scope="module")
def homologate_script() -> str:
    found = shutil.which("homologate")
    if found is None:
        pytest.skip("the homologate console script is not on PATH (pip install -e .)")
    return found


@pytest.fixture
def check_step(tmp_path: Path, homologate_script: str) -> StepRunner:
    """Runs the step's script as the runner does: `bash --noprofile --norc -eo pipefail FILE` in the workspace.

    A `homologate` first on PATH writes down its arguments and hands over to the real console script, so
    the tests see what the shell passed (patterns unexpanded, flags) as well as what came out."""
    calls = tmp_path / "calls"
    shim = tmp_path / "bin" / "homologate"
    shim.parent.mkdir()
    shim.write_text(f"#!/usr/bin/env bash\n{{ printf '%s\\037' \"$@\"; printf '\\n'; }} >> '{calls}'\n"
                    f"exec '{homologate_script}' \"$@\"\n", "utf-8")  # fmt: skip
    shim.chmod(shim.stat().st_mode | stat.S_IXUSR)
    step = _step("Check specs")
    script = tmp_path / "step.sh"
    script.write_text(step["run"], "utf-8")

    def run(**inputs: str) -> StepRun:
        values = {name: str(spec.get("default", "")) for name, spec in INPUTS.items()} | inputs
        output = tmp_path / "github_output"
        output.write_text("", "utf-8")
        calls.write_text("", "utf-8")
        env = {k: v for k, v in os.environ.items() if not k.startswith(("INPUT_", "GITHUB_", "HOMOLOGATE_"))}
        env |= {name: INPUT_EXPRESSION.sub(lambda m: values[m.group(1)], value) for name, value in step["env"].items()}
        path = [str(shim.parent), str(Path(homologate_script).parent), env.get("PATH", "")]
        env |= {"GITHUB_OUTPUT": str(output), "GITHUB_ACTIONS": "true", "PATH": os.pathsep.join(path)}
        done = _run(["bash", "--noprofile", "--norc", "-eo", "pipefail", str(script)], cwd=ROOT, env=env, timeout=120)
        outputs = dict(line.split("=", 1) for line in output.read_text("utf-8").splitlines())
        argv = [line.rstrip("\x1f").split("\x1f") for line in calls.read_text("utf-8").splitlines()]
        return StepRun(done.status, done.stdout, done.stderr, outputs, argv)

    return run


RULES = ["--rules", "dakar-2026-stock"]


def github(*paths: str, options: tuple[str, ...] = ()) -> list[str]:
    """The arguments the step gives homologate for its annotations."""
    return ["check", *RULES, *options, "--format", "github", "--", *paths]


# inputs -> exit status, the homologate commands run
STEP_CASES = {
    "compliant": ({"paths": f"specs/{PASSING}"}, 0, [github(f"specs/{PASSING}")]),
    "not-compliant": ({"paths": f"specs/{FAILING}"}, 1, [github(f"specs/{FAILING}")]),
    "default-paths": ({}, 1, [github("specs")]),
    "glob-left-to-homologate": ({"paths": "specs/defender-*.yaml"}, 1, [github("specs/defender-*.yaml")]),
    "recursive-glob": ({"paths": "specs/**/toyota-*.yaml"}, 0, [github("specs/**/toyota-*.yaml")]),
    "several-paths": (
        {"paths": f"  specs/{PASSING}\n\tspecs/{MARGINAL}  \n"}, 0, [github(f"specs/{PASSING}", f"specs/{MARGINAL}")]
    ),
    "marginal": ({"paths": f"specs/{MARGINAL}"}, 0, [github(f"specs/{MARGINAL}")]),
    "marginal-strict": (
        {"paths": f"specs/{MARGINAL}", "strict": "true"}, 1, [github(f"specs/{MARGINAL}", options=("--strict",))]
    ),
    "strict-not-true": ({"paths": f"specs/{MARGINAL}", "strict": "yes"}, 0, [github(f"specs/{MARGINAL}")]),
    "marginal-fail-on-marginal": (
        {"paths": f"specs/{MARGINAL}", "fail-on": "marginal"}, 1,
        [github(f"specs/{MARGINAL}", options=("--fail-on", "marginal"))],
    ),
    "marginal-fail-on-warning": (
        {"paths": f"specs/{MARGINAL}", "fail-on": "warning"}, 0,
        [github(f"specs/{MARGINAL}", options=("--fail-on", "warning"))],
    ),
    "fail-on-misspelt": (
        {"paths": f"specs/{MARGINAL}", "fail-on": "marginl"}, 2,
        [github(f"specs/{MARGINAL}", options=("--fail-on", "marginl"))],
    ),
    "on-date": (
        {"paths": f"specs/{PASSING}", "on": "2035-01-01"}, 1,  # the harnesses have expired by then
        [github(f"specs/{PASSING}", options=("--on", "2035-01-01"))],
    ),
    "other-ruleset": (
        {"paths": f"specs/{PASSING}", "rules": "fia-t2-base"}, 0,
        [["check", "--rules", "fia-t2-base", "--format", "github", "--", f"specs/{PASSING}"]],
    ),
    "unreadable": ({"paths": "specs/nothing-*.yaml"}, 2, [github("specs/nothing-*.yaml")]),
}  # fmt: skip


@pytest.mark.parametrize(("inputs", "status", "calls"), list(STEP_CASES.values()), ids=list(STEP_CASES))
def test_check_step(check_step: StepRunner, inputs: dict[str, str], status: int, calls: list[list[str]]) -> None:
    run = check_step(**inputs)
    assert (run.status, run.outputs, run.calls) == (status, {"exit-code": str(status)}, calls), run.stderr


def test_check_step_on_a_compliant_spec_prints_no_annotation(check_step: StepRunner) -> None:
    run = check_step(paths=f"specs/{PASSING}")
    assert run.stdout == f"specs/{PASSING}: compliant (43 passed, 0 marginal, 0 failed, 13 not applicable)\n"
    assert "::error" not in run.stdout + run.stderr
    assert run.outputs == {"exit-code": "0"}


def test_check_step_annotates_a_failure_and_writes_sarif(check_step: StepRunner, tmp_path: Path) -> None:
    sarif = tmp_path / "out" / "homologate.sarif"
    sarif.parent.mkdir()
    run = check_step(paths=f"specs/{FAILING}", sarif=str(sarif))
    assert (run.status, run.outputs) == (1, {"exit-code": "1"})
    assert run.calls == [github(f"specs/{FAILING}", options=("-o", f"sarif:{sarif}"))]  # one run
    lines = run.stdout.splitlines()
    assert [line.split("::")[1].split(",title=")[0] for line in lines[:-1]] == [
        f"error file=specs/{FAILING},line=60,col=18",
        f"warning file=specs/{FAILING},line=61,col=17",  # the marginal rear track
        f"error file=specs/{FAILING},line=62,col=12",
        f"error file=specs/{FAILING},line=68,col=20",
    ]
    assert lines[0].startswith(f"::error file=specs/{FAILING},line=60,col=18,title=STK-TRACK-FRONT%3A ")
    assert lines[-1] == f"specs/{FAILING}: NOT COMPLIANT (39 passed, 1 marginal, 3 failed, 13 not applicable)"
    results = json.loads(sarif.read_text("utf-8"))["runs"][0]["results"]
    assert [(r["ruleId"], r["level"], r["locations"][0]["physicalLocation"]["region"]) for r in results] == [
        ("STK-TRACK-FRONT", "error", {"startLine": 60, "startColumn": 18}),
        ("STK-TRACK-REAR", "warning", {"startLine": 61, "startColumn": 17}),
        ("STK-WIDTH", "error", {"startLine": 62, "startColumn": 12}),
        ("STK-TYRE-DIAMETER", "error", {"startLine": 68, "startColumn": 20}),
    ]
    assert {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in results} == {f"specs/{FAILING}"}


def test_check_step_writes_sarif_and_junit_from_one_run(check_step: StepRunner, tmp_path: Path) -> None:
    """Both files are what a run of that one format writes; a name with a colon is still the file named."""
    sarif, junit = tmp_path / "homologate.sarif", tmp_path / "tests:homologate.xml"
    run = check_step(paths=f"specs/{FAILING} specs/{PASSING}", sarif=str(sarif), junit=str(junit))
    assert (run.status, run.outputs) == (1, {"exit-code": "1"})
    assert run.calls == [github(f"specs/{FAILING}", f"specs/{PASSING}",
                                options=("-o", f"sarif:{sarif}", "-o", f"junit:{junit}"))]  # fmt: skip
    for fmt, written in (("sarif", sarif), ("junit", junit)):
        alone = tmp_path / f"alone.{fmt}"
        run_cli("check", f"specs/{FAILING}", f"specs/{PASSING}", "--format", fmt, "-o", alone, cwd=ROOT,
                env={"SOURCE_DATE_EPOCH": None})  # fmt: skip
        assert _timeless(written.read_text("utf-8")) == _timeless(alone.read_text("utf-8")), fmt


def _timeless(text: str) -> str:
    """A report with JUnit's timestamp and time attributes blanked: two runs differ in those alone."""
    return re.sub(r'(timestamp|time)="[^"]*"', r'\1=""', text)


def test_check_step_refused_writes_neither_file(check_step: StepRunner, tmp_path: Path) -> None:
    sarif, junit = tmp_path / "homologate.sarif", tmp_path / "homologate.xml"
    run = check_step(paths=f"specs/{PASSING}", rules="no-such-ruleset", sarif=str(sarif), junit=str(junit))
    assert (run.status, run.outputs) == (2, {"exit-code": "2"})
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("homologate")) == []


def test_check_step_expands_no_pattern_itself(check_step: StepRunner) -> None:
    """With `set -f` the shell leaves the quoted glob alone; homologate expands it, sorted."""
    run = check_step(paths="specs/defender-*.yaml")
    assert run.calls == [github("specs/defender-*.yaml")]
    checked = [line.split(": ", 1)[0] for line in run.stdout.splitlines() if not line.startswith("::")]
    assert checked == [f"specs/defender-{n}.yaml" for n in ("big-tank", "d7x-r", "engine-swap", "wide-track")]


def test_check_step_with_a_json_baseline_fails_only_on_new_problems(check_step: StepRunner, tmp_path: Path) -> None:
    baseline = tmp_path / "before.json"
    before = run_cli("check", "--format", "json", "-o", str(baseline), f"specs/{FAILING}", cwd=ROOT)  # in process
    assert (before.status, baseline.is_file()) == (1, True)
    run = check_step(paths=f"specs/{FAILING}", baseline=str(baseline))
    assert (run.status, run.outputs) == (0, {"exit-code": "0"})
    assert run.calls == [github(f"specs/{FAILING}", options=("--baseline", str(baseline)))]
    assert "::error" not in run.stdout  # the failures are notices now: they were already there


def test_check_step_does_not_run_what_an_input_holds(check_step: StepRunner, tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    paths = f"specs/{PASSING} $(touch {marker}) `touch {marker}` ;touch {marker}"
    run = check_step(paths=paths, rules=f"dakar-2026-stock$(touch {marker})")
    assert not marker.exists()
    assert run.calls == [[
        "check", "--rules", f"dakar-2026-stock$(touch {marker})", "--format", "github", "--",
        f"specs/{PASSING}", "$(touch", f"{marker})", "`touch", f"{marker}`", ";touch", str(marker),
    ]]  # fmt: skip
    assert (run.status, run.outputs) == (2, {"exit-code": "2"})  # no such ruleset: refused, nothing run
