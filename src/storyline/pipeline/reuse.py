"""Whether an article reuses another outlet's report: a small fitted model over wording.

The evidence is the share of the article's own word pairs and triples (outside
quotes, see :mod:`.wording`) found in the other outlet's report, all of that
outlet's articles on the event together (wire copy comes as versions and
continuation pages). The model is a logistic regression fitted on METER
(real Press Association copy and the newspaper articles printed from it) with
the two classes weighted equally, so METER's own mix (four in five articles
derived) does not set the bar for other news. Its file ships with the package;
``storyline bench lineage --fit`` refits it.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..errors import ModelUnavailableError

MODEL_FILE = Path(__file__).with_name("reuse_model.json")
FEATURES = ("own_pairs_found", "own_triples_found")


@dataclass(frozen=True, slots=True)
class Reuse:
    """How much of an article's own wording another report holds."""

    pairs: float  # share of its own word pairs found there
    triples: float  # share of its own word triples found there


@dataclass(frozen=True, slots=True)
class ReuseModel:
    weights: tuple[float, ...]  # one per feature, in FEATURES order
    bias: float
    threshold: float  # on the probability
    version: str
    fitted_on: str

    def probability(self, reuse: Reuse) -> float:
        logit = self.bias + self.weights[0] * reuse.pairs + self.weights[1] * reuse.triples
        return 1.0 / (1.0 + math.exp(-max(-50.0, min(50.0, logit))))

    def reused(self, reuse: Reuse) -> bool:
        return self.probability(reuse) >= self.threshold

    def as_document(self) -> dict[str, object]:
        return {
            "features": list(FEATURES), "weights": list(self.weights), "bias": self.bias,
            "threshold": self.threshold, "version": self.version, "fitted_on": self.fitted_on,
        }  # fmt: skip


def read_model(path: Path) -> ReuseModel:
    try:
        document = json.loads(path.read_text())
        if tuple(document["features"]) != FEATURES:
            raise ValueError(f"features {document['features']} are not {list(FEATURES)}")
        return ReuseModel(
            tuple(float(w) for w in document["weights"]),
            float(document["bias"]),
            float(document["threshold"]),
            str(document["version"]),
            str(document["fitted_on"]),
        )
    except (OSError, ValueError, KeyError, TypeError) as problem:
        raise ModelUnavailableError(
            f"the reuse model {path} cannot be read ({problem}); reinstall Storyline or refit "
            "it with `storyline bench lineage --fit`"
        ) from problem


@lru_cache(maxsize=1)
def shipped_model() -> ReuseModel:
    return read_model(MODEL_FILE)
