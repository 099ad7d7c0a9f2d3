"""The commands for those who write rules and specs: init, rules, explain, test, schema and diff.

Thin, as every command: options in, the pieces called, output and an exit status out. Each imports
what it needs inside its body, so that a plain ``check`` loads none of it.
"""

from __future__ import annotations

import datetime as dt
import os
import sys

import click

from checker.cli.config import config_options
from checker.cli.options import (
    EXIT_FAIL,
    EXIT_OK,
    FILE_NAME,
    RULESET_NAME,
    SPEC_NAME,
    DocumentParam,
    NameParam,
    emit,
    fail_on_options,
    on_option,
    output_width,
    rules_option,
    threshold,
)
from checker.cli.outputs import once
from checker.errors import InputError
from checker.report import FailOn
from checker.ruleset.raw import DEFAULT_RULESET
from checker.text import clip, printable


@click.command("init")
@click.option("--from-homologation", "form", type=NameParam("a homologation form file"), required=True,
              metavar="FORM.yaml",
              help="The homologation-form file the spec's production values come from.")
@click.option("-o", "--output", type=FILE_NAME, required=True, metavar="SPEC", help="The build spec to write.")
@click.option("--force", is_flag=True, help="Replace SPEC if it exists.")
def init_command(form: str, output: str, force: bool) -> None:
    """Start a build spec from a homologation form: production as on the form, the build equal to it
    until measured, and null (to measure or fill in) what the form cannot give."""
    from pathlib import Path

    from checker.cli.output import refuse_inputs, write_atomic
    from checker.read.files import is_dir
    from checker.spec.form import load_form
    from checker.tools.new_spec import new_spec

    if os.path.lexists(output) and not is_dir(Path(output)) and not force:  # a folder: write_atomic says so
        raise InputError(output, 1, 1, "the file exists: give --force to replace it")
    loaded = load_form(Path(form), form)
    refuse_inputs(output, [("the homologation form", form)])
    made = new_spec(loaded, output)
    write_atomic(output, made.text)
    click.echo(printable(f"{output}: started from {form} (form {loaded.form.homologation_form}): "
                         f"{made.to_check} values to measure or count on the car, {made.left_null} null to "
                         f"measure or fill in; then run: homologate check {output}"))  # fmt: skip


@click.command("rules")
@click.argument("ruleset", type=RULESET_NAME, required=False, default=DEFAULT_RULESET, metavar="[NAME|PATH]")
@click.option("--format", "fmt", type=click.Choice(["text", "markdown", "json"]), multiple=True, callback=once,
              default=["text"], show_default=True, help="text for a terminal, markdown to publish, json for programs.")
@click.option("-o", "--output", type=FILE_NAME, metavar="FILE",
              help="Write the catalogue to FILE (atomically) instead of standard output.")
def rules_command(ruleset: str, fmt: str, output: str | None) -> None:
    """The catalogue of a ruleset after 'extends' and overrides, grouped by area, with each rule's check and
    the file that defined or changed it (default: the bundled Dakar 2026 Stock class)."""
    from checker.render.catalogue import render as render_catalogue
    from checker.ruleset.compile import load_ruleset
    from checker.tools.catalogue import command_line

    # the choices are written out above: importing the renderers at start-up would slow every 'check'
    loaded = load_ruleset(ruleset)
    if output is not None:
        from checker.cli.output import refuse_inputs

        refuse_inputs(output, [(f"the ruleset {f}", f) for f in loaded.files])
    emit(render_catalogue(fmt, loaded, command_line(ruleset, fmt, output), output_width(terminal=output is None)),
         output)  # fmt: skip


@click.command("explain")
@click.argument("rule_id", type=NameParam("a rule id"), metavar="RULE_ID")
@click.argument("spec", type=SPEC_NAME, required=False, metavar="[SPEC]")
@config_options
@rules_option
@on_option
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), multiple=True, callback=once, default=["text"],
              show_default=True, help="text to read, json for programs (described by 'homologate schema explain').")
