"""The judged real-coverage conflict set and how conflicts are scored against it."""

from __future__ import annotations

import json

import pytest

from storyline.models import Article
from storyline_bench.conflicts_real import (
    LABELS,
    REAL,
    Candidate,
    Flagged,
    Label,
    Located,
    Pair,
    RealCorpus,
    Survey,
    judged,
    judged_rows,
    merged,
    read_labels,
    score_real,
    stale_labels,
    text_check,
    unjudged,
    write_labels,
)


def test_the_shipped_labels_hold_no_article_text_and_judge_each_pair_once() -> None:
    rows = [json.loads(line) for line in LABELS.read_text(encoding="utf-8").splitlines()]
    assert len(rows) > 1000
    for row in rows:
        assert set(row) == {"corpus", "kind", "a", "b", "verdict", "reason", "origin"}
        assert row["origin"] in ("shown", "sample")
        assert set(row["a"]) == set(row["b"]) == {"doc", "start", "end", "check"}
        assert row["verdict"] in ("real", "weak", "not") and row["reason"].strip()
    keys = [(r["corpus"], r["kind"], json.dumps(r["a"]), json.dumps(r["b"])) for r in rows]
    assert len(set(keys)) == len(keys)
    assert {r["corpus"] for r in rows} == {"ecbplus-dev", "newswcl50-dev", "meter-dev", "seeds"}


def at(doc: str, start: int) -> Located:
    return Located(doc, start, start + 10)


def shown(headline: Pair, *others: Pair) -> Flagged:
    pairs = frozenset((headline, *others))
    return Flagged("c", "e", "drones", "figure", headline, ("472", "470"), pairs)


def test_a_conflict_is_judged_by_its_headline_pair_else_by_its_best_judged_pair() -> None:
    head, other = (
        Pair.of("figure", at("b", 0), at("a", 0)),
        Pair.of("figure", at("a", 0), at("c", 5)),
    )
    assert head.a == at("a", 0)  # pairs keep a fixed order
    verdict = {other: REAL}
    assert judged(shown(head, other), verdict) == REAL
    assert judged(shown(head, other), {**verdict, head: "not"}) == "not"
    assert judged(shown(head), {}) is None


def test_precision_counts_real_only_and_recall_asks_for_judged_real_pairs(tmp_path) -> None:
    real, weak, wrong, missed = (Pair.of("figure", at("a", i), at("b", i)) for i in (0, 20, 40, 60))
    labels = [
        Label("c", real, "real", "same drones", ("x", "x")),
        Label("c", weak, "weak", "rounding", ("x", "x")),
        Label("c", wrong, "not", "different things", ("x", "x")),
        Label("c", missed, "real", "same count", ("x", "x")),
    ]
    write_labels(labels, tmp_path / "labels.jsonl")
    assert read_labels(tmp_path / "labels.jsonl") == sorted(labels, key=lambda lab: lab.pair.a)
    survey = Survey("c", (shown(real), shown(weak), shown(wrong)), ())
    (row,) = [r for r in score_real([survey], labels) if r.corpus == "c" and r.kind == "figure"]
    assert (row.real, row.weak, row.not_real, row.unjudged) == (1, 1, 1, 0)
    assert row.precision == 1 / 3 and row.recall == 1 / 2


def test_a_label_whose_sentence_reads_differently_now_is_stale() -> None:
    pair = Pair.of("figure", at("a", 0), at("b", 0))
    label = Label("c", pair, "real", "same", (text_check("one"), text_check("two")))
    fresh = Survey("c", (), (), {pair.a: "one", pair.b: "two"})
    moved = Survey("c", (), (), {pair.a: "one", pair.b: "two, edited"})
    assert stale_labels([fresh], [label]) == []
    assert stale_labels([moved], [label]) == [label]
    elsewhere = Survey("c", (), (), {Located("z", 0, 3): "one"})  # a and b were not read
    assert stale_labels([elsewhere], [label]) == []


def test_unjudged_conflicts_go_out_for_review_and_come_back_as_labels() -> None:
    first = Article(
        id="a1",
        title="t",
        text="The talks lasted an hour. They ended well.",
        path="x/one.txt",
        outlet="Reuters",
    )
    second = Article(id="a2", title="t", text="Talks ended in two hours.", path="x/two.txt")
    corpus = RealCorpus("c", (first, second), (), {"a1": "one", "a2": "two"})
    headline = Pair.of("figure", Located("one", 0, 25), Located("two", 0, 25))
    survey = Survey("c", (shown(headline),), ())
    (row,) = unjudged([survey], [corpus], [])
    assert row["a"]["sentence"] == "The talks lasted an hour."  # type: ignore[index]
    assert row["a"]["after"] == "They ended well." and row["verdict"] is None  # type: ignore[index]
    assert (
        unjudged([survey], [corpus], judged_rows([{**row, "verdict": "not", "reason": "x"}])) == []
    )
    (label,) = judged_rows([row, {**row, "verdict": "real", "reason": "same talks"}])
    assert label.checks == (
        text_check("The talks lasted an hour."),
        text_check(row["b"]["sentence"]),
    )  # type: ignore[index]
    again = Label("c", headline, "weak", "rounding", label.checks)
    assert merged([label], [again]) == [again]
    with pytest.raises(ValueError, match="real, weak or not"):
        judged_rows([{**row, "verdict": "maybe", "reason": "x"}])


def test_a_random_sample_of_pairs_not_shown_goes_out_marked_as_such() -> None:
    first = Article(
        id="a1", title="t", text="Ten boats left. The talks lasted an hour.", path="x/one.txt"
    )
    second = Article(id="a2", title="t", text="Three boats left. It rained.", path="x/two.txt")
    corpus = RealCorpus("c", (first, second), (), {"a1": "one", "a2": "two"})
    pairs = [
        Pair.of("figure", Located("one", 0, 15), Located("two", 0, 17)),
        Pair.of("figure", Located("one", 16, 41), Located("two", 18, 28)),
    ]
    candidates = tuple(Candidate("c", "e", "boats", p, ("10", "3"), 0.4) for p in pairs)
    survey = Survey("c", (), candidates)
    rows = unjudged([survey], [corpus], [], sample=1)
    assert len(rows) == 1 and rows[0]["origin"] == "sample"
    (label,) = judged_rows([{**rows[0], "verdict": "not", "reason": "different boats"}])
    assert label.origin == "sample"
    # Once judged, a pair is never drawn again.
    (other,) = unjudged([survey], [corpus], [label], sample=5)
    assert other["a"] != rows[0]["a"]
