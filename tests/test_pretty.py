"""checker.render.pretty writes what ``json.dumps(indent=2, ensure_ascii=False)`` writes, byte for byte: the
JSON and SARIF reports, written with it, stay the documents they were. Held to the standard library on the
reports of every bundled spec and on random values (every kind JSON has, the keys and subclasses the
standard library turns into JSON, the values it refuses)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import json
import math
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from checker.render.pretty import pretty
from tests.helpers import ROOT, SPECS, run_cli


def stdlib(data: Any, **options: Any) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False, **options)


@pytest.mark.parametrize("fmt", ["json", "sarif"])
def test_the_reports_of_every_bundled_spec_are_written_as_the_standard_library_writes_them(fmt: str) -> None:
    ran = run_cli("check", "--format", fmt, SPECS, cwd=ROOT)
    document = json.loads(ran.out)
    assert ran.out == stdlib(document) + "\n"  # what was written with pretty
    assert pretty(document) == stdlib(document)


class Colour(enum.IntEnum):
    RED = 1


class Word(str, enum.Enum):
    PASS = "pass"


class Number(float):
    pass


ODD = [Colour.RED, Word.PASS, Number(1.5), "\u2028", "\ud800", "é\"\\\n\t\x00"]
leaves = (st.none() | st.booleans() | st.integers() | st.integers(min_value=2**64) | st.floats()
          | st.text() | st.sampled_from(ODD))  # fmt: skip
keys = st.text() | st.integers() | st.floats() | st.booleans() | st.none()
values = st.recursive(
    leaves,
    lambda inner: st.lists(inner, max_size=4) | st.lists(inner, max_size=3).map(tuple)
    | st.dictionaries(keys, inner, max_size=4),
    max_leaves=30,
)


@given(values)
def test_any_value_is_written_as_the_standard_library_writes_it(value: Any) -> None:
    assert pretty(value) == stdlib(value)


@given(values)
def test_nan_and_infinity_are_refused_where_the_standard_library_refuses_them(value: Any) -> None:
    try:
        expected: str | type[Exception] = stdlib(value, allow_nan=False)
    except ValueError:
        expected = ValueError
    if expected is ValueError:
        with pytest.raises(ValueError, match="Out of range"):
            pretty(value, allow_nan=False)
    else:
        assert pretty(value, allow_nan=False) == expected


@pytest.mark.parametrize("bad", [math.nan, [1, {"a": math.inf}], {-math.inf: 1}])
def test_a_value_out_of_range_is_a_value_error_without_allow_nan(bad: Any) -> None:
    with pytest.raises(ValueError, match="Out of range"):
        pretty(bad, allow_nan=False)


@pytest.mark.parametrize("bad", [object(), {"a": [1, {2, 3}]}, {(1, 2): "tuple key"}, b"bytes"])
def test_what_json_cannot_hold_is_a_type_error_as_in_the_standard_library(bad: Any) -> None:
    with pytest.raises(TypeError):
        stdlib(bad)
    with pytest.raises(TypeError):
        pretty(bad)


def test_default_turns_what_json_cannot_hold_into_what_it_can() -> None:
    def plain(value: Any) -> Any:
        return value.isoformat() if isinstance(value, dt.date) else sorted(value)

    data = {"on": dt.date(2026, 1, 3), "set": {3, 1}, "nested": [{"at": dt.date(2025, 12, 31)}]}
    assert pretty(data, default=plain) == stdlib(data, default=plain)
    assert '"on": "2026-01-03"' in pretty(data, default=plain)


def test_empty_containers_and_nesting_are_laid_out_as_the_standard_library_lays_them_out() -> None:
    data = {"a": {}, "b": [], "c": [[], [{}], {"d": [1, [2, []]]}], "": ()}
    assert pretty(data) == stdlib(data)


def test_a_large_document_is_written_whole(tmp_path: Path) -> None:
    data = [{"rule_id": f"R{i}", "value": i / 7, "items": list(range(i % 5))} for i in range(5000)]
    assert pretty(data) == stdlib(data)


# --- the JSON report's findings, written without their dictionaries ----------------------------------------


def _reports(tmp_path: Path) -> list[Any]:
    """Reports with every kind of finding field: passing, failing, marginal, not applicable, items of lists,
    an applied and an expired waiver, a JSON baseline's states and fixed findings (rules read from JSON)."""
    import checker
    from tests.test_waivers import BIG_TANK, EXPIRED_HARNESSES, FUEL, Waiver, write_spec

    ruleset = checker.load_ruleset()
    reports = [ruleset.check(path) for path in sorted(SPECS.glob("*.yaml"))]
    reports.append(ruleset.check(SPECS / "land-cruiser-expired-safety.yaml", on=dt.date(2031, 1, 1)))
    waived = write_spec(tmp_path, "waived.yaml", changes=BIG_TANK + EXPIRED_HARNESSES,
                        waivers=[FUEL, Waiver("T2-HARNESS-VALIDITY", "DKR26-TD-015", expires="2025-01-01")])
    reports.append(ruleset.check(waived))
    base, name = tmp_path / "base.json", "specs/defender-wide-track.yaml"  # an earlier run: as the big tank was
    (tmp_path / "specs").mkdir()
    (tmp_path / name).write_bytes((SPECS / "defender-big-tank.yaml").read_bytes())
    ran = run_cli("check", "--format", "json", "-o", str(base), name, cwd=tmp_path)
    assert ran.status == 1, ran.err
    against = checker.load_ruleset(baseline=str(base))
    compared = against.check_text((ROOT / name).read_text("utf-8"), name=name)
    assert compared.baseline is not None
    assert {f.baseline for f in compared.findings} >= {"new"}
    assert compared.baseline.fixed
    reports += [compared, dataclasses.replace(compared, findings=compared.baseline.fixed)]
    return reports


