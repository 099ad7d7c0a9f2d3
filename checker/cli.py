"""The ``homologate`` command: options in, the pieces called in order, an exit code out.

Exit codes: 0 compliant, 1 non-compliant (an error-severity rule failed; with --strict also a
warning or a marginal finding), 2 the input could not be checked, 3 homologate itself failed.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from collections.abc import Iterable
from typing import Any

import click

from checker import __version__
from checker.errors import InputError
from checker.render import FORMATS, render
from checker.ruleset import DEFAULT_RULESET

EXIT_OK, EXIT_FAIL, EXIT_INPUT, EXIT_INTERNAL = 0, 1, 2, 3


class DateParam(click.ParamType):
    name = "DATE"

    def convert(self, value: Any, param: Any, ctx: Any) -> dt.date:
        if isinstance(value, dt.date):
            return value
        try:
            return dt.date.fromisoformat(str(value))
        except ValueError:
            self.fail(f"expected a date such as 2026-01-03, got {value!r}", param, ctx)


class DocumentParam(click.ParamType):
    """A document name of checker.jsonschemas.SCHEMAS, read only when the 'schema' command runs."""

    name = "document"

    def choice(self) -> click.Choice:
        from checker.jsonschemas import SCHEMAS

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


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="homologate")
def cli() -> None:
    """Check rally-raid Stock-class (FIA Group T2) build specs against their homologation limits."""


@cli.command()
@click.argument("specs", nargs=-1, required=True, metavar="SPEC...")
@rules_option
@on_option
@waivers_option
@click.option("--format", "fmt", type=click.Choice(list(FORMATS)), default="text", show_default=True,
              help="Output format.")
@click.option("-o", "--output", metavar="FILE", help="Write the output to FILE (atomically) instead of standard output.")
@click.option("--baseline", metavar="REV|FILE.json",
              help="Fail only on findings new or worse than at a git revision, or than in an earlier --format json report.")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=1, show_default=True,
              help="Check a large batch in this many processes.")
@click.option("--strict", is_flag=True, help="Also fail on warnings and marginal findings.")
@click.option("-v", "--verbose", is_flag=True, help="Also list the rules that do not apply (text format).")
@click.option("-q", "--quiet", is_flag=True, help="Only the problems and the verdict of each spec (text format).")
@click.option("--color/--no-color", default=None, help="Colour the text output (default: when writing to a terminal).")
def check(specs: tuple[str, ...], rules_ref: str, on: dt.date | None, waivers: str | None, fmt: str,
          output: str | None, baseline: str | None, jobs: int, strict: bool, verbose: bool, quiet: bool,
          color: bool | None) -> None:  # fmt: skip
    """Check build specs (files, folders of YAML, glob patterns) against a ruleset.

    The exit status is the worst over the specs: 0 compliant, 1 not compliant, 2 a spec could not be checked.
    """
    from checker.batch import Checker, Options, check_many, collect
    from checker.report import Report, Run

    checker = Checker(Options(rules_ref, on, baseline, waivers))
    found = list(collect(specs))
    if fmt == "text" and output is None:  # streamed: each spec printed as soon as it is checked
        from checker.render.text import TextResult

        finish = TextResult(strict=strict, verbose=verbose, quiet=quiet, color=_use_colour(color))
        sys.exit(_stream_text(check_many(found, checker, jobs, finish), colour=finish.color))
    items = check_many(found, checker, jobs)
    results = []
    for item in items:
        if not isinstance(item, Report):
            click.echo(str(item), err=True)
        results.append(item)
    run = Run(checker.ruleset.info(), tuple(results), strict=strict, baseline=baseline)
    text = render(fmt, run, **({"verbose": verbose, "quiet": quiet} if fmt == "text" else {}))
    if output is None:
        click.echo(text, nl=False)
    else:
        from checker.output import write_atomic

        write_atomic(output, text)
    sys.exit(run.exit_code)


def _stream_text(results: Iterable[tuple[str, str, int]], *, colour: bool) -> int:
    """Print each spec's text as it comes (a refusal on standard error); only counts are kept."""
    from checker.render.text import batch_summary

    status = EXIT_OK
    checked = failing = refused = 0
    for kind, text, code in results:
        if kind == "report":
            click.echo(text, color=colour)
            checked += 1
            failing += code != 0
        else:
            click.echo(text, err=True)  # standard error is the list of what could not be checked
            refused += 1
        status = max(status, code)
    if checked + refused > 1:
        click.echo(batch_summary(checked, failing, refused), nl=False)
    return status


