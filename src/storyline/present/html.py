"""A brief as one self-contained HTML page: no scripts, no external requests.

Everything taken from articles goes through :func:`html.escape`, links are
only made for http(s) URLs, and a Content-Security-Policy meta tag forbids
scripts and remote content outright, so a hostile article cannot run code or
call home even if an escaping mistake slipped through. The one style sheet is
allowed by its hash; charts are inline SVG.
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Callable, Iterable, Mapping
from html import escape

from ..models import (
    Article,
    Brief,
    Citation,
    ClaimGroup,
    Conflict,
    ConflictSide,
    TimelineEntry,
    WhoEntry,
)
from .charts import coverage_svg, timeline_items
from .counts import plural
from .markdown import NO_AGREEMENT, NO_SINGLE_SOURCE
from .sources import (
    DIFFER_CAVEAT,
    DIFFER_HEADING,
    DIFFER_NONE,
    Source,
    Sources,
    conflict_heading,
    excerpt,
)

_CSS = """
:root { color-scheme: light; --ink: #1d1d1f; --muted: #5f6368; --rule: #d0d4d9;
  --accent: #1f5fa8; --soft: #f3f6fa; --warn: #9a4d00; }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 60rem; padding: 1.5rem 1.25rem 3rem; color: var(--ink);
  font: 16px/1.55 Georgia, "Times New Roman", serif; background: #fff; }
h1, h2, h3, nav, .meta, .support, table, .chart, .gap, .sources { font-family:
  system-ui, -apple-system, "Segoe UI", Roboto, Helvetica, Arial, sans-serif; }
h1 { font-size: 1.8rem; line-height: 1.25; margin: 0.2rem 0 0.4rem; }
h2 { font-size: 1.25rem; margin: 2.2rem 0 0.6rem; padding-bottom: 0.2rem;
  border-bottom: 2px solid var(--rule); }
h3 { font-size: 1.05rem; margin: 1.4rem 0 0.4rem; }
.kicker { margin: 0; color: var(--accent); font: 600 0.8rem system-ui, sans-serif;
  letter-spacing: 0.08em; text-transform: uppercase; }
.meta, .support, .gap, .none, .note { color: var(--muted); font-size: 0.9rem; }
nav ol { list-style: none; padding: 0; margin: 1rem 0; display: flex; flex-wrap: wrap;
  gap: 0.4rem 1.2rem; font-size: 0.9rem; }
a { color: var(--accent); }
sup.cites { font-size: 0.7em; line-height: 0; white-space: nowrap; }
sup.cites a { text-decoration: none; padding: 0 0.1em; }
ul.claims, ol.summary { padding-left: 1.3rem; }
ul.claims li, ol.summary li { margin: 0.45rem 0; }
table.sides { table-layout: fixed; }
caption { text-align: left; caption-side: bottom; padding-top: 0.2rem; }
table { border-collapse: collapse; width: 100%; font-size: 0.92rem; margin: 0.5rem 0 1rem; }
th, td { border: 1px solid var(--rule); padding: 0.45rem 0.6rem; vertical-align: top;
  text-align: left; }
thead th { background: var(--soft); }
td.number, th.number { text-align: right; }
.side-value { display: block; font-size: 1.05rem; color: var(--warn); }
.side-who { display: block; font-weight: normal; color: var(--muted); font-size: 0.85rem; }
blockquote { margin: 0 0 0.6rem; padding: 0.1rem 0 0.1rem 0.7rem; border-left: 3px solid
  var(--rule); font-family: Georgia, serif; }
blockquote:last-child { margin-bottom: 0; }
ol.timeline { list-style: none; margin: 0.5rem 0; padding: 0 0 0 1.4rem;
  border-left: 2px solid var(--accent); }
ol.timeline li { position: relative; margin: 0 0 1rem; }
ol.timeline li.event::before { content: ""; position: absolute; left: -1.82rem; top: 0.35rem;
  width: 0.75rem; height: 0.75rem; border-radius: 50%; background: var(--accent);
  border: 2px solid #fff; }
ol.timeline time { display: block; font: 700 0.95rem system-ui, sans-serif; }
ol.timeline li.gap { font-style: italic; margin-top: -0.4rem; }
.chart { max-width: 100%; height: auto; font-size: 13px; }
.chart text { fill: var(--ink); }
.chart .outlet rect { fill: var(--accent); }
.chart .total rect { fill: #8a96a3; }
.chart .independent rect { fill: var(--warn); }
.chart .rule { stroke: var(--rule); }
ol.sources { padding-left: 2rem; font-size: 0.92rem; }
ol.sources li { margin: 0.35rem 0; }
ol.sources li:target { background: #fff4c2; }
code { font-size: 0.85em; color: var(--muted); }
footer { margin-top: 3rem; color: var(--muted); font: 0.8rem system-ui, sans-serif; }
@media print {
  body { max-width: none; padding: 0; font-size: 11pt; }
  nav, footer { display: none; }
  a { color: inherit; text-decoration: none; }
  ol.sources a[href^="http"]::after { content: " <" attr(href) ">"; word-break: break-all; }
  h2, h3 { break-after: avoid; }
  tr, li, blockquote, .chart { break-inside: avoid; }
  thead th { background: none; }
  ol.sources li:target { background: none; }
}
"""

_CSS_HASH = base64.b64encode(hashlib.sha256(_CSS.encode()).digest()).decode()
# base-uri and form-action do not fall back to default-src, so they are named.
CONTENT_SECURITY_POLICY = (
    f"default-src 'none'; style-src 'sha256-{_CSS_HASH}'; img-src data:; "
    "base-uri 'none'; form-action 'none'"
)

_SECTIONS = (
    ("summary", "Summary"),
    ("agreed", "What sources agree on"),
    ("conflicts", DIFFER_HEADING),
    ("single-source", "Only one source says"),
    ("who", "Who's who"),
    ("timeline", "Timeline"),
    ("coverage", "Coverage"),
    ("sources", "Sources"),
)


# Where a cited sentence can be read in its article (a web page links to its own article
# page; a standalone brief has nowhere to link, and passes None).
CitationLink = Callable[[Citation], str]
# Where a who's who name leads: the page of the entity answering to that name.
EntityLink = Callable[[str], str]


def _e(text: str) -> str:
    return escape(text, quote=True)


def _cites(numbers: Iterable[int]) -> str:
    """Superscript citation numbers, each a link to its entry in the sources list."""
    links = ",".join(f'<a href="#source-{n}" aria-label="source {n}">{n}</a>' for n in numbers)
    return f'<sup class="cites">{links}</sup>' if links else ""


def _cited(citations: Iterable[Citation], sources: Sources, link: CitationLink | None) -> str:
    """Citation numbers; with ``link``, each opens its article at the cited sentence
    (the first one cited from that article), else each points into the sources list."""
    if link is None:
        return _cites(sources.cited(citations))
    first: dict[int, Citation] = {}
    for citation in citations:
        number = sources.number(citation.article_id)
        if number is not None:
            first.setdefault(number, citation)
    links = ",".join(
        f'<a href="{_e(link(first[n]))}" aria-label="source {n}, at the cited sentence">{n}</a>'
        for n in sorted(first)
    )
    return f'<sup class="cites">{links}</sup>' if links else ""


def _support(count: int) -> str:
    if count < 2:
        return ""
    return f' <span class="support">({plural(count, "independent report")})</span>'


def _same_point(marks: str) -> str:
    """Sources on the sentence's point that do not state it in full: shown, not counted."""
    if not marks:
        return ""
    return (
        f' <span class="support" title="These sources make the same point with other '
        f"details (a name, number, date or speaker differs), so they are not counted as "
        f'reports of this sentence.">(same point: {marks})</span>'
    )


def _none(text: str) -> str:
    return f'<p class="none">{_e(text)}</p>'


def _summary(brief: Brief, sources: Sources, link: CitationLink | None = None) -> str:
    if not brief.sentences:
        return _none("No sentence long enough to summarise.")
    items = "".join(
        f"<li>{_e(s.text)}{_cited(s.citations, sources, link)}"
        f"{_support(s.independent_support)}{_same_point(_cited(s.related, sources, link))}</li>"
        for s in brief.sentences
    )
    return f'<ol class="summary">{items}</ol>'


def _claims(groups: Iterable[ClaimGroup], sources: Sources, none: str) -> str:
    items = []
    for group in groups:
        said_by = sorted({c.attribution for c in group.claims if c.attribution})
        according = (
            f' <span class="support">— according to {_e(", ".join(said_by))}</span>'
            if said_by
            else ""
        )
        items.append(
            f"<li>{_e(group.text)}{_cites(sources.numbers(group.article_ids))}"
            f"{_support(group.independent_support)}{according}</li>"
        )
    return f'<ul class="claims">{"".join(items)}</ul>' if items else _none(none)


def _side_header(side: ConflictSide, sources: Sources) -> str:
    who = ", ".join(sources.names(side.article_ids))
    return (
        f'<th scope="col"><span class="side-value">{_e(side.value)}</span>'
        f'<span class="side-who">{_e(who)} · '
        f"{plural(side.independent_support, 'independent report')}</span></th>"
    )


def _quote(
    citation: Citation,
    sources: Sources,
    articles: Mapping[str, Article],
    link: CitationLink | None = None,
) -> str:
    words = excerpt(citation, articles)
    if not words:
        return ""
    context = f' <a class="in-context" href="{_e(link(citation))}">in context</a>' if link else ""
    return (
        f"<blockquote><p>{_e(words)}{_cited([citation], sources, link)}{context}</p></blockquote>"
    )


def _conflict(
    conflict: Conflict,
    sources: Sources,
    articles: Mapping[str, Article],
    link: CitationLink | None = None,
) -> str:
    headers = "".join(_side_header(side, sources) for side in conflict.sides)
    cells = "".join(
        f"<td>{''.join(_quote(c, sources, articles, link) for c in side.citations)}</td>"
        for side in conflict.sides
    )
    return (
        f'<div class="conflict"><h3>{_e(conflict_heading(conflict))}</h3>'
        '<table class="sides"><caption class="note">Each column is one version, '
        "in the sources' own words</caption>"
        f"<thead><tr>{headers}</tr></thead><tbody><tr>{cells}</tr></tbody></table></div>"
    )


def _conflicts(
    brief: Brief,
    sources: Sources,
    articles: Mapping[str, Article],
    link: CitationLink | None = None,
) -> str:
    if not brief.conflicts:
        return _none(DIFFER_NONE)
    # Quieter than the sections around it: folded, the count and the caveat on show.
    count = plural(len(brief.conflicts), "figure")
    body = "".join(_conflict(c, sources, articles, link) for c in brief.conflicts)
    return (
        f'<p class="note">{_e(DIFFER_CAVEAT)}</p>'
        f'<details class="differ"><summary>{count} given differently by the sources'
        f"</summary>{body}</details>"
    )


def _who(brief: Brief, link: EntityLink | None = None) -> str:
    if not brief.who:
        return _none("No people or organisations identified.")

    def name(entry: WhoEntry) -> str:
        if link is None:
            return _e(entry.name)
        return f'<a href="{_e(link(entry.name))}">{_e(entry.name)}</a>'

    rows = "".join(
        f'<tr><th scope="row">{name(w)}</th><td>{_e(w.type)}</td>'
        f'<td>{_e("; ".join(w.roles)) or "—"}</td><td class="number">{w.articles}</td></tr>'
        for w in brief.who
    )
    return (
        '<table><thead><tr><th scope="col">Name</th><th scope="col">Kind</th>'
        '<th scope="col">Roles as written</th><th scope="col" class="number">Articles</th>'
        f"</tr></thead><tbody>{rows}</tbody></table>"
    )


def _timeline(brief: Brief, sources: Sources, link: CitationLink | None = None) -> str:
    if not brief.timeline:
        return _none("No dated happenings found.")

    def entry(item: TimelineEntry) -> str:
        day = item.day
        bound = "after " if item.after else ""
        return (
            f'<li class="event"><time datetime="{day.isoformat()}">'
            f"{bound}{day.isoformat()} · {day:%A}</time>{_e(item.text)}"
            f"{_cited(item.citations, sources, link)}{_support(item.independent_support)}</li>"
        )

    return f'<ol class="timeline">{timeline_items(brief.timeline, entry)}</ol>'


def _coverage(brief: Brief, sources: Sources) -> str:
    rows = "".join(
        f'<tr><th scope="row">{_e(c.outlet)}</th><td class="number">{c.articles}</td>'
        f"<td>{_cites(sources.of_outlet(c.outlet))}</td></tr>"
        for c in brief.coverage
    )
    return (
        f"<p>{plural(brief.articles, 'article')} from "
        f"<strong>{plural(brief.independent_reports, 'independent report')}</strong> "
        "(copies and rewrites of one report count once).</p>"
        f"{coverage_svg(brief)}"
        '<table><thead><tr><th scope="col">Outlet</th><th scope="col" class="number">Articles'
        f'</th><th scope="col">Sources</th></tr></thead><tbody>{rows}</tbody></table>'
    )


def _source(source: Source) -> str:
    article = source.article
    parts = [f"<strong>{_e(source.name)}</strong> — {_e(article.title)}"]
    if article.published:
        parts.append(
            f'published <time datetime="{article.published.isoformat()}">'
            f"{article.published.isoformat()}</time>"
        )
    if source.url:
        parts.append(
            f'<a href="{_e(source.url)}" rel="noopener noreferrer nofollow">read the article</a>'
        )
    parts.append(f"<code>{_e(article.id)}</code>")
    return f'<li id="source-{source.number}" value="{source.number}">{" — ".join(parts)}</li>'


def _sources(sources: Sources) -> str:
    items = "".join(_source(s) for s in sources.all())
    return f'<ol class="sources">{items}</ol>' if items else _none("No articles.")


def _section(anchor: str, heading: str, body: str) -> str:
    return (
        f'<section id="{anchor}" aria-labelledby="{anchor}-heading">'
        f'<h2 id="{anchor}-heading">{_e(heading)}</h2>{body}</section>'
    )


def brief_html(brief: Brief, articles: Mapping[str, Article]) -> str:
    """The whole brief as a standalone HTML5 document."""
    nav = "".join(f'<li><a href="#{a}">{_e(h)}</a></li>' for a, h in _SECTIONS)
    sections = "".join(html for _, _, html in brief_sections(brief, articles))
    title = _e(brief.title)
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{CONTENT_SECURITY_POLICY}">'
        '<meta name="referrer" content="no-referrer">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        '<meta name="generator" content="Storyline">'
        f"<title>{title} — Storyline brief</title><style>{_CSS}</style></head>\n"
        f'<body><header><p class="kicker">Storyline brief</p><h1>{title}</h1>'
        f'<p class="meta"><code>{_e(brief.subject_id)}</code> · '
        f"{plural(brief.articles, 'article')} from "
        f"{plural(brief.independent_reports, 'independent report')}</p></header>"
        f'<nav aria-label="Sections of this brief"><ol>{nav}</ol></nav>'
        f"<main>{sections}</main>"
        "<footer>Made by Storyline. Every sentence is quoted from the sources it cites; "
        "numbers link to the sources list.</footer></body></html>\n"
    )


def brief_stylesheet() -> str:
    """The style sheet the brief's markup is written for, so a web page can serve it."""
    return _CSS


def brief_sections(
    brief: Brief,
    articles: Mapping[str, Article],
    link: CitationLink | None = None,
    entity_link: EntityLink | None = None,
) -> list[tuple[str, str, str]]:
    """The brief's sections as ``(anchor, heading, html)``, for a page that frames them itself.

    Each ``html`` is a whole ``<section>`` (heading included) with everything
    from the articles escaped, the same markup :func:`brief_html` puts in its page.
    ``link``, when given, says where each quoted sentence can be read in its article;
    ``entity_link`` where each who's who name leads.
    """
    bodies = brief_bodies(brief, articles, link, entity_link)
    return [(a, h, _section(a, h, body)) for a, h, body in bodies]


def brief_bodies(
    brief: Brief,
    articles: Mapping[str, Article],
    link: CitationLink | None = None,
    entity_link: EntityLink | None = None,
) -> list[tuple[str, str, str]]:
    """Like :func:`brief_sections`, but each ``html`` is the section's body alone, for a
    page that wraps some sections differently (folded, say)."""
    sources = Sources(brief, articles)
    bodies = {
        "summary": _summary(brief, sources, link),
        "agreed": _claims(brief.agreed, sources, NO_AGREEMENT),
        "conflicts": _conflicts(brief, sources, articles, link),
        "single-source": _claims(brief.single_source, sources, NO_SINGLE_SOURCE),
        "who": _who(brief, entity_link),
        "timeline": _timeline(brief, sources, link),
        "coverage": _coverage(brief, sources),
        "sources": _sources(sources),
    }
    return [(a, h, bodies[a]) for a, h in _SECTIONS]
