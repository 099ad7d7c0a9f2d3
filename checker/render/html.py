"""The compliance report as one self-contained HTML file: read on a screen, printed on A4, signed.

No script, image, font or style sheet from anywhere else: the styles are inline and the bars are inline
SVG. Sections follow the order scrutineers work in: the vehicle's identity, the ruleset and the date,
the overall verdict, every rule grouped by area, the waivers, then the file hashes and a sign-off block.
Every text from a spec or a ruleset goes through ``html.escape``.
"""

from __future__ import annotations

from html import escape
from typing import Any

from checker.render import bars
from checker.render.sections import (
    grouped,
    identity,
    noted_waivers,
    provenance_text,
    verdict_line,
    waiver_state,
    waiver_status,
)
from checker.report import Finding, Report, RulesetInfo, Run, Verdict
from checker.version import __version__

# a line ending in a backslash continues on the next one: Python drops the backslash and the line break
_STYLE = """
:root { %(verdict_colours)s --line: #d0d7de; }
* { box-sizing: border-box; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
       color: #1f2328; margin: 0 auto; max-width: 1200px; padding: 24px; }
h1 { font-size: 22px; margin: 0 0 4px; } h2 { font-size: 17px; margin: 28px 0 8px; border-bottom: 2px solid #1f2328; }
.sub { color: #57606a; margin: 0 0 16px; }
dl.identity { display: grid; grid-template-columns: max-content 1fr max-content 1fr; gap: 4px 16px; margin: 0; }
dl.identity dt { font-weight: 600; color: #57606a; } dl.identity dd { margin: 0; }
.verdict { margin: 20px 0; padding: 14px 18px; border-radius: 6px; border: 2px solid; }
.verdict strong { font-size: 20px; letter-spacing: .04em; }
.verdict.ok { border-color: var(--pass); background: #dafbe1; } \
.verdict.bad { border-color: var(--fail); background: #ffebe9; }
table { width: 100%; border-collapse: collapse; font-size: 13px; table-layout: fixed; }
col.c-rule { width: 27%; } col.c-verdict { width: 9%; } col.c-measured { width: 12%; } col.c-limit { width: 16%; }
col.c-margin { width: 12%; } col.c-article { width: 14%; } col.c-waiver { width: 10%; }
td { overflow-wrap: anywhere; }
th, td { text-align: left; vertical-align: top; padding: 5px 6px; border-bottom: 1px solid var(--line); }
th { background: #f6f8fa; font-weight: 600; }
td.num { white-space: nowrap; font-variant-numeric: tabular-nums; }
.rule { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 12px; white-space: nowrap; }
.small { color: #57606a; font-size: 12px; }
.badge { display: inline-block; padding: 1px 7px; border-radius: 10px; color: #fff; \
font-weight: 600; font-size: 12px; white-space: nowrap; }
.badge.fail { background: var(--fail); } .badge.marginal { background: var(--marginal); } \
.badge.pass { background: var(--pass); }
.badge.waived { background: var(--waived); } .badge.not_applicable { background: var(--na); }
tr.fail td { background: #fff5f5; } tr.marginal td { background: #fff8e5; } tr.waived td { background: #f4f2ff; }
.illustrative { color: var(--marginal); font-weight: 600; }
svg.bar { display: block; margin-top: 3px; }
footer { margin-top: 32px; font-size: 12px; }
footer code { font-size: 11px; word-break: break-all; }
.signoff { display: grid; grid-template-columns: repeat(3, 1fr); gap: 24px; margin-top: 24px; }
.signoff div { border-top: 1px solid #1f2328; padding-top: 4px; min-height: 56px; }
@page { size: A4; margin: 14mm 12mm; }
@media print {
  body { max-width: none; padding: 0; font-size: 10.5px; }
  table { font-size: 9.5px; } .rule { font-size: 9px; }
  section.area, section.waivers, footer { break-before: page; }
  thead { display: table-header-group; } tr, .signoff { break-inside: avoid; }
  .verdict, tr.fail td, tr.marginal td, tr.waived td, .badge, th { \
-webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
"""
# each verdict's colour is Verdict.ink, as the bars draw it: --fail, --marginal, --waived, --pass, --na
_CSS_NAME = {Verdict.NOT_APPLICABLE: "na"}
_STYLE = _STYLE.replace("%(verdict_colours)s", " ".join(f"--{_CSS_NAME.get(v, v.value)}: {v.ink};" for v in (
    Verdict.FAIL, Verdict.MARGINAL, Verdict.PASS, Verdict.WAIVED, Verdict.NOT_APPLICABLE)))


def render(run: Run, **_: Any) -> str:
    reports = run.reports
    title = "Compliance report"
    if len(reports) == 1:
        v = reports[0].vehicle
        title = f"Compliance report: {v.make} {v.model} (form {v.homologation_form})"
    body = "\n".join(_report(report, run.ruleset) for report in reports)
    if run.unchecked:
        items = "".join(f"<li><code>{escape(str(u))}</code></li>" for u in run.unchecked)
        body += f'\n<section class="unchecked"><h2>Could not be checked</h2><ul>{items}</ul></section>'
    return (f'<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f'<meta name="generator" content="homologate {escape(__version__)}">\n'
            f"<title>{escape(title)}</title>\n<style>{_STYLE}</style>\n</head>\n"
            f"<body>\n{body}\n</body>\n</html>\n")


