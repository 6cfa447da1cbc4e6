"""The search page: by words or by meaning, each hit with its date, outlet, event and story."""

from __future__ import annotations

import re
from collections.abc import Sequence

from ..present.counts import plural
from ..search import Mode, SearchResult
from ..store.base import query_words
from .layout import e, href, page, path_part

OPEN, CLOSE = "«", "»"  # how the store marks matched words in a snippet


def highlight(snippet: str) -> str:
    """Escape ``snippet`` and turn each «matched» stretch into ``<mark>``.

    Article text may contain « and » itself, so only a well-formed pair
    becomes a mark; any stray marker is kept as plain text.
    """
    first, *rest = snippet.split(OPEN)
    out = [e(first)]
    for piece in rest:
        inside, found, after = piece.partition(CLOSE)
        if found:
            out.append(f"<mark>{e(inside)}</mark>{e(after)}")
        else:
            out.append(e(OPEN + piece))
    return "".join(out)


def highlight_words(sentence: str, query: str) -> str:
    """Escape ``sentence`` and mark the query's words in it (a semantic hit's closest
    sentence shares meaning, and often some words, with the query)."""
    words = [w for w in query_words(query) if len(w) > 2]
    if not words:
        return e(sentence)
    pattern = re.compile(r"\b(" + "|".join(re.escape(w) for w in words) + r")\b", re.IGNORECASE)
    out, last = [], 0
    for match in pattern.finditer(sentence):
        out.append(e(sentence[last : match.start()]))
        out.append(f"<mark>{e(match.group())}</mark>")
        last = match.end()
    out.append(e(sentence[last:]))
    return "".join(out)


def _where(result: SearchResult) -> str:
    """Date, outlet, event and story of a hit, as one line of links."""
    parts = []
    if result.published is not None:
        day = result.published.isoformat()
        text = f"about {day} (inferred)" if result.inferred else day
        parts.append(f'<time datetime="{day}">{e(text)}</time>')
    if result.hit.outlet:
        parts.append(e(result.hit.outlet))
    if result.event is not None:
        link = href("/events/" + path_part(result.event.id))
        parts.append(f'event: <a href="{link}">{e(result.event.label)}</a>')
    if result.story is not None and (
        result.event is None or result.story.label != result.event.label
    ):
        link = href("/stories/" + path_part(result.story.id))
        parts.append(f'story: <a href="{link}">{e(result.story.label)}</a>')
    return f'<p class="where support">{" · ".join(parts)}</p>' if parts else ""


def _hit(result: SearchResult, query: str, mode: Mode) -> str:
    hit = result.hit
    link = href("/articles/" + path_part(hit.article_id))
    snippet = highlight(hit.snippet) if mode is Mode.TEXT else highlight_words(hit.snippet, query)
    return (
        f'<li><a href="{link}">{e(hit.title or hit.article_id)}</a>{_where(result)}'
        f'<p class="snippet">{snippet}</p></li>'
    )


def _modes(query: str, mode: Mode) -> str:
    """Links to the same query in the other mode (the site bar searches words)."""
    items = []
    for choice, text in ((Mode.TEXT, "Every word"), (Mode.SEMANTIC, "Closest in meaning")):
        current = ' aria-current="page"' if choice is mode else ""
        target = href("/search", q=query, mode=choice.value)
        items.append(f'<li><a href="{target}"{current}>{text}</a></li>')
    return f'<ul class="tabs" aria-label="Search by">{"".join(items)}</ul>'


def search_page(query: str, results: Sequence[SearchResult], limit: int, mode: Mode) -> str:
    """Results for ``query`` (or an invitation to search when it is empty)."""
    words = query.strip()
    if not words:
        body = (
            '<p class="none">Type words in the search box. "Every word" finds articles that '
            'use all of them (a name in any spelling); "Closest in meaning" finds articles '
            "that say the same thing in other words.</p>"
        )
    elif not results:
        body = (
            f'<p class="none">No article contains every word of “{e(words)}”. '
            f'<a href="{href("/search", q=words, mode=Mode.SEMANTIC.value)}">Search by meaning'
            "</a> instead.</p>"
            if mode is Mode.TEXT
            else '<p class="none">No articles to search yet.</p>'
        )
    else:
        more = f" (the best {limit} are shown)" if len(results) >= limit else ""
        verb = "match" if mode is Mode.TEXT else "come closest to"
        body = (
            f'<p class="meta">{plural(len(results), "article")} {verb} “{e(words)}”{e(more)}.</p>'
            f'<ol class="results">{"".join(_hit(r, words, mode) for r in results)}</ol>'
        )
    title = f"Search: {words}" if words else "Search"
    tabs = _modes(words, mode) if words else ""
    back = f'<p><a href="{href("/")}">All stories</a></p>'
    return page(title, f"<h1>{e(title)}</h1>{tabs}{body}{back}", query=query, mode=mode.value)
