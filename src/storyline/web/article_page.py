"""One article: what we know about it, where it belongs, its lineage, its text."""

from __future__ import annotations

from ..chain import infer_publication_days
from ..models import Article, Event
from ..present import source_name
from ..present.counts import plural
from ..present.lineage_words import match_in_words
from ..reading import ArticleContext
from .layout import article_link, e, external_link, href, page, path_part, section
from .reports import link_between, relation_text


def published_text(article: Article, event: Event | None) -> str:
    """When the article appeared: its own date, or "about DATE (inferred)" from its event."""
    if article.published is not None:
        return article.published.isoformat()
    inferred = infer_publication_days([article], [event]) if event else {}
    day = inferred.get(article.id)
    if day is None:
        return "unknown"
    return f"about {day.isoformat()} (inferred from the other reports of its event)"


def _facts(ctx: ArticleContext) -> str:
    article = ctx.article
    original = external_link(article.url, article.url or "") or "no web address"
    # No file path: where the server read the article is the operator's business.
    rows = [
        ("Outlet", e(article.outlet or "unknown")),
        ("Published", e(published_text(article, ctx.event))),
        ("Byline", e(article.byline or "—")),
        ("Original", original),
        ("Id", f"<code>{e(article.id)}</code>"),
    ]
    cells = "".join(f"<dt>{name}</dt><dd>{value}</dd>" for name, value in rows)
    return f'<dl class="facts">{cells}</dl>'


def _belongs(ctx: ArticleContext) -> str:
    parts = []
    if ctx.story:
        link = href("/stories/" + path_part(ctx.story.id))
        parts.append(f'<li>Story: <a href="{link}">{e(ctx.story.label)}</a></li>')
    if ctx.event:
        link = href("/events/" + path_part(ctx.event.id))
        parts.append(f'<li>Event: <a href="{link}">{e(ctx.event.label)}</a></li>')
    if not parts:
        return '<p class="none">Not grouped yet; it will be once the articles are analysed.</p>'
    return f"<ul>{''.join(parts)}</ul>{_place(ctx)}"


def _place(ctx: ArticleContext) -> str:
    """Where the article stands among its event's reports."""
    if ctx.event is None:
        return ""
    others = len(ctx.event.article_ids) - 1
    reports = ctx.lineage.independent_reports(ctx.event.id)
    group = ctx.lineage.group_of(ctx.article.id)
    if group is None:
        role = "its lineage is not traced yet"
    elif group.origin == ctx.article.id:
        role = "it is the original of one of them"
    elif group.origin:
        role = "it retells one of them"
    else:
        role = "it retells one of them whose original is not stored"
    return (
        f"<p>One of {plural(others + 1, 'article')} in its event, which come from "
        f"<strong>{plural(reports, 'independent report')}</strong>; {e(role)}.</p>"
    )


def _up(ctx: ArticleContext) -> str:
    crumbs = [f'<a href="{href("/")}">All stories</a>']
    if ctx.story:
        crumbs.append(
            f'<a href="{href("/stories/" + path_part(ctx.story.id))}">{e(ctx.story.label)}</a>'
        )
    if ctx.event:
        crumbs.append(
            f'<a href="{href("/events/" + path_part(ctx.event.id))}">'
            f"Event: {e(ctx.event.label)}</a>"
        )
    return f'<nav class="up" aria-label="Up">{" › ".join(crumbs)}</nav>'


def _named(article_id: str, ctx: ArticleContext) -> str:
    other = ctx.neighbours.get(article_id)
    return article_link(other) if other else f"<code>{e(article_id)}</code>"


