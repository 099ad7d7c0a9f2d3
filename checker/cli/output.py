"""Writing the output file ``-o FILE`` names, without ever harming what else is there.

What FILE already is decides how it is written:

- nothing, or a regular file: written to a temporary file in the same folder, then renamed over it, so
  the file appears complete or not at all and a failed or interrupted run leaves an existing one as it
  was (a file replaced keeps its permissions);
- a named pipe or a character device (``/dev/null``, a terminal): written through, as a shell's ``>``
  writes, never replaced; a pipe that nobody reads is refused rather than waited on;
- a symbolic link: refused. Following it would write to a file other than the one named (a link in a
  checked-out repository can point anywhere, ``/etc`` included), and replacing it would quietly turn it
  into a file; to write to standard output, leave ``-o`` out;
- anything else (a folder, a block device, a socket) or a name the system refuses (too long): refused.

A streamed output (``check``'s formats, ``ordered``, ``Sink``) is written chunk by chunk as its specs are
checked: into the temporary file (removed if the run fails or is interrupted half-way), or through the pipe
or device.

Several files from one run (``check -o sarif:a.sarif -o junit:a.xml``, ``opened``) are all opened before the
first spec is checked, so that one refused refuses the run with nothing written; they are written side by
side as the specs are checked, and renamed into place together at the very end, none if anything failed.

``-o`` naming a file the same run reads (a spec, the ruleset, the waivers, the baseline, the form), however
spelt (another path, a link, a hard link), is refused before anything is written: ``refuse_inputs``.
"""

from __future__ import annotations

import errno
import os
import stat
import tempfile
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from checker.errors import InputError

if TYPE_CHECKING:
    from checker.render.stream import Streamed
    from checker.report import Report, Unchecked

TEMP_SUFFIX = ".tmp"
# not waiting for a pipe's reader, never a controlling terminal, never through a link (flags POSIX has)
_WRITE_THROUGH = os.O_WRONLY | sum(getattr(os, f"O_{n}", 0) for n in ("NONBLOCK", "NOCTTY", "NOFOLLOW", "CLOEXEC"))
_TEMP_NAME = 32  # characters of the target's name in the temporary file's: it must fit where the target does


def write_atomic(path: str, text: str | bytes | Iterable[str]) -> None:
    """Write ``text`` (UTF-8; bytes as they are; or the chunks of a streamed output, written as they come) to
    ``path`` as the module says: atomically, or through a pipe or device."""
    data = [text.encode("utf-8")] if isinstance(text, str) else [text] if isinstance(text, bytes) else \
        (chunk.encode("utf-8") for chunk in text)
    with opened([path]) as (target,):
        for chunk in data:
            target.write(chunk)


@contextmanager
def opened(paths: Iterable[str]) -> Iterator[list[Target]]:
    """The output files ``paths`` opened for writing (each refused as the module says before anything is
    written), to be written by the caller. When the block ends, every file is made complete and only then
    renamed into place, one after the other; if it fails or is interrupted, or a file cannot be opened or
    written, none is renamed and their temporary files are removed. (A rename that fails, which takes a file
    system gone read-only or removed under the run, leaves the files renamed before it complete and new.)"""
    targets: list[Target] = []
    try:
        for path in paths:
            targets.append(_open(path))
        yield targets
        for target in targets:
            target.finish()
        for target in targets:
            target.commit()
    finally:
        for target in targets:
            target.discard()


class Target:
    """An output file being written: ``write`` its chunks, ``finish`` it, ``commit`` it (or ``discard`` it)."""

    def __init__(self, path: str) -> None:
        self.path = path

    def write(self, chunk: bytes) -> None:
        raise NotImplementedError

    def finish(self) -> None:
        """Make what was written complete and durable, before any file is renamed."""

    def commit(self) -> None:
        """Put the file in place."""

    def discard(self) -> None:
        """Undo what is not committed (nothing once committed); never raises."""


