"""Renderers: one module per output format, each a pure function of a run (its reports) to text.

The registry maps a format name to its module, imported only when that format is asked for, so a
plain ``check`` loads no renderer it does not use. It also feeds the CLI's ``--format`` choices.

Every format is written spec by spec: each module's ``Stream`` (checker.render.stream.Streamed) turns one
spec's report into its text as it is checked and keeps only the run's totals (``Tally``) and what its head
or tail needs (HTML's author, the specs that could not be checked), so a batch's memory does not grow with
its specs.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any

from checker.render.stream import Streamed
from checker.report import FailOn, RulesetInfo, Run

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


def streamer(name: str, ruleset: RulesetInfo, *, fail_on: FailOn = FailOn.ERROR, baseline: str | None = None,
             **options: Any) -> Streamed:  # fmt: skip
    """The format ``name``'s output of a run, to be fed its specs as they are checked."""
    stream: type[Streamed] = importlib.import_module(FORMATS[name]).Stream
    return stream(ruleset, fail_on=fail_on, baseline=baseline, **options)


def render(name: str, run: Run, **options: Any) -> str:
    return renderer(name)(run, **options)