def _lineage(ctx: ArticleContext) -> str:
    me = ctx.article
    group = ctx.lineage.group_of(me.id)
    if group is None:
        return '<p class="none">No lineage traced for this article yet.</p>'
    if group.origin == me.id:
        origin = "This article is the original report"
    elif group.origin:
        origin = f"Original report: {_named(group.origin, ctx)}"
    else:
        origin = "The original report is not among the stored articles"
    lines = [f'<p>{origin} <span class="support">— {e(group.origin_reason)}</span></p>']
    if group.credited:
        lines.append(f"<p>Credited as the source: {e(', '.join(group.credited))}</p>")
    kin = [a for a in group.article_ids if a != me.id]
    if kin:
        items = "".join(
            f"<li>{_named(a, ctx)} — {e(relation_text(link_between(ctx.lineage.links, me.id, a)))}"
            f"{_evidence(ctx, a)}</li>"
            for a in kin
        )
        lines.append(f"<p>Other articles of the same report:</p><ul>{items}</ul>")
    else:
        lines.append("<p>No other stored article retells this report.</p>")
    credits = [c for c in ctx.lineage.credits if c.article_id == me.id]
    if credits:
        items = "".join(
            f"<li><strong>{e(c.outlet)}</strong> ({e(c.form)}): "
            f"<q>{e(me.text[c.span.start : c.span.end])}</q></li>"
            for c in credits
        )
        lines.append(f"<p>Where this article names its source:</p><ul>{items}</ul>")
    return "".join(lines)


def _evidence(ctx: ArticleContext, other_id: str) -> str:
    """The sentences behind this article's link to ``other_id``, side by side."""
    found = next(
        (x for x in (ctx.evidence.links if ctx.evidence else ()) if x.other.id == other_id), None
    )
    if found is None or not found.link.sentences:
        return ""
    rows = []
    for pair in found.link.sentences:
        mine, theirs = found.sides(pair)
        said = ctx.article.text[mine.start : mine.end]
        rows.append(
            f"<tr><td>{e(said)}</td><td>{e(found.other.text[theirs.start : theirs.end])}</td>"
            f"<td>{e(match_in_words(found.link, pair, said))}</td></tr>"
        )
    return (
        '<table class="evidence"><thead><tr><th>This article</th><th>The other</th>'
        f"<th>Match</th></tr></thead><tbody>{''.join(rows)}</tbody></table>"
    )


def _text(article: Article, cited: tuple[int, int] | None = None) -> str:
    """The article's paragraphs, with the cited characters (within one paragraph) marked."""
    out, offset = [], 0
    for paragraph in article.text.split("\n"):
        start, offset = offset, offset + len(paragraph) + 1
        if not paragraph.strip():
            continue
        if cited is not None and start <= cited[0] < cited[1] <= start + len(paragraph):
            a, b = cited[0] - start, cited[1] - start
            out.append(
                f'<p>{e(paragraph[:a])}<mark id="cited">{e(paragraph[a:b])}</mark>'
                f"{e(paragraph[b:])}</p>"
            )
        else:
            out.append(f"<p>{e(paragraph)}</p>")
    return "".join(out)


def parse_cite(value: str | None, article: Article) -> tuple[int, int] | None:
    """``START-END`` character offsets of a sentence in ``article``; None when they are
    missing, malformed or outside its text (the page then marks nothing)."""
    if not value:
        return None
    first, _, second = value.partition("-")
    if not (first.isdigit() and second.isdigit()):
        return None
    start, end = int(first), int(second)
    return (start, end) if start < end <= len(article.text) else None


def article_page(ctx: ArticleContext) -> str:
    """The whole page for one article."""
    article = ctx.article
    title = article.title or source_name(article)
    text = f'<div class="article-text">{_text(article, ctx.cited)}</div>'
    main = (
        f'{_up(ctx)}<p class="kicker">Article · {e(source_name(article))}</p><h1>{e(title)}</h1>'
        f"{_facts(ctx)}"
        f"{section('belongs', 'Where it belongs', _belongs(ctx))}"
        f"{section('lineage', 'Lineage', _lineage(ctx))}"
        f"{section('text', 'Text', text)}"
    )
    return page(title, main)
