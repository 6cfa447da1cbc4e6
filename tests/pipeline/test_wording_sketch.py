"""Sampled wording estimates how much of one article another carries."""

from __future__ import annotations

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from storyline.pipeline.wording import contained, wording
from storyline.pipeline.wording_sketch import (
    SKETCH_SIZE,
    overlaps,
    probe,
    remix,
    sketch_matrix,
    sketch_of,
    sketches_from,
)
from tests.pipeline.test_grouping import prose


@given(st.lists(st.integers(0, 2**32 - 1), unique=True, max_size=300))
def test_remixing_keeps_every_hash_distinct(values: list[int]) -> None:
    mixed = remix(np.array(values, dtype=np.uint32))
    assert mixed.size == len(values) == np.unique(mixed).size
    assert np.all(mixed[:-1] <= mixed[1:])


def test_estimates_follow_the_exact_shares_either_way_round() -> None:
    source = prose(11, 900)
    sentences = source.split(". ")
    for taken in (5, 20, 40):
        rewrite = ". ".join(sentences[:taken]) + ". " + prose(12, 200)
        old, new = wording(source), wording(rewrite)
        overlap = overlaps(probe(new), [sketch_of(probe(old))])[0]
        exact_new = contained(new.own_pairs, old.pairs)
        exact_old = contained(old.own_pairs, new.pairs)
        assert abs(overlap.new_from_old - exact_new) < 0.15
        assert abs(overlap.old_from_new - exact_old) < 0.15
    unrelated = overlaps(probe(wording(prose(13))), [sketch_of(probe(old))])[0]
    assert unrelated.share < 0.05 and unrelated.hits == 0


def test_a_sketch_keeps_at_most_its_size_and_survives_saving() -> None:
    sketches = [
        sketch_of(probe(wording(prose(seed, words)))) for seed, words in ((1, 900), (2, 30))
    ]
    assert sketches[0].sample.size == SKETCH_SIZE and sketches[0].size > SKETCH_SIZE
    assert sketches[1].sample.size == sketches[1].size < SKETCH_SIZE
    flat, lengths = sketch_matrix(sketches)
    restored = sketches_from(flat, lengths, [s.size for s in sketches])
    for before, after in zip(sketches, restored, strict=True):
        assert after.size == before.size and np.array_equal(after.sample, before.sample)
    assert overlaps(probe(wording("")), sketches)[0].share == 0.0
