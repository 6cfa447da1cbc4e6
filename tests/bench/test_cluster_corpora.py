from __future__ import annotations

import pytest

from storyline.settings import load_settings
from storyline_bench.cluster import whole_and_pure
from storyline_bench.cluster_corpora import SEED_EVENTS, mixed, seeds_corpus

from ..conftest import SEEDS


def test_whole_counts_gold_clusters_kept_in_one_piece_and_pure_counts_unmixed_ones() -> None:
    gold = {"a": "x", "b": "x", "c": "y", "d": "y", "e": "z"}
    found = {"a": "1", "b": "1", "c": "2", "d": "3", "e": "3"}
    whole, pure = whole_and_pure(gold, found)
    assert whole == pytest.approx(2 / 3)  # x and z whole, y split
    assert pure == pytest.approx(2 / 3)  # 1 and 2 pure, 3 mixes y and z


def test_the_seeds_are_two_rounds_of_talks_in_one_story() -> None:
    if not SEEDS.is_dir():
        pytest.skip(f"seeds not found at {SEEDS}")
    corpus = seeds_corpus(SEEDS, load_settings())
    rounds = {corpus.gold.event_of[corpus.doc_of[a.id]] for a in corpus.articles}
    assert rounds == set(SEED_EVENTS.values()) and len(corpus.articles) == 5
    assert len(set(corpus.gold.story_of.values())) == 1
    together = mixed([("one", corpus), ("two", corpus)])
    # The same texts twice are kept once, under the first corpus's names.
    assert len(together.articles) == 5
    assert all(doc.startswith("one/") for doc in together.doc_of.values())
    assert set(together.gold.event_of) == set(together.doc_of.values())
