"""A small sample of an article's own wording, to find its copies across events.

Grouping places an article by what it is about; a rewrite of a wire report can
still score closer to another event (the paper leads with a different angle,
or it arrives a day later). The words tell: a rewrite carries much of its
source's own word pairs. Keeping every recent article's full pair set would
cost kilobytes an article over a window of tens of thousands, so each keeps a
*bottom-k sample* instead: the ``SKETCH_SIZE`` smallest of its own pair hashes
after a remix that spreads them evenly. The share of that sample found in a
new article's full pair set estimates, without bias, the share of the old
article's own wording the new one carries; scaled by the two sizes it also
estimates how much of the new article's own wording comes from the old one.
An estimate from 128 draws is within about ±0.09 of the truth (95%), which is
enough to say "most of it", the only question asked here.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from .wording import EMPTY, Grams, Wording, found_in

SKETCH_SIZE = 128


def remix(grams: Grams) -> Grams:
    """A bijection on 32-bit hashes (MurmurHash3's finaliser), sorted: a fair order to sample by.

    The n-gram hashes mix their words by multiplication, so their low bits are
    well spread but their order is not a random one; remixing makes the
    smallest ``k`` a uniform sample of the set.
    """
    h = grams.astype(np.uint64)
    mask = np.uint64(0xFFFFFFFF)
    h ^= h >> np.uint64(16)
    h = (h * np.uint64(0x85EBCA6B)) & mask
    h ^= h >> np.uint64(13)
    h = (h * np.uint64(0xC2B2AE35)) & mask
    h ^= h >> np.uint64(16)
    return np.sort(h.astype(np.uint32))


@dataclass(frozen=True, slots=True)
class Sketch:
    """The bottom-k sample of an article's own word pairs (remixed), and how many it has."""

    sample: Grams
    size: int


@dataclass(frozen=True, slots=True)
class Probe:
    """A new article's own and whole pair sets (remixed), to compare with stored sketches."""

    own: Grams
    every: Grams

    @property
    def size(self) -> int:
        return int(self.own.size)


def probe(text_wording: Wording) -> Probe:
    return Probe(remix(text_wording.own_pairs), remix(text_wording.pairs))


def sketch_of(article: Probe) -> Sketch:
    return Sketch(article.own[:SKETCH_SIZE].copy(), article.size)


@dataclass(frozen=True, slots=True)
class Overlap:
    """Estimated reuse between a new article and one earlier article, either way round."""

    new_from_old: float  # share of the new article's own pairs that are the old one's
    old_from_new: float  # share of the old article's own pairs found in the new one
    shared: float  # estimated own pairs the two have in common
    hits: int  # sampled pairs found: below a handful, the shares are guesses

    @property
    def share(self) -> float:
        return max(self.new_from_old, self.old_from_new)


def overlaps(article: Probe, sketches: Sequence[Sketch]) -> list[Overlap]:
    """The estimated overlap of ``article`` with each sketch, in one vectorised pass."""
    if not sketches:
        return []
    samples = [s.sample for s in sketches]
    owner = np.repeat(np.arange(len(samples)), [s.size for s in samples])
    pooled = np.concatenate(samples)
    in_own = np.bincount(owner[found_in(pooled, article.own)], minlength=len(samples))
    in_every = np.bincount(owner[found_in(pooled, article.every)], minlength=len(samples))
    found = []
    for sketch, own_hits, every_hits in zip(sketches, in_own, in_every, strict=True):
        drawn = sketch.sample.size
        if drawn == 0 or article.size == 0:
            found.append(Overlap(0.0, 0.0, 0.0, 0))
            continue
        shared = own_hits / drawn * sketch.size
        found.append(
            Overlap(
                new_from_old=min(1.0, shared / article.size),
                old_from_new=every_hits / drawn,
                shared=float(shared),
                hits=int(own_hits),
            )
        )
    return found


def sketch_matrix(sketches: Sequence[Sketch]) -> tuple[npt.NDArray[np.uint32], list[int]]:
    """Sketches as one flat array and their sample lengths (for saving)."""
    if not sketches:
        return EMPTY, []
    return np.concatenate([s.sample for s in sketches]), [int(s.sample.size) for s in sketches]


def sketches_from(
    flat: npt.NDArray[np.uint32], lengths: Sequence[int], sizes: Sequence[int]
) -> list[Sketch]:
    """The inverse of :func:`sketch_matrix`."""
    bounds = np.cumsum([0, *lengths])
    return [
        Sketch(flat[bounds[i] : bounds[i + 1]].copy(), int(size)) for i, size in enumerate(sizes)
    ]
