"""Exact and near-duplicate articles: MinHash over word shingles, via rensa.

The cheap first pass of lineage. Syndicated copies share long runs of words,
so 5-word shingles find them even after boilerplate is added or the end is
cut. LSH proposes candidate pairs in near-linear time; each candidate is then
verified on the exact shingle sets, so the reported similarities are exact.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from itertools import combinations

from rensa import RMinHash, RMinHashLSH

SHINGLE_WORDS = 5
NUM_PERM = 120
# 40 bands of 3 rows. A copy cut to 40% of its source has Jaccard 0.4 and is a
# candidate 92% of the time (0.3: 67%, 0.5: 99.6%); two unrelated articles
# (Jaccard about 0.01) collide 0.004% of the time, so 100k articles yield a
# few hundred thousand candidates to verify, not billions. Every candidate
# is then checked on exact containment.
NUM_BANDS = 40
SEED = 1729
_WORD = re.compile(r"\w+", re.UNICODE)


def shingles(text: str, size: int = SHINGLE_WORDS) -> frozenset[str]:
    """Overlapping runs of ``size`` case-folded words (the whole text if shorter)."""
    words = _WORD.findall(text.casefold())
    if len(words) <= size:
        return frozenset([" ".join(words)]) if words else frozenset()
    return frozenset(" ".join(words[i : i + size]) for i in range(len(words) - size + 1))


@dataclass(frozen=True, slots=True)
class NearDuplicate:
    """Two articles that share most of their word shingles."""

    a: str
    b: str
    jaccard: float  # |A ∩ B| / |A ∪ B|
    containment: float  # |A ∩ B| / min(|A|, |B|): high when one is a cut-down copy

    @property
    def pair(self) -> tuple[str, str]:
        return (self.a, self.b)


def _signature(tokens: frozenset[str]) -> RMinHash:
    signature = RMinHash(num_perm=NUM_PERM, seed=SEED)
    signature.update(sorted(tokens))
    return signature


@dataclass(frozen=True, slots=True)
class Shingled:
    """A text's shingle set and its MinHash signature, computed once and reused."""

    shingles: frozenset[str]
    signature: RMinHash


def shingled(text: str) -> Shingled:
    tokens = shingles(text)
    return Shingled(tokens, _signature(tokens))


def near_duplicates(texts: Mapping[str, str], min_containment: float = 0.5) -> list[NearDuplicate]:
    """Pairs of ids whose texts share at least ``min_containment`` of the smaller's shingles."""
    return near_duplicates_of({k: shingled(t) for k, t in texts.items()}, min_containment)


def near_duplicates_of(
    items: Mapping[str, Shingled], min_containment: float = 0.5
) -> list[NearDuplicate]:
    """:func:`near_duplicates` of texts already shingled.

    Texts with the same shingles (a wire report carried word for word by many
    outlets) are verified once: every pair of them is a copy, and a pair of
    such groups is verified on one member of each. The pairs found are the
    same as comparing every candidate, at the cost of the distinct texts.
    """
    ids = list(items)
    same_text: dict[frozenset[str], list[int]] = {}
    for index, name in enumerate(ids):
        if items[name].shingles:
            same_text.setdefault(items[name].shingles, []).append(index)
    groups = list(same_text.values())
    lsh = RMinHashLSH(threshold=0.5, num_perm=NUM_PERM, num_bands=NUM_BANDS)
    for number, group in enumerate(groups):
        lsh.insert(number, items[ids[group[0]]].signature)
    found: list[NearDuplicate] = []
    for group in groups:
        found += [NearDuplicate(ids[x], ids[y], 1.0, 1.0) for x, y in combinations(group, 2)]
    for number, group in enumerate(groups):
        mine = items[ids[group[0]]].shingles
        for other in lsh.query(items[ids[group[0]]].signature):
            if other <= number:
                continue  # each unordered pair of groups once
            theirs = items[ids[groups[other][0]]].shingles
            common = len(mine & theirs)
            containment = common / min(len(mine), len(theirs))
            if containment >= min_containment:
                jaccard = common / (len(mine) + len(theirs) - common)
                found += [
                    NearDuplicate(ids[min(x, y)], ids[max(x, y)], jaccard, containment)
                    for x in group
                    for y in groups[other]
                ]
    return found
