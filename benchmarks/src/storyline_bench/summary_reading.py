"""A careful reader's checks of a summary, by rules that can be stated.

:mod:`.summary` measures what a summary covers; this module asks what a reader
clicking through it would find:

* **Full support.** A citation to another article fully supports a summary
  sentence when the cited sentence holds every name, number and date of it and
  its speaker (:func:`storyline.pipeline.support.support`); a cited sentence
  giving the words to another named speaker is a *wrong-speaker* citation.
* **Standing alone.** Judged on spaCy's parse of the sentence as shown, apart
  from the rules the brief uses to choose: a pronoun or demonstrative subject
  ("He said", "This was…"), a definite subject that points back ("The statement
  said"), an opening connective ("But", "However"), a quotation whose speaker is
  not named in the sentence (by the quote finder's spans), or a fragment (no
  verb, a lower-case start, an unbalanced quotation mark).
* **Who, what, when, where** in the first two sentences: a person or
  organisation, one of the event's three most widely carried content units
  (:func:`.summary.consensus_units`), a date, a place, from extraction's spans.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from storyline.extract import Extraction
from storyline.models import EntityType, Sentence, Span, TimexType
from storyline.nlp.parse import lemma_of, parse_texts
from storyline.pipeline.brief import EmbeddedSentences
from storyline.pipeline.reconcile import overlaps
from storyline.pipeline.support import Support, particulars_in, support

_PRONOUNS = frozenset("he she they this that these those him her them".split())
_REPORTING_LEMMAS = frozenset("say add tell state announce report".split())
_CONNECTIVES = frozenset(
    "but and or however also meanwhile still yet instead moreover furthermore so then "
    "nonetheless nevertheless besides indeed thus therefore".split()
)
_POINTING = frozenset(
    "statement file document report move decision comment remark announcement letter "
    "incident claim allegation".split()
)
_BRACKETED = re.compile(r"\[[^\]]+\]")
WHAT_UNITS = 3  # the event's most widely carried content units that count as "what"


@dataclass(frozen=True, slots=True)
class Shown:
    """One summary sentence as the reader sees it, with its own sentence's row."""

    row: int
    text: str
    cited: tuple[int, ...]  # rows counted as support (own row included)


@dataclass(frozen=True, slots=True)
class Reading:
    """What the checks found in one summary."""

    sentences: int
    alone: int  # sentences that stand alone
    leaning: tuple[str, ...]  # why the others do not
    cross: int  # citations of another article's sentence
    full: int  # of them, fully supported by the stated rules
    wrong_speaker: int
    who: bool
    what: bool | None  # None: the event has no content carried by two articles
    when: bool
    where: bool


def leaning_reason(doc: object, text: str) -> str | None:
    """Why a parsed sentence does not stand alone, or None when it does."""
    tokens = [t for t in doc if not t.is_space]  # type: ignore[attr-defined]
    if not tokens:
        return "fragment"
    body = _BRACKETED.sub("Someone", text).strip()
    if body.count('"') % 2 or body.count("“") != body.count("”"):
        return "fragment"
    if body.lstrip("\"'“‘(")[:1].islower():
        return "fragment"
    if not any(t.pos_ in ("VERB", "AUX") for t in tokens):
        return "fragment"
    first = next((t for t in tokens if not t.is_punct), tokens[0])
    if first.lower_ in _CONNECTIVES and first.text != "[":
        return "opens with a connective"
    return _subject_reason(tokens, text)


def _subject_reason(tokens: Sequence[Any], text: str) -> str | None:
    """The sentence's first subject, when it points outside the sentence."""
    subjects = [t for t in tokens if t.dep_ in ("nsubj", "nsubjpass")]
    # The main clause's subject decides ("After she left, Lohan checked in" names her).
    subject = next((t for t in subjects if t.head.dep_ == "ROOT"), None) or next(
        iter(subjects), None
    )
    if subject is None or _inside_brackets(text, subject.idx):
        return None
    named_before = any(t.pos_ == "PROPN" and t.i < subject.i for t in tokens)
    if subject.lower_ in _PRONOUNS and not named_before:
        return "pronoun subject"
    if (
        subject.lower_ == "it"
        and subject.dep_ == "nsubj"
        and lemma_of(subject.head) in _REPORTING_LEMMAS
    ):
        return "pronoun subject"  # "…, it said."
    if subject.head.dep_ != "ROOT":
        return None
    children = list(subject.children)
    if any(c.dep_ in ("compound", "amod", "poss", "prep") or c.pos_ == "PROPN" for c in children):
        return None  # "The Bush move": the subject says whose
    determiners = {c.lower_ for c in children if c.dep_ == "det"}
    if determiners & {"this", "that", "these", "those"}:
        return "demonstrative subject"
    if "the" in determiners and lemma_of(subject).lower() in _POINTING:
        return "subject points back"
    return None


def _inside_brackets(text: str, offset: int) -> bool:
    return any(m.start() <= offset < m.end() for m in _BRACKETED.finditer(text))


