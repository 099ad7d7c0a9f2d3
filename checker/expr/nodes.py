"""The rule language's values and syntax tree: what the parser makes and the compiler reads.

Every node knows the offset of its text in the expression (errors point at it) and its children
(in the order they are written). Literals hold their value already read: a quantity in its canonical
unit, a duration as years, months and days.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from checker import units


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


@dataclass(frozen=True)
class Base:
    offset: int  # characters into the expression's text

    def children(self) -> tuple[Node, ...]:
        return ()


# --- literals ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Num(Base):
    value: float


@dataclass(frozen=True)
class Qty(Base):
    value: float  # in the dimension's canonical unit
    dim: units.Dimension


@dataclass(frozen=True)
class Dur(Base):
    value: Duration


@dataclass(frozen=True)
class Str(Base):
    value: str


@dataclass(frozen=True)
class Date(Base):
    value: dt.date


@dataclass(frozen=True)
class Bool(Base):
    value: bool


@dataclass(frozen=True)
class Null(Base):
    value: None = None


Literal = Num | Qty | Dur | Str | Date | Bool | Null
LITERALS = (Num, Qty, Dur, Str, Date, Bool, Null)


# --- names and operations ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Name(Base):
    text: str  # as written: "production.chassis.track_front"


@dataclass(frozen=True)
class List(Base):
    """``[...]``: only after ``in``."""

    items: tuple[Node, ...]

    def children(self) -> tuple[Node, ...]:
        return self.items


@dataclass(frozen=True)
class Neg(Base):
    operand: Node

    def children(self) -> tuple[Node, ...]:
        return (self.operand,)


@dataclass(frozen=True)
class Not(Base):
    operand: Node

    def children(self) -> tuple[Node, ...]:
        return (self.operand,)


@dataclass(frozen=True)
class Binary(Base):
    op: str  # or, and, ==, !=, <, <=, >, >=, in, +, -, *, /
    left: Node
    right: Node

    def children(self) -> tuple[Node, ...]:
        return (self.left, self.right)


@dataclass(frozen=True)
class Call(Base):
    function: str
    args: tuple[Node, ...]

    def children(self) -> tuple[Node, ...]:
        return self.args


Node = Num | Qty | Dur | Str | Date | Bool | Null | Name | List | Neg | Not | Binary | Call
