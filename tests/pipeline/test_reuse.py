"""The shipped reuse model and how a broken model file is reported."""

from __future__ import annotations

from pathlib import Path

import pytest

from storyline.errors import ModelUnavailableError
from storyline.pipeline.reuse import Reuse, read_model, shipped_model
from storyline.pipeline.sentence_model import shipped_sentence_model


def test_the_shipped_model_rises_with_reused_wording() -> None:
    model = shipped_model()
    low, middle, high = Reuse(0.1, 0.02), Reuse(0.35, 0.15), Reuse(0.8, 0.6)
    assert model.probability(low) < model.probability(middle) < model.probability(high)
    assert not model.reused(low)
    assert model.reused(high)


def test_a_broken_model_file_says_how_to_get_a_good_one(tmp_path: Path) -> None:
    broken = tmp_path / "reuse_model.json"
    broken.write_text('{"features": ["something else"], "weights": [1]}')
    with pytest.raises(ModelUnavailableError, match="storyline bench lineage --fit"):
        read_model(broken)
    broken.write_text("not json")
    with pytest.raises(ModelUnavailableError, match=str(broken)):
        read_model(broken)


def test_the_shipped_sentence_model_needs_the_cosine_and_is_pulled_down_by_unmatched_numbers() -> (
    None
):
    model = shipped_sentence_model()
    names = frozenset({"n:pmp", "n:krn"})
    assert model.same(0.9, names, names)
    assert not model.same(model.min_cosine - 0.01, names, names)
    with_number, other_number = names | {"#:1000"}, names | {"#:2000"}
    assert model.logit(0.7, with_number, other_number) < model.logit(0.7, names, names)
