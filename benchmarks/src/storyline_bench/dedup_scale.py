"""How the lineage pass scales: a synthetic stream of N articles from real sentences.

Embedding 100k articles would take hours on a laptop CPU, and it is not what
is measured here: the stream reuses the real ECB+ sentences *with their real
vectors*, so alignment sees realistic similarities (same-event sentences are
close, shared names and numbers confirm them) without a model in the loop.

Each synthetic event draws on one gold event's sentence pool and holds 5–30
articles. An article is either fresh (8–20 sentences dealt from the pool
without repeats, so articles of an event share facts and names but not
sentences, as independent reports do) or, at ``copy_rate``, derived from an
earlier article of its event: a subset of its sentences, sometimes reworded
(the reworded text keeps the original vector, which is close to what the
model would give a light rewrite).

The pass is near-linear when the time per article stays flat as N grows.
"""

from __future__ import annotations

import random
import time
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from storyline import ids
from storyline.chain import EmbeddedArticles
from storyline.models import Article, Event, Sentence, SentenceKind, Span
from storyline.nlp.embed import Vectors
from storyline.pipeline.lineage import trace_lineage
from storyline.pipeline.minhash import near_duplicates

from .dedup_corpus import DedupCorpus, substitute_words

EVENT_SIZES = (5, 30)
FRESH_SENTENCES = (8, 20)
COPY_RATE = 0.15


@dataclass(frozen=True, slots=True)
class EventPool:
    """The sentences of one gold event's original articles, with their vectors."""

    texts: tuple[str, ...]
    kinds: tuple[SentenceKind, ...]
    vectors: Vectors


@dataclass(frozen=True, slots=True)
class Stream:
    articles: tuple[Article, ...]
    sentences: dict[str, tuple[Sentence, ...]]
    vectors: dict[str, Vectors]
    events: tuple[Event, ...]
    derived: int  # articles planted as copies or rewrites


@dataclass(frozen=True, slots=True)
class ScalePoint:
    articles: int
    events: int
    sentences: int
    derived: int
    seconds: float  # the whole trace_lineage call
    minhash_seconds: float  # the copy pass alone, timed separately
    links: int

    @property
    def articles_per_second(self) -> float:
        return self.articles / self.seconds if self.seconds else 0.0

    @property
    def ms_per_article(self) -> float:
        return 1000 * self.seconds / self.articles if self.articles else 0.0


def event_pools(corpus: DedupCorpus, embedded: EmbeddedArticles) -> dict[str, EventPool]:
    """Pool the sentences of the original articles by gold event."""
    rows: dict[str, list[tuple[str, SentenceKind, int, str]]] = defaultdict(list)
    for article in corpus.originals:
        for i, s in enumerate(embedded.sentences[article.id]):
            rows[corpus.gold_event[article.id]].append((s.text, s.kind, i, article.id))
    pools = {}
    for event, items in sorted(rows.items()):
        matrix = np.stack([embedded.vectors[a][i] for _, _, i, a in items]).astype(np.float32)
        pools[event] = EventPool(
            tuple(t for t, _, _, _ in items), tuple(k for _, k, _, _ in items), matrix
        )
    return pools


@dataclass(slots=True)
class _Draft:
    """An article before it is built: its sentences, their kinds and vectors."""

    texts: list[str]
    kinds: list[SentenceKind]
    vectors: list[Vectors]

    def add(self, pool: EventPool, row: int) -> None:
        self.texts.append(pool.texts[row])
        self.kinds.append(pool.kinds[row])
        self.vectors.append(pool.vectors[row])


class _Deck:
    """Sentences dealt without replacement: the event's own pool first, then filler.

    Independent reports of one event rarely share a sentence word for word,
    so fresh articles of an event never repeat one: once the event's pool is
    dealt out, sentences come from other events' pools (background and
    context, unlike the event's own facts). Links found are then the planted
    ones plus what real same-event sentences share in meaning.
    """

    def __init__(self, own: EventPool, others: Sequence[EventPool], rng: random.Random) -> None:
        self.rng = rng
        self.others = others
        self.pool = own
        self.rows = self._shuffled(own)

    def _shuffled(self, pool: EventPool) -> list[int]:
        rows = list(range(len(pool.texts)))
        self.rng.shuffle(rows)
        return rows

    def deal(self, count: int) -> _Draft:
        draft = _Draft([], [], [])
        for _ in range(count):
            if not self.rows:
                self.pool = self.rng.choice(self.others)
                self.rows = self._shuffled(self.pool)
            row = self.rows.pop()
            draft.add(self.pool, row)
        return draft


