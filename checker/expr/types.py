"""Static types of expression values, read off the pydantic spec model.

The compiler checks every rule against these at load time, so a rule that adds a length to a volume,
compares an aspiration with a misspelt value, or names a field the spec does not have, is refused
before any spec is checked.
"""

from __future__ import annotations

import datetime as dt
import types
import typing
from dataclasses import dataclass, replace
from functools import cache
from typing import Any

from pydantic import BaseModel

from checker import units
from checker.spec.fields import Pending, QuantityMeta


@dataclass(frozen=True)
class Type:
    kind: str  # number, text, bool, date, duration, list, struct, null
    dim: units.Dimension | None = None  # for a number that is a quantity
    display: str | None = None  # unit to show a quantity in
    item: Type | None = None  # for a list
    model: Any = None  # for a struct: the pydantic model class
    optional: bool = False  # may be absent from a spec (None)
    choices: tuple[Any, ...] | None = None  # for text (or numbers) limited to a set of values
    # a value a spec must give but may leave null until it is known (checker.spec.fields.Pending): what is left
    # to do, "measured" or "filled in"; the compiler makes every read of a null one an EvalError
    pending: str | None = None

    def __str__(self) -> str:
        if self.kind == "number":
            return self.dim.name if self.dim else "number"
        if self.kind == "list":
            item = self.item
            return f"list of {item.model.__name__} entries" if item and item.kind == "struct" else f"list of {item}"
        if self.kind == "struct":
            return f"group of fields ({self.model.__name__})"
        return self.kind

    def same(self, other: Type) -> bool:
        """Whether values of the two types can be compared, added or subtracted."""
        return self.kind == other.kind and self.dim is other.dim

    def required(self) -> Type:
        return replace(self, optional=False) if self.optional else self


NUMBER = Type("number")
TEXT = Type("text")
BOOL = Type("bool")
DATE = Type("date")
DURATION = Type("duration")
NULL = Type("null", optional=True)


def a(kind: Type) -> str:
    """The type's name with its article, for messages: 'a length', 'an integer'."""
    word = str(kind)
    return ("an " if word[0] in "aeiou" else "a ") + word


def quantity(dim: units.Dimension) -> Type:
    return Type("number", dim=dim, display=dim.unit)


def struct(model: type[BaseModel]) -> Type:
    return Type("struct", model=model)


@cache
def fields_of(model: type[BaseModel]) -> dict[str, tuple[str, Type]]:
    """The model's fields by the name a spec writes them with: name -> (attribute, type)."""
    found = {}
    for attribute, info in model.model_fields.items():
        kind = _from_annotation(info.annotation, tuple(info.metadata))
        found[info.alias or attribute] = (attribute, kind)
    return found


def _from_annotation(annotation: Any, metadata: tuple[Any, ...] = ()) -> Type:
    for meta in metadata:
        if isinstance(meta, QuantityMeta):
            return Type("number", dim=meta.dim, display=meta.display)
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if origin is typing.Annotated:
        return _from_annotation(args[0], tuple(args[1:]) + metadata)
    if origin is typing.Union or origin is types.UnionType:  # Optional[X], or X | None
        inner = [a for a in args if a is not type(None)]
        todo = next((m.todo for m in metadata if isinstance(m, Pending)), None)
        return replace(_from_annotation(inner[0], metadata), optional=True, pending=todo)
    if origin is list:
        return Type("list", item=_from_annotation(args[0]))
    if origin is typing.Literal:
        base = TEXT if all(isinstance(a, str) for a in args) else NUMBER
        return replace(base, choices=args)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return struct(annotation)
    simple = {bool: BOOL, int: NUMBER, float: NUMBER, str: TEXT, dt.date: DATE}
    if annotation in simple:
        return simple[annotation]
    raise TypeError(f"no expression type for {annotation!r}")  # a spec model the compiler cannot read
