"""What a figure counts: the lemma of the noun its number modifies.

With a spaCy parse the dependency tree decides: the noun the number (or its
unit) modifies, skipping adjectives ("26 Somali pirates" -> "pirate"), or the
object of "of" for magnitudes and shares ("hundreds of children" -> "child",
"one-fifth of Ukraine" -> "Ukraine"). Generic heads are looked through: in
"the biggest number of drones — 472" the 472 counts drones, not numbers.

Without a parse the words right after the figure are read instead, which is
less precise (a verb can pass for a noun), so counts are then a best guess.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Final

from ..nlp.parse import lemma_of
from .figure_scan import Kind, RawFigure
from .figure_units import CURRENCIES
from .figure_words import VAGUE

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

# Heads that name a count rather than the thing counted: look through to "of".
_GENERIC_HEADS: Final = frozenset("number total toll tally count figure sum amount worth".split())
_MODIFIER_DEPS: Final = frozenset(
    "nummod quantmod compound nmod amod appos npadvmod acl nounmod".split()
)
_NOUN_PHRASE_POS: Final = frozenset(("ADJ", "NOUN", "PROPN", "NUM"))

# Words that end the noun phrase after a number when reading text alone.
_STOP: Final = frozenset(
    (
        "a an the of to in on at by for with from into onto over under than as per each and or "
        "but nor so that which who whom whose this these those it its their his her our your "
        "my we they he she i you them us him me was were is are be been being have has had do "
        "does did will would could should may might must can shall not no also still more less "
        "later earlier ago apart away ahead back before after during since until while when "
        "where then there here about around some any all both another other such only just "
        "even up down out off after said says say told according including like among between "
        "against toward towards across through per cent percent "
        # common past-tense verbs that would otherwise pass for nouns after a number
        "struck hit killed left took made came went began ended rose fell saw met held won "
        "lost sank fled shook injured wounded destroyed damaged arrived died remained"
    ).split()
)
_IRREGULAR: Final = {
    "people": "people",
    "children": "child",
    "men": "man",
    "women": "woman",
    "feet": "foot",
    "teeth": "tooth",
    "mice": "mouse",
    "geese": "goose",
    "police": "police",
    "lives": "life",
    "wives": "wife",
    "knives": "knife",
    "thieves": "thief",
    "leaves": "leaf",
    "halves": "half",
    "news": "news",
    "series": "series",
    "species": "species",
    "data": "data",
    "media": "media",
    "personnel": "personnel",
    "aircraft": "aircraft",
    "staff": "staff",
    "crew": "crew",
    "bases": "base",  # spaCy's lemma is "basis"; in the news it is nearly always air bases
}
# The other way round, for naming what is counted ("how many children"): the plural of
# each lemma the table gives, and the words that are their own plural ("police").
_PLURALS: Final = {lemma: word for word, lemma in _IRREGULAR.items() if word != lemma} | {
    "person": "people"
}
_OWN_PLURAL: Final = frozenset(word for word, lemma in _IRREGULAR.items() if word == lemma)


def plural(counted: str) -> str:
    """The plural of a counted noun as figures keep it (a singular lemma)."""
    if counted in _OWN_PLURAL:
        return counted
    if counted in _PLURALS:
        return _PLURALS[counted]
    if counted.endswith(("s", "x", "ch", "sh")):
        return counted + "es"
    if counted.endswith("y") and counted[-2:-1] not in "aeiou":
        return counted[:-1] + "ies"
    return counted + "s"


_WORD_AFTER = re.compile(r"[ \t]+([^\W\d_]+(?:[-'’][^\W\d_]+)*)")
_OF_AFTER = re.compile(
    r"[ \t]+of[ \t]+(?:(?:the|its|their|his|her|our|these|those|all)[ \t]+"
    r"|[^\W\d_]+['’]s[ \t]+)?(?=[^\W\d_])"
)


def singular(word: str) -> str:
    """A plural noun's singular by spelling rules: "warplanes" -> "warplane"."""
    lower = word.lower()
    if lower in _IRREGULAR:
        return _IRREGULAR[lower]
    if not word.islower() or len(lower) <= 3 or lower.endswith(("ss", "us", "is")):
        return word if not word.islower() else lower
    if lower.endswith("ies"):
        return lower[:-3] + "y"
    if lower.endswith(("ches", "shes", "xes", "sses", "zes")):
        return lower[:-2]
    if lower.endswith("s"):
        return lower[:-1]
    return lower


def _looks_plural(word: str) -> bool:
    lower = word.lower()
    if lower in _IRREGULAR:
        return True
    return lower.endswith("s") and not lower.endswith(("ss", "us", "is")) and len(lower) > 3


# -- text only ----------------------------------------------------------------
def counted_from_text(text: str, figure: RawFigure) -> tuple[str | None, int]:
    """The counted noun read from the words after the figure, and where it ends.

    The end is ``figure.end`` unless the noun directly follows the figure, so
    that the figure's span can grow to "26 Somali pirates".
    """
    if figure.joined_noun is not None:
        return singular(figure.joined_noun), figure.end
    direct = _direct_allowed(figure)
    words = _words_after(text, figure.end) if direct else []
    if words:
        chosen = _choose(words, plural_expected=figure.value > 1 and not figure.adjectival)
        if chosen is not None and chosen[0].islower() and not _verb_like(chosen[0]):
            return singular(chosen[0]), chosen[2]
    if _of_allowed(figure):
        match = _OF_AFTER.match(text, figure.end)
        if match:
            of_words = _words_after(text, match.end() - 1) if match.end() > 0 else []
            chosen = _choose(of_words, plural_expected=True) if of_words else None
            if chosen is not None and not _verb_like(chosen[0]):
                return singular(chosen[0]), figure.end
    return None, figure.end


