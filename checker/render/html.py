"""The compliance report as one self-contained HTML file: read on a screen, printed on A4, signed.

No script, image, font or style sheet from anywhere else: the styles are inline and the bars are inline
SVG. Page 1 is the decision: the vehicle's identity, the ruleset and the date, the overall verdict and
every failing, marginal and waived finding with its value, limit, margin and article. The full table
follows, every rule grouped by area (the areas flow one after another on paper), then the rules' notes
(once each, as footnotes), the waivers, the file hashes, the generation time and the sign-off. The
spec's name and SHA-256 run in every printed page's footer (``string-set``, as the PDF renderer reads
it). Every text from a spec or a ruleset goes through ``html.escape``.
"""

from __future__ import annotations

import html
import re
from typing import Any

from checker.render import bars
from checker.render.sections import (
    SIGN_FIELDS,
    SIGNATORIES,
    authors,
    generated,
    grouped,
    identity,
    noted_waivers,
    notes,
    remembered,
    shown,
    to_act_on,
    verdict_line,
    verdict_words,
    waiver_status,
    when,
)
from checker.render.stream import Streamed
from checker.report import FailOn, Finding, Report, RulesetInfo, Run, Unchecked, Vehicle, Verdict
from checker.version import __version__

# a line ending in a backslash continues on the next one: Python drops the backslash and the line break.
# One type scale: primary text 1em of its block, secondary (.small, badges, rule ids) a fixed step smaller.
_STYLE = """
:root { %(verdict_colours)s --line: #d0d7de; --muted: #57606a; }
* { box-sizing: border-box; }
body { font: 14px/1.4 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
       color: #1f2328; margin: 0 auto; max-width: 1200px; padding: 24px; }
h1 { font-size: 1.6em; margin: 0 0 2px; }
h2 { font-size: 1.2em; margin: 1.4em 0 .4em; border-bottom: 2px solid #1f2328; break-after: avoid; }
.sub { color: var(--muted); margin: 0 0 10px; }
.running { string-set: running content(); }
dl.identity { display: grid; grid-template-columns: max-content 1fr max-content 1fr; gap: 2px 16px; margin: 0; }
dl.identity dt { font-weight: 600; color: var(--muted); } dl.identity dd { margin: 0; }
.verdict { margin: 14px 0; padding: 10px 14px; border-radius: 6px; border: 2px solid; }
.verdict strong { font-size: 1.4em; letter-spacing: .04em; }
.verdict.ok { border-color: var(--pass); background: #dafbe1; } \
.verdict.bad { border-color: var(--fail); background: #ffebe9; }
table { width: 100%; border-collapse: collapse; font-size: .93em; table-layout: fixed; }
col.c-rule { width: 31%; } col.c-verdict { width: 9%; } col.c-measured { width: 11%; } \
col.c-limit { width: 18%; } col.c-margin { width: 10%; } col.c-article { width: 21%; }
th, td { text-align: left; vertical-align: top; padding: 3px 4px; border-bottom: 1px solid var(--line); \
overflow-wrap: break-word; }
th { background: #f6f8fa; font-weight: 600; }
td.num { font-variant-numeric: tabular-nums; }
.rule { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: .85em; font-weight: 600; }
.small, .badge, sup.note, footer, section.notes { font-size: .82em; }
.small { color: var(--muted); }
.badge { display: inline-block; padding: 0 .5em; border-radius: 1em; color: #fff; font-weight: 600; }
.badge.fail { background: var(--fail); } .badge.marginal { background: var(--marginal); } \
.badge.pass { background: var(--pass); }
.badge.waived { background: var(--waived); } .badge.not_applicable { background: var(--na); }
tr.fail td { background: #fff5f5; } tr.marginal td { background: #fff8e5; } tr.waived td { background: #f4f2ff; }
.illustrative { color: var(--marginal); font-weight: 600; }
sup.note { line-height: 0; color: var(--muted); }
svg.bar { display: block; margin-top: 2px; width: 100%; max-width: 110px; height: auto; }
.none { color: var(--muted); }
ol.notes { margin: 0; padding-left: 2.2em; } ol.notes li { margin: 0 0 2px; }
footer { margin-top: 20px; }
footer p, footer ul { margin: 2px 0; }
footer code { font-size: .95em; }
.signoff { display: grid; grid-template-columns: 2fr 1fr 2fr; gap: 6px 24px; margin-top: 16px; }
.signoff div { border-top: 1px solid #1f2328; padding-top: 2px; min-height: 40px; }
@page { size: A4; margin: 8mm 8mm 12mm;
  @bottom-left { content: string(running); font: 7pt ui-monospace, monospace; color: #57606a; }
  @bottom-right { content: "page " counter(page) " of " counter(pages); font: 7pt sans-serif; color: #57606a; } }
@media print {
  body { max-width: none; padding: 0; font-size: 8.5pt; line-height: 1.22; }
  h1 { font-size: 14pt; } h2 { font-size: 10.5pt; margin: 6pt 0 2pt; }
  .verdict { margin: 6pt 0; padding: 4pt 8pt; } footer { margin-top: 8pt; }
  .signoff { margin-top: 8pt; gap: 2pt 18pt; } .signoff div { min-height: 20pt; }
  table { font-size: 7.3pt; line-height: 1.18; } th, td { padding: 1.2pt 3pt; } section.notes { font-size: 7pt; }
  ol.notes li { margin: 0; } footer { font-size: 7pt; }
  col.c-rule { width: 36%; } col.c-verdict { width: 7%; } col.c-measured { width: 10%; } col.c-limit { width: 20%; }
  col.c-margin { width: 8%; } col.c-article { width: 19%; }
  article + article { break-before: page; }
  thead { display: table-header-group; } tr, .signoff, .verdict { break-inside: avoid; }
  .verdict, tr.fail td, tr.marginal td, tr.waived td, .badge, th { \
-webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
"""
# each verdict's colour is Verdict.ink, as the bars draw it: --fail, --marginal, --waived, --pass, --na
_CSS_NAME = {Verdict.NOT_APPLICABLE: "na"}
_STYLE = _STYLE.replace("%(verdict_colours)s", " ".join(f"--{_CSS_NAME.get(v, v.value)}: {v.ink};" for v in (
    Verdict.FAIL, Verdict.MARGINAL, Verdict.PASS, Verdict.WAIVED, Verdict.NOT_APPLICABLE)))
