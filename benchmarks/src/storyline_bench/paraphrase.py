"""``storyline bench paraphrase``: does lineage's sentence alignment rule know a paraphrase?

Lineage (:mod:`storyline.pipeline.lineage`) aligns two sentences when their
MiniLM cosine is very high, or fairly high and they share anchors (names,
numbers, quotes). That is a paraphrase decision, so the Microsoft Research
Paraphrase Corpus (MSRP) measures it. Only MSRP's train file is used: it is
split, stratified by label with a seeded shuffle, into a tune part (70%)
where every threshold is fitted and a held-out part (30%) where every method
is scored. Methods, all run in this process on the same pairs:

* **storyline rule**: lineage's rule with its shipped constants;
* **storyline rule, tuned**: the same rule with thresholds fitted on the tune part;
* **storyline logistic**: cosine and anchor agreement in a small logistic regression;
* **cosine only**: the best MiniLM cosine threshold;
* **lexical baseline**: TF-IDF cosine of the word sets, with a fitted threshold;
* **majority class**: the tune part's most common label for every pair.

Published MSRP figures are on the official test set, so they sit beside ours
for orientation, not as a like-for-like comparison.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from storyline.errors import StorylineError
from storyline.nlp.embed import Embedder, MiniLMEmbedder, Vectors
from storyline.pipeline.anchors import anchors, is_strong

# The private predicate is imported on purpose: the benchmark must apply the
# very rule lineage applies, not a copy that can drift from it.
from storyline.pipeline.fitted import Fitted, logit
from storyline.pipeline.sentence_model import (
    CAP,
    SentenceModel,
    anchor_counts,
    shipped_sentence_model,
)

from .paraphrase_fit import (
    Bools,
    Floats,
    Logistic,
    RuleThresholds,
    fit_logistic,
    fit_rule,
    fit_tfidf,
    fit_threshold,
    rule_predict,
)

DEFAULT_DATA = "eval/msrp/msr_paraphrase_train.txt"  # inside the benchmark data folder
DEFAULT_SEED = 2005
TUNE_SHARE = 0.7
_EMBED_CHUNK = 256
# Counts of unmatched anchors are capped so one long list of figures cannot
# dominate the logistic model.
_CAP = CAP
# Lineage's sentence rule before the fitted model (issue #17), kept as a row for comparison:
# cosine at which the embedding alone decided, and the lower cosine at which a shared
# number or quote, or two shared names, had to confirm it.
EARLIER_ALONE = 0.84
EARLIER_WITH_ANCHORS = 0.62

Progress = Callable[[str, int, int | None], None]


def _quiet(stage: str, done: int, total: int | None) -> None:
    pass


class ParaphraseDataError(StorylineError):
    """The MSRP file is missing or not in the expected format."""

    exit_code = 2  # as for click's usage errors: the command was pointed at the wrong file


# -- data ---------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Pair:
    """One MSRP line: two sentences and whether annotators judged them equivalent."""

    paraphrase: bool
    a: str
    b: str


def load_pairs(path: Path) -> tuple[Pair, ...]:
    """Read an MSRP file: ``label<TAB>id1<TAB>id2<TAB>sentence1<TAB>sentence2`` per line."""
    if not path.is_file():
        raise ParaphraseDataError(
            f"MSRP file not found at {path}. Download the Microsoft Research Paraphrase "
            "Corpus (https://www.microsoft.com/en-us/download/details.aspx?id=52398) and "
            "pass msr_paraphrase_train.txt with --data, or `storyline bench --shared DIR` "
            f"where DIR/{DEFAULT_DATA} exists."
        )
    try:
        # The distributed file starts with a byte-order mark; utf-8-sig drops it.
        lines = path.read_text(encoding="utf-8-sig").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise ParaphraseDataError(f"cannot read {path} as UTF-8 text ({exc}); is it MSRP?") from exc
    pairs = [_parse(line, n, path) for n, line in enumerate(lines, 1) if _is_data(line)]
    if not pairs:
        raise ParaphraseDataError(f"{path} holds no MSRP pairs; is it the right file?")
    return tuple(pairs)


def _is_data(line: str) -> bool:
    # The original release opens with a "Quality  #1 ID ..." header row.
    return bool(line.strip()) and not line.startswith("Quality")


def _parse(line: str, number: int, path: Path) -> Pair:
    fields = line.split("\t")
    if len(fields) != 5 or fields[0] not in ("0", "1"):
        raise ParaphraseDataError(
            f"{path}:{number}: expected 'label<TAB>id<TAB>id<TAB>sentence<TAB>sentence' "
            "with label 0 or 1; is this the MSRP text file?"
        )
    return Pair(fields[0] == "1", fields[3].strip(), fields[4].strip())


@dataclass(frozen=True, slots=True)
class Split:
    tune: tuple[Pair, ...]
    held_out: tuple[Pair, ...]


def sample(pairs: Sequence[Pair], limit: int | None, seed: int) -> tuple[Pair, ...]:
    """A seeded random sample of ``limit`` pairs (all of them when limit is None)."""
    if limit is None or limit >= len(pairs):
        return tuple(pairs)
    return tuple(random.Random(seed).sample(list(pairs), limit))


def split_pairs(pairs: Sequence[Pair], seed: int, tune_share: float = TUNE_SHARE) -> Split:
    """Stratified split: each label is shuffled with ``seed`` and cut at ``tune_share``.

    Stratifying keeps the paraphrase share the same in both parts, so a
    threshold fitted on one part is not thrown off by a different base rate.
    """
    rng = random.Random(seed)
    tune: list[Pair] = []
    held_out: list[Pair] = []
    for label in (True, False):
        group = [p for p in pairs if p.paraphrase is label]
        rng.shuffle(group)
        cut = round(len(group) * tune_share)
        tune += group[:cut]
        held_out += group[cut:]
    return Split(tuple(tune), tuple(held_out))


# -- metrics ------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Scores:
    """Quality with "paraphrase" as the positive class."""

    accuracy: float
    precision: float
    recall: float
    f1: float


def score(predicted: Sequence[bool] | Bools, gold: Sequence[bool] | Bools) -> Scores:
    p = np.asarray(predicted, dtype=bool)
    g = np.asarray(gold, dtype=bool)
    if p.shape != g.shape:
        raise ValueError(f"{p.size} predictions for {g.size} gold labels")
    true_pos = int((p & g).sum())
    accuracy = float((p == g).mean()) if g.size else 0.0
    precision = true_pos / int(p.sum()) if p.any() else 0.0
    recall = true_pos / int(g.sum()) if g.any() else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return Scores(accuracy, precision, recall, f1)


# -- results ------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class MethodRow:
    """One method scored on the held-out part."""

    method: str
    scores: Scores
    pairs_per_second: float
    parameters: dict[str, Any] = field(default_factory=dict)  # fitted on the tune part


@dataclass(frozen=True, slots=True)
class Published:
    system: str
    accuracy: float  # percent, MSRP test set
    f1: float  # percent, MSRP test set
    source: str


# Published figures, all on the official MSRP test set (1,725 pairs), not on
# our held-out part of the train file.
PUBLISHED: tuple[Published, ...] = (
    # 66.5% of the test pairs are paraphrases: Dolan & Brockett (2005), "Automatically
    # constructing a corpus of sentential paraphrases", IWP 2005.
    Published("majority class", 66.5, 79.9, "Dolan & Brockett 2005 (corpus statistics)"),
    # Socher et al. (2011), "Dynamic pooling and unfolding recursive autoencoders
    # for paraphrase detection", NIPS 2011.
    Published("unfolding RAE + dynamic pooling", 76.8, 83.6, "Socher et al. 2011"),
    # Ji & Eisenstein (2013), "Discriminative improvements to distributional
    # sentence similarity", EMNLP 2013.
    Published("discriminative TF-KLD + SVM", 80.4, 85.9, "Ji & Eisenstein 2013"),
    # Devlin et al. (2019), "BERT", NAACL 2019: MRPC test via the GLUE server.
    Published("BERT-base (MRPC, GLUE)", 84.8, 88.9, "Devlin et al. 2019"),
)

COMPARABILITY = (
    "Our figures are on a held-out part of the MSRP train file; the published figures "
    "are on the official MSRP test set. The data come from one source and are labelled "
    "alike, but the pairs differ, so read the comparison as orientation, not a ranking."
)


@dataclass(frozen=True, slots=True)
class ParaphraseResult:
    data: str
    seed: int
    pairs: int
    tune_pairs: int
    held_out_pairs: int
    held_out_paraphrase_share: float
    split: str
    model: str
    model_load_seconds: float
    rows: tuple[MethodRow, ...]
    published: tuple[Published, ...] = PUBLISHED
    comparability: str = COMPARABILITY
    fitted: Logistic | None = None  # the logistic model fitted on the tune part

    def as_document(self) -> dict[str, Any]:
        """The result as plain JSON-ready data."""
        return {
            "benchmark": "paraphrase",
            "data": self.data,
            "seed": self.seed,
            "pairs": self.pairs,
            "tune_pairs": self.tune_pairs,
            "held_out_pairs": self.held_out_pairs,
            "held_out_paraphrase_share": round(self.held_out_paraphrase_share, 4),
            "split": self.split,
            "model": self.model,
            "model_load_seconds": round(self.model_load_seconds, 2),
            "methods": [
                {
                    "method": row.method,
                    "accuracy": round(row.scores.accuracy, 4),
                    "precision": round(row.scores.precision, 4),
                    "recall": round(row.scores.recall, 4),
                    "f1": round(row.scores.f1, 4),
                    "pairs_per_second": round(row.pairs_per_second, 1),
                    "parameters": row.parameters,
                }
                for row in self.rows
            ],
            "published": [
                {
                    "system": p.system,
                    "accuracy": p.accuracy,
                    "f1": p.f1,
                    "source": p.source,
                    "data": "MSRP test set (published)",
                }
                for p in self.published
            ],
            "comparability": self.comparability,
        }


# -- features -----------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class _Features:
    """Per-pair signals of one part, and what computing them cost."""

    cosine: Floats
    shared_strong: Floats  # shared anchors that lineage calls strong (is_strong)
    shared_any: Floats
    shared_names: Floats
    unmatched_numbers: Floats  # numbers in one sentence only
    unmatched_names: Floats  # names in one sentence only
    confirmed: Bools  # lineage's own "the anchors confirm it"
    embed_seconds: float
    anchor_seconds: float

    def logistic_inputs(self) -> Floats:
        return np.column_stack(
            [
                self.cosine,
                np.minimum(self.shared_strong, _CAP),
                np.minimum(self.shared_names, _CAP),
                np.minimum(self.unmatched_numbers, _CAP),
                np.minimum(self.unmatched_names, _CAP),
            ]
        )


LOGISTIC_FEATURES = (
    "cosine",
    "shared_strong_anchors",
    "shared_names",
    "unmatched_numbers",
    "unmatched_names",
)


def _embed_cosines(
    pairs: Sequence[Pair], embedder: Embedder, report: Callable[[int], None]
) -> Floats:
    # Each distinct sentence is embedded once, in chunks so the bar can move.
    texts = sorted({t for p in pairs for t in (p.a, p.b)})
    chunks: list[Vectors] = []
    for start in range(0, len(texts), _EMBED_CHUNK):
        chunks.append(embedder.embed(texts[start : start + _EMBED_CHUNK]))
        report(min(start + _EMBED_CHUNK, len(texts)))
    if not chunks:
        return np.zeros(0)
    vectors = np.vstack(chunks)
    row = {t: i for i, t in enumerate(texts)}
    left = vectors[[row[p.a] for p in pairs]]
    right = vectors[[row[p.b] for p in pairs]]
    cosine: Floats = (left * right).sum(axis=1).astype(np.float64)
    return cosine


def _anchor_features(pairs: Sequence[Pair]) -> tuple[Floats, Bools]:
    """Anchor counts per pair (columns as in :class:`_Features`) and the earlier rule's
    "the anchors confirm it"."""
    counts: list[tuple[float, ...]] = []
    confirmed: list[bool] = []
    for pair in pairs:
        left, right = anchors(pair.a), anchors(pair.b)
        shared = left & right
        strong, names, unmatched_numbers, unmatched_names = anchor_counts(left, right)
        counts.append((strong, float(len(shared)), names, unmatched_numbers, unmatched_names))
        confirmed.append(any(is_strong(k) for k in shared) or len(shared) >= 2)
    return np.asarray(counts, dtype=np.float64).reshape(-1, 5), np.asarray(confirmed, dtype=bool)


def _features(
    pairs: Sequence[Pair], embedder: Embedder, report: Callable[[int], None]
) -> _Features:
    started = time.perf_counter()
    cosine = _embed_cosines(pairs, embedder, report)
    embedded = time.perf_counter()
    counts, confirmed = _anchor_features(pairs)
    anchored = time.perf_counter()
    return _Features(
        cosine=cosine,
        shared_strong=counts[:, 0],
        shared_any=counts[:, 1],
        shared_names=counts[:, 2],
        unmatched_numbers=counts[:, 3],
        unmatched_names=counts[:, 4],
        confirmed=confirmed,
        embed_seconds=embedded - started,
        anchor_seconds=anchored - embedded,
    )


# -- the run ------------------------------------------------------------------
def _distinct_texts(pairs: Sequence[Pair]) -> int:
    return len({t for p in pairs for t in (p.a, p.b)})


def _labels(pairs: Sequence[Pair]) -> Bools:
    return np.asarray([p.paraphrase for p in pairs], dtype=bool)


def _row(
    method: str,
    gold: Bools,
    predict: Callable[[], Bools],
    upstream_seconds: float,
    parameters: dict[str, Any],
) -> MethodRow:
    """Score one method; its speed counts the decision plus the inputs it needs."""
    started = time.perf_counter()
    predicted = predict()
    seconds = upstream_seconds + time.perf_counter() - started
    return MethodRow(method, score(predicted, gold), gold.size / max(seconds, 1e-9), parameters)


def _earlier_rule(f: _Features) -> Bools:
    """Lineage's sentence test before the fitted model."""
    result: Bools = (f.cosine >= EARLIER_ALONE) | ((f.cosine >= EARLIER_WITH_ANCHORS) & f.confirmed)
    return result


