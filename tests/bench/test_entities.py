"""The entities benchmark: real CoNLL and MEANTIME subsets, hand-worked scores, the command."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from storyline.errors import InputError
from storyline_bench import entities
from storyline_bench.entities import (
    GoldMention,
    Predicted,
    b_cubed,
    load_conll,
    load_meantime,
    score_exact,
    score_lenient,
)

from ..conftest import SHARED
from ..helpers import storyline

CONLL = SHARED / "eval" / "conll2003" / "eng.testa"
MEANTIME = SHARED / "eval" / "meantime"
needs_conll = pytest.mark.skipif(not CONLL.is_file(), reason=f"CoNLL not found at {CONLL}")
needs_meantime = pytest.mark.skipif(not MEANTIME.is_dir(), reason="MEANTIME not found")


def test_conll_reader_builds_text_and_names(tmp_path: Path) -> None:
    data = tmp_path / "tiny.conll"
    data.write_text(
        "Phil NNP B-NP B-PER\nSimmons NNP I-NP I-PER\nbeat VBD B-VP O\n"
        "West NNP B-NP B-MISC\nIndies NNP I-NP I-MISC\nin IN B-PP O\nLONDON NNP B-NP B-LOC\n\n"
        "Reuters NNP B-NP B-ORG\n"
    )
    (document,) = load_conll(data)
    assert document.text == "Phil Simmons beat West Indies in LONDON\nReuters\n"
    spans = [(document.text[g.start : g.end], g.label) for g in document.gold]
    assert spans == [
        ("Phil Simmons", "PER"),
        ("West Indies", "MISC"),
        ("LONDON", "LOC"),
        ("Reuters", "ORG"),
    ]


def test_bad_data_is_refused_with_the_place(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="--conll"):
        load_conll(tmp_path / "missing")
    bad = tmp_path / "bad.conll"
    bad.write_text("Phil B-PER\n")
    with pytest.raises(InputError, match=r"bad\.conll:1"):
        load_conll(bad)
    with pytest.raises(InputError, match="--meantime"):
        load_meantime(tmp_path)


def test_exact_scores_ignore_predictions_on_misc_names() -> None:
    gold = [
        GoldMention(0, 0, 4, "PER"),
        GoldMention(0, 10, 15, "MISC"),
        GoldMention(0, 20, 25, "LOC"),
    ]
    predicted = [
        Predicted(0, 0, 4, "PER"),
        Predicted(0, 10, 15, "ORG"),
        Predicted(0, 20, 24, "LOC"),
    ]
    s = score_exact(predicted, gold)
    assert (s.true_positives, s.false_positives, s.false_negatives) == (1, 1, 1)
    assert s.f1 == pytest.approx(0.5)
    lenient = score_lenient(predicted, gold)
    assert (lenient.true_positives, lenient.false_positives, lenient.false_negatives) == (2, 0, 0)


def test_b_cubed_on_a_hand_worked_case() -> None:
    # gold {a,b,c} {d}; system {a,b} {c,d}
    s = b_cubed(["x", "x", "y", "y"], ["g", "g", "g", "h"])
    assert s.precision == pytest.approx((1 + 1 + 0.5 + 0.5) / 4)
    assert s.recall == pytest.approx((2 / 3 + 2 / 3 + 1 / 3 + 1) / 4)
    perfect = b_cubed(["1", "1", "2"], ["a", "a", "b"])
    assert perfect.f1 == pytest.approx(1.0)


@needs_conll
def test_conll_subset_ours_beats_plain_spacy_on_people_and_places() -> None:
    result = entities.run_conll(CONLL, limit=40)
    assert result.documents == 40 and result.gold_names > 300
    ours, plain = result.rows
    assert ours.system == entities.OURS
    for row in result.rows:
        assert 0.0 < row.overall.f1 <= 1.0
    assert ours.overall.f1 > plain.overall.f1


@needs_meantime
def test_meantime_subset_reads_gold_clusters_and_scores_merging() -> None:
    documents = load_meantime(MEANTIME, limit=4)
    assert len(documents) == 4
    for d in documents:
        for g in d.gold:
            assert d.text[g.start : g.end].strip() == d.text[g.start : g.end]
    result = entities.run_meantime(MEANTIME, limit=8)
    assert result.coreference_mentions > 20
    ours, exact = result.coreference
    assert ours.scores.recall >= exact.scores.recall
    assert result.total_articles_per_second > 0


@needs_conll
@needs_meantime
@pytest.mark.slow
def test_command_reports_json() -> None:
    result = storyline("bench", "entities", "--limit", "3", "--json")
    document = json.loads(result.stdout)
    assert {s["system"] for s in document["conll"]["systems"]} == {
        entities.OURS,
        entities.BASELINE,
    }
    assert document["meantime"]["coreference"]["systems"][1]["system"] == entities.EXACT_STRING
    assert document["conll"]["excluded"] == "MISC" and len(document["published"]) == 4


def test_command_without_data_says_what_to_do(tmp_path: Path) -> None:
    result = storyline("bench", "entities", "--conll", tmp_path / "nope", "--json", check=False)
    assert result.returncode != 0
    assert "--conll" in result.stderr and "Traceback" not in result.stderr
