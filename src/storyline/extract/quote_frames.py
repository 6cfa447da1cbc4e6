"""Reporting frames: a cue ("said", "according to"), who it credits, and what it reports.

A frame is read off spaCy's dependency parse:

* a reporting verb's subject is the speaker ("Zelensky said ..."); with a
  passive "as reported by X" the agent is; a participle such as "adding" or
  "noting" borrows the subject of the verb it hangs from;
* its clausal complement is the content ("said [Ukraine would ...]"); when the
  reporting clause trails ("Ukraine will ..., Umerov said") and the parser hangs
  the cue under the content instead, the content is the governing clause;
* "according to X" credits X with the clause it is attached to.

Frames are found for cues outside quotation marks only; the words inside marks
belong to the quoted speaker, not the reporter.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..nlp.parse import lemma_of

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

# Verbs that report speech or writing, by lemma. Verbs of thought ("believe")
# are left out on purpose: Storyline wants what people said, not what they think.
SPEECH_VERBS = frozenset(
    {
        "say",
        "tell",
        "add",
        "state",
        "write",
        "warn",
        "insist",
        "claim",
        "announce",
        "report",
        "stress",
        "emphasize",
        "emphasise",
        "note",
        "argue",
        "explain",
        "declare",
        "confirm",
        "deny",
        "acknowledge",
        "admit",
        "suggest",
        "indicate",
        "assert",
        "reiterate",
        "remark",
        "reveal",
        "tweet",
        "post",
        "reply",
        "respond",
        "recall",
        "mention",
        "predict",
        "promise",
        "vow",
        "pledge",
        "urge",
        "caution",
        "complain",
        "allege",
        "concede",
        "observe",
        "comment",
        "signal",
        "testify",
        "ask",
        "demand",
        "threaten",
        "charge",
        "contend",
        "maintain",
        "hint",
        "point",
        "underline",
        "underscore",
        "assure",
        "brief",
        "inform",
    }
)
# Verbs that report speech only when they frame words in quotation marks:
# 'Zelensky called it a "brilliant operation"', not "Zelensky called Trump".
QUOTE_ONLY_VERBS = frozenset({"call", "describe", "express", "dub", "label", "term"})
_CUE_VERBS = SPEECH_VERBS | QUOTE_ONLY_VERBS
_CLAUSE_DEPS = frozenset({"ccomp"})
# Objects and complements that hold quoted words for the quote-only verbs.
_OBJECT_DEPS = frozenset({"dobj", "oprd", "xcomp", "attr", "prep", "pobj", "acomp"})
_BORROWING_DEPS = frozenset({"advcl", "xcomp", "conj"})
_TRAILING_DEPS = frozenset({"parataxis", "advcl"})
_RELATIVE = frozenset({"who", "which", "that"})
_NOUNS = frozenset({"PROPN", "NOUN", "PRON"})
_SUBJECTS = frozenset({"nsubj", "nsubjpass", "expl", "csubj"})


@dataclass(frozen=True, slots=True)
class Frame:
    """One cue with its speaker's head token and the token indices of its content."""

    cue: int  # token index of the cue's head word
    cue_start: int  # character offsets of the whole cue ("according to", "pointed out")
    cue_end: int
    speaker: Token | None
    content: tuple[int, ...]  # clause tokens, sorted; empty when the cue frames no clause
    objects: tuple[int, ...]  # object tokens, where quoted words may sit
    quote_only: bool  # the cue reports speech only around quotation marks


def find_frames(doc: Doc, quoted: Collection[int]) -> list[Frame]:
    """Every frame whose cue lies outside the tokens in ``quoted``, in text order."""
    frames: list[Frame] = []
    for token in doc:
        if token.i in quoted:
            continue
        frame = _according_to(token) or _reporting_verb(token, quoted)
        if frame is not None:
            frames.append(frame)
    return frames


