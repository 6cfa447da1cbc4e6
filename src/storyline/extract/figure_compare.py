"""Whether two figures state the same quantity, and whether their values clash.

Each figure becomes an interval of values it allows, in its dimension's base
unit, with open or closed ends:

=============  =========================  =============================
qualifier      "v" allows                 why
=============  =========================  =============================
none           exactly v (or v..upper)    "472 drones" is not "470 drones"
about          0.85 v .. 1.15 v           "about 1,000" agrees with 1,000
more than      above v (open)             "more than 40" = "over 40"
at least       v and above
just over      above v .. 1.2 v
almost         0.8 v .. below v (open)    "almost one-third"
just under     0.8 v .. below v (open)
up to          0 .. v
less than      0 .. below v (open)        clashes with "just over"
=============  =========================  =============================

Two figures conflict when they state the same quantity and their intervals
do not meet, with one exception: two reports giving the *same number*, one or
both hedged the same way or not at all ("over 55,000 pages" / "55,000 pages",
"nearly $916 million" / "$916 million"), cite one figure and agree; only
hedges pointing opposite ways ("just over an hour" / "less than an hour")
disagree about it. Figures in different units of one dimension (kilometres and
miles) are converted, with 3% slack for the rounding every conversion brings.
Currencies are never converted: exchange rates move.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..models import Figure
from .figure_units import (
    ABOUT,
    ALMOST,
    AT_LEAST,
    JUST_OVER,
    JUST_UNDER,
    LESS_THAN,
    MORE_THAN,
    UP_TO,
    dimension,
)

_ABOUT_SLACK = 0.15
_NEAR_SLACK = 0.2  # how far below "almost"/"just under" (above "just over") a value may be
_CONVERSION_SLACK = 0.03
# Counted nouns that can stand for any group of people: "1,000 individuals" may be
# the "1,000 prisoners" of another report, so these never decide a mismatch.
_ANYONE = frozenset(("people", "person", "individual", "one", "civilian", "resident"))


@dataclass(frozen=True, slots=True)
class _Interval:
    low: float
    high: float
    low_open: bool = False
    high_open: bool = False

    def widened(self, slack: float) -> _Interval:
        return _Interval(self.low * (1 - slack), self.high * (1 + slack))

    def meets(self, other: _Interval) -> bool:
        """Whether the two intervals share at least one value."""
        if self.low != other.low:
            low, low_open = max((self.low, self.low_open), (other.low, other.low_open))
        else:
            low, low_open = self.low, self.low_open or other.low_open
        if self.high != other.high:
            high, high_open = min((self.high, self.high_open), (other.high, other.high_open))
        else:
            high, high_open = self.high, self.high_open or other.high_open
        if low < high:
            return True
        return low == high and not low_open and not high_open


def same_quantity(a: Figure, b: Figure) -> bool | None:
    """Whether ``a`` and ``b`` state the same kind of quantity: same unit and counted thing.

    True or False when the figures say enough to tell; None when they do not
    (two bare numbers, or one figure names what it counts and the other does
    not, or amounts in two currencies).
    """
    if a.unit != b.unit:
        if a.unit is None or b.unit is None:
            return False
        kind_a, factor_a = dimension(a.unit)
        kind_b, factor_b = dimension(b.unit)
        if kind_a != kind_b:
            return False
        if factor_a is None or factor_b is None:
            return None  # two currencies: maybe the same sum, we cannot tell
    counts_a = a.counts.lower() if a.counts else None
    counts_b = b.counts.lower() if b.counts else None
    if counts_a and counts_b:
        if counts_a == counts_b:
            return True
        if counts_a in _ANYONE or counts_b in _ANYONE:
            return None
        return False
    if counts_a or counts_b:
        return None
    return True if a.unit is not None else None


def quantity_key(figure: Figure) -> tuple[str | None, str | None] | None:
    """A key that two figures share whenever :func:`same_quantity` says True of them
    (the dimension of the unit, what is counted), so candidates can be looked up rather
    than compared pairwise; None for a bare number, which is never surely the same."""
    kind = dimension(figure.unit)[0] if figure.unit is not None else None
    counted = figure.counts.lower() if figure.counts else None
    return None if kind is None and counted is None else (kind, counted)


_ABOVE = frozenset((MORE_THAN, AT_LEAST, JUST_OVER))
_BELOW = frozenset((LESS_THAN, ALMOST, JUST_UNDER, UP_TO))


def _direction(qualifier: str | None) -> int:
    return 1 if qualifier in _ABOVE else -1 if qualifier in _BELOW else 0


def same_number_hedged(a: Figure, b: Figure) -> bool | None:
    """For two figures stating the same number: True when their hedges point opposite
    ways (over / under it), False when they cite it alike; None for different numbers."""
    if a.value != b.value or a.upper != b.upper or a.unit != b.unit:
        return None
    return _direction(a.qualifier) * _direction(b.qualifier) < 0


def conflicting(a: Figure, b: Figure) -> bool:
    """Whether ``a`` and ``b`` state the same quantity with values that cannot both be true."""
    if same_quantity(a, b) is not True:
        return False
    if (hedged := same_number_hedged(a, b)) is not None:
        return hedged
    first, second = interval(a), interval(b)
    if a.unit != b.unit:
        first, second = first.widened(_CONVERSION_SLACK), second.widened(_CONVERSION_SLACK)
    return not first.meets(second)


def interval(figure: Figure) -> _Interval:
    """The values ``figure`` allows, in its dimension's base unit."""
    factor = dimension(figure.unit)[1] if figure.unit else 1.0
    scale = factor if factor is not None else 1.0
    low = figure.value * scale
    high = (figure.upper if figure.upper is not None else figure.value) * scale
    qualifier = figure.qualifier
    if qualifier == ABOUT:
        return _Interval(low * (1 - _ABOUT_SLACK), high * (1 + _ABOUT_SLACK))
    if qualifier == MORE_THAN:
        return _Interval(low, float("inf"), low_open=True)
    if qualifier == AT_LEAST:
        return _Interval(low, float("inf"))
    if qualifier == JUST_OVER:
        return _Interval(low, low * (1 + _NEAR_SLACK), low_open=True)
    if qualifier in (ALMOST, JUST_UNDER):
        return _Interval(high * (1 - _NEAR_SLACK), high, high_open=True)
    if qualifier == UP_TO:
        return _Interval(0.0, high)
    if qualifier == LESS_THAN:
        return _Interval(0.0, high, high_open=True)
    return _Interval(low, high)
