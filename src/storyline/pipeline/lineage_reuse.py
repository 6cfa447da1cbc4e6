"""Lineage links that come from outlets rather than sentence alignment.

* **Versions.** A wire service's articles on one event that nothing else ties
  to another report (versions, continuation pages, "substitute" copy) are part
  of the report that wire already has in the event, so they do not count
  again. A newspaper's second article on a happening is often its own further
  reporting (a sidebar, a profile), so only text ties it to anything.
* **Reused wording.** An article whose own wording (outside quotes) is largely
  found in another outlet's report on the event is derived from it, whether it
  copies whole sentences or stitches phrases into its own. The report is all
  of that outlet's articles on the event together, because wire copy arrives as
  versions and continuation pages and a newspaper draws on several of them. The
  decision is the fitted model of :mod:`.reuse`.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Collection, Mapping, Sequence
from datetime import date
from functools import lru_cache

from ..models import AlignedSentence, Article, ArticleLink, Relation
from .article_view import ArticleView
from .reuse import Reuse, ReuseModel, measure
from .wording import Grams, Wording, is_own_sentence, shared_count, union, wording

# Reuse needs at least this many of the article's own word pairs found in the report
# (about two sentences of phrasing): a few lines of text share a third of their word
# pairs with any long report on the same subject by chance (ECB+ hard negatives).
MIN_SHARED_PAIRS = 10
# ...and one article of the report must hold at least this share of them: reused text is
# taken from a page or two, while chance overlap spreads thinly over many articles.
MIN_FROM_ONE = 0.5
# Wire services whose pages and versions of one story are one report, by the names their
# outlet field and web domain use (casefolded, spaces removed).
WIRE_SERVICES = frozenset(
    "reuters thomsonreuters associatedpress ap apnews afp agencefrance-presse bloomberg "
    "xinhua xinhuanet dpa anadolu aa tass ria interfax ukrinform unian efe ansa kyodo "
    "yonhap pti presstrustofindia pa pressassociation pamedia canadianpress cp aap ians "
    "ani upi".split()
)
# A wire's two groups in one event are versions of one story when the later one's own word
# pairs are at least this much in the earlier one. On METER dev, 0.4% of pairs of PA files
# on different stories of one day reach 0.2 (their 99th percentile is 0.14); a group's
# wire files are taken together, so files of one story reach it far more often.
SAME_STORY_SHARE = 0.2
# A sentence whose own word pairs are at least this much in the source report was taken from it.
SENTENCE_REUSED = 0.5


def report_key(article: Article) -> str:
    """Which report an article belongs to: its outlet, or itself when the outlet is unknown."""
    outlet = (article.outlet or "").strip().casefold()
    return f"outlet:{outlet}" if outlet else f"article:{article.id}"


def is_wire(outlet: str | None) -> bool:
    """Whether an outlet is a news agency: "PA", "Reuters", "apnews.com", "www.afp.com"."""
    name = (outlet or "").strip().casefold().removeprefix("www.")
    if "." in name:
        name = name.split(".", 1)[0]
    return name.replace(" ", "") in WIRE_SERVICES


def reports_of(members: Sequence[str], views: Mapping[str, ArticleView]) -> dict[str, list[str]]:
    reports: dict[str, list[str]] = defaultdict(list)
    for member in members:
        reports[report_key(views[member].article)].append(member)
    return dict(reports)


def version_links(
    reports: Mapping[str, Sequence[str]],
    views: Mapping[str, ArticleView],
    links: Sequence[ArticleLink],
    worded: Mapping[str, Wording] | None = None,
) -> list[ArticleLink]:
    """Links that make a wire service's loose articles on the event part of its report.

    A wire's articles that no other outlet's article is linked to (a second
    version, a continuation page) join a lineage group that holds the wire's
    other articles with other outlets' (its report and those derived from it):
    the only one, or, when the wire has several (an event holding two of its
    stories), the one whose wire copy shares most wording with the loose page.
    Loose pages that share none join each other. Groups that hold the wire's
    articles with other outlets' join each other only when their wire copy
    shares wording (versions of one story that different papers took up): an
    outlet alone is no evidence that two originals are one report.

    ``worded`` holds the articles' wording without page furniture (see
    :func:`wordings`); by default their whole text.
    """
    worded = worded if worded is not None else {m: v.wording for m, v in views.items()}
    component = _components(links)
    held: dict[str, set[str]] = defaultdict(set)
    for article, root in component.items():
        held[root].add(article)
    found = []
    for members in reports.values():
        if len(members) < 2 or not is_wire(views[members[0]].article.outlet):
            continue
        by_component: dict[str, list[str]] = defaultdict(list)
        for member in members:
            by_component[component.get(member, member)].append(member)
        own = set(members)
        alone = [c for c in by_component if held.get(c, {c}) <= own]
        mixed = [c for c in by_component if c not in alone]
        if len(by_component) < 2:
            continue
        loose: list[str] = []
        for c in alone:
            target = _closest_report(by_component[c], [by_component[m] for m in mixed], worded)
            if target is None:
                loose.append(c)
            else:
                found.append(_version(by_component[c], target, views))
        for c in loose[1:]:
            found.append(_version(by_component[c], by_component[loose[0]], views))
        parts = [by_component[m] for m in mixed] + ([by_component[loose[0]]] if loose else [])
        found.extend(_same_story(parts, views, worded))
    return found


def _same_story(
    reports: Sequence[Sequence[str]],
    views: Mapping[str, ArticleView],
    worded: Mapping[str, Wording],
) -> list[ArticleLink]:
    """Links between parts of one wire's coverage that share wording: versions of one story
    that different papers took up. Parts that share none (two stories an event merged) stay
    apart."""
    found = []
    wordings = [
        (union([worded[m].own_pairs for m in r]), union([worded[m].pairs for m in r]))
        for r in reports
    ]
    joined = list(range(len(reports)))
    for i in range(len(reports)):
        for j in range(i + 1, len(reports)):
            if joined[j] != j:
                continue
            mine, theirs = wordings[j][0], wordings[i][1]
            shared = shared_count(mine, theirs)
            if shared >= MIN_SHARED_PAIRS and shared >= SAME_STORY_SHARE * mine.size:
                joined[j] = joined[i]
                found.append(_version(reports[j], reports[joined[i]], views))
    return found


def _closest_report(
    pages: Sequence[str], reports: Sequence[Sequence[str]], worded: Mapping[str, Wording]
) -> Sequence[str] | None:
    """The report (a group's wire articles) sharing most word pairs with these pages: the only
    one there is, or the best of several if it shares at least MIN_SHARED_PAIRS."""
    if len(reports) <= 1:
        return reports[0] if reports else None
    mine = union([worded[p].own_pairs for p in pages])
    shared = [
        (shared_count(mine, union([worded[m].pairs for m in report])), i)
        for i, report in enumerate(reports)
    ]
    most, best = max(shared)
    return reports[best] if most >= MIN_SHARED_PAIRS else None


def _version(
    pages: Sequence[str], report: Sequence[str], views: Mapping[str, ArticleView]
) -> ArticleLink:
    a, b = sorted((_earliest(report, views), _earliest(pages, views)))
    return ArticleLink(a, b, Relation.VERSION, 0, 0.0, 0.0, 0.0)


def _components(links: Sequence[ArticleLink]) -> dict[str, str]:
    """Article -> a representative of its linked component (articles with no link are absent)."""
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for link in links:
        ra, rb = find(link.a), find(link.b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    return {x: find(x) for x in parent}


def _earliest(members: Sequence[str], views: Mapping[str, ArticleView]) -> str:
    return min(members, key=lambda m: (views[m].article.published or date.min, m))


def reuse_links(
    reports: Mapping[str, Sequence[str]],
    views: Mapping[str, ArticleView],
    model: ReuseModel,
    near: Mapping[str, Collection[str]] | None = None,
    linked: Collection[tuple[str, str]] = (),
    furniture: frozenset[int] = frozenset(),
    worded: Mapping[str, Wording] | None = None,
) -> list[ArticleLink]:
    """Links from each article to the other outlets' reports it reuses.

    ``near[m]``, when given, limits article ``m`` to the reports of those
    articles (a large event compares each article with its neighbours only).
    Pairs in ``linked`` (already copies or rewrites) are not linked again.
    Sentences in ``furniture`` (by key) are no one's wording (``worded``, when given,
    already leaves them out: see :func:`wordings`).
    """
    key_of = {m: key for key, members in reports.items() for m in members}
    worded = worded if worded is not None else wordings(views, list(key_of), furniture)
    sources: dict[str, tuple[Grams, Grams]] = {}

    def source(key: str) -> tuple[Grams, Grams]:
        if key not in sources:
            members = reports[key]
            sources[key] = (
                union([worded[m].pairs for m in members]),
                union([worded[m].triples for m in members]),
            )
        return sources[key]

    links = []
    for article_id, own in key_of.items():
        mine = worded[article_id]
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
            reuse = measure(mine, *source(key))
            if reuse.shared_pairs < MIN_SHARED_PAIRS or not model.reused(reuse):
                continue
            best, most = _best_member(mine.own_pairs, reports[key], worded)
            pair = (article_id, best) if article_id < best else (best, article_id)
            if most >= MIN_FROM_ONE * reuse.shared_pairs and pair not in linked:
                links.append(_link(views[article_id], views[best], reuse, furniture))
    return links


def wordings(
    views: Mapping[str, ArticleView], members: Sequence[str], furniture: frozenset[int]
) -> dict[str, Wording]:
    """Each member's wording without its page-furniture sentences."""
    return {m: _wording_without(views[m], furniture) for m in members}


