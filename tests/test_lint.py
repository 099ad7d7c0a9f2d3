"""The code as the project's linters see it: ruff with the rule set in pyproject.toml, and mypy --strict on
checker/. Both are tools of their own, run as the processes they are, so that the README's test command
(what CI runs) enforces them."""

from __future__ import annotations

import importlib.util
import subprocess
import sys

import pytest

from tests.helpers import ROOT


def run(*command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=600, check=False)


def test_ruff_finds_nothing() -> None:
    # the ruff of this interpreter's environment, found whether or not that environment is activated
    if importlib.util.find_spec("ruff") is None:
        pytest.fail("ruff is not installed: pip install '.[test]'")
    done = run(sys.executable, "-m", "ruff", "check", "--no-cache", "checker", "tests", "benchmarks")
    assert done.returncode == 0, done.stdout + done.stderr


def test_mypy_strict_finds_nothing() -> None:
    done = run(sys.executable, "-m", "mypy")  # files and --strict from pyproject.toml
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Success: no issues found" in done.stdout
