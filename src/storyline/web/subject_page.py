"""The story page (and the event page, which is the same page for one event).

The brief's own sections (summary, agreement, conflicts side by side, who's
who, timeline, coverage chart, sources) come from ``storyline.present``; this
module frames them, adds the independent reports and the events of a story,
and the "new since your last visit" box.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..models import EventChange
from ..present.html import brief_sections
from ..service import Subject
from .changes import Since, changes_box, growth_section, subject_path
from .layout import (
    cited_in_article,
    e,
    entity_named,
    event_days,
    href,
    page,
    path_part,
    plural,
)
from .reports import reports_section


def _events_section(subject: Subject) -> str:
    items = "".join(
        f'<li><a href="{href("/events/" + path_part(ev.id))}">{e(ev.label)}</a> '
        f'<span class="support">{e(event_days([ev]))} · '
        f"{plural(len(ev.article_ids), 'article')}</span></li>"
        for ev in subject.events
    )
    return (
        '<section id="events" aria-labelledby="events-heading">'
        f'<h2 id="events-heading">Events</h2><ol class="summary">{items}</ol></section>'
    )


def subject_page(subject: Subject, changes: Sequence[EventChange], since: Since | None) -> str:
    """The whole page for a story or an event."""
    articles = {a.id: a for a in subject.articles}
    sections = brief_sections(subject.brief, articles, cited_in_article, entity_named)
    # Independent reports go just before the sources list, after coverage.
    extra = [
        ("reports", "Independent reports", reports_section(subject.lineage, articles)),
        ("growth", "How it grew", growth_section(changes, articles)),
    ]
    if subject.kind == "story":
        extra.insert(0, ("events", "Events", _events_section(subject)))
    where = next((i for i, s in enumerate(sections) if s[0] == "sources"), len(sections))
    sections[where:where] = extra
    nav = "".join(f'<li><a href="#{a}">{e(h)}</a></li>' for a, h, _ in sections)
    kind = "Story" if subject.kind == "story" else "Event"
    brief = subject.brief
    header = (
        f'<p class="kicker">{kind}</p><h1>{e(subject.label)}</h1>'
        f'<p class="meta">{e(event_days(subject.events))} · '
        f"{plural(len(subject.articles), 'article')} from "
        f"{plural(brief.independent_reports, 'independent report')}"
        + (
            f" (briefed from the newest {brief.articles:,})"
            if brief.articles < len(subject.articles)
            else ""
        )
        + (f" · {plural(len(subject.events), 'event')}" if subject.kind == "story" else "")
        + f" · <code>{e(subject.id)}</code></p>"
    )
    path = subject_path(subject.kind, subject.id)
    main = (
        f"{header}{changes_box(path, changes, since, articles)}"
        f'<nav aria-label="Sections of this page"><ol>{nav}</ol></nav>'
        f"{''.join(html for _, _, html in sections)}"
    )
    return page(subject.label, main)
