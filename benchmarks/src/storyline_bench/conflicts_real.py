"""Conflicts on real coverage: what Storyline flags, judged by reading.

The planted set (:mod:`.conflicts`) says whether a changed number is caught; it
cannot say how often a conflict a reader sees on real coverage is a false
alarm. This module runs conflict finding on real multi-outlet coverage (gold
events of ECB+ dev and NewsWCL50 dev, METER's stories, the seeds as Storyline
groups them) and scores it against labels a person made by reading.

**The unit judged is a pair of sentences of two articles** of one event, with
the conflict's kind. A flagged conflict is judged by its *headline pair*: the
first sentence of each of its two best-supported sides, which is what a reader
compares first. Recall asks, of the pairs judged real, how many some flagged
conflict holds on two of its sides.

The labels live in ``labels/conflicts_real.jsonl`` beside this module: corpus,
document names, character spans, a short hash of each sentence (so a change in
ingest that moves the spans is noticed, not silently mis-scored), the verdict
and the reason. No article text is stored. Pairs to label come from
:func:`survey`: every flagged headline pair, and a seeded sample of figure pairs
that state one quantity with clashing values but were not flagged (the recall
sample).
"""

from __future__ import annotations

import hashlib
import json
import random
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from storyline.chain import EmbeddedArticles, cluster, embed_articles, infer_publication_days
from storyline.extract import Extraction, extract
from storyline.extract.figure_compare import conflicting, same_quantity
from storyline.models import Article, Citation, Conflict, Event, Figure, Sentence
from storyline.nlp.embed import Embedder
from storyline.nlp.sentences import split_sentences
from storyline.pipeline.brief import EmbeddedSentences, Facts, reconciled
from storyline.pipeline.lineage import trace_lineage
from storyline.pipeline.reconcile import Pool, describe_quantity
from storyline.service import Progress
from storyline.settings import Settings
from storyline.store import Store

from .cluster import load_corpus
from .lineage import MeterCorpus, load_meter
from .summary import read_seeds

LABELS = Path(__file__).parent / "labels" / "conflicts_real.jsonl"
# Figure pairs in sentences at least this close are offered for the recall sample:
# well below the detector's own bar, so a conflict it misses for phrasing can show.
SAMPLE_CONTEXT = 0.3
REAL, NOT_REAL = "real", "not"


def _quiet(stage: str, done: int, total: int | None) -> None:
    pass


def text_check(text: str) -> str:
    """A short hash of a sentence: labels carry it instead of the text."""
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:8]


@dataclass(frozen=True, slots=True, order=True)
class Located:
    """One sentence of a corpus document, by character span."""

    doc: str
    start: int
    end: int


@dataclass(frozen=True, slots=True, order=True)
class Pair:
    """Two sentences of two documents, in a fixed order, and the kind of conflict asked."""

    kind: str  # figure | statement | attribution
    a: Located
    b: Located

    @staticmethod
    def of(kind: str, x: Located, y: Located) -> Pair:
        first, second = sorted((x, y))
        return Pair(kind, first, second)


SHOWN, SAMPLE = "shown", "sample"


@dataclass(frozen=True, slots=True)
class Label:
    corpus: str
    pair: Pair
    verdict: str  # real | weak | not
    reason: str
    checks: tuple[str, str]  # text_check of sentence a and b
    # Why it was judged: it was shown as a difference then, or it was drawn at random
    # from the pairs not shown (only these stand for the rest in the recall estimate).
    origin: str = SHOWN


@dataclass(frozen=True, slots=True)
class Flagged:
    """A conflict Storyline shows, reduced to what is judged."""

    corpus: str
    event: str
    about: str
    kind: str
    headline: Pair
    values: tuple[str, str]  # the two sides' values as written
    pairs: frozenset[Pair]  # every cross-side pair (recall)


@dataclass(frozen=True, slots=True)
class Candidate:
    """A figure pair not flagged: one quantity, clashing values (the recall sample)."""

    corpus: str
    event: str
    about: str
    pair: Pair
    values: tuple[str, str]
    context: float


@dataclass(frozen=True, slots=True)
class Survey:
    corpus: str
    flagged: tuple[Flagged, ...]
    candidates: tuple[Candidate, ...]
    sentences: Mapping[Located, str] = field(default_factory=dict)  # for reviewing only


# -- running conflict finding on gold events ----------------------------------------
def _located(doc_of: Mapping[str, str], sentence: Sentence) -> Located:
    return Located(doc_of[sentence.article_id], sentence.span.start, sentence.span.end)


