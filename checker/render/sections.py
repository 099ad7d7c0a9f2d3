"""What the two document formats (HTML and Markdown) share: the findings to act on (page 1), the areas in
scrutineering order, the order of findings within an area, the notes shown once per report, the generation
time, and the wording of verdicts and provenance."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import lru_cache, wraps

from checker.render.clock import timestamp
from checker.report import (
    APPLIED,
    AREAS,
    FAIL,
    IGNORED,
    MARGINAL,
    NOT_APPLICABLE,
    PASS,
    WAIVED,
    FailOn,
    Finding,
    Report,
    RulesetInfo,
    WaiverNote,
)
from checker.text import printable


def grouped(report: Report) -> list[tuple[str, str, list[Finding]]]:
    """(area, heading, findings) for each area with findings; within an area, problems first, then rule order."""
    by_area: dict[str, list[Finding]] = {}
    for f in report.findings:
        by_area.setdefault(f.rule.area if f.rule.area in AREAS else "", []).append(f)
    groups = []
    for area, heading in AREAS.items():
        if findings := by_area.get(area):
            findings.sort(key=lambda f: f.verdict.rank)  # stable: rule order within a verdict
            groups.append((area, heading, findings))
    if others := by_area.get(""):
        groups.append(("other", "Other", others))
    return groups


def remembered(make: Callable[[str], str]) -> Callable[[str], str]:
    """``make`` (a pure function of a text) run once for each short text: a batch's reports repeat theirs
    (rule titles, articles, limits, paths). A long text (what a hostile spec might hold) is not kept."""
    kept = lru_cache(maxsize=8192)(make)

    @wraps(make)
    def made(text: str) -> str:
        return kept(text) if len(text) <= 200 else make(text)

    return made


def shown(value: str) -> str:
    """Text from a spec or a ruleset as a document shows it: white space as single spaces, and what does not
    print (a terminal escape, NUL, a bidirectional override that would reorder a signed line) shown escaped."""
    return printable(" ".join(value.split()))


def to_act_on(report: Report) -> list[Finding]:
    """What a scrutineer acts on, for the first page: every failing, marginal and waived finding, worst first
    (rule order within a verdict)."""
    return sorted((f for f in report.findings if f.problem or f.verdict is WAIVED), key=lambda f: f.verdict.rank)


def has_waivers(report: Report) -> bool:
    """Whether any finding has a waiver: a Waiver column only then (an empty column is left out)."""
    return any(f.waiver for f in report.findings)


def notes(groups: list[tuple[str, str, list[Finding]]]) -> dict[str, list[str]]:
    """Each rule note a report shows, once, with the rules that carry it, in the order of its full table
    (``groups``, as ``grouped`` gives it): footnote n is the n-th key. A rule applied to each seat or
    restrictor shows its note once, not per row."""
    found: dict[str, list[str]] = {}
    for _, _, findings in groups:
        for f in findings:
            if f.note and f.rule_id not in found.setdefault(f.note, []):
                found[f.note].append(f.rule_id)
    return found


def generated() -> str:
    """When the report is generated, as an ISO 8601 UTC time (2026-01-02T08:30:00Z): now, or SOURCE_DATE_EPOCH
    where set, read in checker.render.clock as JUnit reads it."""
    return timestamp() + "Z"


def when(stamp: str) -> str:
    """A generation time for people: 2026-01-02 08:30:00 UTC."""
    return stamp.replace("T", " ").removesuffix("Z") + " UTC"


def identity(report: Report, ruleset: RulesetInfo) -> list[tuple[str, str]]:
    """The report's opening facts, as (label, value): the vehicle, the ruleset and the dates."""
    v = report.vehicle
    return [
        ("Make", v.make), ("Model", v.model), ("Homologation form", v.homologation_form),
        ("Class", v.vehicle_class), ("Entry", v.entry or "—"), ("Spec file", report.spec_file),
        ("Ruleset", f"{ruleset.name} {ruleset.version}"), ("Title", ruleset.title),
        ("Event date", ruleset.event_date.isoformat() if ruleset.event_date else "—"),
        ("Checked on", report.on.isoformat()),
    ]  # fmt: skip


def verdict_words(report: Report, fail_on: FailOn = FailOn.ERROR) -> tuple[str, str]:
    """The verdict as every output words it: COMPLIANT or NOT COMPLIANT (the car against the ruleset), then,
    where the exit status says otherwise, why, so that no reader takes the one for the other:
    ``, but fails --fail-on marginal with 1 marginal value``, or against a baseline ``, but passes as no
    failure is new or worse since REF``. The qualifier is empty when verdict and exit status agree."""
    failing = report.exit_code(fail_on=fail_on) != 0
    if report.compliant:
        return "COMPLIANT", f", but fails --fail-on {fail_on} with {_beyond(report, fail_on)}" if failing else ""
    since = report.baseline.ref if report.baseline else "the baseline"
    problems = "failure or marginal value" if fail_on is FailOn.MARGINAL else "failure"
    return "NOT COMPLIANT", "" if failing else f", but passes as no {problems} is new or worse since {since}"


def _beyond(report: Report, fail_on: FailOn) -> str:
    """What fails a compliant car's check: "1 failed warning and 2 marginal values"."""
    found = report.failing_compliant(fail_on)
    warnings = sum(f.verdict is FAIL for f in found)
    marginal = len(found) - warnings
    parts = [f"{warnings} failed warning{'s' if warnings != 1 else ''}"] if warnings else []
    parts += [f"{marginal} marginal value{'s' if marginal != 1 else ''}"] if marginal else []
    return " and ".join(parts)


def verdict_line(report: Report) -> str:
    counts = report.counts()
    return (f"{counts[FAIL]} failed, {counts[MARGINAL]} marginal, {counts[WAIVED]} waived, {counts[PASS]} passed, "
            f"{counts[NOT_APPLICABLE]} not applicable")  # fmt: skip


def provenance_text(f: Finding) -> str:
    return "illustrative limit (not the official figure)" if f.illustrative else "published"


def noted_waivers(report: Report) -> list[WaiverNote]:
    """Every waiver the report mentions: those that covered a finding, then those that covered none."""
    return [f.waiver for f in report.findings if f.waiver] + list(report.unused_waivers)


def waiver_status(w: WaiverNote) -> str:
    """What became of a waiver on the check date, in words."""
    if w.state == IGNORED:
        return "ignored: waivers written in a spec are not applied in this run (--no-spec-waivers)"
    if w.verdict is None:
        return "not used: no failing finding to waive"
    if w.state == APPLIED:
        return f"applied (finding was {w.verdict})"
    return f"expired on {w.expires.isoformat()}: no longer applies, the finding stands"


def waiver_state(w: WaiverNote) -> str:
    """A covering waiver's state, short, for a finding's row."""
    return "in force" if w.state == APPLIED else f"expired on {w.expires.isoformat()}, no longer applies"


# the sign-off: who signs, and what each writes by hand
SIGNATORIES = ("Scrutineer", "Team representative")
SIGN_FIELDS = ("Name", "Date", "Signature")


def authors(entries: Iterable[str | None]) -> str:
    """The document's author, for its metadata: the entries reported on (the teams), each once, else
    homologate."""
    return "; ".join(dict.fromkeys(entry for entry in entries if entry)) or "homologate"
