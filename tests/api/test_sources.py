"""Feed subscriptions over real HTTP: the key, adding, polling now, listing, removing."""

from __future__ import annotations

from collections.abc import Iterator
from html import escape
from pathlib import Path

import httpx
import pytest

from storyline.api import FetchPolicy, create_app
from storyline.settings import Settings

from ..conftest import SEEDS
from .conftest import KEY, LOCALHOST, PAGES, serving

AUTH = {"X-API-Key": KEY}


def rss_of(*prefixes: str) -> bytes:
    items = []
    for prefix in prefixes:
        title, *body = next(SEEDS.glob(f"{prefix}_*.txt")).read_text().splitlines()
        text = escape("".join(f"<p>{line}</p>" for line in body if line))
        items.append(
            f"<item><title>{escape(title)}</title><description>{text}</description></item>"
        )
    return f'<rss version="2.0"><channel><title>t</title>{"".join(items)}</channel></rss>'.encode()


@pytest.fixture
def writes(tmp_path: Path) -> Iterator[httpx.Client]:
    """A server of its own (the shared write server's article counts stay untouched)."""
    settings = Settings(db=tmp_path / "sources.db")
    policy = FetchPolicy(allowed_networks=(LOCALHOST,))
    app = create_app(settings, api_key=KEY, fetch_policy=policy)
    with serving(app) as url, httpx.Client(base_url=url, timeout=300, headers=AUTH) as c:
        yield c


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/api/sources"),
        ("POST", "/api/sources"),
        ("DELETE", "/api/sources/f1"),
        ("POST", "/api/sources/f1/poll"),
    ],
)
def test_every_source_endpoint_needs_the_key(writer: str, method: str, path: str) -> None:
    body = {"url": "https://example.org/feed"} if method == "POST" else None
    for headers in ({}, {"X-API-Key": "wrong-key-000000000"}):
        answer = httpx.request(method, writer + path, json=body, headers=headers)
        assert answer.status_code == 401, (method, path, headers)


def test_a_subscribed_feed_polled_now_lands_in_events(writes: httpx.Client, pages: str) -> None:
    PAGES["/live/feed.xml"] = ("application/rss+xml", rss_of("000", "004"))
    added = writes.post("/api/sources", json={"url": f"{pages}/live/feed.xml"})
    assert added.status_code == 201
    source = added.json()
    assert source["kind"] == "feed" and source["last_status"] == "never polled"

    polled = writes.post(f"/api/sources/{source['id'][:8]}/poll")
    assert polled.status_code == 200, polled.text
    result = polled.json()
    assert result["polled"] and result["stored"] == 2 and result["analysed"]
    assert result["events"] >= 1
    assert result["source"]["articles"] == 2

    listed = writes.get("/api/sources").json()["sources"]
    assert [s["id"] for s in listed] == [source["id"]]
    assert listed[0]["last_status"].startswith("2 new")

    assert writes.delete(f"/api/sources/{source['id']}").status_code == 204
    assert writes.get("/api/sources").json()["sources"] == []
    gone = writes.delete(f"/api/sources/{source['id']}")
    assert gone.status_code == 404 and gone.json()["hint"]


@pytest.mark.parametrize("url", ["ftp://example.org/feed", "example.org/feed"])
def test_a_non_http_feed_is_refused_with_a_hint(writes: httpx.Client, url: str) -> None:
    answer = writes.post("/api/sources", json={"url": url})
    assert answer.status_code == 400
    assert "http" in answer.json()["error"]


def test_an_interval_out_of_range_is_refused(writes: httpx.Client) -> None:
    answer = writes.post("/api/sources", json={"url": "https://x.example/f", "interval_seconds": 0})
    assert answer.status_code == 422
