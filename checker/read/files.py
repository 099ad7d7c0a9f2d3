"""Reading a file homologate was asked to read: within the size limit, as UTF-8, every problem an
InputError naming the file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from checker.errors import InputError

MAX_BYTES = 1024 * 1024


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


def read_bytes(path: Path, name: str) -> bytes:
    """A file's bytes, at most one byte past the size limit (so that decode() can refuse it)."""
    try:
        if path.is_dir():
            raise InputError(name, 1, 1, "expected a YAML file, got a folder")
        with path.open("rb") as handle:
            raw = handle.read(MAX_BYTES + 1)
    except InputError:
        raise
    except FileNotFoundError:
        raise InputError(name, 1, 1, "no such file") from None
    except OSError as exc:
        raise InputError(name, 1, 1, f"cannot read the file: {exc.strerror or exc}") from None
    return raw


def decode(raw: bytes, name: str) -> str:
    if len(raw) > MAX_BYTES:
        raise InputError(name, 1, 1, f"file is larger than the {MAX_BYTES // 1024} KiB limit")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        line_start = before[before.rfind(b"\n") + 1 :]
        column = len(line_start.decode("utf-8", errors="replace")) + 1  # characters, as YAML errors count
        raise InputError(name, line, column, "expected UTF-8 text, found a byte that is not UTF-8") from None
