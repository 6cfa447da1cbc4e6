"""Whether a source sentence supports a summary sentence, or only touches its point.

Two sentences close in meaning can still tell different things: another
speaker for the same words, another number, another day, one more name. A
reader who clicks a citation expects the cited sentence to say what the
summary says, so support is decided on the *particulars* of the summary
sentence, by rules a reader can check:

* **full**: every name the summary sentence writes, every number, every date
  and its speaker are in the cited sentence (a name by its consonant skeleton,
  so "Zelenskiy" meets "Zelensky"; a date by the calendar day it resolves to,
  so "on Monday" meets "yesterday" when both mean 2 June);
* **partial**: the same point, told with some particular missing or other
  ("on the same point"): shown, never counted as a report;
* **conflict**: the cited sentence gives the words to another named speaker,
  or gives one of the summary sentence's quantities another value. That is a
  disagreement, not support.

The closeness that makes two sentences "the same point" is decided by the
caller (sentence vectors); this module only reads the particulars.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from enum import StrEnum
from functools import lru_cache
from typing import Protocol

from ..extract.figure_compare import conflicting, same_quantity
from ..extract.gazetteer import country_of
from ..models import DateRef, Figure, Quote, Sentence, TimexType
from .anchors import NOT_NAMES, name_key
from .features import STOPWORDS
from .reconcile import is_named, overlaps


class Support(StrEnum):
    FULL = "full"
    PARTIAL = "partial"
    CONFLICT = "conflict"


# Capitalised words that name no one: anchors' list (openers, function words, calendar
# words, a few titles) and more titles and institutions that never say which one.
_NOT_NAMES = NOT_NAMES | frozenset(
    (
        "you our my miss dr sir lord lady mp chief spokeswoman spokesperson judge justice "
        "officer police court why how not no yes some many most all both each every one two "
        "three four five six seven eight nine ten according asked speaking today yesterday "
        "tomorrow ministry department office agency council committee government party "
        "state states republic union national federal international group company"
    ).split()
)
_WORD = re.compile(r"[^\W\d_][\w'’]*")
_CAPITALISED = re.compile(r"^[A-Z][\w'’]*[a-z]")
_NEGATION = re.compile(
    r"\b(?:not|never|no|none|nobody|nothing|without|den(?:y|ies|ied|ying))\b|n['’]t\b", re.I
)
# Said of what is to come ("is due to appear", "will claim") or of what happened.
_FUTURE = re.compile(
    r"\b(?:will|would|shall|due to|expected to|set to|going to|plans? to|scheduled to)\b|['’]ll\b",
    re.I,
)
# Where a case stands: a sentence saying someone was charged does not support one
# saying they were convicted, nor the other way round.
_STAGES = (
    (
        "accused",
        re.compile(r"\b(?:charged|accused|arrested|suspected|facing|faces|denies)\b", re.I),
    ),
    ("convicted", re.compile(r"\b(?:convicted|guilty|sentenced|jailed|imprisoned)\b", re.I)),
    ("cleared", re.compile(r"\b(?:cleared|acquitted)\b", re.I)),
)
# Words that rank what they qualify ("the biggest offer in club history"): a source
# without the ranking says less.
_RANKING = re.compile(
    r"\b(?:biggest|largest|first|record|worst|best|highest|lowest|longest|richest|youngest|"
    r"oldest|deadliest|only)\b(?!-)",
    re.I,
)
# Where a sentence's parts meet: punctuation, "and", "but", a relative or a reason
# clause. Each part is one more thing the sentence tells ("… on injured reserve
# Wednesday because of an ankle injury"), so each must be in the source too.
_PART_BOUNDARY = re.compile(
    r"[,;:]\s+|\s+[-–—]\s+|\s+(?:and|but|yet|then|whereas|while|because|who|which|where|when|"
    r"after|before|amid|following|although|though)\s+",
    re.I,
)
# A part that only says who told it ("officials say", "according to sources") is the
# speaker's business, not one more thing told.
_ATTRIBUTION = re.compile(
    r"\b(?:says?|said|saying|told|tells|according|report(?:s|ed|ing)?|add(?:s|ed)|"
    r"announc\w*|confirm\w*|testifi\w*|insist\w*|claim\w*|stat(?:es|ed)|heard)\b",
    re.I,
)
_ATTRIBUTION_WORDS = 5
STEM = 5
_POSSESSIVE = re.compile(r"['’]s?$")
_NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?")
_NUMBER_WORDS = {
    w: n
    for n, w in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve".split()
    )
    if n > 1
} | {
    # Ordinals as "11th" gives them ("seventh-round" is round 7); "first" is a ranking.
    w: n
    for n, w in enumerate(
        "zero first second third fourth fifth sixth seventh eighth ninth tenth eleventh "
        "twelfth".split()
    )
    if n > 1
}
# Small words whose skeletons would pass for a name's ("from" and "Farm" both give
# "frm"): a name written in lower case is never one of these.
_FUNCTION_WORDS = (
    STOPWORDS
    | NOT_NAMES
    | frozenset("a an or of to in on at by as if it is be do we i me my no so nor own".split())
)
# Calendar words a sentence can date itself with when no resolved date is at hand.
_CALENDAR = frozenset(
    "monday tuesday wednesday thursday friday saturday sunday january february march april "
    "june july august september october november december yesterday today tonight "
    "tomorrow".split()
)


# A government is named by its seat as often as by its country ("Kyiv's delegation",
# "the Kremlin said"): each seat and its country stand for one participant.
_SEATS = (
    ("Kyiv Kiev", "Ukraine"),
    ("Moscow Kremlin", "Russia"),
    ("Beijing", "China"),
    ("Washington", "America"),
    ("London Downing Whitehall", "Britain"),
    ("Paris Elysee", "France"),
    ("Berlin", "Germany"),
    ("Tehran", "Iran"),
    ("Pyongyang", "North Korea"),
    ("Seoul", "South Korea"),
    ("Ankara", "Turkey Turkiye"),
    ("Tokyo", "Japan"),
    ("Damascus", "Syria"),
    ("Baghdad", "Iraq"),
    ("Kabul", "Afghanistan"),
    ("Cairo", "Egypt"),
    ("Riyadh", "Saudi"),
    ("Islamabad", "Pakistan"),
    ("Delhi", "India"),
    ("Minsk", "Belarus"),
    ("Brussels", "EU"),
    ("Ottawa", "Canada"),
    ("Canberra", "Australia"),
    ("Rome", "Italy"),
    ("Madrid", "Spain"),
    ("Warsaw", "Poland"),
    ("Athens", "Greece"),
    ("Havana", "Cuba"),
)


def _alias_table() -> dict[str, frozenset[str]]:
    table: dict[str, set[str]] = {}
    for seats, country in _SEATS:
        keys = {_key(w) for w in (*seats.split(), country.split()[-1])}
        for key in keys:
            table.setdefault(key, set()).update(keys)
    return {k: frozenset(v) for k, v in table.items()}


@dataclass(frozen=True, slots=True)
class Particulars:
    """What a sentence pins down: names, numbers, dates, speaker, figures."""

    # Each written name by its last word's skeleton, the word that says which one
    # ("Benjamin Netanyahu" is met by "Netanyahu"; "Sky Premier" is not met by "Sky").
    names: tuple[frozenset[str], ...]
    words: frozenset[str]  # skeletons of every word, to meet a name written lower case
    numbers: frozenset[str]
    # Each date as the keys it can be met by: its calendar day, its weekday, its words.
    dates: tuple[frozenset[str], ...]
    speaker: frozenset[str]  # skeletons of the named speaker's words; empty: none named
    figures: tuple[Figure, ...]
    negated: bool = False  # says something did not happen ("not", "never", "denied")
    # Each part of the sentence by the stems only it has (the part "because of an ankle
    # injury" beside "on injured reserve" is "ankle"): a source must carry something of
    # each part that has any.
    added: tuple[frozenset[str], ...] = ()
    stems: frozenset[str] = frozenset()  # of every content word, to look the clauses up
    future: bool = False  # says something is to happen ("will", "is due to")
    asks: bool = False  # a question ("…: Onion headline or actual news?") states nothing
    stages: frozenset[str] = frozenset()  # where a case stands: accused, convicted, cleared
    rankings: frozenset[str] = frozenset()  # "biggest", "first", "record"…
    told: bool = False  # credited to a speaker, named or not ("the lawsuit said")
    # What a negation denies, by the root of the word it falls on ("does not leak":
    # "leak"), and the roots of every content word, to find it said plainly. Unlike
    # ``stems`` these keep three-letter words ("won", "hit"), which a negation can deny.
    denied: frozenset[str] = frozenset()
    roots: frozenset[str] = frozenset()


def _inside(span_start: int, sentence: Sentence) -> bool:
    return sentence.span.start <= span_start < sentence.span.end


def _name_runs(text: str) -> list[tuple[list[str], str]]:
    """Runs of consecutive capitalised words that are not function words or titles,
    each with the word that follows it."""
    words = list(_WORD.finditer(text))
    runs: list[tuple[list[str], str]] = []
    current: list[str] = []
    current_end = 0
    for i, match in enumerate(words):
        word = match.group()
        is_name = bool(_CAPITALISED.match(word)) and word.lower() not in _NOT_NAMES
        gap = text[current_end : match.start()] if current else ""
        if is_name and (not current or gap.strip() in ("", "-")):
            current.append(word)
        else:
            if current:
                runs.append((current, word))
            current = [word] if is_name else []
        current_end = match.end()
        if current and i == len(words) - 1:
            runs.append((current, ""))
    return runs


def _key(word: str) -> str:
    """A name's consonant skeleton; a name too short for one ("Kim", "FBI") as itself."""
    bare = _POSSESSIVE.sub("", word)
    return name_key(bare) or f"w:{bare.lower()}"


