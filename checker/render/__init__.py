"""Renderers: one module per output format, each a pure function of a run (its reports) to text.

The registry maps a format name to its module, imported only when that format is asked for, so a
plain ``check`` loads no renderer it does not use. It also feeds the CLI's ``--format`` choices.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any

from checker.report import Run

FORMATS: dict[str, str] = {
    "text": "checker.render.text",
    "json": "checker.render.json",
    "sarif": "checker.render.sarif",
    "junit": "checker.render.junit",
    "github": "checker.render.github",
    "html": "checker.render.html",
    "markdown": "checker.render.markdown",
}
# the format a report file's extension asks for (homologate report -o FILE)
# (pdf: checker.render.pdf, bytes from the HTML, only for a file; not a --format of 'check')
EXTENSIONS = {".html": "html", ".htm": "html", ".md": "markdown", ".markdown": "markdown", ".pdf": "pdf"}


def renderer(name: str) -> Callable[..., str]:
    render: Callable[..., str] = importlib.import_module(FORMATS[name]).render
    return render


def render(name: str, run: Run, **options: Any) -> str:
    return renderer(name)(run, **options)
