"""Lineage: which articles are copies or rewrites of which, and how many
independent reports an event really has.

Three kinds of evidence:

1. **Copies.** MinHash LSH over word shingles (:mod:`.minhash`) finds the
   articles of an event that share most of their text.
2. **Rewrites.** Within each event (the blocking that keeps this near-linear),
   the writers' own sentences (not quotations, see :mod:`.wording`) of two
   articles are aligned one to one, a pair aligning when the fitted sentence
   model (:mod:`.sentence_model`) says they state the same thing. A rewrite
   keeps much of its source's sentences and their order; two independent
   reports of one happening share a few facts in different words and orders.
   The pair is a rewrite when enough of the shorter article is aligned, in
   order, with some alignments that are very close or pinned by a number.
3. **Reused wording and versions** (:mod:`.lineage_reuse`): an article whose
   own wording is largely found in another outlet's report on the event (all
   that outlet's articles together) is derived from it, as the fitted model of
   :mod:`.reuse` decides; an outlet's loose articles join its report.

Articles joined by copy or rewrite links form a lineage group: one original
report and its descendants. Each group counts once as an independent report.
The likely origin of a group is chosen from credits ("Reuters reported"),
then publication dates, then which member the others draw on.

Everything is decided event by event: :func:`trace_event` is a pure function
of an event's members and of the corpus's page furniture (sentences repeated
in three or more events). That is what lets a live index re-trace only the
events an arrival changed and still hold exactly what a full analysis would.
"""

from __future__ import annotations

import bisect
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Protocol

import numpy as np
import numpy.typing as npt

from .. import ids
from ..models import (
    AlignedSentence,
    Article,
    ArticleLink,
    Credit,
    Event,
    Lineage,
    LineageGroup,
    Relation,
    Sentence,
    SentenceKind,
)
from ..nlp.embed import unit_mean
from .anchors import anchors, is_strong
from .article_view import ArticleView, view_of
from .credits import CreditFinder
from .lineage_reuse import is_wire, reports_of, reuse_links, version_links, wordings
from .minhash import near_duplicates_of
from .reuse import ReuseModel, shipped_model
from .sentence_model import shipped_sentence_model
from .wording import is_own_sentence

Vectors = npt.NDArray[np.float32]
# Copies and rewrites repeat sentences: compute each sentence's anchors once.
_anchors = lru_cache(maxsize=200_000)(anchors)

# Containment of word 5-gram shingles above which two articles are copies.
COPY_CONTAINMENT = 0.8
# Whether two sentences state the same thing is the fitted model of
# :mod:`.sentence_model` (embedding cosine and what their anchors share).
# A pair is a rewrite when at least this many sentences align and they make
# up at least this share of the shorter article...
REWRITE_MIN_ALIGNED = 3
# 0.35: both human rewrites in the seeds clear it (0.40, 0.57); `bench dedup` shows
# each step up from 0.2 removing false links between reports of one story while
# planted rewrites stay found. It was 0.3 with the stricter sentence rule before the
# fitted sentence model; at 0.3 the looser model linked two independent NewsWCL50 dev
# reports by 3 of 10 sentences (ECB+ and METER do not move between 0.3 and 0.35).
REWRITE_MIN_SHARE = 0.35
# ...and at least REWRITE_MIN_STRONG of them are strong: a cosine of at least
# STRONG_SIMILARITY, or a shared number or quote that is not the event's
# common ground. Independent reports of one happening align on background
# facts and the main actors' names, but rarely twice this closely (seeds:
# independent pairs have at most one alignment above 0.80, rewrites three).
REWRITE_MIN_STRONG = 2
STRONG_SIMILARITY = 0.80
# ...and at least this share of the aligned pairs keep the same relative order. A
# rewrite follows its source's thread; independent reports of one happening tell
# the same facts in their own order. On METER dev, 169 of the 176 alignment links
# between newspaper copy and its wire source keep 0.65 or more.
REWRITE_MIN_ORDER = 0.65
# An anchor found in more than this share of an event's articles is the
# event's common ground (its main actors, its date), so sharing it is no sign
# of copying. Applies to events of at least TOPICAL_MIN_ARTICLES articles.
TOPICAL_SHARE = 0.5
TOPICAL_MIN_ARTICLES = 3
# A sentence found verbatim in this many events is page furniture.
FURNITURE_EVENTS = 3
# Beyond this many articles, an event compares each article with its nearest
# neighbours only, so large events stay near-linear.
ALL_PAIRS_UP_TO = 40
NEIGHBOURS = 12


