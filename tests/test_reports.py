"""``homologate report``: the compliance document a scrutineer reads beside the car, prints and signs.

Run in this process as the console script runs it (tests.test_outputs.homologate), and read back the
way its readers do: the HTML parsed with lxml and rendered by headless Chromium (a process of its own),
the Markdown split into tables cell by cell as GitHub-flavoured Markdown does. Covered:

* Chromium: the failing wide-track report prints to PDF (A4 pages, each area on a page of its own) and
  to a screenshot, and its rendered text holds the verdict, every failing rule and the spec's SHA-256.
  Without Chromium the browser tests are skipped, unless ``HOMOLOGATE_REQUIRE_BROWSER=1`` (CI) makes
  that a failure.
* HTML: self-contained (no script, no external resource, no style sheet from elsewhere); a print style
  sheet; identity, ruleset and dates; the verdict; the areas in scrutineering order, each finding in
  its area with its verdict badge; illustrative limits marked in their rows only; an inline SVG bar in
  the rows of numeric findings, none in text ones; hashes, version and sign-off in the footer.
* Markdown: the same content; every table row has as many cells as its header, even when spec text
  holds ``|`` or ``*``.
* Escaping: markup in the spec appears as text in both formats, never as an element.
* Writing: atomic; nothing written and an existing file untouched when a spec cannot be checked;
  format from the extension or ``--format``; a batch is one document; exit status as ``check``.

The reports are generated once per module and shared by the tests that read them.
"""

from __future__ import annotations

import hashlib
import html
import json
import os
import re
import shutil
import struct
import subprocess
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml
from lxml import html as lhtml

import checker
from tests.helpers import Ran, assert_usage_error
from tests.test_outputs import (
    EXIT_FAIL,
    EXIT_INPUT,
    EXIT_OK,
    FAILING,
    MALFORMED,
    MALFORMED_ERROR,
    PASSING,
    REPO,
    WIDE_TRACK_PROBLEMS,
    Out,
    copy_spec,
    homologate,
    leftovers,
)

RULESET_FILES = ["rules/fia-t2-base.yaml", "rules/dakar-2026-stock.yaml"]  # in 'extends' order
AREAS = ["Homologation and identity", "Engine and restrictor", "Chassis and suspension", "Wheels and tyres", "Fuel",
         "Weight", "Safety equipment"]  # fmt: skip
AREA_OF = {"identity": AREAS[0], "engine": AREAS[1], "chassis": AREAS[2], "wheels": AREAS[3], "fuel": AREAS[4],
           "weight": AREAS[5], "safety": AREAS[6]}  # fmt: skip
LABEL = {"fail": "FAIL", "marginal": "MARGINAL", "waived": "WAIVED", "pass": "pass", "not_applicable": "n/a"}
RANK = {"fail": 0, "marginal": 1, "waived": 2, "pass": 3, "not_applicable": 4}  # problems first in an area
WIDE_FAILING_RULES = ["STK-TRACK-FRONT", "STK-WIDTH", "STK-TYRE-DIAMETER"]
WIDE_VERDICT_LINE = "3 failed, 1 marginal, 0 waived, 39 passed, 13 not applicable"
WIDE_IDENTITY = {
    "Make": "Land Rover",
    "Model": "Defender Dakar D7X-R (wide-track variant)",
    "Homologation form": "T2-ILLUSTRATIVE-0001",
    "Class": "T2 Stock",
    "Entry": "Illustrative variant, not a real entry",
    "Spec file": FAILING,
    "Ruleset": "dakar-2026-stock 2026",
    "Title": "Dakar 2026 Stock class (T2)",
    "Event date": "2026-01-02",
    "Checked on": "2026-01-02",
}
SIGN_OFF = ["Scrutineer (name)", "Date", "Signature"]
CRUISER = "specs/land-cruiser-expired-safety.yaml"
AREA_HEADER = ["Rule", "Verdict", "Measured", "Limit", "Margin", "Article", "Provenance", "Waiver"]  # Markdown
# Markup in a spec: the make is a script element, the model holds quotes, an ampersand, a tag, and the
# characters that would break or format a Markdown table.
HOSTILE_MAKE = "<script>alert(1)</script>"
HOSTILE_MODEL = "Defender \"&'<b> | D7X-R *bold* _x_"
VARIANTS = {  # copies of the compliant spec with these lines changed
    "hostile.yaml": [("  make: Land Rover", "  make: '<script>alert(1)</script>'"),
                     ("  model: Defender Dakar D7X-R", "  model: 'Defender \"&''<b> | D7X-R *bold* _x_'")],
    "entity.yaml": [("  model: Defender Dakar D7X-R", "  model: Defender &copy; &lt;b&gt;")],  # character references
}  # fmt: skip
ILLUSTRATIVE_NOTE = ("Illustrative limits are not the official figures, which are not public: each such rule's note "
                     "says where its value comes from.")  # fmt: skip


def variant(folder: Path, name: str) -> Path:
    text = (REPO / PASSING).read_text("utf-8")
    for old, new in VARIANTS[name]:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    (folder / name).write_text(text, "utf-8")
    return folder / name


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def ruleset_provenance() -> dict[str, str]:
    """Each rule's provenance, read from the ruleset files themselves (base rules, then the Stock class's
    own rules and its overrides), not through homologate."""
    base, stock = (yaml.safe_load((REPO / name).read_text("utf-8")) for name in RULESET_FILES)
    provenance = {rule["id"]: rule["provenance"] for rule in base["rules"] + stock["rules"]}
    for rule_id, override in stock.get("overrides", {}).items():
        provenance[rule_id] = override.get("provenance", provenance[rule_id])
    return provenance


PROVENANCE = ruleset_provenance()


# --- running homologate -------------------------------------------------------------------------------


def run_all(calls: Sequence[Sequence[str | Path]], cwd: Path | Sequence[Path] = REPO) -> list[Out]:
    """Several ``homologate`` calls (in ``cwd``, or in the folder given for each call), results in the order
    given. One after the other: a run in process has the working folder, standard streams and environment
    of the whole process to itself."""
    folders = [cwd] * len(calls) if isinstance(cwd, Path) else list(cwd)
    return [homologate(*call, cwd=folder) for call, folder in zip(calls, folders, strict=True)]