_COLUMNS = (("rule", "Rule"), ("verdict", "Verdict"), ("measured", "Measured"), ("limit", "Limit"),
            ("margin", "Margin"), ("article", "Article and provenance"))  # fmt: skip
# a dot inside an identifier (build.chassis.track_front, seats[1].standard), where a line may break
_IDENTIFIER_DOT = re.compile(r"(?<=[\w\]])\.(?=[A-Za-z_])")
_NUMBERED = re.compile(r"\b([A-Z][a-z]{1,3}\.) (?=\d)")  # "Art. 284": the number stays with its abbreviation


@remembered
def escape(value: str) -> str:
    """Text as HTML: shown as the other outputs show it (sections.shown), then markup escaped."""
    return html.escape(shown(value))


@remembered
def text(value: str) -> str:
    """Text from a spec or a ruleset as HTML: escaped, breakable after each dot of an identifier (never
    inside one of its words), never between an abbreviation and its number."""
    return _NUMBERED.sub(r"\1&nbsp;", _IDENTIFIER_DOT.sub(".<wbr>", escape(value)))


class Stream(Streamed):
    """The document written report by report. Its head names the author (every entry reported on) and, for
    one report, the vehicle, so the writer keeps the reports' text aside until the end; kept are the entries,
    the first vehicle and the specs that could not be checked (listed last)."""

    totals_first = True

    def __init__(self, ruleset: RulesetInfo, **options: Any) -> None:
        super().__init__(ruleset, **options)
        self.stamp = generated()
        self.entries: dict[str, None] = {}  # the entries reported on, in the order met, each once
        self.vehicle: Vehicle | None = None  # the first report's: the title names it if it is the only one
        self.unchecked: list[Unchecked] = []

    def piece(self, item: Report | Unchecked) -> str:
        if isinstance(item, Unchecked):
            self.unchecked.append(item)
            return ""
        if item.vehicle.entry:
            self.entries.setdefault(item.vehicle.entry)
        self.vehicle = self.vehicle or item.vehicle
        return ("" if self.tally.checked == 1 else "\n") + _report(item, self.ruleset, self.stamp, self.fail_on)

    def head(self) -> str:
        title = "Compliance report"
        if self.tally.checked == 1 and self.vehicle is not None:
            v = self.vehicle
            title = f"Compliance report: {v.make} {v.model} (form {v.homologation_form})"
        return (f'<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
                f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
                f'<meta name="generator" content="homologate {escape(__version__)}">\n'
                f'<meta name="author" content="{escape(authors(self.entries))}">\n'
                f'<meta name="dcterms.created" content="{self.stamp}">\n'
                f"<title>{escape(title)}</title>\n<style>{_STYLE}</style>\n</head>\n<body>\n")

    def tail(self) -> str:
        body = ""
        if self.unchecked:
            items = "".join(f"<li><code>{escape(line)}</code></li>" for u in self.unchecked
                            for line in str(u).splitlines())  # fmt: skip
            body = f'\n<section class="unchecked"><h2>Could not be checked</h2><ul>{items}</ul></section>'
        return body + "\n</body>\n</html>\n"


