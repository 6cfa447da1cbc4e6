"""``storyline bench conflicts``: figure conflict detection on planted changes to real sentences.

There is no public test set for "two news reports state one quantity with values
that cannot both be true", so this module builds one, deterministically from a seed,
out of real sentences: body sentences of the ECB+ dev documents and of the seed
articles that hold a figure (:func:`storyline.extract.figures.find_figures`). Each
case is two one-sentence "articles": the real sentence and a changed copy.

Conflicts (the copy contradicts the original):

* ``numeric``: an exact figure's number changes a little or a lot (472 → 470,
  26 → 23, ±1-30%);
* ``duration``: a duration is halved, doubled or more, often in another unit
  ("two hours" → "40 minutes", "five days" → "10 days"); the qualifier is kept;
* ``qualifier``: a one-sided qualifier flips ("more than 40" → "less than 40",
  "almost 90%" → "more than 90%").

No conflict:

* ``unchanged``: the very same sentence;
* ``reworded``: a compatible rewording of the figure: a synonym qualifier ("more
  than" ↔ "over"), "about" and a rounded number ("472" → "about 470"), a small number
  in words ("5" → "five");
* ``converted``: the same amount in another unit (km ↔ miles, feet ↔ metres, hours →
  minutes, days → hours, years → months);
* ``unrelated``: a sentence of another gold event with a figure of the same unit or
  counted thing and a different value.

Only figures a reader would take for a quantity are changed: those with a unit or a
counted noun, written as a plain phrase (no hyphenated "eight-year"). Every change is
checked by parsing the new sentence: the figure must still be found where it was,
with the planted value, or the candidate is dropped. Gold labels come from the
construction, never from the code under test.

Methods: :func:`storyline.pipeline.reconcile.find_conflicts` on a pool of the two
sentences (embedded with the real embedder, figures read from text alone), and a
naive baseline that calls any difference in the sets of numbers a conflict. No
published figure exists for this set.
"""

from __future__ import annotations

import random
import re
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from storyline.extract.figure_units import (
    ABOUT,
    ALMOST,
    AT_LEAST,
    JUST_OVER,
    JUST_UNDER,
    LESS_THAN,
    MORE_THAN,
    QUALIFIER_PHRASES,
    UP_TO,
)
from storyline.extract.figures import find_figures
from storyline.models import Article, Figure, SentenceKind
from storyline.nlp.embed import Embedder
from storyline.nlp.sentences import split_sentences
from storyline.pipeline.reconcile import Pool, find_conflicts
from storyline.service import Progress

DEFAULT_SEED = 6
DEFAULT_PER_KIND = 60
CONFLICT_KINDS = ("numeric", "duration", "qualifier")
CLEAN_KINDS = ("unchanged", "reworded", "converted", "unrelated")
KINDS = CONFLICT_KINDS + CLEAN_KINDS
MIN_WORDS, MAX_WORDS = 8, 60
NOTE = (
    "Built from real sentences with planted changes (seeded); gold labels come from the "
    "construction. Figures are read from text alone (no parse). No published figure exists "
    "for this set."
)


def _quiet(stage: str, done: int, total: int | None) -> None:
    pass


# -- source sentences -------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Source:
    """A real sentence holding at least one figure, with where it came from."""

    doc: str
    event: str
    text: str
    figures: tuple[Figure, ...]  # found in ``text`` alone, offsets into it


def _sentence_article(text: str, key: str = "s") -> Article:
    return Article(id=key, title="", text=text, path=key)


def figures_in(text: str) -> tuple[Figure, ...]:
    return find_figures(_sentence_article(text))


def source_sentences(articles: Sequence[tuple[str, str, Article]]) -> list[Source]:
    """Body sentences of brief length holding a figure, from ``(doc, event, article)``."""
    found = []
    for doc, event, article in articles:
        for sentence in split_sentences(article):
            words = len(sentence.text.split())
            if sentence.kind is not SentenceKind.BODY or not MIN_WORDS <= words <= MAX_WORDS:
                continue
            figures = figures_in(sentence.text)
            if figures:
                found.append(Source(doc, event, sentence.text, figures))
    return found


# -- planting changes ------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Case:
    id: str
    kind: str
    conflict: bool  # the gold label
    first: str
    second: str
    doc: str  # where the first sentence came from