def _shipped_model(f: _Features, model: SentenceModel) -> Bools:
    """Exactly lineage.align's test for one candidate pair, with the shipped model."""
    logits = f.logistic_inputs() @ np.asarray(model.weights) + model.model.bias
    result: Bools = logits >= logit(model.model.threshold)
    return result


def sentence_model(logistic: Logistic, fitted_on: str) -> SentenceModel:
    """The fitted logistic in the form lineage reads (its features are the same, in order)."""
    return SentenceModel(
        Fitted(
            tuple(logistic.features),
            logistic.weights,
            logistic.bias,
            logistic.threshold,
            "msrp-tune",
            fitted_on,
        )
    )


def _embedding_rows(
    tune: _Features, held: _Features, y_tune: Bools, y_held: Bools
) -> list[MethodRow]:
    embed_cost = held.embed_seconds
    anchor_cost = held.embed_seconds + held.anchor_seconds
    earlier = {"align_alone": EARLIER_ALONE, "align_with_anchors": EARLIER_WITH_ANCHORS}
    shipped = shipped_sentence_model()
    rule = fit_rule(tune.cosine, tune.shared_strong, tune.shared_any, y_tune)
    model = fit_logistic(tune.logistic_inputs(), y_tune, LOGISTIC_FEATURES)
    cut = fit_threshold(tune.cosine, y_tune)
    return [
        _row(
            "lineage's sentence model as shipped",
            y_held,
            lambda: _shipped_model(held, shipped),
            anchor_cost,
            shipped.as_document(),
        ),
        _row(
            "storyline rule before #17", y_held, lambda: _earlier_rule(held), anchor_cost, earlier
        ),
        _row(
            "storyline rule, tuned",
            y_held,
            lambda: rule_predict(held.cosine, held.shared_strong, held.shared_any, rule),
            anchor_cost,
            _rule_parameters(rule),
        ),
        _row(
            "storyline logistic",
            y_held,
            lambda: model.predict(held.logistic_inputs()),
            anchor_cost,
            _logistic_parameters(model),
        ),
        _row(
            "cosine only",
            y_held,
            lambda: held.cosine >= cut,
            embed_cost,
            {"threshold": round(cut, 4)},
        ),
    ]


