from __future__ import annotations

from collections import Counter
from datetime import date

import numpy as np

from storyline.models import Article
from storyline.nlp.sentences import split_sentences
from storyline.pipeline.features import ArticleFeatures, OnlineIdf, article_features
from storyline.pipeline.grouping import OnlineGrouper, arrival_order, group_articles


def art(i: str, day: date | None = None, text: str = "x") -> Article:
    return Article(id=i, title=f"title {i}", text=text, path=f"{i}.txt", published=day)


def unit(*xs: float) -> np.ndarray:
    v = np.array(xs, dtype=np.float32)
    return v / np.linalg.norm(v)


def features(
    i: str, vector: np.ndarray, names: str = "", year: int | None = None
) -> ArticleFeatures:
    keys = Counter(f"n:{n}" for n in names.split())
    return ArticleFeatures(i, vector, keys, Counter(names.split()), year)


def test_shared_specifics_join_an_event_and_different_ones_split_it() -> None:
    # a and b: same quake (same town, same magnitude); c: same kind, other town; d: unrelated.
    articles = [art("a"), art("b"), art("c"), art("d")]
    feats = {
        "a": features("a", unit(1, 0.05, 0), "lmnt mgntd6 usgs"),
        "b": features("b", unit(1, 0.1, 0), "lmnt mgntd6 usgs"),
        "c": features("c", unit(1, 0.12, 0), "npl mgntd4 rscrs"),
        "d": features("d", unit(0, 0, 1), "mrkt shrs"),
    }
    grouping = group_articles(articles, feats, {k: k for k in feats})
    events = sorted(e.article_ids for e in grouping.events)
    assert events == [("a", "b"), ("c",), ("d",)]
    assert sorted(len(s.event_ids) for s in grouping.stories) == [1, 2]


def test_a_different_year_tips_a_borderline_article_into_its_own_event() -> None:
    articles = [art("a"), art("b")]
    # Related but not identical: one specific in five shared, embeddings close.
    a = features("a", unit(1, 0, 0), "lmnt mgntd6 usgs qk fld", 2008)
    b = features("b", unit(1, 0.2, 0), "lmnt rscu tsnm wve crk", 2008)
    assert len(group_articles(articles, {"a": a, "b": b}, {"a": "a", "b": "b"}).events) == 1
    later = features("b", unit(1, 0.2, 0), "lmnt rscu tsnm wve crk", 2013)
    assert len(group_articles(articles, {"a": a, "b": later}, {"a": "a", "b": "b"}).events) == 2


def test_dated_articles_either_side_of_new_year_are_not_another_year() -> None:
    a = features("a", unit(1, 0, 0), "lmnt mgntd6 usgs qk fld", 2020)
    b = features("b", unit(1, 0.2, 0), "lmnt rscu tsnm wve crk", 2021)
    feats, labels = {"a": a, "b": b}, {"a": "a", "b": "b"}
    # Reported on 31 December and on 2 January: one event, as with no calendar change.
    near = [art("a", date(2020, 12, 31)), art("b", date(2021, 1, 2))]
    assert len(group_articles(near, feats, labels).events) == 1
    # Ten months apart, the same pair is two happenings (the year penalty applies).
    far = [art("a", date(2020, 12, 31)), art("b", date(2021, 10, 30))]
    assert len(group_articles(far, feats, labels).events) == 2


def test_event_dates_span_its_dated_articles_and_the_earliest_founds_it() -> None:
    articles = [art("a", date(2025, 6, 3)), art("b", date(2025, 6, 2)), art("c")]
    feats = {k: features(k, unit(1, 0, 0), "tlks istnbl") for k in "abc"}
    (event,) = group_articles(articles, feats, {k: k for k in "abc"}).events
    assert (event.start, event.end) == (date(2025, 6, 2), date(2025, 6, 3))
    again = group_articles([articles[1], articles[0], articles[2]], feats, {k: k for k in "abc"})
    assert again.events[0].id == event.id


def test_arrival_order_sorts_dated_and_keeps_undated_in_place() -> None:
    a, b, c = art("a", date(2025, 6, 3)), art("b"), art("c", date(2025, 6, 1))
    assert [x.id for x in arrival_order([a, b, c])] == ["c", "a", "b"]


def test_online_idf_still_weighs_terms_every_document_shares() -> None:
    idf = OnlineIdf()
    for _ in range(5):
        idf.add(["zelensky", "istanbul"])
    idf.add(["zelensky", "drones"])
    weights = idf.weigh(Counter(["zelensky", "drones"]))
    assert 0 < weights["zelensky"] < weights["drones"]


def test_article_features_take_names_numbers_and_the_year() -> None:
    article = art("a", text="Zelenskiy said 472 drones hit Ukraine in 2025. Two died.")
    found = article_features(article, split_sentences(article), unit(1, 0, 0))
    assert found.year == 2025
    assert "#:472" in found.keys and "#:2" not in found.keys
    assert found.words["drones"] == 1 and "said" not in found.words


