"""Sparse views: exact dot products, and summed views that stay bounded."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from storyline.pipeline import features
from storyline.pipeline.features import add_capped, add_into, sparse_dot

TERMS = st.text(alphabet="abcdefghij", min_size=1, max_size=4)
VECTORS = st.dictionaries(TERMS, st.floats(min_value=0.001, max_value=10.0), max_size=40)


@given(VECTORS, VECTORS)
def test_sparse_dot_is_the_sum_over_shared_terms_either_way_round(
    a: dict[str, float], b: dict[str, float]
) -> None:
    expected = math.fsum(w * b[t] for t, w in a.items() if t in b)
    assert sparse_dot(a, b) == sparse_dot(b, a) == expected


@given(st.lists(VECTORS, max_size=12))
def test_below_the_cap_a_capped_sum_is_the_plain_sum(vectors: list[dict[str, float]]) -> None:
    capped: dict[str, float] = {}
    plain: dict[str, float] = {}
    for vector in vectors:
        add_capped(capped, vector)
        add_into(plain, vector)
    assert len(plain) <= 2 * features.VIEW_TERMS
    assert capped == plain


def test_past_twice_the_cap_only_the_heaviest_terms_stay(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(features, "VIEW_TERMS", 4)
    total: dict[str, float] = {}
    add_capped(total, {f"t{i}": float(i) for i in range(1, 9)})  # 8 terms: at 2x, kept
    assert len(total) == 8
    add_capped(total, {"t1": 0.5, "new": 7.5})  # 9 terms: trimmed to the heaviest 4
    assert total == {"t6": 6.0, "t7": 7.0, "t8": 8.0, "new": 7.5}
    add_capped(total, {"t8": 1.0})  # weights still add up after a trim
    assert total["t8"] == 9.0


@given(st.lists(VECTORS, min_size=1, max_size=30))
def test_a_capped_sum_never_holds_more_than_twice_the_cap(
    vectors: list[dict[str, float]],
) -> None:
    original = features.VIEW_TERMS
    features.VIEW_TERMS = 3
    try:
        total: dict[str, float] = {}
        for vector in vectors:
            add_capped(total, vector)
            assert len(total) <= 6
            assert all(w > 0 for w in total.values())
    finally:
        features.VIEW_TERMS = original