# -- sentence alignment -------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Side:
    """The body sentences of one article, their vectors and anchors."""

    sentences: tuple[Sentence, ...]
    vectors: Vectors
    anchors: tuple[frozenset[str], ...]


def _side(
    sentences: Sequence[Sentence],
    vectors: Vectors,
    furniture: frozenset[int] = frozenset(),
    keys: Sequence[int] | None = None,
) -> Side:
    keys = keys if keys is not None else [ids.sentence_key(s.text) for s in sentences]
    # Only the writer's own sentences: quotations two outlets share are no sign of copying.
    rows = [
        i
        for i, s in enumerate(sentences)
        if s.kind is SentenceKind.BODY and keys[i] not in furniture and is_own_sentence(s.text)
    ]
    chosen = tuple(sentences[i] for i in rows)
    return Side(chosen, vectors[rows], tuple(_anchors(s.text) for s in chosen))


def side_of(view: ArticleView, furniture: frozenset[int]) -> Side:
    return _side(view.sentences, view.vectors, furniture, view.keys)


def topical_anchors(members: Sequence[str], sides: Mapping[str, Side]) -> frozenset[str]:
    """Anchors that most articles of an event carry: evidence of topic, not of copying."""
    if len(members) < TOPICAL_MIN_ARTICLES:
        return frozenset()
    counts: dict[str, int] = defaultdict(int)
    for member in members:
        for key in frozenset().union(*sides[member].anchors):
            counts[key] += 1
    return frozenset(k for k, n in counts.items() if n > TOPICAL_SHARE * len(members))


def align(left: Side, right: Side) -> list[AlignedSentence]:
    """One-to-one sentence alignment, most similar pairs first."""
    if not left.sentences or not right.sentences:
        return []
    model = shipped_sentence_model()
    similarity = left.vectors @ right.vectors.T
    rows, cols = np.nonzero(similarity >= model.min_cosine)
    order = np.argsort(-similarity[rows, cols], kind="stable")
    used_left: set[int] = set()
    used_right: set[int] = set()
    aligned = []
    for k in order:
        i, j = int(rows[k]), int(cols[k])
        if i in used_left or j in used_right:
            continue
        score = float(similarity[i, j])
        if model.same(score, left.anchors[i], right.anchors[j]):
            used_left.add(i)
            used_right.add(j)
            shared = left.anchors[i] & right.anchors[j]
            aligned.append(
                AlignedSentence(
                    left.sentences[i].span, right.sentences[j].span, score, tuple(sorted(shared))
                )
            )
    return aligned


def is_strong_alignment(pair: AlignedSentence, topical: frozenset[str] = frozenset()) -> bool:
    """Close enough, or pinned by a number or quote the whole event does not share."""
    distinctive = set(pair.shared_anchors) - topical
    return pair.similarity >= STRONG_SIMILARITY or any(is_strong(k) for k in distinctive)


def _in_order_share(aligned: Sequence[AlignedSentence]) -> float:
    """Longest run of aligned pairs kept in the same order, as a share of all."""
    if not aligned:
        return 0.0
    by_left = sorted(aligned, key=lambda x: x.a.start)
    tails: list[int] = []  # patience sorting: longest increasing subsequence
    for pair in by_left:
        at = bisect.bisect_left(tails, pair.b.start)
        if at == len(tails):
            tails.append(pair.b.start)
        else:
            tails[at] = pair.b.start
    return len(tails) / len(aligned)


def compare(
    a: str, left: Side, b: str, right: Side, topical: frozenset[str] = frozenset()
) -> ArticleLink | None:
    """A rewrite link between two articles, or None when they are independent.

    Anchors in ``topical`` (see :func:`topical_anchors`) do not make an alignment strong.
    """
    return decide(a, left, b, right, align(left, right), topical)


