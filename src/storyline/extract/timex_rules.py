"""The grammar of time expressions: one regex per kind, each with its normaliser.

A rule's pattern finds candidate spans; its normaliser turns a match into a
TIMEX3 type and value, or returns None to reject it ("May" the surname, "a
second round"). :func:`storyline.extract.dates.find_dates` runs every rule
and keeps the longest non-overlapping matches.

Normalisers resolve relative expressions against ``Context.anchor``; with no
anchor they write TIMEX3's underspecified form ("XXXX-05-16", "XXXX-WXX-1").
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from ..models import TimexType
from . import timex_calendar as cal
from . import timex_lexicon as lex
from .timex_calendar import Relation, Tense
from .timex_tense import tense_near


@dataclass(frozen=True, slots=True)
class Found:
    """A normalised expression; ``relative`` when its value depended on the anchor."""

    type: TimexType
    value: str
    relative: bool = False


@dataclass(frozen=True, slots=True)
class Context:
    text: str
    anchor: date | None

    def tense(self, m: re.Match[str]) -> Tense:
        return tense_near(self.text, m.start(), m.end())

    def word_before(self, m: re.Match[str]) -> str:
        found = _LAST_WORD.search(self.text, max(0, m.start() - 30), m.start())
        return found.group(1).lower() if found else ""


_LAST_WORD = re.compile(r"([A-Za-z']+)\W*$")
Normaliser = Callable[[re.Match[str], Context], Found | None]


@dataclass(frozen=True, slots=True)
class Rule:
    """One kind of expression: its pattern, its normaliser, and the words it can begin with.

    ``starts`` lists, lower-cased, every word a match of ``pattern`` can begin
    with ("last", "the", "5"); the scanner tries the rule only at word starts
    whose first letters agree, so a word missing here is a match lost.
    """

    name: str
    pattern: re.Pattern[str]
    normalise: Normaliser
    starts: frozenset[str]


DATE, TIME, DURATION, SET = TimexType.DATE, TimexType.TIME, TimexType.DURATION, TimexType.SET
_RELATIONS: dict[str, Relation] = {
    "last": "last",
    "past": "last",
    "this past": "last",
    "the past": "last",
    "previous": "last",
    "the previous": "last",
    "the last": "last",
    "the latest": "last",
    "next": "next",
    "coming": "next",
    "this coming": "next",
    "the coming": "next",
    "the next": "next",
    "the following": "next",
    "following": "next",
    "this": "this",
    "the current": "this",
    "current": "this",
    "the": None,
}


def _relation(word: str | None) -> Relation:
    return _RELATIONS.get(" ".join(word.lower().split())) if word else None


# No rule may start or end inside a word.
_LEFT_EDGE = r"(?<![\w'-])"
_RIGHT_EDGE = r"(?![\w])"


def _compile(pattern: str) -> re.Pattern[str]:
    return re.compile(rf"{_LEFT_EDGE}(?:{pattern}){_RIGHT_EDGE}", re.IGNORECASE)


# -- calendar dates -----------------------------------------------------------
_PREPOSITIONS = frozenset(
    {
        "in",
        "since",
        "until",
        "till",
        "by",
        "of",
        "from",
        "to",
        "during",
        "through",
        "before",
        "after",
        "early",
        "late",
        "mid",
        "last",
        "next",
        "this",
        "and",
        "or",
        "between",
        "for",
        "around",
        "on",
        "into",
        "throughout",
        "as",
        "at",
        "end",
        "beginning",
        "start",
        "middle",
    }
)


def _day_date(m: re.Match[str], ctx: Context) -> Found | None:
    month = lex.month_number(m["mon"]) if not m["mon"].isdigit() else int(m["mon"])
    day = int(re.sub(r"\D", "", m["day"]))
    if not month or not 1 <= month <= 12 or not 1 <= day <= 31:
        return None
    if m["year"]:
        year = int(m["year"])
        year += (1900 if year >= 50 else 2000) if len(m["year"]) == 2 else 0
        return Found(DATE, cal.day_value(date(year, month, day)))
    if ctx.anchor is None:
        date(2000, month, day)  # still reject "June 31"
        return Found(DATE, f"XXXX-{month:02d}-{day:02d}")
    return Found(
        DATE, cal.day_value(cal.month_day_near(ctx.anchor, month, day, ctx.tense(m))), True
    )


def _month_year(m: re.Match[str], ctx: Context) -> Found | None:
    month = lex.month_number(m["mon"])
    return Found(DATE, cal.month_value(int(m["year"]), month)) if month else None


def _month_of_relative_year(m: re.Match[str], ctx: Context) -> Found | None:
    """ "June last year", "January this year": the month in the year named from the anchor."""
    month = lex.month_number(m["mon"])
    if not month:
        return None
    if ctx.anchor is None:
        return Found(DATE, f"XXXX-{month:02d}")
    offset = {"this": 0, "last": -1, "next": 1}[m["rel"].lower()]
    return Found(DATE, cal.month_value(ctx.anchor.year + offset, month), True)


def _spelled_year(m: re.Match[str], ctx: Context) -> Found | None:
    year = lex.spelled_year(m["words"] or m["words2"])
    if year is None:
        return None
    month_word = m["mon"] or m["mon2"]
    month = lex.month_number(month_word) if month_word else None
    return Found(DATE, cal.month_value(year, month) if month else cal.year_value(year))


_ENDED = re.compile(r"\s+(?:ended|ending)\b", re.IGNORECASE)


def _the_year(m: re.Match[str], ctx: Context) -> Found | None:
    """ "the year ended Sept. 30", "the full year": the year of a results story.

    Followed by "ended ..." it is the twelve months up to that day (a duration,
    as TimeBank marks it); "the full year" is the year the story is written in.
    A bare "the year" is left alone: too often it is "player of the year".
    """
    if _ENDED.match(ctx.text, m.end()):
        return Found(DURATION, "P1Y")
    if not m["full"]:
        return None
    if ctx.anchor is None:
        return Found(DATE, "XXXX")
    return Found(DATE, cal.year_value(ctx.anchor.year), True)


def _month_alone(m: re.Match[str], ctx: Context) -> Found | None:
    month = lex.month_number(m["mon"])
    if not month:
        return None
    rel = _relation(m["rel"])
    # "May" is also a surname and a verb: take it only where a month fits.
    if month == 5 and not (rel or m["pos"]) and ctx.word_before(m) not in _PREPOSITIONS:
        return None
    if ctx.anchor is None:
        return Found(DATE, f"XXXX-{month:02d}")
    year, month = cal.month_near(ctx.anchor, month, ctx.tense(m), rel)
    return Found(DATE, cal.month_value(year, month), True)


_PLURAL_AFTER = re.compile(r"\s+([a-z]{3,}s)\b")
_NOT_NOUNS = frozenset(
    {"was", "has", "his", "its", "this", "thus", "plus", "less", "unless", "does"}
)


def _year(m: re.Match[str], ctx: Context) -> Found | None:
    year = int(m["year"])
    if not m["pos"] and not m["fiscal"]:
        # "2000 troops" is a count, not a year; a preposition before it settles it.
        after = _PLURAL_AFTER.match(ctx.text, m.end())
        if after and after.group(1) not in _NOT_NOUNS and ctx.word_before(m) not in _PREPOSITIONS:
            return None
        if not 1600 <= year <= 2099:
            return None
    return Found(DATE, cal.year_value(year))


_DECADE_WORDS = {
    "twenties": 2,
    "thirties": 3,
    "forties": 4,
    "fifties": 5,
    "sixties": 6,
    "seventies": 7,
    "eighties": 8,
    "nineties": 9,
}


def _decade(m: re.Match[str], ctx: Context) -> Found | None:
    text = m["dec"].lower()
    if text in _DECADE_WORDS:
        if not m["the"]:  # "in his sixties" is an age
            return None
        return Found(DATE, f"19{_DECADE_WORDS[text]}")
    digits = text.strip("'s")
    if len(digits) == 4:
        return Found(DATE, digits[:3])
    return Found(DATE, f"19{digits[0]}")  # "the '90s"


def _century(m: re.Match[str], ctx: Context) -> Found | None:
    number = int(re.sub(r"\D", "", m["n"]))
    return Found(DATE, f"{number - 1:02d}") if 1 <= number <= 99 else None


# -- quarters and halves ------------------------------------------------------
def _year_word(word: str | None, ctx: Context) -> int | bool | None:
    """A year named beside a quarter: "1989" → 1989, "last year" → the anchor's minus one.

    False when the year cannot be known (a relative year without an anchor).
    """
    if not word:
        return None
    if word[:4].isdigit():
        return int(word[:4])
    if ctx.anchor is None:
        return False
    offset = {"this": 0, "last": -1, "next": 1}[word.split()[0].lower()]
    return ctx.anchor.year + offset


def _quarter(m: re.Match[str], ctx: Context) -> Found | None:
    number = lex.ORDINALS[m["ord"].lower()]
    half = m["part"].lower() == "half"
    if half and number > 2:
        return None
    letter = "H" if half else "Q"
    year = _year_word(m["year"] or m["year_before"] or m["year_inside"], ctx)
    if year is False or (year is None and ctx.anchor is None):
        return Found(DATE, f"XXXX-{letter}{number}")
    relative = year is None
    if year is None:
        assert ctx.anchor is not None
        year = ctx.anchor.year
        first_month = (number - 1) * (6 if half else 3) + 1
        # A results story early in a year reports the previous year's fourth quarter.
        if ctx.tense(m) == "past" and date(year, first_month, 1) > ctx.anchor:
            year -= 1
    return Found(DATE, f"{year:04d}-{letter}{number}", relative)


def _latest_quarter(anchor: date) -> tuple[int, int]:
    """The last quarter already over: what "the quarter" means in a results story."""
    return cal.shift_quarter(anchor.year, cal.quarter_of(anchor), -1)


_QUARTER_MENTION = re.compile(
    r"\b(first|second|third|fourth|1st|2nd|3rd|4th)[\s-]+(?:fiscal[\s-]+)?quarter\b|\bquarter\b",
    re.IGNORECASE,
)


def _quarter_in_view(ctx: Context, start: int) -> tuple[int, int] | None:
    """The quarter a "year-ago" phrase compares against, if a quarter was just mentioned."""
    if ctx.anchor is None:
        return None
    mentions = list(_QUARTER_MENTION.finditer(ctx.text, max(0, start - 300), start))
    if not mentions:
        return None
    last = mentions[-1]
    if last.group(1):
        return ctx.anchor.year, lex.ORDINALS[last.group(1).lower()]
    return _latest_quarter(ctx.anchor)


def _quarter_reference(m: re.Match[str], ctx: Context) -> Found | None:
    which = " ".join((m["adj"] or "").lower().split())
    if m["unit"].lower() == "period" and not which and not m["year"]:
        return None
    if m["year"]:  # "the 1988 period": that year's quarter matching the latest one
        in_view = _quarter_in_view(ctx, m.start()) or (0, 4)
        return Found(DATE, cal.quarter_value(int(m["year"]), in_view[1]), ctx.anchor is not None)
    if ctx.anchor is None:
        return Found(DATE, "XXXX-QX")
    if which in ("current", "this"):
        year, quarter = ctx.anchor.year, cal.quarter_of(ctx.anchor)
    else:
        year, quarter = _latest_quarter(ctx.anchor)
    if "year" in which:  # "the year-ago quarter", "the year-earlier period"
        year -= 1
    return Found(DATE, cal.quarter_value(year, quarter), True)


def _year_ago_adjective(m: re.Match[str], ctx: Context) -> Found | None:
    if ctx.anchor is None:
        return Found(DATE, "XXXX")
    quarter = _quarter_in_view(ctx, m.start())
    if quarter:
        return Found(DATE, cal.quarter_value(quarter[0] - 1, quarter[1]), True)
    return Found(DATE, cal.year_value(ctx.anchor.year - 1), True)


# -- relative periods ---------------------------------------------------------
_UNDERSPECIFIED = {
    "week": "XXXX-WXX",
    "month": "XXXX-XX",
    "quarter": "XXXX-QX",
    "year": "XXXX",
    "decade": "XXX",
    "century": "XX",
    "day": "XXXX-XX-XX",
}


def _relative_period(m: re.Match[str], ctx: Context) -> Found | None:
    unit = lex.unit_name(m["unit"].split()[-1])
    rel = _relation(m["rel"])
    if rel is None:
        return None
    if ctx.anchor is None:
        return Found(DATE, _UNDERSPECIFIED[unit])
    offset = {"last": -1, "next": 1, "this": 0}[rel]
    return Found(DATE, cal.relative_period(ctx.anchor, unit, offset), True)


def _weekend(m: re.Match[str], ctx: Context) -> Found | None:
    if ctx.anchor is None:
        return Found(DATE, "XXXX-WXX-WE")
    saturday = cal.weekend_of(ctx.anchor, ctx.tense(m), _relation(m["rel"]))
    return Found(DATE, cal.weekend_value(saturday), True)


def _season(m: re.Match[str], ctx: Context) -> Found | None:
    code = lex.SEASONS[m["season"].lower()]
    rel = _relation(m["rel"])
    determined = m["rel"] or m["year"] or m["pos"]
    if code in ("SP", "FA") and not determined:  # "spring" and "fall" are also verbs
        return None
    if m["year"]:
        return Found(DATE, f"{int(m['year']):04d}-{code}")
    if ctx.anchor is None:
        return Found(DATE, f"XXXX-{code}")
    return Found(DATE, f"{cal.season_year(ctx.anchor, code, rel):04d}-{code}", True)


def _with_part(day_text: str, part: str | None) -> tuple[TimexType, str]:
    if not part:
        return DATE, day_text
    return TIME, f"{day_text}T{lex.PARTS_OF_DAY[part.lower()]}"


_DAY_OFFSETS = {
    "today": 0,
    "tonight": 0,
    "yesterday": -1,
    "tomorrow": 1,
    "the day before yesterday": -2,
    "the day after tomorrow": 2,
}


def _day_word(m: re.Match[str], ctx: Context) -> Found | None:
    word = " ".join(m["word"].lower().split())
    part = m["part"] or ("night" if word == "tonight" else None)
    if ctx.anchor is None:
        kind, value = _with_part("XXXX-XX-XX", part)
        return Found(kind, value)
    day = ctx.anchor + timedelta(days=_DAY_OFFSETS[word])
    kind, value = _with_part(cal.day_value(day), part)
    return Found(kind, value, True)


def _part_of_day(m: re.Match[str], ctx: Context) -> Found | None:
    rel = " ".join(m["rel"].lower().split())
    offset = {"this": 0, "last": -1, "the previous": -1, "the next": 1, "the following": 1}[rel]
    if rel == "last" and m["part"].lower() != "night":
        return None  # "last evening" is rare; "last morning" is usually something else
    if ctx.anchor is None:
        return Found(*_with_part("XXXX-XX-XX", m["part"]))
    day = ctx.anchor + timedelta(days=offset)
    return Found(*_with_part(cal.day_value(day), m["part"]), True)


def _neighbour_day(m: re.Match[str], ctx: Context) -> Found | None:
    offset = -1 if m["rel"].lower() in ("previous", "preceding") else 1
    if ctx.anchor is None:
        return Found(DATE, "XXXX-XX-XX")
    return Found(DATE, cal.day_value(ctx.anchor + timedelta(days=offset)), True)


def _weekday(m: re.Match[str], ctx: Context) -> Found | None:
    weekday = lex.weekday_number(m["wd"])
    if weekday is None:
        return None
    if ctx.anchor is None:
        return Found(*_with_part(f"XXXX-WXX-{weekday}", m["part"]))
    day = cal.weekday_near(ctx.anchor, weekday, ctx.tense(m), _relation(m["rel"]))
    return Found(*_with_part(cal.day_value(day), m["part"]), True)


def _clock(m: re.Match[str], ctx: Context) -> Found | None:
    if m["word"]:
        hour, minute = (12, 0) if m["word"].lower() == "noon" else (24, 0)
    else:
        hour = int(m["h"] or m["h2"])
        minute = int(m["m"] or m["m2"] or 0)
        ampm = (m["ampm"] or "").lower()
        if ampm.startswith("p") and hour < 12:
            hour += 12
        elif ampm.startswith("a") and hour == 12:
            hour = 0
        if hour > 24 or minute > 59 or (ampm and not 1 <= int(m["h"] or 0) <= 12):
            return None
        if not ampm and hour > 23:
            return None
    clock = f"T{hour:02d}:{minute:02d}"
    day_word = (m["day"] or "").lower()
    if ctx.anchor is None:
        return Found(TIME, f"XXXX-XX-XX{clock}")
    day: date
    if m["mon"]:
        month = lex.month_number(m["mon"]) or 0
        day = cal.month_day_near(ctx.anchor, month, int(m["dom"]), ctx.tense(m))
    elif day_word in _DAY_OFFSETS:
        day = ctx.anchor + timedelta(days=_DAY_OFFSETS[day_word])
    elif day_word:
        weekday = lex.weekday_number(day_word) or ctx.anchor.isoweekday()
        day = cal.weekday_near(ctx.anchor, weekday, ctx.tense(m), None)
    else:
        day = ctx.anchor
    return Found(TIME, cal.day_value(day) + clock, True)


# -- amounts of time ----------------------------------------------------------
def _amount(m: re.Match[str]) -> float | None:
    amount = lex.number_value(m["num"])
    if amount is not None and (m["half"] or m.groupdict().get("half2")):
        amount += 0.5
    return amount


def _rejects_amount(m: re.Match[str], unit: str) -> bool:
    """Phrases that look like durations but are not: "a second round", "a quarter of"."""
    number = m["num"].lower()
    if unit in ("second", "quarter") and number in ("a", "an", "one"):
        return True
    # "the 1988 second quarter", "the 1988 period": a year, not an amount.
    return unit in ("second", "quarter") and number.isdigit() and len(number) == 4


# "52 years old", "a 136-year-old bank": TimeML leaves ages in years unmarked
# (an "8-month-old truce" is marked, as the length of something that happened).
_AGE = re.compile(r"\s+old\b", re.IGNORECASE)


def _is_age(m: re.Match[str], ctx: Context) -> bool:
    said = m.group().lower()
    if said.endswith("-year-old"):
        return True
    return said.endswith("years") and bool(_AGE.match(ctx.text, m.end()))


def _duration(m: re.Match[str], ctx: Context) -> Found | None:
    unit = lex.unit_name(m["unit"])
    if _rejects_amount(m, unit) or _is_age(m, ctx):
        return None
    return Found(DURATION, cal.duration_value(_amount(m), unit))


def _bare_units(m: re.Match[str], ctx: Context) -> Found | None:
    if _is_age(m, ctx):
        return None
    return Found(DURATION, cal.duration_value(None, lex.unit_name(m["unit"])))


_AFTER_CLAUSE = re.compile(r"\s*(?:[,.;:)]|$)")


def _shifted(m: re.Match[str], ctx: Context) -> Found | None:
    unit = lex.unit_name(m["unit"])
    direction = " ".join(m["dir"].lower().split())
    if _rejects_amount(m, unit):
        return None
    # "two days after the vote" is a duration linked to an event, not a date.
    if direction in ("before", "after") and not _AFTER_CLAUSE.match(ctx.text, m.end()):
        return None
    amount = _amount(m)
    if amount is None:
        return Found(
            DATE,
            "FUTURE_REF" if direction in ("later", "from now", "hence") else "PAST_REF",
            ctx.anchor is not None,
        )
    sign = 1 if direction in ("later", "after", "from now", "hence") else -1
    if ctx.anchor is None:
        return Found(DATE, _UNDERSPECIFIED.get(unit, "XXXX-XX-XX"))
    if unit == "year" and amount == 1:
        quarter = _quarter_in_view(ctx, m.start())
        if quarter:  # "profit rose from $5 million a year earlier": the same quarter
            return Found(DATE, cal.quarter_value(quarter[0] - 1, quarter[1]), True)
    return Found(DATE, cal.shifted_value(ctx.anchor, amount, unit, sign), True)


_SET_WORDS = {
    "daily": "P1D",
    "nightly": "P1D",
    "weekly": "P1W",
    "biweekly": "P2W",
    "monthly": "P1M",
    "quarterly": "P3M",
    "annually": "P1Y",
    "yearly": "P1Y",
    "hourly": "PT1H",
}


def _set_word(m: re.Match[str], ctx: Context) -> Found | None:
    return Found(SET, _SET_WORDS[m["w"].lower()])


def _every(m: re.Match[str], ctx: Context) -> Found | None:
    word = m["unit"].lower()
    weekday = lex.weekday_number(word)
    if weekday:
        return Found(SET, f"XXXX-WXX-{weekday}")
    if word in ("morning", "afternoon", "evening", "night"):
        return Found(SET, f"TX{lex.PARTS_OF_DAY[word]}" if word != "night" else "TNI")
    unit = "week" if word == "weekend" else lex.unit_name(word)
    amount = lex.number_value(m["num"]) if m["num"] else 1.0
    return Found(SET, cal.duration_value(amount, unit))


_REFERENCES = {
    "now": "PRESENT_REF",
    "right now": "PRESENT_REF",
    "currently": "PRESENT_REF",
    "nowadays": "PRESENT_REF",
    "presently": "PRESENT_REF",
    "at present": "PRESENT_REF",
    "the present": "PRESENT_REF",
    "these days": "PRESENT_REF",
    "current": "PRESENT_REF",
    "recently": "PAST_REF",
    "recent": "PAST_REF",
    "lately": "PAST_REF",
    "previously": "PAST_REF",
    "formerly": "PAST_REF",
    "the past": "PAST_REF",
    "the future": "FUTURE_REF",
    "future": "FUTURE_REF",
    "soon": "FUTURE_REF",
    "the near future": "FUTURE_REF",
}


def _reference(m: re.Match[str], ctx: Context) -> Found | None:
    word = " ".join(m["ref"].lower().split())
    if word.startswith(("recent ", "the coming")) or word.endswith(" ahead"):
        value = "PAST_REF" if word.startswith("recent") else "FUTURE_REF"
    else:
        value = _REFERENCES[word]
    return Found(DATE, value, ctx.anchor is not None)


# -- holidays -----------------------------------------------------------------
def _nth_weekday(year: int, month: int, weekday: int, n: int) -> date:
    """The n-th (1-based; -1 = last) given ISO weekday of a month."""
    if n > 0:
        first = date(year, month, 1)
        return first + timedelta(days=(weekday - first.isoweekday()) % 7 + 7 * (n - 1))
    last = date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)
    return last - timedelta(days=(last.isoweekday() - weekday) % 7)


_HOLIDAYS: dict[str, Callable[[int], date]] = {
    "christmas": lambda y: date(y, 12, 25),
    "christmas day": lambda y: date(y, 12, 25),
    "christmas eve": lambda y: date(y, 12, 24),
    "new year's day": lambda y: date(y, 1, 1),
    "new year's eve": lambda y: date(y, 12, 31),
    "halloween": lambda y: date(y, 10, 31),
    "valentine's day": lambda y: date(y, 2, 14),
    "independence day": lambda y: date(y, 7, 4),
    "the fourth of july": lambda y: date(y, 7, 4),
    "fourth of july": lambda y: date(y, 7, 4),
    "thanksgiving": lambda y: _nth_weekday(y, 11, 4, 4),
    "thanksgiving day": lambda y: _nth_weekday(y, 11, 4, 4),
    "labor day": lambda y: _nth_weekday(y, 9, 1, 1),
    "labour day": lambda y: _nth_weekday(y, 9, 1, 1),
    "memorial day": lambda y: _nth_weekday(y, 5, 1, -1),
}


def _holiday(m: re.Match[str], ctx: Context) -> Found | None:
    rule = _HOLIDAYS[" ".join(m["h"].lower().split())]
    if m["year"]:
        return Found(DATE, cal.day_value(rule(int(m["year"]))))
    if ctx.anchor is None:
        example = rule(2001)
        return Found(DATE, f"XXXX-{example.month:02d}-{example.day:02d}")
    this_year = rule(ctx.anchor.year)
    rel = _relation(m["rel"])
    tense: Tense = "past" if rel == "last" else "future" if rel == "next" else ctx.tense(m)
    day = cal.month_day_near(ctx.anchor, this_year.month, this_year.day, tense)
    return Found(DATE, cal.day_value(rule(day.year)), True)


# -- the rule table -----------------------------------------------------------
def _words(*groups: Iterable[str]) -> frozenset[str]:
    """The first word of every phrase in ``groups``, lower-cased: a rule's ``starts``."""
    return frozenset(phrase.split()[0].lower() for group in groups for phrase in group)


