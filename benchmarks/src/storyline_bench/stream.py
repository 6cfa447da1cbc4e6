"""``storyline bench stream``: the online grouper on a long synthetic stream.

The question is whether placing one article stays cheap as the index grows to a
million articles, and what each article costs in memory. A real million-article
corpus with gold events is not at hand, so the stream is synthesised from real
articles: every synthetic event is one real gold event of a labelled corpus
(ECB+ by default) replayed as a fresh happening. Its articles keep their real
embeddings (with a little noise, so copies are not identical) and their general
words (those used in more than one real story), while their names, numbers and
story-specific words get a suffix unique to the replay: two replays of the same
real event are as alike as two same-kind happenings, sharing topic and
vocabulary but no specifics. Events arrive interleaved, a few hundred a day,
each article dated within a few days of its event's start.

With a store, the grouper runs as a server's does: each synthetic article is
stored before it is placed (untimed), and events, stories and history move to
the store as they retire (timed: it is part of placing), so the grouper's memory
is bounded by its search window rather than by the history.

Reported per slice of the stream: articles placed per second and the process's
resident memory (now and peak), plus event B-cubed F1 against the replay labels (a sanity check
that speed was not bought with quality; the real quality figure is
``bench cluster``).
"""

from __future__ import annotations

import itertools
import os
import random
import resource
import time
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np

from storyline.models import Article
from storyline.nlp.embed import Vectors
from storyline.pipeline.features import ArticleFeatures
from storyline.pipeline.grouping import OnlineGrouper
from storyline.store import Store
from storyline.store_archive import StoreArchive

from .chart import line_chart_svg
from .cluster import bcubed

DEFAULT_SEED = 7
EVENTS_PER_DAY = 300
ARTICLE_SPREAD_DAYS = 3
NOISE = 0.02  # standard deviation added to each embedding coordinate before renormalising


@dataclass(frozen=True, slots=True)
class Template:
    """One real article's features, and the gold event it belongs to."""

    event: str
    vector: Vectors
    keys: Counter[str]
    words: Counter[str]  # general words, shared by every replay
    specific_words: Counter[str]  # made unique to each replay, like the keys


@dataclass(frozen=True, slots=True)
class SliceResult:
    """One stretch of the stream: how fast it was placed and the memory at its end."""

    articles: int  # placed so far
    size: int  # placed in this slice
    seconds: float  # spent placing this slice (synthesis excluded)
    rss_mb: float  # peak resident memory so far
    rss_now_mb: float = 0.0  # resident memory at the slice's end

    @property
    def per_second(self) -> float:
        return self.size / self.seconds if self.seconds > 0 else 0.0


@dataclass(frozen=True, slots=True)
class StreamResult:
    articles: int
    events_gold: int
    events_found: int
    seconds: float
    slices: tuple[SliceResult, ...]
    start_rss_mb: float
    end_rss_mb: float
    event_f1: float
    templates: int

    @property
    def per_second(self) -> float:
        return self.articles / self.seconds if self.seconds else 0.0

    @property
    def bytes_per_article(self) -> float:
        return max(0.0, (self.end_rss_mb - self.start_rss_mb) * 1e6 / max(1, self.articles))


def _rss_mb() -> float:
    # ru_maxrss is in kilobytes on Linux: the peak, which is what sizing a machine needs.
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _rss_now_mb() -> float:
    """Resident memory now (Linux); the peak where /proc is not there."""
    try:
        with open("/proc/self/statm", encoding="ascii") as statm:
            pages = int(statm.read().split()[1])
    except (OSError, ValueError, IndexError):
        return _rss_mb()
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


def _by_event(templates: Sequence[Template]) -> list[list[Template]]:
    groups: dict[str, list[Template]] = {}
    for t in templates:
        groups.setdefault(t.event, []).append(t)
    return [groups[e] for e in sorted(groups)]


@dataclass(frozen=True, slots=True)
class Synthetic:
    """One article of the stream: what the grouper sees, its replay, and its real template."""

    article: Article  # id and date only: the text is the template's article's
    features: ArticleFeatures
    label: str  # the replay (synthetic gold event)
    template: Template


