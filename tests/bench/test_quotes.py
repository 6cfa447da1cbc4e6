"""The quotes benchmark: brat parsing, scoring, and a tiny real PolNeAR run."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from storyline.errors import InputError
from storyline_bench import quotes
from storyline_bench.quotes import Document, Role, load_split, parse_standoff, score

from ..conftest import SHARED
from ..helpers import storyline

POLNEAR = SHARED / "eval" / "polnear"
needs_polnear = pytest.mark.skipif(
    not (POLNEAR / "dev" / "attributions").is_dir(), reason=f"PolNeAR not found at {POLNEAR}"
)

ANN = [
    "T1\tSource 0 5\tStein",
    "T2\tCue 6 10\tsaid",
    "T3\tContent 11 30\tshe will join them",
    "T4\tAttribution 6 10\tsaid",
    "E1\tAttribution:T4 Content:T3 Cue:T2 Source:T1",
    "T5\tDiscuss 0 30\tStein said she will join them",
    "T6\tCue 32 40\tso-called",
    "T7\tContent 41 45;47 50\tab cd",
    "T8\tAttribution-no-source 32 40\tso-called",
    "E2\tAttribution-no-source:T8 Cue:T6 Content:T7",
    "a continuation line of a span's text that held a line break",
    "#1\tAnnotatorNotes T5\tunsure",
]


def test_standoff_keeps_attribution_roles_and_fragments_only() -> None:
    roles, count = parse_standoff(ANN, text_length=60)
    assert count == 2
    assert set(roles) == {
        Role("source", 0, 5),
        Role("cue", 6, 10),
        Role("content", 11, 30),
        Role("cue", 32, 40),
        Role("content", 41, 45),
        Role("content", 47, 50),
    }  # the "Discuss" span and the notes are not attributions


def test_spans_past_the_text_are_dropped() -> None:
    roles, _ = parse_standoff(ANN, text_length=20)
    assert all(r.end <= 20 for r in roles)


def test_missing_data_says_what_to_pass(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="--data"):
        load_split(tmp_path, "dev")


def test_scoring_trims_marks_and_a_leading_that() -> None:
    text = 'Stein said that "we will join them," adding more.'
    gold = (
        Role("source", 0, 5),
        Role("cue", 6, 10),
        Role("content", 11, 36),  # 'that "we will join them,"'
    )
    document = Document("d", text, gold, attributions=1)
    predicted = (Role("source", 0, 5), Role("cue", 6, 10), Role("content", 17, 34))
    rows = {r.role: r for r in score([document], [predicted])}
    assert all(r.exact.f1 == 1.0 and r.overlap.f1 == 1.0 for r in rows.values())
    # Half the content's words: token credit, no exact credit.
    partial = (Role("content", 17, 24),)  # "we will"
    content = {r.role: r for r in score([document], [partial])}["content"]
    assert content.exact.precision == 0.0
    assert content.overlap.precision == 1.0
    assert content.overlap.recall == pytest.approx(2 / 4)


@needs_polnear
def test_gold_scores_perfectly_against_itself() -> None:
    documents = load_split(POLNEAR, "dev", limit=3)
    assert len(documents) == 3 and all(d.gold for d in documents)
    rows = score(documents, [d.gold for d in documents])
    assert all(r.exact.f1 == 1.0 and r.overlap.f1 == 1.0 for r in rows)


@needs_polnear
def test_tiny_real_run_beats_the_baseline_on_content_recall() -> None:
    result = quotes.run(POLNEAR, limit=4, splits=("dev",))
    rows = {row.method: {r.role: r for r in row.roles} for row in result.rows}
    ours, baseline = rows["storyline quotes"], rows["baseline: quote marks + nearest said"]
    assert result.articles == {"dev": 4}
    # Reported speech is most of PolNeAR; the quote-mark rule cannot see it.
    assert ours["content"].overlap.recall > baseline["content"].overlap.recall
    # What Storyline reports is mostly real attribution.
    assert ours["content"].overlap.precision > 0.7
    assert ours["cue"].exact.precision > 0.6
    assert all(row.articles_per_second > 0 for row in result.rows)


@needs_polnear
def test_command_prints_json() -> None:
    shown = json.loads(
        storyline("bench", "quotes", "--data", POLNEAR, "--limit", "2", "--json").stdout
    )
    assert shown["benchmark"] == "quotes"
    assert shown["articles"] == {"dev": 2, "train": 2}
    assert {m["method"] for m in shown["methods"]} == {
        "storyline quotes",
        "baseline: quote marks + nearest said",
    }
    assert set(shown["methods"][0]["roles"]) == {"source", "cue", "content"}
    assert shown["published"]
