"""The pure pieces of the pages: highlighting, query parsing, story order."""

from __future__ import annotations

import re
from datetime import date
from html import unescape

from hypothesis import given
from hypothesis import strategies as st

from storyline.cards import Order, sort_rows, story_rows
from storyline.models import Event, Story
from storyline.web.changes import Since, parse_since
from storyline.web.search_page import highlight
from storyline.web.story_list import parse_page


def test_highlight_marks_matched_words_and_escapes_the_rest() -> None:
    out = highlight(" … held at the «Ciragan» Palace <b>by</b> the Bosphorus")
    assert out == " … held at the <mark>Ciragan</mark> Palace &lt;b&gt;by&lt;/b&gt; the Bosphorus"


def test_highlight_keeps_stray_markers_as_text() -> None:
    assert highlight("a » b «c") == "a » b «c"
    assert highlight("«x» and «y") == "<mark>x</mark> and «y"


@given(st.text())
def test_highlight_never_lets_markup_through(snippet: str) -> None:
    out = highlight(snippet)
    bare = re.sub(r"</?mark>", "", out)
    assert "<" not in bare and ">" not in bare and '"' not in bare
    # Nothing is lost: only the matched markers themselves disappear.
    assert unescape(bare).replace("«", "").replace("»", "") == snippet.replace("«", "").replace(
        "»", ""
    )


def test_since_reads_a_step_or_a_day_and_ignores_anything_else() -> None:
    assert parse_since("12") == Since(step=12)
    assert parse_since("2025-06-01") == Since(day=date(2025, 6, 1))
    assert parse_since("") is None and parse_since("yesterday") is None
    assert parse_since("9" * 40) is None


@given(st.text())
def test_odd_query_values_never_crash(text: str) -> None:
    parse_since(text)
    assert parse_page(text) >= 1
    assert Order.parse(text) in (Order.NEWEST, Order.BIGGEST)


def _story(n: int, sizes: list[int], days: list[date | None]) -> tuple[Story, list[Event]]:
    events = [
        Event(f"e{n}{i}", tuple(f"a{n}{i}{k}" for k in range(size)), f"event {n}{i}", day, day)
        for i, (size, day) in enumerate(zip(sizes, days, strict=True))
    ]
    return Story(f"s{n}", tuple(e.id for e in events), f"story {n}"), events


def test_newest_puts_the_latest_day_first_and_undated_last() -> None:
    old, old_events = _story(1, [9], [date(2024, 1, 1)])
    new, new_events = _story(2, [1, 1], [date(2024, 1, 1), date(2025, 6, 2)])
    undated, undated_events = _story(3, [20], [None])
    rows = story_rows([old, new, undated], old_events + new_events + undated_events)
    assert [r.story.id for r in sort_rows(rows, Order.NEWEST)] == ["s2", "s1", "s3"]
    assert [r.story.id for r in sort_rows(rows, Order.BIGGEST)] == ["s3", "s1", "s2"]
    newest = sort_rows(rows, Order.NEWEST)[0]
    assert (newest.events, newest.articles) == (2, 2)
    assert (newest.first, newest.last) == (date(2024, 1, 1), date(2025, 6, 2))
