"""No machine paths in what is published (issue 16, item 10): the bundled rulesets are named by name and
version in every output, whatever the working folder and wherever homologate is installed."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from checker.ruleset.raw import bundled_dir, published
from tests.helpers import SPECS, run_cli

SPEC = SPECS / "defender-d7x-r.yaml"
COMMANDS = {
    "check json": ("check", SPEC, "--format", "json"),
    "check sarif": ("check", SPEC, "--format", "sarif"),
    "explain": ("explain", "T2-WHEELBASE", SPEC),
    "test -v": ("test", "-v"),
    "rules": ("rules",),
    "rules json": ("rules", "--format", "json"),
}


@pytest.mark.parametrize("args", COMMANDS.values(), ids=COMMANDS)
def test_no_output_names_the_folder_homologate_is_installed_in(tmp_path: Path, args: tuple[str, ...]) -> None:
    ran = run_cli(*args, cwd=tmp_path)  # outside the repository: a relative path would climb out of it
    assert ran.status in (0, 1), ran.err
    for folder in {str(bundled_dir()), os.path.realpath(bundled_dir())}:
        assert folder not in ran.out


def test_the_report_footer_names_the_bundled_files_by_name_and_version(tmp_path: Path) -> None:
    out = tmp_path / "car.md"
    assert run_cli("report", SPEC, "-o", out, cwd=tmp_path).status == 0
    text = out.read_text("utf-8")
    assert str(bundled_dir()) not in text
    assert f"Ruleset {published(str(bundled_dir() / 'dakar-2026-stock.yaml'))} SHA-256" in text


def test_a_users_file_keeps_its_path_relative_to_the_working_folder(tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "rules").mkdir()
    mine = ("ruleset: mine\ntitle: Mine\nversion: '1'\nextends: dakar-2026-stock\n"
            "overrides:\n  STK-WIDTH: {severity: warning}\n")
    (tmp_path / "rules" / "mine.yaml").write_text(mine, "utf-8")
    monkeypatch.chdir(tmp_path)
    assert published("rules/mine.yaml") == "rules/mine.yaml"
    assert published(str(bundled_dir() / "fia-t2-base.yaml"), short=True) == "fia-t2-base"
    ran = run_cli("explain", "STK-WIDTH", "--rules", "rules/mine.yaml", cwd=tmp_path)
    origin = next(line for line in ran.out.splitlines() if line.startswith("  origin"))
    assert origin.startswith("  origin      defined in dakar-2026-stock:"), origin
    assert origin.endswith("; changed by rules/mine.yaml:6:25"), origin  # severity's value