def written(spec: str, verdict: str, target: Path | str) -> str:
    return f"{spec}: {verdict}; report written to {target}\n"


@dataclass(frozen=True)
class Written:
    """A report file and the run that wrote it."""

    out: Out
    path: Path

    @property
    def text(self) -> str:
        return self.path.read_text("utf-8")

    def doc(self) -> Any:
        return lhtml.document_fromstring(self.path.read_bytes())


@pytest.fixture(scope="module")
def reports(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Written | Out]:
    """Every report these tests read, generated in one go: the wide-track spec (HTML, Markdown, and its
    JSON for the expected findings), the compliant spec, specs with markup in them, and the Land Cruiser
    checked on a later date."""
    folder = tmp_path_factory.mktemp("reports")
    hostile, entity = variant(folder, "hostile.yaml"), variant(folder, "entity.yaml")
    targets = {
        "wide.html": (FAILING,), "wide.md": (FAILING,), "passing.html": (PASSING,), "passing.md": (PASSING,),
        "hostile.html": (hostile,), "hostile.md": (hostile,), "entity.md": (entity,),
        "cruiser.md": (CRUISER, "--on", "2026-01-05"), "cruiser.html": (CRUISER, "--on", "2026-01-05"),
    }  # fmt: skip
    calls: list[Sequence[str | Path]] = [("report", *args, "-o", folder / name) for name, args in targets.items()]
    calls.append(("check", FAILING, "--format", "json"))
    *outs, wide_json = run_all(calls)
    result: dict[str, Written | Out] = {name: Written(out, folder / name)
                                        for name, out in zip(targets, outs, strict=True)}  # fmt: skip
    result["wide.json"] = wide_json
    return result


@pytest.fixture(scope="module")
def wide_html(reports: dict[str, Any]) -> Any:
    return reports["wide.html"].doc()


@pytest.fixture(scope="module")
def wide_md(reports: dict[str, Any]) -> str:
    return reports["wide.md"].text


@pytest.fixture(scope="module")
def wide_findings(reports: dict[str, Any]) -> list[dict[str, Any]]:
    """The wide-track spec's findings as ``check --format json`` gives them."""
    (report,) = reports["wide.json"].json["reports"]
    return report["findings"]


def expected_areas(findings: list[dict[str, Any]]) -> list[tuple[str, list[tuple[str, str]]]]:
    """(area heading, [(rule id, verdict label)]) in scrutineering order; in an area, problems first,
    then the ruleset's order (findings are in ruleset order, and the sort is stable)."""
    areas = []
    for area, heading in AREA_OF.items():
        rows = sorted((f for f in findings if f["area"] == area), key=lambda f: RANK[f["verdict"]])
        if rows:
            areas.append((heading, [(f["rule_id"], LABEL[f["verdict"]]) for f in rows]))
    return areas


# --- reading HTML ---------------------------------------------------------------------------------------


def text_of(element: Any) -> str:
    """An element's text, each piece apart, whitespace collapsed: "Art. 284 (dampers) published"."""
    return " ".join(" ".join(element.itertext()).split())


def area_sections(doc: Any) -> list[tuple[str, list[Any]]]:
    """(heading, rows) of each area section, in document order."""
    return [(text_of(s.find("h2")), s.xpath("./table/tbody/tr")) for s in doc.xpath("//section[@class='area']")]


def rule_of(row: Any) -> str:
    return text_of(row.xpath(".//span[@class='rule']")[0])


def badge_of(row: Any) -> tuple[str, str]:
    (badge,) = row.xpath(".//span[contains(concat(' ', @class, ' '), ' badge ')]")
    return text_of(badge), badge.get("class")


def rows_by_path(doc: Any) -> dict[tuple[str, str], Any]:
    """Rows keyed by the spec path they are about (the first line of the rule cell's small print)."""
    rows = {}
    for _, section_rows in area_sections(doc):
        for row in section_rows:
            where = text_of(row.xpath("./td[1]/div[@class='small']")[0])  # "build.chassis.width, line 62"
            rows[(rule_of(row), where.rsplit(", line ", 1)[0])] = row
    return rows


def style_text(doc: Any) -> str:
    return "\n".join(s.text or "" for s in doc.iter("style"))


def css_block(css: str, at_rule: str) -> str:
    """The body of the first ``at_rule { ... }`` block, nested braces included."""
    start = css.index(at_rule)
    opening = css.index("{", start)
    depth = 0
    for i in range(opening, len(css)):
        depth += {"{": 1, "}": -1}.get(css[i], 0)
        if depth == 0:
            return css[opening + 1 : i]
    raise AssertionError(f"unclosed {at_rule}")


def declarations(css: str, selector_part: str) -> list[str]:
    """The declarations of every rule whose selector list includes ``selector_part``."""
    found = []
    for selectors, body in re.findall(r"([^{}]+)\{([^{}]*)\}", css):
        if selector_part in [s.strip() for s in selectors.split(",")]:
            found.append(" ".join(body.split()))
    return found


# --- reading Markdown ---------------------------------------------------------------------------------


def md_cells(line: str) -> list[str]:
    """A table row split as GitHub-flavoured Markdown splits it: at each ``|`` not escaped by a backslash
    (code spans included), the outer pipes dropped. Cells are returned raw (escapes kept), stripped."""
    assert line.startswith("|"), line
    assert line.endswith("|"), line
    assert not line.endswith("\\|"), line
    cells, cell, escaped = [], "", False
    for char in line[1:]:
        if escaped:
            cell, escaped = cell + char, False
        elif char == "\\":
            cell, escaped = cell + char, True
        elif char == "|":
            cells.append(cell.strip())
            cell = ""
        else:
            cell += char
    return cells


