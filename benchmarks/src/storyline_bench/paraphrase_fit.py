"""Fitting for the paraphrase benchmark, with numpy only.

Everything here is fitted on the tune part and applied unchanged to the
held-out part: a single score threshold, a grid search over the thresholds of
the lineage alignment rule, a small logistic regression, and the TF-IDF
weights of the lexical baseline. Thresholds maximise accuracy, not F1: on
MSRP two thirds of the pairs are paraphrases, so an F1-optimal threshold
drifts towards "everything is a paraphrase".
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

Floats = npt.NDArray[np.float64]
Bools = npt.NDArray[np.bool_]

_TOKEN = re.compile(r"\w+")


# -- one threshold ------------------------------------------------------------
def fit_threshold(scores: Floats, labels: Bools) -> float:
    """The threshold ``t`` whose rule ``score >= t`` is most accurate on these pairs."""
    if scores.size == 0:
        return 0.5
    order = np.argsort(-scores, kind="stable")
    ranked, gold = scores[order], labels[order]
    # Predicting "paraphrase" for the k highest scores, k = 0..n.
    true_pos = np.concatenate(([0], np.cumsum(gold)))
    false_pos = np.concatenate(([0], np.cumsum(~gold)))
    correct = true_pos + (int((~gold).sum()) - false_pos)
    # A threshold cannot separate equal scores, so only cut between distinct ones.
    cuttable = np.ones(ranked.size + 1, dtype=bool)
    cuttable[1:-1] = ranked[:-1] > ranked[1:]
    k = int(np.argmax(np.where(cuttable, correct, -1)))
    if k == 0:
        return float(ranked[0]) + 1e-6
    if k == ranked.size:
        return float(ranked[-1])
    return float(ranked[k - 1] + ranked[k]) / 2


# -- the lineage rule with other thresholds -----------------------------------
@dataclass(frozen=True, slots=True)
class RuleThresholds:
    """The knobs of lineage's alignment rule.

    A pair is a paraphrase when its cosine reaches ``alone``, or reaches
    ``with_anchors`` and the pair shares a strong anchor (a quote or a
    distinctive number, as :func:`storyline.pipeline.anchors.is_strong` says)
    or at least ``min_anchors`` anchors of any kind.
    """

    alone: float
    with_anchors: float
    min_anchors: int


def rule_predict(
    cosine: Floats, shared_strong: Floats, shared_any: Floats, t: RuleThresholds
) -> Bools:
    confirmed = (shared_strong > 0) | (shared_any >= t.min_anchors)
    result: Bools = (cosine >= t.alone) | ((cosine >= t.with_anchors) & confirmed)
    return result


def fit_rule(
    cosine: Floats, shared_strong: Floats, shared_any: Floats, labels: Bools
) -> RuleThresholds:
    """Grid search (steps of 0.01) for the most accurate rule thresholds."""
    grid = np.round(np.arange(0.30, 1.0001, 0.01), 2)
    best, best_correct = RuleThresholds(1.0, 1.0, 2), -1
    for min_anchors in (1, 2, 3):
        confirmed = (shared_strong > 0) | (shared_any >= min_anchors)
        for alone in grid:
            sure = cosine >= alone
            for with_anchors in grid[grid <= alone]:
                predicted = sure | ((cosine >= with_anchors) & confirmed)
                correct = int((predicted == labels).sum())
                if correct > best_correct:
                    best_correct = correct
                    best = RuleThresholds(float(alone), float(with_anchors), min_anchors)
    return best


# -- logistic regression ------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Logistic:
    """A fitted logistic model, weights in the features' own units."""

    features: tuple[str, ...]
    weights: tuple[float, ...]
    bias: float
    threshold: float  # on the probability, fitted for accuracy

    def probability(self, x: Floats) -> Floats:
        logits = x @ np.asarray(self.weights) + self.bias
        result: Floats = 1.0 / (1.0 + np.exp(-logits))
        return result

    def predict(self, x: Floats) -> Bools:
        result: Bools = self.probability(x) >= self.threshold
        return result


def newton(
    x: Floats, y: Floats, l2: float, iterations: int, weight: Floats | None = None
) -> Floats:
    """Weights (bias last) of an L2-penalised logistic regression by Newton's method;
    ``weight``, when given, weighs each example."""
    design = np.hstack([x, np.ones((x.shape[0], 1))])
    penalty = np.full(design.shape[1], l2)
    penalty[-1] = 0.0  # the bias is not shrunk
    each = np.ones(x.shape[0]) if weight is None else weight
    w = np.zeros(design.shape[1])
    for _ in range(iterations):
        p = 1.0 / (1.0 + np.exp(-(design @ w)))
        gradient = design.T @ (each * (p - y)) + penalty * w
        hessian = (design.T * (each * p * (1 - p))) @ design + np.diag(penalty)
        step = np.linalg.solve(hessian + 1e-9 * np.eye(w.size), gradient)
        w -= step
        if float(np.abs(step).max()) < 1e-8:
            break
    return w


def fit_logistic(
    x: Floats, labels: Bools, features: Sequence[str], l2: float = 1.0, iterations: int = 50
) -> Logistic:
    """Fit on standardised features (so the penalty treats them alike), report raw units."""
    mean = x.mean(axis=0)
    spread = x.std(axis=0)
    spread[spread == 0] = 1.0
    w = newton((x - mean) / spread, labels.astype(np.float64), l2, iterations)
    weights = w[:-1] / spread
    bias = float(w[-1] - (weights * mean).sum())
    unthresholded = Logistic(tuple(features), tuple(float(v) for v in weights), bias, 0.5)
    threshold = fit_threshold(unthresholded.probability(x), labels)
    return Logistic(tuple(features), unthresholded.weights, bias, threshold)


# -- lexical baseline ---------------------------------------------------------
def tokens(text: str) -> list[str]:
    return _TOKEN.findall(text.casefold())


@dataclass(frozen=True, slots=True)
class TfIdf:
    """Smoothed inverse document frequencies learnt from the tune sentences."""

    idf: dict[str, float]
    unseen: float  # idf of a word the tune part never had

    def vector(self, text: str) -> dict[str, float]:
        counts = Counter(tokens(text))
        return {w: c * self.idf.get(w, self.unseen) for w, c in counts.items()}

    def cosine(self, a: str, b: str) -> float:
        va, vb = self.vector(a), self.vector(b)
        dot = sum(weight * vb[w] for w, weight in va.items() if w in vb)
        norm = math.sqrt(sum(v * v for v in va.values()) * sum(v * v for v in vb.values()))
        return dot / norm if norm else 0.0


def fit_tfidf(texts: Iterable[str]) -> TfIdf:
    documents = 0
    frequency: Counter[str] = Counter()
    for text in texts:
        documents += 1
        frequency.update(set(tokens(text)))
    idf = {w: math.log((1 + documents) / (1 + df)) + 1 for w, df in frequency.items()}
    return TfIdf(idf, math.log(1 + documents) + 1)