def _open(path: str) -> Target:
    target = Path(path)
    if not path or path.endswith(os.sep):  # Path() would make '' the working folder, 'x/' the file x
        raise InputError(path, 1, 1, "cannot write the output: expected a file name")
    try:
        found = os.lstat(path)
    except FileNotFoundError:
        found = None
    except (OSError, ValueError) as exc:  # too long, a folder on the way that is a file, a NUL byte
        raise _refusal(path, exc) from None
    if found is None or stat.S_ISREG(found.st_mode):
        if not target.parent.is_dir():
            raise InputError(path, 1, 1, f"cannot write the output: no folder {str(target.parent)!r}")
        return _Replaced(path, found)
    if stat.S_ISFIFO(found.st_mode) or stat.S_ISCHR(found.st_mode):
        return _Through(path)
    if stat.S_ISDIR(found.st_mode):
        raise InputError(path, 1, 1, "cannot write the output: this is a folder")
    if stat.S_ISLNK(found.st_mode):
        raise InputError(path, 1, 1, "cannot write the output: this is a symbolic link; name the file itself "
                                     "(or leave out -o for standard output)")
    raise InputError(path, 1, 1, "cannot write the output: expected a file, a named pipe or a character "
                                 "device, got a block device or a socket")


def _refusal(path: str, exc: OSError | ValueError) -> InputError:
    reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else "the name holds a NUL character"
    return InputError(path, 1, 1, f"cannot write the output: {reason}")


class _Replaced(Target):
    """A regular file (or none yet): written to a temporary file beside it, renamed over it by ``commit``."""

    def __init__(self, path: str, found: os.stat_result | None) -> None:
        super().__init__(path)
        self.found = found
        self.temp: str | None = None
        target = Path(path)
        try:
            fd, self.temp = tempfile.mkstemp(prefix=f".{target.name[:_TEMP_NAME]}.", suffix=TEMP_SUFFIX,
                                             dir=target.parent)  # fmt: skip
        except OSError as exc:
            raise _refusal(path, exc) from None
        self.out = os.fdopen(fd, "wb")

    def write(self, chunk: bytes) -> None:
        try:
            self.out.write(chunk)
        except OSError as exc:
            raise _refusal(self.path, exc) from None

    def finish(self) -> None:
        assert self.temp is not None
        try:
            self.out.flush()
            os.fsync(self.out.fileno())
            self.out.close()
            if self.found is not None:  # keep the permissions of the file being replaced
                os.chmod(self.temp, self.found.st_mode & 0o777)
            else:
                umask = os.umask(0)
                os.umask(umask)
                os.chmod(self.temp, 0o666 & ~umask)
        except OSError as exc:
            raise _refusal(self.path, exc) from None

    def commit(self) -> None:
        assert self.temp is not None
        try:
            os.replace(self.temp, self.path)
        except OSError as exc:
            raise _refusal(self.path, exc) from None
        self.temp = None

    def discard(self) -> None:
        try:
            self.out.close()
        except OSError:
            pass
        if self.temp is not None:
            try:
                os.unlink(self.temp)
            except OSError:
                pass
            self.temp = None


class _Through(Target):
    """A named pipe or a character device, written as it is: opened without following a link, without
    waiting for a pipe's reader (none: refused), and checked again once open (it may have changed). What
    is written reaches it at once: it cannot be taken back."""

    def __init__(self, path: str) -> None:
        super().__init__(path)
        try:
            self.fd: int | None = os.open(path, _WRITE_THROUGH)
        except OSError as exc:
            if exc.errno == errno.ENXIO:
                raise InputError(path, 1, 1, "cannot write the output: a named pipe that nobody reads") from None
            raise _refusal(path, exc) from None
        try:
            mode = os.fstat(self.fd).st_mode
            if not (stat.S_ISFIFO(mode) or stat.S_ISCHR(mode)):  # replaced since it was looked at
                raise InputError(path, 1, 1, "cannot write the output: the file changed while it was opened")
            os.set_blocking(self.fd, True)  # now a slow reader is waited on
        except BaseException:
            self.discard()
            raise

    def write(self, chunk: bytes) -> None:
        assert self.fd is not None
        view = memoryview(chunk)
        try:
            while view:
                view = view[os.write(self.fd, view) :]
        except OSError as exc:  # the reader went away, the device is full
            raise _refusal(self.path, exc) from None

    def discard(self) -> None:
        if self.fd is not None:
            os.close(self.fd)
            self.fd = None


