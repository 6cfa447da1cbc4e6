"""Time expressions in an article, each normalised to a TIMEX3 value.

::

    refs = find_dates(article)            # relative dates resolved against article.published
    refs = find_dates(article, date(2025, 6, 2), anchor_kind="inferred")

Recognition is a rule grammar (:mod:`.timex_rules`): one regex per kind of
expression, each tried only at the words it can begin with (:mod:`.timex_scan`),
the longest non-overlapping matches kept. Normalisation turns each
match into a TIMEX3 type and value ("on Monday" → 2025-06-02, "last June" →
2024-06, "over seven weeks" → P7W), reading the verb's tense nearby to decide
between the last and the next Monday. No model is loaded, so it runs on every
article at regex speed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from ..models import Article, DateRef, Span, TimexType
from .timex_rules import RULES, Context, Found
from .timex_scan import RuleScanner

_DAY = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?:T|$)")
_SCANNER = RuleScanner(RULES)


@dataclass(frozen=True, slots=True)
class _Candidate:
    start: int
    end: int
    priority: int
    found: Found


def _candidates(text: str, context: Context) -> list[_Candidate]:
    """Every rule's normalised matches, overlapping ones included."""
    found: list[_Candidate] = []
    for priority, match in _SCANNER.matches(text):
        try:
            result = RULES[priority].normalise(match, context)
        except (ValueError, OverflowError):  # no such day, or beyond year 9999
            result = None
        if result is not None:
            found.append(_Candidate(match.start(), match.end(), priority, result))
    return found


def _longest_first(candidates: list[_Candidate]) -> list[_Candidate]:
    """Non-overlapping candidates: at each start the longest wins, then the earlier rule."""
    ordered = sorted(candidates, key=lambda c: (c.start, -(c.end - c.start), c.priority))
    kept: list[_Candidate] = []
    for candidate in ordered:
        if kept and candidate.start < kept[-1].end:
            if candidate.end - candidate.start > kept[-1].end - kept[-1].start:
                kept[-1] = candidate  # a longer expression starting inside the last one
            continue
        kept.append(candidate)
    return kept


def calendar_day(value: str) -> date | None:
    """The day a TIMEX3 value names ("2025-06-02", "2025-06-02TEV"), else None."""
    match = _DAY.match(value)
    if not match:
        return None
    try:
        return date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return None


def find_dates(
    article: Article, anchor: date | None = None, anchor_kind: str = "published"
) -> tuple[DateRef, ...]:
    """Every time expression in ``article.text``, in text order, with its TIMEX3 value.

    Relative expressions are resolved against ``anchor`` (by default the
    article's publication date); ``anchor_kind`` records what that anchor was.
    Absolute expressions, and everything when there is no anchor, get
    ``anchor="none"``; unresolvable ones then keep an underspecified value
    such as "XXXX-05-16".
    """
    text = article.text
    if anchor is None:
        anchor, anchor_kind = article.published, "published"
    context = Context(text, anchor)
    refs = []
    for c in _longest_first(_candidates(text, context)):
        refs.append(
            DateRef(
                span=Span(article.id, c.start, c.end),
                text=text[c.start : c.end],
                type=TimexType(c.found.type),
                value=c.found.value,
                day=calendar_day(c.found.value),
                anchor=anchor_kind if c.found.relative and anchor is not None else "none",
            )
        )
    return tuple(refs)
