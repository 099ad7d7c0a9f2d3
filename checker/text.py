"""Values as people read them: the one place a number, a quantity, a date, a margin or a piece of a
file becomes text in a message, a finding or a table.

Nothing here knows the spec model or the rule language: a value's type is passed as anything with a
``kind`` ("number", "date", ...), a ``dim`` (its units.Dimension, for a quantity) and a ``display`` unit,
which the expression types (checker.expr.types.Type) are.
"""

from __future__ import annotations

import datetime as dt
import re
import textwrap
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Protocol

from checker import units

MAX_MESSAGE = 1000  # characters of one message line: no input can make a line longer


class Kind(Protocol):
    """What text needs to know of a value's type (checker.expr.types.Type is one)."""

    @property
    def kind(self) -> str: ...  # number, text, bool, date, duration, list, struct, null

    @property
    def dim(self) -> units.Dimension | None: ...  # a quantity's dimension

    @property
    def display(self) -> str | None: ...  # the unit a quantity is shown in


# --- one line of a file, a log or a terminal ---------------------------------------------------------


def printable(text: str) -> str:
    """``text`` with every character that does not print shown escaped (``\\x1b``, ``\\u202e``): line
    breaks, tabs, terminal escapes, NUL, bidirectional overrides, line separators. What a file holds,
    shown on one line of a terminal or a log, can then neither forge a second line (a ``file:line:column``
    error, a ``::error`` workflow command) nor restyle or reorder what is around it."""
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else _escaped(c) for c in text)


def _escaped(char: str) -> str:
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def printable_lines(lines: Iterable[str]) -> str:
    """Lines joined, each made printable: the lines meant, and no other (a value's line break is escaped)."""
    return "\n".join(map(printable, lines))


def one_line(text: str) -> str:
    """A message as one line of a log: printable, and at most MAX_MESSAGE characters whatever it quotes."""
    return cut(printable(text), MAX_MESSAGE)


