"""A local feed server whose answers each test sets: feeds with validators, robots.txt, errors."""

from __future__ import annotations

import ipaddress
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from email.utils import formatdate
from html import escape
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from storyline.live.fetch import FetchPolicy
from storyline.settings import Settings

from ..conftest import SEEDS

LOCAL_ONLY = FetchPolicy(allowed_networks=(ipaddress.ip_network("127.0.0.1/32"),))


@dataclass
class Site:
    """What the server answers: path -> (content type, body, etag); plus forced statuses."""

    pages: dict[str, tuple[str, bytes, str | None]] = field(default_factory=dict)
    status: dict[str, tuple[int, dict[str, str]]] = field(default_factory=dict)
    requests: list[tuple[str, dict[str, str]]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def hits(self, path: str) -> list[dict[str, str]]:
        with self.lock:
            return [headers for p, headers in self.requests if p == path]


def _handler(site: Site) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # the name http.server calls
            with site.lock:
                site.requests.append((self.path, {k.lower(): v for k, v in self.headers.items()}))
            if self.path in site.status:
                code, headers = site.status[self.path]
                self.send_response(code)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            if self.path not in site.pages:
                self.send_error(404)
                return
            kind, body, etag = site.pages[self.path]
            if etag and self.headers.get("If-None-Match") == etag:
                self.send_response(304)
                self.send_header("ETag", etag)
                self.end_headers()
                return
            self.send_response(200)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            if etag:
                self.send_header("ETag", etag)
                self.send_header("Last-Modified", formatdate(usegmt=True))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:
            pass

    return Handler


@pytest.fixture
def site() -> Iterator[tuple[Site, str]]:
    """A fresh feed server on 127.0.0.1; yields its answers and its base URL."""
    answers = Site()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(answers))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield answers, f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def seed_item(prefix: str) -> str:
    """An RSS item carrying one seed article (title line, then the body)."""
    lines = next(SEEDS.glob(f"{prefix}_*.txt")).read_text().splitlines()
    title, body = lines[0], "\n".join(f"<p>{escape(line)}</p>" for line in lines[1:] if line)
    return (
        f"<item><title>{escape(title)}</title><link>https://news.example/{prefix}</link>"
        f"<description>{escape(body)}</description></item>"
    )


def rss(*prefixes: str) -> bytes:
    items = "".join(seed_item(p) for p in prefixes)
    return (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title>'
        f"<link>https://news.example/</link>{items}</channel></rss>"
    ).encode()


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    if not SEEDS.is_dir():
        pytest.skip(f"the seed articles are not at {SEEDS}")
    return Settings(db=tmp_path / "live.db")
