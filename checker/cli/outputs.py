"""Which outputs a run writes: ``--format`` (once) and ``-o [FORMAT:]FILE`` (repeatable), as ``check`` and
``report`` take them. Writing them is checker.cli.output's.

``-o FORMAT:FILE`` writes that format to FILE; for ``check``, ``-o FILE`` alone writes ``--format``'s output
there instead of standard output (at most one such); for ``report``, FILE's extension (or ``--format``) says
its format. The part before the first colon is a format only when it is a
format's name: ``out:1.json`` is a file of that name, and so is ``./sarf:x``; but a word close to a format's
name (``sarf:x``, ``SARIF:x``) is refused with a did-you-mean rather than taken for a file, since a typo would
otherwise write a file nobody looks for. POSIX paths only: ``C:\\x`` is a file named so.
"""

from __future__ import annotations

import os
import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import Any

import click

from checker.render import FORMATS
from checker.text import clip, did_you_mean

_WORD = re.compile(r"[A-Za-z][A-Za-z0-9_-]*")  # what could be meant as a format's name


@dataclass(frozen=True)
class Output:
    """One ``-o``: the format (None: ``--format``'s) and the file."""

    format: str | None
    file: str


def parse(value: str, formats: Collection[str]) -> Output:
    """``[FORMAT:]FILE`` as the module says; a ValueError saying what is wrong."""
    prefix, colon, file = value.partition(":")
    if colon and prefix in formats:
        if not file:
            raise ValueError(f"expected a file name after '{prefix}:'")
        return Output(prefix, file)
    if colon and _WORD.fullmatch(prefix) and (hint := did_you_mean(prefix.lower(), formats)):
        raise ValueError(f"unknown format {clip(prefix)}{hint}; the formats are {', '.join(formats)} (a file "
                         f"whose name holds a colon: write it ./{clip(prefix)[1:-1]}:...)")  # fmt: skip
    if not value:
        raise ValueError("expected a file name, got an empty argument")
    return Output(None, value)


class OutputParam(click.ParamType):  # type: ignore[type-arg]  # generic in click 8.3+, not in 8.1
    """``-o [FORMAT:]FILE`` of a command writing ``formats``; ``refused`` (format -> why) are format names
    the command cannot write (check: pdf), refused as such rather than taken for a file's name."""

    name = "[FORMAT:]FILE"

    def __init__(self, formats: Sequence[str], refused: dict[str, str] | None = None) -> None:
        self.formats, self.refused = list(formats), refused or {}

    def convert(self, value: Any, param: Any, ctx: Any) -> Output:
        if isinstance(value, Output):
            return value
        try:
            return self.read(str(value))
        except ValueError as exc:
            self.fail(str(exc), param, ctx)

    def read(self, value: str) -> Output:
        """``value`` as ``-o`` takes it (the configuration file's ``outputs`` too); a ValueError if it cannot."""
        output = parse(value, [*self.formats, *self.refused])
        if output.format in self.refused:
            raise ValueError(f"{output.format}: {self.refused[output.format]}")
        return output


CHECK_OUTPUT = OutputParam(list(FORMATS), {"pdf": "check writes no PDF: 'homologate report SPEC... -o FILE.pdf' does"})
REPORT_OUTPUT = OutputParam([*FORMATS, "pdf"])  # without FORMAT:, the extension or --format says


def once(ctx: click.Context, param: click.Parameter, values: Any) -> Any:
    """The value of an option given at most once (``multiple=True`` only to see a repetition, which click
    otherwise settles by taking the last): a repeated one is a usage error naming it."""
    if isinstance(values, (tuple, list)):
        if len(values) > 1:
            given = ", ".join(clip(str(v)) for v in values)
            raise click.BadParameter(f"given {len(values)} times ({given}): give it once", ctx, param)
        return values[0] if values else None
    return values


def check_outputs(ctx: click.Context, param: click.Parameter, outputs: tuple[Output, ...]) -> tuple[Output, ...]:
    """``check``'s ``-o``: ``distinct``, and at most one without a format (it takes ``--format``'s output)."""
    plain = [o.file for o in outputs if o.format is None]
    if len(plain) > 1:
        raise click.BadParameter(f"two files for the --format output ({clip(plain[0])}, {clip(plain[1])}): "
                                 "give -o FILE once, and -o FORMAT:FILE for each other file", ctx, param)  # fmt: skip
    return distinct(ctx, param, outputs)


def distinct(ctx: click.Context, param: click.Parameter, outputs: tuple[Output, ...]) -> tuple[Output, ...]:
    """``-o`` values that name distinct files: by name, or the same file however named."""
    seen: dict[object, str] = {}
    for output in outputs:
        for key in _identities(output.file):
            if key in seen:
                raise click.BadParameter(f"{clip(seen[key])} and {clip(output.file)} are the same file: "
                                         "name one file per output", ctx, param)  # fmt: skip
        for key in _identities(output.file):
            seen[key] = output.file
    return outputs


def _identities(file: str) -> list[object]:
    """What makes two names one file: the same path once normalised, or (for a file that exists) the same
    file system and inode."""
    keys: list[object] = []
    try:
        keys.append(os.path.normpath(os.path.abspath(file)))
        found = os.stat(file)
        keys.append((found.st_dev, found.st_ino))
    except (OSError, ValueError):  # not there yet, or a name checker.cli.output refuses with its reason
        pass
    return keys
