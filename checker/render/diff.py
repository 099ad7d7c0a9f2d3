"""``homologate diff`` as text (people) or JSON (programs): each changed value with the findings that
changed with it, then the findings that changed on their own, then the totals.

Not a ``check --format``: these render a ``checker.tools.diff.Diff``, not a run of reports.
"""

from __future__ import annotations

from typing import Any

from checker.render.json import dumps
from checker.render.json import finding as finding_json
from checker.report import ILLUSTRATIVE_LEGEND, FailOn
from checker.text import DEFAULT_WIDTH, printable, wrapped
from checker.tools.changed_values import ADDED, CHANGED, REMOVED, ValueChange
from checker.tools.diff import BETTER, GONE, NEW, WORSE, Diff, FindingChange
from checker.version import __version__

FORMAT, FORMAT_VERSION = "homologate-diff", 1
ILLUSTRATIVE = f"* {ILLUSTRATIVE_LEGEND}"
_SHOWN_WIDTH = 50  # values longer than this are not padded: they would push every position far right


def text(diff: Diff, width: int = DEFAULT_WIDTH) -> str:
    """The changes for a terminal or a log: every line escaped where the specs hold what does not print, and
    wrapped to ``width`` (checker.text.wrap)."""
    return "\n".join(wrapped(map(printable, _lines(diff)), width)) + "\n"


def _lines(diff: Diff) -> list[str]:
    old, new = diff.old, diff.new
    ruleset = f"(ruleset {new.ruleset}, checked on {new.on.isoformat()})"
    if diff.identical:
        return [f"{old.spec_file} -> {new.spec_file}: no value changed {ruleset}"]
    lines = [f"{old.spec_file} -> {new.spec_file} {ruleset}", ""]
    shown = [_value(v) for v in diff.values]
    width = max((len(v.name) for v in diff.values), default=0)
    span = min(max((len(s) for s in shown), default=0), _SHOWN_WIDTH)
    for value, change in zip(diff.values, shown, strict=True):
        lines.append(f"{value.name.ljust(width)}  {change.ljust(span)}  {value.file}:{value.line}:{value.column}")
        lines.extend("  " + _finding(f, value.name) for f in diff.under(value))
    if diff.unattached:
        if diff.values:
            lines.append("")
        lines.append("Findings that changed without a changed value their rule reads:")
        lines.extend("  " + _finding(f, None) for f in diff.unattached)
    lines += ["", summary(diff)]
    if any(f.finding.illustrative for f in diff.findings):
        lines.append(ILLUSTRATIVE)
    return lines


def _value(value: ValueChange) -> str:
    if value.change == ADDED:
        return f"added: {value.new}"
    if value.change == REMOVED:
        return f"removed: {value.old}"
    by = f" ({value.difference})" if value.difference else ""
    return f"{value.old} -> {value.new}{by}"


def _finding(change: FindingChange, under: str | None) -> str:
    """``STK-TRACK-FRONT *  pass, +20 mm -> fail, -15 mm (worse): <the finding's message now>``."""
    f = change.finding
    star = " *" if f.illustrative else ""
    at = f" at {f.path}" if f.path != under else ""
    label = {CHANGED: "", NEW: "new", GONE: "gone"}[change.change]
    if change.direction in (WORSE, BETTER):
        label = f"{label}, {change.direction}" if label else change.direction
    label = f" ({label})" if label else ""
    if change.new is None:
        message = f"was: {f.message}"
    else:
        message = change.new.message
        if change.old is not None and change.old.limit and change.new.limit and change.old.limit != change.new.limit:
            message += f"; the limit was {change.old.limit}"
    return f"{f.rule_id}{star}{at}  {_side(change.old)} -> {_side(change.new)}{label}: {message}"


def _side(f: Any) -> str:
    if f is None:
        return "absent"
    verdict = f.verdict.replace("_", " ")
    return f"{verdict}, {f.margin}" if f.margin else verdict


def summary(diff: Diff) -> str:
    values = len(diff.values)
    text = f"{values} value{'s' if values != 1 else ''} changed; "
    if not diff.findings:
        return text + "no finding changed"
    count = len(diff.findings)
    parts = [f"{n} {direction}" for direction, n in diff.counts().items() if n]
    return text + f"{count} finding{'s' if count != 1 else ''} changed: {', '.join(parts)}"


# --- JSON --------------------------------------------------------------------------------------------


def json_text(diff: Diff) -> str:
    return dumps(document(diff))


def document(diff: Diff) -> dict[str, Any]:
    """Stable field names; ``format_version`` changes if they ever do not stay compatible."""
    old, new = diff.old, diff.new
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "homologate": __version__,
        "old": {"file": old.spec_file, "spec_sha256": old.spec_sha256},
        "new": {"file": new.spec_file, "spec_sha256": new.spec_sha256},
        "ruleset": {"name": new.ruleset, "title": new.ruleset_title, "version": new.ruleset_version,
                    "files": list(new.ruleset_files)},
        "checked_on": new.on,
        "strict": diff.fail_on is FailOn.MARGINAL,
        "fail_on": diff.fail_on,
        "exit_code": diff.exit_code,
        "identical": diff.identical,
        "summary": {"values": len(diff.values), "findings": len(diff.findings), **diff.counts()},
        "values": [_value_json(v, diff) for v in diff.values],
        "findings": [_finding_json(f, diff) for f in diff.findings],
    }


def _value_json(value: ValueChange, diff: Diff) -> dict[str, Any]:
    return {
        "path": value.name,
        "change": value.change,
        "old": value.old,
        "new": value.new,
        "difference": value.difference,
        "old_value": value.old_value,
        "new_value": value.new_value,
        "difference_value": value.difference_value,
        "unit": value.unit,
        "file": value.file,
        "line": value.line,
        "column": value.column,
        "findings": [{"rule_id": f.finding.rule_id, "path": f.finding.path} for f in diff.under(value)],
    }


def _finding_json(change: FindingChange, diff: Diff) -> dict[str, Any]:
    f = change.finding
    return {
        "rule_id": f.rule_id,
        "path": f.path,
        "change": change.change,
        "direction": change.direction,
        "illustrative": f.illustrative,
        "values": list(change.values),
        "old": None if change.old is None else finding_json(change.old, diff.old.spec_file),
        "new": None if change.new is None else finding_json(change.new, diff.new.spec_file),
    }

