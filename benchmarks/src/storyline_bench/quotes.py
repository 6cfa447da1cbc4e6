"""``storyline bench quotes``: attribution source, cue and content spans on PolNeAR.

PolNeAR (Newell, Margolin & Ruths, LREC 2018) annotates every attribution in
1,008 US political news articles of 2016: its source (speaker), cue and content,
as brat standoff files beside the raw text. The dev part (84 articles) is the
main score; the train part (840) is reported separately as a check that the
figures are not a dev-set accident. Nothing is fitted on either.

Scoring, per role (source, cue, content):

* **exact**: a predicted span counts when it equals a gold span of that role
  once both are trimmed of whitespace, punctuation and quotation marks, and a
  content's leading "that" (PolNeAR keeps "that" in the content, Storyline
  drops it). Discontinuous gold spans count fragment by fragment.
* **overlap**: token-level partial credit. Each word token (letters or digits)
  carries the roles gold and prediction give it; precision is the share of
  predicted role tokens that gold gives the same role, recall the reverse.

Source is scored on the speaker as written: pronoun resolution is switched off
here, because PolNeAR marks "she" as the source of "she acknowledged", while
the product replaces it with the name it stands for.

PolNeAR annotates far more than speech (beliefs, findings, "so-called", noun
cues like "allegations"), so recall is capped by design for an extractor of
quotes; precision says how often what Storyline reports is a real attribution.
"""

from __future__ import annotations

import re
import time
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from storyline.errors import InputError
from storyline.extract.quote_marks import quoted_segments
from storyline.extract.quotes import find_quotes
from storyline.models import Article, Quote
from storyline.nlp.parse import parse_texts

DEFAULT_DATA = "eval/polnear"  # inside the benchmark data folder
ROLES = ("source", "cue", "content")
SPLITS = ("dev", "train")
_EVENT_TYPES = frozenset({"Attribution", "Attribution-no-source"})
_ROLE_OF_ARGUMENT = {"Source": "source", "Cue": "cue", "Content": "content", "Content2": "content"}
_WORD = re.compile(r"\w+")
_TRIM = " \t\n\"“”«»'‘’,.;:!?—–-()[]"

Progress = Callable[[str, int, int | None], None]
Extractor = Callable[[Sequence["Document"]], list[tuple["Role", ...]]]


def _quiet(stage: str, done: int, total: int | None) -> None:
    pass


# -- data -----------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Role:
    """One span of one role ("source", "cue" or "content") in a document."""

    role: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Document:
    """A PolNeAR article: its text and the gold role spans of its attributions."""

    name: str
    text: str
    gold: tuple[Role, ...]
    attributions: int


def load_split(data: Path, split: str, limit: int | None = None) -> tuple[Document, ...]:
    """The articles of one PolNeAR split, sorted by name, the first ``limit`` of them.

    Articles annotated by several annotators (agreement checks) use the first
    annotation file in name order, so each article counts once.
    """
    text_dir, ann_dir = data / split / "text", data / split / "attributions"
    if not text_dir.is_dir() or not ann_dir.is_dir():
        raise InputError(
            str(data),
            f"no PolNeAR {split} part here (expected {split}/text and {split}/attributions); "
            "pass the folder holding PolNeAR's data (dev/, train/, metadata.tsv) with --data",
        )
    chosen: dict[str, Path] = {}
    for ann in sorted(ann_dir.glob("*.ann")):
        chosen.setdefault(ann.stem.rsplit("_", 1)[0], ann)
    names = sorted(chosen)[:limit] if limit is not None else sorted(chosen)
    return tuple(_document(name, text_dir / f"{name}.txt", chosen[name]) for name in names)


def _document(name: str, text_path: Path, ann_path: Path) -> Document:
    try:
        text = text_path.read_text(encoding="utf-8")
        lines = ann_path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(str(ann_path), f"cannot read this PolNeAR article ({exc})") from exc
    gold, count = parse_standoff(lines, len(text))
    return Document(name, text, gold, count)


