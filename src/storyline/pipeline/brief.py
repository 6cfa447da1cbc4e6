"""A short cited summary of an event or a story.

Sentences are chosen by maximal marginal relevance: relevance rewards a
sentence that is central to the event and that several articles carry (its
support), the redundancy penalty keeps the summary from saying one thing
twice. Each chosen sentence cites every article holding a sentence that says
the same thing, with the span of that sentence, so a reader can check it.

Support is counted in independent reports, not articles: ``report_of`` maps
each article to its lineage group, so ten copies of one wire story count once.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace

import numpy as np
import numpy.typing as npt

from ..models import (
    Article,
    Brief,
    BriefSentence,
    Citation,
    ClaimGroup,
    DateRef,
    Entity,
    Figure,
    OutletCoverage,
    Quote,
    Sentence,
    SentenceKind,
    TimelineEntry,
)
from ..nlp.embed import unit
from .reconcile import (
    Pool,
    build_timeline,
    find_conflicts,
    group_claims,
    undated_happenings,
    who_is_who,
)

Matrix = npt.NDArray[np.float32]

# Two sentences this similar say the same thing (MiniLM cosine; paraphrases
# in the seeds score 0.77-0.92; related-but-different facts reach 0.765).
SUPPORT_SIMILARITY = 0.78
# Weight of relevance against redundancy in MMR.
MMR_LAMBDA = 0.7
MIN_WORDS, MAX_WORDS = 8, 60
# A sentence opening with one of these leans on the sentence before it, which
# the summary will not show ("He said the aim..."), so it is not a candidate.
_DANGLING_OPENERS = frozenset(
    "he she it they this these that those his her its their him them such however but and".split()
)


def _stands_alone(text: str) -> bool:
    first = text.lstrip("\"'“‘(").split(maxsplit=1)
    return bool(first) and first[0].lower().strip(",;:") not in _DANGLING_OPENERS


@dataclass(frozen=True, slots=True)
class EmbeddedSentences:
    """The sentences of a set of articles and their unit vectors, row-aligned."""

    sentences: tuple[Sentence, ...]
    vectors: Matrix


def _candidates(pool: EmbeddedSentences) -> list[int]:
    return [
        i
        for i, s in enumerate(pool.sentences)
        if s.kind is SentenceKind.BODY
        and MIN_WORDS <= len(s.text.split()) <= MAX_WORDS
        and _stands_alone(s.text)
    ]


def _supporters(pool: EmbeddedSentences, scores: Matrix, row: int) -> dict[str, int]:
    """For the sentence at ``row``, the best matching sentence row in each article carrying it.

    ``scores`` holds that sentence's similarity to every sentence of the pool.
    """
    best: dict[str, tuple[float, int]] = {}
    own = pool.sentences[row].article_id
    for j, score in enumerate(scores):
        article = pool.sentences[j].article_id
        if article == own:
            continue
        if score >= SUPPORT_SIMILARITY and score > best.get(article, (-1.0, 0))[0]:
            best[article] = (float(score), j)
    found = {article: j for article, (_, j) in best.items()}
    found[own] = row
    return found


def _independent(articles: Iterable[str], report_of: Mapping[str, str]) -> int:
    return len({report_of.get(a, a) for a in articles})


def select_sentences(
    pool: EmbeddedSentences, limit: int, report_of: Mapping[str, str] | None = None
) -> list[tuple[int, dict[str, int]]]:
    """Pick up to ``limit`` sentence rows with their supporting sentence rows."""
    report_of = report_of or {}
    rows = _candidates(pool)
    if not rows or limit <= 0:
        return []
    vectors = pool.vectors
    similarities = vectors[rows] @ vectors.T
    centroid = unit(vectors.sum(axis=0))
    support = [_supporters(pool, similarities[k], r) for k, r in enumerate(rows)]
    relevance = np.array(
        [
            float(vectors[r] @ centroid)
            * (1.0 + math.log(_independent(support[k], report_of)))
            # News puts the main facts first: a gentle preference for early sentences.
            / (1.0 + 0.03 * pool.sentences[r].index)
            for k, r in enumerate(rows)
        ]
    )
    relevance /= max(float(relevance.max()), 1e-9)
    chosen: list[int] = []
    while len(chosen) < limit:
        best_k, best_score = -1, -math.inf
        for k in range(len(rows)):
            if k in chosen:
                continue
            redundancy = max((float(similarities[k, rows[c]]) for c in chosen), default=0.0)
            if redundancy >= SUPPORT_SIMILARITY:
                continue  # says what a chosen sentence says; that one already cites it
            score = MMR_LAMBDA * relevance[k] - (1 - MMR_LAMBDA) * redundancy
            if score > best_score:
                best_k, best_score = k, score
        if best_k < 0:
            break
        chosen.append(best_k)
    return [(rows[k], support[k]) for k in chosen]


def coverage(articles: Sequence[Article]) -> tuple[OutletCoverage, ...]:
    counts = Counter(a.outlet or "unknown outlet" for a in articles)
    return tuple(
        OutletCoverage(o, n) for o, n in sorted(counts.items(), key=lambda x: (-x[1], x[0]))
    )


@dataclass(frozen=True, slots=True)
class Facts:
    """What extraction found in a subject's articles, for the reconciled sections."""

    quotes: Mapping[str, Sequence[Quote]]
    figures: Mapping[str, Sequence[Figure]]
    dates: Mapping[str, Sequence[DateRef]]
    entities: Sequence[Entity]
    event_of: Mapping[str, str] = field(default_factory=dict)  # article id -> event id


