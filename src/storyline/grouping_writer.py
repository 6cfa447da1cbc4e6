"""Writing one online grouper's grouping to a store: compared with the store the first
time, then only what the grouper's history says changed."""

from __future__ import annotations

from dataclasses import dataclass

from .models import Event, EventChange, Story
from .pipeline.grouping import OnlineGrouper
from .store import LineageUpdate, Store


@dataclass(slots=True)
class Written:
    """The grouping as this process last wrote it (what the store holds)."""

    events: dict[str, Event]
    stories: dict[str, Story]
    changes: int  # grouper history rows written
    event_of: dict[str, str]  # article -> event

    @classmethod
    def read(cls, store: Store) -> Written:
        events = {e.id: e for e in store.events()}
        event_of = {a: e.id for e in events.values() for a in e.article_ids}
        return cls(events, {s.id: s for s in store.stories()}, -1, event_of)


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

    def current(self, store: Store) -> Written:
        return self.written or Written.read(store)

    @staticmethod
    def diff(grouper: OnlineGrouper, written: Written) -> GroupingDiff:
        """What to write to bring the store from ``written`` to the grouper's grouping."""
        changes = grouper.changes
        stories = grouper.stories()
        if written.changes < 0:  # first write: compare everything with the store
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
        fresh = changes[written.changes :]
        touched = {c.event_id for c in fresh} | {
            c.other_event_id for c in fresh if c.other_event_id
        }
        found = grouper.events_by_id(sorted(touched))
        return GroupingDiff(
            tuple(found.values()),
            tuple(sorted(touched - found.keys())),
            tuple(s for s in stories if written.stories.get(s.id) != s),
            tuple(sorted(written.stories.keys() - {s.id for s in stories})),
            fresh,
            False,
        )

    def apply(
        self,
        store: Store,
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
                diff.events, diff.removed_events, diff.stories, diff.removed_stories,
                diff.changes, lineage, replace_history=diff.replace_history,
            )  # fmt: skip
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
        written.changes = len(grouper.changes)
        self.written = written

    def write(self, store: Store, grouper: OnlineGrouper) -> GroupingDiff:
        """Write the grouping alone (no lineage): for stores whose lineage nobody reads."""
        written = self.current(store)
        diff = self.diff(grouper, written)
        self.apply(store, written, diff, grouper)
        return diff
