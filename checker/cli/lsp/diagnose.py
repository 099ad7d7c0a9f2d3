"""One document checked as ``homologate check`` checks a spec, the result as LSP diagnostics and hovers.

Each failing or marginal finding is a diagnostic at its value: severity as SARIF levels it
(checker.render.sarif.level: error, warning, note), code the rule id, message as ``check`` words it; where the
rule's limit is derived from production values the same document gives, each of those is related information
carrying the derivation. What keeps the spec from being checked (bad YAML, a wrong type, an unknown key) is one
diagnostic at its place; what keeps the settings from being used (the configuration, the ruleset, the waivers
file) one diagnostic on the document's first line naming the file and place. Every document goes through the
same reader as a file, with its bounds (size, depth, nodes).
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lsprotocol import types

from checker.cli.lsp.places import Text
from checker.errors import InputError
from checker.pipeline import Checker
from checker.read.document import Document, parse
from checker.read.files import is_file
from checker.render.sarif import level
from checker.report import NOT_APPLICABLE, Finding, Report
from checker.ruleset.model import Rule
from checker.spec.load import LoadedSpec, validate
from checker.text import printable_lines
from checker.tools.explain import SEVERITY, judged_lines, judgements, provenance

SOURCE = "homologate"
_SEVERITY = {"error": types.DiagnosticSeverity.Error, "warning": types.DiagnosticSeverity.Warning,
             "note": types.DiagnosticSeverity.Information}  # fmt: skip


@dataclass
class Checked:
    """A document's text as last checked, what came of it, and its diagnostics."""

    text: Text
    uri: str
    loaded: LoadedSpec | None = None
    report: Report | None = None
    checker: Checker | None = None
    diagnostics: list[types.Diagnostic] = field(default_factory=list)


def check(text: Text, uri: str, name: str, checker: Callable[[], Checker]) -> Checked:
    """The document ``text`` (shown as ``name`` in messages) checked with the Checker ``checker()`` gives."""
    checked = Checked(text, uri)
    loaded = None
    try:
        document = parse(text.source, name)
        loaded = LoadedSpec(validate(document), document)
    except InputError as exc:
        checked.diagnostics.extend(_input_errors(exc, checked, name))
    try:
        checked.checker = checker()
    except InputError as exc:
        checked.diagnostics.extend(_input_errors(exc, checked, name))
    if loaded is None or checked.checker is None:
        return checked
    try:
        checked.report = checked.checker.check_loaded(loaded)
    except InputError as exc:  # a waiver in the spec naming no rule, say
        checked.diagnostics.extend(_input_errors(exc, checked, name))
        return checked
    checked.loaded = loaded
    checked.diagnostics.extend(_finding(f, checked) for f in checked.report.findings if f.problem)
    return checked


def _input_errors(exc: InputError, checked: Checked, name: str) -> list[types.Diagnostic]:
    """One diagnostic for each problem ``exc`` lists (``InputError.more``: all a reading found, up to 50)."""
    return [_input_error(problem, checked, name) for problem in (exc, *exc.more)]


def _input_error(exc: InputError, checked: Checked, name: str) -> types.Diagnostic:
    """At its place where it is in the document; else on the first line, naming the file and place, with the
    place as related information."""
    if exc.file == name:
        return types.Diagnostic(checked.text.value_range(exc.line, exc.column), exc.message,
                                severity=types.DiagnosticSeverity.Error, source=SOURCE)  # fmt: skip
    related = None
    if is_file(Path(exc.file)):
        at = types.Position(max(exc.line - 1, 0), max(exc.column - 1, 0))
        related = [types.DiagnosticRelatedInformation(
            types.Location(Path(os.path.abspath(exc.file)).as_uri(), types.Range(at, at)), exc.message)]
    return types.Diagnostic(checked.text.value_range(1, 1),
                            f"cannot check this spec: {exc.lines()[0]}",
                            severity=types.DiagnosticSeverity.Error, source=SOURCE,
                            related_information=related)  # fmt: skip


