"""Public read endpoints: articles, events, stories, briefs, entities, timeline, search.

Each route parses its parameters, calls one function of :mod:`.queries`
(memoised when it is costly) and returns its document.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query, Request
from fastapi import Path as PathParam

from .. import __version__, report
from ..models import Entity, EntityType
from ..search import DocumentIndex, Mode, document_index
from ..search import search as search_articles
from ..store import Store
from ..store.memo import snapshot
from . import queries
from .context import ApiContext, context_of, request_store
from .schemas import (
    ArticleDetailOut,
    ArticleLineageOut,
    ArticleOut,
    BriefOut,
    EntityOut,
    EntityProfileOut,
    ErrorOut,
    EventDetailOut,
    EventOut,
    HealthOut,
    Page,
    SearchOut,
    StoryDetailOut,
    StoryOut,
    TimelineOut,
)

NOT_FOUND: dict[int | str, dict[str, Any]] = {
    404: {"model": ErrorOut, "description": "No such id (or an ambiguous prefix)"}
}
router = APIRouter(prefix="/api", responses={422: {"model": ErrorOut}})

StoreDep = Annotated[Store, Depends(request_store)]
ContextDep = Annotated[ApiContext, Depends(context_of)]
Limit = Annotated[int, Query(ge=1, le=100, description="Items per page (at most 100)")]
Offset = Annotated[int, Query(ge=0, le=10**9, description="Items to skip")]
IdPath = Annotated[str, PathParam(description="An id, or a unique prefix of one")]


def page(request: Request, items: list[Any], total: int, limit: int, offset: int) -> dict[str, Any]:
    """A page document with a link to the next page (None on the last one)."""
    after = offset + limit
    following = (
        str(request.url.include_query_params(offset=after, limit=limit)) if after < total else None
    )
    return {"items": items, "total": total, "limit": limit, "offset": offset, "next": following}


@router.get("/health", response_model=HealthOut, tags=["service"])
def health(store: StoreDep, ctx: ContextDep) -> dict[str, Any]:
    """Whether the server can read its database, and how much is in it."""
    return {
        "status": "ok",
        "version": __version__,
        "articles": store.count_articles(),
        "events": store.count_events(),
        "stories": store.count_stories(),
        "writes_enabled": bool(ctx.api_key),
    }


@router.get("/articles", response_model=Page[ArticleOut], tags=["articles"])
def list_articles(
    request: Request, store: StoreDep, limit: Limit = 20, offset: Offset = 0
) -> dict[str, Any]:
    """Stored articles in arrival order (metadata only; ask one article for its text)."""
    items, total = queries.article_page(store, limit, offset)
    return page(request, items, total, limit, offset)


@router.get(
    "/articles/{article_id}",
    response_model=ArticleDetailOut,
    responses=NOT_FOUND,
    tags=["articles"],
)
def get_article(article_id: IdPath, store: StoreDep) -> dict[str, Any]:
    """One article with its text, the event it belongs to and its lineage group."""
    return queries.article_detail(store, article_id)


@router.get(
    "/articles/{article_id}/lineage",
    response_model=ArticleLineageOut,
    responses=NOT_FOUND,
    tags=["articles"],
)
def get_article_lineage(article_id: IdPath, store: StoreDep, ctx: ContextDep) -> dict[str, Any]:
    """Why the article counts where it does: its event and report, the likely origin, and
    each copy, rewrite or version link with the sentences behind it."""
    return ctx.memo.get(
        f"lineage:{article_id}",
        snapshot(store),
        lambda: queries.article_lineage(store, ctx.settings, article_id),
    )


@router.get("/events", response_model=Page[EventOut], tags=["events"])
def list_events(
    request: Request, store: StoreDep, limit: Limit = 20, offset: Offset = 0
) -> dict[str, Any]:
    """Events as grouped by the last analysis."""
    items, total = queries.event_page(store, limit, offset)
    return page(request, items, total, limit, offset)


@router.get(
    "/events/{event_id}", response_model=EventDetailOut, responses=NOT_FOUND, tags=["events"]
)
def get_event(event_id: IdPath, store: StoreDep) -> dict[str, Any]:
    """One event: its articles, lineage groups and history."""
    return queries.event_detail(store, event_id)


@router.get(
    "/events/{event_id}/brief", response_model=BriefOut, responses=NOT_FOUND, tags=["events"]
)
def get_event_brief(event_id: IdPath, store: StoreDep, ctx: ContextDep) -> dict[str, Any]:
    """The event's brief: cited summary, agreements, conflicts, timeline, who's who."""
    return _cached_brief(store, ctx, event_id, "event")


def _cached_brief(
    store: Store, ctx: ApiContext, subject_id: str, kind: queries.Kind
) -> dict[str, Any]:
    """A brief is costly (a fresh reconciliation); keep it until the store changes."""
    full_id = queries.resolve(store, subject_id, kind)
    return ctx.memo.get(
        f"brief:{full_id}",
        snapshot(store),
        lambda: queries.brief(store, ctx.settings, full_id, kind),
    )


@router.get("/stories", response_model=Page[StoryOut], tags=["stories"])
def list_stories(
    request: Request,
    store: StoreDep,
    sort: Annotated[Literal["newest", "biggest"], Query(description="Order")] = "newest",
    limit: Limit = 20,
    offset: Offset = 0,
) -> dict[str, Any]:
    """Stories, newest (latest event day) or biggest (most articles) first."""
    items, total = queries.story_page(store, limit, offset, sort)
    return page(request, items, total, limit, offset)


@router.get(
    "/stories/{story_id}", response_model=StoryDetailOut, responses=NOT_FOUND, tags=["stories"]
)
def get_story(story_id: IdPath, store: StoreDep) -> dict[str, Any]:
    """One story and its events."""
    return queries.story_detail(store, story_id)


@router.get(
    "/stories/{story_id}/brief", response_model=BriefOut, responses=NOT_FOUND, tags=["stories"]
)
def get_story_brief(story_id: IdPath, store: StoreDep, ctx: ContextDep) -> dict[str, Any]:
    """The story's brief, reconciled across all its events."""
    return _cached_brief(store, ctx, story_id, "story")


