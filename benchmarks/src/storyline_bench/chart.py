"""A small SVG line chart for benchmark figures in docs/ (no plotting library needed)."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from html import escape

_COLOURS = ("#1f6feb", "#d1242f", "#1a7f37", "#8250df")


def line_chart_svg(
    xs: Sequence[float],
    series: Mapping[str, Sequence[float]],
    x_label: str,
    log_x: bool = False,
    width: int = 560,
    height: int = 260,
) -> str:
    """One line per series over shared x values; labelled axes, a legend, plain SVG."""
    if not xs or not series:
        raise ValueError("a chart needs x values and at least one series")
    left, right, top, bottom = 60, 44, 20, 44
    at_x = [math.log10(x) if log_x else float(x) for x in xs]
    low, high = min(at_x), max(at_x)
    high = high if high > low else low + 1
    peak = max(max(values) for values in series.values()) * 1.15 or 1.0

    def point(x: float, y: float) -> tuple[float, float]:
        px = left + (x - low) / (high - low) * (width - left - right)
        return px, top + (1 - y / peak) * (height - top - bottom)

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        'font-family="sans-serif" font-size="12">',
        f'<rect width="{width}" height="{height}" fill="white"/>',
    ]
    ticks = list(zip(at_x, xs, strict=True))
    step = max(1, len(ticks) // 6)  # at most about six labels under the axis
    for x, raw in ticks[::step] + ([ticks[-1]] if (len(ticks) - 1) % step else []):
        px, _ = point(x, 0)
        parts.append(f'<text x="{px:.0f}" y="{height - 24}" text-anchor="middle">{raw:,.0f}</text>')
    for fraction in (0.0, 0.5, 1.0):
        value = peak / 1.15 * fraction
        _, py = point(low, value)
        parts.append(f'<text x="{left - 6}" y="{py + 4:.0f}" text-anchor="end">{value:.2f}</text>')
    for row, (name, values) in enumerate(series.items()):
        colour = _COLOURS[row % len(_COLOURS)]
        line = " ".join(
            "{:.1f},{:.1f}".format(*point(x, y)) for x, y in zip(at_x, values, strict=True)
        )
        parts.append(f'<polyline points="{line}" fill="none" stroke="{colour}" stroke-width="2"/>')
        parts.append(
            f'<text x="{left + 10}" y="{top + 14 + 16 * row}" fill="{colour}">{escape(name)}</text>'
        )
    parts.append(
        f'<text x="{width / 2:.0f}" y="{height - 6}" text-anchor="middle">{escape(x_label)}</text>'
    )
    parts.append("</svg>")
    return "\n".join(parts) + "\n"