def _wording_without(view: ArticleView, furniture: frozenset[int]) -> Wording:
    """An article's wording without its page-furniture sentences (computed only if it has any)."""
    skip = [s.span for s, key in zip(view.sentences, view.keys, strict=True) if key in furniture]
    if not skip:
        return view.wording
    return wording(view.article.text, [(span.start, span.end) for span in skip])


def _best_member(
    own_pairs: Grams, report: Sequence[str], worded: Mapping[str, Wording]
) -> tuple[str, int]:
    """The member of a report holding most of these word pairs, and how many it holds."""
    counted = [(shared_count(own_pairs, worded[m].pairs), m) for m in report]
    most, best = max(counted)
    return best, most


def _link(
    derived: ArticleView, source: ArticleView, reuse: Reuse, furniture: frozenset[int]
) -> ArticleLink:
    """A link from ``derived`` to ``source``, the member of the report it shares most with."""
    reused = _reused_sentences(derived, source, furniture)
    own = sum(
        1
        for s, key in zip(derived.sentences, derived.keys, strict=True)
        if key not in furniture and is_own_sentence(s.text)
    )
    first, second = derived.article.id, source.article.id
    if first < second:
        a, b, pairs = first, second, reused
    else:
        a, b = second, first
        pairs = [AlignedSentence(p.b, p.a, p.similarity, p.shared_anchors) for p in reused]
    share = len(reused) / own if own else 0.0
    return ArticleLink(a, b, Relation.REWRITE, len(reused), share, 1.0, reuse.pairs, tuple(pairs))