@router.get(
    "/stories/{story_id}/timeline",
    response_model=TimelineOut,
    responses=NOT_FOUND,
    tags=["stories"],
)
def get_story_timeline(story_id: IdPath, store: StoreDep, ctx: ContextDep) -> dict[str, Any]:
    """The story's dated timeline with sources, and how its events grew and merged."""
    full_id = queries.resolve(store, story_id, "story")
    return ctx.memo.get(
        f"timeline:{full_id}",
        snapshot(store),
        lambda: queries.timeline(store, ctx.settings, full_id),
    )


@router.get("/entities", response_model=Page[EntityOut], tags=["entities"])
def list_entities(
    request: Request,
    store: StoreDep,
    ctx: ContextDep,
    type: Annotated[EntityType | None, Query(description="Only this kind of entity")] = None,
    name: Annotated[
        str | None,
        Query(
            min_length=1,
            max_length=200,
            description="Only the entity answering best to this name, in any spelling or "
            "part of it ('Zelenskiy', 'Trump'), then its namesakes",
        ),
    ] = None,
    limit: Limit = 20,
    offset: Offset = 0,
) -> dict[str, Any]:
    """People, organisations and places across all articles, most widely reported first.

    The first call after the store changes resolves entities over every
    article (parses come from the analysis cache); later calls are memoised.
    """
    resolved = _entities(store, ctx)
    if name is not None:
        found = queries.entities_named(resolved, name)
    else:
        found = [report.entity_json(e) for e in resolved]
    if type is not None:
        found = [e for e in found if e["type"] == type.value]
    return page(request, found[offset : offset + limit], len(found), limit, offset)


@router.get(
    "/entities/{entity_id}",
    response_model=EntityProfileOut,
    responses=NOT_FOUND,
    tags=["entities"],
)
def entity(store: StoreDep, ctx: ContextDep, entity_id: IdPath) -> dict[str, Any]:
    """One entity: its spellings and roles, and the stories, events and articles naming it
    (the newest 200 articles; the counts cover all)."""
    return queries.entity(store, _entities(store, ctx), entity_id)


def _entities(store: Store, ctx: ApiContext) -> tuple[Entity, ...]:
    found: tuple[Entity, ...] = ctx.memo.get(
        "entities", snapshot(store), lambda: queries.entities(store)
    )
    return found


@router.get("/search", response_model=SearchOut, tags=["search"])
def search(
    store: StoreDep,
    ctx: ContextDep,
    q: Annotated[str, Query(min_length=1, max_length=500, description="What to look for")],
    mode: Annotated[
        Literal["text", "semantic"],
        Query(description="text: every word must match; semantic: closest in meaning"),
    ] = "text",
    limit: Limit = 20,
) -> dict[str, Any]:
    """Search articles by their words (full text) or by meaning (sentence embeddings).

    Semantic search ranks every article's document vector (the mean of its
    sentence vectors) by cosine similarity to the query; the vectors are
    built on the first semantic query after the store changes.
    """

    def index() -> DocumentIndex:
        return ctx.memo.get(
            "document-index", snapshot(store), lambda: document_index(store, ctx.settings)
        )

    found = search_articles(store, ctx.settings, q, Mode(mode), limit, index)
    return {"query": q, "mode": mode, "items": report.search_json(found)}
