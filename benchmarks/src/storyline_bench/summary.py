"""``storyline bench summary``: how much of an event a brief covers, and whether its citations hold.

Briefs are written per **gold** event (ECB+ ``gold.jsonl``, plus the seed articles as
one more event when given), so clustering mistakes never enter this benchmark: each
method summarises exactly the articles gold puts together. ECB+ has no reference
summaries, so the content to cover is derived from the articles themselves, the same
way for every method:

* **Consensus content (pyramid)**: a *content unit* is something at least two articles
  of the event say: a body sentence with a sentence of another article at MiniLM cosine
  ``≥ CONSENSUS_SIMILARITY``, gathered with the sentences saying the same thing
  (greedy, most widely carried first). A unit weighs the number of articles carrying
  it. As in the pyramid method (Nenkova & Passonneau, 2004), the score is the weight of
  the units a summary carries (a summary sentence at cosine ``≥ CONSENSUS_SIMILARITY``
  to any of a unit's sentences) over the weight of the heaviest units a summary of that
  many units could carry. Storyline chooses sentences by the same similarity and
  support, so this measure leans its way; read it with the next one.
* **Key facts**: names and figures carried by at least half of the event's articles
  (and by two at least): anchor keys of :mod:`storyline.pipeline.anchors` (a name's
  consonant skeleton, a number above a dozen). Key-fact recall is the share of them
  the summary's sentences contain. It uses no embeddings.

**Unsupported citations**: every citation of every summary sentence is checked against
the sentence it points to. It supports the summary sentence when their cosine is
``≥ SUPPORT_SIMILARITY``, no figure of one conflicts with a figure of the other
(:func:`storyline.extract.figure_compare.conflicting`, figures read from text alone),
and at least ``NAME_SHARE`` of the summary sentence's names are in the cited sentence.

Methods, all run in this process on the same sentences and vectors:

* **Storyline**: :func:`storyline.pipeline.brief.write_brief`, with lineage groups from
  :func:`storyline.pipeline.lineage.trace_lineage` over the gold events, as ``analyze``
  runs it;
* **LexRank** and **TextRank** from ``sumy``, choosing from the very sentences
  Storyline may choose from (body sentences of brief length that stand alone), with
  exact repeats dropped. Each baseline sentence cites only its own article, which
  supports it trivially: their unsupported rate is zero by construction. sumy is
  optional; its rows are skipped with the reason when it is not installed.

No published figure exists for this set-up: ECB+ is an event-coreference corpus.
"""

from __future__ import annotations

import importlib
import math
import re
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from storyline.chain import EmbeddedArticles, embed_articles, infer_publication_days
from storyline.errors import InputError
from storyline.extract import Extraction, ParseCache, extract
from storyline.extract.figures import find_figures
from storyline.ingest import read_inputs
from storyline.models import Article, Event, Figure, SentenceKind
from storyline.pipeline.anchors import anchors, fact_keys

# Storyline's own candidate filter is imported on purpose: the baselines must choose
# from exactly the sentences Storyline may choose from, not from a copy that drifts.
from storyline.pipeline.brief import SUPPORT_SIMILARITY as BRIEF_SIMILARITY
from storyline.pipeline.brief import (
    EmbeddedSentences,
    Facts,
    _candidates,
    reading_order,
    select_sentences,
)
from storyline.pipeline.lineage import trace_lineage
from storyline.pipeline.support import contradicted
from storyline.service import Progress, facts_of
from storyline.settings import Settings

from .cluster import BaselineUnavailable, Corpus
from .lineage import MeterCorpus
from .summary_reading import Reading, Shown, read_summary, totals