def unescape(cell: str) -> str:
    """The text a Markdown cell shows: backslash escapes and character references resolved."""
    return html.unescape(re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", cell))


@dataclass(frozen=True)
class Table:
    heading: str  # the heading the table comes under
    header: list[str]
    rows: list[list[str]]  # raw cells


def md_tables(text: str) -> list[Table]:
    """Every table, under its heading; a row with a different number of cells than its header fails."""
    tables: list[Table] = []
    heading, lines = "", text.split("\n")
    i = 0
    while i < len(lines):
        line = lines[i]
        if line.startswith("#"):
            heading = line.lstrip("#").strip()
        if line.startswith("|"):
            header = md_cells(line)
            assert re.fullmatch(r"\|( -+ \|)+", lines[i + 1]), f"no delimiter row under {line!r}"
            assert len(md_cells(lines[i + 1])) == len(header), lines[i + 1]
            rows = []
            i += 2
            while i < len(lines) and lines[i].startswith("|"):
                cells = md_cells(lines[i])
                assert len(cells) == len(header), f"{len(cells)} cells under a header of {len(header)}: {lines[i]}"
                rows.append(cells)
                i += 1
            tables.append(Table(heading, header, rows))
            continue
        i += 1
    return tables


def md_headings(text: str, level: int) -> list[str]:
    prefix = "#" * level + " "
    return [line[len(prefix) :] for line in text.split("\n") if line.startswith(prefix)]


def md_rule(cell: str) -> str:
    match = re.match(r"`([A-Z0-9_.-]+)` ", cell)
    assert match, cell
    return match.group(1)


# --- 1. the HTML in a browser ----------------------------------------------------------------------------

BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
BROWSER_SECONDS = 120
# What Chromium logs when the page itself goes wrong (as opposed to the machine's D-Bus or GPU noise).
PAGE_ERRORS = re.compile(r"net::ERR_|Uncaught|Refused to|Not allowed to load")
A4_POINTS = (595.0, 842.0)  # 210 mm x 297 mm
# Measures which table cells spill out of their column, and leaves the answer on <html>.
OVERFLOW_PROBE = """<script>
const spilled = [];
for (const row of document.querySelectorAll('section.area tbody tr')) {
  const rule = row.querySelector('.rule').textContent;
  row.querySelectorAll('td').forEach((cell, column) => {
    if (cell.scrollWidth > cell.clientWidth + 1) spilled.push(rule + ' column ' + (column + 1));
  });
}
document.documentElement.setAttribute('data-spilled', JSON.stringify(spilled));
</script>"""


@pytest.fixture(scope="module")
def browser() -> str:
    for name in BROWSERS:
        found = shutil.which(name)
        if found:
            return found
    reason = f"no headless browser ({', '.join(BROWSERS)}) on PATH"
    if os.environ.get("HOMOLOGATE_REQUIRE_BROWSER") == "1":
        pytest.fail(f"{reason}, and HOMOLOGATE_REQUIRE_BROWSER=1 requires one")
    pytest.skip(reason)


@dataclass(frozen=True)
class BrowserRun:
    code: int
    stdout: bytes
    stderr: str

    def assert_clean(self) -> None:
        assert self.code == 0, self.stderr
        assert not PAGE_ERRORS.findall(self.stderr), self.stderr


def chromium(browser: str, profile: Path, *args: str) -> BrowserRun:
    """One headless Chromium run with a profile of its own (never the user's)."""
    command = [browser, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--no-default-browser-check",
               "--disable-extensions", "--hide-scrollbars", f"--user-data-dir={profile}", *args]  # fmt: skip
    result = subprocess.run(command, capture_output=True, timeout=BROWSER_SECONDS, check=False,
                            stdin=subprocess.DEVNULL)  # fmt: skip
    return BrowserRun(result.returncode, result.stdout, result.stderr.decode("utf-8", "replace"))


@pytest.fixture(scope="module")
def rendered(browser: str, reports: dict[str, Any], tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The wide-track HTML report printed to PDF, screenshot and rendered to a DOM by Chromium (at once,
    each with a profile of its own); and a copy of it with a script that measures its table cells."""
    folder = tmp_path_factory.mktemp("browser")
    page = reports["wide.html"].path.as_uri()
    probe = folder / "probe.html"
    probe.write_text(reports["wide.html"].text.replace("</body>", OVERFLOW_PROBE + "</body>"), "utf-8")
    pdf, png = folder / "report.pdf", folder / "report.png"
    runs = {
        "pdf": (f"--print-to-pdf={pdf}", "--no-pdf-header-footer", page),
        "png": (f"--screenshot={png}", "--window-size=1280,2000", page),
        "dom": ("--dump-dom", page),
        "probe": ("--window-size=1280,2000", "--dump-dom", probe.as_uri()),
    }
    with ThreadPoolExecutor(max_workers=len(runs)) as pool:
        done = dict(zip(runs, pool.map(lambda item: chromium(browser, folder / f"profile-{item[0]}", *item[1]),
                                       runs.items()), strict=True))  # fmt: skip
    return {**done, "pdf": (done["pdf"], pdf), "png": (done["png"], png)}


def pdf_objects(data: bytes) -> dict[int, bytes]:
    """The PDF's objects by number (Chromium writes them uncompressed; only page contents are streams)."""
    return {int(m.group(1)): m.group(2) for m in re.finditer(rb"(\d+) 0 obj\s*(.*?)endobj", data, re.DOTALL)}


def pdf_pages(objects: dict[int, bytes]) -> list[int]:
    """The page objects in reading order, from the catalog's page tree."""
    (catalog,) = [o for o in objects.values() if re.search(rb"/Type\s*/Catalog\b", o)]

    def walk(number: int) -> list[int]:
        node = objects[number]
        if re.search(rb"/Type\s*/Page\b", node):
            return [number]
        kids = re.search(rb"/Kids\s*\[([^\]]*)\]", node)
        assert kids, node
        return [page for kid in re.findall(rb"(\d+) 0 R", kids.group(1)) for page in walk(int(kid))]

    return walk(int(re.search(rb"/Pages\s+(\d+) 0 R", catalog).group(1)))


def test_chromium_prints_the_report_on_a4_with_each_area_on_its_own_page(rendered: dict[str, Any]) -> None:
    run, pdf = rendered["pdf"]
    run.assert_clean()
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF-")
    objects = pdf_objects(data)
    pages = pdf_pages(objects)
    assert pages, "no page in the PDF"
    for page in pages:
        box = re.search(rb"/MediaBox\s*\[([^\]]*)\]", objects[page])
        x0, y0, width, height = (float(v) for v in box.group(1).split())
        assert (x0, y0, round(width), round(height)) == (0, 0, *A4_POINTS)  # @page { size: A4 }
    # Chromium tags its PDFs: each <h2> is a structure element naming its page and its first marked
    # content there. Each area's heading must open a page of its own, after the identity and verdict.
    headings = [re.search(rb"/Pg\s+(\d+) 0 R\s*/K\s*\[?\s*(\d+)", o) for o in objects.values()
                if re.search(rb"/S\s*/H2\b", o)]  # fmt: skip
    if not headings:  # an older Chromium, without tagged PDFs: at least a page per area, and the first
        assert len(pages) >= 1 + len(AREAS) + 1
        return
    at = [(pages.index(int(h.group(1))) + 1, int(h.group(2))) for h in headings]  # (page number, first content)
    assert [mcid for _, mcid in at] == [0] * len(AREAS), at  # each heading is the first thing on its page
    numbers = [page for page, _ in at]
    assert numbers == sorted(set(numbers)), at
    assert numbers[0] > 1, at
    assert len(pages) > numbers[-1]  # the footer and sign-off start a page after the last area's


def test_chromium_screenshots_the_report(rendered: dict[str, Any]) -> None:
    run, png = rendered["png"]
    run.assert_clean()
    data = png.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])  # the IHDR chunk
    assert (width, height) == (1280, 2000)
    assert len(data) > 10_000  # a rendered page, not a blank one


