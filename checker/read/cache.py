"""A small on-disk cache of facts that are costly to establish and cannot go stale.

Each fact is keyed by the SHA-256 of everything it depends on, and stored as an empty marker file
named by that key, so there is nothing to parse and nothing to trust but the name: a marker that
exists says "these exact bytes were checked against this exact schema and passed". Used to skip
JSON Schema validation (and the jsonschema import, about 0.1 s) for ruleset files checked before.

Where: ``$HOMOLOGATE_CACHE_DIR``, else ``$XDG_CACHE_HOME/homologate``, else ``~/.cache/homologate``.
``HOMOLOGATE_NO_CACHE=1`` turns it off. A cache that cannot be read or written is simply not used.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path


def directory() -> Path | None:
    if os.environ.get("HOMOLOGATE_NO_CACHE"):
        return None
    configured = os.environ.get("HOMOLOGATE_CACHE_DIR")
    if configured:
        return Path(configured)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "homologate"


def key(*parts: str) -> str:
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()


def known(kind: str, digest: str) -> bool:
    """Whether the fact ``digest`` of ``kind`` was recorded."""
    folder = directory()
    return folder is not None and (folder / kind / digest).is_file()


def record(kind: str, digest: str) -> None:
    """Record the fact ``digest`` of ``kind``; silently nothing if the cache cannot be written."""
    folder = directory()
    if folder is None:
        return
    try:
        (folder / kind).mkdir(mode=0o700, parents=True, exist_ok=True)
        (folder / kind / digest).touch()
    except OSError:
        pass
