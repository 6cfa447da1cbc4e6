"""Why an article counts where it does: its lineage links with the evidence behind each.

The store keeps each link's kind and strength; the evidence (which sentences
align, what they share) is traced again here, for the article's event alone.
Lineage is a pure function of an event's articles and the corpus's page
furniture, so this is the same decision the store holds, with its reasons.
"""

from __future__ import annotations

from dataclasses import dataclass

from .chain import embed_articles, make_embedder
from .models import AlignedSentence, Article, ArticleLink, Credit, Event, LineageGroup, Span
from .nlp.embed import Embedder
from .pipeline.article_view import view_of
from .pipeline.lineage import FURNITURE_EVENTS, trace_event
from .settings import Settings
from .store import Store


@dataclass(frozen=True, slots=True)
class LinkEvidence:
    """One link of the article, seen from the article: the other side and the evidence."""

    other: Article
    link: ArticleLink
    mine_first: bool  # whether the article is ``link.a`` (its spans come first)

    def sides(self, pair: AlignedSentence) -> tuple[Span, Span]:
        """The pair's span in the article, then in the other article."""
        return (pair.a, pair.b) if self.mine_first else (pair.b, pair.a)


@dataclass(frozen=True, slots=True)
class ArticleLineage:
    article: Article
    event: Event | None
    group: LineageGroup | None
    reports: int  # independent reports in the article's event
    links: tuple[LinkEvidence, ...]
    credits: tuple[Credit, ...]  # the outlets this article credits
    members: dict[str, Article]  # the articles of its event, by id


def explain_article(
    store: Store, settings: Settings, article_id: str, embedder: Embedder | None = None
) -> ArticleLineage:
    """The article's lineage, re-traced for its event so every link carries its sentences."""
    article = store.article(article_id)
    event = store.event_of_article(article_id)
    if event is None:
        return ArticleLineage(article, None, None, 0, (), (), {article.id: article})
    members = store.articles(event.article_ids)
    embedded = embed_articles(members, embedder or make_embedder(store, settings))
    views = {a.id: view_of(a, embedded.sentences[a.id], embedded.vectors[a.id]) for a in members}
    # Only the event's own sentences can be furniture that matters here.
    keys = {k for view in views.values() for k in view.keys}
    furniture = frozenset(store.furniture_keys(FURNITURE_EVENTS, among=keys))
    lineage = trace_event(event, views, furniture)
    by_id = {a.id: a for a in members}
    links = tuple(
        LinkEvidence(by_id[k.b if k.a == article_id else k.a], k, k.a == article_id)
        for k in lineage.links
        if article_id in (k.a, k.b)
    )
    return ArticleLineage(
        article,
        event,
        lineage.group_of(article_id),
        lineage.independent_reports(event.id),
        links,
        tuple(c for c in lineage.credits if c.article_id == article_id),
        by_id,
    )