def survey(
    corpus: str,
    articles: Sequence[Article],
    events: Sequence[Event],
    doc_of: Mapping[str, str],
    embedded: EmbeddedArticles,
    extraction: Extraction,
    sample: int = 0,
    seed: int = 18,
) -> Survey:
    """Conflicts Storyline flags in each event, and (``sample`` > 0) unflagged figure pairs."""
    lineage = trace_lineage(articles, embedded.sentences, embedded.vectors, events)
    report_of = {a: g.id for g in lineage.groups for a in g.article_ids}
    by_id = {a.id: a for a in articles}
    event_of = {a: e.id for e in events for a in e.article_ids}
    flagged: list[Flagged] = []
    candidates: list[Candidate] = []
    sentences: dict[Located, str] = {}
    for event in events:
        members = [by_id[a] for a in event.article_ids if a in by_id]
        if len(members) < 2:
            continue
        pool = embedded.pool(members)
        for s in pool.sentences:
            sentences[_located(doc_of, s)] = s.text
        facts = Facts(
            extraction.quotes,
            extraction.figures,
            extraction.dates,
            extraction.entities,
            {a.id: event_of[a.id] for a in members},
            extraction.mentions,
        )
        shown = reconciled(members, pool, report_of, facts).get("conflicts", ())
        found = [_flagged(corpus, event.id, c, doc_of) for c in shown if isinstance(c, Conflict)]
        flagged += [f for f in found if f is not None]
        if sample:
            candidates += _unflagged(corpus, event.id, members, pool, extraction, doc_of, found)
    if sample and len(candidates) > sample:
        candidates = random.Random(seed).sample(candidates, sample)
    return Survey(corpus, tuple(flagged), tuple(candidates), sentences)


def _flagged(
    corpus: str, event: str, conflict: Conflict, doc_of: Mapping[str, str]
) -> Flagged | None:
    sides = conflict.sides
    if len(sides) < 2:
        return None

    def at(citation: Citation) -> Located:
        return Located(doc_of[citation.article_id], citation.span.start, citation.span.end)

    first, second = sides[0].citations[0], sides[1].citations[0]
    pairs = {
        Pair.of(conflict.kind, at(x), at(y))
        for i, left in enumerate(sides)
        for right in sides[i + 1 :]
        for x in left.citations
        for y in right.citations
        if x.article_id != y.article_id
    }
    return Flagged(
        corpus,
        event,
        conflict.about,
        conflict.kind,
        Pair.of(conflict.kind, at(first), at(second)),
        (sides[0].value, sides[1].value),
        frozenset(pairs),
    )


def _unflagged(
    corpus: str,
    event: str,
    members: Sequence[Article],
    pool: EmbeddedSentences,
    extraction: Extraction,
    doc_of: Mapping[str, str],
    found: Sequence[Flagged | None],
) -> list[Candidate]:
    """Figure pairs of two articles that state one quantity with clashing values."""
    rows = Pool(pool.sentences, pool.vectors, {}, {})
    located: list[tuple[int, Figure]] = [
        (row, figure)
        for article in members
        for figure in extraction.figures.get(article.id, ())
        if (row := rows.row_at(article.id, figure.span.start)) is not None
    ]
    shown = {k for f in found if f is not None for k in f.pairs}
    out = []
    for i, (row_a, fa) in enumerate(located):
        for row_b, fb in located[i + 1 :]:
            sa, sb = pool.sentences[row_a], pool.sentences[row_b]
            if sa.article_id == sb.article_id:
                continue
            if same_quantity(fa, fb) is not True or not conflicting(fa, fb):
                continue
            context = float(pool.vectors[row_a] @ pool.vectors[row_b])
            if context < SAMPLE_CONTEXT:
                continue
            pair = Pair.of("figure", _located(doc_of, sa), _located(doc_of, sb))
            if pair not in shown:
                about = describe_quantity(fa)
                out.append(
                    Candidate(corpus, event, about, pair, (fa.text, fb.text), round(context, 3))
                )
    return out


# -- labels -------------------------------------------------------------------------
def read_labels(path: Path = LABELS) -> list[Label]:
    if not path.is_file():
        return []
    labels = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        row = json.loads(line)
        a, b = (Located(row[k]["doc"], row[k]["start"], row[k]["end"]) for k in ("a", "b"))
        labels.append(
            Label(
                row["corpus"],
                Pair.of(row["kind"], a, b),
                row["verdict"],
                row["reason"],
                (row["a"]["check"], row["b"]["check"]),
                row.get("origin", SHOWN),
            )
        )
    return labels