def parse_standoff(lines: Iterable[str], text_length: int) -> tuple[tuple[Role, ...], int]:
    """Gold role spans and the number of attributions in one brat ``.ann`` file.

    ``T`` lines hold labelled spans (fragments joined by ";"); ``E`` lines tie
    them into attributions. Only spans that an attribution event uses count:
    the annotators' "Discuss" and "Discard" marks are not attributions. Lines
    that continue a span's text past a line break are skipped.
    """
    spans: dict[str, list[tuple[int, int]]] = {}
    events: list[str] = []
    for line in lines:
        fields = line.split("\t")
        if len(fields) >= 2 and re.fullmatch(r"T\d+", fields[0]):
            offsets = fields[1].split(" ", 1)[1] if " " in fields[1] else ""
            spans[fields[0]] = _fragments(offsets, text_length)
        elif len(fields) >= 2 and re.fullmatch(r"E\d+", fields[0]):
            events.append(fields[1])
    roles: list[Role] = []
    count = 0
    for event in events:
        arguments = [a.split(":", 1) for a in event.split() if ":" in a]
        if not arguments or arguments[0][0] not in _EVENT_TYPES:
            continue
        count += 1
        for name, ref in arguments[1:]:
            role = _ROLE_OF_ARGUMENT.get(name)
            if role is not None:
                roles.extend(Role(role, s, e) for s, e in spans.get(ref, []))
    return tuple(roles), count


def _fragments(offsets: str, text_length: int) -> list[tuple[int, int]]:
    found: list[tuple[int, int]] = []
    for part in offsets.split(";"):
        numbers = part.split()
        if len(numbers) == 2 and all(n.isdigit() for n in numbers):
            start, end = int(numbers[0]), int(numbers[1])
            if 0 <= start < end <= text_length:
                found.append((start, end))
    return found


# -- predictions ----------------------------------------------------------------
def storyline_roles(documents: Sequence[Document]) -> list[tuple[Role, ...]]:
    """Storyline's quotes as role spans, one tuple per document (parsing included)."""
    articles = [Article(id=d.name, title="", text=d.text, path=d.name) for d in documents]
    roles: list[tuple[Role, ...]] = []
    for article, doc in zip(articles, parse_texts([a.text for a in articles]), strict=True):
        quotes = find_quotes(article, doc, resolve_pronouns=False)
        roles.append(quote_roles(quotes))
    return roles


def quote_roles(quotes: Iterable[Quote]) -> tuple[Role, ...]:
    """The distinct source, cue and content spans of ``quotes``.

    A quote split by its cue yields two Quote records with one speaker and
    one cue; the speaker and cue count once.
    """
    found: dict[tuple[str, int, int], Role] = {}
    for q in quotes:
        for role, span in (("source", q.speaker_span), ("cue", q.cue_span), ("content", q.span)):
            if span is not None:
                found[(role, span.start, span.end)] = Role(role, span.start, span.end)
    return tuple(found.values())


_BASELINE_CUE = re.compile(r"\b(said|says|say|told|added|according to)\b", re.IGNORECASE)
_NAME_BEFORE = re.compile(
    r"((?:[A-Z][\w’'.-]*\s+){0,3}[A-Z][\w’'.-]*|\b[Hh]e|\b[Ss]he|\b[Tt]hey)\s*$"
)
_NAME_AFTER = re.compile(r"^\s*((?:[A-Z][\w’'.-]*\s*){1,4}|he\b|she\b|they\b)")
_BASELINE_REACH = 60  # characters between a closing quote mark and its cue


def baseline_roles(documents: Sequence[Document]) -> list[tuple[Role, ...]]:
    """The quotation-marks-plus-nearest-"said" rule, with no parser.

    Content is the text inside quotation marks (found as Storyline finds them);
    the cue is the nearest said/says/told/added/"according to" within a short
    reach after the closing mark, else before the opening mark, in the same
    paragraph; the source is the capitalised words (or he/she/they) right
    before the cue, else right after it. Only direct quotes: the rule cannot
    see reported speech.
    """
    return [_baseline_document(d.text) for d in documents]


