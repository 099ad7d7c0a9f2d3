"""The ``homologate`` command: options in, the pieces called in order, an exit code out.

Exit codes: 0 compliant, 1 non-compliant (an error-severity rule failed; with --strict also a
warning or a marginal finding), 2 the input could not be checked, 3 homologate itself failed.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import click

from checker import __version__
from checker.errors import InputError
from checker.ruleset import DEFAULT_RULESET

EXIT_OK, EXIT_FAIL, EXIT_INPUT, EXIT_INTERNAL = 0, 1, 2, 3
SPEC_SUFFIXES = (".yaml", ".yml")


class DateParam(click.ParamType):
    name = "DATE"

    def convert(self, value: Any, param: Any, ctx: Any) -> dt.date:
        if isinstance(value, dt.date):
            return value
        try:
            return dt.date.fromisoformat(str(value))
        except ValueError:
            self.fail(f"expected a date such as 2026-01-03, got {value!r}", param, ctx)


rules_option = click.option(
    "--rules", "rules_ref", default=DEFAULT_RULESET, show_default=True, metavar="NAME|PATH",
    help="A bundled ruleset's name or a ruleset file.",
)  # fmt: skip


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="homologate")
def cli() -> None:
    """Check rally-raid Stock-class (FIA Group T2) build specs against their homologation limits."""


@cli.command()
@click.argument("specs", nargs=-1, required=True, metavar="SPEC...")
@rules_option
@click.option("--on", "on", type=DateParam(), help="Date for validity checks (default: the ruleset's event date, else today).")
@click.option("--strict", is_flag=True, help="Also fail on warnings and marginal findings.")
@click.option("-v", "--verbose", is_flag=True, help="Also list the rules that do not apply.")
@click.option("--color/--no-color", default=None, help="Colour the output (default: when writing to a terminal).")
def check(specs: tuple[str, ...], rules_ref: str, on: dt.date | None, strict: bool, verbose: bool,
          color: bool | None) -> None:  # fmt: skip
    """Check build specs (files or folders of YAML) against a ruleset."""
    from checker.engine import evaluate
    from checker.render.text import render_one
    from checker.rulebook import load_ruleset
    from checker.spec import load_spec

    ruleset = load_ruleset(rules_ref)
    colour = _use_colour(color)
    status = EXIT_OK
    for path in _spec_files(specs):
        try:
            if isinstance(path, InputError):
                raise path
            report = evaluate(load_spec(path, str(path)), ruleset, on)
        except InputError as exc:
            click.echo(str(exc), err=True)
            status = max(status, EXIT_INPUT)
            continue
        click.echo(render_one(report, color=colour, verbose=verbose), color=colour)
        status = max(status, report.exit_code(strict=strict))
    sys.exit(status)


@cli.command("rules")
@click.argument("ruleset", required=False, default=DEFAULT_RULESET, metavar="[NAME|PATH]")
def rules_command(ruleset: str) -> None:
    """List a ruleset's rules after 'extends' and overrides (default: the bundled Dakar 2026 Stock class)."""
    from checker.rulebook import AREAS, load_ruleset

    loaded = load_ruleset(ruleset)
    click.echo(f"{loaded.name} {loaded.version}: {loaded.title}")
    click.echo(f"files: {' -> '.join(loaded.files)}")
    if loaded.event_date:
        click.echo(f"event date: {loaded.event_date.isoformat()}")
    width = max(len(r.id) for r in loaded.rules) + 2
    for area, heading in AREAS.items():
        rules = [r for r in loaded.rules if r.area == area]
        if not rules:
            continue
        click.echo(f"\n{heading}")
        for rule in rules:
            mark = "*" if rule.illustrative else " "
            click.echo(f"  {rule.id.ljust(width)}{rule.severity:8} {mark} {rule.title}  [{rule.article}]")
    if any(r.illustrative for r in loaded.rules):
        click.echo("\n* illustrative limit: the official figure is not public; see the rule's note.")


def _spec_files(args: tuple[str, ...]) -> Iterator[Path | InputError]:
    """The spec files named, folders expanded (hidden folders such as .git or .venv skipped);
    a folder with none is an error in its place."""
    for arg in args:
        path = Path(arg)
        if path.is_dir():
            found = sorted(p for p in path.rglob("*") if p.suffix in SPEC_SUFFIXES and p.is_file()
                           and not any(part.startswith(".") for part in p.relative_to(path).parts))  # fmt: skip
            if not found:
                yield InputError(arg, 1, 1, "no YAML specs (*.yaml, *.yml) in this folder")
            yield from found
        else:
            yield path


def _use_colour(option: bool | None) -> bool:
    if option is not None:
        return option
    return sys.stdout.isatty() and "NO_COLOR" not in os.environ


def main(argv: list[str] | None = None) -> None:
    """Entry point: every failure ends as one line on stderr and an exit code, never a traceback."""
    try:
        cli.main(args=argv, prog_name="homologate", standalone_mode=False)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except click.ClickException as exc:  # bad usage: one line, like every other input error
        click.echo(f"homologate: {exc.format_message()}", err=True)
        sys.exit(EXIT_INPUT)
    except click.exceptions.Abort:
        click.echo("homologate: interrupted", err=True)
        sys.exit(130)
    except InputError as exc:
        click.echo(str(exc), err=True)
        sys.exit(EXIT_INPUT)
    except KeyboardInterrupt:
        click.echo("homologate: interrupted", err=True)
        sys.exit(130)
    except Exception as exc:  # a bug in homologate: say so in one line, the details only on request
        if os.environ.get("HOMOLOGATE_DEBUG"):
            raise
        click.echo(f"homologate: internal error: {type(exc).__name__}: {exc} (set HOMOLOGATE_DEBUG=1 for details)", err=True)
        sys.exit(EXIT_INTERNAL)
