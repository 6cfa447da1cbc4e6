"""The story page (and the event page, which is the same page for one event).

What a reader wants first comes first: the summary, then the story's events
as a timeline, then where the sources disagree and who is involved. The
brief's other sections (what the sources agree on, what only one says, the
timeline of happenings, coverage) follow, and the long reference sections
(independent reports, how the events grew, the numbered sources) are folded
so the page stays short. Every page links up: event to story, story to the
front page.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from ..models import Event, EventChange, Lineage, Story
from ..present.counts import plural
from ..present.html import brief_bodies
from ..reading import Subject
from .changes import Since, changes_box, growth_body, subject_path
from .layout import (
    cited_in_article,
    e,
    entity_named,
    event_days,
    href,
    page,
    path_part,
)
from .reports import reports_body

# The order of the page's sections; the events timeline exists on story pages only.
ORDER = (
    "summary",
    "events",
    "conflicts",
    "who",
    "timeline",
    "coverage",
    "agreed",
    "single-source",
    "reports",
    "growth",
    "sources",
)
# Sections folded behind a <summary> line: long, and read for reference.
FOLDED = frozenset({"agreed", "single-source", "reports", "growth", "sources"})


def _event_day(event: Event) -> str:
    day = event.start
    if day is None:
        return '<span class="support">undated</span>'
    return f'<time datetime="{day.isoformat()}">{day.isoformat()}</time>'


def _events_body(events: Sequence[Event], lineage: Lineage) -> str:
    """The story's events oldest first: day, label, independent reports and articles."""
    ordered = sorted(events, key=lambda ev: (ev.start is None, ev.start or date.min, ev.label))
    items = "".join(
        f'<li>{_event_day(ev)} <a href="{href("/events/" + path_part(ev.id))}">{e(ev.label)}</a>'
        f' <span class="support">{plural(lineage.independent_reports(ev.id), "report")} · '
        f"{plural(len(ev.article_ids), 'article')}</span></li>"
        for ev in ordered
    )
    return f'<ol class="timeline-events">{items}</ol>'


def _section(anchor: str, heading: str, finding: str, body: str) -> str:
    """A section; a folded one keeps its ``finding`` in view above the fold."""
    inner = (
        f'{finding}<details class="folded"><summary>Show {e(heading.lower())}</summary>'
        f"{body}</details>"
        if anchor in FOLDED
        else finding + body
    )
    return (
        f'<section id="{anchor}" aria-labelledby="{anchor}-heading">'
        f'<h2 id="{anchor}-heading">{e(heading)}</h2>{inner}</section>'
    )


def _up(subject: Subject, parent: Story | None) -> str:
    """Links to the pages above this one."""
    crumbs = [f'<a href="{href("/")}">All stories</a>']
    if subject.kind == "event" and parent is not None:
        link = href("/stories/" + path_part(parent.id))
        crumbs.append(f'Story: <a href="{link}">{e(parent.label)}</a>')
    return f'<nav class="up" aria-label="Up">{" › ".join(crumbs)}</nav>'


def subject_page(
    subject: Subject,
    changes: Sequence[EventChange],
    since: Since | None,
    parent: Story | None = None,
) -> str:
    """The whole page for a story or an event; ``parent`` is an event's story."""
    articles = {a.id: a for a in subject.articles}
    # anchor -> (heading, finding kept in view, body)
    bodies = {
        anchor: (heading, "", body)
        for anchor, heading, body in brief_bodies(
            subject.brief, articles, cited_in_article, entity_named
        )
    }
    bodies["reports"] = (
        "Independent reports",
        *reports_body(subject.lineage, articles, subject.events),
    )
    bodies["growth"] = ("How it grew", "", growth_body(changes, articles))
    if subject.kind == "story":
        bodies["events"] = (
            f"Events ({len(subject.events)})",
            "",
            _events_body(subject.events, subject.lineage),
        )
    sections = [(a, *bodies[a]) for a in ORDER if a in bodies]
    nav = "".join(f'<li><a href="#{a}">{e(h)}</a></li>' for a, h, _, _ in sections)
    kind = "Story" if subject.kind == "story" else "Event"
    brief = subject.brief
    header = (
        f'{_up(subject, parent)}<p class="kicker">{kind}</p><h1>{e(subject.label)}</h1>'
        f'<p class="meta">{e(event_days(subject.events))} · '
        f"<strong>{plural(brief.independent_reports, 'independent report')}</strong> in "
        f"{plural(len(subject.articles), 'article')}"
        + (
            f" (briefed from the newest {brief.articles:,})"
            if brief.articles < len(subject.articles)
            else ""
        )
        + (f" · {plural(len(subject.events), 'event')}" if subject.kind == "story" else "")
        + "</p>"
    )
    path = subject_path(subject.kind, subject.id)
    box = changes_box(path, changes, since, articles)
    # What is new since a reader's last visit goes on top; without a visit to compare
    # with, the box only offers a bookmark, which can wait at the bottom.
    main = (
        f"{header}{box if since is not None else ''}"
        f'<nav class="sections" aria-label="Sections of this page"><ol>{nav}</ol></nav>'
        f"{''.join(_section(*section) for section in sections)}"
        f"{box if since is None else ''}"
    )
    return page(subject.label, main)
