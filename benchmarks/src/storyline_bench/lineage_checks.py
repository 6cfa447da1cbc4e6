"""Cross-corpus checks for ``storyline bench lineage``: where every outlet wrote its own report.

The reuse and sentence models are fitted on METER and MSRP; these corpora were
not used to fit them, so they show whether lineage holds on other news:

* **NewsWCL50**: five outlets of different leanings each wrote their own
  article on one event. Every topic should count five independent reports, and
  any lineage link between two of its articles is a false one (they quote the
  same tweets and statements, which is not copying).
* **The seeds**: five articles on peace talks, with two human rewrite pairs
  (000/004 and 001/002); the groups found should be exactly those.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from storyline.chain import cluster, embed_articles
from storyline.ingest import read_inputs
from storyline.models import Article, Event
from storyline.nlp.embed import Embedder
from storyline.pipeline.lineage import trace_lineage
from storyline.settings import Settings


@dataclass(frozen=True, slots=True)
class IndependentCheck:
    """Independent reports per topic, where each article is its own outlet's report."""

    corpus: str
    articles_per_topic: dict[str, int]  # the gold count: every article is its own report
    reports_gold_events: dict[str, int]  # topics given as events (lineage alone)
    reports_own_events: dict[str, int]  # Storyline's own events (the whole system)
    false_links_gold_events: int
    false_links_own_events: int
    own_events: int

    @property
    def topics_right(self) -> tuple[int, int]:
        """Topics counted right with gold events and with own events."""
        want = self.articles_per_topic
        return (
            sum(self.reports_gold_events[t] == n for t, n in want.items()),
            sum(self.reports_own_events[t] == n for t, n in want.items()),
        )

    def as_document(self) -> dict[str, object]:
        gold, own = self.topics_right
        return {
            "corpus": self.corpus,
            "topics": len(self.articles_per_topic),
            "articles_per_topic": self.articles_per_topic,
            "reports_gold_events": self.reports_gold_events,
            "reports_own_events": self.reports_own_events,
            "topics_right_gold_events": gold,
            "topics_right_own_events": own,
            "false_links_gold_events": self.false_links_gold_events,
            "false_links_own_events": self.false_links_own_events,
            "own_events": self.own_events,
        }


@dataclass(frozen=True, slots=True)
class SeedsCheck:
    groups: tuple[tuple[str, ...], ...]  # lineage groups of two or more, by file-name prefix
    expected: tuple[tuple[str, ...], ...] = (("000", "004"), ("001", "002"))

    @property
    def unchanged(self) -> bool:
        return self.groups == self.expected

    def as_document(self) -> dict[str, object]:
        return {
            "groups": [list(g) for g in self.groups],
            "expected": [list(g) for g in self.expected],
            "unchanged": self.unchanged,
        }


def _read(paths: Sequence[Path], settings: Settings) -> list[Article]:
    return [a for a in read_inputs(list(paths), settings) if isinstance(a, Article)]


def newswcl50_check(folder: Path, embedder: Embedder, settings: Settings) -> IndependentCheck:
    """Lineage on NewsWCL50's topics: each document ``<topic>_<leaning>`` is its own outlet."""
    gold = [json.loads(line) for line in (folder / "gold.jsonl").read_text().splitlines() if line]
    topic_of_doc = {g["doc"]: g["event"] for g in gold}
    read = _read([folder / "docs" / f"{doc}.txt" for doc in sorted(topic_of_doc)], settings)
    # The leaning in the document name stands for the outlet (the corpus keeps no outlet).
    articles = [replace(a, outlet=f"outlet-{Path(a.path).stem.split('_', 1)[1]}") for a in read]
    topic_of = {a.id: topic_of_doc[Path(a.path).stem] for a in articles}
    embedded = embed_articles(articles, embedder)
    members: dict[str, list[str]] = defaultdict(list)
    for article in articles:
        members[topic_of[article.id]].append(article.id)
    gold_events = [Event(f"gold-{t}", tuple(ids), t) for t, ids in sorted(members.items())]
    own = cluster(articles, embedded, embedder).events

    def counted(events: Sequence[Event]) -> tuple[dict[str, int], int]:
        lineage = trace_lineage(articles, embedded.sentences, embedded.vectors, events)
        group_of = {a: g.id for g in lineage.groups for a in g.article_ids}
        reports = {t: len({group_of.get(a, a) for a in ids}) for t, ids in members.items()}
        false = sum(1 for k in lineage.links if topic_of[k.a] == topic_of[k.b])
        return dict(sorted(reports.items())), false

    with_gold, false_gold = counted(gold_events)
    with_own, false_own = counted(own)
    return IndependentCheck(
        folder.name,
        {t: len(ids) for t, ids in sorted(members.items())},
        with_gold,
        with_own,
        false_gold,
        false_own,
        len(own),
    )


def seeds_check(folder: Path, embedder: Embedder, settings: Settings) -> SeedsCheck:
    """The seeds' lineage groups of two or more articles, with Storyline's own events."""
    articles = _read(sorted(folder.glob("*.txt")), settings)
    embedded = embed_articles(articles, embedder)
    events = cluster(articles, embedded, embedder).events
    lineage = trace_lineage(articles, embedded.sentences, embedded.vectors, events)
    prefix = {a.id: Path(a.path).name[:3] for a in articles}
    groups = sorted(
        tuple(sorted(prefix[a] for a in g.article_ids))
        for g in lineage.groups
        if len(g.article_ids) > 1
    )
    return SeedsCheck(tuple(groups))
