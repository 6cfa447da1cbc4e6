"""The writer as the grouper's archive: a bounded grouper's store equals the whole grouping,
after every article and after a restart from an older saved state."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from storyline.grouping_writer import GroupingWriter
from storyline.models import Article
from storyline.pipeline import grouping_state
from storyline.pipeline.features import ArticleFeatures
from storyline.pipeline.grouping import OnlineGrouper
from storyline.pipeline.recent_index import RecentIndex
from storyline.store import SqliteStore

from .pipeline.test_archive import happenings

Row = tuple[Article, ArticleFeatures]


def small(writer: GroupingWriter | None = None) -> OnlineGrouper:
    archive = writer.archive if writer is not None else None
    return OnlineGrouper(index=RecentIndex(dim=16, bucket_size=12, window=2), archive=archive)


@contextmanager
def two_stores(tmp_path: Path, rows: list[Row]) -> Iterator[tuple[SqliteStore, SqliteStore]]:
    """One store the writer fills, one given the whole grouping, both holding ``rows``."""
    with SqliteStore(tmp_path / "live.db") as live, SqliteStore(tmp_path / "whole.db") as whole:
        for store in (live, whole):
            store.add_articles([article for article, _ in rows])
        yield live, whole


def same(live: SqliteStore, whole: SqliteStore) -> None:
    assert live.events() == whole.events()
    assert live.stories() == whole.stories()
    assert live.event_changes() == whole.event_changes()


def test_a_bounded_grouper_writes_exactly_the_whole_grouping(tmp_path: Path) -> None:
    rows = happenings(420)
    kept, writer = small(), GroupingWriter()
    bounded = small(writer)
    with two_stores(tmp_path, rows) as (live, whole):
        for step, (article, features) in enumerate(rows):
            kept.add(article, features, article.id)
            bounded.add(article, features, article.id)
            writer.bind(live, bounded)
            if step % 7 == 0 or step == len(rows) - 1:  # a batch of articles per write
                writer.write(live, bounded)
                grouping = kept.grouping()
                whole.replace_grouping(grouping.events, grouping.stories, grouping.changes)
                same(live, whole)
        assert bounded.settled_seq > 300, "most of the history was archived"
        assert sum(e is not None for e in bounded._events) < len(kept.grouping().events) / 4
        assert sorted(bounded.grouping().events, key=lambda e: e.id) == sorted(
            kept.grouping().events, key=lambda e: e.id
        )
        for change in kept.changes:  # merged-away ids resolve through the store's history
            if change.other_event_id:
                assert bounded.resolve(change.other_event_id) == kept.resolve(change.other_event_id)


def test_a_restart_from_an_older_state_rewrites_what_the_store_holds_beyond_it(
    tmp_path: Path,
) -> None:
    rows = happenings(400)
    kept, writer = small(), GroupingWriter()
    bounded = small(writer)
    with two_stores(tmp_path, rows) as (live, whole):
        saved = b""
        for step, (article, features) in enumerate(rows[:300]):
            kept.add(article, features, article.id)
            bounded.add(article, features, article.id)
            writer.bind(live, bounded)
            writer.write(live, bounded)
            if step == 200:
                saved = grouping_state.dump(bounded)  # the last checkpoint before a crash
        # The process dies; the next one resumes the older state and replays from there.
        writer = GroupingWriter()
        resumed = grouping_state.load(saved, small(writer))
        assert 0 < resumed.settled_seq < bounded.settled_seq
        writer.bind(live, resumed)
        for article, features in rows[201:]:
            resumed.add(article, features, article.id)
            writer.bind(live, resumed)
            writer.write(live, resumed)
        for article, features in rows[300:]:
            kept.add(article, features, article.id)
        grouping = kept.grouping()
        whole.replace_grouping(grouping.events, grouping.stories, grouping.changes)
        same(live, whole)