def _rule_parameters(t: RuleThresholds) -> dict[str, Any]:
    return {
        "align_alone": t.alone,
        "align_with_anchors": t.with_anchors,
        "min_shared_anchors": t.min_anchors,
    }


def _logistic_parameters(model: Logistic) -> dict[str, Any]:
    return {
        "weights": {
            name: round(w, 4) for name, w in zip(model.features, model.weights, strict=True)
        },
        "bias": round(model.bias, 4),
        "probability_threshold": round(model.threshold, 4),
    }


def _lexical_row(
    tune: Sequence[Pair], held: Sequence[Pair], y_tune: Bools, y_held: Bools
) -> MethodRow:
    weights = fit_tfidf(t for p in tune for t in (p.a, p.b))
    cut = fit_threshold(np.asarray([weights.cosine(p.a, p.b) for p in tune]), y_tune)

    # Fitting is not timed (it is the tune part's cost); scoring the held-out pairs is.
    def predict() -> Bools:
        result: Bools = np.asarray([weights.cosine(p.a, p.b) for p in held]) >= cut
        return result

    return _row(
        "lexical baseline (TF-IDF cosine)", y_held, predict, 0.0, {"threshold": round(cut, 4)}
    )


def _majority_row(y_tune: Bools, y_held: Bools) -> MethodRow:
    majority = bool(y_tune.mean() >= 0.5)
    label = "paraphrase" if majority else "not paraphrase"
    return _row(
        "majority class", y_held, lambda: np.full(y_held.size, majority), 0.0, {"predicts": label}
    )


