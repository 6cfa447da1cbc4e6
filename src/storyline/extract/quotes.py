"""Quotes with their speakers: direct (in quotation marks) and reported speech.

:func:`find_quotes` joins two readings of an article:

* :mod:`.quote_marks` finds the words between quotation marks;
* :mod:`.quote_frames` finds reporting cues in the parse, with their speakers
  and the clauses they report.

A quoted stretch takes the frame whose clause or object holds it, else the
nearest cue in its sentence, else the cue of the quote it directly continues
("“A.” “B,” he said"). When the quoted words make up most of the reported
clause the quote is DIRECT and its content is the words inside the marks;
when they are a fragment of a longer clause ('said the meeting "didn't end
negatively"') the whole clause is an INDIRECT quote. Frames that hold no
quotation marks become INDIRECT quotes of their clause.

A quote split by its cue ('"We are ready," he said, "to meet again."') becomes
two Quote records with the same speaker and cue, because a Quote holds one
span and the article text between the parts is not the speaker's.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..models import Article, Quote, QuoteKind, Span
from .quote_frames import Frame, find_frames
from .quote_groups import group_quotes
from .quote_marks import QuotedSegment, quoted_segments
from .quote_speakers import (
    Phrase,
    is_resolvable_pronoun,
    name_mentions,
    noun_phrase,
    resolve_pronoun,
)

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token
    from spacy.tokens import Span as SpacySpan

__all__ = ["find_quotes", "group_quotes"]

# Quoted words must fill this share of a reported clause for the quote to be
# direct; below it they are a fragment inside reported speech.
DIRECT_SHARE = 0.6
# Quoted words with no cue anywhere near are kept only when this long: shorter
# ones are mostly scare quotes and titles ("hard-biting" sanctions).
UNATTRIBUTED_MIN_WORDS = 4
_TRIM_LEFT = frozenset({"that", ",", ":", ";", "—", "–", "-", "and", "but"})
_MARKS = frozenset({'"', "“", "”", "«", "»"})


@dataclass(frozen=True, slots=True)
class _Segment:
    """A quoted stretch and the tokens that fall inside its marks."""

    marks: QuotedSegment
    tokens: frozenset[int]
    sentences: tuple[int, ...]  # indices of the sentences it touches


def find_quotes(article: Article, doc: Doc, *, resolve_pronouns: bool = True) -> tuple[Quote, ...]:
    """Direct and reported quotes of ``article``, in text order.

    ``doc`` must be ``article.text`` parsed by the full pipeline (tagger,
    parser, NER). With ``resolve_pronouns`` off, "he"/"she" speakers are kept
    as written (the benchmark scores the written source).
    """
    if doc.text != article.text:
        raise ValueError(f"{article.id}: the parsed doc is not this article's text")
    sentences = list(doc.sents)
    starts = [t.idx for t in doc]
    segments = [_segment(starts, sentences, s) for s in quoted_segments(article.text)]
    segments = [s for s in segments if s.tokens]
    quoted = {
        i for s in segments for i in _token_range(starts, s.marks.outer_start, s.marks.outer_end)
    }
    frames = find_frames(doc, quoted)
    speakers = _Speakers(doc, frames, resolve_pronouns)

    quotes: list[Quote] = []
    used: set[int] = set()  # frames whose cue became a direct quote
    attributed, run_on = _attribute(segments, frames, sentences)
    for n, segment in enumerate(segments):
        frame = attributed.get(n)
        long_enough = _word_count(article.text, segment) >= UNATTRIBUTED_MIN_WORDS
        if frame is not None and n not in run_on and not _is_direct(doc, segment, frame):
            # A fragment inside reported speech: the clause is the quote, but
            # the verbatim words are worth keeping too when they say something.
            if long_enough:
                quotes.extend(_direct(article, segment, frame, speakers))
            continue
        if frame is None and not long_enough:
            continue
        quotes.extend(_direct(article, segment, frame, speakers))
        if frame is not None:
            used.add(frame.cue)
    for frame in frames:
        if frame.cue not in used:
            quotes.extend(_indirect(article, doc, frame, speakers))
    return tuple(sorted(quotes, key=lambda q: (q.span.start, q.span.end)))


# -- segments -------------------------------------------------------------------
def _segment(
    starts: Sequence[int], sentences: Sequence[SpacySpan], marks: QuotedSegment
) -> _Segment:
    tokens = frozenset(_token_range(starts, marks.start, marks.end))
    touched = tuple(
        n
        for n, s in enumerate(sentences)
        if s.start_char < marks.outer_end and marks.outer_start < s.end_char
    )
    return _Segment(marks, tokens, touched)


def _token_range(starts: Sequence[int], start: int, end: int) -> range:
    """Indices of the tokens that begin inside ``[start, end)``."""
    return range(bisect_left(starts, start), bisect_left(starts, end))


def _word_count(text: str, segment: _Segment) -> int:
    return len(text[segment.marks.start : segment.marks.end].split())


# -- attribution ----------------------------------------------------------------
def _attribute(
    segments: Sequence[_Segment], frames: Sequence[Frame], sentences: Sequence[SpacySpan]
) -> tuple[dict[int, Frame], set[int]]:
    """The frame each quoted segment belongs to, and which segments only borrowed one.

    A quote that runs on from its neighbour ("“A.” “B,” he said") borrows the
    neighbour's frame; it is direct speech whatever that frame's clause holds.
    """
    found: dict[int, Frame] = {}
    for n, segment in enumerate(segments):
        frame = _holding_frame(segment, frames) or _nearby_frame(segment, frames, sentences)
        if frame is not None:
            found[n] = frame
    run_on: set[int] = set()
    for n in range(len(segments)):
        if n in found:
            continue
        for m in (n + 1, n - 1):
            if m in found and 0 <= m < len(segments) and _adjacent(segments, n, m):
                found[n] = found[m]
                run_on.add(n)
                break
    return found, run_on


def _holding_frame(segment: _Segment, frames: Sequence[Frame]) -> Frame | None:
    """The frame whose clause or object holds most of the segment; frames naming
    a speaker first (a passive "was described as" holds words but names nobody)."""
    best: tuple[bool, int, Frame] | None = None
    for frame in frames:
        held = len(segment.tokens.intersection(frame.content)) + len(
            segment.tokens.intersection(frame.objects)
        )
        rank = (frame.speaker is not None, held)
        if held and (best is None or rank > best[:2]):
            best = (rank[0], held, frame)
    return best[2] if best else None


def _nearby_frame(
    segment: _Segment, frames: Sequence[Frame], sentences: Sequence[SpacySpan]
) -> Frame | None:
    """The closest cue in the sentences the quote touches that frames no clause of its own."""
    window = [sentences[n] for n in segment.sentences]
    if not window:
        return None
    lo, hi = window[0].start, window[-1].end
    first, last = min(segment.tokens), max(segment.tokens)
    candidates = [f for f in frames if lo <= f.cue < hi and not f.content and f.speaker is not None]
    if not candidates:
        return None
    return min(candidates, key=lambda f: min(abs(f.cue - first), abs(f.cue - last)))


def _adjacent(segments: Sequence[_Segment], n: int, m: int) -> bool:
    a, b = sorted((segments[n].marks, segments[m].marks), key=lambda s: s.outer_start)
    return 0 <= b.outer_start - a.outer_end <= 2


def _is_direct(doc: Doc, segment: _Segment, frame: Frame) -> bool:
    clause = [i for i in frame.content if doc[i].is_alpha or doc[i].is_digit]
    inside = sum(1 for i in clause if i in segment.tokens)
    if not inside:
        # Quoted words outside the reported clause are the cue's own direct
        # speech: the object of "called", the second half of a split quote.
        return True
    return inside / len(clause) >= DIRECT_SHARE


# -- building quotes --------------------------------------------------------------
class _Speakers:
    """Speaker phrases per frame, with he/she resolved against the article's names."""

    def __init__(self, doc: Doc, frames: Sequence[Frame], resolve: bool) -> None:
        self._resolve = resolve
        self._phrases: dict[int, Phrase] = {}
        for frame in frames:
            if frame.speaker is not None:
                self._phrases[frame.cue] = noun_phrase(frame.speaker)
        known = {t.text for ent in doc.ents if ent.label_ == "PERSON" for t in ent}
        self._named = [
            self._phrases[f.cue]
            for f in frames
            if f.speaker is not None and _names(f.speaker, known)
        ]
        self._mentions = name_mentions(doc, self._named)

    def of(self, frame: Frame | None) -> Phrase | None:
        if frame is None or frame.speaker is None:
            return None
        speaker: Token = frame.speaker
        if self._resolve and is_resolvable_pronoun(speaker):
            resolved = resolve_pronoun(speaker, self._mentions, self._named)
            return resolved or self._phrases[frame.cue]
        return self._phrases[frame.cue]


