"""``storyline bench lineage``: real newsroom rewrites of wire copy (METER), beside word overlap.

METER holds Press Association (PA) wire copy and the newspaper articles printed
on the same stories, each labelled by a journalist-trained annotator as wholly,
partially or not derived from the story's PA copy (all of it, as a whole: a
story has several PA files, versions and continuation pages). A newspaper
article counts as *derived* here when it is wholly or partially derived.

Storyline's prediction: an article is derived when its lineage group holds a
PA file of its story. Two set-ups show which stage costs what:

* **gold stories**: each story is given as one event, so lineage alone decides;
* **own events**: the whole system, events found by the online grouper.

Baselines, run in the same process: word n-gram containment (the share of an
article's 1-, 2- or 3-grams found in its story's PA copy) with one threshold,
chosen by 10-fold cross-validation on the stories, as Clough et al. chose
theirs. Independent reports per story are compared with the gold count: the
story's PA copy is one report, and each non-derived article is one more.
"""

from __future__ import annotations

import json
import random
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

from storyline.chain import EmbeddedArticles, cluster, embed_articles
from storyline.errors import InputError
from storyline.ingest import read_inputs
from storyline.models import Article, Event
from storyline.nlp.embed import Embedder
from storyline.pipeline.lineage import trace_lineage
from storyline.pipeline.reuse import Reuse, ReuseModel, measure
from storyline.pipeline.wording import union, wording
from storyline.settings import Settings

from .lineage_checks import IndependentCheck, SeedsCheck, newswcl50_check, seeds_check
from .lineage_fit import fit_reuse

Progress = Callable[[str, int, int | None], None]
DERIVED = frozenset({"wholly", "partially"})
FOLDS = 10
# Clough et al. (ACL 2002) on the whole corpus, and the word-overlap baseline reported with it.
PUBLISHED = {
    "Clough et al. 2002, three-class average F1": 0.664,
    "Clough et al. 2002, two binary classifiers, F": 0.73,
    "word containment (10-fold threshold), derived F1": 0.867,
    "word containment (10-fold threshold), non-derived F1": 0.608,
    "word containment (10-fold threshold), accuracy": 0.801,
}
_WORD = re.compile(r"\w+")


def _quiet(stage: str, done: int, total: int | None) -> None:
    pass


# -- the corpus -------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class MeterCorpus:
    articles: tuple[Article, ...]  # PA files and newspaper articles, by story date
    story_of: dict[str, str]  # article id -> story
    label_of: dict[str, str]  # newspaper article id -> wholly | partially | non
    wire: frozenset[str]  # ids of PA files

    @property
    def stories(self) -> list[str]:
        return sorted(set(self.story_of.values()))


def _story_day(story: str) -> date | None:
    """The date in a story id (``courts/01.03.00/chemists``: 1 March 2000)."""
    match = re.search(r"/(\d\d)\.(\d\d)\.(\d\d)/", story)
    if not match:
        return None
    day, month, year = (int(g) for g in match.groups())
    return date(2000 + year if year < 50 else 1900 + year, month, day)


def load_meter(folder: Path, settings: Settings, stories: int | None = None) -> MeterCorpus:
    """METER's documents with their outlets and story dates (``stories``: the first few only)."""
    gold_file, meta_file = folder / "gold.jsonl", folder / "meta.jsonl"
    if not gold_file.is_file() or not meta_file.is_file():
        raise InputError(str(folder), "not a METER folder: it needs gold.jsonl and meta.jsonl")
    gold = [json.loads(line) for line in gold_file.read_text().splitlines() if line.strip()]
    meta = {m["doc"]: m for m in map(json.loads, meta_file.read_text().splitlines()) if m}
    chosen = sorted({g["story"] for g in gold})[:stories] if stories else None
    articles: list[Article] = []
    story_of: dict[str, str] = {}
    label_of: dict[str, str] = {}
    wire: set[str] = set()
    for entry in gold:
        if chosen is not None and entry["story"] not in chosen:
            continue
        path = folder / "docs" / f"{entry['doc']}.txt"
        read = [a for a in read_inputs([path], settings) if isinstance(a, Article)]
        if not read:
            continue
        outlet = meta.get(entry["doc"], {}).get("publication")
        article = replace(read[0], outlet=outlet, published=_story_day(entry["story"]))
        articles.append(article)
        story_of[article.id] = entry["story"]
        if entry["label"] == "source":
            wire.add(article.id)
        else:
            label_of[article.id] = entry["label"]
    # Wire copy first within a day: it is what the papers had when they wrote.
    articles.sort(key=lambda a: (a.published or date.min, a.id not in wire, a.path))
    return MeterCorpus(tuple(articles), story_of, label_of, frozenset(wire))