def run(
    data: Path,
    limit: int | None = None,
    seed: int = DEFAULT_SEED,
    embedder: Embedder | None = None,
    progress: Progress = _quiet,
) -> ParaphraseResult:
    """Fit every method on the tune part and score it on the held-out part."""
    pairs = sample(load_pairs(data), limit, seed)
    parts = split_pairs(pairs, seed)
    model = embedder or MiniLMEmbedder()
    started = time.perf_counter()
    model.embed(["Loading the model once, before anything is timed."])
    load_seconds = time.perf_counter() - started

    tune_texts = _distinct_texts(parts.tune)
    total = tune_texts + _distinct_texts(parts.held_out)
    progress("embed", 0, total)
    tune = _features(parts.tune, model, lambda done: progress("embed", done, total))
    held = _features(
        parts.held_out, model, lambda done: progress("embed", tune_texts + done, total)
    )

    y_tune, y_held = _labels(parts.tune), _labels(parts.held_out)
    rows = _embedding_rows(tune, held, y_tune, y_held)
    rows.append(_lexical_row(parts.tune, parts.held_out, y_tune, y_held))
    rows.append(_majority_row(y_tune, y_held))
    return ParaphraseResult(
        data=str(data),
        seed=seed,
        pairs=len(pairs),
        tune_pairs=len(parts.tune),
        held_out_pairs=len(parts.held_out),
        held_out_paraphrase_share=float(y_held.mean()) if y_held.size else 0.0,
        split=f"stratified by label, seeded shuffle, {TUNE_SHARE:.0%} tune / "
        f"{1 - TUNE_SHARE:.0%} held out",
        model=getattr(model, "name", type(model).__name__),
        model_load_seconds=load_seconds,
        rows=tuple(rows),
        fitted=fit_logistic(tune.logistic_inputs(), y_tune, LOGISTIC_FEATURES),
    )
