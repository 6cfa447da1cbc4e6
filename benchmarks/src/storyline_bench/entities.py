"""``storyline bench entities``: names found and merged, against gold annotations.

Two labelled sets, both run in this process beside the plain spaCy model:

* **CoNLL-2003 dev** (``eng.testa``, Reuters 1996): entity-level precision,
  recall and F1 for people, organisations and places (our person /
  organisation / place; spaCy PERSON / ORG / GPE+LOC+FAC). CoNLL's MISC is
  left out: neither system predicts it, and a prediction exactly on a gold
  MISC span is ignored rather than counted wrong. The copy we have has no
  document breaks, so consecutive sentences are read in groups
  (``CONLL_GROUP``) as pseudo-articles; the article-level fixes (majority
  label, repeats, surnames) see only that much context.
* **MEANTIME** (WikiNews about Apple and Airbus, 60 articles): named entity
  mention detection (strict: the same span and type; lenient: overlapping
  spans of one type, matched one to one) and cross-document coreference of
  the named mentions both we and the gold found, scored with B³ against the
  gold instance ids, for our resolver and for exact-string matching.

Speed is articles per second on MEANTIME: the spaCy parse, our entity layer
(mentions plus resolution), and the two together.
"""

from __future__ import annotations

import time
import xml.etree.ElementTree as ET
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from storyline.errors import InputError
from storyline.extract.entities import LABELS, find_mentions
from storyline.extract.resolve import is_role_mention, resolve_entities
from storyline.extract.towns import is_town
from storyline.models import Article, EntityType, Mention, Span
from storyline.nlp.parse import MODEL_PACKAGE, parse_texts

DEFAULT_CONLL = "eval/conll2003/eng.testa"  # inside the benchmark data folder
DEFAULT_MEANTIME = "eval/meantime"  # inside the benchmark data folder
CONLL_GROUP = 10  # sentences per pseudo-article

Progress = Callable[[str, int, int | None], None]


def _quiet(stage: str, done: int, total: int | None) -> None:
    pass


# -- shared shapes ------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class GoldMention:
    """One annotated name: character span, type ("PER", "ORG", "LOC", or other) and cluster."""

    doc: int
    start: int
    end: int
    label: str
    cluster: str | None = None


@dataclass(frozen=True, slots=True)
class Document:
    """A text built from gold tokens, and the names annotated in it."""

    id: str
    text: str
    gold: tuple[GoldMention, ...]


_OUR_LABELS = {EntityType.PERSON: "PER", EntityType.ORGANIZATION: "ORG", EntityType.PLACE: "LOC"}
_SPACY_LABELS = {"PERSON": "PER", "ORG": "ORG", "GPE": "LOC", "LOC": "LOC", "FAC": "LOC"}
SCORED = ("PER", "ORG", "LOC")


@dataclass(frozen=True, slots=True)
class Predicted:
    doc: int
    start: int
    end: int
    label: str


@dataclass(frozen=True, slots=True)
class Scores:
    precision: float
    recall: float
    f1: float
    true_positives: int
    false_positives: int
    false_negatives: int

    @classmethod
    def of(cls, tp: int, fp: int, fn: int) -> Scores:
        p = tp / (tp + fp) if tp + fp else 0.0
        r = tp / (tp + fn) if tp + fn else 0.0
        return cls(p, r, 2 * p * r / (p + r) if p + r else 0.0, tp, fp, fn)

    def as_document(self) -> dict[str, Any]:
        return {
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
            "tp": self.true_positives,
            "fp": self.false_positives,
            "fn": self.false_negatives,
        }


