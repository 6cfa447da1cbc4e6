"""Fitting the reuse model (:mod:`storyline.pipeline.reuse`) on METER, with numpy only.

A logistic regression over the two wording shares, with the derived and the
non-derived articles weighted equally: METER's stories are four fifths derived,
and a model that learnt that mix would call most same-event articles in other
news rewrites. The decision threshold is the balanced model's own 0.5.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from storyline.pipeline.fitted import Fitted
from storyline.pipeline.reuse import FEATURES, Reuse, ReuseModel

from .paraphrase_fit import newton

Floats = npt.NDArray[np.float64]
L2 = 1.0
ITERATIONS = 100


def fit_reuse(
    reuse: Sequence[Reuse], derived: Sequence[bool], version: str, fitted_on: str
) -> ReuseModel:
    """The balanced logistic model of ``derived`` given ``reuse``; weights in raw units."""
    x = np.array([[r.pairs, r.triples] for r in reuse], dtype=np.float64)
    y = np.array(derived, dtype=np.float64)
    positives = max(1.0, float(y.sum()))
    negatives = max(1.0, float(len(y) - y.sum()))
    weight = np.where(y > 0, len(y) / (2 * positives), len(y) / (2 * negatives))
    mean, spread = x.mean(axis=0), x.std(axis=0)
    spread[spread == 0] = 1.0
    w = newton((x - mean) / spread, y, L2, ITERATIONS, weight)
    weights = w[:-1] / spread
    bias = float(w[-1] - (weights * mean).sum())
    fitted = Fitted(FEATURES, tuple(float(v) for v in weights), bias, 0.5, version, fitted_on)
    return ReuseModel(fitted)
