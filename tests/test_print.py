"""``homologate report SPEC -o car.pdf``: the PDF a federation archives, read back from the PDF itself.

Each PDF is written once for this module (WeasyPrint, the optional extra ``homologate[pdf]``) and read
with pdfminer.six as a reader of the file does: its pages and their size, its metadata, the text on
each page and the box of every word. Covered:

* pages: at most four A4 pages for the 47-finding wide-track car, with and without waivers, and for the
  compliant car; page 1 holds the verdict and every failing, marginal and waived rule id (the decision);
* layout: no two words' boxes overlap on any page; no heading is the last line of a page;
* every page's footer names the spec and its SHA-256; the last page has the ruleset files' SHA-256, the
  version, the generation time (SOURCE_DATE_EPOCH) and the sign-off for the scrutineer and the team;
* metadata: title, author (the entry), creator (homologate and its version), creation time;
* a batch: each spec from a page of its own, each page's footer naming its own spec; markup in a spec
  printed as text, in the pages and the metadata;
* without WeasyPrint a .pdf output is one line naming the extra, exit 2, nothing written.

WeasyPrint needs Pango: where it cannot be loaded these tests are skipped, unless
``HOMOLOGATE_REQUIRE_BROWSER=1`` (CI, which also requires Chromium for tests.test_reports) makes that a
failure.
"""

from __future__ import annotations

import hashlib
import os
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NoReturn

import pytest

import checker
from tests.helpers import published, run_cli
from tests.test_outputs import (
    EXIT_FAIL,
    EXIT_INPUT,
    EXIT_OK,
    FAILING,
    PASSING,
    REPO,
    copy_spec,
    homologate,
    leftovers,
)

A4 = (595.28, 841.89)  # points: 210 mm x 297 mm (Chromium rounds to 594.96 x 841.92)
WIDE_PROBLEMS = ["STK-TRACK-FRONT", "STK-WIDTH", "STK-TYRE-DIAMETER", "STK-TRACK-REAR"]  # 3 failed, 1 marginal
HEADINGS = ["To act on", "Homologation and identity", "Engine and restrictor", "Chassis and suspension",
            "Wheels and tyres", "Fuel", "Weight", "Safety equipment", "Notes", "Waivers"]  # fmt: skip
WAIVERS = """waivers:
  - rule: STK-TRACK-FRONT
    reference: DKR26-TD-014
    reason: Wider front track approved by the technical delegate
    granted_by: Technical delegate
    expires: 2026-01-17
  - rule: STK-TRACK-REAR
    reference: DKR26-TD-009
    reason: Rear track within tolerance, for the prologue only
    granted_by: Technical delegate
    expires: 2026-01-01
"""
HOSTILE_MAKE = "</title><style>*{display:none}</style>"  # would hide the whole document if it were markup
EPOCH = "1767340800"  # SOURCE_DATE_EPOCH for these runs: 2026-01-02 08:00:00 UTC
FOOTER_ZONE = 36.0  # points from the page's foot: the page margin holding the running footer


def missing_tool(reason: str) -> NoReturn:
    """Skip a test that needs a browser or the PDF renderer where it is missing; fail it in CI."""
    if os.environ.get("HOMOLOGATE_REQUIRE_BROWSER") == "1":
        pytest.fail(f"{reason}, and HOMOLOGATE_REQUIRE_BROWSER=1 requires it")
    pytest.skip(reason)


def pdf_renderer_or_skip() -> None:
    from checker.render import pdf

    reason = pdf.missing()
    if reason is not None:
        missing_tool(reason)


# --- reading a PDF ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Word:
    text: str
    x0: float
    y0: float
    x1: float
    y1: float

    def overlaps(self, other: Word, tolerance: float = 0.2) -> bool:
        """Whether the two boxes share more than a hair's breadth both across and up."""
        across = min(self.x1, other.x1) - max(self.x0, other.x0)
        up = min(self.y1, other.y1) - max(self.y0, other.y0)
        return across > tolerance and up > tolerance


LINE_TOLERANCE = 2.0  # points: less than a quarter of the printed table's line (about 8.6 pt)


