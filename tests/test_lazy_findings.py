"""A finding's texts and position are made when an output first reads them (issue 15): the same whatever
reads them first or in what order, pickled or not; and a check that shows only the problems words no
passing finding."""

from __future__ import annotations

import dataclasses
import pickle
from collections.abc import Callable
from typing import Any

import pytest

from checker.evaluate import findings as engine
from checker.evaluate.findings import evaluate
from checker.render.text import render_one
from checker.report import Finding, Report
from checker.ruleset.model import Ruleset
from checker.spec.load import load_spec
from tests.helpers import SPECS

FIELDS = tuple(f.name for f in dataclasses.fields(Finding))
LAZY = ("message", "measured", "limit", "margin", "derivation", "line", "column")
BUNDLED = sorted(p.name for p in SPECS.glob("*.yaml"))


def _report(stock: Ruleset, name: str) -> Report:
    return evaluate(load_spec(SPECS / name, f"specs/{name}"), stock)


def _read(report: Report, order: tuple[str, ...]) -> list[tuple[Any, ...]]:
    rows = []
    for f in report.findings:
        for name in order:
            getattr(f, name)
        rows.append(tuple(getattr(f, name) for name in FIELDS))
    return rows


@pytest.mark.parametrize("name", BUNDLED)
def test_a_finding_reads_the_same_whatever_is_read_first(stock: Ruleset, name: str) -> None:
    orders = [LAZY, LAZY[::-1], ("line",), ("measured",), ("derivation",), ()]
    seen = [_read(_report(stock, name), order) for order in orders]
    pickled = pickle.loads(pickle.dumps(_report(stock, name)))
    seen.append(_read(pickled, ()))
    worded = _report(stock, name)
    for f in worded.findings[::2]:  # every other one made whole at once, as JSON asks
        f.worded()
    seen.append(_read(worded, ("line",)))
    assert all(rows == seen[0] for rows in seen[1:])
    assert all(f.message and f.line and f.column for f in _report(stock, name).findings)


def test_a_finding_made_whole_has_nothing_left_to_word() -> None:
    f = Finding(rule=None, verdict=None, message="m", path="p", line=1, column=2)  # type: ignore[arg-type]
    assert (f.message, f.line, f.measured, f.derivation) == ("m", 1, None, None)
    with pytest.raises(AttributeError, match="'mesage'"):
        f.mesage  # type: ignore[attr-defined]  # noqa: B018


def _counting(monkeypatch: pytest.MonkeyPatch, name: str) -> list[str]:
    """The rule ids ``engine.<name>`` is called for, as the engine calls it (its first argument a Rule)."""
    made: list[str] = []
    real: Callable[..., Any] = getattr(engine, name)

    def counted(rule: Any, *args: Any) -> Any:
        made.append(rule.id)
        return real(rule, *args)

    monkeypatch.setattr(engine, name, counted)
    return made


@pytest.mark.parametrize("quiet", [True, False], ids=["quiet", "table"])
def test_text_words_the_message_of_a_problem_only(stock: Ruleset, monkeypatch: pytest.MonkeyPatch,
                                                   quiet: bool) -> None:  # fmt: skip
    messages, derivations = _counting(monkeypatch, "_message"), _counting(monkeypatch, "_derivation")
    report = _report(stock, "defender-wide-track.yaml")
    text = render_one(report, quiet=quiet)
    problems = [f.rule_id for f in report.findings if f.problem]
    assert problems == ["STK-TRACK-FRONT", "STK-TRACK-REAR", "STK-WIDTH", "STK-TYRE-DIAMETER"]
    assert messages == problems  # a problem's message, once
    assert derivations == []  # text shows no derivation
    assert "specs/defender-wide-track.yaml:60:18: STK-TRACK-FRONT [error] 1795 mm is 15 mm above" in text


def test_a_finding_as_data_is_its_fields_worded(stock: Ruleset) -> None:
    """``dataclasses.asdict`` and ``copy.deepcopy`` of an engine's finding, as an API user may take them:
    the fields, each made, and nothing of what they are made from."""
    import copy

    report = _report(stock, "defender-wide-track.yaml")
    data = [dataclasses.asdict(f) for f in report.findings]
    assert list(data[0]) == list(FIELDS)
    first = next(d for d in data if d["rule"]["id"] == "STK-TRACK-FRONT")
    assert (first["message"], first["line"], first["column"], first["measured"], first["limit"]) == (
        "1795 mm is 15 mm above the maximum (≤ 1780 mm)", 60, 18, "1795 mm", "≤ 1780 mm")
    copied = copy.deepcopy(report.findings[0])
    assert copied == report.findings[0]
    assert copied.wording() is None
