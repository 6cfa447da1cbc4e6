"""The extraction stage as analyze runs it: one parse, four extractors, resolution, linking."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from storyline.extract import extract
from storyline.models import Article, EntityType
from storyline.settings import load_settings

from ..conftest import SEEDS


@pytest.fixture(scope="module")
def seeds() -> list[Article]:
    from storyline.ingest import read_inputs

    paths = sorted(Path(SEEDS).glob("*.txt"))
    return [a for a in read_inputs(paths, load_settings()) if isinstance(a, Article)]


def test_seed_extraction_merges_names_links_speakers_and_keeps_spans(
    seeds: list[Article],
) -> None:
    undated = [a for a in seeds if a.published is None]
    result = extract(seeds, {a.id: date(2025, 6, 2) for a in undated})
    zelensky = [e for e in result.entities if "Zelensky" in e.variants]
    assert len(zelensky) == 1 and zelensky[0].type is EntityType.PERSON
    assert {"Zelenskiy", "Zelenskyy"} <= set(zelensky[0].variants)
    by_id = {a.id: a for a in seeds}
    linked = [q for qs in result.quotes.values() for q in qs if q.speaker_entity]
    assert linked, "some quotes name a speaker that resolves to an entity"
    entity_ids = {e.id for e in result.entities}
    assert all(q.speaker_entity in entity_ids for q in linked)
    for facts in (result.quotes, result.figures, result.dates):
        for fact in (f for fs in facts.values() for f in fs):
            article = by_id[fact.span.article_id]
            assert article.text[fact.span.start : fact.span.end] == fact.text
    anchors = {d.anchor for a in undated for d in result.dates[a.id]}
    assert "inferred" in anchors and "published" not in anchors
    monday = [d for a in undated for d in result.dates[a.id] if d.text == "Monday"]
    assert monday and all(d.day == date(2025, 6, 2) for d in monday)


def test_no_articles_extracts_nothing() -> None:
    result = extract([])
    assert result.entities == () and result.quotes == {} and result.dates == {}


def test_parse_results_are_cached_in_the_store_and_served_unchanged(
    seeds: list[Article], tmp_path: Path
) -> None:
    from storyline.extract.cache import VERSION
    from storyline.store import open_store

    with open_store(tmp_path / "cache.db") as store:
        store.add_articles(seeds[:2])
        first = extract(seeds[:2], cache=store)
        cached = store.load_extractions(VERSION, [a.id for a in seeds[:2]])
        assert set(cached) == {a.id for a in seeds[:2]}
        assert store.load_extractions("another-version", [seeds[0].id]) == {}
        again = extract(seeds[:2], cache=store)
    assert again == first
