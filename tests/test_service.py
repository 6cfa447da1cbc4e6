"""Small service helpers."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from storyline.models import Article
from storyline.service import newest

days = st.one_of(st.none(), st.integers(0, 40).map(lambda n: date(2025, 1, 1) + timedelta(n)))


@given(st.lists(days, max_size=30), st.integers(0, 35))
def test_newest_keeps_the_latest_articles_in_their_order(
    published: list[date | None], limit: int
) -> None:
    articles = [
        Article(id=f"a{i}", title="t", text="x", path="p", published=day)
        for i, day in enumerate(published)
    ]
    kept = newest(articles, limit)
    assert len(kept) == min(limit, len(articles))
    positions = [articles.index(a) for a in kept]
    assert positions == sorted(positions)  # the given order is kept
    dropped = [a for a in articles if a not in kept]
    if kept and dropped:
        oldest_kept = min(a.published or date.min for a in kept)
        assert all((a.published or date.min) <= oldest_kept for a in dropped)
