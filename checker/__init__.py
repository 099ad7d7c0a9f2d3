"""homologate: check a rally-raid Stock-class build spec against its homologation limits.

The Python API, for scripts and notebooks; ``homologate check`` runs on the same pieces (checker.api)::

    import datetime
    import checker

    ruleset = checker.load_ruleset("dakar-2026-stock")     # once: a bundled name or a ruleset file
    report = ruleset.check("specs/defender-d7x-r.yaml", on=datetime.date(2026, 1, 3))
    report.compliant, [(f.rule_id, f.verdict, f.path) for f in report.findings if f.problem]
    report = ruleset.check_text(yaml_text, name="car.yaml")  # or ruleset.check_data(mapping, name="car.yaml")
    sarif = ruleset.render([report], "sarif")                # any format of ``homologate check --format``

Everything public is named in ``__all__``; anything else (checker.pipeline, checker.render, ...) may change
in any release. Input that cannot be checked raises ``checker.InputError`` (``file:line:column: message``),
and nothing else does. The names are imported when first used, so ``import checker`` costs nothing (no
pydantic, no YAML) until one is.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from checker.version import __version__

if TYPE_CHECKING:
    from checker.api import Ruleset, check, load_ruleset
    from checker.errors import InputError
    from checker.report import Finding, Report, RuleInfo, Severity, Verdict, WaiverNote

# name -> the module that defines it
_API = {
    "load_ruleset": "checker.api",
    "check": "checker.api",
    "Ruleset": "checker.api",
    "InputError": "checker.errors",
    "Report": "checker.report",
    "Finding": "checker.report",
    "Verdict": "checker.report",
    "Severity": "checker.report",
    "RuleInfo": "checker.report",
    "WaiverNote": "checker.report",
}
# a literal list, so that linters and type checkers see the API the TYPE_CHECKING imports above stand for;
# it names exactly "__version__" and the keys of _API (tests/test_layers.py holds it to them)
__all__ = [
    "Finding",
    "InputError",
    "Report",
    "RuleInfo",
    "Ruleset",
    "Severity",
    "Verdict",
    "WaiverNote",
    "__version__",
    "check",
    "load_ruleset",
]


def __getattr__(name: str) -> Any:
    if name not in _API:
        raise AttributeError(f"module 'checker' has no attribute {name!r}")
    value = getattr(importlib.import_module(_API[name]), name)
    globals()[name] = value
    return value