@dataclass(frozen=True)
class Page:
    width: float
    height: float
    words: list[Word]

    def text(self) -> str:
        return " ".join(w.text for w in self.words)

    def lines(self) -> list[str]:
        """The page's lines of text from the top, words joined: a line is the words whose boxes' bottoms lie
        within LINE_TOLERANCE of each other (fonts of different sizes on one baseline reach down differently)."""
        rows: list[list[Word]] = []
        for word in sorted(self.words, key=lambda w: -w.y0):
            if rows and rows[-1][0].y0 - word.y0 <= LINE_TOLERANCE:
                rows[-1].append(word)
            else:
                rows.append([word])
        return [" ".join(w.text for w in sorted(row, key=lambda w: w.x0)) for row in rows]

    def footer(self) -> str:
        return " ".join(w.text for w in self.words if w.y1 < FOOTER_ZONE)

    def body_lines(self) -> list[str]:
        return Page(self.width, self.height, [w for w in self.words if w.y1 >= FOOTER_ZONE]).lines()


    def is_a4(self) -> bool:
        return abs(self.width - A4[0]) < 0.5 and abs(self.height - A4[1]) < 0.5


@dataclass(frozen=True)
class Pdf:
    pages: list[Page]
    info: dict[str, str]


def read_pdf(path: Path) -> Pdf:
    """Every page's size and words (each word's box from its glyphs' boxes), and the document's metadata."""
    from pdfminer.converter import PDFPageAggregator
    from pdfminer.layout import LTChar, LTContainer
    from pdfminer.pdfdocument import PDFDocument
    from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
    from pdfminer.pdfpage import PDFPage
    from pdfminer.pdfparser import PDFParser
    from pdfminer.pdftypes import resolve1
    from pdfminer.utils import decode_text

    def glyphs(item: Any) -> Iterator[Any]:
        for child in item:
            if isinstance(child, LTChar):
                yield child
            elif isinstance(child, LTContainer):
                yield from glyphs(child)

    pages = []
    with path.open("rb") as file:
        document = PDFDocument(PDFParser(file))
        info = {key: decode_text(value) if isinstance(value, bytes) else str(value)
                for key, value in resolve1(document.info[0]).items()} if document.info else {}  # fmt: skip
        resources = PDFResourceManager()
        device = PDFPageAggregator(resources, laparams=None)  # the glyphs as drawn, no layout analysis
        interpreter = PDFPageInterpreter(resources, device)
        for pdf_page in PDFPage.create_pages(document):
            interpreter.process_page(pdf_page)
            layout = device.get_result()
            pages.append(Page(layout.width, layout.height, words(list(glyphs(layout)))))
    return Pdf(pages, info)


def words(glyphs: list[Any]) -> list[Word]:
    """Glyphs in drawing order joined into words: a word ends at a space, or where the next glyph is not
    just after it on the same baseline (kerning may pull it a little back: "To")."""
    found: list[Word] = []
    current: list[Any] = []

    def close() -> None:
        if current:
            found.append(Word("".join(g.get_text() for g in current), min(g.x0 for g in current),
                              min(g.y0 for g in current), max(g.x1 for g in current), max(g.y1 for g in current)))
            current.clear()

    for glyph in glyphs:
        if glyph.get_text().isspace():
            close()
            continue
        if current:
            last = current[-1]
            if abs(glyph.y0 - last.y0) > 0.5 or not -0.3 * last.size <= glyph.x0 - last.x1 <= 0.2 * last.size:
                close()
        current.append(glyph)
    close()
    return found


def overlapping(page: Page) -> list[tuple[str, str]]:
    """Every pair of words on the page whose boxes overlap (a sweep along x)."""
    ordered = sorted(page.words, key=lambda w: w.x0)
    pairs = []
    for i, word in enumerate(ordered):
        for other in ordered[i + 1 :]:
            if other.x0 >= word.x1:
                break
            if word.overlaps(other):
                pairs.append((word.text, other.text))
    return pairs


# --- the PDFs -------------------------------------------------------------------------------------------


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@dataclass(frozen=True)
class Printed:
    code: int
    stdout: str
    stderr: str
    spec: str  # as named on the command line, relative to the repository
    path: Path
    pdf: Pdf


@pytest.fixture(scope="module")
def printed(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Printed]:
    """The wide-track car (47 findings, not compliant), the same with waivers (one in force, one expired)
    and the compliant car, each printed to PDF once."""
    pdf_renderer_or_skip()
    folder = tmp_path_factory.mktemp("print")
    waivers = folder / "waivers.yaml"
    waivers.write_text(WAIVERS, "utf-8")
    batch = folder / "specs"
    batch.mkdir()
    copy_spec(batch, "a-hostile.yaml", PASSING, ("  make: Land Rover", f"  make: '{HOSTILE_MAKE}'"))
    copy_spec(batch, "b-wide.yaml", FAILING)
    cases = {"wide": (FAILING,), "waived": (FAILING, "--waivers", waivers), "passing": (PASSING,), "batch": (batch,)}
    result = {}
    for name, (spec, *options) in cases.items():
        target = folder / f"{name}.pdf"
        out = homologate("report", spec, *options, "-o", target, cwd=REPO if name != "batch" else folder,
                         SOURCE_DATE_EPOCH=EPOCH)  # fmt: skip
        result[name] = Printed(out.code, out.stdout, out.stderr, spec, target,
                               read_pdf(target) if target.exists() else Pdf([], {}))  # fmt: skip
    return result


