"""Numerals as written in news: "1,000", "1.2", "twenty-five", "a dozen", "one-fifth".

These are pure functions over strings and lower-case words; the figure scanner
(:mod:`.figure_scan`) decides where a numeral starts and what surrounds it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

ONES = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
}
TENS = {
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
SCALES = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
# Abbreviated scales written straight after digits: "$2.6m", "£3bn", "5k".
SCALE_ABBREVIATIONS = {"m": 1e6, "mn": 1e6, "mln": 1e6, "bn": 1e9, "b": 1e9, "k": 1e3}

# Denominators of spelled fractions: "one-fifth", "two thirds", "a quarter".
DENOMINATORS = {
    "half": 2,
    "halves": 2,
    "third": 3,
    "thirds": 3,
    "quarter": 4,
    "quarters": 4,
    "fifth": 5,
    "fifths": 5,
    "sixth": 6,
    "sixths": 6,
    "seventh": 7,
    "sevenths": 7,
    "eighth": 8,
    "eighths": 8,
    "ninth": 9,
    "ninths": 9,
    "tenth": 10,
    "tenths": 10,
}

# Plural magnitudes ("hundreds of", "tens of thousands") are vague: they become
# ranges from the magnitude to the next one, so that "thousands of prisoners"
# agrees with "1,000 prisoners" and disagrees with "hundreds of prisoners".
VAGUE = {
    "dozens": (24.0, 100.0),
    "scores": (40.0, 100.0),
    "hundreds": (100.0, 1e3),
    "thousands": (1e3, 1e4),
    "millions": (1e6, 1e7),
    "billions": (1e9, 1e10),
}

# Words that may continue a spelled number; "and" only inside one ("two hundred and five").
NUMBER_WORDS = frozenset((*ONES, *TENS, *SCALES, "hundred", "dozen"))
_ONES_OR_TENS = frozenset((*ONES, *TENS))

_DIGITS = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?")


def parse_digits(text: str) -> float | None:
    """The value of "472", "1,000", "1.2" or "113,100"; None for "1,00", "3.8.0", "1.2,3"."""
    if not _DIGITS.fullmatch(text):
        return None
    return float(text.replace(",", ""))


def parse_number_words(words: Sequence[str]) -> tuple[float, int] | None:
    """The value of the longest spelled number at the start of ``words``, and its length.

    ``words`` are lower-case words with hyphens already split off:
    ``["twenty", "five"]`` -> (25, 2); ``["a", "dozen", "people"]`` -> (12, 2);
    ``["two", "hundred", "and", "five", "men"]`` -> (205, 4). A leading "a"/"an"
    counts as one only before "hundred", "thousand", "million", "billion" or "dozen".
    """
    total = 0.0  # completed thousands/millions groups
    group = 0  # the group being built, below one thousand
    last_scale = float("inf")
    after_tens = False  # "twenty" may take a unit word: "twenty five"
    group_has_hundred = False
    used = 0
    value: float | None = None
    index = 0
    if len(words) > 1 and words[0] in ("a", "an") and words[1] in ("hundred", "dozen", *SCALES):
        group, index = 1, 1
    while index < len(words):
        word = words[index]
        if word == "and":
            # British "two hundred and five": only between a hundred/scale and a smaller number.
            nxt = words[index + 1] if index + 1 < len(words) else ""
            if (group_has_hundred or total) and group % 100 == 0 and (nxt in ONES or nxt in TENS):
                index += 1
                continue
            break
        if word in ONES:
            small = ONES[word]
            if (after_tens and 1 <= small <= 9) or (
                group % 100 == 0 and not (index and words[index - 1] in ONES)
            ):
                group += small
            else:
                break
            after_tens = False
        elif word in TENS:
            if group % 100 != 0 or (index and words[index - 1] in _ONES_OR_TENS):
                break
            group += TENS[word]
            after_tens = True
        elif word == "hundred":
            if not 1 <= group <= 9 or group_has_hundred:
                break
            group *= 100
            group_has_hundred = True
            after_tens = False
        elif word in SCALES:
            scale = SCALES[word]
            if group == 0 or scale >= last_scale:
                break
            total += group * scale
            group, last_scale, group_has_hundred, after_tens = 0, scale, False, False
        elif word == "dozen":
            if group == 0 or total:
                break
            value, used = group * 12.0, index + 1
            break
        else:
            break
        index += 1
        value, used = total + group, index
    if value is None or used == 0:
        return None
    return value, used
