"""Sentence vectors and what makes them: the types every embedding backend shares.

Kept apart from the backends so that each backend module imports this one and
none imports another.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Protocol

import numpy as np
import numpy.typing as npt

Vectors = npt.NDArray[np.float32]
Ids = npt.NDArray[np.int64]
DIMENSIONS = 384
# The model was trained on at most 256 word pieces; every backend cuts there.
MAX_TOKENS = 256


def unit(vector: Vectors) -> Vectors:
    """``vector`` scaled to length 1 (a zero vector stays zero), as float32."""
    norm = float(np.linalg.norm(vector))
    return (vector / norm if norm else vector).astype(np.float32, copy=False)


def unit_mean(rows: Vectors) -> Vectors:
    """The unit-length mean of the rows of a (n, d) matrix; zero when there are no rows."""
    mean = rows.mean(axis=0) if len(rows) else np.zeros(rows.shape[1], dtype=np.float32)
    return unit(mean)


class Embedder(Protocol):
    """Turns texts into unit-length vectors, one row per text."""

    name: str

    def embed(self, texts: Sequence[str]) -> Vectors: ...


def model_threads() -> int:
    """Threads one embedding model may use: every core, unless OMP_NUM_THREADS says
    otherwise (Dask sets it to 1 in its workers, which share the cores between them)."""
    given = os.environ.get("OMP_NUM_THREADS", "")
    return int(given) if given.isdigit() and int(given) > 0 else max(1, os.cpu_count() or 1)


def word_pieces(tokenizer_file: Path) -> Any:
    """The model's tokenizer (a ``tokenizers.Tokenizer``), cutting at :data:`MAX_TOKENS`
    and padding nothing: the shipped tokenizer.json pads every text to 128 and cuts
    there, while each backend pads a batch only as far as it needs (:func:`pad_batch`).
    Raises ImportError when the tokenizers package is missing."""
    from tokenizers import Tokenizer

    tokenizer = Tokenizer.from_file(str(tokenizer_file))
    tokenizer.no_padding()
    tokenizer.enable_truncation(max_length=MAX_TOKENS)
    return tokenizer


def pad_batch(rows: Sequence[Sequence[int]]) -> tuple[Ids, Ids]:
    """Token ids padded with 0 to the longest row, and the matching attention mask."""
    width = max(len(r) for r in rows)
    ids = np.zeros((len(rows), width), dtype=np.int64)
    mask = np.zeros((len(rows), width), dtype=np.int64)
    for i, row in enumerate(rows):
        ids[i, : len(row)] = row
        mask[i, : len(row)] = 1
    return ids, mask
