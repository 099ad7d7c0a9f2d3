"""The terminal summary: a header, a table of findings (worst first), the failures as file:line:col lines,
and totals."""

from __future__ import annotations

from collections.abc import Sequence

import click

from checker.report import FAIL, MARGINAL, NOT_APPLICABLE, PASS, Finding, Report

_LABEL = {FAIL: "FAIL", MARGINAL: "MARGINAL", PASS: "pass", NOT_APPLICABLE: "n/a"}
_COLOUR = {FAIL: "red", MARGINAL: "yellow", PASS: "green", NOT_APPLICABLE: "bright_black"}
_ORDER = {FAIL: 0, MARGINAL: 1, PASS: 2, NOT_APPLICABLE: 3}
_WIDTHS = {"rule": 30, "measured": 26, "limit": 32, "margin": 12, "article": 36}


def render(reports: Sequence[Report], *, color: bool = False, verbose: bool = False) -> str:
    return "\n".join(render_one(r, color=color, verbose=verbose) for r in reports)


def render_one(report: Report, *, color: bool = False, verbose: bool = False) -> str:
    def paint(text: str, verdict: str, bold: bool = False) -> str:
        return click.style(text, fg=_COLOUR[verdict], bold=bold) if color else text

    lines = _header(report)
    shown = [f for f in report.findings if verbose or f.verdict != NOT_APPLICABLE]
    shown.sort(key=lambda f: _ORDER[f.verdict])
    rows = [_row(f) for f in shown]
    head = ["verdict", "rule", "measured", "limit", "margin", "article"]
    widths = [max([len(head[i])] + [len(r[i]) for r in rows]) for i in range(len(head))]
    lines.append("  ".join(h.ljust(w) for h, w in zip(head, widths)).rstrip())
    lines.append("  ".join("-" * w for w in widths))
    for finding, row in zip(shown, rows):
        cells = [c.ljust(w) for c, w in zip(row, widths)]
        cells[0] = paint(cells[0], finding.verdict, bold=finding.verdict == FAIL)
        lines.append("  ".join(cells).rstrip())
    problems = [f for f in report.findings if f.verdict in (FAIL, MARGINAL)]
    if problems:
        lines.append("")
        lines.extend(f"{report.spec_file}:{f.line}:{f.column}: {f.rule_id} [{f.severity}] {f.message}" for f in problems)
    lines.append("")
    lines.append(_totals(report, paint))
    if report.illustrative_used:
        lines.append("* illustrative limit: the official figure is not public; see the rule's note.")
    return "\n".join(lines) + "\n"


def _header(report: Report) -> list[str]:
    v = report.vehicle
    entry = f", entry {v.entry}" if v.entry else ""
    return [
        f"{report.spec_file}: {v.make} {v.model} (form {v.homologation_form}, class {v.vehicle_class}{entry})",
        f"ruleset {report.ruleset} {report.ruleset_version} ({report.ruleset_title}), checked on {report.on.isoformat()}",
        "",
    ]


def _row(finding: Finding) -> list[str]:
    rule = finding.rule_id + (" *" if finding.illustrative else "")
    if finding.severity != "error":
        rule += f" ({finding.severity})"
    return [
        _LABEL[finding.verdict],
        _cut(rule, "rule"),
        _cut(finding.measured or "-", "measured"),
        _cut(finding.limit or "-", "limit"),
        _cut(finding.margin or "", "margin"),
        _cut(finding.article, "article"),
    ]


def _cut(text: str, column: str) -> str:
    width = _WIDTHS[column]
    return text if len(text) <= width else text[: width - 1] + "…"


def _totals(report: Report, paint: object) -> str:
    counts = report.counts()
    verdict = "COMPLIANT" if report.compliant else "NOT COMPLIANT"
    colour = PASS if report.compliant else FAIL
    styled = paint(verdict, colour, bold=True)  # type: ignore[operator]
    parts = [f"{counts[PASS]} passed", f"{counts[MARGINAL]} marginal", f"{counts[FAIL]} failed",
             f"{counts[NOT_APPLICABLE]} not applicable"]  # fmt: skip
    return f"{styled}: {', '.join(parts)}"
