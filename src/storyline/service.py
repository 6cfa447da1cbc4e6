"""The library functions that the CLI, the API and the web page all call.

Each function takes a store and settings, runs the pipeline stages and
returns typed results; none of them prints. Progress is reported through an
optional callback so each front end can show it its own way.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from pathlib import Path

import numpy as np

from . import ids
from .errors import NotFoundError
from .extract import Extraction, extract
from .ingest import read_inputs, walk_inputs
from .models import (
    Article,
    Brief,
    Event,
    EventChange,
    Lineage,
    Sentence,
    SentenceKind,
    Skipped,
    Source,
    Story,
)
from .nlp.embed import CachedEmbedder, Embedder, Vectors, make_model_embedder, unit, unit_mean
from .nlp.sentences import split_sentences
from .pipeline import grouping_state
from .pipeline.brief import EmbeddedSentences, Facts, write_brief
from .pipeline.features import article_features
from .pipeline.grouping import Grouping, OnlineGrouper, arrival_order, group_articles
from .pipeline.lineage import trace_lineage
from .settings import Settings
from .store import Store

Progress = Callable[[str, int, int | None], None]
"""``progress(stage, done, total)``; total is None when unknown."""


def _quiet(stage: str, done: int, total: int | None) -> None:
    pass


# -- ingest -----------------------------------------------------------------
class Outcome(StrEnum):
    STORED = "stored"  # new article, now durable
    UNCHANGED = "unchanged"  # the same content was already stored
    SKIPPED = "skipped"  # unreadable input, with its reason


@dataclass(frozen=True, slots=True)
class Acknowledgement:
    """What happened to one input item; emitted only after it is committed."""

    outcome: Outcome
    path: str
    article: Article | None = None
    reason: str | None = None


@dataclass(frozen=True, slots=True)
class IngestReport:
    acknowledgements: tuple[Acknowledgement, ...]

    def _with(self, outcome: Outcome) -> list[Acknowledgement]:
        return [a for a in self.acknowledgements if a.outcome is outcome]

    @property
    def stored(self) -> list[Article]:
        return [a.article for a in self._with(Outcome.STORED) if a.article]

    @property
    def unchanged(self) -> list[Article]:
        return [a.article for a in self._with(Outcome.UNCHANGED) if a.article]

    @property
    def articles(self) -> list[Article]:
        """Every article read, new or not, in input order."""
        return [a.article for a in self.acknowledgements if a.article]

    @property
    def skipped(self) -> list[Skipped]:
        return [Skipped(a.path, a.reason or "") for a in self._with(Outcome.SKIPPED)]


def ingest(
    store: Store,
    paths: Sequence[str | os.PathLike[str]],
    settings: Settings,
    progress: Progress = _quiet,
    on_acknowledged: Callable[[Acknowledgement], None] | None = None,
) -> IngestReport:
    """Read every input under ``paths`` and store its articles.

    Articles are committed in batches of ``settings.ingest_batch_size``; an
    item is acknowledged (``on_acknowledged``) only once its batch is durable,
    so a killed run loses nothing acknowledged, and a rerun stores nothing
    twice because ids come from content.
    """
    found = list(walk_inputs(paths))  # files, and a Skipped for each path that is missing
    files = [f for f in found if isinstance(f, Path)]
    acks: list[Acknowledgement] = []
    pending: list[Article | Skipped] = []

    def flush() -> None:
        articles = [p for p in pending if isinstance(p, Article)]
        skipped = [p for p in pending if isinstance(p, Skipped)]
        new = set(store.add_articles(articles)) if articles else set()
        store.record_skipped(skipped)
        for item in pending:
            if isinstance(item, Skipped):
                ack = Acknowledgement(Outcome.SKIPPED, item.path, reason=item.reason)
            else:
                outcome = Outcome.STORED if item.id in new else Outcome.UNCHANGED
                ack = Acknowledgement(outcome, item.path, article=item)
            acks.append(ack)
            if on_acknowledged:
                on_acknowledged(ack)
        pending.clear()

    pending.extend(f for f in found if isinstance(f, Skipped))
    for done, file in enumerate(files, start=1):
        for item in read_inputs([file], settings):
            pending.append(item)
            if len(pending) >= settings.ingest_batch_size:
                flush()
        progress("read", done, len(files))
    flush()
    return IngestReport(tuple(acks))


# -- analysis ---------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Analysis:
    """Everything the analysis produced for the articles in the store."""

    articles: tuple[Article, ...]
    sentences: dict[str, tuple[Sentence, ...]]
    events: tuple[Event, ...]
    stories: tuple[Story, ...]
    lineage: Lineage = field(default_factory=lambda: Lineage((), (), ()))
    event_briefs: dict[str, Brief] = field(default_factory=dict)
    story_briefs: dict[str, Brief] = field(default_factory=dict)
    changes: tuple[EventChange, ...] = ()
    extraction: Extraction | None = None
    # Publication dates borrowed from an article's event, for articles without one.
    inferred_days: dict[str, date] = field(default_factory=dict)


def make_embedder(store: Store, settings: Settings) -> CachedEmbedder:
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


def _document_vector(sentences: Sequence[Sentence], vectors: Vectors) -> Vectors:
    """Mean of body-sentence vectors; headings count only when there is no body."""
    body = [i for i, s in enumerate(sentences) if s.kind is SentenceKind.BODY]
    return unit_mean(vectors[body] if body else vectors)


def title_of(article: Article) -> str:
    return article.title or article.text.split("\n", 1)[0][:120]


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


def _brief(
    subject: str,
    title: str,
    members: Sequence[Article],
    embedded: EmbeddedArticles,
    limit: int,
    report_of: dict[str, str],
    facts: Facts | None = None,
) -> Brief:
    pool = embedded.pool(members)
    return write_brief(subject, title, members, pool, limit, report_of, facts)


def facts_of(extraction: Extraction, events: Sequence[Event] = ()) -> Facts:
    event_of = {a: e.id for e in events for a in e.article_ids}
    return Facts(
        extraction.quotes, extraction.figures, extraction.dates, extraction.entities, event_of
    )


def _report_of(lineage: Lineage) -> dict[str, str]:
    """Article id -> its lineage group: the unit in which briefs count support."""
    return {a: g.id for g in lineage.groups for a in g.article_ids}


def cluster(
    articles: Sequence[Article], embedded: EmbeddedArticles, embedder: Embedder
) -> Grouping:
    """Group embedded articles into events and stories (the clustering stage)."""
    vectors = document_vectors(articles, embedded, embedder)
    features = {
        a.id: article_features(a, embedded.sentences[a.id], vectors[a.id]) for a in articles
    }
    return group_articles(articles, features, {a.id: title_of(a) for a in articles})


def cluster_incrementally(
    store: Store,
    articles: Sequence[Article],
    embedded: EmbeddedArticles,
    embedder: Embedder,
    progress: Progress = _quiet,
) -> Grouping:
    """Resume the saved online grouper and place only the articles it has not seen.

    The first run (or one after the grouping code or thresholds changed) streams
    every article; later runs cost only the new ones. The state is saved after
    the grouping, so a crash in between just means placing the same articles again.
    """
    saved = store.load_grouper_state()
    grouper = grouping_state.resume(saved, OnlineGrouper())
    placed = grouper.placed_articles()
    if not placed <= {a.id for a in articles}:  # articles went missing: start again
        grouper, placed = OnlineGrouper(), set()
    new = [a for a in articles if a.id not in placed]
    vectors = document_vectors(new, embedded, embedder)
    for done, article in enumerate(arrival_order(new), start=1):
        features = article_features(article, embedded.sentences[article.id], vectors[article.id])
        grouper.add(article, features, title_of(article))
        progress("group", done, len(new))
    if new or saved is None:
        store.save_grouper_state(grouping_state.dump(grouper))
    return grouper.grouping()


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


def analyze(
    store: Store,
    settings: Settings,
    embedder: Embedder | None = None,
    progress: Progress = _quiet,
) -> Analysis:
    """Split, embed, group and brief every article in the store."""
    articles = store.articles()
    embedder = embedder or make_embedder(store, settings)
    embedded = embed_articles(articles, embedder, progress)

    grouping = cluster_incrementally(store, articles, embedded, embedder, progress)
    store.replace_grouping(grouping.events, grouping.stories, grouping.changes)
    lineage = trace_lineage(articles, embedded.sentences, embedded.vectors, grouping.events)
    store.replace_lineage(lineage)
    progress("lineage", len(articles), len(articles))

    inferred_days = infer_publication_days(articles, grouping.events)
    extraction = extract(articles, inferred_days, progress, cache=store)

    by_id = {a.id: a for a in articles}
    limit = settings.summary_sentences
    report_of = _report_of(lineage)
    facts = facts_of(extraction, grouping.events)
    event_briefs = {
        e.id: _brief(
            e.id, e.label, [by_id[a] for a in e.article_ids], embedded, limit, report_of, facts
        )
        for e in grouping.events
    }
    event_by_id = {e.id: e for e in grouping.events}
    story_briefs = {
        s.id: _brief(
            s.id,
            s.label,
            [by_id[a] for e in s.event_ids for a in event_by_id[e].article_ids],
            embedded,
            limit,
            report_of,
            facts,
        )
        for s in grouping.stories
    }
    progress("brief", len(articles), len(articles))
    return Analysis(
        tuple(articles), embedded.sentences, grouping.events, grouping.stories, lineage,
        event_briefs, story_briefs, grouping.changes, extraction, inferred_days,
    )  # fmt: skip


def infer_publication_days(articles: Sequence[Article], events: Sequence[Event]) -> dict[str, date]:
    """For each undated article, the earliest publication date among its event's articles."""
    event_start = {a: e.start for e in events if e.start for a in e.article_ids}
    return {a.id: day for a in articles if a.published is None and (day := event_start.get(a.id))}


