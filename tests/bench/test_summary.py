"""The summary benchmark: content units, key facts, citation checks, baselines, the CLI."""

from __future__ import annotations

import importlib.util
import json
import shutil
from pathlib import Path

import numpy as np
import pytest

from storyline.extract.figures import find_figures
from storyline.models import Article, Figure, Sentence, Span
from storyline.pipeline.anchors import fact_keys
from storyline.pipeline.brief import EmbeddedSentences
from storyline.pipeline.support import contradicted
from storyline_bench.summary import (
    Content,
    Summarised,
    baseline_summary,
    check_citations,
    consensus_units,
    fact_recall,
    key_facts,
    pyramid,
    sumy_ranker,
    unsupported_reason,
)

from ..conftest import ECBPLUS, SEEDS
from ..helpers import storyline

HAS_SUMY = importlib.util.find_spec("sumy") is not None


def _figures(text: str) -> tuple[Figure, ...]:
    return find_figures(Article(id="x", title="", text=text, path=""))


def _pool(rows: list[tuple[str, str, list[float]]]) -> EmbeddedSentences:
    """Sentences of hand-made articles with hand-made (normalised) vectors."""
    sentences = []
    index: dict[str, int] = {}
    for article, text, _ in rows:
        i = index.get(article, 0)
        index[article] = i + 1
        sentences.append(Sentence(Span(article, 100 * i, 100 * i + len(text)), text, i))
    vectors = np.array([v for _, _, v in rows], dtype=np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    return EmbeddedSentences(tuple(sentences), vectors)


# Three articles: two carry the ceasefire sentence, all three the prisoner swap.
POOL = _pool(
    [
        ("a", "Russia and Ukraine agreed to swap 1,000 prisoners each in Istanbul.", [1, 0, 0]),
        ("a", "Talks lasted just over an hour, Umerov said on Friday.", [0, 1, 0]),
        (
            "b",
            "Ukraine and Russia will exchange 1,000 prisoners of war, Medinsky said.",
            [1, 0.1, 0],
        ),
        ("b", "No ceasefire was agreed, Zelensky said in Kyiv later.", [0, 0, 1]),
        ("c", "The sides agreed a swap of 1,000 prisoners in Istanbul on Friday.", [1, 0, 0.1]),
        ("c", "Zelensky said no ceasefire had been agreed in Istanbul.", [0, 0.1, 1]),
    ]
)


def test_consensus_units_gather_what_several_articles_say_heaviest_first() -> None:
    units, weights = consensus_units(POOL)
    assert weights == [3, 2]
    assert set(units[0]) == {0, 2, 4}  # the swap, in all three articles
    assert set(units[1]) == {3, 5}  # no ceasefire, in two
    assert 1 not in {r for u in units for r in u}  # said by one article only: not consensus


def test_key_facts_need_half_of_the_articles() -> None:
    facts = key_facts(POOL, ["a", "b", "c"])
    assert "#:1000" in facts and "n:istnbl" in facts and "n:zlnsk" in facts
    assert "n:mrv" not in facts  # Umerov: one article only


def test_fact_keys_leave_out_small_numbers_and_keep_names() -> None:
    keys = fact_keys("Zelensky met 3 envoys and 472 drones were launched.")
    assert "n:zlnsk" in keys and "#:472" in keys and "#:3" not in keys


def test_pyramid_rewards_the_heaviest_units() -> None:
    units, weights = consensus_units(POOL)
    content = Content(tuple(units), tuple(weights), key_facts=frozenset())
    swap, ceasefire, talks = Summarised(0, (0,)), Summarised(3, (3,)), Summarised(1, (1,))
    assert pyramid([swap, ceasefire], POOL, content, limit=2) == pytest.approx(1.0)
    assert pyramid([swap, talks], POOL, content, limit=2) == pytest.approx(3 / 5)
    assert pyramid([talks], POOL, content, limit=2) == 0.0
    assert pyramid([], POOL, content, limit=2) == 0.0


def test_fact_recall_is_the_share_of_key_facts_carried() -> None:
    content = Content((), (), frozenset({"#:1000", "n:zlnsk"}))
    assert fact_recall([Summarised(0, (0,))], POOL, content) == 0.5
    assert fact_recall([Summarised(0, (0,)), Summarised(3, (3,))], POOL, content) == 1.0


def test_a_citation_needs_similarity_names_and_agreeing_figures() -> None:
    claim = "Zelensky said Russia launched 472 drones overnight."
    assert unsupported_reason(claim, "Russia launched 472 drones, Zelensky said.", 0.9) is None
    assert unsupported_reason(claim, "Russia launched 472 drones.", 0.5) == "low similarity"
    assert unsupported_reason(claim, "Russia launched 472 drones.", 0.9) == "names missing"
    assert (
        unsupported_reason(claim, "Zelensky said Russia launched 479 drones.", 0.9)
        == "conflicting figure"
    )


def test_a_sentence_with_two_figures_does_not_contradict_itself() -> None:
    text = "He faces two counts of murder and one count of kidnapping."
    assert not contradicted(_figures(text), _figures(text))
    assert contradicted(_figures("He faces three counts of murder."), _figures(text))
    assert not contradicted(
        _figures("He faces about 30 counts."), _figures("The talks ran 2 hours.")
    )


def test_citation_checks_mark_own_and_cross_citations() -> None:
    checks = check_citations([Summarised(0, (0, 2, 4))], POOL)
    assert [c.own for c in checks] == [True, False, False]
    assert checks[0].reason is None  # a sentence supports itself


@pytest.mark.skipif(not HAS_SUMY, reason="sumy is not installed (pip install sumy==0.13.0)")
@pytest.mark.parametrize("method", ["LexRank", "TextRank"])
def test_sumy_baselines_pick_among_candidates_and_cite_themselves(method: str) -> None:
    words = "Russia and Ukraine agreed in Istanbul to swap prisoners of war on Friday"
    pool = _pool(
        [
            ("a", f"{words}, officials said.", [1, 0, 0]),
            ("b", f"{words}, officials said.", [1, 0, 0]),  # an exact repeat: dropped
            ("b", "Short line.", [0, 1, 0]),  # too short to be a candidate
            ("c", "The talks in Istanbul ended after just over an hour on Friday.", [0, 0, 1]),
            ("c", "He said the aim was a ceasefire before the end of the month.", [0, 1, 1]),
        ]
    )
    summary = baseline_summary(pool, 5, sumy_ranker(method))
    assert sorted(s.row for s in summary) == [0, 3]
    assert all(s.cited == (s.row,) for s in summary)
    assert len(baseline_summary(pool, 1, sumy_ranker(method))) == 1


def test_the_command_reports_a_missing_corpus(tmp_path: Path) -> None:
    result = storyline("bench", "summary", tmp_path / "nowhere", check=False)
    assert result.returncode != 0 and "no such folder" in " ".join(result.stderr.split())


@pytest.mark.slow
def test_the_command_scores_every_method_on_a_small_event(tmp_path: Path) -> None:
    if not (ECBPLUS / "gold.jsonl").is_file() or not SEEDS.is_dir():
        pytest.skip(f"shared corpora not found at {ECBPLUS} and {SEEDS}")
    (tmp_path / "docs").mkdir()
    rows = [
        json.dumps({"doc": d, "story": "t16", "event": "t16-ecb"})
        for d in ("16_1ecb", "16_2ecb", "16_3ecb")
    ]
    for row in rows:
        shutil.copy(ECBPLUS / "docs" / f"{json.loads(row)['doc']}.txt", tmp_path / "docs")
    (tmp_path / "gold.jsonl").write_text("\n".join(rows) + "\n", encoding="utf-8")
    document = json.loads(
        storyline(
            "bench",
            "summary",
            tmp_path,
            "--seeds",
            SEEDS,
            "--cache-dir",
            tmp_path / "cache",
            "--json",
        ).stdout
    )
    assert document["corpus"]["events"] == 2  # the gold event and the seeds
    methods = {m["method"]: m for m in document["methods"]}
    assert set(methods) == {"Storyline", "LexRank", "TextRank"}
    ours = methods["Storyline"]
    assert ours["skipped"] is None and [e["event"] for e in ours["events"]] == ["t16-ecb", "seeds"]
    assert 0.0 < ours["pyramid"] <= 1.0 and 0.0 < ours["key_fact_recall"] <= 1.0
    # A reader's checks ran: every sentence of ours stands alone on these articles, and
    # every citation to another article states the sentence in full.
    reader = ours["reader"]
    assert reader["stand_alone"] == 1.0 and reader["full_support"] in (None, 1.0)
    assert reader["wrong_speaker"] == 0 and reader["who"] is not None
    for name in ("LexRank", "TextRank"):
        if methods[name]["skipped"]:
            assert not HAS_SUMY and "sumy" in methods[name]["skipped"]
        else:
            assert methods[name]["unsupported"] == 0  # cites only itself
            assert methods[name]["cross_article_citations"] == 0