CONSENSUS_SIMILARITY = 0.78  # the bar at which two sentences "say the same thing"
SUPPORT_SIMILARITY = BRIEF_SIMILARITY
NAME_SHARE = 0.5  # "mostly present": at least half of the summary sentence's names
SEEDS_EVENT = "seeds"
METHODS = ("Storyline", "LexRank", "TextRank")
SUMY_VERSION = "0.13.0"
DEFINITIONS = (
    "Consensus content (pyramid): units are sentences carried by ≥2 articles of the gold "
    f"event (MiniLM cosine ≥{CONSENSUS_SIMILARITY}), weighted by articles; score = weight "
    "covered / best weight possible for that many units. Storyline selects by the same "
    "signal, so this measure leans its way.",
    "Key facts: names (consonant skeleton) and numbers above 12 found in ≥half (and ≥2) of "
    "the event's articles; recall = share the summary contains. No embeddings involved.",
    f"A citation is unsupported unless cosine ≥{SUPPORT_SIMILARITY}, no conflicting figure, "
    f"and ≥{NAME_SHARE:.0%} of the summary sentence's names appear in the cited sentence. "
    "Baselines cite their own sentence only, so their rate is 0 by construction.",
    "Briefs are written per gold event, so clustering errors do not enter these scores. "
    "No published figure exists for this set-up.",
)


def _quiet(stage: str, done: int, total: int | None) -> None:
    pass


# -- the events ---------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class GoldEvent:
    id: str
    articles: tuple[Article, ...]


def gold_events(corpus: Corpus, seeds: Sequence[Article] = ()) -> list[GoldEvent]:
    """The gold events of ``corpus`` (articles in document order), then the seeds as one."""
    event_of = {a.id: corpus.gold.event_of[corpus.doc_of[a.id]] for a in corpus.articles}
    return _grouped(corpus.articles, event_of, seeds)


def meter_events(meter: MeterCorpus, seeds: Sequence[Article] = ()) -> list[GoldEvent]:
    """METER's stories (wire copy and the papers' articles of one court story) as events."""
    return _grouped(meter.articles, meter.story_of, seeds)


def _grouped(
    articles: Sequence[Article], label_of: Mapping[str, str], seeds: Sequence[Article]
) -> list[GoldEvent]:
    members: dict[str, list[Article]] = {}
    for article in articles:
        members.setdefault(label_of[article.id], []).append(article)
    events = [GoldEvent(label, tuple(members[label])) for label in sorted(members)]
    if seeds:
        events.append(GoldEvent(SEEDS_EVENT, tuple(seeds)))
    return events


def read_seeds(folder: Path, settings: Settings) -> list[Article]:
    """The articles of the seed folder, in file order."""
    if not folder.is_dir():
        raise InputError(str(folder), "no such folder; pass the folder of seed articles")
    articles = [a for a in read_inputs([folder], settings) if isinstance(a, Article)]
    if not articles:
        raise InputError(str(folder), "no readable articles here")
    return sorted(articles, key=lambda a: a.path)


# -- what there is to cover ----------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Content:
    """What a summary of one event should carry."""

    units: tuple[tuple[int, ...], ...]  # pool rows saying one thing, heaviest unit first
    weights: tuple[int, ...]  # articles carrying each unit
    key_facts: frozenset[str]  # anchor keys carried by at least half of the articles


def consensus_units(pool: EmbeddedSentences) -> tuple[list[tuple[int, ...]], list[int]]:
    """Content units: body sentences another article also carries, gathered greedily."""
    body = [i for i, s in enumerate(pool.sentences) if s.kind is SentenceKind.BODY]
    if not body:
        return [], []
    article = [pool.sentences[i].article_id for i in body]
    codes = np.unique(np.array(article), return_inverse=True)[1]
    similar = pool.vectors[body] @ pool.vectors[body].T >= CONSENSUS_SIMILARITY
    other = codes[:, None] != codes[None, :]
    carriers = [
        {article[j] for j in np.flatnonzero(similar[k] & other[k])} for k in range(len(body))
    ]
    # The most widely carried sentence founds a unit; everything like it joins.
    order = sorted((k for k in range(len(body)) if carriers[k]), key=lambda k: -len(carriers[k]))
    taken: set[int] = set()
    units: list[tuple[int, ...]] = []
    weights: list[int] = []
    for k in order:
        if k in taken:
            continue
        members = [m for m in np.flatnonzero(similar[k]) if int(m) not in taken]
        taken.update(int(m) for m in members)
        units.append(tuple(body[int(m)] for m in members))
        weights.append(len({article[int(m)] for m in members}))
    ranked = sorted(range(len(units)), key=lambda u: -weights[u])
    return [units[u] for u in ranked], [weights[u] for u in ranked]


