"""``homologate check -``: one spec read from standard input, named by ``--stdin-filename`` (else ``<stdin>``).

Standard input is read as a file is (checker.read.files): at most one byte past MAX_BYTES, so that an endless
input stops there and is refused as too large; decoding, YAML and validation are a file's, each problem at
``NAME:line:column``. A terminal is refused before anything is read: nobody is typing a spec, and homologate
must not wait for one. ``-`` may stand among other specs, once; a spec refers to no other file, so nothing
is resolved relative to the name given.
"""

from __future__ import annotations

import sys
from typing import Any

import click

from checker.cli.options import NameParam
from checker.pipeline import SpecBytes
from checker.text import printable

STDIN = "-"
STDIN_NAME = "<stdin>"  # the name of what standard input holds, unless the user gives one


class StdinNameParam(NameParam):
    """The name given to the spec read from standard input: any text a line can show (it is printed in
    every output, where a line break would forge a line)."""

    def convert(self, value: Any, param: Any, ctx: Any) -> str:
        name = super().convert(value, param, ctx)
        if printable(name) != name:
            self.fail(f"expected {self.what}, got a name with a character that does not print", param, ctx)
        return name


stdin_filename_option = click.option(
    "--stdin-filename", type=StdinNameParam("a file name"), metavar="PATH",
    help=f"The name of the spec read from standard input ('-') in every output, as if it were that file "
         f"(default: {STDIN_NAME}).",
)  # fmt: skip


def stdin_spec(specs: tuple[str, ...], name: str | None) -> SpecBytes | None:
    """The spec ``-`` stands for, read from standard input; None when ``-`` is not among ``specs``. A usage
    error for ``-`` given twice, ``--stdin-filename`` without ``-``, or standard input a terminal."""
    from checker.read.files import read_stream

    count = specs.count(STDIN)
    if count == 0:
        if name is not None:
            raise click.UsageError("--stdin-filename names the spec read from standard input: give '-' as a spec too")
        return None
    if count > 1:
        raise click.UsageError("'-' (standard input) is given more than once: it holds one spec")
    name = name or STDIN_NAME
    if sys.stdin is None:  # closed when homologate started (<&-): nothing to read, an empty spec
        return SpecBytes(name, b"")
    stream = sys.stdin.buffer
    if stream.isatty():
        raise click.UsageError("standard input is a terminal: pipe a spec in ('homologate check - < spec.yaml')")
    return SpecBytes(name, read_stream(stream, name))
