"""The rule language's values and syntax tree: what the parser makes and the compiler reads.

Every node knows the offset of its text in the expression (errors point at it) and its children
(in the order they are written). Literals hold their value already read: a quantity in its canonical
unit, a duration as years, months and days.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from checker import units

T = TypeVar("T")


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


class Base:
    """A node: where its text starts, and its parts. Never changed once made; equal to a node of the same
    kind with the same values (tests compare trees). Plain classes with ``__slots__`` rather than
    dataclasses: fourteen dataclasses cost 15 ms of every start-up to create, these almost nothing."""

    __slots__ = ("offset",)

    def __init__(self, offset: int) -> None:
        self.offset = offset  # characters into the expression's text

    def children(self) -> tuple[Node, ...]:
        return ()

    def _names(self) -> tuple[str, ...]:
        return tuple(name for cls in reversed(type(self).__mro__) for name in getattr(cls, "__slots__", ()))

    def _values(self) -> tuple[Any, ...]:
        return tuple(getattr(self, name) for name in self._names())

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Base) and type(other) is type(self) and self._values() == other._values()

    def __hash__(self) -> int:
        return hash((type(self), self._values()))

    def __repr__(self) -> str:
        fields = ", ".join(f"{name}={getattr(self, name)!r}" for name in self._names())
        return f"{type(self).__name__}({fields})"


# --- literals ---------------------------------------------------------------------------------------


class _Valued(Base, Generic[T]):
    """A literal: its value, already read (a quantity's in its canonical unit)."""

    __slots__ = ("value",)

    def __init__(self, offset: int, value: T) -> None:
        super().__init__(offset)
        self.value = value


class Num(_Valued[float]):
    __slots__ = ()


class Qty(_Valued[float]):
    __slots__ = ("dim",)

    def __init__(self, offset: int, value: float, dim: units.Dimension) -> None:
        super().__init__(offset, value)
        self.dim = dim


class Dur(_Valued[Duration]):
    __slots__ = ()


class Str(_Valued[str]):
    __slots__ = ()


class Date(_Valued[dt.date]):
    __slots__ = ()


class Bool(_Valued[bool]):
    __slots__ = ()


class Null(_Valued[None]):
    __slots__ = ()

    def __init__(self, offset: int) -> None:
        super().__init__(offset, None)


Literal = Num | Qty | Dur | Str | Date | Bool | Null
LITERALS = (Num, Qty, Dur, Str, Date, Bool, Null)


# --- names and operations ---------------------------------------------------------------------------


class Name(Base):
    __slots__ = ("text",)

    def __init__(self, offset: int, text: str) -> None:
        super().__init__(offset)
        self.text = text  # as written: "production.chassis.track_front"


class List(Base):
    """``[...]``: only after ``in``."""

    __slots__ = ("items",)

    def __init__(self, offset: int, items: tuple[Node, ...]) -> None:
        super().__init__(offset)
        self.items = items

    def children(self) -> tuple[Node, ...]:
        return self.items


class _Unary(Base):
    __slots__ = ("operand",)

    def __init__(self, offset: int, operand: Node) -> None:
        super().__init__(offset)
        self.operand = operand

    def children(self) -> tuple[Node, ...]:
        return (self.operand,)


class Neg(_Unary):
    __slots__ = ()


class Not(_Unary):
    __slots__ = ()


class Binary(Base):
    __slots__ = ("left", "op", "right")

    def __init__(self, offset: int, op: str, left: Node, right: Node) -> None:
        super().__init__(offset)
        self.op = op  # or, and, ==, !=, <, <=, >, >=, in, +, -, *, /
        self.left = left
        self.right = right

    def children(self) -> tuple[Node, ...]:
        return (self.left, self.right)


class Call(Base):
    __slots__ = ("args", "function")

    def __init__(self, offset: int, function: str, args: tuple[Node, ...]) -> None:
        super().__init__(offset)
        self.function = function
        self.args = args

    def children(self) -> tuple[Node, ...]:
        return self.args


Node = Num | Qty | Dur | Str | Date | Bool | Null | Name | List | Neg | Not | Binary | Call
