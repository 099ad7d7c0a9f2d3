"""What the language server checks a document with: the settings ``check`` would use in the document's folder.

The configuration file is found as ``check`` finds it (checker.cli.config: ``homologate.toml`` or
``[tool.homologate]`` in ``pyproject.toml``, from the folder upward), but from the document's folder rather
than the server's working folder, since an editor serves files of many folders. ``--config FILE`` names one
file for every document, ``--no-config`` uses none; ``--rules`` and ``--on`` given to ``homologate lsp`` win
over the file, as on any command line. The file's ``rules``, ``on``, ``select``, ``ignore``, ``waivers`` and
``spec-waivers`` apply, as for ``check``.

A Checker (the ruleset compiled, the waivers file read) is made once per configuration and kept until one of
the files it was made from changes: each is looked at (its size and modification time) before every check,
so an edited ruleset, configuration or waivers file is seen on the next check even where the editor does not
report changed files. What cannot be read or used is an InputError at its place, which the server shows on
the document.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from checker.api import load
from checker.cli.config import find
from checker.cli.config import load as load_config
from checker.cli.options import selectors
from checker.errors import InputError
from checker.pipeline import Checker, Options
from checker.read.document import iso_date
from checker.ruleset.raw import DEFAULT_RULESET
from checker.ruleset.select import SelectorError

CONFIG_NAMES = ("homologate.toml", "pyproject.toml")  # a change to one anywhere may change what applies


@dataclass(frozen=True)
class Given:
    """What the command line gave ``homologate lsp``."""

    rules: str | None = None
    on: dt.date | None = None
    config: str | None = None  # --config FILE
    no_config: bool = False


@dataclass
class _Made:
    checker: Checker | None
    error: InputError | None
    inputs: tuple[str, ...]  # the files it was made from
    stamps: tuple[tuple[int, int] | None, ...]  # each one's (size, mtime) when it was made


class Settings:
    """Checkers by the configuration file that applies, each remade when a file it was made from changes."""

    def __init__(self, given: Given) -> None:
        self.given = given
        self._made: dict[Path | None, _Made] = {}

    def checker(self, folder: Path | None) -> Checker:
        """The Checker for a document in ``folder`` (None: a document that is no file, checked as in the
        server's working folder); an InputError where the configuration, ruleset or waivers cannot be used."""
        config = self._config_file(folder)
        made = self._made.get(config)
        if made is None or _stamps(made.inputs) != made.stamps:
            made = self._made[config] = self._make(config)
        if made.error is not None:
            raise made.error
        assert made.checker is not None
        return made.checker

    def forget(self) -> None:
        """Make every Checker again when next asked for (a watched file changed)."""
        self._made.clear()

    def inputs(self) -> set[str]:
        """The files the Checkers in use were made from, as absolute paths."""
        return {os.path.abspath(name) for made in self._made.values() for name in made.inputs}

    def _config_file(self, folder: Path | None) -> Path | None:
        if self.given.no_config:
            return None
        if self.given.config is not None:
            return Path(self.given.config)
        try:
            return find((folder or Path.cwd()).resolve())
        except OSError:  # a folder that is gone (the working folder, even): as if it had no configuration
            return None

    def _make(self, config: Path | None) -> _Made:
        inputs: list[str] = [str(config)] if config is not None else []
        try:
            options = self._options(config)
            inputs.extend(f for f in (options.waivers,) if f is not None)
            checker = load(options).pipeline  # loaded as check loads it (checker.cli.options.make_checker)
            inputs.extend(checker.ruleset.files)
            return _Made(checker, None, tuple(inputs), _stamps(inputs))
        except InputError as exc:
            inputs.append(exc.file)  # a ruleset that does not parse, a waivers file not there yet: watched too
            return _Made(None, exc, tuple(inputs), _stamps(inputs))
        except SelectorError as exc:
            where = str(config) if config is not None else "homologate lsp"
            return _Made(None, InputError(where, 1, 1, f"{exc.option}: {exc}"), tuple(inputs), _stamps(inputs))

    def _options(self, config: Path | None) -> Options:
        values: dict[str, Any] = {}
        if config is not None:
            values = load_config(config, str(config), found=self.given.config is None).values
        on = self.given.on or (iso_date(values["on"]) if "on" in values else None)
        return Options(
            rules_ref=self.given.rules or values.get("rules", DEFAULT_RULESET),
            on=on,
            waivers=values.get("waivers"),
            select=selectors(tuple(values.get("select", ()))),
            ignore=selectors(tuple(values.get("ignore", ()))),
            spec_waivers=values.get("spec-waivers", True),
        )


def _stamps(names: list[str] | tuple[str, ...]) -> tuple[tuple[int, int] | None, ...]:
    stamps: list[tuple[int, int] | None] = []
    for name in names:
        try:
            found = os.stat(name)
            stamps.append((found.st_size, found.st_mtime_ns))
        except OSError:
            stamps.append(None)
    return tuple(stamps)
