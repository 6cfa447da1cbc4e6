"""The JSON report's history helpers."""

from __future__ import annotations

from pathlib import Path

from storyline.models import ChangeKind, EventChange
from storyline.report import changes_of


def test_history_of_an_event_follows_merges_and_stops_following_after_a_split() -> None:
    history = [
        EventChange(1, ChangeKind.FOUNDED, "ea", "a"),
        EventChange(2, ChangeKind.FOUNDED, "eb", "b"),
        EventChange(3, ChangeKind.JOINED, "ea", "c"),
        EventChange(3, ChangeKind.MERGED, "ea", "c", "eb"),
        EventChange(4, ChangeKind.JOINED, "ea", "d"),
        EventChange(5, ChangeKind.SPLIT, "eb", "d", "ea"),
        EventChange(6, ChangeKind.JOINED, "eb", "e"),
    ]
    of_a = [(c.seq, c.kind) for c in changes_of(history, {"ea"})]
    # Once split, "eb" and its history are its own again.
    assert of_a == [
        (1, ChangeKind.FOUNDED),
        (3, ChangeKind.JOINED),
        (3, ChangeKind.MERGED),
        (4, ChangeKind.JOINED),
    ]
    of_b = [c.article_id for c in changes_of(history, {"eb"})]
    assert of_b == ["b", "d", "e"]


def test_history_read_by_index_equals_the_history_filtered_from_every_row(
    tmp_path: Path,
) -> None:
    from storyline import service
    from storyline.reading import history_of
    from storyline.settings import Settings
    from storyline.store import open_store

    from .conftest import SEEDS

    settings = Settings(db=tmp_path / "h.db")
    with open_store(settings.db) as store:
        service.ingest(store, [SEEDS], settings)
        service.analyze(store, settings)
        for story in store.stories():
            ids = set(story.event_ids)
            assert history_of(store, ids) == changes_of(store.event_changes(), ids)
        assert history_of(store, {"e-none"}) == []
