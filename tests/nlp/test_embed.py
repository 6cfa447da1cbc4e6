from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from storyline import ids
from storyline.nlp.embed import CachedEmbedder, MiniLMEmbedder, Vectors
from storyline.store import SqliteStore


class CountingMiniLM(MiniLMEmbedder):
    """The real model, counting how many texts reach it."""

    def __init__(self) -> None:
        super().__init__()
        self.seen = 0

    def embed(self, texts: Sequence[str]) -> Vectors:
        self.seen += len(texts)
        return super().embed(texts)


def cached(store: SqliteStore, model: CountingMiniLM) -> CachedEmbedder:
    return CachedEmbedder(
        model,
        key=ids.sentence_hash,
        load=lambda keys: store.load_vectors(model.name, keys),
        save=lambda vectors: store.save_vectors(model.name, vectors),
    )


def test_paraphrases_score_higher_than_unrelated_sentences() -> None:
    vectors = MiniLMEmbedder().embed(
        [
            'Zelensky called it a "brilliant operation".',
            "Zelenskyy described it as a “brilliant operation”.",
            "Shares in Asia fell on trade worries.",
        ]
    )
    assert vectors.shape == (3, 384)
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, rtol=1e-5)
    assert vectors[0] @ vectors[1] > 0.8 > 0.3 > vectors[0] @ vectors[2]


def test_each_distinct_sentence_is_embedded_once_across_runs(store: SqliteStore) -> None:
    model = CountingMiniLM()
    texts = ["Talks ended on Monday.", "Drones hit air bases.", "Talks ended on Monday."]
    first = cached(store, model).embed(texts)
    assert model.seen == 2  # the repeated sentence is embedded once
    again = cached(store, model).embed(list(reversed(texts)))
    assert model.seen == 2  # all from the store's cache
    np.testing.assert_allclose(again[::-1], first, atol=1e-6)