def label_row(label: Label) -> dict[str, object]:
    pair = label.pair

    def where(at: Located, check: str) -> dict[str, object]:
        return {"doc": at.doc, "start": at.start, "end": at.end, "check": check}

    return {
        "corpus": label.corpus,
        "kind": pair.kind,
        "a": where(pair.a, label.checks[0]),
        "b": where(pair.b, label.checks[1]),
        "verdict": label.verdict,
        "reason": label.reason,
        "origin": label.origin,
    }


def write_labels(labels: Iterable[Label], path: Path = LABELS) -> None:
    rows = sorted(
        (label_row(label) for label in labels),
        key=lambda r: json.dumps([r["corpus"], r["kind"], r["a"], r["b"]]),
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8"
    )


# -- the corpora ----------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class RealCorpus:
    name: str
    articles: tuple[Article, ...]
    events: tuple[Event, ...]  # gold events (METER: stories); empty: group them ourselves
    doc_of: dict[str, str]  # article id -> document name
    story_of: dict[str, str] = field(default_factory=dict)  # event id -> gold story


GOLD_CORPORA = ("ecbplus-dev", "newswcl50-dev")


def real_corpora(root: Path, settings: Settings) -> list[RealCorpus]:
    """The labelled corpora under ``root`` (``$STORYLINE_SHARED/corpus``) that are present."""
    found = []
    for name in GOLD_CORPORA:
        if (root / name / "gold.jsonl").is_file():
            loaded = load_corpus(root / name, settings)
            members: dict[str, list[str]] = {}
            for article in loaded.articles:
                event = loaded.gold.event_of[loaded.doc_of[article.id]]
                members.setdefault(event, []).append(article.id)
            events = tuple(Event(e, tuple(ids), e) for e, ids in sorted(members.items()))
            story_of = {
                loaded.gold.event_of[d]: loaded.gold.story_of[d] for d in loaded.gold.event_of
            }
            found.append(RealCorpus(name, loaded.articles, events, loaded.doc_of, story_of))
    if (root / "meter-dev" / "gold.jsonl").is_file():
        found.append(meter_corpus(load_meter(root / "meter-dev", settings)))
    if (root / "seeds").is_dir():
        seeds = read_seeds(root / "seeds", settings)
        found.append(
            RealCorpus("seeds", tuple(seeds), (), {a.id: Path(a.path).stem for a in seeds})
        )
    return found


def meter_corpus(meter: MeterCorpus) -> RealCorpus:
    """METER as labelled coverage: each gold story one event (its wire copy and the
    newspapers' versions of it)."""
    stories: dict[str, list[str]] = {}
    for article in meter.articles:
        stories.setdefault(meter.story_of[article.id], []).append(article.id)
    events = tuple(Event(s, tuple(ids), s) for s, ids in sorted(stories.items()))
    doc_of = {a.id: Path(a.path).stem for a in meter.articles}
    return RealCorpus("meter-dev", meter.articles, events, doc_of)


def survey_corpus(
    corpus: RealCorpus,
    embedder: Embedder,
    parse_cache: Store,
    progress: Progress = _quiet,
    sample: int = 0,
    embedded: EmbeddedArticles | None = None,
) -> Survey:
    """Embed (unless ``embedded`` holds the corpus already), parse and trace one corpus,
    then survey its conflicts."""
    articles = list(corpus.articles)
    embedded = embedded or embed_articles(articles, embedder, progress)
    events = list(corpus.events) or list(cluster(articles, embedded, embedder).events)
    parse_cache.add_articles(articles)
    extraction = extract(articles, infer_publication_days(articles, events), progress, parse_cache)
    return survey(corpus.name, articles, events, corpus.doc_of, embedded, extraction, sample)


ALL_CANDIDATES = 10**9


# -- scoring --------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class KindScore:
    corpus: str
    kind: str
    flagged: int  # conflicts shown
    real: int  # judged real
    weak: int  # judged weak (same claim, difference of little weight)
    not_real: int
    unjudged: int  # headline pair not in the labels
    found: int  # labelled real pairs some flagged conflict holds
    labelled_real: int  # labelled real pairs of this kind and corpus
    # The recall sample: unflagged figure pairs that state one quantity with clashing
    # values, how many there are now, how many of them are judged, and judged real.
    candidates: int = 0
    sampled: int = 0  # candidates judged as part of the random sample
    sampled_real: int = 0
    known_missed: int = 0  # candidates judged real for another reason (shown once)
    # Real disagreements among the unflagged candidates: those known, plus the random
    # sample's real share of the others (summed over corpora for the total rows).
    missed: float = 0.0

    @property
    def judged(self) -> int:
        return self.real + self.weak + self.not_real

    @property
    def precision(self) -> float | None:
        return self.real / self.judged if self.judged else None

    @property
    def recall(self) -> float | None:
        """Of the pairs judged real, the share shown (unweighted: the sampled pairs stand
        for themselves only)."""
        return self.found / self.labelled_real if self.labelled_real else None

    @property
    def estimated_recall(self) -> float | None:
        """Real disagreements shown over those shown plus those estimated missed."""
        total = self.real + self.missed
        return self.real / total if total else None


