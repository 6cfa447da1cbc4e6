"""What the clustering stage compares: an article's features.

Embeddings say what an article is about; they do not tell two earthquakes
apart. The specifics do: who (names in any spelling), how many (distinctive
numbers), which words, and when. Each article is reduced once to

* a unit document vector (mean of its body-sentence embeddings),
* term counts of its anchor keys (names and numbers above a dozen, and the
  calendar days its text speaks of, resolved against its publication date:
  reports of one happening name its day, two same-kind happenings differ),
* term counts of its content words,
* the year it speaks of: its publication year, else the year its text names
  most often (a weak guess, used only to keep apart events years apart; an
  event's own year comes from its dated members whenever it has any).
"""

from __future__ import annotations

import heapq
import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np
import numpy.typing as npt

from ..extract.dates import find_dates
from ..models import Article, DateRef, Sentence, TimexType
from .anchors import fact_keys
from .stated_days import stated_days

Vector = npt.NDArray[np.float32]
Sparse = dict[str, float]

_WORD = re.compile(r"[a-z][a-z'-]{2,}")
_YEAR = re.compile(r"\b(19[5-9]\d|20[0-4]\d)\b")
# Words too common in news to say anything about which happening it is.
STOPWORDS = frozenset(
    (
        "the and for that with this from have has had was were are been being will would "
        "could should said says say also its his her their they them she him who whom which "
        "what when where why how not but than then there here into onto over under after "
        "before about above below between during while because since until upon more most "
        "other some such only own same very can just now one two three new first last year "
        "years day days week weeks time times told according reported people officials "
        "monday tuesday wednesday thursday friday saturday sunday all any each few both our "
        "out off again further once these those through again against per via yet did does "
        "doing done may might must shall you your yours ours mine what's it's he's she's "
    ).split()
)


@dataclass(frozen=True, slots=True)
class ArticleFeatures:
    article_id: str
    vector: Vector
    keys: Counter[str]
    words: Counter[str]
    year: int | None
    # Month and day of the latest date the text calls earlier than what it reports
    # ("previous negotiations, held on May 16 and June 2"): the article is about
    # something after it. Kept without a year, which an event supplies.
    after: tuple[int, int] | None = None
    # An undated article's first day written with its year in its opening lines
    # (:mod:`.stated_days`): where it places its happening in time.
    stated_day: date | None = None


def _keys(sentences: Iterable[Sentence]) -> Counter[str]:
    counts: Counter[str] = Counter()
    for sentence in sentences:
        counts.update(fact_keys(sentence.text))
    return counts


def _day_keys(refs: Sequence[DateRef]) -> Counter[str]:
    return Counter(
        f"d:{ref.day.isoformat()}"
        for ref in refs
        if ref.day is not None and ref.type in (TimexType.DATE, TimexType.TIME)
    )


# Words saying a dated happening came before the one reported. "Last" is left
# out: inside a time expression ("last Monday") it is part of the date itself.
_EARLIER = re.compile(r"\b(previous|previously|earlier|prior|preceding)\b", re.IGNORECASE)
_VALUE_DAY = re.compile(r"^(?:\d{4}|XXXX)-(\d{2})-(\d{2})$")


def reported_after(article: Article, refs: Sequence[DateRef]) -> tuple[int, int] | None:
    """The latest (month, day) a sentence marks as earlier than the reported happening."""
    text = article.text
    found: list[tuple[int, int]] = []
    for ref in refs:
        match = _VALUE_DAY.match(ref.value)
        if ref.type is not TimexType.DATE or match is None:
            continue
        start = max(text.rfind(". ", 0, ref.span.start) + 1, ref.span.start - 120)
        if _EARLIER.search(text, start, ref.span.start):
            found.append((int(match[1]), int(match[2])))
    return max(found) if found else None


def _words(text: str) -> Counter[str]:
    return Counter(w for w in _WORD.findall(text.casefold()) if w not in STOPWORDS)


def _year(article: Article) -> int | None:
    if article.published:
        return article.published.year
    years = Counter(_YEAR.findall(f"{article.title}\n{article.text}"))
    return int(years.most_common(1)[0][0]) if years else None


