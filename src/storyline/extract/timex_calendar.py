"""Calendar arithmetic for time expressions, and TIMEX3 value strings.

Every function here is pure: given an anchor date and what the text said
("last", "next", the verb's tense), it picks the calendar period meant.
Arithmetic that would leave the years 1–9999 raises ``OverflowError`` or
``ValueError``; the caller treats that as "cannot resolve".
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Literal

from .timex_lexicon import SEASON_START, TIME_UNITS, UNIT_CODES

# What the text says about direction: from the verb's tense, or a word like "next".
Tense = Literal["past", "future"] | None
# "last June", "next Monday", "this week"; None when the expression has no such word.
Relation = Literal["last", "next", "this"] | None


# -- value strings ------------------------------------------------------------
def day_value(day: date) -> str:
    return day.isoformat()


def week_value(day: date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year:04d}-W{week:02d}"


def month_value(year: int, month: int) -> str:
    return f"{year:04d}-{month:02d}"


def year_value(year: int) -> str:
    return f"{year:04d}"


def quarter_of(day: date) -> int:
    return (day.month - 1) // 3 + 1


def amount_text(amount: float) -> str:
    """1.0 → "1", 1.5 → "1.5": TIMEX3 writes whole amounts without a point."""
    return str(int(amount)) if amount == int(amount) else f"{amount:g}"


def duration_value(amount: float | None, unit: str) -> str:
    """A TIMEX3 duration: (7, "week") → "P7W", (None, "year") → "PXY", (2, "hour") → "PT2H"."""
    number = "X" if amount is None else amount_text(amount)
    # TimeBank writes quarters as months and decades as years (P9M, P20Y).
    scale = {"fortnight": 2, "quarter": 3, "decade": 10}.get(unit)
    if scale and amount is not None:
        number = amount_text(amount * scale)
        unit = {"fortnight": "week", "quarter": "month", "decade": "year"}[unit]
    prefix = "PT" if unit in TIME_UNITS else "P"
    return f"{prefix}{number}{UNIT_CODES[unit]}"


# -- choosing among candidates ------------------------------------------------
def weekday_near(anchor: date, weekday: int, tense: Tense, relation: Relation) -> date:
    """The day a weekday name points to, seen from ``anchor``.

    A bare weekday in news means the most recent such day, counting the anchor
    itself ("on Monday" in a Monday paper is that day), unless the verb looks
    ahead, when it means the next one after the anchor. "last Monday" is
    strictly before, "next Monday" strictly after, "this Friday" is in the
    anchor's own week.
    """
    back = (anchor.isoweekday() - weekday) % 7
    forward = (weekday - anchor.isoweekday()) % 7
    if relation == "this":
        return anchor + timedelta(days=weekday - anchor.isoweekday())
    if relation == "last":
        return anchor - timedelta(days=back or 7)
    if relation == "next" or tense == "future":
        return anchor + timedelta(days=forward or 7)
    return anchor - timedelta(days=back)


def _nearest(candidates: list[int], here: int, tense: Tense, reach: int) -> int:
    """The candidate nearest ``here``, unless the tense points the other way and a
    candidate on that side lies within ``reach``: then that one."""
    nearest = min(candidates, key=lambda c: (abs(c - here), c < here))
    if tense == "past" and nearest > here:
        earlier = [c for c in candidates if c <= here and here - c <= reach]
        return max(earlier) if earlier else nearest
    if tense == "future" and nearest < here:
        later = [c for c in candidates if c >= here and c - here <= reach]
        return min(later) if later else nearest
    return nearest


def month_day_near(anchor: date, month: int, day: int, tense: Tense) -> date:
    """A year-less date ("May 16"): the occurrence nearest the anchor.

    The tense can overrule that only within half a year: "Dec. 7" in an
    October paper is the coming December even after a past-tense verb, but
    "Dec. 28" in a January paper is the one just gone.
    """
    candidates: dict[int, date] = {}
    for year in (anchor.year - 1, anchor.year, anchor.year + 1):
        try:
            day_of = date(year, month, day)
        except ValueError:  # February 29 outside leap years, or years out of range
            continue
        candidates[day_of.toordinal()] = day_of
    if not candidates:
        raise ValueError(f"no valid date for month {month} day {day}")
    chosen = _nearest(list(candidates), anchor.toordinal(), tense, reach=183)
    return candidates[chosen]


def month_near(anchor: date, month: int, tense: Tense, relation: Relation) -> tuple[int, int]:
    """(year, month) for a month name: "last June" in June 2025 is June 2024.

    "last" is the most recent such month strictly before the anchor's month;
    "next" the first strictly after; "this" the anchor's year. A bare month
    is the nearest one, unless the tense points to one within half a year
    on its side (the current month counts as both past and future).
    """
    here = anchor.year * 12 + anchor.month - 1
    this = anchor.year * 12 + month - 1
    options = [this - 12, this, this + 12]
    if relation == "last":
        chosen = max(o for o in options if o < here)
    elif relation == "next":
        chosen = min(o for o in options if o > here)
    elif relation == "this":
        chosen = this
    else:
        chosen = _nearest(options, here, tense, reach=6)
    return chosen // 12, chosen % 12 + 1


def season_year(anchor: date, season: str, relation: Relation) -> int:
    """The year of a season named from ``anchor`` ("last summer" said in July 2025 → 2024).

    A season belongs to the year it starts in, so January's winter is the
    previous year's. "last" is the latest season of that name already over,
    "next" the first not yet begun; otherwise the anchor's own.
    """
    here = anchor.year * 12 + anchor.month - 1
    starts = [(anchor.year + k) * 12 + SEASON_START[season] - 1 for k in (-2, -1, 0, 1)]
    if relation == "last":
        return max(s for s in starts if s + 3 <= here) // 12
    if relation == "next":
        return min(s for s in starts if s > here) // 12
    if season == "WI" and anchor.month < 3:
        return anchor.year - 1
    return anchor.year


def weekend_of(anchor: date, tense: Tense, relation: Relation) -> date:
    """A Saturday naming the weekend meant: the last one for past talk, the next for future."""
    saturday_back = anchor - timedelta(days=(anchor.isoweekday() - 6) % 7)
    if relation == "next" or (relation is None and tense == "future"):
        return saturday_back + timedelta(days=7)
    if relation == "this" and tense == "future":
        return saturday_back + timedelta(days=7) if anchor.isoweekday() < 6 else saturday_back
    return saturday_back


def weekend_value(saturday: date) -> str:
    return f"{week_value(saturday)}-WE"


def quarter_value(year: int, quarter: int) -> str:
    return f"{year:04d}-Q{quarter}"


def shift_quarter(year: int, quarter: int, by: int) -> tuple[int, int]:
    index = year * 4 + quarter - 1 + by
    return index // 4, index % 4 + 1


def shifted_value(anchor: date, amount: float, unit: str, sign: int) -> str:
    """The period ``amount`` units before (sign -1) or after (sign +1) the anchor,
    at the unit's own granularity: "a week ago" is a week, "two years ago" a year."""
    whole = int(amount)
    if unit in TIME_UNITS or unit == "day":
        return day_value(anchor + sign * timedelta(days=whole if unit == "day" else 0))
    if unit in ("week", "fortnight"):
        weeks = whole * (2 if unit == "fortnight" else 1)
        return week_value(anchor + sign * timedelta(weeks=weeks))
    if unit == "month":
        index = anchor.year * 12 + anchor.month - 1 + sign * whole
        return month_value(index // 12, index % 12 + 1)
    if unit == "quarter":
        year, quarter = shift_quarter(anchor.year, quarter_of(anchor), sign * whole)
        return quarter_value(year, quarter)
    years = whole * {"year": 1, "decade": 10, "century": 100}[unit]
    year = anchor.year + sign * years
    if not 1 <= year <= 9999:
        raise OverflowError(f"year {year} out of range")
    return year_value(year)


def relative_period(anchor: date, unit: str, offset: int) -> str:
    """This (0), the last (-1) or the next (+1) week, month, quarter, year, decade or century."""
    if unit == "week":
        return week_value(anchor + timedelta(weeks=offset))
    if unit == "month":
        index = anchor.year * 12 + anchor.month - 1 + offset
        return month_value(index // 12, index % 12 + 1)
    if unit == "quarter":
        return quarter_value(*shift_quarter(anchor.year, quarter_of(anchor), offset))
    if unit == "decade":
        return f"{anchor.year // 10 + offset:03d}"
    if unit == "century":
        return f"{anchor.year // 100 + offset:02d}"
    year = anchor.year + offset
    if not 1 <= year <= 9999:
        raise OverflowError(f"year {year} out of range")
    return year_value(year)