_MONTH_WORDS = (*lex.MONTHS, *lex.MONTH_ABBREVIATIONS)
_WEEKDAY_WORDS = (*lex.WEEKDAYS, *lex.WEEKDAY_ABBREVIATIONS)
_REL_WORDS = ("this", "last", "next", "past", "coming")
_REL_THE_WORDS = (*_REL_WORDS, "previous", "current", "the")
_EDGE_WORDS = ("early", "late", "earlier", "later")
L = lex
_REL = r"this\s+past|this\s+coming|this|last|next|past|coming"
_REL_THE = (
    rf"{_REL}|previous|current|the\s+(?:past|previous|coming|current|following|next|last|latest)"
)
_YEAR_REF = rf"{L.YEAR4}|(?:this|last|next)\s+year"
_DAY_TAIL = r"(?:,?\s+(?P<year>\d{4}))?(?!\d|:\d)"
_TZ = r"(?-i:[ECMP][SD]T|GMT|UTC|BST|CES?T|EES?T|MSK)|local\s+time"

# Earlier rules win ties between matches of the same extent.
RULES: tuple[Rule, ...] = (
    Rule(
        "month day",
        _compile(
            rf"(?:{L.WEEKDAY_ANY},?\s+)?(?:(?:early|late)\s+)?(?P<mon>{L.MONTH_ANY})\s+"
            rf"(?P<day>{L.DAY_NUMBER}){_DAY_TAIL}"
        ),
        _day_date,
        _words(_WEEKDAY_WORDS, _MONTH_WORDS, ["early", "late"]),
    ),
    Rule(
        "day month",
        _compile(
            rf"(?:{L.WEEKDAY_ANY},?\s+)?(?:the\s+)?(?P<day>{L.DAY_NUMBER})\s+(?:of\s+)?"
            rf"(?P<mon>{L.MONTH_ANY}){_DAY_TAIL}"
        ),
        _day_date,
        _words(_WEEKDAY_WORDS, L.DIGITS, ["the"]),
    ),
    Rule(
        "numeric date",
        _compile(
            r"(?P<year>\d{4})-(?P<mon>\d{2})-(?P<day>\d{2})(?![\d/-])"
            r"|(?P<mon2>\d{1,2})/(?P<day2>\d{1,2})/(?P<year2>\d{4}|\d{2})(?![\d/])"
        ),
        lambda m, ctx: _numeric(m, ctx),
        _words(L.DIGITS),
    ),
    Rule(
        "month year",
        _compile(
            rf"(?P<pos>{L.POSITION})?(?P<mon>{L.MONTH_ANY}),?\s+(?:of\s+)?(?P<year>{L.YEAR4})(?!\d)"
        ),
        _month_year,
        _words(L.POSITION_STARTS, _MONTH_WORDS),
    ),
    Rule(
        "month of a relative year",
        _compile(
            rf"(?P<pos>{L.POSITION})?(?P<mon>{L.MONTH_ANY}),?\s+(?:of\s+)?(?P<rel>this|last|next)\s+year(?![-'])"
        ),
        _month_of_relative_year,
        _words(L.POSITION_STARTS, _MONTH_WORDS),
    ),
    Rule(
        "spelled year",
        _compile(
            rf"(?:(?P<mon>{L.MONTH_ANY}),?\s+(?:of\s+)?|the\s+year\s+)?"
            rf"(?P<words>{L.SPELLED_CENTURY_YEAR})"
            rf"|(?:(?P<mon2>{L.MONTH_ANY}),?\s+(?:of\s+)?|the\s+year\s+)(?P<words2>{L.SPELLED_MILLENNIUM_YEAR})"
        ),
        _spelled_year,
        _words(_MONTH_WORDS, ["the", "nineteen"]),
    ),
    Rule(
        "month",
        _compile(rf"(?P<pos>{L.POSITION})?(?:(?P<rel>{_REL})\s+)?(?P<mon>{L.MONTH_ALONE})"),
        _month_alone,
        _words(L.POSITION_STARTS, _REL_WORDS, _MONTH_WORDS),
    ),
    Rule(
        "year",
        _compile(
            rf"(?P<pos>{L.POSITION})?(?:(?P<fiscal>fiscal|calendar)\s+(?:year\s+)?)?"
            rf"(?P<year>{L.YEAR4})(?![\d,.]\d|\s*%|\s*percent|[-/]\d)"
        ),
        _year,
        _words(L.POSITION_STARTS, L.DIGITS, ["fiscal", "calendar"]),
    ),
    Rule(
        "decade",
        _compile(
            r"(?P<the>the\s+)?(?:(?:early|mid|late)[\s-]+)?"
            r"(?P<dec>(?:1[0-9]|20)\d0'?s|'\d0s|twenties|thirties|forties|fifties|sixties"
            r"|seventies|eighties|nineties)"
        ),
        _decade,
        _words(_DECADE_WORDS, L.DIGITS, ["'", "the", "early", "mid", "late"]),
    ),
    Rule(
        "century",
        _compile(
            r"(?:the\s+)?(?:(?:early|mid|late)[\s-]+)?(?P<n>\d{1,2}(?:st|nd|rd|th))[\s-]+century"
        ),
        _century,
        _words(L.DIGITS, ["the", "early", "mid", "late"]),
    ),
    Rule(
        "quarter",
        _compile(
            rf"(?:(?P<year_before>{_YEAR_REF})'s\s+)?(?:the\s+)?(?:(?:fiscal|calendar)\s+)?"
            rf"(?:(?P<year_inside>{L.YEAR4})\s+)?"
            r"(?P<ord>first|second|third|fourth|1st|2nd|3rd|4th|final)[\s-]+(?:fiscal[\s-]+)?"
            rf"(?P<part>quarter|half)(?:\s+of\s+(?:fiscal\s+)?(?P<year>{_YEAR_REF}))?"
        ),
        _quarter,
        _words(L.DIGITS, L.ORDINALS, ["this", "last", "next", "the", "fiscal", "calendar"]),
    ),
    Rule(
        "quarter reference",
        _compile(
            rf"(?:the\s+)(?:(?P<year>{L.YEAR4})\s+|(?P<adj>latest|current|most\s+recent|recent|just-ended|previous|"
            r"prior|comparable|same|year-ago|year-earlier|comparable\s+year-ago|"
            r"comparable\s+year-earlier|year\s+ago|year\s+earlier)\s+)?(?:fiscal\s+)?"
            r"(?P<unit>quarter|period)"
        ),
        _quarter_reference,
        _words(["the"]),
    ),
    Rule("year-ago", _compile(r"year-ago|year-earlier"), _year_ago_adjective, _words(["year"])),
    Rule(
        "relative period",
        _compile(
            rf"(?P<pos>{L.POSITION})?(?P<rel>{_REL_THE})\s+(?:fiscal\s+|calendar\s+)?"
            r"(?P<unit>week|month|quarter|year|decade|century)(?!-)"
        ),
        _relative_period,
        _words(L.POSITION_STARTS, _REL_THE_WORDS),
    ),
    Rule(
        "end of the period",
        _compile(
            r"(?P<pos>the\s+(?:end|beginning|start|middle|rest)\s+of\s+)(?P<rel>the)\s+(?P<unit>week|month|quarter|year|decade)"
        ),
        lambda m, ctx: _end_of_the(m, ctx),
        _words(["the"]),
    ),
    Rule(
        "the year",
        _compile(r"the\s+(?:(?P<full>full\s+)|(?:fiscal|calendar)\s+)?year(?![-'])"),
        _the_year,
        _words(["the"]),
    ),
    Rule(
        "weekend",
        _compile(rf"(?:(?P<rel>{_REL_THE}|the)\s+)?weekend"),
        _weekend,
        _words(_REL_THE_WORDS, ["weekend"]),
    ),
    Rule(
        "season",
        _compile(
            rf"(?P<pos>{L.POSITION})?(?:(?P<rel>{_REL}|the)\s+)?(?:(?:early|late|mid)[\s-]+)?"
            rf"(?P<season>{L.SEASON})(?:\s+(?:of\s+)?(?P<year>{L.YEAR4}))?"
        ),
        _season,
        _words(L.POSITION_STARTS, _REL_WORDS, L.SEASONS, ["the", "early", "late", "mid"]),
    ),
    Rule(
        "day word",
        _compile(
            r"(?:(?:early|late|earlier|later)\s+)?(?P<word>today|yesterday|tomorrow|tonight|"
            r"the\s+day\s+before\s+yesterday|the\s+day\s+after\s+tomorrow)"
            rf"(?:\s+(?P<part>{L.PART_OF_DAY}))?"
        ),
        _day_word,
        _words(_DAY_OFFSETS, _EDGE_WORDS),
    ),
    Rule(
        "part of day",
        _compile(
            r"(?:(?:early|late|earlier|later)\s+)?(?P<rel>this|last|the\s+previous|the\s+next|"
            rf"the\s+following)\s+(?P<part>{L.PART_OF_DAY})"
        ),
        _part_of_day,
        _words(_EDGE_WORDS, ["this", "last", "the"]),
    ),
    Rule(
        "neighbour day",
        _compile(r"the\s+(?P<rel>previous|preceding|next|following)\s+day"),
        _neighbour_day,
        _words(["the"]),
    ),
    Rule(
        "weekday",
        _compile(
            rf"(?:(?:early|late)\s+)?(?:(?P<rel>{_REL})\s+)?(?P<wd>{L.WEEKDAY_FULL})"
            rf"(?:\s+(?P<part>{L.PART_OF_DAY}))?"
        ),
        _weekday,
        _words(L.WEEKDAYS, _REL_WORDS, ["early", "late"]),
    ),
    Rule(
        "clock",
        _compile(
            r"(?:(?P<h>\d{1,2})(?::(?P<m>\d{2}))?\s*(?P<ampm>a\.m\.?|p\.m\.?|am|pm)"
            r"|(?P<h2>\d{1,2}):(?P<m2>\d{2})|(?P<word>noon|midnight))"
            rf"(?:\s+(?:{_TZ}))?(?:,?\s+(?:on\s+)?(?:(?P<day>today|yesterday|tomorrow|{L.WEEKDAY_FULL})"
            rf"|(?P<mon>{L.MONTH_ANY})\s+(?P<dom>[0-3]?\d)(?!\d)))?"
        ),
        _clock,
        _words(L.DIGITS, ["noon", "midnight"]),
    ),
    Rule(
        "shifted",
        _compile(
            rf"(?:{L.MODIFIER}\s+)?(?P<num>{L.QUANTITY})(?P<half>\s+and\s+a\s+half)?\s+"
            rf"(?P<unit>{L.UNIT})(?P<half2>\s+and\s+a\s+half)?(?:\s+or\s+so)?\s+"
            r"(?P<dir>ago|earlier|before|after|from\s+now|hence|back)(?!\s+than)"
        ),
        _shifted,
        _words(L.MODIFIER_STARTS, L.QUANTITY_STARTS),
    ),
    Rule(
        "vague ago",
        _compile(r"(?P<unit>years|months|weeks|days|decades)\s+(?P<dir>ago|earlier)"),
        lambda m, ctx: Found(DATE, "PAST_REF", ctx.anchor is not None),
        _words(["years", "months", "weeks", "days", "decades"]),
    ),
    Rule(
        "set word",
        _compile(r"(?P<w>daily|nightly|weekly|biweekly|monthly|yearly|hourly)"),
        _set_word,
        _words(_SET_WORDS),
    ),
    Rule(
        "every",
        _compile(
            rf"(?:every|each|per)\s+(?:(?P<num>{L.NUMBER_WORDS}|\d+|other)\s+)?"
            rf"(?P<unit>{L.UNIT}|morning|afternoon|evening|night|weekend|{L.WEEKDAY_FULL})"
        ),
        lambda m, ctx: _every_checked(m, ctx),
        _words(["every", "each", "per"]),
    ),
    Rule(
        "duration",
        _compile(
            rf"(?:{L.MODIFIER}\s+)?(?:the\s+(?:(?:past|last|next|first|previous|coming|following|"
            r"final|latest|remaining|initial|entire|whole|full)\s+)?)?"
            rf"(?P<num>{L.QUANTITY})(?P<half>\s+and\s+a\s+half)?\s+(?:more\s+)?"
            rf"(?P<unit>{L.UNIT})(?P<half2>\s+and\s+a\s+half)?(?:\s+or\s+so)?"
        ),
        _duration,
        _words(L.MODIFIER_STARTS, L.QUANTITY_STARTS, ["the"]),
    ),
    Rule(
        "adjectival duration",
        _compile(
            rf"(?:{L.MODIFIER}\s+)?(?P<num>\d+(?:\.\d+)?|{L.NUMBER_WORDS})(?P<half>-and-a-half)?-"
            r"(?P<unit>second|minute|hour|day|week|month|quarter|year|decade|century)"
            r"(?:-old|-long)?"
        ),
        _duration,
        _words(L.MODIFIER_STARTS, L.DIGITS, L.NUMBER_STARTS),
    ),
    Rule(
        "bare units",
        _compile(rf"(?:{L.MODIFIER}\s+)?(?P<unit>years|months|weeks|decades|centuries)"),
        _bare_units,
        _words(L.MODIFIER_STARTS, ["years", "months", "weeks", "decades", "centuries"]),
    ),
    Rule(
        "reference",
        _compile(
            r"(?P<ref>right\s+now|now|currently|nowadays|presently|at\s+present|the\s+present|"
            r"these\s+days|current|recently|recent\s+(?:years|months|weeks|days|times)|"
            r"lately|the\s+past|the\s+near\s+future|the\s+future|"
            r"the\s+coming\s+(?:days|weeks|months|years)|the\s+(?:days|weeks|months|years)\s+ahead)"
        ),
        _reference,
        _words(_REFERENCES, ["recent", "the"]),
    ),
    Rule(
        "holiday",
        _compile(
            r"(?:(?P<rel>last|next|this)\s+)?(?P<h>(?-i:Christmas(?:\s+Eve|\s+Day)?|New\s+Year's\s+"
            r"(?:Eve|Day)|Thanksgiving(?:\s+Day)?|Halloween|Valentine's\s+Day|Independence\s+Day|"
            r"(?:the\s+)?Fourth\s+of\s+July|Labou?r\s+Day|Memorial\s+Day))"
            rf"(?:,?\s+(?P<year>{L.YEAR4}))?"
        ),
        _holiday,
        _words(_HOLIDAYS, ["last", "next", "this"]),
    ),
)


def _numeric(m: re.Match[str], ctx: Context) -> Found | None:
    if m["year"]:
        return _day_date(m, ctx)
    year = int(m["year2"])
    year += (1900 if year >= 50 else 2000) if len(m["year2"]) == 2 else 0
    month, day = int(m["mon2"]), int(m["day2"])
    if not 1 <= month <= 12:
        return None
    return Found(DATE, cal.day_value(date(year, month, day)))


def _end_of_the(m: re.Match[str], ctx: Context) -> Found | None:
    unit = m["unit"].lower()
    if ctx.anchor is None:
        return Found(DATE, _UNDERSPECIFIED[unit])
    return Found(DATE, cal.relative_period(ctx.anchor, unit, 0), True)


def _every_checked(m: re.Match[str], ctx: Context) -> Found | None:
    if m["num"] and m["num"].lower() == "other":
        unit = lex.unit_name(m["unit"])
        return Found(SET, cal.duration_value(2, unit)) if unit in lex.UNIT_CODES else None
    return _every(m, ctx)