@lru_cache(maxsize=1 << 16)
def _keys(word: str) -> frozenset[str]:
    """A word's key, with its country's when it is a people's adjective or a country's
    other name ("Australian" is met by "Australia", "British" by "Britain")."""
    country = country_of(_POSSESSIVE.sub("", word))
    return frozenset((_key(word), _key(country))) if country else frozenset((_key(word),))


def _skeletons(words: Sequence[str]) -> frozenset[str]:
    return frozenset().union(*(_keys(w) for w in words))


def _qualifies_a_name(run: list[str], following: str) -> bool:
    """ "Israeli" in "Israeli Prime Minister Benjamin Netanyahu": a people's adjective
    before a title or a name, which the name itself stands for."""
    return (
        len(run) == 1
        and country_of(run[0]) is not None
        and (following[:1].isupper() or following.lower() in _NOT_NAMES)
    )


def _names(text: str) -> tuple[frozenset[str], ...]:
    names: list[frozenset[str]] = []
    for run, following in _name_runs(text):
        if _qualifies_a_name(run, following):
            continue
        # A possessive ends a name: "Sky's Elizabeth Murdoch" names Sky and Murdoch.
        heads = [w for i, w in enumerate(run) if i == len(run) - 1 or _POSSESSIVE.search(w)]
        names.extend(_keys(w) for w in heads)
    return tuple(names)


