"""``storyline bench lineage``: METER loading, the word-overlap baselines, and the command."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from storyline.models import Article
from storyline.pipeline.reuse import read_model
from storyline.settings import load_settings
from storyline_bench.lineage import (
    MeterCorpus,
    containment,
    cross_validated,
    gold_reports,
    load_meter,
    score,
    three_class_f1,
)

from ..conftest import SHARED
from ..helpers import storyline_json

METER = SHARED / "corpus" / "meter-dev"
WIRE = (
    "A chemist admitted supplying a defective baby medicine that made three infants ill, "
    "Manchester Crown Court heard on Wednesday."
)


def _corpus() -> MeterCorpus:
    texts = {
        "pa": WIRE,
        "copy": WIRE + " The company was fined.",
        "own": "Parents of three babies told of their fear as a pharmacy owner stood in the dock.",
        "pa2": "Jurors in Leeds heard that a driver fell asleep at the wheel before the crash.",
        "own2": "A lorry driver who dozed off killed a cyclist, a court was told yesterday.",
    }
    articles = tuple(Article(id=k, title="", text=v, path=f"{k}.txt") for k, v in texts.items())
    story = {"pa": "s1", "copy": "s1", "own": "s1", "pa2": "s2", "own2": "s2"}
    return MeterCorpus(
        articles, story, {"copy": "wholly", "own": "non", "own2": "non"}, frozenset({"pa", "pa2"})
    )


def test_containment_is_the_share_of_an_articles_words_in_its_storys_wire_copy() -> None:
    shares = containment(_corpus(), 2)
    assert shares["copy"] > 0.8 > 0.2 > shares["own"]
    assert set(shares) == {"copy", "own", "own2"}  # the wire copy itself is not judged


def test_thresholds_are_chosen_on_other_stories_only() -> None:
    corpus = _corpus()
    predicted, chosen = cross_validated(containment(corpus, 1), corpus)
    assert set(predicted) == {"copy", "own", "own2"} and chosen
    scores = score("x", {"copy": True, "own": False, "own2": True}, corpus.label_of)
    assert (scores.derived_p, scores.derived_r, scores.non_r) == (0.5, 1.0, 0.5)
    assert scores.accuracy == pytest.approx(2 / 3)


def test_the_three_class_score_averages_wholly_partially_and_not_derived() -> None:
    gold = {"a": "wholly", "b": "partially", "c": "non", "d": "non"}
    assert three_class_f1(gold, gold) == 1.0
    # "b" called wholly: wholly F1 2/3, partially F1 0, non F1 1.
    assert three_class_f1({**gold, "b": "wholly"}, gold) == pytest.approx((2 / 3 + 0 + 1) / 3)


def test_the_gold_count_is_the_wire_report_plus_each_article_written_apart() -> None:
    assert gold_reports(_corpus()) == {"s1": 2, "s2": 2}


@pytest.mark.skipif(not METER.is_dir(), reason="METER dev is not beside the project")
def test_meter_loads_with_outlets_and_story_dates() -> None:
    corpus = load_meter(METER, load_settings(), stories=2)
    assert corpus.wire and corpus.label_of
    first = corpus.articles[0]
    assert first.published is not None and first.published >= date(1999, 7, 1)
    outlets = {a.outlet for a in corpus.articles}
    assert "PA" in outlets and len(outlets) > 1
    assert set(corpus.label_of.values()) <= {"wholly", "partially", "non"}


@pytest.mark.skipif(not METER.is_dir(), reason="METER dev is not beside the project")
def test_the_command_scores_storyline_beside_word_overlap() -> None:
    result = storyline_json("bench", "lineage", METER, "--stories", "3")
    methods = [m["method"] for m in result["methods"]]
    assert len(methods) == 6 and any("gold stories" in m for m in methods)
    assert any("reuse model alone" in m for m in methods)
    for row in result["methods"]:
        for name in ("derived_f1", "non_f1", "accuracy"):
            assert 0.0 <= row[name] <= 1.0
    own = next(m for m in result["methods"] if "own events" in m["method"])
    assert 0.0 <= own["reports_within_one"] <= 1.0
    assert result["published"]
    # The cross-corpus checks: the seeds' two human rewrite pairs, and NewsWCL50's
    # five outlets per topic, none of which copied another.
    assert result["seeds"]["unchanged"] is True
    wcl = result["newswcl50"]
    assert wcl["topics"] == 5 and set(wcl["articles_per_topic"].values()) == {5}
    assert wcl["false_links_gold_events"] == 0


@pytest.mark.skipif(not METER.is_dir(), reason="METER dev is not beside the project")
def test_fitting_writes_a_model_lineage_can_read(tmp_path: Path) -> None:
    target = tmp_path / "reuse_model.json"
    storyline_json("bench", "lineage", METER, "--stories", "20", "--fit", target)
    model = read_model(target)
    assert model.weights[0] > 0 and model.weights[1] > 0  # more reused wording, more likely
    assert "first 20 stories" in model.fitted_on
