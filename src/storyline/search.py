"""Search the articles by their words or by their meaning, and say where each hit belongs.

Full-text search finds a name in every spelling the articles use.

Outlets spell one name several ways ("Zelensky", "Zelenskiy", "Zelenskyy"), so a
reader searching one spelling would miss the articles that use another. Each word
of the query long enough to be a name is widened to the words of the full-text
index that the entity resolver would take for the same name
(:func:`~storyline.extract.resolve.same_word`: one consonant skeleton, a small
edit distance). Every word must still match, by any of its spellings.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

import numpy as np

from . import chain
from .extract.gazetteer import fold
from .extract.resolve import same_word
from .models import Article, Event, Story
from .nlp.embed import Vectors, make_model_embedder
from .settings import Settings
from .store import ArticleStore, SearchHit, Store
from .store.base import query_words

# Shorter words are left as typed: at this length the spelling rules start to
# join ordinary words ("peace", "piece").
MIN_NAME_LETTERS = 6
# Index words looked at per query word: those sharing its first letters.
PREFIX_LETTERS = 3


def spellings(store: ArticleStore, word: str) -> list[str]:
    """``word`` and the indexed words that spell the same name, ``word`` first."""
    folded = fold(word)
    if len(folded) < MIN_NAME_LETTERS or not folded.isalpha():
        return [word]
    found = [w for w in store.index_words(folded[:PREFIX_LETTERS]) if same_word(w, folded)]
    return [word, *sorted(set(found) - {word})]


def find_articles(store: Store, query: str, limit: int = 20) -> list[SearchHit]:
    """Articles holding every word of ``query``, a name in any of its spellings."""
    return store.search_any([spellings(store, w) for w in query_words(query)], limit)


# -- by meaning ---------------------------------------------------------------
# Articles embedded per step when building the semantic index, so the sentence
# vectors of a large store are never all in memory at once.
INDEX_CHUNK = 500


class Mode(StrEnum):
    TEXT = "text"  # every word must match, a name in any spelling
    SEMANTIC = "semantic"  # closest in meaning (sentence embeddings)


@dataclass(frozen=True, slots=True)
class DocumentIndex:
    """One unit vector per article (``chain.document_vectors``), stacked."""

    ids: tuple[str, ...]
    matrix: Vectors


def document_index(store: Store, settings: Settings) -> DocumentIndex:
    """Vectors of every article; cached sentence vectors make a rebuild cheap.

    Articles never analysed have their sentences embedded here (and cached).
    Memory: 1.5 KB per article, plus one chunk's sentence vectors.
    """
    ids = store.article_ids()
    embedder = chain.make_embedder(store, settings)
    rows: list[Vectors] = []
    for start in range(0, len(ids), INDEX_CHUNK):
        chunk = store.articles(ids[start : start + INDEX_CHUNK])
        vectors = chain.document_vectors(chunk, chain.embed_articles(chunk, embedder), embedder)
        rows += [vectors[a.id] for a in chunk]
    matrix = np.stack(rows) if rows else np.zeros((0, 384), dtype=np.float32)
    return DocumentIndex(tuple(ids), matrix)


def find_by_meaning(
    store: Store, settings: Settings, index: DocumentIndex, query: str, limit: int = 20
) -> list[SearchHit]:
    """Articles ranked by cosine similarity of their document vector to the query's.

    The snippet is the article's sentence closest to the query. The query is
    embedded without the store's cache: queries are not worth keeping.
    """
    if not index.ids or not query.strip():
        return []
    wanted = make_model_embedder(settings).embed([query])[0]
    scores = index.matrix @ wanted
    top = np.argsort(-scores, kind="stable")[:limit]
    score_of = {index.ids[i]: float(scores[i]) for i in top}
    articles = {a.id: a for a in store.articles(index.ids[i] for i in top)}
    hits = [articles[index.ids[i]] for i in top if index.ids[i] in articles]
    embedded = chain.embed_articles(hits, chain.make_embedder(store, settings))
    return [
        SearchHit(a.id, a.title, a.outlet, _closest_sentence(embedded, a, wanted), score_of[a.id])
        for a in hits
    ]


def _closest_sentence(embedded: chain.EmbeddedArticles, article: Article, query: Vectors) -> str:
    sentences = embedded.sentences[article.id]
    if not sentences:
        return article.title
    best = int(np.argmax(embedded.vectors[article.id] @ query))
    return sentences[best].text


# -- either way --------------------------------------------------------------
def search(
    store: Store,
    settings: Settings,
    query: str,
    mode: Mode,
    limit: int = 20,
    index: Callable[[], DocumentIndex] | None = None,
) -> list[SearchResult]:
    """Articles matching ``query`` by words or by meaning, each with its date, event and
    story. ``index`` gives the document index for a semantic search (a server passes
    one it keeps while the store is unchanged); without it the index is built here."""
    if mode is Mode.TEXT:
        hits = find_articles(store, query, limit)
    else:
        built = index() if index is not None else document_index(store, settings)
        hits = find_by_meaning(store, settings, built, query, limit)
    return in_context(store, hits)


# -- where each hit belongs -------------------------------------------------
@dataclass(frozen=True, slots=True)
class SearchResult:
    """A hit with what a reader needs to judge it: when, and which event and story."""

    hit: SearchHit
    published: date | None
    inferred: bool  # the date is borrowed from the article's event
    event: Event | None
    story: Story | None


def in_context(store: Store, hits: Sequence[SearchHit]) -> list[SearchResult]:
    """Each hit with its article's date, event and story (a few indexed reads per hit)."""
    articles = {a.id: a for a in store.articles(h.article_id for h in hits)}
    results = []
    for hit in hits:
        article = articles.get(hit.article_id)
        event = store.event_of_article(hit.article_id)
        story = store.story_of_event(event.id) if event else None
        published, inferred = (article.published if article else None), False
        if article is not None and published is None and event is not None:
            published = chain.infer_publication_days([article], [event]).get(article.id)
            inferred = published is not None
        results.append(SearchResult(hit, published, inferred, event, story))
    return results
