"""Reading a file homologate was asked to read: within the size limit, as UTF-8, every problem an
InputError naming the file."""

from __future__ import annotations

import fnmatch
import os
import stat
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, BinaryIO

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


def read_bytes(path: Path, name: str, limit: int = MAX_BYTES, kind: str = "a YAML file") -> bytes:
    """A regular file's bytes, at most one byte past ``limit`` (so that decode() can refuse it).

    Only a regular file is read: a folder, a FIFO, a device or a socket is refused before it is opened
    (opening a device can act on it) and again after (it may have been swapped in between), and the file
    is opened without blocking, so that nothing named can make homologate wait for a writer."""
    try:
        _regular(os.stat(path).st_mode, name, kind)
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY | os.O_CLOEXEC)
    except FileNotFoundError:
        raise InputError(name, 1, 1, "no such file") from None
    except OSError as exc:
        raise InputError(name, 1, 1, f"cannot read the file: {exc.strerror or exc}") from None
    try:
        _regular(os.fstat(fd).st_mode, name, kind)
        return _bounded(lambda size: os.read(fd, size), name, limit)
    except OSError as exc:  # /proc/kmsg, say: a "regular" file that would block
        raise InputError(name, 1, 1, f"cannot read the file: {exc.strerror or exc}") from None
    finally:
        os.close(fd)


