"""Writing one online grouper's grouping to a store: compared with the store the first
time, then only what the grouper's history says changed.

The writer is also the grouper's archive (:class:`PendingArchive`): what the grouper
retires waits there until the next write has put it in the store, and is read back
from the store after that. So a long-running grouper's memory stays bounded by its
search window, and nothing it let go of is lost before it is written.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from .models import Event, EventChange, Story
from .pipeline.archive import Settled
from .pipeline.grouping import OnlineGrouper
from .store import GroupingStore, LineageUpdate, Store
from .store_archive import StoreArchive


@dataclass(slots=True)
class Written:
    """The grouping as this process last wrote it (what the store holds)."""

    events: dict[str, Event]
    stories: dict[str, Story]
    seq: int  # arrival number of the newest history row written (-1: none yet)
    event_of: dict[str, str]  # article -> event

    @classmethod
    def read(cls, store: GroupingStore) -> Written:
        events = {e.id: e for e in store.events()}
        event_of = {a: e.id for e in events.values() for a in e.article_ids}
        return cls(events, {s.id: s for s in store.stories()}, -1, event_of)


@dataclass(slots=True)
class PendingArchive:
    """The grouper's archive under a writer: settled batches wait here until written,
    then are read back from the store."""

    store: Store | None = None  # bound to the store of the current update
    pending: list[Settled] = field(default_factory=list)

    def put(self, settled: Settled) -> None:
        self.pending.append(settled)

    def _store(self) -> Store:
        if self.store is None:
            raise RuntimeError("the archive is read before it was bound to a store")
        return self.store

    def events(self) -> list[Event]:
        waiting = self._waiting()
        stored = [e for e in self._store().events() if e.id not in waiting]
        return [*stored, *waiting.values()]

    def stories(self) -> list[Story]:
        waiting = {st.id: st for s in self.pending for st in s.stories}
        stored = [st for st in self._store().stories() if st.id not in waiting]
        return [*stored, *waiting.values()]

    def changes(self) -> list[EventChange]:
        return [*self._store().event_changes(), *(c for s in self.pending for c in s.changes)]

    def _waiting(self) -> dict[str, Event]:
        return {e.id: e for s in self.pending for e in s.events}

    def events_by_id(self, event_ids: Iterable[str]) -> dict[str, Event]:
        waiting = self._waiting()
        wanted = list(event_ids)
        found = {i: waiting[i] for i in wanted if i in waiting}
        found.update(StoreArchive(self._store()).events_by_id(i for i in wanted if i not in found))
        return found

    def resolve(self, event_id: str) -> str:
        if event_id in self._waiting():
            return event_id
        # A settled batch maps each merged id straight to its final, archived holder.
        for settled in self.pending:
            if event_id in settled.merged_into:
                return settled.merged_into[event_id]
        return StoreArchive(self._store()).resolve(event_id)


def _touched(changes: Iterable[EventChange]) -> set[str]:
    """Every event the history rows name: joined, founded, merged, merged away or split."""
    return {e for c in changes for e in (c.event_id, c.other_event_id) if e}


@dataclass(frozen=True, slots=True)
class GroupingDiff:
    events: tuple[Event, ...]
    removed_events: tuple[str, ...]
    stories: tuple[Story, ...]
    removed_stories: tuple[str, ...]
    changes: tuple[EventChange, ...]
    replace_history: bool


class GroupingWriter:
    """Writes one grouper's grouping to a store: compared with the store the first time,
    then only what the grouper's history says changed (events joined, founded, merged
    or split; stories whose membership or label moved; new history rows)."""

    def __init__(self) -> None:
        self.written: Written | None = None  # None: the store's content is not known yet
        self.archive = PendingArchive()
        # History rows up to this arrival belong to events archived before this writer
        # began (the grouper's settled_seq when it was loaded); a first write keeps them.
        self.kept_upto = 0

    def bind(self, store: Store, grouper: OnlineGrouper) -> None:
        """Write to ``store`` from now on; a fresh writer keeps the history ``grouper``
        already archived there."""
        self.archive.store = store
        if self.written is None:
            self.kept_upto = grouper.settled_seq

    def current(self, store: Store) -> Written:
        return self.written or Written.read(store)

    def diff(self, grouper: OnlineGrouper, written: Written) -> GroupingDiff:
        """What to write to bring the store from ``written`` to the grouper's grouping."""
        if grouper.settled_seq > 0 or self.archive.pending:
            return self._diff_bounded(grouper, written)
        changes = grouper.changes
        stories = grouper.stories()
        if written.seq < 0:  # first write: compare everything with the store
            events = grouper.grouping().events
            now = {e.id for e in events}
            return GroupingDiff(
                tuple(e for e in events if written.events.get(e.id) != e),
                tuple(sorted(written.events.keys() - now)),
                tuple(s for s in stories if written.stories.get(s.id) != s),
                tuple(sorted(written.stories.keys() - {s.id for s in stories})),
                changes,
                True,
            )
        fresh = tuple(c for c in changes if c.seq > written.seq)
        touched = _touched(fresh)
        found = grouper.events_by_id(sorted(touched))
        return GroupingDiff(
            tuple(found.values()),
            tuple(sorted(touched - found.keys())),
            tuple(s for s in stories if written.stories.get(s.id) != s),
            tuple(sorted(written.stories.keys() - {s.id for s in stories})),
            fresh,
            False,
        )

    def _diff_bounded(self, grouper: OnlineGrouper, written: Written) -> GroupingDiff:
        """The diff of a grouper that archived part of its history: only what it holds
        and what waits in the archive is compared; what is archived and written stays."""
        pending = self.archive.pending
        waiting = self.archive._waiting()
        stories = {st.id: st for s in pending for st in s.stories}
        stories.update((st.id, st) for st in grouper.held_stories())
        first = written.seq < 0
        after = self.kept_upto if first else written.seq
        fresh = (
            *(c for s in pending for c in s.changes if c.seq > after),
            *grouper.recent_changes(after),
        )
        touched: set[str]
        if first:  # every event held or waiting, and any stored event they replace
            now = {**waiting, **{e.id: e for e in grouper.held_events()}}
            touched = set(now) | {
                written.event_of[a]
                for e in now.values()
                for a in e.article_ids
                if a in written.event_of
            }
        else:
            touched = _touched(fresh)
            now = grouper.held_events_by_id(sorted(touched))
            now.update((i, waiting[i]) for i in touched if i in waiting and i not in now)
        removed = touched - now.keys()
        # A written story that is not one now goes if it held an event that is not
        # archived and written (a story is archived with its last event, so one holding
        # only such events is an archived story, not a stale one).
        unsettled = touched | waiting.keys() | grouper.held_event_ids()
        gone_stories = {
            s.id
            for s in written.stories.values()
            if s.id not in stories and not unsettled.isdisjoint(s.event_ids)
        }
        return GroupingDiff(
            tuple(e for e in now.values() if not first or written.events.get(e.id) != e),
            tuple(sorted(removed)),
            tuple(s for s in stories.values() if written.stories.get(s.id) != s),
            tuple(sorted(gone_stories)),
            fresh,
            first,
        )

    def apply(
        self,
        store: GroupingStore,
        written: Written,
        diff: GroupingDiff,
        grouper: OnlineGrouper,
        lineage: LineageUpdate | None = None,
    ) -> None:
        """Write ``diff`` (and the lineage re-traced with it) in one transaction, and note
        that the store now holds it. Nothing to write: no transaction."""
        grouping = diff.events or diff.removed_events or diff.stories or diff.removed_stories
        if lineage is not None and not lineage.events:
            lineage = None
        if grouping or lineage or diff.changes or diff.replace_history:
            store.update_grouping(
                diff.events,
                diff.removed_events,
                diff.stories,
                diff.removed_stories,
                diff.changes,
                lineage,
                replace_history=diff.replace_history,
                keep_history_upto=self.kept_upto,
            )
        for event_id in diff.removed_events:
            written.events.pop(event_id, None)
        for event in diff.events:
            written.events[event.id] = event
            for article_id in event.article_ids:
                written.event_of[article_id] = event.id
        for story_id in diff.removed_stories:
            written.stories.pop(story_id, None)
        for story in diff.stories:
            written.stories[story.id] = story
        if diff.changes:
            written.seq = max(written.seq, max(c.seq for c in diff.changes))
        elif written.seq < 0:
            written.seq = 0
        self.archive.pending.clear()  # written now: read back from the store from here on
        self.written = written

    def write(self, store: Store, grouper: OnlineGrouper) -> GroupingDiff:
        """Write the grouping alone (no lineage): for stores whose lineage nobody reads."""
        written = self.current(store)
        diff = self.diff(grouper, written)
        self.apply(store, written, diff, grouper)
        return diff
