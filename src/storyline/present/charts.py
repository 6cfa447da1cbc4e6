"""Inline SVG and list markup for the HTML brief's coverage chart and timeline.

The SVG uses presentation attributes only (no ``style=`` attributes), so the
page's Content-Security-Policy can allow just its one hashed style sheet.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from html import escape

from ..models import Brief, TimelineEntry

_WIDTH = 640
_LABEL_WIDTH = 200
_ROW = 26
_BAR = 18
_LABEL_CHARS = 28  # longer outlet names are shortened; the full name is in a tooltip


def _shorten(text: str) -> str:
    return text if len(text) <= _LABEL_CHARS else text[: _LABEL_CHARS - 1] + "…"


def _bar(y: int, label: str, value: int, top: int, css_class: str) -> str:
    room = _WIDTH - _LABEL_WIDTH - 60
    length = max(2, round(room * value / top)) if top else 2
    name = escape(label)
    return (
        f'<g class="{css_class}"><title>{name}: {value}</title>'
        f'<text x="{_LABEL_WIDTH - 8}" y="{y + _BAR - 5}" text-anchor="end">'
        f"{escape(_shorten(label))}</text>"
        f'<rect x="{_LABEL_WIDTH}" y="{y}" width="{length}" height="{_BAR}" rx="2"/>'
        f'<text x="{_LABEL_WIDTH + length + 6}" y="{y + _BAR - 5}">{value}</text></g>'
    )


def coverage_svg(brief: Brief) -> str:
    """A bar per outlet, then all articles against the independent reports among them."""
    top = max([brief.articles, *(c.articles for c in brief.coverage)], default=0)
    parts: list[str] = []
    y = 4
    for row in brief.coverage:
        parts.append(_bar(y, row.outlet, row.articles, top, "bar outlet"))
        y += _ROW
    y += _ROW // 2
    parts.append(
        f'<line class="rule" x1="0" x2="{_WIDTH}" y1="{y - _ROW // 4}" y2="{y - _ROW // 4}"/>'
    )
    parts.append(_bar(y, "All articles", brief.articles, top, "bar total"))
    y += _ROW
    parts.append(_bar(y, "Independent reports", brief.independent_reports, top, "bar independent"))
    y += _ROW
    outlets = "; ".join(f"{c.outlet}: {c.articles}" for c in brief.coverage) or "none"
    description = (
        f"Articles per outlet: {outlets}. In all {brief.articles} articles, "
        f"which come from {brief.independent_reports} independent reports."
    )
    return (
        f'<svg class="chart" role="img" aria-labelledby="coverage-title coverage-desc" '
        f'viewBox="0 0 {_WIDTH} {y}" width="{_WIDTH}" height="{y}" '
        f'xmlns="http://www.w3.org/2000/svg">'
        f'<title id="coverage-title">Coverage: articles per outlet</title>'
        f'<desc id="coverage-desc">{escape(description)}</desc>'
        f"{''.join(parts)}</svg>"
    )


def gap_label(earlier: date, later: date) -> str | None:
    """How much time passes between two timeline entries, when worth saying."""
    days = (later - earlier).days
    if days <= 1:
        return None
    if days < 60:
        return f"{days} days later"
    if days < 730:
        return f"about {round(days / 30.44)} months later"
    return f"about {round(days / 365.25)} years later"


def timeline_items(
    entries: Sequence[TimelineEntry], render_entry: Callable[[TimelineEntry], str]
) -> str:
    """``<li>`` items along the timeline axis, with the time between entries marked."""
    items = []
    previous: date | None = None
    for entry in entries:
        gap = gap_label(previous, entry.day) if previous else None
        if gap:
            items.append(f'<li class="gap">{escape(gap)}</li>')
        items.append(render_entry(entry))
        previous = entry.day
    return "".join(items)