def test_chromium_rendered_text_has_the_verdict_failing_rules_and_spec_hash(rendered: dict[str, Any]) -> None:
    run = rendered["dom"]
    run.assert_clean()
    body = lhtml.document_fromstring(run.stdout).body
    text = text_of(body)
    assert f"NOT COMPLIANT {WIDE_VERDICT_LINE}" in text
    for rule in WIDE_FAILING_RULES + ["STK-TRACK-REAR"]:
        assert rule in text
    assert sha256(REPO / FAILING) in text
    assert body.xpath("//script") == []  # the page shown ran no script


def test_chromium_no_table_cell_spills_into_the_next_column(rendered: dict[str, Any]) -> None:
    run = rendered["probe"]
    run.assert_clean()
    spilled = json.loads(lhtml.document_fromstring(run.stdout).get("data-spilled"))
    assert spilled == []  # today: ['T2-BODYSHELL column 3', 'T2-ENGINE-BLOCK column 3']


# --- 2. HTML content ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(("suffix", "start"), [("html", '<!DOCTYPE html>\n<html lang="en">'), ("md", "# ")])
def test_report_run_says_what_it_wrote(reports: dict[str, Any], suffix: str, start: str) -> None:
    for name, spec, verdict, code in ((f"wide.{suffix}", FAILING, "NOT COMPLIANT", EXIT_FAIL),
                                      (f"passing.{suffix}", PASSING, "COMPLIANT", EXIT_OK)):  # fmt: skip
        report = reports[name]
        expected = (code, written(spec, verdict, report.path), "")
        assert (report.out.code, report.out.stdout, report.out.stderr) == expected
        assert report.text.startswith(start)
        assert leftovers(report.path.parent) == []


def test_html_is_self_contained(reports: dict[str, Any], wide_html: Any) -> None:
    raw = reports["wide.html"].text
    assert wide_html.xpath("//script | //img | //iframe | //object | //embed | //link | //base | //picture") == []
    for element in wide_html.iter():
        for name, value in element.attrib.items():
            assert not name.startswith("on"), f"event handler {name} on <{element.tag}>"
            assert name not in ("src", "href", "srcset", "xlink:href", "action", "data", "poster"), (element.tag, name)
            assert not re.search(r"https?:|^\s*//", value), f"<{element.tag} {name}={value!r}>"
    css = style_text(wide_html) + " ".join(e.get("style", "") for e in wide_html.iter() if isinstance(e.tag, str))
    assert "@import" not in css
    assert "url(" not in css
    assert "http:" not in raw
    assert "https:" not in raw


def test_html_has_a_print_stylesheet(wide_html: Any) -> None:
    css = style_text(wide_html)
    assert re.search(r"size:\s*A4\b", css_block(css, "@page"))
    media = css_block(css, "@media print")
    breaks = declarations(media, "section.area")
    assert any(re.search(r"break-before:\s*page", d) for d in breaks), breaks  # a page per area
    assert any(re.search(r"display:\s*table-header-group", d) for d in declarations(media, "thead"))  # repeated headers
    assert any(re.search(r"break-inside:\s*avoid", d) for d in declarations(media, "tr"))


def test_html_identity_ruleset_and_dates(wide_html: Any) -> None:
    (identity,) = wide_html.xpath("//dl[@class='identity']")
    terms = [text_of(dt) for dt in identity.iter("dt")]
    values = [text_of(dd) for dd in identity.iter("dd")]
    assert dict(zip(terms, values, strict=True)) == WIDE_IDENTITY
    assert terms == list(WIDE_IDENTITY)
    assert text_of(wide_html.find(".//h1")) == "Land Rover Defender Dakar D7X-R (wide-track variant)"
    assert text_of(wide_html.find(".//title")) == (
        "Compliance report: Land Rover Defender Dakar D7X-R (wide-track variant) (form T2-ILLUSTRATIVE-0001)")


def test_html_checked_on_a_later_date(reports: dict[str, Any]) -> None:
    doc = reports["cruiser.html"].doc()
    identity = {text_of(dt): text_of(dt.getnext()) for dt in doc.xpath("//dl[@class='identity']/dt")}
    assert (identity["Event date"], identity["Checked on"]) == ("2026-01-02", "2026-01-05")
    assert f"Generated by homologate {checker.__version__}; checked on 2026-01-05." in text_of(doc.find(".//footer"))


