"""What the commands share: exit codes, option types and options, and where output goes."""

from __future__ import annotations

import datetime as dt
import os
import sys
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

import click

from checker.report import FailOn
from checker.ruleset.raw import DEFAULT_RULESET
from checker.text import MOST_WIDTH, clip, did_you_mean, fit_width

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


class FailOnParam(click.ParamType):  # type: ignore[type-arg]
    """A --fail-on threshold: error, warning or marginal (checker.report.FailOn)."""

    name = "error|warning|marginal"

    def convert(self, value: Any, param: Any, ctx: Any) -> FailOn:
        if isinstance(value, FailOn):
            return value
        words = [str(level) for level in FailOn]
        if value not in words:
            self.fail(f"expected one of {', '.join(words)}, got {_given(str(value))}{did_you_mean(str(value), words)}",
                      param, ctx)  # fmt: skip
        return FailOn(value)


def fail_on_options(command: Any) -> Any:
    """--fail-on LEVEL and --strict, its older spelling of ``marginal``; read them with ``threshold``."""
    command = click.option("--strict", is_flag=True, help="Also fail on failed warnings and marginal values: "
                           "--fail-on marginal.")(command)  # fmt: skip
    return click.option("--fail-on", "fail_on", type=FailOnParam(), metavar="error|warning|marginal",
                        help="Fail (exit 1) on a failed error-severity rule (error, the default), also on a "
                             "failed warning-severity rule (warning), also on a marginal value (marginal).",
                        )(command)  # fmt: skip


def threshold(strict: bool, given: FailOn | None) -> FailOn:
    """The threshold --fail-on and --strict ask for, either from the command line or the configuration file;
    the command line wins over the file. Both on the command line, meaning different things, is a usage error."""
    from click.core import ParameterSource

    if strict and given is not None and given is not FailOn.MARGINAL:
        ctx = click.get_current_context()
        typed = {
            name for name in ("strict", "fail_on") if ctx.get_parameter_source(name) == ParameterSource.COMMANDLINE
        }
        if typed == {"strict", "fail_on"}:
            raise click.UsageError(f"--strict means --fail-on marginal: give one of them, not --strict with "
                                   f"--fail-on {given}")  # fmt: skip
        if typed == {"fail_on"}:
            return given  # the command line's --fail-on over the file's strict = true
    return FailOn.MARGINAL if strict else given or FailOn.ERROR


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
    """The batch's Checker, loaded as the Python API loads a ruleset (checker.api); a --select or --ignore
    that names no rule is a usage error naming the option."""
    from checker.api import load
    from checker.ruleset.select import SelectorError

    try:
        return load(options).pipeline
    except SelectorError as exc:
        raise click.BadParameter(str(exc), param_hint=f"'--{exc.option}'") from None
