"""The one store interface every backend implements.

The pipeline never sees SQL: it asks a :class:`Store` for articles and cached
vectors and hands back events and stories. SQLite is the default backend;
PostgreSQL sits behind the same protocol, and one contract test suite runs
against both.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

import numpy as np
import numpy.typing as npt

from ..models import Article, Event, EventChange, Lineage, Skipped, Source, Story

_QUERY_WORD = re.compile(r"\w+", re.UNICODE)


def query_words(text: str) -> list[str]:
    """The words of what a user typed, as both stores' full-text searches read them."""
    return _QUERY_WORD.findall(text)


@dataclass(frozen=True, slots=True)
class SearchHit:
    """One full-text search result."""

    article_id: str
    title: str
    outlet: str | None
    snippet: str  # matched words are wrapped in « and »
    score: float


@dataclass(frozen=True, slots=True)
class LineageUpdate:
    """Lineage re-traced for some events, written with the grouping that caused it.

    Every row of ``events``' lineage (their groups, and the links and credits of
    their articles) is replaced by ``lineage``; ``version`` names the code that
    traced it, so a store traced by other code is known to need re-tracing.
    """

    events: tuple[str, ...]
    lineage: Lineage
    version: str


def history_steps(changes: Sequence[EventChange]) -> list[tuple[int, EventChange]]:
    """Each history row with its step: its place among its arrival's changes, in the
    order given. One arrival's changes are always written together, so this holds."""
    steps: dict[int, int] = {}
    numbered = []
    for change in changes:
        steps[change.seq] = steps.get(change.seq, -1) + 1
        numbered.append((steps[change.seq], change))
    return numbered


class ArticleStore(Protocol):
    """Stored articles, the inputs that were skipped, and full-text search."""

    def add_articles(self, articles: Sequence[Article]) -> list[str]:
        """Insert in one transaction; return ids that were new (others are upserts)."""
        ...

    def record_skipped(self, skipped: Sequence[Skipped]) -> None: ...

    def skipped(self) -> list[Skipped]: ...

    def article(self, article_id: str) -> Article:
        """Raise ``NotFoundError`` if there is no such article."""
        ...

    def articles(self, ids: Iterable[str] | None = None) -> list[Article]:
        """The given articles (or all), oldest arrival first."""
        ...

    def article_paths(self, article_id: str) -> list[str]: ...

    def articles_page(self, limit: int, offset: int) -> list[Article]:
        """One page of articles in the order stored."""
        ...

    def article_ids(self) -> list[str]:
        """Every stored article's id, in the order stored (without reading any text)."""
        ...

    def count_articles(self) -> int: ...

    def search(self, query: str, limit: int = 20) -> list[SearchHit]: ...

    def search_any(self, groups: Sequence[Sequence[str]], limit: int = 20) -> list[SearchHit]:
        """Articles holding, for every group, at least one of its words (as ``search``
        reads a word: stemmed the index's way)."""
        ...

    def index_words(self, prefix: str, limit: int = 500) -> list[str]:
        """Words of the full-text index (in its stemmed form) that begin with ``prefix``."""
        ...


class VectorCache(Protocol):
    """Sentence vectors kept between runs, by model and sentence key."""

    def load_vectors(
        self, model: str, keys: Sequence[str]
    ) -> dict[str, npt.NDArray[np.float32]]: ...

    def save_vectors(self, model: str, vectors: Mapping[str, npt.NDArray[np.float32]]) -> None: ...


class ExtractionCache(Protocol):
    """Extraction results kept between runs (``extract.ParseCache`` is this role)."""

    def load_extractions(self, version: str, article_ids: Sequence[str]) -> dict[str, str]:
        """Cached extraction payloads of these articles for this extractor version."""
        ...

    def save_extractions(self, version: str, payloads: Mapping[str, str]) -> None:
        """Cache extraction payloads by article id (older versions are dropped)."""
        ...


