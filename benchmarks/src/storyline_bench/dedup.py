"""``storyline bench dedup``: copy and rewrite detection on a planted ECB+ corpus.

Methods compared on the same corpus (:mod:`.dedup_corpus`):

* **MinHash** alone: :func:`near_duplicates` at a containment threshold; a
  predicted pair is any pair it returns. This is what most deduplication
  pipelines ship.
* **Lineage** (ours): :func:`trace_lineage` with real sentence embeddings,
  run with three blockings. Gold events (each planted article in its
  source's event) measure the linker alone. Our own :func:`group_articles`
  events let grouping mistakes cost recall, as they would in production.
  Gold *stories* as blocks put the hard negatives (two happenings of one
  kind) in front of the linker, which event blocking would keep from it.
  Event-blocked runs are read twice: a pair is predicted when a copy/rewrite
  *link* joins it, or when both end in one lineage *group* (links are
  transitive there: two siblings of one source meet through it).

Scoring: precision over predicted pairs whose truth is known (unknown pairs,
same-event originals, are counted but not scored), recall over the planted
positive pairs, broken down by how the planted article was made.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from storyline import ids
from storyline.chain import EmbeddedArticles, cluster, embed_articles
from storyline.models import Article, Event
from storyline.nlp.embed import CachedEmbedder, Embedder, Vectors, make_model_embedder
from storyline.pipeline.lineage import trace_lineage
from storyline.pipeline.minhash import near_duplicates, shingles
from storyline.service import Progress
from storyline.settings import Settings
from storyline.store import Store

from .dedup_corpus import SIBLING, DedupCorpus, Kind, Pair, PairLabel, pair

MINHASH_THRESHOLDS = (0.5, 0.8)
RECALL_ROWS = (*(k.value for k in Kind), SIBLING)
UNKNOWN_NOTE = (
    "Pairs of two different original ECB+ articles of one gold event are not scored: "
    "ECB+ holds real wire copies and light rewrites among them (e.g. 12_3ecbplus rewrites "
    "12_1ecbplus), so a link there may be right or wrong. Planted copies of such articles "
    "inherit the same doubt. They are counted as 'unknown linked'."
)


def _quiet(stage: str, done: int, total: int | None) -> None:
    pass


# -- results --------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Score:
    """One method's predictions against the planted ground truth."""

    method: str
    predicted: int  # pairs predicted, scored or not
    true_positives: int
    false_positives: int
    hard_false_positives: int  # of which: different happenings of one story
    unknown_linked: int  # predicted pairs left out of scoring
    originals_linked: int  # of which: two original ECB+ articles (real copies, or over-linking)
    positives: int
    recall_by_kind: dict[str, float]
    seconds: float  # time of the method's own pass

    @property
    def precision(self) -> float:
        scored = self.true_positives + self.false_positives
        return self.true_positives / scored if scored else 1.0

    @property
    def recall(self) -> float:
        return self.true_positives / self.positives if self.positives else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass(frozen=True, slots=True)
class Example:
    """A pair a method got wrong, for reading by a person."""

    method: str
    error: str  # "missed" (false negative) or "false positive"
    a: str
    b: str
    kind: str  # planted kind / sibling for a miss; the truth label for a false positive
    names: tuple[str, str]  # ECB+ document names; "synonym of 12_1ecbplus" for planted ones


@dataclass(frozen=True, slots=True)
class Throughput:
    articles: int
    sentences: int
    fresh_sentences: int  # sent to the model; the rest came from the vector cache
    embed_seconds: float
    model_seconds: float  # time spent inside the model on fresh sentences
    lineage_seconds: float  # trace_lineage on gold events, embeddings excluded
    grouping_seconds: float

    @property
    def model_sentences_per_second(self) -> float:
        return self.fresh_sentences / self.model_seconds if self.model_seconds else 0.0

    @property
    def lineage_articles_per_second(self) -> float:
        return self.articles / self.lineage_seconds if self.lineage_seconds else 0.0


@dataclass(frozen=True, slots=True)
class CorpusSummary:
    originals: int
    planted: dict[str, int]
    positives: int
    source_pairs: int
    sibling_pairs: int
    hard_negatives: int
    unknown: int
    gold_events: int
    own_events: int
    planted_with_source: float  # share of planted articles our grouping put with their source
    containment: dict[str, float]  # mean shingle containment of planted vs source, by kind


@dataclass(frozen=True, slots=True)
class DedupResult:
    corpus: CorpusSummary
    scores: tuple[Score, ...]
    throughput: Throughput
    examples: tuple[Example, ...]
    unknown_note: str = UNKNOWN_NOTE


# -- embedding ------------------------------------------------------------------
class TimedEmbedder:
    """Counts the texts that reach the model and the time spent there."""

    def __init__(self, inner: Embedder) -> None:
        self.inner = inner
        self.name = inner.name
        self.texts = 0
        self.seconds = 0.0

    def embed(self, texts: Sequence[str]) -> Vectors:
        started = time.perf_counter()
        vectors = self.inner.embed(texts)
        self.seconds += time.perf_counter() - started
        self.texts += len(texts)
        return vectors


