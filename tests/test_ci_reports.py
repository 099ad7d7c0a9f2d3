"""Reports CI tools show well (issue 16, item 11).

* JUnit: a case's ``classname`` names its spec (the path without extension, dots between folders, as
  pytest names a module), so that junit2html, Jenkins and GitLab show one group per spec; its name carries
  the rule's area, and for an item of a list its path, however long the list.
* Text (check, diff, rules): every line fits the width (``COLUMNS``, the terminal's, else 100; at least
  60, at most 400): a long line is wrapped, the rest indented below it; the table of findings keeps its
  columns aligned, its measured and limit cut, then moved below the row with the article.
* ``check -q`` prints the legend of the illustrative ``*`` only when a ``*`` was shown.
"""

from __future__ import annotations

import json
import os
import re
import sys
from pathlib import Path

import pytest
from lxml import etree

from checker import text
from checker.cli.options import output_width
from checker.text import wrap
from tests.helpers import ROOT, SPECS, Ran, run_cli, unwrapped
from tests.test_outputs import JUNIT_XSD, _shared

PASSING, FAILING = "specs/defender-d7x-r.yaml", "specs/defender-wide-track.yaml"
BUNDLED = sorted(f"specs/{p.name}" for p in SPECS.glob("*.yaml"))
LEGEND = "* illustrative limit: the official figure is not public; see the rule's note."
VERDICTS = ("FAIL", "MARGINAL", "WAIVED", "pass", "n/a", "not applicable")


def check(*args: str | Path, columns: str | None = None, cwd: Path = ROOT) -> Ran:
    ran = run_cli("check", *args, cwd=cwd, env={"COLUMNS": columns, "SOURCE_DATE_EPOCH": "0"})
    assert "Traceback" not in ran.err, ran.err
    return ran


@pytest.fixture(scope="module")
def junit_schema() -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(_shared(JUNIT_XSD))))


def junit_suites(ran: Ran, schema: etree.XMLSchema) -> list[etree._Element]:
    root = etree.fromstring(ran.out.encode("utf-8"))
    schema.assertValid(root)
    return root.findall("testsuite")


# --- JUnit ----------------------------------------------------------------------------------------------


def test_junit_classname_is_the_spec_for_a_batch_of_two(junit_schema: etree.XMLSchema) -> None:
    suites = junit_suites(check(PASSING, FAILING, "--format", "junit"), junit_schema)
    assert [s.get("name") for s in suites] == [PASSING, FAILING]
    assert [{c.get("classname") for c in s.findall("testcase")} for s in suites] == [
        {"specs.defender-d7x-r"}, {"specs.defender-wide-track"}]
    failing = {c.get("name"): [child.tag for child in c] for c in suites[1].findall("testcase")}
    assert failing["[chassis] STK-TRACK-FRONT: Front track at most 80 mm wider than produced"] == ["failure"]
    assert failing["[chassis] STK-TRACK-REAR: Rear track at most 80 mm wider than produced"] == []  # marginal
    assert failing["[wheels] STK-TYRE-DIAMETER: Tyre diameter at most 37 inches"] == ["failure"]
    assert failing["[safety] T2-HARNESS-STANDARD: Harnesses homologated to FIA 8853-2016 "
                   "(build.safety.harnesses[1].standard)"] == []  # fmt: skip
    for suite in suites:
        names = [c.get("name") for c in suite.findall("testcase")]
        assert len(set(names)) == len(names) == 43
        assert all(re.fullmatch(r"\[[a-z_]+\] [A-Z0-9-]+: .+", name) for name in names), names


