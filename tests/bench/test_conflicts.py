"""The conflict benchmark: planted changes, the case builder, both detectors, the CLI."""

from __future__ import annotations

import json
import random
import shutil
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from storyline.chain import make_embedder
from storyline.extract.figure_compare import conflicting
from storyline.models import Article, Figure
from storyline.settings import load_settings
from storyline.store import open_store
from storyline_bench.conflicts import (
    CONFLICT_KINDS,
    KINDS,
    Case,
    Change,
    Source,
    about_rounded,
    build_cases,
    change_duration,
    change_number,
    convert_duration,
    convert_length,
    figures_in,
    flip_qualifier,
    in_words,
    naive_detects,
    score,
    source_sentences,
    storyline_detects,
    synonym_qualifier,
)

from ..conftest import ECBPLUS, SEEDS
from ..helpers import storyline


def _figure(phrase: str) -> Figure:
    (found,) = figures_in(phrase)
    return found


def _changed(change: Change, phrase: str, seed: int = 1) -> Figure:
    new = change(_figure(phrase), random.Random(seed))
    assert new is not None
    return _figure(new)


@pytest.mark.parametrize("seed", range(5))
def test_a_changed_number_conflicts(seed: int) -> None:
    old = _figure("472 drones")
    new = _changed(change_number, "472 drones", seed)
    assert new.value != old.value and new.counts == "drone" and conflicting(old, new)


@pytest.mark.parametrize("seed", range(5))
def test_a_changed_duration_conflicts(seed: int) -> None:
    old = _figure("about three hours")
    new = _changed(change_duration, "about three hours", seed)
    assert new.qualifier == "about" and conflicting(old, new)


def test_an_open_ended_duration_is_not_changed() -> None:
    # "more than two hours" allows four hours: doubling it plants no conflict.
    assert change_duration(_figure("more than two hours"), random.Random(1)) is None


def test_a_flipped_qualifier_conflicts() -> None:
    for phrase in ("more than 40 warplanes", "almost 90%", "at least 100 people"):
        assert conflicting(_figure(phrase), _changed(flip_qualifier, phrase))
    assert flip_qualifier(_figure("472 drones"), random.Random(1)) is None


def test_rewordings_and_conversions_agree() -> None:
    pairs = [
        (synonym_qualifier, "more than 40 warplanes"),
        (about_rounded, "472 drones"),
        (in_words, "5 people"),
        (convert_length, "48 km"),
        (convert_length, "330 feet"),
        (convert_duration, "two hours"),
    ]
    for change, phrase in pairs:
        new = _changed(change, phrase)
        assert new.text != phrase and not conflicting(_figure(phrase), new), (phrase, new.text)


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("abc XYZ 0123456789,.-%$")), max_size=200))
def test_no_text_crashes_the_case_builder(text: str) -> None:
    sentence = f"The report said {text} officials counted 40 drones and 12 km of road."
    article = Article(id="h", title="", text=sentence, path="h")
    sources = source_sentences([("doc", "e1", article)]) * 2
    for case in build_cases(sources, per_kind=2, seed=3):
        assert case.kind in KINDS and case.conflict is (case.kind in CONFLICT_KINDS)
        assert (case.first == case.second) is (case.kind == "unchanged")


def _sources() -> list[Source]:
    texts = [
        ("e1", "Russia launched 472 drones and 48 missiles at Ukraine overnight, officials said."),
        ("e1", "The talks in Istanbul lasted just over an hour, according to the Ukrainian side."),
        ("e2", "More than 40 warplanes were hit in the operation, the security service said."),
        ("e2", "The convoy drove 48 km through the night before it reached the border town."),
        ("e3", "Officials said about 300 drones were shot down over the region on Sunday."),
    ]
    articles = [
        (f"d{i}", event, Article(id=f"a{i}", title="", text=t, path=f"d{i}"))
        for i, (event, t) in enumerate(texts)
    ]
    return source_sentences(articles)


def test_cases_are_deterministic_and_labelled_by_construction() -> None:
    sources = _sources()
    assert len(sources) == 5
    cases = build_cases(sources, per_kind=3, seed=7)
    assert cases == build_cases(sources, per_kind=3, seed=7)
    assert {c.kind for c in cases} >= {"numeric", "qualifier", "unchanged", "unrelated"}
    for case in cases:
        if case.kind == "unrelated":
            first = next(s for s in sources if s.text == case.first)
            second = next(s for s in sources if s.text == case.second)
            assert first.event != second.event


