"""A real web server over an analysed store, running in a thread for the tests.

The store holds the five seed articles plus two hostile ones: one ingested
the ordinary way (JSON Lines) and one written straight into the store, so
that its ``javascript:`` URL skips the ingest-time cleaning and reaches the
pages, which must still refuse to link it.
"""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import uvicorn
from fastapi import FastAPI

from storyline import ids, service
from storyline.models import Article
from storyline.settings import Settings
from storyline.store import open_store
from storyline.web import build_router, security_headers

from ..conftest import SEEDS

PWN = "window.__pwned=1"
HOSTILE_TITLE = f"<script>{PWN}</script>"
HOSTILE_IMG = f'<img src=x onerror="{PWN}">'
HOSTILE_URL = f"javascript:{PWN}"
HOSTILE_TEXT = (
    "Bakers in Lyon won the regional bread prize on Tuesday after a long contest. "
    f"{HOSTILE_IMG} The jury praised the crust of every loaf from the old bakery.\n"
    f'Read more at <a href="{HOSTILE_URL}">our site</a> before the weekend market opens. '
    "The bakers said the prize money would pay for a second oven next spring."
)


@dataclass(frozen=True, slots=True)
class Site:
    """Where the test server listens and the ids the tests look for."""

    base: str
    db: Path
    seed_ids: dict[str, str]  # seed file prefix ("002") -> article id
    seed_story: str
    hostile_ids: tuple[str, ...]
    hostile_story: str

    def url(self, path: str) -> str:
        return self.base + path


def _hostile_jsonl(folder: Path) -> Path:
    record = {
        "title": HOSTILE_TITLE,
        "text": HOSTILE_TEXT,
        "url": HOSTILE_URL,
        "outlet": f'<b onmouseover="{PWN}">Evil Gazette</b>',
        "published": "2026-01-05",
    }
    path = folder / "hostile.jsonl"
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    return path


def _raw_hostile() -> Article:
    text = HOSTILE_TEXT.replace("Tuesday", "Wednesday")
    return Article(
        id=ids.article_id(HOSTILE_TITLE, text, HOSTILE_URL),
        title=HOSTILE_TITLE,
        text=text,
        path="raw-hostile",
        outlet=f'"><script>{PWN}</script>',
        url=HOSTILE_URL,
        published=date(2026, 1, 6),
    )


def build_store(folder: Path) -> Site:
    """Ingest and analyse the seeds and the hostile articles (no server yet)."""
    db = folder / "site.db"
    settings = Settings(db=db)
    with open_store(db) as store:
        report = service.ingest(store, [SEEDS, _hostile_jsonl(folder)], settings)
        raw = _raw_hostile()
        store.add_articles([raw])
        service.analyze(store, settings)
        seed_ids = {Path(a.path).name[:3]: a.id for a in report.articles if "seeds" in a.path}
        hostile = (*(a.id for a in report.articles if "hostile" in a.path), raw.id)
        events = {a: ev.id for ev in store.events() for a in ev.article_ids}
        story_of = {e: s.id for s in store.stories() for e in s.event_ids}
    return Site(
        "",
        db,
        seed_ids,
        story_of[events[seed_ids["002"]]],
        hostile,
        story_of[events[hostile[0]]],
    )


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def make_app(settings: Settings) -> FastAPI:
    """A tiny app as the lead wires it: the router plus the middleware."""
    app = FastAPI()
    app.include_router(build_router(settings))
    app.middleware("http")(security_headers)

    @app.get("/api/ping")
    def ping() -> dict[str, str]:  # a JSON route, to see the middleware cover it
        return {"ok": "yes"}

    return app


@contextmanager
def serving(site: Site) -> Iterator[Site]:
    """Serve ``site.db`` with uvicorn on a free loopback port until the block ends."""
    with serving_db(site.db) as base:
        yield Site(
            base, site.db, site.seed_ids, site.seed_story, site.hostile_ids, site.hostile_story
        )


@contextmanager
def serving_db(db: Path) -> Iterator[str]:
    """Serve the store at ``db`` on a free loopback port; yields the base URL."""
    port = _free_port()
    config = uvicorn.Config(
        make_app(Settings(db=db)),
        host="127.0.0.1",
        port=port,
        log_level="warning",
        lifespan="off",
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("the test web server did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
