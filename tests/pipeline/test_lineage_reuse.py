"""Versions: a wire's loose pages join its report, but never tie two originals together."""

from __future__ import annotations

from datetime import date

import numpy as np

from storyline.models import Article, ArticleLink, Relation
from storyline.pipeline.article_view import ArticleView, view_of
from storyline.pipeline.lineage_reuse import is_wire, reports_of, version_links


def _view(article_id: str, outlet: str | None, day: int, text: str = "") -> ArticleView:
    article = Article(
        id=article_id,
        title="",
        text=text or f"Text of {article_id}.",
        path=f"{article_id}.txt",
        outlet=outlet,
        published=date(2000, 3, day),
    )
    return view_of(article, [], np.zeros((0, 384), dtype=np.float32))


def _rewrite(a: str, b: str) -> ArticleLink:
    a, b = sorted((a, b))
    return ArticleLink(a, b, Relation.REWRITE, 3, 0.5, 1.0, 0.0)


def _pairs(links: list[ArticleLink]) -> set[tuple[str, str]]:
    return {(k.a, k.b) for k in links}


def test_a_continuation_page_joins_its_outlets_report() -> None:
    views = {
        v.article.id: v
        for v in (
            _view("pa1", "PA", 1),
            _view("pa2", "PA", 1),
            _view("pa3", "PA", 2),
            _view("sun", "Sun", 2),
            _view("blog", None, 2),
            _view("blog2", None, 3),
        )
    }
    reports = reports_of(sorted(views), views)
    links = version_links(reports, views, [_rewrite("sun", "pa2")])
    assert _pairs(links) == {("pa1", "pa2"), ("pa2", "pa3")}
    assert all(k.relation is Relation.VERSION for k in links)


def test_a_wire_that_rewrote_two_originals_does_not_tie_them_together() -> None:
    views = {
        v.article.id: v
        for v in (
            _view("ap", "AP", 1),
            _view("afp", "AFP", 1),
            _view("rt-ap", "reuters.com", 2),
            _view("rt-afp", "reuters.com", 2),
            _view("rt-3", "reuters.com", 3),
        )
    }
    reports = reports_of(sorted(views), views)
    rewrites = [_rewrite("rt-ap", "ap"), _rewrite("rt-afp", "afp")]
    assert version_links(reports, views, rewrites) == []  # rt-3 has two candidates: its own


def test_a_newspapers_second_article_is_its_own_report_unless_its_text_ties_it() -> None:
    views = {
        v.article.id: v
        for v in (
            _view("pa", "PA", 1),
            _view("sun", "sun", 2),
            _view("sun-sidebar", "sun", 2),
        )
    }
    reports = reports_of(sorted(views), views)
    assert version_links(reports, views, [_rewrite("sun", "pa")]) == []


def test_wire_services_are_known_by_name_and_domain() -> None:
    assert is_wire("PA") and is_wire("Reuters") and is_wire("www.apnews.com")
    assert is_wire("Press Association") and is_wire("afp.com")
    assert not is_wire("sun") and not is_wire("Pennsylvania Gazette") and not is_wire(None)


FOOTBALL = (
    "Former Liverpool goalkeeper Bruce Grobbelaar told the High Court he had never thrown a match "
    "and that the newspaper's secret recordings showed him stringing along a man he distrusted."
)
FOOTBALL_PAGE_TWO = (
    "Grobbelaar told the High Court jury he had been stringing along a man he distrusted when "
    "the secret recordings were made, and denied he had ever thrown a match for Liverpool."
)
INQUEST = "An inquest in Leeds heard that the climber fell more than 200 feet in thick fog."


def test_a_wire_page_joins_the_story_it_shares_wording_with_when_the_event_holds_two() -> None:
    views = {
        v.article.id: v
        for v in (
            _view("pa-football", "PA", 1, FOOTBALL),
            _view("pa-inquest", "PA", 1, INQUEST),
            _view("pa-football-2", "PA", 1, FOOTBALL_PAGE_TWO),
            _view("times", "times", 2),
            _view("star", "star", 2),
        )
    }
    reports = reports_of(sorted(views), views)
    rewrites = [_rewrite("times", "pa-football"), _rewrite("star", "pa-inquest")]
    links = version_links(reports, views, rewrites)
    assert _pairs(links) == {("pa-football", "pa-football-2")}


def test_wire_versions_taken_up_by_two_papers_are_one_report_but_its_other_story_is_not() -> None:
    views = {
        v.article.id: v
        for v in (
            _view("pa-football", "PA", 1, FOOTBALL),
            _view("pa-football-2", "PA", 1, FOOTBALL_PAGE_TWO),
            _view("pa-inquest", "PA", 1, INQUEST),
            _view("times", "times", 2),
            _view("sun", "sun", 2),
            _view("star", "star", 2),
        )
    }
    reports = reports_of(sorted(views), views)
    rewrites = [
        _rewrite("times", "pa-football"),
        _rewrite("sun", "pa-football-2"),
        _rewrite("star", "pa-inquest"),
    ]
    links = version_links(reports, views, rewrites)
    assert _pairs(links) == {("pa-football", "pa-football-2")}
