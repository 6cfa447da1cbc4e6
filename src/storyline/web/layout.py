"""The frame every page shares: head, site bar with the search form, footer.

Pages are plain strings built from escaped pieces; there is no template
engine, so nothing from an article can reach the markup without passing
through :func:`e`.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from html import escape
from urllib.parse import quote, urlencode

from ..cards import day_span
from ..models import Article, Citation, Event
from ..present import safe_url, source_name
from ..present.html import brief_stylesheet
from .security import STYLESHEET_PATH

_WEB_CSS = """
header.site { display: flex; flex-wrap: wrap; align-items: center; gap: 0.6rem 1.5rem;
  padding-bottom: 0.8rem; margin-bottom: 1.2rem; border-bottom: 1px solid var(--rule);
  font-family: system-ui, sans-serif; }
header.site .brand { font-weight: 700; font-size: 1.15rem; text-decoration: none;
  color: var(--ink); }
form.search { display: flex; gap: 0.4rem; flex: 1 1 16rem; min-width: 0; max-width: 100%; }
form.search input { flex: 1 1 6rem; width: 6rem; min-width: 0; font: inherit;
  padding: 0.3rem 0.5rem; border: 1px solid
  var(--rule); border-radius: 4px; }
form.search select { font: inherit; padding: 0.3rem; border: 1px solid var(--rule);
  border-radius: 4px; background: #fff; }
ol.results .where { margin: 0.1rem 0; }
form.search button { font: inherit; padding: 0.3rem 0.8rem; border: 1px solid var(--accent);
  background: var(--accent); color: #fff; border-radius: 4px; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden;
  clip: rect(0 0 0 0); white-space: nowrap; }
ul.tabs { list-style: none; padding: 0; display: flex; gap: 1rem; margin: 0.4rem 0 1rem;
  font-family: system-ui, sans-serif; }
ul.tabs [aria-current] { font-weight: 700; color: var(--ink); text-decoration: none; }
table.stories td.label a { font-weight: 600; }
.pager { display: flex; justify-content: space-between; font-family: system-ui, sans-serif; }
ol.cards { list-style: none; padding: 0; margin: 0 0 1.5rem; display: grid; gap: 1rem;
  grid-template-columns: repeat(auto-fill, minmax(min(100%, 24rem), 1fr)); }
li.card { border: 1px solid var(--rule); border-radius: 8px; padding: 0.9rem 1rem;
  background: #fff; min-width: 0; }
li.card h2 { font-size: 1.12rem; margin: 0 0 0.4rem; border: 0; padding: 0;
  line-height: 1.3; overflow-wrap: anywhere; }
li.card h2 a { color: var(--ink); text-decoration: none; }
li.card h2 a:hover { text-decoration: underline; }
li.card p { margin: 0.35rem 0; }
li.card .counts { font: 0.88rem system-ui, sans-serif; }
li.card .reports { color: var(--accent); }
li.card .lede { font-size: 0.95rem; line-height: 1.45; overflow-wrap: anywhere; }
.cited-by { font: 0.82rem system-ui, sans-serif; color: var(--muted); }
.disputed { font: 600 0.85rem system-ui, sans-serif; color: var(--warn); }
.disputed a { color: var(--warn); }
.disputed::before { content: "⚠ "; }
ol.card-events { list-style: none; padding: 0; margin: 0.5rem 0 0;
  border-top: 1px solid var(--soft); font: 0.85rem system-ui, sans-serif; }
ol.card-events li { padding: 0.25rem 0; overflow-wrap: anywhere; }
ol.card-events time, ol.timeline-events time { color: var(--muted);
  font-variant-numeric: tabular-nums; margin-right: 0.3rem; }
nav.sections ol { display: flex; flex-wrap: wrap; gap: 0.2rem 1rem; list-style: none;
  padding: 0; margin: 0.6rem 0 1rem; font: 0.85rem system-ui, sans-serif; }
ol.timeline-events { list-style: none; padding: 0; margin: 0; }
ol.timeline-events li { padding: 0.35rem 0; border-bottom: 1px solid var(--soft); }
details.folded > summary { cursor: pointer; color: var(--accent);
  font: 0.9rem system-ui, sans-serif; }
nav.up { font: 0.85rem system-ui, sans-serif; color: var(--muted); margin: 0 0 0.4rem; }
nav.up a { color: var(--muted); }
@media (max-width: 40rem) {
  main table { display: block; max-width: 100%; overflow-x: auto; }
  main svg.chart { max-width: 100%; height: auto; }
}
mark#cited { scroll-margin-top: 5rem; }
mark { background: #fff4c2; color: inherit; padding: 0 0.1em; }
ol.results li { margin: 0 0 1rem; }
ol.results .snippet { margin: 0.2rem 0; }
.changes { background: var(--soft); border-left: 3px solid var(--accent);
  padding: 0.4rem 1rem; margin: 1rem 0; }
.article-text p { margin: 0 0 0.9rem; }
dl.facts { display: grid; grid-template-columns: max-content minmax(0, 1fr); gap: 0.2rem 1rem;
  font-family: system-ui, sans-serif; font-size: 0.92rem; }
dl.facts dt { color: var(--muted); }
dl.facts dd { margin: 0; overflow-wrap: anywhere; }
main { overflow-wrap: break-word; }
table.evidence { border-collapse: collapse; margin: 0.4rem 0 0.9rem; font-size: 0.88rem; }
table.evidence th, table.evidence td { border: 1px solid var(--soft); padding: 0.3rem 0.5rem;
  vertical-align: top; text-align: left; }
table.evidence td:last-child { color: var(--muted); font-family: system-ui, sans-serif; }
"""


def stylesheet() -> str:
    """The whole style sheet: the brief's rules, then the site's own."""
    return brief_stylesheet() + _WEB_CSS


# A content hash in the link lets browsers cache the sheet for good.
STYLESHEET_URL = f"{STYLESHEET_PATH}?v={hashlib.sha256(stylesheet().encode()).hexdigest()[:12]}"


def e(text: str) -> str:
    """``text`` safe to put between tags or inside a double-quoted attribute."""
    return escape(text, quote=True)


def path_part(identifier: str) -> str:
    """An id made safe for one path segment of a link."""
    return quote(identifier, safe="")


def href(path: str, **query: str | int) -> str:
    """A site-relative link, already escaped for an attribute."""
    return e(f"{path}?{urlencode(query)}" if query else path)


def cited_in_article(citation: Citation) -> str:
    """The article page with the cited sentence marked and scrolled to (not yet escaped)."""
    span = citation.span
    path = "/articles/" + path_part(citation.article_id)
    return f"{path}?{urlencode({'cite': f'{span.start}-{span.end}'})}#cited"


def entity_named(name: str) -> str:
    """The page of the entity answering to ``name`` (not yet escaped)."""
    return f"/entities?{urlencode({'name': name})}"


def article_link(article: Article) -> str:
    """The article's title linking to its page on this site."""
    title = article.title or source_name(article)
    return f'<a href="{href("/articles/" + path_part(article.id))}">{e(title)}</a>'


def external_link(url: str | None, text: str) -> str:
    """A link to the original web page, only for http(s) addresses; else ""."""
    target = safe_url(url)
    if target is None:
        return ""
    return f'<a href="{e(target)}" rel="noopener noreferrer nofollow">{e(text)}</a>'


def page(title: str, main: str, query: str = "", mode: str = "text") -> str:
    """A whole HTML document around ``main`` (already-safe markup)."""
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        '<meta name="referrer" content="no-referrer">'
        f"<title>{e(title)} — Storyline</title>"
        f'<link rel="stylesheet" href="{e(STYLESHEET_URL)}"></head>\n'
        '<body><header class="site"><a class="brand" href="/">Storyline</a>'
        '<form class="search" role="search" action="/search" method="get">'
        '<label class="visually-hidden" for="q">Search articles</label>'
        f'<input id="q" type="search" name="q" value="{e(query)}" '
        'placeholder="Search articles">'
        '<label class="visually-hidden" for="mode">Search by</label>'
        f'<select id="mode" name="mode">{_mode_options(mode)}</select>'
        '<button type="submit">Search</button></form></header>'
        f"<main>{main}</main>"
        "<footer>Storyline. Every sentence is quoted from the articles it cites.</footer>"
        "</body></html>\n"
    )


def _mode_options(mode: str) -> str:
    options = (("text", "Words"), ("semantic", "Meaning"))
    return "".join(
        f'<option value="{value}"{" selected" if value == mode else ""}>{text}</option>'
        for value, text in options
    )


def section(anchor: str, heading: str, body: str) -> str:
    """A page section with its heading (``body`` is already-safe markup)."""
    return (
        f'<section id="{anchor}" aria-labelledby="{anchor}-heading">'
        f'<h2 id="{anchor}-heading">{e(heading)}</h2>{body}</section>'
    )


def event_days(events: Sequence[Event]) -> str:
    """The days ``events`` cover: "2025-06-02", "2025-06-02 – 2025-06-05" or "undated"."""
    first, last = day_span(events)
    if first is None or last is None:
        return "undated"
    return first.isoformat() if first == last else f"{first.isoformat()} – {last.isoformat()}"


def not_found_page(message: str) -> str:
    """A page saying what was not found and where to go instead."""
    body = f'<h1>Not found</h1><p>{e(message)}</p><p><a href="/">All stories</a></p>'
    return page("Not found", body)
