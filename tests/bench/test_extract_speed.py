from __future__ import annotations

from pathlib import Path

from storyline.ingest import read_inputs
from storyline.models import Article
from storyline.settings import load_settings
from storyline_bench.extract_speed import run

from ..conftest import SEEDS


def test_speed_rows_time_the_same_articles_and_count_what_was_found() -> None:
    paths = sorted(Path(SEEDS).glob("*.txt"))[:2]
    articles = [a for a in read_inputs(paths, load_settings()) if isinstance(a, Article)]
    result = run(articles)
    assert [r.articles for r in result.rows] == [2, 2]
    assert all(r.seconds > 0 and r.per_second > 0 for r in result.rows)
    assert result.found["entities"] > 3 and result.found["figures"] > 0
    assert result.published_articles_per_second > 0
