"""``storyline bench timex``: time expression recognition and normalisation on TempEval-3.

The TBAQ-cleaned release of TempEval-3 (TimeBank and AQUAINT, TimeML ``.tml``
files) marks every time expression with a TIMEX3 type and value. Each file's
document creation time (the TIMEX3 with ``functionInDocument="CREATION_TIME"``)
is the anchor for relative expressions and is not itself scored.

Scores follow the TempEval-3 task A definitions (UzZaman et al., SemEval 2013):

* strict recognition: a system span counts only if it equals a gold span;
* relaxed recognition: a system span counts if it overlaps a gold span (one to one);
* type and value accuracy: share of relaxed matches whose attribute is right;
* value F1: relaxed-match F1 counting only matches with the right value as hits.

Methods, all run in this process on the same files:

* **storyline**: :func:`storyline.extract.dates.find_dates` with the DCT as anchor;
* **dateparser**: ``dateparser.search.search_dates`` with ``RELATIVE_BASE`` = DCT,
  each hit typed DATE and valued at the granularity dateparser reports.

The rules were developed looking at TimeBank only; AQUAINT is kept as the
held-out check, and the two are reported separately so overfitting shows.
"""

from __future__ import annotations

import html
import re
import time
import warnings
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from storyline.errors import InputError
from storyline.extract.dates import find_dates
from storyline.models import Article

DEFAULT_DATA = "eval/tempeval3/TBAQ-cleaned"  # inside the benchmark data folder
PARTS = ("TimeBank", "AQUAINT")
DEVELOPMENT_PART = "TimeBank"

Progress = Callable[[str, int, int | None], None]


def _quiet(stage: str, done: int, total: int | None) -> None:
    pass


# -- data ---------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Timex:
    """A time expression: its character span in the plain text, type and value."""

    start: int
    end: int
    type: str
    value: str


@dataclass(frozen=True, slots=True)
class Document:
    name: str
    text: str
    creation: date
    timexes: tuple[Timex, ...]


_TEXT = re.compile(r"<TEXT>(.*)</TEXT>", re.DOTALL)
_DCT = re.compile(r'<TIMEX3[^>]*functionInDocument="CREATION_TIME"[^>]*>', re.DOTALL)
_TAG = re.compile(r"<(/?)(\w+)([^>]*)>")
_ATTRIBUTE = re.compile(r'(\w+)="([^"]*)"')


def _creation_date(markup: str, path: Path) -> date:
    tag = _DCT.search(markup)
    value = dict(_ATTRIBUTE.findall(tag.group())).get("value", "") if tag else ""
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        reason = 'no document creation time (a TIMEX3 with functionInDocument="CREATION_TIME")'
        raise InputError(str(path), reason) from None


def parse_tml(markup: str, name: str, path: Path | None = None) -> Document:
    """The plain text of a TimeML file's TEXT element, with its TIMEX3s as offsets into it."""
    where = path or Path(name)
    body = _TEXT.search(markup)
    if body is None:
        raise InputError(str(where), "no <TEXT> element; is this a TimeML .tml file?")
    pieces: list[str] = []
    length = 0
    timexes: list[Timex] = []
    open_timex: tuple[int, dict[str, str]] | None = None
    position = 0
    content = body.group(1)
    for tag in _TAG.finditer(content):
        chunk = html.unescape(content[position : tag.start()])
        pieces.append(chunk)
        length += len(chunk)
        position = tag.end()
        if tag.group(2) != "TIMEX3":
            continue
        if tag.group(1):  # a closing tag
            if open_timex is not None:
                start, attributes = open_timex
                timexes.append(
                    Timex(start, length, attributes.get("type", ""), attributes.get("value", ""))
                )
            open_timex = None
        else:
            open_timex = (length, dict(_ATTRIBUTE.findall(tag.group(3))))
    pieces.append(html.unescape(content[position:]))
    return Document(name, "".join(pieces), _creation_date(markup, where), tuple(timexes))


def load_part(data: Path, part: str, limit: int | None = None) -> tuple[Document, ...]:
    """The ``.tml`` files of one part (``TimeBank`` or ``AQUAINT``), sorted by name."""
    folder = data / part
    if not folder.is_dir():
        raise InputError(
            str(folder),
            f"no {part} folder here; pass the TBAQ-cleaned folder of TempEval-3 with --data "
            f"(default $STORYLINE_SHARED/{DEFAULT_DATA})",
        )
    files = sorted(folder.glob("*.tml"))
    if not files:
        raise InputError(str(folder), "no .tml files; is this TempEval-3's TBAQ-cleaned?")
    docs = []
    for path in files[:limit]:
        try:
            markup = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise InputError(str(path), f"cannot be read as UTF-8 text ({exc})") from exc
        docs.append(parse_tml(markup, path.stem, path))
    return tuple(docs)


