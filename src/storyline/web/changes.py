"""'What changed since your last visit', from the stored growth of the events.

There are no accounts and no cookies: a story page offers a link carrying
the newest step it showed (``?since=<step>``); opening that link later lists
the articles that arrived after it. A date (``?since=2025-06-01``) works too
and lists articles published after that day.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from ..models import Article, ChangeKind, EventChange
from ..present.counts import plural
from .layout import article_link, e, href, path_part


@dataclass(frozen=True, slots=True)
class Since:
    """Where a reader's last visit ended: an arrival step, or a publication day."""

    step: int | None = None
    day: date | None = None

    def keeps(self, change: EventChange) -> bool:
        if self.step is not None:
            return change.seq > self.step
        return self.day is not None and change.day is not None and change.day > self.day


def parse_since(text: str | None) -> Since | None:
    """``?since=`` as a step number or an ISO date; None when absent or unreadable."""
    if not text:
        return None
    value = text.strip()
    if value.isascii() and value.isdigit() and len(value) < 19:  # not '²', not huge
        return Since(step=int(value))
    try:
        return Since(day=date.fromisoformat(value))
    except ValueError:
        return None


def newer(changes: Sequence[EventChange], since: Since) -> list[EventChange]:
    """The changes after ``since``, in arrival order."""
    return [c for c in changes if since.keeps(c)]


_VERBS = {
    ChangeKind.FOUNDED: "started an event",
    ChangeKind.JOINED: "joined",
    ChangeKind.MERGED: "joined two events into one",
    ChangeKind.SPLIT: "showed that two merged events were apart, and split them again",
}


def _item(change: EventChange, articles: Mapping[str, Article]) -> str:
    article = articles.get(change.article_id)
    name = article_link(article) if article else f"<code>{e(change.article_id)}</code>"
    day = f" (published {change.day.isoformat()})" if change.day else ""
    return f"<li>{name} {_VERBS[change.kind]}{e(day)}</li>"


def changes_box(
    path: str,
    changes: Sequence[EventChange],
    since: Since | None,
    articles: Mapping[str, Article],
) -> str:
    """The list of what is new (when asked) and the link to come back with."""
    parts = []
    if since is not None:
        fresh = newer(changes, since)
        if fresh:
            items = "".join(_item(c, articles) for c in fresh)
            parts.append(
                f"<h2>New since your last visit</h2><p>{plural(len(fresh), 'change')}:</p>"
                f"<ul>{items}</ul>"
            )
        else:
            parts.append("<p>Nothing new since your last visit.</p>")
    last = max((c.seq for c in changes), default=0)
    parts.append(
        f'<p class="note">Bookmark <a href="{href(path, since=last)}">this link</a> '
        "to see what is new here next time.</p>"
    )
    return f'<aside class="changes" id="changes">{"".join(parts)}</aside>'


def subject_path(kind: str, subject_id: str) -> str:
    return f"/{'stories' if kind == 'story' else 'events'}/{path_part(subject_id)}"


# Steps worth a line in a story's growth (joins are counted, not listed).
_GROWTH_KINDS = (ChangeKind.FOUNDED, ChangeKind.MERGED, ChangeKind.SPLIT)
MAX_GROWTH_STEPS = 40


def growth_body(changes: Sequence[EventChange], articles: Mapping[str, Article]) -> str:
    """How the events grew: each founding, merge and split in arrival order, joins counted."""
    steps = [c for c in changes if c.kind in _GROWTH_KINDS]
    joins = sum(1 for c in changes if c.kind is ChangeKind.JOINED)
    shown = steps[-MAX_GROWTH_STEPS:]
    items = "".join(_item(c, articles) for c in shown)
    earlier = (
        f'<p class="note">{plural(len(steps) - len(shown), "earlier step")} not shown.</p>'
        if len(steps) > len(shown)
        else ""
    )
    return (
        f"<p>{plural(len(steps), 'step')} in all: events started, merged when an article "
        f"showed two were one, and split again when later articles showed otherwise; "
        f"{plural(joins, 'article')} joined an existing event.</p>"
        f'{earlier}<ol class="summary">{items}</ol>'
    )