def cached_embedder(store: Store, settings: Settings) -> tuple[CachedEmbedder, TimedEmbedder]:
    """The settings' model, timed, behind ``store``'s vector cache (reruns skip the model)."""
    model = TimedEmbedder(make_model_embedder(settings))
    cached = CachedEmbedder(
        model,
        key=ids.sentence_hash,
        load=lambda keys: store.load_vectors(model.name, keys),
        save=lambda vectors: store.save_vectors(model.name, vectors),
    )
    return cached, model


# -- scoring --------------------------------------------------------------------
def score(
    corpus: DedupCorpus,
    method: str,
    predicted: Iterable[Pair],
    positives: dict[Pair, str],
    seconds: float,
) -> Score:
    found = set(predicted)
    labels = {p: corpus.label(*p) for p in found}
    hits = found & positives.keys()
    false = [
        p for p, label in labels.items() if label in (PairLabel.NEGATIVE, PairLabel.HARD_NEGATIVE)
    ]
    by_kind: dict[str, float] = {}
    for row in RECALL_ROWS:
        wanted = [p for p, kind in positives.items() if kind == row]
        if wanted:
            by_kind[row] = sum(1 for p in wanted if p in hits) / len(wanted)
    return Score(
        method=method,
        predicted=len(found),
        true_positives=len(hits),
        false_positives=len(false),
        hard_false_positives=sum(1 for p in false if labels[p] is PairLabel.HARD_NEGATIVE),
        unknown_linked=sum(1 for label in labels.values() if label is PairLabel.UNKNOWN),
        originals_linked=sum(
            1
            for (a, b), label in labels.items()
            if label is PairLabel.UNKNOWN
            and a not in corpus.source_of
            and b not in corpus.source_of
        ),
        positives=len(positives),
        recall_by_kind=by_kind,
        seconds=seconds,
    )


def document_names(corpus: DedupCorpus) -> dict[str, str]:
    """Readable names: the ECB+ file stem, or "<kind> of <stem>" for a planted article."""
    names = {a.id: Path(a.path).stem for a in corpus.originals}
    for p in corpus.planted:
        names[p.article.id] = f"{p.kind.value} of {names[p.source_id]}"
    return names


def examples(
    corpus: DedupCorpus,
    method: str,
    predicted: Iterable[Pair],
    positives: dict[Pair, str],
    limit: int = 8,
) -> list[Example]:
    """A few misses (sources first, the informative kind) and false positives."""
    found = set(predicted)
    name = document_names(corpus)
    missed = sorted(
        (p for p in positives if p not in found),
        key=lambda p: (positives[p] == SIBLING, positives[p], p),
    )
    wrong = sorted(
        p for p in found if corpus.label(*p) in (PairLabel.NEGATIVE, PairLabel.HARD_NEGATIVE)
    )
    rows = [Example(method, "missed", *p, positives[p], (name[p[0]], name[p[1]])) for p in missed]
    rows = rows[:limit]
    rows += [
        Example(method, "false positive", *p, corpus.label(*p).value, (name[p[0]], name[p[1]]))
        for p in wrong[:limit]
    ]
    return rows


# -- the methods ----------------------------------------------------------------
def minhash_pairs(articles: Sequence[Article], threshold: float) -> tuple[set[Pair], float]:
    started = time.perf_counter()
    found = near_duplicates({a.id: a.text for a in articles}, threshold)
    return {pair(*d.pair) for d in found}, time.perf_counter() - started


def lineage_pairs(
    articles: Sequence[Article], embedded: EmbeddedArticles, events: Sequence[Event]
) -> tuple[set[Pair], set[Pair], float]:
    """Pairs joined by a link, pairs sharing a lineage group, and the pass's seconds."""
    started = time.perf_counter()
    lineage = trace_lineage(articles, embedded.sentences, embedded.vectors, events)
    seconds = time.perf_counter() - started
    linked = {pair(link.a, link.b) for link in lineage.links}
    grouped = {
        pair(x, y)
        for g in lineage.groups
        for i, x in enumerate(g.article_ids)
        for y in g.article_ids[i + 1 :]
    }
    return linked, grouped, seconds


def own_events(
    articles: Sequence[Article], embedded: EmbeddedArticles, embedder: Embedder
) -> tuple[list[Event], float]:
    """Events from our own online grouping, as ``storyline analyze`` would form them."""
    started = time.perf_counter()
    grouping = cluster(articles, embedded, embedder)
    return list(grouping.events), time.perf_counter() - started


