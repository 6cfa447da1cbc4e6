"""The 'Independent reports' section: which articles retell which report.

Ten articles may be one wire story reprinted ten times. Each lineage group
is one original report with the articles that copy or rewrite it; the
section shows the original, why it was judged the original, and the outlets
the others credit.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from ..models import Article, ArticleLink, Event, Lineage, LineageGroup
from ..present import source_name
from ..present.counts import plural
from ..present.lineage_words import link_in_words
from .layout import article_link, e, href, path_part


def _name(article_id: str, articles: Mapping[str, Article]) -> str:
    article = articles.get(article_id)
    if article is None:
        return f"<code>{e(article_id)}</code>"
    return f'{article_link(article)} <span class="support">({e(source_name(article))})</span>'


def link_between(links: Sequence[ArticleLink], a: str, b: str) -> ArticleLink | None:
    """The stored evidence that ``a`` and ``b`` share a report, if any."""
    return next((x for x in links if {x.a, x.b} == {a, b}), None)


def relation_text(link: ArticleLink | None) -> str:
    """How one article relates to another, in words."""
    return link_in_words(link)


def _group(
    number: int, group: LineageGroup, lineage: Lineage, articles: Mapping[str, Article]
) -> str:
    origin = group.origin
    head = (
        f"Original: {_name(origin, articles)}"
        if origin
        else "The original report is not among these articles"
    )
    credited = (
        f'<p class="support">Credited as the source: {e(", ".join(group.credited))}</p>'
        if group.credited
        else ""
    )
    others = [a for a in group.article_ids if a != origin]
    items = "".join(
        f"<li>{_name(a, articles)} — "
        f"{e(relation_text(link_between(lineage.links, a, origin) if origin else None))}</li>"
        for a in others
    )
    retold = f"<ul>{items}</ul>" if items else ""
    return (
        f'<li class="report"><p><strong>Report {number}</strong> · '
        f"{plural(len(group.article_ids), 'article')}. {head} "
        f'<span class="support">— {e(group.origin_reason)}</span></p>{credited}{retold}</li>'
    )


def reports_body(
    lineage: Lineage, articles: Mapping[str, Article], events: Sequence[Event] = ()
) -> tuple[str, str]:
    """The reports section as its finding ("5 articles come from 3 independent reports")
    and its listing: every independent report and its retellings, with several
    ``events`` the reports of each under its event's label."""
    groups = [g for g in lineage.groups if any(a in articles for a in g.article_ids)]
    traced = {a for g in groups for a in g.article_ids}
    untraced = [a for a in articles if a not in traced]
    body = ""
    if len(events) > 1:
        for event in events:
            mine = [g for g in groups if g.event_id == event.id]
            if mine:
                items = "".join(_group(n, g, lineage, articles) for n, g in enumerate(mine, 1))
                link = href("/events/" + path_part(event.id))
                body += (
                    f'<h3>Event: <a href="{link}">{e(event.label)}</a> '
                    f'<span class="support">{plural(len(mine), "report")}</span></h3>'
                    f'<ol class="summary">{items}</ol>'
                )
    elif groups:
        items = "".join(_group(n, g, lineage, articles) for n, g in enumerate(groups, start=1))
        body = f'<ol class="summary">{items}</ol>'
    if untraced:
        body += (
            "<p>Not traced yet; these articles count once each until they are: "
            f"{', '.join(_name(a, articles) for a in untraced)}</p>"
        )
    intro = (
        f"<p>{plural(len(articles), 'article')} {'comes' if len(articles) == 1 else 'come'} from "
        f"<strong>{plural(len(groups), 'independent report')}</strong>; copies and "
        "rewrites are listed under the report they retell.</p>"
    )
    return intro, body
