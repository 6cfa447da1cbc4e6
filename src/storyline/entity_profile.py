"""One person, organisation or place across the store: where it is named, as what,
and in which events.

Entities are resolved over every stored article (the parses come from the
extraction cache that ``analyze`` fills), so a name is one entity whatever
article or brief it is reached from. A reader may type any spelling or part of
a name ("Zelenskiy", "Trump"): :func:`find_entity` picks the entity most of whose
mentions answer to it and lists the namesakes that also do (Melania Trump for
"Trump"), so the reader can choose.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from . import chain
from .errors import NotFoundError
from .extract import extract
from .extract.gazetteer import HONORIFICS, fold
from .extract.resolve import is_role_mention, name_key, same_person_name, same_word
from .models import Article, Entity, Event, Story
from .store import Store

# An entity id or a long enough prefix of one (see resolve.entity_id).
_ENTITY_ID = re.compile(r"n[0-9a-f]{6,32}")
# Articles listed on a profile, newest first; the counts cover them all.
PROFILE_ARTICLES = 200


@dataclass(frozen=True, slots=True)
class Appearance:
    """One article naming the entity: how often, as what, and in which event."""

    article: Article
    mentions: int
    roles: tuple[str, ...]
    event: Event | None


@dataclass(frozen=True, slots=True)
class EntityProfile:
    """What the store knows about one entity."""

    entity: Entity
    roles: tuple[tuple[str, int], ...]  # roles as written, with how many articles give each
    appearances: tuple[Appearance, ...]  # newest first, at most PROFILE_ARTICLES
    events: tuple[tuple[Event, int], ...]  # events naming it, with how many of its articles
    stories: tuple[tuple[Story, int], ...]
    namesakes: tuple[Entity, ...] = ()  # other entities answering to the name asked for


def all_entities(store: Store) -> tuple[Entity, ...]:
    """Entities resolved across every stored article, most mentioned first."""
    articles = store.articles()
    days = chain.infer_publication_days(articles, store.events())
    return extract(articles, days, cache=store).entities


def _answers_to(query: str, mention_text: str) -> bool:
    """Whether a mention answers to the name asked for: the same name in any spelling,
    or, for a one-word query, any word of it ("Trump" in "Donald J. Trump")."""
    asked, named = name_key(query), name_key(mention_text)
    if not asked or not named:
        return False
    if " " not in asked:
        return any(same_word(asked, word) for word in named.split())
    if asked == named:
        return True
    return " " in named and same_person_name(asked, named)


def find_entity(entities: Sequence[Entity], name: str) -> tuple[Entity, tuple[Entity, ...]]:
    """The entity most of whose mentions answer to ``name``, and its namesakes.

    Raises :class:`NotFoundError` when no mention answers to it.
    """
    scored = []
    for entity in entities:
        written = Counter(m.text for m in entity.mentions if not is_role_mention(m))
        answering = sum(n for text, n in written.items() if _answers_to(name, text))
        if answering:
            scored.append((answering, len(entity.article_ids), entity.name, entity))
    if not scored:
        raise NotFoundError(
            f"no person, organisation or place named {name!r} in the stored articles; "
            "try another spelling or part of the name, or `storyline search` for any words"
        )
    scored.sort(key=lambda s: (-s[0], -s[1], s[2]))
    return scored[0][3], tuple(s[3] for s in scored[1:])


def looks_like_entity_id(text: str) -> bool:
    """Whether ``text`` is an entity id or a prefix of one ("n3f2a9c0d..."), not a name."""
    return _ENTITY_ID.fullmatch(text) is not None


def entity_by_id(entities: Sequence[Entity], entity_id: str) -> Entity:
    """The entity with this id (or id prefix); raises :class:`NotFoundError`."""
    found = [e for e in entities if e.id.startswith(entity_id)]
    if len(found) == 1:
        return found[0]
    if not found:
        raise NotFoundError(
            f"no entity id starts with {entity_id!r}; look a name up with "
            "`storyline entity NAME` (ids change when `analyze` renames an entity)"
        )
    raise NotFoundError(f"{entity_id!r} matches several entities; type more of the id")


def entity_profile(store: Store, entity: Entity, namesakes: Sequence[Entity] = ()) -> EntityProfile:
    """Where ``entity`` is named in the store, with its events, stories and roles."""
    articles = store.articles(entity.article_ids)
    mentions = Counter(m.span.article_id for m in entity.mentions)
    roles_in: dict[str, set[str]] = {}
    for m in entity.mentions:
        if m.role and fold(m.role) not in HONORIFICS:
            roles_in.setdefault(m.role, set()).add(m.span.article_id)
    events_of = {a.id: store.event_of_article(a.id) for a in articles}
    event_counts = Counter(ev.id for ev in events_of.values() if ev is not None)
    events = {ev.id: ev for ev in events_of.values() if ev is not None}
    story_counts: Counter[str] = Counter()
    stories: dict[str, Story] = {}
    for event_id, count in event_counts.items():
        story = store.story_of_event(event_id)
        if story is not None:
            stories[story.id] = story
            story_counts[story.id] += count
    newest = sorted(articles, key=lambda a: (a.published is not None, a.published, a.id))
    appearances = tuple(
        Appearance(
            a,
            mentions[a.id],
            tuple(sorted(r for r, ids in roles_in.items() if a.id in ids)),
            events_of[a.id],
        )
        for a in reversed(newest[-PROFILE_ARTICLES:])
    )
    roles = sorted(((r, len(ids)) for r, ids in roles_in.items()), key=lambda r: (-r[1], r[0]))
    return EntityProfile(
        entity=entity,
        roles=tuple(roles),
        appearances=appearances,
        events=tuple((events[i], n) for i, n in event_counts.most_common()),
        stories=tuple((stories[i], n) for i, n in story_counts.most_common()),
        namesakes=tuple(namesakes),
    )