def test_a_reports_findings_are_written_as_pretty_writes_their_dictionaries(tmp_path: Path) -> None:
    from checker.render.json import _plain, finding, written

    reports = _reports(tmp_path)
    for nl in ("\n", "\n  ", "\n      "):
        for report in reports:
            dictionaries = [finding(f, report.spec_file) for f in report.findings]
            expected = pretty(dictionaries, allow_nan=False, default=_plain, nl=nl)
            assert written(report.findings, report.spec_file, nl) == expected, report.spec_file
    assert written((), "x.yaml", "\n") == "[]"


def sarif_result(f: Any, report: Any, index: dict[str, int]) -> dict[str, Any]:
    """A SARIF result as data, as the SARIF renderer made it before it wrote results as text."""
    from checker.render import sarif

    result: dict[str, Any] = {
        "ruleId": f.rule_id,
        "level": sarif.level(f),
        "message": {"text": f.message},
        "locations": [sarif._location(report.spec_file, f.line, f.column, f.path)],
        "partialFingerprints": {"homologateFinding/v1": sarif._fingerprint(report.spec_file, f)},
        "properties": {"verdict": f.verdict, "severity": f.severity, "path": f.path, "measured": f.measured,
                       "limit": f.limit, "margin": f.margin, "derivation": f.derivation, "article": f.article,
                       "provenance": f.provenance},
    }
    if f.rule_id in index:
        result["ruleIndex"] = index[f.rule_id]
    if f.verdict == "waived" and f.waiver is not None:  # a deviation the organiser granted
        w = f.waiver
        result["suppressions"] = [{"kind": "external", "status": "accepted", "justification":
                                   f"{w.reference}: {w.reason} "
                                   f"(granted by {w.granted_by}, until {w.expires.isoformat()})"}]
    if f.baseline is not None:
        result["baselineState"] = {"new": "new", "worse": "updated", "existing": "unchanged"}[f.baseline]
    return result


def test_a_sarif_result_is_written_as_pretty_writes_its_dictionary(tmp_path: Path) -> None:
    import checker
    from checker.render import sarif

    reports = _reports(tmp_path)
    data = yaml.safe_load((SPECS / "defender-wide-track.yaml").read_text("utf-8"))
    reports.append(checker.load_ruleset().check_data(data, name="given as data"))  # no line, no column
    index = {rule.id: i for i, rule in enumerate(checker.load_ruleset().rules)}
    results = 0
    for report in reports:
        for f in report.findings:
            for nl in ("\n", "\n        "):
                for known in (index, {}):  # a rule the driver lists, and one it does not
                    expected = pretty(sarif_result(f, report, known), nl=nl)
                    assert sarif.written(f, report.spec_file, known, nl) == expected, (report.spec_file, f.rule_id)
            results += 1
    assert results > 300
