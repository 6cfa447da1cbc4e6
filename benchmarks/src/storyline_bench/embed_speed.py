"""``storyline bench embed``: the onnx-int8 backend against the torch model it replaces.

Issue #8: embedding is the CPU bottleneck; the int8 ONNX path should be about
twice as fast without losing what the vectors are for. Both backends embed
the same real sentences in one process, torch first (the baseline). Fidelity
is measured where it matters to Storyline: the cosine between the two
vectors of each sentence, and whether each sentence keeps its nearest
neighbours (the top 5 among the sentences embedded). Optionally, the event
and story grouping of a gold corpus is scored with each backend.

The published figures are the library guide's measurements of the same
recipe on this class of machine (2 cores, the seed sentences).
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from storyline.models import Article
from storyline.nlp.embed import Embedder, Vectors
from storyline.nlp.sentences import split_sentences

from .cluster import Corpus, run_cluster

NEIGHBOURS = 5


@dataclass(frozen=True, slots=True)
class Published:
    """The library guide's figures (shared/guides/libraries.md, "Speed, 2 cores")."""

    torch_per_second: tuple[float, float] = (148.0, 187.0)  # two runs
    onnx_int8_per_second: float = 397.0
    min_cosine: float = 0.989
    mean_cosine: float = 0.993
    top5_overlap: float = 0.90
    source: str = (
        "library guide: the same recipe measured on 2 cores with 1,000 seed sentences "
        "(shared/guides/libraries.md)"
    )


PUBLISHED = Published()


@dataclass(frozen=True, slots=True)
class SpeedRow:
    method: str
    sentences: int
    seconds: float

    @property
    def per_second(self) -> float:
        return self.sentences / self.seconds if self.seconds > 0 else 0.0


@dataclass(frozen=True, slots=True)
class Fidelity:
    """How close the candidate's vectors are to the reference's, sentence by sentence."""

    min_cosine: float
    mean_cosine: float
    top5_overlap: float  # mean share of each sentence's 5 nearest neighbours both agree on


@dataclass(frozen=True, slots=True)
class EmbedBench:
    sentences: int
    words_per_sentence: float
    rows: tuple[SpeedRow, ...]  # the reference first
    fidelity: Fidelity

    @property
    def speedup(self) -> float:
        base, new = self.rows[0].per_second, self.rows[-1].per_second
        return new / base if base else 0.0


@dataclass(frozen=True, slots=True)
class GroupingRow:
    """Storyline's grouping of a gold corpus with one backend's vectors (B-cubed F1)."""

    backend: str
    event_f1: float
    story_f1: float


def corpus_sentences(articles: Iterable[Article], limit: int) -> list[str]:
    """Up to ``limit`` distinct sentences, in article order, as the pipeline splits them."""
    seen: dict[str, None] = {}
    for article in articles:
        for sentence in split_sentences(article):
            seen.setdefault(sentence.text, None)
            if len(seen) >= limit:
                return list(seen)
    return list(seen)


def _timed(method: str, embedder: Embedder, texts: Sequence[str]) -> tuple[SpeedRow, Vectors]:
    embedder.embed(["Loading the model is a one-off cost, not embedding speed."])
    started = time.perf_counter()
    vectors = embedder.embed(texts)
    return SpeedRow(method, len(texts), time.perf_counter() - started), vectors


def _top_neighbours(vectors: Vectors, k: int) -> np.ndarray:
    similarity = vectors @ vectors.T
    np.fill_diagonal(similarity, -np.inf)  # a sentence is not its own neighbour
    return np.argsort(-similarity, axis=1, kind="stable")[:, :k]


def fidelity(reference: Vectors, candidate: Vectors, k: int = NEIGHBOURS) -> Fidelity:
    """Per-sentence cosine between two unit-vector matrices, and top-``k`` neighbour overlap."""
    if len(reference) == 0:
        return Fidelity(0.0, 0.0, 0.0)
    cosines = np.einsum("ij,ij->i", reference, candidate)
    k = min(k, len(reference) - 1)
    overlap = 1.0
    if k > 0:
        ours, theirs = _top_neighbours(reference, k), _top_neighbours(candidate, k)
        shared = [len(set(a) & set(b)) / k for a, b in zip(ours, theirs, strict=True)]
        overlap = float(np.mean(shared))
    return Fidelity(float(cosines.min()), float(cosines.mean()), overlap)


def run(
    texts: Sequence[str],
    reference: tuple[str, Embedder],
    candidate: tuple[str, Embedder],
) -> EmbedBench:
    """Time both embedders on ``texts`` (reference first) and compare their vectors."""
    base_row, base = _timed(*reference, texts)
    new_row, new = _timed(*candidate, texts)
    words = sum(len(t.split()) for t in texts) / len(texts) if texts else 0.0
    return EmbedBench(len(texts), words, (base_row, new_row), fidelity(base, new))


def grouping_by_backend(corpus: Corpus, embedders: Mapping[str, Embedder]) -> list[GroupingRow]:
    """Storyline's event and story B-cubed F1 on ``corpus`` with each embedder."""
    rows = []
    for backend, embedder in embedders.items():
        result = run_cluster(corpus, embedder, with_bertopic=False)
        ours = next(m for m in result.methods if m.method == "Storyline")
        f1 = {s.level: s.bcubed.f1 for s in ours.levels}
        rows.append(GroupingRow(backend, f1["event"], f1["story"]))
    return rows