def article_features(
    article: Article, sentences: Sequence[Sentence], vector: Vector
) -> ArticleFeatures:
    refs = find_dates(article)
    return ArticleFeatures(
        article.id,
        vector,
        _keys(sentences) + _day_keys(refs),
        _words(f"{article.title}\n{article.text}"),
        _year(article),
        reported_after(article, refs),
        None if article.published else next(iter(stated_days(article, refs)), None),
    )


# Frequencies are smoothed as if this many documents without the term had
# been seen already: with five articles, a name all of them share must still
# count (an unsmoothed IDF gives it weight 0). Negligible on large corpora.
BACKGROUND_DOCUMENTS = 100


class OnlineIdf:
    """Document frequencies that grow as articles arrive.

    Weights use only what has been seen so far, so streaming articles in
    order and a batch run over the same order give identical weights.
    """

    def __init__(self) -> None:
        self.documents = 0
        self.frequency: Counter[str] = Counter()
        self.last_seen: dict[str, int] = {}  # term -> number of the latest document using it

    def add(self, terms: Iterable[str]) -> None:
        self.documents += 1
        distinct = set(terms)
        self.frequency.update(distinct)
        self.last_seen.update(dict.fromkeys(distinct, self.documents))

    def forget_unseen_since(self, document: int) -> None:
        """Drop the terms no document after number ``document`` used: on an endless
        stream the vocabulary keeps growing, and most names are never seen again."""
        if document <= 0:
            return
        stale = [term for term, last in self.last_seen.items() if last <= document]
        for term in stale:
            del self.last_seen[term]
            del self.frequency[term]

    def weigh(self, counts: Mapping[str, int]) -> Sparse:
        """Unit-length TF-IDF weights for ``counts`` under current frequencies."""
        seen = self.documents + BACKGROUND_DOCUMENTS
        weights = {
            term: (1.0 + math.log(n)) * math.log((1 + seen) / (1 + self.frequency[term]))
            for term, n in counts.items()
        }
        norm = math.sqrt(sum(w * w for w in weights.values()))
        return {t: w / norm for t, w in weights.items() if w > 0} if norm else {}


def sparse_dot(a: Mapping[str, float], b: Mapping[str, float]) -> float:
    """Dot product of two sparse vectors.

    The shared terms are found by a set intersection (in C), so the Python loop only
    visits the few terms both share: this is the grouper's hottest line. The sum is
    ``math.fsum``, exactly rounded and so independent of the set's iteration order,
    which changes with Python's per-process string hashing; a plain ``sum`` would let
    the same two articles score a hair differently in two processes.
    """
    if len(a) > len(b):
        a, b = b, a
    return math.fsum([a[t] * b[t] for t in a.keys() & b.keys()])


def add_into(total: dict[str, float], vector: Mapping[str, float]) -> None:
    for term, weight in vector.items():
        total[term] = total.get(term, 0.0) + weight


# The most terms a summed view (an event's or a story's) keeps. Scoring probes the
# summed view once per term of the article, and probing a hash table costs more as
# it outgrows the processor's caches: on a long stream, ever larger events made
# every article slower to place. The heaviest terms carry nearly all of an average
# link (a term one member of a hundred mentioned adds a hundredth of its weight),
# so the tail is dropped, as topic-detection systems have long truncated centroids.
VIEW_TERMS = 1024


def add_capped(total: dict[str, float], vector: Mapping[str, float]) -> None:
    """``add_into``, then keep only the ``VIEW_TERMS`` heaviest terms once twice that many.

    Trimming at twice the cap costs one selection per ``VIEW_TERMS`` new terms, so
    it adds little per article; ties go by term, so every run keeps the same terms.
    """
    add_into(total, vector)
    if len(total) > 2 * VIEW_TERMS:
        heaviest = heapq.nlargest(VIEW_TERMS, total.items(), key=lambda tw: (tw[1], tw[0]))
        kept = dict(heaviest)
        # Rebuilt, not deleted from: a dict never shrinks its table on deletion.
        trimmed = {t: w for t, w in total.items() if t in kept}
        total.clear()
        total.update(trimmed)