def _baseline_document(text: str) -> tuple[Role, ...]:
    roles: list[Role] = []
    for segment in quoted_segments(text):
        if len(text[segment.start : segment.end].split()) < 2:
            continue
        roles.append(Role("content", segment.start, segment.end))
        cue = _baseline_cue(text, segment.outer_start, segment.outer_end)
        if cue is None:
            continue
        roles.append(Role("cue", *cue))
        source = _baseline_source(text, *cue)
        if source is not None:
            roles.append(Role("source", *source))
    return tuple(dict.fromkeys(roles))


def _baseline_cue(text: str, start: int, end: int) -> tuple[int, int] | None:
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
    after = _BASELINE_CUE.search(text, end, min(line_end, end + _BASELINE_REACH))
    if after:
        return after.start(), after.end()
    window = max(line_start, start - _BASELINE_REACH)
    before = list(_BASELINE_CUE.finditer(text, window, start))
    return (before[-1].start(), before[-1].end()) if before else None


def _baseline_source(text: str, cue_start: int, cue_end: int) -> tuple[int, int] | None:
    ahead = text[max(0, cue_start - 60) : cue_start]
    match = _NAME_BEFORE.search(ahead)
    if match:
        offset = cue_start - len(ahead)
        return offset + match.start(1), offset + match.end(1)
    behind = text[cue_end : cue_end + 60]
    match = _NAME_AFTER.match(behind)
    if match and match.group(1).strip():
        stripped = match.group(1).rstrip()
        return cue_end + match.start(1), cue_end + match.start(1) + len(stripped)
    return None


# -- scoring ----------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Scores:
    precision: float
    recall: float
    f1: float


def _scores(hits_p: int, predicted: int, hits_r: int, gold: int) -> Scores:
    precision = hits_p / predicted if predicted else 0.0
    recall = hits_r / gold if gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return Scores(precision, recall, f1)


@dataclass(frozen=True, slots=True)
class RoleScores:
    role: str
    exact: Scores
    overlap: Scores
    predicted: int
    gold: int


def score(
    documents: Sequence[Document], predictions: Sequence[tuple[Role, ...]]
) -> tuple[RoleScores, ...]:
    """Exact and token-overlap P/R/F1 per role, summed over documents (micro)."""
    rows: list[RoleScores] = []
    for role in ROLES:
        exact = Counter[str]()
        tokens = Counter[str]()
        for document, predicted in zip(documents, predictions, strict=True):
            gold_spans = [_normalised(document.text, r) for r in document.gold if r.role == role]
            pred_spans = [_normalised(document.text, r) for r in predicted if r.role == role]
            gold_spans = [s for s in gold_spans if s]
            pred_spans = [s for s in pred_spans if s]
            matched = sum((Counter(gold_spans) & Counter(pred_spans)).values())
            exact.update(hits=matched, predicted=len(pred_spans), gold=len(gold_spans))
            gold_tokens = _tokens(document.text, gold_spans)
            pred_tokens = _tokens(document.text, pred_spans)
            tokens.update(
                hits=len(gold_tokens & pred_tokens),
                predicted=len(pred_tokens),
                gold=len(gold_tokens),
            )
        rows.append(
            RoleScores(
                role,
                _scores(exact["hits"], exact["predicted"], exact["hits"], exact["gold"]),
                _scores(tokens["hits"], tokens["predicted"], tokens["hits"], tokens["gold"]),
                exact["predicted"],
                exact["gold"],
            )
        )
    return tuple(rows)


def _normalised(text: str, role: Role) -> tuple[int, int] | None:
    """The span trimmed of punctuation, quotation marks and a content's leading "that"."""
    start, end = role.start, role.end
    while True:
        while start < end and text[start] in _TRIM:
            start += 1
        while end > start and text[end - 1] in _TRIM:
            end -= 1
        if (
            role.role == "content"
            and text[start : start + 5].lower() == "that "
            and end > start + 5
        ):
            start += 5
            continue
        break
    return (start, end) if start < end else None


def _tokens(text: str, spans: Iterable[tuple[int, int] | None]) -> set[int]:
    """Start offsets of the word tokens inside ``spans``."""
    found: set[int] = set()
    for span in spans:
        if span is not None:
            found.update(m.start() for m in _WORD.finditer(text, span[0], span[1]))
    return found


