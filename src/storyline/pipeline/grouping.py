"""Online grouping of articles into events and of events into stories.

Articles arrive one at a time, in publication order where dates are known. A
new article joins the event it is most similar to, measured as average link
(the mean cosine between the article and each member), when that mean clears
``event_threshold``; otherwise it founds a new event. Events join stories the
same way with the looser ``story_threshold``. Average link over unit vectors
is a dot product with the members' summed vector, so assigning an article
costs one matrix-vector product over the open events.

This is the first grouping; the clustering issue adds entities, figures and
time to the similarity.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

import numpy as np
import numpy.typing as npt

from .. import ids
from ..models import Article, Event, Story

Vector = npt.NDArray[np.float32]

# Chosen on ECB+ dev topics (docs/benchmarks.md), not on the seeds.
EVENT_THRESHOLD = 0.675
STORY_THRESHOLD = 0.55


@dataclass(slots=True)
class _Group:
    """A growing cluster: its members and the sum of their unit vectors."""

    founder: str
    members: list[str] = field(default_factory=list)
    total: Vector = field(default_factory=lambda: np.zeros(0, dtype=np.float32))

    def add(self, member: str, vector: Vector) -> None:
        self.members.append(member)
        self.total = vector.copy() if self.total.size == 0 else self.total + vector

    def average_link(self, vector: Vector) -> float:
        return float(self.total @ vector) / len(self.members)


class _OnlineClusterer:
    """Single-pass average-link assignment with a fixed threshold."""

    def __init__(self, threshold: float) -> None:
        self.threshold = threshold
        self.groups: list[_Group] = []

    def add(self, member: str, vector: Vector) -> _Group:
        best, best_score = None, self.threshold
        for group in self.groups:
            score = group.average_link(vector)
            if score >= best_score:
                best, best_score = group, score
        if best is None:
            best = _Group(founder=member)
            self.groups.append(best)
        best.add(member, vector)
        return best


def _unit(vector: Vector) -> Vector:
    norm = float(np.linalg.norm(vector))
    return vector / norm if norm > 0 else vector


def arrival_order(articles: Sequence[Article]) -> list[Article]:
    """Dated articles by date; undated ones keep their arrival position among them.

    Sorting is stable, so streaming the same articles in this order gives the
    same grouping as a batch run.
    """
    latest = date.min
    keyed = []
    for position, article in enumerate(articles):
        if article.published is not None:
            latest = max(latest, article.published)
        keyed.append((article.published or latest, position, article))
    return [a for _, _, a in sorted(keyed, key=lambda k: (k[0], k[1]))]


@dataclass(frozen=True, slots=True)
class Grouping:
    events: tuple[Event, ...]
    stories: tuple[Story, ...]


def group_articles(
    articles: Sequence[Article],
    vectors: dict[str, Vector],
    labels: dict[str, str],
    event_threshold: float = EVENT_THRESHOLD,
    story_threshold: float = STORY_THRESHOLD,
) -> Grouping:
    """Group articles (with one document vector each) into events and stories.

    ``labels`` maps an article id to a readable title used to name events.
    """
    by_id = {a.id: a for a in articles}
    event_clusterer = _OnlineClusterer(event_threshold)
    for article in arrival_order(articles):
        event_clusterer.add(article.id, _unit(vectors[article.id]))

    events: list[Event] = []
    event_vectors: dict[str, Vector] = {}
    for group in event_clusterer.groups:
        event_id = ids.event_id(group.founder)
        days = sorted(d for m in group.members if (d := by_id[m].published) is not None)
        centroid = _unit(group.total)
        label = labels[_most_central(group.members, vectors, centroid)]
        events.append(
            Event(
                id=event_id,
                article_ids=tuple(group.members),
                label=label,
                start=days[0] if days else None,
                end=days[-1] if days else None,
            )
        )
        event_vectors[event_id] = centroid

    story_clusterer = _OnlineClusterer(story_threshold)
    for event in events:
        story_clusterer.add(event.id, event_vectors[event.id])
    event_by_id = {e.id: e for e in events}
    stories = tuple(
        Story(
            id=ids.story_id(group.founder),
            event_ids=tuple(group.members),
            label=event_by_id[
                max(group.members, key=lambda e: len(event_by_id[e].article_ids))
            ].label,
        )
        for group in story_clusterer.groups
    )
    return Grouping(tuple(events), stories)


def _most_central(members: Sequence[str], vectors: dict[str, Vector], centroid: Vector) -> str:
    return max(members, key=lambda m: float(_unit(vectors[m]) @ centroid))
