"""A small on-disk cache of facts that are costly to establish and cannot go stale.

Each fact is keyed by the SHA-256 of everything it depends on (homologate's version among them), and
stored as an empty marker file named by an HMAC of that key under the cache's own random key (``.key``,
readable by its user alone), so there is nothing to parse and nothing to trust but the name: a marker
that exists says "these exact bytes were checked against this exact schema by this version of homologate
and passed", and no one who cannot read the user's cache can name one. Used to skip JSON Schema
validation (and the jsonschema import, about 0.1 s) for ruleset files checked before.

Where: ``$HOMOLOGATE_CACHE_DIR``, else ``$XDG_CACHE_HOME/homologate``, else ``~/.cache/homologate``.
``HOMOLOGATE_NO_CACHE=1`` turns it off.

A marker is trusted only where no one else could have put it: the cache folder and the folder of each
kind of fact must be real folders (not links) owned by the user running homologate (root's own, run as
root) and writable by no one else, and the marker a regular file of that user's; no link is followed on
the way (every step is opened relative to the one before, without following links). Anything else (a
folder of someone else's, a link, a file or a pipe where a folder should be, a name too long, a folder
that cannot be written) means "not cached": the fact is established again, never an error.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import stat
from pathlib import Path

from checker.version import __version__

_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)  # a link opened is an error (ELOOP)
_FOLDER = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_DIRECTORY", 0) | _NOFOLLOW
_MARKER = os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW  # made, never opened: a file there already stays
_SECRET, _SECRET_BYTES = ".key", 32
# what a cache that cannot be fooled needs of the system (POSIX has it all)
_SUPPORTED = hasattr(os, "geteuid") and hasattr(os, "O_NOFOLLOW") and os.open in os.supports_dir_fd


def directory() -> Path | None:
    if os.environ.get("HOMOLOGATE_NO_CACHE") or not _SUPPORTED:
        return None
    configured = os.environ.get("HOMOLOGATE_CACHE_DIR")
    if configured:
        return Path(configured)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "homologate"


def key(*parts: str) -> str:
    """The key of a fact that depends on ``parts`` and on the version of homologate establishing it."""
    return hashlib.sha256("\0".join((__version__, *parts)).encode()).hexdigest()


def known(kind: str, digest: str) -> bool:
    """Whether the fact ``digest`` of ``kind`` was recorded, in a cache no one else could have written."""
    try:
        folder, marker = _open_kind(kind, digest, create=False)
        try:
            found = os.stat(marker, dir_fd=folder, follow_symlinks=False)
        finally:
            os.close(folder)
    except (OSError, ValueError):  # not recorded, or a cache that cannot be used
        return False
    return stat.S_ISREG(found.st_mode) and found.st_uid == os.geteuid()


def record(kind: str, digest: str) -> None:
    """Record the fact ``digest`` of ``kind``; silently nothing if the cache cannot be used."""
    try:
        folder, marker = _open_kind(kind, digest, create=True)
        try:
            os.close(os.open(marker, _MARKER, 0o600, dir_fd=folder))
        finally:
            os.close(folder)
    except (OSError, ValueError):  # recorded already (FileExistsError), or a cache that cannot be used
        pass


def _open_kind(kind: str, digest: str, *, create: bool) -> tuple[int, str]:
    """A descriptor of the folder of ``kind``'s facts and the name of the marker of ``digest`` in it, the
    folders made if ``create`` (and the default location's parents); an OSError if there is no cache or
    it cannot be trusted."""
    top = directory()
    if top is None:
        raise FileNotFoundError("no cache")
    if create:
        if not os.environ.get("HOMOLOGATE_CACHE_DIR"):
            os.makedirs(top.parent, mode=0o700, exist_ok=True)  # ~/.cache, as the XDG specification says
        _mkdir(str(top), None)
    cache = _own_folder(str(top), None)
    try:
        marker = hmac.new(_secret(cache, create=create), digest.encode(), hashlib.sha256).hexdigest()
        if create:
            _mkdir(kind, cache)
        return _own_folder(kind, cache), marker
    finally:
        os.close(cache)


def _secret(cache: int, *, create: bool) -> bytes:
    """The cache's own random key, readable by its user alone: markers are named by an HMAC of the fact
    under it, so that no one who cannot read it can name a marker for a fact, even one who knows how
    facts are keyed and finds a way to put a file in the folder."""
    if create:
        try:
            fd = os.open(_SECRET, _MARKER, 0o600, dir_fd=cache)
        except FileExistsError:
            pass
        else:
            with os.fdopen(fd, "wb") as out:
                out.write(os.urandom(_SECRET_BYTES))
    with os.fdopen(os.open(_SECRET, os.O_RDONLY | os.O_NONBLOCK | _NOFOLLOW, dir_fd=cache), "rb") as secret:
        found = os.fstat(secret.fileno())
        if not stat.S_ISREG(found.st_mode) or found.st_uid != os.geteuid() or found.st_mode & 0o077:
            raise PermissionError("the cache's key is not the user's alone")
        value = secret.read(_SECRET_BYTES + 1)
    if len(value) != _SECRET_BYTES:  # being written by another run, or damaged: not now
        raise FileNotFoundError("the cache's key is incomplete")
    return value


def _mkdir(name: str, dir_fd: int | None) -> None:
    try:
        os.mkdir(name, 0o700, dir_fd=dir_fd)
    except FileExistsError:  # whatever is there is judged when opened
        pass


def _own_folder(name: str, dir_fd: int | None) -> int:
    """``name`` opened as a folder without following a link, if it is the user's and no one else can
    write to it; a PermissionError otherwise."""
    fd = os.open(name, _FOLDER, dir_fd=dir_fd)
    found = os.fstat(fd)
    if found.st_uid != os.geteuid() or found.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
        os.close(fd)
        raise PermissionError(f"{name}: not a folder of the user's own")
    return fd
