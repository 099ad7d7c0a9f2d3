"""Findings and reports: the one serialisation of a result that every output format uses."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

PASS, FAIL, MARGINAL, NOT_APPLICABLE = "pass", "fail", "marginal", "not_applicable"
VERDICTS = (FAIL, MARGINAL, PASS, NOT_APPLICABLE)  # worst first


@dataclass(frozen=True, slots=True)
class Finding:
    rule_id: str
    title: str
    area: str
    verdict: str
    severity: str
    message: str
    path: str  # the spec value the finding is about: "build.safety.seats[1].manufactured"
    line: int
    column: int
    article: str
    provenance: str
    source: str | None = None
    note: str | None = None
    measured: str | None = None  # formatted for people: "1702 mm"
    limit: str | None = None  # "≤ 1700 mm", "= S68", "one of FT3-1999, FT3.5, FT5"
    margin: str | None = None  # headroom, negative beyond the limit: "-2 mm"
    derivation: str | None = None  # how the limit came from the production reference
    measured_value: Any = None  # the raw values, in canonical units (mm, L, kg, kW, N·m; dates)
    limit_value: Any = None
    margin_value: float | None = None
    unit: str | None = None  # canonical unit of the raw values, where they are quantities

    @property
    def illustrative(self) -> bool:
        return self.provenance == "illustrative"

    @property
    def blocking(self) -> bool:
        """A failure that makes the car non-compliant (a failed error-severity rule)."""
        return self.verdict == FAIL and self.severity == "error"


@dataclass(frozen=True)
class Vehicle:
    make: str
    model: str
    homologation_form: str
    vehicle_class: str
    entry: str | None = None


@dataclass(frozen=True)
class Report:
    spec_file: str
    vehicle: Vehicle
    ruleset: str
    ruleset_title: str
    ruleset_version: str
    on: dt.date
    findings: tuple[Finding, ...]
    ruleset_files: tuple[str, ...] = field(default=())

    @property
    def compliant(self) -> bool:
        return not any(f.blocking for f in self.findings)

    def counts(self) -> dict[str, int]:
        totals = {v: 0 for v in VERDICTS}
        for finding in self.findings:
            totals[finding.verdict] += 1
        return totals

    def warnings(self) -> list[Finding]:
        """Findings that do not fail the car but a strict run would: marginal ones, failed warnings."""
        return [f for f in self.findings if not f.blocking and f.verdict in (FAIL, MARGINAL) and f.severity != "info"]

    def exit_code(self, *, strict: bool = False) -> int:
        if not self.compliant or (strict and self.warnings()):
            return 1
        return 0

    @property
    def illustrative_used(self) -> bool:
        return any(f.illustrative for f in self.findings if f.verdict != NOT_APPLICABLE)
