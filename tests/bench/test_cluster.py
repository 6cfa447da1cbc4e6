"""The clustering benchmark: metrics on hand-made cases, gold loading, the CLI end to end."""

from __future__ import annotations

import importlib.util
import json
import shutil
from pathlib import Path

import numpy as np
import pytest

from storyline.chain import embed_articles, make_embedder
from storyline.errors import InputError
from storyline.settings import load_settings
from storyline.store import open_store
from storyline_bench.cluster import (
    agglomerative,
    bcubed,
    bertopic_labels,
    document_vectors,
    load_corpus,
    pairwise,
    read_gold,
    run_bertopic,
    score_level,
)

from ..conftest import ECBPLUS
from ..helpers import storyline

SMALL_STORIES = ("t11", "t16", "t20")  # the three smallest ECB+ dev topics: 46 articles


# -- metrics ----------------------------------------------------------------------------
GOLD = {"a": "G1", "b": "G1", "c": "G1", "d": "G2"}


def test_a_perfect_clustering_scores_one() -> None:
    predicted = {"a": "x", "b": "x", "c": "x", "d": "y"}
    for prf in (bcubed(GOLD, predicted), pairwise(GOLD, predicted)):
        assert (prf.precision, prf.recall, prf.f1) == (1.0, 1.0, 1.0)


def test_label_names_do_not_matter() -> None:
    renamed = {"a": "7", "b": "7", "c": "7", "d": "G1"}
    assert bcubed(GOLD, renamed).f1 == 1.0


def test_everything_in_one_cluster() -> None:
    predicted = dict.fromkeys(GOLD, "all")
    b3 = bcubed(GOLD, predicted)
    # a, b, c see 3 of 4 right; d sees 1 of 4.
    assert b3.precision == pytest.approx((3 * 3 / 4 + 1 / 4) / 4)  # 0.625
    assert b3.recall == 1.0
    pairs = pairwise(GOLD, predicted)
    assert pairs.precision == pytest.approx(3 / 6)
    assert pairs.recall == 1.0
    assert pairs.f1 == pytest.approx(2 / 3)


def test_every_item_alone() -> None:
    predicted = {item: item for item in GOLD}
    b3 = bcubed(GOLD, predicted)
    assert b3.precision == 1.0
    assert b3.recall == pytest.approx((3 * 1 / 3 + 1) / 4)  # 0.5
    pairs = pairwise(GOLD, predicted)
    assert pairs.precision == 1.0  # no pair predicted: nothing wrong
    assert pairs.recall == 0.0
    assert pairs.f1 == 0.0


def test_bcubed_and_pairwise_on_a_mixed_case() -> None:
    gold = {"a": "G1", "b": "G1", "c": "G1", "d": "G2", "e": "G2"}
    predicted = {"a": "P1", "b": "P1", "c": "P2", "d": "P2", "e": "P2"}
    b3 = bcubed(gold, predicted)
    # precision: a 1, b 1, c 1/3, d 2/3, e 2/3; recall: a 2/3, b 2/3, c 1/3, d 1, e 1
    assert b3.precision == pytest.approx(11 / 15)
    assert b3.recall == pytest.approx(11 / 15)
    # gold pairs ab ac bc de; predicted pairs ab cd ce de; shared ab de
    pairs = pairwise(gold, predicted)
    assert (pairs.precision, pairs.recall) == (pytest.approx(0.5), pytest.approx(0.5))


def test_an_uneven_case_separates_precision_from_recall() -> None:
    gold = {"a": "G1", "b": "G1", "c": "G2", "d": "G3"}
    predicted = {"a": "P", "b": "P", "c": "P", "d": "Q"}
    b3 = bcubed(gold, predicted)
    assert b3.precision == pytest.approx((2 / 3 + 2 / 3 + 1 / 3 + 1) / 4)
    assert b3.recall == 1.0
    assert b3.f1 == pytest.approx(2 * (2 / 3) / (1 + 2 / 3))


def test_scoring_needs_the_same_items() -> None:
    with pytest.raises(ValueError, match="same items"):
        bcubed(GOLD, {"a": "x"})


def test_a_level_score_counts_clusters() -> None:
    s = score_level("event", GOLD, {"a": "x", "b": "x", "c": "y", "d": "z"})
    assert (s.clusters, s.gold_clusters) == (3, 2)


def test_bertopic_outliers_become_singletons() -> None:
    labels = bertopic_labels(["a", "b", "c", "d"], [0, 0, -1, -1])
    assert labels["a"] == labels["b"]
    assert len({labels["c"], labels["d"], labels["a"]}) == 3


