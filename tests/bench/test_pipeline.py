"""bench pipeline: the whole analyze timed cold and warm beside the models' floor."""

from __future__ import annotations

from pathlib import Path

import pytest

from storyline_bench.pipeline import _StageClock, corpus_files

from ..conftest import SEEDS
from ..helpers import storyline, storyline_json


def test_each_stretch_of_reports_owns_the_time_since_the_last() -> None:
    clock = _StageClock()
    clock.reports = [("read", 1.0), ("embed", 4.0), ("group", 5.0), ("embed", 5.5), ("brief", 9.0)]
    assert dict(clock.split(0.0, 10.0)) == {
        "read": 1.0,
        "embed": 3.5,
        "group": 1.0,
        "brief": 3.5,
        "after the last report": 1.0,
    }
    clock("brief", 1, 1)  # a repeat report extends its stretch rather than adding one
    assert [stage for stage, _ in clock.reports].count("brief") == 1


def test_sizes_deal_the_corpora_in_turn(tmp_path: Path) -> None:
    for name in ("a", "b"):
        (tmp_path / name).mkdir()
        for i in range(5):
            (tmp_path / name / f"{i}.txt").write_text("x")
    files = corpus_files([tmp_path / "a", tmp_path / "b"], 6)
    assert [f.parent.name for f in files] == ["a", "b"] * 3
    assert corpus_files([tmp_path / "a", tmp_path / "b"], 6) == files  # seeded
    assert len(corpus_files([tmp_path / "a"], 50)) == 5


@pytest.mark.slow
@pytest.mark.skipif(not SEEDS.is_dir(), reason=f"seeds not found at {SEEDS}")
def test_the_command_times_cold_warm_and_the_floor_on_the_seeds() -> None:
    # 7 is more than the five seeds: two copies with other names and numbers fill it.
    document = storyline_json(
        "bench", "pipeline", SEEDS, "--sizes", "3,7", "--floor-up-to", "5", "--json"
    )
    sizes = document["sizes"]
    assert [s["articles"] for s in sizes] == [3, 7]
    for size in sizes:
        assert size["sentences"] > size["articles"]
        assert 0 < size["distinct_sentences"] <= size["sentences"]
        for run in ("cold", "warm"):
            assert size[run]["articles"] == size["articles"]
            assert size[run]["articles_per_second"] > 0 and size[run]["peak_rss_mb"] > 100
        assert {"embed", "extract", "brief"} <= set(size["cold"]["stages"])
        # Warm reuses the store's vectors and parses: no parse at all, so it is faster.
        assert "extract" not in size["warm"]["stages"]
        assert size["warm"]["seconds"] < size["cold"]["seconds"]
    assert sizes[0]["floor"]["articles"] == 3 and sizes[1]["floor"] is None
    assert sizes[1]["distinct_sentences"] > sizes[0]["distinct_sentences"]
    bad = storyline("bench", "pipeline", SEEDS, "--sizes", "x", check=False)
    assert bad.returncode != 0 and "whole numbers" in bad.stderr
