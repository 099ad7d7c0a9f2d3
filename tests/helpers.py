"""What many tests share: the CLI run in this process, and the repository's paths."""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from checker.errors import InputError

ROOT = Path(__file__).resolve().parent.parent
SPECS = ROOT / "specs"
UNCLOSED = "vehicle: [\n"  # YAML that stops at 2:1: a flow list never closed


@dataclass(frozen=True)
class Ran:
    """What a command line gave: its exit status, standard output and standard error."""

    status: int
    out: str
    err: str

    @property
    def lines(self) -> list[str]:
        return self.out.splitlines()

    @property
    def err_lines(self) -> list[str]:
        return self.err.splitlines()


def run_cli(*args: str | Path, cwd: Path | None = None, env: Mapping[str, str | None] | None = None,
            input: str | bytes | None = None) -> Ran:  # fmt: skip
    """``homologate ARGS...`` run in this process, as the console script runs it (checker.cli.main.run:
    its error lines and exit statuses), with click's CliRunner isolating standard input, output, error and
    the environment (no ``COLUMNS``: text is 100 wide, as in CI). ``cwd`` is the working folder for the
    run; ``env`` adds variables (None removes one). Output is not a terminal, as in CI: no colour unless
    asked for."""
    from checker.cli.main import run

    environment = {"HOMOLOGATE_DEBUG": None, "NO_COLOR": None, "COLUMNS": None, **(env or {})}
    before = os.getcwd()
    if cwd is not None:
        os.chdir(cwd)
    try:
        with CliRunner().isolation(input=input, env=environment) as (out, err, _):
            status = run([str(a) for a in args])
            sys.stdout.flush()
            sys.stderr.flush()
            return Ran(status, out.getvalue().decode("utf-8"), err.getvalue().decode("utf-8"))
    finally:
        os.chdir(before)


def unwrapped(text: str) -> list[str]:
    """The lines of a text output with each line wrapped to the width joined again: a line indented by at
    least four spaces continues the one before it (beside a table, which indents what leaves its rows)."""
    lines: list[str] = []
    for line in text.splitlines():
        if line.startswith("    ") and lines and lines[-1].strip():
            lines[-1] += " " + line.lstrip(" ")
        else:
            lines.append(line)
    return lines


def assert_one_input_error(ran: Ran, line: str) -> None:
    """The promise for input that cannot be checked: this one line on standard error, exit status 2, and
    no traceback anywhere."""
    assert "Traceback" not in ran.out + ran.err
    assert ran.err.splitlines() == [line]
    assert ran.err.endswith("\n")
    assert ran.status == 2


def yaml_problem(text: str | bytes) -> str:
    """How libyaml words what is wrong with ``text`` (its ``problem``), which homologate passes on after
    ``invalid YAML:``. The words are libyaml's, not ours: tests take them from the library at hand, and hold
    homologate to the position, the prefix and the one line, so that an upstream rewording (as PyYAML 6.0.4's
    libyaml did for deep nesting) does not turn them red."""
    import yaml

    try:
        for _ in yaml.parse(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
            pass
    except yaml.MarkedYAMLError as exc:
        return str(exc.problem or exc.context)
    raise AssertionError(f"libyaml reads {text!r} without a problem")


def assert_usage_error(ran: Ran, *names: str) -> None:
    """A command line that cannot be used: one line on standard error, ``homologate: `` and what is wrong,
    naming each of ``names`` (the option or argument, the value given, what was expected), exit status 2,
    nothing on standard output. Click words the rest of the line: tests hold homologate to the promise, not
    to click's wording, which changes between its releases."""
    assert "Traceback" not in ran.out + ran.err
    assert (ran.status, ran.out) == (2, "")
    lines = ran.err.splitlines()
    assert len(lines) == 1, ran.err
    assert ran.err.endswith("\n")
    assert lines[0].startswith("homologate: "), lines[0]
    missing = [name for name in names if name not in lines[0]]
    assert missing == [], f"{lines[0]!r} does not name {missing}"


def published(path: str) -> str:
    """A bundled ruleset file (rules/NAME.yaml) as outputs name it: no machine path, its name and the version
    of homologate it came with."""
    from checker.version import __version__

    return f"{Path(path).stem} (bundled with homologate {__version__})"


def _typed(value: Any) -> Any:
    """``value`` with the type of every part spelled out: True and 1, 1 and 1.0 are not the same reading."""
    if isinstance(value, dict):
        return {key: _typed(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_typed(item) for item in value]
    return (type(value).__name__, value if value == value else "nan")


def _reading(text: str, compose: Any) -> Any:
    try:
        found = compose(text, "f.yaml")
    except InputError as exc:
        return str(exc)
    if found is None:
        return None
    marks = {name: {path: (m.line, m.column, m.index) if hasattr(m, "line") else m  # a style is a text
                    for path, m in getattr(found, name).items()} for name in ("values", "keys", "styles")}
    return _typed(found.data), marks


def both_readings(text: str) -> tuple[Any, Any]:
    """What the reader's fast path (libyaml's C composer and one walk) and its event composer make of ``text``:
    a refusal's line, None where the fast path gives up, else the data with its types and every position and
    style recorded. Where the fast path reads a text, it must read it as the event composer does."""
    from checker.read import document

    return _reading(text, document._from_tree), _reading(text, document._from_events)
