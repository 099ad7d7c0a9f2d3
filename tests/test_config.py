"""Configuration found, not repeated (checker.cli.config): homologate.toml or [tool.homologate] in
pyproject.toml, from the working folder upward; --config FILE, --no-config; the command line wins."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from tests.helpers import SPECS, assert_one_input_error, assert_usage_error, run_cli

WIDE = SPECS / "defender-wide-track.yaml"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A project folder with the wide-track car in specs/car.yaml; tests write its configuration."""
    (tmp_path / "specs").mkdir()
    shutil.copy(WIDE, tmp_path / "specs" / "car.yaml")
    return tmp_path


def rule_ids(out: str) -> list[str]:
    return [f["rule_id"] for f in json.loads(out)["reports"][0]["findings"]]


def test_pyproject_table_found_from_a_folder_below(project: Path) -> None:
    (project / "pyproject.toml").write_text('[project]\nname = "team"\n\n[tool.homologate]\n'
                                            'select = ["STK-TRACK-*"]\nformat = "json"\n', "utf-8")  # fmt: skip
    ran = run_cli("check", "car.yaml", cwd=project / "specs")
    assert ran.status == 1, ran.err
    assert rule_ids(ran.out) == ["STK-TRACK-FRONT", "STK-TRACK-REAR"]


def test_the_command_line_wins_over_the_file(project: Path) -> None:
    (project / "homologate.toml").write_text('select = ["STK-TRACK-*"]\nformat = "text"\n', "utf-8")
    ran = run_cli("check", "specs/car.yaml", "--format", "json", "--select", "STK-WIDTH", cwd=project)
    assert rule_ids(ran.out) == ["STK-WIDTH"]


def test_homologate_toml_before_pyproject_and_the_nearest_folder_first(project: Path) -> None:
    (project / "homologate.toml").write_text('select = ["STK-WIDTH"]\nformat = "json"\n', "utf-8")
    (project / "pyproject.toml").write_text('[tool.homologate]\nselect = ["STK-TRACK-FRONT"]\nformat = "json"\n',
                                            "utf-8")  # fmt: skip
    assert rule_ids(run_cli("check", "specs/car.yaml", cwd=project).out) == ["STK-WIDTH"]
    (project / "specs" / "pyproject.toml").write_text('[tool.homologate]\nselect = ["T2-WHEELBASE"]\n'
                                                      'format = "json"\n', "utf-8")  # fmt: skip
    assert rule_ids(run_cli("check", "car.yaml", cwd=project / "specs").out) == ["T2-WHEELBASE"]


def test_a_pyproject_without_the_table_is_passed_over(project: Path) -> None:
    (project / "homologate.toml").write_text('select = ["STK-WIDTH"]\nformat = "json"\n', "utf-8")
    (project / "specs" / "pyproject.toml").write_text('[project]\nname = "x"\n', "utf-8")
    assert rule_ids(run_cli("check", "car.yaml", cwd=project / "specs").out) == ["STK-WIDTH"]


def test_config_names_the_file_and_no_config_uses_none(project: Path) -> None:
    (project / "homologate.toml").write_text('select = ["STK-WIDTH"]\nformat = "json"\n', "utf-8")
    other = project / "ci.toml"
    other.write_text('select = ["T2-WHEELBASE"]\nformat = "json"\n', "utf-8")
    assert rule_ids(run_cli("check", "specs/car.yaml", "--config", "ci.toml", cwd=project).out) == ["T2-WHEELBASE"]
    ran = run_cli("check", "specs/car.yaml", "--no-config", "-q", cwd=project)
    assert ran.out.startswith("specs/car.yaml: Land Rover"), ran.out  # text, every rule: no file read
    assert_usage_error(run_cli("check", "specs/car.yaml", "--config", "ci.toml", "--no-config", cwd=project),
                       "--config", "--no-config")  # fmt: skip


def test_verbose_names_the_file_used_on_standard_error(project: Path) -> None:
    (project / "homologate.toml").write_text('select = ["STK-WIDTH"]\n', "utf-8")
    ran = run_cli("check", "specs/car.yaml", "-v", cwd=project)
    assert ran.err_lines == [f"homologate: settings from {project / 'homologate.toml'}"]
    assert "STK-WIDTH" in ran.out


