"""Who is speaking: the speaker's noun phrase, and whom "he" or "she" stands for.

The noun phrase is cut from the dependency parse: the head noun with its
titles, determiners and "of"-phrases, but without appositions or relative
clauses, so "Oncu Keceli, a Turkish foreign ministry spokesman" gives
"Oncu Keceli". When the head is a common noun and an apposition names a person
("The head of the security service, Vasyl Malyuk, ...") the name is the speaker:
that is what a reader would call the person.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token


# Children kept in a speaker's noun phrase. Appositions, relative clauses and
# participle modifiers ("drawn up by Ukraine") are dropped: they describe the
# speaker rather than name them.
_PHRASE_DEPS = frozenset(
    {"det", "amod", "compound", "poss", "case", "nmod", "nummod", "quantmod", "prep", "pobj"}
    | {"cc", "conj", "flat", "punct", "advmod", "npadvmod"}
)
_NAMING_TAGS = frozenset({"PROPN"})
_ASIDE_MARKS = frozenset({",", ";", ":", "—", "–", "(", ")", '"', "“", "”"})
_RESOLVABLE = frozenset({"he", "she"})
# How far back (in sentences) a pronoun may look for its antecedent.
_ANTECEDENT_WINDOW = 4


@dataclass(frozen=True, slots=True)
class Phrase:
    """A stretch of the article: character offsets and the text between them."""

    start: int
    end: int
    text: str


def noun_phrase(head: Token) -> Phrase:
    """The speaker as written, around ``head``; see the module docstring for the cut."""
    head = _named_apposition(head) or head
    tokens = sorted(_phrase_tokens(head), key=lambda t: t.i)
    # Punctuation and conjunctions may sit inside the phrase but never at its edges.
    while len(tokens) > 1 and (tokens[-1].is_punct or tokens[-1].dep_ == "cc"):
        tokens.pop()
    while len(tokens) > 1 and (tokens[0].is_punct or tokens[0].dep_ == "cc"):
        tokens.pop(0)
    return _phrase(head.doc[tokens[0].i : tokens[-1].i + 1])


def _named_apposition(head: Token) -> Token | None:
    """A name set beside a descriptive head, also when the parser hung it off an
    "of"-phrase ("The head of the security service, Vasyl Malyuk")."""
    if head.pos_ in _NAMING_TAGS:
        return None
    for child in head.children:
        if child.dep_ == "appos" and child.pos_ == "PROPN":
            return child
        if child.dep_ in ("prep", "pobj"):
            found = _named_apposition(child)
            if found is not None:
                return found
    return None


def _phrase_tokens(head: Token) -> list[Token]:
    kept = [head]
    for child in head.children:
        if child.dep_ not in _PHRASE_DEPS:
            continue
        # Commas and dashes open an aside ("Keceli, a spokesman"); hyphens do not.
        if child.dep_ == "punct":
            if child.text not in _ASIDE_MARKS:
                kept.append(child)
            continue
        kept.extend(_phrase_tokens(child))
    return _contiguous(head, kept)


def _contiguous(head: Token, kept: list[Token]) -> list[Token]:
    """The unbroken run of kept tokens around the head (a phrase has no holes)."""
    indices = {t.i for t in kept}
    lo = hi = head.i
    while lo - 1 in indices:
        lo -= 1
    while hi + 1 in indices:
        hi += 1
    return [t for t in kept if lo <= t.i <= hi]


def _phrase(span: Span) -> Phrase:
    # The span's own text, not a slice of doc.text, which spaCy joins anew on every call.
    return Phrase(span.start_char, span.end_char, span.text)


def is_resolvable_pronoun(token: Token) -> bool:
    """``he``/``she``: the pronouns a preceding name can stand behind."""
    return token.lower_ in _RESOLVABLE and token.pos_ == "PRON"


def name_mentions(doc: Doc, speakers: list[Phrase]) -> list[Phrase]:
    """People named in ``doc``, plus earlier speakers, in text order.

    The small model sometimes ends a PERSON entity early ("Ursula von der" +
    "Leyen"), so a name is extended over the proper nouns that follow it.
    """
    found = {(p.start, p.end): p for p in speakers}
    for ent in doc.ents:
        if ent.label_ != "PERSON":
            continue
        end = ent.end
        while end < len(doc) and doc[end].pos_ == "PROPN" and not doc[end].is_space:
            end += 1
        span = doc[ent.start : end]
        found[(span.start_char, span.end_char)] = _phrase(span)
    return sorted(found.values(), key=lambda p: (p.start, p.end))


def resolve_pronoun(
    pronoun: Token, mentions: list[Phrase], speakers: Collection[Phrase] = ()
) -> Phrase | None:
    """The name ``pronoun`` stands for, or None when the nearest context is not clear.

    Looks back from the pronoun to the nearest sentence that names anyone; if
    that sentence names exactly one person (counted by surname, so "Fidan" and
    "Hakan Fidan" are one), the pronoun is that person. A name that speaks
    there (one of ``speakers``) outranks names that do not, since "He said ..."
    continues the last speaker. Two candidates of the same rank, or nobody
    within a few sentences, leave the pronoun unresolved.
    """
    speaking = {(p.start, p.end) for p in speakers}
    doc = pronoun.doc
    sentences = list(doc.sents)
    here = next(n for n, s in enumerate(sentences) if s.start <= pronoun.i < s.end)
    for n in range(here, max(-1, here - _ANTECEDENT_WINDOW - 1), -1):
        sentence = sentences[n]
        limit = pronoun.idx if n == here else sentence.end_char
        inside = [m for m in mentions if sentence.start_char <= m.start and m.end <= limit]
        if not inside:
            continue
        # A name that is the subject of its sentence outranks names elsewhere in it.
        talking = [m for m in inside if (m.start, m.end) in speaking]
        for pool in (talking, inside):
            if len({_surname(m.text) for m in pool}) == 1:
                return pool[-1]
        return None
    return None


def _surname(name: str) -> str:
    words = name.replace("’s", "").replace("'s", "").split()
    return words[-1].lower() if words else ""
