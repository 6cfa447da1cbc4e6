"""Reading back what is stored: the one read side the CLI, the API and the web pages call.

Each function answers one question a front end asks (what does this id prefix
name, what is this event's or story's brief, where does this article stand,
what happened to these events) from the store alone, and returns typed
results; how the answer is printed, served as JSON or drawn as a page is the
front end's business.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from .chain import embed_articles, infer_publication_days, make_embedder
from .errors import NotFoundError
from .explain import ArticleLineage
from .extract import extract
from .models import Article, Brief, ChangeKind, Event, EventChange, Lineage, Source, Story
from .nlp.embed import Embedder
from .report import changes_of
from .service import brief_of, facts_of, newest, reports_by_article
from .settings import Settings
from .store import GroupingStore, SourceStore, Store


# -- events and stories ---------------------------------------------------
@dataclass(frozen=True, slots=True)
class Subject:
    """An event or a story as stored, with its articles and a fresh brief."""

    kind: str  # "event" or "story"
    id: str
    label: str
    events: tuple[Event, ...]
    articles: tuple[Article, ...]
    brief: Brief
    lineage: Lineage
    story: Story | None = None


def resolve_id(store: Store, prefix: str, articles: bool = False) -> tuple[str, str]:
    """Find the event or story (or, with ``articles``, the article) whose id starts with
    ``prefix`` (ids are long to type)."""
    candidates = [("event", e) for e in store.ids_with_prefix("events", prefix)]
    candidates += [("story", s) for s in store.ids_with_prefix("stories", prefix)]
    if articles:
        candidates += [("article", a) for a in store.ids_with_prefix("articles", prefix)]
    if len(candidates) == 1:
        return candidates[0]
    if not candidates:
        kinds = "event, story or article" if articles else "event or story"
        raise NotFoundError(
            f"no {kinds} id starts with {prefix!r}; run `storyline stories` to list them "
            "(run `storyline analyze` first if the list is empty)"
        )
    shown = ", ".join(c[1] for c in candidates[:5])
    raise NotFoundError(f"{prefix!r} matches several ids ({shown}); type more of the id")


def resolve_source(store: SourceStore, key: str) -> Source:
    """A live source by id prefix, or by its exact feed URL or folder path."""
    found = [s for s in store.sources() if s.id.startswith(key) or s.location == key]
    exact = [s for s in found if s.location == key or s.id == key]
    if len(exact) == 1 or len(found) == 1:
        return (exact or found)[0]
    if not found:
        raise NotFoundError(
            f"no feed or folder matches {key!r}; `storyline sources` lists them with their ids"
        )
    shown = ", ".join(s.id for s in found[:5])
    raise NotFoundError(f"{key!r} matches several sources ({shown}); type more of the id")


def show(
    store: Store, settings: Settings, subject_id: str, embedder: Embedder | None = None
) -> Subject:
    """An event or story with its brief, rebuilt from stored articles and cached vectors."""
    kind, full_id = resolve_id(store, subject_id)
    story: Story | None = None
    if kind == "event":
        events: tuple[Event, ...] = (store.event(full_id),)
    else:
        story = store.story(full_id)
        events = tuple(store.event(e) for e in story.event_ids)
    articles = tuple(store.articles([a for e in events for a in e.article_ids]))
    briefed = newest(articles, settings.brief_max_articles)
    embedded = embed_articles(briefed, embedder or make_embedder(store, settings))
    label = story.label if story else events[0].label
    lineage = store.lineage(e.id for e in events)
    extraction = extract(briefed, infer_publication_days(briefed, events), cache=store)
    brief = brief_of(
        full_id,
        label,
        briefed,
        embedded,
        settings.summary_sentences,
        reports_by_article(lineage),
        facts_of(extraction, events),
    )
    return Subject(kind, full_id, label, events, articles, brief, lineage, story)


def resolve_article(store: Store, prefix: str) -> Article:
    """The article whose id is ``prefix`` or starts with it (uniquely): index lookups only."""
    try:
        return store.article(prefix)
    except NotFoundError:
        pass
    matches = store.ids_with_prefix("articles", prefix) if prefix else []
    if len(matches) == 1:
        return store.article(matches[0])
    if not matches:
        raise NotFoundError(f"no article id starts with {prefix!r}")
    shown = ", ".join(matches[:5])
    raise NotFoundError(f"{prefix!r} matches several articles ({shown}); type more of the id")


# -- one article --------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class ArticleContext:
    """An article with the event and story it belongs to and its event's lineage."""

    article: Article
    event: Event | None
    story: Story | None
    lineage: Lineage
    neighbours: Mapping[str, Article]  # other articles named in the lineage, by id
    evidence: ArticleLineage | None = None  # each link with its sentences, when traced
    cited: tuple[int, int] | None = None  # characters a brief cites, marked in the text


def article_context(store: Store, article_id: str) -> ArticleContext:
    """An article with its event, story and lineage; raises NotFoundError."""
    article = store.article(article_id)
    event = store.event_of_article(article.id)
    story = store.story_of_event(event.id) if event else None
    lineage = store.lineage([event.id]) if event else Lineage((), (), ())
    group = lineage.group_of(article.id)
    kin = [a for a in (group.article_ids if group else ()) if a != article.id]
    neighbours = {a.id: a for a in store.articles(kin)}
    return ArticleContext(article, event, story, lineage, neighbours)


# -- history ------------------------------------------------------------------
def history_of(store: GroupingStore, event_ids: set[str]) -> list[EventChange]:
    """:func:`changes_of` over only the rows that can matter, read by index.

    Follows merges backwards (the events merged into these, and into those)
    so their earlier history is included, without reading the whole table.
    """
    wanted, frontier = set(event_ids), set(event_ids)
    rows: dict[tuple[int, str, str, str | None], EventChange] = {}
    while frontier:
        found = store.event_changes(frontier)
        rows.update({(c.seq, c.kind.value, c.event_id, c.other_event_id): c for c in found})
        merged = {c.other_event_id for c in found if c.kind is ChangeKind.MERGED}
        frontier = {e for e in merged if e is not None} - wanted
        wanted |= frontier
    # Within one arrival: joined, then merged, then split, as the grouper records them.
    ordered = sorted(rows.values(), key=lambda c: (c.seq, c.kind.value))
    return changes_of(ordered, event_ids)