def test_junit_reads_back_what_the_spec_holds(tmp_path: Path, junit_schema: etree.XMLSchema) -> None:
    """JUnit is written as text, not through an XML library: XML's own characters, quotes, tabs and line
    breaks in a value come back from any XML parser as the spec wrote them."""
    make = 'Land <Rover> & "Co"\ttab\r\nnew line'
    text = (ROOT / FAILING).read_text("utf-8").replace("make: Land Rover", f"make: {json.dumps(make)}", 1)
    (tmp_path / "odd.yaml").write_text(text, "utf-8")
    (suite,) = junit_suites(check("odd.yaml", "--format", "junit", cwd=tmp_path), junit_schema)
    assert {p.get("name"): p.get("value") for p in suite.iter("property")}["make"] == make
    (failure,) = suite.xpath("testcase[@name='[chassis] STK-TRACK-FRONT: Front track at most 80 mm wider than "
                             "produced']/failure")  # fmt: skip
    assert failure.get("message") == "1795 mm is 15 mm above the maximum (≤ 1780 mm)"
    assert failure.text.splitlines()[:2] == [
        "odd.yaml:60:18: STK-TRACK-FRONT [error] 1795 mm is 15 mm above the maximum (≤ 1780 mm)",
        "value: build.chassis.track_front"]
    assert suite.find("system-err").text is None


def test_junit_item_of_a_one_item_list_keeps_its_path(tmp_path: Path, junit_schema: etree.XMLSchema) -> None:
    text = (ROOT / PASSING).read_text("utf-8")
    harness = "      - {standard: FIA 8853-2016, expires: 2030-05-31}\n"
    assert text.count(harness) == 2
    (tmp_path / "one-harness.yaml").write_text(text.replace(harness * 2, harness), "utf-8")
    (suite,) = junit_suites(check("one-harness.yaml", "--format", "junit", cwd=tmp_path), junit_schema)
    harnesses = [c.get("name") for c in suite.findall("testcase") if "HARNESS" in c.get("name")]
    assert harnesses == [
        "[safety] T2-HARNESS-STANDARD: Harnesses homologated to FIA 8853-2016 (build.safety.harnesses[0].standard)",
        "[safety] T2-HARNESS-VALIDITY: Harnesses within the validity on their label "
        "(build.safety.harnesses[0].expires)",
    ]
    assert {c.get("classname") for c in suite.findall("testcase")} == {"one-harness"}


def test_junit_classname_of_folders_dots_and_an_unreadable_spec(tmp_path: Path,
                                                                junit_schema: etree.XMLSchema) -> None:  # fmt: skip
    (tmp_path / "entries" / "2026").mkdir(parents=True)
    (tmp_path / "entries" / "2026" / "car.v2.yaml").write_bytes((ROOT / PASSING).read_bytes())
    (tmp_path / "entries" / "bad.yml").write_text("vehicle: [\n", "utf-8")
    ran = check("entries/2026/car.v2.yaml", "entries/bad.yml", "--format", "junit", cwd=tmp_path)
    good, bad = junit_suites(ran, junit_schema)
    assert {c.get("classname") for c in good.findall("testcase")} == {"entries.2026.car_v2"}
    assert [(c.get("classname"), c.get("name")) for c in bad.findall("testcase")] == [
        ("entries.bad", "spec can be read")]


# --- text fits the width ----------------------------------------------------------------------------------


def long_lines(text: str, width: int) -> list[str]:
    return [line for line in text.splitlines() if len(line) > width]


@pytest.mark.parametrize("columns", [60, 80, 100, 200])
def test_every_line_fits_the_width(columns: int) -> None:
    width = str(columns)
    for options in ([], ["-v"], ["-q"]):
        ran = check(*BUNDLED, *options, columns=width)
        assert ran.status == 1
        assert long_lines(ran.out, columns) == [], options
    for command in (["diff", PASSING, FAILING], ["rules"], ["rules", "fia-t2-base"]):
        ran = run_cli(*command, cwd=ROOT, env={"COLUMNS": width})
        assert ran.out, command
        assert long_lines(ran.out, columns) == [], command


