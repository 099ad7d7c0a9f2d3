"""Findings and reports: the one serialisation of a result that every output format uses.

Plain data, the bottom layer: the engine makes these, the renderers read them. ``Verdict`` and
``Severity`` are the two vocabularies every part shares: their order, wording and colour live here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, fields
from enum import Enum
from typing import TYPE_CHECKING, Any

from checker.errors import InputError
from checker.text import one_line


class _Word(str, Enum):
    """A word of a vocabulary: compares, hashes and prints as its text ("fail"), as JSON writes it."""

    def __str__(self) -> str:
        return str(self.value)

    def __format__(self, spec: str) -> str:
        return format(str(self.value), spec)


class Verdict(_Word):
    """What a rule found about a value. Members are in order, worst first::

        >>> [str(v) for v in checker.Verdict]
        ['fail', 'marginal', 'waived', 'pass', 'not_applicable']
        >>> checker.Verdict.MARGINAL == "marginal", checker.Verdict.MARGINAL.problem
        (True, True)
    """

    FAIL = "fail"
    MARGINAL = "marginal"  # beyond the limit, within the rule's measurement tolerance
    WAIVED = "waived"  # a failing or marginal finding covered by a waiver in force on the check date
    PASS = "pass"  # noqa: S105 -- a verdict, not a password (bandit matches the name PASS)
    NOT_APPLICABLE = "not_applicable"  # the rule's condition is false

    @property
    def rank(self) -> int:
        """Its place in the order worst first: findings are listed and the worst of several chosen by it."""
        return _RANK[self]

    @property
    def label(self) -> str:
        """As tables show it: problems in capitals (FAIL, MARGINAL, WAIVED), the rest plain (pass, n/a)."""
        return _LABEL[self]

    @property
    def colour(self) -> str:
        """Its colour on a terminal (a click colour name)."""
        return _TERMINAL[self]

    @property
    def ink(self) -> str:
        """Its colour in a document (HTML badges and bars)."""
        return _INK[self]

    @property
    def problem(self) -> bool:
        """A failure or a marginal value: what outputs report and baselines compare."""
        return self is Verdict.FAIL or self is Verdict.MARGINAL

    @property
    def blocks(self) -> bool:
        """Whether a finding with it can make a car non-compliant: a failure, when its rule is an error."""
        return self is Verdict.FAIL

    @property
    def badness(self) -> int:
        """How bad, for telling whether a change made a finding worse: fail 3, marginal 2, waived 1, pass
        and not applicable 0 (a rule that stops applying is no better or worse for it)."""
        return _BADNESS[self]


_RANK = {v: i for i, v in enumerate(Verdict)}
_LABEL = {Verdict.FAIL: "FAIL", Verdict.MARGINAL: "MARGINAL", Verdict.WAIVED: "WAIVED", Verdict.PASS: "pass",
          Verdict.NOT_APPLICABLE: "n/a"}  # fmt: skip
_TERMINAL = {Verdict.FAIL: "red", Verdict.MARGINAL: "yellow", Verdict.WAIVED: "magenta", Verdict.PASS: "green",
             Verdict.NOT_APPLICABLE: "bright_black"}  # fmt: skip
_INK = {Verdict.FAIL: "#b3261e", Verdict.MARGINAL: "#9a6700", Verdict.WAIVED: "#5a4fcf", Verdict.PASS: "#1a7f37",
        Verdict.NOT_APPLICABLE: "#6e7781"}  # fmt: skip
_BADNESS = {Verdict.FAIL: 3, Verdict.MARGINAL: 2, Verdict.WAIVED: 1, Verdict.PASS: 0, Verdict.NOT_APPLICABLE: 0}

PASS, FAIL, MARGINAL, NOT_APPLICABLE = Verdict.PASS, Verdict.FAIL, Verdict.MARGINAL, Verdict.NOT_APPLICABLE
WAIVED = Verdict.WAIVED
VERDICTS = tuple(Verdict)  # worst first


class Severity(_Word):
    """How much a rule's failure matters; ``off`` switches a rule off in a ruleset::

        >>> report.findings[0].severity
        <Severity.ERROR: 'error'>
    """

    ERROR = "error"  # a failure makes the car not compliant
    WARNING = "warning"  # reported; a failure fails the check with --fail-on warning or marginal
    INFO = "info"  # reported, never fails the check
    OFF = "off"  # not evaluated


SEVERITIES = tuple(Severity)


class FailOn(_Word):
    """What fails a check (``--fail-on``), least strict first: each fails on what the one before does, and more.
    A finding of an info rule fails none; one a baseline shows was already there neither."""

    ERROR = "error"  # a failed error-severity rule: the car is not compliant (the default)
    WARNING = "warning"  # also a failed warning-severity rule
    MARGINAL = "marginal"  # also a marginal value of an error or warning rule (--strict)

    def covers(self, other: FailOn) -> bool:
        """Whether this threshold fails on everything ``other`` fails on."""
        return _FAIL_ON.index(self) >= _FAIL_ON.index(other)


_FAIL_ON = tuple(FailOn)
APPLIED, EXPIRED = "applied", "expired"  # a waiver's state on the check date
IGNORED = "ignored"  # a waiver written in the spec, in a run that applies only the organiser's (--no-spec-waivers)

# the areas of a Stock-class check, in the order a scrutineer works through the car
AREAS = {
    "identity": "Homologation and identity",
    "engine": "Engine and restrictor",
    "chassis": "Chassis and suspension",
    "wheels": "Wheels and tyres",
    "fuel": "Fuel",
    "weight": "Weight",
    "safety": "Safety equipment",
}
# The "format" of the --format json report: what the json renderer writes and a JSON baseline must name.
REPORT_FORMAT = "homologate-report"
# The footnote of every output that marks illustrative rules with '*'.
ILLUSTRATIVE_LEGEND = "illustrative limit: the official figure is not public; see the rule's note."
# A failing finding's state against a baseline (--baseline): the SARIF baselineState words in brackets.
NEW, WORSE, EXISTING = "new", "worse", "existing"  # new, updated, unchanged


@dataclass(frozen=True)
class WaiverNote:
    """A deviation granted by the organiser, as written (in a spec or a waivers file) and as applied::

        >>> [(w.reference, w.state) for w in report.unused_waivers]
        []
    """

    rule: str
    reference: str
    reason: str
    granted_by: str
    expires: dt.date
    path: str | None  # only the finding at this spec path; None: every finding of the rule
    file: str  # where the waiver was written: its rule id's position
    line: int
    column: int
    state: str | None = None  # applied (in force on the check date) or expired
    verdict: Verdict | None = None  # the verdict of the finding it covered; None if it covered none


class _Worded:
    """Where a finding keeps what the engine left to be worded when first read (checker.evaluate.findings):
    its message, measured, limit, margin, derivation, line and column. A slot of its own, outside the
    finding's fields: not compared, copied, pickled or made data (``dataclasses.asdict``) with them. Unset
    or None once every field is made, or for a finding made whole."""

    __slots__ = ("_wording",)
    _wording: Callable[[Finding, str], Any] | None


@dataclass(slots=True, kw_only=True)  # not frozen: a frozen one takes 4.5 us to make against 0.8 us, ~47 per spec
class Finding(_Worded):
    """One rule's finding about one value of a spec (per item, for a rule applied to each). Never mutated.

    The rule's own facts (id, title, article, severity, provenance) are its ``rule``, shared by all its
    findings rather than copied into each. The engine makes a finding's texts and position the first time
    they are read (most findings pass, and most outputs show little of a passing one): to a reader they are
    fields like the others. ``line`` and ``column`` are None for a spec given as data::

        >>> f = report.findings[0]
        >>> f.rule_id, f.verdict, f.path, f.line
        ('T2-BODYSHELL', <Verdict.PASS: 'pass'>, 'build.chassis.bodyshell', 65)
    """

    rule: RuleInfo
    verdict: Verdict
    message: str
    path: str  # the spec value the finding is about: "build.safety.seats[1].manufactured"
    line: int | None  # None (and column too) for a spec given as data (checker.Ruleset.check_data): no text
    column: int | None
    measured: str | None = None  # formatted for people: "1702 mm"
    limit: str | None = None  # "≤ 1700 mm", "= S68", "one of FT3-1999, FT3.5, FT5"
    margin: str | None = None  # headroom, negative beyond the limit: "-2 mm"
    derivation: str | None = None  # how the limit came from the production reference
    measured_value: Any = None  # the raw values, in canonical units (mm, L, kg, kW, N·m; dates)
    limit_value: Any = None
    margin_value: float | None = None
    unit: str | None = None  # canonical unit of the raw values, where they are quantities
    baseline: str | None = None  # failing findings checked against a baseline: new, worse or existing
    waiver: WaiverNote | None = None  # the waiver that covers this finding (applied or expired)

    if not TYPE_CHECKING:  # hidden from mypy, which would take any misspelt attribute for a lazy field

        def __getattr__(self, name: str) -> Any:  # only for a field not set yet
            if name in _WORDED:
                wording = self.wording()
                if wording is not None:
                    return wording(self, name)
            raise AttributeError(f"'Finding' object has no attribute '{name}'")

    def wording(self) -> Callable[[Finding, str], Any] | None:
        """What makes this finding's fields not made yet (checker.evaluate.findings), or None."""
        try:
            return object.__getattribute__(self, "_wording")  # type: ignore[no-any-return]
        except AttributeError:  # made whole: never set
            return None

    def worded(self) -> Finding:
        """This finding with every field made now: what an output that shows them all (JSON) calls first,
        once, rather than have each field made as it is read."""
        wording = self.wording()
        if wording is not None:
            wording(self, "")
        return self

    def __getstate__(self) -> tuple[Any, ...]:  # pickled whole: every field worded, nothing left to word
        self.worded()
        return tuple(getattr(self, name) for name in FINDING_FIELDS)

    def __setstate__(self, state: tuple[Any, ...]) -> None:
        for name, value in zip(FINDING_FIELDS, state, strict=True):
            setattr(self, name, value)

    @property
    def rule_id(self) -> str:
        return self.rule.id

    @property
    def title(self) -> str:
        return self.rule.title

    @property
    def area(self) -> str:
        return self.rule.area

    @property
    def severity(self) -> Severity:
        return self.rule.severity

    @property
    def article(self) -> str:
        return self.rule.article

    @property
    def provenance(self) -> str:
        return self.rule.provenance

    @property
    def source(self) -> str | None:
        return self.rule.source

    @property
    def note(self) -> str | None:
        return self.rule.note

    @property
    def key(self) -> tuple[str, str]:
        """What identifies a finding across two versions of a spec: the rule and the value it is about."""
        return (self.rule.id, self.path)

    @property
    def illustrative(self) -> bool:
        return self.rule.provenance == "illustrative"

    @property
    def blocking(self) -> bool:
        """A failure that makes the car non-compliant (a failed error-severity rule)."""
        return self.verdict.blocks and self.rule.severity == Severity.ERROR

    @property
    def problem(self) -> bool:
        """A finding worth reporting: a failure or a marginal value, of any severity."""
        return self.verdict.problem

    @property
    def counts_against(self) -> bool:
        """Whether this finding can fail the run: not when a baseline shows it failed before."""
        return self.baseline != EXISTING

    def reaches(self, fail_on: FailOn) -> bool:
        """Whether a check at ``fail_on`` fails on a finding like this one (a baseline aside): a failed error
        rule always; a failed warning rule from ``warning`` on; a marginal value (not of an info rule) at
        ``marginal``."""
        if self.blocking:
            return True
        if self.rule.severity == Severity.INFO:
            return False
        if self.verdict is Verdict.FAIL:
            return fail_on.covers(FailOn.WARNING)
        return self.verdict is Verdict.MARGINAL and fail_on.covers(FailOn.MARGINAL)

    def fails(self, fail_on: FailOn) -> bool:
        """Whether this finding fails a check at ``fail_on``: it reaches the threshold and, against a
        baseline, is new or worse."""
        return self.counts_against and self.reaches(fail_on)

    @property
    def level(self) -> Severity:
        """How serious the problem is, as every output labels it (text, SARIF, GitHub, JUnit): its rule's
        severity, but a marginal value (within the measurement tolerance) of an error rule is a warning, not
        an error. A waived finding is labelled as the finding it covered."""
        verdict = self.waiver.verdict if self.verdict is Verdict.WAIVED and self.waiver else self.verdict
        if verdict is Verdict.MARGINAL and self.rule.severity == Severity.ERROR:
            return Severity.WARNING
        return self.rule.severity


