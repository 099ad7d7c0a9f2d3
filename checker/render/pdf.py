"""The compliance report as a PDF, the file a federation archives: the HTML report (checker.render.html)
laid out on A4 by WeasyPrint, an optional extra (``pip install 'homologate[pdf]'``, which needs Pango).

WeasyPrint reads the HTML's title, author, generator and creation time into the PDF's metadata, and
lays the print style sheet's page footer (the spec's name and SHA-256, the page number) on every page.
It fetches nothing: the HTML holds no reference to any other file (spec text is escaped).
"""

from __future__ import annotations

import logging
from typing import Any

from checker.render import html
from checker.report import Run

EXTRA = "pip install 'homologate[pdf]'"


def _weasyprint() -> Any:
    """WeasyPrint, imported. What it says on import about the host's libraries (a DeprecationWarning where
    HarfBuzz-Subset is missing, which a later version will require) is for whoever installs them, not a
    failure of the report: ``missing()`` says when it can no longer load them."""
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        import weasyprint
    return weasyprint


def missing() -> str | None:
    """Why a PDF cannot be written here (WeasyPrint or its Pango libraries missing), or None if it can."""
    try:
        _weasyprint()
    except ImportError:
        return f"WeasyPrint is not installed ({EXTRA})"
    except OSError as exc:  # its C libraries (Pango, HarfBuzz) could not be loaded
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        return f"WeasyPrint cannot load its libraries, Pango first ({reason})"
    return None


def render(run: Run, **_: Any) -> bytes:
    """The PDF's bytes. Call ``missing()`` first: this imports WeasyPrint."""
    weasyprint = _weasyprint()
    logging.getLogger("weasyprint").setLevel(logging.ERROR)  # its notes on CSS meant for browsers only
    document: bytes = weasyprint.HTML(string=html.render(run)).write_pdf()
    return document
