"""The onnx-int8 backend, on the real exported model (built once per session)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from storyline.errors import ModelUnavailableError
from storyline.ingest import read_inputs
from storyline.models import Article
from storyline.nlp.embed import MiniLMEmbedder, make_model_embedder
from storyline.nlp.embed_onnx import MODEL_FILE, OnnxInt8Embedder, model_ready
from storyline.nlp.sentences import split_sentences
from storyline.settings import load_settings

from ..conftest import seed

pytestmark = pytest.mark.slow


def seed_sentences(count: int) -> list[str]:
    article = next(a for a in read_inputs([seed("002")], load_settings()) if isinstance(a, Article))
    return [s.text for s in split_sentences(article)][:count]


def test_the_build_writes_a_small_int8_model(onnx_model_dir: Path) -> None:
    assert model_ready(onnx_model_dir)
    size = (onnx_model_dir / MODEL_FILE).stat().st_size
    assert 10e6 < size < 40e6  # int8: about a quarter of the 90 MB fp32 graph
    assert not list(onnx_model_dir.glob(".build-*"))  # the scratch folder is gone


def test_vectors_are_unit_length_and_close_to_the_torch_models(onnx_model_dir: Path) -> None:
    texts = seed_sentences(12)
    ours = OnnxInt8Embedder(onnx_model_dir).embed(texts)
    reference = MiniLMEmbedder().embed(texts)
    assert ours.shape == (len(texts), 384) and ours.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(ours, axis=1), 1.0, rtol=1e-5)
    cosines = np.einsum("ij,ij->i", ours, reference)
    assert cosines.min() >= 0.97, cosines


def test_paraphrases_still_score_higher_than_unrelated_sentences(onnx_model_dir: Path) -> None:
    vectors = OnnxInt8Embedder(onnx_model_dir).embed(
        [
            'Zelensky called it a "brilliant operation".',
            "Zelenskyy described it as a “brilliant operation”.",
            "Shares in Asia fell on trade worries.",
        ]
    )
    assert vectors[0] @ vectors[1] > 0.8 > 0.3 > vectors[0] @ vectors[2]


def test_rows_come_back_in_input_order_whatever_the_batching(onnx_model_dir: Path) -> None:
    # Lengths differ a lot, so sorting by length reorders them inside the embedder.
    texts = ["Talks ended.", *seed_sentences(6), "Drones hit four air bases on Sunday."]
    one_batch = OnnxInt8Embedder(onnx_model_dir, batch_size=64)
    forward = one_batch.embed(texts)
    backward = one_batch.embed(texts[::-1])
    np.testing.assert_allclose(backward[::-1], forward, atol=1e-6)
    # Small batches group other neighbours; int8 activations are scaled per batch, so
    # vectors move a little, but each row must still be its own text's vector.
    small = OnnxInt8Embedder(onnx_model_dir, batch_size=2).embed(texts)
    assert np.einsum("ij,ij->i", small, forward).min() > 0.97
    assert np.array_equal(np.argmax(small @ forward.T, axis=1), np.arange(len(texts)))


def test_no_texts_gives_an_empty_matrix(onnx_model_dir: Path) -> None:
    assert OnnxInt8Embedder(onnx_model_dir).embed([]).shape == (0, 384)


def test_a_long_text_is_cut_at_the_models_limit(onnx_model_dir: Path) -> None:
    long = " ".join(seed_sentences(40)) * 4  # far beyond 256 word pieces
    assert OnnxInt8Embedder(onnx_model_dir).embed([long]).shape == (1, 384)


def test_its_cache_name_differs_from_the_torch_models() -> None:
    # The store caches vectors by model name: the two backends must never share vectors.
    assert OnnxInt8Embedder.name != MiniLMEmbedder.name


def test_a_missing_model_names_the_command_that_builds_it(tmp_path: Path) -> None:
    embedder = OnnxInt8Embedder(tmp_path / "nothing", build_if_missing=False)
    with pytest.raises(ModelUnavailableError, match="storyline models build-onnx"):
        embedder.embed(["Talks ended."])


def test_the_factory_follows_the_backend_setting(onnx_model_dir: Path) -> None:
    torch_settings = load_settings({})
    onnx_settings = load_settings(
        {
            "STORYLINE_EMBEDDING_BACKEND": "onnx-int8",
            "STORYLINE_ONNX_MODEL_DIR": str(onnx_model_dir),
        }
    )
    assert isinstance(make_model_embedder(torch_settings), MiniLMEmbedder)
    chosen = make_model_embedder(onnx_settings)
    assert isinstance(chosen, OnnxInt8Embedder) and chosen.model_dir == onnx_model_dir
