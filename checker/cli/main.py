"""The ``homologate`` command: options in, the pieces called in order, an exit code out.

Exit codes: 0 compliant, 1 non-compliant (an error-severity rule failed; with --fail-on warning also a
failed warning rule, with --fail-on marginal or --strict also a marginal value), 2 the input could not be
checked, 3 homologate itself failed.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from collections.abc import Iterable, Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from checker.cli import authoring
from checker.cli.config import config_options, used
from checker.cli.lsp import lsp_command
from checker.cli.options import (
    EXIT_BROKEN_PIPE,
    EXIT_INPUT,
    EXIT_INTERNAL,
    EXIT_INTERRUPTED,
    EXIT_OK,
    EXIT_TERMINATED,
    SELECTOR,
    NameParam,
    emit,
    fail_on_options,
    make_checker,
    on_option,
    output_width,
    rules_option,
    selectors,
    spec_waivers_option,
    threshold,
    waivers_option,
)
from checker.cli.outputs import CHECK_OUTPUT, REPORT_OUTPUT, Output, check_outputs, distinct, once
from checker.cli.stdin import stdin_filename_option, stdin_spec
from checker.cli.stdio import OutputFailed
from checker.errors import InputError
from checker.render import FORMATS, render, streamer
from checker.report import FailOn, Report, Tally, Unchecked
from checker.text import clip, one_line, printable
from checker.version import __version__

if TYPE_CHECKING:
    from checker.cli.output import Sink, Target
    from checker.pipeline import Checker
    from checker.render.stream import Streamed
    from checker.render.text import Printed


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="homologate")
def cli() -> None:
    """Check rally-raid Stock-class (FIA Group T2) build specs against their homologation limits."""


@cli.command()
@click.argument("specs", nargs=-1, required=True, metavar="SPEC...")
@config_options
@rules_option
@on_option
@waivers_option
@click.option("--format", "fmt", type=click.Choice(list(FORMATS)), multiple=True, callback=once, default=["text"],
              show_default=True, help="Output format (standard output's).")
@click.option("-o", "--output", "outputs", type=CHECK_OUTPUT, multiple=True,
              callback=check_outputs, help="Write --format's output to FILE instead of standard output; with FORMAT:, "
              "that format to FILE besides it (repeat: -o sarif:a.sarif -o junit:a.xml). Each file atomically.")
@click.option("--baseline", type=NameParam("a git revision or a JSON report"), metavar="REV|FILE.json",
              help="Fail only on findings new or worse than at a git revision, "
                   "or than in an earlier --format json report.")
@spec_waivers_option
@click.option("--select", multiple=True, type=SELECTOR, metavar="RULES",
              help="Check only these rules: ids, area:NAME or patterns such as 'STK-*' (repeat, or separate with ',').")
@click.option("--ignore", multiple=True, type=SELECTOR, metavar="RULES",
              help="Do not check these rules (as --select names them).")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=1, show_default=True,
              help="Check a large batch in this many processes.")
@fail_on_options
@click.option("-v", "--verbose", is_flag=True, help="Also list the rules that do not apply (text format).")
@click.option("-q", "--quiet", is_flag=True, help="Only the problems and the verdict of each spec (text format).")
@click.option("--color/--no-color", default=None, help="Colour the text output (default: when writing to a terminal).")
@stdin_filename_option
def check(specs: tuple[str, ...], rules_ref: str, on: dt.date | None, waivers: str | None, fmt: str,
          outputs: tuple[Output, ...], baseline: str | None, spec_waivers: bool, select: tuple[str, ...],
          ignore: tuple[str, ...], jobs: int, fail_on: FailOn | None, strict: bool, verbose: bool, quiet: bool,
          color: bool | None, stdin_filename: str | None) -> None:  # fmt: skip
    """Check build specs (files, folders of YAML, glob patterns; '-' for one read from standard input)
    against a ruleset.

    The exit status is the worst over the specs: 0 passes (compliant, by default), 1 fails --fail-on (not
    compliant, by default), 2 a spec could not be checked.
    """
    from checker.pipeline import Options, check_many, collect

    fails_at = threshold(strict, fail_on)
    files = [(o.format or fmt, o.file) for o in outputs]
    to_stdout = all(o.format is not None for o in outputs)
    for name in dict.fromkeys([fmt, *(f for f, _ in files)]):
        _check_source_date_epoch(name)
    if verbose and (config := used()) is not None:
        click.echo(printable(f"homologate: settings from {config}"), err=True)
    stdin = stdin_spec(specs, stdin_filename)
    checker = make_checker(Options(rules_ref, on, baseline, waivers, selectors(select), selectors(ignore),
                                   spec_waivers))
    found = list(collect(specs, stdin))
    _refuse_inputs([file for _, file in files], checker, found)
    terminal = None
    if fmt == "text" and to_stdout:  # streamed: each spec printed as soon as it is checked
        from checker.render.text import TextResult

        terminal = TextResult(fail_on=fails_at, verbose=verbose, quiet=quiet, color=_use_colour(color),
                              width=output_width())  # fmt: skip
        if not files:  # rendered where it is checked (with --jobs, in the worker processes)
            results = check_many(found, checker, jobs, terminal)
            sys.exit(_stream_text(results, colour=terminal.color, fail_on=fails_at))
    from checker.cli.output import Sink, opened, ordered

    def stream(name: str) -> Streamed:  # written spec by spec (JSON and SARIF: kept aside until the totals)
        return streamer(name, checker.ruleset.info(), fail_on=fails_at, baseline=baseline,
                        **({"verbose": verbose, "quiet": quiet, "width": output_width(terminal=False)}
                           if name == "text" else {}))  # fmt: skip

    with opened(file for _, file in files) as targets, ExitStack() as stack:
        sinks = [stack.enter_context(Sink(stream(name))) for name, _ in files]
        items = _fed(check_many(found, checker, jobs), sinks, targets)
        if terminal is not None:
            status = _stream_text(map(terminal, items), colour=terminal.color, fail_on=fails_at)
        elif to_stdout:
            shown = stream(fmt)
            emit(ordered(shown, _told(items)), None)
            status = shown.tally.exit_code
        else:  # every output a file
            for _ in _told(items):
                pass
            status = sinks[0].stream.tally.exit_code
        for sink, target in zip(sinks, targets, strict=True):
            for chunk in sink.finish():
                target.write(chunk.encode("utf-8"))
    sys.exit(status)


def _fed(items: Iterable[Report | Unchecked], sinks: list[Sink], targets: list[Target]
         ) -> Iterator[Report | Unchecked]:  # fmt: skip
    """The results as they come, each also given to the output files' formats and its text written to them:
    one pass over the specs feeds every output, and none keeps the reports."""
    for sink, target in zip(sinks, targets, strict=True):
        target.write(sink.start().encode("utf-8"))
    for item in items:
        for sink, target in zip(sinks, targets, strict=True):
            if text := sink.add(item):
                target.write(text.encode("utf-8"))
        yield item


def _told(items: Iterable[Report | Unchecked]) -> Iterator[Report | Unchecked]:
    """The results as they come, each spec that could not be checked said on standard error."""
    for item in items:
        if not isinstance(item, Report):
            click.echo(str(item), err=True)
        yield item


def _stream_text(results: Iterable[Printed], *, colour: bool, fail_on: FailOn) -> int:
    """Print each spec's text as it comes (a refusal on standard error); only counts are kept."""
    from checker.render.text import batch_summary

    tally = Tally(fail_on)
    for printed in results:
        if printed.kind == "report":
            click.echo(printed.text, color=colour)
            tally.add_checked(compliant=printed.compliant, code=printed.code)
        else:
            click.echo(printed.text, err=True)  # standard error is the list of what could not be checked
            tally.add_unchecked()
    if tally.specs > 1:
        click.echo(batch_summary(tally), nl=False)
    return tally.exit_code


