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

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .anchors import is_strong
from .fitted import Fitted, logit, read_fitted

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
    model: Fitted

    def logit(self, cosine: float, left: frozenset[str], right: frozenset[str]) -> float:
        return self.model.logit((cosine, *anchor_counts(left, right)))

    def same(self, cosine: float, left: frozenset[str], right: frozenset[str]) -> bool:
        return self.model.accepts((cosine, *anchor_counts(left, right)))

    @property
    def weights(self) -> tuple[float, ...]:
        return self.model.weights

    @property
    def min_cosine(self) -> float:
        """The lowest cosine any anchors could lift over the threshold: pairs below it
        need not be looked at."""
        weights = self.model.weights
        best_anchors = sum(max(0.0, w) * CAP for w in weights[1:])
        if weights[0] <= 0:
            return -1.0
        return (logit(self.model.threshold) - self.model.bias - best_anchors) / weights[0]

    def as_document(self) -> dict[str, object]:
        return self.model.as_document()


def read_sentence_model(path: Path) -> SentenceModel:
    return SentenceModel(read_fitted(path, FEATURES, "storyline bench paraphrase --fit"))


@lru_cache(maxsize=1)
def shipped_sentence_model() -> SentenceModel:
    return read_sentence_model(MODEL_FILE)
