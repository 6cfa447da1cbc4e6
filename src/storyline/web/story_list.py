"""The front page: a card per story, newest or biggest first, a page at a time.

The order comes from what the analysis stored (stories and their events,
two queries however large the store is); only the cards on the page shown
are built, each from its story's brief, and kept while the story is unchanged.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from ..cards import Order, StoryCard, StoryRow
from ..present.counts import plural
from .cards import card_html
from .layout import href, page

PAGE_SIZE = 25


def parse_page(text: str | None) -> int:
    """A page number from a query string; anything odd means the first page."""
    try:
        return max(1, int(text or "1"))
    except ValueError:
        return 1


def _tabs(order: Order) -> str:
    items = []
    for choice, text in ((Order.NEWEST, "Newest"), (Order.BIGGEST, "Biggest")):
        current = ' aria-current="page"' if choice is order else ""
        items.append(f'<li><a href="{href("/", sort=choice.value)}"{current}>{text}</a></li>')
    return f'<ul class="tabs" aria-label="Order">{"".join(items)}</ul>'


def _pager(order: Order, number: int, pages: int) -> str:
    before = (
        f'<a href="{href("/", sort=order.value, page=number - 1)}" rel="prev">← Previous</a>'
        if number > 1
        else "<span></span>"
    )
    after = (
        f'<a href="{href("/", sort=order.value, page=number + 1)}" rel="next">Next →</a>'
        if number < pages
        else "<span></span>"
    )
    where = f"<span>Page {number} of {pages}</span>"
    return f'<nav class="pager" aria-label="Pages">{before}{where}{after}</nav>'


def story_list_page(
    rows: Sequence[StoryRow],
    order: Order,
    number: int,
    card_of: Callable[[StoryRow], StoryCard],
) -> str:
    """The front page for one page of ``rows`` (already sorted); ``card_of`` builds
    (or recalls) the card of each story shown."""
    pages = max(1, -(-len(rows) // PAGE_SIZE))
    number = min(number, pages)
    shown = rows[(number - 1) * PAGE_SIZE : number * PAGE_SIZE]
    if not shown:
        body = (
            '<p class="none">No stories yet. Articles appear here once they have been '
            "analysed; come back soon.</p>"
        )
    else:
        body = f'<ol class="cards">{"".join(card_html(card_of(r)) for r in shown)}</ol>'
    articles = sum(r.articles for r in rows)
    main = (
        f'<h1>Stories</h1><p class="meta">{plural(len(rows), "story", "stories")} from '
        f"{plural(articles, 'article')}; each counts the independent reports behind it, "
        "so ten copies of one wire report count once.</p>"
        f"{_tabs(order)}{body}{_pager(order, number, pages)}"
    )
    return page("Stories", main)