class GroupingStore(Protocol):
    """Events, stories, their history and the online grouper's saved state."""

    def load_grouper_state(self) -> bytes | None:
        """The online grouper's saved state, if any."""
        ...

    def grouper_state_stamp(self) -> str | None:
        """When the saved grouper state was written (changes with every save), if any."""
        ...

    def save_grouper_state(self, state: bytes | None) -> None:
        """Replace the saved grouper state (None forgets it)."""
        ...

    def replace_grouping(
        self,
        events: Sequence[Event],
        stories: Sequence[Story],
        changes: Sequence[EventChange] = (),
    ) -> None:
        """Atomically replace every event, story and the recorded event history with these."""
        ...

    def update_grouping(
        self,
        events: Sequence[Event],
        removed_events: Sequence[str],
        stories: Sequence[Story],
        removed_stories: Sequence[str],
        changes: Sequence[EventChange],
        lineage: LineageUpdate | None = None,
        replace_history: bool = False,
        keep_history_upto: int = 0,
    ) -> None:
        """Atomically write only what changed: events added or grown, events merged away,
        stories whose membership or label changed (given whole), stories gone, and new
        history rows (or, with ``replace_history``, the history after arrival number
        ``keep_history_upto``: rows up to it belong to archived events the caller no longer
        holds), and the lineage of the events it re-traced. The cost follows the change,
        not the size of the store."""
        ...

    def events(self) -> list[Event]: ...

    def grouping_version(self) -> int:
        """A number that changes whenever the events and stories are replaced."""
        ...

    def count_events(self) -> int: ...

    def count_stories(self) -> int: ...

    def event_of_article(self, article_id: str) -> Event | None:
        """The event holding an article (by index), or None when it is not grouped."""
        ...

    def story_of_event(self, event_id: str) -> Story | None: ...

    def stories(self) -> list[Story]: ...

    def event(self, event_id: str) -> Event: ...

    def story(self, story_id: str) -> Story: ...

    def event_changes(self, event_ids: Iterable[str] | None = None) -> list[EventChange]:
        """The recorded history in arrival order, limited to changes touching ``event_ids``."""
        ...


class LineageStore(Protocol):
    """Who copied or rewrote whom, and the sentence keys lineage looks candidates up by."""

    def lineage_version(self) -> str | None:
        """The version of the code that traced the stored lineage (None: never traced)."""
        ...

    def lineage_coverage(self) -> dict[str, int]:
        """Per event, how many of its articles its stored lineage groups hold."""
        ...

    def lineage(self, event_ids: Iterable[str] | None = None) -> Lineage:
        """Stored lineage, limited to the groups of the given events (links: their members)."""
        ...

    def save_sentence_keys(self, keys: Mapping[str, Sequence[int]]) -> None:
        """Record each article's sentence keys (an article with none gets key 0)."""
        ...

    def articles_with_sentences(self, keys: Iterable[int]) -> dict[int, list[str]]:
        """For each key, the articles holding that sentence (keys nobody holds are left out)."""
        ...

    def furniture_keys(self, min_events: int, among: Iterable[int] | None = None) -> set[int]:
        """Keys of sentences held by articles of at least ``min_events`` events; with
        ``among``, only those keys are looked at (an index search, not a scan)."""
        ...

    def articles_without_sentence_keys(self) -> list[str]:
        """Articles whose sentence keys were never recorded, in the order stored."""
        ...


class SourceStore(Protocol):
    """Feed subscriptions and watched folders, and the files a folder has read."""

    def save_source(self, source: Source) -> None:
        """Add or replace a feed subscription or watched folder (by id)."""
        ...

    def sources(self) -> list[Source]:
        """Every live source, oldest first."""
        ...

    def source(self, source_id: str) -> Source: ...

    def remove_source(self, source_id: str) -> None:
        """Forget a source (its articles stay); NotFoundError when there is none."""
        ...

    def seen_files(self, source_id: str) -> dict[str, tuple[int, int]]:
        """Files a watched folder has read: path -> (size, mtime in ns) when read."""
        ...

    def mark_files_seen(self, source_id: str, files: Mapping[str, tuple[int, int]]) -> None: ...


class Store(
    ArticleStore, VectorCache, ExtractionCache, GroupingStore, LineageStore, SourceStore, Protocol
):
    """Every role at once: what a backend implements. Callers that need one role take it
    alone (a :class:`SourceStore`, a :class:`VectorCache`), so what they touch is plain."""

    def ids_with_prefix(self, table: str, prefix: str, limit: int = 6) -> list[str]:
        """Ids in ``table`` (articles, events, stories, sources) starting with ``prefix``."""
        ...

    def close(self) -> None: ...

    def __enter__(self) -> Store: ...

    def __exit__(self, *exc: object) -> None: ...
