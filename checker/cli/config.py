"""Configuration found, not repeated: ``homologate.toml`` or ``[tool.homologate]`` in ``pyproject.toml``.

Found as ruff and pytest find theirs: from the current folder upward, the first folder holding a
``homologate.toml`` (all of it is homologate's) or a ``pyproject.toml`` with a ``[tool.homologate]`` table
(one without it is passed over). ``--config FILE`` names the file instead, ``--no-config`` uses none.
Options on the command line win over the file; the file's values become the options' defaults (click's
``default_map``), so each is converted and checked as the option itself would be.

A configuration file is input like any other: read only if it is a regular file, at most 1 MiB, and a
bad key or value is one ``file:line:column`` line. A file found (not named) that another user owns or
that anyone can write is refused, not used: a shared folder above the project (``/tmp``) must not choose
the rules a check applies.

Paths in the file (``rules`` where it names a file, ``waivers``) are read relative to the file's folder.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import click

from checker.cli.options import NameParam
from checker.errors import InputError
from checker.read.document import iso_date
from checker.read.files import decode, is_file, read_bytes
from checker.text import clip, describe, did_you_mean

HOMOLOGATE_TOML, PYPROJECT = "homologate.toml", "pyproject.toml"
TABLE = "[tool.homologate]"
META = "homologate.config"  # where the command's context keeps the Path of the file used (None: none)


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) and value.strip() else None


def _strings(value: Any) -> list[str] | None:
    items = [value] if isinstance(value, str) else value
    if isinstance(items, list) and items and all(_text(v) for v in items):
        return list(items)
    return None


def _date(value: Any) -> str | None:
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value.isoformat()
    return value if isinstance(value, str) and iso_date(value) else None


def _format(value: Any) -> list[str] | None:  # a list: --format is repeatable only to refuse a repetition
    from checker.render import FORMATS

    return [value] if isinstance(value, str) and value in FORMATS else None


def _outputs(value: Any) -> list[str] | None:
    """-o [FORMAT:]FILE values (checker.cli.outputs), as check takes them."""
    from checker.cli.outputs import CHECK_OUTPUT

    if not (isinstance(value, list) and all(_text(v) for v in value)):
        return None
    try:
        return [_output(CHECK_OUTPUT.read(v)) for v in value]
    except ValueError:
        return None


def _output(output: Any, folder: Path | None = None) -> str:
    """An output as -o takes it, its file relative to ``folder`` when given."""
    file = output.file if folder is None else _relative(output.file, folder, always=True)
    if output.format is None and ":" in file and "/" not in file:
        file = "./" + file  # a file whose name holds a colon stays one (checker.cli.outputs)
    return f"{output.format}:{file}" if output.format else file


def _jobs(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= 1024 else None


def _flag(value: Any) -> bool | None:
    return value if isinstance(value, bool) else None


@dataclass(frozen=True)
class Key:
    param: str  # the commands' parameter it gives a default to
    commands: tuple[str, ...]
    read: Callable[[Any], Any]  # the value as the option takes it, or None where it is not one
    expected: str
    path: bool = False  # a file name, read relative to the configuration file's folder


_CHECKED = ("check", "report", "explain", "diff")
KEYS: dict[str, Key] = {
    "rules": Key("rules_ref", _CHECKED, _text, "a bundled ruleset's name or a ruleset file", path=True),
    "on": Key("on", _CHECKED, _date, "a date such as 2026-01-03"),
    "waivers": Key("waivers", ("check", "report"), _text, "a waivers file", path=True),
    "spec-waivers": Key("spec_waivers", ("check", "report"), _flag, "true or false"),
    "select": Key("select", ("check",), _strings, "a list of rule ids, area:NAME or patterns such as 'STK-*'"),
    "ignore": Key("ignore", ("check",), _strings, "a list of rule ids, area:NAME or patterns such as 'STK-*'"),
    "format": Key("fmt", ("check",), _format, "one of text, json, sarif, junit, github, html, markdown"),
    "strict": Key("strict", ("check", "diff"), _flag, "true or false"),
    "jobs": Key("jobs", ("check",), _jobs, "a whole number from 1 to 1024"),
    "outputs": Key("outputs", ("check",), _outputs, "a list of files such as 'sarif:results.sarif' (FORMAT:FILE, "
                   "FORMAT one of text, json, sarif, junit, github, html, markdown) or 'run.txt'", path=True),
}


@dataclass(frozen=True)
class Config:
    path: Path
    values: dict[str, Any]  # key -> value as the option takes it

    def defaults(self, command: str) -> dict[str, Any]:
        """The default_map of ``command``: its parameters' values from this file."""
        return {k.param: self.values[name] for name, k in KEYS.items() if name in self.values and command in k.commands}


def find(start: Path) -> Path | None:
    """The configuration file that applies in ``start``: the nearest homologate.toml, or pyproject.toml with
    a [tool.homologate] table, in ``start`` or a folder above it."""
    for folder in (start, *start.parents):
        for name in (HOMOLOGATE_TOML, PYPROJECT):
            candidate = folder / name
            if is_file(candidate) and (name == HOMOLOGATE_TOML or _has_table(candidate)):
                return candidate
    return None


def _has_table(path: Path) -> bool:
    try:
        raw = read_bytes(path, str(path))
    except InputError:
        return True  # load() says what is wrong with it
    return re.search(rb"^\s*\[\s*tool\s*\.\s*homologate\s*\]", raw, re.MULTILINE) is not None


