"""SARIF 2.1.0, the format code-scanning services (GitHub, Azure DevOps, IDE viewers) read.

One run; the driver lists every rule of the ruleset with its article and help text; each failing or
marginal finding is a result located at the spec value it is about. Levels: an error-severity rule's
failure is ``error``; a marginal value or a failed warning is ``warning``; an info rule's is ``note``.
Against a baseline each result carries SARIF's own ``baselineState`` (new, updated, unchanged); problems
that are gone are left out, as code scanning closes an alert whose result stops appearing. A waived
finding is a result with an accepted external suppression (the waiver). Specs that could not be checked
are tool execution notifications with their file:line:column, and make the invocation unsuccessful.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
from json.encoder import encode_basestring  # the C function where there is one
from pathlib import PurePath
from typing import Any
from urllib.parse import quote

from checker.render.pretty import pretty, scalar
from checker.render.stream import Items, Spliced, Streamed
from checker.report import (
    EXISTING,
    NEW,
    WAIVED,
    WORSE,
    Finding,
    Report,
    RuleInfo,
    RulesetInfo,
    Run,
    Unchecked,
)
from checker.version import __version__

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://pypi.org/project/homologate/"
_STATE = {NEW: "new", WORSE: "updated", EXISTING: "unchanged"}


class Stream(Streamed):
    """The log written finding by finding. The invocation (its exit code, the specs that could not be
    checked) comes before the results, so the writer keeps the results' text aside until the end; the
    driver's rules are made once, and each rule's index."""

    totals_first = True

    def __init__(self, ruleset: RulesetInfo, **options: Any) -> None:
        super().__init__(ruleset, **options)
        self.index = {rule.id: i for i, rule in enumerate(ruleset.rules)}
        self.unchecked: list[Unchecked] = []
        self.results = 0
        self._frame: Spliced | None = None

    def piece(self, item: Report | Unchecked) -> str:
        if isinstance(item, Unchecked):
            self.unchecked.append(item)
            return ""
        pieces = []
        for f in item.findings:
            if f.problem or f.verdict == WAIVED:
                self.results += 1
                pieces.append(("[" if self.results == 1 else ",") + _AT + written(f, item.spec_file, self.index))
        return "".join(pieces)

    def frame(self) -> Spliced:
        """The log around its list of results, once every spec is counted."""
        if self._frame is None:
            self._frame = Spliced(_dumps(_document(self)) + "\n", "results")
        return self._frame

    def head(self) -> str:
        return self.frame().before + ("" if self.results else "[]")

    def tail(self) -> str:
        return (_RESULTS.close() if self.results else "") + self.frame().after


def render(run: Run, **options: Any) -> str:
    return Stream.render(run, **options)


def _dumps(data: Any, nl: str = "\n") -> str:
    return pretty(data, nl=nl)  # json.dumps(data, indent=2, ensure_ascii=False), faster


_RESULTS = Items(4, _dumps)  # $.runs[0].results[*]
_AT = _RESULTS.indent  # where each result starts


def _document(stream: Stream) -> dict[str, Any]:
    """The log with its list of results empty (written apart, as each spec is checked)."""
    info = stream.ruleset
    notifications = [{
        "level": "error",
        "message": {"text": u.message},
        "locations": [_location(u.file, u.line, u.column)],
    } for spec in stream.unchecked for u in spec.problems]  # fmt: skip
    return {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "homologate",
                "version": __version__,
                "semanticVersion": __version__,
                "informationUri": INFORMATION_URI,
                "rules": [_rule(r) for r in info.rules],
                "properties": {"ruleset": info.name, "rulesetVersion": info.version,
                               "rulesetTitle": info.title},
            }},
            "invocations": [{
                "executionSuccessful": not stream.unchecked,
                "exitCode": stream.tally.exit_code,
                "toolExecutionNotifications": notifications,
            }],
            "columnKind": "unicodeCodePoints",
            "results": [],
        }],
    }


def _rule(rule: RuleInfo) -> dict[str, Any]:
    help_lines = [rule.title + ".", f"Article: {rule.article}."]
    if rule.source:
        help_lines.append(f"Source: {rule.source}.")
    if rule.illustrative:
        help_lines.append("Illustrative limit: the official figure is not public.")
    if rule.note:
        help_lines.append(rule.note)
    if rule.help:
        help_lines.append(rule.help)
    text = " ".join(help_lines)
    return {
        "id": rule.id,
        "name": "".join(part.capitalize() for part in rule.id.replace("_", "-").split("-")),
        "shortDescription": {"text": rule.title},
        "fullDescription": {"text": f"{rule.title} ({rule.article})"},
        "help": {"text": text},
        "defaultConfiguration": {"level": _level(rule.severity), "enabled": rule.severity != "off"},
        "properties": {
            "area": rule.area,
            "article": rule.article,
            "provenance": rule.provenance,
            "severity": rule.severity,
            "tags": ["homologation", rule.area] + (["illustrative"] if rule.illustrative else []),
        },
    }


def _level(severity: str) -> str:
    return {"error": "error", "warning": "warning", "info": "note"}.get(severity, "none")


def level(f: Finding) -> str:
    """A finding's SARIF level: its label's (``Finding.level``: a marginal value of an error-severity rule is a
    warning). The language server maps its diagnostics from it."""
    return _level(f.level)


def written(f: Finding, file: str, index: dict[str, int], nl: str = _AT) -> str:
    """A result of the log, written where ``nl`` says as ``pretty`` writes its data, byte for byte, without
    making the dictionaries (tests/test_pretty.py holds it to them): a log's results are most of its
    bytes, and nested dictionaries cost more to make and walk than to write as text."""
    f.worded()  # every field shown: made at once
    rule = f.rule
    i1 = nl + "  "
    i2, i3, i4, i5 = i1 + "  ", i1 + "    ", i1 + "      ", i1 + "        "
    text = encode_basestring
    parts = ["{", i1, '"ruleId": ', text(rule.id), ",", i1, '"level": ', text(level(f)), ",", i1, '"message": {', i2,
             '"text": ', text(f.message), i1, "},", i1, '"locations": [', i2, "{", i3, '"physicalLocation": {', i4,
             '"artifactLocation": {', i5, '"uri": ', text(uri(file)), i4, "}"]  # fmt: skip
    if f.line is not None:
        parts += [",", i4, '"region": {', i5, '"startLine": ', scalar(f.line), ",", i5, '"startColumn": ',
                  scalar(f.column), i4, "}"]  # fmt: skip
    parts += [i3, "}"]
    if f.path:
        parts += [",", i3, '"logicalLocations": [', i4, "{", i5, '"fullyQualifiedName": ', text(f.path), ",", i5,
                  '"kind": "member"', i4, "}", i3, "]"]  # fmt: skip
    parts += [i2, "}", i1, "],", i1, '"partialFingerprints": {', i2, '"homologateFinding/v1": ',
              text(_fingerprint(file, f)), i1, "},", i1, '"properties": {']  # fmt: skip
    for name, value in (("verdict", f.verdict), ("severity", rule.severity), ("path", f.path), ("measured", f.measured),
                        ("limit", f.limit), ("margin", f.margin), ("derivation", f.derivation),
                        ("article", rule.article), ("provenance", rule.provenance)):  # fmt: skip
        parts += [i2, '"', name, '": ', scalar(value), ","]
    parts[-1] = ""
    parts += [i1, "}"]
    if rule.id in index:
        parts += [",", i1, '"ruleIndex": ', scalar(index[rule.id])]
    if f.verdict == WAIVED and f.waiver is not None:
        w = f.waiver
        justification = f"{w.reference}: {w.reason} (granted by {w.granted_by}, until {w.expires.isoformat()})"
        parts += [",", i1, '"suppressions": [', i2, "{", i3, '"kind": "external",', i3, '"status": "accepted",', i3,
                  '"justification": ', text(justification), i2, "}", i1, "]"]  # fmt: skip
    if f.baseline is not None:
        parts += [",", i1, '"baselineState": ', text(_STATE[f.baseline])]
    parts += [nl, "}"]
    return "".join(parts)


def _location(file: str, line: int | None, column: int | None, path: str | None = None) -> dict[str, Any]:
    physical: dict[str, Any] = {"artifactLocation": {"uri": uri(file)}}
    if line is not None:  # none for a spec given as data: the logical location (the path) says where
        physical["region"] = {"startLine": line, "startColumn": column}
    location: dict[str, Any] = {"physicalLocation": physical}
    if path:
        location["logicalLocations"] = [{"fullyQualifiedName": path, "kind": "member"}]
    return location


@lru_cache(maxsize=64)  # each result of a spec names the same file
def uri(file: str) -> str:
    """A spec path as a URI reference: relative paths stay relative (code scanning resolves them
    against the repository root), absolute ones become file: URIs."""
    path = PurePath(file)
    if path.is_absolute():
        return path.as_uri()
    return quote(path.as_posix())


def _fingerprint(file: str, f: Finding) -> str:
    """Stable across edits that move lines: the spec, the rule and the value it is about."""
    return hashlib.sha256(f"{_posix(file)}\0{f.rule_id}\0{f.path}".encode()).hexdigest()[:32]


@lru_cache(maxsize=64)
def _posix(file: str) -> str:
    return PurePath(file).as_posix()
