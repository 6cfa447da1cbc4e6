"""The dedup benchmark: planted copies are what they claim, truth is consistent, the CLI runs."""

from __future__ import annotations

import json
import random
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from storyline.models import Article
from storyline.nlp.sentences import split_sentences
from storyline.settings import load_settings
from storyline_bench.dedup_corpus import (
    FOOTERS,
    HEADERS,
    MID_LINES,
    DedupCorpus,
    Kind,
    PairLabel,
    Planted,
    drop_modifiers,
    front_attribution,
    front_time,
    load_originals,
    merge_short,
    plant,
    split_clauses,
    substitute_words,
)

from ..conftest import ECBPLUS


@pytest.fixture(scope="module")
def corpus() -> DedupCorpus:
    originals, gold = load_originals(ECBPLUS, load_settings(), stories=4, seed=3)
    return plant(originals, gold, sources=14, seed=3)


def _texts(article: Article) -> list[str]:
    return [s.text for s in split_sentences(article)]


def _source(corpus: DedupCorpus, planted: Planted) -> Article:
    return next(a for a in corpus.originals if a.id == planted.source_id)


def _of_kind(corpus: DedupCorpus, kind: Kind) -> list[Planted]:
    found = [p for p in corpus.planted if p.kind is kind]
    assert found, f"no {kind} planted"
    return found


def test_planting_is_deterministic_given_a_seed(corpus: DedupCorpus) -> None:
    originals, gold = load_originals(ECBPLUS, load_settings(), stories=4, seed=3)
    again = plant(originals, gold, sources=14, seed=3)
    assert [(p.article.id, p.article.text) for p in again.planted] == [
        (p.article.id, p.article.text) for p in corpus.planted
    ]
    other = plant(originals, gold, sources=14, seed=4)
    assert {p.article.id for p in other.planted} != {p.article.id for p in corpus.planted}


def test_every_kind_is_planted_and_balanced(corpus: DedupCorpus) -> None:
    counts = Counter(p.kind for p in corpus.planted)
    assert set(counts) == set(Kind)
    assert max(counts.values()) - min(counts.values()) <= 1
    assert len({p.article.id for p in corpus.planted}) == len(corpus.planted) == 42


def test_exact_copies_keep_the_text_under_another_outlet(corpus: DedupCorpus) -> None:
    for planted in _of_kind(corpus, Kind.EXACT):
        source = _source(corpus, planted)
        assert planted.article.text == source.text
        assert planted.article.url != source.url and planted.article.outlet != source.outlet


def test_boilerplate_frames_the_whole_text(corpus: DedupCorpus) -> None:
    for planted in _of_kind(corpus, Kind.BOILERPLATE):
        source = _source(corpus, planted)
        year = source.published.year if source.published else 2012
        footers = {f.format(year=year, outlet=planted.article.outlet) for f in FOOTERS}
        furniture = {*HEADERS, *MID_LINES, *footers}
        lines = planted.article.text.split("\n")
        body = [line for line in lines if line not in furniture]
        assert body == _texts(source)
        assert len(lines) >= len(body) + 3  # at least one header and two footers


def test_truncated_is_a_prefix_of_the_sentences(corpus: DedupCorpus) -> None:
    for planted in _of_kind(corpus, Kind.TRUNCATED):
        source, kept = _texts(_source(corpus, planted)), _texts(planted.article)
        assert kept == source[: len(kept)]
        assert 0.35 <= len(kept) / len(source) <= 0.75


def test_reordered_keeps_the_sentences_in_another_order(corpus: DedupCorpus) -> None:
    for planted in _of_kind(corpus, Kind.REORDERED):
        source, moved = _texts(_source(corpus, planted)), _texts(planted.article)
        assert Counter(moved) == Counter(source) and moved != source
        assert moved[0] == source[0]  # the lede stays on top