def may_link(left: Side, right: Side, aligned: Sequence[AlignedSentence]) -> bool:
    """Whether this alignment could make a link under some topical anchors (they only
    decide which alignments are strong): a cache need not keep the others."""
    shorter = min(len(left.sentences), len(right.sentences))
    return (
        shorter > 0
        and len(aligned) >= min(REWRITE_MIN_ALIGNED, shorter)
        and len(aligned) / shorter >= REWRITE_MIN_SHARE
    )


def decide(
    a: str,
    left: Side,
    b: str,
    right: Side,
    aligned: Sequence[AlignedSentence],
    topical: frozenset[str] = frozenset(),
) -> ArticleLink | None:
    """:func:`compare`'s verdict on an alignment already made."""
    shorter = min(len(left.sentences), len(right.sentences))
    strong = sum(1 for x in aligned if is_strong_alignment(x, topical))
    # A very short article (a two-sentence brief) is a copy when all of it aligns strongly.
    whole_short_copy = 0 < shorter < REWRITE_MIN_ALIGNED and strong == shorter
    if shorter == 0 or (len(aligned) < REWRITE_MIN_ALIGNED and not whole_short_copy):
        return None
    share = len(aligned) / shorter
    if share < REWRITE_MIN_SHARE or strong < min(REWRITE_MIN_STRONG, shorter):
        return None
    order = _in_order_share(aligned)
    if len(aligned) >= REWRITE_MIN_ALIGNED and order < REWRITE_MIN_ORDER:
        return None
    return ArticleLink(a, b, Relation.REWRITE, len(aligned), share, order, 0.0, tuple(aligned))


def furniture_sentences(
    sentences: Mapping[str, Sequence[Sentence]], events: Sequence[Event]
) -> frozenset[int]:
    """Sentences repeated word for word in articles of several events: page furniture.

    "Follow us on Twitter" or "This material may not be redistributed" align
    perfectly between unrelated articles of one outlet; they are no evidence
    of a shared report. A real copy is still found by its other sentences
    (and by MinHash).
    """
    keys = {
        a: [ids.sentence_key(s.text) for s in sentences.get(a, ())]
        for e in events
        for a in e.article_ids
    }
    return furniture_keys(keys, events)


def furniture_keys(keys: Mapping[str, Sequence[int]], events: Sequence[Event]) -> frozenset[int]:
    """:func:`furniture_sentences` on sentence keys (``keys[a]``: article a's sentence keys)."""
    events_of: dict[int, set[str]] = defaultdict(set)
    for event in events:
        for article_id in event.article_ids:
            for key in keys.get(article_id, ()):
                events_of[key].add(event.id)
    return frozenset(k for k, seen in events_of.items() if len(seen) >= FURNITURE_EVENTS)


# -- candidate pairs ----------------------------------------------------------
def candidate_pairs(members: Sequence[str], sides: Mapping[str, Side]) -> list[tuple[str, str]]:
    """All pairs of a small event; nearest neighbours by document vector in a large one."""
    if len(members) <= ALL_PAIRS_UP_TO:
        return [(x, y) for i, x in enumerate(members) for y in members[i + 1 :]]
    matrix = np.stack([unit_mean(sides[m].vectors) for m in members])
    similarity = matrix @ matrix.T
    np.fill_diagonal(similarity, -np.inf)
    pairs: set[tuple[str, str]] = set()
    for i, row in enumerate(similarity):
        for j in np.argsort(-row)[:NEIGHBOURS]:
            x, y = members[i], members[int(j)]
            pairs.add((x, y) if x < y else (y, x))
    return sorted(pairs)


def _neighbours(pairs: Sequence[tuple[str, str]]) -> dict[str, set[str]]:
    near: dict[str, set[str]] = defaultdict(set)
    for a, b in pairs:
        near[a].add(b)
        near[b].add(a)
    return near


# -- groups and origins -------------------------------------------------------
class _UnionFind:
    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, x: str) -> str:
        self.parent.setdefault(x, x)
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, x: str, y: str) -> None:
        rx, ry = self.find(x), self.find(y)
        if rx != ry:
            self.parent[max(rx, ry)] = min(rx, ry)


