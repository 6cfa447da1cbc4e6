"""Retired events leave the grouper for an archive without changing any decision."""

from __future__ import annotations

import random
from collections import Counter
from datetime import date, timedelta

import numpy as np

from storyline.models import Article, ChangeKind, EventChange
from storyline.pipeline import grouping_state
from storyline.pipeline.archive import MemoryArchive, survivor_of
from storyline.pipeline.features import ArticleFeatures, OnlineIdf
from storyline.pipeline.grouping import OnlineGrouper
from storyline.pipeline.recent_index import RecentIndex


def happenings(n: int, per_day: int = 6) -> list[tuple[Article, ArticleFeatures]]:
    """Short-lived happenings, a few a day, each with its own names, under five running
    topics; some articles are round-ups naming the next happening too, so events merge
    (and some split again) and stories gather several events."""
    rng = random.Random(11)
    topics = np.random.default_rng(11).normal(size=(5, 16)).astype(np.float32)
    out = []
    for i in range(n):
        happening = i // 4 + rng.randrange(2)
        topic = happening % 5
        own = np.random.default_rng(happening).normal(0, 0.3, 16).astype(np.float32)
        vector = topics[topic] + own + np.random.default_rng(10_000 + i).normal(0, 0.1, 16)
        day = date(2025, 1, 1) + timedelta(days=i // per_day)
        keys = Counter({f"n:h{happening}": 2})
        words = Counter({f"w{topic}": 2, f"h{happening}": 2, f"w{rng.randrange(30)}": 1})
        if rng.random() < 0.15:
            keys[f"n:h{happening + 1}"] = 2
            words[f"h{happening + 1}"] = 2
        article = Article(id=f"a{i:04d}", title=f"t{i}", text="", path="", published=day)
        features = ArticleFeatures(article.id, vector.astype(np.float32), keys, words, None)
        out.append((article, features))
    return out


def small_window(archive: MemoryArchive | None = None) -> OnlineGrouper:
    return OnlineGrouper(index=RecentIndex(dim=16, bucket_size=12, window=2), archive=archive)


def test_an_archiving_grouper_decides_and_reports_exactly_as_one_keeping_everything() -> None:
    rows = happenings(600)
    archive = MemoryArchive()
    kept, archiving = small_window(), small_window(archive)
    for article, features in rows:
        assert archiving.add(article, features, article.title) == kept.add(
            article, features, article.title
        )
    assert archive.events(), "the window is small: events must have retired"
    kinds = Counter(c.kind for c in archive.changes())
    assert kinds[ChangeKind.MERGED] and kinds[ChangeKind.SPLIT], "merges and splits archived too"
    assert archive._merged_into
    assert any(len(s.event_ids) > 2 for s in archive.stories())
    whole, bounded = kept.grouping(), archiving.grouping()
    assert sorted(bounded.events, key=lambda e: e.id) == sorted(whole.events, key=lambda e: e.id)
    assert sorted(bounded.stories, key=lambda s: s.id) == sorted(whole.stories, key=lambda s: s.id)
    assert sorted(bounded.changes, key=lambda c: c.seq) == sorted(
        whole.changes, key=lambda c: c.seq
    )
    assert archiving.placed_articles() == {a.id for a, _ in rows}
    for change in whole.changes:
        assert archiving.resolve(change.event_id) == kept.resolve(change.event_id)
    some = [e.id for e in whole.events[:5]] + [e.id for e in whole.events[-5:]]
    assert archiving.events_by_id(some) == kept.events_by_id(some)


def test_what_stays_in_memory_is_bounded_by_the_window_not_the_history() -> None:
    def in_memory(rows: int) -> tuple[int, int, int, int]:
        grouper = small_window(MemoryArchive())
        for article, features in happenings(rows):
            grouper.add(article, features, article.title)
        return (
            sum(e is not None for e in grouper._events),
            len(grouper._changes),
            len(grouper._keys_idf.frequency) + len(grouper._words_idf.frequency),
            sum(s is not None for s in grouper._stories)
            + len(grouper._slot_of)
            + len(grouper._merged_into)
            + len(grouper._holder),
        )

    short, long = in_memory(300), in_memory(1_200)
    for now, later in zip(short, long, strict=True):
        assert later <= 1.5 * now + 10, (short, long)
    # Without an archive the events stay, one per happening of the whole history.
    everything = small_window()
    for article, features in happenings(1_200):
        everything.add(article, features, article.title)
    assert sum(e is not None for e in everything._events) > 3 * long[0]


def test_an_archiving_grouper_resumes_from_its_saved_state() -> None:
    rows = happenings(400)
    archive = MemoryArchive()
    straight, first = small_window(), small_window(archive)
    for article, features in rows[:250]:
        straight.add(article, features, article.title)
        first.add(article, features, article.title)
    resumed = grouping_state.load(grouping_state.dump(first), OnlineGrouper(archive=archive))
    for article, features in rows[250:]:
        assert resumed.add(article, features, article.title) == straight.add(
            article, features, article.title
        )
    assert sorted(resumed.grouping().events, key=lambda e: e.id) == sorted(
        straight.grouping().events, key=lambda e: e.id
    )


def test_terms_unseen_since_a_document_are_forgotten_and_the_rest_kept() -> None:
    idf = OnlineIdf()
    idf.add(["old", "both"])
    idf.add(["both"])
    idf.add(["new", "both"])
    idf.forget_unseen_since(1)
    assert dict(idf.frequency) == {"both": 3, "new": 1}
    assert idf.documents == 3


def test_the_survivor_of_a_merge_is_read_from_history_and_a_split_undoes_it() -> None:
    day = date(2025, 1, 1)
    merged = EventChange(5, ChangeKind.MERGED, "e:a", "x", "e:b", day)
    split = EventChange(9, ChangeKind.SPLIT, "e:b", "y", "e:a", day)
    assert survivor_of([merged], "e:b") == "e:a"
    assert survivor_of([merged, split], "e:b") is None
    assert survivor_of([merged], "e:a") is None
