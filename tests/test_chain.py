"""The one pipeline: live updates agree with `analyze`, survive restarts, write only changes."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from storyline import service
from storyline.chain import GroupingWriter, Pipeline
from storyline.settings import Settings
from storyline.store import open_store

from .conftest import SEEDS


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    if not SEEDS.is_dir():
        pytest.skip(f"the seed articles are not at {SEEDS}")
    return Settings(db=tmp_path / "live.db")


def seeds(*prefixes: str) -> list[Path]:
    return [next(SEEDS.glob(f"{p}_*.txt")) for p in prefixes]


def events_of(settings: Settings) -> list[tuple[str, ...]]:
    with open_store(settings.db) as store:
        return sorted(e.article_ids for e in store.events())


def test_live_placing_in_batches_matches_analyze_in_the_same_batches(
    tmp_path: Path, settings: Settings
) -> None:
    batches = [seeds("000", "001"), seeds("002", "003", "004")]
    live = Pipeline(settings, checkpoint_seconds=300)
    other = Settings(db=tmp_path / "analyzed.db")
    for batch in batches:
        with open_store(settings.db) as store:
            service.ingest(store, batch, settings)
            placed = live.update(store)
        assert placed.placed
        with open_store(other.db) as store:
            service.ingest(store, batch, other)
            service.analyze(store, other)
    assert events_of(settings) == events_of(other)
    with open_store(settings.db) as store:
        assert not live.update(store).placed  # nothing new
        assert store.grouper_state_stamp() is None  # not saved yet: no checkpoint was due


def test_a_restart_without_a_checkpoint_places_everything_again_the_same_way(
    settings: Settings,
) -> None:
    with open_store(settings.db) as store:
        service.ingest(store, seeds("000", "001", "002"), settings)
        Pipeline(settings, checkpoint_seconds=300).update(
            store
        )  # then "killed": its state never saved
    before = events_of(settings)
    restarted = Pipeline(settings, checkpoint_seconds=300)
    with open_store(settings.db) as store:
        assert restarted.update(store).placed
    assert events_of(settings) == before
    with open_store(settings.db) as store:
        restarted.checkpoint(store)
        assert store.grouper_state_stamp() is not None
        resumed = Pipeline(settings, checkpoint_seconds=300)
        assert not resumed.update(store).placed  # the saved state holds every article


def test_a_full_analyze_elsewhere_is_picked_up_before_placing(settings: Settings) -> None:
    live = Pipeline(settings, checkpoint_seconds=300)
    with open_store(settings.db) as store:
        service.ingest(store, seeds("000", "001"), settings)
        live.update(store)
        live.checkpoint(store)
        service.ingest(store, seeds("002"), settings)
        service.analyze(store, settings)  # another process regrouped and saved its state
        analysed = sorted(e.article_ids for e in store.events())
        assert not live.update(store).placed  # it reloaded: the new article is placed already
        assert sorted(e.article_ids for e in store.events()) == analysed


def test_checkpoints_follow_the_clock(settings: Settings) -> None:
    now = [0.0]
    live = Pipeline(settings, checkpoint_seconds=300, clock=lambda: now[0])
    with open_store(settings.db) as store:
        service.ingest(store, seeds("000"), settings)
        live.update(store)
        assert store.grouper_state_stamp() is None
        now[0] = 301.0
        service.ingest(store, seeds("001"), settings)
        live.update(store)
        assert store.grouper_state_stamp() is not None


def test_writing_only_what_changed_equals_writing_everything(tmp_path: Path) -> None:
    """Along a stream with joins, merges and splits, after every article."""
    from storyline.pipeline.grouping import OnlineGrouper
    from storyline.store import SqliteStore

    from .pipeline.test_grouping import bridged_then_apart
    from .pipeline.test_grouping_state import stream

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