def key_facts(pool: EmbeddedSentences, article_ids: Sequence[str]) -> frozenset[str]:
    """Names and numbers found in at least half of the articles, and in two at least."""
    per_article: dict[str, set[str]] = {a: set() for a in article_ids}
    for s in pool.sentences:
        if s.kind is SentenceKind.BODY:
            per_article[s.article_id] |= fact_keys(s.text)
    needed = max(2, math.ceil(len(article_ids) / 2))
    counts: dict[str, int] = {}
    for keys in per_article.values():
        for key in keys:
            counts[key] = counts.get(key, 0) + 1
    return frozenset(k for k, n in counts.items() if n >= needed)


def event_content(pool: EmbeddedSentences, article_ids: Sequence[str]) -> Content:
    units, weights = consensus_units(pool)
    return Content(tuple(units), tuple(weights), key_facts(pool, article_ids))


# -- summaries -----------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Summarised:
    """One summary sentence: its pool row, the pool rows it cites, the text shown."""

    row: int
    cited: tuple[int, ...]
    text: str = ""  # as shown, when it differs from the sentence ("[Netanyahu] said…")


def storyline_summary(
    event: GoldEvent,
    pool: EmbeddedSentences,
    limit: int,
    report_of: Mapping[str, str],
    facts: Facts | None = None,
) -> list[Summarised]:
    picked = reading_order(select_sentences(pool, limit, report_of, facts), pool, event.articles)
    return [
        Summarised(p.candidate.row, tuple(p.backing.full.values()), p.candidate.text)
        for p in picked
    ]


class _Words:
    """A word splitter for sumy that needs no downloaded tokenizer data."""

    _WORD = re.compile(r"[^\W\d_][\w'’-]*")
    language = "english"

    def to_words(self, text: str) -> list[str]:
        return self._WORD.findall(text)

    def to_sentences(self, text: str) -> list[str]:
        return [text]


Ranker = Callable[[Sequence[str], int], list[int]]
_SUMY_MODULES = {"LexRank": "lex_rank", "TextRank": "text_rank"}


def sumy_ranker(name: str) -> Ranker:
    """A function picking ``count`` of the given sentences with sumy's LexRank or TextRank.

    Raises :class:`BaselineUnavailable` when sumy is not installed.
    """
    try:
        # Imported by name: sumy is optional and ships no type information.
        dom = importlib.import_module("sumy.models.dom")
        stemmers = importlib.import_module("sumy.nlp.stemmers")
        module = importlib.import_module(f"sumy.summarizers.{_SUMY_MODULES[name]}")
        utils = importlib.import_module("sumy.utils")
    except ImportError as exc:
        raise BaselineUnavailable(
            f"sumy is not installed ({exc.name or exc}); "
            f"`pip install sumy=={SUMY_VERSION}` to add the LexRank and TextRank baselines"
        ) from exc
    summarizer = getattr(module, f"{name}Summarizer")(stemmers.Stemmer("english"))
    summarizer.stop_words = utils.get_stop_words("english")
    words = _Words()

    def rank(texts: Sequence[str], count: int) -> list[int]:
        sentences = [dom.Sentence(t, words) for t in texts]
        document = dom.ObjectDocumentModel([dom.Paragraph(sentences)])
        picked = {id(s) for s in summarizer(document, count)}
        return [i for i, s in enumerate(sentences) if id(s) in picked]

    return rank