def _numbers(text: str) -> frozenset[str]:
    """The numbers a sentence gives, in digits ("four games" gives 4); "one" is left
    out, being as often a pronoun ("one of them") as a count."""
    digits = {m.replace(",", "") for m in _NUMBER.findall(text)}
    words = {str(_NUMBER_WORDS[w]) for w in _WORD.findall(text.lower()) if w in _NUMBER_WORDS}
    return frozenset(digits | words)


def _date_keys(date: DateRef) -> frozenset[str]:
    keys = {date.text.lower().removeprefix("on ").removeprefix("last ")}
    if date.day is not None:
        keys |= {date.day.isoformat(), date.day.strftime("%A").lower()}
    else:
        keys.add(date.value)
    return frozenset(keys)


def _dates(sentence: Sentence, dates: Sequence[DateRef] | None) -> tuple[frozenset[str], ...]:
    if dates is None:  # no resolved dates: the calendar words themselves
        words = _WORD.findall(sentence.text.lower())
        return tuple(frozenset((w,)) for w in dict.fromkeys(words) if w in _CALENDAR)
    return tuple(
        _date_keys(d)
        for d in dates
        if _inside(d.span.start, sentence)
        and d.type in (TimexType.DATE, TimexType.TIME)
        and not d.value.endswith("_REF")
    )


