"""Where quotation marks open and close in raw text.

This works on characters only, before any parsing, so it is cheap and can be
tested on arbitrary input. Only double quotation marks count: straight ("),
curly (“ ”) and guillemets (« »). Single marks are left alone on purpose: ’ is
also the apostrophe, and headlines use ‘…’ for scare quotes far more often than
for speech.

News convention decides the unbalanced cases. A quote that runs over several
paragraphs opens every paragraph but closes only in the last, so a mark left
open at the end of a paragraph closes there. A second opening mark while one is
open means the first was never closed, so the first ends just before it.
"""

from __future__ import annotations

from dataclasses import dataclass

OPENING = frozenset("“«")
CLOSING = frozenset("”»")
STRAIGHT = '"'


@dataclass(frozen=True, slots=True)
class QuotedSegment:
    """Text between a pair of quotation marks.

    ``start``/``end`` delimit the words inside the marks with surrounding
    whitespace removed; ``outer_start``/``outer_end`` include the marks
    themselves (when a mark is missing, the outer edge is the inner edge).
    """

    start: int
    end: int
    outer_start: int
    outer_end: int


def quoted_segments(text: str) -> tuple[QuotedSegment, ...]:
    """Every quoted stretch of ``text``, in order, none empty, none crossing a line break."""
    segments: list[QuotedSegment] = []
    line_start = 0
    for line in text.split("\n"):
        segments.extend(_segments_in_line(text, line_start, line_start + len(line)))
        line_start += len(line) + 1
    return tuple(segments)


def _segments_in_line(text: str, start: int, end: int) -> list[QuotedSegment]:
    found: list[QuotedSegment] = []
    opened_at: int | None = None
    for i in range(start, end):
        char = text[i]
        if opened_at is None:
            if char in OPENING or char == STRAIGHT:
                opened_at = i
        elif char in CLOSING or char == STRAIGHT:
            found.extend(_segment(text, opened_at, i + 1, closed=True))
            opened_at = None
        elif char in OPENING:
            # The previous quote was never closed: it ends where the next one opens.
            found.extend(_segment(text, opened_at, i, closed=False))
            opened_at = i
    if opened_at is not None:
        found.extend(_segment(text, opened_at, end, closed=False))
    return found


def _segment(text: str, outer_start: int, outer_end: int, *, closed: bool) -> list[QuotedSegment]:
    inner_start = outer_start + 1
    inner_end = outer_end - 1 if closed else outer_end
    while inner_start < inner_end and text[inner_start].isspace():
        inner_start += 1
    while inner_end > inner_start and text[inner_end - 1].isspace():
        inner_end -= 1
    if inner_start >= inner_end:
        return []
    return [QuotedSegment(inner_start, inner_end, outer_start, outer_end)]
