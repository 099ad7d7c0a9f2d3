"""Renderers: one module per output format, each a pure function of a run (its reports) to text.

The registry maps a format name to its module, imported only when that format is asked for, so a
plain ``check`` loads no renderer it does not use. It also feeds the CLI's ``--format`` choices.

The formats a batch is checked in (text, JSON, SARIF, JUnit, GitHub) are written spec by spec: each
module's ``Stream`` (checker.render.stream.Streamed) turns one spec's report into its text as it is checked
and keeps only the run's totals (``Tally``), so a batch's memory does not grow with its specs. HTML and
Markdown, a document for people, are made whole at the end (``_Whole``).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any

from checker.render.stream import Streamed
from checker.report import FailOn, Report, RulesetInfo, Run, Unchecked

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


class _Whole(Streamed):
    """A format made whole from the run at the end (HTML, Markdown): the reports are kept until then."""

    def __init__(self, name: str, ruleset: RulesetInfo, *, fail_on: FailOn = FailOn.ERROR,
                 baseline: str | None = None, **options: Any) -> None:  # fmt: skip
        super().__init__(ruleset, fail_on=fail_on, baseline=baseline)
        self.name, self.options = name, options
        self.items: list[Report | Unchecked] = []

    def piece(self, item: Report | Unchecked) -> str:
        self.items.append(item)
        return ""

    def tail(self) -> str:
        run = Run(self.ruleset, tuple(self.items), fail_on=self.fail_on, baseline=self.baseline)
        return renderer(self.name)(run, **self.options)


def renderer(name: str) -> Callable[..., str]:
    render: Callable[..., str] = importlib.import_module(FORMATS[name]).render
    return render


def streamer(name: str, ruleset: RulesetInfo, *, fail_on: FailOn = FailOn.ERROR, baseline: str | None = None,
             **options: Any) -> Streamed:  # fmt: skip
    """The format ``name``'s output of a run, to be fed its specs as they are checked."""
    stream: type[Streamed] | None = getattr(importlib.import_module(FORMATS[name]), "Stream", None)
    if stream is None:
        return _Whole(name, ruleset, fail_on=fail_on, baseline=baseline, **options)
    return stream(ruleset, fail_on=fail_on, baseline=baseline, **options)


def render(name: str, run: Run, **options: Any) -> str:
    return renderer(name)(run, **options)
