"""Online grouping of articles into events and of events into stories.

Articles arrive one at a time, in publication order where dates are known. A
new article joins the event it is most similar to when that similarity clears
``event_threshold``; otherwise it founds a new event.

Similarity is an average link (the mean similarity between the article and
each member) over three views of an article (:mod:`.features`): its
embedding, its IDF-weighted names and distinctive numbers, and its
IDF-weighted content words, minus a penalty when it speaks of another year
than the event. Over unit vectors an average link is a dot product with the
members' summed vector, so each view costs one product per candidate event;
only the events closest by embedding are scored in full.

Events join stories by the average link of their embedding centroids, with
the looser ``story_threshold``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

import numpy as np
import numpy.typing as npt

from .. import ids
from ..models import Article, Event, Story
from ..nlp.embed import unit
from .features import ArticleFeatures, OnlineIdf, Sparse, add_into, sparse_dot

Vector = npt.NDArray[np.float32]

# Weights of the three views and the threshold, from a sweep on the ECB+ dev
# articles as a whole (docs/benchmarks.md), never per topic or on the seeds.
W_EMBEDDING, W_KEYS, W_WORDS = 0.1, 0.6, 0.3
EVENT_THRESHOLD = 0.12
YEAR_PENALTY = 0.2
# Events scored in full per article: the nearest by embedding.
CANDIDATE_EVENTS = 30
STORY_THRESHOLD = 0.60


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


@dataclass(slots=True)
class _Event:
    """A growing event: summed views of its members, and the years they speak of."""

    founder: str
    members: list[str] = field(default_factory=list)
    keys: Sparse = field(default_factory=dict)
    words: Sparse = field(default_factory=dict)
    years: Counter[int] = field(default_factory=Counter)

    def score(self, embedding_link: float, keys: Sparse, words: Sparse, year: int | None) -> float:
        n = len(self.members)
        score = (
            W_EMBEDDING * embedding_link
            + W_KEYS * sparse_dot(keys, self.keys) / n
            + W_WORDS * sparse_dot(words, self.words) / n
        )
        if year is not None and self.years and self.years.most_common(1)[0][0] != year:
            score -= YEAR_PENALTY
        return score


class _EventClusterer:
    """Single-pass assignment of articles to events over all three views."""

    def __init__(self, threshold: float) -> None:
        self.threshold = threshold
        self.events: list[_Event] = []
        self.totals: list[Vector] = []  # summed member unit embeddings, row per event
        self._keys_idf = OnlineIdf()
        self._words_idf = OnlineIdf()

    def _candidates(self, vector: Vector) -> list[tuple[int, float]]:
        if not self.events:
            return []
        sizes = np.array([len(e.members) for e in self.events], dtype=np.float32)
        links = (np.stack(self.totals) @ vector) / sizes
        nearest = np.argsort(-links, kind="stable")[:CANDIDATE_EVENTS]
        return [(int(i), float(links[i])) for i in nearest]

    def add(self, article: ArticleFeatures) -> _Event:
        self._keys_idf.add(article.keys)
        self._words_idf.add(article.words)
        keys = self._keys_idf.weigh(article.keys)
        words = self._words_idf.weigh(article.words)
        vector = unit(article.vector)
        best, best_score = -1, self.threshold
        for index, link in self._candidates(vector):
            score = self.events[index].score(link, keys, words, article.year)
            if score >= best_score:
                best, best_score = index, score
        if best < 0:
            self.events.append(_Event(founder=article.article_id))
            self.totals.append(np.zeros_like(vector))
            best = len(self.events) - 1
        event = self.events[best]
        event.members.append(article.article_id)
        add_into(event.keys, keys)
        add_into(event.words, words)
        if article.year is not None:
            event.years[article.year] += 1
        self.totals[best] = self.totals[best] + vector
        return event


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


class OnlineGrouper:
    """Events and stories that grow as articles arrive, one call per article.

    Feed articles in arrival order with :meth:`add`; :meth:`grouping` gives the
    events and stories so far at any point. An event keeps the id of the
    article that founded it, so ids seen mid-stream stay valid as it grows.
    """

    def __init__(
        self, event_threshold: float = EVENT_THRESHOLD, story_threshold: float = STORY_THRESHOLD
    ) -> None:
        self.story_threshold = story_threshold
        self._events = _EventClusterer(event_threshold)
        self._articles: dict[str, Article] = {}
        self._vectors: dict[str, Vector] = {}
        self._labels: dict[str, str] = {}

    def add(self, article: Article, features: ArticleFeatures, label: str) -> str:
        """Place one article; returns the id of the event it joined or founded."""
        self._articles[article.id] = article
        self._vectors[article.id] = unit(features.vector)
        self._labels[article.id] = label
        return ids.event_id(self._events.add(features).founder)

    def grouping(self) -> Grouping:
        events: list[Event] = []
        centroids: dict[str, Vector] = {}
        for group, total in zip(self._events.events, self._events.totals, strict=True):
            centroid = unit(total)
            event = self._event(group, centroid)
            events.append(event)
            centroids[event.id] = centroid
        return Grouping(tuple(events), self._stories(events, centroids))

    def _event(self, group: _Event, centroid: Vector) -> Event:
        members = group.members
        days = sorted(d for m in members if (d := self._articles[m].published) is not None)
        return Event(
            id=ids.event_id(group.founder),
            article_ids=tuple(members),
            label=self._labels[_most_central(members, self._vectors, centroid)],
            start=days[0] if days else None,
            end=days[-1] if days else None,
        )

    def _stories(self, events: Sequence[Event], centroids: dict[str, Vector]) -> tuple[Story, ...]:
        clusterer = _OnlineClusterer(self.story_threshold)
        for event in events:
            clusterer.add(event.id, centroids[event.id])
        by_id = {e.id: e for e in events}
        return tuple(
            Story(
                id=ids.story_id(group.founder),
                event_ids=tuple(group.members),
                label=by_id[max(group.members, key=lambda e: len(by_id[e].article_ids))].label,
            )
            for group in clusterer.groups
        )


def group_articles(
    articles: Sequence[Article],
    features: dict[str, ArticleFeatures],
    labels: dict[str, str],
    event_threshold: float = EVENT_THRESHOLD,
    story_threshold: float = STORY_THRESHOLD,
) -> Grouping:
    """Batch grouping: the articles streamed through :class:`OnlineGrouper` in arrival order.

    ``labels`` maps an article id to a readable title used to name events.
    """
    grouper = OnlineGrouper(event_threshold, story_threshold)
    for article in arrival_order(articles):
        grouper.add(article, features[article.id], labels[article.id])
    return grouper.grouping()


def _most_central(members: Sequence[str], vectors: dict[str, Vector], centroid: Vector) -> str:
    return max(members, key=lambda m: float(unit(vectors[m]) @ centroid))
