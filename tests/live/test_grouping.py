"""The in-memory live grouper agrees with `analyze` and survives restarts."""

from __future__ import annotations

from pathlib import Path

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
