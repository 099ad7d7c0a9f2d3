"""Renderers: one module per output format, each a pure function of reports to text.

The registry maps a format name to its module, imported only when that format is asked for, so a
plain ``check`` loads no renderer it does not use. It also feeds the CLI's ``--format`` choices.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Sequence
from typing import Any

from checker.report import Report

FORMATS: dict[str, str] = {
    "text": "checker.render.text",
}


def renderer(name: str) -> Callable[..., str]:
    module: Any = importlib.import_module(FORMATS[name])
    return module.render


def render(name: str, reports: Sequence[Report], **options: Any) -> str:
    return renderer(name)(reports, **options)