def render(run: Run, **options: Any) -> str:
    return Stream.render(run, **options)


def _report(report: Report, ruleset: RulesetInfo, stamp: str, fail_on: FailOn) -> str:
    for f in report.findings:  # every field of every finding is shown: each made at once
        f.worded()
    v = report.vehicle
    groups = grouped(report)
    noted = notes(groups)
    numbers = {note: n for n, note in enumerate(noted, 1)}
    digest = report.spec_sha256 or "not read from a file"
    parts = [
        "<article>",
        "<header>",
        f"<h1>{escape(v.make)} {escape(v.model)}</h1>",
        f'<p class="sub">Stock-class compliance report · <span class="running">{escape(report.spec_file)} '
        f"SHA-256 {escape(digest)}</span></p>",
        '<dl class="identity">',
        *(_pair(label, value) for label, value in identity(report, ruleset)),
        "</dl>",
        "</header>",
        _verdict(report, fail_on),
        _decision(report, numbers),
    ]  # fmt: skip
    for area, heading, findings in groups:
        parts.append(f'<section class="area" id="area-{area}">\n<h2>{escape(heading)}</h2>\n'
                     f"{_table(findings, numbers)}\n</section>")  # fmt: skip
    parts.append(_notes(noted))
    parts.append(_waivers(report))
    parts.append(_footer(report, ruleset, stamp))
    parts.append("</article>")
    return "\n".join(p for p in parts if p)


def _pair(label: str, value: str) -> str:
    return f"<dt>{escape(label)}</dt><dd>{escape(value)}</dd>"


def _verdict(report: Report, fail_on: FailOn) -> str:
    css = "ok" if report.compliant else "bad"
    word, but = verdict_words(report, fail_on)  # but: where the exit status says otherwise (--fail-on, --baseline)
    return (f'<section class="verdict {css}"><strong>{word}</strong>{escape(but)}'
            f'<div>{escape(verdict_line(report))}</div></section>')  # fmt: skip


def _decision(report: Report, numbers: dict[str, int]) -> str:
    """Page 1's list of what to act on: the failing, marginal and waived findings, worst first."""
    act = to_act_on(report)
    body = (_table(act, numbers) if act
            else '<p class="none">Nothing to act on: no failing, marginal or waived finding.</p>')  # fmt: skip
    return f'<section class="decision">\n<h2>To act on</h2>\n{body}\n</section>'


def _table(findings: list[Finding], numbers: dict[str, int]) -> str:
    cols = "".join(f'<col class="c-{c}">' for c, _ in _COLUMNS)
    heads = "".join(f"<th>{h}</th>" for _, h in _COLUMNS)
    rows = "\n".join(_row(f, numbers) for f in findings)
    return (f"<table>\n<colgroup>{cols}</colgroup>\n<thead><tr>{heads}</tr></thead>\n"
            f"<tbody>\n{rows}\n</tbody>\n</table>")  # fmt: skip


