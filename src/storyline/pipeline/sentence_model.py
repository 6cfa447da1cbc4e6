"""Whether two sentences state the same thing: a logistic model over embedding and anchors.

Lineage aligns the sentences of two articles one to one; this is its decision
for one candidate pair. The inputs are the embedding cosine and what the two
sentences' anchors (:mod:`.anchors`: names, numbers, quoted words) share and
do not share: a number only one side has is a sign of two different
statements. It is fitted on the tune part of the MSRP training file by
``storyline bench paraphrase --fit`` and ships inside the package.

The decision is looser than "the same statement in a rewrite": MSRP's
paraphrases are sentences from one story that mostly say the same thing. The
article-level rule in :mod:`.lineage` asks for more (a share of the shorter
article aligned in order, and strong alignments), and that is what keeps two
independent reports of one happening apart.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..errors import ModelUnavailableError
from .anchors import is_strong

MODEL_FILE = Path(__file__).with_name("sentence_model.json")
FEATURES = (
    "cosine",
    "shared_strong_anchors",
    "shared_names",
    "unmatched_numbers",
    "unmatched_names",
)
# Anchor counts are capped: the fifth shared name says little more than the fourth.
CAP = 4.0


def anchor_counts(left: frozenset[str], right: frozenset[str]) -> tuple[float, float, float, float]:
    """Shared strong anchors, shared names, numbers and names only one side has (capped)."""
    shared, only_one = left & right, left ^ right
    return (
        min(CAP, float(sum(1 for k in shared if is_strong(k)))),
        min(CAP, float(sum(1 for k in shared if k.startswith("n:")))),
        min(CAP, float(sum(1 for k in only_one if k.startswith("#:")))),
        min(CAP, float(sum(1 for k in only_one if k.startswith("n:")))),
    )


@dataclass(frozen=True, slots=True)
class SentenceModel:
    weights: tuple[float, ...]  # one per feature, in FEATURES order
    bias: float
    threshold: float  # on the probability
    version: str
    fitted_on: str

    def logit(self, cosine: float, left: frozenset[str], right: frozenset[str]) -> float:
        counts = anchor_counts(left, right)
        return (
            self.bias
            + self.weights[0] * cosine
            + sum(w * x for w, x in zip(self.weights[1:], counts, strict=True))
        )

    def same(self, cosine: float, left: frozenset[str], right: frozenset[str]) -> bool:
        return self.logit(cosine, left, right) >= _logit(self.threshold)

    @property
    def min_cosine(self) -> float:
        """The lowest cosine any anchors could lift over the threshold: pairs below it
        need not be looked at."""
        best_anchors = sum(max(0.0, w) * CAP for w in self.weights[1:])
        if self.weights[0] <= 0:
            return -1.0
        return (_logit(self.threshold) - self.bias - best_anchors) / self.weights[0]

    def as_document(self) -> dict[str, object]:
        return {
            "features": list(FEATURES), "weights": list(self.weights), "bias": self.bias,
            "threshold": self.threshold, "version": self.version, "fitted_on": self.fitted_on,
        }  # fmt: skip


def _logit(p: float) -> float:
    p = min(max(p, 1e-9), 1 - 1e-9)
    return math.log(p / (1 - p))


def read_sentence_model(path: Path) -> SentenceModel:
    try:
        document = json.loads(path.read_text())
        if tuple(document["features"]) != FEATURES:
            raise ValueError(f"features {document['features']} are not {list(FEATURES)}")
        return SentenceModel(
            tuple(float(w) for w in document["weights"]),
            float(document["bias"]),
            float(document["threshold"]),
            str(document["version"]),
            str(document["fitted_on"]),
        )
    except (OSError, ValueError, KeyError, TypeError) as problem:
        raise ModelUnavailableError(
            f"the sentence model {path} cannot be read ({problem}); reinstall Storyline or "
            "refit it with `storyline bench paraphrase --fit`"
        ) from problem


@lru_cache(maxsize=1)
def shipped_sentence_model() -> SentenceModel:
    return read_sentence_model(MODEL_FILE)