# -- CoNLL-2003 ---------------------------------------------------------------
def load_conll(path: Path, limit: int | None = None) -> tuple[Document, ...]:
    """Read a CoNLL-2003 file (``word POS chunk NER`` per line, IOB tags) as pseudo-articles.

    ``limit`` caps the number of pseudo-articles (of :data:`CONLL_GROUP` sentences).
    """
    if not path.is_file():
        raise InputError(
            str(path),
            "CoNLL-2003 file not found; pass eng.testa with --conll, or "
            f"`storyline bench --shared DIR` where DIR/{DEFAULT_CONLL} exists",
        )
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(str(path), f"cannot be read as UTF-8 text ({exc})") from exc
    sentences = _conll_sentences(lines, path)
    if not sentences:
        raise InputError(str(path), "holds no CoNLL sentences; is it a CoNLL-2003 file?")
    documents: list[Document] = []
    for first in range(0, len(sentences), CONLL_GROUP):
        if limit is not None and len(documents) >= limit:
            break
        documents.append(_conll_document(len(documents), sentences[first : first + CONLL_GROUP]))
    return tuple(documents)


_Sentence = list[tuple[str, str]]


def _conll_sentences(lines: Sequence[str], path: Path) -> list[_Sentence]:
    sentences: list[_Sentence] = []
    current: _Sentence = []
    for number, line in enumerate(lines, 1):
        fields = line.split()
        if not fields or fields[0] == "-DOCSTART-":
            if current:
                sentences.append(current)
            current = []
            continue
        if len(fields) != 4 or not (fields[3] == "O" or fields[3][:2] in ("B-", "I-")):
            raise InputError(f"{path}:{number}", "expected 'word POS chunk NER-tag'; is it CoNLL?")
        current.append((fields[0], fields[3]))
    if current:
        sentences.append(current)
    return sentences


def _conll_document(index: int, sentences: Sequence[_Sentence]) -> Document:
    parts: list[str] = []
    gold: list[GoldMention] = []
    offset = 0
    for sentence in sentences:
        open_label: str | None = None
        open_start = 0
        last_end = offset
        for word, tag in sentence:
            start = offset
            offset += len(word)
            parts.append(word)
            # IOB1 and IOB2 both: a B- or a change of type starts a new name.
            label = tag[2:] if tag != "O" else None
            if open_label is not None and (label != open_label or tag.startswith("B-")):
                gold.append(GoldMention(index, open_start, last_end, open_label))
                open_label = None
            if label is not None and open_label is None:
                open_label, open_start = label, start
            last_end = offset
            parts.append(" ")
            offset += 1
        if open_label is not None:
            gold.append(GoldMention(index, open_start, last_end, open_label))
        parts[-1] = "\n"
    return Document(f"conll-{index}", "".join(parts), tuple(gold))


# -- MEANTIME -----------------------------------------------------------------
_MEANTIME_TYPES = {"PER": "PER", "ORG": "ORG", "LOC": "LOC"}
_NAMED = ("NAM", "PRE.NAM")
_PRONOUNS = frozenset({"i", "he", "she", "we", "they", "it", "us", "our", "his", "her", "its"})


def load_meantime(
    folder: Path, limit: int | None = None, corpus: str = "*"
) -> tuple[Document, ...]:
    """Read MEANTIME's English XML files (``corpus_*/*.xml``) under ``folder``; ``corpus``
    names one of them ("apple", "airbus")."""
    files = sorted(folder.glob(f"corpus_{corpus}/*.xml")) if folder.is_dir() else []
    if not files:
        raise InputError(
            str(folder),
            "no MEANTIME files (corpus_*/*.xml) found; pass the folder with --meantime, or "
            f"--data DIR where DIR/{DEFAULT_MEANTIME} exists",
        )
    documents: list[Document] = []
    for path in files[:limit]:
        try:
            root = ET.parse(path).getroot()
        except (OSError, ET.ParseError) as exc:
            raise InputError(str(path), f"is not readable MEANTIME XML ({exc})") from exc
        documents.append(_meantime_document(len(documents), path, root))
    return tuple(documents)


