"""homologate: check a rally-raid Stock-class build spec against its homologation limits.

The Python API, for scripts and notebooks (the CLI is built on the same pieces)::

    import checker

    report = checker.check("specs/defender-d7x-r.yaml")            # the bundled Dakar 2026 Stock ruleset
    report.compliant, [f.rule_id for f in report.findings if f.problem]

    ruleset = checker.load_ruleset("my-rally.yaml")                  # a bundled name or a path
    spec = checker.load_spec("specs/my-car.yaml")
    report = checker.evaluate_spec(spec, ruleset, on=datetime.date(2026, 1, 3))
    from checker.render import render                              # one module per output format
    print(render("sarif", checker.Run(ruleset.info(), (report,))))

Bad input raises ``checker.InputError`` (``file:line:column: message``). The names below are imported
when first used, so ``import checker`` costs nothing a command does not need.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from checker.version import __version__

if TYPE_CHECKING:
    from checker.errors import InputError
    from checker.evaluate.findings import evaluate as evaluate_spec
    from checker.pipeline import check
    from checker.report import Finding, Report, Run, Severity, Verdict
    from checker.ruleset.compile import load_ruleset
    from checker.ruleset.model import Ruleset
    from checker.spec.load import LoadedSpec, load_spec

# name -> the module that defines it
_API = {
    "check": "checker.pipeline",
    "load_ruleset": "checker.ruleset.compile",
    "load_spec": "checker.spec.load",
    "evaluate_spec": "checker.evaluate.findings",  # checker.evaluate is the package of the engine
    "InputError": "checker.errors",
    "Finding": "checker.report",
    "Report": "checker.report",
    "Run": "checker.report",
    "Severity": "checker.report",
    "Verdict": "checker.report",
    "Ruleset": "checker.ruleset.model",
    "LoadedSpec": "checker.spec.load",
}
_DEFINED_AS = {"evaluate_spec": "evaluate"}
# a literal list, so that linters and type checkers see the API the TYPE_CHECKING imports above stand for;
# it names exactly "__version__" and the keys of _API (tests/test_layers.py holds it to them)
__all__ = [
    "Finding",
    "InputError",
    "LoadedSpec",
    "Report",
    "Ruleset",
    "Run",
    "Severity",
    "Verdict",
    "__version__",
    "check",
    "evaluate_spec",
    "load_ruleset",
    "load_spec",
]


def __getattr__(name: str) -> Any:
    if name not in _API:
        raise AttributeError(f"module 'checker' has no attribute {name!r}")
    value = getattr(importlib.import_module(_API[name]), _DEFINED_AS.get(name, name))
    globals()[name] = value
    return value
