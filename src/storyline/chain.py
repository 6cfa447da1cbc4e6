"""The chain of stages, written once: every path that turns stored articles into
events, stories and lineage runs it (``analyze``, the live index behind feeds,
watched folders and uploads, ``backfill``, and the benchmarks' stage timings).

One :meth:`Pipeline.update` places every stored article not yet placed, in
arrival order: split and embed (vectors cached in the store), document vector,
features, the online grouper. It then re-traces lineage only for the events
whose membership changed (and for the events whose page furniture changed
with them, see below), parses the new articles into the extraction cache, and
writes the grouping's changes and the new lineage in one transaction, so a
reader never sees events without their lineage.

The invariant: however the articles arrive (one analysis, many feed polls, a
restart in between), the store ends up holding what one fresh analysis of the
same articles in the same order would hold. That holds because

* the online grouper is the same object either way, resumed from its saved
  state when another process saved a newer one;
* an event's lineage is a pure function of its members and of the corpus's
  page furniture (:func:`~storyline.pipeline.lineage.trace_event`), and
  furniture is decided from the store's index of sentence keys, so an event is
  re-traced exactly when one of those inputs changed;
* anything this process cannot vouch for (a store traced by other code, events
  whose lineage does not cover their members, a grouping written by someone
  else) is compared with the store on the first write and re-traced.

Conflicts, timelines and briefs are built on demand from events, lineage and
the extraction cache, so they follow.
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import numpy as np

from . import ids
from .extract.background import BackgroundParse, start_parsing
from .grouping_writer import GroupingDiff, GroupingWriter, Written
from .models import (
    Article,
    Event,
    EventChange,
    Lineage,
    Sentence,
    SentenceKind,
    Story,
)
from .nlp.embed import CachedEmbedder, Embedder, Vectors, make_model_embedder, unit, unit_mean
from .nlp.sentences import split_sentences
from .pipeline import grouping_state
from .pipeline.article_view import ArticleView, view_of
from .pipeline.brief import EmbeddedSentences
from .pipeline.features import ArticleFeatures, article_features
from .pipeline.grouping import Grouping, OnlineGrouper, arrival_order, group_articles
from .pipeline.labels import article_label, label_weight
from .pipeline.lineage import FURNITURE_EVENTS, combine, furniture_keys, trace_event
from .pipeline.lineage_cache import AlignmentCache, RecentViews
from .pipeline.stated_days import contradicts, stated_days
from .settings import Settings
from .store import ArticleStore, GroupingStore, LineageStore, LineageUpdate, Store, VectorCache

Progress = Callable[[str, int, int | None], None]


def _quiet(stage: str, done: int, total: int | None) -> None:
    pass


def _code_version(*modules: str) -> str:
    digest = hashlib.sha256()
    here = Path(__file__).parent
    for name in modules:
        digest.update((here / name).read_bytes())
    return digest.hexdigest()[:16]


# Lineage traced by other code (or over other vectors) is traced again.
LINEAGE_CODE = _code_version(
    "pipeline/lineage.py",
    "pipeline/anchors.py",
    "pipeline/credits.py",
    "pipeline/minhash.py",
    "nlp/sentences.py",
    "pipeline/wording.py",
    "pipeline/reuse.py",
    "pipeline/lineage_reuse.py",
    "pipeline/reuse_model.json",
    "pipeline/sentence_model.py",
    "pipeline/sentence_model.json",
    "pipeline/fitted.py",
    "extract/quote_marks.py",
)
# Events are re-traced in batches of about this many articles, so a whole-store
# trace never holds every article's vectors at once.
TRACE_BATCH = 2_000
# Furniture is updated from the sentences of the articles that moved, unless more than
# this many (or a fifth of the store) moved: then it is counted afresh.
LOCAL_FURNITURE_UP_TO = 5_000


# -- the per-article stages -------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class EmbeddedArticles:
    """Sentences and sentence vectors of some articles, keyed by article id."""

    sentences: dict[str, tuple[Sentence, ...]]
    vectors: dict[str, Vectors]

    def pool(self, articles: Sequence[Article]) -> EmbeddedSentences:
        rows = [self.vectors[a.id] for a in articles]
        return EmbeddedSentences(
            tuple(s for a in articles for s in self.sentences[a.id]),
            np.concatenate(rows) if rows else np.zeros((0, 384), dtype=np.float32),
        )


def make_embedder(store: VectorCache, settings: Settings) -> CachedEmbedder:
    """The model the settings choose, behind the store's vector cache (keyed by model name)."""
    model = make_model_embedder(settings)
    return CachedEmbedder(
        model,
        key=ids.sentence_hash,
        load=lambda keys: store.load_vectors(model.name, keys),
        save=lambda vectors: store.save_vectors(model.name, vectors),
    )


