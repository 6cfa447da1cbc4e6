"""WARC archives written with warcio in the test: plain, gzip, truncated."""

from __future__ import annotations

import io
from datetime import date
from html import escape
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from storyline.models import Article, Skipped

from .conftest import PARAGRAPHS, articles, read_all, skipped


def _page(number: int, with_date: bool) -> bytes:
    meta = (
        '<meta property="article:published_time" content="2025-06-02T10:00:00Z">'
        if with_date
        else ""
    )
    body = "".join(f"<p>{escape(p)} (Report {number}.)</p>" for p in PARAGRAPHS)
    return (
        f"<html><head><title>Report {number}</title>{meta}</head><body><article>"
        f"<h1>Report {number} on the talks</h1>{body}</article></body></html>"
    ).encode()


def _write_warc(path: Path, gzip: bool, pages: int = 3) -> None:
    with path.open("wb") as stream:
        writer = WARCWriter(stream, gzip=gzip)
        info = writer.create_warcinfo_record(path.name, {"software": "storyline tests"})
        writer.write_record(info)
        for number in range(1, pages + 1):
            headers = StatusAndHeaders(
                "200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1"
            )
            record = writer.create_warc_record(
                f"https://news.example.com/story/{number}",
                "response",
                payload=io.BytesIO(_page(number, with_date=number != 2)),
                http_headers=headers,
            )
            writer.write_record(record)
        image = writer.create_warc_record(
            "https://news.example.com/logo.png",
            "response",
            payload=io.BytesIO(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64),
            http_headers=StatusAndHeaders(
                "200 OK", [("Content-Type", "image/png")], protocol="HTTP/1.1"
            ),
        )
        writer.write_record(image)


def _check_pages(results: list[Article | Skipped], path: Path) -> None:
    found = articles(results)
    assert [a.path for a in found] == [f"{path}#2", f"{path}#3", f"{path}#4"]
    assert [a.url for a in found] == [f"https://news.example.com/story/{n}" for n in (1, 2, 3)]
    assert all(a.outlet == "example.com" for a in found)
    assert found[0].published == date(2025, 6, 2)
    # Page 2 has no date of its own; the WARC-Date (crawl time) must not be used.
    assert found[1].published is None
    assert PARAGRAPHS[0] in found[0].text


def test_plain_warc(tmp_path: Path) -> None:
    path = tmp_path / "crawl.warc"
    _write_warc(path, gzip=False)
    results = read_all([path])
    _check_pages(results, path)
    assert skipped(results) == []


def test_gzip_warc(tmp_path: Path) -> None:
    path = tmp_path / "crawl.warc.gz"
    _write_warc(path, gzip=True)
    results = read_all([path])
    _check_pages(results, path)
    assert skipped(results) == []


def test_truncated_gzip_warc_keeps_complete_records(tmp_path: Path) -> None:
    whole = tmp_path / "whole.warc.gz"
    _write_warc(whole, gzip=True, pages=3)
    data = whole.read_bytes()
    path = tmp_path / "cut.warc.gz"
    path.write_bytes(data[: len(data) - 200])  # cuts into the last (image) record
    results = read_all([path])
    assert len(articles(results)) == 3
    (cut,) = skipped(results)
    assert cut.path == f"{path}#5"
    assert cut.reason.startswith("truncated gzip stream after record 4")


def test_truncated_gzip_warc_mid_page(tmp_path: Path) -> None:
    whole = tmp_path / "whole.warc.gz"
    _write_warc(whole, gzip=True, pages=2)
    data = whole.read_bytes()
    path = tmp_path / "cut.warc.gz"
    path.write_bytes(data[: len(data) // 2])
    results = read_all([path])
    assert len(skipped(results)) == 1
    assert "truncated gzip stream" in skipped(results)[0].reason
    for article in articles(results):
        assert article.text.count("(Report") == len(PARAGRAPHS)  # no half pages


def test_not_a_warc(tmp_path: Path) -> None:
    path = tmp_path / "fake.warc"
    path.write_text("this is not an archive\nat all\n")
    results = read_all([path])
    assert articles(results) == []
    assert len(skipped(results)) == 1


def test_a_response_without_a_target_uri_is_skipped_with_where_reading_stopped(
    tmp_path: Path,
) -> None:
    # Found by fuzzing: warcio raised AttributeError on a response record that has
    # no WARC-Target-URI. The page before it is kept.
    good = tmp_path / "good.warc"
    _write_warc(good, gzip=False, pages=1)
    page = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<p>x</p>"
    broken = (
        b"WARC/1.0\r\nWARC-Type: response\r\n"
        b"WARC-Record-ID: <urn:uuid:00000000-0000-0000-0000-000000000001>\r\n"
        b"Content-Type: application/http; msgtype=response\r\n"
        + f"Content-Length: {len(page)}\r\n\r\n".encode()
        + page
        + b"\r\n\r\n"
    )
    path = tmp_path / "mixed.warc"
    path.write_bytes(good.read_bytes() + broken)
    results = read_all([path])
    assert [a.title for a in articles(results)] == ["Report 1 on the talks"]
    [skip] = skipped(results)
    assert skip.path == f"{path}#4"  # after the warcinfo, the page and an image
    assert "WARC parser" in skip.reason and "rest of the file was not read" in skip.reason
