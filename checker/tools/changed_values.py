"""The values that changed between two versions of a spec (``homologate diff``), as written in each.

Walks the two validated specs field by field in the model's order, lists by index: a value is changed
when its canonical value differs ("4.4 L" and "4400 cc" are one value), added or removed when one
version lacks it (a list item as a whole). Each is shown as its file writes it, with the difference
in the field's display unit, and placed in the new file (in the old one for a value gone from it).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from checker import text
from checker.evaluate.baseline import EPSILON
from checker.expr import types as ty
from checker.spec.load import LoadedSpec
from checker.spec.model import Spec
from checker.text import dotted, plain, signed

CHANGED, ADDED, REMOVED = "changed", "added", "removed"
_MISSING = object()
Path_ = tuple[Any, ...]


@dataclass(frozen=True)
class ValueChange:
    """One value of the spec that was changed, added or removed (a whole item, for a list item)."""

    path: Path_
    change: str
    old: str | None  # as written ("4.4 L"), or shown with "(default)" where a file leaves the default
    new: str | None
    difference: str | None  # "+35 mm", "+184 days", "-1"
    old_value: Any  # canonical units (mm, L, kg), dates; an added or removed item as data
    new_value: Any
    difference_value: float | None
    unit: str | None  # of the raw values and difference: mm, L, kg; days for dates
    file: str  # where: the new file, the old one for a removed value
    line: int
    column: int

    @property
    def name(self) -> str:
        return dotted(self.path)


def value_changes(old: LoadedSpec, new: LoadedSpec) -> list[ValueChange]:
    """Every value changed, added or removed from ``old`` to ``new``, in the spec model's order."""
    return _Walk(old, new).run()


class _Walk:
    """Both specs, field by field in the model's order; lists by index."""

    def __init__(self, old: LoadedSpec, new: LoadedSpec) -> None:
        self.old, self.new = old, new
        self.found: list[ValueChange] = []

    def run(self) -> list[ValueChange]:
        self.walk(self.old.spec, self.new.spec, ty.struct(Spec), ())
        return self.found

    def walk(self, a: Any, b: Any, kind: ty.Type, path: Path_) -> None:
        if a is None or b is None:
            if a is not b:
                self.add(a, b, kind, path, ADDED if a is None else REMOVED)
        elif kind.kind == "struct":
            for key, (attr, sub) in ty.fields_of(kind.model).items():
                self.walk(getattr(a, attr), getattr(b, attr), sub, path + (key,))
        elif kind.kind == "list":
            assert kind.item is not None
            for i in range(max(len(a), len(b))):
                self.walk(a[i] if i < len(a) else None, b[i] if i < len(b) else None, kind.item, path + (i,))
        elif not _same(a, b):
            self.add(a, b, kind, path, CHANGED)

    def add(self, a: Any, b: Any, kind: ty.Type, path: Path_, change: str) -> None:
        old_doc, new_doc = self.old.document, self.new.document
        # where to look: the new file, unless the value is gone from it (removed, or left to its default)
        doc = old_doc if path not in new_doc.values and path in old_doc.values else new_doc
        line, column = doc.position(path)
        shown, amount, unit = _difference(a, b, kind) if change == CHANGED else (None, None, _unit(kind))
        self.found.append(ValueChange(
            path, change, _shown(self.old, path, a, kind), _shown(self.new, path, b, kind), shown,
            _raw(a), _raw(b), amount, unit, doc.file, line, column,
        ))  # fmt: skip


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, float) and isinstance(b, float):
        return abs(a - b) <= EPSILON  # "4.4 L" and "4400 cc" are one value
    return bool(a == b)


def _shown(loaded: LoadedSpec, path: Path_, value: Any, kind: ty.Type) -> str | None:
    """As the file writes it; a value the file leaves to its default, shown with "(default)"."""
    if value is None:
        return None
    written: Any = loaded.document.data
    for part in path:
        try:
            written = written[part]
        except (KeyError, IndexError, TypeError):
            written = _MISSING
            break
    if written is not _MISSING:
        return plain(written)
    shown = text.quantity(value, kind.dim, kind.display) if kind.dim else plain(value)
    return f"{shown} (default)"


def _raw(value: Any) -> Any:
    if hasattr(value, "model_dump"):
        return value.model_dump(mode="json", by_alias=True)
    return value


def _unit(kind: ty.Type) -> str | None:
    return kind.dim.unit if kind.dim else "days" if kind.kind == "date" else None


def _difference(a: Any, b: Any, kind: ty.Type) -> tuple[str | None, float | None, str | None]:
    """(the difference as shown, as a number, its unit): "+35 mm", "+184 days", "-1"; none for text."""
    if isinstance(a, bool) or not isinstance(a, (int, float, dt.date)):
        return None, None, None
    amount = float((b - a).days) if isinstance(a, dt.date) else round(b - a, 9)
    return signed(amount, kind), amount, _unit(kind)
