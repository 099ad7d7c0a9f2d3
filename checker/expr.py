"""The small, safe expression language of rule values, limits and conditions: lexer and parser.

    production.chassis.track_front + 60 mm
    production.weight.homologated + build.weight.safety_equipment
    item.manufactured + 10 years
    build.engine.aspiration == "turbo" and count(build.engine.restrictors) > 0

Text is parsed once, at ruleset load time, into a tree of tuples that ``compiler`` type-checks against
the spec model and turns into Python code of its own making. The text itself is never evaluated.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass
from typing import Any

from checker import units

DURATION_UNITS = {
    "day": "days", "days": "days", "week": "weeks", "weeks": "weeks",
    "month": "months", "months": "months", "year": "years", "years": "years",
}  # fmt: skip
KEYWORDS = {"and", "or", "not", "in", "true", "false", "null"}
FUNCTIONS = {"count", "present", "min", "max", "sum"}
MAX_LENGTH = 1000
MAX_DEPTH = 40


class EvalError(Exception):
    """An expression could not be evaluated on a spec (a value missing, a division by zero, a date
    beyond the calendar)."""


class ExprError(Exception):
    """A problem in an expression, at ``offset`` characters into its text."""

    def __init__(self, message: str, offset: int = 0) -> None:
        super().__init__(message)
        self.message = message
        self.offset = offset


@dataclass(frozen=True)
class Duration:
    """A calendar duration: ``5 years`` added to 2021-02-28 gives 2026-02-28."""

    years: int = 0
    months: int = 0
    days: int = 0

    def add_to(self, date: dt.date, sign: int = 1) -> dt.date:
        """The date moved by this duration; beyond the calendar (years 1 to 9999), its first or last
        day: a seat made in 9995 is still valid in 2026 (10 years on is 'after 9999-12-31')."""
        months = date.year * 12 + date.month - 1 + sign * (self.years * 12 + self.months)
        year, month = divmod(months, 12)
        if year > dt.MAXYEAR or year < dt.MINYEAR:
            return dt.date.max if year > dt.MAXYEAR else dt.date.min
        day = min(date.day, _days_in_month(year, month + 1))
        moved = dt.date(year, month + 1, day)
        try:
            return moved + dt.timedelta(days=sign * self.days)
        except OverflowError:
            return dt.date.max if sign * self.days > 0 else dt.date.min

    def __str__(self) -> str:
        parts = [(self.years, "year"), (self.months, "month"), (self.days, "day")]
        return " ".join(f"{n} {word}{'s' if n != 1 else ''}" for n, word in parts if n) or "0 days"


def _days_in_month(year: int, month: int) -> int:
    if month == 2:
        return 29 if year % 4 == 0 and (year % 100 != 0 or year % 400 == 0) else 28
    return 30 if month in (4, 6, 9, 11) else 31


# A node is a tuple: (kind, offset, *fields). Kinds: num, qty, dur, str, date, bool, null, name,
# list, neg, not, bin (op, left, right), call (function, args).
Node = tuple

_UNIT_WORDS = sorted(list(units.UNITS) + list(DURATION_UNITS), key=len, reverse=True)
_UNIT_RE = re.compile("|".join(re.escape(u) for u in _UNIT_WORDS))
_TOKEN_RE = re.compile(
    r"""(?P<ws>\s+)
    |(?P<date>\d{4}-\d{2}-\d{2})(?![\w])
    |(?P<num>\d+(?:\.\d+)?(?:[eE][-+]?\d+)?)
    |(?P<str>"[^"\n]*"|'[^'\n]*')
    |(?P<name>[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*)
    |(?P<op><=|>=|==|!=|[<>+\-*/(),\[\]])
    """,
    re.VERBOSE,
)


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
    return f"unexpected character {char!r}"


def _number(text: str, match: re.Match[str], tokens: list[tuple[str, Any, int]]) -> int:
    start, end = match.start(), match.end()
    number = float(match.group())
    if not math.isfinite(number):  # 1e400 is read as infinity: a limit nothing could exceed
        raise ExprError(f"{match.group()[:20]} is too large a number", start)
    gap = len(text[end:]) - len(text[end:].lstrip(" "))
    unit = _UNIT_RE.match(text, end + gap)
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
            tokens.append(("qty", (round(number * factor, 9), dim), start))
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
    stack = [(root, 1)]
    while stack:
        node, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise ExprError(f"expression nested deeper than {MAX_DEPTH} levels", node[1])
        children = node[3:5] if node[0] == "bin" else node[2:3] if node[0] in ("neg", "not") else \
            node[3] if node[0] == "call" else node[2] if node[0] == "list" else ()  # fmt: skip
        stack.extend((child, depth + 1) for child in children)


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
            if power == _COMPARE and left[0] == "bin" and BINARY[left[2]] == _COMPARE:
                raise ExprError("comparisons cannot be chained: use 'and'", offset)
            right = self.expression(power)
            left = ("bin", offset, op, left, right)
        self.depth -= 1
        return left

    def prefix(self) -> Node:
        kind, value, offset = self.take()
        if kind in ("num", "qty", "dur", "str", "date"):
            return (kind, offset, value)
        if kind == "kw" and value in ("true", "false"):
            return ("bool", offset, value == "true")
        if kind == "kw" and value == "null":
            return ("null", offset)
        if kind == "kw" and value == "not":
            return ("not", offset, self.expression(3))
        if kind == "op" and value == "-":
            return ("neg", offset, self.expression(6))
        if kind == "op" and value == "(":
            inner = self.expression(0)
            self.expect(")")
            return inner
        if kind == "op" and value == "[":
            return ("list", offset, self.items("]"))
        if kind == "name":
            if self.peek()[1] == "(" and self.peek()[0] == "op":
                self.take()
                return ("call", offset, value, self.items(")"))
            return ("name", offset, value)
        raise ExprError(f"expected a value, got {_describe(kind, value)}", offset)

    def items(self, close: str) -> list[Node]:
        found: list[Node] = []
        if self.peek()[1] == close:
            self.take()
            return found
        while True:
            found.append(self.expression(0))
            kind, value, offset = self.take()
            if value == close and kind == "op":
                return found
            if value != "," or kind != "op":
                raise ExprError(f"expected ',' or {close!r}, got {_describe(kind, value)}", offset)


def _describe(kind: str, value: Any) -> str:
    if kind == "end":
        return "the end of the expression"
    if isinstance(value, float) and value.is_integer():
        return repr(int(value))
    return repr(value)
