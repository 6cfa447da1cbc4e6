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
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace

import numpy as np
import numpy.typing as npt

from ..extract.gazetteer import is_country
from ..models import (
    Article,
    Brief,
    BriefSentence,
    Citation,
    ClaimGroup,
    DateRef,
    Entity,
    EntityType,
    Figure,
    Mention,
    OutletCoverage,
    Quote,
    Sentence,
    SentenceKind,
    Span,
    TimelineEntry,
    TimexType,
)
from ..nlp.embed import unit
from .anchors import fact_keys
from .reconcile import (
    Pool,
    build_timeline,
    find_conflicts,
    group_claims,
    undated_happenings,
    who_is_who,
)
from .standalone import (
    inside_quotations,
    pronoun_before_name,
    stands_alone,
    with_named_subject,
    without_dateline,
)
from .support import Extracted, Particulars, Support, particulars_in, support

Matrix = npt.NDArray[np.float32]

# Two sentences this similar make the same point (MiniLM cosine; paraphrases
# in the seeds score 0.77-0.92; related-but-different facts reach 0.765). Whether
# the one *supports* the other is then read off their particulars (:mod:`.support`).
SUPPORT_SIMILARITY = 0.78
# Weight of relevance against redundancy in MMR.
MMR_LAMBDA = 0.7
# How much a sentence's new agreed facts (names and numbers several reports state)
# add to its relevance, at most: the issue asks for the facts most reports agree on.
FACT_GAIN = 1.0
# A sentence is about the person it names within this many characters of its start
# (and only then is a "He" opening the next sentence taken to be them). A name of a
# letter or two ("S", an anonymised child) is never put in.
SUBJECT_REACH = 40
# How much naming who, when and where (all three) adds to the opening sentence's worth.
LEDE_GAIN = 1.0
LEDE_CHOICES = 5  # the opening sentence is chosen among this many most relevant
LEDE_SETTING = 2  # of who, when and where, what an opening sentence names at least
MIN_WORDS, MAX_WORDS = 8, 60
# Two sentences sharing this much of their content words say one thing twice, even
# when their vectors fall short of SUPPORT_SIMILARITY (a rewrite's reordered clauses).
SAME_WORDS = 0.5
_CONTENT_WORD = re.compile(r"[^\W\d_][\w'’-]{2,}")
_FUNCTION_WORDS = frozenset(
    "the and for with from that this was were has had have are but not his her its their "
    "they said says after before into over about than been will would could".split()
)


@dataclass(frozen=True, slots=True)
class EmbeddedSentences:
    """The sentences of a set of articles and their unit vectors, row-aligned."""

    sentences: tuple[Sentence, ...]
    vectors: Matrix


@dataclass(frozen=True, slots=True)
class Candidate:
    """A sentence a summary may show, as it would read there."""

    row: int
    text: str  # dateline dropped; a leading "He" named when the sentence before says who


def _rows(pool: EmbeddedSentences) -> Pool:
    """The pool's sentences indexed by article, to find the row holding a span."""
    return Pool(pool.sentences, pool.vectors, {}, {})


@dataclass(frozen=True, slots=True)
class _Named:
    """What entity extraction says each row names."""

    person: dict[int, str]  # rows naming exactly one person: that person's surname
    first: dict[int, int]  # where in the row the first name of anyone starts