@pytest.mark.parametrize(("name", "word", "css", "line"), [
    ("wide.html", "NOT COMPLIANT", "verdict bad", WIDE_VERDICT_LINE),
    ("passing.html", "COMPLIANT", "verdict ok", "0 failed, 0 marginal, 0 waived, 43 passed, 13 not applicable"),
], ids=["failing", "passing"])  # fmt: skip
def test_html_overall_verdict(reports: dict[str, Any], name: str, word: str, css: str, line: str) -> None:
    (verdict,) = reports[name].doc().xpath("//section[starts-with(@class, 'verdict')]")
    assert verdict.get("class") == css
    assert (text_of(verdict.find("strong")), text_of(verdict.find("div"))) == (word, line)


def test_html_sections_in_scrutineering_order(wide_html: Any) -> None:
    (article,) = wide_html.xpath("//article")
    parts = [(child.tag, child.get("class")) for child in article]
    assert parts == [("header", None), ("section", "verdict bad"), *[("section", "area")] * 7, ("footer", None)]
    assert [heading for heading, _ in area_sections(wide_html)] == AREAS
    assert [s.get("id") for s in article.xpath("./section[@class='area']")] == [f"area-{a}" for a in AREA_OF]


def test_html_every_finding_in_its_area_with_its_verdict_badge(wide_html: Any, wide_findings: list[Any]) -> None:
    got = [(heading, [(rule_of(r), badge_of(r)[0]) for r in rows]) for heading, rows in area_sections(wide_html)]
    assert got == expected_areas(wide_findings)
    for _, rows in area_sections(wide_html):
        for row in rows:
            label, css = badge_of(row)
            verdict = {v: k for k, v in LABEL.items()}[label]
            assert (row.get("class"), css) == (verdict, f"badge {verdict}")
    assert {rule_of(r) for _, rows in area_sections(wide_html) for r in rows} == set(PROVENANCE)  # every rule


def test_html_problem_rows(wide_html: Any) -> None:
    rows = rows_by_path(wide_html)
    for rule, verdict, path, line, _, message in WIDE_TRACK_PROBLEMS:
        row = rows[(rule, path)]
        cells = row.xpath("./td")
        assert [text_of(d) for d in cells[0].xpath("./div[@class='small']")] == [f"{path}, line {line}", message]
        assert badge_of(row)[0] == LABEL[verdict]
        assert cells[2].get("class") is None  # the measured value wraps: a text value must not spill over
    front = rows[("STK-TRACK-FRONT", "build.chassis.track_front")].xpath("./td")
    assert [text_of(front[i]) for i in (2, 5)] == ["1795 mm", (
        "Dakar 2026 Stock class (track) illustrative limit (not the official figure) The cap on track increase is not "
        "public; +80 mm (with a 2 mm measuring tolerance) is illustrative, above the +60 mm reported for the Defender "
        "D7X-R.")]  # fmt: skip
    assert text_of(front[3]) == ("≤ 1780 mm from production.chassis.track_front + 80 mm, with "
                                 "production.chassis.track_front = 1700 mm")  # fmt: skip
    assert front[4].text == "-15 mm"


def test_html_illustrative_limits_are_marked_in_their_rows_only(wide_html: Any) -> None:
    for _, rows in area_sections(wide_html):
        for row in rows:
            rule = rule_of(row)
            marked = row.xpath(".//span[@class='illustrative']")
            if PROVENANCE[rule] == "illustrative":
                assert [text_of(m) for m in marked] == ["illustrative limit (not the official figure)"], rule
            else:
                assert marked == [], rule
                assert "illustrative" not in text_of(row).lower(), rule
                assert text_of(row.xpath("./td")[5]).endswith(" published"), rule


def test_html_bars_for_numeric_findings_only(wide_html: Any, wide_findings: list[dict[str, Any]]) -> None:
    rows = rows_by_path(wide_html)
    for finding in wide_findings:
        row = rows[(finding["rule_id"], finding["path"])]
        bars = row.xpath(".//*[local-name()='svg']")
        numeric = finding["margin_value"] is not None
        assert len(bars) == (1 if numeric else 0), (finding["rule_id"], finding["path"])
        if numeric:  # inline, in the Margin column, and described for screen readers
            assert bars[0].getparent() is row.xpath("./td")[4]
            assert bars[0].get("role") == "img"
            assert bars[0].get("aria-label") == f"{finding['measured']} against {finding['limit']}"
    assert rows[("T2-BODYSHELL", "build.chassis.bodyshell")].xpath(".//*[local-name()='svg']") == []
    assert rows[("STK-TRACK-FRONT", "build.chassis.track_front")].xpath(".//*[local-name()='svg']")


def bar_geometry(row: Any) -> tuple[float, list[float], str]:
    """The measured value's x, the limit ticks' x, and the dot's colour."""
    (svg,) = row.xpath(".//*[local-name()='svg']")
    (dot,) = svg.xpath("./*[local-name()='circle']")
    ticks = sorted(float(t.get("x1")) for t in svg.xpath("./*[local-name()='line']"))
    return float(dot.get("cx")), ticks, dot.get("fill")


@pytest.mark.parametrize(("rule", "path", "where", "colour"), [
    ("STK-TRACK-FRONT", "build.chassis.track_front", "above", "#b3261e"),  # 1795 mm, maximum 1780 mm: fail
    ("STK-TRACK-REAR", "build.chassis.track_rear", "above", "#9a6700"),  # 1781 mm, maximum 1780 mm: marginal
    ("T2-AIR-INTAKE-OPENING", "build.air_intake.opening_diameter", "below", "#1a7f37"),  # 95 mm, maximum 100 mm
    ("T2-WEIGHT-MIN", "build.weight.measured", "above", "#1a7f37"),  # 2790 kg, minimum 2760 kg
    ("STK-RIDE-HEIGHT", "build.suspension.ride_height", "between", "#1a7f37"),  # 330 mm in 250 to 370 mm
], ids=lambda v: v if isinstance(v, str) and v.isupper() else None)  # fmt: skip
def test_html_bar_shows_where_the_value_sits_against_the_limit(
    wide_html: Any, rule: str, path: str, where: str, colour: str
) -> None:
    measured, ticks, fill = bar_geometry(rows_by_path(wide_html)[(rule, path)])
    assert fill == colour
    if where == "between":
        assert len(ticks) == 2
        assert ticks[0] < measured < ticks[1]
    else:
        (tick,) = ticks
        assert (measured > tick) if where == "above" else (measured < tick)