_DIGITS = re.compile(r"\d[\d,]*(?:\.\d+)?")
_DURATIONS = ("second", "minute", "hour", "day", "week", "month", "year", "decade")
# One smaller unit for each duration, to say a changed amount another way.
_SMALLER = {
    "minute": ("second", 60),
    "hour": ("minute", 60),
    "day": ("hour", 24),
    "week": ("day", 7),
    "month": ("day", 30),
    "year": ("month", 12),
    "decade": ("year", 10),
}
_CONVERSIONS = {
    "km": ("miles", 0.621371),
    "mi": ("kilometres", 1.609344),
    "ft": ("metres", 0.3048),
    "m": ("feet", 3.28084),
    "hour": ("minutes", 60),
    "day": ("hours", 24),
    "year": ("months", 12),
    "week": ("days", 7),
}
_FLIPS = {
    MORE_THAN: "less than",
    AT_LEAST: "less than",
    JUST_OVER: "less than",
    LESS_THAN: "more than",
    ALMOST: "more than",
    JUST_UNDER: "more than",
    UP_TO: "more than",
}
_SYNONYMS = {
    MORE_THAN: ("more than", "over"),
    ABOUT: ("about", "around", "roughly"),
    AT_LEAST: ("at least", "no fewer than"),
    ALMOST: ("almost", "nearly"),
    UP_TO: ("up to", "as many as"),
    LESS_THAN: ("less than", "under"),
}
_BOUNDED = (None, ABOUT, ALMOST, JUST_OVER, JUST_UNDER)  # a doubled amount clashes with these
_SMALL_WORDS = ("zero one two three four five six seven eight nine ten").split()


def _qualifier_prefix(text: str) -> str:
    """The qualifier words ``text`` opens with ("" for none), as written."""
    words = text.split()
    for length in range(min(4, len(words)), 0, -1):
        if tuple(w.lower() for w in words[:length]) in QUALIFIER_PHRASES:
            return " ".join(words[:length]) + " "
    return ""


def _plain(figure: Figure) -> bool:
    """A quantity a reader would recognise, written as a plain phrase."""
    return (figure.unit is not None or figure.counts is not None) and "-" not in figure.text


def _format_like(original: str, value: float) -> str:
    if "." in original:
        decimals = len(original.split(".")[1])
        return f"{value:,.{decimals}f}" if "," in original else f"{value:.{decimals}f}"
    return f"{round(value):,}" if "," in original or value >= 10_000 else str(round(value))


def _three_figures(value: float) -> str:
    text = f"{value:.3g}"
    return text if "e" not in text else str(round(value))


def _replace(text: str, figure: Figure, new: str) -> str:
    return text[: figure.span.start] + new + text[figure.span.end :]


def _number(figure: Figure) -> re.Match[str] | None:
    """The figure's number when it is written in digits, once."""
    found = list(_DIGITS.finditer(figure.text))
    return found[0] if len(found) == 1 else None


def change_number(figure: Figure, rng: random.Random) -> str | None:
    """The figure's text with its number changed a little or a lot, or None."""
    number = _number(figure)
    if number is None or figure.qualifier or figure.upper is not None:
        return None
    if figure.unit in _DURATIONS:
        return None
    digits = number.group()
    value = float(digits.replace(",", ""))
    if value <= 0:
        return None
    if "." not in digits and value < 10:
        new = value + rng.choice((-3, -2, -1, 1, 2, 3))
        new = new if new > 0 else value + 2
    else:
        share = rng.choice((0.01, 0.02, 0.05, 0.1, 0.2, 0.3)) * rng.choice((-1, 1))
        new = value * (1 + share)
    written = _format_like(digits, new)
    if float(written.replace(",", "")) == value:
        return None
    return figure.text[: number.start()] + written + figure.text[number.end() :]


def change_duration(figure: Figure, rng: random.Random) -> str | None:
    """A duration made half, a quarter, double or triple, said in the same or a smaller unit."""
    if figure.unit not in _DURATIONS or figure.counts or figure.upper is not None:
        return None
    if figure.value <= 0 or figure.qualifier not in _BOUNDED:
        return None  # "more than two hours" allows four hours too
    prefix = _qualifier_prefix(figure.text)
    amount = figure.value * rng.choice((0.25, 0.5, 2.0, 3.0))
    unit = figure.unit
    if amount != round(amount) or rng.random() < 0.4:
        if unit not in _SMALLER:
            return None
        unit, factor = _SMALLER[unit]
        amount *= factor
    if amount != round(amount):
        return None
    count = round(amount)
    return f"{prefix}{count} {unit}{'' if count == 1 else 's'}"


def flip_qualifier(figure: Figure, rng: random.Random) -> str | None:
    """A one-sided qualifier turned the other way ("more than 40" -> "less than 40")."""
    prefix = _qualifier_prefix(figure.text)
    if not prefix or figure.qualifier not in _FLIPS or figure.upper is not None:
        return None
    return _FLIPS[figure.qualifier] + " " + figure.text[len(prefix) :]


def synonym_qualifier(figure: Figure, rng: random.Random) -> str | None:
    """The qualifier said another way ("more than 40" -> "over 40")."""
    prefix = _qualifier_prefix(figure.text)
    if not prefix or figure.qualifier not in _SYNONYMS:
        return None
    others = [s for s in _SYNONYMS[figure.qualifier] if s != prefix.strip().lower()]
    return f"{rng.choice(others)} {figure.text[len(prefix) :]}"


