"""A document's text as the language server places things in it: which YAML documents are specs, where a value
starts and ends, and positions in the client's units.

Positions from homologate (a finding's or an input error's line and column, libyaml's marks) are 1-based and
count characters; libyaml also breaks lines at U+0085, U+2028 and U+2029, which LSP does not. LSP positions are
0-based, lines broken at CR, LF and CRLF only, and count the code units the client chose (UTF-16 unless it
asked for another): ``Text`` converts one to the other.
"""

from __future__ import annotations

import bisect
import re
from typing import Protocol

from lsprotocol import types

from checker.read.files import MAX_BYTES

_SPEC_KEY = re.compile(r"""^["']?spec_version["']?[ \t]*:""", re.MULTILINE)
_MODELINE = re.compile(r"^#[ \t]*yaml-language-server:[ \t]*\$schema=\S*spec\.schema\.json", re.MULTILINE)
_LSP_BREAK = re.compile(r"\r\n|[\r\n]")
_YAML_BREAK = re.compile(r"\r\n|[\r\n\x85\u2028\u2029]")
_EXOTIC_BREAK = re.compile(r"[\x85\u2028\u2029]")


def is_spec(text: str) -> bool:
    """Whether a YAML document is a homologate build spec: a top-level ``spec_version`` key, or the schema
    modeline of a spec (``# yaml-language-server: $schema=.../spec.schema.json``). Half-typed or broken YAML
    counts, so that its errors are shown; only the first MAX_BYTES characters are looked at."""
    head = text[: MAX_BYTES + 1]
    return _SPEC_KEY.search(head) is not None or _MODELINE.search(head) is not None


class Codec(Protocol):
    """pygls's PositionCodec, as far as it is used here."""

    def client_num_units(self, string: str) -> int: ...


class Text:
    """One version of a document's text."""

    def __init__(self, source: str, codec: Codec) -> None:
        self.source = source
        self.codec = codec
        self.lines = _LSP_BREAK.split(source)
        self._starts: tuple[list[int], list[int]] | None = None  # (YAML's, LSP's) line starts, where they differ
        if _EXOTIC_BREAK.search(source):
            self._starts = (_starts(source, _YAML_BREAK), _starts(source, _LSP_BREAK))

    def _place(self, line: int, column: int) -> tuple[int, int]:
        """A 1-based YAML line and column as a 0-based LSP line and a character within it."""
        line, column = max(line - 1, 0), max(column - 1, 0)
        if self._starts is not None:
            yaml_starts, lsp_starts = self._starts
            offset = yaml_starts[min(line, len(yaml_starts) - 1)] + column
            line = bisect.bisect_right(lsp_starts, offset) - 1
            column = offset - lsp_starts[line]
        if line >= len(self.lines):
            line = len(self.lines) - 1
            column = len(self.lines[line])
        return line, min(column, len(self.lines[line]))

    def position(self, line: int, column: int) -> types.Position:
        """The LSP position of a 1-based YAML line and column."""
        line, column = self._place(line, column)
        return types.Position(line, self.codec.client_num_units(self.lines[line][:column]))

    def value_range(self, line: int, column: int) -> types.Range:
        """The range of the value (or key, or YAML error) that starts at a 1-based line and column: to the end of
        its text on that line."""
        line, start = self._place(line, column)
        text = self.lines[line]
        end = value_end(text, start)
        before = self.codec.client_num_units(text[:start])
        return types.Range(types.Position(line, before),
                           types.Position(line, before + self.codec.client_num_units(text[start:end])))

    def character(self, position: types.Position) -> tuple[int, int]:
        """A client's LSP position as a 0-based line and a character (code point) in it."""
        if not self.lines or position.line < 0:
            return 0, 0
        line = min(position.line, len(self.lines) - 1)
        text, units, at = self.lines[line], 0, 0
        while at < len(text) and units < position.character:
            units += self.codec.client_num_units(text[at])
            at += 1
        return line, at

    def yaml_place(self, line: int, character: int) -> tuple[int, int]:
        """A 0-based LSP line and character as libyaml counts them (0-based)."""
        if self._starts is None:
            return line, character
        yaml_starts, lsp_starts = self._starts
        offset = lsp_starts[line] + character
        yaml_line = bisect.bisect_right(yaml_starts, offset) - 1
        return yaml_line, offset - yaml_starts[yaml_line]


def _starts(source: str, breaks: re.Pattern[str]) -> list[int]:
    return [0] + [m.end() for m in breaks.finditer(source)]


def value_end(line: str, start: int) -> int:
    """Where the YAML value, key or token starting at ``start`` of ``line`` ends on that line: a quoted text at
    its closing quote, a flow collection at its closing bracket, a plain value before ``: ``, `` #`` (and in a
    flow collection ``,``, ``]`` and ``}``); never before ``start``, at least one character where there is one."""
    if start >= len(line):
        return len(line)
    first = line[start]
    if first in "\"'":
        end = _closing_quote(line, start)
    elif first in "[{":
        end = _closing_bracket(line, start)
    else:
        opened = line.count("[", 0, start) + line.count("{", 0, start)
        in_flow = opened > line.count("]", 0, start) + line.count("}", 0, start)
        stops = [line.find(stop, start) for stop in (": ", " #", *((",", "]", "}") if in_flow else ()))]
        plain = line[start:min([s for s in stops if s > start] or [len(line)])].rstrip()
        end = start + len(plain[:-1] if plain.endswith(":") and len(plain) > 1 else plain)  # a key: at its colon
    return max(end, start + 1)


def _closing_quote(line: str, start: int) -> int:
    quote, at = line[start], start + 1
    while at < len(line):
        if line[at] == "\\" and quote == '"':
            at += 2
            continue
        if line[at] == quote:
            if quote == "'" and line.startswith("'", at + 1):  # '' is a quote inside single quotes
                at += 2
                continue
            return at + 1
        at += 1
    return len(line)


def _closing_bracket(line: str, start: int) -> int:
    depth = 0
    for at in range(start, len(line)):
        if line[at] in "[{":
            depth += 1
        elif line[at] in "]}":
            depth -= 1
            if depth == 0:
                return at + 1
    return len(line)