def _meantime_document(index: int, path: Path, root: ET.Element) -> Document:
    tokens = root.findall("token")
    parts: list[str] = []
    where: dict[str, tuple[int, int]] = {}
    offset = 0
    for n, token in enumerate(tokens):
        word = token.text or ""
        if n and token.get("sentence") != tokens[n - 1].get("sentence"):
            parts[-1] = "\n"
        where[token.get("t_id", "")] = (offset, offset + len(word))
        parts += [word, " "]
        offset += len(word) + 1
    text = "".join(parts).rstrip(" ")
    return Document(root.get("doc_name", path.stem), text, _meantime_gold(index, root, where, text))


def _meantime_gold(
    index: int, root: ET.Element, where: dict[str, tuple[int, int]], text: str
) -> tuple[GoldMention, ...]:
    markables = root.find("Markables")
    relations = root.find("Relations")
    if markables is None or relations is None:
        return ()
    entities = {e.get("m_id"): e for e in markables.findall("ENTITY")}
    mentions = {m.get("m_id"): m for m in markables.findall("ENTITY_MENTION")}
    gold = []
    for link in relations.findall("REFERS_TO"):
        target = link.find("target")
        entity = entities.get(target.get("m_id") if target is not None else None)
        if entity is None:
            continue
        for source in link.findall("source"):
            mention = mentions.get(source.get("m_id"))
            anchors = [] if mention is None else [where[a.get("t_id", "")] for a in mention]
            if mention is None or not anchors:
                continue
            start, end = min(a[0] for a in anchors), max(a[1] for a in anchors)
            if _is_named(mention.get("syntactic_type"), text[start:end]):
                label = _MEANTIME_TYPES.get(entity.get("ent_type", ""), "OTHER")
                gold.append(GoldMention(index, start, end, label, entity.get("instance_id")))
    return tuple(sorted(set(gold), key=lambda g: (g.start, g.end)))


def _is_named(syntactic_type: str | None, surface: str) -> bool:
    """Named mentions; older files leave the type out, so judge those by capitals."""
    if syntactic_type in _NAMED:
        return True
    if syntactic_type:
        return False
    words = surface.split()
    if words and words[0].lower() == "the":
        words = words[1:]
    return bool(words) and words[0][:1].isupper() and words[0].lower() not in _PRONOUNS


# -- predictions --------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class _Run:
    ours: tuple[Predicted, ...]
    spacy: tuple[Predicted, ...]
    mentions: tuple[Mention, ...]
    parse_seconds: float
    mention_seconds: float


def _predict(documents: Sequence[Document], progress: Progress, stage: str) -> _Run:
    ours: list[Predicted] = []
    baseline: list[Predicted] = []
    mentions: list[Mention] = []
    parse_seconds = mention_seconds = 0.0
    started = time.perf_counter()
    docs = parse_texts(d.text for d in documents)
    for n, (document, doc) in enumerate(zip(documents, docs, strict=True)):
        parsed = time.perf_counter()
        parse_seconds += parsed - started
        article = Article(id=document.id, title="", text=document.text, path=document.id)
        found = [m for m in find_mentions(article, doc) if not is_role_mention(m)]
        started = time.perf_counter()
        mention_seconds += started - parsed
        mentions += found
        ours += [Predicted(n, m.span.start, m.span.end, _OUR_LABELS[m.type]) for m in found]
        baseline += [
            Predicted(n, e.start_char, e.end_char, _SPACY_LABELS[e.label_])
            for e in doc.ents
            if e.label_ in _SPACY_LABELS and e.label_ in LABELS
        ]
        progress(stage, n + 1, len(documents))
    return _Run(tuple(ours), tuple(baseline), tuple(mentions), parse_seconds, mention_seconds)