def _named_by_row(pool: EmbeddedSentences, mentions: Mapping[str, Sequence[Mention]]) -> _Named:
    rows = _rows(pool)
    people: dict[int, set[str]] = {}
    first: dict[int, int] = {}
    person_at: dict[int, int] = {}
    for article in {s.article_id for s in pool.sentences}:
        # Only someone the article names in full ("Amelize Joseph") is put in by surname:
        # a lone capitalised word the tagger called a person may be a brand or a place.
        introduced = {
            m.text.split()[-1]
            for m in mentions.get(article, ())
            if m.type is EntityType.PERSON and len(m.text.split()) >= 2
        }
        for mention in mentions.get(article, ()):
            row = rows.row_at(article, mention.span.start)
            if row is None:
                continue
            at = mention.span.start - pool.sentences[row].span.start
            first[row] = min(first.get(row, at), at)
            words = mention.text.split()
            if mention.type is EntityType.PERSON and words:
                surname = words[-1]
                people.setdefault(row, set()).add(surname if surname in introduced else "?")
                person_at[row] = min(person_at.get(row, at), at)
    # The person a following "He" means is the one this sentence is about: named first,
    # near its start, with no pronoun before ("Earlier, he said … Mr Hamilton's wife"
    # is about someone else, and so is the "He went on" after it).
    person = {
        row: name
        for row, n in people.items()
        if len(n) == 1
        and (name := next(iter(n))) != "?"
        and len(name) > 2
        and person_at[row] == first[row] <= SUBJECT_REACH
        and not pronoun_before_name(pool.sentences[row].text[: first[row]], first[row])
    }
    return _Named(person, first)


def candidates(
    pool: EmbeddedSentences, mentions: Mapping[str, Sequence[Mention]] | None = None
) -> list[Candidate]:
    """Body sentences of summary length that a reader understands alone (``mentions``:
    each article's namings, to find who a leading "He" is; None: not extracted)."""
    named = _named_by_row(pool, mentions) if mentions is not None else None
    previous: dict[tuple[str, int], int] = {
        (s.article_id, s.index): i for i, s in enumerate(pool.sentences)
    }
    rows_of = _rows(pool)
    inside: dict[int, bool] = {}
    for article in {s.article_id for s in pool.sentences}:
        rows = sorted(rows_of.rows_of(article), key=lambda r: pool.sentences[r].index)
        flags = inside_quotations([pool.sentences[r].text for r in rows])
        inside.update(zip(rows, flags, strict=True))
    found = []
    for i, s in enumerate(pool.sentences):
        if s.kind is not SentenceKind.BODY or not MIN_WORDS <= len(s.text.split()) <= MAX_WORDS:
            continue
        text = without_dateline(s.text)
        first_name = None
        if named is not None:  # offsets into the sentence as shown (dateline dropped)
            first_name = named.first.get(i, -1) - (len(s.text) - len(text))
            first_name = first_name if first_name >= 0 else -1
            before = previous.get((s.article_id, s.index - 1))
            resolved = (
                with_named_subject(text, named.person[before]) if before in named.person else None
            )
            if resolved is not None:
                text, first_name = resolved, 0
        if stands_alone(text, inside[i], first_name):
            found.append(Candidate(i, text))
    return found


def _candidates(pool: EmbeddedSentences) -> list[int]:
    """Rows of the sentences a summary may show (no names resolved)."""
    return [c.row for c in candidates(pool)]


@dataclass(frozen=True, slots=True)
class Backing:
    """Who stands behind a summary sentence: per article, the row of its sentence."""

    full: dict[str, int]  # says the same thing, particulars and all (own article included)
    partial: dict[str, int]  # makes the same point with other particulars


class _Particulars:
    """Each row's particulars, read once and only when asked for."""

    def __init__(self, pool: EmbeddedSentences, extracted: Extracted | None) -> None:
        self._pool, self._extracted = pool, extracted
        self._read: dict[tuple[int, str], Particulars] = {}

    def of(self, row: int, text: str | None = None) -> Particulars:
        sentence = self._pool.sentences[row]
        if text is not None and text != sentence.text:
            sentence = replace(sentence, text=text)
        key = (row, sentence.text)
        if key not in self._read:
            self._read[key] = particulars_in(sentence, self._extracted)
        return self._read[key]


def _backing(
    pool: EmbeddedSentences, scores: Matrix, chosen: Candidate, read: _Particulars
) -> Backing:
    """For a candidate, the best sentence of each other article that supports it fully,
    else the best one on its point; a sentence that disagrees with it backs nothing.

    ``scores`` holds the candidate's similarity to every sentence of the pool.
    """
    own = pool.sentences[chosen.row].article_id
    claim = read.of(chosen.row, chosen.text)
    full: dict[str, int] = {own: chosen.row}
    partial: dict[str, int] = {}
    for j in np.argsort(-scores):
        if scores[j] < SUPPORT_SIMILARITY:
            break
        article = pool.sentences[j].article_id
        if article in full:
            continue
        verdict = support(claim, read.of(int(j)))
        if verdict is Support.FULL:
            full[article] = int(j)
            partial.pop(article, None)
        elif verdict is Support.PARTIAL and article not in partial:
            partial[article] = int(j)
    return Backing(full, partial)


