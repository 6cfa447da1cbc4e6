"""Recognise lines that are nothing but a date ("datelines") and read the date.

News text files often carry the publication date on a line of its own, in
whatever style the outlet uses: "Monday, June 2, 2025", "Mon Jun 02 2025",
"December 15th, 2008, 7:35 am", "2025-06-02", "June 2, 2025 14:35 GMT".

A line is a dateline only when *every* token in it is date vocabulary
(weekday and month names, numbers, ordinals, clock times, am/pm, time-zone
names, a few labels such as "Published" or "Updated", punctuation). A prose
sentence that merely mentions a date contains other words and is rejected, so
callers can safely delete datelines from the article body.

The parser is deliberately small and explicit instead of using a general
natural-language date library: those accept "today", "in two weeks" or a bare
"May", and silently fill in missing parts from the current date, which would
invent publication dates.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from email.utils import parsedate_to_datetime

# A dateline longer than this is prose, whatever its words.
MAX_DATELINE_CHARS = 100

MONTHS: dict[str, int] = {  # month names and their short forms -> number
    "january": 1,
    "jan": 1,
    "february": 2,
    "feb": 2,
    "march": 3,
    "mar": 3,
    "april": 4,
    "apr": 4,
    "may": 5,
    "june": 6,
    "jun": 6,
    "july": 7,
    "jul": 7,
    "august": 8,
    "aug": 8,
    "september": 9,
    "sep": 9,
    "sept": 9,
    "october": 10,
    "oct": 10,
    "november": 11,
    "nov": 11,
    "december": 12,
    "dec": 12,
}

_WEEKDAYS = frozenset(
    {
        "monday",
        "mon",
        "tuesday",
        "tue",
        "tues",
        "wednesday",
        "wed",
        "thursday",
        "thu",
        "thur",
        "thurs",
        "friday",
        "fri",
        "saturday",
        "sat",
        "sunday",
        "sun",
    }
)

# Time-zone names and abbreviations that outlets print after a clock time.
_ZONES = frozenset(
    {
        "gmt",
        "utc",
        "z",
        "bst",
        "ist",
        "cet",
        "cest",
        "eet",
        "eest",
        "wet",
        "west",
        "msk",
        "est",
        "edt",
        "cst",
        "cdt",
        "mst",
        "mdt",
        "pst",
        "pdt",
        "akst",
        "akdt",
        "hst",
        "et",
        "ct",
        "mt",
        "pt",
    }
)

# Words that may surround a date on a dateline without making it prose.
# "a", "p" and "m" cover spaced-out meridiems such as "10:55 P. M.".
_FILLER = frozenset(
    {
        "am",
        "pm",
        "a",
        "p",
        "m",
        "noon",
        "midnight",
        "at",
        "on",
        "of",
        "the",
        "published",
        "posted",
        "updated",
        "last",
        "first",
        "edited",
        "modified",
        "date",
        "release",
        "released",
    }
)

_TOKEN = re.compile(
    r"""
    (?P<iso>\d{4}-\d{1,2}-\d{1,2})
        (?:t\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:z|[+-]\d{2}:?\d{2})?)?(?![\d])
  | (?P<numeric>\d{1,2}[/.]\d{1,2}[/.]\d{2,4}|\d{1,2}-\d{1,2}-\d{4})(?![\d])
  | (?P<offset>[+\-−]\d{2}:?\d{2})(?![\d:])
  | (?P<time>\d{1,2}:\d{2}(?::\d{2})?)(?![\d])
  | (?P<ordinal>\d{1,2})(?:st|nd|rd|th)\b
  | (?P<number>\d+)(?![\d])
  | (?P<word>[a-z]+)
  | (?P<punct>[\s,.;:|/\-–—()\[\]@'’+])
    """,
    re.VERBOSE,
)


@dataclass(frozen=True, slots=True)
class Dateline:
    """A line recognised as a dateline.

    ``date`` is ``None`` when the line is clearly a date but does not pin one
    down: no year ("Dec. 24 4:33 AM EST") or an ambiguous numeric order
    ("04/05/2012" could be April 5 or May 4). Such lines are still page
    furniture to remove, but we never guess the missing part.
    """

    date: date | None


@dataclass(slots=True)
class _Tokens:
    """What the tokenizer found on one line, grouped by role."""

    full_dates: list[date | None]  # ISO or numeric dates (None: ambiguous)
    months: list[tuple[int, int]]  # (month, token position)
    days: list[tuple[int, int]]  # (day-like number, token position)
    years: list[int]
    stray_numbers: int  # numbers that fit no role: the line is not a date


def safe_date(year: int, month: int, day: int) -> date | None:
    """A calendar date, or ``None`` for impossible ones such as February 30."""
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _expand_year(text: str) -> int:
    """Two-digit years in numeric dates: 00-69 are 2000s, 70-99 are 1900s."""
    value = int(text)
    if len(text) == 2:
        return value + (2000 if value < 70 else 1900)
    return value


def _iso_date(text: str) -> date | None:
    year, month, day = (int(part) for part in text.split("-"))
    return safe_date(year, month, day)


class _NotADate(Exception):
    """Internal signal: the line contains something that is not date vocabulary."""


def _numeric_date(text: str) -> date | None:
    """Parse 12/31/2012, 31/12/2012, 31.12.12 and similar.

    Month-first and day-first orders are both common, so an order is only
    chosen when the numbers decide it (one part is above 12, or both parts are
    equal). Otherwise the date is ambiguous and ``None`` is returned.
    Raises :class:`_NotADate` when no reading is a real calendar date.
    """
    first, second, year_text = re.split(r"[/.\-]", text)
    a, b, year = int(first), int(second), _expand_year(year_text)
    if text.count(".") == 2:
        # Dotted dates ("31.12.2012") are day-first wherever they are used.
        readings = [(year, b, a)]
    elif a == b or a > 12 or b > 12:
        readings = [(year, a, b), (year, b, a)]
    else:
        if safe_date(year, a, b) is None or safe_date(year, b, a) is None:
            raise _NotADate
        return None
    for y, m, d in readings:
        found = safe_date(y, m, d)
        if found is not None:
            return found
    raise _NotADate


def _tokenize(line: str) -> _Tokens:
    """Split a lower-cased line into date roles; raise _NotADate on any other word."""
    found = _Tokens(full_dates=[], months=[], days=[], years=[], stray_numbers=0)
    position = 0
    index = 0
    while position < len(line):
        match = _TOKEN.match(line, position)
        if match is None:
            raise _NotADate
        position = match.end()
        kind = match.lastgroup
        value = match.group(kind or 0)
        if kind == "punct":
            continue
        index += 1
        if kind == "iso":
            parsed = _iso_date(value)
            if parsed is None:
                raise _NotADate
            found.full_dates.append(parsed)
        elif kind == "numeric":
            found.full_dates.append(_numeric_date(value))
        elif kind in ("ordinal", "number"):
            number = int(value)
            if kind == "number" and len(value) == 4:
                found.years.append(number)
            elif 1 <= number <= 31 and len(value) <= 2:
                found.days.append((number, index))
            else:
                found.stray_numbers += 1
        elif kind == "word":
            if value in MONTHS:
                found.months.append((MONTHS[value], index))
            elif value not in _WEEKDAYS and value not in _ZONES and value not in _FILLER:
                raise _NotADate
        # "time" and "offset" tokens are allowed and carry no date.
    return found


def _resolve(tokens: _Tokens) -> Dateline | None:
    """Combine the tokens of a line into exactly one date, or reject the line."""
    if tokens.full_dates:
        if len(tokens.full_dates) > 1 or tokens.months or tokens.days or tokens.years:
            return None
        return Dateline(tokens.full_dates[0])
    if len(tokens.months) != 1 or len(tokens.years) > 1:
        return None
    month, where = tokens.months[0]
    # The day is the number written right next to the month name
    # ("June 2", "2 June", "2nd of June" all put it one token away,
    # "the 2nd of June" two).
    days = [day for day, at in tokens.days if abs(at - where) <= 2]
    if len(days) != 1 or len(tokens.days) != 1 or tokens.stray_numbers:
        return None
    day = days[0]
    if not tokens.years:
        # Month and day without a year: a date, but an incomplete one.
        return Dateline(None) if safe_date(2000, month, day) else None
    year = tokens.years[0]
    if not 1800 <= year <= 2199:
        return None
    parsed = safe_date(year, month, day)
    return Dateline(parsed) if parsed is not None else None


def read_dateline(line: str) -> Dateline | None:
    """The dateline on ``line``, or ``None`` if the line is not just a date.

    Never raises, whatever the input.
    """
    text = line.strip().casefold()
    if not text or len(text) > MAX_DATELINE_CHARS:
        return None
    try:
        tokens = _tokenize(text)
    except _NotADate:
        return None
    return _resolve(tokens)


def parse_dateline(line: str) -> date | None:
    """The date written on a dateline, or ``None`` (not a dateline, or no full date)."""
    found = read_dateline(line)
    return found.date if found is not None else None


def is_dateline(line: str) -> bool:
    """Whether ``line`` is essentially just a date."""
    return read_dateline(line) is not None


_ISO_PREFIX = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})(?![\d])")


def parse_date_value(value: str) -> date | None:
    """A publication date from a metadata field (feed, JSON), or ``None``.

    Accepts ISO 8601 dates and date-times (only the calendar date is kept, as
    written, without converting time zones), RFC 822 dates as used by RSS
    ("Mon, 02 Jun 2025 14:35:00 +0000"), and anything :func:`parse_dateline`
    reads. Never raises.
    """
    text = value.strip()
    if not text or len(text) > MAX_DATELINE_CHARS:
        return None
    iso = _ISO_PREFIX.match(text)
    if iso is not None:
        return safe_date(int(iso.group(1)), int(iso.group(2)), int(iso.group(3)))
    try:
        parsed = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError, OverflowError):
        parsed = None
    if parsed is not None:
        return parsed.date()
    return parse_dateline(text)
