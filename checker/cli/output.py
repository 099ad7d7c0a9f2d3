"""Writing output files atomically: the file appears complete or not at all, and a failed or
interrupted run leaves an existing file as it was."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from checker.errors import InputError


def write_atomic(path: str, text: str | bytes) -> None:
    """Write ``text`` (UTF-8; bytes as they are) to ``path`` through a temporary file in the same folder,
    then rename it."""
    target = Path(path)
    folder = target.parent
    if not folder.is_dir():
        raise InputError(path, 1, 1, f"cannot write the output: no folder {str(folder)!r}")
    if target.is_dir():
        raise InputError(path, 1, 1, "cannot write the output: this is a folder")
    try:
        fd, temp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise InputError(path, 1, 1, f"cannot write the output: {exc.strerror or exc}") from None
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(text.encode("utf-8") if isinstance(text, str) else text)
            out.flush()
            os.fsync(out.fileno())
        if target.exists():  # keep the permissions of the file being replaced
            os.chmod(temp, target.stat().st_mode & 0o777)
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
            raise InputError(path, 1, 1, f"cannot write the output: {exc.strerror or exc}") from None
        raise