_QUOTED = re.compile(r"\"[^\"]*\"|“[^”]*”|‘[^’]*’")
_REPORTED = re.compile(
    r"\b(?:said|says|say|told|tells|added|adds|asked|wrote|writes|tweeted|replied|stated|"
    r"declared|warned|insisted|explained|argued|claimed|claims|announced|noted|continued|"
    r"called|described|admitted|recalled|testified|responded|answered|denied|confirmed|"
    r"acknowledged|urged|according to)\b",
    re.IGNORECASE,
)
QUOTE_WORDS = 5  # shorter words in quotation marks are a phrase quoted, not a quotation
_NAME_BEFORE = re.compile(r"\b(?!The\b|A\b|An\b|In\b|On\b|At\b|When\b|After\b)[A-Z][a-z]+")
_BY_PRONOUN = re.compile(
    r"\b(?:he|she|they)\s+(?:\w+\s+)?(?:said|says|added|told|wrote|asked|replied)\b|"
    r"\b(?:said|says|added|told|asked|replied)\s+(?:he|she|they)\b",
    re.IGNORECASE,
)


def speakerless(sentence: Sentence, text: str, extraction: Extraction) -> bool:
    """A quotation in the sentence (by the quote finder's spans) with nobody given as
    its speaker there: its speaker named in another sentence, given only as "he", or no
    reporting words at all outside the quotation marks."""
    if _BRACKETED.search(text):
        return False  # the name was put in, editor style
    quoted = [
        q
        for q in extraction.quotes.get(sentence.article_id, ())
        if overlaps(q.span, sentence.span) and q.kind.value == "direct"
    ]
    if not quoted:
        return False
    quoted = [q for q in quoted if len(q.text.split()) >= QUOTE_WORDS]
    if not quoted:
        return False  # a phrase in quotation marks ("laughing smugly"), not a quotation
    outside = _QUOTED.sub(" ", text)
    pronoun = _BY_PRONOUN.search(outside)
    if pronoun and not _NAME_BEFORE.search(outside[: pronoun.start()]):
        return True  # "…," he said: whoever the article named before
    for quote in quoted:
        surname = (quote.speaker or "").split()[-1:]
        named_elsewhere = (
            quote.speaker_span is not None
            and not overlaps(quote.speaker_span, sentence.span)
            and not (surname and surname[0] in text)
        )
        if named_elsewhere or not _REPORTED.search(outside):
            return True
    return False


def _in_sentence(span: Span, sentence: Sentence) -> bool:
    return span.article_id == sentence.article_id and (
        sentence.span.start <= span.start < sentence.span.end
    )


def _who_when_where(
    sentences: Sequence[Sentence], extraction: Extraction
) -> tuple[bool, bool, bool]:
    who = where = when = False
    for entity in extraction.entities:
        for mention in entity.mentions:
            if any(_in_sentence(mention.span, s) for s in sentences):
                if entity.type is EntityType.PLACE:
                    where = True
                else:
                    who = True
    for s in sentences:
        for date in extraction.dates.get(s.article_id, ()):
            if date.type is TimexType.DATE and _in_sentence(date.span, s):
                when = True
    return who, when, where


def read_summary(
    summary: Sequence[Shown],
    pool: EmbeddedSentences,
    extraction: Extraction,
    units: Sequence[tuple[int, ...]],
    threshold: float,
) -> Reading:
    """Run every check on one summary (``units``: content units, most carried first)."""
    docs = list(parse_texts([s.text for s in summary]))
    alone, leaning = 0, []
    cross = full = wrong = 0
    for shown, doc in zip(summary, docs, strict=True):
        sentence = pool.sentences[shown.row]
        reason = leaning_reason(doc, shown.text)
        if reason is None and speakerless(sentence, shown.text, extraction):
            reason = "speakerless quotation"
        if reason is None:
            alone += 1
        else:
            leaning.append(reason)
        claim = particulars_in(replace(sentence, text=shown.text), extraction)
        for row in shown.cited:
            if pool.sentences[row].article_id == sentence.article_id:
                continue
            cross += 1
            verdict = support(claim, particulars_in(pool.sentences[row], extraction))
            full += verdict is Support.FULL
            wrong += verdict is Support.CONFLICT and bool(claim.speaker)
    opening = [pool.sentences[s.row] for s in summary[:2]]
    who, when, where = _who_when_where(opening, extraction)
    what: bool | None = None
    if units:
        top = [row for unit in units[:WHAT_UNITS] for row in unit]
        what = any(
            float(pool.vectors[s.row] @ pool.vectors[row]) >= threshold
            for s in summary[:2]
            for row in top
        )
    return Reading(len(summary), alone, tuple(leaning), cross, full, wrong, who, what, when, where)


def share(values: Sequence[bool | None]) -> float | None:
    """The share of True among the values that are not None."""
    known = [v for v in values if v is not None]
    return sum(known) / len(known) if known else None


def totals(readings: Mapping[str, Reading]) -> dict[str, float | None]:
    """Corpus-level figures over the readings of every event."""
    sentences = sum(r.sentences for r in readings.values())
    cross = sum(r.cross for r in readings.values())
    rows = list(readings.values())
    return {
        "stand_alone": sum(r.alone for r in rows) / sentences if sentences else None,
        "full_support": sum(r.full for r in rows) / cross if cross else None,
        "wrong_speaker": float(sum(r.wrong_speaker for r in rows)),
        "who": share([r.who for r in rows]),
        "what": share([r.what for r in rows]),
        "when": share([r.when for r in rows]),
        "where": share([r.where for r in rows]),
        "all_four": share(
            [None if r.what is None else (r.who and r.what and r.when and r.where) for r in rows]
        ),
    }
