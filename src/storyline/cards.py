"""Story cards: what a front page shows of each story at a glance.

A card says what happened (the label and the first sentence of the brief,
with its citations), how much stands behind it (independent reports, not
just articles), who covered it, when, and whether the sources disagree.
It is built from the story's brief, so it costs what a story page costs;
callers keep cards while the story is unchanged (see :func:`card_key`).
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from .models import Article, BriefSentence, Event, Lineage, Story
from .reading import Subject


@dataclass(frozen=True, slots=True)
class EventLine:
    """One event of a story as the card lists it."""

    event: Event
    reports: int  # independent reports


@dataclass(frozen=True, slots=True)
class StoryCard:
    """A story summed up for the front page."""

    story: Story
    lead: BriefSentence | None  # the brief's first sentence, with its citations
    articles: tuple[Article, ...]  # the cited articles, so the card can link them
    article_count: int
    reports: int  # independent reports across the story's events
    outlets: tuple[str, ...]  # named outlets, most articles first
    unnamed: int  # articles whose outlet is not known (a bare text file, say)
    first: date | None
    last: date | None
    updated: date | None  # the newest article's publication day
    events: tuple[EventLine, ...]  # newest first
    conflicts: int  # figures the sources give differently

    @property
    def disputed(self) -> bool:
        return self.conflicts > 0


def story_card(subject: Subject) -> StoryCard:
    """The card of a story (or of a lone event) from its shown subject."""
    brief = subject.brief
    lead = brief.sentences[0] if brief.sentences else None
    cited = {c.article_id for c in lead.citations} if lead else set()
    outlets = Counter(a.outlet for a in subject.articles if a.outlet)
    days = [a.published for a in subject.articles if a.published]
    lines = [EventLine(ev, _reports(subject.lineage, ev)) for ev in subject.events]
    first, last = day_span(subject.events)
    return StoryCard(
        story=subject.story or Story(subject.id, (subject.id,), subject.label),
        lead=lead,
        articles=tuple(a for a in subject.articles if a.id in cited),
        article_count=len(subject.articles),
        reports=sum(line.reports for line in lines),
        outlets=tuple(name for name, _ in outlets.most_common()),
        unnamed=sum(1 for a in subject.articles if not a.outlet),
        first=first,
        last=last,
        updated=max(days, default=None),
        events=tuple(
            sorted(
                lines,
                key=lambda line: line.event.end or line.event.start or date.min,
                reverse=True,
            )
        ),
        conflicts=len(brief.conflicts),
    )


def day_span(events: Sequence[Event]) -> tuple[date | None, date | None]:
    """The first and last day ``events`` cover; (None, None) when none is dated."""
    starts = [d for ev in events if (d := ev.start)]
    ends = [d for ev in events if (d := ev.end or ev.start)]
    return min(starts, default=None), max(ends, default=None)


def _reports(lineage: Lineage, event: Event) -> int:
    """Independent reports of ``event``; an untraced event counts each article once."""
    traced = lineage.independent_reports(event.id)
    return traced or len(event.article_ids)


def card_key(story: Story, events: dict[str, Event], lineage_version: str | None) -> int:
    """A fingerprint of what a card shows: the story's members and the lineage traced."""
    digest = hashlib.blake2b(digest_size=8)
    digest.update(story.id.encode())
    digest.update((lineage_version or "").encode())
    for event_id in story.event_ids:
        digest.update(event_id.encode())
        for article_id in events[event_id].article_ids if event_id in events else ():
            digest.update(article_id.encode())
    return int.from_bytes(digest.digest(), "big")


# -- the order of stories ----------------------------------------------------
class Order(StrEnum):
    NEWEST = "newest"  # latest event day first
    BIGGEST = "biggest"  # most articles first

    @classmethod
    def parse(cls, text: str | None) -> Order:
        """The order a link asked for; anything unknown falls back to newest."""
        try:
            return cls(text or cls.NEWEST)
        except ValueError:
            return cls.NEWEST


@dataclass(frozen=True, slots=True)
class StoryRow:
    """One line of the list: a story and the counts a reader scans for."""

    story: Story
    events: int
    articles: int
    first: date | None
    last: date | None


def story_rows(stories: Sequence[Story], events: Sequence[Event]) -> list[StoryRow]:
    """Summarise each story from its stored events."""
    by_id = {ev.id: ev for ev in events}
    rows = []
    for story in stories:
        members = [by_id[i] for i in story.event_ids if i in by_id]
        first, last = day_span(members)
        rows.append(
            StoryRow(story, len(members), sum(len(ev.article_ids) for ev in members), first, last)
        )
    return rows


def sort_rows(rows: Sequence[StoryRow], order: Order) -> list[StoryRow]:
    """Rows in ``order``; undated stories go after dated ones, ties by label."""

    def newest(row: StoryRow) -> tuple[int, int, int, str]:
        day = row.last.toordinal() if row.last else 0
        return (-day, -row.articles, 0, row.story.label)

    def biggest(row: StoryRow) -> tuple[int, int, int, str]:
        day = row.last.toordinal() if row.last else 0
        return (-row.articles, -row.events, -day, row.story.label)

    return sorted(rows, key=newest if order is Order.NEWEST else biggest)
