"""A story card on the front page: headline, what happened, who stands behind it."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from ..cards import EventLine, StoryCard
from ..models import Article, BriefSentence
from ..present import source_name
from ..present.counts import plural
from .layout import cited_in_article, e, href, path_part

# Events listed on a card; the story page has the rest.
CARD_EVENTS = 4
# Outlets named on a card before "and N more".
CARD_OUTLETS = 4


def _day(day: date) -> str:
    return f'<time datetime="{day.isoformat()}">{day.isoformat()}</time>'


def span_of_days(first: date | None, last: date | None) -> str:
    """ "2025-06-01 – 2025-06-02", one day, or "undated", as markup."""
    if first is None or last is None:
        return "undated"
    return _day(first) if first == last else f"{_day(first)} – {_day(last)}"


def _lead(lead: BriefSentence | None, articles: Sequence[Article]) -> str:
    """The brief's first sentence, each citing outlet linked to the sentence it cites."""
    if lead is None:
        return '<p class="lede none">No sentence long enough to summarise yet.</p>'
    by_id = {a.id: a for a in articles}
    seen: dict[str, str] = {}
    for citation in lead.citations:
        article = by_id.get(citation.article_id)
        if article is None or article.id in seen:
            continue
        seen[article.id] = (
            f'<a href="{e(cited_in_article(citation))}">{e(source_name(article))}</a>'
        )
    cited = f' <span class="cited-by">— {", ".join(seen.values())}</span>' if seen else ""
    return f'<p class="lede">{e(lead.text)}{cited}</p>'


def _outlets(card: StoryCard) -> str:
    named = ", ".join(e(o) for o in card.outlets[:CARD_OUTLETS])
    more = len(card.outlets) - CARD_OUTLETS
    text = named + (f" and {more} more" if more > 0 else "")
    if card.unnamed:
        unnamed = f"{plural(card.unnamed, 'article')} with no named outlet"
        text = f"{text} · {unnamed}" if text else unnamed
    return text


def _event(line: EventLine) -> str:
    event = line.event
    day = event.end or event.start
    when = _day(day) if day else '<span class="support">undated</span>'
    link = href("/events/" + path_part(event.id))
    return (
        f'<li>{when} <a href="{link}">{e(event.label)}</a> '
        f'<span class="support">{plural(line.reports, "report")}</span></li>'
    )


def _events(card: StoryCard) -> str:
    if len(card.events) < 2:
        return ""
    items = "".join(_event(line) for line in card.events[:CARD_EVENTS])
    more = len(card.events) - CARD_EVENTS
    rest = (
        f'<p class="support"><a href="{href("/stories/" + path_part(card.story.id))}#events">'
        f"and {plural(more, 'more event')}</a></p>"
        if more > 0
        else ""
    )
    return f'<ol class="card-events" aria-label="Events">{items}</ol>{rest}'


def _disputed(card: StoryCard) -> str:
    if not card.disputed:
        return ""
    link = href("/stories/" + path_part(card.story.id)) + "#conflicts"
    return (
        f'<p class="disputed"><a href="{link}">Sources disagree on '
        f"{plural(card.conflicts, 'figure')}</a></p>"
    )


def card_html(card: StoryCard) -> str:
    """One ``<li class="card">`` for the front page's list."""
    story = card.story
    anchor = "card-" + path_part(story.id)
    link = href("/stories/" + path_part(story.id))
    updated = (
        f" · updated {_day(card.updated)}" if card.updated and card.updated != card.last else ""
    )
    outlets = f" · {plural(len(card.outlets), 'outlet')}" if card.outlets else ""
    counts = (
        f'<p class="counts"><strong class="reports">'
        f"{plural(card.reports, 'independent report')}</strong> · "
        f"{plural(card.article_count, 'article')}{outlets}</p>"
    )
    return (
        f'<li class="card"><article aria-labelledby="{e(anchor)}">'
        f'<h2 id="{e(anchor)}"><a href="{link}">{e(story.label)}</a></h2>'
        f"{counts}{_disputed(card)}{_lead(card.lead, card.articles)}"
        f'<p class="outlets support">{_outlets(card)}</p>'
        f'<p class="when support">{span_of_days(card.first, card.last)}{updated}</p>'
        f"{_events(card)}</article></li>"
    )
