"""Where the online grouper puts what it is done with, so its memory stays bounded.

An event whose newest article has left the recent-article window can never be
joined, merged or split again (only that window leads to an event). The
grouper used to keep such events in memory for reporting, which grew with the
whole history: about 3.4 KB per article, 60 GB after a year of a busy feed. With
an :class:`Archive`, a retired event leaves memory for the archive, and so do a
story once all its events have, the merges that lead to them, the history rows
older than the window, and the document frequencies of terms unseen since then.

The archive is an interface here (the pipeline knows nothing of storage):
:class:`MemoryArchive` keeps everything in memory, for tests and short runs;
``storyline.store_archive.StoreArchive`` writes to a store.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from ..models import ChangeKind, Event, EventChange, Story


@dataclass(frozen=True, slots=True)
class Settled:
    """One batch of what the grouper has finished with, handed over together."""

    events: tuple[Event, ...]
    stories: tuple[Story, ...]  # stories none of whose events is still in memory
    merged_into: Mapping[str, str]  # ids merged away -> the archived event now holding them
    changes: tuple[EventChange, ...]  # history rows older than the search window


class Archive(Protocol):
    """Keeps settled events and stories and reads them back for reports."""

    def put(self, settled: Settled) -> None: ...

    def events(self) -> list[Event]:
        """Every archived event (one read from a store may also hold live ones; the
        grouper's own copy of those wins)."""
        ...

    def stories(self) -> list[Story]: ...

    def changes(self) -> list[EventChange]:
        """The archived history (the grouper keeps only rows up to what it settled)."""
        ...

    def events_by_id(self, event_ids: Iterable[str]) -> dict[str, Event]: ...

    def resolve(self, event_id: str) -> str:
        """The archived event holding ``event_id``'s articles (``event_id`` if none)."""
        ...


@dataclass(slots=True)
class MemoryArchive:
    """An archive in memory: the grouper's reports are complete, its memory is not bounded."""

    _events: dict[str, Event] = field(default_factory=dict)
    _stories: list[Story] = field(default_factory=list)
    _merged_into: dict[str, str] = field(default_factory=dict)
    _changes: list[EventChange] = field(default_factory=list)

    def put(self, settled: Settled) -> None:
        self._events.update((e.id, e) for e in settled.events)
        self._stories.extend(settled.stories)
        self._merged_into.update(settled.merged_into)
        self._changes.extend(settled.changes)

    def events(self) -> list[Event]:
        return list(self._events.values())

    def stories(self) -> list[Story]:
        return list(self._stories)

    def changes(self) -> list[EventChange]:
        return list(self._changes)

    def events_by_id(self, event_ids: Iterable[str]) -> dict[str, Event]:
        return {i: self._events[i] for i in event_ids if i in self._events}

    def resolve(self, event_id: str) -> str:
        while event_id in self._merged_into:
            event_id = self._merged_into[event_id]
        return event_id


def survivor_of(changes: Sequence[EventChange], event_id: str) -> str | None:
    """The event ``event_id`` was last merged into, from its history rows; None when it
    was never merged away or was split off again afterwards."""
    holder: str | None = None
    for change in changes:
        if change.kind is ChangeKind.MERGED and change.other_event_id == event_id:
            holder = change.event_id
        elif change.kind is ChangeKind.SPLIT and change.event_id == event_id:
            holder = None
    return holder