def _reused_sentences(
    derived: ArticleView, source: ArticleView, furniture: frozenset[int]
) -> list[AlignedSentence]:
    """The derived article's own sentences found in the source, each with the source
    sentence holding most of its word pairs; ``similarity`` is the share found."""
    where: dict[int, int] = {}
    for index, sentence in enumerate(source.sentences):
        for gram in _sentence_pairs(sentence.text):
            where.setdefault(gram, index)
    found = []
    for sentence, key in zip(derived.sentences, derived.keys, strict=True):
        if key in furniture or not is_own_sentence(sentence.text):
            continue
        own = _sentence_own_pairs(sentence.text)
        hits = Counter(where[g] for g in own if g in where)
        share = sum(hits.values()) / len(own) if own else 0.0
        if share >= SENTENCE_REUSED:
            closest = source.sentences[hits.most_common(1)[0][0]]
            found.append(AlignedSentence(sentence.span, closest.span, round(share, 3), ()))
    return found


@lru_cache(maxsize=8_192)
def _sentence_pairs(text: str) -> tuple[int, ...]:
    return tuple(int(g) for g in wording(text).pairs)


@lru_cache(maxsize=8_192)
def _sentence_own_pairs(text: str) -> tuple[int, ...]:
    return tuple(int(g) for g in wording(text).own_pairs)