def _row(f: Finding, numbers: dict[str, int]) -> str:
    limit, message = text(f.limit or "—"), ""
    if f.derivation:
        limit += f'<div class="small">from {text(f.derivation)}</div>'
    if f.verdict is not Verdict.PASS:  # a pass's message repeats its cells
        message = f'<div class="small">{text(f.message)}</div>'
    line = f", line {f.line}" if f.line is not None else ""  # none for a spec given as data
    where = f'<div class="small">{text(f.path)}{line}</div>'
    severity = "" if f.severity == "error" else f'<div class="small">{escape(f.severity)} only</div>'
    provenance = '<span class="illustrative">illustrative</span>' if f.illustrative else "published"
    if f.note:
        provenance += f'<sup class="note">{numbers[f.note]}</sup>'
    cells = (f'<td><span class="rule">{escape(f.rule_id)}</span> {text(f.title)}{where}{message}</td>'
             f'<td><span class="badge {f.verdict}">{f.verdict.label}</span>{severity}</td>'
             f'<td>{text(f.measured or "—")}</td><td>{limit}</td>'
             f'<td class="num">{escape(f.margin or "")}{bars.svg(f)}</td>'
             f'<td>{text(f.article)} <span class="small">{provenance}</span></td>')  # fmt: skip
    return f'<tr class="{f.verdict}">{cells}</tr>'


def _notes(noted: dict[str, list[str]]) -> str:
    items = "".join(f'<li><span class="rule">{escape(", ".join(rules))}</span>: {text(note)}</li>'
                    for note, rules in noted.items())  # fmt: skip
    return f'<section class="notes"><h2>Notes</h2><ol class="notes">{items}</ol></section>' if items else ""


def _waivers(report: Report) -> str:
    noted = noted_waivers(report)
    if not noted:
        return ""
    rows = []
    for w in noted:
        rows.append(f"<tr><td>{text(w.reference)}</td><td><span class='rule'>{escape(w.rule)}</span>"
                    f"{'<div class=small>' + text(w.path) + '</div>' if w.path else ''}</td><td>{text(w.reason)}</td>"
                    f"<td>{text(w.granted_by)}</td><td class='num'>{w.expires.isoformat()}</td>"
                    f"<td>{escape(waiver_status(w))}</td></tr>")  # fmt: skip
    return ('<section class="waivers"><h2>Waivers</h2><table><thead><tr><th>Reference</th><th>Rule</th>'
            "<th>Reason</th><th>Granted by</th><th>Expires</th><th>Status</th></tr></thead><tbody>"
            + "".join(rows) + "</tbody></table></section>")  # fmt: skip


def _footer(report: Report, ruleset: RulesetInfo, stamp: str) -> str:
    files = "".join(f"<li>{escape(name)}: <code>{escape(digest or 'not read from a file')}</code></li>"
                    for name, digest in zip(ruleset.files, ruleset.sha256, strict=False))  # sha256 is () if not known
    illustrative = ""
    if report.illustrative_used:
        illustrative = ("<p><span class='illustrative'>Illustrative</span> limits are not the official figures, which "
                        "are not public: each such rule's note says where its value comes from.</p>")  # fmt: skip
    signoff = "".join(f"<div>{who} ({field.lower()})</div>" if field == "Name" else f"<div>{field}</div>"
                      for who in SIGNATORIES for field in SIGN_FIELDS)  # fmt: skip
    return (f"<footer>{illustrative}<p>Spec <strong>{escape(report.spec_file)}</strong> SHA-256: "
            f"<code>{escape(report.spec_sha256 or 'not read from a file')}</code></p>"
            f"<p>Ruleset files (SHA-256):</p><ul>{files}</ul>"
            f"<p>Generated by homologate {escape(__version__)} on {when(stamp)}; "
            f"checked on {report.on.isoformat()}.</p>"
            f'<div class="signoff">{signoff}</div></footer>')