# -- scoring ----------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Scores:
    method: str
    derived_p: float
    derived_r: float
    derived_f1: float
    non_p: float
    non_r: float
    non_f1: float
    accuracy: float
    reports_within_one: float | None = None  # share of stories within ±1 of the gold count
    note: str = ""
    # Wholly / partially / not derived, averaged over the three classes (Clough et al.'s measure).
    three_class_f1: float | None = None


def _prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def score(
    method: str,
    predicted: Mapping[str, bool],
    gold: Mapping[str, str],
    reports: Mapping[str, tuple[int, int]] | None = None,
    note: str = "",
    classes: Mapping[str, str] | None = None,
) -> Scores:
    """Derived and non-derived P/R/F1 and accuracy; ``reports``: story -> (ours, gold);
    ``classes``: each article's predicted wholly / partially / non, for the three-way score."""
    pairs = [(predicted[a], gold[a] in DERIVED) for a in gold]
    tp = sum(p and g for p, g in pairs)
    tn = sum(not p and not g for p, g in pairs)
    fp = sum(p and not g for p, g in pairs)
    fn = sum(not p and g for p, g in pairs)
    within = None
    if reports:
        within = sum(abs(ours - want) <= 1 for ours, want in reports.values()) / len(reports)
    return Scores(
        method,
        *_prf(tp, fp, fn),
        *_prf(tn, fn, fp),
        (tp + tn) / len(pairs),
        within,
        note,
        three_class_f1(classes, gold) if classes is not None else None,
    )


def three_class_f1(predicted: Mapping[str, str], gold: Mapping[str, str]) -> float:
    """F1 of wholly, partially and not derived, averaged over the three classes."""
    f1s = []
    for label in ("wholly", "partially", "non"):
        tp = sum(predicted[a] == label and gold[a] == label for a in gold)
        fp = sum(predicted[a] == label and gold[a] != label for a in gold)
        fn = sum(predicted[a] != label and gold[a] == label for a in gold)
        f1s.append(_prf(tp, fp, fn)[2])
    return sum(f1s) / len(f1s)


def gold_reports(corpus: MeterCorpus) -> dict[str, int]:
    """Per story: its PA copy (one report) and each article not derived from it."""
    counts = {s: int(any(corpus.story_of[w] == s for w in corpus.wire)) for s in corpus.stories}
    for article_id, label in corpus.label_of.items():
        counts[corpus.story_of[article_id]] += label not in DERIVED
    return counts


# -- word containment baselines ---------------------------------------------------------
def _grams(text: str, n: int) -> set[tuple[str, ...]]:
    words = _WORD.findall(text.casefold())
    return {tuple(words[i : i + n]) for i in range(len(words) - n + 1)}


def containment(corpus: MeterCorpus, n: int) -> dict[str, float]:
    """Per newspaper article: the share of its n-grams found in its story's PA copy."""
    wire_grams: dict[str, set[tuple[str, ...]]] = {}
    for article in corpus.articles:
        if article.id in corpus.wire:
            story = corpus.story_of[article.id]
            wire_grams.setdefault(story, set()).update(_grams(article.text, n))
    shares = {}
    for article in corpus.articles:
        if article.id in corpus.label_of:
            mine = _grams(article.text, n)
            source = wire_grams.get(corpus.story_of[article.id], set())
            shares[article.id] = len(mine & source) / len(mine) if mine else 0.0
    return shares


def _folds(corpus: MeterCorpus, seed: int) -> dict[str, int]:
    """Story -> fold: whole stories in each of FOLDS folds, by a seeded shuffle."""
    stories = corpus.stories
    random.Random(seed).shuffle(stories)
    return {s: i % FOLDS for i, s in enumerate(stories)}


