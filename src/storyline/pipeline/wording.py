"""An article's own wording: its word pairs and triples, with what it quotes set apart.

Lineage asks how much of an article's *own* wording is found in another
outlet's report. Quotations do not count on the article's side: two outlets
quoting the same tweet, statement or testimony wrote their reports
independently, so only the words around the quotes are evidence of copying.
The source's side keeps everything, because a rewrite may turn the source's
narration into a quote or back.

Word n-grams are kept as sorted arrays of 32-bit hashes (of the casefolded
words): a few kilobytes an article, and containment is a sorted
merge. A chance collision between two different n-grams is about one in four
billion per comparison, far below anything that moves a share. Each word is hashed
once (CRC-32 of its casefolded form) and an n-gram mixes its words' hashes.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import numpy.typing as npt

from ..extract.quote_marks import quoted_segments

Grams = npt.NDArray[np.uint32]
_WORD = re.compile(r"\w+")
# British papers quote speech in single marks: 'What are you going to do?' An apostrophe
# inside a word (don't, Banfield's) does not close the quote; one before a word does not
# open it unless a letter or digit follows directly.
_SINGLE_QUOTED = re.compile(
    r"(?<![\w'’])'(?=[^\W_])(?:[^'\n]|'(?=\w)){3,600}?[\w.,!?;:)\-]'(?!\w)"
    r"|‘[^‘’\n]{3,600}’"
)
# A line that closes a quotation it never opened continues one from an earlier line
# ("Will the Witch Hunt continue?”).
_CLOSING_ONLY = re.compile(r"^[^\"“”]*[”\"]\W*$")
# Sentences shorter than this are too slight to show copying ("WOW!", "He denied it.").
MIN_OWN_WORDS = 5
EMPTY: Grams = np.zeros(0, dtype=np.uint32)


def quoted_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of ``text`` inside quotation marks, double or single, marks included."""
    spans = [(q.outer_start, q.outer_end) for q in quoted_segments(text)]
    spans.extend((m.start(), m.end()) for m in _SINGLE_QUOTED.finditer(text))
    return spans


@lru_cache(maxsize=100_000)
def is_own_sentence(text: str) -> bool:
    """Whether a sentence is the writer's own words: long enough, mostly outside quotes,
    and not the tail of a quotation opened on an earlier line."""
    if len(_WORD.findall(text)) < MIN_OWN_WORDS or _CLOSING_ONLY.match(text):
        return False
    quoted = sum(end - start for start, end in quoted_spans(text))
    return quoted < 0.5 * len(text)


# News vocabulary: the words seen most recently cover nearly every new article.
@lru_cache(maxsize=100_000)
def _word_hash(word: str) -> int:
    return zlib.crc32(word.encode("utf-8", "surrogatepass"))


# Multipliers that mix the words of an n-gram into one 32-bit hash (odd, so no bits are lost).
_MIX = (np.uint64(0x9E3779B1), np.uint64(0x85EBCA77))


def _grams(hashes: npt.NDArray[np.uint64], runs: npt.NDArray[np.int64], n: int) -> Grams:
    """Hashes of the n-grams of consecutive words that lie in one run."""
    if hashes.size < n:
        return EMPTY
    combined = hashes[: hashes.size - n + 1].copy()
    for k in range(1, n):
        combined = combined * _MIX[k - 1] + hashes[k : hashes.size - n + 1 + k]
    within = runs[: runs.size - n + 1] == runs[n - 1 :]
    return np.unique((combined[within] & np.uint64(0xFFFFFFFF)).astype(np.uint32))


@dataclass(frozen=True, slots=True)
class Wording:
    """Hashed word pairs and triples of one text: all of them, and its own (outside quotes)."""

    pairs: Grams
    triples: Grams
    own_pairs: Grams
    own_triples: Grams


def wording(text: str, skip: Sequence[tuple[int, int]] = ()) -> Wording:
    """The word pairs and triples of ``text``, leaving out the character spans in ``skip``
    (page furniture) altogether and, from its own wording, what it quotes."""
    matches = list(_WORD.finditer(text))
    hashes = np.fromiter(
        (_word_hash(m.group().casefold()) for m in matches), dtype=np.uint64, count=len(matches)
    )
    starts = np.fromiter((m.start() for m in matches), dtype=np.int64, count=len(matches))
    skipped = _inside(starts, skip)
    quoted = _inside(starts, quoted_spans(text)) | skipped
    # A skipped or quoted stretch breaks the words into runs, so no n-gram spans it.
    runs = np.cumsum(skipped, dtype=np.int64)[~skipped]
    own_runs = np.cumsum(quoted, dtype=np.int64)[~quoted]
    everything, own = hashes[~skipped], hashes[~quoted]
    return Wording(
        _grams(everything, runs, 2),
        _grams(everything, runs, 3),
        _grams(own, own_runs, 2),
        _grams(own, own_runs, 3),
    )


def _inside(
    starts: npt.NDArray[np.int64], spans: Sequence[tuple[int, int]]
) -> npt.NDArray[np.bool_]:
    """Which words (by start offset) fall inside any of the spans."""
    inside = np.zeros(starts.size, dtype=bool)
    for start, end in spans:
        inside[np.searchsorted(starts, start) : np.searchsorted(starts, end)] = True
    return inside


def union(parts: Sequence[Grams]) -> Grams:
    """The n-grams of several texts together (a report made of several articles)."""
    if not parts:
        return EMPTY
    if len(parts) == 1:
        return parts[0]
    return np.unique(np.concatenate(parts))


def found_in(mine: Grams, source: Grams) -> npt.NDArray[np.bool_]:
    """Which of ``mine`` are in ``source`` (sorted and unique): a binary search each."""
    if source.size == 0:
        return np.zeros(mine.size, dtype=bool)
    at = np.minimum(np.searchsorted(source, mine), source.size - 1)
    found: npt.NDArray[np.bool_] = source[at] == mine
    return found


def shared_count(mine: Grams, source: Grams) -> int:
    """How many of ``mine`` (unique) are in ``source`` (sorted and unique)."""
    return int(np.count_nonzero(found_in(mine, source)))


def contained(mine: Grams, source: Grams) -> float:
    """The share of ``mine`` found in ``source`` (both sorted and unique)."""
    return shared_count(mine, source) / mine.size if mine.size else 0.0
