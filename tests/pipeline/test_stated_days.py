"""The days an undated article's opening states, and when an event's days contradict them."""

from __future__ import annotations

from datetime import date

from storyline.models import Article
from storyline.pipeline.stated_days import contradicts, stated_days


def _article(text: str, published: date | None = None) -> Article:
    return Article(id="a", title="t", text=text, path="a.txt", published=published)


def test_days_written_with_their_year_in_the_opening_lines_count() -> None:
    article = _article(
        "Reid checked herself in on Tuesday, December 9, 2008.\n"
        "Her spokesman said so on Monday.\n"  # no year: needs an anchor the article lacks
        "She starred in a 1999 film.\n"
        "A sequel is due on November 22, 2013.\n"  # below the opening: plans and history
    )
    assert stated_days(article) == (date(2008, 12, 9),)


def test_an_article_without_such_a_day_states_none() -> None:
    assert stated_days(_article("Pirates seized a tanker on Monday.\nThe navy gave chase.")) == ()


def test_contradicted_only_when_every_stated_day_is_half_a_year_from_the_span() -> None:
    span = (date(2011, 11, 11), date(2011, 11, 15))
    assert contradicts((date(2008, 11, 18),), *span)
    assert not contradicts((date(2011, 12, 1),), *span)  # days apart: the same happening
    assert not contradicts((date(2008, 11, 18), date(2011, 11, 12)), *span)  # one fits
    assert not contradicts((), *span)  # nothing stated
    assert not contradicts((date(2008, 11, 18),), None, None)  # an undated event