def cross_validated(
    shares: Mapping[str, float], corpus: MeterCorpus, seed: int = 0
) -> tuple[dict[str, bool], list[float]]:
    """Each story's articles judged with the threshold that is most accurate on the other
    folds (folds are whole stories, so no story helps choose its own threshold)."""
    fold_of = _folds(corpus, seed)
    candidates = sorted(set(shares.values()))
    predicted: dict[str, bool] = {}
    chosen: list[float] = []
    for fold in range(FOLDS):
        train = [a for a in shares if fold_of[corpus.story_of[a]] != fold]
        test = [a for a in shares if fold_of[corpus.story_of[a]] == fold]
        if not test:
            continue

        def right(t: float, train: list[str] = train) -> int:
            return sum((shares[a] >= t) == (corpus.label_of[a] in DERIVED) for a in train)

        best = max(candidates, key=right) if train else 0.5
        chosen.append(best)
        predicted.update({a: shares[a] >= best for a in test})
    return predicted, chosen


# -- the reuse model --------------------------------------------------------------------
def reuse_of(corpus: MeterCorpus) -> dict[str, Reuse]:
    """Per newspaper article: how much of its own wording its story's PA copy holds."""
    worded = {a.id: wording(a.text) for a in corpus.articles}
    wire_of: dict[str, list[str]] = {}
    for w in sorted(corpus.wire):
        wire_of.setdefault(corpus.story_of[w], []).append(w)
    sources = {
        story: (union([worded[w].pairs for w in wires]), union([worded[w].triples for w in wires]))
        for story, wires in wire_of.items()
    }
    found = {}
    for article_id in corpus.label_of:
        source = sources.get(corpus.story_of[article_id])
        found[article_id] = measure(worded[article_id], *source) if source else Reuse(0.0, 0.0)
    return found


def fit_model(
    corpus: MeterCorpus,
    fitted_on: str,
    articles: Sequence[str] | None = None,
    reuse: Mapping[str, Reuse] | None = None,
) -> ReuseModel:
    """The reuse model fitted on these newspaper articles (all of the corpus's by default);
    ``reuse`` is :func:`reuse_of` the corpus, when already measured."""
    chosen = sorted(articles if articles is not None else corpus.label_of)
    measured = reuse if reuse is not None else reuse_of(corpus)
    derived = [corpus.label_of[a] in DERIVED for a in chosen]
    version = f"meter-{len(chosen)}"
    return fit_reuse([measured[a] for a in chosen], derived, version, fitted_on)


def fitted_on(folder: Path, stories: int | None) -> str:
    """How a model fitted on this corpus describes its data."""
    part = f"the first {stories} stories of " if stories else ""
    return f"{part}METER at {folder.name} (newspaper articles against their story's PA copy)"


def model_cross_validated(corpus: MeterCorpus, seed: int = 0) -> dict[str, bool]:
    """The reuse model alone, each fold's stories judged by a model fitted on the others."""
    fold_of = _folds(corpus, seed)
    reuse = reuse_of(corpus)
    predicted: dict[str, bool] = {}
    for fold in range(FOLDS):
        train = [a for a in corpus.label_of if fold_of[corpus.story_of[a]] != fold]
        model = fit_model(corpus, "fold", train, reuse)
        for a in corpus.label_of:
            if fold_of[corpus.story_of[a]] == fold:
                predicted[a] = model.reused(reuse[a])
    return predicted


# -- Storyline --------------------------------------------------------------------------
# Most of an article's own wording (at its lower bound) from the wire: wholly derived.
WHOLLY = 0.5


@dataclass(frozen=True, slots=True)
class Predictions:
    derived: dict[str, bool]  # newspaper article -> in a lineage group with its story's wire
    classes: dict[str, str]  # -> wholly | partially | non
    reports: dict[str, tuple[int, int]]  # story -> (our independent reports, gold)