# -- the run ------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class MethodRow:
    method: str
    split: str
    roles: tuple[RoleScores, ...]
    articles_per_second: float


@dataclass(frozen=True, slots=True)
class Published:
    system: str
    figure: str
    setting: str
    source: str


# What could be found for PolNeAR in published work, with its setting.
PUBLISHED: tuple[Published, ...] = (
    Published(
        "human annotators (PolNeAR)",
        "token-wise Krippendorff's alpha 75.4%; attribution-wise agreement 92.3%",
        "inter-annotator agreement, not a system score; a ceiling for any extractor",
        "Newell, Margolin & Ruths, LREC 2018 (as restated in the corpus README)",
    ),
    Published(
        "CofeNet and BERT(-CRF) taggers",
        "not retrieved",
        "BIO taggers trained on PolNeAR train, scored on its test split by exact match and "
        "Jaccard per role; the result tables could not be read with our tools",
        "Wang et al., COLING 2022 (arXiv 2209.09432)",
    ),
)

COMPARABILITY = (
    "No published system score on PolNeAR's dev part with this scoring was found. "
    "Supervised taggers are trained on PolNeAR's own definition of attribution (beliefs, "
    "findings, noun cues), while Storyline extracts speech with rules and is fitted on "
    "nothing; read our recall as the share of PolNeAR attributions that are speech we find."
)


@dataclass(frozen=True, slots=True)
class QuotesResult:
    data: str
    splits: tuple[str, ...]
    articles: dict[str, int]
    attributions: dict[str, int]
    rows: tuple[MethodRow, ...]
    model_load_seconds: float
    published: tuple[Published, ...] = PUBLISHED
    comparability: str = COMPARABILITY

    def as_document(self) -> dict[str, Any]:
        """The result as plain JSON-ready data."""
        return {
            "benchmark": "quotes",
            "data": self.data,
            "articles": self.articles,
            "attributions": self.attributions,
            "model_load_seconds": round(self.model_load_seconds, 2),
            "scoring": "exact: trimmed span equality; overlap: word-token partial credit",
            "methods": [
                {
                    "method": row.method,
                    "split": row.split,
                    "articles_per_second": round(row.articles_per_second, 1),
                    "roles": {
                        r.role: {
                            "predicted": r.predicted,
                            "gold": r.gold,
                            **{
                                f"{kind}_{name}": round(getattr(getattr(r, kind), name), 4)
                                for kind in ("exact", "overlap")
                                for name in ("precision", "recall", "f1")
                            },
                        }
                        for r in row.roles
                    },
                }
                for row in self.rows
            ],
            "published": [
                {"system": p.system, "figure": p.figure, "setting": p.setting, "source": p.source}
                for p in self.published
            ],
            "comparability": self.comparability,
        }


METHODS: tuple[tuple[str, Extractor], ...] = (
    ("storyline quotes", storyline_roles),
    ("baseline: quote marks + nearest said", baseline_roles),
)


def run(
    data: Path,
    limit: int | None = None,
    splits: Sequence[str] = SPLITS,
    progress: Progress = _quiet,
) -> QuotesResult:
    """Score every method on each split (the first ``limit`` articles of each)."""
    started = time.perf_counter()
    next(parse_texts(["Loading the model once, before anything is timed."]))
    load_seconds = time.perf_counter() - started
    rows: list[MethodRow] = []
    articles: dict[str, int] = {}
    attributions: dict[str, int] = {}
    steps = len(splits) * len(METHODS)
    progress("bench", 0, steps)
    for split in splits:
        documents = load_split(data, split, limit)
        articles[split] = len(documents)
        attributions[split] = sum(d.attributions for d in documents)
        for method, extract in METHODS:
            began = time.perf_counter()
            predictions = extract(documents)
            seconds = time.perf_counter() - began
            rows.append(
                MethodRow(
                    method,
                    split,
                    score(documents, predictions),
                    len(documents) / max(seconds, 1e-9),
                )
            )
            progress("bench", len(rows), steps)
    return QuotesResult(
        data=str(data),
        splits=tuple(splits),
        articles=articles,
        attributions=attributions,
        rows=tuple(rows),
        model_load_seconds=load_seconds,
    )