@cli.command("report")
@click.argument("specs", nargs=-1, required=True, metavar="SPEC...")
@config_options
@rules_option
@on_option
@waivers_option
@spec_waivers_option
@click.option("-o", "--output", "outputs", type=REPORT_OUTPUT, multiple=True, required=True, callback=distinct,
              help="The report file: .html, .md or .pdf (repeat for several: -o r.html -o r.pdf; FORMAT: names "
                   "the format whatever the extension).")
@click.option("--format", "fmt", type=click.Choice([*FORMATS, "pdf"]), multiple=True, callback=once,
              help="Format (default: from the file's extension).")
def report_command(specs: tuple[str, ...], rules_ref: str, on: dt.date | None, waivers: str | None,
                   spec_waivers: bool, outputs: tuple[Output, ...],
                   fmt: str | None) -> None:  # fmt: skip
    """Write the compliance report a scrutineer reads and signs (HTML for screen and A4, PDF, or Markdown).

    Nothing is written if a spec cannot be checked. The exit status is that of 'check'.
    """
    from checker.cli.output import opened
    from checker.pipeline import Options, check_many, collect
    from checker.render import EXTENSIONS, pdf
    from checker.report import Run

    files: list[tuple[str, str]] = []
    for output in outputs:
        kind = output.format or fmt or EXTENSIONS.get(Path(output.file).suffix.lower())
        if kind is None:
            raise click.UsageError(f"cannot tell the format from {clip(output.file)}: name a .html, .md or .pdf "
                                   "file, or give --format")  # fmt: skip
        if kind == "pdf" and (reason := pdf.missing()):
            raise InputError(output.file, 1, 1, f"cannot write a PDF: {reason}")
        _check_source_date_epoch(kind)
        files.append((kind, output.file))
    checker = make_checker(Options(rules_ref, on, waivers=waivers, spec_waivers=spec_waivers))
    found = list(collect(specs))
    _refuse_inputs([file for _, file in files], checker, found)
    run = Run(checker.ruleset.info(), tuple(check_many(found, checker)))
    for problem in run.unchecked:
        click.echo(str(problem), err=True)
    if run.unchecked:
        sys.exit(EXIT_INPUT)  # a report must cover every spec asked for: nothing written
    with opened(file for _, file in files) as targets:  # all in place at the end, or none
        for (kind, _), target in zip(files, targets, strict=True):
            target.write(pdf.render(run) if kind == "pdf" else render(kind, run).encode("utf-8"))
    written = ", ".join(file for _, file in files)
    for report in run.reports:
        verdict = "COMPLIANT" if report.compliant else "NOT COMPLIANT"
        click.echo(f"{report.spec_file}: {verdict}; report written to {written}")
    sys.exit(run.exit_code)