def lineage_predictions(
    corpus: MeterCorpus, embedded: EmbeddedArticles, events: Sequence[Event]
) -> Predictions:
    """Derived when an article's lineage group holds a PA file of its story; wholly derived
    when most of its own wording is in those PA files; and per story, the lineage groups its
    articles fall in against the gold count."""
    lineage = trace_lineage(corpus.articles, embedded.sentences, embedded.vectors, events)
    group_of = {a: g.id for g in lineage.groups for a in g.article_ids}
    wire_in: dict[tuple[str, str], list[str]] = {}
    for w in sorted(corpus.wire):
        if w in group_of:
            wire_in.setdefault((corpus.story_of[w], group_of[w]), []).append(w)
    worded = {a.id: wording(a.text) for a in corpus.articles}
    sources = {
        key: (union([worded[w].pairs for w in wires]), union([worded[w].triples for w in wires]))
        for key, wires in wire_in.items()
    }
    derived: dict[str, bool] = {}
    classes: dict[str, str] = {}
    for a in corpus.label_of:
        source = sources.get((corpus.story_of[a], group_of.get(a, "")))
        derived[a] = source is not None
        classes[a] = "non"
        if source is not None:
            reuse = measure(worded[a], *source)
            classes[a] = "wholly" if reuse.pairs >= WHOLLY else "partially"
    want = gold_reports(corpus)
    groups_of_story: dict[str, set[str]] = {}
    for article in corpus.articles:
        story = corpus.story_of[article.id]
        groups_of_story.setdefault(story, set()).add(group_of.get(article.id, article.id))
    reports = {s: (len(groups_of_story.get(s, ())), want[s]) for s in want}
    return Predictions(derived, classes, reports)


@dataclass(frozen=True, slots=True)
class LineageBench:
    articles: int
    newspaper: int
    stories: int
    own_events: int
    rows: tuple[Scores, ...]
    thresholds: dict[str, list[float]] = field(default_factory=dict)
    independent: IndependentCheck | None = None  # NewsWCL50: every outlet its own report
    seeds: SeedsCheck | None = None

    def as_document(self) -> dict[str, object]:
        return {
            "articles": self.articles,
            "newspaper_articles": self.newspaper,
            "stories": self.stories,
            "own_events": self.own_events,
            "methods": [_row(s) for s in self.rows],
            "containment_thresholds": self.thresholds,
            "published": PUBLISHED,
            "newswcl50": self.independent.as_document() if self.independent else None,
            "seeds": self.seeds.as_document() if self.seeds else None,
        }


def _row(scores: Scores) -> dict[str, object]:
    return {name: getattr(scores, name) for name in Scores.__dataclass_fields__}


def run(
    folder: Path,
    embedder: Embedder,
    settings: Settings,
    stories: int | None = None,
    progress: Progress = _quiet,
    newswcl50: Path | None = None,
    seeds: Path | None = None,
) -> LineageBench:
    """METER scores, and (when their folders are given) the NewsWCL50 and seeds checks."""
    corpus = load_meter(folder, settings, stories)
    gold = corpus.label_of
    rows: list[Scores] = []
    thresholds: dict[str, list[float]] = {}
    for n in (1, 2, 3):
        predicted, chosen = cross_validated(containment(corpus, n), corpus)
        thresholds[f"{n}-gram"] = chosen
        rows.append(score(f"word {n}-gram containment (10-fold threshold)", predicted, gold))
    rows.append(
        score(
            "reuse model alone, PA copy as one report (10-fold)",
            model_cross_validated(corpus),
            gold,
        )
    )
    embedded = embed_articles(list(corpus.articles), embedder, progress)
    story_events = [
        Event(f"gold-{i}", tuple(a.id for a in corpus.articles if corpus.story_of[a.id] == s), s)
        for i, s in enumerate(corpus.stories)
    ]
    found = lineage_predictions(corpus, embedded, story_events)
    rows.append(
        score(
            "Storyline lineage, gold stories as events",
            found.derived,
            gold,
            found.reports,
            classes=found.classes,
        )
    )
    grouping = cluster(list(corpus.articles), embedded, embedder)
    found = lineage_predictions(corpus, embedded, grouping.events)
    rows.append(
        score(
            "Storyline, own events (whole system)",
            found.derived,
            gold,
            found.reports,
            classes=found.classes,
        )
    )
    return LineageBench(
        len(corpus.articles),
        len(gold),
        len(corpus.stories),
        len(grouping.events),
        tuple(rows),
        thresholds,
        newswcl50_check(newswcl50, embedder, settings) if newswcl50 else None,
        seeds_check(seeds, embedder, settings) if seeds else None,
    )
