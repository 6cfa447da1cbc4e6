"""Anchors: the hard facts two sentences must share to count as the same report.

Two sentences can be close in embedding space because they are on the same
topic. A rewrite keeps the specifics: names, numbers and quoted words. An
anchor is a normalised key for one such specific, built so that spelling
variants meet: names are reduced to a consonant skeleton ("Zelensky",
"Zelenskiy", "Zelenskyy" all give ``n:zlnsk``; "Malyuk"/"Maliuk" give
``n:mlk``), numbers to digits ("four" and "4" give ``#:4``; "7,000" gives
``#:7000``), quotes to their case-folded words.

The extraction issue brings real entity resolution; these keys only need to
confirm an alignment that the embeddings already suggest.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_NUMBER_WORDS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "fifteen": 15,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "hundred": 100,
    "thousand": 1000,
    "million": 1_000_000,
    "dozen": 12,
}

# Capitalised words that are not names: sentence openers and function words.
NOT_NAMES = frozenset(
    (
        "the a an in on at of for to and but or if as by with from after before during while "
        "this that these those it its he she they we i his her their our my mr mrs ms "
        "monday tuesday wednesday thursday friday saturday sunday "
        "january february march april may june july august september october november december "
        "president minister foreign defense defence prime secretary head chief spokesman "
        "however although despite meanwhile also still yet there here when where what who "
    ).split()
)

_CAPITALISED = re.compile(r"\b[A-Z][\w'’-]*[a-z][\w'’-]*\b")
_NUMBER = re.compile(r"\b\d[\d,]*(?:\.\d+)?\b")
_WORD = re.compile(r"[a-z]+")
_QUOTED = re.compile(r"[\"“”]([^\"“”]{3,200})[\"“”]")
_VOWELS = re.compile(r"[aeiouy]")


def _fold(text: str) -> str:
    """Lower case without accents: "Türkiye" -> "turkiye"."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


# Pure functions of a word or a sentence, asked about the same ones by every brief and
# lineage comparison that reads them: cached.
@lru_cache(maxsize=1 << 16)
def name_key(word: str) -> str | None:
    """Consonant skeleton of a name, or None when too little is left to tell names apart."""
    letters = "".join(_WORD.findall(_fold(word)))
    skeleton = letters[0] + _VOWELS.sub("", letters[1:]) if letters else ""
    # Collapse doubled consonants ("Zelenskyy" -> "zlnsk", "Fidan"/"Fiddan" alike).
    skeleton = re.sub(r"(.)\1+", r"\1", skeleton)
    return f"n:{skeleton}" if len(skeleton) >= 3 else None


def _number_keys(text: str) -> set[str]:
    keys = {f"#:{m.replace(',', '')}" for m in _NUMBER.findall(text)}
    for word in _WORD.findall(text.casefold()):
        if word in _NUMBER_WORDS:
            keys.add(f"#:{_NUMBER_WORDS[word]}")
    return keys


def _quote_keys(text: str) -> set[str]:
    keys = set()
    for quoted in _QUOTED.findall(text):
        words = _WORD.findall(_fold(quoted))
        if len(words) >= 2:
            keys.add("q:" + " ".join(words))
    return keys


@lru_cache(maxsize=1 << 16)
def anchors(sentence: str) -> frozenset[str]:
    """The anchor keys of one sentence."""
    keys = _number_keys(sentence) | _quote_keys(sentence)
    for word in _CAPITALISED.findall(sentence):
        if _fold(word) not in NOT_NAMES and (key := name_key(word)):
            keys.add(key)
    return frozenset(keys)


# Counts up to a dozen ("two touchdowns", "four air bases") turn up in any
# report; a larger number ("472 drones") pins a sentence down.
_SMALL_NUMBER = 12


def readable(key: str, sentence: str) -> str:
    """An anchor key as a reader would say it, using the sentence it came from:
    the name as written ("High"), the number ("1994"), the quoted words."""
    if key.startswith("#:"):
        return key[2:]
    if key.startswith("q:"):
        return f"“{key[2:]}”"
    for word in _CAPITALISED.findall(sentence):
        if name_key(word) == key:
            return str(word)
    return key[2:]


@lru_cache(maxsize=1 << 16)
def fact_keys(text: str) -> frozenset[str]:
    """The names and distinctive numbers of a text (quotes are left out: too long to be
    shared word for word by two reports)."""
    return frozenset(
        k for k in anchors(text) if k.startswith("n:") or (k.startswith("#:") and is_strong(k))
    )


def is_strong(key: str) -> bool:
    """Quotes and distinctive numbers pin a sentence down more than a name does."""
    if key.startswith("q:"):
        return True
    if key.startswith("#:"):
        try:
            return float(key[2:]) > _SMALL_NUMBER
        except ValueError:
            return True
    return False
