"""The days an undated article itself states, and whether an event's dates contradict them.

An article without a publication date still often says when its happening took
place, and news says it at the top: "Reid checked herself in on Tuesday, December
9, 2008." Only days written with their year count (a bare "on Monday" needs an
anchor the article lacks), and only in the opening lines, where the happening is
told; deeper down come history and plans ("the 1991 attack", "its November 22,
2013 release").

Grouping uses these days the way it uses a publication day, to keep an undated
article out of an event of another year; an undated article borrows its event's
date only when it states no day that event's dates contradict.
"""

from __future__ import annotations

import re
from datetime import date

from ..extract.dates import find_dates
from ..models import Article, DateRef, TimexType

# How much of the text is "the opening": its first lines (scraped files put one
# sentence per line) up to this many characters.
OPENING_LINES = 3
OPENING_CHARS = 600
# A stated day this far from every day of an event contradicts it (as for
# publication days: an event of 31 December reported on 2 January is one event).
CONTRADICTION_DAYS = 183

_WRITTEN_YEAR = re.compile(r"\b(?:1[89]|2[01])\d\d\b")


def _opening_end(text: str) -> int:
    end = 0
    for _ in range(OPENING_LINES):
        found = text.find("\n", end)
        if found < 0:
            return min(len(text), OPENING_CHARS)
        end = found + 1
    return min(end, OPENING_CHARS)


def _is_stated_day(ref: DateRef, opening_end: int) -> bool:
    return (
        ref.type is TimexType.DATE
        and ref.day is not None
        and ref.span.start < opening_end
        and _WRITTEN_YEAR.search(ref.text) is not None
    )


def stated_days(article: Article, refs: tuple[DateRef, ...] | None = None) -> tuple[date, ...]:
    """Days written with their year in the article's opening lines, in text order."""
    found = find_dates(article) if refs is None else refs
    end = _opening_end(article.text)
    return tuple(ref.day for ref in found if ref.day is not None and _is_stated_day(ref, end))


def contradicts(stated: tuple[date, ...], start: date | None, end: date | None) -> bool:
    """Whether every stated day lies far from the span ``start``–``end`` (False when
    either side is missing: nothing stated, or an undated event)."""
    if not stated or start is None:
        return False
    last = end or start
    return all(
        (start - day).days > CONTRADICTION_DAYS or (day - last).days > CONTRADICTION_DAYS
        for day in stated
    )
