"""The long-stream benchmark on a small synthetic stream."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import numpy as np

from storyline_bench.stream import SliceResult, Template, run_stream, synthetic_stream


def templates() -> list[Template]:
    rng = np.random.default_rng(1)
    out = []
    for event in range(6):
        centre = rng.normal(size=8)
        for member in range(4):
            vector = (centre + rng.normal(0, 0.2, 8)).astype(np.float32)
            out.append(
                Template(
                    f"g{event}",
                    vector / np.linalg.norm(vector),
                    Counter({f"n:place{event}": 2, f"n:x{member}": 1}),
                    Counter({"talks": 1}),
                    Counter({f"w{event}": 2}),
                )
            )
    return out


def test_the_stream_reports_every_slice_as_it_ends_and_replays_are_told_apart() -> None:
    heard: list[SliceResult] = []
    result = run_stream(templates(), 600, slices=3, on_slice=heard.append)
    assert [s.articles for s in heard] == [200, 400, 600] == [s.articles for s in result.slices]
    assert all(s.seconds > 0 and s.rss_mb > 0 for s in heard)
    assert result.articles == 600 and result.events_found > 6
    assert result.event_f1 > 0.5  # replays share topic words but no specifics


def test_replays_make_names_unique_and_keep_general_words() -> None:
    items = list(synthetic_stream(templates(), 50, seed=2))
    assert len({i.article.id for i in items}) == 50
    dates = [i.article.published for i in items]
    assert dates == sorted(dates)  # date order
    for item in items:
        assert all("~" in key for key in item.features.keys)  # replay-specific
        assert item.features.words["talks"] == 1  # general word kept as is


def test_with_a_store_the_articles_are_stored_and_the_grouping_is_the_same(
    tmp_path: Path,
) -> None:
    from storyline.store import open_store

    alone = run_stream(templates(), 600, slices=2)
    with open_store(tmp_path / "stream.db") as store:
        stored = run_stream(templates(), 600, slices=2, store=store)
        assert store.count_articles() == 600
    assert (stored.events_found, stored.event_f1) == (alone.events_found, alone.event_f1)
    assert all(s.rss_now_mb > 0 for s in stored.slices)
