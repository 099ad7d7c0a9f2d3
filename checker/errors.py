"""The one error type for input that cannot be checked: a file, a position and what was expected."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any


_ONE_LINE = {c: f"\\x{c:02x}" for c in range(32) if c != 9} | {0x7F: "\\x7f", 0x2028: "\\u2028", 0x2029: "\\u2029", 0x85: "\\x85"}


class InputError(Exception):
    """Bad input: a spec, a ruleset or an option that cannot be used.

    Rendered as one line, ``file:line:column: message``, the form editors and CI systems link to.
    ``line`` and ``column`` are 1-based.
    """

    def __init__(self, file: str, line: int, column: int, message: str) -> None:
        # one line whatever the input held: a key with a line break must not forge a second error line
        message, file = message.translate(_ONE_LINE), file.translate(_ONE_LINE)
        super().__init__(message)
        self.file = file
        self.line = line
        self.column = column
        self.message = message

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}: {self.message}"


def printable(text: str) -> str:
    """``text`` with every character that does not print (a line break, an escape) shown as ``\\xNN``:
    what a file holds, shown on one line of a terminal."""
    return "".join(c if c.isprintable() else f"\\x{ord(c):02x}" for c in text)


def is_file(path: Any) -> bool:
    """Path.is_file, but False for a name the system refuses (too long, say) instead of an OSError."""
    try:
        return bool(path.is_file())
    except OSError:
        return False


def is_dir(path: Any) -> bool:
    try:
        return bool(path.is_dir())
    except OSError:
        return False


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """A ``(did you mean 'x'?)`` suffix, or an empty string when nothing is close."""
    import difflib  # only an error needs it

    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


def dotted(path: Iterable[Any]) -> str:
    """A path into a document as people write it: ``build.safety.seats[1].standard``."""
    return "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in path).lstrip(".")


def clip(text: str, limit: int = 40) -> str:
    """Quote a value for a message, shortened so that one hostile value cannot flood a line."""
    text = text if len(text) <= limit else text[: limit - 3] + "..."
    return repr(text)


def describe(value: Any) -> str:
    """What a message says was found: 'nothing', 'true', 'a list', "the text 'x'", '35'."""
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