# -- scoring ------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Scores:
    gold: int
    predicted: int
    strict_matches: int
    relaxed_matches: int
    type_correct: int
    value_correct: int

    @staticmethod
    def _f1(hits: int, predicted: int, gold: int) -> tuple[float, float, float]:
        precision = hits / predicted if predicted else 0.0
        recall = hits / gold if gold else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        return precision, recall, f1

    def strict(self) -> tuple[float, float, float]:
        return self._f1(self.strict_matches, self.predicted, self.gold)

    def relaxed(self) -> tuple[float, float, float]:
        return self._f1(self.relaxed_matches, self.predicted, self.gold)

    def value(self) -> tuple[float, float, float]:
        return self._f1(self.value_correct, self.predicted, self.gold)

    @property
    def type_accuracy(self) -> float:
        return self.type_correct / self.relaxed_matches if self.relaxed_matches else 0.0

    @property
    def value_accuracy(self) -> float:
        return self.value_correct / self.relaxed_matches if self.relaxed_matches else 0.0

    def __add__(self, other: Scores) -> Scores:
        return Scores(*(a + b for a, b in zip(_fields(self), _fields(other), strict=True)))


def _fields(s: Scores) -> tuple[int, ...]:
    return (
        s.gold,
        s.predicted,
        s.strict_matches,
        s.relaxed_matches,
        s.type_correct,
        s.value_correct,
    )


EMPTY = Scores(0, 0, 0, 0, 0, 0)


def _overlap(a: Timex, b: Timex) -> int:
    return min(a.end, b.end) - max(a.start, b.start)


def score_document(gold: Sequence[Timex], predicted: Sequence[Timex]) -> Scores:
    """Match each prediction to at most one gold expression, the one it overlaps most."""
    free = list(gold)
    strict = relaxed = type_ok = value_ok = 0
    for p in sorted(predicted, key=lambda t: t.start):
        overlapping = [g for g in free if _overlap(g, p) > 0]
        if not overlapping:
            continue
        g = max(overlapping, key=lambda g: (_overlap(g, p), -abs(g.start - p.start)))
        free.remove(g)
        relaxed += 1
        strict += (g.start, g.end) == (p.start, p.end)
        type_ok += g.type == p.type
        value_ok += g.value.upper() == p.value.upper()
    return Scores(len(gold), len(predicted), strict, relaxed, type_ok, value_ok)


# -- methods ------------------------------------------------------------------
Tagger = Callable[[Document], Sequence[Timex]]


def storyline_tagger(doc: Document) -> tuple[Timex, ...]:
    article = Article(id=doc.name, title="", text=doc.text, path=doc.name, published=doc.creation)
    return tuple(Timex(r.span.start, r.span.end, str(r.type), r.value) for r in find_dates(article))


def _dateparser_value(moment: datetime, period: str) -> str:
    if period == "year":
        return f"{moment.year:04d}"
    if period == "month":
        return f"{moment.year:04d}-{moment.month:02d}"
    return moment.date().isoformat()


def _dateparser_period(phrase: str, base: datetime) -> str:
    from dateparser.date import DateDataParser

    parser = DateDataParser(languages=["en"], settings={"RELATIVE_BASE": base})
    data = parser.get_date_data(phrase)
    return str(data.period or "day")


def dateparser_tagger(doc: Document) -> tuple[Timex, ...]:
    """dateparser's own search over the text, offsets found left to right."""
    from dateparser.search import search_dates

    base = datetime(doc.creation.year, doc.creation.month, doc.creation.day)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # dateparser warns about its own pytz use
        hits = search_dates(doc.text, languages=["en"], settings={"RELATIVE_BASE": base}) or []
        found: list[Timex] = []
        cursor = 0
        for phrase, moment in hits:
            start = doc.text.find(phrase, cursor)
            if start < 0:
                continue
            cursor = start + len(phrase)
            value = _dateparser_value(moment, _dateparser_period(phrase, base))
            found.append(Timex(start, cursor, "DATE", value))
    return tuple(found)


METHODS: dict[str, Tagger] = {"storyline": storyline_tagger, "dateparser": dateparser_tagger}


