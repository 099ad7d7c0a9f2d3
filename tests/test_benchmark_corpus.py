"""The benchmark's ground: its corpus is valid and complete, and the independent implementations agree.

benchmarks/compare.py times homologate against hand-written Python and JSON Schema (and Rego, which
needs the benchmark's own extra); its figures mean something only if all of them reach the same
verdicts. These tests hold that without regopy, and are also the engine's strongest check: a plain
Python rewrite of every rule (benchmarks/floor.py) must agree with it on every spec of a corpus
built to sit on and around every limit.
"""

from __future__ import annotations

import collections
import sys
from pathlib import Path
from typing import Any

import pytest

from checker.evaluate.findings import evaluate
from checker.evaluate.judge import judge

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))

import common
import floor
import schema_subset

N = 120  # the first 50 of seed 1 already reach every verdict each rule can give


@pytest.fixture(scope="module")
def corpus() -> list[Any]:
    return [common.load_variant(name, text) for name, text in common.generate(N, 1)]


def test_the_corpus_is_the_same_for_the_same_seed() -> None:
    assert common.generate(12, 7) == common.generate(12, 7)
    assert common.generate(12, 7) != common.generate(12, 8)


def test_every_rule_reaches_every_verdict_it_can_give(corpus: list[Any]) -> None:
    ruleset, day = common.ruleset(), common.event_date()
    seen: dict[str, set[str]] = collections.defaultdict(set)
    for loaded in corpus:
        for rule_id, verdict in common.reference_verdicts(evaluate(loaded, ruleset, day)).items():
            seen[rule_id].add(verdict)
    missing = {}
    for rule in ruleset.active:
        want = {"pass", "fail"} | ({"marginal"} if rule.tolerance is not None else set())
        want |= {"not_applicable"} if rule.when is not None or rule.each is not None else set()
        if want - seen[rule.id]:
            missing[rule.id] = sorted(want - seen[rule.id])
    assert missing == {}


def test_hand_written_python_agrees_with_the_engine_on_every_spec_and_rule(corpus: list[Any]) -> None:
    ruleset, day = common.ruleset(), common.event_date()
    wrong = []
    for loaded in corpus:
        reference = common.reference_verdicts(evaluate(loaded, ruleset, day))
        by_hand = floor.verdicts(common.normalize_py(loaded.spec), day)
        wrong += [(loaded.file, rule, verdict, by_hand.get(rule)) for rule, verdict in reference.items()
                  if by_hand.get(rule) != verdict]  # fmt: skip
        assert set(by_hand) == set(reference)
    assert wrong == []


def test_judge_alone_gives_the_verdicts_of_the_worded_findings(corpus: list[Any]) -> None:
    ruleset, day = common.ruleset(), common.event_date()
    for loaded in corpus:
        judged: dict[str, list[str]] = collections.defaultdict(list)
        for outcome in judge(loaded.spec, ruleset, day):
            judged[outcome[0].id].append(outcome[3])
        assert {r: common.worst(v) for r, v in judged.items()} == common.reference_verdicts(
            evaluate(loaded, ruleset, day)
        ), loaded.file


def test_json_schema_subset_agrees_with_the_engine(corpus: list[Any]) -> None:
    ruleset, day = common.ruleset(), common.event_date()
    validators = schema_subset.jsonschema_validators(schema_subset.build(day))
    assert "STK-FUEL-TANK" in validators
    assert "STK-TRACK-FRONT" not in validators  # absolute limits only
    for loaded in corpus:
        reference = common.reference_verdicts(evaluate(loaded, ruleset, day))
        found = schema_subset.schema_verdicts(validators, common.normalize(loaded.spec))
        assert found == {rule: reference[rule] for rule in found}, loaded.file


def test_the_floor_is_not_trivially_agreeing() -> None:
    """A broken limit in the floor must show: the comparison can fail."""
    loaded = common.load_variant("wide", (common.SPECS / "defender-wide-track.yaml").read_text("utf-8"))
    verdicts = floor.verdicts(common.normalize_py(loaded.spec), common.event_date())
    assert verdicts["STK-TRACK-FRONT"] == "fail"
    assert verdicts["STK-TRACK-REAR"] == "marginal"
    assert verdicts["STK-FUEL-TANK"] == "pass"
