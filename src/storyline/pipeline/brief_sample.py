"""Which articles a brief reads when its subject holds more than it can compare.

A brief compares sentences with sentences: candidates with the whole pool for
support, claims with claims, figures with figures. That is quick for an event
of a few dozen articles and hopeless for a story of thousands (minutes and
gigabytes for one brief). Past :data:`BRIEF_ARTICLES`, a brief reads the first
article of every lineage group, so no independent report is lost (the most
repeated first, should even they be too many), then the newest of the rest. The
counts a brief shows (articles, independent reports, outlets) still count every
article of the subject.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

from ..models import Article

BRIEF_ARTICLES = 150  # no dev-set event or story is this large; the cap only bounds cost


def brief_sample(
    articles: Sequence[Article], report_of: Mapping[str, str], cap: int = BRIEF_ARTICLES
) -> list[Article]:
    """At most ``cap`` of ``articles``, in their given order (see the module docstring)."""
    if len(articles) <= cap:
        return list(articles)
    groups: dict[str, list[Article]] = {}
    for article in articles:
        groups.setdefault(report_of.get(article.id, article.id), []).append(article)
    by_size = sorted(groups.values(), key=lambda members: -len(members))  # stable: ties in order
    chosen = {members[0].id for members in by_size[:cap]}
    position = {a.id: i for i, a in enumerate(articles)}
    rest = sorted(
        (a for a in articles if a.id not in chosen),
        key=lambda a: (a.published or date.min, position[a.id]),
        reverse=True,
    )
    chosen.update(a.id for a in rest[: cap - len(chosen)])
    return [a for a in articles if a.id in chosen]