def baseline_summary(pool: EmbeddedSentences, limit: int, rank: Ranker) -> list[Summarised]:
    """A baseline's picks among Storyline's candidates; each cites only itself."""
    rows: list[int] = []
    seen: set[str] = set()
    for row in _candidates(pool):
        if pool.sentences[row].text not in seen:  # sumy rates equal texts as one
            seen.add(pool.sentences[row].text)
            rows.append(row)
    if not rows:
        return []
    picked = rank([pool.sentences[r].text for r in rows], limit)
    return [Summarised(rows[k], (rows[k],)) for k in picked]


# -- scoring ---------------------------------------------------------------------------------
def pyramid(
    summary: Sequence[Summarised], pool: EmbeddedSentences, content: Content, limit: int
) -> float:
    """Weight of the units the summary carries over the best weight for as many units."""
    if not summary or not content.units:
        return 0.0
    vectors = pool.vectors[[s.row for s in summary]]
    covered = [
        w
        for unit, w in zip(content.units, content.weights, strict=True)
        if float((vectors @ pool.vectors[list(unit)].T).max()) >= CONSENSUS_SIMILARITY
    ]
    best = sum(content.weights[: max(limit, len(covered))])
    return sum(covered) / best if best else 0.0


def fact_recall(summary: Sequence[Summarised], pool: EmbeddedSentences, content: Content) -> float:
    found: set[str] = set()
    for s in summary:
        found |= fact_keys(pool.sentences[s.row].text)
    return len(found & content.key_facts) / len(content.key_facts)


def _names(text: str) -> frozenset[str]:
    return frozenset(k for k in anchors(text) if k.startswith("n:"))


def _figures(text: str) -> tuple[Figure, ...]:
    return find_figures(Article(id="s", title="", text=text, path=""))


def unsupported_reason(claim: str, cited: str, similarity: float) -> str | None:
    """Why the cited sentence does not support ``claim``, or None when it does."""
    if similarity < SUPPORT_SIMILARITY:
        return "low similarity"
    names = _names(claim)
    if names and len(names & _names(cited)) < NAME_SHARE * len(names):
        return "names missing"
    if contradicted(_figures(claim), _figures(cited)):
        return "conflicting figure"
    return None


@dataclass(frozen=True, slots=True)
class CitationCheck:
    summary_row: int
    cited_row: int
    own: bool  # the summary sentence's own sentence
    reason: str | None  # None: supported


def check_citations(summary: Sequence[Summarised], pool: EmbeddedSentences) -> list[CitationCheck]:
    checks = []
    for s in summary:
        claim = pool.sentences[s.row].text
        for row in s.cited:
            similarity = float(pool.vectors[s.row] @ pool.vectors[row])
            reason = unsupported_reason(claim, pool.sentences[row].text, similarity)
            checks.append(CitationCheck(s.row, row, row == s.row, reason))
    return checks


# -- results -----------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class EventScore:
    event: str
    articles: int
    sentences: int  # in the summary
    words: int
    pyramid: float | None  # None: the event has no consensus content
    fact_recall: float | None  # None: no key facts
    citations: int
    cross_citations: int  # citations of another article's sentence
    unsupported: int
    unsupported_cross: int  # of them, citations of another article's sentence
    reasons: tuple[str, ...]
    reading: Reading | None = None  # a reader's checks (with extraction only)