KINDS = ("figure", "statement", "attribution")
WEAK = "weak"


def verdicts(labels: Iterable[Label], corpus: str) -> dict[Pair, str]:
    """The verdict on each judged pair of one corpus."""
    return {lab.pair: lab.verdict for lab in labels if lab.corpus == corpus}


def judged(flagged: Flagged, verdict: Mapping[Pair, str]) -> str | None:
    """A flagged conflict's verdict: its headline pair's when judged, else the most
    favourable of its other judged cross-side pairs (a reader sees them side by side)."""
    if flagged.headline in verdict:
        return verdict[flagged.headline]
    said = {verdict[k] for k in flagged.pairs if k in verdict}
    return next((v for v in (REAL, WEAK, NOT_REAL) if v in said), None)


def score_real(surveys: Sequence[Survey], labels: Sequence[Label]) -> list[KindScore]:
    """Per corpus and kind, then per kind over all corpora (corpus ``all``)."""
    by_kind: dict[str, list[KindScore]] = {kind: [] for kind in KINDS}
    for s in surveys:
        verdict = verdicts(labels, s.corpus)
        origin = {lab.pair: lab.origin for lab in labels if lab.corpus == s.corpus}
        for kind in KINDS:
            mine = [f for f in s.flagged if f.kind == kind]
            said = [judged(f, verdict) for f in mine]
            held = {k for f in mine for k in f.pairs}
            real_pairs = [k for k, v in verdict.items() if k.kind == kind and v == REAL]
            pool = [c.pair for c in s.candidates if c.pair.kind == kind]
            sampled = [verdict[k] for k in pool if origin.get(k) == SAMPLE]
            known = [verdict[k] for k in pool if origin.get(k) == SHOWN]
            rest = len(pool) - len(known)
            share = sampled.count(REAL) / len(sampled) if sampled else 0.0
            by_kind[kind].append(
                KindScore(
                    s.corpus,
                    kind,
                    len(mine),
                    said.count(REAL),
                    said.count(WEAK),
                    said.count(NOT_REAL),
                    said.count(None),
                    sum(1 for k in real_pairs if k in held),
                    len(real_pairs),
                    len(pool),
                    len(sampled),
                    sampled.count(REAL),
                    known.count(REAL),
                    known.count(REAL) + share * (rest - len(sampled)) + sampled.count(REAL),
                )
            )
    rows = [row for kind in KINDS for row in by_kind[kind]]
    totals = []
    for kind in KINDS:
        part = by_kind[kind]
        # Corpora are sampled at different rates, so their estimates add up; not pooled.
        totals.append(
            KindScore(
                "all",
                kind,
                *(
                    sum(getattr(r, f) for r in part)
                    for f in (
                        "flagged",
                        "real",
                        "weak",
                        "not_real",
                        "unjudged",
                        "found",
                        "labelled_real",
                        "candidates",
                        "sampled",
                        "sampled_real",
                        "known_missed",
                        "missed",
                    )
                ),
            )
        )
    return rows + totals


def stale_labels(surveys: Sequence[Survey], labels: Sequence[Label]) -> list[Label]:
    """Labels whose sentences no longer read as they did when judged (ingest moved a span)."""
    texts = {s.corpus: s.sentences for s in surveys}
    docs = {s.corpus: {where.doc for where in s.sentences} for s in surveys}
    stale = []
    for label in labels:
        known = texts.get(label.corpus)
        if known is None or not {label.pair.a.doc, label.pair.b.doc} <= docs[label.corpus]:
            continue  # a corpus or document this run did not read: nothing to check
        for where, check in zip((label.pair.a, label.pair.b), label.checks, strict=True):
            text = known.get(where)
            if text is None or text_check(text) != check:
                stale.append(label)
                break
    return stale


def per_story(
    survey_of: Survey, corpus: RealCorpus, labels: Sequence[Label]
) -> dict[str, tuple[int, int]]:
    """Conflicts shown per gold story, and how many of them are labelled real."""
    verdict = verdicts(labels, corpus.name)
    counts: dict[str, list[int]] = {}
    for f in survey_of.flagged:
        story = corpus.story_of.get(f.event, f.event)
        shown = counts.setdefault(story, [0, 0])
        shown[0] += 1
        shown[1] += judged(f, verdict) == REAL
    return {s: (n, r) for s, (n, r) in sorted(counts.items())}