def synthetic_stream(
    templates: Sequence[Template], total: int, seed: int = DEFAULT_SEED
) -> Iterator[Synthetic]:
    """``total`` synthetic articles in date order."""
    rng = random.Random(seed)
    noise = np.random.default_rng(seed)
    events = _by_event(templates)
    start = date(2020, 1, 1)
    produced = 0
    replay = 0
    while produced < total:
        # One day's worth of events, their articles shuffled together.
        day = start + timedelta(days=replay // EVENTS_PER_DAY)
        batch: list[tuple[date, int, Template]] = []
        for _ in range(EVENTS_PER_DAY):
            members = events[rng.randrange(len(events))]
            size = rng.randint(1, len(members))
            for template in rng.sample(members, size):
                offset = timedelta(days=rng.randint(0, ARTICLE_SPREAD_DAYS))
                batch.append((day + offset, replay, template))
            replay += 1
        batch.sort(key=lambda item: item[0])
        for published, label, template in batch:
            if produced >= total:
                return
            yield _article(produced, published, label, template, noise)
            produced += 1


def _article(
    number: int, published: date, label: int, template: Template, noise: np.random.Generator
) -> Synthetic:
    article_id = f"s{number:09d}"
    vector = template.vector + noise.normal(0.0, NOISE, template.vector.shape).astype(np.float32)
    vector /= np.linalg.norm(vector)
    keys = Counter({f"{k}~{label}": n for k, n in template.keys.items()})
    words = template.words + Counter(
        {f"{w}~{label}": n for w, n in template.specific_words.items()}
    )
    article = Article(id=article_id, title=article_id, text="", path="", published=published)
    year = published.year
    features = ArticleFeatures(article_id, vector, keys, words, year)
    return Synthetic(article, features, str(label), template)


def templates_from(
    articles: Sequence[Article],
    event_of: dict[str, str],
    story_of: dict[str, str],
    features: dict[str, ArticleFeatures],
) -> list[Template]:
    """Templates from real articles, with their gold event and story by article id."""
    stories_using: dict[str, set[str]] = {}
    for a in articles:
        for word in features[a.id].words:
            stories_using.setdefault(word, set()).add(story_of[a.id])
    templates = []
    for a in articles:
        words = features[a.id].words
        general = Counter({w: n for w, n in words.items() if len(stories_using[w]) > 1})
        specific = Counter({w: n for w, n in words.items() if len(stories_using[w]) == 1})
        templates.append(
            Template(event_of[a.id], features[a.id].vector, features[a.id].keys, general, specific)
        )
    return templates


def run_stream(
    templates: Sequence[Template],
    total: int,
    slices: int = 10,
    seed: int = DEFAULT_SEED,
    progress: Callable[[int, int], None] = lambda done, total: None,
    on_slice: Callable[[SliceResult], None] = lambda result: None,
    store: Store | None = None,
) -> StreamResult:
    """Stream ``total`` synthetic articles through one :class:`OnlineGrouper`.

    ``on_slice`` hears each slice as it ends, so a run stopped early still told
    what it measured. With ``store`` (an empty one), articles are stored before
    they are placed and the grouper archives what retires there.
    """
    if total < 1 or not templates:
        raise ValueError("a stream needs at least one article and one template")
    start_rss = _rss_mb()
    grouper = OnlineGrouper(archive=StoreArchive(store) if store is not None else None)
    # Replay labels as one compact array, so the benchmark's own bookkeeping adds
    # little to the memory measured.
    gold = np.zeros(total, dtype=np.int64)
    slice_size = max(1, total // slices)
    results: list[SliceResult] = []
    placing = 0.0
    slice_placing = 0.0
    stream = _stored(synthetic_stream(templates, total, seed), store)
    for done, item in enumerate(stream, 1):
        gold[done - 1] = int(item.label)
        began = time.perf_counter()
        grouper.add(item.article, item.features, item.article.title)
        slice_placing += time.perf_counter() - began
        if done % slice_size == 0 or done == total:
            size = done - (results[-1].articles if results else 0)
            now = _rss_now_mb()  # read after the peak: never report a peak below it
            results.append(SliceResult(done, size, slice_placing, max(_rss_mb(), now), now))
            on_slice(results[-1])
            placing += slice_placing
            slice_placing = 0.0
            progress(done, total)
    end_rss = _rss_mb()
    grouping = grouper.grouping()
    found = {a: e.id for e in grouping.events for a in e.article_ids}
    truth = {f"s{i:09d}": str(label) for i, label in enumerate(gold)}
    return StreamResult(
        articles=total,
        events_gold=len(set(truth.values())),
        events_found=len(grouping.events),
        seconds=placing,
        slices=tuple(results),
        start_rss_mb=start_rss,
        end_rss_mb=end_rss,
        event_f1=bcubed(truth, found).f1,
        templates=len(templates),
    )


STORE_BATCH = 1_000


def _stored(stream: Iterator[Synthetic], store: Store | None) -> Iterator[Synthetic]:
    """The stream, each batch of articles written to ``store`` before it is placed."""
    if store is None:
        yield from stream
        return
    while batch := list(itertools.islice(stream, STORE_BATCH)):
        store.add_articles([item.article for item in batch])
        yield from batch


def stream_chart_svg(slices: Sequence[SliceResult]) -> str:
    """Milliseconds per article and peak memory along the stream, as SVG for docs/."""
    return line_chart_svg(
        [s.articles for s in slices],
        {
            "placing, ms/article (in each slice)": [
                1000 / s.per_second if s.per_second else 0.0 for s in slices
            ],
            "peak resident memory, GB": [s.rss_mb / 1024 for s in slices],
            "resident memory now, GB": [s.rss_now_mb / 1024 for s in slices],
        },
        "articles placed",
    )