def _fresh(deck: _Deck, rng: random.Random) -> _Draft:
    return deck.deal(rng.randint(*FRESH_SENTENCES))


def _derived(parent: _Draft, rng: random.Random) -> _Draft:
    """A copy of ``parent``: 60–100% of its sentences, reworded half the time."""
    keep = max(1, round(len(parent.texts) * rng.uniform(0.6, 1.0)))
    picked = sorted(rng.sample(range(len(parent.texts)), keep))
    reword = rng.random() < 0.5
    return _Draft(
        [substitute_words(parent.texts[i], rng) if reword else parent.texts[i] for i in picked],
        [parent.kinds[i] for i in picked],
        [parent.vectors[i] for i in picked],
    )


def _build(
    draft: _Draft, serial: int, outlet: str
) -> tuple[Article, tuple[Sentence, ...], Vectors]:
    """The article, its sentences (one per line, exact spans) and their vectors."""
    url = f"https://{outlet}/stream/{serial}"
    text = "\n".join(draft.texts)
    title = draft.texts[0][:80]
    article_id = ids.article_id(title, text, url)
    sentences = []
    offset = 0
    for index, (line, kind) in enumerate(zip(draft.texts, draft.kinds, strict=True)):
        span = Span(article_id, offset, offset + len(line))
        sentences.append(Sentence(span, line, index, kind))
        offset += len(line) + 1
    article = Article(article_id, title, text, f"stream:{serial}", outlet, url)
    return article, tuple(sentences), np.stack(draft.vectors)


def synthetic_stream(
    pools: Mapping[str, EventPool],
    size: int,
    seed: int,
    outlets: Sequence[str],
    copy_rate: float = COPY_RATE,
) -> Stream:
    """``size`` articles in events of 5–30, built from real sentences and vectors."""
    rng = random.Random(seed)
    names = sorted(pools)
    articles: list[Article] = []
    sentences: dict[str, tuple[Sentence, ...]] = {}
    vectors: dict[str, Vectors] = {}
    events: list[Event] = []
    derived = 0
    while len(articles) < size:
        gold = rng.choice(names)
        deck = _Deck(pools[gold], [pools[n] for n in names if n != gold] or [pools[gold]], rng)
        drafts: list[_Draft] = []
        members: list[str] = []
        for _ in range(min(rng.randint(*EVENT_SIZES), size - len(articles))):
            copy = bool(drafts) and rng.random() < copy_rate
            draft = _derived(rng.choice(drafts), rng) if copy else _fresh(deck, rng)
            derived += copy
            drafts.append(draft)
            article, own, matrix = _build(draft, len(articles), rng.choice(outlets))
            articles.append(article)
            sentences[article.id] = own
            vectors[article.id] = matrix
            members.append(article.id)
        events.append(Event(f"e-stream-{len(events)}", tuple(members), gold))
    return Stream(tuple(articles), sentences, vectors, tuple(events), derived)


def time_lineage(stream: Stream) -> ScalePoint:
    """Time one full lineage pass over the stream, and the MinHash pass on its own."""
    started = time.perf_counter()
    near_duplicates({a.id: a.text for a in stream.articles}, 0.8)
    minhash_seconds = time.perf_counter() - started
    started = time.perf_counter()
    lineage = trace_lineage(stream.articles, stream.sentences, stream.vectors, stream.events)
    seconds = time.perf_counter() - started
    return ScalePoint(
        articles=len(stream.articles),
        events=len(stream.events),
        sentences=sum(len(s) for s in stream.sentences.values()),
        derived=stream.derived,
        seconds=seconds,
        minhash_seconds=minhash_seconds,
        links=len(lineage.links),
    )


def measure_scale(
    corpus: DedupCorpus, embedded: EmbeddedArticles, sizes: Sequence[int], seed: int
) -> list[ScalePoint]:
    """One timed lineage pass per size, smallest first."""
    pools = event_pools(corpus, embedded)
    outlets = sorted({a.outlet for a in corpus.originals if a.outlet}) or ["example.com"]
    points = []
    for size in sorted(sizes):
        stream = synthetic_stream(pools, size, seed, outlets)
        points.append(time_lineage(stream))
        del stream  # the 100k stream holds gigabytes of vectors; free it before the next
    return points
