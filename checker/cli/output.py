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

A streamed output (``check``'s formats, ``ordered``) is written chunk by chunk as its specs are checked: into
the temporary file (removed if the run fails or is interrupted half-way), or through the pipe or device.

``-o`` naming a file the same run reads (a spec, the ruleset, the waivers, the baseline, the form), however
spelt (another path, a link, a hard link), is refused before anything is written: ``refuse_inputs``.
"""

from __future__ import annotations

import errno
import os
import stat
import tempfile
from collections.abc import Callable, Iterable, Iterator
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
        _replace(path, data, found)
    elif stat.S_ISFIFO(found.st_mode) or stat.S_ISCHR(found.st_mode):
        _write_through(path, data)
    elif stat.S_ISDIR(found.st_mode):
        raise InputError(path, 1, 1, "cannot write the output: this is a folder")
    elif stat.S_ISLNK(found.st_mode):
        raise InputError(path, 1, 1, "cannot write the output: this is a symbolic link; name the file itself "
                                     "(or leave out -o for standard output)")
    else:
        raise InputError(path, 1, 1, "cannot write the output: expected a file, a named pipe or a character "
                                     "device, got a block device or a socket")


def _refusal(path: str, exc: OSError | ValueError) -> InputError:
    reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else "the name holds a NUL character"
    return InputError(path, 1, 1, f"cannot write the output: {reason}")


def _replace(path: str, data: Iterable[bytes], found: os.stat_result | None) -> None:
    target = Path(path)
    try:
        fd, temp = tempfile.mkstemp(prefix=f".{target.name[:_TEMP_NAME]}.", suffix=TEMP_SUFFIX, dir=target.parent)
    except OSError as exc:
        raise _refusal(path, exc) from None
    try:
        with os.fdopen(fd, "wb") as out:
            for chunk in data:  # a streamed output: what fails or is interrupted half-way is removed below
                out.write(chunk)
            out.flush()
            os.fsync(out.fileno())
        if found is not None:  # keep the permissions of the file being replaced
            os.chmod(temp, found.st_mode & 0o777)
        else:
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(temp, 0o666 & ~umask)
        os.replace(temp, target)
    except BaseException as exc:
        try:
            os.unlink(temp)
        except OSError:
            pass
        if isinstance(exc, OSError):
            raise _refusal(path, exc) from None
        raise


def _write_through(path: str, data: Iterable[bytes]) -> None:
    """Write to a named pipe or a character device as it is: opened without following a link, without
    waiting for a pipe's reader (none: refused), and checked again once open (it may have changed)."""
    try:
        fd = os.open(path, _WRITE_THROUGH)
    except OSError as exc:
        if exc.errno == errno.ENXIO:
            raise InputError(path, 1, 1, "cannot write the output: a named pipe that nobody reads") from None
        raise _refusal(path, exc) from None
    try:
        mode = os.fstat(fd).st_mode
        if not (stat.S_ISFIFO(mode) or stat.S_ISCHR(mode)):  # replaced since it was looked at
            raise InputError(path, 1, 1, "cannot write the output: the file changed while it was opened")
        os.set_blocking(fd, True)  # now a slow reader is waited on
        for chunk in data:
            view = memoryview(chunk)
            while view:
                view = view[os.write(fd, view) :]
    except OSError as exc:  # the reader went away, the device is full
        raise _refusal(path, exc) from None
    finally:
        os.close(fd)


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
    """A streamed format's output (checker.render.stream.Streamed) in order, fed ``items`` as they are checked. Where
    the head holds the run's totals (JSON, SARIF), the body is kept aside until the end: in memory up to
    SPOOL_MEMORY, past that in an anonymous temporary file (removed however the run ends), so that memory does
    not grow with the batch."""
    if not stream.totals_first:
        yield from (chunk for chunk in stream.chunks(items) if chunk)
        return
    with tempfile.SpooledTemporaryFile(SPOOL_MEMORY, mode="w+", encoding="utf-8", newline="") as spool:
        for chunk in stream.body(items):
            _spooled(spool.write, chunk)
        _spooled(spool.seek, 0)
        yield stream.head()
        while chunk := _spooled(spool.read, _READ_BACK):
            yield chunk
        yield stream.tail()


def _spooled(call: Callable[[Any], Any], argument: Any) -> Any:
    """A call on the spool; a full or failing temporary folder is one error line naming it."""
    try:
        return call(argument)
    except OSError as exc:
        folder = tempfile.tempdir or "the temporary folder"  # gettempdir() raises where no folder is usable
        raise InputError(folder, 1, 1, f"cannot keep the output aside until its totals are known: "
                                       f"{exc.strerror or exc}") from None