def _report(report: Report, ruleset: RulesetInfo) -> str:
    v = report.vehicle
    parts = [
        "<article>",
        "<header>",
        f"<h1>{escape(v.make)} {escape(v.model)}</h1>",
        f'<p class="sub">Stock-class compliance report · {escape(report.spec_file)}</p>',
        '<dl class="identity">',
        *(_pair(label, value) for label, value in identity(report, ruleset)),
        "</dl>",
        "</header>",
        _verdict(report),
    ]  # fmt: skip
    for area, heading, findings in grouped(report):
        parts.append(_area(area, heading, findings))
    parts.append(_waivers(report))
    parts.append(_footer(report, ruleset))
    parts.append("</article>")
    return "\n".join(p for p in parts if p)


def _pair(label: str, value: str) -> str:
    return f"<dt>{escape(label)}</dt><dd>{escape(value)}</dd>"


def _verdict(report: Report) -> str:
    css = "ok" if report.compliant else "bad"
    word = "COMPLIANT" if report.compliant else "NOT COMPLIANT"
    return (f'<section class="verdict {css}"><strong>{word}</strong>'
            f'<div>{escape(verdict_line(report))}</div></section>')  # fmt: skip


def _area(area: str, heading: str, findings: list[Finding]) -> str:
    rows = "\n".join(_row(f) for f in findings)
    cols = "".join(f'<col class="c-{c}">'
                   for c in ("rule", "verdict", "measured", "limit", "margin", "article", "waiver"))
    return (f'<section class="area" id="area-{area}">\n<h2>{escape(heading)}</h2>\n'
            f"<table>\n<colgroup>{cols}</colgroup>\n"
            "<thead><tr><th>Rule</th><th>Verdict</th><th>Measured</th><th>Limit</th><th>Margin</th>"
            "<th>Article and provenance</th><th>Waiver</th></tr></thead>\n"
            f"<tbody>\n{rows}\n</tbody>\n</table>\n</section>")  # fmt: skip


def _row(f: Finding) -> str:
    limit = escape(f.limit or "—")
    if f.derivation:
        limit += f'<div class="small">from {escape(f.derivation)}</div>'
    margin = escape(f.margin or "")
    bar = bars.svg(f)
    where = f'<div class="small">{escape(f.path)}, line {f.line}</div>'
    severity = "" if f.severity == "error" else f'<div class="small">{escape(f.severity)} only</div>'
    provenance = escape(provenance_text(f))
    if f.illustrative:
        provenance = f'<span class="illustrative">{provenance}</span>'
        if f.note:
            provenance += f'<div class="small">{escape(f.note)}</div>'
    return (f'<tr class="{f.verdict}"><td><span class="rule">{escape(f.rule_id)}</span><br>{escape(f.title)}{where}'
            f'<div class="small">{escape(f.message)}</div></td>'
            f'<td><span class="badge {f.verdict}">{f.verdict.label}</span>{severity}</td>'
            f'<td>{escape(f.measured or "—")}</td><td>{limit}</td>'
            f'<td class="num">{margin}{bar}</td>'
            f"<td>{escape(f.article)}<br>{provenance}</td><td>{_waiver_cell(f)}</td></tr>")  # fmt: skip


def _waiver_cell(f: Finding) -> str:
    w = f.waiver
    if w is None:
        return ""
    return (f"<strong>{escape(w.reference)}</strong><div class='small'>{escape(waiver_state(w))}; granted by "
            f"{escape(w.granted_by)}; {escape(w.reason)}</div>")  # fmt: skip


def _waivers(report: Report) -> str:
    noted = noted_waivers(report)
    if not noted:
        return ""
    rows = []
    for w in noted:
        rows.append(f"<tr><td>{escape(w.reference)}</td><td class='rule'>{escape(w.rule)}"
                    f"{'<br>' + escape(w.path) if w.path else ''}</td><td>{escape(w.reason)}</td>"
                    f"<td>{escape(w.granted_by)}</td><td class='num'>{w.expires.isoformat()}</td>"
                    f"<td>{escape(waiver_status(w))}</td></tr>")  # fmt: skip
    return ('<section class="waivers"><h2>Waivers</h2><table><thead><tr><th>Reference</th><th>Rule</th>'
            "<th>Reason</th><th>Granted by</th><th>Expires</th><th>Status</th></tr></thead><tbody>"
            + "".join(rows) + "</tbody></table></section>")  # fmt: skip


def _footer(report: Report, ruleset: RulesetInfo) -> str:
    files = "".join(f"<li>{escape(name)}: <code>{escape(digest or 'not read from a file')}</code></li>"
                    for name, digest in zip(ruleset.files, ruleset.sha256, strict=False))  # sha256 is () if not known
    illustrative = ""
    if report.illustrative_used:
        illustrative = ("<p><span class='illustrative'>Illustrative</span> limits are not the official figures, which "
                        "are not public: each such rule's note says where its value comes from.</p>")  # fmt: skip
    return (f"<footer>{illustrative}<p>Spec <strong>{escape(report.spec_file)}</strong> SHA-256: "
            f"<code>{escape(report.spec_sha256 or 'not read from a file')}</code></p>"
            f"<p>Ruleset files (SHA-256):</p><ul>{files}</ul>"
            f"<p>Generated by homologate {escape(__version__)}; checked on {report.on.isoformat()}.</p>"
            '<div class="signoff"><div>Scrutineer (name)</div><div>Date</div><div>Signature</div></div>'
            "</footer>")