def containment_by_kind(corpus: DedupCorpus) -> dict[str, float]:
    """How much of the shorter text's 5-word shingles each kind keeps: what MinHash sees."""
    text = {a.id: a.text for a in corpus.originals}
    kept: dict[str, list[float]] = {k.value: [] for k in Kind}
    for p in corpus.planted:
        mine, theirs = shingles(p.article.text), shingles(text[p.source_id])
        smaller = min(len(mine), len(theirs))
        kept[p.kind.value].append(len(mine & theirs) / smaller if smaller else 0.0)
    return {k: sum(v) / len(v) for k, v in kept.items() if v}


def _with_source_share(corpus: DedupCorpus, events: Sequence[Event]) -> float:
    event_of = {a: e.id for e in events for a in e.article_ids}
    together = [event_of[p.article.id] == event_of[p.source_id] for p in corpus.planted]
    return sum(together) / len(together) if together else 1.0


# -- the benchmark ----------------------------------------------------------------
def evaluate(
    corpus: DedupCorpus,
    embedded: EmbeddedArticles,
    embedder: Embedder,
    embed_seconds: float,
    timed: TimedEmbedder | None,
    progress: Progress = _quiet,
) -> DedupResult:
    """Score every method on an embedded corpus."""
    articles = list(corpus.articles)
    positives = corpus.positives()
    scores: list[Score] = []
    predictions: dict[str, set[Pair]] = {}

    def record(name: str, found: set[Pair], seconds: float) -> None:
        predictions[name] = found
        scores.append(score(corpus, name, found, positives, seconds))

    for threshold in MINHASH_THRESHOLDS:
        found, seconds = minhash_pairs(articles, threshold)
        record(f"MinHash ≥{threshold:.1f}", found, seconds)
    progress("score", 1, 4)

    gold = corpus.gold_events()
    linked, grouped, lineage_seconds = lineage_pairs(articles, embedded, gold)
    record("Lineage links (gold events)", linked, lineage_seconds)
    record("Lineage groups (gold events)", grouped, lineage_seconds)
    progress("score", 2, 4)

    stories = corpus.story_blocks()
    linked, _, seconds = lineage_pairs(articles, embedded, stories)
    record("Lineage links (story blocks)", linked, seconds)
    progress("score", 3, 4)

    ours, grouping_seconds = own_events(articles, embedded, embedder)
    linked, grouped, seconds = lineage_pairs(articles, embedded, ours)
    record("Lineage links (own events)", linked, seconds)
    record("Lineage groups (own events)", grouped, seconds)
    progress("score", 4, 4)

    sentences = sum(len(embedded.sentences[a.id]) for a in articles)
    throughput = Throughput(
        articles=len(articles),
        sentences=sentences,
        fresh_sentences=timed.texts if timed else 0,
        embed_seconds=embed_seconds,
        model_seconds=timed.seconds if timed else 0.0,
        lineage_seconds=lineage_seconds,
        grouping_seconds=grouping_seconds,
    )
    kinds = [p for p in positives.values() if p != SIBLING]
    summary = CorpusSummary(
        originals=len(corpus.originals),
        planted={k.value: sum(1 for p in corpus.planted if p.kind is k) for k in Kind},
        positives=len(positives),
        source_pairs=len(kinds),
        sibling_pairs=len(positives) - len(kinds),
        hard_negatives=len(corpus.hard_negatives()),
        unknown=len(corpus.unknown()),
        gold_events=len(gold),
        own_events=len(ours),
        planted_with_source=_with_source_share(corpus, ours),
        containment=containment_by_kind(corpus),
    )
    shown = [
        e
        for name in ("MinHash ≥0.5", "Lineage links (gold events)", "Lineage links (own events)")
        for e in examples(corpus, name, predictions[name], positives)
    ]
    return DedupResult(summary, tuple(scores), throughput, tuple(shown))


def run_dedup(
    corpus: DedupCorpus,
    embedder: Embedder,
    progress: Progress = _quiet,
    timed: TimedEmbedder | None = None,
) -> tuple[DedupResult, EmbeddedArticles]:
    """Embed the corpus, then score every method; the embeddings are returned for reuse."""
    started = time.perf_counter()
    embedded = embed_articles(list(corpus.articles), embedder, progress)
    embed_seconds = time.perf_counter() - started
    result = evaluate(corpus, embedded, embedder, embed_seconds, timed, progress)
    return result, embedded


def score_rows(result: DedupResult) -> list[dict[str, object]]:
    """Scores as plain dictionaries, for JSON."""
    return [
        {
            "method": s.method,
            "precision": round(s.precision, 4),
            "recall": round(s.recall, 4),
            "f1": round(s.f1, 4),
            "predicted": s.predicted,
            "true_positives": s.true_positives,
            "false_positives": s.false_positives,
            "hard_false_positives": s.hard_false_positives,
            "unknown_linked": s.unknown_linked,
            "originals_linked": s.originals_linked,
            "positives": s.positives,
            "recall_by_kind": {k: round(v, 4) for k, v in s.recall_by_kind.items()},
            "seconds": round(s.seconds, 3),
        }
        for s in result.scores
    ]