# -- keeping the labels current -----------------------------------------------------------
def _context(sentences: Sequence[Sentence], at: Located, article: Article) -> dict[str, object]:
    index = next(i for i, s in enumerate(sentences) if s.span.start == at.start)
    return {
        "doc": at.doc,
        "start": at.start,
        "end": at.end,
        "outlet": article.outlet,
        "published": article.published.isoformat() if article.published else None,
        "before": sentences[index - 1].text if index else "",
        "sentence": sentences[index].text,
        "after": sentences[index + 1].text if index + 1 < len(sentences) else "",
    }


def unjudged(
    surveys: Sequence[Survey],
    corpora: Sequence[RealCorpus],
    labels: Sequence[Label],
    sample: int = 0,
    seed: int = 18,
) -> list[dict[str, object]]:
    """The conflicts shown that no label judges, as rows for a reviewer to fill in
    (``verdict``: real, weak or not; ``reason``: a few words), each with its two
    sentences and the sentence before and after each; then, per corpus, ``sample``
    unjudged figure pairs drawn at random from those not shown (for the recall estimate)."""
    rows: list[dict[str, object]] = []
    for survey_of, corpus in zip(surveys, corpora, strict=True):
        verdict = verdicts(labels, corpus.name)
        seen = set()
        for f in survey_of.flagged:
            if judged(f, verdict) is None and f.headline not in seen:
                seen.add(f.headline)
                rows.append(_review_row(corpus, f.headline, f.event, f.about, f.values, SHOWN))
        fresh = {c.pair: c for c in survey_of.candidates if c.pair not in verdict}
        for key in random.Random(seed).sample(sorted(fresh), min(sample, len(fresh))):
            c = fresh[key]
            rows.append(_review_row(corpus, c.pair, c.event, c.about, c.values, SAMPLE))
    return rows


def _review_row(
    corpus: RealCorpus, pair: Pair, event: str, about: str, values: tuple[str, str], origin: str
) -> dict[str, object]:
    """One pair for a reviewer: both sentences with their neighbours, verdict left empty."""
    sides = {}
    for name, at in (("a", pair.a), ("b", pair.b)):
        article = next(a for a in corpus.articles if corpus.doc_of[a.id] == at.doc)
        sides[name] = _context(split_sentences(article), at, article)
    return {
        "corpus": corpus.name,
        "event": event,
        "kind": pair.kind,
        "about": about,
        "values": list(values),
        **sides,
        "origin": origin,
        "verdict": None,
        "reason": "",
    }


def judged_rows(rows: Iterable[Mapping[str, object]]) -> list[Label]:
    """Labels from reviewed rows (those of :func:`unjudged` with a verdict filled in)."""
    labels = []
    for row in rows:
        verdict = row.get("verdict")
        if verdict is None:
            continue
        if verdict not in (REAL, WEAK, NOT_REAL) or not str(row.get("reason", "")).strip():
            raise ValueError(f"verdict must be real, weak or not, with a reason: {row!r}")
        sides = [_side(row[k]) for k in ("a", "b")]
        pair = Pair.of(str(row["kind"]), sides[0][0], sides[1][0])
        check = dict(sides)
        origin = str(row.get("origin", SHOWN))
        if origin not in (SHOWN, SAMPLE):
            raise ValueError(f"origin must be {SHOWN} or {SAMPLE}: {row!r}")
        labels.append(
            Label(
                str(row["corpus"]),
                pair,
                str(verdict),
                str(row["reason"]).strip(),
                (check[pair.a], check[pair.b]),
                origin,
            )
        )
    return labels


def _side(value: object) -> tuple[Located, str]:
    """A reviewed row's sentence: where it is, and the hash of how it read."""
    if not isinstance(value, Mapping):
        raise ValueError(f"expected a sentence with doc, start, end and sentence: {value!r}")
    where = Located(str(value["doc"]), int(value["start"]), int(value["end"]))
    return where, text_check(str(value["sentence"]))


def merged(old: Sequence[Label], new: Sequence[Label]) -> list[Label]:
    """``old`` with ``new`` added; a pair judged again keeps its newer verdict."""
    kept = {(lab.corpus, lab.pair): lab for lab in old}
    kept.update({(lab.corpus, lab.pair): lab for lab in new})
    return list(kept.values())
