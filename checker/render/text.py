"""The terminal summary: a header, a table of findings (worst first), the failures as file:line:col lines,
and totals; against a baseline, what is new, worse, existing and fixed. A batch ends with one line of
totals over its specs."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import click

from checker.render.sections import waiver_status
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
    Finding,
    Report,
    RulesetInfo,
    Run,
    Unchecked,
    Verdict,
)
from checker.text import cut, place, printable

_WIDTHS = {"rule": 30, "measured": 26, "limit": 32, "margin": 12, "article": 36}


class Stream(Streamed):
    """The whole run spec by spec, as a file holds it (``-o``): what the CLI streams to a terminal
    (``TextResult``, ``batch_summary``) without the blank line after the last spec; nothing is kept."""

    def __init__(self, ruleset: RulesetInfo, *, color: bool = False, verbose: bool = False, quiet: bool = False,
                 **options: Any) -> None:  # fmt: skip
        super().__init__(ruleset, **options)
        self.color, self.verbose, self.quiet = color, verbose, quiet

    def piece(self, item: Report | Unchecked) -> str:
        text = render_one(item, color=self.color, verbose=self.verbose, quiet=self.quiet) \
            if isinstance(item, Report) else f"{item}\n"
        return text if self.tally.specs == 1 else "\n" + text

    def tail(self) -> str:
        t = self.tally
        return "\n" + batch_summary(t.checked, t.failing, t.unchecked) if t.specs > 1 else ""


def render(run: Run, *, color: bool = False, verbose: bool = False, quiet: bool = False) -> str:
    """The whole run; the CLI streams the same pieces (``render_one``, ``batch_summary``) as specs finish."""
    return Stream.render(run, color=color, verbose=verbose, quiet=quiet)


def batch_summary(checked: int, failing: int, refused: int = 0) -> str:
    """The line of totals that ends a batch."""
    text = f"{checked} spec{'s' if checked != 1 else ''} checked: {checked - failing} passed, {failing} failed"
    if refused:
        text += f"; {refused} could not be checked"
    return text + "\n"


@dataclass(frozen=True)
class TextResult:
    """What the streamed text output needs of one checked spec: ("report", its text, its exit status),
    or ("unchecked", the refusal, 2). Picklable, so worker processes of --jobs render their own specs."""

    strict: bool = False
    verbose: bool = False
    quiet: bool = False
    color: bool = False

    def __call__(self, item: Report | Unchecked) -> tuple[str, str, int]:
        if isinstance(item, Report):
            text = render_one(item, color=self.color, verbose=self.verbose, quiet=self.quiet)
            return "report", text, item.exit_code(strict=self.strict)
        return "unchecked", str(item), 2


def render_one(report: Report, *, color: bool = False, verbose: bool = False, quiet: bool = False) -> str:
    """One spec: the table of findings, or with ``quiet`` only its problems and totals."""

    def paint(text: str, verdict: Verdict, bold: bool = False) -> str:
        return click.style(text, fg=verdict.colour, bold=bold) if color else text

    # what the input holds (names, values, references) is escaped where it enters a line, before the
    # verdicts are painted: a value can neither forge a line nor restyle the terminal
    lines = _header(report)[:1] if quiet else _header(report) + _table(report, paint, verbose)
    problems = [f for f in report.findings if f.problem or f.verdict == WAIVED]
    if problems:
        if not quiet:
            lines.append("")
        lines.extend(printable(f"{place(report.spec_file, f.line, f.column)}: "
                               f"{f.rule_id} [{f.severity}] {f.message}{_since(f, report)}")
                     for f in problems)  # fmt: skip
    if not quiet:
        lines.append("")
    lines.append(_totals(report, paint))
    if report.baseline is not None:
        lines.extend(printable(line) for line in _baseline(report))
    for w in report.unused_waivers:
        lines.append(printable(f"waiver {w.reference} ({w.rule}{', ' + w.path if w.path else ''}): "
                               f"{waiver_status(w)}"))
    if report.illustrative_used:
        lines.append(f"* {ILLUSTRATIVE_LEGEND}")
    return "\n".join(lines) + "\n"


def _table(report: Report, paint: Callable[..., str], verbose: bool) -> list[str]:
    shown = [f for f in report.findings if verbose or f.verdict != NOT_APPLICABLE]
    shown.sort(key=lambda f: f.verdict.rank)
    rows = [_row(f) for f in shown]
    head = ["verdict", "rule", "measured", "limit", "margin", "article"]
    widths = [max([len(head[i])] + [len(r[i]) for r in rows]) for i in range(len(head))]
    lines = ["  ".join(h.ljust(w) for h, w in zip(head, widths, strict=True)).rstrip(),
             "  ".join("-" * w for w in widths)]
    for finding, row in zip(shown, rows, strict=True):
        cells = [c.ljust(w) for c, w in zip(row, widths, strict=True)]
        cells[0] = paint(cells[0], finding.verdict, bold=finding.verdict == FAIL)
        lines.append("  ".join(cells).rstrip())
    return lines


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
    rule = finding.rule_id + (" *" if finding.illustrative else "")
    if finding.severity != "error":
        rule += f" ({finding.severity})"
    return [
        finding.verdict.label,
        _cut(rule, "rule"),
        _cut(finding.measured or "-", "measured"),
        _cut(finding.limit or "-", "limit"),
        _cut(finding.margin or "", "margin"),
        _cut(finding.article, "article"),
    ]


def _cut(text: str, column: str) -> str:
    return cut(printable(text), _WIDTHS[column])


def _totals(report: Report, paint: Callable[..., str]) -> str:
    counts = report.counts()
    verdict = "COMPLIANT" if report.compliant else "NOT COMPLIANT"
    colour = PASS if report.compliant else FAIL
    styled = paint(verdict, colour, bold=True)
    parts = [f"{counts[PASS]} passed", f"{counts[MARGINAL]} marginal", f"{counts[FAIL]} failed",
             f"{counts[NOT_APPLICABLE]} not applicable"]  # fmt: skip
    if counts[WAIVED]:
        parts.insert(3, f"{counts[WAIVED]} waived")
    return f"{styled}: {', '.join(parts)}"