@dataclass(frozen=True, slots=True)
class MethodScore:
    method: str
    events: tuple[EventScore, ...]
    seconds: float
    skipped: str | None = None

    def _mean(self, values: Sequence[float | None]) -> float:
        present = [v for v in values if v is not None]
        return sum(present) / len(present) if present else 0.0

    @property
    def pyramid(self) -> float:
        return self._mean([e.pyramid for e in self.events])

    @property
    def fact_recall(self) -> float:
        return self._mean([e.fact_recall for e in self.events])

    @property
    def citations(self) -> int:
        return sum(e.citations for e in self.events)

    @property
    def cross_citations(self) -> int:
        return sum(e.cross_citations for e in self.events)

    @property
    def unsupported(self) -> int:
        return sum(e.unsupported for e in self.events)

    @property
    def unsupported_rate(self) -> float:
        return self.unsupported / self.citations if self.citations else 0.0

    @property
    def unsupported_cross_rate(self) -> float:
        cross = sum(e.unsupported_cross for e in self.events)
        return cross / self.cross_citations if self.cross_citations else 0.0

    @property
    def sentences(self) -> float:
        return self._mean([float(e.sentences) for e in self.events])

    @property
    def words(self) -> float:
        return self._mean([float(e.words) for e in self.events])

    def reading(self) -> dict[str, float | None]:
        """A reader's checks over all events (empty without extraction)."""
        readings = {e.event: e.reading for e in self.events if e.reading is not None}
        return totals(readings) if readings else {}

    def leaning(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for e in self.events:
            for reason in e.reading.leaning if e.reading else ():
                counts[reason] = counts.get(reason, 0) + 1
        return dict(sorted(counts.items()))

    def reasons(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for e in self.events:
            for r in e.reasons:
                counts[r] = counts.get(r, 0) + 1
        return dict(sorted(counts.items()))


@dataclass(frozen=True, slots=True)
class SummaryResult:
    corpus: str
    events: int
    articles: int
    with_pyramid: int  # events with consensus content
    with_facts: int  # events with key facts
    limit: int
    embed_seconds: float
    methods: tuple[MethodScore, ...]
    notes: tuple[str, ...] = field(default_factory=lambda: DEFINITIONS)


def score_event(
    event: GoldEvent,
    summary: Sequence[Summarised],
    pool: EmbeddedSentences,
    content: Content,
    limit: int,
    extraction: Extraction | None = None,
) -> EventScore:
    checks = check_citations(summary, pool)
    reading = None
    if extraction is not None and summary:
        shown = [Shown(s.row, s.text or pool.sentences[s.row].text, s.cited) for s in summary]
        reading = read_summary(shown, pool, extraction, content.units, CONSENSUS_SIMILARITY)
    return EventScore(
        event=event.id,
        articles=len(event.articles),
        sentences=len(summary),
        words=sum(len(pool.sentences[s.row].text.split()) for s in summary),
        pyramid=pyramid(summary, pool, content, limit) if content.units else None,
        fact_recall=fact_recall(summary, pool, content) if content.key_facts else None,
        citations=len(checks),
        cross_citations=sum(1 for c in checks if not c.own),
        unsupported=sum(1 for c in checks if c.reason),
        unsupported_cross=sum(1 for c in checks if c.reason and not c.own),
        reasons=tuple(c.reason for c in checks if c.reason),
        reading=reading,
    )


Summariser = Callable[[GoldEvent, EmbeddedSentences], list[Summarised]]


def evaluate(
    events: Sequence[GoldEvent],
    embedded: EmbeddedArticles,
    *,
    limit: int = 5,
    name: str = "",
    embed_seconds: float = 0.0,
    with_sumy: bool = True,
    progress: Progress = _quiet,
    extraction: Extraction | None = None,
) -> SummaryResult:
    """Summarise every gold event with every method and score the summaries.

    With ``extraction``, Storyline's briefs use it as the product does (resolved dates,
    quotes and figures decide support; named people repair a leading "He"), and every
    summary also gets a reader's checks (:mod:`.summary_reading`)."""
    articles = [a for e in events for a in e.articles]
    as_events = [Event(e.id, tuple(a.id for a in e.articles), e.id) for e in events]
    lineage = trace_lineage(articles, embedded.sentences, embedded.vectors, as_events)
    report_of = {a: g.id for g in lineage.groups for a in g.article_ids}
    pools = {e.id: embedded.pool(e.articles) for e in events}
    contents = {e.id: event_content(pools[e.id], [a.id for a in e.articles]) for e in events}

    facts = facts_of(extraction, as_events) if extraction is not None else None
    summarisers: dict[str, Summariser | str] = {
        "Storyline": lambda e, pool: storyline_summary(e, pool, limit, report_of, facts)
    }
    for method in ("LexRank", "TextRank"):
        if not with_sumy:
            summarisers[method] = "left out (--no-sumy)"
            continue
        try:
            rank = sumy_ranker(method)
        except BaselineUnavailable as exc:
            summarisers[method] = str(exc)
        else:
            summarisers[method] = lambda e, pool, rank=rank: baseline_summary(pool, limit, rank)  # type: ignore[misc]

    methods = []
    for done, (method, summarise) in enumerate(summarisers.items(), start=1):
        if isinstance(summarise, str):
            methods.append(MethodScore(method, (), 0.0, skipped=summarise))
            continue
        scores, seconds = [], 0.0
        for event in events:
            started = time.perf_counter()
            summary = summarise(event, pools[event.id])
            seconds += time.perf_counter() - started
            scores.append(
                score_event(event, summary, pools[event.id], contents[event.id], limit, extraction)
            )
        methods.append(MethodScore(method, tuple(scores), seconds))
        progress("summarise", done, len(summarisers))
    return SummaryResult(
        corpus=name,
        events=len(events),
        articles=len(articles),
        with_pyramid=sum(1 for c in contents.values() if c.units),
        with_facts=sum(1 for c in contents.values() if c.key_facts),
        limit=limit,
        embed_seconds=embed_seconds,
        methods=tuple(methods),
    )


def run_summary(
    events: Sequence[GoldEvent],
    embedder: Any,
    *,
    limit: int = 5,
    name: str = "",
    with_sumy: bool = True,
    progress: Progress = _quiet,
    parse_cache: ParseCache | None = None,
) -> SummaryResult:
    """Embed the events' articles (through ``embedder``'s cache), extract their facts
    (through ``parse_cache``, when given), then :func:`evaluate`."""
    started = time.perf_counter()
    articles = [a for e in events for a in e.articles]
    embedded = embed_articles(articles, embedder, progress)
    extraction = None
    if parse_cache is not None:
        gold = [Event(e.id, tuple(a.id for a in e.articles), e.id) for e in events]
        extraction = extract(
            articles, infer_publication_days(articles, gold), progress, parse_cache
        )
    return evaluate(
        events,
        embedded,
        limit=limit,
        name=name,
        embed_seconds=time.perf_counter() - started,
        with_sumy=with_sumy,
        progress=progress,
        extraction=extraction,
    )


def result_document(result: SummaryResult) -> dict[str, object]:
    """The result as plain JSON-ready data."""
    return {
        "benchmark": "summary",
        "corpus": {
            "path": result.corpus,
            "events": result.events,
            "articles": result.articles,
            "events_with_consensus_content": result.with_pyramid,
            "events_with_key_facts": result.with_facts,
        },
        "sentences_per_summary": result.limit,
        "embed_seconds": round(result.embed_seconds, 3),
        "methods": [
            {
                "method": m.method,
                "skipped": m.skipped,
                "seconds": round(m.seconds, 3),
                "pyramid": round(m.pyramid, 4),
                "key_fact_recall": round(m.fact_recall, 4),
                "sentences": round(m.sentences, 2),
                "words": round(m.words, 1),
                "citations": m.citations,
                "cross_article_citations": m.cross_citations,
                "unsupported": m.unsupported,
                "unsupported_rate": round(m.unsupported_rate, 4),
                "unsupported_cross_rate": round(m.unsupported_cross_rate, 4),
                "unsupported_reasons": m.reasons(),
                "reader": {k: v if v is None else round(v, 4) for k, v in m.reading().items()},
                "not_standing_alone": m.leaning(),
                "events": [
                    {
                        "event": e.event,
                        "articles": e.articles,
                        "pyramid": None if e.pyramid is None else round(e.pyramid, 4),
                        "key_fact_recall": None
                        if e.fact_recall is None
                        else round(e.fact_recall, 4),
                        "citations": e.citations,
                        "unsupported": e.unsupported,
                    }
                    for e in m.events
                ],
            }
            for m in result.methods
        ],
        "published": [],
        "notes": list(result.notes),
    }
