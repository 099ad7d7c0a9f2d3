"""GitHub Actions workflow commands: each problem becomes an annotation on the spec's line in the pull request.

``::error`` for a failure that makes the car non-compliant, ``::warning`` for a marginal value or a
failed warning-severity rule, ``::notice`` for an info rule, a waived finding, and a failure a baseline
shows was already there. A spec that could not be checked is an ``::error`` at the place it names. One plain
summary line per spec follows the annotations.
"""

from __future__ import annotations

from typing import Any

from checker.render.sections import verdict_words
from checker.render.stream import Streamed
from checker.report import (
    FAIL,
    MARGINAL,
    NOT_APPLICABLE,
    PASS,
    WAIVED,
    FailOn,
    Finding,
    Report,
    Run,
    Unchecked,
)
from checker.text import printable


class Stream(Streamed):
    """The lines written spec by spec: nothing is kept."""

    def piece(self, item: Report | Unchecked) -> str:
        if isinstance(item, Report):
            lines = [_annotation(f, item) for f in item.findings if f.problem or f.verdict == WAIVED]
            lines.append(_summary(item, self.fail_on))
        else:
            lines = [command("error", p.message, file=p.file, line=p.line, col=p.column,
                             title="homologate: spec cannot be checked") for p in item.problems]  # fmt: skip
        return "".join(line + "\n" for line in lines)

    def tail(self) -> str:
        return "" if self.tally.specs else "\n"


def render(run: Run, **options: Any) -> str:
    return Stream.render(run, **options)


def _annotation(f: Finding, report: Report) -> str:
    if not f.counts_against or f.verdict == WAIVED:
        level = "notice"
    else:  # as every output labels it: a marginal value of an error rule is a warning
        level = {"error": "error", "warning": "warning"}.get(f.level, "notice")
    message = f.message
    if f.baseline and report.baseline:
        message += f" ({f.baseline} since {report.baseline.ref})"
    if f.illustrative:
        message += " [illustrative limit: the official figure is not public]"
    title = f"{f.rule_id}: {f.title} ({f.article})"
    at = {"line": f.line, "col": f.column} if f.line is not None else {}  # none for a spec given as data
    return command(level, message, file=report.spec_file, **at, title=title)


def _summary(report: Report, fail_on: FailOn) -> str:
    counts = report.counts()
    word, but = verdict_words(report, fail_on)
    verdict = ("compliant" if report.compliant else word) + but
    waived = f"{counts[WAIVED]} waived, " if counts[WAIVED] else ""
    text = (f"{report.spec_file}: {verdict} ({counts[PASS]} passed, {counts[MARGINAL]} marginal, "
            f"{counts[FAIL]} failed, {waived}{counts[NOT_APPLICABLE]} not applicable)")  # fmt: skip
    if report.baseline:
        text += f"; since {report.baseline.ref}: " + ", ".join(f"{n} {s}" for s, n in report.baseline_counts().items())
        if report.baseline.note:
            text += f" ({report.baseline.note})"
    return printable(text)  # a plain log line, on one line: it cannot start a command


def command(level: str, message: str, **properties: Any) -> str:
    """``::level key=value,...::message``, escaped as the Actions runner reads it back."""
    props = ",".join(f"{key}={_escape_property(str(value))}" for key, value in properties.items())
    return f"::{level} {props}::{_escape_data(message)}"


def _escape_data(text: str) -> str:
    """The runner's own escapes for the line breaks it reads back; every other character that does not
    print (a terminal escape, a line separator, a bidirectional override) shown escaped."""
    return printable(text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A"))


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")