@dataclass(frozen=True, slots=True)
class _Provenance:
    """What an article says about where its text came from."""

    carries: frozenset[str]  # dateline or sign-off credit: it *is* that outlet's copy
    retells: frozenset[str]  # attribution in the text: it retells that outlet's report

    @property
    def any(self) -> frozenset[str]:
        return self.carries | self.retells


def _provenance(credits: Sequence[Credit], own_outlet: str | None) -> _Provenance:
    own = (own_outlet or "").casefold()
    outside = [c for c in credits if c.outlet.casefold() != own]
    return _Provenance(
        frozenset(c.outlet for c in outside if c.form != "attribution"),
        frozenset(c.outlet for c in outside if c.form == "attribution"),
    )


def _choose_origin(
    members: Sequence[Article],
    links: Sequence[ArticleLink],
    said: Mapping[str, _Provenance],
) -> tuple[str | None, str]:
    """The likely original of a group, and why it was chosen."""
    if len(members) == 1:
        return members[0].id, "only article"
    # 1. The others credit one member's outlet.
    credited = {o.casefold() for m in members for o in said[m.id].any}
    by_outlet = [m for m in members if m.outlet and m.outlet.casefold() in credited]
    if len(by_outlet) == 1:
        return by_outlet[0].id, f"credited by the others as {by_outlet[0].outlet}"
    # 2. Every member credits one outlet that is not in the corpus: the original is there.
    shared = frozenset.intersection(*(said[m.id].any for m in members))
    if shared and not by_outlet:
        return None, f"every member credits {', '.join(sorted(shared))}, outside the corpus"
    # 3. One member carries a wire's own dateline or sign-off: it is that report's text.
    carriers = [m for m in members if said[m.id].carries]
    if len(carriers) == 1:
        wire = ", ".join(sorted(said[carriers[0].id].carries))
        return carriers[0].id, f"carries the {wire} report itself (dateline or sign-off)"
    # 4. One wire service's copy among papers: papers print the wire, not the other way round.
    wires = {m.outlet for m in members if m.outlet and is_wire(m.outlet)}
    if len(wires) == 1 and len({m.outlet for m in members}) > 1:
        agency = next(iter(wires))
        first = min(
            (m for m in members if m.outlet == agency),
            key=lambda m: (m.published or date.min, m.id),
        )
        return first.id, f"the wire service's own copy ({agency})"
    # 5. One member was published strictly before the others.
    dated = sorted((m.published, m.id) for m in members if m.published)
    if len(dated) == len(members) and dated[0][0] < dated[1][0]:
        return dated[0][1], "published first"
    # 6. Exactly one member does not say it is retelling someone else's report.
    first_hand = [m for m in members if not said[m.id].retells]
    if len(first_hand) == 1:
        return first_hand[0].id, "the others say they retell another outlet's report"
    # 7. The member the others draw on most: the largest share of its partners is aligned to it.
    drawn: dict[str, float] = defaultdict(float)
    for link in links:
        drawn[link.a] += link.share
        drawn[link.b] += link.share
    best = max(members, key=lambda m: (drawn[m.id], len(m.text), m.id))
    return best.id, "the member its rewrites share most with (weak evidence)"


def _event_groups(
    event: Event,
    links: Sequence[ArticleLink],
    by_id: Mapping[str, Article],
    said: Mapping[str, _Provenance],
) -> list[LineageGroup]:
    """The lineage groups of one event, joined by ``links`` (all inside it)."""
    joined = _UnionFind()
    for link in links:
        joined.union(link.a, link.b)
    links_of: dict[str, list[ArticleLink]] = defaultdict(list)
    for link in links:
        links_of[joined.find(link.a)].append(link)
    members: dict[str, list[str]] = defaultdict(list)
    for article_id in event.article_ids:
        members[joined.find(article_id)].append(article_id)
    groups = []
    for root, member_ids in members.items():
        origin, reason = _choose_origin([by_id[m] for m in member_ids], links_of[root], said)
        named = sorted({o for m in member_ids for o in said[m].any})
        group_id = "g" + ids.event_id(min(member_ids))[1:]
        groups.append(
            LineageGroup(group_id, event.id, tuple(member_ids), origin, reason, tuple(named))
        )
    return groups


