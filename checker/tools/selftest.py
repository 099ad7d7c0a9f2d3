"""``homologate test``: each rule's examples run, and what they leave out.

An example (checker.ruleset.examples) patches a build spec and states the verdict the rule must give;
running it evaluates the patched spec as ``check`` does and compares the rule's worst finding (or its
finding about the example's path) with the verdict expected.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from checker.errors import InputError
from checker.evaluate.findings import evaluate
from checker.read.document import Document, load_file
from checker.report import Finding
from checker.ruleset.examples import Example, PathParts
from checker.ruleset.model import Ruleset
from checker.ruleset.raw import published
from checker.spec.load import LoadedSpec, validate
from checker.text import dotted


@dataclass(frozen=True)
class Result:
    example: Example
    got: str | None  # the verdict the rule gave; None when the example could not be run
    detail: str  # the finding's message, or why the example could not be run

    @property
    def ok(self) -> bool:
        return self.got == self.example.expect

    def __str__(self) -> str:
        e = self.example
        where = f"{published(e.file, short=True)}:{e.line}:{e.column}: {e.label}"
        if self.got is None:
            return f"{where}: could not be run: {self.detail}"
        if self.ok:
            return f"{where}: {self.got}"
        return f"{where}: expected {e.expect}, got {self.got}: {self.detail}"


def run(ruleset: Ruleset) -> list[Result]:
    """Every example of every rule ``ruleset`` checks, in rule order: a rule whose severity is off gives
    no finding, so its examples are not run."""
    bases: dict[Path, Any] = {}
    results = []
    for rule in ruleset.active:
        for example in rule.examples:
            try:
                loaded = _patched(example, bases)
            except InputError as exc:
                results.append(Result(example, None, str(exc)))
                continue
            report = evaluate(loaded, ruleset, example.on)
            results.append(_judged(example, [f for f in report.findings if f.rule_id == rule.id]))
    return results


def _patched(example: Example, bases: dict[Path, Document]) -> LoadedSpec:
    if example.spec is None:
        raise example.error("no spec to patch: give the example a 'spec', or the ruleset file an 'example_spec'")
    if example.spec not in bases:
        bases[example.spec] = load_file(example.spec, str(example.spec))
    base = bases[example.spec]
    data = copy.deepcopy(base.data)
    for parts, value in example.changes:
        _set(data, parts, value, example)
    document = Document(f"{base.file} ({example.label})", data, base.values, base.keys, base.styles)
    return LoadedSpec(validate(document), document)


def _set(data: Any, parts: PathParts, value: Any, example: Example) -> None:
    target = data
    for i, part in enumerate(parts[:-1]):
        try:
            target = target[part]
        except (KeyError, IndexError, TypeError):
            raise example.error(f"{example.spec} has no {dotted(parts[: i + 1])} to change") from None
    last = parts[-1]
    if isinstance(last, int) and (not isinstance(target, list) or last >= len(target)):
        raise example.error(f"{example.spec} has no {dotted(parts)} to change")
    target[last] = value


def untested(ruleset: Ruleset) -> list[str]:
    """What the examples leave out: rules checked without an example that passes and one that fails."""
    lines = []
    for want in ("pass", "fail"):
        missing = [r.id for r in ruleset.active if not any(e.expect == want for e in r.examples)]
        if missing:
            lines.append(f"{len(missing)} rule{'s' if len(missing) != 1 else ''} without an example that "
                         f"{'passes' if want == 'pass' else 'fails'}: {', '.join(missing)}")  # fmt: skip
    return lines




def _judged(example: Example, findings: list[Finding]) -> Result:
    if example.path is not None:
        findings = [f for f in findings if f.path == example.path]
        if not findings:
            return Result(example, None, f"the rule gave no finding about {example.path}")
    if not findings:
        return Result(example, None, "the rule gave no finding")
    worst = min(findings, key=lambda f: f.verdict.rank)
    return Result(example, worst.verdict, worst.message)

