"""Write endpoints over real HTTP: the key, uploads, URL ingestion, analysis, limits."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from storyline.api import create_app
from storyline.settings import Settings

from .conftest import KEY, PAGES, REDIRECTS, seed_text, serving

WRITES = [
    ("/api/ingest", {"files": {"file": ("a.txt", b"Some text.\n")}}),
    ("/api/ingest/url", {"json": {"url": "https://example.org/"}}),
    ("/api/analyze", {}),
]
AUTH = {"X-API-Key": KEY}


@pytest.fixture
def writes(writer: str) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=writer, timeout=120, headers=AUTH) as c:
        yield c


@pytest.mark.parametrize(("path", "body"), WRITES)
def test_writes_without_a_key_are_401(reader: str, path: str, body: dict[str, Any]) -> None:
    response = httpx.post(reader + path, **body)
    assert response.status_code == 401
    assert response.headers["www-authenticate"] == "Bearer"
    assert "X-API-Key" in response.json()["hint"]


@pytest.mark.parametrize(("path", "body"), WRITES)
def test_writes_with_a_wrong_key_are_401(reader: str, path: str, body: dict[str, Any]) -> None:
    for headers in ({"X-API-Key": KEY + "x"}, {"Authorization": "Bearer nope"}):
        response = httpx.post(reader + path, headers=headers, **body)
        assert response.status_code == 401
        assert response.json()["error"] == "the API key is not valid"
        assert KEY not in response.text


@pytest.mark.parametrize(("path", "body"), WRITES)
def test_writes_are_403_when_no_key_is_configured(
    keyless: str, path: str, body: dict[str, Any]
) -> None:
    response = httpx.post(keyless + path, headers=AUTH, **body)
    assert response.status_code == 403
    assert "STORYLINE_API_KEY" in response.json()["hint"]


def test_reads_need_no_key(keyless: str) -> None:
    assert httpx.get(keyless + "/api/health").json()["writes_enabled"] is False


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:9/",
        "http://10.0.0.1/",
        "http://169.254.169.254/latest/meta-data/",
        "http://[::1]/",
        "http://[::ffff:127.0.0.1]/",
    ],
)
def test_url_ingest_refuses_local_addresses(reader: str, url: str) -> None:
    response = httpx.post(reader + "/api/ingest/url", headers=AUTH, json={"url": url})
    assert response.status_code == 400, response.text
    body = response.json()
    assert "does not fetch private or local addresses" in body["error"] and body["hint"]


def test_upload_then_analyze(writes: httpx.Client) -> None:
    files = [
        ("file", ("talks-end.txt", seed_text("002"))),
        ("file", ("resume.txt", seed_text("003"))),
        ("file", ("notes.pdf", b"%PDF-1.4")),
    ]
    first = writes.post("/api/ingest", files=files)
    assert first.status_code == 200, first.text
    result = first.json()
    assert sorted(a["path"] for a in result["stored"]) == ["resume.txt", "talks-end.txt"]
    assert [s["path"] for s in result["skipped"]] == ["notes.pdf"]
    assert result["skipped"][0]["message"].startswith("notes.pdf: unsupported file type")

    again = writes.post("/api/ingest", files=files[:2]).json()
    assert again["stored"] == [] and len(again["unchanged"]) == 2

    line = {"title": "Talks set", "text": "Delegations will meet in Istanbul on Monday.\n"}
    jsonl = writes.post(
        "/api/ingest",
        content=json.dumps(line).encode() + b"\n",
        headers={"Content-Type": "application/x-ndjson"},
    ).json()
    assert [a["title"] for a in jsonl["stored"]] == ["Talks set"]

    analysed = writes.post("/api/analyze")
    assert analysed.status_code == 200, analysed.text
    counts = analysed.json()
    assert counts["articles"] == 3 and counts["events"] >= 1 and counts["stories"] >= 1
    stories = writes.get("/api/stories").json()
    assert sum(s["articles"] for s in stories["items"]) == 3


def test_url_ingest_fetches_allowed_local_pages_and_refuses_other_private_hops(
    writes: httpx.Client, pages: str
) -> None:
    PAGES["/talks.txt"] = ("text/plain; charset=utf-8", seed_text("004"))
    REDIRECTS["/moved"] = "/talks.txt"
    ok = writes.post("/api/ingest/url", json={"url": f"{pages}/moved"})
    assert ok.status_code == 200, ok.text
    body = ok.json()
    assert body["fetched_url"] == f"{pages}/talks.txt" and body["media_type"] == "text/plain"
    assert len(body["stored"]) + len(body["unchanged"]) == 1
    assert (body["stored"] + body["unchanged"])[0]["path"] == "talks.txt"

    # The server may fetch 127.0.0.1 only; a redirect to another loopback host is refused.
    port = pages.rsplit(":", 1)[1]
    REDIRECTS["/elsewhere"] = f"http://127.0.0.2:{port}/talks.txt"
    refused = writes.post("/api/ingest/url", json={"url": f"{pages}/elsewhere"})
    assert refused.status_code == 400
    assert "127.0.0.2, a loopback address" in refused.json()["error"]

    failed = writes.post("/api/ingest/url", json={"url": f"{pages}/missing"})
    assert failed.status_code == 502 and "HTTP 404" in failed.json()["error"]


def test_bad_write_bodies(writes: httpx.Client) -> None:
    plain = writes.post("/api/ingest", content=b"hello", headers={"Content-Type": "text/plain"})
    assert plain.status_code == 415 and "multipart/form-data" in plain.json()["error"]
    missing = writes.post("/api/ingest/url", json={"link": "https://example.org/"})
    assert missing.status_code == 422 and "body.url" in missing.json()["error"]


def test_bodies_over_the_limit_are_413(tmp_path: Path) -> None:
    settings = Settings(db=tmp_path / "small.db", max_input_bytes=1000)
    with serving(create_app(settings, api_key=KEY)) as url:
        huge = ("file", ("big.txt", b"x" * (2 * 1024 * 1024)))
        response = httpx.post(url + "/api/ingest", headers=AUTH, files=[huge])
        assert response.status_code == 413 and "limit" in response.json()["error"]
        streamed = httpx.post(  # no Content-Length: counted while reading
            url + "/api/ingest",
            headers={**AUTH, "Content-Type": "application/x-ndjson"},
            content=iter([b"{}\n" * 500_000]),
        )
        assert streamed.status_code == 413
        # Unauthenticated small endpoints cannot be made to buffer a large body either.
        padded = httpx.post(url + "/api/ingest/url", json={"url": "x" * 100_000})
        assert padded.status_code == 413
        oversized = httpx.post(
            url + "/api/ingest", headers=AUTH, files=[("file", ("a.txt", b"y" * 5000))]
        )
        assert oversized.status_code == 200
        assert "limit" in oversized.json()["skipped"][0]["reason"]


def test_an_uploaded_rewrite_lands_in_its_event_counted_with_its_original(
    tmp_path: Path,
) -> None:
    """Placed before the answer: the event, its story and the independent reports, traced."""
    app = create_app(Settings(db=tmp_path / "uploads.db"), api_key=KEY)
    with serving(app) as base, httpx.Client(base_url=base, timeout=300, headers=AUTH) as api:
        first = api.post(
            "/api/ingest",
            files=[("file", (f"{p}.txt", seed_text(p))) for p in ("000", "001", "002")],
        ).json()
        placed = {a["path"]: a for a in first["stored"]}
        talks = placed["000.txt"]["event"]
        assert talks and placed["001.txt"]["event"] == talks  # one round of talks
        assert placed["002.txt"]["event"] == talks
        reports = placed["000.txt"]["independent_reports"]
        assert reports == 2  # 002 rewrites 001: two reports written apart (000, 001)
        assert placed["000.txt"]["story"]
        articles = len(api.get(f"/api/events/{talks}").json()["event"]["articles"])

        # 004 rewrites 000 (both carry Xinhua's report): one more article, no more reports.
        rewrite = api.post("/api/ingest", files=[("file", ("004.txt", seed_text("004")))])
        (shown,) = rewrite.json()["stored"]
        assert shown["event"] == talks and shown["independent_reports"] == reports
        event = api.get(f"/api/events/{talks}").json()["event"]
        assert event["independent_reports"] == reports
        assert len(event["articles"]) == articles + 1
        group = api.get(f"/api/articles/{shown['id']}").json()["lineage_group"]
        assert group and placed["000.txt"]["id"] in str(group)
