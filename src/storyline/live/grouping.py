"""The online grouper kept in memory by a long-running process, so new articles join events fast.

``storyline analyze`` resumes the saved grouper, places the new articles,
recomputes lineage and briefs for everything, and saves the grouper again:
right for a batch, far too slow for a live feed over a large store. Here the
grouper stays in memory. Each batch of new articles is embedded and placed,
the events and stories are written, and the grouper's state is saved only
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

    def _load(self, store: Store) -> OnlineGrouper:
        stamp = store.grouper_state_stamp()
        if self._grouper is not None and stamp == self._stamp:
            return self._grouper
        grouper = OnlineGrouper()
        saved = store.load_grouper_state()
        if saved is not None:
            try:
                grouping_state.load(saved, grouper)
            except grouping_state.StateMismatch:
                grouper = OnlineGrouper()
        self._grouper, self._stamp, self._unsaved = grouper, stamp, False
        self._placed = grouper.placed_articles()
        return grouper

    def place_new(self, store: Store) -> Grouping | None:
        """Place every stored article not yet grouped and write the grouping; None if none."""
        grouper = self._load(store)
        stored = store.article_ids()
        if len(self._placed) > len(stored) or not self._placed <= set(stored):
            # Articles were removed behind our back: only a regrouping is right now.
            grouper, self._placed = OnlineGrouper(), set()
            self._grouper = grouper
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
        grouping = grouper.grouping()
        store.replace_grouping(grouping.events, grouping.stories, grouping.changes)
        self._unsaved = True
        if self._clock() - self._saved_at >= CHECKPOINT_SECONDS:
            self.checkpoint(store)
        return grouping

    def checkpoint(self, store: Store) -> None:
        """Save the grouper's state now, if it has placed anything since the last save."""
        if self._grouper is None or not self._unsaved:
            return
        store.save_grouper_state(grouping_state.dump(self._grouper))
        self._stamp = store.grouper_state_stamp()
        self._unsaved = False
        self._saved_at = self._clock()