def about_rounded(figure: Figure, rng: random.Random) -> str | None:
    """An exact number rounded to two digits with "about" ("472 drones" -> "about 470 drones")."""
    number = _number(figure)
    if number is None or figure.qualifier or figure.upper is not None:
        return None
    digits = number.group()
    value = float(digits.replace(",", ""))
    if value < 20 or "." in digits:
        return None
    rounded = round(float(f"{value:.2g}"))
    written = f"{rounded:,}" if "," in digits else str(rounded)
    return "about " + figure.text[: number.start()] + written + figure.text[number.end() :]


def in_words(figure: Figure, rng: random.Random) -> str | None:
    """A small number written out ("5 people" -> "five people")."""
    number = _number(figure)
    if number is None or not number.group().isdigit() or not 2 <= int(number.group()) <= 10:
        return None
    words = _SMALL_WORDS[int(number.group())]
    return figure.text[: number.start()] + words + figure.text[number.end() :]


def _converted(figure: Figure, units: Sequence[str]) -> str | None:
    if figure.unit is None or figure.unit not in units:
        return None
    if figure.counts or figure.upper is not None:
        return None
    word, factor = _CONVERSIONS[figure.unit]
    return f"{_qualifier_prefix(figure.text)}{_three_figures(figure.value * factor)} {word}"


def convert_length(figure: Figure, rng: random.Random) -> str | None:
    """A length in other units ("48 km" -> "29.8 miles")."""
    return _converted(figure, ("km", "mi", "ft", "m"))


def convert_duration(figure: Figure, rng: random.Random) -> str | None:
    """A duration in a smaller unit ("two hours" -> "120 minutes")."""
    return _converted(figure, ("hour", "day", "week", "year"))


Change = Callable[[Figure, random.Random], str | None]
# A kind with several ways of changing takes them in turn, so each is represented.
CHANGES: dict[str, tuple[Change, ...]] = {
    "numeric": (change_number,),
    "duration": (change_duration,),
    "qualifier": (flip_qualifier,),
    "reworded": (synonym_qualifier, about_rounded, in_words),
    "converted": (convert_length, convert_duration),
}


def _keeps(source: Source, figure: Figure, new_text: str, changed: str) -> bool:
    """Whether the changed sentence still holds a figure where the old one began."""
    again = [f for f in figures_in(changed) if f.span.start == figure.span.start]
    if not again:
        return False
    new = again[0]
    if new.span.end != figure.span.start + len(new_text):
        return False  # the scanner read the new words differently (or took more)
    return new.counts == figure.counts or figure.counts is None


def _planted(source: Source, change: Change, rng: random.Random) -> str | None:
    plain = [f for f in source.figures if _plain(f)]
    rng.shuffle(plain)
    for figure in plain:
        new_text = change(figure, rng)
        if new_text is None or new_text == figure.text:
            continue
        changed = _replace(source.text, figure, new_text)
        if _keeps(source, figure, new_text, changed):
            return changed
    return None


def _unrelated(source: Source, pool: Sequence[Source], rng: random.Random) -> str | None:
    """A sentence of another event with a figure of the same kind and another value."""
    kinds = {(f.unit, f.counts) for f in source.figures if _plain(f)}
    values = {f.value for f in source.figures}
    for _ in range(40):
        other = pool[rng.randrange(len(pool))]
        if other.event == source.event:
            continue
        if any(
            _plain(f)
            and f.value not in values
            and ((f.unit, f.counts) in kinds or (f.counts and f.counts in {c for _, c in kinds}))
            for f in other.figures
        ):
            return other.text
    return None


def build_cases(
    sources: Sequence[Source], per_kind: int = DEFAULT_PER_KIND, seed: int = DEFAULT_SEED
) -> list[Case]:
    """Up to ``per_kind`` cases of every kind, drawn from ``sources`` in a seeded order."""
    rng = random.Random(seed)
    order = list(sources)
    rng.shuffle(order)
    cases: list[Case] = []
    for kind in KINDS:
        made = 0
        for source in order:
            if made >= per_kind:
                break
            if kind == "unchanged":
                second: str | None = source.text
            elif kind == "unrelated":
                second = _unrelated(source, order, rng)
            else:
                ways = CHANGES[kind]
                second = _planted(source, ways[made % len(ways)], rng)
            if second is None:
                continue
            made += 1
            cases.append(
                Case(
                    f"{kind}-{made}", kind, kind in CONFLICT_KINDS, source.text, second, source.doc
                )
            )
    return cases