def _direct_allowed(figure: RawFigure) -> bool:
    if figure.kind is not Kind.MEASURE:
        return True
    return figure.adjectival or figure.unit in CURRENCIES


def _of_allowed(figure: RawFigure) -> bool:
    return figure.kind is not Kind.MEASURE and not figure.bare_one


def _words_after(text: str, position: int) -> list[tuple[str, int, int]]:
    """Up to three words after ``position`` before a stop word or punctuation."""
    words: list[tuple[str, int, int]] = []
    while len(words) < 3:
        match = _WORD_AFTER.match(text, position)
        if not match or match.group(1).lower() in _STOP:
            break
        words.append((match.group(1), match.start(1), match.end(1)))
        position = match.end()
    return words


def _choose(
    words: list[tuple[str, int, int]], *, plural_expected: bool
) -> tuple[str, int, int] | None:
    """The head noun of a short run: the first plural when one is expected, else the last
    word before what looks like a verb ("the three-year war *goes* on")."""
    if plural_expected:
        for word in words:
            if _looks_plural(word[0]):
                return word
    for n, word in enumerate(words[1:], start=1):
        if _looks_plural(word[0]) and word[0].lower() not in _IRREGULAR:
            return words[n - 1]
    return words[-1] if words else None


def _verb_like(word: str) -> bool:
    return word.lower().endswith(("ed", "ing", "ly"))


# -- with a parse -------------------------------------------------------------
def counted_from_doc(doc: Doc, figure: RawFigure) -> tuple[str | None, int]:
    """The counted noun from the dependency parse, and where the figure's span may end."""
    if figure.joined_noun is not None:
        return singular(figure.joined_noun), figure.end
    span = doc.char_span(figure.start, figure.end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return None, figure.end
    root = _root(span)
    head = _phrase_head(root.head)
    modifies = (
        root.dep_ in _MODIFIER_DEPS
        and not span.start <= head.i < span.end
        and head.pos_ in ("NOUN", "PROPN")
        # English numbers come before their noun; only "drones — 472" looks back.
        and (head.i > root.i or _looks_back(root, head, figure))
    )
    if figure.bare_one and not (modifies and root.dep_ == "nummod"):
        return None, figure.end
    if modifies:
        if lemma_of(head).lower() in _GENERIC_HEADS:
            counted = _of_object(head)
            if counted is not None:
                return _lemma(counted), figure.end
        return _lemma(head), _extended_end(span, head, figure.end)
    if _of_allowed(figure):
        counted = _of_object(root)
        following = doc[span.end] if span.end < len(doc) else None
        if counted is None and following is not None and following.lower_ == "of":
            counted = _of_object(following.head, following)
        if counted is not None:
            return _lemma(counted), figure.end
    return None, figure.end


def _looks_back(root: Token, head: Token, figure: RawFigure) -> bool:
    """Whether a figure may describe a noun before it: "a man aged 42", or a count in
    apposition, "the biggest number of drones — 472"."""
    if root.dep_ == "acl" and figure.unit == "age":
        return True  # "a man aged 42"
    return root.dep_ == "appos" and head.pos_ == "NOUN" and figure.kind is Kind.COUNT


def _phrase_head(token: Token) -> Token:
    """The head noun of a compound: "time" in "three time zones" gives "zones"."""
    nxt = token.head
    if (
        token.dep_ == "compound"
        and nxt.i == token.i + 1
        and nxt.pos_ == "NOUN"
        and not nxt.like_num
        and nxt.lower_ not in VAGUE
    ):
        return nxt
    return token


def _root(span: Span) -> Token:
    """The span's token whose head lies outside it (the last one, if several)."""
    outside = [t for t in span if not span.start <= t.head.i < span.end or t.head.i == t.i]
    return outside[-1] if outside else span[-1]


def _of_object(token: Token, of: Token | None = None) -> Token | None:
    """The noun of "of" hanging from ``token`` (or the given "of"): "hundreds of *children*"."""
    prepositions = [of] if of is not None else list(token.children)
    for child in prepositions:
        if child.dep_ == "prep" and child.lower_ == "of":
            for grandchild in child.children:
                if grandchild.dep_ == "pobj" and grandchild.pos_ in ("NOUN", "PROPN"):
                    return grandchild
    return None


def _lemma(token: Token) -> str:
    if token.lower_ in _IRREGULAR:
        return _IRREGULAR[token.lower_]
    lemma: str = lemma_of(token) or token.text
    return lemma.lower() if token.pos_ == "NOUN" else lemma


def _extended_end(span: Span, noun: Token, end: int) -> int:
    """The end of the counted noun when it directly follows the figure in one phrase."""
    doc = span.doc
    if noun.i < span.end or noun.i - span.end > 3:
        return end
    between = doc[span.end : noun.i]
    if all(t.pos_ in _NOUN_PHRASE_POS and t.head.i <= noun.i for t in between):
        return max(end, noun.idx + len(noun.text))
    return end
