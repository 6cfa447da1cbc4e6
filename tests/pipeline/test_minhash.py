from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from storyline.pipeline.minhash import (
    Shingled,
    near_duplicates,
    near_duplicates_of,
    shingled,
    shingles,
)

from ..conftest import SEEDS


def test_copies_and_truncated_copies_are_found_and_rewrites_are_not() -> None:
    texts = {p.stem[:3]: p.read_text() for p in sorted(SEEDS.glob("*.txt"))}
    original = texts["000"]
    texts["copy"] = "Subscribe to our newsletter\n" + original + "\nShare this article"
    texts["half"] = original[: len(original) // 2]
    pairs = {d.pair: d for d in near_duplicates(texts, min_containment=0.8)}
    assert set(pairs) >= {("000", "copy"), ("000", "half"), ("copy", "half")}
    assert pairs[("000", "copy")].jaccard > 0.9
    assert pairs[("000", "half")].containment > 0.95 > pairs[("000", "half")].jaccard
    # The seeds are rewrites of each other, not copies: MinHash must not pair them.
    assert not [p for p in pairs if "copy" not in p and "half" not in p]


def test_shingles_are_case_insensitive_word_runs() -> None:
    assert shingles("A b C d E f") == {"a b c d e", "b c d e f"}
    assert shingles("too short") == {"too short"}
    assert shingles("") == frozenset()


def _every_candidate(items: dict[str, Shingled], threshold: float) -> set[tuple[str, str, float]]:
    """The plain way: verify every LSH candidate pair (what the grouping by text must equal)."""
    from rensa import RMinHashLSH

    from storyline.pipeline.minhash import NUM_BANDS, NUM_PERM

    names = [n for n in items if items[n].shingles]
    lsh = RMinHashLSH(threshold=0.5, num_perm=NUM_PERM, num_bands=NUM_BANDS)
    for i, name in enumerate(names):
        lsh.insert(i, items[name].signature)
    found = set()
    for i, name in enumerate(names):
        for j in lsh.query(items[name].signature):
            if j > i:
                a, b = items[name].shingles, items[names[j]].shingles
                containment = len(a & b) / min(len(a), len(b))
                if containment >= threshold:
                    found.add((*sorted((name, names[j])), round(containment, 9)))
    return found


@settings(max_examples=40, deadline=None)
@given(st.lists(st.integers(0, 5), min_size=1, max_size=30), st.sampled_from([0.5, 0.8]))
def test_copies_of_one_text_are_verified_once_and_find_the_same_pairs(
    picks: list[int], threshold: float
) -> None:
    """Many outlets carrying the same texts: grouping identical texts changes no pair found."""
    texts = [p.read_text() for p in sorted(SEEDS.glob("*.txt"))]
    texts.append(texts[0][: len(texts[0]) // 2])  # a cut-down copy of the first
    items = {f"x{n:02d}": shingled(texts[pick]) for n, pick in enumerate(picks)}
    items["empty"] = shingled("")
    fast = {
        (*sorted(d.pair), round(d.containment, 9)) for d in near_duplicates_of(items, threshold)
    }
    assert fast == _every_candidate(items, threshold)
