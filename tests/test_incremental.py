"""Analysing again places only new articles; the events grow, nothing is regrouped."""

from __future__ import annotations

from pathlib import Path

from storyline import service
from storyline.nlp.embed import MiniLMEmbedder
from storyline.settings import load_settings
from storyline.store import open_store

from .conftest import SEEDS


def test_a_second_analysis_resumes_the_grouper_and_places_only_the_new_article(
    tmp_path: Path,
) -> None:
    paths = sorted(Path(SEEDS).glob("*.txt"))
    settings = load_settings()
    embedder = MiniLMEmbedder()
    with open_store(tmp_path / "live.db") as store:
        service.ingest(store, [str(p) for p in paths[:4]], settings)
        first = service.analyze(store, settings, embedder)
        assert store.load_grouper_state() is not None
        again = service.analyze(store, settings, embedder)
        assert again.changes == first.changes  # nothing new: nothing placed again

        service.ingest(store, [str(paths[4])], settings)
        grown = service.analyze(store, settings, embedder)
    assert grown.changes[: len(first.changes)] == first.changes
    new = [c for c in grown.changes if c.seq == 5]
    assert new and {c.article_id for c in new} == {a.id for a in grown.articles} - {
        a.id for a in first.articles
    }
    assert sum(len(e.article_ids) for e in grown.events) == 5
