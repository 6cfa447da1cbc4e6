"""One person, organisation or place: its spellings and roles, the stories and events
naming it, and the articles, newest first."""

from __future__ import annotations

from collections.abc import Sequence

from ..entity_profile import EntityProfile
from ..models import Entity, Event, Story
from ..present import source_name
from ..present.counts import plural
from .layout import article_link, e, event_days, href, page, path_part, section

_KINDS = {"person": "Person", "organization": "Organisation", "place": "Place"}
_NO_STORY = "Not in any story yet; it will be once the articles are analysed."
_NO_EVENT = "Not in any event yet; it will be once the articles are analysed."


def entity_path(entity: Entity) -> str:
    """The page of ``entity`` on this site (not yet escaped)."""
    return "/entities/" + path_part(entity.id)


def _roles(profile: EntityProfile) -> str:
    if not profile.roles:
        return '<p class="none">No role or title is written beside the name.</p>'
    items = "".join(
        f'<li>{e(role)} <span class="support">{plural(n, "article")}</span></li>'
        for role, n in profile.roles
    )
    return f'<ul class="summary">{items}</ul>'


def _subjects(kind: str, counted: Sequence[tuple[Story | Event, int]], empty: str) -> str:
    """Stories or events, each linked, with its days (events) and how many of its
    articles name the entity."""
    if not counted:
        return f'<p class="none">{empty}</p>'
    items = []
    for subject, n in counted:
        days = f"{event_days([subject])} · " if isinstance(subject, Event) else ""
        items.append(
            f'<li><a href="{href(f"/{kind}/" + path_part(subject.id))}">{e(subject.label)}</a> '
            f'<span class="support">{e(days)}{plural(n, "article")}</span></li>'
        )
    return f'<ol class="summary">{"".join(items)}</ol>'


def _articles(profile: EntityProfile) -> str:
    rows = []
    for a in profile.appearances:
        published = a.article.published.isoformat() if a.article.published else "undated"
        event = (
            f'<a href="{href("/events/" + path_part(a.event.id))}">{e(a.event.label)}</a>'
            if a.event
            else "—"
        )
        rows.append(
            f"<tr><td>{e(published)}</td><td>{e(source_name(a.article))}</td>"
            f"<td>{article_link(a.article)}</td><td>{e('; '.join(a.roles)) or '—'}</td>"
            f'<td class="number">{a.mentions}</td><td>{event}</td></tr>'
        )
    shown = len(profile.appearances)
    total = len(profile.entity.article_ids)
    note = f'<p class="meta">The newest {shown} of {total:,}.</p>' if shown < total else ""
    return (
        f'{note}<table><thead><tr><th scope="col">Published</th><th scope="col">Outlet</th>'
        '<th scope="col">Article</th><th scope="col">Roles as written</th>'
        '<th scope="col" class="number">Mentions</th><th scope="col">Event</th></tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table>"
    )


def _namesakes(namesakes: Sequence[Entity]) -> str:
    if not namesakes:
        return ""
    links = ", ".join(
        f'<a href="{href(entity_path(n))}">{e(n.name)}</a> '
        f'<span class="support">({e(_KINDS.get(n.type.value, n.type.value).lower())}, '
        f"{plural(len(n.article_ids), 'article')})</span>"
        for n in namesakes[:12]
    )
    return f'<p class="note">Also answering to this name: {links}.</p>'


def entity_page(profile: EntityProfile) -> str:
    """The whole page for one entity."""
    entity = profile.entity
    kind = _KINDS.get(entity.type.value, entity.type.value)
    spellings = ", ".join(entity.variants[:10])
    header = (
        f'<p class="kicker">{e(kind)}</p><h1>{e(entity.name)}</h1>'
        f'<p class="meta">{plural(len(entity.article_ids), "article")} · '
        f"{plural(len(entity.mentions), 'mention')} · written {e(spellings)} · "
        f"<code>{e(entity.id)}</code></p>{_namesakes(profile.namesakes)}"
    )
    main = (
        header
        + section("roles", "Roles as written", _roles(profile))
        + section("stories", "Stories", _subjects("stories", profile.stories, _NO_STORY))
        + section("events", "Events", _subjects("events", profile.events, _NO_EVENT))
        + section("articles", "Articles", _articles(profile))
        + f'<p><a href="{href("/")}">All stories</a></p>'
    )
    return page(entity.name, main)