def _reporting_verb(token: Token, quoted: Collection[int]) -> Frame | None:
    if token.pos_ not in ("VERB", "AUX"):
        return None
    lemma = lemma_of(token).lower()
    if lemma not in _CUE_VERBS:
        return None
    particle = next((c for c in token.children if c.dep_ == "prt"), None)
    cue_end = (particle or token).idx + len((particle or token).text)
    speaker = _speaker(token)
    if speaker is not None and speaker.i in quoted:
        speaker = None
    return Frame(
        cue=token.i,
        cue_start=token.idx,
        cue_end=max(cue_end, token.idx + len(token.text)),
        speaker=speaker,
        content=_clause(token),
        objects=_objects(token),
        quote_only=lemma in QUOTE_ONLY_VERBS,
    )


def _speaker(verb: Token) -> Token | None:
    """The speaker's head token, never across a line break (headlines run into text)."""
    speaker = _subject(verb)
    if speaker is None or "\n" in _between(speaker, verb):
        return None
    return speaker


def _between(a: Token, b: Token) -> str:
    lo, hi = sorted((a, b), key=lambda t: t.i)
    # The tokens' own text, not doc.text, which spaCy joins anew on every call.
    return a.doc[lo.i : hi.i].text_with_ws


def _subject(verb: Token, depth: int = 0) -> Token | None:
    for child in verb.children:
        if child.dep_ == "nsubj":
            if child.lower_ in _RELATIVE and verb.dep_ == "relcl":
                return verb.head  # "Trump, who has said ..."
            return child
        if child.dep_ == "agent":  # "as reported by Reuters"
            return next((g for g in child.children if g.dep_ == "pobj"), None)
    if verb.dep_ == "acl" and verb.head.pos_ in _NOUNS and verb.head.i < verb.i:
        return verb.head  # the small parser's "Umerov, who ..., announced": a modifier
    before = verb.doc[verb.i - 1] if verb.i > 0 else None
    if verb.dep_ == "conj" and before is not None and before.pos_ in _NOUNS:
        return before  # "... and Ukraine said": the parser lost the subject
    if depth < 2 and verb.dep_ in _BORROWING_DEPS and verb.head is not verb:
        return _subject(verb.head, depth + 1)  # "..., adding that ..."
    return None


def _clause(verb: Token) -> tuple[int, ...]:
    indices: set[int] = set()
    for child in verb.children:
        # A clause whose subject was moved away ("children it said had been
        # deported") is a relative construction, not a report of a statement.
        if child.dep_ in _CLAUSE_DEPS and any(g.dep_ in _SUBJECTS for g in child.children):
            indices.update(t.i for t in child.subtree)
    if not indices and _trails(verb):
        # "Ukraine will review it, Umerov said": the parser hung "said" off "review".
        host = verb.head
        while host.dep_ not in ("ROOT", "ccomp", "parataxis") and host.head is not host:
            host = host.head
        own = {t.i for t in verb.subtree}
        first_own = min(own)
        indices = {t.i for t in host.subtree if t.i not in own and t.i < first_own}
    return tuple(sorted(indices))


def _trails(verb: Token) -> bool:
    """A reporting clause after what it reports: ", Umerov said" or ", as reported by X"."""
    if verb.dep_ not in _TRAILING_DEPS or verb.head.i > verb.i:
        return False
    if verb.dep_ == "parataxis":
        return True
    return any(c.dep_ == "agent" or c.lower_ == "as" for c in verb.children)


def _objects(verb: Token) -> tuple[int, ...]:
    return tuple(sorted({t.i for c in verb.children if c.dep_ in _OBJECT_DEPS for t in c.subtree}))


def _according_to(token: Token) -> Frame | None:
    if token.lower_ != "according":
        return None
    to = next((c for c in token.children if c.lower_ == "to"), None)
    source = next((c for c in to.children if c.dep_ == "pobj"), None) if to else None
    if to is None or source is None:
        return None
    own = {t.i for t in token.subtree}
    host = token.head if token.head is not token else token
    clause = [t.i for t in host.subtree if t.i not in own]
    if host is token:
        clause = [t.i for t in token.sent if t.i not in own]
    before = [i for i in clause if i < token.i]
    after = [i for i in clause if i > token.i]
    return Frame(
        cue=token.i,
        cue_start=token.idx,
        cue_end=to.idx + len(to.text),
        speaker=source,
        content=tuple(before if len(before) >= len(after) else after),
        objects=(),
        quote_only=False,
    )
