"""Scan text for figures: a qualifier, a number or range, and a unit, with exact spans.

The scanner works on its own light tokens (numbers, words, single symbols, each
knowing whether it touches the previous one), so spans are exact character
offsets and no parse is needed. What a figure counts is found afterwards
(:mod:`.figure_counts`), from the parse when there is one.

Numbers that are not quantities are left out on purpose: years ("2022",
"1990s"), dates and times ("May 16", "9:25", "7 pm"), ordinals ("18th"),
names and codes ("AK 47", "Russia-1", "COVID-19"), phone-like digit groups,
page counters ("(1428 articles)"), numbers with leading zeros, and anything
inside a URL or e-mail address.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from enum import StrEnum
from typing import Final

from .figure_units import (
    CURRENCIES,
    CURRENCY_CODES,
    CURRENCY_SIGNS,
    LONGEST_QUALIFIER,
    LONGEST_UNIT,
    POST_QUALIFIERS,
    QUALIFIER_PHRASES,
    TIME_UNITS,
    UNIT_PHRASES,
    dimension,
)
from .figure_words import (
    DENOMINATORS,
    NUMBER_WORDS,
    ONES,
    SCALE_ABBREVIATIONS,
    SCALES,
    VAGUE,
    parse_digits,
    parse_number_words,
)

_TOKEN = re.compile(r"\d+(?:[.,]\d+)*|[^\W\d_]+(?:['’][^\W\d_]+)*|\S")
_BLOCKED = re.compile(r"(?:https?://|www\.)\S+|[\w.+-]+@[\w-]+\.[\w.]+")
_TITLE_WORD = re.compile(r"[^\W\d_][\w'’-]*")

_HYPHENS: Final = frozenset(("-", "‑", "–"))
_MONTHS: Final = frozenset(
    "january february march april june july august september october november december "
    "jan feb mar apr jun jul aug sep sept oct nov dec".split()
)
_TIME_SUFFIXES: Final = frozenset("am pm gmt utc bst cet cest edt est pdt pst hrs".split())
_PAGE_COUNTERS: Final = frozenset(
    "articles comments photos images views shares replies results videos items stories".split()
)
# Words before a four-digit number that make it a year: "in 2022", "since 1991".
_YEAR_WORDS: Final = frozenset(
    "in since by of until till from before after during early late mid spring summer autumn "
    "fall winter end year years around between and to circa".split()
)
# Capitalised words that may stand before a number without making it a name or code.
_NOT_NAME_WORDS: Final = frozenset(
    (
        *"the a an and but or of in on at by for with from to as than only just all another "
        "those these its their his her our".split(),
        *(word for words in QUALIFIER_PHRASES for word in words),
    )
)
_STARTERS: Final = frozenset(
    (
        *NUMBER_WORDS,
        *VAGUE,
        *CURRENCY_SIGNS,
        *(c.lower() for c in CURRENCY_CODES),
        "tens",
        "a",
        "an",
        "half",
        "aged",
        "age",
        "magnitude",
        "us",
        "ca",
        "hk",
        "nz",
    )
)
_SINGLE_WORD_UNITS: Final = frozenset(words[0] for words in UNIT_PHRASES if len(words) == 1)
_AFTER_ARTICLE: Final = frozenset(
    ("hundred", "dozen", "third", "quarter", *SCALES, *_SINGLE_WORD_UNITS)
)
_IRREGULAR_PLURALS: Final = frozenset("people men women children police troops".split())


class Kind(StrEnum):
    """How a figure relates to the noun it counts or measures."""

    COUNT = "count"  # counts things: "26 Somali pirates", "hundreds of children"
    SHARE = "share"  # a share of something: "12% of voters", "one-fifth of Ukraine"
    MEASURE = "measure"  # an amount in a unit: "7,000 kilometres", "$200 million"


@dataclass(frozen=True, slots=True)
class Token:
    text: str
    lower: str
    start: int
    end: int
    glued: bool  # touches the previous token: no space between them


@dataclass(frozen=True, slots=True)
class RawFigure:
    """A figure before its counted noun is known."""

    start: int
    end: int
    value: float
    unit: str | None
    qualifier: str | None
    upper: float | None
    kind: Kind
    adjectival: bool  # the unit is joined to a following noun: "three-year war"
    bare_one: bool  # a lone "one": kept only when it counts a noun ("one person")
    joined_noun: str | None = None  # a noun hyphenated to the number: "125-seat" -> "seat"


@dataclass(frozen=True, slots=True)
class _Number:
    """A number's value and the tokens it spans, before ranges and units."""

    value: float
    start: int
    end: int  # token index after the number
    raw: float = 0.0  # value before a scale word ("1.2" of "1.2 million")
    scale: float = 1.0
    digits: bool = False
    upper: float | None = None  # vague magnitudes: "hundreds" -> 100..1000
    share: bool = False  # a spelled fraction, as a percentage
    needs_qualifier: bool = False  # "an hour" only counts in "just over an hour"
    one_word: bool = False  # a lone spelled "one"


