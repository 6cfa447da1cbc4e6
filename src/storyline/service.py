"""The library functions that the CLI, the API and the web page all call to ingest
and analyse articles; reading back what is stored lives in :mod:`storyline.reading`.

Each function takes a store and settings, runs the pipeline stages and
returns typed results; none of them prints. Progress is reported through an
optional callback so each front end can show it its own way.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from enum import StrEnum
from pathlib import Path

from .chain import (
    EmbeddedArticles,
    Pipeline,
    embed_articles,
    infer_publication_days,
)
from .extract import Extraction, extract
from .ingest import read_inputs, walk_inputs
from .models import (
    Article,
    Brief,
    Event,
    EventChange,
    Lineage,
    Sentence,
    Skipped,
    Story,
)
from .nlp.embed import Embedder
from .pipeline.brief import Facts, write_brief
from .settings import Settings
from .store import ArticleStore, Store

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
    store: ArticleStore,
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
class Briefs(Mapping[str, Brief]):
    """The briefs of a set of events or stories, each written when first read, then kept."""

    def __init__(self, subjects: Mapping[str, object], write: Callable[[str], Brief]) -> None:
        self._subjects, self._write = subjects, write
        self._written: dict[str, Brief] = {}

    def __getitem__(self, subject_id: str) -> Brief:
        if subject_id not in self._written:
            if subject_id not in self._subjects:
                raise KeyError(subject_id)
            self._written[subject_id] = self._write(subject_id)
        return self._written[subject_id]

    def __iter__(self) -> Iterator[str]:
        return iter(self._subjects)

    def __len__(self) -> int:
        return len(self._subjects)


@dataclass(frozen=True, slots=True)
class Analysis:
    """Everything the analysis produced for the articles in the store."""

    articles: tuple[Article, ...]
    sentences: dict[str, tuple[Sentence, ...]]
    events: tuple[Event, ...]
    stories: tuple[Story, ...]
    lineage: Lineage = field(default_factory=lambda: Lineage((), (), ()))
    # Written when first read (see Briefs): a run that shows a few stories of a large
    # store does not pay for the briefs of all the others.
    event_briefs: Mapping[str, Brief] = field(default_factory=dict)
    story_briefs: Mapping[str, Brief] = field(default_factory=dict)
    changes: tuple[EventChange, ...] = ()
    extraction: Extraction | None = None
    # Publication dates borrowed from an article's event, for articles without one.
    inferred_days: dict[str, date] = field(default_factory=dict)


def brief_of(
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
        extraction.quotes,
        extraction.figures,
        extraction.dates,
        extraction.entities,
        event_of,
        extraction.mentions,
    )


def reports_by_article(lineage: Lineage) -> dict[str, str]:
    """Article id -> its lineage group: the unit in which briefs count support."""
    return {a: g.id for g in lineage.groups for a in g.article_ids}


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


def analyze(
    store: Store,
    settings: Settings,
    embedder: Embedder | None = None,
    progress: Progress = _quiet,
    pipeline: Pipeline | None = None,
) -> Analysis:
    """Place every new article, re-trace what changed, then brief every event and story.

    ``pipeline`` is the one a long-running process keeps (its grouper and
    caches); a command line run makes a fresh one, which resumes the saved grouper.
    """
    pipeline = pipeline or Pipeline(settings, embedder)
    pipeline.update(store, progress)
    grouping = pipeline.grouping(store)
    articles = store.articles()
    embedded = embed_articles(articles, pipeline.embedder(store), progress)
    lineage = store.lineage()

    inferred_days = infer_publication_days(articles, grouping.events)
    extraction = extract(articles, inferred_days, progress, cache=store)

    by_id = {a.id: a for a in articles}
    limit = settings.summary_sentences
    report_of = reports_by_article(lineage)
    facts = facts_of(extraction, grouping.events)
    event_by_id = {e.id: e for e in grouping.events}
    story_of = {s.id: s for s in grouping.stories}

    # A subject larger than brief_max_articles is briefed from its newest articles, as
    # `show` and the pages do: a brief compares sentences pairwise, and one over thousands
    # of articles would take minutes and gigabytes.
    most = settings.brief_max_articles

    def event_brief(event_id: str) -> Brief:
        event = event_by_id[event_id]
        members = newest([by_id[a] for a in event.article_ids], most)
        return brief_of(event.id, event.label, members, embedded, limit, report_of, facts)

    def story_brief(story_id: str) -> Brief:
        story = story_of[story_id]
        if len(story.event_ids) == 1:
            # The same articles as its one event's brief: only the id and title differ.
            only = event_briefs[story.event_ids[0]]
            return replace(only, subject_id=story.id, title=story.label)
        members = newest(
            [by_id[a] for e in story.event_ids for a in event_by_id[e].article_ids], most
        )
        return brief_of(story.id, story.label, members, embedded, limit, report_of, facts)

    event_briefs = Briefs(event_by_id, event_brief)
    story_briefs = Briefs(story_of, story_brief)
    return Analysis(
        tuple(articles),
        embedded.sentences,
        grouping.events,
        grouping.stories,
        lineage,
        event_briefs,
        story_briefs,
        grouping.changes,
        extraction,
        inferred_days,
    )


def stories_touching(analysis: Analysis, article_ids: Iterable[str]) -> list[Story]:
    """The stories with an event holding any of ``article_ids``, in analysis order."""
    wanted = set(article_ids)
    event_by_id = {e.id: e for e in analysis.events}
    return [
        s
        for s in analysis.stories
        if any(wanted & set(event_by_id[e].article_ids) for e in s.event_ids)
    ]


def write_briefs(
    analysis: Analysis, article_ids: Iterable[str], progress: Progress = _quiet
) -> None:
    """Write now the briefs of the stories touching ``article_ids`` and of their events
    (they are otherwise written when first read), reporting progress as "brief"."""
    stories = stories_touching(analysis, article_ids)
    subjects = [(analysis.event_briefs, e) for s in stories for e in s.event_ids]
    subjects += [(analysis.story_briefs, s.id) for s in stories]
    for done, (briefs, subject_id) in enumerate(subjects, start=1):
        briefs[subject_id]
        progress("brief", done, len(subjects))