@pytest.mark.parametrize("columns", ["60", "80", "100"])
def test_wrapped_lines_joined_are_the_lines_unwrapped(columns: str) -> None:
    """Joined again (each continuation line after one space), the wrapped output is the output 400 wide,
    table aside: a message is split, never cut."""
    narrow, wide = check(*BUNDLED, "-q", columns=columns), check(*BUNDLED, "-q", columns="400")
    assert long_lines(wide.out, 399) == []  # nothing needed wrapping 400 wide
    assert unwrapped(narrow.out) == wide.out.splitlines()
    assert len(narrow.out.splitlines()) > len(wide.out.splitlines())
    reports = json.loads(check(*BUNDLED, "--format", "json").out)["reports"]
    lines = unwrapped(narrow.out)
    for report in reports:
        for f in report["findings"]:
            if f["verdict"] in ("fail", "marginal"):
                # labelled as every output labels it: a marginal value of an error rule is a warning
                level = "warning" if (f["verdict"], f["severity"]) == ("marginal", "error") else f["severity"]
                problem = f"{f['file']}:{f['line']}:{f['column']}: {f['rule_id']} [{level}] {f['message']}"
                assert problem in lines


def test_a_wrapped_problem_keeps_its_position_first_and_indents_the_rest() -> None:
    lines = check(FAILING, "-q", columns="60").out.splitlines()
    at = next(i for i, line in enumerate(lines) if "STK-TRACK-REAR" in line)
    assert lines[at : at + 3] == [
        "specs/defender-wide-track.yaml:61:17: STK-TRACK-REAR",
        "    [warning] 1781 mm is 1 mm above the maximum (≤ 1780 mm),",
        "    within the measurement tolerance",
    ]
    assert "specs/defender-wide-track.yaml:62:12: STK-WIDTH [error]" in lines  # not "... [error] 2180", "mm is"
    assert "    2180 mm is 16 mm above the maximum (≤ 2164 mm)" in lines


def table(text: str) -> list[str]:
    """The table's lines: from its heading to the first blank line."""
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("verdict "))
    return lines[start : lines.index("", start)]


@pytest.mark.parametrize("columns", [60, 80, 100, 200])
def test_the_table_keeps_its_columns_aligned(columns: int) -> None:
    lines = table(check("specs/land-cruiser-expired-safety.yaml", columns=str(columns)).out)
    heading, rule = lines[0], lines[0].index("rule")
    rows = [line for line in lines[2:] if line.startswith(VERDICTS)]
    assert len(rows) == 42  # 56 findings, 14 not applicable
    for row in rows:  # the verdict ends and the rule id starts at the same place in every row
        assert row[rule - 2 : rule] == "  ", row
        assert row[rule] != " ", row
    below = [line for line in lines[2:] if not line.startswith(VERDICTS)]
    assert all(line.startswith(" " * rule) for line in below)  # under the rule column
    if columns == 200:  # wide enough: one line a finding, the article in its column
        assert heading.split() == ["verdict", "rule", "measured", "limit", "margin", "article"]
        assert below == []
    elif columns == 60:  # measured and limit below the row, then the article
        assert heading.split() == ["verdict", "rule", "margin"]
        i = next(i for i, line in enumerate(lines) if "T2-SEAT-8855-VALIDITY" in line)
        assert lines[i : i + 3] == [
            "FAIL      T2-SEAT-8855-VALIDITY          -2 days",
            "          measured 2025-12-31, limit on or after 2026-01-02",
            "          Art. 253 (seats)",
        ]
    else:  # measured and limit in the row (cut if need be), the article below it
        assert heading.split() == ["verdict", "rule", "measured", "limit", "margin"]
        assert "          Art. 253-8 (safety cage)" in below


@pytest.mark.parametrize(("columns", "same_as"), [
    ("abc", None), ("0", None), ("-5", None), ("", None), (" 80 ", "80"), ("30", "60"), ("1", "60"),
    ("99999999", "400"), ("9" * 5000, "400"), ("٨٠", None),
], ids=["word", "zero", "negative", "empty", "spaces", "too-narrow", "one", "huge", "5000-digits",
        "arabic-digits"])  # fmt: skip
def test_a_bad_columns_is_passed_over_quietly(columns: str, same_as: str | None) -> None:
    ran, expected = check(FAILING, columns=columns), check(FAILING, columns=same_as)
    assert (ran.status, ran.out, ran.err) == (expected.status, expected.out, "")