def test_html_footer_hashes_version_and_sign_off(wide_html: Any) -> None:
    (footer,) = wide_html.xpath("//footer")
    paragraphs = [text_of(p) for p in footer.iter("p")]
    assert paragraphs[0] == ILLUSTRATIVE_NOTE
    assert f"Spec {FAILING} SHA-256: {sha256(REPO / FAILING)}" in paragraphs
    assert [text_of(li) for li in footer.iter("li")] == [f"{name}: {sha256(REPO / name)}" for name in RULESET_FILES]
    assert f"Generated by homologate {checker.__version__}; checked on 2026-01-02." in paragraphs
    assert [text_of(div) for div in footer.xpath(".//div[@class='signoff']/div")] == SIGN_OFF
    assert wide_html.xpath("//meta[@name='generator']/@content") == [f"homologate {checker.__version__}"]


# --- 3. Markdown content -----------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["wide.md", "passing.md", "hostile.md", "cruiser.md"])
def test_markdown_every_row_has_the_cells_of_its_header(reports: dict[str, Any], name: str) -> None:
    text = reports[name].text
    tables = md_tables(text)  # asserts the cell counts
    assert len(tables) >= 9  # identity, at least seven areas, sign-off
    assert sum(len(t.rows) + 2 for t in tables) == sum(line.startswith("|") for line in text.split("\n"))


def test_markdown_identity_verdict_and_areas_in_order(wide_md: str) -> None:
    identity = md_tables(wide_md)[0]
    assert (identity.heading, identity.header) == (
        "Land Rover Defender Dakar D7X-R (wide-track variant): Stock-class compliance report", ["", ""])
    assert {unescape(k): unescape(v) for k, v in identity.rows} == WIDE_IDENTITY  # the same facts as the HTML
    assert md_headings(wide_md, 1) == [identity.heading]
    assert md_headings(wide_md, 2) == ["Verdict: **NOT COMPLIANT**", *AREAS]
    lines = wide_md.split("\n")
    assert lines[lines.index("## Verdict: **NOT COMPLIANT**") + 2] == WIDE_VERDICT_LINE


def test_markdown_checked_on_a_later_date(reports: dict[str, Any]) -> None:
    rows = dict(md_tables(reports["cruiser.md"].text)[0].rows)
    assert (rows["Event date"], rows["Checked on"]) == ("2026-01-02", "2026-01-05")
    assert md_headings(reports["cruiser.md"].text, 2)[0] == "Verdict: **NOT COMPLIANT**"
    assert md_headings(reports["passing.md"].text, 2)[0] == "Verdict: **COMPLIANT**"


def test_html_marks_rules_that_cannot_fail_the_car(wide_html: Any) -> None:
    rows = rows_by_path(wide_html)
    cage = rows[("T2-CAGE-PLATE", "build.safety.cage.identification_plate")].xpath("./td")
    front = rows[("STK-TRACK-FRONT", "build.chassis.track_front")].xpath("./td")
    assert (text_of(cage[1]), text_of(front[1])) == ("pass warning only", "FAIL")


def test_markdown_every_finding_in_its_area_with_its_verdict(wide_md: str, wide_findings: list[dict[str, Any]]) -> None:
    areas = [t for t in md_tables(wide_md) if t.header == AREA_HEADER]
    assert [t.heading for t in areas] == AREAS
    got = [(t.heading, [(md_rule(row[0]), row[1].split("<br>")[0].strip("*")) for row in t.rows]) for t in areas]
    assert got == expected_areas(wide_findings)
    severities = {md_rule(row[0]): row[1].split("<br>")[1] for t in areas for row in t.rows if "<br>" in row[1]}
    assert severities == {"T2-CAGE-PLATE": "warning only"}  # a rule that cannot fail the car says so
    problems = {row[1] for t in areas for row in t.rows if row[1].startswith("**")}
    assert problems == {"**FAIL**", "**MARGINAL**"}  # problems in bold, passes plain


def test_markdown_problem_rows(wide_md: str) -> None:
    rows = {(md_rule(r[0]), unescape(r[0].split("<br>")[1])): r for t in md_tables(wide_md) if t.header == AREA_HEADER
            for r in t.rows}  # fmt: skip
    for rule, verdict, _, _, _, message in WIDE_TRACK_PROBLEMS:
        assert rows[(rule, message)][1] == f"**{LABEL[verdict]}**"
    front = [unescape(c) for c in rows[("STK-TRACK-FRONT", WIDE_TRACK_PROBLEMS[0][5])]]
    assert front == [
        f"`STK-TRACK-FRONT` Front track at most 80 mm wider than produced<br>{WIDE_TRACK_PROBLEMS[0][5]}",
        "**FAIL**", "1795 mm",
        "≤ 1780 mm<br>from production.chassis.track_front + 80 mm, with production.chassis.track_front = 1700 mm",
        "-15 mm", "Dakar 2026 Stock class (track)",
        ("illustrative limit (not the official figure)<br>The cap on track increase is not public; +80 mm (with a 2 mm "
         "measuring tolerance) is illustrative, above the +60 mm reported for the Defender D7X-R."),
        "",
    ]  # fmt: skip


def test_markdown_illustrative_limits_are_marked_in_their_rows_only(wide_md: str) -> None:
    for table in md_tables(wide_md):
        if table.header != AREA_HEADER:
            continue
        for row in table.rows:
            rule, provenance = md_rule(row[0]), row[6]
            if PROVENANCE[rule] == "illustrative":
                assert provenance.startswith("illustrative limit (not the official figure)<br>"), rule
            else:
                assert provenance == "published", rule
                assert "illustrative" not in " ".join(row).lower(), rule