def refuse_inputs(output: str | None, inputs: Iterable[tuple[str, str | Path]]) -> None:
    """Refuse ``output`` if it is one of ``inputs`` ((what it is, its path), e.g. ("the ruleset", path)):
    the same file however it is named (st_dev and st_ino), so that no run writes over what it reads. A
    character device (``/dev/null``) is never a file's content: writing to it harms no input."""
    if output is None:
        return
    try:
        written = os.stat(output)
    except (OSError, ValueError):  # not there yet, or a name write_atomic refuses with its reason
        return
    if stat.S_ISCHR(written.st_mode):
        return
    for what, path in inputs:
        try:
            read = os.stat(path)
        except (OSError, ValueError):
            continue
        if (read.st_dev, read.st_ino) == (written.st_dev, written.st_ino):
            raise InputError(output, 1, 1, f"this is {what} itself: name another file")


SPOOL_MEMORY = 4 << 20  # bytes of a body kept aside in memory; past that, in an anonymous temporary file
_READ_BACK = 1 << 16  # characters of the body read back at a time


def ordered(stream: Streamed, items: Iterable[Report | Unchecked]) -> Iterator[str]:
    """A streamed format's output (checker.render.stream.Streamed) in order, fed ``items`` as they are checked
    (``Sink``)."""
    with Sink(stream) as sink:
        if head := sink.start():
            yield head
        for item in items:
            if text := sink.add(item):
                yield text
        yield from sink.finish()


class Sink:
    """One streamed format's output in order, pushed one spec at a time, so that one pass over the specs can
    feed several formats: ``start()``, then ``add(item)`` for each spec, then ``finish()``, each giving the
    text to write next. Where the head holds the run's totals (JSON, SARIF, ``Streamed.totals_first``), the
    body is kept aside until the end: in memory up to SPOOL_MEMORY, past that in an anonymous temporary file
    (removed however the run ends: use the sink as a context manager), so that memory does not grow with the
    batch."""

    def __init__(self, stream: Streamed) -> None:
        self.stream = stream
        self.spool: Any = None
        if stream.totals_first:
            self.spool = tempfile.SpooledTemporaryFile(  # noqa: SIM115  # closed by __exit__
                SPOOL_MEMORY, mode="w+", encoding="utf-8", newline="")

    def __enter__(self) -> Sink:
        return self

    def __exit__(self, *exc: object) -> None:
        if self.spool is not None:
            self.spool.close()

    def start(self) -> str:
        return "" if self.spool is not None else self.stream.head()

    def add(self, item: Report | Unchecked) -> str:
        text = self.stream.feed(item)
        if self.spool is None or not text:
            return text
        _spooled(self.spool.write, text)
        return ""

    def finish(self) -> Iterator[str]:
        if self.spool is not None:
            _spooled(self.spool.seek, 0)
            yield self.stream.head()
            while chunk := _spooled(self.spool.read, _READ_BACK):
                yield chunk
        if tail := self.stream.tail():
            yield tail


def _spooled(call: Callable[[Any], Any], argument: Any) -> Any:
    """A call on the spool; a full or failing temporary folder is one error line naming it."""
    try:
        return call(argument)
    except OSError as exc:
        folder = tempfile.tempdir or "the temporary folder"  # gettempdir() raises where no folder is usable
        raise InputError(folder, 1, 1, f"cannot keep the output aside until its totals are known: "
                                       f"{exc.strerror or exc}") from None