def test_the_terminals_width_when_columns_does_not_say(monkeypatch: pytest.MonkeyPatch) -> None:
    class Terminal:
        def isatty(self) -> bool:
            return True

        def fileno(self) -> int:
            return 1

    monkeypatch.setattr(sys, "stdout", Terminal())
    monkeypatch.setattr(os, "get_terminal_size", lambda fd: os.terminal_size((72, 24)))
    monkeypatch.delenv("COLUMNS", raising=False)
    assert output_width() == 72
    assert output_width(terminal=False) == 100  # an output file (-o) is no terminal
    monkeypatch.setenv("COLUMNS", "90")
    assert output_width() == 90
    monkeypatch.setenv("COLUMNS", "nonsense")
    assert output_width() == 72
    monkeypatch.setattr(os, "get_terminal_size", lambda fd: os.terminal_size((0, 0)))  # a pty never sized
    assert output_width() == 100


def test_a_word_longer_than_the_line_stays_whole() -> None:
    """A path, an id or a value longer than a line is not broken (it can be found and copied): it stands on
    a line of its own, the only kind of line longer than the width."""
    long = "specs/" + "x" * 80 + ".yaml"
    assert wrap(f"{long}:1:1: STK-TRACK-FRONT [error] 1795 mm is 15 mm above", 60) == [
        f"{long}:1:1:", "    STK-TRACK-FRONT [error] 1795 mm is 15 mm above"]
    assert wrap("short", 60) == ["short"]


@pytest.mark.parametrize("line", [
    "short", "  indented", "trailing   ", "   ", "", "two  spaces inside", "1795 mm ≤ 1780 mm", "x" * 60,
    "specs/defender-wide-track.yaml:60:18: STK-TRACK-FRONT [error] 1795 mm is 15",
])  # fmt: skip
def test_a_line_that_fits_is_what_the_wrapping_gives_it(line: str) -> None:
    """A line no longer than the width skips the wrapping (the table's hot path): it must come out as the
    wrapping would give it."""
    assert wrap(line, 60) == text._wrap_long(line, 60, 4)


def test_a_long_line_is_laid_out_as_textwrap_lays_it_out() -> None:
    """Words one space apart are laid out by a loop of our own (a third of textwrap's cost): line for line
    what textwrap gives, on lines of every width, with words longer than a line and held spaces."""
    import random
    import textwrap

    words = ["a", "bb", "1780", "mm", "≤", "-15", "+20", "(≤", "kg),", "STK-TRACK-FRONT", "x" * 30, "y" * 70,
             "=", "<", "+", "-", "٣", "²", "_x", "é", "5", "3"]  # digits of other scripts, a superscript, _
    rng = random.Random(15)
    for _ in range(20000):
        line = " ".join(rng.choice(words) for _ in range(rng.randint(1, 30)))
        width, indent = rng.randint(1, 90), rng.randint(0, 8)
        held = text._HELD.sub("\xa0", line)
        expected = textwrap.wrap(held, width, subsequent_indent=" " * indent, break_long_words=False,
                                 break_on_hyphens=False)  # fmt: skip
        assert text._wrap_long(line, width, indent) == [part.replace("\xa0", " ") for part in expected], line


# --- the legend of '*' -----------------------------------------------------------------------------------


@pytest.mark.parametrize("options", [
    [], ["-q"], ["-v"], ["--select", "T2-ENGINE-*"], ["--select", "STK-TRACK-FRONT"], ["-q", "--select", "STK-*"],
], ids=["table", "quiet", "verbose", "no-illustrative-rule", "one-illustrative-rule",
        "quiet-illustrative"])  # fmt: skip
def test_the_legend_is_printed_only_under_a_star(options: list[str]) -> None:
    for spec in (PASSING, FAILING):
        lines = unwrapped(check(spec, *options).out)
        stars = [line for line in lines if re.match(r"(FAIL|MARGINAL|pass|WAIVED|n/a)\s+\S+ \*", line)]
        assert (LEGEND in lines) == bool(stars), (spec, options)
        assert (LEGEND in lines) == (options in ([], ["-v"], ["--select", "STK-TRACK-FRONT"]))