FINDING_FIELDS = tuple(f.name for f in fields(Finding))  # what a finding is, each field worded
_WORDED = frozenset(("message", "measured", "limit", "margin", "derivation", "line", "column"))


@dataclass(frozen=True)
class Vehicle:
    make: str
    model: str
    homologation_form: str
    vehicle_class: str
    entry: str | None = None


@dataclass(frozen=True)
class Baseline:
    """What a report was compared with, and the problems found there that are gone now."""

    ref: str  # the git revision or the JSON report file
    fixed: tuple[Finding, ...] = ()
    note: str | None = None  # e.g. "not in HEAD~1: checked in full"


@dataclass(frozen=True)
class Report:
    """One spec's report: a finding per rule checked (per item for a rule on each item of a list), in the
    ruleset's order, with what was checked against what::

        >>> report.spec_file, report.ruleset, report.compliant
        ('specs/defender-d7x-r.yaml', 'dakar-2026-stock', True)
        >>> report.counts()[checker.Verdict.FAIL], report.exit_code()
        (0, 0)
    """

    spec_file: str
    vehicle: Vehicle
    ruleset: str
    ruleset_title: str
    ruleset_version: str
    on: dt.date
    findings: tuple[Finding, ...]
    ruleset_files: tuple[str, ...] = field(default=())
    baseline: Baseline | None = None
    spec_sha256: str | None = None  # of the spec file's bytes
    unused_waivers: tuple[WaiverNote, ...] = ()  # waivers that covered no failing finding, or were ignored

    @property
    def compliant(self) -> bool:
        """No error-severity rule failed (a marginal value or a failed warning leaves a car compliant)."""
        return not any(f.blocking for f in self.findings)

    def counts(self) -> dict[Verdict, int]:
        """How many findings have each verdict, worst first."""
        totals = dict.fromkeys(VERDICTS, 0)
        for finding in self.findings:
            totals[finding.verdict] += 1
        return totals

    def warnings(self) -> list[Finding]:
        """Findings that do not fail the car but the strictest check would: marginal ones, failed warnings."""
        return [f for f in self.findings if not f.blocking and f.reaches(FailOn.MARGINAL)]

    def exit_code(self, *, fail_on: FailOn = FailOn.ERROR) -> int:
        """1 when a finding fails a check at ``fail_on`` (by default: a failed error rule, the car not
        compliant). With a baseline, problems already there at the baseline do not count: only new or worse ones."""
        return 1 if any(f.fails(fail_on) for f in self.findings) else 0

    def failing_compliant(self, fail_on: FailOn) -> list[Finding]:
        """What fails a check at ``fail_on`` without making the car non-compliant: failed warning rules,
        marginal values."""
        return [f for f in self.findings if f.fails(fail_on) and not f.blocking]

    def baseline_counts(self) -> dict[str, int]:
        """Against a baseline: how many problems are new, worse, existing, and how many were fixed."""
        states = [f.baseline for f in self.findings if f.baseline]
        fixed = len(self.baseline.fixed) if self.baseline else 0
        return {NEW: states.count(NEW), WORSE: states.count(WORSE), EXISTING: states.count(EXISTING), "fixed": fixed}

    @property
    def illustrative_used(self) -> bool:
        return any(f.illustrative for f in self.findings if f.verdict != NOT_APPLICABLE)


