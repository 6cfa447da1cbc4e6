"""What lineage needs of one article, computed once: its sentences, their vectors and
keys, its shingles and its wording. Every lineage module reads articles through it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from .. import ids
from ..models import Article, Sentence
from .minhash import Shingled, shingled
from .wording import Wording, wording

Vectors = npt.NDArray[np.float32]


@dataclass(frozen=True, slots=True)
class ArticleView:
    """What lineage needs of one article: its sentences, their vectors and keys, its shingles.

    ``vectors[i]`` is the unit vector of ``sentences[i]``; ``keys[i]`` its
    :func:`~storyline.ids.sentence_key`.
    """

    article: Article
    sentences: tuple[Sentence, ...]
    vectors: Vectors
    keys: tuple[int, ...]
    shingled: Shingled
    wording: Wording


def view_of(article: Article, sentences: Sequence[Sentence], vectors: Vectors) -> ArticleView:
    return ArticleView(
        article,
        tuple(sentences),
        vectors,
        tuple(ids.sentence_key(s.text) for s in sentences),
        shingled(article.text),
        wording(article.text),
    )