# -- reading back -----------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Subject:
    """An event or a story as stored, with its articles and a fresh brief."""

    kind: str  # "event" or "story"
    id: str
    label: str
    events: tuple[Event, ...]
    articles: tuple[Article, ...]
    brief: Brief
    lineage: Lineage
    story: Story | None = None


def resolve_id(store: Store, prefix: str) -> tuple[str, str]:
    """Find the event or story whose id starts with ``prefix`` (ids are long to type)."""
    candidates = [("event", e) for e in store.ids_with_prefix("events", prefix)]
    candidates += [("story", s) for s in store.ids_with_prefix("stories", prefix)]
    if len(candidates) == 1:
        return candidates[0]
    if not candidates:
        raise NotFoundError(
            f"no event or story id starts with {prefix!r}; run `storyline stories` to list them "
            "(run `storyline analyze` first if the list is empty)"
        )
    shown = ", ".join(c[1] for c in candidates[:5])
    raise NotFoundError(f"{prefix!r} matches several ids ({shown}); type more of the id")


def newest(articles: Sequence[Article], limit: int) -> tuple[Article, ...]:
    """At most ``limit`` articles, the most recently published (then stored) first kept.

    Keeps the given order among those kept, so a brief reads the same either way.
    """
    if len(articles) <= limit:
        return tuple(articles)
    ranked = sorted(
        range(len(articles)),
        key=lambda i: (articles[i].published or date.min, i),
        reverse=True,
    )
    keep = set(ranked[:limit])
    return tuple(a for i, a in enumerate(articles) if i in keep)


