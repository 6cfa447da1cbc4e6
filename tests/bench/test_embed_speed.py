from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from storyline.ingest import read_inputs
from storyline.models import Article
from storyline.nlp.embed import Vectors
from storyline.settings import load_settings
from storyline_bench.embed_speed import corpus_sentences, fidelity

from ..conftest import SEEDS
from ..helpers import storyline


def unit_rows(rows: np.ndarray) -> Vectors:
    return (rows / np.linalg.norm(rows, axis=1, keepdims=True)).astype(np.float32)


def test_identical_vectors_are_perfectly_faithful() -> None:
    vectors = unit_rows(np.random.default_rng(1).normal(size=(30, 384)))
    same = fidelity(vectors, vectors)
    assert same.min_cosine == pytest.approx(1.0, abs=1e-5)
    assert same.top5_overlap == 1.0


def test_noise_lowers_cosine_and_neighbour_overlap() -> None:
    rng = np.random.default_rng(2)
    vectors = unit_rows(rng.normal(size=(50, 384)))
    noisy = unit_rows(vectors + rng.normal(scale=0.5, size=vectors.shape) / np.sqrt(384))
    moved = fidelity(vectors, noisy)
    assert 0.5 < moved.min_cosine <= moved.mean_cosine < 1.0
    assert moved.top5_overlap < 1.0


def test_sentences_are_distinct_and_capped() -> None:
    paths = sorted(SEEDS.glob("*.txt"))[:2]
    articles = [a for a in read_inputs(paths, load_settings()) if isinstance(a, Article)]
    texts = corpus_sentences(articles + articles, 25)  # each article twice: no repeats
    assert len(texts) == 25 == len(set(texts))


@pytest.mark.slow
def test_the_command_times_both_backends_on_the_same_sentences(onnx_model_dir: Path) -> None:
    result = storyline(
        "bench",
        "embed",
        SEEDS,
        "--limit",
        "40",
        "--json",
        env={"STORYLINE_ONNX_MODEL_DIR": str(onnx_model_dir)},
    )
    document = json.loads(result.stdout)
    assert document["sentences"] == 40
    assert [r["backend"] for r in document["rows"]] == ["torch", "onnx-int8"]
    assert all(r["sentences_per_second"] > 0 for r in document["rows"])
    assert document["fidelity"]["mean_cosine"] > 0.97
    assert document["published"]["onnx_int8_sentences_per_second"] == 397
    assert document["grouping_bcubed_f1"] == []
