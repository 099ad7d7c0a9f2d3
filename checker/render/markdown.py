"""The compliance report in Markdown (GitHub-flavoured tables): for a pull-request comment or a wiki.

The same content as the HTML report, in the same order, without the bars: identity, ruleset and date,
verdict and the findings to act on (failing, marginal, waived) first; then every rule grouped by area,
the rules' notes (once each), waivers, hashes, the generation time and a sign-off block. Text from a
spec or a ruleset is escaped so that it cannot break a table or inject markup.
"""

from __future__ import annotations

import re
from typing import Any

from checker.render.sections import (
    SIGN_FIELDS,
    SIGNATORIES,
    generated,
    grouped,
    has_waivers,
    identity,
    noted_waivers,
    notes,
    provenance_text,
    remembered,
    to_act_on,
    verdict_line,
    verdict_words,
    waiver_state,
    waiver_status,
    when,
)
from checker.render.stream import Streamed
from checker.report import WAIVED, FailOn, Finding, Report, RulesetInfo, Run, Unchecked
from checker.text import printable
from checker.version import __version__

_SPECIAL = re.compile(r"([\\`*_\[\]<>|~])")


@remembered
def md(text: str) -> str:
    """Text safe inside a Markdown table cell, shown as written: markup characters escaped, '&' written as
    a character reference (so '&copy;' is not read as one), line breaks flattened, what does not print
    (a terminal escape, NUL, a bidirectional override) shown escaped, as the text output shows it."""
    return _SPECIAL.sub(r"\\\1", printable(" ".join(text.split())).replace("&", "&amp;"))


class Stream(Streamed):
    """The document written report by report, a rule between them; the specs that could not be checked,
    listed last, are kept until the end."""

    def __init__(self, ruleset: RulesetInfo, **options: Any) -> None:
        super().__init__(ruleset, **options)
        self.stamp = generated()
        self.unchecked: list[Unchecked] = []

    def piece(self, item: Report | Unchecked) -> str:
        if isinstance(item, Unchecked):
            self.unchecked.append(item)
            return ""
        return ("" if self.tally.checked == 1 else _BETWEEN) + _report(item, self.ruleset, self.stamp, self.fail_on)

    def tail(self) -> str:
        if not self.unchecked:
            return ""
        lines = (line for u in self.unchecked for line in str(u).splitlines())  # each problem of each spec
        return ((_BETWEEN if self.tally.checked else "") + "## Could not be checked\n\n"
                + "\n".join(f"- {md(line)}" for line in lines) + "\n")  # fmt: skip


_BETWEEN = "\n---\n\n"


def render(run: Run, **options: Any) -> str:
    return Stream.render(run, **options)


def _report(report: Report, ruleset: RulesetInfo, stamp: str, fail_on: FailOn) -> str:
    v = report.vehicle
    word, but = verdict_words(report, fail_on)  # but: where the exit status says otherwise (--fail-on, --baseline)
    for f in report.findings:  # every field of every finding is shown: each made at once
        f.worded()
    groups = grouped(report)
    noted = notes(groups)
    numbers = {note: n for n, note in enumerate(noted, 1)}
    waiver = has_waivers(report)
    act = to_act_on(report)
    lines = [
        f"# {md(v.make)} {md(v.model)}: Stock-class compliance report",
        "",
        "| | |",
        "| --- | --- |",
        *(f"| {label} | {md(value)} |" for label, value in identity(report, ruleset)),
        "",
        f"## Verdict: **{word}**{md(but)}",
        "",
        verdict_line(report),
        "",
        "## To act on",
        "",
        *(_table(act, numbers, waiver) if act else ["Nothing to act on: no failing, marginal or waived finding."]),
    ]
    for _, heading, findings in groups:
        lines += ["", f"## {heading}", "", *_table(findings, numbers, waiver)]
    if numbers:
        lines += ["", "## Notes", ""]
        lines += [f"{n}. `{', '.join(rules)}`: {md(note)}" for n, (note, rules) in enumerate(noted.items(), 1)]
    lines += _waivers(report)
    lines += _footer(report, ruleset, stamp)
    return "\n".join(lines) + "\n"


def _table(findings: list[Finding], numbers: dict[str, int], waiver: bool) -> list[str]:
    header = ["Rule", "Verdict", "Measured", "Limit", "Margin", "Article", "Provenance"]
    header += ["Waiver"] if waiver else []  # an empty column left out
    return ["| " + " | ".join(header) + " |", "|" + " --- |" * len(header),
            *(_row(f, numbers, waiver) for f in findings)]  # fmt: skip


def _row(f: Finding, numbers: dict[str, int], waiver: bool) -> str:
    rule = f"`{f.rule_id}` {md(f.title)}<br>{md(f.message)}"
    limit = md(f.limit or "—") + (f"<br>from {md(f.derivation)}" if f.derivation else "")
    provenance = md(provenance_text(f)) + (f"<br>note {numbers[f.note]}" if f.note else "")
    verdict = f"**{f.verdict.label}**" if f.problem or f.verdict is WAIVED else f.verdict.label
    if f.severity != "error":
        verdict += f"<br>{f.severity} only"
    cells = [rule, verdict, md(f.measured or "—"), limit, md(f.margin or ""), md(f.article), provenance]
    if waiver:
        cells.append(f"{md(f.waiver.reference)} ({waiver_state(f.waiver)})" if f.waiver else "")
    return "| " + " | ".join(cells) + " |"


def _waivers(report: Report) -> list[str]:
    noted = noted_waivers(report)
    if not noted:
        return []
    lines = ["", "## Waivers", "", "| Reference | Rule | Reason | Granted by | Expires | Status |",
             "| --- | --- | --- | --- | --- | --- |"]  # fmt: skip
    for w in noted:
        rule = f"`{w.rule}`" + (f" {md(w.path)}" if w.path else "")
        lines.append(f"| {md(w.reference)} | {rule} | {md(w.reason)} | {md(w.granted_by)} | {w.expires.isoformat()} | "
                     f"{waiver_status(w)} |")  # fmt: skip
    return lines


def _footer(report: Report, ruleset: RulesetInfo, stamp: str) -> list[str]:
    lines = ["", "---", ""]
    if report.illustrative_used:
        lines += ["Illustrative limits are not the official figures, which are not public: each such rule's note "
                  "says where its value comes from.", ""]  # fmt: skip
    lines.append(f"- Spec {md(report.spec_file)} SHA-256: `{report.spec_sha256 or 'not read from a file'}`")
    digests = zip(ruleset.files, ruleset.sha256, strict=False)  # sha256 is () where the digests are not known
    lines += [f"- Ruleset {md(name)} SHA-256: `{digest or 'not read from a file'}`" for name, digest in digests]
    lines += [f"- Generated by homologate {__version__} on {when(stamp)}; checked on {report.on.isoformat()}", "",
              "| Signed by | " + " | ".join(SIGN_FIELDS) + " |", "|" + " --- |" * (len(SIGN_FIELDS) + 1),
              *(f"| {who} |" + " |" * len(SIGN_FIELDS) for who in SIGNATORIES)]  # fmt: skip
    return lines