AGREED_LIMIT = 8
SINGLE_SOURCE_LIMIT = 5


def _central_first(groups: Sequence[ClaimGroup], pool: EmbeddedSentences) -> list[ClaimGroup]:
    """Claim groups by how central their first claim is to the whole subject."""
    centroid = unit(pool.vectors.sum(axis=0))
    row_of = {(s.article_id, s.span.start): i for i, s in enumerate(pool.sentences)}

    def centrality(group: ClaimGroup) -> float:
        first = group.claims[0].span
        return float(pool.vectors[row_of[(first.article_id, first.start)]] @ centroid)

    return sorted(groups, key=lambda g: (-g.independent_support, -centrality(g)))


def reconciled(
    articles: Sequence[Article],
    pool: EmbeddedSentences,
    report_of: Mapping[str, str],
    facts: Facts,
) -> dict[str, tuple[object, ...]]:
    """The agreed, single-source, conflicts, timeline and who's-who sections of a brief."""
    if not pool.sentences:
        return {}
    outlet_of = {a.id: a.outlet for a in articles}
    wanted = {a.id for a in articles}
    shared = Pool(pool.sentences, pool.vectors, report_of, outlet_of, facts.event_of)
    groups = _central_first(group_claims(shared, facts.quotes), pool)
    figures = {a: f for a, f in facts.figures.items() if a in wanted}
    dates = {a: d for a, d in facts.dates.items() if a in wanted}
    return {
        "claims": tuple(groups),
        "agreed": tuple(g for g in groups if g.independent_support >= 2)[:AGREED_LIMIT],
        "single_source": tuple(g for g in groups if g.independent_support == 1)[
            :SINGLE_SOURCE_LIMIT
        ],
        "conflicts": (*find_conflicts(shared, figures),),
        "timeline": _with_undated(shared, articles, dates),
        "who": tuple(who_is_who(facts.entities, [a.id for a in articles])),
    }


def _with_undated(
    pool: Pool, articles: Sequence[Article], dates: Mapping[str, Sequence[DateRef]]
) -> tuple[TimelineEntry, ...]:
    timeline = build_timeline(pool, dates)
    extra = undated_happenings(pool, articles, dates, timeline)
    return tuple(sorted([*timeline, *extra], key=lambda e: (e.day, e.after)))


def write_brief(
    subject_id: str,
    title: str,
    articles: Sequence[Article],
    pool: EmbeddedSentences,
    limit: int = 5,
    report_of: Mapping[str, str] | None = None,
    facts: Facts | None = None,
) -> Brief:
    """A brief of at most ``limit`` sentences, each citing its sources.

    ``report_of`` maps an article id to the id of its lineage group; articles
    missing from it count as independent reports of their own.
    """
    report_of = report_of or {}
    outlet_of = {a.id: a.outlet for a in articles}
    order = {a.id: i for i, a in enumerate(articles)}
    picked = select_sentences(pool, limit, report_of)
    # Read in the order the story unfolds: by position in the article.
    picked.sort(key=lambda p: (pool.sentences[p[0]].index, order[pool.sentences[p[0]].article_id]))
    sentences = []
    for row, supporters in picked:
        citations = tuple(
            Citation(article_id, pool.sentences[j].span, outlet_of.get(article_id))
            for article_id, j in sorted(supporters.items(), key=lambda x: order[x[0]])
        )
        support = _independent(supporters, report_of)
        sentences.append(BriefSentence(pool.sentences[row].text, citations, support))
    brief = Brief(
        subject_id,
        title,
        tuple(sentences),
        coverage(articles),
        articles=len(articles),
        independent_reports=_independent((a.id for a in articles), report_of),
    )
    if facts is None:
        return brief
    return replace(brief, **reconciled(articles, pool, report_of, facts))  # type: ignore[arg-type]
