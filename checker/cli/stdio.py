"""Standard output and error as the console script uses them, whatever the surroundings made of them.

- Closed (``>&-``): its file descriptor is held on the null device, so that no file opened later takes
  the number (and a child process writing to it writes into that file); writing to a closed standard
  output is then refused like any failed write.
- Unwritable (``>/dev/full``, a disk full, the reader of a pipe gone): the first failed write raises
  OutputFailed, which the command line turns into one line and a status; what is still buffered is
  dropped, so that the interpreter's last flush has nothing to complain about. A failed standard error
  is never reported (there is nowhere to): what it would have shown is dropped.
- An encoding that cannot hold every character (``PYTHONIOENCODING=cp1252``, a console's code page):
  characters it lacks are written escaped (``\\u2264`` for ``≤``), never an error.

Only the console script installs this (``install``): tests run the CLI in process with their own streams.
"""

from __future__ import annotations

import errno
import io
import os
import sys
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    from _typeshed import ReadableBuffer as Buffer


class OutputFailed(Exception):
    """Standard output could not be written; ``error`` says why (EPIPE: its reader went away)."""

    def __init__(self, error: OSError) -> None:
        super().__init__(error.strerror or str(error))
        self.error = error

    @property
    def broken_pipe(self) -> bool:
        return self.error.errno == errno.EPIPE


class _Guarded(io.BufferedWriter):
    """A buffered writer on a file descriptor that, after its first failure, raises OutputFailed once
    (``report``) or not at all, and then drops whatever comes. The descriptor is written by the C file
    object (a signal between a write and its bookkeeping would otherwise write the same bytes twice)."""

    def __init__(self, fd: int, *, closed: bool, report: bool) -> None:
        super().__init__(io.FileIO(fd, "w", closefd=False))
        self._failed = False
        self._closed_before = closed
        self._report = report

    def isatty(self) -> bool:
        return not self._closed_before and super().isatty()

    def write(self, data: Buffer) -> int:
        if not self._failed:
            try:
                if self._closed_before:
                    raise OSError(errno.EBADF, "standard output is closed")
                return super().write(data)
            except OSError as exc:
                self._fail(exc)
        return memoryview(data).nbytes

    def flush(self) -> None:
        if not self._failed:
            try:
                super().flush()
            except OSError as exc:
                self._fail(exc)

    def _fail(self, exc: OSError) -> None:
        self._failed = True
        if self._report:
            raise OutputFailed(exc) from None


def install() -> None:
    """Put guarded text streams on file descriptors 1 and 2 in place of sys.stdout and sys.stderr."""
    closed = {fd: not _is_open(fd) for fd in (0, 1, 2)}
    for fd, was_closed in closed.items():
        if was_closed:
            _hold(fd)
    sys.stdout = _text(sys.stdout, 1, closed=closed[1], report=True)
    sys.stderr = _text(sys.stderr, 2, closed=closed[2], report=False)


def _is_open(fd: int) -> bool:
    try:
        os.fstat(fd)
    except OSError:
        return False
    return True


def _hold(fd: int) -> None:
    null = os.open(os.devnull, os.O_RDWR)
    if null != fd:
        os.dup2(null, fd)
        os.close(null)


def _text(old: TextIO | None, fd: int, *, closed: bool, report: bool) -> TextIO:
    return io.TextIOWrapper(
        _Guarded(fd, closed=closed, report=report), encoding=getattr(old, "encoding", None) or "utf-8",
        errors="backslashreplace", line_buffering=bool(getattr(old, "line_buffering", False)),
        write_through=bool(getattr(old, "write_through", False)),
    )  # fmt: skip