# -- scoring ------------------------------------------------------------------
def score_exact(
    predicted: Iterable[Predicted], gold: Iterable[GoldMention], label: str | None = None
) -> Scores:
    """Exact span and type; predictions exactly on an unscored gold name are ignored."""
    gold_list = list(gold)
    wanted = {(g.doc, g.start, g.end, g.label) for g in gold_list if g.label in SCORED}
    unscored = {(g.doc, g.start, g.end) for g in gold_list if g.label not in SCORED}
    guesses = {(p.doc, p.start, p.end, p.label) for p in predicted}
    guesses = {g for g in guesses if g[:3] not in unscored}
    if label is not None:
        wanted = {w for w in wanted if w[3] == label}
        guesses = {g for g in guesses if g[3] == label}
    tp = len(wanted & guesses)
    return Scores.of(tp, len(guesses) - tp, len(wanted) - tp)


def match_lenient(predicted: Sequence[Predicted], gold: Sequence[GoldMention]) -> dict[int, int]:
    """Pairs (prediction index -> gold index) of overlapping spans of one type, one to one.

    Predictions overlapping an unscored gold name (a product, say) are left out.
    """
    by_doc: dict[int, list[int]] = defaultdict(list)
    for gi, g in enumerate(gold):
        by_doc[g.doc].append(gi)
    pairs: dict[int, int] = {}
    taken: set[int] = set()
    for pi, p in enumerate(predicted):
        best = None
        for gi in by_doc.get(p.doc, ()):
            g = gold[gi]
            if gi in taken or g.label != p.label or g.end <= p.start or p.end <= g.start:
                continue
            overlap = min(g.end, p.end) - max(g.start, p.start)
            if best is None or overlap > best[0]:
                best = (overlap, gi)
        if best is not None:
            pairs[pi] = best[1]
            taken.add(best[1])
    return pairs


def score_lenient(predicted: Sequence[Predicted], gold: Sequence[GoldMention]) -> Scores:
    pairs = match_lenient(predicted, gold)
    scored = [i for i, g in enumerate(gold) if g.label in SCORED]
    unscored_spans = [g for g in gold if g.label not in SCORED]
    counted = [
        i
        for i, p in enumerate(predicted)
        if i in pairs
        or not any(g.doc == p.doc and g.start < p.end and p.start < g.end for g in unscored_spans)
    ]
    tp = len(pairs)
    return Scores.of(tp, len(counted) - tp, len(scored) - tp)


def b_cubed(system: Sequence[str], gold: Sequence[str]) -> Scores:
    """B³ precision, recall and F1 of one clustering of the same items against another."""
    if len(system) != len(gold):
        raise ValueError("B³ needs one system and one gold cluster per item")
    if not system:
        return Scores.of(0, 0, 0)
    by_system: dict[str, set[int]] = defaultdict(set)
    by_gold: dict[str, set[int]] = defaultdict(set)
    for i, (s, g) in enumerate(zip(system, gold, strict=True)):
        by_system[s].add(i)
        by_gold[g].add(i)
    precision = recall = 0.0
    for s, g in zip(system, gold, strict=True):
        shared = len(by_system[s] & by_gold[g])
        precision += shared / len(by_system[s])
        recall += shared / len(by_gold[g])
    p, r = precision / len(system), recall / len(system)
    return Scores(p, r, 2 * p * r / (p + r) if p + r else 0.0, 0, 0, 0)


# -- results ------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class SystemRow:
    system: str
    overall: Scores
    by_type: tuple[tuple[str, Scores], ...]
    lenient: Scores | None = None


@dataclass(frozen=True, slots=True)
class Published:
    system: str
    f1: float  # percent
    data: str
    source: str


PUBLISHED: tuple[Published, ...] = (
    Published(
        "spaCy en_core_web_sm 3.8 (all 18 types)",
        84.3,
        "OntoNotes 5 (the model's own eval)",
        "model meta.json ents_f 0.8433, see guides/libraries.md §2",
    ),
    Published(
        "Florian et al. 2003, best shared-task system",
        88.8,
        "CoNLL-2003 English test",
        "Tjong Kim Sang & De Meulder 2003",
    ),
    Published(
        "BERT-large, fine-tuned", 96.6, "CoNLL-2003 English dev", "Devlin et al. 2019, Table 3"
    ),
    Published(
        "Pooled contextual string embeddings",
        93.2,
        "CoNLL-2003 English test",
        "Akbik, Bergmann & Vollgraf 2019",
    ),
)