def explain_command(rule_id: str, spec: str | None, rules_ref: str, on: dt.date | None, fmt: str) -> None:
    """Explain a rule: its article, provenance, condition and limit; with a SPEC, every value it read (with
    file:line), the limit worked out step by step from the production reference, and the verdict."""
    from pathlib import Path

    from checker.pipeline import Checker, Options
    from checker.text import did_you_mean
    from checker.tools.explain import explain

    checker = Checker(Options(rules_ref, on))
    ruleset = checker.ruleset
    rule = ruleset.get(rule_id) or next((r for r in ruleset.rules if r.id.lower() == rule_id.lower()), None)
    if rule is None:
        hint = did_you_mean(rule_id.upper(), [r.id for r in ruleset.rules])
        raise click.BadParameter(f"no rule {clip(rule_id)} in {ruleset.name}{hint}", param_hint="RULE_ID")
    render = explain
    if fmt == "json":
        from checker.render.explain import to_json as render
    loaded = report = None
    if spec is not None:
        from checker.spec.load import load_spec

        loaded = load_spec(Path(spec), spec)
        report = checker.check_loaded(loaded)
    click.echo(render(rule, ruleset, loaded, report), nl=False)


@click.command("test")
@click.argument("rulesets", type=RULESET_NAME, nargs=-1, metavar="[NAME|PATH]...")
@click.option("-v", "--verbose", is_flag=True, help="List every example, not only those that fail.")
def test_command(rulesets: tuple[str, ...], verbose: bool) -> None:
    """Run the examples of every rule: each patches a spec and states the verdict the rule must give.

    Default: every bundled ruleset. Exit status 1 if an example gets another verdict or cannot be run.
    """
    from checker.ruleset.compile import load_ruleset
    from checker.ruleset.raw import bundled_names
    from checker.tools.selftest import run, untested

    status = EXIT_OK
    for ref in rulesets or bundled_names():
        ruleset = load_ruleset(ref)
        results = run(ruleset)
        for result in results:
            if verbose or not result.ok:
                click.echo(printable(str(result)))
        failed = sum(not r.ok for r in results)
        rules = len({r.example.rule_id for r in results})
        click.echo(printable(f"{ruleset.name}: {len(results)} examples of {rules} rules: "
                             f"{len(results) - failed} passed, {failed} failed"))
        for line in untested(ruleset):
            click.echo(printable(f"{ruleset.name}: {line}"))
        status = max(status, EXIT_FAIL if failed else EXIT_OK)
    sys.exit(status)


@click.command("schema")
@click.argument("document", type=DocumentParam())
@click.option("-o", "--output", type=FILE_NAME, metavar="FILE",
              help="Write the schema to FILE (atomically) instead of standard output.")
def schema_command(document: str, output: str | None) -> None:
    """Print the JSON Schema (draft 2020-12) of a build spec, a homologation form, a ruleset, the JSON report
    or the JSON rule catalogue, for editors and validators."""
    from checker.tools.schemas import text

    emit(text(document), output)


@click.command("diff")
@click.argument("old", type=NameParam("a spec file or REV:PATH"), metavar="OLD")
@click.argument("new", type=SPEC_NAME, required=False, metavar="[NEW]")
@config_options
@rules_option
@on_option
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), multiple=True, callback=once, default=["text"],
              show_default=True, help="Output format.")
@fail_on_options
def diff_command(old: str, new: str | None, rules_ref: str, on: dt.date | None, fmt: str, fail_on: FailOn | None,
                 strict: bool) -> None:  # fmt: skip
    """Compare two versions of a spec: the values that changed and the findings that changed with them.

    OLD and NEW are spec files, or REV:PATH for the file PATH as it was at git revision REV (PATH as you
    would name the file itself; an existing file whose name holds ':' is that file). Without NEW, OLD
    must be REV:PATH and NEW is PATH as it is now.

    The exit status is that of 'check --baseline': 1 if NEW fails an error-severity rule in a way that
    is new or worse than in OLD (with --fail-on warning, also a failed warning rule; with --fail-on marginal
    or --strict, also a marginal value), 0 otherwise, 2 if either version cannot be checked.
    """
    from checker.render import diff as changes
    from checker.ruleset.compile import load_ruleset
    from checker.tools import diff

    if new is None:
        revision = diff.split_revision(old)
        if revision is None:
            raise click.UsageError("give NEW, or name OLD as REV:PATH to compare it with PATH as it is now "
                                   f"(got {clip(old)})")
        new = revision[1]
    ruleset = load_ruleset(rules_ref)
    result = diff.compare(diff.load(old), diff.load(new), ruleset, on, fail_on=threshold(strict, fail_on))
    click.echo(changes.text(result, output_width()) if fmt == "text" else changes.json_text(result), nl=False)
    sys.exit(result.exit_code)


COMMANDS = (init_command, rules_command, explain_command, test_command, schema_command, diff_command)