@dataclass(frozen=True)
class Unchecked:
    """A spec that could not be checked (unreadable, malformed, invalid): where and why; ``more``, the other
    problems found in it at once (InputError.more), each a line of its own wherever it is shown."""

    file: str
    line: int
    column: int
    message: str
    more: tuple[Unchecked, ...] = ()

    @classmethod
    def of(cls, error: InputError) -> Unchecked:
        return cls(error.file, error.line, error.column, error.message, tuple(cls.of(e) for e in error.more))

    def error(self) -> InputError:
        return InputError(self.file, self.line, self.column, self.message, more=(p.error() for p in self.more))

    @property
    def problems(self) -> tuple[Unchecked, ...]:
        """Each problem on its own (``more`` of none): the first, then the others in order."""
        return (Unchecked(self.file, self.line, self.column, self.message), *self.more)

    def __str__(self) -> str:
        return "\n".join(one_line(f"{p.file}:{p.line}:{p.column}: {p.message}") for p in self.problems)


@dataclass(frozen=True)
class RuleInfo:
    """A rule as the outputs describe it (SARIF's rule list, the JSON report's ruleset, each finding's rule)::

        >>> rule = report.findings[0].rule
        >>> rule.id, rule.area, rule.severity, rule.provenance
        ('T2-BODYSHELL', 'identity', <Severity.ERROR: 'error'>, 'published')
    """

    id: str
    title: str
    area: str
    article: str
    provenance: str
    severity: Severity
    source: str | None
    note: str | None
    help: str | None

    @property
    def illustrative(self) -> bool:
        return self.provenance == "illustrative"