_KINDS = ((stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a named pipe (FIFO)"), (stat.S_ISCHR, "a character device"),
          (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"))  # fmt: skip


def _regular(mode: int, name: str, expected: str) -> None:
    if not stat.S_ISREG(mode):
        kind = next((what for test, what in _KINDS if test(mode)), "not a regular file")
        raise InputError(name, 1, 1, f"expected {expected}, got {kind}")


def read_stream(stream: BinaryIO, name: str, limit: int = MAX_BYTES) -> bytes:
    """What a stream (standard input) holds, at most one byte past ``limit`` (so that decode() can refuse
    it): an endless stream is read no further than that."""
    try:
        return _bounded(stream.read, name, limit)
    except OSError as exc:
        raise InputError(name, 1, 1, f"cannot read the input: {exc.strerror or exc}") from None


def _bounded(read: Callable[[int], bytes | None], name: str, limit: int) -> bytes:
    """What ``read`` gives, a megabyte at a time, until its end or one byte past ``limit``."""
    chunks, left = [], limit + 1
    while left > 0:
        chunk = read(min(left, 1024 * 1024))
        if chunk is None:  # a non-blocking stream with nothing yet: no writer homologate could wait for
            raise InputError(name, 1, 1, "cannot read the input: it would block (pipe a spec in)")
        if not chunk:
            break
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


def decode(raw: bytes, name: str, limit: int = MAX_BYTES) -> str:
    if len(raw) > limit:
        raise too_large(name, limit)
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        line_start = before[before.rfind(b"\n") + 1 :]
        column = len(line_start.decode("utf-8", errors="replace")) + 1  # characters, as YAML errors count
        raise InputError(name, line, column, "expected UTF-8 text, found a byte that is not UTF-8") from None


def too_large(name: str, limit: int = MAX_BYTES) -> InputError:
    size = f"{limit // 1024 // 1024} MiB" if limit % (1024 * 1024) == 0 else f"{limit // 1024} KiB"
    return InputError(name, 1, 1, f"file is larger than the {size} limit")


# --- folders and patterns: the files they name ---------------------------------------------------------


def files_below(folder: Path, suffixes: tuple[str, ...]) -> Iterator[Path | InputError]:
    """Every file below ``folder`` whose name ends in one of ``suffixes``, in sorted order; hidden files
    and folders (.git, .venv) skipped. A link is followed only where it stays inside ``folder`` and each
    real folder is visited once (no loop can go on for ever); a link out of ``folder`` is an InputError in
    its place, not a file read from elsewhere."""
    yield from _Walk(folder).files(folder, suffixes)


def matching(pattern: str, suffixes: tuple[str, ...]) -> Iterator[Path | InputError]:
    """The files a glob pattern names, as ``glob.glob(pattern, recursive=True)`` would (``*`` not matching a
    hidden name, ``**`` any depth of folders), a folder matched giving the files below it (``files_below``);
    sorted, each once. The pattern follows links inside its fixed leading folders only."""
    parts = Path(pattern).parts
    fixed = next((i for i, part in enumerate(parts) if _magic(part)), len(parts))
    base = Path(*parts[:fixed]) if fixed else Path()
    walk = _Walk(base)
    found: dict[Path, Path | InputError] = {}
    states, seen = [(base, fixed)], {(walk.real(base), fixed)}
    while states:
        folder, at = states.pop()
        if at == len(parts):
            found.setdefault(folder, folder)
            continue
        part = parts[at]
        for child, followed in walk.entries(folder, hidden=part.startswith(".")) if part == "**" or _magic(part) else \
                [(folder / part, folder / part)]:  # fmt: skip
            if part == "**":
                if isinstance(followed, InputError):
                    if is_dir(child):
                        found.setdefault(child, followed)
                elif is_dir(child) and not walk.loops(child, folder):
                    key = (walk.real(child), at)
                    if key not in seen:
                        seen.add(key)
                        states.append((child, at))
                continue
            if _magic(part) and not fnmatch.fnmatchcase(child.name, part):
                continue
            if isinstance(followed, InputError):  # a link out, refused where the pattern would take it
                if is_dir(child) or (at + 1 == len(parts) and child.suffix in suffixes):
                    found.setdefault(child, followed)
            elif at + 1 == len(parts):
                if os.path.lexists(child):
                    found.setdefault(child, child)
            elif is_dir(child):
                states.append((child, at + 1))
        if part == "**":
            states.append((folder, at + 1))
    expanded: list[Path] = []
    for path in sorted(found):
        item = found[path]
        if isinstance(item, InputError):
            yield item
        elif is_dir(path):
            if not any(path.is_relative_to(folder) for folder in expanded):  # its files came with its parent's
                expanded.append(path)
                yield from files_below(path, suffixes)
        elif path.suffix in suffixes:
            yield path


def _magic(part: str) -> bool:
    return any(c in part for c in "*?[")


def _within(real: str, folder: str) -> bool:
    """Whether the real path ``real`` is the real folder ``folder`` or below it."""
    return real == folder or real.startswith(folder.rstrip(os.sep) + os.sep)


class _Walk:
    """A walk through the folders below a root: links followed within it, each real folder once."""

    def __init__(self, root: Path) -> None:
        self.root = os.path.realpath(root)
        self.visited: set[str] = set()

    def real(self, path: Path) -> str:
        return os.path.realpath(path)

    def loops(self, link: Path, folder: Path) -> bool:
        """Whether ``link`` (in ``folder``) leads back to ``folder`` or a folder above it."""
        return _within(self.real(folder), self.real(link))

    def inside(self, path: Path) -> bool:
        return _within(self.real(path), self.root)

    def entries(self, folder: Path, hidden: bool = False) -> list[tuple[Path, Path | InputError]]:
        """The entries of ``folder``, sorted, each with itself, or with an InputError for a link out of the
        root; none for a folder that cannot be listed."""
        try:
            with os.scandir(folder) as listing:
                names = sorted(e.name for e in listing if hidden or not e.name.startswith("."))
        except OSError:
            return []
        out: list[tuple[Path, Path | InputError]] = []
        for name in names:
            child = folder / name
            if os.path.islink(child) and not self.inside(child):
                out.append((child, InputError(str(child), 1, 1, "a link out of the folder checked: not followed "
                                                                "(name the file itself to check it)")))
            else:
                out.append((child, child))
        return out

    def files(self, folder: Path, suffixes: tuple[str, ...]) -> Iterator[Path | InputError]:
        start: list[tuple[Path, Path | InputError]] = [(folder, folder)]
        stack = [iter(start)]
        while stack:
            step = next(stack[-1], None)
            if step is None:
                stack.pop()
                continue
            child, followed = step
            if isinstance(followed, InputError):
                if is_dir(child) or child.suffix in suffixes:
                    yield followed
            elif is_dir(child):
                real = self.real(child)
                if real not in self.visited:
                    self.visited.add(real)
                    stack.append(iter(self.entries(child)))
            elif child.suffix in suffixes:
                yield child