# Agencies and papers credited for a report ("Reuters reported") are its carrier,
# not the speaker of the words.
_CARRIERS = frozenset(
    "reuters ap afp xinhua tass interfax bloomberg pa bbc cnn ani pti ria efe dpa upi".split()
)


def _speaker(sentence: Sentence, quotes: Sequence[Quote]) -> frozenset[str]:
    """The name words of the sentence's named speaker ("Andriy Yermak"); empty when
    the speaker is a role, a pronoun or a news agency."""
    for quote in quotes:
        if not (overlaps(quote.span, sentence.span) and quote.speaker and is_named(quote.speaker)):
            continue
        words = [
            w
            for w in _WORD.findall(quote.speaker)
            if _CAPITALISED.match(w) and w.lower() not in _NOT_NAMES | _CARRIERS
        ]
        if words:
            return _skeletons(words)
    return frozenset()


def particulars(
    sentence: Sentence,
    quotes: Sequence[Quote] = (),
    dates: Sequence[DateRef] | None = None,
    figures: Sequence[Figure] = (),
) -> Particulars:
    """The particulars of ``sentence``, given what extraction found in its article
    (``dates`` None: no extraction, calendar words stand in for resolved dates)."""
    return replace(
        _read_text(sentence.text),
        dates=_dates(sentence, dates),
        speaker=_speaker(sentence, quotes),
        figures=tuple(f for f in figures if _inside(f.span.start, sentence)),
        told=any(q.speaker and overlaps(q.span, sentence.span) for q in quotes),
    )


@lru_cache(maxsize=1 << 16)
def _read_text(text: str) -> Particulars:
    """What the words alone pin down. A sentence is read by every brief that cites it
    (its event's, its story's) and against every candidate, so this is cached by text;
    what depends on the article (dates, speaker, figures) is filled in by the caller."""
    return Particulars(
        names=_names(text),
        words=_skeletons([w for w in _WORD.findall(text) if w.lower() not in _FUNCTION_WORDS]),
        numbers=_numbers(text),
        dates=(),
        speaker=frozenset(),
        figures=(),
        negated=bool(_NEGATION.search(text)),
        added=_added_clauses(text),
        stems=_stems(text),
        future=bool(_FUTURE.search(text)),
        asks=text.rstrip("\"”’' ").endswith("?"),
        stages=frozenset(stage for stage, words in _STAGES if words.search(text)),
        rankings=frozenset(w.lower() for w in _RANKING.findall(text)),
        denied=_denied(text),
        roots=frozenset(_root(w) for w in _WORD.findall(text) if _is_content(w)),
    )


_NEGATION_REACH = 3  # words after "not" that may hold what it denies


def _is_content(word: str) -> bool:
    return len(word) > 2 and word.lower() not in _FUNCTION_WORDS