def cut(text: str, limit: int) -> str:
    """``text`` shortened to ``limit`` characters at most, an ellipsis marking the cut."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def clip(text: str, limit: int = 40) -> str:
    """Quote a value for a message: shortened, so that one hostile value cannot flood a line, and
    escaped (``repr``), so that it cannot forge one."""
    return repr(text if len(text) <= limit else text[: limit - 3] + "...")


def place(file: str, line: int | None, column: int | None) -> str:
    """``file:line:column``, as editors and CI link to it; ``file`` alone where there is no position (a spec
    given as data, not text)."""
    return file if line is None else f"{file}:{line}:{column}"


# --- lines that fit a terminal's width ---------------------------------------------------------------

DEFAULT_WIDTH, LEAST_WIDTH, MOST_WIDTH = 100, 60, 400  # characters of a line of text output


_HELD = re.compile(r"(?<=\d) (?=[^\W\d])|(?<=[≤≥<>=]) (?=[-+]?\d)")  # a space not to break a line at


def fit_width(columns: int) -> int:
    """The width text output is laid out in, from the columns asked for (``COLUMNS``, or the terminal's):
    0 (none, or none that could be read) is DEFAULT_WIDTH; others are kept within LEAST_WIDTH..MOST_WIDTH."""
    return DEFAULT_WIDTH if columns <= 0 else min(max(columns, LEAST_WIDTH), MOST_WIDTH)


def wrap(text: str, width: int, indent: int = 4) -> list[str]:
    """``text`` in lines of at most ``width`` characters, broken at spaces, the lines after the first
    indented by ``indent`` more than it is. A word longer than a line is not broken (a path, a rule id or a
    value stays whole, to be found and copied): it stands on a line of its own, however long. Joined with
    one space, the lines' words give ``text`` back."""
    if len(text) <= width and text.isprintable():  # fits: what textwrap would give, without its cost
        return [text.rstrip(" ")] if text.strip(" ") else [text]
    return _wrap_long(text, width, indent)


def _wrap_long(text: str, width: int, indent: int) -> list[str]:
    lead = " " * (len(text) - len(text.lstrip(" ")) + indent)
    if text.isprintable() and "  " not in text and text[:1] != " " and text[-1:] != " ":
        return _greedy(text, width, lead)  # words one space apart: what textwrap gives, at a third of its cost
    # a number stays with its unit and a comparison with its number (no "2180 | mm", "≤ | 1780"): the
    # space between them is held by a no-break space while wrapping (printable text holds none of its own)
    held = _HELD.sub("\xa0", text)
    lines = textwrap.wrap(held, width, subsequent_indent=lead, break_long_words=False, break_on_hyphens=False)
    return [line.replace("\xa0", " ") for line in lines] or [text]


def _greedy(text: str, width: int, lead: str) -> list[str]:
    """``text`` (words one space apart, no space at either end) in lines as ``textwrap.wrap`` lays them
    out without breaking a word: each line as many words as fit, a longer word alone on its line; a space
    ``_HELD`` holds is no place to break."""
    lines, start, end, room = [], 0, len(text), width
    while end - start > room:
        cut = text.rfind(" ", start, start + room + 1)  # the last space at which the line may end
        while cut > 0 and _held(text, cut):
            cut = text.rfind(" ", start, cut)
        if cut < 0:  # the first word is longer than a line: alone, whole
            cut = text.find(" ", start)
            while cut > 0 and _held(text, cut):
                cut = text.find(" ", cut + 1)
            if cut < 0:
                break
        lines.append(text[start:cut] if start == 0 else lead + text[start:cut])
        start, room = cut + 1, max(width - len(lead), 0)
    lines.append(text[start:] if start == 0 else lead + text[start:])
    return lines


def _held(text: str, at: int) -> bool:
    """Whether ``_HELD`` holds the space at ``at`` (never the first or last character): after a digit before
    a letter, or after a comparison before a number."""
    before, after = text[at - 1], text[at + 1]
    if before.isdecimal():  # the regular expression's \d; its [^\W\d], a word character but a digit
        return (after.isalnum() or after == "_") and not after.isdecimal()
    if before in "≤≥<>=":
        return after.isdecimal() or (after in "-+" and at + 2 < len(text) and text[at + 2].isdecimal())
    return False


def wrapped(lines: Iterable[str], width: int, indent: int = 4) -> list[str]:
    """Each of ``lines`` wrapped (``wrap``) to ``width``."""
    return [part for line in lines for part in wrap(line, width, indent)]


@dataclass(frozen=True)
class Column:
    """A column of a ``table``: its heading; ``most``, the characters a cell shows in the row (more are
    cut, with an ellipsis); ``least``, how narrow the row may cut it to fit the width (None: never
    narrower than its widest cell); ``leaves``, the order in which a column leaves the row when the width
    is too small (0: never), to be shown below it, whole, after its heading when ``labelled``."""

    head: str
    most: int | None = None
    least: int | None = None
    leaves: int = 0
    labelled: bool = True


def table(columns: Sequence[Column], rows: Sequence[Sequence[str]], width: int,
          first: Callable[[int, str], str] | None = None) -> list[str]:  # fmt: skip
    """``rows`` laid out under ``columns`` in lines of at most ``width`` characters: aligned columns, two
    spaces apart. Too wide, the row first cuts the columns that may be cut (widest first, down to their
    ``least``), then moves columns out (``leaves`` order) below it: their text wrapped, indented to the
    second column. Only columns that may neither leave nor be cut (an id) can make a line longer.
    ``first(i, cell)`` may restyle row i's first cell (padded), after the widths are counted."""
    shown: list[Sequence[str]] = []  # each column's cells, cut to its ``most``
    full: list[int] = []  # each column's widest cell, or its heading
    for column, texts in zip(columns, zip(*rows, strict=True) if rows else [()] * len(columns), strict=True):
        longest = max(map(len, texts), default=0)
        if column.most is not None and longest > column.most:
            texts = tuple(t if len(t) <= column.most else cut(t, column.most) for t in texts)
            longest = max(map(len, texts))
        shown.append(texts)
        full.append(max(longest, len(column.head)))
    inside, widths = _layout(tuple(columns), tuple(full), width)
    below = [i for i in range(len(columns)) if i not in inside]
    indent = widths[inside[0]] + 2 if len(inside) > 1 else 4
    sizes = [widths[i] for i in inside]
    for i in inside:  # a cell wider than its column cut to it (exactly as wide)
        if full[i] > widths[i]:
            w = widths[i]
            shown[i] = tuple(t if len(t) <= w else cut(t, w) for t in shown[i])
    heads = "  ".join(columns[i].head.ljust(widths[i]) for i in inside).rstrip()
    lines = [heads, "  ".join("-" * w for w in sizes)]
    kept = zip(*[shown[i] for i in inside], strict=True)
    if first is None:  # the columns as one format
        form = "  ".join(f"{{{k}:<{w}}}" for k, w in enumerate(sizes))
        mains = [form.format(*cells).rstrip() for cells in kept]
    else:
        mains = []
        for index, cells in enumerate(kept):
            padded = [t.ljust(w) for t, w in zip(cells, sizes, strict=True)]
            padded[0] = first(index, padded[0])
            mains.append("  ".join(padded).rstrip())
    if not below:
        return lines + mains
    labelled = [i for i in below if columns[i].labelled]
    unlabelled = [i for i in below if not columns[i].labelled]
    pad, room = " " * indent, width - indent
    for main, row in zip(mains, rows, strict=True):
        lines.append(main)
        named = ", ".join(f"{columns[i].head} {row[i]}" for i in labelled if row[i]) if labelled else ""
        for text in [named] if named else []:
            lines += [pad + part for part in wrap(text, room, 0)]
        for i in unlabelled:
            text = row[i]
            if text and len(text) <= room and text[-1] != " " and text.isprintable():  # wrap's own fast path
                lines.append(pad + text)
            elif text:
                lines += [pad + part for part in wrap(text, room, 0)]
    return lines


@lru_cache(maxsize=512)  # a batch's tables come in a few shapes: each laid out once
def _layout(columns: tuple[Column, ...], full: tuple[int, ...], width: int) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """The columns a table keeps in its rows and each one's width: as wide as its widest cell, cut (widest
    first, down to its ``least``) to fit ``width``, then, while still too wide, one column after another
    moved below the row (``leaves`` order): the columns kept, and each column's width (0 for one moved)."""
    inside = list(range(len(columns)))
    while True:
        widths = {i: full[i] for i in inside}
        excess = sum(widths.values()) + 2 * (len(widths) - 1) - width
        # how narrow each may be cut (a column that may not be cut: as wide as it is)
        floors = {i: max(columns[i].least or w, len(columns[i].head)) for i, w in widths.items()}
        while excess > 0:
            cuttable = [i for i in inside if widths[i] > floors[i]]
            if not cuttable:
                break
            widest = max(cuttable, key=lambda i: (widths[i], i))
            widths[widest] -= 1
            excess -= 1
        leaving = [i for i in inside if columns[i].leaves]
        if excess <= 0 or not leaving:
            return tuple(inside), tuple(widths.get(i, 0) for i in range(len(columns)))
        inside.remove(min(leaving, key=lambda i: -columns[i].leaves))


def dotted(path: Iterable[Any]) -> str:
    """A path into a document as people write it: ``build.safety.seats[1].standard``."""
    return "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in path).lstrip(".")


def closest(word: str, choices: Iterable[str]) -> str | None:
    """The one of ``choices`` ``word`` is most likely a misspelling of, or None when none is close."""
    import difflib  # only an error needs it

    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return close[0] if close else None


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """A ``(did you mean 'x'?)`` suffix, or an empty string when nothing is close."""
    close = closest(word, choices)
    return f" (did you mean '{close}'?)" if close else ""


def describe(value: Any, *, quoted: bool = True) -> str:
    """What a message says was found: 'nothing', 'true', 'a list', "the text 'x'", '35'; not ``quoted``,
    only the kind of a scalar: a whole file that is not what it should be (a link to /etc/shadow, say) is
    not quoted into a report that may be published."""
    if not quoted and isinstance(value, (str, int, float, dt.date)) and not isinstance(value, bool):
        return "a text" if isinstance(value, str) else "a date" if isinstance(value, dt.date) else "a number"
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, str):
        return f"the text {clip(value)}" if value.strip() else "an empty text"
    if isinstance(value, dt.datetime):
        return f"the date and time {value.isoformat(sep=' ')}"
    if isinstance(value, dt.date):
        return f"the date {value.isoformat()}"
    if isinstance(value, (int, float)):
        return clip(str(value)).strip("'")
    return clip(str(value))