@dataclass(frozen=True)
class RulesetInfo:
    name: str
    title: str
    version: str
    event_date: dt.date | None
    files: tuple[str, ...]
    rules: tuple[RuleInfo, ...]
    sha256: tuple[str | None, ...] = ()  # of each file, in the order of files


@dataclass(frozen=True)
class Run:
    """One ``check`` call: the ruleset, then a report or a refusal per spec, in the order given."""

    ruleset: RulesetInfo
    items: tuple[Report | Unchecked, ...]
    fail_on: FailOn = FailOn.ERROR
    baseline: str | None = None

    @property
    def reports(self) -> tuple[Report, ...]:
        return tuple(i for i in self.items if isinstance(i, Report))

    @property
    def unchecked(self) -> tuple[Unchecked, ...]:
        return tuple(i for i in self.items if isinstance(i, Unchecked))

    @property
    def exit_code(self) -> int:
        """The worst of the specs: 2 if any could not be checked, else 1 if any fails, else 0."""
        return Tally.of(self.items, fail_on=self.fail_on).exit_code


@dataclass
class Tally:
    """What a run's totals need, counted spec by spec as they are checked: a streamed output keeps only
    this, never the reports themselves."""

    fail_on: FailOn = FailOn.ERROR
    specs: int = 0
    compliant: int = 0
    not_compliant: int = 0
    failing: int = 0  # reports whose exit status is not 0 (at ``fail_on``)
    unchecked: int = 0
    worst: int = 0  # the worst exit status of the reports

    @classmethod
    def of(cls, items: Iterable[Report | Unchecked], *, fail_on: FailOn = FailOn.ERROR) -> Tally:
        tally = cls(fail_on)
        for item in items:
            tally.add(item)
        return tally

    def add(self, item: Report | Unchecked) -> None:
        if isinstance(item, Unchecked):
            self.add_unchecked()
        else:
            self.add_checked(compliant=item.compliant, code=item.exit_code(fail_on=self.fail_on))

    def add_checked(self, *, compliant: bool, code: int) -> None:
        """A spec checked, told by its verdict and exit status (what a worker process sends back)."""
        self.specs += 1
        self.compliant += compliant
        self.not_compliant += not compliant
        self.failing += code != 0
        self.worst = max(self.worst, code)

    def add_unchecked(self) -> None:
        self.specs += 1
        self.unchecked += 1

    @property
    def checked(self) -> int:
        return self.specs - self.unchecked

    @property
    def passed(self) -> int:
        """Specs checked whose exit status is 0 at ``fail_on``."""
        return self.checked - self.failing

    @property
    def exit_code(self) -> int:
        """The worst of the specs: 2 if any could not be checked, else 1 if any fails, else 0."""
        return 2 if self.unchecked else self.worst