@dataclass(frozen=True, slots=True)
class ConllResult:
    data: str
    documents: int
    gold_names: int
    rows: tuple[SystemRow, ...]


@dataclass(frozen=True, slots=True)
class CorefRow:
    system: str
    scores: Scores
    clusters: int


@dataclass(frozen=True, slots=True)
class MeantimeResult:
    data: str
    documents: int
    gold_names: int
    gold_entities: int
    detection: tuple[SystemRow, ...]
    coreference_mentions: int
    coreference: tuple[CorefRow, ...]
    parse_articles_per_second: float
    entity_layer_articles_per_second: float
    total_articles_per_second: float


@dataclass(frozen=True, slots=True)
class EntitiesResult:
    model: str
    conll: ConllResult | None
    meantime: MeantimeResult | None
    published: tuple[Published, ...] = PUBLISHED
    # MEANTIME again, one corpus at a time: a correction must help on each.
    meantime_by_corpus: tuple[MeantimeResult, ...] = ()

    def as_document(self) -> dict[str, Any]:
        """The result as plain JSON-ready data."""
        document: dict[str, Any] = {"benchmark": "entities", "model": self.model}
        if self.conll is not None:
            document["conll"] = {
                "data": self.conll.data,
                "pseudo_articles": self.conll.documents,
                "sentences_per_article": CONLL_GROUP,
                "gold_names": self.conll.gold_names,
                "excluded": "MISC",
                "systems": [_row_document(r) for r in self.conll.rows],
            }
        if self.meantime is not None:
            m = self.meantime
            document["meantime"] = {
                "data": m.data,
                "articles": m.documents,
                "gold_names": m.gold_names,
                "gold_entities": m.gold_entities,
                "detection": [_row_document(r) for r in m.detection],
                "coreference": {
                    "metric": "B3 over named mentions found by us and the gold",
                    "mentions": m.coreference_mentions,
                    "systems": [
                        {"system": c.system, "clusters": c.clusters, **c.scores.as_document()}
                        for c in m.coreference
                    ],
                },
                "speed": {
                    "parse_articles_per_second": round(m.parse_articles_per_second, 1),
                    "entity_layer_articles_per_second": round(
                        m.entity_layer_articles_per_second, 1
                    ),
                    "total_articles_per_second": round(m.total_articles_per_second, 1),
                },
            }
        if self.meantime_by_corpus:
            document["meantime_by_corpus"] = [
                {
                    "data": m.data,
                    "articles": m.documents,
                    "detection": [_row_document(r) for r in m.detection],
                    "coreference": [
                        {"system": c.system, "clusters": c.clusters, **c.scores.as_document()}
                        for c in m.coreference
                    ],
                }
                for m in self.meantime_by_corpus
            ]
        document["published"] = [
            {"system": p.system, "f1": p.f1, "data": p.data, "source": p.source}
            for p in self.published
        ]
        return document


def _row_document(row: SystemRow) -> dict[str, Any]:
    result: dict[str, Any] = {"system": row.system, **row.overall.as_document()}
    result["by_type"] = {label: s.as_document() for label, s in row.by_type}
    if row.lenient is not None:
        result["lenient"] = row.lenient.as_document()
    return result


# -- the run ------------------------------------------------------------------
OURS = "storyline entities"
BASELINE = f"plain spaCy ({MODEL_PACKAGE})"
EXACT_STRING = "exact string match"


def _rows(run: _Run, gold: Sequence[GoldMention], lenient: bool) -> tuple[SystemRow, ...]:
    rows = []
    for name, predicted in ((OURS, run.ours), (BASELINE, run.spacy)):
        rows.append(
            SystemRow(
                name,
                score_exact(predicted, gold),
                tuple((label, score_exact(predicted, gold, label)) for label in SCORED),
                score_lenient(predicted, gold) if lenient else None,
            )
        )
    return tuple(rows)