@cli.command("report")
@click.argument("specs", nargs=-1, required=True, metavar="SPEC...")
@rules_option
@on_option
@waivers_option
@click.option("-o", "--output", required=True, metavar="FILE", help="The report file: .html or .md.")
@click.option("--format", "fmt", type=click.Choice(list(FORMATS)), help="Format (default: from the file's extension).")
def report_command(specs: tuple[str, ...], rules_ref: str, on: dt.date | None, waivers: str | None, output: str,
                   fmt: str | None) -> None:  # fmt: skip
    """Write the compliance report a scrutineer reads and signs (HTML for screen and A4, or Markdown).

    Nothing is written if a spec cannot be checked. The exit status is that of 'check'.
    """
    from pathlib import Path

    from checker.batch import Checker, Options, check_many, collect
    from checker.output import write_atomic
    from checker.render import EXTENSIONS
    from checker.report import Run

    fmt = fmt or EXTENSIONS.get(Path(output).suffix.lower())
    if fmt is None:
        raise click.UsageError(f"cannot tell the format from '{output}': name a .html or .md file, or give --format")
    checker = Checker(Options(rules_ref, on, waivers=waivers))
    run = Run(checker.ruleset.info(), tuple(check_many(list(collect(specs)), checker)))
    for problem in run.unchecked:
        click.echo(str(problem), err=True)
    if run.unchecked:
        sys.exit(EXIT_INPUT)  # a report must cover every spec asked for: nothing written
    write_atomic(output, render(fmt, run))
    for report in run.reports:
        verdict = "COMPLIANT" if report.compliant else "NOT COMPLIANT"
        click.echo(f"{report.spec_file}: {verdict}; report written to {output}")
    sys.exit(run.exit_code)


@cli.command("init")
@click.option("--from-homologation", "form", required=True, metavar="FORM.yaml",
              help="The homologation-form file the spec's production values come from.")
@click.option("-o", "--output", required=True, metavar="SPEC", help="The build spec to write.")
@click.option("--force", is_flag=True, help="Replace SPEC if it exists.")
def init_command(form: str, output: str, force: bool) -> None:
    """Start a build spec from a homologation form: production as on the form, the build equal to it
    until measured, and null (to measure or fill in) what the form cannot give."""
    from pathlib import Path

    from checker.errors import is_dir
    from checker.form import load_form
    from checker.newspec import new_spec
    from checker.output import write_atomic

    target = Path(output)
    if target.exists() and not is_dir(target) and not force:  # a folder: write_atomic says so
        raise InputError(output, 1, 1, "the file exists: give --force to replace it")
    loaded = load_form(Path(form), form)
    if target.exists() and target.resolve() == Path(form).resolve():
        raise InputError(output, 1, 1, "this is the homologation form itself: name another file")
    made = new_spec(loaded, output)
    write_atomic(output, made.text)
    click.echo(f"{output}: started from {form} (form {loaded.form.homologation_form}): {made.to_check} values to "
               f"measure or count on the car, {made.left_null} null to measure or fill in; "
               f"then run: homologate check {output}")  # fmt: skip


@cli.command("rules")
@click.argument("ruleset", required=False, default=DEFAULT_RULESET, metavar="[NAME|PATH]")
@click.option("--format", "fmt", type=click.Choice(["text", "markdown", "json"]), default="text", show_default=True,
              help="text for a terminal, markdown to publish, json for programs.")
@click.option("-o", "--output", metavar="FILE", help="Write the catalogue to FILE (atomically) instead of standard output.")
def rules_command(ruleset: str, fmt: str, output: str | None) -> None:
    """The catalogue of a ruleset after 'extends' and overrides, grouped by area, with each rule's check and
    the file that defined or changed it (default: the bundled Dakar 2026 Stock class)."""
    from checker.catalogue import command_line
    from checker.catalogue_formats import render as render_catalogue
    from checker.rulebook import load_ruleset

    # the choices are written out above: importing the renderers at start-up would slow every 'check'
    text = render_catalogue(fmt, load_ruleset(ruleset), command_line(ruleset, fmt, output))
    if output is None:
        click.echo(text, nl=False)
    else:
        from checker.output import write_atomic

        write_atomic(output, text)


@cli.command("explain")
@click.argument("rule_id", metavar="RULE_ID")
@click.argument("spec", required=False, metavar="[SPEC]")
@rules_option
@on_option
def explain_command(rule_id: str, spec: str | None, rules_ref: str, on: dt.date | None) -> None:
    """Explain a rule: its article, provenance, condition and limit; with a SPEC, every value it read (with
    file:line), the limit worked out step by step from the production reference, and the verdict."""
    from pathlib import Path

    from checker.batch import Checker, Options
    from checker.errors import did_you_mean
    from checker.explain import explain

    checker = Checker(Options(rules_ref, on))
    ruleset = checker.ruleset
    rule = ruleset.get(rule_id) or next((r for r in ruleset.rules if r.id.lower() == rule_id.lower()), None)
    if rule is None:
        hint = did_you_mean(rule_id.upper(), [r.id for r in ruleset.rules])
        raise click.BadParameter(f"no rule {rule_id!r} in {ruleset.name}{hint}", param_hint="RULE_ID")
    if spec is None:
        click.echo(explain(rule, ruleset), nl=False)
        return
    from checker.spec import load_spec

    loaded = load_spec(Path(spec), spec)
    click.echo(explain(rule, ruleset, loaded, checker.check_loaded(loaded)), nl=False)


