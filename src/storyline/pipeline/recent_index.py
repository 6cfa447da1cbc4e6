"""Nearest recent articles by embedding, at near-constant cost as the index grows.

Comparing a new article with every event ever seen makes each article slower
than the last. News events are short-lived, so only recent articles are worth
searching. Articles are kept in buckets of ``bucket_size``: the newest bucket is
searched exactly (a matrix product over at most ``bucket_size`` rows); once a
bucket fills it is frozen into a faiss HNSW graph (approximate, logarithmic
search), and only the newest ``window`` buckets are searched at all. Older
buckets are dropped, so both time and memory per article stay flat however long
the stream runs.

Each row carries a caller's label (the event slot the article joined), so a
search returns labels with the best similarity seen for each.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

Vector = npt.NDArray[np.float32]

BUCKET_SIZE = 10_000
WINDOW = 5  # buckets searched: the last 50,000 articles by default
NEIGHBOURS = 50
# HNSW graph degree and search breadth; chosen for recall above 0.95 at this size.
HNSW_M = 32
HNSW_EF_SEARCH = 96


@dataclass(slots=True)
class _FrozenBucket:
    index: object  # faiss.IndexHNSWFlat (faiss ships no type hints)
    labels: npt.NDArray[np.int64]


class _LiveBucket:
    """The newest articles, in a preallocated matrix filled row by row."""

    def __init__(self, dim: int, capacity: int) -> None:
        self.matrix = np.zeros((capacity, dim), dtype=np.float32)
        self.labels: list[int] = []

    def __len__(self) -> int:
        return len(self.labels)

    def add(self, vector: Vector, label: int) -> None:
        self.matrix[len(self.labels)] = vector
        self.labels.append(label)

    def rows(self) -> Vector:
        return self.matrix[: len(self.labels)]


class RecentIndex:
    """Labels of the nearest recent articles; see the module docstring."""

    def __init__(
        self,
        dim: int,
        bucket_size: int = BUCKET_SIZE,
        window: int = WINDOW,
        neighbours: int = NEIGHBOURS,
    ) -> None:
        if bucket_size < 1 or window < 1:
            raise ValueError("bucket_size and window must be positive")
        self.dim = dim
        self.bucket_size = bucket_size
        self.window = window
        self.neighbours = neighbours
        self.added = 0  # articles ever added
        self._live = _LiveBucket(dim, bucket_size)
        self._frozen: list[_FrozenBucket] = []

    @property
    def oldest_searched(self) -> int:
        """Arrival number of the oldest article still searched."""
        return self.added - len(self._live) - self.bucket_size * len(self._frozen)

    def add(self, vector: Vector, label: int) -> None:
        self._live.add(np.ascontiguousarray(vector, dtype=np.float32), label)
        self.added += 1
        if len(self._live) >= self.bucket_size:
            self._freeze()

    def search(self, vector: Vector) -> dict[int, float]:
        """Best similarity per label among the nearest recent articles."""
        query = np.ascontiguousarray(vector, dtype=np.float32)
        best: dict[int, float] = {}
        self._search_live(query, best)
        for bucket in self._frozen:
            self._search_frozen(bucket, query, best)
        return best

    def _search_live(self, query: Vector, best: dict[int, float]) -> None:
        matrix = self._live.rows()
        if not len(matrix):
            return
        scores = matrix @ query
        k = min(self.neighbours, len(scores))
        top = np.argpartition(-scores, k - 1)[:k] if k < len(scores) else np.arange(len(scores))
        for row in top:
            _keep_best(best, self._live.labels[int(row)], float(scores[row]))

    def _search_frozen(self, bucket: _FrozenBucket, query: Vector, best: dict[int, float]) -> None:
        scores, rows = bucket.index.search(query[None, :], self.neighbours)  # type: ignore[attr-defined]
        for score, row in zip(scores[0], rows[0], strict=True):
            if row >= 0:
                _keep_best(best, int(bucket.labels[row]), float(score))

    def _freeze(self) -> None:
        import faiss

        # One query at a time: OpenMP threads cost more than they save here.
        faiss.omp_set_num_threads(1)
        index = faiss.IndexHNSWFlat(self.dim, HNSW_M, faiss.METRIC_INNER_PRODUCT)
        index.hnsw.efSearch = HNSW_EF_SEARCH
        index.add(self._live.rows())
        labels = np.asarray(self._live.labels, dtype=np.int64)
        self._frozen.append(_FrozenBucket(index, labels))
        self._live = _LiveBucket(self.dim, self.bucket_size)
        if len(self._frozen) >= self.window:  # the live bucket counts towards the window
            self._frozen.pop(0)


def _keep_best(best: dict[int, float], label: int, score: float) -> None:
    if score > best.get(label, -2.0):
        best[label] = score
