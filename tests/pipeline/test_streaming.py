"""Streaming articles one at a time gives exactly the batch grouping (real ECB+ articles)."""

from __future__ import annotations

import json

from storyline import chain
from storyline.models import Article
from storyline.nlp.embed import MiniLMEmbedder
from storyline.pipeline.features import article_features
from storyline.pipeline.grouping import OnlineGrouper, arrival_order, group_articles
from storyline.settings import load_settings

from ..conftest import ECBPLUS

TOPICS = ("t3", "t16")  # two stories, each with two different same-kind events


def real_articles() -> list[Article]:
    from storyline.ingest import read_inputs

    gold = [json.loads(line) for line in (ECBPLUS / "gold.jsonl").read_text().splitlines()]
    paths = [ECBPLUS / "docs" / f"{g['doc']}.txt" for g in gold if g["story"] in TOPICS]
    return [a for a in read_inputs(paths, load_settings()) if isinstance(a, Article)]


def test_streaming_in_date_order_equals_batch_and_event_ids_stay_valid() -> None:
    articles = real_articles()
    assert len(articles) > 25
    embedder = MiniLMEmbedder()
    embedded = chain.embed_articles(articles, embedder)
    vectors = chain.document_vectors(articles, embedded, embedder)
    features = {
        a.id: article_features(a, embedded.sentences[a.id], vectors[a.id]) for a in articles
    }
    labels = {a.id: a.title for a in articles}

    grouper = OnlineGrouper()
    joined: dict[str, str] = {}
    sizes = []
    for article in arrival_order(articles):
        joined[article.id] = grouper.add(article, features[article.id], labels[article.id])
        sizes.append(len(grouper.grouping().events))
    streamed = grouper.grouping()

    assert streamed == group_articles(articles, features, labels)
    final_event_of = {a: e.id for e in streamed.events for a in e.article_ids}
    # An id seen mid-stream stays valid: it is the final event, or was merged into it.
    assert {a: grouper.resolve(e) for a, e in joined.items()} == final_event_of
    merges = [c for c in streamed.changes if c.kind == "merged"]
    founded = sum(1 for c in streamed.changes if c.kind == "founded")
    assert sizes[-1] == founded - len(merges)
    assert [c.article_id for c in streamed.changes if c.kind != "merged"] == [
        a.id for a in arrival_order(articles)
    ]
    assert 2 <= len(streamed.stories) < len(streamed.events)


def test_the_stage_is_deterministic_across_runs() -> None:
    articles = real_articles()[:12]
    embedder = MiniLMEmbedder()
    first = chain.cluster(articles, chain.embed_articles(articles, embedder), embedder)
    again = chain.cluster(articles, chain.embed_articles(articles, embedder), embedder)
    assert first == again
