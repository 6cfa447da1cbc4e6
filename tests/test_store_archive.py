"""The grouper's archive in a real SQLite store: what retires is written and read back."""

from __future__ import annotations

from pathlib import Path

from storyline.pipeline.grouping import OnlineGrouper
from storyline.pipeline.recent_index import RecentIndex
from storyline.store import open_store
from storyline.store_archive import StoreArchive

from .pipeline.test_archive import happenings


def test_retired_events_stories_and_history_go_to_the_store_and_read_back(
    tmp_path: Path,
) -> None:
    rows = happenings(500)
    with open_store(tmp_path / "archive.db") as store:
        store.add_articles([article for article, _ in rows])
        kept = OnlineGrouper(index=RecentIndex(dim=16, bucket_size=12, window=2))
        archiving = OnlineGrouper(
            index=RecentIndex(dim=16, bucket_size=12, window=2), archive=StoreArchive(store)
        )
        for article, features in rows:
            assert archiving.add(article, features, article.title) == kept.add(
                article, features, article.title
            )
        stored = {e.id for e in store.events()}
        assert stored and all(archiving._slot_of.get(e) is None for e in stored)
        whole, bounded = kept.grouping(), archiving.grouping()
        assert sorted(bounded.events, key=lambda e: e.id) == sorted(
            whole.events, key=lambda e: e.id
        )
        assert {s.id: s.event_ids for s in bounded.stories} == {
            s.id: s.event_ids for s in whole.stories
        }
        assert [(c.seq, c.kind, c.event_id) for c in bounded.changes] == [
            (c.seq, c.kind, c.event_id) for c in whole.changes
        ]
        for change in whole.changes:
            if change.other_event_id:
                assert archiving.resolve(change.other_event_id) == kept.resolve(
                    change.other_event_id
                )
