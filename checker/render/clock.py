"""The time a report says it was generated: now, or ``SOURCE_DATE_EPOCH`` where set, for reproducible output.

JUnit's timestamp and the scrutineer's report (HTML, Markdown, PDF) read it here, in one place.
"""

from __future__ import annotations

import datetime as dt
import os

from checker.text import clip

EPOCH_MAX = 253402300799  # 9999-12-31T23:59:59Z, the last second a four-digit year (and xs:dateTime here) holds
TIMED_FORMATS = frozenset({"junit", "html", "markdown", "pdf"})  # the formats that write a time


def source_date_epoch(value: str) -> dt.datetime:
    """``SOURCE_DATE_EPOCH`` as reproducible-builds.org specifies it: ASCII digits, whole seconds since
    1970-01-01 UTC, from 0 to EPOCH_MAX; a ValueError saying what was expected for anything else."""
    if not (value.isascii() and value.isdigit() and len(value) <= len(str(EPOCH_MAX)) and int(value) <= EPOCH_MAX):
        raise ValueError(f"expected whole seconds since 1970-01-01 UTC (0 to {EPOCH_MAX}), got {clip(value)}")
    return dt.datetime.fromtimestamp(int(value), dt.timezone.utc)


def timestamp() -> str:
    """The run's time as 2026-01-02T08:30:00 (UTC), or SOURCE_DATE_EPOCH's where set (the CLI refuses a
    malformed one before the run)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    when = source_date_epoch(epoch) if epoch else dt.datetime.now(dt.timezone.utc)
    return when.strftime("%Y-%m-%dT%H:%M:%S")
