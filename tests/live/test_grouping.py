"""The in-memory live grouper agrees with `analyze` and survives restarts."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np

from storyline import service
from storyline.live.grouping import LiveGrouping
from storyline.settings import Settings
from storyline.store import open_store

from ..conftest import SEEDS


def seeds(*prefixes: str) -> list[Path]:
    return [next(SEEDS.glob(f"{p}_*.txt")) for p in prefixes]


def events_of(settings: Settings) -> list[tuple[str, ...]]:
    with open_store(settings.db) as store:
        return sorted(e.article_ids for e in store.events())


def test_live_placing_in_batches_matches_analyze_in_the_same_batches(
    tmp_path: Path, settings: Settings
) -> None:
    batches = [seeds("000", "001"), seeds("002", "003", "004")]
    live = LiveGrouping(settings)
    other = Settings(db=tmp_path / "analyzed.db")
    for batch in batches:
        with open_store(settings.db) as store:
            service.ingest(store, batch, settings)
            placed = live.place_new(store)
        assert placed is not None
        with open_store(other.db) as store:
            service.ingest(store, batch, other)
            service.analyze(store, other)
    assert events_of(settings) == events_of(other)
    with open_store(settings.db) as store:
        assert live.place_new(store) is None  # nothing new
        assert store.grouper_state_stamp() is None  # not saved yet: no checkpoint was due


def test_a_restart_without_a_checkpoint_places_everything_again_the_same_way(
    settings: Settings,
) -> None:
    with open_store(settings.db) as store:
        service.ingest(store, seeds("000", "001", "002"), settings)
        LiveGrouping(settings).place_new(store)  # then "killed": its state never saved
    before = events_of(settings)
    restarted = LiveGrouping(settings)
    with open_store(settings.db) as store:
        assert restarted.place_new(store) is not None
    assert events_of(settings) == before
    with open_store(settings.db) as store:
        restarted.checkpoint(store)
        assert store.grouper_state_stamp() is not None
        resumed = LiveGrouping(settings)
        assert resumed.place_new(store) is None  # the saved state holds every article


def test_a_full_analyze_elsewhere_is_picked_up_before_placing(settings: Settings) -> None:
    live = LiveGrouping(settings)
    with open_store(settings.db) as store:
        service.ingest(store, seeds("000", "001"), settings)
        live.place_new(store)
        live.checkpoint(store)
        service.ingest(store, seeds("002"), settings)
        service.analyze(store, settings)  # another process regrouped and saved its state
        analysed = sorted(e.article_ids for e in store.events())
        assert live.place_new(store) is None  # it reloaded: the new article is placed already
        assert sorted(e.article_ids for e in store.events()) == analysed


def test_checkpoints_follow_the_clock(settings: Settings) -> None:
    now = [0.0]
    live = LiveGrouping(settings, clock=lambda: now[0])
    with open_store(settings.db) as store:
        service.ingest(store, seeds("000"), settings)
        live.place_new(store)
        assert store.grouper_state_stamp() is None
        now[0] = 301.0
        service.ingest(store, seeds("001"), settings)
        live.place_new(store)
        assert store.grouper_state_stamp() is not None


def test_writing_only_what_changed_equals_writing_everything(tmp_path: Path) -> None:
    """Along a stream with joins, merges and splits, after every article."""
    from storyline.live.grouping import GroupingWriter
    from storyline.pipeline.grouping import OnlineGrouper
    from storyline.store import SqliteStore

    from ..pipeline.test_grouping import bridged_then_apart
    from ..pipeline.test_grouping_state import stream

    # One vector size for both: the bridged rows padded with zeros (still unit length).
    bridged = [(a, replace(f, vector=np.pad(f.vector, (0, 13)))) for a, f in bridged_then_apart()]
    rows = bridged + stream(60)
    grouper = OnlineGrouper()
    writer = GroupingWriter()
    with SqliteStore(tmp_path / "inc.db") as live, SqliteStore(tmp_path / "whole.db") as whole:
        for store in (live, whole):
            store.add_articles([article for article, _ in rows])
        kinds = set()
        for article, features in rows:
            grouper.add(article, features, article.id)
            writer.write(live, grouper)
            grouping = grouper.grouping()
            whole.replace_grouping(grouping.events, grouping.stories, grouping.changes)
            assert live.events() == whole.events()
            assert live.stories() == whole.stories()
            assert live.event_changes() == whole.event_changes()
            kinds |= {c.kind.value for c in grouping.changes}
        assert {"founded", "joined", "merged", "split"} <= kinds
        assert live.grouping_version() == len(rows)