def tokenize(text: str) -> list[Token]:
    """Numbers ("1,000", "1.2"), words (with inner apostrophes) and single symbols."""
    tokens: list[Token] = []
    previous_end = -1
    for match in _TOKEN.finditer(text):
        word = match.group()
        tokens.append(
            Token(word, word.lower(), match.start(), match.end(), match.start() == previous_end)
        )
        previous_end = match.end()
    return tokens


def scan(text: str) -> list[RawFigure]:
    """Every figure in ``text``, in order, without the counted nouns."""
    return _Scanner(text).run()


class _Scanner:
    def __init__(self, text: str) -> None:
        self.text = text
        self.tokens = tokenize(text)
        self.blocked = [(m.start(), m.end()) for m in _BLOCKED.finditer(text)]
        self._title_lines: dict[int, bool] = {}

    # -- token helpers ----------------------------------------------------------
    def low(self, i: int) -> str:
        return self.tokens[i].lower if 0 <= i < len(self.tokens) else ""

    def glued(self, i: int) -> bool:
        return 0 <= i < len(self.tokens) and self.tokens[i].glued

    def is_digits(self, i: int) -> bool:
        return 0 <= i < len(self.tokens) and self.tokens[i].text[0].isdigit()

    def skip_hyphen(self, i: int) -> tuple[int, bool]:
        """Step over a hyphen joining two words ("three-year"), reporting whether there was one."""
        if self.low(i) in _HYPHENS and self.glued(i) and self.glued(i + 1):
            return i + 1, True
        return i, False

    def match_words(self, i: int, words: tuple[str, ...]) -> tuple[int, bool] | None:
        """Token index after ``words`` starting at ``i`` (hyphens allowed between), and
        whether the first word was hyphenated to what came before."""
        j, first_hyphen = i, False
        for n, word in enumerate(words):
            k, hyphen = self.skip_hyphen(j)
            if n == 0:
                first_hyphen = hyphen
            if self.low(k) != word:
                return None
            j = k + 1
        return j, first_hyphen

    def words_from(self, i: int, count: int) -> tuple[tuple[str, ...], int, bool]:
        """Up to ``count`` lower-case words from ``i``, hyphens skipped; end index; hyphen first."""
        words: list[str] = []
        j, first_hyphen = i, False
        for n in range(count):
            k, hyphen = self.skip_hyphen(j)
            if k >= len(self.tokens):
                break
            if n == 0:
                first_hyphen = hyphen
            words.append(self.tokens[k].lower)
            j = k + 1
        return tuple(words), j, first_hyphen

    # -- main loop --------------------------------------------------------------
    def run(self) -> list[RawFigure]:
        found: list[RawFigure] = []
        i = 0
        while i < len(self.tokens):
            if not self._may_start(i):
                i += 1
                continue
            figure, next_i = self._figure_at(i)
            if figure is None:
                i = max(next_i, i + 1)
                continue
            found.append(figure)
            i = self._skip_conversion(figure, next_i)
        return found

    def _may_start(self, i: int) -> bool:
        token = self.tokens[i]
        if token.text[0].isdigit():
            return True
        if token.lower not in _STARTERS:
            return False
        if token.lower in ("a", "an"):
            return self.low(i + 1) in _AFTER_ARTICLE
        return True

    def _skip_conversion(self, figure: RawFigure, i: int) -> int:
        """Skip a bracketed conversion, "7,000 kilometres (4,300 miles)": the same quantity."""
        if figure.unit is None or self.low(i) != "(":
            return i
        inner, _ = self._figure_at(i + 1)
        if inner is None or inner.unit is None:
            return i
        if dimension(inner.unit)[0] != dimension(figure.unit)[0]:
            return i
        for j in range(i + 1, min(i + 16, len(self.tokens))):
            if self.tokens[j].text == ")":
                return j + 1
        return i

    # -- one figure -------------------------------------------------------------
    def _figure_at(self, i: int) -> tuple[RawFigure | None, int]:
        if i >= len(self.tokens):  # e.g. a text ending in "7,000 km ("
            return None, i + 1
        first = i
        unit, i = self._prefix(i)
        number = self._number(i, money=unit is not None and unit not in ("age", "magnitude"))
        if number is None:
            return None, i + 1
        if number.digits and self._not_a_quantity(number, first):
            return None, number.end
        j = number.end
        value, upper = number.value, number.upper
        half = self.match_words(j, ("and", "a", "half"))
        if half and number.upper is None and not number.share:
            value, j = value + 0.5, half[0]
        before = self.low(first - 1)
        if number.upper is None and not number.share and not number.needs_qualifier:
            ranged = self._range(number, j, money=unit is not None, between=before == "between")
            if ranged == "score":
                return None, j + 2
            if isinstance(ranged, tuple) and before != "from":
                value, upper, j = ranged
        adjectival = False
        if number.share:
            unit = "%"
        elif unit is None:
            found = self._unit(j, vague=number.upper is not None)
            if found is not None:
                unit, j, adjectival = self._refine_unit(*found)
        if unit in TIME_UNITS and (half := self.match_words(j, ("and", "a", "half"))):
            value, j = value + 0.5, half[0]
        if number.needs_qualifier and unit is None:
            return None, number.end
        if self._is_year(number, j, unit) or self._is_clock_time(number, unit):
            return None, j
        joined_noun = None
        if unit is None and not number.share and upper is None:
            joined_noun, j = self._joined_noun(j)
        qualifier, start = self._qualifier_before(first)
        if qualifier is None:
            qualifier, j = self._qualifier_after(j)
        if number.needs_qualifier and qualifier is None:
            return None, number.end
        if upper is not None and before == "between" and number.upper is None:
            start = self.tokens[first - 1].start
        kind = Kind.SHARE if unit in ("%", "pp") else Kind.COUNT if unit is None else Kind.MEASURE
        figure = RawFigure(
            start=start,
            end=self.tokens[j - 1].end,
            value=value,
            unit=unit,
            qualifier=qualifier,
            upper=upper,
            kind=kind,
            adjectival=adjectival,
            bare_one=number.one_word and unit is None and qualifier is None and upper is None,
            joined_noun=joined_noun,
        )
        return figure, j

    def _prefix(self, i: int) -> tuple[str | None, int]:
        """A currency sign or code, "aged", or "magnitude" written before the number."""
        token = self.tokens[i]
        low = token.lower
        if low in CURRENCY_SIGNS and self.is_digits(i + 1) and self.glued(i + 1):
            return CURRENCY_SIGNS[low], i + 1
        sign = low + self.low(i + 1)
        if (
            sign in CURRENCY_SIGNS
            and self.glued(i + 1)
            and self.is_digits(i + 2)
            and self.glued(i + 2)
        ):
            return CURRENCY_SIGNS[sign], i + 2
        if token.text in CURRENCY_CODES and self.is_digits(i + 1) and not self.glued(i + 1):
            return token.text, i + 1
        if low in ("aged", "age") and self.is_digits(i + 1):
            return "age", i + 1
        if low == "magnitude" and self.is_digits(i + 1):
            return "magnitude", i + 1
        return None, i

    def _number(self, i: int, *, money: bool) -> _Number | None:
        if i >= len(self.tokens):
            return None
        if self.is_digits(i):
            return self._digits(i, money=money)
        low = self.tokens[i].lower
        if low in ("tens", "hundreds") and self.low(i + 1) == "of":
            magnitude = VAGUE.get(self.low(i + 2))
            if magnitude and magnitude[0] >= 1e3:
                base = (10.0 if low == "tens" else 100.0) * magnitude[0]
                return _Number(base, i, i + 3, upper=base * 10)
        if low in VAGUE:
            lower, upper = VAGUE[low]
            return _Number(lower, i, i + 1, upper=upper)
        share = self._fraction(i)
        if share is not None:
            return share
        if low == "half" and self.low(i + 1) in ("a", "an"):
            return self._half(i)
        return self._spelled(i)

    def _digits(self, i: int, *, money: bool) -> _Number | None:
        raw = parse_digits(self.tokens[i].text)
        if raw is None:
            return None
        j, scale = i + 1, 1.0
        nxt = self.low(j)
        if self.glued(j) and (
            nxt in ("bn", "mn", "mln", "m") or (money and nxt in SCALE_ABBREVIATIONS)
        ):
            scale, j = SCALE_ABBREVIATIONS[nxt], j + 1
        else:
            k, _ = self.skip_hyphen(j)
            if self.low(k) in SCALES:
                scale, j = SCALES[self.low(k)], k + 1
        return _Number(raw * scale, i, j, raw=raw, scale=scale, digits=True)

    def _fraction(self, i: int) -> _Number | None:
        """ "one-fifth", "two thirds of", "a quarter of", "half of" as a percentage."""
        low = self.tokens[i].lower
        if low == "half" and self.low(i + 1) in ("of", "the"):
            return _Number(50.0, i, i + 1, share=True)
        if low in ("a", "an"):
            numerator = 1
        elif 1 <= ONES.get(low, 0) <= 10:
            numerator = ONES[low]
        else:
            return None
        k, hyphen = self.skip_hyphen(i + 1)
        denominator = DENOMINATORS.get(self.low(k))
        if denominator is None:
            return None
        followed_by_of = self.low(k + 1) == "of"
        plural = self.low(k).endswith("s")
        if low in ("a", "an") and not followed_by_of:
            return None  # "a third round" is an ordinal
        if not (hyphen or followed_by_of or plural):
            return None
        return _Number(100.0 * numerator / denominator, i, k + 1, share=True)

    def _half(self, i: int) -> _Number | None:
        """ "half a dozen", "half a million", "half an hour"."""
        what = self.low(i + 2)
        if what == "dozen":
            return _Number(6.0, i, i + 3)
        if what in SCALES:
            return _Number(0.5 * SCALES[what], i, i + 3)
        if what in _SINGLE_WORD_UNITS:
            return _Number(0.5, i, i + 2)
        return None

    def _spelled(self, i: int) -> _Number | None:
        words: list[str] = []
        indices: list[int] = []
        k = i
        while len(words) < 40 and k < len(self.tokens):
            word = self.tokens[k].lower
            if word in NUMBER_WORDS or (word in ("a", "an") and not words) or word == "and":
                words.append(word)
                indices.append(k)
            else:
                break
            nxt, _ = self.skip_hyphen(k + 1)
            k = nxt
        parsed = parse_number_words(words)
        if parsed is None:
            if self.tokens[i].lower in ("a", "an") and self.low(i + 1) in _SINGLE_WORD_UNITS:
                return _Number(1.0, i, i + 1, needs_qualifier=True)
            return None
        value, used = parsed
        end = indices[used - 1] + 1
        lone_one = used == 1 and words[0] == "one"
        return _Number(value, i, end, one_word=lone_one)

    def _range(
        self, number: _Number, j: int, *, money: bool, between: bool
    ) -> tuple[float, float, int] | str | None:
        """ "40 to 50", "40-50", "two or three", "between 40 and 50": (low, high, end)."""
        joint = self.low(j)
        hyphen = joint in _HYPHENS
        if hyphen and joint == "-" and not (self.glued(j) and self.glued(j + 1)):
            return None
        if not (hyphen or joint in ("to", "or") or (between and joint == "and")):
            return None
        k = j + 1
        if money and self.low(k) in CURRENCY_SIGNS and self.glued(k + 1):
            k += 1
        second = self._number(k, money=money) if k < len(self.tokens) else None
        if second is None or second.digits != number.digits or second.upper is not None:
            return None
        if second.share or second.needs_qualifier:
            return None
        if second.digits and self._looks_like_phone(number, second, joint):
            return "score"
        low = number.value
        if number.scale == 1 and second.scale > 1 and number.raw < second.raw:
            low = number.raw * second.scale  # "1 to 2 million"
        if second.value > low:
            return low, second.value, second.end
        if hyphen and number.digits:
            return "score"  # "3-1" is a result, not a range
        return None

    def _looks_like_phone(self, first: _Number, second: _Number, joint: str) -> bool:
        a, b = self.tokens[first.start].text, self.tokens[second.start].text
        if joint not in _HYPHENS or "," in a + b or "." in a + b:
            return False
        more_groups = self.low(second.end) in _HYPHENS and self.is_digits(second.end + 1)
        return (len(a) >= 3 and len(b) >= 4) or more_groups

    def _unit(self, j: int, *, vague: bool) -> tuple[str, int, bool] | None:
        """The unit written at ``j``: (code, end, joined by a hyphen)."""
        for length in range(LONGEST_UNIT, 0, -1):
            words, end, hyphen = self.words_from(j, length)
            code = UNIT_PHRASES.get(words) if len(words) == length else None
            if code is None or not (code in CURRENCIES or self._unit_cased(j, end)):
                continue
            # Glued without a hyphen only for symbols and abbreviations: "12%", "7,000km".
            if hyphen or not self.glued(j) or words[0] in ("%", "km", "km²", "kg", "mph"):
                return code, end, hyphen
        if vague and self.low(j) == "of":
            inner = self._unit(j + 1, vague=False)
            if inner is not None and not inner[2]:
                return inner
        return None

    def _unit_cased(self, start: int, end: int) -> bool:
        """Units are written in lower or title case: "HR" is home runs, not hours."""
        text = "".join(t.text for t in self.tokens[start:end] if t.text[0].isalpha())
        return not (len(text) > 1 and text.isupper() and text.lower() not in ("km", "kg"))

    def _joined_noun(self, j: int) -> tuple[str | None, int]:
        """A noun hyphenated to a number, "a 125-seat parliament": the number counts seats."""
        k, hyphen = self.skip_hyphen(j)
        word = self.tokens[k].text if hyphen else ""
        if not (word.isalpha() and word.islower()) or word in NUMBER_WORDS:
            return None, j
        if self.match_words(k + 1, ("old",)) is not None:
            return None, j
        return word, k + 1

    def _is_clock_time(self, number: _Number, unit: str | None) -> bool:
        """ "at 1100 hours": a 24-hour clock time, written without a thousands comma."""
        text = self.tokens[number.start].text
        return unit == "hour" and len(text) == 4 and text.isdigit() and int(text[2:]) < 60

    def _refine_unit(self, unit: str, j: int, adjectival: bool) -> tuple[str, int, bool]:
        """Ages ("61-year-old", "42 years old") and pounds of weight ("50 pounds of")."""
        if unit == "year":
            old = self.match_words(j, ("old",))
            if old is not None and (old[1] or not adjectival):
                return "age", old[0], adjectival
        if unit == "GBP" and self.low(j) == "of":
            return "lb", j, adjectival
        return unit, j, adjectival

    def _qualifier_before(self, i: int) -> tuple[str | None, int]:
        start = self.tokens[i].start
        for length in range(LONGEST_QUALIFIER, 0, -1):
            if i - length < 0:
                continue
            words = tuple(t.lower for t in self.tokens[i - length : i])
            if words in QUALIFIER_PHRASES:
                return QUALIFIER_PHRASES[words], self.tokens[i - length].start
        return None, start

    def _qualifier_after(self, j: int) -> tuple[str | None, int]:
        for words, qualifier in POST_QUALIFIERS.items():
            matched = self.match_words(j, words)
            if matched is not None and (words != ("plus",) or matched[1]):
                return qualifier, matched[0]
        return None, j

    # -- numbers that are not quantities ---------------------------------------
    def _not_a_quantity(self, number: _Number, first: int) -> bool:
        d = number.start
        token = self.tokens[d]
        if any(a <= token.start < b for a, b in self.blocked):
            return True
        if len(token.text) > 1 and token.text[0] == "0" and not token.text.startswith("0."):
            return True  # "02", "020 7946": codes and dates, not amounts
        if first == d and self._touches_before(d):
            return True
        if self._in_digit_group(d, number.end):
            return True
        if self._touches_after(number.end):
            return True
        before, after = self.tokens[first - 1] if first else None, self.low(number.end)
        if before is not None and self._is_month(before):
            return True
        if number.end < len(self.tokens) and self._is_month(self.tokens[number.end]):
            return True
        if after in _TIME_SUFFIXES or self._is_am_pm(number.end):
            return True
        if after in _PAGE_COUNTERS and self.low(first - 1) == "(":
            return True
        return first == d and self._is_name_or_code(d)

    def _touches_before(self, d: int) -> bool:
        """A number glued to what precedes: "MH17", "COVID-19", "Russia-1", "9/11", "'22"."""
        if not self.glued(d):
            return False
        before = self.tokens[d - 1].text
        if before[0].isalpha() or before in ("/", ":", "'", "’", "#", "+", "."):
            return True
        return before in _HYPHENS and self.glued(d - 1) and self.tokens[d - 2].text[-1].isalnum()

    def _in_digit_group(self, d: int, end: int) -> bool:
        """Bare digit groups side by side, "20 7946 0958": a phone number or a code."""
        plain = end == d + 1 and "," not in self.tokens[d].text
        before = d > 0 and self.is_digits(d - 1) and not self.glued(d)
        after = self.is_digits(end) and not self.glued(end)
        return plain and (before or after)

    def _touches_after(self, j: int) -> bool:
        """A number glued to letters or separators that follow: "1990s", "16th", "9:25"."""
        if not self.glued(j):
            return False
        after = self.tokens[j].text
        if after[0].isalpha():
            words = (self.tokens[j].lower,)
            return words not in UNIT_PHRASES and after.lower() not in ("km²",)
        return after in ("/", ":") and self.is_digits(j + 1) and self.glued(j + 1)

    def _is_month(self, token: Token) -> bool:
        return token.lower in _MONTHS or token.text == "May"

    def _is_am_pm(self, j: int) -> bool:
        """ "a.m." and "p.m.", which the tokenizer splits into letters and dots."""
        return (
            self.low(j) in ("a", "p")
            and self.low(j + 1) == "."
            and self.glued(j + 1)
            and self.low(j + 2) == "m"
        )

    def _is_name_or_code(self, d: int) -> bool:
        """ "AK 47", "Article 5", "No. 10": a number that names rather than counts."""
        if d == 0:
            return False
        before = self.tokens[d - 1]
        if before.lower in ("no", "nos", "number", "#") or (
            before.text == "." and self.low(d - 2) == "no"
        ):
            return True
        if not (before.text.isalpha() and before.text[0].isupper()):
            return False
        if before.lower in _NOT_NAME_WORDS or "," in self.tokens[d].text:
            return False
        return not self._sentence_start(before.start) and not self._title_line(before.start)

    def _sentence_start(self, position: int) -> bool:
        k = position - 1
        while k >= 0 and self.text[k] in " \t":
            k -= 1
        return k < 0 or self.text[k] in '.!?"“”‘’:;(\n—–-'

    def _title_line(self, position: int) -> bool:
        """Whether the line holding ``position`` is a headline in title case."""
        line_start = self.text.rfind("\n", 0, position) + 1
        cached = self._title_lines.get(line_start)
        if cached is not None:
            return cached
        line_end = self.text.find("\n", position)
        line = self.text[line_start : line_end if line_end >= 0 else len(self.text)]
        words = [w for w in _TITLE_WORD.findall(line) if len(w) > 3]
        capitalised = sum(1 for w in words if w[0].isupper())
        title = bool(words) and len(words) <= 20 and capitalised >= 0.6 * len(words)
        self._title_lines[line_start] = title
        return title

    def _is_year(self, number: _Number, j: int, unit: str | None) -> bool:
        """ "2022" or "in 1991": a four-digit number from 1800 to 2100 that is not an amount."""
        if unit is not None or not number.digits or number.scale != 1:
            return False
        text = self.tokens[number.start].text
        if len(text) != 4 or not text.isdigit() or not 1800 <= int(text) <= 2100:
            return False
        if self.low(number.start - 1) in _YEAR_WORDS:
            return True
        after = self.tokens[j] if j < len(self.tokens) else None
        if after is None or not after.text.islower():
            return True
        plural = after.lower.endswith("s") and len(after.lower) > 3
        return not (plural or after.lower in _IRREGULAR_PLURALS)


def with_span(figure: RawFigure, start: int, end: int) -> RawFigure:
    """The same figure over a wider span (the counted noun included)."""
    return replace(figure, start=start, end=end)
