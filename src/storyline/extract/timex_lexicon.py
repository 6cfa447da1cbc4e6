"""The words of English time expressions: what they mean, and regex pieces naming them.

Nothing here matches text on its own; :mod:`.timex_rules` builds its patterns
from these pieces, and its normalisers look words up in these tables.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from . import figure_words

MONTHS: dict[str, int] = {
    "january": 1,
    "february": 2,
    "march": 3,
    "april": 4,
    "may": 5,
    "june": 6,
    "july": 7,
    "august": 8,
    "september": 9,
    "october": 10,
    "november": 11,
    "december": 12,
}
MONTH_ABBREVIATIONS: dict[str, int] = {
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "sept": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}
WEEKDAYS: dict[str, int] = {
    "monday": 1,
    "tuesday": 2,
    "wednesday": 3,
    "thursday": 4,
    "friday": 5,
    "saturday": 6,
    "sunday": 7,
}
WEEKDAY_ABBREVIATIONS: dict[str, int] = {
    "mon": 1,
    "tue": 2,
    "tues": 2,
    "wed": 3,
    "thu": 4,
    "thur": 4,
    "thurs": 4,
    "fri": 5,
    "sat": 6,
    "sun": 7,
}
SEASONS: dict[str, str] = {
    "spring": "SP",
    "summer": "SU",
    "fall": "FA",
    "autumn": "FA",
    "winter": "WI",
}
# The month each season starts in (northern hemisphere, meteorological), used
# to tell which season "last summer" means.
SEASON_START: dict[str, int] = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}
PARTS_OF_DAY: dict[str, str] = {
    "morning": "MO",
    "afternoon": "AF",
    "evening": "EV",
    "night": "NI",
    "tonight": "NI",
}
ORDINALS: dict[str, int] = {
    "first": 1,
    "1st": 1,
    "second": 2,
    "2nd": 2,
    "third": 3,
    "3rd": 3,
    "fourth": 4,
    "4th": 4,
    "final": 4,
    "last": 4,
}

# The number words of the figure scanner, without "zero" ("zero hour" is no duration).
ONES: dict[str, int] = {word: n for word, n in figure_words.ONES.items() if n}
TENS: dict[str, int] = dict(figure_words.TENS)
# Quantities TIMEX3 writes as "X": "several years" is PXY.
VAGUE_QUANTITIES = frozenset({"few", "several", "many", "some", "a few", "a number of"})

# TIMEX3 duration letters per unit; time-of-day units sit after a "T".
UNIT_CODES: dict[str, str] = {
    "second": "S",
    "minute": "M",
    "hour": "H",
    "day": "D",
    "week": "W",
    "fortnight": "W",
    "month": "M",
    "quarter": "Q",
    "year": "Y",
    "decade": "DE",
    "century": "CE",
}
TIME_UNITS = frozenset({"second", "minute", "hour"})


def _alternation(words: Iterable[str]) -> str:
    """A regex alternation of ``words``, longest first so no prefix shadows a word."""
    return "|".join(sorted((re.escape(w) for w in words), key=len, reverse=True))


def _capitalised(words: Iterable[str]) -> str:
    """Words that must start with a capital, whatever the surrounding flags."""
    forms = sorted(words, key=len, reverse=True)
    return "(?-i:" + "|".join(w[0].upper() + w[1:] for w in forms) + ")"


# -- regex pieces (patterns are compiled with re.IGNORECASE) ------------------
# Month names must be capitalised: "march", "may" and "fall" are common words.
MONTH_FULL = _capitalised(MONTHS)
MONTH_SHORT = _capitalised(MONTH_ABBREVIATIONS) + r"\.?"
MONTH_ANY = rf"(?:{MONTH_FULL}|{MONTH_SHORT})"
# A month standing alone: full names, or abbreviations only with their full stop.
MONTH_ALONE = rf"(?:{MONTH_FULL}|" + _capitalised(MONTH_ABBREVIATIONS) + r"\.)"
WEEKDAY_FULL = rf"(?:{_alternation(WEEKDAYS)})"
WEEKDAY_SHORT = _capitalised(WEEKDAY_ABBREVIATIONS) + r"\.?"
WEEKDAY_ANY = rf"(?:{WEEKDAY_FULL}|{WEEKDAY_SHORT})"
YEAR4 = r"(?:1[0-9]\d\d|20\d\d)"
DAY_NUMBER = r"(?:[0-3]?\d)(?:st|nd|rd|th)?"

_ONES = _alternation(ONES)
_TENS = _alternation(TENS)
NUMBER_WORDS = rf"(?:(?:{_TENS})(?:[\s-](?:{_ONES}))?|{_ONES}|(?:a\s+|one\s+)?(?:hundred|dozen))"
# Years read aloud, as broadcast transcripts write them: "nineteen ninety-six",
# "two thousand", "two thousand and one". A bare "two thousand" is usually a count,
# so the rules take it only after "the year" or a month.
SPELLED_CENTURY_YEAR = rf"nineteen[\s-]+(?:{_TENS})(?:[\s-]+(?:{_ONES}))?"
SPELLED_MILLENNIUM_YEAR = rf"two\s+thousand(?:\s+(?:and\s+)?(?:{_ONES}))?"
QUANTITY = (
    rf"(?:\d+(?:\.\d+)?|{NUMBER_WORDS}|an?(?:\s+few)?|few|several|many|"
    r"a\s+couple\s+of|couple\s+of|a\s+number\s+of)"
)
UNIT = (
    r"(?:seconds?|minutes?|hours?|days?|weeks?|fortnights?|months?|quarters?|years?|"
    r"decades?|century|centuries)"
)
HALF = r"(?:[\s-]+and[\s-]+a[\s-]+half)"
# Words that qualify an amount of time and belong inside the TIMEX3 extent.
MODIFIER = (
    r"(?:(?:just\s+|well\s+)?(?:more|less|fewer)\s+than|(?:just\s+|well\s+)?(?:over|under)|"
    r"nearly|almost|about|around|roughly|approximately|some|at\s+least|at\s+most|up\s+to|"
    r"barely|only|a\s+full)"
)
# "the end of", "early", "mid-": they keep the value of what follows (TIMEX3 mod).
POSITION = (
    r"(?:(?:the\s+)?(?:end|beginning|start|middle|close|turn|rest|remainder)\s+of\s+|"
    r"(?:early|late|earlier|later)[\s-]+|mid-?\s?)"
)
# The words each piece above can begin with: the scanner tries a rule only at
# words it can start with, so these must keep up with the patterns.
DIGITS = tuple("0123456789")
NUMBER_STARTS = (*ONES, *TENS, "a", "one", "hundred", "dozen")
QUANTITY_STARTS = (*DIGITS, *NUMBER_STARTS, "an", "few", "several", "many", "couple")
MODIFIER_STARTS = (
    "just",
    "well",
    "more",
    "less",
    "fewer",
    "over",
    "under",
    "nearly",
    "almost",
    "about",
    "around",
    "roughly",
    "approximately",
    "some",
    "at",
    "up",
    "barely",
    "only",
    "a",
)
POSITION_STARTS = (
    "the",
    "end",
    "beginning",
    "start",
    "middle",
    "close",
    "turn",
    "rest",
    "remainder",
    "early",
    "late",
    "earlier",
    "later",
    "mid",
)
SEASON = rf"(?:{_alternation(SEASONS)})"
PART_OF_DAY = r"(?:morning|afternoon|evening|night)"


def number_value(words: str) -> float | None:
    """The number an amount names ("twenty-four" → 24, "a" → 1); None for vague ones."""
    text = " ".join(words.lower().replace("-", " ").split())
    if text in VAGUE_QUANTITIES:
        return None
    if text in ("a", "an", "one", "a dozen", "one dozen", "dozen"):
        return 12.0 if "dozen" in text else 1.0
    if text in ("a couple of", "couple of"):
        return 2.0
    if text in ("hundred", "a hundred", "one hundred"):
        return 100.0
    try:
        return float(text.replace(",", ""))
    except ValueError:
        pass
    total = 0
    for word in text.split():
        if word in TENS:
            total += TENS[word]
        elif word in ONES:
            total += ONES[word]
        else:
            return None
    return float(total) if total else None


def spelled_year(words: str) -> int | None:
    """The year a spoken form names: "nineteen ninety-six" → 1996, "two thousand and one" → 2001."""
    parts = words.lower().replace("-", " ").split()
    if parts[:2] == ["two", "thousand"]:
        rest = [w for w in parts[2:] if w != "and"]
        return 2000 + sum(ONES.get(w, 0) for w in rest)
    if parts[:1] == ["nineteen"] and len(parts) > 1 and parts[1] in TENS:
        return 1900 + TENS[parts[1]] + sum(ONES.get(w, 0) for w in parts[2:])
    return None


def unit_name(word: str) -> str:
    """The singular unit of a unit word: "centuries" → "century", "days" → "day"."""
    word = word.lower()
    if word in ("century", "centuries"):
        return "century"
    return word[:-1] if word.endswith("s") else word


def month_number(word: str) -> int | None:
    """1–12 for a month name or abbreviation ("Sept." → 9), else None."""
    key = word.lower().rstrip(".")
    return MONTHS.get(key) or MONTH_ABBREVIATIONS.get(key)


def weekday_number(word: str) -> int | None:
    """ISO weekday 1–7 for a weekday name or abbreviation, else None."""
    key = word.lower().rstrip(".")
    return WEEKDAYS.get(key) or WEEKDAY_ABBREVIATIONS.get(key)
