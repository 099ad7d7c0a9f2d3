"""Each compiled rule as one generated Python function, all of a ruleset compiled in one call.

``_judge<i>(s, on, it)`` returns (verdict, measured, expected, low, high, margin), or None where the
rule's condition is false; ``_items<i>(s, on)`` gives an each rule's list. The code is put together
from the compiled expressions' code (see checker.expr.compile: nothing a ruleset author wrote is in it)
and this module's own fixed text.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from checker.expr.compile import EPSILON, Namespace
from checker.report import Verdict

if TYPE_CHECKING:
    from checker.ruleset.model import Rule


def with_functions(rules: list[Rule], namespace: Namespace, name: str) -> list[Rule]:
    """Each rule with its generated ``judge`` (and ``items``) function, all compiled in one go."""
    source = "\n".join(_rule_source(i, rule, namespace) for i, rule in enumerate(rules))
    scope = namespace.define(source, f"<ruleset {name}>")
    return [replace(rule, judge=scope[f"_judge{i}"], items=scope.get(f"_items{i}")) for i, rule in enumerate(rules)]


def _rule_source(index: int, rule: Rule, namespace: Namespace) -> str:
    """One rule as Python: ``_judge<index>(s, on, it)`` -> (verdict, measured, expected, low, high,
    margin), or None where its condition is false; ``_items<index>(s, on)`` for an each rule's list."""
    lines = [f"def _judge{index}(s, on, it):"]
    if rule.when is not None:
        lines.append(f"    if not {rule.when.code}: return None")
    lines.append(f"    m = {rule.value.code}")
    kind = rule.value.type.kind
    ok, bad = namespace.constant(Verdict.PASS), namespace.constant(Verdict.FAIL)
    if rule.members is not None:
        lines.append(f"    return ({ok} if m in {namespace.constant(rule.members)} else {bad}, "
                     "m, None, None, None, None)")
    elif rule.equals is not None:
        lines.append(f"    e = {rule.equals.code}")
        if kind == "number":
            lines.append("    g = -round(abs(m - e), 6)")
            lines.append(f"    return ({_verdict(rule, namespace)}, m, e, None, None, g)")
        else:
            lines.append(f"    return ({ok} if m == e else {bad}, m, e, None, None, None)")
    else:
        lines.append(f"    lo = {rule.min.code if rule.min else 'None'}")
        lines.append(f"    hi = {rule.max.code if rule.max else 'None'}")
        gap = "float(({a} - {b}).days)" if kind == "date" else "round({a} - {b}, 6)"
        if rule.max is not None:
            lines.append("    g = " + gap.format(a="hi", b="m"))
        if rule.min is not None:
            low = gap.format(a="m", b="lo")
            lines.append(f"    g = min(g, {low})" if rule.max is not None else f"    g = {low}")
        lines.append(f"    return ({_verdict(rule, namespace)}, m, None, lo, hi, g)")
    if rule.each is not None:
        lines.append(f"def _items{index}(s, on):\n    return {rule.each.code}")
    return "\n".join(lines) + "\n"


def _verdict(rule: Rule, namespace: Namespace) -> str:
    """The verdict of margin ``g``: pass at or inside the limit, marginal within the tolerance."""
    epsilon = namespace.constant(EPSILON)
    ok, bad = namespace.constant(Verdict.PASS), namespace.constant(Verdict.FAIL)
    if rule.tolerance is None:
        return f"{ok} if g >= -{epsilon} else {bad}"
    reach, marginal = namespace.constant(rule.tolerance + EPSILON), namespace.constant(Verdict.MARGINAL)
    return f"{ok} if g >= -{epsilon} else {marginal} if -g <= {reach} else {bad}"
