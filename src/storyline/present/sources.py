"""Numbering a brief's sources, so every format cites them the same way.

A reader meets citations as small numbers ("[2]") and looks them up in one
sources list. The numbers follow the order in which articles are first cited
as the brief is read top to bottom (summary, conflicts, claims, timeline), so
the first citation is always 1; articles that are never cited come last.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from urllib.parse import quote, urlsplit

from ..models import Article, Brief, Citation, Conflict

# Characters a URL may keep as they are; everything else is percent-encoded so
# a URL can never close the attribute or Markdown link it is written into.
_URL_SAFE = ":/?#[]@!$&()*+,;=%~-._"

# How coverage names articles without an outlet (see pipeline/brief.py).
UNKNOWN_OUTLET = "unknown outlet"


def source_name(article: Article) -> str:
    """How an article is named in citations: its outlet, else its file name."""
    if article.outlet:
        return article.outlet
    name = article.path.replace("\\", "/").rsplit("/", 1)[-1]
    return name.rsplit(".", 1)[0] if "." in name else name


def safe_url(url: str | None) -> str | None:
    """``url`` ready to link to when it is http(s), else None (never link ``javascript:``)."""
    if not url:
        return None
    text = url.strip()
    if any(ord(ch) < 0x21 or ord(ch) == 0x7F for ch in text):
        return None  # whitespace or control characters: not a URL someone meant to share
    try:
        parts = urlsplit(text)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    return quote(text, safe=_URL_SAFE)


def excerpt(citation: Citation, articles: Mapping[str, Article]) -> str:
    """The cited words exactly as the source wrote them ("" when the article is missing)."""
    article = articles.get(citation.article_id)
    if article is None:
        return ""
    return article.text[citation.span.start : citation.span.end]


# Figures that differ are shown as worth checking, not as conflicts: judged by reading
# on real coverage, most are different things counted (a part and the whole, two
# people, two days), so they ask the reader to look rather than tell them who is right.
DIFFER_HEADING = "Figures that differ (worth checking)"
DIFFER_CAVEAT = (
    "Sources give different figures for what may be the same thing. Often they count "
    "different things (a part and the whole, two people, two days): read both sentences "
    "before relying on either."
)
DIFFER_NONE = "No figure differs between the sources."


def conflict_heading(conflict: Conflict) -> str:
    """A heading for a difference: what it measures, capitalised ("How many rifles")."""
    return conflict.about[:1].upper() + conflict.about[1:]


def _cited_in_reading_order(brief: Brief) -> Iterable[str]:
    for sentence in brief.sentences:
        yield from (c.article_id for c in (*sentence.citations, *sentence.related))
    for conflict in brief.conflicts:
        for side in conflict.sides:
            yield from side.article_ids
    for group in (*brief.agreed, *brief.single_source):
        yield from group.article_ids
    for entry in brief.timeline:
        yield from (c.article_id for c in entry.citations)


@dataclass(frozen=True, slots=True)
class Source:
    """One numbered entry of a sources list."""

    number: int
    article: Article

    @property
    def name(self) -> str:
        return source_name(self.article)

    @property
    def url(self) -> str | None:
        return safe_url(self.article.url)


class Sources:
    """The numbered sources of one brief; citations are looked up by article id."""

    def __init__(self, brief: Brief, articles: Mapping[str, Article]) -> None:
        order = dict.fromkeys(a for a in _cited_in_reading_order(brief) if a in articles)
        order.update(dict.fromkeys(articles))
        self._numbers = {article_id: n for n, article_id in enumerate(order, start=1)}
        self._articles = articles

    def number(self, article_id: str) -> int | None:
        """The number of an article, or None when it is not among the brief's articles."""
        return self._numbers.get(article_id)

    def numbers(self, article_ids: Iterable[str]) -> list[int]:
        """Distinct numbers of ``article_ids`` in ascending order (unknown ids are dropped)."""
        found = {n for a in article_ids if (n := self._numbers.get(a)) is not None}
        return sorted(found)

    def cited(self, citations: Iterable[Citation]) -> list[int]:
        return self.numbers(c.article_id for c in citations)

    def all(self) -> list[Source]:
        """Every source in number order."""
        return [Source(n, self._articles[a]) for a, n in self._numbers.items()]

    def of_outlet(self, outlet: str) -> list[int]:
        """Numbers of the articles a coverage row counts under ``outlet``."""
        return self.numbers(
            a
            for a, article in self._articles.items()
            if (article.outlet or UNKNOWN_OUTLET) == outlet
        )

    def names(self, article_ids: Iterable[str]) -> list[str]:
        """Distinct source names of ``article_ids``, in the order given."""
        known = (self._articles[a] for a in dict.fromkeys(article_ids) if a in self._articles)
        return list(dict.fromkeys(source_name(a) for a in known))