def load(path: Path, name: str, *, found: bool) -> Config:
    """The file's homologate settings, checked; an InputError at the place of the first problem."""
    if found:
        _trusted(path, name)
    text = decode(read_bytes(path, name, kind="a TOML file"), name)
    if sys.version_info >= (3, 11):  # imported here: a run with no configuration file does not pay for it
        import tomllib
    else:  # pragma: no cover - Python 3.10 reads TOML with the backport tomllib was made from
        import tomli as tomllib
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise _decode_error(exc, text, name) from None
    tool = document.get("tool")
    table: Any = document  # homologate.toml: all of it, unless it holds a [tool.homologate] table
    if path.name == PYPROJECT or (isinstance(tool, dict) and "homologate" in tool):
        table = tool.get("homologate") if isinstance(tool, dict) else None
        if table is None:
            raise InputError(name, 1, 1, f"expected a {TABLE} table, found none")
    if not isinstance(table, dict):
        raise InputError(name, *_where(text, "homologate", path), f"{TABLE} must be a table of settings")
    values: dict[str, Any] = {}
    for key, value in table.items():
        at = _where(text, key, path)
        spec = KEYS.get(key)
        if spec is None:
            hint = did_you_mean(key, KEYS) or f" (known: {', '.join(KEYS)})"
            raise InputError(name, *at, f"unknown setting {clip(key)}{hint}")
        read = spec.read(value)
        if read is None:
            raise InputError(name, *at, f"{key}: expected {spec.expected}, got {describe(value)}")
        values[key] = _paths(read, path.parent) if spec.path else read
    return Config(path, values)


def _paths(value: str | list[str], folder: Path) -> str | list[str]:
    """A file name, or a list of output files (``[FORMAT:]FILE``), relative to the configuration file."""
    if isinstance(value, str):
        return _relative(value, folder)
    from checker.cli.outputs import CHECK_OUTPUT

    return [_output(CHECK_OUTPUT.read(v), folder) for v in value]


def _relative(value: str, folder: Path, *, always: bool = False) -> str:
    """A file name as the configuration file means it: relative to its folder; a bundled ruleset's name
    (no file of that name there) as it is."""
    candidate = folder / value
    looks_like_a_file = always or "/" in value or value.endswith((".yaml", ".yml")) or os.path.lexists(candidate)
    return str(candidate) if looks_like_a_file and not Path(value).is_absolute() else value


def _trusted(path: Path, name: str) -> None:
    """A file found, not named: used only if it is the user's own (or root's) and no one else can write it."""
    if not hasattr(os, "geteuid"):
        return
    found = os.stat(path)
    if found.st_uid not in (os.geteuid(), 0) or found.st_mode & 0o002:
        raise InputError(name, 1, 1, "a configuration file another user owns or anyone can write is not used: "
                                     "name it with --config to use it, or give --no-config")  # fmt: skip


_AT = re.compile(r"\s*\(at line (\d+), column (\d+)\)$")


def _decode_error(exc: Exception, text: str, name: str) -> InputError:
    message = str(exc)
    at = _AT.search(message)
    if at:
        return InputError(name, int(at.group(1)), int(at.group(2)), f"not valid TOML: {message[: at.start()]}")
    lines = text.split("\n")
    return InputError(name, len(lines), len(lines[-1]) + 1, f"not valid TOML: {message}")


def _where(text: str, key: str, path: Path) -> tuple[int, int]:
    """Where ``key`` is set: its line in homologate.toml, or in the [tool.homologate] table of pyproject.toml
    (TOML readers give no positions); 1:1 where it cannot be told."""
    lines = text.split("\n")
    start = 0
    if path.name == PYPROJECT:
        header = re.compile(r"^\s*\[\s*tool\s*\.\s*homologate\s*\]")
        start = next((n for n, line in enumerate(lines) if header.match(line)), 0)
        if key == "homologate":
            return start + 1, 1
    pattern = re.compile(rf"^(\s*)[\"']?{re.escape(key)}[\"']?\s*=")
    for number in range(start, len(lines)):
        match = pattern.match(lines[number])
        if match:
            return number + 1, len(match.group(1)) + 1
    return 1, 1


# --- the command-line side: --config FILE, --no-config ---------------------------------------------------


def _record(ctx: click.Context, param: click.Parameter, value: Any) -> Any:
    """Keep --config's or --no-config's value; once both are known, set the command's defaults from the
    file that applies (before any other option is read: both options are eager)."""
    given = ctx.meta.setdefault("homologate.config-options", {})
    given[param.name] = value
    if len(given) < 2:
        return value
    named, none = given["config"], given["no_config"]
    if named is not None and none:
        raise click.UsageError("give --config FILE or --no-config, not both")
    ctx.meta[META] = None
    if none:
        return value
    try:
        path = Path(named) if named is not None else find(Path.cwd())
    except OSError as exc:  # the current folder removed from under us, say
        raise InputError(".", 1, 1, f"cannot look for a configuration file: {exc.strerror or exc}") from None
    if path is None:
        return value
    config = load(path, named if named is not None else _shown(path), found=named is None)
    ctx.meta[META] = config.path
    ctx.default_map = {**(ctx.default_map or {}), **config.defaults(ctx.info_name or "")}
    return value


def _shown(path: Path) -> str:
    """A found file's name as error lines give it: relative to the current folder where it is below it."""
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def config_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """--config FILE and --no-config, for the commands the file gives defaults to."""
    command = click.option("--no-config", is_flag=True, is_eager=True, expose_value=False, callback=_record,
                           help="Use no configuration file.")(command)  # fmt: skip
    return click.option("--config", type=NameParam("a configuration file"), metavar="FILE", is_eager=True,
                        expose_value=False, callback=_record,
                        help="Read settings from FILE instead of the homologate.toml or pyproject.toml "
                             "found from here upward.")(command)  # fmt: skip


def used() -> Path | None:
    """The configuration file the running command took its defaults from, if any."""
    ctx = click.get_current_context(silent=True)
    return ctx.meta.get(META) if ctx is not None else None
