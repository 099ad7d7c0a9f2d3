"""Every bundled rule, with examples that pass it and fail it: the exact finding each must give.

The examples live with the rules (``examples:`` in rules/*.yaml; ``homologate test`` runs them): each
patches a bundled spec (values as a person writes them) and states the verdict of the rule's finding.
"""

from __future__ import annotations

from functools import cache
from typing import Any

import pytest

from checker.report import FAIL
from checker.ruleset.compile import load_ruleset
from checker.tools.selftest import run, untested

D7X = "defender-d7x-r.yaml"
BUNDLED = ("fia-t2-base", "dakar-2026-stock")


def _examples(name: str) -> list[Any]:
    return [e for rule in load_ruleset(name).active for e in rule.examples]


@pytest.mark.parametrize("name", BUNDLED)
def test_every_bundled_rule_has_a_passing_and_a_failing_example(name: str) -> None:
    assert untested(load_ruleset(name)) == []


@pytest.mark.parametrize(
    "example", [e for name in BUNDLED for e in _examples(name)],
    ids=lambda e: f"{e.file.rsplit('/', 1)[-1]}:{e.line}-{e.rule_id}-{e.expect}",
)  # fmt: skip
def test_bundled_example_gives_its_verdict(example: Any) -> None:
    """Each example of the bundled rulesets (rules/*.yaml), run under the ruleset that states it: the
    finding of its rule (at its path, for a rule applied to each item) has the verdict it expects."""
    result = _results("dakar-2026-stock" if "dakar" in example.file else "fia-t2-base")[_key(example)]
    assert (result.example.rule_id, result.example.path, result.got) == (
        example.rule_id, example.path, example.expect), result.detail


@cache
def _results(name: str) -> dict[Any, Any]:
    return {_key(result.example): result for result in run(load_ruleset(name))}


def _key(example: Any) -> tuple[str, int, int]:
    return (example.file, example.line, example.column)


def test_a_failing_finding_points_at_the_line_and_column_of_the_value(check_variant, tmp_path) -> None:
    report = check_variant(D7X, {"build.chassis.track_front": "1800 mm"})
    (finding,) = [f for f in report.findings if f.rule_id == "STK-TRACK-FRONT"]
    assert (finding.verdict, finding.measured, finding.limit, finding.margin) == (
        FAIL, "1800 mm", "≤ 1780 mm", "-20 mm")
    assert finding.derivation == "production.chassis.track_front + 80 mm, with production.chassis.track_front = 1700 mm"
    lines = (tmp_path / D7X).read_text("utf-8").splitlines()
    line = lines[finding.line - 1]
    assert line[finding.column - 1 :] == "1800 mm"
    assert line.strip() == "track_front: 1800 mm"