def _denied(text: str) -> frozenset[str]:
    """The first content word within reach after each negation ("does not leak")."""
    found = set()
    for negation in _NEGATION.finditer(text):
        after = _WORD.findall(text[negation.end() :])[:_NEGATION_REACH]
        content = [w for w in after if _is_content(w)]
        if content:
            found.add(_root(content[0]))
    return frozenset(found)


class Extracted(Protocol):
    """What extraction found per article (the brief's ``Facts`` is one)."""

    @property
    def quotes(self) -> Mapping[str, Sequence[Quote]]: ...

    @property
    def figures(self) -> Mapping[str, Sequence[Figure]]: ...

    @property
    def dates(self) -> Mapping[str, Sequence[DateRef]]: ...


def particulars_in(sentence: Sentence, extracted: Extracted | None) -> Particulars:
    """:func:`particulars` with the quotes, dates and figures of the sentence's article."""
    if extracted is None:
        return particulars(sentence)
    article = sentence.article_id
    return particulars(
        sentence,
        extracted.quotes.get(article, ()),
        extracted.dates.get(article, ()),
        extracted.figures.get(article, ()),
    )


def _with_seats(name: frozenset[str]) -> frozenset[str]:
    """A name's keys, and its country's or its seat's ("Kyiv" with "Ukraine")."""
    return name.union(*(_ALIASES.get(k, frozenset()) for k in name))


_ENDING = re.compile(r"(?:ing|ed|es|s|ly)$")


def _root(word: str) -> str:
    """A word without its commonest ending, cut to five letters: "killing", "killed"
    and "kills" give "kill"; "injured" and "injury" give "injur"."""
    lower = word.lower()
    bare = _ENDING.sub("", lower)
    return (bare if len(bare) >= 3 else lower)[:STEM]


def _stems(text: str) -> frozenset[str]:
    """The roots of a text's content words."""
    return frozenset(
        _root(w)
        for w in _WORD.findall(text)
        if len(w) > 3 and w.lower() not in _FUNCTION_WORDS and w.lower() not in _NUMBER_WORDS
    )


def _added_clauses(text: str) -> tuple[frozenset[str], ...]:
    """The stems each part of ``text`` alone has, for the parts that tell something
    (not "officials said") and have stems no other part shares."""
    pieces = _PART_BOUNDARY.split(text)
    openers = [""] + [m.group().strip(" ,;:").lower() for m in _PART_BOUNDARY.finditer(text)]
    parts = []
    for i, piece in enumerate(pieces):
        stems = _stems(_lower_case(piece))
        told_only = _attribution(piece) or _describes_a_name(pieces, i)
        if not told_only and not _aside(openers[i], piece, stems):
            parts.append(stems)
    if len(parts) < 2:
        return ()
    own = []
    for i, stems in enumerate(parts):
        others = frozenset().union(*(p for j, p in enumerate(parts) if j != i))
        if distinct := stems - others:
            own.append(distinct)
    return tuple(own)


def _lower_case(part: str) -> str:
    """The part's words that are not names (names are checked on their own: a part
    met only by its name, "Roesler described her as 'the embodiment of beauty'", is
    not met)."""
    return " ".join(w for w in part.split() if not w[:1].isupper())


_DESCRIPTION_WORDS = 5
_DESCRIPTION_START = re.compile(r"^(?:a|an|the|his|her|their|its|\w+['’]s)\s", re.I)
_ASIDE_OPENERS = frozenset(("which", "who"))
_ASIDE_STEMS = 2


def _describes_a_name(pieces: Sequence[str], i: int) -> bool:
    """A short noun phrase beside a full name ("Zelenskiy's chief of staff, Andriy
    Yermak, said…"): who the person is, which the name already pins down."""
    piece = pieces[i]
    if len(piece.split()) > _DESCRIPTION_WORDS or not _DESCRIPTION_START.match(piece):
        return False
    beside = [pieces[j] for j in (i - 1, i + 1) if 0 <= j < len(pieces)]
    return any(_full_name(other) for other in beside)