# A report on the same point with other particulars says the point is central, but
# less than one that states the sentence in full.
PARTIAL_WEIGHT = 0.5


def _weight_of_backing(backing: Backing, report_of: Mapping[str, str]) -> float:
    full = {report_of.get(a, a) for a in backing.full}
    partial = {report_of.get(a, a) for a in backing.partial} - full
    return len(full) + PARTIAL_WEIGHT * len(partial)


def _independent(articles: Iterable[str], report_of: Mapping[str, str]) -> int:
    return len({report_of.get(a, a) for a in articles})


def _content_words(text: str) -> frozenset[str]:
    return frozenset(
        w.lower() for w in _CONTENT_WORD.findall(text) if w.lower() not in _FUNCTION_WORDS
    )


def _says_again(a: frozenset[str], b: frozenset[str]) -> bool:
    return bool(a and b) and len(a & b) / len(a | b) >= SAME_WORDS


def _fact_weights(pool: EmbeddedSentences, report_of: Mapping[str, str]) -> dict[str, float]:
    """Each name and number by the share of independent reports that state it, for
    those two reports state at least: what the sources agree are the facts."""
    reports: dict[str, set[str]] = {}
    for s in pool.sentences:
        if s.kind is SentenceKind.BODY:
            for key in fact_keys(s.text):
                reports.setdefault(key, set()).add(report_of.get(s.article_id, s.article_id))
    total = _independent({s.article_id for s in pool.sentences}, report_of)
    return {k: len(r) / total for k, r in reports.items() if len(r) >= 2}


def _setting(pool: EmbeddedSentences, rows: Sequence[int], facts: Facts) -> list[int]:
    """For each row, how many of who, when and where it names (0-3): a person, an
    organisation or a country (a party to events more often than their setting), a
    calendar date, a place."""
    shared = _rows(pool)
    k_of = {row: k for k, row in enumerate(rows)}
    found: list[set[str]] = [set() for _ in rows]

    def mark(span: Span, what: str) -> None:
        row = shared.row_at(span.article_id, span.start)
        if row is not None and row in k_of:
            found[k_of[row]].add(what)

    for article in {pool.sentences[row].article_id for row in rows}:
        for mention in facts.mentions.get(article, ()):
            setting = mention.type is EntityType.PLACE and not is_country(mention.text)
            mark(mention.span, "where" if setting else "who")
        for date in facts.dates.get(article, ()):
            if date.type is TimexType.DATE:
                mark(date.span, "when")
    return [len(f) for f in found]


@dataclass(frozen=True, slots=True)
class Chosen:
    candidate: Candidate
    backing: Backing
    setting: int = 0  # how many of who, when and where it names


