"""The search page: full-text hits with the matched words highlighted."""

from __future__ import annotations

from collections.abc import Sequence

from ..store import SearchHit
from .layout import e, href, page, path_part, plural

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


def _hit(hit: SearchHit) -> str:
    link = href("/articles/" + path_part(hit.article_id))
    outlet = f' <span class="support">{e(hit.outlet)}</span>' if hit.outlet else ""
    return (
        f'<li><a href="{link}">{e(hit.title or hit.article_id)}</a>{outlet}'
        f'<p class="snippet">{highlight(hit.snippet)}</p></li>'
    )


def search_page(query: str, hits: Sequence[SearchHit], limit: int) -> str:
    """Results for ``query`` (or an invitation to search when it is empty)."""
    words = query.strip()
    if not words:
        body = '<p class="none">Type words in the search box; every word must match.</p>'
    elif not hits:
        body = f'<p class="none">No article contains every word of “{e(words)}”.</p>'
    else:
        more = f" (the best {limit} are shown)" if len(hits) >= limit else ""
        body = (
            f'<p class="meta">{plural(len(hits), "article")} match “{e(words)}”{e(more)}.</p>'
            f'<ol class="results">{"".join(_hit(h) for h in hits)}</ol>'
        )
    title = f"Search: {words}" if words else "Search"
    back = f'<p><a href="{href("/")}">All stories</a></p>'
    return page(title, f"<h1>{e(title)}</h1>{body}{back}", query=query)
