"""A lineage link in a reader's words, the same on the command line and the web page."""

from __future__ import annotations

from ..models import AlignedSentence, ArticleLink, Relation
from ..pipeline.anchors import readable


def link_in_brief(link: ArticleLink) -> str:
    """The same, short enough for a table cell: "reused wording, 4 sentences (60%)"."""
    if link.relation is Relation.COPY:
        return f"copy, {round(link.containment * 100)}%"
    if link.relation is Relation.VERSION:
        return "same outlet"
    kind = "reused wording" if link.containment > 0 else "rewrite"
    return f"{kind}, {_sentences(link.aligned)} ({round(link.share * 100)}%)"


def _sentences(n: int) -> str:
    return f"{n} sentence" if n == 1 else f"{n} sentences"


def link_in_words(link: ArticleLink | None) -> str:
    """Why two articles count as one report: "reuses its wording: 4 of its sentences (60%)…"."""
    if link is None:
        return "same report"
    if link.relation is Relation.COPY:
        return f"copy, {round(link.containment * 100)}% of its text the same"
    if link.relation is Relation.VERSION:
        return "same outlet: another version, update or page of its report"
    if link.containment > 0:
        return (
            f"reuses its wording: {_sentences(link.aligned)} taken over "
            f"({round(link.share * 100)}% of the rewrite's own sentences), "
            f"at least {round(link.containment * 100)}% of its own word pairs"
        )
    return (
        f"rewrite: {link.aligned} statements retold in the same order "
        f"({round(link.share * 100)}% of the shorter article's sentences)"
    )


def match_in_words(link: ArticleLink, pair: AlignedSentence, sentence: str) -> str:
    """Why two sentences were matched: how much of a reused sentence's wording was found,
    or the cosine of two aligned statements and what they share (as ``sentence`` says it)."""
    if link.containment > 0:
        return f"{round(pair.similarity * 100)}% of its word pairs"
    shared = ", ".join(readable(k, sentence) for k in pair.shared_anchors) or "—"
    return f"cosine {pair.similarity:.2f}; shared: {shared}"
