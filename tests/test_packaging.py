"""The wheel carries the bundled rulesets, schemas and py.typed; the README's Quick start is what CI runs."""

from __future__ import annotations

import re
import subprocess
import sys
import zipfile
from pathlib import Path

from tests.conftest import ROOT


def test_wheel_ships_the_bundled_rulesets_and_schemas(tmp_path: Path) -> None:
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path), str(ROOT)],
                   check=True, capture_output=True, timeout=300)  # fmt: skip
    (wheel,) = tmp_path.glob("homologate-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for rules in (ROOT / "rules").glob("*.yaml"):
        assert f"checker/rules/{rules.name}" in names
    for spec in (ROOT / "specs").glob("*.yaml"):  # what the bundled rules' examples patch
        assert f"checker/specs/{spec.name}" in names
    assert "checker/schemas/ruleset.schema.json" in names
    assert "checker/schemas/report.schema.json" in names
    assert "checker/py.typed" in names  # PEP 561: type checkers read the API's annotations
    assert any(n.endswith("entry_points.txt") for n in names)


def _quick_start() -> list[str]:
    text = (ROOT / "README.md").read_text("utf-8")
    section = text.split("## Quick start", 1)[1]
    block = re.search(r"```[a-z]*\n(.*?)```", section, re.S)
    assert block is not None
    return [line for line in block.group(1).splitlines() if line.strip() and not line.lstrip().startswith("#")]


def test_readme_quick_start_holds_two_commands_and_ci_runs_the_second() -> None:
    commands = _quick_start()
    assert len(commands) == 2
    assert "homologate check specs/defender-d7x-r.yaml" in commands[0]
    assert "pytest" in commands[1]
    assert commands[1] in (ROOT / ".ci" / "run").read_text("utf-8")


def test_every_command_has_a_row_in_the_readme_commands_table() -> None:
    from checker.cli.main import cli

    text = (ROOT / "README.md").read_text("utf-8")
    table = text.split("## Commands", 1)[1].split("\n\n", 2)[1]
    rows = {line.split("`")[1].split()[1] for line in table.splitlines() if line.startswith("| `homologate ")}
    assert rows == set(cli.commands)
