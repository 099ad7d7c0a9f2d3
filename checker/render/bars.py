"""A small inline SVG bar per numeric finding: where the measured value sits against its limit.

The allowed range is shaded; a tick marks each limit; a dot, coloured by verdict, marks the measured
value. The scale is chosen per finding so that the margin is visible: a reader sees at a glance what
is near the edge. Dates are drawn on a scale of days.
"""

from __future__ import annotations

import datetime as dt
from html import escape
from typing import Any

from checker.render.sections import shown
from checker.report import Finding

WIDTH, HEIGHT, PAD = 110, 16, 6


def svg(f: Finding) -> str:
    """The bar for a finding, or an empty string where there is no number to draw."""
    measured = _number(f.measured_value)
    limits = f.limit_value if isinstance(f.limit_value, list) else [f.limit_value]
    bounds = [_number(v) for v in limits]
    if measured is None or not bounds or any(b is None for b in bounds) or f.margin_value is None:
        return ""
    low, high = _range(f, measured, bounds)  # type: ignore[arg-type]
    lo_view, hi_view = _view(measured, low, high)

    def x(value: float) -> float:
        return round(PAD + (value - lo_view) / (hi_view - lo_view) * (WIDTH - 2 * PAD), 1)

    left = x(low) if low is not None else 0
    right = x(high) if high is not None else WIDTH
    ticks = "".join(f'<line x1="{x(b)}" x2="{x(b)}" y1="1" y2="{HEIGHT - 1}" stroke="#1f2328" stroke-width="1.5"/>'
                    for b in (low, high) if b is not None)  # fmt: skip
    label = escape(shown(f"{f.measured} against {f.limit}"))
    return (f'<svg class="bar" width="{WIDTH}" height="{HEIGHT}" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
            f'aria-label="{label}"><title>{label}</title>'
            f'<rect x="0" y="{HEIGHT / 2 - 2}" width="{WIDTH}" height="4" fill="#eaeef2"/>'
            f'<rect x="{left}" y="{HEIGHT / 2 - 3}" width="{max(right - left, 1.5)}" height="6" fill="#b4e5c2"/>'
            f'{ticks}<circle cx="{x(measured)}" cy="{HEIGHT / 2}" r="4" fill="{f.verdict.ink}"/>'
            "</svg>")  # fmt: skip


def _number(value: Any) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return float(value)
    if isinstance(value, dt.date):
        return float(value.toordinal())
    return None


def _range(f: Finding, measured: float, bounds: list[float]) -> tuple[float | None, float | None]:
    """The allowed interval: both ends for a range or an equality, else the side the margin says."""
    if len(bounds) == 2:
        return bounds[0], bounds[1]
    (limit,) = bounds
    if (f.limit or "").startswith("="):
        return limit, limit
    margin = f.margin_value or 0.0
    if abs((limit - measured) - margin) <= 1e-6 * max(1.0, abs(limit)):
        return None, limit  # the margin is the headroom below a maximum
    return limit, None


def _view(measured: float, low: float | None, high: float | None) -> tuple[float, float]:
    points = [p for p in (measured, low, high) if p is not None]
    lo, hi = min(points), max(points)
    span = hi - lo
    if span == 0:
        span = max(abs(lo) * 0.02, 1.0)
    return lo - span * 0.35, hi + span * 0.35
