"""A document from data already parsed (``checker.Ruleset.check_data``): the values YAML can give, as it gives them.

A mapping made in Python may hold anything: a set, a Decimal, a float that is not finite, a key that is a
number, itself. Only what the YAML reader (checker.read.document) would make passes, within its limits
(MAX_DEPTH, MAX_NODES, MAX_INT; MAX_BYTES of text in all), copied into plain dicts, lists, str, int, float,
bool, None and dates, so that nothing the caller holds is read twice or changes under the check. A value
that does not pass is an InputError at 1:1 (there is no text to point into) naming the value's path.

The document has no positions: every finding about it has line and column None.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping
from typing import Any

from checker.errors import InputError
from checker.read.document import MAX_DEPTH, MAX_INT, MAX_NODES, Document, Path_
from checker.read.files import MAX_BYTES
from checker.text import clip, dotted


def from_data(data: Any, name: str) -> Document:
    """``data`` copied as plain data into a Document without positions, or an InputError naming the
    first value that YAML could not have given (its path in the message)."""
    return Document(name, _Copy(name).value(data, ()), values={}, keys={})


class _Copy:
    def __init__(self, name: str) -> None:
        self.name = name
        self.nodes = 0
        self.chars = 0

    def fail(self, path: Path_, message: str) -> InputError:
        where = dotted(path)
        return InputError(self.name, 1, 1, f"{where}: {message}" if where else message)

    def value(self, value: Any, path: Path_) -> Any:
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise self.fail(path, f"more than {MAX_NODES} values: refused")
        if value is None or isinstance(value, bool):
            return None if value is None else bool(value)
        if isinstance(value, str):
            self.chars += len(value)
            if self.chars > MAX_BYTES:
                raise self.fail(path, f"more than {MAX_BYTES} characters of text in all: refused")
            return str.__str__(value)  # a subclass's own __str__ is not called
        if isinstance(value, int):
            return self.whole(int.__index__(value), path)
        if isinstance(value, float):
            number = float.__float__(value)
            if not math.isfinite(number):
                raise self.fail(path, f"expected a finite number, got {number}")
            return number
        if isinstance(value, dt.datetime):
            return dt.datetime.fromisoformat(dt.datetime.isoformat(value))
        if isinstance(value, dt.date):
            return dt.date(value.year, value.month, value.day)
        if len(path) >= MAX_DEPTH and isinstance(value, (Mapping, list, tuple)):
            raise self.fail(path, f"nested deeper than {MAX_DEPTH} levels: refused")
        if isinstance(value, Mapping):
            return self.mapping(value, path)
        if isinstance(value, (list, tuple)):
            return [self.value(item, path + (i,)) for i, item in enumerate(value)]
        raise self.fail(path, f"expected a mapping, a list, text, a number, true or false, a date or None, "
                              f"got a {clip(type(value).__name__)}")  # fmt: skip

    def whole(self, value: int, path: Path_) -> int:
        if abs(value) > MAX_INT:
            raise self.fail(path, f"expected a whole number of at most {len(str(MAX_INT))} digits")
        return value

    def mapping(self, value: Mapping[Any, Any], path: Path_) -> dict[str, Any]:
        copied: dict[str, Any] = {}
        for key, item in value.items():
            if not isinstance(key, str):
                raise self.fail(path, f"expected a text key, got a {clip(type(key).__name__)}")
            key = str.__str__(key)
            self.chars += len(key)
            if key == "<<":  # as the YAML reader refuses it: a merge key, never a field
                raise self.fail(path, "'<<' is not a field")
            copied[key] = self.value(item, path + (key,))
        return copied