@pytest.mark.parametrize(("name", "code", "verdict"), [
    ("wide", EXIT_FAIL, "NOT COMPLIANT"), ("waived", EXIT_FAIL, "NOT COMPLIANT"), ("passing", EXIT_OK, "COMPLIANT"),
])  # fmt: skip
def test_the_pdf_is_written_whole_and_said(printed: dict[str, Printed], name: str, code: int, verdict: str) -> None:
    run = printed[name]
    assert (run.code, run.stdout, run.stderr) == (code, f"{run.spec}: {verdict}; report written to {run.path}\n", "")
    assert run.path.read_bytes().startswith(b"%PDF-")
    assert run.path.read_bytes().rstrip().endswith(b"%%EOF")
    assert leftovers(run.path.parent) == []


def rule_column(page: Page) -> list[str]:
    """The lines of the tables' first column (rule, path, message): the words left of the 'Verdict' heading."""
    verdict = min(w.x0 for w in page.words if w.text == "Verdict")
    return Page(page.width, page.height, [w for w in page.words if w.x1 < verdict and w.y1 >= FOOTER_ZONE]).lines()


@pytest.mark.parametrize("name", ["wide", "waived", "passing"])
def test_at_most_four_a4_pages(printed: dict[str, Printed], name: str) -> None:
    pages = printed[name].pdf.pages
    assert 1 <= len(pages) <= 4, len(pages)
    for page in pages:
        assert page.is_a4(), (page.width, page.height)


def test_page_1_is_the_decision_with_every_failing_rule(printed: dict[str, Printed]) -> None:
    first = printed["wide"].pdf.pages[0]
    lines = first.body_lines()
    assert lines[0] == "Land Rover Defender Dakar D7X-R (wide-track variant)"
    assert "NOT COMPLIANT" in lines
    assert "3 failed, 1 marginal, 0 waived, 39 passed, 13 not applicable" in lines
    act = lines.index("To act on")
    # the table under "To act on": each problem's row starts with its rule id, failures first, then marginal
    starts = [line.split()[0] for line in lines[act + 1 :] if line.split()[0] in WIDE_PROBLEMS]
    assert starts[:4] == ["STK-TRACK-FRONT", "STK-WIDTH", "STK-TYRE-DIAMETER", "STK-TRACK-REAR"]
    front = next(line for line in lines[act:] if line.startswith("STK-TRACK-FRONT"))
    for cell in ("FAIL", "1795 mm", "≤ 1780 mm", "-15 mm", "Dakar 2026 Stock class"):
        assert cell in front, front  # value, limit, margin and article on the rule's first line


def test_page_1_shows_waived_and_expired_waivers(printed: dict[str, Printed]) -> None:
    lines = printed["waived"].pdf.pages[0].body_lines()
    assert "2 failed, 1 marginal, 1 waived, 39 passed, 13 not applicable" in lines
    act = lines.index("To act on")
    starts = [line.split()[0] for line in lines[act + 1 :] if line.split()[0] in WIDE_PROBLEMS]
    assert starts[:4] == ["STK-WIDTH", "STK-TYRE-DIAMETER", "STK-TRACK-REAR", "STK-TRACK-FRONT"]
    text = " ".join(rule_column(printed["waived"].pdf.pages[0]))  # a row's message wraps within its cell
    assert "waived by DKR26-TD-014 until 2026-01-17" in text
    assert "waiver DKR26-TD-009 expired on 2026-01-01" in text


def test_page_1_of_a_compliant_car_says_there_is_nothing_to_act_on(printed: dict[str, Printed]) -> None:
    lines = printed["passing"].pdf.pages[0].body_lines()
    assert "COMPLIANT" in lines
    assert lines[lines.index("To act on") + 1] == "Nothing to act on: no failing, marginal or waived finding."


@pytest.mark.parametrize("name", ["wide", "waived", "passing", "batch"])
def test_no_two_words_overlap_on_any_page(printed: dict[str, Printed], name: str) -> None:
    for number, page in enumerate(printed[name].pdf.pages, 1):
        assert page.words, f"page {number} has no text"
        assert overlapping(page) == [], f"page {number}"


