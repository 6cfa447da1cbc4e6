"""Caches that make re-tracing an event cheap; they never change a result.

A live index re-traces an event each time it grows. The articles it touched
recently (their sentences, vectors and shingles) and the sentence alignments
of article pairs are kept here, bounded, so a re-trace pays mostly for the new
article. :func:`~storyline.pipeline.lineage.trace_event` gives the same answer
with or without them.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Sequence

from ..models import AlignedSentence
from .article_view import ArticleView
from .lineage import Side, align, may_link

# At most this many articles' sentences and vectors are kept between updates (the
# events a live feed touches are mostly recent, so they are found here).
VIEW_SENTENCES = 60_000
# At most this many article pairs' sentence alignments are remembered.
ALIGNMENTS = 400_000


class RecentViews:
    """Recently used articles' lineage views, bounded by their number of sentences."""

    def __init__(self, limit: int = VIEW_SENTENCES) -> None:
        self._limit = limit
        self._views: OrderedDict[str, ArticleView] = OrderedDict()
        self._sentences = 0

    def get(self, article_id: str) -> ArticleView | None:
        view = self._views.get(article_id)
        if view is not None:
            self._views.move_to_end(article_id)
        return view

    def put(self, view: ArticleView) -> None:
        if view.article.id in self._views:
            return
        self._views[view.article.id] = view
        self._sentences += len(view.sentences)
        while self._sentences > self._limit and len(self._views) > 1:
            _, dropped = self._views.popitem(last=False)
            self._sentences -= len(dropped.sentences)


class AlignmentCache:
    """Sentence alignments of article pairs, remembered while both sides stay the same.

    A side is fixed by its article and which sentences furniture left in it,
    so an entry records both sides' kept sentence numbers and is used only
    when they match. Alignments that cannot make a link under any topical
    anchors are remembered as empty.
    """

    def __init__(self, limit: int = ALIGNMENTS) -> None:
        self._limit = limit
        self._pairs: OrderedDict[
            tuple[str, str], tuple[tuple[int, ...], tuple[int, ...], tuple[AlignedSentence, ...]]
        ] = OrderedDict()

    def __call__(self, a: str, left: Side, b: str, right: Side) -> Sequence[AlignedSentence]:
        shape_a = tuple(s.index for s in left.sentences)
        shape_b = tuple(s.index for s in right.sentences)
        found = self._pairs.get((a, b))
        if found is not None and found[0] == shape_a and found[1] == shape_b:
            self._pairs.move_to_end((a, b))
            return found[2]
        aligned = align(left, right)
        kept = tuple(aligned) if may_link(left, right, aligned) else ()
        self._pairs[(a, b)] = (shape_a, shape_b, kept)
        if len(self._pairs) > self._limit:
            self._pairs.popitem(last=False)
        return kept
