"""One quote, many renderings: grouping the same words across articles.

Outlets render a statement differently: translated twice ("The eyes of the
whole world are focused on the contacts here" / "the whole world's eyes are
focused on the contacts and discussions you will have here"), spelled the
British or the American way ("focussed"), or cut down to a fragment. Two quotes
are one when the content words of the shorter are (nearly) all in the longer:

* words are lower-cased, British spellings folded to American, and given a
  crude stem, so "focussed"/"focused" and "prisoners"/"prisoner" meet; a word
  one letter away from a word on the other side ("Zelenskyy"/"Zelensky") also
  counts as shared;
* **containment** = shared content words / content words of the shorter quote;
  the pair is one quote when containment reaches :data:`SAME_QUOTE` and at least
  :data:`MIN_SHARED` words are shared (fewer only when the shorter quote has
  fewer words and all of them are shared);
* the speaker moves the bar: when both speakers are known and share no name
  the bar rises to :data:`DIFFERENT_SPEAKERS`; when they share a name it drops
  to :data:`SAME_SPEAKER`. Unresolved pronouns count as unknown.

Groups are the connected pairs (union-find), so renderings A~B and B~C form one
group even when A and C are far apart, as fragments of one long quote are.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Sequence
from functools import lru_cache

from ..models import Quote

SAME_QUOTE = 0.8
SAME_SPEAKER = 0.7
DIFFERENT_SPEAKERS = 0.95
MIN_SHARED = 3

_WORD = re.compile(r"[a-z0-9]+")
_STOPWORDS = frozenset(
    """a an the and or but if of to in on at by for from with as is are was were be been
    being am it its this that these those there their they them he she his her him we our
    us you your i me my will would shall should can could may might must do does did has
    have had not no so than then too very just also which who whom whose what when where
    while into onto about over under s t""".split()
)
_PRONOUNS = frozenset({"he", "she", "it", "they", "we", "i", "you"})
# British spellings that no suffix rule below catches.
_SPELLINGS = {
    "defence": "defense",
    "offence": "offense",
    "licence": "license",
    "pretence": "pretense",
    "focussed": "focused",
    "focussing": "focusing",
    "programme": "program",
    "programmes": "programs",
    "grey": "gray",
    "tyre": "tire",
    "kerb": "curb",
    "cheque": "check",
    "jewellery": "jewelry",
    "aluminium": "aluminum",
}
_SUFFIX_RULES = (  # (British ending, American ending, shortest word it applies to)
    ("isation", "ization", 8),
    ("ising", "izing", 6),
    ("ised", "ized", 5),
    ("ise", "ize", 6),
    ("yse", "yze", 5),
    ("ysed", "yzed", 6),
    ("our", "or", 6),
    ("ours", "ors", 7),
    ("tre", "ter", 5),
    ("tres", "ters", 6),
    ("lled", "led", 7),
    ("lling", "ling", 8),
    ("ogue", "og", 6),
)
_STEM_SUFFIXES = ("ing", "ed", "es", "s")


def group_quotes(quotes: Sequence[Quote]) -> list[tuple[Quote, ...]]:
    """Quotes partitioned into renderings of the same words, in order of first appearance.

    Every quote is in exactly one group; a quote with no other rendering is a
    group of one.
    """
    words = [content_words(q.text) for q in quotes]
    parent = list(range(len(quotes)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, j in _candidate_pairs(words):
        if root(i) != root(j) and same_quote(quotes[i], quotes[j], words[i], words[j]):
            parent[max(root(i), root(j))] = min(root(i), root(j))
    groups: dict[int, list[Quote]] = defaultdict(list)
    for i, quote in enumerate(quotes):
        groups[root(i)].append(quote)
    return [tuple(groups[r]) for r in sorted(groups)]


def same_quote(a: Quote, b: Quote, words_a: frozenset[str], words_b: frozenset[str]) -> bool:
    """Whether ``a`` and ``b`` render the same words (see the module docstring)."""
    if not words_a or not words_b:
        return False
    shorter, longer = sorted((words_a, words_b), key=len)
    shared = sum(1 for w in shorter if w in longer or _near_any(w, longer))
    if shared < min(MIN_SHARED, len(shorter)):
        return False
    return shared / len(shorter) >= _bar(a.speaker, b.speaker)


def _bar(a: str | None, b: str | None) -> float:
    names_a, names_b = _speaker_names(a), _speaker_names(b)
    if not names_a or not names_b:
        return SAME_QUOTE
    if names_a & names_b or any(_near_any(n, names_b) for n in names_a):
        return SAME_SPEAKER
    return DIFFERENT_SPEAKERS


def _speaker_names(speaker: str | None) -> frozenset[str]:
    if speaker is None or speaker.strip().lower() in _PRONOUNS:
        return frozenset()
    return frozenset(w for w in _words(speaker) if w not in _STOPWORDS and len(w) > 2)


def content_words(text: str) -> frozenset[str]:
    """The normalised, stemmed content words of ``text``."""
    return frozenset(w for w in _words(text) if w not in _STOPWORDS)


def _words(text: str) -> list[str]:
    folded = unicodedata.normalize("NFKC", text).lower().replace("’", "'")
    folded = re.sub(r"'s\b", "", folded)
    return [_normalise(w) for w in _WORD.findall(folded)]


@lru_cache(maxsize=65536)
def _normalise(word: str) -> str:
    word = _SPELLINGS.get(word, word)
    for british, american, shortest in _SUFFIX_RULES:
        if len(word) >= shortest and word.endswith(british):
            word = word[: -len(british)] + american
            break
    for suffix in _STEM_SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 4 and not word.endswith("ss"):
            return word[: -len(suffix)]
    return word


def _near_any(word: str, others: frozenset[str]) -> bool:
    """One edit from a word in ``others``; only for words long enough to be names."""
    if len(word) < 5:
        return False
    return any(abs(len(o) - len(word)) <= 1 and _one_edit(word, o) for o in others)


def _one_edit(a: str, b: str) -> bool:
    if a == b:
        return True
    if len(a) > len(b):
        a, b = b, a
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    if len(a) == len(b):
        return a[i + 1 :] == b[i + 1 :]
    return a[i:] == b[i + 1 :]


def _candidate_pairs(words: Sequence[frozenset[str]]) -> list[tuple[int, int]]:
    """Pairs sharing at least one word, or a near-spelt word of five letters or more."""
    index: dict[str, list[int]] = defaultdict(list)
    for i, ws in enumerate(words):
        for w in ws:
            index[w].append(i)
            if len(w) >= 5:
                # Deleting any one letter gives a key that one-edit variants share.
                for k in range(len(w)):
                    index["~" + w[:k] + w[k + 1 :]].append(i)
                index["~" + w].append(i)
    pairs: set[tuple[int, int]] = set()
    for members in index.values():
        unique = sorted(set(members))
        if len(unique) > 200:
            continue  # a word this common says nothing about which quotes match
        for x, i in enumerate(unique):
            for j in unique[x + 1 :]:
                pairs.add((i, j))
    return sorted(pairs)