def test_an_article_that_bridges_two_events_merges_them_and_the_merge_is_recorded() -> None:
    # a and b report one happening in words that barely overlap; c shares the
    # specifics of both, so it shows a and b were the same event all along.
    articles = [art("a"), art("b"), art("c")]
    feats = {
        "a": features("a", unit(1, 0, 0), "lmnt mgntd6 usgs"),
        "b": features("b", unit(1, 0.1, 0), "tsnm rscrs crk"),
        "c": features("c", unit(1, 0.05, 0), "lmnt mgntd6 usgs tsnm rscrs crk"),
    }
    grouper = OnlineGrouper()
    first = [grouper.add(a, feats[a.id], a.id) for a in articles]
    grouping = grouper.grouping()
    assert [e.article_ids for e in grouping.events] == [("a", "b", "c")]
    kinds = [(c.kind.value, c.article_id) for c in grouping.changes]
    assert kinds == [("founded", "a"), ("founded", "b"), ("joined", "c"), ("merged", "c")]
    merge = grouping.changes[-1]
    assert (merge.event_id, merge.other_event_id) == (first[0], first[1])
    assert grouper.resolve(first[1]) == first[0] == grouping.events[0].id
    assert len(grouping.stories) == 1


def test_a_long_gap_after_an_events_last_article_counts_against_joining_it() -> None:
    a = art("a", date(2025, 6, 2))
    same_week = art("b", date(2025, 6, 4))
    months_later = art("b", date(2025, 9, 1))
    # Borderline similarity: enough to join when close in time, not after months.
    fa = features("a", unit(1, 0, 0), "tlks " + " ".join(f"a{i}" for i in range(9)))
    fb = features("b", unit(1, 0.2, 0), "tlks " + " ".join(f"b{i}" for i in range(9)))
    feats, labels = {"a": fa, "b": fb}, {"a": "a", "b": "b"}
    assert len(group_articles([a, same_week], feats, labels).events) == 1
    assert len(group_articles([a, months_later], feats, labels).events) == 2


def test_a_small_index_window_retires_old_events_and_keeps_grouping_them() -> None:
    from storyline.pipeline.recent_index import RecentIndex

    # Window of 2 buckets of 3 articles: the first story's event is retired long
    # before a late article of a similar event merges stories with it.
    grouper = OnlineGrouper(index=RecentIndex(dim=3, bucket_size=3, window=2))
    rows = [("a", (1, 0, 0), "lmnt mgntd6"), ("b", (1, 0.02, 0), "lmnt mgntd6")]
    rows += [(f"x{i}", (0, 1, 0.1 * i), f"mrkt{i}") for i in range(8)]
    rows += [("c", (1, 0.01, 0), "lmnt mgntd6")]
    for name, vector, keys in rows:
        grouper.add(art(name), features(name, unit(*vector), keys), name)
    grouping = grouper.grouping()
    assert sum(len(e.article_ids) for e in grouping.events) == len(rows)
    assert ("a", "b") in [e.article_ids for e in grouping.events]  # out of reach, kept whole


def bridged_then_apart() -> list[tuple[Article, ArticleFeatures]]:
    """Two happenings a round-up bridges, each then reported on in its own words."""
    rows = [("a", (1, 0.3, 0), "lmnt mgntd6 usgs"), ("b", (1, -0.3, 0), "tsnm rscrs crk")]
    rows += [("c", (1, 0, 0), "lmnt mgntd6 usgs tsnm rscrs crk")]  # the round-up
    rows += [(f"a{i}", (1, 0.3, 0.01 * i), "lmnt mgntd6 ftr bldg") for i in range(10)]
    rows += [(f"b{i}", (1, -0.3, 0.01 * i), "tsnm rscrs hrbr dck") for i in range(10)]
    return [(art(name), features(name, unit(*vector), keys)) for name, vector, keys in rows]


def test_a_merge_that_later_articles_contradict_is_undone_and_recorded() -> None:
    grouper = OnlineGrouper()
    placed = {a.id: grouper.add(a, f, a.id) for a, f in bridged_then_apart()}
    grouping = grouper.grouping()
    events = sorted(e.article_ids for e in grouping.events)
    assert events == [
        ("a", "c", *(f"a{i}" for i in range(10))),
        ("b", *(f"b{i}" for i in range(10))),
    ]
    kinds = [c.kind.value for c in grouping.changes]
    assert kinds.count("merged") == 1 and kinds.count("split") == 1
    assert kinds.index("merged") < kinds.index("split")
    split = next(c for c in grouping.changes if c.kind.value == "split")
    # The part that leaves gets its old id back; the event it left keeps its own.
    assert (split.event_id, split.other_event_id) == (placed["b"], placed["a"])
    assert grouper.resolve(placed["b"]) == placed["b"]
    assert {e.id for e in grouping.events} == {placed["a"], placed["b"]}
    # Two same-kind happenings once thought one: they stay in one story.
    assert len(grouping.stories) == 1
    assert set(grouping.stories[0].event_ids) == {placed["a"], placed["b"]}