def plain(value: Any) -> str:
    """A value as YAML writes it, on one line: true, 2025-05-12, {standard: FIA 8862-2009, ...}."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{plain(k)}: {plain(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(plain(v) for v in value) + "]"
    if isinstance(value, dt.date):
        return value.isoformat()
    if value is None:
        return "null"
    return printable(str(value))  # no forged line


# --- numbers, quantities, margins --------------------------------------------------------------------


def number(value: float) -> str:
    """Up to two decimals, no trailing zeros: 1700.0 -> '1700', 35.04 -> '35.04'."""
    if type(value) is float and value.is_integer():  # most values: what the digits below give, sooner
        return "%d" % value  # noqa: UP031 -- a float's integral digits, exactly as :.2f writes them
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def quantity(value: float, dim: units.Dimension | None, unit: str | None = None) -> str:
    """A canonical value in ``unit`` (default: the dimension's own) with the unit: '889 mm', '35 in'."""
    if dim is None:
        return number(value)
    unit = unit or dim.unit
    return f"{number(value if unit == dim.unit else units.to_unit(value, unit))} {unit}"


def value(value: Any, kind: Kind) -> str:
    """A value a finding reports, as a scrutineer reads it: '1760 mm', 'yes', '2026-01-02', 'FT3.5'."""
    cls = type(value)  # exact types first: this runs three times a finding
    if cls is float or cls is int:
        return quantity(value, kind.dim, kind.display)
    if cls is str:
        return value  # type: ignore[no-any-return]
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, (float, int)):
        return quantity(value, kind.dim, kind.display)
    return str(value)


def amount(margin: float | None, kind: Kind) -> str:
    """The size of a margin or a difference, without its sign: '15 mm', '1 day', '184 days'."""
    if margin is None:
        return ""
    if kind.kind == "date":
        days = abs(int(margin))
        return f"{days} day{'s' if days != 1 else ''}"
    return value(abs(margin), kind)


def signed(margin: float | None, kind: Kind) -> str | None:
    """A margin or a difference with its sign: '+20 mm', '-15 mm', '+184 days'."""
    if margin is None:
        return None
    return ("+" if margin >= 0 else "-") + amount(margin, kind)
