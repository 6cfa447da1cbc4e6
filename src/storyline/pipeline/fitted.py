"""A fitted logistic model shipped as a small JSON file inside the package.

Lineage decides with two of them (:mod:`.reuse`, :mod:`.sentence_model`); each
file names its features, so a file written for other inputs is refused rather
than misread, and says what it was fitted on.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ..errors import ModelUnavailableError


@dataclass(frozen=True, slots=True)
class Fitted:
    features: tuple[str, ...]
    weights: tuple[float, ...]  # one per feature
    bias: float
    threshold: float  # on the probability
    version: str
    fitted_on: str

    def logit(self, x: Sequence[float]) -> float:
        return self.bias + sum(w * v for w, v in zip(self.weights, x, strict=True))

    def probability(self, x: Sequence[float]) -> float:
        return 1.0 / (1.0 + math.exp(-max(-50.0, min(50.0, self.logit(x)))))

    def accepts(self, x: Sequence[float]) -> bool:
        return self.logit(x) >= logit(self.threshold)

    def as_document(self) -> dict[str, object]:
        return {
            "features": list(self.features),
            "weights": list(self.weights),
            "bias": self.bias,
            "threshold": self.threshold,
            "version": self.version,
            "fitted_on": self.fitted_on,
        }


def logit(p: float) -> float:
    p = min(max(p, 1e-9), 1 - 1e-9)
    return math.log(p / (1 - p))


def read_fitted(path: Path, features: tuple[str, ...], refit: str) -> Fitted:
    """The model in ``path``; ``refit`` is the command that writes a good one."""
    try:
        document = json.loads(path.read_text())
        if tuple(document["features"]) != features:
            raise ValueError(f"features {document['features']} are not {list(features)}")
        weights = tuple(float(w) for w in document["weights"])
        if len(weights) != len(features):
            raise ValueError(f"{len(weights)} weights for {len(features)} features")
        return Fitted(
            features,
            weights,
            float(document["bias"]),
            float(document["threshold"]),
            str(document["version"]),
            str(document["fitted_on"]),
        )
    except (OSError, ValueError, KeyError, TypeError) as problem:
        raise ModelUnavailableError(
            f"the model file {path} cannot be read ({problem}); reinstall Storyline or "
            f"refit it with `{refit}`"
        ) from problem
