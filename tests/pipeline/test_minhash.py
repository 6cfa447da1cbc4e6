from __future__ import annotations

from storyline.pipeline.minhash import near_duplicates, shingles

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
