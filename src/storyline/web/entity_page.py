"""One person, organisation or place: its spellings and roles, the stories and events
naming it, and the articles, newest first."""

from __future__ import annotations

from collections.abc import Sequence

from ..entity_profile import EntityProfile
from ..models import Entity, Event
from ..present import source_name
from .layout import article_link, e, href, page, path_part, plural

_KINDS = {"person": "Person", "organization": "Organisation", "place": "Place"}


def entity_path(entity: Entity) -> str:
    """The page of ``entity`` on this site (not yet escaped)."""
    return "/entities/" + path_part(entity.id)


def _days(event: Event) -> str:
    if event.start is None:
        return "undated"
    end = event.end or event.start
    return event.start.isoformat() if end == event.start else f"{event.start} – {end}"


def _roles(profile: EntityProfile) -> str:
    if not profile.roles:
        return '<p class="none">No role or title is written beside the name.</p>'
    items = "".join(
        f'<li>{e(role)} <span class="support">{plural(n, "article")}</span></li>'
        for role, n in profile.roles
    )
    return f'<ul class="summary">{items}</ul>'


def _stories(profile: EntityProfile) -> str:
    if not profile.stories:
        return '<p class="none">Not in any story yet: run <code>storyline analyze</code>.</p>'
    items = "".join(
        f'<li><a href="{href("/stories/" + path_part(s.id))}">{e(s.label)}</a> '
        f'<span class="support">{plural(n, "article")}</span></li>'
        for s, n in profile.stories
    )
    return f'<ol class="summary">{items}</ol>'


def _events(profile: EntityProfile) -> str:
    if not profile.events:
        return '<p class="none">Not in any event yet.</p>'
    items = "".join(
        f'<li><a href="{href("/events/" + path_part(ev.id))}">{e(ev.label)}</a> '
        f'<span class="support">{e(_days(ev))} · {plural(n, "article")}</span></li>'
        for ev, n in profile.events
    )
    return f'<ol class="summary">{items}</ol>'


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


def _section(anchor: str, heading: str, body: str) -> str:
    return (
        f'<section id="{anchor}" aria-labelledby="{anchor}-heading">'
        f'<h2 id="{anchor}-heading">{e(heading)}</h2>{body}</section>'
    )


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
        + _section("roles", "Roles as written", _roles(profile))
        + _section("stories", "Stories", _stories(profile))
        + _section("events", "Events", _events(profile))
        + _section("articles", "Articles", _articles(profile))
        + f'<p><a href="{href("/")}">All stories</a></p>'
    )
    return page(entity.name, main)
