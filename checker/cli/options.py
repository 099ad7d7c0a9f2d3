"""What the commands share: exit codes, option types and options, and where output goes."""

from __future__ import annotations

import datetime as dt
from typing import Any

import click

from checker.ruleset.raw import DEFAULT_RULESET

EXIT_OK, EXIT_FAIL, EXIT_INPUT, EXIT_INTERNAL = 0, 1, 2, 3
EXIT_INTERRUPTED, EXIT_TERMINATED = 130, 143  # 128 + SIGINT, 128 + SIGTERM, as shells report them
EXIT_BROKEN_PIPE = 141  # 128 + SIGPIPE: standard output's reader went away (``| head``), as for other commands


class DateParam(click.ParamType):  # type: ignore[type-arg]  # generic in click 8.3+, not in 8.1
    name = "DATE"

    def convert(self, value: Any, param: Any, ctx: Any) -> dt.date:
        if isinstance(value, dt.date):
            return value
        try:
            return dt.date.fromisoformat(str(value))
        except ValueError:
            self.fail(f"expected a date such as 2026-01-03, got {value!r}", param, ctx)


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
    "--rules", "rules_ref", default=DEFAULT_RULESET, show_default=True, metavar="NAME|PATH",
    help="A bundled ruleset's name or a ruleset file.",
)  # fmt: skip
on_option = click.option(
    "--on", "on", type=DateParam(), help="Date for validity checks (default: the ruleset's event date, else today).",
)  # fmt: skip
waivers_option = click.option(
    "--waivers", metavar="FILE", help="Waivers granted by the organiser (YAML), besides those in the spec.",
)  # fmt: skip


def emit(text: str, output: str | None) -> None:
    """The output on standard output, or written to the file ``output`` atomically (complete or not at all)."""
    if output is None:
        click.echo(text, nl=False)
        return
    from checker.cli.output import write_atomic

    write_atomic(output, text)