def _embed_in_chunks(
    embedder: Embedder, texts: Sequence[str], progress: Progress, chunk: int = 512
) -> Vectors:
    parts = []
    for start in range(0, len(texts), chunk):
        parts.append(embedder.embed(texts[start : start + chunk]))
        progress("embed", min(start + chunk, len(texts)), len(texts))
    return np.concatenate(parts) if parts else np.zeros((0, 384), dtype=np.float32)


def embed_articles(
    articles: Sequence[Article], embedder: Embedder, progress: Progress = _quiet
) -> EmbeddedArticles:
    """Split every article into sentences and embed them (cached by sentence hash)."""
    sentences = {a.id: split_sentences(a) for a in articles}
    texts = [s.text for a in articles for s in sentences[a.id]]
    flat = _embed_in_chunks(embedder, texts, progress)
    vectors: dict[str, Vectors] = {}
    offset = 0
    for article in articles:
        n = len(sentences[article.id])
        vectors[article.id] = flat[offset : offset + n]
        offset += n
    return EmbeddedArticles(sentences, vectors)


def title_of(article: Article) -> str:
    return article.title or article.text.split("\n", 1)[0][:120]


def _document_vector(sentences: Sequence[Sentence], vectors: Vectors) -> Vectors:
    """Mean of body-sentence vectors; headings count only when there is no body."""
    body = [i for i, s in enumerate(sentences) if s.kind is SentenceKind.BODY]
    return unit_mean(vectors[body] if body else vectors)


def document_vectors(
    articles: Sequence[Article], embedded: EmbeddedArticles, embedder: Embedder
) -> dict[str, Vectors]:
    """One unit vector per article: its body-sentence mean, or its embedded title."""
    vectors = {}
    for article in articles:
        sentences = embedded.sentences[article.id]
        if len(sentences):
            vectors[article.id] = _document_vector(sentences, embedded.vectors[article.id])
        else:  # a title-only item: embed its title so it can still be grouped
            vectors[article.id] = unit(embedder.embed([title_of(article)])[0])
    return vectors


def featurize(
    articles: Sequence[Article], embedded: EmbeddedArticles, embedder: Embedder
) -> dict[str, ArticleFeatures]:
    """What the grouper compares, per article: document vector, key terms, dates, names."""
    vectors = document_vectors(articles, embedded, embedder)
    return {a.id: article_features(a, embedded.sentences[a.id], vectors[a.id]) for a in articles}


def place(
    grouper: OnlineGrouper,
    articles: Sequence[Article],
    features: Mapping[str, ArticleFeatures],
    progress: Progress = _quiet,
) -> None:
    """Place articles in arrival order (the order every path must share)."""
    ordered = arrival_order(articles)
    for done, article in enumerate(ordered, start=1):
        label = article_label(article)
        grouper.add(article, features[article.id], label.text, label_weight(label))
        progress("group", done, len(ordered))


def cluster(
    articles: Sequence[Article], embedded: EmbeddedArticles, embedder: Embedder
) -> Grouping:
    """Group embedded articles into events and stories with a fresh grouper (no store)."""
    features = featurize(articles, embedded, embedder)
    labels = {a.id: article_label(a) for a in articles}
    return group_articles(
        articles,
        features,
        {i: label.text for i, label in labels.items()},
        label_weights={i: label_weight(label) for i, label in labels.items()},
    )


def infer_publication_days(articles: Sequence[Article], events: Sequence[Event]) -> dict[str, date]:
    """For each undated article, the earliest publication date among its event's articles,
    unless the days its own opening states contradict that event's days."""
    return {
        article.id: start
        for article, (start, end) in _undated_in_dated(articles, events)
        if not contradicts(stated_days(article), start, end)
    }