def _finding(f: Finding, checked: Checked) -> types.Diagnostic:
    related = [types.DiagnosticRelatedInformation(types.Location(checked.uri, place), f"limit: {f.derivation}")
               for place in _production_values(f, checked)] if f.derivation else None  # fmt: skip
    # a finding on a spec read from text always has its place (None is for a spec given as data)
    return types.Diagnostic(checked.text.value_range(f.line or 1, f.column or 1), f.message,
                            severity=_SEVERITY.get(level(f), types.DiagnosticSeverity.Hint), code=f.rule_id,
                            source=SOURCE, related_information=related or None)  # fmt: skip


def _production_values(f: Finding, checked: Checked) -> Iterator[types.Range]:
    """Where the document gives each production value the finding's limit is derived from."""
    assert checked.checker is not None
    assert checked.loaded is not None
    rule = checked.checker.ruleset.get(f.rule_id)
    document = checked.loaded.document
    seen = set()
    for _, names in rule.explained if rule is not None else ():
        for name in names:
            if name.path[0] == "production" and name.path in document.values and name.path not in seen:
                seen.add(name.path)
                yield checked.text.value_range(*document.position(name.path))


def hover(checked: Checked, position: types.Position) -> str | None:
    """Markdown on the value (or key) at ``position``: for each rule that reads it and applies (every rule that
    reads it, where none applies), worst verdict first, its title, article, severity and provenance, and the
    finding worked out as ``explain`` works it out. None where no rule reads what is there."""
    if checked.loaded is None or checked.report is None or checked.checker is None:
        return None
    path = _path_at(checked.loaded.document, *checked.text.yaml_place(*checked.text.character(position)))
    if path is None:
        return None
    found = []
    for rule in (r for r in checked.checker.ruleset.rules if _may_read(r, path)):
        for judged in judgements(rule, checked.loaded, checked.report):
            if any(value.path == path for value in judged.values):
                lines = [f"{rule.id}: {rule.title}", f"article     {rule.article}",
                         f"severity    {SEVERITY[rule.severity]}", f"provenance  {provenance(rule)}", ""]
                found.append((judged.finding.verdict, _fenced(lines + judged_lines(rule, judged, checked.loaded.file))))
    applying = [(verdict, block) for verdict, block in found if verdict != NOT_APPLICABLE]
    shown = sorted(applying or found, key=lambda pair: pair[0].rank)  # the worst first; why none applies, if so
    return "\n\n---\n\n".join(block for _, block in shown) or None


def _may_read(rule: Rule, path: tuple[Any, ...]) -> bool:
    """Whether ``rule`` reads ``path`` in some item (list indices aside): the rules worth working out."""
    keys = tuple(part for part in path if not isinstance(part, int))
    items = rule.each.names[0].path if rule.each is not None else ("item",)  # where "item" stands in the spec
    for compiled in (rule.each, rule.when, rule.value, rule.min, rule.max, rule.equals):
        for name in compiled.names if compiled is not None else ():
            if (items + name.path[1:] if name.path[0] == "item" else name.path) == keys:
                return True
    return False


def _path_at(document: Document, line: int, column: int) -> tuple[Any, ...] | None:
    """The path of the value or key that starts last at or before ``column`` on ``line`` (0-based)."""
    best: tuple[int, tuple[Any, ...]] | None = None
    for marks in (document.values, document.keys):
        for path, mark in marks.items():
            if mark.line == line and mark.column <= column and (best is None or mark.column > best[0]):
                best = (mark.column, path)
    return best[1] if best is not None else None


def _fenced(lines: list[str]) -> str:
    """Plain text in a Markdown code block, so that nothing a spec or ruleset holds is read as Markdown (a link,
    an image to fetch): the fence longer than any run of backticks inside."""
    body = printable_lines(lines)
    longest = max((len(run) for run in re.findall("`+", body)), default=0)
    fence = "`" * max(3, longest + 1)
    return f"{fence}text\n{body}\n{fence}"