@cli.command("test")
@click.argument("rulesets", nargs=-1, metavar="[NAME|PATH]...")
@click.option("-v", "--verbose", is_flag=True, help="List every example, not only those that fail.")
def test_command(rulesets: tuple[str, ...], verbose: bool) -> None:
    """Run the examples of every rule: each patches a spec and states the verdict the rule must give.

    Default: every bundled ruleset. Exit status 1 if an example gets another verdict or cannot be run.
    """
    from checker.examples import run, untested
    from checker.rulebook import load_ruleset
    from checker.ruleset import bundled_names

    status = EXIT_OK
    for ref in rulesets or bundled_names():
        ruleset = load_ruleset(ref)
        results = run(ruleset)
        for result in results:
            if verbose or not result.ok:
                click.echo(str(result))
        failed = sum(not r.ok for r in results)
        rules = len({r.example.rule_id for r in results})
        click.echo(f"{ruleset.name}: {len(results)} examples of {rules} rules: {len(results) - failed} passed, {failed} failed")
        for line in untested(ruleset):
            click.echo(f"{ruleset.name}: {line}")
        status = max(status, EXIT_FAIL if failed else EXIT_OK)
    sys.exit(status)


@cli.command("schema")
@click.argument("document", type=DocumentParam())
@click.option("-o", "--output", metavar="FILE", help="Write the schema to FILE (atomically) instead of standard output.")
def schema_command(document: str, output: str | None) -> None:
    """Print the JSON Schema (draft 2020-12) of a build spec, a homologation form, a ruleset or the JSON report, for editors
    and validators."""
    from checker.jsonschemas import text

    schema = text(document)
    if output is None:
        click.echo(schema, nl=False)
    else:
        from checker.output import write_atomic

        write_atomic(output, schema)


@cli.command("diff")
@click.argument("old", metavar="OLD")
@click.argument("new", required=False, metavar="[NEW]")
@rules_option
@on_option
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="Output format.")
@click.option("--strict", is_flag=True, help="Also fail on warnings and marginal findings that are new or worse.")
def diff_command(old: str, new: str | None, rules_ref: str, on: dt.date | None, fmt: str, strict: bool) -> None:
    """Compare two versions of a spec: the values that changed and the findings that changed with them.

    OLD and NEW are spec files, or REV:PATH for the file PATH as it was at git revision REV (PATH as you
    would name the file itself; an existing file whose name holds ':' is that file). Without NEW, OLD
    must be REV:PATH and NEW is PATH as it is now.

    The exit status is that of 'check --baseline': 1 if NEW fails an error-severity rule in a way that
    is new or worse than in OLD (with --strict, also a warning or a marginal finding), 0 otherwise,
    2 if either version cannot be checked.
    """
    from checker import diff
    from checker.render import changes
    from checker.rulebook import load_ruleset

    if new is None:
        revision = diff.split_revision(old)
        if revision is None:
            raise click.UsageError(f"give NEW, or name OLD as REV:PATH to compare it with PATH as it is now (got '{old}')")
        new = revision[1]
    ruleset = load_ruleset(rules_ref)
    result = diff.compare(diff.load(old), diff.load(new), ruleset, on, strict=strict)
    click.echo(changes.text(result) if fmt == "text" else changes.json_text(result), nl=False)
    sys.exit(result.exit_code)


def _use_colour(option: bool | None) -> bool:
    if option is not None:
        return option
    return sys.stdout.isatty() and "NO_COLOR" not in os.environ


class _Terminated(BaseException):
    """SIGTERM (a cancelled CI job): unwinds like Ctrl-C, so a half-written output file is removed."""


def _terminate(signum: int, frame: Any) -> None:
    raise _Terminated


def main(argv: list[str] | None = None) -> None:
    """Entry point: every failure ends as one line on stderr and an exit code, never a traceback."""
    import signal

    signal.signal(signal.SIGTERM, _terminate)
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
    except _Terminated:
        click.echo("homologate: terminated", err=True)
        sys.exit(143)
    except Exception as exc:  # a bug in homologate: say so in one line, the details only on request
        if os.environ.get("HOMOLOGATE_DEBUG"):
            raise
        click.echo(f"homologate: internal error: {type(exc).__name__}: {exc} (set HOMOLOGATE_DEBUG=1 for details)", err=True)
        sys.exit(EXIT_INTERNAL)