def _check_source_date_epoch(fmt: str) -> None:
    """A malformed SOURCE_DATE_EPOCH is refused before a run whose format writes a time, as
    reproducible-builds.org asks."""
    from checker.render.clock import TIMED_FORMATS, source_date_epoch

    value = os.environ.get("SOURCE_DATE_EPOCH", "")
    try:
        if value and fmt in TIMED_FORMATS:
            source_date_epoch(value)
    except ValueError as exc:
        raise click.UsageError(f"SOURCE_DATE_EPOCH: {exc}") from None


def _refuse_inputs(outputs: list[str], checker: Checker, specs: Iterable[object]) -> None:
    """Refuse an output file that is one of the files the run reads (checker.cli.output.refuse_inputs)."""
    if not outputs:
        return
    from checker.cli.output import refuse_inputs
    from checker.evaluate.baseline import is_json_baseline

    options = checker.options
    baseline = options.baseline if options.baseline and is_json_baseline(options.baseline) else None
    inputs: list[tuple[str, str | Path]] = [*((f"the spec {p}", p) for p in specs if isinstance(p, Path)),
              *((f"the ruleset {f}", f) for f in checker.ruleset.files),
              *([("the waivers file", options.waivers)] if options.waivers else []),
              *([("the baseline report", baseline)] if baseline else [])]  # fmt: skip
    for output in outputs:
        refuse_inputs(output, inputs)


for _command in authoring.COMMANDS:  # init, rules, explain, test, schema, diff
    cli.add_command(_command)
cli.add_command(lsp_command)


def _use_colour(option: bool | None) -> bool:
    if option is not None:
        return option
    return sys.stdout is not None and sys.stdout.isatty() and "NO_COLOR" not in os.environ


class _Terminated(BaseException):
    """SIGTERM (a cancelled CI job): unwinds like Ctrl-C, so a half-written output file is removed."""


def _terminate(signum: int, frame: Any) -> None:
    raise _Terminated


def main(argv: list[str] | None = None) -> None:
    """The console script: SIGTERM handled like Ctrl-C, then the command line run and its status the exit
    status."""
    import signal

    from checker.cli import stdio

    signal.signal(signal.SIGTERM, _terminate)
    stdio.install()
    sys.exit(run(argv))


def run(argv: list[str] | None = None) -> int:
    """Run a command line (``sys.argv[1:]`` when None) and return its exit status: every failure ends as one
    line on stderr and a status, never a traceback (tests run the CLI in process through this)."""
    try:
        returned = cli.main(args=argv, prog_name="homologate", standalone_mode=False)
    except SystemExit as exc:  # a command's own status
        return exc.code if isinstance(exc.code, int) else EXIT_OK if exc.code is None else EXIT_INTERNAL
    except click.exceptions.Exit as exc:
        return exc.exit_code
    except click.ClickException as exc:  # bad usage: one line, like every other input error
        click.echo(one_line(f"homologate: {exc.format_message()}"), err=True)
        return EXIT_INPUT
    except click.exceptions.Abort:
        click.echo("homologate: interrupted", err=True)
        return EXIT_INTERRUPTED
    except InputError as exc:
        click.echo(str(exc), err=True)
        return EXIT_INPUT
    except KeyboardInterrupt:
        click.echo("homologate: interrupted", err=True)
        return EXIT_INTERRUPTED
    except _Terminated:
        click.echo("homologate: terminated", err=True)
        return EXIT_TERMINATED
    except OutputFailed as exc:  # the reader of a pipe gone is no error: quiet, as other commands are
        if exc.broken_pipe:
            return EXIT_BROKEN_PIPE
        click.echo(f"homologate: cannot write to standard output: {exc}", err=True)
        return EXIT_INPUT
    except Exception as exc:  # a bug in homologate: say so in one line, the details only on request
        if os.environ.get("HOMOLOGATE_DEBUG"):
            raise
        click.echo(one_line(f"homologate: internal error: {type(exc).__name__}: {exc}")
                   + " (set HOMOLOGATE_DEBUG=1 for details)", err=True)
        return EXIT_INTERNAL
    return returned if isinstance(returned, int) else EXIT_OK  # --help and --version return 0
