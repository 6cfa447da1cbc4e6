"""Does the text around a time expression look back or ahead?

"Monday" in "they met on Monday" is the Monday before the paper came out; in
"they will meet on Monday" it is the next one. A full parse would find the
governing verb; a window of words is far cheaper and right for most news
sentences: the nearest tense marker inside the sentence decides.
"""

from __future__ import annotations

import re

from .timex_calendar import Tense

_FUTURE = re.compile(
    r"\b(?:will|won't|shall|'ll|going\s+to|is\s+to|are\s+to|plans?\s+to|planning|"
    r"scheduled|expected\s+to|set\s+to|intends?\s+to|upcoming|next|coming)\b",
    re.IGNORECASE,
)
_PAST = re.compile(
    r"\b(?:\w+ed|was|were|had|did|said|told|met|held|began|led|sent|took|made|came|went|"
    r"fell|rose|left|gave|saw|spoke|struck|won|lost|paid|sold|bought|became|brought|"
    r"fought|found|got|heard|kept|knew|ran|sat|stood|thought|wrote|ago|last|earlier|"
    r"yesterday)\b",
    re.IGNORECASE,
)
# Words ending in -ed that are not past verbs ("need", "speed", "hundred").
_NOT_PAST = frozenset(
    {
        "need",
        "needed",
        "speed",
        "seed",
        "feed",
        "bed",
        "red",
        "shed",
        "hundred",
        "united",
        "indeed",
        "proceed",
        "exceed",
        "succeed",
        "breed",
        "greed",
        "weed",
        "creed",
    }
)
_SENTENCE_END = re.compile(r"[.!?]\s|\n")
_WINDOW = 120  # characters either side; a clause rarely reaches further


def _sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    left = max(0, start - _WINDOW)
    before = [m.end() for m in _SENTENCE_END.finditer(text, left, start)]
    after = _SENTENCE_END.search(text, end, min(len(text), end + _WINDOW))
    return (before[-1] if before else left), (
        after.start() + 1 if after else min(len(text), end + _WINDOW)
    )


def _markers(
    pattern: re.Pattern[str], text: str, lo: int, hi: int, skip: tuple[int, int]
) -> list[int]:
    positions = []
    for m in pattern.finditer(text, lo, hi):
        if skip[0] <= m.start() < skip[1] or m.group().lower() in _NOT_PAST:
            continue
        positions.append(m.start())
    return positions


def tense_near(text: str, start: int, end: int) -> Tense:
    """ "past", "future" or None for the expression at ``text[start:end]``."""
    lo, hi = _sentence_bounds(text, start, end)
    middle = (start + end) / 2
    future = _markers(_FUTURE, text, lo, hi, (start, end))
    # "scheduled" ends in -ed but looks ahead: a future marker wins its own position.
    past = [p for p in _markers(_PAST, text, lo, hi, (start, end)) if p not in future]
    if not future and not past:
        return None
    nearest_future = min((abs(p - middle) for p in future), default=float("inf"))
    nearest_past = min((abs(p - middle) for p in past), default=float("inf"))
    return "future" if nearest_future < nearest_past else "past"
