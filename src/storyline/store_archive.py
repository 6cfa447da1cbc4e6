"""An :class:`~storyline.pipeline.archive.Archive` in a store: retired events, settled
stories and old history rows are written as they leave the online grouper's memory, and
read back from the store when a report asks for the whole grouping."""

from __future__ import annotations

from collections.abc import Iterable

from .errors import NotFoundError
from .models import Event, EventChange, Story
from .pipeline.archive import Settled, survivor_of
from .store import Store


class StoreArchive:
    """Writes what the grouper has settled to ``store``, one transaction per hand-over."""

    def __init__(self, store: Store) -> None:
        self._store = store

    def put(self, settled: Settled) -> None:
        if settled.events or settled.stories or settled.changes:
            self._store.update_grouping(settled.events, (), settled.stories, (), settled.changes)

    def events(self) -> list[Event]:
        return self._store.events()

    def stories(self) -> list[Story]:
        return self._store.stories()

    def changes(self) -> list[EventChange]:
        return self._store.event_changes()

    def events_by_id(self, event_ids: Iterable[str]) -> dict[str, Event]:
        found = {}
        for event_id in event_ids:
            try:
                found[event_id] = self._store.event(event_id)
            except NotFoundError:
                continue
        return found

    def resolve(self, event_id: str) -> str:
        # An archived event holds its own articles: a merge of it may have been undone
        # by a split that is still in the grouper's recent history, not yet here.
        if self.events_by_id([event_id]):
            return event_id
        seen = {event_id}
        while (holder := survivor_of(self._store.event_changes([event_id]), event_id)) is not None:
            if holder in seen:  # a cycle would be a bug elsewhere; never loop on it
                break
            seen.add(holder)
            event_id = holder
        return event_id
