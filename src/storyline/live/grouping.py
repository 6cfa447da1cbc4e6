"""The online grouper kept in memory by a long-running process, so new articles join events fast.

``storyline analyze`` resumes the saved grouper, places the new articles,
recomputes lineage and briefs for everything, and saves the grouper again:
right for a batch, far too slow for a live feed over a large store. Here the
grouper stays in memory. Each batch of new articles is embedded and placed,
and only what changed is written (the events they joined, founded, merged
or split, the stories whose membership moved, and the new history rows; the
first write after loading is a whole one). The grouper's state is saved only
every :data:`CHECKPOINT_SECONDS` and on :meth:`LiveGrouping.checkpoint`.

A crash loses nothing: the articles are in the store, and the next start
resumes the last saved state and places whatever it had not seen, in the
same order, to the same events. When another process saved a newer state (a
full ``analyze`` ran), it is reloaded before placing anything.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from .. import service
from ..models import Story
from ..nlp.embed import make_model_embedder
from ..pipeline import grouping_state
from ..pipeline.features import article_features
from ..pipeline.grouping import Grouping, OnlineGrouper, arrival_order
from ..settings import Settings
from ..store import Store

CHECKPOINT_SECONDS = 300.0


class LiveGrouping:
    """Place newly stored articles into events at the cost of the new articles only."""

    def __init__(self, settings: Settings, clock: Callable[[], float] = time.monotonic) -> None:
        self.settings = settings
        self._clock = clock
        self._grouper: OnlineGrouper | None = None
        self._placed: set[str] = set()
        self._stamp: str | None = None  # of the saved state the grouper in memory came from
        self._unsaved = False
        self._saved_at = clock()
        self._writer = GroupingWriter()

    def _load(self, store: Store) -> OnlineGrouper:
        stamp = store.grouper_state_stamp()
        if self._grouper is not None and stamp == self._stamp:
            return self._grouper
        grouper = grouping_state.resume(store.load_grouper_state(), OnlineGrouper())
        self._grouper, self._stamp, self._unsaved = grouper, stamp, False
        self._placed = grouper.placed_articles()
        self._writer = GroupingWriter()
        return grouper

    def prepare(self, store: Store) -> None:
        """Do the one-off work now, not when the first new article is waiting.

        Loads the saved grouper and the embedding model and writes the grouping
        whole once (the writes after it are only what changed).
        """
        grouper = self._load(store)
        make_model_embedder(self.settings).embed(["warm up"])
        if not self._writer.has_written:
            self._writer.write(store, grouper)

    def place_new(self, store: Store) -> Grouping | None:
        """Place every stored article not yet grouped and write the grouping; None if none.

        The grouping returned holds the events this call touched (all of them on
        the first call) and every story.
        """
        grouper = self._load(store)
        stored = store.article_ids()
        if len(self._placed) > len(stored) or not self._placed <= set(stored):
            # Articles were removed behind our back: only a regrouping is right now.
            grouper, self._placed = OnlineGrouper(), set()
            self._grouper, self._writer = grouper, GroupingWriter()
        new = store.articles([a for a in stored if a not in self._placed])
        if not new:
            return None
        embedder = service.make_embedder(store, self.settings)
        embedded = service.embed_articles(new, embedder)
        vectors = service.document_vectors(new, embedded, embedder)
        for article in arrival_order(new):
            features = article_features(
                article, embedded.sentences[article.id], vectors[article.id]
            )
            grouper.add(article, features, service.title_of(article))
            self._placed.add(article.id)
        written = self._writer.write(store, grouper)
        self._unsaved = True
        if self._clock() - self._saved_at >= CHECKPOINT_SECONDS:
            self.checkpoint(store)
        return written

    def checkpoint(self, store: Store) -> None:
        """Save the grouper's state now, if it has placed anything since the last save."""
        if self._grouper is None or not self._unsaved:
            return
        store.save_grouper_state(grouping_state.dump(self._grouper))
        self._stamp = store.grouper_state_stamp()
        self._unsaved = False
        self._saved_at = self._clock()


class GroupingWriter:
    """Writes one grouper's grouping to a store: whole the first time, then only what changed.

    What changed is read off the grouper's history since the last write: the
    events named there (joined, founded, merged, split) are written or removed,
    stories are compared with those last written, and the new history rows
    are added. The store must not be regrouped by anyone else in between
    (:class:`LiveGrouping` starts a new writer whenever it reloads).
    """

    def __init__(self) -> None:
        self._changes: int | None = None  # history rows written; None: nothing written yet
        self._stories: dict[str, Story] = {}

    @property
    def has_written(self) -> bool:
        return self._changes is not None

    def write(self, store: Store, grouper: OnlineGrouper) -> Grouping:
        """Write; returns the events touched (every event the first time) and all stories."""
        changes = grouper.changes
        stories = grouper.stories()
        if self._changes is None:
            grouping = grouper.grouping()
            store.replace_grouping(grouping.events, grouping.stories, grouping.changes)
        else:
            fresh = changes[self._changes :]
            touched = {c.event_id for c in fresh}
            touched |= {c.other_event_id for c in fresh if c.other_event_id}
            events = grouper.events_by_id(sorted(touched))
            now = {s.id for s in stories}
            store.update_grouping(
                list(events.values()),
                sorted(touched - events.keys()),
                [s for s in stories if self._stories.get(s.id) != s],
                sorted(self._stories.keys() - now),
                fresh,
            )
            grouping = Grouping(tuple(events.values()), stories, fresh)
        self._changes = len(changes)
        self._stories = {s.id: s for s in stories}
        return grouping