def contradicted_undated(articles: Sequence[Article], events: Sequence[Event]) -> list[str]:
    """Undated articles placed in a dated event whose days their own opening contradicts
    (what no grouping should produce: the event would show a date the article denies)."""
    return [
        article.id
        for article, (start, end) in _undated_in_dated(articles, events)
        if contradicts(stated_days(article), start, end)
    ]


def _undated_in_dated(
    articles: Sequence[Article], events: Sequence[Event]
) -> list[tuple[Article, tuple[date, date | None]]]:
    """Each undated article in a dated event, with that event's first and last day."""
    span = {a: (e.start, e.end) for e in events if e.start for a in e.article_ids}
    return [(a, span[a.id]) for a in articles if a.published is None and a.id in span]


class _StageClock:
    """Seconds spent per stage of one update."""

    def __init__(self) -> None:
        self._last = time.perf_counter()
        self._laps: dict[str, float] = {}

    def lap(self, stage: str) -> None:
        now = time.perf_counter()
        self._laps[stage] = self._laps.get(stage, 0.0) + now - self._last
        self._last = now

    def laps(self) -> tuple[tuple[str, float], ...]:
        return tuple(self._laps.items())


# -- what one update did ----------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Update:
    """What :meth:`Pipeline.update` placed and wrote."""

    placed: tuple[str, ...]  # articles placed, in the order placed
    events: tuple[Event, ...]  # events written: new, grown, merged into, split
    removed_events: tuple[str, ...]
    stories: tuple[Story, ...]  # stories written (new or changed)
    changes: tuple[EventChange, ...]  # history rows added
    retraced: tuple[str, ...]  # events whose lineage was traced again
    event_of: dict[str, str] = field(default_factory=dict)  # placed article -> its event
    retraced_articles: int = 0  # articles in the re-traced events
    seconds: tuple[tuple[str, float], ...] = ()  # time per stage, in order
    reports: dict[str, int] = field(default_factory=dict)  # re-traced event -> its reports

    def timing(self) -> str:
        """One line for an operator: where the time went."""
        total = sum(s for _, s in self.seconds)
        parts = ", ".join(f"{name} {s:.2f}" for name, s in self.seconds if s >= 0.005)
        return f"{total:.2f} s ({parts})" if parts else f"{total:.2f} s"

    @property
    def wrote(self) -> bool:
        return bool(self.events or self.removed_events or self.stories or self.retraced)


class _EventOf:
    """Article -> event after an update: what was written, with the update's changes
    over it (read through, not copied: the written map holds every article)."""

    def __init__(self, written: Mapping[str, str], changed: dict[str, str]) -> None:
        self._written = written
        self._changed = changed

    def __getitem__(self, article_id: str) -> str:
        found = self._changed.get(article_id)
        return found if found is not None else self._written[article_id]

    def __contains__(self, article_id: str) -> bool:
        return article_id in self._changed or article_id in self._written

    def changed_articles(self, before: Mapping[str, str]) -> Iterator[str]:
        """Articles whose event is not what it was (new ones included)."""
        return (a for a, e in self._changed.items() if before.get(a) != e)


@dataclass(frozen=True, slots=True)
class _Plan:
    retrace: list[str]  # events to trace again
    events: dict[str, Event]  # every event after the update
    event_of: _EventOf  # every article -> its event after the update