# -- detectors -----------------------------------------------------------------------------
def _pair_articles(case: Case) -> tuple[Article, Article]:
    return _sentence_article(case.first, f"{case.id}:a"), _sentence_article(
        case.second, f"{case.id}:b"
    )


def storyline_detects(case: Case, embedder: Embedder) -> bool:
    """Whether :func:`find_conflicts` reports a conflict between the two sentences."""
    first, second = _pair_articles(case)
    sentences = split_sentences(first) + split_sentences(second)
    vectors = embedder.embed([s.text for s in sentences])
    pool = Pool(sentences, vectors, {}, {})
    figures = {first.id: find_figures(first), second.id: find_figures(second)}
    return bool(find_conflicts(pool, figures))


def _values(text: str) -> frozenset[tuple[float, float | None]]:
    return frozenset((f.value, f.upper) for f in figures_in(text))


def naive_detects(case: Case) -> bool:
    """The baseline: any number in one sentence missing from the other is a conflict."""
    return _values(case.first) != _values(case.second)


# -- scoring ----------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class KindScore:
    kind: str
    conflict: bool
    cases: int
    flagged: int  # recall for a conflict kind, false alarms for a clean one

    @property
    def flagged_share(self) -> float:
        return self.flagged / self.cases if self.cases else 0.0


@dataclass(frozen=True, slots=True)
class MethodResult:
    method: str
    kinds: tuple[KindScore, ...]
    seconds: float

    def _count(self, conflict: bool) -> tuple[int, int]:
        chosen = [k for k in self.kinds if k.conflict is conflict]
        return sum(k.flagged for k in chosen), sum(k.cases for k in chosen)

    @property
    def precision(self) -> float:
        true, _ = self._count(True)
        false, _ = self._count(False)
        return true / (true + false) if true + false else 1.0

    @property
    def recall(self) -> float:
        true, total = self._count(True)
        return true / total if total else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass(frozen=True, slots=True)
class ConflictResult:
    sources: int  # real sentences with a figure
    cases: tuple[Case, ...]
    seed: int
    methods: tuple[MethodResult, ...]
    notes: tuple[str, ...] = field(default_factory=lambda: (NOTE,))


def score(
    method: str, cases: Sequence[Case], flags: Sequence[bool], seconds: float
) -> MethodResult:
    kinds = []
    for kind in KINDS:
        chosen = [f for c, f in zip(cases, flags, strict=True) if c.kind == kind]
        if chosen:
            kinds.append(KindScore(kind, kind in CONFLICT_KINDS, len(chosen), sum(chosen)))
    return MethodResult(method, tuple(kinds), seconds)


def evaluate(
    sources: Sequence[Source],
    embedder: Embedder,
    *,
    per_kind: int = DEFAULT_PER_KIND,
    seed: int = DEFAULT_SEED,
    progress: Progress = _quiet,
) -> ConflictResult:
    """Build the cases and run both detectors on them."""
    cases = build_cases(sources, per_kind, seed)
    # One batch through the cache first, so the per-case calls below are look-ups.
    embedder.embed(sorted({t for c in cases for t in (c.first, c.second)}))
    started = time.perf_counter()
    ours = []
    for done, case in enumerate(cases, start=1):
        ours.append(storyline_detects(case, embedder))
        if done % 50 == 0 or done == len(cases):
            progress("conflicts", done, len(cases))
    ours_seconds = time.perf_counter() - started
    started = time.perf_counter()
    naive = [naive_detects(c) for c in cases]
    naive_seconds = time.perf_counter() - started
    return ConflictResult(
        sources=len(sources),
        cases=tuple(cases),
        seed=seed,
        methods=(
            score("Storyline find_conflicts", cases, ours, ours_seconds),
            score("naive: numbers differ", cases, naive, naive_seconds),
        ),
    )


def result_document(result: ConflictResult, examples: int = 3) -> dict[str, object]:
    """The result as plain JSON-ready data, with a few cases of each kind."""
    shown: dict[str, list[dict[str, str]]] = {}
    for case in result.cases:
        rows = shown.setdefault(case.kind, [])
        if len(rows) < examples:
            rows.append({"first": case.first, "second": case.second, "doc": case.doc})
    return {
        "benchmark": "conflicts",
        "seed": result.seed,
        "source_sentences": result.sources,
        "cases": len(result.cases),
        "methods": [
            {
                "method": m.method,
                "precision": round(m.precision, 4),
                "recall": round(m.recall, 4),
                "f1": round(m.f1, 4),
                "seconds": round(m.seconds, 3),
                "kinds": {
                    k.kind: {
                        "conflict": k.conflict,
                        "cases": k.cases,
                        "flagged": k.flagged,
                        "flagged_share": round(k.flagged_share, 4),
                    }
                    for k in m.kinds
                },
            }
            for m in result.methods
        ],
        "examples": shown,
        "published": [],
        "notes": list(result.notes),
    }