def _full_name(piece: str) -> bool:
    words = piece.split()
    return 2 <= len(words) <= 4 and all(w[:1].isupper() for w in words)


def _aside(opener: str, piece: str, stems: frozenset[str]) -> bool:
    """A short relative clause ("…, which it wanted back"): an aside on what the
    sentence tells, not one more thing told."""
    first = piece.split(maxsplit=1)[0].lower() if piece.strip() else ""
    led = opener in _ASIDE_OPENERS or first in _ASIDE_OPENERS  # ", and which it…"
    return led and len(stems) <= _ASIDE_STEMS


def _attribution(part: str) -> bool:
    return len(part.split()) <= _ATTRIBUTION_WORDS and bool(_ATTRIBUTION.search(part))


def contradicted(claim: Sequence[Figure], cited: Sequence[Figure]) -> bool:
    """A figure of the claim whose quantity the cited sentence states only with
    values that cannot be true with it. A sentence can hold several figures of one kind
    ("$200 million, against $160 million"), so one compatible value is enough."""
    for figure in claim:
        rivals = [c for c in cited if same_quantity(figure, c) is True]
        if rivals and all(conflicting(figure, c) for c in rivals):
            return True
    return False


def missing(claim: Particulars, cited: Particulars) -> tuple[str, ...]:
    """What of the claim the cited sentence lacks or turns round: "name", "number",
    "date", "speaker", "negation" (one says it happened, the other that it did not),
    "tense" (one says it is to happen, the other that it did), "statement" (the cited
    sentence asks what the claim states), "stage" (charged against convicted), "ranking"
    (the claim's "biggest" or "first" missing), "clause" (nothing of a clause the claim
    adds with "but", "then", "and later" or ";")."""
    lacks = []
    if any(not (_with_seats(name) & cited.words) for name in claim.names):
        lacks.append("name")
    if not claim.numbers <= cited.numbers:
        lacks.append("number")
    known = frozenset().union(*cited.dates)
    if any(not (date & known) for date in claim.dates):
        lacks.append("date")
    if claim.speaker and not (claim.speaker & (cited.speaker | cited.words)):
        lacks.append("speaker")
    elif claim.told and cited.speaker and not cited.speaker & claim.words:
        lacks.append("speaker")  # "the lawsuit said" is not Kempthorne saying it
    if claim.negated != cited.negated or _said_plainly(claim, cited) or _said_plainly(cited, claim):
        lacks.append("negation")
    if claim.future != cited.future:
        lacks.append("tense")
    if cited.asks and not claim.asks:
        lacks.append("statement")
    if any(not (clause & cited.stems) for clause in claim.added):
        lacks.append("clause")
    if claim.stages and cited.stages and not claim.stages & cited.stages:
        lacks.append("stage")
    if not claim.rankings <= cited.rankings:
        lacks.append("ranking")
    return tuple(lacks)


def _said_plainly(one: Particulars, other: Particulars) -> bool:
    """What ``one`` denies, ``other`` says without denying it ("FBI does not leak"
    against "the memos were leaked")."""
    return bool(one.denied & (other.roots - other.denied))


def _other_speaker(claim: Particulars, cited: Particulars) -> bool:
    """Both name a speaker, and neither sentence names the other's."""
    return bool(
        claim.speaker
        and cited.speaker
        and not claim.speaker & cited.words
        and not cited.speaker & claim.words
    )


def support(claim: Particulars, cited: Particulars) -> Support:
    """How a sentence on the claim's point supports it (see the module's rules)."""
    if _other_speaker(claim, cited):
        return Support.CONFLICT  # the same words given to someone else
    if contradicted(claim.figures, cited.figures):
        return Support.CONFLICT
    return Support.PARTIAL if missing(claim, cited) else Support.FULL


_ALIASES = _alias_table()
