"""A saved grouper resumes exactly where it stopped."""

from __future__ import annotations

import random
from collections import Counter
from datetime import date, timedelta

import numpy as np
import pytest

from storyline.models import Article
from storyline.pipeline import grouping_state
from storyline.pipeline.features import ArticleFeatures
from storyline.pipeline.grouping import OnlineGrouper
from storyline.pipeline.recent_index import RecentIndex


def stream(n: int) -> list[tuple[Article, ArticleFeatures]]:
    """Articles about 12 happenings, some dated, in small bursts."""
    rng = random.Random(5)
    centres = np.random.default_rng(5).normal(size=(12, 16)).astype(np.float32)
    out = []
    for i in range(n):
        topic = rng.randrange(12)
        vector = centres[topic] + np.random.default_rng(i).normal(0, 0.3, 16).astype(np.float32)
        day = date(2025, 1, 1) + timedelta(days=i // 10) if i % 3 else None
        keys = Counter({f"n:k{topic}": 2, f"n:x{rng.randrange(40)}": 1})
        words = Counter({f"w{topic}": 3, f"w{rng.randrange(60)}": 1})
        article = Article(id=f"a{i:03d}", title=f"t{i}", text="", path="", published=day)
        # Some undated articles state their happening's day, a few years before the rest.
        stated = None if day or i % 2 else date(2019 if i % 4 else 2025, 1, 1)
        features = ArticleFeatures(article.id, vector, keys, words, None, stated_day=stated)
        out.append((article, features))
    return out


def grouper() -> OnlineGrouper:
    # Small buckets, so the state holds frozen faiss buckets and retired events too.
    return OnlineGrouper(index=RecentIndex(dim=16, bucket_size=20, window=3))


def test_a_restored_grouper_continues_exactly_like_the_uninterrupted_one() -> None:
    articles = stream(150)
    straight, first = grouper(), grouper()
    for article, features in articles[:90]:
        straight.add(article, features, article.title)
        first.add(article, features, article.title)
    resumed = grouping_state.load(grouping_state.dump(first), OnlineGrouper())
    assert resumed.grouping() == first.grouping()
    stated = [sorted(e.stated) for e in first._events if e is not None]
    assert any(stated) and stated == [sorted(e.stated) for e in resumed._events if e is not None]
    for article, features in articles[90:]:
        assert resumed.add(article, features, article.title) == straight.add(
            article, features, article.title
        )
    assert resumed.grouping() == straight.grouping()
    assert resumed.placed_articles() == {a.id for a, _ in articles}


def test_a_state_from_other_thresholds_or_garbage_is_refused() -> None:
    saved = grouping_state.dump(grouper())
    with pytest.raises(grouping_state.StateMismatch):
        grouping_state.load(saved, OnlineGrouper(event_threshold=0.3))
    with pytest.raises(grouping_state.StateMismatch):
        grouping_state.load(b"not a state", OnlineGrouper())


def test_a_grouper_saved_between_a_merge_and_its_split_splits_the_same_way() -> None:
    from tests.pipeline.test_grouping import bridged_then_apart

    rows = bridged_then_apart()
    straight, first = OnlineGrouper(), OnlineGrouper()
    for article, features in rows[:8]:  # past the merge, before the split
        straight.add(article, features, article.id)
        first.add(article, features, article.id)
    assert "merged" in [c.kind.value for c in first.changes]
    resumed = grouping_state.load(grouping_state.dump(first), OnlineGrouper())
    for article, features in rows[8:]:
        assert resumed.add(article, features, article.id) == straight.add(
            article, features, article.id
        )
    assert resumed.grouping() == straight.grouping()
    assert "split" in [c.kind.value for c in resumed.changes]


def test_a_restored_grouper_still_ties_a_rewrite_to_its_source_saved_before_it() -> None:
    from tests.pipeline.test_grouping import art, features, prose, unit

    source = prose(21)
    rewrite = " ".join(source.split(". ")[:14]) + ". " + prose(22, 60)
    first = OnlineGrouper()
    first.add(art("a", text=source), features("a", unit(1, 0, 0), "lmnt mgntd6"), "a")
    first.add(art("b", text=prose(23)), features("b", unit(0, 1, 0), "npl rscrs"), "b")
    resumed = grouping_state.load(grouping_state.dump(first), OnlineGrouper())
    joined = resumed.add(art("c", text=rewrite), features("c", unit(0, 1, 0), "npl rscrs"), "c")
    assert joined == resumed.resolve(first.grouping().events[0].id)
    assert {e.article_ids for e in resumed.grouping().events} == {("a", "c"), ("b",)}