def test_articles_that_keep_agreeing_never_split_a_merged_event() -> None:
    grouper = OnlineGrouper()
    rows = bridged_then_apart()[:3]  # a, b and the round-up that merges them
    rows += [
        (art(f"r{i}"), features(f"r{i}", unit(1, 0, 0.01 * i), "lmnt mgntd6 usgs tsnm rscrs"))
        for i in range(20)
    ]
    for article, f in rows:
        grouper.add(article, f, article.id)
    grouping = grouper.grouping()
    assert len(grouping.events) == 1
    assert "split" not in [c.kind.value for c in grouping.changes]


def test_a_long_stream_with_merges_splits_and_retirements_never_scores_freed_views() -> None:
    """Tiny index buckets retire events constantly while round-ups bridge and split them."""
    import random

    from storyline.pipeline.recent_index import RecentIndex

    rng = random.Random(3)
    grouper = OnlineGrouper(index=RecentIndex(dim=3, bucket_size=6, window=2))
    for i in range(600):
        topic = rng.randrange(8)
        names = f"k{topic} k{topic}x{rng.randrange(3)}"
        if rng.random() < 0.15:  # a round-up of two happenings
            names += f" k{(topic + 1) % 8} k{(topic + 1) % 8}x{rng.randrange(3)}"
        vector = unit(1, 0.1 * topic + rng.random() * 0.05, rng.random() * 0.05)
        grouper.add(art(f"a{i}"), features(f"a{i}", vector, names), f"a{i}")
    grouping = grouper.grouping()
    assert sum(len(e.article_ids) for e in grouping.events) == 600
    kinds = {c.kind.value for c in grouping.changes}
    assert {"merged", "split"} <= kinds


def prose(seed: int, words: int = 240) -> str:
    """Made-up sentences of made-up words: every text its own wording."""
    import random

    rng = random.Random(seed)
    vocabulary = [f"w{seed}x{k}" for k in range(400)]
    sentences = []
    while sum(len(s.split()) for s in sentences) < words:
        sentences.append(" ".join(rng.choice(vocabulary) for _ in range(12)).capitalize() + ".")
    return " ".join(sentences)


def test_a_rewrite_joins_its_sources_event_even_when_its_scores_point_elsewhere() -> None:
    source, other = prose(1), prose(2)
    rewrite = " ".join(source.split(". ")[:14]) + ". " + prose(3, 60)
    independent = prose(4)
    feats = {
        "a": features("a", unit(1, 0, 0), "lmnt mgntd6 usgs"),
        "b": features("b", unit(0, 1, 0), "npl rscrs dlg"),
        # Scored on its own, c belongs with b (same vector, same names).
        "c": features("c", unit(0.05, 1, 0), "npl rscrs dlg"),
    }
    texts = {"a": source, "b": other}

    def event_of_c(text: str, day_c: date | None = None) -> tuple[str, ...]:
        days = {"a": date(2024, 5, 1) if day_c else None, "b": day_c, "c": day_c}
        articles = [art(k, days[k], texts.get(k, text)) for k in ("a", "b", "c")]
        grouping = group_articles(articles, feats, {k: k for k in feats})
        return next(e.article_ids for e in grouping.events if "c" in e.article_ids)

    assert event_of_c(rewrite) == ("a", "c")
    assert event_of_c(independent) == ("b", "c")
    # A recap of an earlier day's copy, a week on, is placed by its scores alone.
    assert event_of_c(rewrite, date(2024, 5, 8)) == ("b", "c")


LABELS = {"dated": "dated", "undated": "undated"}


def test_an_undated_article_stays_out_of_an_event_its_opening_dates_years_away() -> None:
    # The same kind of happening, in the same words: a 2011 pirate attack reported on
    # its day, and an undated report that states its own day in 2008.
    dated = art("dated", date(2011, 11, 12))
    undated = art("undated")
    same = features("dated", unit(1, 0, 0), "pirates navy gulf aden")
    stated = ArticleFeatures(
        "undated", unit(1, 0, 0), same.keys, same.words, 2008, stated_day=date(2008, 11, 18)
    )
    apart = group_articles([dated, undated], {"dated": same, "undated": stated}, LABELS)
    assert len(apart.events) == 2
    unstated = ArticleFeatures("undated", unit(1, 0, 0), same.keys, same.words, None)
    together = group_articles([dated, undated], {"dated": same, "undated": unstated}, LABELS)
    assert len(together.events) == 1
