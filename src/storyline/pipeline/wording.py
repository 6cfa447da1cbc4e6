"""An article's own wording: its word pairs and triples, with what it quotes set apart.

Lineage asks how much of an article's *own* wording is found in another
outlet's report. Quotations do not count on the article's side: two outlets
quoting the same tweet, statement or testimony wrote their reports
independently, so only the words around the quotes are evidence of copying.
The source's side keeps everything, because a rewrite may turn the source's
narration into a quote or back.

Word n-grams are kept as sorted arrays of 32-bit hashes (CRC-32 of the
casefolded words): a few kilobytes an article, and containment is a sorted
merge. A chance collision between two different n-grams is about one in four
billion per comparison, far below anything that moves a share.
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


def _hash(words: Sequence[str]) -> int:
    return zlib.crc32(" ".join(words).encode("utf-8", "surrogatepass"))


def _grams(runs: Sequence[Sequence[str]], n: int) -> Grams:
    hashed = {_hash(run[i : i + n]) for run in runs for i in range(len(run) - n + 1)}
    return np.array(sorted(hashed), dtype=np.uint32) if hashed else EMPTY


def _runs(text: str, skip: Sequence[tuple[int, int]]) -> list[list[str]]:
    """Runs of casefolded words, broken wherever a skipped span sits (so no n-gram crosses it)."""
    runs: list[list[str]] = [[]]
    spans = sorted(skip)
    at = 0
    for match in _WORD.finditer(text):
        while at < len(spans) and spans[at][1] <= match.start():
            at += 1
        if at < len(spans) and spans[at][0] <= match.start():
            if runs[-1]:
                runs.append([])
            continue
        runs[-1].append(match.group().casefold())
    return runs


@dataclass(frozen=True, slots=True)
class Wording:
    """Hashed word pairs and triples of one text: all of them, and its own (outside quotes)."""

    pairs: Grams
    triples: Grams
    own_pairs: Grams
    own_triples: Grams


def wording(text: str) -> Wording:
    everything = _runs(text, ())
    own = _runs(text, quoted_spans(text))
    return Wording(_grams(everything, 2), _grams(everything, 3), _grams(own, 2), _grams(own, 3))


def union(parts: Sequence[Grams]) -> Grams:
    """The n-grams of several texts together (a report made of several articles)."""
    if not parts:
        return EMPTY
    if len(parts) == 1:
        return parts[0]
    return np.unique(np.concatenate(parts))


def contained(mine: Grams, source: Grams) -> float:
    """The share of ``mine`` found in ``source`` (both sorted and unique)."""
    if mine.size == 0 or source.size == 0:
        return 0.0
    return float(np.isin(mine, source, assume_unique=True).sum()) / mine.size


def shared_count(mine: Grams, source: Grams) -> int:
    if mine.size == 0 or source.size == 0:
        return 0
    return int(np.isin(mine, source, assume_unique=True).sum())