def test_synonyms_change_words_but_not_sentences(corpus: DedupCorpus) -> None:
    for planted in _of_kind(corpus, Kind.SYNONYM):
        source, changed = _texts(_source(corpus, planted)), _texts(planted.article)
        assert len(changed) == len(source)
        assert sum(a != b for a, b in zip(source, changed, strict=True)) >= len(source) // 3


def test_clause_and_rewrite_change_the_text(corpus: DedupCorpus) -> None:
    for planted in _of_kind(corpus, Kind.CLAUSE) + _of_kind(corpus, Kind.REWRITE):
        assert planted.article.text != _source(corpus, planted).text
    for planted in _of_kind(corpus, Kind.REWRITE):
        source, kept = _texts(_source(corpus, planted)), _texts(planted.article)
        assert len(set(kept) & set(source)) < len(source) * 0.8  # sentences dropped or edited


def test_word_substitutions_respect_numbers_and_case() -> None:
    rng = random.Random(0)
    text = "Police said 4 people died at 3:30 in an 86-year-old building."
    changed = substitute_words(text, rng, rate=1.0)
    assert changed.startswith("Law enforcement")
    assert "four" in changed and "3:30" in changed and "86-year-old" in changed
    assert "said" not in changed and "died" not in changed


def test_clause_edits() -> None:
    assert front_attribution("The ship was seized near the coast, the navy said.") == (
        "The navy said that the ship was seized near the coast."
    )
    assert front_time("Police arrested the man on Monday.") == (
        "On Monday, police arrested the man."
    )
    assert split_clauses(
        "The fire destroyed the old dairy building, and crews stayed at the scene all night."
    ) == ["The fire destroyed the old dairy building.", "Crews stayed at the scene all night."]
    assert split_clauses("He came, and went.") is None  # halves too short to stand alone
    assert merge_short("He was 77.", "He died in prison.") == "He was 77, and he died in prison."
    assert drop_modifiers("A powerful earthquake hit a remote area.") == (
        "A earthquake hit a remote area."
    )


def test_ground_truth_sets_are_disjoint_and_consistent(corpus: DedupCorpus) -> None:
    positives = set(corpus.positives())
    hard, unknown = corpus.hard_negatives(), corpus.unknown()
    assert positives and hard and unknown
    assert not positives & hard and not positives & unknown and not hard & unknown
    assert all(corpus.label(a, b) is PairLabel.POSITIVE for a, b in positives)
    for a, b in hard:
        event_a, event_b = (corpus.gold_event[corpus.root(x)] for x in (a, b))
        assert event_a != event_b and corpus.gold_story[event_a] == corpus.gold_story[event_b]
    # Planted articles join their source's gold event, never another one.
    event_of = {a: e.id for e in corpus.gold_events() for a in e.article_ids}
    assert all(event_of[p.article.id] == event_of[p.source_id] for p in corpus.planted)


def test_the_command_scores_both_methods(tmp_path: Path) -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "storyline",
            "bench",
            "dedup",
            "--corpus",
            str(ECBPLUS),
            "--stories",
            "3",
            "--sources",
            "6",
            "--scale",
            "300",
            "--cache-dir",
            str(tmp_path),
            "--json",
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    document = json.loads(result.stdout)
    methods = {m["method"]: m for m in document["methods"]}
    assert any(name.startswith("MinHash") for name in methods)
    assert any(name.startswith("Lineage") for name in methods)
    for method in methods.values():
        for key in ("precision", "recall", "f1"):
            assert 0.0 <= method[key] <= 1.0
    assert methods["MinHash ≥0.5"]["recall_by_kind"]["exact"] == 1.0
    assert document["corpus"]["planted"]["exact"] >= 1
    assert document["scale"][0]["articles"] == 300
    assert "wire copies" in document["unknown_note"]


def test_a_missing_corpus_is_a_clear_error(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "storyline", "bench", "dedup", "--corpus", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert "gold.jsonl" in result.stderr