def test_paths_are_read_relative_to_the_file(project: Path) -> None:
    """rules and waivers name files beside the configuration, wherever homologate runs below it."""
    ruleset = project / "rules" / "mine.yaml"
    ruleset.parent.mkdir()
    ruleset.write_text("ruleset: mine\ntitle: Mine\nversion: '1'\nextends: dakar-2026-stock\n", "utf-8")
    (project / "waivers.yaml").write_text("waivers:\n  - rule: STK-WIDTH\n    reference: TD-1\n    reason: ok\n"
                                          "    granted_by: Technical delegate\n    expires: 2026-12-31\n", "utf-8")
    (project / "homologate.toml").write_text('rules = "rules/mine.yaml"\nwaivers = "waivers.yaml"\n'
                                             'select = ["STK-WIDTH"]\nformat = "json"\n', "utf-8")  # fmt: skip
    ran = run_cli("check", "car.yaml", cwd=project / "specs")
    report = json.loads(ran.out)
    assert report["ruleset"]["name"] == "mine"
    assert [(f["rule_id"], f["verdict"]) for f in report["reports"][0]["findings"]] == [("STK-WIDTH", "waived")]


def test_on_takes_a_toml_date_and_reaches_explain(project: Path) -> None:
    (project / "homologate.toml").write_text("on = 2031-01-01\n", "utf-8")
    ran = run_cli("explain", "T2-HARNESS-VALIDITY", "specs/car.yaml", cwd=project)
    assert "on or after 2031-01-01" in ran.out, ran.out


BAD = {
    "unknown key": ('select = ["STK-WIDTH"]\n  selct = ["X"]\n', "homologate.toml:2:3: unknown setting 'selct' "
                                                                 "(did you mean 'select'?)"),
    "wrong type": ("jobs = 0\n", "homologate.toml:1:1: jobs: expected a whole number from 1 to 1024, got 0"),
    "not a list": ("select = [1]\n", "homologate.toml:1:1: select: expected a list of rule ids, area:NAME or "
                                     "patterns such as 'STK-*', got a list"),
    "bad date": ('on = "2026-13-01"\n', "homologate.toml:1:1: on: expected a date such as 2026-01-03, got the "
                                        "text '2026-13-01'"),
    "bad format": ('format = "pdf"\n', "homologate.toml:1:1: format: expected one of text, json, sarif, junit, "
                                      "github, html, markdown, got the text 'pdf'"),
}  # fmt: skip


@pytest.mark.parametrize(("text", "line"), BAD.values(), ids=BAD)
def test_a_bad_setting_is_one_line_at_its_place(project: Path, text: str, line: str) -> None:
    (project / "homologate.toml").write_text(text, "utf-8")
    ran = run_cli("check", "specs/car.yaml", cwd=project)
    assert_one_input_error(ran, line)  # a file in the working folder is named as it is there


def test_a_toml_syntax_error_is_one_line_at_its_place(project: Path) -> None:
    (project / "pyproject.toml").write_text('[tool.homologate]\nselect = ["STK-WIDTH"\n', "utf-8")
    ran = run_cli("check", "specs/car.yaml", cwd=project)
    assert (ran.status, ran.out) == (2, "")
    assert len(ran.err_lines) == 1
    assert ran.err.startswith("pyproject.toml:"), ran.err
    assert ": not valid TOML: " in ran.err


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_a_named_pipe_given_as_config_is_refused_not_waited_on(project: Path) -> None:
    os.mkfifo(project / "fifo.toml")
    ran = run_cli("check", "specs/car.yaml", "--config", "fifo.toml", cwd=project)
    assert_one_input_error(ran, "fifo.toml:1:1: expected a TOML file, got a named pipe (FIFO)")


def test_a_file_anyone_can_write_is_not_used_unless_named(project: Path) -> None:
    config = project / "homologate.toml"
    config.write_text('select = ["STK-WIDTH"]\nformat = "json"\n', "utf-8")
    config.chmod(0o666)
    ran = run_cli("check", "specs/car.yaml", cwd=project)
    assert_one_input_error(ran, "homologate.toml:1:1: a configuration file another user owns or anyone can write "
                                "is not used: name it with --config to use it, or give --no-config")  # fmt: skip
    assert rule_ids(run_cli("check", "specs/car.yaml", "--config", config, cwd=project).out) == ["STK-WIDTH"]