def resolve_source(store: Store, key: str) -> Source:
    """A live source by id prefix, or by its exact feed URL or folder path."""
    found = [s for s in store.sources() if s.id.startswith(key) or s.location == key]
    exact = [s for s in found if s.location == key or s.id == key]
    if len(exact) == 1 or len(found) == 1:
        return (exact or found)[0]
    if not found:
        raise NotFoundError(
            f"no feed or folder matches {key!r}; `storyline sources` lists them with their ids"
        )
    shown = ", ".join(s.id for s in found[:5])
    raise NotFoundError(f"{key!r} matches several sources ({shown}); type more of the id")


def show(
    store: Store, settings: Settings, subject_id: str, embedder: Embedder | None = None
) -> Subject:
    """An event or story with its brief, rebuilt from stored articles and cached vectors."""
    kind, full_id = resolve_id(store, subject_id)
    story: Story | None = None
    if kind == "event":
        events: tuple[Event, ...] = (store.event(full_id),)
    else:
        story = store.story(full_id)
        events = tuple(store.event(e) for e in story.event_ids)
    articles = tuple(store.articles([a for e in events for a in e.article_ids]))
    briefed = newest(articles, settings.brief_max_articles)
    embedded = embed_articles(briefed, embedder or make_embedder(store, settings))
    label = story.label if story else events[0].label
    lineage = store.lineage(e.id for e in events)
    extraction = extract(briefed, infer_publication_days(briefed, events), cache=store)
    brief = _brief(
        full_id,
        label,
        briefed,
        embedded,
        settings.summary_sentences,
        _report_of(lineage),
        facts_of(extraction, events),
    )
    return Subject(kind, full_id, label, events, articles, brief, lineage, story)
