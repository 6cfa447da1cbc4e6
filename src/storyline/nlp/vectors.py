"""Sentence vectors and what makes them: the types every embedding backend shares.

Kept apart from the backends so that each backend module imports this one and
none imports another.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import Protocol

import numpy as np
import numpy.typing as npt

Vectors = npt.NDArray[np.float32]
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
