"""A very large subject is briefed from a bounded sample that keeps every independent report."""

from __future__ import annotations

from datetime import date, timedelta

from storyline.models import Article
from storyline.pipeline.brief_sample import brief_sample


def _article(n: int, day: date | None) -> Article:
    return Article(f"a{n:03d}", f"Title {n}", f"Text {n}.", f"{n}.txt", f"outlet{n % 7}",
                   published=day)  # fmt: skip


def test_small_subjects_are_read_whole() -> None:
    articles = [_article(n, None) for n in range(5)]
    assert brief_sample(articles, {}, cap=5) == articles


def test_every_report_is_kept_then_the_newest_copies() -> None:
    start = date(2024, 1, 1)
    articles = [_article(n, start + timedelta(days=n)) for n in range(40)]
    # Articles 0-29 are copies of three wire reports (0, 10, 20); 30-39 are their own.
    report_of = {a.id: f"wire{int(a.id[1:]) // 10}" for a in articles[:30]}
    sample = brief_sample(articles, report_of, cap=15)
    ids = [a.id for a in sample]
    assert len(sample) == 15 and ids == sorted(ids), "at most the cap, in the given order"
    reports = {report_of.get(a.id, a.id) for a in articles}
    assert {report_of.get(a, a) for a in ids} == reports, "all 13 independent reports kept"
    assert {"a000", "a010", "a020"} <= set(ids), "each wire group by its first article"
    assert {"a029", "a028"} == set(ids) - {"a000", "a010", "a020"} - {
        f"a{n:03d}" for n in range(30, 40)
    }, "the two places left go to the newest copies"


def test_too_many_reports_keep_the_most_repeated() -> None:
    articles = [_article(n, None) for n in range(12)]
    report_of = {"a005": "big", "a006": "big", "a007": "big"}
    ids = {a.id for a in brief_sample(articles, report_of, cap=3)}
    assert "a005" in ids and len(ids) == 3
