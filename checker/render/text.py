"""The terminal summary: a header, a table of findings (worst first), the failures as file:line:col lines,
and totals; against a baseline, what is new, worse, existing and fixed. A batch ends with one line of
totals over its specs. Every line fits the width the CLI gives (checker.cli.options.output_width; 100 by
default): a longer one is wrapped (checker.text.wrap), the table laid out by checker.text.table."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, NamedTuple

import click

from checker.render.sections import verdict_words, waiver_status
from checker.render.stream import Streamed
from checker.report import (
    EXISTING,
    FAIL,
    ILLUSTRATIVE_LEGEND,
    MARGINAL,
    NEW,
    NOT_APPLICABLE,
    PASS,
    WAIVED,
    WORSE,
    FailOn,
    Finding,
    Report,
    RulesetInfo,
    Run,
    Severity,
    Tally,
    Unchecked,
    Verdict,
)
from checker.text import DEFAULT_WIDTH, Column, place, printable, table, wrapped

# the table of findings: measured and limit cut (…) to fit, then below the row with the article, which
# leaves first; verdict, rule and margin stay in the row, so that a narrow terminal still reads down them
_COLUMNS = (Column("verdict"), Column("rule", most=30), Column("measured", most=26, least=10, leaves=1),
            Column("limit", most=32, least=10, leaves=2), Column("margin", most=12),
            Column("article", leaves=3, labelled=False))  # fmt: skip


class Stream(Streamed):
    """The whole run spec by spec, as a file holds it (``-o``): what the CLI streams to a terminal
    (``TextResult``, ``batch_summary``) without the blank line after the last spec; nothing is kept."""

    def __init__(self, ruleset: RulesetInfo, *, color: bool = False, verbose: bool = False, quiet: bool = False,
                 width: int = DEFAULT_WIDTH, **options: Any) -> None:  # fmt: skip
        super().__init__(ruleset, **options)
        self.color, self.verbose, self.quiet, self.width = color, verbose, quiet, width

    def piece(self, item: Report | Unchecked) -> str:
        text = render_one(item, color=self.color, verbose=self.verbose, quiet=self.quiet, fail_on=self.fail_on,
                          width=self.width) \
            if isinstance(item, Report) else f"{item}\n"
        return text if self.tally.specs == 1 else "\n" + text

    def tail(self) -> str:
        return "\n" + batch_summary(self.tally) if self.tally.specs > 1 else ""


def render(run: Run, *, color: bool = False, verbose: bool = False, quiet: bool = False,
           width: int = DEFAULT_WIDTH) -> str:  # fmt: skip
    """The whole run; the CLI streams the same pieces (``render_one``, ``batch_summary``) as specs finish."""
    return Stream.render(run, color=color, verbose=verbose, quiet=quiet, width=width)


def batch_summary(tally: Tally) -> str:
    """The line of totals that ends a batch: passed and failed as the exit status counts them; where that
    is not the same as compliant and not compliant (--fail-on, --baseline), those too."""
    checked = tally.checked
    text = f"{checked} spec{'s' if checked != 1 else ''} checked: {tally.passed} passed, {tally.failing} failed"
    if tally.fail_on is not FailOn.ERROR:
        text += f" (--fail-on {tally.fail_on})"
    if tally.compliant != tally.passed:
        text += f"; {tally.compliant} compliant, {tally.not_compliant} not compliant"
    if tally.unchecked:
        text += f"; {tally.unchecked} could not be checked"
    return text + "\n"


class Printed(NamedTuple):
    """One spec's streamed text output: ``kind`` "report" (its text) or "unchecked" (the refusal), its exit
    status, and whether the car is compliant (the batch's totals tell the two apart)."""

    kind: str
    text: str
    code: int
    compliant: bool = False


@dataclass(frozen=True)
class TextResult:
    """What the streamed text output needs of one checked spec (``Printed``). Picklable, so worker processes
    of --jobs render their own specs."""

    fail_on: FailOn = FailOn.ERROR
    verbose: bool = False
    quiet: bool = False
    color: bool = False
    width: int = DEFAULT_WIDTH

    def __call__(self, item: Report | Unchecked) -> Printed:
        if isinstance(item, Report):
            text = render_one(item, color=self.color, verbose=self.verbose, quiet=self.quiet, fail_on=self.fail_on,
                              width=self.width)  # fmt: skip
            return Printed("report", text, item.exit_code(fail_on=self.fail_on), item.compliant)
        return Printed("unchecked", str(item), 2)


def render_one(report: Report, *, color: bool = False, verbose: bool = False, quiet: bool = False,
               fail_on: FailOn = FailOn.ERROR, width: int = DEFAULT_WIDTH) -> str:  # fmt: skip
    """One spec: the table of findings, or with ``quiet`` only its problems and totals; the verdict worded
    as the exit status at ``fail_on`` has it. Every line fits ``width`` characters (a longer one is wrapped,
    the rest indented below), but for a word longer than a line."""

    def paint(text: str, verdict: Verdict, bold: bool = False) -> str:
        return click.style(text, fg=verdict.colour, bold=bold) if color else text

    # what the input holds (names, values, references) is escaped where it enters a line, before the
    # verdicts are painted: a value can neither forge a line nor restyle the terminal
    shown = [] if quiet else _shown(report, verbose)
    lines = wrapped(_header(report)[:1] if quiet else _header(report), width)
    if not quiet:
        lines += _table(shown, paint if color else None, width)
    problems = [f for f in report.findings if f.problem or f.verdict == WAIVED]
    if problems:
        if not quiet:
            lines.append("")
        lines += wrapped((printable(f"{place(report.spec_file, f.line, f.column)}: "
                                    f"{f.rule_id} [{f.level}] {f.message}{_since(f, report)}")
                          for f in problems), width)  # fmt: skip
    if not quiet:
        lines.append("")
    lines += _totals(report, paint, fail_on, width)
    notes = [printable(line) for line in _baseline(report)] if report.baseline is not None else []
    notes += [printable(f"waiver {w.reference} ({w.rule}{', ' + w.path if w.path else ''}): {waiver_status(w)}")
              for w in report.unused_waivers]  # fmt: skip
    if any(f.illustrative for f in shown):  # the legend of the '*' the table showed; -q shows none
        notes.append(f"* {ILLUSTRATIVE_LEGEND}")
    return "\n".join(lines + wrapped(notes, width)) + "\n"


def _shown(report: Report, verbose: bool) -> list[Finding]:
    """The findings the table lists, worst first: with ``verbose``, those that do not apply too."""
    return sorted((f for f in report.findings if verbose or f.verdict != NOT_APPLICABLE), key=lambda f: f.verdict.rank)


def _table(shown: list[Finding], paint: Callable[..., str] | None, width: int) -> list[str]:
    def first(index: int, cell: str) -> str:
        assert paint is not None
        verdict = shown[index].verdict
        return paint(cell, verdict, bold=verdict == FAIL)

    return table(_COLUMNS, [_row(f) for f in shown], width, first if paint else None)


def _since(f: Finding, report: Report) -> str:
    if f.baseline is None or report.baseline is None:
        return ""
    ref = report.baseline.ref
    return {NEW: f" (new since {ref})", WORSE: f" (worse than at {ref})",
            EXISTING: f" (existing: already at {ref})"}[f.baseline]


def _baseline(report: Report) -> list[str]:
    assert report.baseline is not None
    base = report.baseline
    line = f"since {base.ref}: " + ", ".join(f"{n} {state}" for state, n in report.baseline_counts().items())
    if base.note:
        line += f" ({base.note})"
    return [line] + [f"  fixed: {f.rule_id} at {f.path} (was {f.verdict}: {f.message})" for f in base.fixed]


def _header(report: Report) -> list[str]:
    v = report.vehicle
    entry = f", entry {v.entry}" if v.entry else ""
    return [
        printable(f"{report.spec_file}: {v.make} {v.model} "
                  f"(form {v.homologation_form}, class {v.vehicle_class}{entry})"),
        printable(f"ruleset {report.ruleset} {report.ruleset_version} ({report.ruleset_title}), "
                  f"checked on {report.on.isoformat()}"),
        "",
    ]


def _row(finding: Finding) -> list[str]:
    rule = finding.rule
    name = rule.id + " *" if rule.provenance == "illustrative" else rule.id
    if rule.severity is not Severity.ERROR:
        name += f" ({rule.severity})"
    texts = [name, finding.measured or "-", finding.limit or "-", finding.margin or "", rule.article]
    if not "".join(texts).isprintable():
        texts = [printable(text) for text in texts]
    return [finding.verdict.label, *texts]


def _totals(report: Report, paint: Callable[..., str], fail_on: FailOn, width: int) -> list[str]:
    counts = report.counts()
    word, but = verdict_words(report, fail_on)
    but = printable(but) if but else ""  # a baseline's name escaped, as input is
    parts = [f"{counts[PASS]} passed", f"{counts[MARGINAL]} marginal", f"{counts[FAIL]} failed",
             f"{counts[NOT_APPLICABLE]} not applicable"]  # fmt: skip
    if counts[WAIVED]:
        parts.insert(3, f"{counts[WAIVED]} waived")
    lines = wrapped([f"{word}{but}: {', '.join(parts)}"], width)  # wrapped before painted: colour takes no room
    styled = paint(word, PASS if report.compliant else FAIL, bold=True)
    rest = lines[0][len(word) :]
    if but and rest.startswith(but):  # the exit status says otherwise: in its colour
        styled += paint(but, FAIL if report.compliant else PASS)
        rest = rest[len(but) :]
    lines[0] = styled + rest
    return lines
