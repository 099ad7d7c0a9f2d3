"""What the commands share: exit codes, option types and options, and where output goes."""

from __future__ import annotations

import datetime as dt
import os
import sys
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

import click

from checker.ruleset.raw import DEFAULT_RULESET
from checker.text import MOST_WIDTH, clip, fit_width

if TYPE_CHECKING:
    from checker.pipeline import Checker, Options

EXIT_OK, EXIT_FAIL, EXIT_INPUT, EXIT_INTERNAL = 0, 1, 2, 3
EXIT_INTERRUPTED, EXIT_TERMINATED = 130, 143  # 128 + SIGINT, 128 + SIGTERM, as shells report them
EXIT_BROKEN_PIPE = 141  # 128 + SIGPIPE: standard output's reader went away (``| head``), as for other commands


class DateParam(click.ParamType):  # type: ignore[type-arg]  # generic in click 8.3+, not in 8.1
    """A date written YYYY-MM-DD, read as a spec's quoted dates are (read.document.iso_date)."""

    name = "DATE"

    def convert(self, value: Any, param: Any, ctx: Any) -> dt.date:
        if isinstance(value, dt.date):
            return value
        from checker.read.document import iso_date

        date = iso_date(str(value))
        if date is None:
            self.fail(f"expected a date such as 2026-01-03, got {_given(str(value))}", param, ctx)
        return date


class NameParam(click.ParamType):  # type: ignore[type-arg]
    """A file name, ruleset name, revision or rule id: any text but an empty one. An empty argument (an unset
    shell variable, "$RULES") would otherwise name the working folder or nothing; it is refused as usage."""

    name = "text"

    def __init__(self, what: str) -> None:
        self.what = what

    def convert(self, value: Any, param: Any, ctx: Any) -> str:
        if value == "":
            self.fail(f"expected {self.what}, got an empty argument", param, ctx)
        return str(value)


def _given(value: str) -> str:
    return "an empty argument" if value == "" else clip(value)


FILE_NAME = NameParam("a file name")
SELECTOR = NameParam("a rule id, area:NAME or a pattern such as STK-*")
RULESET_NAME = NameParam("a bundled ruleset's name or a ruleset file")
SPEC_NAME = NameParam("a spec file")


class DocumentParam(click.ParamType):  # type: ignore[type-arg]
    """A document name of checker.tools.schemas.SCHEMAS, read only when the 'schema' command runs."""

    name = "document"

    def choice(self) -> click.Choice[str]:
        from checker.tools.schemas import SCHEMAS

        return click.Choice(list(SCHEMAS))

    def get_metavar(self, param: click.Parameter, *args: Any, **kwargs: Any) -> str | None:  # 8.2 adds ctx
        return self.choice().get_metavar(param, *args, **kwargs)

    def convert(self, value: Any, param: Any, ctx: Any) -> Any:
        return self.choice().convert(value, param, ctx)


rules_option = click.option(
    "--rules", "rules_ref", type=RULESET_NAME, default=DEFAULT_RULESET, show_default=True, metavar="NAME|PATH",
    help="A bundled ruleset's name or a ruleset file.",
)  # fmt: skip
on_option = click.option(
    "--on", "on", type=DateParam(), help="Date for validity checks (default: the ruleset's event date, else today).",
)  # fmt: skip
spec_waivers_option = click.option(
    "--spec-waivers/--no-spec-waivers", default=True, show_default=True,
    help="Apply the waivers written in a spec; with --no-spec-waivers only --waivers files can waive, and a "
         "spec's own waivers are listed as ignored.",
)  # fmt: skip
waivers_option = click.option(
    "--waivers", type=NameParam("a waivers file"), metavar="FILE",
    help="Waivers granted by the organiser (YAML), besides those in the spec.",
)  # fmt: skip


def emit(text: str | Iterable[str], output: str | None) -> None:
    """The output (whole, or its chunks written as they come) on standard output, or written to the file
    ``output`` atomically (complete or not at all)."""
    if output is None:
        for chunk in [text] if isinstance(text, str) else text:
            click.echo(chunk, nl=False)
        return
    from checker.cli.output import write_atomic

    write_atomic(output, text)


def output_width(*, terminal: bool = True) -> int:
    """The width the text output fits (checker.text.fit_width): ``COLUMNS`` when it is a whole number,
    else the terminal's when standard output is one (and is written to: ``terminal``), else 100. A
    ``COLUMNS`` that is not a number, or is 0, is passed over without a word, as other tools pass it over."""
    value = os.environ.get("COLUMNS", "").strip()
    columns = (int(value) if len(value) < 6 else MOST_WIDTH) if value.isascii() and value.isdigit() else 0
    if columns <= 0 and terminal and sys.stdout is not None and sys.stdout.isatty():
        try:
            columns = os.get_terminal_size(sys.stdout.fileno()).columns
        except (OSError, ValueError):  # not a terminal after all (a pseudo-terminal gone): the default
            columns = 0
    return fit_width(columns)


def selectors(values: tuple[str, ...]) -> tuple[str, ...]:
    """--select and --ignore values, each repeated or separated by commas (``--select STK-*,area:fuel``)."""
    return tuple(piece.strip() for value in values for piece in value.split(",") if piece.strip())


def make_checker(options: Options) -> Checker:
    """The batch's Checker; a --select or --ignore that names no rule is a usage error naming the option."""
    from checker.pipeline import Checker
    from checker.ruleset.select import SelectorError

    try:
        return Checker(options)
    except SelectorError as exc:
        raise click.BadParameter(str(exc), param_hint=f"'--{exc.option}'") from None