# -- results ------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class MethodRow:
    method: str
    part: str
    documents: int
    scores: Scores
    documents_per_second: float


@dataclass(frozen=True, slots=True)
class Published:
    system: str
    strict_f1: float  # percent, strict-match recognition
    value_f1: float  # percent, relaxed-match value F1
    source: str


# TempEval-3 task A, on the TempEval-3 platinum test set. The systems were
# trained or tuned on TBAQ, the very files we score on here.
PUBLISHED: tuple[Published, ...] = (
    Published("HeidelTime", 81.34, 77.61, "UzZaman et al. 2013, TempEval-3 task A"),
)

COMPARABILITY = (
    "Published figures are on the TempEval-3 test set; ours are on TBAQ, the training "
    "data of the published systems. Storyline's rules were developed on TimeBank only; "
    "AQUAINT is the held-out check."
)


@dataclass(frozen=True, slots=True)
class TimexResult:
    data: str
    rows: tuple[MethodRow, ...]
    published: tuple[Published, ...] = PUBLISHED
    comparability: str = COMPARABILITY

    def as_document(self) -> dict[str, Any]:
        return {
            "benchmark": "timex",
            "data": self.data,
            "development_part": DEVELOPMENT_PART,
            "methods": [_row_document(row) for row in self.rows],
            "published": [
                {
                    "system": p.system,
                    "strict_f1": p.strict_f1 / 100,
                    "value_f1": p.value_f1 / 100,
                    "source": p.source,
                    "data": "TempEval-3 test set (published)",
                }
                for p in self.published
            ],
            "comparability": self.comparability,
        }


def _row_document(row: MethodRow) -> dict[str, Any]:
    s = row.scores
    strict, relaxed, value = s.strict(), s.relaxed(), s.value()
    return {
        "method": row.method,
        "part": row.part,
        "documents": row.documents,
        "gold": s.gold,
        "predicted": s.predicted,
        "strict": {
            "precision": round(strict[0], 4),
            "recall": round(strict[1], 4),
            "f1": round(strict[2], 4),
        },
        "relaxed": {
            "precision": round(relaxed[0], 4),
            "recall": round(relaxed[1], 4),
            "f1": round(relaxed[2], 4),
        },
        "type_accuracy": round(s.type_accuracy, 4),
        "value_accuracy": round(s.value_accuracy, 4),
        "value": {
            "precision": round(value[0], 4),
            "recall": round(value[1], 4),
            "f1": round(value[2], 4),
        },
        "documents_per_second": round(row.documents_per_second, 1),
    }


def score_method(
    method: str, tagger: Tagger, part: str, docs: Sequence[Document], report: Callable[[int], None]
) -> MethodRow:
    """Tag every document (timed) and score the output against the gold TIMEX3s."""
    total = EMPTY
    seconds = 0.0
    for done, doc in enumerate(docs, 1):
        started = time.perf_counter()
        predicted = tagger(doc)
        seconds += time.perf_counter() - started
        total = total + score_document(doc.timexes, predicted)
        report(done)
    return MethodRow(method, part, len(docs), total, len(docs) / max(seconds, 1e-9))


def _combined(rows: Iterable[MethodRow], method: str) -> MethodRow:
    mine = [r for r in rows if r.method == method]
    seconds = sum(r.documents / r.documents_per_second for r in mine)
    documents = sum(r.documents for r in mine)
    scores = sum((r.scores for r in mine), EMPTY)
    return MethodRow(method, "TBAQ (both)", documents, scores, documents / max(seconds, 1e-9))


def _reporter(progress: Progress, base: int, total: int) -> Callable[[int], None]:
    def report(done: int) -> None:
        progress("tag", base + done, total)

    return report


def run(
    data: Path,
    limit: int | None = None,
    methods: Sequence[str] = tuple(METHODS),
    progress: Progress = _quiet,
) -> TimexResult:
    """Score each method on each part; ``limit`` caps the files read per part."""
    parts = {part: load_part(data, part, limit) for part in PARTS}
    total = sum(len(d) for d in parts.values()) * len(methods)
    progress("tag", 0, total)
    rows: list[MethodRow] = []
    done = 0
    for method in methods:
        for part, docs in parts.items():
            report = _reporter(progress, done, total)
            rows.append(score_method(method, METHODS[method], part, docs, report))
            done += len(docs)
        rows.append(_combined(rows, method))
    return TimexResult(data=str(data), rows=tuple(rows))
