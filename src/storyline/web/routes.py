"""The HTML pages as a FastAPI router: story list, story, event, article, entity, search.

Every handler opens the store for its own request and closes it after, so
pages never share a connection between threads. Handlers are plain ``def``
functions: FastAPI runs them in its thread pool, off the event loop, which
matters because building a brief takes a tenth of a second of CPU.
Errors are answered with HTML pages (never JSON), and every page carries
the security headers itself, whether or not the app adds the middleware.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace

from fastapi import APIRouter
from fastapi.responses import HTMLResponse, Response

from .. import reading
from ..cards import Order, StoryCard, StoryRow, card_key, sort_rows, story_card, story_rows
from ..entity_profile import all_entities, entity_by_id, entity_profile, find_entity
from ..errors import NotFoundError
from ..explain import explain_article
from ..models import Entity, Event
from ..search import DocumentIndex, Mode, SearchResult, document_index
from ..search import search as search_articles
from ..settings import Settings
from ..store import GroupingStore, Store, open_store
from ..store.memo import Memo, snapshot
from .article_page import article_page, parse_cite
from .changes import parse_since
from .entity_page import entity_page
from .layout import not_found_page, stylesheet
from .search_page import search_page
from .security import SECURITY_HEADERS, STYLESHEET_PATH
from .story_list import parse_page, story_list_page
from .subject_page import subject_page

SEARCH_LIMIT = 50
MAX_QUERY_CHARS = 500  # as the API allows
# What a reader is told when a page does not exist: no ids, commands or paths, which
# mean nothing to a reader of a public site.
MISSING = {
    "story": "There is no story at this address. Stories join up as news arrives, so this "
    "one may now be part of another: look for it on the front page or search for it.",
    "event": "There is no event at this address. Events merge as news arrives, so this one "
    "may now be part of another: look for it on the front page or search for it.",
    "article": "There is no article at this address. Search for its words instead.",
    "name": "No person, organisation or place by that name appears in the articles. "
    "Try another spelling or part of the name.",
    "entity": "There is no page for this name any more; names are regrouped as news "
    "arrives. Search for the name instead.",
}


def html(body: str, status: int = 200) -> HTMLResponse:
    """An HTML response with the security headers on it."""
    return HTMLResponse(body, status_code=status, headers=SECURITY_HEADERS)


def not_found(message: str) -> HTMLResponse:
    return html(not_found_page(message), status=404)


def build_router(settings: Settings) -> APIRouter:
    """The web pages over the store at ``settings.db``; include it in an app at the root."""
    router = APIRouter(default_response_class=HTMLResponse, include_in_schema=False)

    @contextmanager
    def store() -> Iterator[Store]:
        with open_store(settings.store_location) as opened:
            yield opened

    css = stylesheet()
    # Pages cost a brief (a tenth of a second to seconds); they are kept until
    # the store changes (new articles or a regrouping), keyed by what was asked.
    memo = Memo(capacity=512)
    cards = Memo(capacity=4096)

    @router.get(STYLESHEET_PATH)
    def style_sheet() -> Response:
        # The link carries a content hash, so the sheet can be cached for good.
        headers = {**SECURITY_HEADERS, "Cache-Control": "public, max-age=31536000, immutable"}
        return Response(css, media_type="text/css; charset=utf-8", headers=headers)

    @router.get("/")
    def stories(sort: str | None = None, page: str | None = None) -> HTMLResponse:
        order = Order.parse(sort)
        with store() as opened:
            rows, events = memo.get(
                "story-rows", snapshot(opened), lambda: _rows_and_events(opened)
            )
            version = opened.lineage_version()

            def card_of(row: StoryRow) -> StoryCard:
                # Kept while the story's members and its lineage are unchanged, so a
                # live server rebuilds only the cards of the stories that grew.
                key = card_key(row.story, events, version)
                card: StoryCard = cards.get(
                    f"card\n{row.story.id}",
                    (key, 0),
                    lambda: story_card(reading.show(opened, settings, row.story.id)),
                )
                return card

            body = story_list_page(sort_rows(rows, order), order, parse_page(page), card_of)
        return html(body)

    def subject(kind: str, subject_id: str, since: str | None) -> HTMLResponse:
        with store() as opened:
            key = f"{kind}\n{subject_id}\n{since or ''}"
            body, status = memo.get(
                key, snapshot(opened), lambda: subject_body(opened, kind, subject_id, since)
            )
        return html(body, status)

    def subject_body(
        opened: Store, kind: str, subject_id: str, since: str | None
    ) -> tuple[str, int]:
        """The page's HTML and status (kept in the memo: a response is built per request)."""
        try:
            found = reading.show(opened, settings, subject_id)
        except NotFoundError:
            return not_found_page(MISSING[kind]), 404
        if found.kind != kind:
            return not_found_page(MISSING[kind]), 404
        # The whole history, so articles that came in through an event
        # later merged into this one are counted too.
        changes = reading.history_of(opened, {ev.id for ev in found.events})
        parent = opened.story_of_event(found.id) if found.kind == "event" else None
        return subject_page(found, changes, parse_since(since), parent), 200

    @router.get("/stories/{story_id}")
    def story(story_id: str, since: str | None = None) -> HTMLResponse:
        return subject("story", story_id, since)

    @router.get("/events/{event_id}")
    def event(event_id: str, since: str | None = None) -> HTMLResponse:
        return subject("event", event_id, since)

    @router.get("/articles/{article_id}")
    def article(article_id: str, cite: str | None = None) -> HTMLResponse:
        with store() as opened:
            try:
                context = reading.article_context(opened, article_id)
            except NotFoundError:
                return not_found(MISSING["article"])
            context = replace(context, cited=parse_cite(cite, context.article))
            if context.event is not None:
                # The evidence re-traces the event (vectors come from the store's cache).
                evidence = memo.get(
                    f"article-evidence\n{context.article.id}",
                    snapshot(opened),
                    lambda: explain_article(opened, settings, context.article.id),
                )
                context = replace(context, evidence=evidence)
        return html(article_page(context))

    def entities(opened: Store) -> tuple[Entity, ...]:
        found: tuple[Entity, ...] = memo.get(
            "entities", snapshot(opened), lambda: all_entities(opened)
        )
        return found

    @router.get("/entities")
    def entity_named(name: str = "") -> HTMLResponse:
        if not name.strip():
            return not_found("Type a name in the search box above to find who is in the news.")
        with store() as opened:
            try:
                best, namesakes = find_entity(entities(opened), name[:200])
                profile = entity_profile(opened, best, namesakes)
            except NotFoundError:
                return not_found(MISSING["name"])
        return html(entity_page(profile))

    @router.get("/entities/{entity_id}")
    def entity(entity_id: str) -> HTMLResponse:
        with store() as opened:
            try:
                profile = entity_profile(opened, entity_by_id(entities(opened), entity_id))
            except NotFoundError:
                return not_found(MISSING["entity"])
        return html(entity_page(profile))

    @router.get("/search")
    def search(q: str = "", mode: str = "text") -> HTMLResponse:
        chosen = Mode.SEMANTIC if mode == Mode.SEMANTIC.value else Mode.TEXT
        query = q[:MAX_QUERY_CHARS]
        results: list[SearchResult] = []
        if query.strip():
            with store() as opened:

                def index() -> DocumentIndex:
                    return memo.get(
                        "document-index", snapshot(opened), lambda: document_index(opened, settings)
                    )

                results = search_articles(opened, settings, query, chosen, SEARCH_LIMIT, index)
        return html(search_page(query, results, SEARCH_LIMIT, chosen))

    return router


def _rows_and_events(store: GroupingStore) -> tuple[list[StoryRow], dict[str, Event]]:
    events = {ev.id: ev for ev in store.events()}
    return story_rows(store.stories(), list(events.values())), events
