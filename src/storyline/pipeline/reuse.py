"""Whether an article reuses another outlet's report: a small fitted model over wording.

The evidence is the share of the article's own word pairs and triples (outside
quotes, see :mod:`.wording`) found in the other outlet's report, each taken at its
lower confidence bound, all of that
outlet's articles on the event together (wire copy comes as versions and
continuation pages). The model is a logistic regression fitted on METER
(real Press Association copy and the newspaper articles printed from it) with
the two classes weighted equally, so METER's own mix (four in five articles
derived) does not set the bar for other news. Its file ships with the package;
``storyline bench lineage --fit`` refits it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .fitted import Fitted, read_fitted
from .wording import Grams, Wording, shared_count

MODEL_FILE = Path(__file__).with_name("reuse_model.json")
FEATURES = ("own_pairs_found", "own_triples_found")


# One-sided 95%: a share measured on a few dozen word pairs is taken at its lower bound.
_Z = 1.645


@dataclass(frozen=True, slots=True)
class Reuse:
    """How much of an article's own wording another report holds.

    The shares are lower confidence bounds (Wilson, one-sided 95%), not raw
    shares: a short text shares a third of its word pairs with any long report
    on its subject by chance, while a rewrite keeps most of its source's
    phrasing however short it is. The bound asks a short text for more.
    """

    pairs: float  # share of its own word pairs found there (lower bound)
    triples: float  # share of its own word triples found there (lower bound)
    shared_pairs: int = 0  # how many of its own word pairs were found


def lower_bound(found: int, total: int) -> float:
    """The Wilson score lower bound of the share ``found / total``."""
    if total <= 0:
        return 0.0
    share = found / total
    spread = _Z * math.sqrt(share * (1 - share) / total + _Z * _Z / (4 * total * total))
    return max(0.0, (share + _Z * _Z / (2 * total) - spread) / (1 + _Z * _Z / total))


def measure(mine: Wording, pairs: Grams, triples: Grams) -> Reuse:
    """How much of ``mine``'s own wording the report with these word pairs and triples holds."""
    shared = shared_count(mine.own_pairs, pairs)
    return Reuse(
        lower_bound(shared, mine.own_pairs.size),
        lower_bound(shared_count(mine.own_triples, triples), mine.own_triples.size),
        shared,
    )


@dataclass(frozen=True, slots=True)
class ReuseModel:
    model: Fitted

    def probability(self, reuse: Reuse) -> float:
        return self.model.probability((reuse.pairs, reuse.triples))

    def reused(self, reuse: Reuse) -> bool:
        return self.model.accepts((reuse.pairs, reuse.triples))

    @property
    def version(self) -> str:
        return self.model.version

    @property
    def weights(self) -> tuple[float, ...]:
        return self.model.weights

    @property
    def fitted_on(self) -> str:
        return self.model.fitted_on

    def as_document(self) -> dict[str, object]:
        return self.model.as_document()


def read_model(path: Path) -> ReuseModel:
    return ReuseModel(read_fitted(path, FEATURES, "storyline bench lineage --fit"))


@lru_cache(maxsize=1)
def shipped_model() -> ReuseModel:
    return read_model(MODEL_FILE)