def test_agglomerative_cuts_are_nested_and_follow_the_threshold() -> None:
    rng = np.random.default_rng(0)
    centres = np.eye(3, 8, dtype=np.float32)
    vectors = np.vstack([c + 0.05 * rng.standard_normal((4, 8)) for c in centres])
    (tight, loose), _ = agglomerative(vectors.astype(np.float32), (0.9, -1.0))
    assert len(set(tight)) == 3
    assert all(tight[i] == tight[4 * (i // 4)] for i in range(12))
    assert len(set(loose)) == 1  # any cosine clears -1


# -- gold and corpus loading ----------------------------------------------------------------
def test_a_folder_without_gold_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r'gold\.jsonl.*"doc".*"story".*"event"'):
        read_gold(tmp_path)


def test_a_bad_gold_row_names_its_line(tmp_path: Path) -> None:
    (tmp_path / "gold.jsonl").write_text('{"doc": "a", "story": "s", "event": "e"}\n{"doc": "b"}\n')
    with pytest.raises(InputError, match=r"gold.jsonl:2.*expected one JSON object"):
        read_gold(tmp_path)


def test_gold_documents_without_files_are_named(tmp_path: Path) -> None:
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "one.txt").write_text("A fire broke out in the old mill on Sunday.\n")
    rows = [{"doc": d, "story": "s", "event": "e"} for d in ("one", "two")]
    (tmp_path / "gold.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows))
    with pytest.raises(InputError, match=r"1 of 2 gold documents.*\(two\).*docs/<doc>\.txt"):
        load_corpus(tmp_path, load_settings())


def test_files_without_gold_are_ignored_and_counted(tmp_path: Path) -> None:
    (tmp_path / "one.txt").write_text("A fire broke out in the old mill on Sunday.\n")
    (tmp_path / "README.txt").write_text("About this folder.\n")
    (tmp_path / "gold.jsonl").write_text('{"doc": "one", "story": "s", "event": "e"}\n')
    corpus = load_corpus(tmp_path, load_settings())
    assert [corpus.doc_of[a.id] for a in corpus.articles] == ["one"]
    assert corpus.unlabelled == ("README",)


def test_the_command_reports_a_missing_gold_file(tmp_path: Path) -> None:
    result = storyline("bench", "cluster", tmp_path, "--no-bertopic", check=False)
    assert result.returncode != 0
    assert "gold.jsonl" in result.stderr and '"event"' in result.stderr


# -- end to end on three ECB+ topics ----------------------------------------------------------
@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Three ECB+ dev topics copied into a temporary folder, with their gold rows."""
    if not (ECBPLUS / "gold.jsonl").is_file():
        pytest.skip(f"ECB+ dev corpus not found at {ECBPLUS}")
    folder = tmp_path_factory.mktemp("ecb-small")
    (folder / "docs").mkdir()
    kept = []
    for line in (ECBPLUS / "gold.jsonl").read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        if row["story"] in SMALL_STORIES:
            kept.append(line)
            shutil.copy(ECBPLUS / "docs" / f"{row['doc']}.txt", folder / "docs")
    (folder / "gold.jsonl").write_text("\n".join(kept) + "\n", encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("vectors")


@pytest.mark.slow
def test_the_command_scores_storyline_and_the_baseline(small: Path, cache: Path) -> None:
    document = json.loads(
        storyline("bench", "cluster", small, "--cache-dir", cache, "--no-bertopic", "--json").stdout
    )
    assert document["corpus"]["articles"] == 46
    assert document["corpus"]["gold_stories"] == 3
    methods = {m["method"]: m for m in document["methods"]}
    assert set(methods) == {"Storyline", "Agglomerative", "BERTopic"}
    assert methods["BERTopic"]["skipped"]
    for name in ("Storyline", "Agglomerative"):
        method = methods[name]
        assert method["skipped"] is None
        assert method["articles_per_second"] > 0
        for level in ("event", "story"):
            scores = method["levels"][level]
            for kind in ("bcubed", "pairwise"):
                assert 0.0 <= scores[kind]["f1"] <= 1.0
            assert scores["clusters"] >= 1
        # Three unrelated topics: a sensible grouping keeps them apart.
        assert method["levels"]["story"]["bcubed"]["precision"] > 0.8
    assert document["thresholds"] == {"event": 0.675, "story": 0.55}
    assert all(p["comparable"] is False for p in document["published"])


@pytest.mark.slow
def test_bertopic_runs_on_precomputed_vectors(small: Path, cache: Path) -> None:
    if importlib.util.find_spec("bertopic") is None:
        pytest.skip("bertopic is not installed (pip install bertopic==0.17.4)")
    settings = load_settings()
    corpus = load_corpus(small, settings)
    cache.mkdir(parents=True, exist_ok=True)
    with open_store(cache / "bench-vectors.db") as store:
        embedder = make_embedder(store, settings)
        embedded = embed_articles(list(corpus.articles), embedder)
        vectors = document_vectors(corpus.articles, embedded, embedder)
    texts = [a.text for a in corpus.articles]
    topics, seconds = run_bertopic(texts, vectors)
    assert len(topics) == len(texts) and seconds > 0
    assert run_bertopic(texts, vectors)[0] == topics  # a fixed UMAP seed: the same topics
    docs = [corpus.doc_of[a.id] for a in corpus.articles]
    labels = bertopic_labels(docs, topics)
    stories = score_level("story", {d: corpus.gold.story_of[d] for d in docs}, labels)
    assert stories.bcubed.f1 > 0.3