def _names(token: Token, known: set[str]) -> bool:
    """Whether a speaker's head is a name.

    The small model tags a sentence-initial "Zelenskyy" as a common noun, so a
    capitalised word that is part of a person's name elsewhere counts too.
    """
    return token.pos_ == "PROPN" or (token.is_title and token.text in known)


def _direct(
    article: Article, segment: _Segment, frame: Frame | None, speakers: _Speakers
) -> list[Quote]:
    start, end = segment.marks.start, segment.marks.end
    # A comma before the closing mark belongs to the reporting sentence, not the words.
    while end > start and article.text[end - 1] in ",;:":
        end -= 1
    if end <= start:
        return []
    return [_quote(article, start, end, QuoteKind.DIRECT, frame, speakers.of(frame))]


def _indirect(article: Article, doc: Doc, frame: Frame, speakers: _Speakers) -> list[Quote]:
    if frame.quote_only or frame.speaker is None:
        return []
    bounds = _clause_bounds(doc, frame.content)
    if bounds is None:
        return []
    start, end = bounds
    if len(article.text[start:end].split()) < 2:
        return []
    return [_quote(article, start, end, QuoteKind.INDIRECT, frame, speakers.of(frame))]


def _clause_bounds(doc: Doc, indices: Sequence[int]) -> tuple[int, int] | None:
    if not indices:
        return None
    tokens = list(doc[min(indices) : max(indices) + 1])
    while tokens and (tokens[0].lower_ in _TRIM_LEFT or _is_edge_noise(tokens[0])):
        tokens.pop(0)
    while tokens and _is_edge_noise(tokens[-1]):
        tokens.pop()
    # A quotation mark at an edge stays only when it closes or opens one inside.
    if tokens and tokens[-1].text in _MARKS and _mark_count(tokens) % 2:
        tokens.pop()
    if tokens and tokens[0].text in _MARKS and _mark_count(tokens) % 2:
        tokens.pop(0)
    while tokens and _is_edge_noise(tokens[-1]):
        tokens.pop()
    if not tokens:
        return None
    return tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)


def _is_edge_noise(token: Token) -> bool:
    return token.is_space or (token.is_punct and token.text not in _MARKS)


def _mark_count(tokens: Sequence[Token]) -> int:
    return sum(1 for t in tokens if t.text in _MARKS)


def _quote(
    article: Article,
    start: int,
    end: int,
    kind: QuoteKind,
    frame: Frame | None,
    speaker: Phrase | None,
) -> Quote:
    text = article.text
    return Quote(
        span=Span(article.id, start, end),
        text=text[start:end],
        kind=kind,
        speaker=speaker.text if speaker else None,
        speaker_span=Span(article.id, speaker.start, speaker.end) if speaker else None,
        cue=text[frame.cue_start : frame.cue_end] if frame else None,
        cue_span=Span(article.id, frame.cue_start, frame.cue_end) if frame else None,
    )
