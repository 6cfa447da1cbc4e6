"""Read-side compositions of the library for the API: JSON documents built by ``report``.

Route functions only parse the request and call one of these. Everything
here goes through the store and :mod:`storyline.service`; costs are stated
per function because the API is where somebody will call them in a loop.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Literal

from .. import reading, report
from ..entity_profile import all_entities, entity_by_id, entity_profile, find_entity
from ..errors import NotFoundError
from ..explain import explain_article
from ..models import Entity, Story
from ..settings import Settings
from ..store import ArticleStore, GroupingStore, Store

JSON = dict[str, Any]
Kind = Literal["event", "story"]

PLURAL = {"event": "/api/events", "story": "/api/stories"}


# -- ids --------------------------------------------------------------------
def resolve(store: Store, prefix: str, kind: Kind) -> str:
    """The full id of the event or story ``prefix`` names (as in the CLI)."""
    found_kind, full_id = reading.resolve_id(store, prefix)
    if found_kind != kind:
        raise NotFoundError(
            f"{prefix!r} is a {found_kind} id, not an {kind} id; "
            f"ask {PLURAL[found_kind]}/{full_id} instead"
        )
    return full_id


# -- lists ------------------------------------------------------------------
def article_page(store: ArticleStore, limit: int, offset: int) -> tuple[list[JSON], int]:
    """One page of articles in arrival order, and the total (one page read, however many)."""
    page = store.articles_page(limit, offset)
    items = [report.article_json(a, store.article_paths(a.id)) for a in page]
    return items, store.count_articles()


def _story_of_event(stories: Sequence[Story]) -> dict[str, str]:
    return {e: s.id for s in stories for e in s.event_ids}


def event_page(store: Store, limit: int, offset: int) -> tuple[list[JSON], int]:
    events = store.events()
    story_of = _story_of_event(store.stories())
    page = events[offset : offset + limit]
    lineage = store.lineage(e.id for e in page)
    return [report.event_json(e, story_of.get(e.id), lineage) for e in page], len(events)


def _story_order(story: JSON) -> tuple[str, str]:
    return story["end"] or story["start"] or "", story["id"]


def story_page(
    store: GroupingStore, limit: int, offset: int, sort: Literal["newest", "biggest"]
) -> tuple[list[JSON], int]:
    """Stories, newest (latest event day) or biggest (most articles) first."""
    events = {e.id: e for e in store.events()}
    stories = [report.story_json(s, events) for s in store.stories()]
    if sort == "newest":
        stories.sort(key=_story_order, reverse=True)
    else:
        stories.sort(key=lambda s: (-s["articles"], s["id"]))
    return stories[offset : offset + limit], len(stories)


# -- one item ---------------------------------------------------------------
def article_detail(store: Store, prefix: str) -> JSON:
    """An article with its text, its event and its lineage group (if analysed)."""
    article = reading.resolve_article(store, prefix)
    event = store.event_of_article(article.id)
    event_doc = group_doc = None
    if event is not None:
        lineage = store.lineage([event.id])
        story = store.story_of_event(event.id)
        event_doc = report.event_json(event, story.id if story else None, lineage)
        groups = report.lineage_json(lineage, {article.id: article})["groups"]
        group_doc = next((g for g in groups if article.id in g["articles"]), None)
    return {
        "article": report.article_json(article, store.article_paths(article.id)),
        "text": article.text,
        "event": event_doc,
        "lineage_group": group_doc,
    }


def event_detail(store: Store, prefix: str) -> JSON:
    event = store.event(resolve(store, prefix, "event"))
    lineage = store.lineage([event.id])
    articles = store.articles(event.article_ids)
    by_id = {a.id: a for a in articles}
    changes = reading.history_of(store, {event.id})
    story = store.story_of_event(event.id)
    return {
        "event": report.event_json(event, story.id if story else None, lineage),
        "articles": [report.article_json(a, store.article_paths(a.id)) for a in articles],
        "lineage": report.lineage_json(lineage, by_id)["groups"],
        "changes": [report.change_json(c) for c in changes],
    }


def story_detail(store: Store, prefix: str) -> JSON:
    story = store.story(resolve(store, prefix, "story"))
    events = [store.event(e) for e in story.event_ids]
    lineage = store.lineage(story.event_ids)
    return {
        "story": report.story_json(story, {e.id: e for e in events}),
        "events": [report.event_json(e, story.id, lineage) for e in events],
    }


def brief(store: Store, settings: Settings, prefix: str, kind: Kind) -> JSON:
    """The ``report.brief_json`` document, rebuilt by ``reading.show``.

    Costs a brief: cached sentence vectors and parses are reused, but the
    brief itself is recomputed, so callers memoise it.
    """
    subject = reading.show(store, settings, resolve(store, prefix, kind))
    return report.brief_json(subject.brief, {a.id: a for a in subject.articles})


def article_lineage(store: Store, settings: Settings, article_id: str) -> JSON:
    """Why an article counts where it does (``report.article_lineage_json``): its event is
    re-traced for the evidence, so callers memoise it."""
    article = reading.resolve_article(store, article_id)
    return report.article_lineage_json(explain_article(store, settings, article.id))


def timeline(store: Store, settings: Settings, prefix: str) -> JSON:
    """A story's dated timeline (from its brief) and the history of its events."""
    story_id = resolve(store, prefix, "story")
    subject = reading.show(store, settings, story_id)
    by_id = {a.id: a for a in subject.articles}
    changes = reading.history_of(store, {e.id for e in subject.events})
    return {
        "story": story_id,
        "title": subject.label,
        "timeline": [report.timeline_json(t, by_id) for t in subject.brief.timeline],
        "changes": [report.change_json(c) for c in changes],
    }


# -- entities ---------------------------------------------------------------
def entities(store: Store) -> tuple[Entity, ...]:
    """Entities resolved across every stored article, most widely reported first.

    Costs one entity resolution over all articles' mentions; the parses come
    from the store's extraction cache (``analyze`` fills it), so a new
    article is parsed once, here or by ``analyze``. Callers memoise it.
    """
    found = all_entities(store)
    return tuple(sorted(found, key=lambda e: (-len(e.article_ids), -len(e.mentions), e.name)))


def entities_named(found: Sequence[Entity], name: str) -> list[JSON]:
    """The entity answering best to ``name`` (any spelling or part of it), then its
    namesakes; none when no mention answers to it (a filter that matches nothing)."""
    try:
        best, namesakes = find_entity(found, name)
    except NotFoundError:
        return []
    return [report.entity_json(e) for e in (best, *namesakes)]


def entity(store: Store, found: Sequence[Entity], entity_id: str) -> JSON:
    """One entity's profile: its roles, events, stories and articles."""
    return report.entity_profile_json(entity_profile(store, entity_by_id(found, entity_id)))
