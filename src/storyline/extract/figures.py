"""Figures: numbers with what they count, as reported ("more than 40 warplanes").

::

    from storyline.extract.figures import find_figures, conflicting
    figures = find_figures(article, doc)  # doc: article.text parsed by parse_texts

Each :class:`~storyline.models.Figure` keeps its span into ``article.text``
(the qualifier, the number, the unit and, when it follows directly, the
counted noun), a value in plain units ("1.2 million" -> 1200000.0), a
normalised unit ("km", "km2", "USD", "%", "hour", "age"; None for plain
counts), the lemma of what is counted, a qualifier from a small fixed
vocabulary ("more than", "at least", "almost", "about", "up to", "less than",
"just over", "just under") and the top of a range.

Conventions worth knowing:

* fractions are percentages: "one-fifth" is 20.0 with unit "%";
* vague magnitudes are ranges: "hundreds of" is 100 to 1000, "tens of
  thousands" 10,000 to 100,000;
* ages have unit "age" ("a 61-year-old man": 61, counts "man");
* a bracketed conversion is the same quantity and is skipped:
  "7,000 kilometres (4,300 miles)" gives one figure.

:func:`same_quantity` and :func:`conflicting` compare two figures (see
:mod:`.figure_compare`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..models import Article, Figure, Span
from .figure_compare import conflicting, same_quantity
from .figure_counts import counted_from_doc, counted_from_text
from .figure_scan import scan

if TYPE_CHECKING:
    from spacy.tokens import Doc

__all__ = ["conflicting", "find_figures", "same_quantity"]


def find_figures(article: Article, doc: Doc | None = None) -> tuple[Figure, ...]:
    """Every figure in ``article``, in text order.

    ``doc`` is ``article.text`` parsed by :func:`storyline.nlp.parse.parse_texts`;
    it makes ``counts`` more precise. Without it the words after each number
    are read instead.
    """
    text = article.text
    if doc is not None and doc.text != text:
        raise ValueError(f"the parse given for article {article.id!r} is of a different text")
    figures: list[Figure] = []
    for raw in scan(text):
        if doc is not None:
            counts, end = counted_from_doc(doc, raw)
        else:
            counts, end = counted_from_text(text, raw)
        if raw.bare_one and counts is None:
            continue  # "one of the", "no one": not a count
        figures.append(
            Figure(
                span=Span(article.id, raw.start, end),
                text=text[raw.start : end],
                value=raw.value,
                unit=raw.unit,
                counts=counts,
                qualifier=raw.qualifier,
                upper=raw.upper,
            )
        )
    return tuple(figures)