def run_conll(path: Path, limit: int | None = None, progress: Progress = _quiet) -> ConllResult:
    documents = load_conll(path, limit)
    gold = [g for d in documents for g in d.gold]
    run = _predict(documents, progress, "CoNLL-2003")
    named = sum(1 for g in gold if g.label in SCORED)
    return ConllResult(str(path), len(documents), named, _rows(run, gold, lenient=False))


def meantime_corpora(folder: Path) -> list[str]:
    """The MEANTIME corpora under ``folder`` ("airbus", "apple", …)."""
    return sorted(p.name.removeprefix("corpus_") for p in folder.glob("corpus_*") if p.is_dir())


def run_meantime(
    folder: Path, limit: int | None = None, progress: Progress = _quiet, corpus: str = "*"
) -> MeantimeResult:
    documents = load_meantime(folder, limit, corpus)
    gold = [g for d in documents for g in d.gold]
    next(parse_texts(["Load the model before anything is timed."]))
    is_town("")  # and the town list, read once per process
    run = _predict(documents, progress, "MEANTIME")
    started = time.perf_counter()
    entities = resolve_entities(run.mentions)
    resolve_seconds = time.perf_counter() - started
    coreference, compared = _coreference(run, gold, entities)
    scored = [g for g in gold if g.label in SCORED]
    n = len(documents)
    layer = run.mention_seconds + resolve_seconds
    return MeantimeResult(
        data=str(folder) if corpus == "*" else f"{folder} ({corpus})",
        documents=n,
        gold_names=len(scored),
        gold_entities=len({g.cluster for g in scored}),
        detection=_rows(run, gold, lenient=True),
        coreference_mentions=compared,
        coreference=coreference,
        parse_articles_per_second=n / max(run.parse_seconds, 1e-9),
        entity_layer_articles_per_second=n / max(layer, 1e-9),
        total_articles_per_second=n / max(run.parse_seconds + layer, 1e-9),
    )


def _coreference(
    run: _Run, gold: Sequence[GoldMention], entities: Sequence[Any]
) -> tuple[tuple[CorefRow, ...], int]:
    """B³ of our entities and of exact-string groups on mentions matched to gold names."""
    pairs = match_lenient(run.ours, gold)
    entity_of: dict[Span, str] = {m.span: e.id for e in entities for m in e.mentions}
    spans = [Span(run.mentions[i].span.article_id, p.start, p.end) for i, p in enumerate(run.ours)]
    matched = sorted(pairs)
    gold_ids = [gold[pairs[i]].cluster or f"gold-{pairs[i]}" for i in matched]
    ours = [entity_of.get(spans[i], f"none-{i}") for i in matched]
    exact = [f"{run.ours[i].label}:{run.mentions[i].text}" for i in matched]
    rows = (
        CorefRow(OURS, b_cubed(ours, gold_ids), len(set(ours))),
        CorefRow(EXACT_STRING, b_cubed(exact, gold_ids), len(set(exact))),
    )
    return rows, len(matched)


def run(
    conll: Path | None,
    meantime: Path | None,
    limit: int | None = None,
    progress: Progress = _quiet,
) -> EntitiesResult:
    """Score our entity layer and plain spaCy on the sets given (None skips one)."""
    return EntitiesResult(
        model=MODEL_PACKAGE,
        conll=run_conll(conll, limit, progress) if conll is not None else None,
        meantime=run_meantime(meantime, limit, progress) if meantime is not None else None,
        meantime_by_corpus=_each_corpus(meantime, limit, progress),
    )


def _each_corpus(
    folder: Path | None, limit: int | None, progress: Progress
) -> tuple[MeantimeResult, ...]:
    if folder is None:
        return ()
    return tuple(run_meantime(folder, limit, progress, c) for c in meantime_corpora(folder))