def select_sentences(
    pool: EmbeddedSentences,
    limit: int,
    report_of: Mapping[str, str] | None = None,
    facts: Facts | None = None,
) -> list[Chosen]:
    """Pick up to ``limit`` sentences with the sentences that back them."""
    report_of = report_of or {}
    found = candidates(pool, facts.mentions if facts else None)
    if not found or limit <= 0:
        return []
    rows = [c.row for c in found]
    vectors = pool.vectors
    similarities = vectors[rows] @ vectors.T
    centroid = unit(vectors.sum(axis=0))
    read = _Particulars(pool, facts)
    backing = [_backing(pool, similarities[k], c, read) for k, c in enumerate(found)]
    words = [_content_words(c.text) for c in found]
    relevance = np.array(
        [
            float(vectors[r] @ centroid)
            * (1.0 + math.log(_weight_of_backing(backing[k], report_of)))
            # News puts the main facts first: a gentle preference for early sentences.
            / (1.0 + 0.03 * pool.sentences[r].index)
            for k, r in enumerate(rows)
        ]
    )
    relevance /= max(float(relevance.max()), 1e-9)
    setting = _setting(pool, rows, facts) if facts else [0] * len(rows)
    # The opening sentence is one of the most relevant: naming who, when and where must
    # not put a side remark ("before the talks began, war bloggers…") first.
    openers = set(np.argsort(-relevance)[:LEDE_CHOICES].tolist())
    facts_of = [fact_keys(c.text) for c in found]
    weight = _fact_weights(pool, report_of)
    covered: set[str] = set()
    chosen: list[int] = []
    while len(chosen) < limit:
        gains = [sum(weight.get(f, 0.0) for f in facts_of[k] - covered) for k in range(len(rows))]
        top_gain = max(gains) or 1.0
        best_k, best_score = -1, -math.inf
        for k in range(len(rows)):
            if k in chosen:
                continue
            redundancy = max((float(similarities[k, rows[c]]) for c in chosen), default=0.0)
            if redundancy >= SUPPORT_SIMILARITY or any(
                _says_again(words[k], words[c]) for c in chosen
            ):
                continue  # says what a chosen sentence says; that one already cites it
            if not chosen and k not in openers:
                continue
            worth = relevance[k] * (1.0 + FACT_GAIN * gains[k] / top_gain)
            if not chosen:  # the opening sentence: who, when and where, if it can
                worth *= 1.0 + LEDE_GAIN * setting[k] / 3
            score = MMR_LAMBDA * worth - (1 - MMR_LAMBDA) * redundancy
            if score > best_score:
                best_k, best_score = k, score
        if best_k < 0:
            break
        chosen.append(best_k)
        covered |= facts_of[best_k]
    return [Chosen(found[k], backing[k], setting[k]) for k in chosen]


def reading_order(
    picked: Sequence[Chosen], pool: EmbeddedSentences, articles: Sequence[Article]
) -> list[Chosen]:
    """In the order the story unfolds, by position in the article, opening with the
    earliest sentence that names at least two of who, when and where (news puts the
    main facts first), else with the one chosen first."""
    order = {a.id: i for i, a in enumerate(articles)}

    def place(chosen: Chosen) -> tuple[int, int]:
        sentence = pool.sentences[chosen.candidate.row]
        return sentence.index, order.get(sentence.article_id, len(order))

    settled = [p for p in picked if p.setting >= LEDE_SETTING]
    opening = min(settled, key=place) if settled else (picked[0] if picked else None)
    rest = sorted((p for p in picked if p is not opening), key=place)
    return [opening, *rest] if opening is not None else []


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
    # Each article's own namings, typed from its own text: what the summary reads, so a
    # brief does not change with the other articles entities were resolved across.
    mentions: Mapping[str, Sequence[Mention]] = field(default_factory=dict)
    # Article id -> the entities named there, built once: every brief asks for its own
    # articles' entities, and scanning all of them per brief grows with events × entities.
    _by_article: dict[str, tuple[int, ...]] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        index: dict[str, list[int]] = {}
        for position, entity in enumerate(self.entities):
            for article_id in entity.article_ids:
                index.setdefault(article_id, []).append(position)
        object.__setattr__(self, "_by_article", {a: tuple(p) for a, p in index.items()})

    def entities_in(self, article_ids: Iterable[str]) -> tuple[Entity, ...]:
        """The entities named in any of ``article_ids``, each once, in resolution order."""
        positions = {p for a in article_ids for p in self._by_article.get(a, ())}
        return tuple(self.entities[p] for p in sorted(positions))


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
        "who": tuple(who_is_who(facts.entities_in(wanted), [a.id for a in articles])),
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
    picked = reading_order(select_sentences(pool, limit, report_of, facts), pool, articles)

    def cite(rows: Mapping[str, int]) -> tuple[Citation, ...]:
        return tuple(
            Citation(article_id, pool.sentences[j].span, outlet_of.get(article_id))
            for article_id, j in sorted(rows.items(), key=lambda x: order[x[0]])
        )

    sentences = [
        BriefSentence(
            p.candidate.text,
            cite(p.backing.full),
            _independent(p.backing.full, report_of),
            related=cite(p.backing.partial),
        )
        for p in picked
    ]
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