def test_the_naive_baseline_sees_only_numbers() -> None:
    base = "Russia launched 472 drones overnight, officials said."
    assert naive_detects(Case("1", "numeric", True, base, base.replace("472", "470"), "d"))
    assert not naive_detects(Case("2", "unchanged", False, base, base, "d"))
    flipped = "More than 40 warplanes were hit."
    assert not naive_detects(
        Case("3", "qualifier", True, flipped, "Less than 40 warplanes were hit.", "d")
    )


def test_scores_count_recall_on_conflicts_and_false_alarms_on_the_rest() -> None:
    cases = [
        Case("1", "numeric", True, "a", "b", "d"),
        Case("2", "numeric", True, "a", "b", "d"),
        Case("3", "unchanged", False, "a", "a", "d"),
        Case("4", "unrelated", False, "a", "c", "d"),
    ]
    result = score("m", cases, [True, False, True, False], 0.1)
    assert result.recall == 0.5 and result.precision == 0.5
    assert [(k.kind, k.flagged) for k in result.kinds] == [
        ("numeric", 1),
        ("unchanged", 1),
        ("unrelated", 0),
    ]


@pytest.mark.slow
def test_find_conflicts_sees_a_planted_change(tmp_path: Path) -> None:
    base = "Russia launched 472 drones at Ukraine overnight, the air force said on Sunday."
    with open_store(tmp_path / "vectors.db") as store:
        embedder = make_embedder(store, load_settings())
        assert storyline_detects(
            Case("1", "numeric", True, base, base.replace("472", "447"), "d"), embedder
        )
        assert not storyline_detects(Case("2", "unchanged", False, base, base, "d"), embedder)
        assert not storyline_detects(
            Case("3", "reworded", False, base, base.replace("472", "about 470"), "d"), embedder
        )


@pytest.mark.slow
def test_the_command_reports_both_detectors(tmp_path: Path) -> None:
    if not (ECBPLUS / "gold.jsonl").is_file() or not SEEDS.is_dir():
        pytest.skip(f"shared corpora not found at {ECBPLUS} and {SEEDS}")
    (tmp_path / "docs").mkdir()
    rows = []
    for line in (ECBPLUS / "gold.jsonl").read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        if row["story"] in ("t16", "t20"):
            rows.append(line)
            shutil.copy(ECBPLUS / "docs" / f"{row['doc']}.txt", tmp_path / "docs")
    (tmp_path / "gold.jsonl").write_text("\n".join(rows) + "\n", encoding="utf-8")
    real = tmp_path / "real"
    real.mkdir()
    (real / "ecbplus-dev").symlink_to(tmp_path)
    (real / "seeds").symlink_to(SEEDS)
    document = json.loads(
        storyline(
            "bench",
            "conflicts",
            tmp_path,
            "--seeds",
            SEEDS,
            "--per-kind",
            "4",
            "--cache-dir",
            tmp_path / "cache",
            "--json",
            "--real",
            "--real-corpora",
            real,
        ).stdout
    )
    assert document["cases"] > 10 and document["source_sentences"] > 20
    methods = {m["method"]: m for m in document["methods"]}
    assert set(methods) == {"Storyline find_conflicts", "naive: numbers differ"}
    naive = methods["naive: numbers differ"]["kinds"]
    assert naive["unchanged"]["flagged"] == 0  # identical sentences share every number
    for method in methods.values():
        assert 0.0 <= method["f1"] <= 1.0
    assert document["published"] == []
    # On the seeds, the one conflict shown is the talks' duration, judged real by reading.
    scores = {(r["corpus"], r["kind"]): r for r in document["real"]["scores"]}
    assert scores["seeds", "figure"]["shown"] == scores["seeds", "figure"]["real"] == 1
    assert document["real"]["stale_labels"] == 0
    ecb = scores["ecbplus-dev", "figure"]
    assert ecb["real"] + ecb["weak"] + ecb["not"] + ecb["unjudged"] == ecb["shown"]
    assert set(document["real"]["per_story"]["ecbplus-dev"]) <= {"t16", "t20"}
