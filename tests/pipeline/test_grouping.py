from __future__ import annotations

from datetime import date

import numpy as np

from storyline.models import Article
from storyline.pipeline.grouping import arrival_order, group_articles


def art(i: str, day: date | None = None) -> Article:
    return Article(id=i, title=f"title {i}", text="x", path=f"{i}.txt", published=day)


def unit(*xs: float) -> np.ndarray:
    v = np.array(xs, dtype=np.float32)
    return v / np.linalg.norm(v)


def test_similar_articles_share_an_event_and_related_events_a_story() -> None:
    articles = [art("a"), art("b"), art("c"), art("d")]
    vectors = {
        "a": unit(1, 0.05, 0),
        "b": unit(1, 0.1, 0),  # same happening as a
        "c": unit(1, 1.2, 0),  # related: same story, different event
        "d": unit(0, 0, 1),  # unrelated
    }
    grouping = group_articles(
        articles, vectors, {k: k for k in vectors}, event_threshold=0.9, story_threshold=0.5
    )
    events = sorted(e.article_ids for e in grouping.events)
    assert events == [("a", "b"), ("c",), ("d",)]
    stories = sorted(len(s.event_ids) for s in grouping.stories)
    assert stories == [1, 2]


def test_event_dates_span_its_dated_articles() -> None:
    articles = [art("a", date(2025, 6, 3)), art("b", date(2025, 6, 2)), art("c")]
    vectors = {k: unit(1, 0, 0) for k in "abc"}
    (event,) = group_articles(articles, vectors, {k: k for k in "abc"}).events
    assert (event.start, event.end) == (date(2025, 6, 2), date(2025, 6, 3))
    # The earliest-dated article founds the event, whatever order the dated ones came in.
    again = group_articles([articles[1], articles[0], articles[2]], vectors, {k: k for k in "abc"})
    assert again.events[0].id == event.id


def test_arrival_order_sorts_dated_and_keeps_undated_in_place() -> None:
    a, b, c = art("a", date(2025, 6, 3)), art("b"), art("c", date(2025, 6, 1))
    assert [x.id for x in arrival_order([a, b, c])] == ["c", "a", "b"]