# -- tracing ------------------------------------------------------------------
class Aligner(Protocol):
    """Aligns two articles' sides; :class:`AlignmentCache` remembers what it aligned."""

    def __call__(self, a: str, left: Side, b: str, right: Side) -> Sequence[AlignedSentence]: ...


def _align_fresh(a: str, left: Side, b: str, right: Side) -> Sequence[AlignedSentence]:
    return align(left, right)


# Each finder holds compiled patterns; events mostly share the same few outlet sets.
@lru_cache(maxsize=256)
def _credit_finder(outlets: frozenset[str]) -> CreditFinder:
    return CreditFinder(sorted(outlets))


def trace_event(
    event: Event,
    views: Mapping[str, ArticleView],
    furniture: frozenset[int] = frozenset(),
    aligner: Aligner = _align_fresh,
    model: ReuseModel | None = None,
) -> Lineage:
    """Copies, rewrites, versions, lineage groups and credits of one event's articles.

    ``model`` decides reused wording (the shipped one when None).

    Credits count for the known agencies and broadcasters and for the outlets
    of the event's own articles ("every member credits an outlet outside the
    corpus" therefore reads "outside this event": the original is not here).
    """
    members = sorted(event.article_ids)
    by_id = {m: views[m].article for m in members}
    finder = _credit_finder(frozenset(a.outlet for a in by_id.values() if a.outlet))
    credits_of = {m: finder.find(by_id[m]) for m in event.article_ids}
    said = {m: _provenance(credits_of[m], by_id[m].outlet) for m in members}

    links: dict[tuple[str, str], ArticleLink] = {}
    for dup in near_duplicates_of({m: views[m].shingled for m in members}, COPY_CONTAINMENT):
        a, b = sorted(dup.pair)
        links[(a, b)] = ArticleLink(a, b, Relation.COPY, 0, 1.0, 1.0, dup.containment)

    sides = {m: side_of(views[m], furniture) for m in members}
    topical = topical_anchors(members, sides)
    pairs = candidate_pairs(members, sides)
    for a, b in pairs:
        if (a, b) in links:
            continue
        aligned = aligner(a, sides[a], b, sides[b])
        if link := decide(a, sides[a], b, sides[b], aligned, topical):
            links[(a, b)] = link
    reports = reports_of(members, views)
    near = None if len(members) <= ALL_PAIRS_UP_TO else _neighbours(pairs)
    worded = wordings(views, members, furniture)
    reused = reuse_links(
        reports, views, model or shipped_model(), near, links.keys(), furniture, worded
    )
    for link in reused:
        links.setdefault((link.a, link.b), link)
    for link in version_links(reports, views, list(links.values()), worded):
        links.setdefault((link.a, link.b), link)
    ordered = tuple(links[k] for k in sorted(links))
    groups = _event_groups(event, ordered, by_id, said)
    found_credits = tuple(c for m in event.article_ids for c in credits_of[m])
    return Lineage(ordered, tuple(groups), found_credits)


def combine(parts: Sequence[Lineage]) -> Lineage:
    """Lineages of separate events as one (links in pair order, as the store reads them)."""
    links = sorted((k for p in parts for k in p.links), key=lambda k: (k.a, k.b))
    return Lineage(
        tuple(links),
        tuple(g for p in parts for g in p.groups),
        tuple(c for p in parts for c in p.credits),
    )


def trace_lineage(
    articles: Sequence[Article],
    sentences: Mapping[str, Sequence[Sentence]],
    vectors: Mapping[str, Vectors],
    events: Sequence[Event],
) -> Lineage:
    """Copies, rewrites, lineage groups and credits for grouped articles, all at once.

    ``vectors[a]`` holds one unit vector per sentence of ``sentences[a]``.
    Articles in no event have no lineage.
    """
    by_id = {a.id: a for a in articles}
    views = {m: view_of(by_id[m], sentences[m], vectors[m]) for e in events for m in e.article_ids}
    furniture = furniture_keys({m: v.keys for m, v in views.items()}, events)
    return combine([trace_event(e, views, furniture) for e in events])
