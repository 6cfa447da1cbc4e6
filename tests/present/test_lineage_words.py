"""Lineage links in words: each kind of evidence says what it is."""

from __future__ import annotations

from storyline.models import ArticleLink, Relation
from storyline.present.lineage_words import link_in_brief, link_in_words


def test_each_kind_of_link_says_what_ties_the_two_articles() -> None:
    copy = ArticleLink("a", "b", Relation.COPY, 0, 1.0, 1.0, 0.93)
    retold = ArticleLink("a", "b", Relation.REWRITE, 6, 0.43, 1.0, 0.0)
    reused = ArticleLink("a", "b", Relation.REWRITE, 4, 0.6, 1.0, 0.45)
    version = ArticleLink("a", "b", Relation.VERSION, 0, 0.0, 0.0, 0.0)
    assert link_in_words(copy) == "copy, 93% of its text the same"
    assert "6 statements retold in the same order (43%" in link_in_words(retold)
    assert "4 sentences taken over (60%" in link_in_words(reused)
    assert "at least 45% of its own word pairs" in link_in_words(reused)
    assert link_in_words(version).startswith("same outlet")
    assert link_in_words(None) == "same report"
    assert link_in_brief(reused) == "reused wording, 4 sentences (60%)"
    assert link_in_brief(version) == "same outlet"