# -- the pipeline -----------------------------------------------------------------------
class Pipeline:
    """The chain of stages, with the online grouper and the lineage caches it keeps.

    Keep one per process and call :meth:`update` after storing articles. With
    ``checkpoint_seconds=0`` the grouper's state is saved after every update
    (a batch run); a long-running server saves it at most that often and on
    :meth:`checkpoint`, since the store already holds everything a restart
    needs to replay.
    """

    def __init__(
        self,
        settings: Settings,
        embedder: Embedder | None = None,
        *,
        checkpoint_seconds: float = 0.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.settings = settings
        self._model = embedder
        self._checkpoint_seconds = checkpoint_seconds
        self._clock = clock
        self._grouper: OnlineGrouper | None = None
        self._stamp: str | None = None  # of the saved state the grouper came from
        self._placed: set[str] = set()
        self._unsaved = False
        self._saved_at = clock()
        self._writer = GroupingWriter()
        self._views = RecentViews()
        self._alignments = AlignmentCache()
        self._furniture: set[int] | None = None  # sentence keys in FURNITURE_EVENTS+ events
        self._lock = threading.RLock()  # a server's poller and its upload handlers share one

    # -- the grouper ---------------------------------------------------------------
    def _load(self, store: Store) -> OnlineGrouper:
        """The grouper in memory, or the saved one when another process saved a newer one."""
        stamp = store.grouper_state_stamp()
        if self._grouper is not None and stamp == self._stamp:
            self._writer.bind(store, self._grouper)
            return self._grouper
        self._writer = GroupingWriter()  # someone else wrote: compare with the store first
        grouper = grouping_state.resume(store.load_grouper_state(), self._fresh_grouper())
        self._writer.bind(store, grouper)
        self._grouper, self._stamp, self._unsaved = grouper, stamp, False
        self._placed = grouper.placed_articles()
        return grouper

    def _fresh_grouper(self) -> OnlineGrouper:
        """An empty grouper whose retired events wait in the writer until written, so
        its memory is bounded by its search window however long it runs."""
        return OnlineGrouper(archive=self._writer.archive)

    def grouping(self, store: Store) -> Grouping:
        """Every event and story as the grouper holds them (what the store holds after
        :meth:`update`)."""
        return self._load(store).grouping()

    def embedder(self, store: Store) -> Embedder:
        return self._model or make_embedder(store, self.settings)

    def pending(self, store: Store) -> bool:
        """Whether the store holds articles this pipeline has not placed."""
        with self._lock:
            self._load(store)
            return store.count_articles() != len(self._placed)

    def prepare(self, store: Store) -> None:
        """Do the one-off work now (load the grouper and the model, write what the store
        lacks), not when the first new article is waiting."""
        make_model_embedder(self.settings).embed(["warm up"])
        self.update(store)

    # -- one update ----------------------------------------------------------------
    def update(self, store: Store, progress: Progress = _quiet) -> Update:
        """Place every stored article not yet placed, re-trace what changed, write it."""
        with self._lock:
            return self._update(store, progress)

    def _update(self, store: Store, progress: Progress) -> Update:
        clock = _StageClock()
        self._load(store)
        embedder = self.embedder(store)
        new = self._unplaced(store)
        # The new articles' parse runs in worker processes while they are embedded,
        # placed and traced here; it is collected before the write below.
        parsing = start_parsing(new, store) if new else None
        try:
            return self._place_and_write(store, new, embedder, parsing, progress, clock)
        finally:
            if parsing is not None:
                parsing.close()

    def _place_and_write(
        self,
        store: Store,
        new: list[Article],
        embedder: Embedder,
        parsing: BackgroundParse | None,
        progress: Progress,
        clock: _StageClock,
    ) -> Update:
        self._place_new(store, new, embedder, progress, clock)
        grouper = self._grouper
        assert grouper is not None
        first = self._writer.written is None
        if first:
            self._record_missing_keys(store)
        written = self._writer.current(store)
        diff = self._writer.diff(grouper, written)
        plan = self._plan(store, written, diff, first, embedder)
        clock.lap("plan")
        lineage = self._trace(store, embedder, plan, progress)
        clock.lap("trace")
        if parsing is not None:  # before the write: an article shown in its event is parsed
            parsing.finish(progress)
            clock.lap("parse")
        version = self._lineage_version(embedder)
        self._writer.apply(
            store, written, diff, grouper, LineageUpdate(tuple(plan.retrace), lineage, version)
        )
        self._maybe_checkpoint(store, force=self._checkpoint_seconds <= 0)
        clock.lap("write")
        return Update(
            tuple(a.id for a in arrival_order(new)),
            diff.events,
            diff.removed_events,
            diff.stories,
            diff.changes,
            tuple(plan.retrace),
            {a.id: written.event_of[a.id] for a in new if a.id in written.event_of},
            sum(len(plan.events[e].article_ids) for e in plan.retrace),
            clock.laps(),
            dict(Counter(g.event_id for g in lineage.groups)),
        )

    def _place_new(
        self,
        store: LineageStore,
        new: list[Article],
        embedder: Embedder,
        progress: Progress,
        clock: _StageClock,
    ) -> None:
        """Embed and place ``new``, the stored articles the grouper has not placed."""
        grouper = self._grouper
        assert grouper is not None
        if not new:
            return
        clock.lap("read")
        embedded = embed_articles(new, embedder, progress)
        clock.lap("embed")
        views = self._remember(new, embedded)
        store.save_sentence_keys({v.article.id: v.keys for v in views})
        place(grouper, new, featurize(new, embedded, embedder), progress)
        self._placed.update(a.id for a in new)
        self._unsaved = True
        clock.lap("place")

    def _unplaced(self, store: Store) -> list[Article]:
        """Stored articles the grouper has not placed, in the order stored.

        Articles are only ever appended, so once this process has written, the
        unplaced ones are the newest; the whole list of ids is read (and checked
        for articles removed behind our back) only before the first write.
        """
        placed = len(self._placed)
        if self._writer.written is not None:
            count = store.count_articles()
            if count == placed:
                return []
            newest = store.articles_page(count - placed, placed) if count > placed else []
            if newest and not any(a.id in self._placed for a in newest):
                return newest
        stored = store.article_ids()
        if not self._placed <= set(stored):
            # Articles were removed behind our back: only a regrouping is right now.
            self._writer = GroupingWriter()
            self._grouper, self._placed = self._fresh_grouper(), set()
            self._writer.bind(store, self._grouper)
        return store.articles([a for a in stored if a not in self._placed])

    def checkpoint(self, store: Store) -> None:
        """Save the grouper's state now, if it has placed anything since the last save."""
        with self._lock:
            self._maybe_checkpoint(store, force=True)

    def _maybe_checkpoint(self, store: GroupingStore, force: bool) -> None:
        if self._grouper is None:
            return
        if force:  # a batch run, or a server stopping: save whatever is not saved
            due = self._unsaved or self._stamp is None
        else:
            due = self._unsaved and self._clock() - self._saved_at >= self._checkpoint_seconds
        if due:
            store.save_grouper_state(grouping_state.dump(self._grouper))
            self._stamp = store.grouper_state_stamp()
            self._unsaved = False
            self._saved_at = self._clock()

    @staticmethod
    def _lineage_version(embedder: Embedder) -> str:
        return f"{LINEAGE_CODE}:{embedder.name}"

    def _plan(
        self, store: Store, written: Written, diff: GroupingDiff, first: bool, embedder: Embedder
    ) -> _Plan:
        """Events whose lineage must be traced again, in the order the grouper holds them."""
        retrace = {
            e.id
            for e in diff.events
            if set(e.article_ids) != set(written.events.get(e.id, _NO_EVENT).article_ids)
        }
        event_of = _EventOf(written.event_of, {a: e.id for e in diff.events for a in e.article_ids})
        events_now = {**written.events, **{e.id: e for e in diff.events}}
        for event_id in diff.removed_events:
            events_now.pop(event_id, None)
        if first:
            self._furniture = None  # the store's grouping may not be what we last saw
            if store.lineage_version() != self._lineage_version(embedder):
                retrace = set(events_now)
            else:
                covered = store.lineage_coverage()
                retrace |= {
                    e.id for e in events_now.values() if covered.get(e.id) != len(e.article_ids)
                }
        retrace |= self._update_furniture(store, written, event_of, events_now)
        return _Plan([e for e in events_now if e in retrace], events_now, event_of)

    def _update_furniture(
        self,
        store: Store,
        written: Written,
        event_of: _EventOf,
        events_now: Mapping[str, Event],
    ) -> set[str]:
        """Bring the furniture set up to date; return the events holding a sentence that
        became furniture or stopped being it (their lineage may change).

        A sentence's count of events changes only when an article holding it moved
        (arrived, or its event merged or split), so only those articles' sentences are
        looked at, unless most of the store moved (a first analysis): then it is counted
        afresh.
        """
        before = written.event_of
        if self._furniture is None:  # what the stored lineage was traced with
            self._furniture = store.furniture_keys(FURNITURE_EVENTS)
        moved = list(event_of.changed_articles(before))
        if not moved:
            return set()
        if len(moved) > max(LOCAL_FURNITURE_UP_TO, len(before) // 5):
            everyone = [a for e in events_now.values() for a in e.article_ids]
            keys = self._keys_for(store, everyone)
            now = set(furniture_keys(keys, list(events_now.values())))
            flipped = now ^ self._furniture
            holders = store.articles_with_sentences(flipped) if flipped else {}
        else:
            candidates = {k for found in self._keys_for(store, moved).values() for k in found}
            holders = store.articles_with_sentences(candidates)
            flipped = set()
            for key, held_by in holders.items():
                was = len({before[a] for a in held_by if a in before}) >= FURNITURE_EVENTS
                now_held = {event_of[a] for a in held_by if a in event_of}
                if was != (len(now_held) >= FURNITURE_EVENTS):
                    flipped.add(key)
            now = self._furniture ^ flipped
        self._furniture = now
        return {event_of[a] for k in flipped for a in holders.get(k, ()) if a in event_of}

    # -- tracing ---------------------------------------------------------------------
    def _trace(self, store: Store, embedder: Embedder, plan: _Plan, progress: Progress) -> Lineage:
        events = [plan.events[e] for e in plan.retrace]
        if not events:
            return Lineage((), (), ())
        parts: list[Lineage] = []
        batch: list[Event] = []
        size = done = 0
        for event in events:
            batch.append(event)
            size += len(event.article_ids)
            if size >= TRACE_BATCH:
                parts += self._trace_batch(store, embedder, batch)
                done += size
                progress("lineage", done, None)
                batch, size = [], 0
        parts += self._trace_batch(store, embedder, batch)
        progress("lineage", done + size, done + size)
        return combine(parts)

    def _trace_batch(
        self,
        store: Store,
        embedder: Embedder,
        events: Sequence[Event],
    ) -> list[Lineage]:
        if not events:
            return []
        members = [a for e in events for a in e.article_ids]
        views = {v.article.id: v for v in self._load_views(store, embedder, members)}
        furniture = frozenset(self._furniture or ())
        return [trace_event(e, views, furniture, self._alignments) for e in events]

    # -- article views ---------------------------------------------------------------
    def _remember(
        self, articles: Sequence[Article], embedded: EmbeddedArticles
    ) -> list[ArticleView]:
        views = [view_of(a, embedded.sentences[a.id], embedded.vectors[a.id]) for a in articles]
        for view in views:
            self._views.put(view)
        return views

    def _load_views(
        self, store: ArticleStore, embedder: Embedder, article_ids: Sequence[str]
    ) -> list[ArticleView]:
        missing = [a for a in article_ids if self._views.get(a) is None]
        loaded: dict[str, ArticleView] = {}
        if missing:
            articles = store.articles(missing)
            remembered = self._remember(articles, embed_articles(articles, embedder))
            loaded = {v.article.id: v for v in remembered}
        return [self._views.get(a) or loaded[a] for a in article_ids]

    def _keys_for(
        self, store: ArticleStore, article_ids: Sequence[str]
    ) -> dict[str, tuple[int, ...]]:
        """Sentence keys of articles: from the views kept, else split again."""
        found = {a: v.keys for a in article_ids if (v := self._views.get(a)) is not None}
        missing = [a for a in article_ids if a not in found]
        for start in range(0, len(missing), 1_000):
            for article in store.articles(missing[start : start + 1_000]):
                found[article.id] = _sentence_keys(article)
        return found

    def _record_missing_keys(self, store: Store) -> None:
        """Sentence keys of articles stored before keys were recorded (once per store)."""
        missing = store.articles_without_sentence_keys()
        for start in range(0, len(missing), 1_000):
            articles = store.articles(missing[start : start + 1_000])
            store.save_sentence_keys({a.id: _sentence_keys(a) for a in articles})


_NO_EVENT = Event("", (), "")


def _sentence_keys(article: Article) -> tuple[int, ...]:
    return tuple(ids.sentence_key(s.text) for s in split_sentences(article))
