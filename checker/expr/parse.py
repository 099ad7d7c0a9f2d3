"""The small, safe expression language of rule values, limits and conditions: lexer and parser.

    production.chassis.track_front + 60 mm
    production.weight.homologated + build.weight.safety_equipment
    end_of_year(item.manufactured + 10)
    build.engine.aspiration == "turbo" and count(build.engine.restrictors) > 0

Text is parsed once, at ruleset load time, into a tree of typed nodes (checker.expr.nodes) that the
compiler type-checks against the spec model and turns into Python code of its own making. The text
itself is never evaluated.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any

from checker import units
from checker.expr import nodes as n
from checker.expr.nodes import Duration, Node
from checker.text import clip

DURATION_UNITS = {
    "day": "days", "days": "days", "week": "weeks", "weeks": "weeks",
    "month": "months", "months": "months", "year": "years", "years": "years",
}  # fmt: skip
KEYWORDS = {"and", "or", "not", "in", "true", "false", "null"}
FUNCTIONS = {"count", "present", "min", "max", "sum", "end_of_year"}
MAX_LENGTH = 1000
MAX_DEPTH = 40
# The largest number a rule reads or works out, in a quantity's canonical unit: no figure of a car comes near,
# every value below it is shown in at most 19 digits, and every difference of two of them is finite (1e308 * 10
# is infinity in floating point: a limit nothing exceeds, which JSON cannot even write).
MAX_NUMBER = 1e18


class ExprError(Exception):
    """A problem in an expression, at ``offset`` characters into its text."""

    def __init__(self, message: str, offset: int = 0) -> None:
        super().__init__(message)
        self.message = message
        self.offset = offset


_UNIT_WORDS = sorted(list(units.UNITS) + list(DURATION_UNITS), key=len, reverse=True)
_UNIT_RE = re.compile("|".join(re.escape(u) for u in _UNIT_WORDS))
# ASCII: \d and \w would take Bengali or full-width digits, which float() reads too (1400 mm, in Bengali)
_TOKEN_RE = re.compile(
    r"""(?P<ws>\s+)
    |(?P<date>\d{4}-\d{2}-\d{2})(?![\w])
    |(?P<num>\d+(?:\.\d+)?(?:[eE][-+]?\d+)?)
    |(?P<str>"[^"\n]*"|'[^'\n]*')
    |(?P<name>[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*)
    |(?P<op><=|>=|==|!=|[<>+\-*/(),\[\]])
    """,
    re.VERBOSE | re.ASCII,
)
_SPACES = re.compile(" *")


def tokenize(text: str) -> list[tuple[str, Any, int]]:
    """Tokens as (kind, value, offset); a number followed by a unit becomes one quantity token."""
    if len(text) > MAX_LENGTH:
        raise ExprError(f"expression longer than {MAX_LENGTH} characters")
    tokens: list[tuple[str, Any, int]] = []
    pos = 0
    while pos < len(text):
        match = _TOKEN_RE.match(text, pos)
        if match is None:
            raise ExprError(_unexpected(text, pos), pos)
        kind, value = match.lastgroup or "", match.group()
        if kind == "num":
            pos = _number(text, match, tokens)
            continue
        if kind == "date":
            try:
                tokens.append(("date", dt.date.fromisoformat(value), pos))
            except ValueError:
                raise ExprError(f"{value} is not a valid date", pos) from None
        elif kind == "str":
            tokens.append(("str", value[1:-1], pos))
        elif kind == "name":
            tokens.append(("kw" if value in KEYWORDS else "name", value, pos))
        elif kind == "op":
            tokens.append(("op", value, pos))
        pos = match.end()
    tokens.append(("end", None, len(text)))
    return tokens


def _unexpected(text: str, pos: int) -> str:
    char = text[pos]
    if char in "\"'":
        return f"text opened with {char} is not closed"
    if char == "=":
        return "unexpected '=' (did you mean '=='?)"
    if char.isdecimal():
        return f"unexpected character {char!r} (write digits as 0 to 9)"
    return f"unexpected character {char!r}"


def _number(text: str, match: re.Match[str], tokens: list[tuple[str, Any, int]]) -> int:
    start, end = match.start(), match.end()
    number = float(match.group())
    if not number < MAX_NUMBER:  # 1e400 is read as infinity
        raise ExprError(f"{match.group()[:20]} is too large a number (1e18 or more)", start)
    gap = _SPACES.match(text, end)
    assert gap is not None  # ' *' matches anywhere
    unit = _UNIT_RE.match(text, gap.end())
    if unit and not _continues_name(text, unit.end()) and not _is_in_operator(text, unit):
        word = unit.group()
        if word in DURATION_UNITS:
            if number != int(number):
                raise ExprError(f"a duration is a whole number of {DURATION_UNITS[word]}", start)
            amount, field = int(number), DURATION_UNITS[word]
            if field == "weeks":
                amount, field = amount * 7, "days"
            tokens.append(("dur", Duration(**{field: amount}), start))
        else:
            dim, factor = units.UNITS[word]
            value = round(number * factor, 9)
            if not value < MAX_NUMBER:  # 1e17 m, in millimetres
                raise ExprError(f"{match.group()[:20]} {word} is too large a quantity (1e18 {dim.unit} or more)", start)
            tokens.append(("qty", (value, dim), start))
        return unit.end()
    tokens.append(("num", number, start))
    return end


def _continues_name(text: str, end: int) -> bool:
    return end < len(text) and (text[end].isalnum() or text[end] == "_")


def _is_in_operator(text: str, unit: re.Match[str]) -> bool:
    return unit.group() == "in" and text[unit.end() :].lstrip().startswith("[")


BINARY = {"or": 1, "and": 2, "==": 4, "!=": 4, "<": 4, "<=": 4, ">": 4, ">=": 4, "in": 4,
           "+": 5, "-": 5, "*": 6, "/": 6}  # fmt: skip
_COMPARE = 4


def parse(text: str) -> Node:
    parser = _Parser(tokenize(text))
    node = parser.expression(0)
    kind, value, offset = parser.peek()
    if kind != "end":
        raise ExprError(f"unexpected {_describe(kind, value)} after the end of the expression", offset)
    _check_depth(node)
    return node


def _check_depth(root: Node) -> None:
    """Refuse a tree deeper than MAX_DEPTH: '1 + 1 + ... + 1' nests without brackets, one level a term."""
    stack: list[tuple[Node, int]] = [(root, 1)]
    while stack:
        node, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise ExprError(f"expression nested deeper than {MAX_DEPTH} levels", node.offset)
        stack.extend((child, depth + 1) for child in node.children())


class _Parser:
    def __init__(self, tokens: list[tuple[str, Any, int]]) -> None:
        self.tokens = tokens
        self.index = 0
        self.depth = 0

    def peek(self) -> tuple[str, Any, int]:
        return self.tokens[self.index]

    def take(self) -> tuple[str, Any, int]:
        token = self.tokens[self.index]
        self.index += 1
        return token

    def expect(self, value: str) -> None:
        kind, got, offset = self.take()
        if got != value or kind not in ("op", "kw"):
            raise ExprError(f"expected {value!r}, got {_describe(kind, got)}", offset)

    def expression(self, floor: int) -> Node:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise ExprError(f"expression nested deeper than {MAX_DEPTH} levels", self.peek()[2])
        left = self.prefix()
        while True:
            kind, op, offset = self.peek()
            power = BINARY.get(op) if kind in ("op", "kw") else None
            if power is None or power <= floor:
                break
            self.take()
            if power == _COMPARE and isinstance(left, n.Binary) and BINARY[left.op] == _COMPARE:
                raise ExprError("comparisons cannot be chained: use 'and'", offset)
            right = self.expression(power)
            left = n.Binary(offset, op, left, right)
        self.depth -= 1
        return left

    def prefix(self) -> Node:
        kind, value, offset = self.take()
        if kind in _LITERAL_TOKENS:
            return _LITERAL_TOKENS[kind](offset, value)
        if kind == "kw" and value in ("true", "false"):
            return n.Bool(offset, value == "true")
        if kind == "kw" and value == "null":
            return n.Null(offset)
        if kind == "kw" and value == "not":
            return n.Not(offset, self.expression(3))
        if kind == "op" and value == "-":
            return n.Neg(offset, self.expression(6))
        if kind == "op" and value == "(":
            inner = self.expression(0)
            self.expect(")")
            return inner
        if kind == "op" and value == "[":
            return n.List(offset, self.items("]"))
        if kind == "name":
            if self.peek()[1] == "(" and self.peek()[0] == "op":
                self.take()
                return n.Call(offset, value, self.items(")"))
            return n.Name(offset, value)
        raise ExprError(f"expected a value, got {_describe(kind, value)}", offset)

    def items(self, close: str) -> tuple[Node, ...]:
        found: list[Node] = []
        if self.peek()[1] == close:
            self.take()
            return ()
        while True:
            found.append(self.expression(0))
            kind, value, offset = self.take()
            if value == close and kind == "op":
                return tuple(found)
            if value != "," or kind != "op":
                raise ExprError(f"expected ',' or {close!r}, got {_describe(kind, value)}", offset)


def _describe(kind: str, value: Any) -> str:
    if kind == "end":
        return "the end of the expression"
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e18:
        return repr(int(value))
    return clip(value) if isinstance(value, str) else repr(value)


_LITERAL_TOKENS: dict[str, Callable[[int, Any], Node]] = {
    "num": n.Num,
    "qty": lambda offset, value: n.Qty(offset, value[0], value[1]),
    "dur": n.Dur,
    "str": n.Str,
    "date": n.Date,
}
