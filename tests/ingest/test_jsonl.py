"""JSON Lines: good records survive bad neighbours."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from storyline.errors import InputError
from storyline.ingest.build import Draft
from storyline.ingest.jsonl import jsonl_drafts, record_draft
from storyline.models import DateSource
from storyline.settings import Settings

from .conftest import PARAGRAPHS, articles, only_skip, read_all, skipped


def test_good_and_bad_lines(tmp_path: Path) -> None:
    lines = [
        json.dumps(
            {
                "title": "Talks end after an hour",
                "text": f"{PARAGRAPHS[0]}\n\nAdvertisement\n{PARAGRAPHS[1]}",
                "url": "https://www.example.com/a",
                "published": "2025-06-02T14:35:00Z",
                "author": "Jane Roe",
            }
        ),
        "",
        "{not json",
        "[1, 2, 3]",
        json.dumps({"title": "No text here"}),
        json.dumps(
            {
                "headline": "Exchange agreed",
                "body": PARAGRAPHS[2],
                "date": "June 3, 2025",
                "source": "Example Wire",
            }
        ),
        json.dumps({"title": 7, "text": "x"}),
        json.dumps(
            {
                "html": f"<html><body><article><p>{PARAGRAPHS[0]}</p></article></body></html>",
                "link": "https://news.example.org/b",
            }
        ),
    ]
    path = tmp_path / "dump.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    results = read_all([path])
    found = articles(results)
    assert [a.path for a in found] == [f"{path}:1", f"{path}:6", f"{path}:8"]
    first, second, third = found
    assert first.text == f"{PARAGRAPHS[0]}\n{PARAGRAPHS[1]}"
    assert first.published == date(2025, 6, 2)
    assert first.date_source is DateSource.METADATA
    assert first.outlet == "example.com"
    assert first.byline == "Jane Roe"
    assert second.title == "Exchange agreed"
    assert second.outlet == "Example Wire"
    assert second.published == date(2025, 6, 3)
    assert third.url == "https://news.example.org/b"
    assert PARAGRAPHS[0] in third.text
    reasons = {s.path: s.reason for s in skipped(results)}
    assert reasons[f"{path}:3"].startswith("invalid JSON:")
    assert "expected a JSON object" in reasons[f"{path}:4"]
    assert "no article text" in reasons[f"{path}:5"]
    assert "must be a string" in reasons[f"{path}:7"]
    assert len(reasons) == 4


def test_record_over_the_article_limit_is_skipped(tmp_path: Path) -> None:
    path = tmp_path / "long.ndjson"
    good = json.dumps({"title": "Fine", "text": PARAGRAPHS[0]})
    huge = json.dumps({"title": "Huge", "text": "word " * 5000})
    path.write_text(f"{huge}\n{good}\n", encoding="utf-8")
    results = read_all([path], Settings(max_article_chars=1000))
    assert [a.title for a in articles(results)] == ["Fine"]
    (refused,) = skipped(results)
    assert refused.path == f"{path}:1"
    assert "over the limit of 1,000" in refused.reason


def test_line_over_the_byte_limit_is_skipped(tmp_path: Path) -> None:
    path = tmp_path / "lines.jsonl"
    huge = json.dumps({"title": "Huge", "text": "word " * 5000})
    good = json.dumps({"title": "Fine", "text": PARAGRAPHS[0]})
    path.write_text(f"{huge}\n{good}\n", encoding="utf-8")
    with path.open("rb") as stream:
        items = list(jsonl_drafts(stream, str(path), line_limit=1000))
    assert isinstance(items[0], InputError)
    assert items[0].reason.startswith("line longer than the 1000 bytes limit")
    assert isinstance(items[1], Draft)
    assert items[1].title == "Fine"


def test_non_utf8_line(tmp_path: Path) -> None:
    path = tmp_path / "mixed.jsonl"
    good = json.dumps({"title": "Fine", "text": PARAGRAPHS[0]}).encode()
    path.write_bytes(b'{"title": "caf\xe9", "text": "x"}\n' + good + b"\n")
    results = read_all([path])
    assert len(articles(results)) == 1
    assert "not valid UTF-8 (byte 0xe9" in skipped(results)[0].reason


def test_blank_jsonl_is_empty(tmp_path: Path) -> None:
    path = tmp_path / "blank.jsonl"
    path.write_text("\n\n  \n")
    assert only_skip(path).reason == "empty file"


def test_a_unix_time_is_a_publication_date_in_seconds_or_milliseconds(tmp_path: Path) -> None:
    records = [
        {"title": "Seconds", "text": "Talks resumed.", "published": 1717322400},
        {"title": "Milliseconds", "text": "Talks resumed.", "published": 1717322400123},
        {"title": "Out of range", "text": "Talks resumed.", "published": 1e300},
        {"title": "Not a date", "text": "Talks resumed.", "published": [2025, 6, 2]},
    ]
    path = tmp_path / "times.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in records) + "\n")
    results = read_all([path])
    dated = {a.title: a.published for a in articles(results)}
    assert dated == {
        "Seconds": date(2024, 6, 2),
        "Milliseconds": date(2024, 6, 2),
        "Out of range": None,  # kept, undated, like an unreadable date string
    }
    [skip] = skipped(results)
    assert skip.path == f"{path}:4" and "a date string or a Unix time, not list" in skip.reason


@given(st.one_of(st.integers(), st.floats(allow_nan=True, allow_infinity=True)))
def test_any_number_as_a_date_keeps_the_article(value: float) -> None:
    draft = record_draft({"title": "T", "text": "Talks resumed.", "published": value}, "x")
    assert draft.published is None or 1 <= draft.published.year <= 9999