@pytest.mark.parametrize("name", ["wide", "waived", "passing", "batch"])
def test_no_heading_is_the_last_line_of_a_page(printed: dict[str, Printed], name: str) -> None:
    for number, page in enumerate(printed[name].pdf.pages, 1):
        assert page.body_lines()[-1] not in HEADINGS, f"page {number}"


@pytest.mark.parametrize("name", ["wide", "waived", "passing"])
def test_every_page_footer_names_the_spec_and_its_sha256(printed: dict[str, Printed], name: str) -> None:
    run = printed[name]
    pages = run.pdf.pages
    for number, page in enumerate(pages, 1):
        assert page.footer() == f"{run.spec} SHA-256 {sha256(REPO / run.spec)} page {number} of {len(pages)}"


def test_the_last_page_has_the_hashes_generation_time_and_sign_off(printed: dict[str, Printed]) -> None:
    lines = printed["wide"].pdf.pages[-1].body_lines()
    for name in ("rules/fia-t2-base.yaml", "rules/dakar-2026-stock.yaml"):
        assert f"{published(name)}: {sha256(REPO / name)}" in " ".join(lines)
    assert f"Generated by homologate {checker.__version__} on 2026-01-02 08:00:00 UTC; checked on 2026-01-02." in lines
    sign_off = [line for line in lines if line.endswith("Signature")]
    assert sign_off == ["Scrutineer (name) Date Signature", "Team representative (name) Date Signature"]


def test_metadata_title_author_creator_and_creation_time(printed: dict[str, Printed]) -> None:
    info = printed["wide"].pdf.info
    assert info["Title"] == ("Compliance report: Land Rover Defender Dakar D7X-R (wide-track variant) "
                             "(form T2-ILLUSTRATIVE-0001)")  # fmt: skip
    assert info["Author"] == "Illustrative variant, not a real entry"  # the spec's entry
    assert info["Creator"] == f"homologate {checker.__version__}"
    assert re.sub(r"[Z+'].*", "", info["CreationDate"]) == "D:20260102080000"  # SOURCE_DATE_EPOCH


def test_a_batch_starts_each_spec_on_a_page_of_its_own_with_its_own_footer(printed: dict[str, Printed]) -> None:
    run = printed["batch"]
    assert (run.code, run.stderr) == (EXIT_FAIL, "")
    pages = run.pdf.pages
    specs = [run.path.parent / "specs" / name for name in ("a-hostile.yaml", "b-wide.yaml")]
    owners = [next(spec for spec in specs if f"specs/{spec.name} SHA-256 {sha256(spec)}" in page.footer())
              for page in pages]  # fmt: skip
    first_of_wide = owners.index(specs[1])
    assert owners == [specs[0]] * first_of_wide + [specs[1]] * (len(pages) - first_of_wide)
    assert 1 <= first_of_wide <= 4
    assert len(pages) - first_of_wide <= 4
    assert pages[0].body_lines()[0] == f"{HOSTILE_MAKE} Defender Dakar D7X-R"  # markup printed as text
    assert pages[first_of_wide].body_lines()[0] == "Land Rover Defender Dakar D7X-R (wide-track variant)"
    assert run.pdf.info["Title"] == "Compliance report"
    assert run.pdf.info["Author"] == "Defender Rally (illustrative entry); Illustrative variant, not a real entry"


def test_without_weasyprint_a_pdf_is_one_line_naming_the_extra(tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                                                                ) -> None:  # fmt: skip
    monkeypatch.setitem(sys.modules, "weasyprint", None)  # an import of it raises ImportError, as when not installed
    (tmp_path / "car.pdf").write_bytes(b"the PDF signed yesterday")
    ran = run_cli("report", REPO / PASSING, "-o", tmp_path / "car.pdf")
    assert (ran.status, ran.out) == (EXIT_INPUT, "")
    assert ran.err.splitlines() == [
        f"{tmp_path / 'car.pdf'}:1:1: cannot write a PDF: WeasyPrint is not installed (pip install 'homologate[pdf]')"]
    assert (tmp_path / "car.pdf").read_bytes() == b"the PDF signed yesterday"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["car.pdf"]


def test_format_pdf_writes_a_pdf_whatever_the_name(tmp_path: Path) -> None:
    """--format overrides the extension: a PDF under another name (a CI artifact's fixed name) is still a PDF."""
    pdf_renderer_or_skip()
    target = tmp_path / "compliance.report"
    ran = run_cli("report", REPO / PASSING, "--format", "pdf", "-o", target)
    assert (ran.status, ran.err) == (0, ""), ran.err
    assert target.read_bytes().startswith(b"%PDF-")
    assert read_pdf(target).pages[0].body_lines()[0] == "Land Rover Defender Dakar D7X-R"