def test_markdown_footer_hashes_version_and_sign_off(wide_md: str) -> None:
    lines = wide_md.split("\n")
    assert ILLUSTRATIVE_NOTE in lines
    assert [line for line in lines if line.startswith("- ")] == [
        f"- Spec {FAILING} SHA-256: `{sha256(REPO / FAILING)}`",
        *(f"- Ruleset {name} SHA-256: `{sha256(REPO / name)}`" for name in RULESET_FILES),
        f"- Generated by homologate {checker.__version__}; checked on 2026-01-02",
    ]  # fmt: skip
    sign_off = md_tables(wide_md)[-1]
    assert (sign_off.header, sign_off.rows) == (SIGN_OFF, [["", "", ""]])
    assert wide_md.endswith("| Scrutineer (name) | Date | Signature |\n| --- | --- | --- |\n| | | |\n")


# --- 4. escaping ---------------------------------------------------------------------------------------------


def test_html_shows_markup_from_the_spec_as_text(reports: dict[str, Any]) -> None:
    raw = reports["hostile.html"].text
    doc = reports["hostile.html"].doc()
    assert doc.xpath("//script") == []
    assert doc.xpath("//b") == []  # the report itself uses <strong>; any <b> would come from the spec
    identity = {text_of(dt): dt.getnext().text_content() for dt in doc.xpath("//dl[@class='identity']/dt")}
    assert (identity["Make"], identity["Model"]) == (HOSTILE_MAKE, HOSTILE_MODEL)
    assert doc.find(".//h1").text_content() == f"{HOSTILE_MAKE} {HOSTILE_MODEL}"
    title = f"Compliance report: {HOSTILE_MAKE} {HOSTILE_MODEL} (form T2-ILLUSTRATIVE-0001)"
    assert doc.find(".//title").text_content() == title
    assert "<script>" not in raw
    assert "<b>" not in raw
    assert "<dd>&lt;script&gt;alert(1)&lt;/script&gt;</dd>" in raw
    assert "<dd>Defender &quot;&amp;&#x27;&lt;b&gt; | D7X-R *bold* _x_</dd>" in raw


def test_markdown_shows_markup_from_the_spec_as_text(reports: dict[str, Any]) -> None:
    text = reports["hostile.md"].text
    assert re.findall(r"(?<!\\)<(?!br>)", text) == []  # every '<' but the report's own line breaks is escaped
    rows = dict(md_tables(text)[0].rows)
    assert rows["Make"] == r"\<script\>alert(1)\</script\>"
    assert re.findall(r"(?<!\\)[<>|*_]", rows["Model"]) == []  # each escaped: \<b\> \| \*bold\* \_x\_
    assert (unescape(rows["Make"]), unescape(rows["Model"])) == (HOSTILE_MAKE, HOSTILE_MODEL)
    assert md_headings(text, 1) == [f"{rows['Make']} {rows['Model']}: Stock-class compliance report"]


def test_markdown_shows_character_references_as_written(reports: dict[str, Any]) -> None:
    assert reports["entity.md"].out.code == EXIT_OK
    shown = dict(md_tables(reports["entity.md"].text)[0].rows)["Model"]
    assert re.search(r"(?<!\\)&(?!amp;)[a-z#]", shown) is None, shown  # '\&copy;' or '&amp;copy;' shows as written


# --- 5. writing the file, and the exit status ---------------------------------------------------------------

NO_FORMAT = "homologate: cannot tell the format from '{}': name a .html or .md file, or give --format"
EARLIER = b"<p>the report signed yesterday</p>\n"
# case: (the specs, the output file, the one error line). Each runs in a folder of its own holding
# good.yaml (compliant), bad.yaml (malformed), report.html (an earlier report) and reports.html (a folder).
REFUSALS = {
    "malformed": (["bad.yaml"], "report.html", f"bad.yaml:2:1: {MALFORMED_ERROR}"),
    "good-then-malformed": (["good.yaml", "bad.yaml"], "report.html", f"bad.yaml:2:1: {MALFORMED_ERROR}"),
    "malformed-then-good": (["bad.yaml", "good.yaml"], "report.html", f"bad.yaml:2:1: {MALFORMED_ERROR}"),
    "folder-with-a-malformed-spec": (["."], "report.html", f"bad.yaml:2:1: {MALFORMED_ERROR}"),
    "missing-spec-new-file": (["good.yaml", "missing.yaml"], "new.md", "missing.yaml:1:1: no such file"),
    "missing-folder": (["good.yaml"], "missing/report.html",
                       "missing/report.html:1:1: cannot write the output: no folder 'missing'"),
    "onto-a-folder": (["good.yaml"], "reports.html", "reports.html:1:1: cannot write the output: this is a folder"),
    "txt": (["good.yaml"], "report.txt", NO_FORMAT.format("report.txt")),
    "no-extension": (["good.yaml"], "report", NO_FORMAT.format("report")),
    "json": (["good.yaml"], "report.json", NO_FORMAT.format("report.json")),
    "bak": (["good.yaml"], "report.html.bak", NO_FORMAT.format("report.html.bak")),
}  # fmt: skip


def refusal_folder(folder: Path) -> Path:
    copy_spec(folder, "good.yaml", PASSING)
    (folder / "bad.yaml").write_bytes(MALFORMED)
    (folder / "report.html").write_bytes(EARLIER)
    (folder / "reports.html").mkdir()
    return folder


@pytest.fixture(scope="module")
def refusals(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, Out]]:
    """Every refused report, each in a folder of its own."""
    folders = [refusal_folder(tmp_path_factory.mktemp(name)) for name in REFUSALS]
    calls = [("report", *specs, "-o", target) for specs, target, _ in REFUSALS.values()]
    return dict(zip(REFUSALS, zip(folders, run_all(calls, cwd=folders), strict=True), strict=True))


@pytest.mark.parametrize("case", list(REFUSALS))
def test_a_refused_report_is_one_line_and_leaves_the_folder_as_it_was(refusals: dict[str, tuple[Path, Out]],
                                                                      case: str) -> None:  # fmt: skip
    folder, out = refusals[case]
    assert (out.code, out.raw) == (EXIT_INPUT, b"")
    assert out.stderr.splitlines() == [REFUSALS[case][2]]
    assert (folder / "report.html").read_bytes() == EARLIER  # byte for byte
    assert sorted(p.name for p in folder.iterdir()) == ["bad.yaml", "good.yaml", "report.html", "reports.html"]
    assert list((folder / "reports.html").iterdir()) == []  # no temporary file anywhere


