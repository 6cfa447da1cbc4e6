"""Lineage links that come from outlets rather than sentence alignment.

* **Versions.** Articles of one outlet on one event are one report: updates,
  versions and continuation pages of what that newsroom wrote. They are
  chained in publication order, so an outlet never counts twice.
* **Reused wording.** An article whose own wording (outside quotes) is largely
  found in another outlet's report on the event is derived from it, whether it
  copies whole sentences or stitches phrases into its own. The report is all
  of that outlet's articles on the event together, because wire copy arrives as
  versions and continuation pages and a newspaper draws on several of them. The
  decision is the fitted model of :mod:`.reuse`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Mapping, Sequence
from datetime import date
from typing import TYPE_CHECKING

from ..models import AlignedSentence, Article, ArticleLink, Relation, Sentence
from .reuse import Reuse, ReuseModel
from .wording import Grams, contained, is_own_sentence, shared_count, union, wording

if TYPE_CHECKING:
    from .lineage import ArticleView

# A sentence whose own word pairs are at least this much in the source report was taken from it.
SENTENCE_REUSED = 0.5


def report_key(article: Article) -> str:
    """Which report an article belongs to: its outlet, or itself when the outlet is unknown."""
    outlet = (article.outlet or "").strip().casefold()
    return f"outlet:{outlet}" if outlet else f"article:{article.id}"


def reports_of(members: Sequence[str], views: Mapping[str, ArticleView]) -> dict[str, list[str]]:
    reports: dict[str, list[str]] = defaultdict(list)
    for member in members:
        reports[report_key(views[member].article)].append(member)
    return dict(reports)


def version_links(reports: Mapping[str, Sequence[str]], views: Mapping[str, ArticleView]) -> list[ArticleLink]:
    """Each outlet's articles on the event chained in publication order."""
    links = []
    for members in reports.values():
        ordered = sorted(members, key=lambda m: (views[m].article.published or date.min, m))
        for earlier, later in zip(ordered, ordered[1:], strict=False):
            a, b = sorted((earlier, later))
            links.append(ArticleLink(a, b, Relation.VERSION, 0, 0.0, 0.0, 0.0))
    return links


def reuse_links(
    reports: Mapping[str, Sequence[str]],
    views: Mapping[str, ArticleView],
    model: ReuseModel,
    near: Mapping[str, Collection[str]] | None = None,
) -> list[ArticleLink]:
    """Links from each article to the other outlets' reports it reuses.

    ``near[m]``, when given, limits article ``m`` to the reports of those
    articles (a large event compares each article with its neighbours only).
    """
    key_of = {m: key for key, members in reports.items() for m in members}
    sources: dict[str, tuple[Grams, Grams]] = {}

    def source(key: str) -> tuple[Grams, Grams]:
        if key not in sources:
            members = reports[key]
            sources[key] = (
                union([views[m].wording.pairs for m in members]),
                union([views[m].wording.triples for m in members]),
            )
        return sources[key]

    links = []
    for article_id, own in key_of.items():
        mine = views[article_id].wording
        if mine.own_pairs.size == 0:
            continue
        keys = (
            {key_of[n] for n in near.get(article_id, ()) if n in key_of}
            if near is not None
            else reports.keys()
        )
        for key in sorted(keys):
            if key == own:
                continue
            pairs, triples = source(key)
            reuse = Reuse(contained(mine.own_pairs, pairs), contained(mine.own_triples, triples))
            if model.reused(reuse):
                links.append(_link(views[article_id], reports[key], views, reuse))
    return links


def _link(
    derived: ArticleView, report: Sequence[str], views: Mapping[str, ArticleView], reuse: Reuse
) -> ArticleLink:
    """A link from ``derived`` to the member of ``report`` it shares most wording with."""
    best = max(report, key=lambda m: (shared_count(derived.wording.own_pairs, views[m].wording.pairs), m))
    source = views[best]
    reused = _reused_sentences(derived, source)
    own = sum(1 for s in derived.sentences if is_own_sentence(s.text)) or 1
    if derived.article.id < best:
        a, b, pairs = derived.article.id, best, reused
    else:
        a, b = best, derived.article.id
        pairs = [AlignedSentence(p.b, p.a, p.similarity, p.shared_anchors) for p in reused]
    return ArticleLink(a, b, Relation.REWRITE, len(reused), len(reused) / own, 1.0, reuse.pairs, tuple(pairs))


def _reused_sentences(derived: ArticleView, source: ArticleView) -> list[AlignedSentence]:
    """The derived article's own sentences found in the source, each with its closest
    source sentence; ``similarity`` is the share of the sentence's word pairs found."""
    source_all = source.wording.pairs
    theirs = [(s, wording(s.text).pairs) for s in source.sentences]
    found = []
    for sentence in derived.sentences:
        if not is_own_sentence(sentence.text):
            continue
        own = wording(sentence.text).own_pairs
        share = contained(own, source_all)
        if share < SENTENCE_REUSED:
            continue
        match = _closest(own, theirs)
        if match is not None:
            found.append(AlignedSentence(sentence.span, match.span, round(share, 3), ()))
    return found


def _closest(own: Grams, theirs: Sequence[tuple[Sentence, Grams]]) -> Sentence | None:
    best, most = None, 0
    for sentence, grams in theirs:
        shared = shared_count(own, grams)
        if shared > most:
            best, most = sentence, shared
    return best
