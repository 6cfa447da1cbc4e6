"""The paraphrase benchmark: real MSRP data, real fitting, the real command."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from storyline.pipeline.sentence_model import shipped_sentence_model
from storyline_bench import paraphrase
from storyline_bench.paraphrase import (
    EARLIER_ALONE,
    EARLIER_WITH_ANCHORS,
    Pair,
    load_pairs,
    sample,
    score,
    split_pairs,
)
from storyline_bench.paraphrase_fit import (
    RuleThresholds,
    fit_logistic,
    fit_rule,
    fit_tfidf,
    fit_threshold,
    rule_predict,
)

from ..conftest import SHARED
from ..helpers import storyline

MSRP = SHARED / "eval" / "msrp" / "msr_paraphrase_train.txt"
needs_msrp = pytest.mark.skipif(not MSRP.is_file(), reason=f"MSRP not found at {MSRP}")


@pytest.fixture(scope="module")
def pairs() -> tuple[Pair, ...]:
    return load_pairs(MSRP)


# -- loading ------------------------------------------------------------------
@needs_msrp
def test_loader_reads_every_line_of_the_real_train_file(pairs: tuple[Pair, ...]) -> None:
    lines = [line for line in MSRP.read_text(encoding="utf-8-sig").splitlines() if line.strip()]
    assert len(pairs) == len(lines) == 4076
    assert {p.paraphrase for p in pairs} == {True, False}
    assert sum(p.paraphrase for p in pairs) == 2753  # the corpus's published 67.5%
    assert all(p.a and p.b and "\t" not in p.a + p.b for p in pairs)
    assert not pairs[0].a.startswith("\ufeff")  # the byte-order mark is not text


def test_missing_file_says_where_to_get_it(tmp_path: Path) -> None:
    with pytest.raises(paraphrase.ParaphraseDataError, match="--data") as caught:
        load_pairs(tmp_path / "nowhere.txt")
    assert "microsoft.com" in str(caught.value)


def test_header_is_skipped_and_a_bad_line_is_located(tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text("Quality\t#1 ID\t#2 ID\t#1 String\t#2 String\n1\t1\t2\tA cat.\tThe cat.\n")
    assert load_pairs(good) == (Pair(True, "A cat.", "The cat."),)
    bad = tmp_path / "bad.txt"
    bad.write_text("1\t1\t2\tA cat.\tThe cat.\nyes\tA dog.\tThe dog.\n")
    with pytest.raises(paraphrase.ParaphraseDataError, match=r"bad\.txt:2"):
        load_pairs(bad)


# -- sampling and splitting ---------------------------------------------------
@needs_msrp
def test_split_is_deterministic_disjoint_complete_and_stratified(
    pairs: tuple[Pair, ...],
) -> None:
    first, again = split_pairs(pairs, seed=7), split_pairs(pairs, seed=7)
    assert first == again
    assert split_pairs(pairs, seed=8).held_out != first.held_out
    # MSRP repeats no (a, b, label) line, so pairs can stand for their lines.
    assert len(set(pairs)) == len(pairs)
    assert not set(first.tune) & set(first.held_out)
    assert set(first.tune) | set(first.held_out) == set(pairs)
    assert len(first.tune) == pytest.approx(0.7 * len(pairs), abs=2)
    share = [np.mean([p.paraphrase for p in part]) for part in (first.tune, first.held_out)]
    assert share[0] == pytest.approx(share[1], abs=0.005)


@needs_msrp
def test_sample_is_seeded(pairs: tuple[Pair, ...]) -> None:
    assert sample(pairs, 50, seed=1) == sample(pairs, 50, seed=1)
    assert sample(pairs, 50, seed=1) != sample(pairs, 50, seed=2)
    assert sample(pairs, None, seed=1) == pairs


# -- metrics and fitting ------------------------------------------------------
def test_scores_on_a_hand_worked_case() -> None:
    # tp=2, fp=1, fn=1, tn=1
    s = score([True, True, True, False, False], [True, True, False, True, False])
    assert s.accuracy == pytest.approx(3 / 5)
    assert s.precision == pytest.approx(2 / 3)
    assert s.recall == pytest.approx(2 / 3)
    assert s.f1 == pytest.approx(2 / 3)


def test_scores_when_nothing_is_predicted_positive() -> None:
    s = score([False, False], [True, False])
    assert (s.accuracy, s.precision, s.recall, s.f1) == (0.5, 0.0, 0.0, 0.0)
    everything = score([True] * 4, [True, True, True, False])
    assert everything.recall == 1.0 and everything.f1 == pytest.approx(2 * 0.75 / 1.75)


def test_threshold_cuts_between_the_classes_and_never_inside_a_tie() -> None:
    labels = np.array([True, True, False, False])
    assert fit_threshold(np.array([0.9, 0.8, 0.3, 0.2]), labels) == pytest.approx(0.55)
    tied = fit_threshold(np.array([0.5, 0.5, 0.5, 0.1]), np.array([True, False, True, False]))
    assert tied == pytest.approx(0.3)  # all three 0.5s on one side, 3 of 4 right


def test_rule_grid_recovers_thresholds_that_separate_the_data() -> None:
    cosine = np.array([0.95, 0.80, 0.70, 0.60, 0.50])
    strong = np.array([0.0, 1.0, 0.0, 1.0, 0.0])
    shared = np.array([0.0, 1.0, 0.0, 1.0, 0.0])
    labels = np.array([True, True, False, False, False])
    fitted = fit_rule(cosine, strong, shared, labels)
    assert (rule_predict(cosine, strong, shared, fitted) == labels).all()
    assert 0.70 < fitted.alone <= 0.95 and 0.60 < fitted.with_anchors <= 0.80


@needs_msrp
def test_the_rule_family_contains_the_earlier_rule(pairs: tuple[Pair, ...]) -> None:
    # The tuned rule searches (alone, with_anchors, min_anchors); with the earlier
    # constants and 2 shared anchors it must decide exactly like lineage used to.
    counts, confirmed = paraphrase._anchor_features(pairs[:500])
    assert confirmed.any() and not confirmed.all()
    cosine = np.linspace(0.5, 0.95, len(confirmed))
    shipped = (cosine >= EARLIER_ALONE) | ((cosine >= EARLIER_WITH_ANCHORS) & confirmed)
    family = RuleThresholds(EARLIER_ALONE, EARLIER_WITH_ANCHORS, 2)
    assert (rule_predict(cosine, counts[:, 0], counts[:, 1], family) == shipped).all()


def test_logistic_regression_matches_a_reference_fit() -> None:
    sklearn = pytest.importorskip("sklearn.linear_model")
    rng = np.random.default_rng(0)
    x = np.column_stack([rng.normal(size=400), rng.integers(0, 4, size=400).astype(float)])
    labels = rng.random(400) < 1 / (1 + np.exp(-(2.0 * x[:, 0] - 0.8 * x[:, 1] + 0.5)))
    ours = fit_logistic(x, labels, ("a", "b"), l2=1.0)
    # Same objective: standardised inputs, penalty 1/C on the weights, free intercept.
    mean, spread = x.mean(axis=0), x.std(axis=0)
    reference = sklearn.LogisticRegression(C=1.0, tol=1e-10, max_iter=1000)
    reference.fit((x - mean) / spread, labels)
    assert np.allclose(np.asarray(ours.weights) * spread, reference.coef_[0], atol=1e-4)
    assert ours.weights[0] > 0 > ours.weights[1]
    assert 0 < ours.threshold < 1


def test_tfidf_cosine_is_one_for_the_same_words_and_zero_for_none() -> None:
    weights = fit_tfidf(["the cat sat", "the dog ran", "a cat ran"])
    assert weights.cosine("The cat sat.", "the CAT sat") == pytest.approx(1.0)
    assert weights.cosine("cat sat", "dog ran") == 0.0
    assert weights.cosine("", "dog") == 0.0
    # A rare shared word counts for more than a common one.
    assert weights.cosine("sat zebra", "sat lion") > weights.cosine("the zebra", "the lion")


@needs_msrp
def test_lexical_baseline_separates_paraphrases_on_real_pairs(pairs: tuple[Pair, ...]) -> None:
    parts = split_pairs(pairs, seed=3)
    y_tune = np.array([p.paraphrase for p in parts.tune])
    y_held = np.array([p.paraphrase for p in parts.held_out])
    row = paraphrase._lexical_row(parts.tune, parts.held_out, y_tune, y_held)
    majority = float(y_held.mean())
    assert row.scores.accuracy > majority  # it learns something beyond the base rate
    assert 0 < row.parameters["threshold"] < 1 and row.pairs_per_second > 0


# -- the command --------------------------------------------------------------
@needs_msrp
@pytest.mark.slow
def test_command_reports_every_method_as_json() -> None:
    result = storyline("bench", "paraphrase", "--data", MSRP, "--limit", "200", "--json")
    document = json.loads(result.stdout)
    methods = {m["method"]: m for m in document["methods"]}
    assert set(methods) == {
        "lineage's sentence model as shipped",
        "storyline rule before #17",
        "storyline rule, tuned",
        "storyline logistic",
        "cosine only",
        "lexical baseline (TF-IDF cosine)",
        "majority class",
    }
    for row in methods.values():
        for metric in ("accuracy", "precision", "recall", "f1"):
            assert 0.0 <= row[metric] <= 1.0
        assert row["pairs_per_second"] > 0
    assert document["tune_pairs"] + document["held_out_pairs"] == document["pairs"] == 200
    assert len(document["published"]) == 4 and "test set" in document["comparability"]
    assert methods["storyline rule before #17"]["parameters"]["align_alone"] == EARLIER_ALONE
    shipped = methods["lineage's sentence model as shipped"]["parameters"]
    assert shipped["weights"] == list(shipped_sentence_model().weights)


def test_command_without_data_says_what_to_do(tmp_path: Path) -> None:
    result = storyline(
        "bench", "paraphrase", "--data", tmp_path / "missing.txt", "--json", check=False
    )
    assert result.returncode == paraphrase.ParaphraseDataError.exit_code
    assert "--data" in result.stderr and "Traceback" not in result.stderr


def test_a_binary_file_is_refused_with_a_message(tmp_path: Path) -> None:
    binary = tmp_path / "msrp.zip"
    binary.write_bytes(b"PK\x03\x04\xff\xfe\x00" * 20)
    with pytest.raises(paraphrase.ParaphraseDataError, match="UTF-8"):
        load_pairs(binary)
