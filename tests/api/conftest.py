"""Real servers for the API tests: uvicorn in a thread, on a free port, over a temp database.

The seeds are ingested and analysed once per session (through the library,
as ``storyline analyze`` would); the read tests share that database. Write
tests get their own empty database so they cannot disturb the reads.
"""

from __future__ import annotations

import ipaddress
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx
import pytest
import uvicorn
from fastapi import FastAPI

from storyline import service
from storyline.api import FetchPolicy, create_app
from storyline.settings import Settings
from storyline.store import open_store

from ..conftest import SEEDS

KEY = "test-key-0123456789"
LOCALHOST = ipaddress.ip_network("127.0.0.1/32")


@contextmanager
def serving(app: FastAPI) -> Iterator[str]:
    """Run ``app`` on a free loopback port for the duration; yield its base URL."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="off"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the test server did not start")
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()


@pytest.fixture(scope="session")
def seeded_settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    if not SEEDS.is_dir():
        pytest.skip(f"the seed articles are not at {SEEDS}")
    settings = Settings(db=tmp_path_factory.mktemp("api-read") / "seeds.db")
    with open_store(settings.db) as store:
        service.ingest(store, [SEEDS], settings)
        service.analyze(store, settings)
    return settings


@pytest.fixture(scope="session")
def reader(seeded_settings: Settings) -> Iterator[str]:
    """A server over the analysed seeds, with a key, fetching public addresses only."""
    with serving(create_app(seeded_settings, api_key=KEY)) as url:
        yield url


@pytest.fixture(scope="session")
def keyless(seeded_settings: Settings) -> Iterator[str]:
    """A server started without a key: writes are disabled."""
    with serving(create_app(seeded_settings)) as url:
        yield url


@pytest.fixture(scope="session")
def writer(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A server over an empty database that may fetch from 127.0.0.1 (only)."""
    settings = Settings(db=tmp_path_factory.mktemp("api-write") / "writes.db")
    policy = FetchPolicy(allowed_networks=(LOCALHOST,))
    with serving(create_app(settings, api_key=KEY, fetch_policy=policy)) as url:
        yield url


@pytest.fixture
def client(reader: str) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=reader, timeout=120) as c:
        yield c


# -- a local web server to fetch from ---------------------------------------------
PAGES: dict[str, tuple[str, bytes]] = {}  # path -> (content type, body)
REDIRECTS: dict[str, str] = {}  # path -> Location


class _Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # the name http.server calls
        if self.path in REDIRECTS:
            self.send_response(302)
            self.send_header("Location", REDIRECTS[self.path])
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        if self.path not in PAGES:
            self.send_error(404)
            return
        kind, body = PAGES[self.path]
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass  # keep test output clean


@pytest.fixture(scope="session")
def pages() -> Iterator[str]:
    """A plain HTTP server on 127.0.0.1 serving ``PAGES`` and ``REDIRECTS``."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def seed_text(prefix: str) -> bytes:
    return next(Path(SEEDS).glob(f"{prefix}_*.txt")).read_bytes()