def test_an_existing_report_is_replaced_whole(tmp_path: Path) -> None:
    existing = refusal_folder(tmp_path) / "report.html"
    existing.write_text("<p>an older, longer report</p>\n" * 5000, "utf-8")
    existing.chmod(0o640)
    out = homologate("report", "good.yaml", "-o", existing.name, cwd=tmp_path)
    assert (out.code, out.stdout, out.stderr) == (EXIT_OK, written("good.yaml", "COMPLIANT", existing.name), "")
    text = existing.read_text("utf-8")
    assert text.startswith("<!DOCTYPE html>")
    assert text.endswith("</html>\n")
    assert "older" not in text
    assert existing.stat().st_mode & 0o777 == 0o640  # the permissions of the file replaced are kept
    assert leftovers(tmp_path) == []


def test_output_is_required(tmp_path: Path) -> None:
    out = homologate("report", REPO / PASSING, cwd=tmp_path)
    assert_usage_error(Ran(out.code, out.raw.decode("utf-8"), out.stderr), "--output")
    assert list(tmp_path.iterdir()) == []


HTML_START, MD_START = "<!DOCTYPE html>", "# Land Rover Defender Dakar D7X-R: Stock-class compliance report\n"
FORMATS = [  # (the file written, --format, how it must start)
    ("r.html", (), HTML_START), ("r.htm", (), HTML_START), ("r.HTML", (), HTML_START),
    ("r.md", (), MD_START), ("r.markdown", (), MD_START),
    ("md.html", ("--format", "markdown"), MD_START), ("html.md", ("--format", "html"), HTML_START),
    ("r.txt", ("--format", "markdown"), MD_START), ("noext", ("--format", "html"), HTML_START),
]  # fmt: skip


@pytest.fixture(scope="module")
def formats(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[Out]]:
    """The compliant spec reported to files of several names, with and without --format."""
    folder = tmp_path_factory.mktemp("formats")
    copy_spec(folder, "good.yaml", PASSING)
    return folder, run_all([("report", "good.yaml", "-o", name, *options) for name, options, _ in FORMATS], cwd=folder)


def test_format_from_the_extension_or_format_option(formats: tuple[Path, list[Out]]) -> None:
    folder, outs = formats
    for (name, options, start), out in zip(FORMATS, outs, strict=True):
        assert (out.code, out.stdout, out.stderr) == (EXIT_OK, written("good.yaml", "COMPLIANT", name), ""), name
        assert (folder / name).read_text("utf-8").startswith(start), (name, options)
    produced = (folder / "r.html").read_bytes()
    assert (folder / "html.md").read_bytes() == produced == (folder / "noext").read_bytes()
    assert (folder / "md.html").read_bytes() == (folder / "r.md").read_bytes() == (folder / "r.txt").read_bytes()
    assert leftovers(folder) == []


@pytest.fixture(scope="module")
def batch(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[Out]]:
    """A folder of two specs (a compliant one, a failing one), reported as HTML and as Markdown."""
    folder = tmp_path_factory.mktemp("batch")
    (folder / "specs").mkdir()
    copy_spec(folder / "specs", "a-good.yaml", PASSING)
    copy_spec(folder / "specs", "b-wide.yaml", FAILING)
    return folder, run_all([("report", "specs", "-o", "all.html"), ("report", "specs", "-o", "all.md")], cwd=folder)


BATCH_STDOUT = ("specs/a-good.yaml: COMPLIANT; report written to {0}\n"
                "specs/b-wide.yaml: NOT COMPLIANT; report written to {0}\n")  # fmt: skip


def test_a_folder_of_specs_is_one_html_document_with_a_section_per_spec(batch: tuple[Path, list[Out]]) -> None:
    folder, (out, _) = batch
    assert (out.code, out.stdout, out.stderr) == (EXIT_FAIL, BATCH_STDOUT.format("all.html"), "")
    doc = lhtml.document_fromstring((folder / "all.html").read_bytes())
    assert text_of(doc.find(".//title")) == "Compliance report"
    articles = doc.xpath("//body/article")
    assert [text_of(a.find(".//h1")) for a in articles] == [
        "Land Rover Defender Dakar D7X-R", "Land Rover Defender Dakar D7X-R (wide-track variant)"]
    for article, spec, verdict in zip(articles, ["a-good.yaml", "b-wide.yaml"], ["COMPLIANT", "NOT COMPLIANT"],
                                      strict=True):
        identity = {text_of(dt): text_of(dt.getnext()) for dt in article.xpath(".//dl[@class='identity']/dt")}
        assert identity["Spec file"] == f"specs/{spec}"
        assert text_of(article.xpath(".//section[starts-with(@class, 'verdict')]/strong")[0]) == verdict
        assert [text_of(h) for h in article.xpath("./section[@class='area']/h2")] == AREAS
        assert f"SHA-256: {sha256(folder / 'specs' / spec)}" in text_of(article.find("footer"))
        assert [text_of(d) for d in article.xpath(".//div[@class='signoff']/div")] == SIGN_OFF


def test_a_folder_of_specs_is_one_markdown_document_with_a_section_per_spec(batch: tuple[Path, list[Out]]) -> None:
    folder, (_, out) = batch
    assert (out.code, out.stdout, out.stderr) == (EXIT_FAIL, BATCH_STDOUT.format("all.md"), "")
    text = (folder / "all.md").read_text("utf-8")
    assert md_headings(text, 1) == [
        "Land Rover Defender Dakar D7X-R: Stock-class compliance report",
        "Land Rover Defender Dakar D7X-R (wide-track variant): Stock-class compliance report",
    ]
    assert md_headings(text, 2) == ["Verdict: **COMPLIANT**", *AREAS, "Verdict: **NOT COMPLIANT**", *AREAS]
    spec_lines = [line for line in text.split("\n") if line.startswith("- Spec ")]
    assert spec_lines == [f"- Spec specs/{name} SHA-256: `{sha256(folder / 'specs' / name)}`"
                          for name in ("a-good.yaml", "b-wide.yaml")]  # fmt: skip
    assert [t.header for t in md_tables(text)].count(SIGN_OFF) == 2
