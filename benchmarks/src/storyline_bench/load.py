"""``storyline bench load``: the served index under load, and feed-to-event latency.

Three parts:

1. **A large store.** Real article text from a labelled corpus (ECB+ by
   default) replayed as fresh happenings by :mod:`.stream` (names, numbers and
   story words unique to each replay), grouped by the real online grouper,
   whose state is saved with it, so the server resumes it exactly as it would a
   real index. The sentence vectors of the real texts are copied from the
   benchmark cache, so nothing is embedded twice. Built once per size and reused.
2. **Request load.** ``storyline serve`` runs in its own process; a bounded
   load generator (a fixed number of concurrent connections on loopback, for a
   fixed time) requests one kind of page at a time and records every latency.
   The health endpoint is the floor: what the web stack costs with no work.
3. **Feed-to-event latency.** A feed on a loopback server gains one item at a
   time; the server polls it every second, and the clock stops when the item's
   article is in an event with its lineage traced (read through the API; its
   parse is cached by then, so its conflicts are too).
"""

from __future__ import annotations

import asyncio
import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from email.utils import format_datetime
from html import escape
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx
import numpy as np

from storyline import ids
from storyline.chain import Pipeline
from storyline.models import Article
from storyline.nlp.sentences import split_sentences
from storyline.pipeline import grouping_state
from storyline.pipeline.grouping import OnlineGrouper
from storyline.settings import Settings
from storyline.store import Store, open_store

from .stream import Template, synthetic_stream

OUTLETS = tuple(f"outlet{i:02d}.example" for i in range(40))
API_KEY = "bench-load-key-0123456789"
INSERT_BATCH = 5_000


# -- 1. the store ---------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class BuiltStore:
    path: Path
    articles: int
    events: int
    stories: int
    seconds: float  # 0 when an existing store was reused


def build_store(
    path: Path,
    templates: Sequence[Template],
    source_articles: Sequence[Article],
    vector_cache: Store,
    total: int,
    *,
    model: str,
    settings: Settings,
    progress: Callable[[int, int], None] = lambda done, total: None,
    trace_progress: Callable[[int, int | None], None] = lambda done, total: None,
) -> BuiltStore:
    """A store of ``total`` replayed articles, grouped, with the grouper state saved.

    ``model`` names the embedder whose vectors ``vector_cache`` holds (they are copied in).

    ``templates[i]`` must come from ``source_articles[i]``. An existing store
    of that size is reused as it is (a run's feed items stay in it: a few more).
    """
    if path.exists():
        with open_store(path) as store:
            count = store.count_articles()
            if total <= count <= total + 1_000 and store.load_grouper_state() is not None:
                return BuiltStore(path, count, store.count_events(), store.count_stories(), 0.0)
        path.unlink()
    started = time.perf_counter()
    text_of = {id(t): a for t, a in zip(templates, source_articles, strict=True)}
    grouper = OnlineGrouper()
    with open_store(path) as store:
        pending: list[Article] = []
        for number, item in enumerate(synthetic_stream(templates, total), start=1):
            real = text_of[id(item.template)]
            outlet = OUTLETS[number % len(OUTLETS)]
            article = replace(
                real,
                id=item.article.id,
                published=item.article.published,
                outlet=outlet,
                url=f"https://{outlet}/{item.label}/{number}",
                path=f"synthetic/{number}",
            )
            grouper.add(item.article, item.features, real.title)
            pending.append(article)
            if len(pending) >= INSERT_BATCH:
                store.add_articles(pending)
                pending.clear()
                progress(number, total)
        store.add_articles(pending)
        grouping = grouper.grouping()
        store.replace_grouping(grouping.events, grouping.stories, grouping.changes)
        store.save_grouper_state(grouping_state.dump(grouper))
        _copy_vectors(source_articles, vector_cache, store, model)
        # Lineage of every event, as a served store has it (the grouper is placed already).
        Pipeline(settings).update(store, lambda stage, done, all_: trace_progress(done, all_))
        progress(total, total)
        return BuiltStore(
            path,
            total,
            len(grouping.events),
            len(grouping.stories),
            time.perf_counter() - started,
        )


def _copy_vectors(articles: Sequence[Article], source: Store, target: Store, model: str) -> None:
    """The real texts' sentence vectors, so pages never embed what the cache holds."""
    keys = sorted({ids.sentence_hash(s.text) for a in articles for s in split_sentences(a)})
    for start in range(0, len(keys), 2_000):
        target.save_vectors(model, source.load_vectors(model, keys[start : start + 2_000]))


# -- 2. the server and the load -------------------------------------------------------
def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def serving(
    db: Path,
    allow_private: bool = True,
    env: Mapping[str, str] | None = None,
    start_within: float = 300,
) -> Iterator[str]:
    """``storyline serve`` on a free loopback port, in its own process; yields its base URL.

    ``env`` adds to this process's environment (an embedding backend, say). The server
    is stopped with SIGINT, as a user stops it, so it saves the grouper on the way out."""
    port = free_port()
    command = [
        sys.executable,
        "-m",
        "storyline",
        "serve",
        "--db",
        str(db),
        "--port",
        str(port),
        "--api-key",
        API_KEY,
    ] + (["--allow-private-fetch"] if allow_private else [])
    log = open(db.with_suffix(".serve.log"), "wb")  # noqa: SIM115 - closed below
    environment = {**os.environ, **env} if env else None
    process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, env=environment)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + start_within
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"the server exited; see {log.name}")
            try:
                if httpx.get(base + "/api/health", timeout=5).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"the server did not start in time; see {log.name}")
            time.sleep(0.25)
        yield base
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


@dataclass(frozen=True, slots=True)
class LoadResult:
    name: str
    requests: int
    errors: int
    seconds: float
    latencies_ms: tuple[float, ...]

    @property
    def per_second(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    def percentile(self, q: float) -> float:
        return float(np.percentile(self.latencies_ms, q)) if self.latencies_ms else 0.0


async def _load(
    base: str, paths: Sequence[str], concurrency: int, seconds: float
) -> tuple[list[float], int, float]:
    latencies: list[float] = []
    errors = 0
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=60) as client:
        started = time.perf_counter()
        stop_at = started + seconds
        turn = 0

        async def one_client() -> None:
            nonlocal turn, errors
            while time.perf_counter() < stop_at:
                path = paths[turn % len(paths)]
                turn += 1
                began = time.perf_counter()
                try:
                    response = await client.get(path)
                    ok = response.status_code == 200
                except httpx.HTTPError:
                    ok = False
                latencies.append((time.perf_counter() - began) * 1000)
                errors += 0 if ok else 1

        await asyncio.gather(*(one_client() for _ in range(concurrency)))
        elapsed = time.perf_counter() - started
    return latencies, errors, elapsed


def load(
    name: str, base: str, paths: Sequence[str], concurrency: int, seconds: float
) -> LoadResult:
    """``concurrency`` connections requesting ``paths`` in turn for ``seconds``."""
    latencies, errors, elapsed = asyncio.run(_load(base, paths, concurrency, seconds))
    return LoadResult(name, len(latencies), errors, elapsed, tuple(latencies))


def first_views(name: str, base: str, paths: Sequence[str]) -> LoadResult:
    """One request at a time to pages nobody has opened: the cost of building them."""
    latencies = []
    errors = 0
    started = time.perf_counter()
    with httpx.Client(base_url=base, timeout=300) as client:
        for path in paths:
            began = time.perf_counter()
            errors += client.get(path).status_code != 200
            latencies.append((time.perf_counter() - began) * 1000)
    return LoadResult(name, len(paths), errors, time.perf_counter() - started, tuple(latencies))


# -- 3. feed to event -----------------------------------------------------------------
class LiveFeed:
    """A growing RSS feed served on loopback (by :func:`feed_server`)."""

    def __init__(self, media_type: str = "application/rss+xml") -> None:
        self.items: list[str] = []
        self.lock = threading.Lock()
        self.media_type = media_type

    def body(self) -> bytes:
        with self.lock:
            items = "".join(self.items)
        return f'<rss version="2.0"><channel><title>live</title>{items}</channel></rss>'.encode()

    def add(self, title: str, text: str, link: str, published: date | None = None) -> None:
        paragraphs = escape("".join(f"<p>{line}</p>" for line in text.splitlines() if line))
        day = ""
        if published is not None:
            noon = datetime(published.year, published.month, published.day, 12, tzinfo=UTC)
            day = f"<pubDate>{format_datetime(noon)}</pubDate>"
        item = (
            f"<item><title>{escape(title)}</title><link>{escape(link)}</link>{day}"
            f"<description>{paragraphs}</description></item>"
        )
        with self.lock:
            self.items.append(item)


@contextmanager
def feed_server(feed: LiveFeed) -> Iterator[str]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # the name http.server calls
            if self.path != "/feed.xml":
                self.send_error(404)
                return
            body = feed.body()
            self.send_response(200)
            self.send_header("Content-Type", feed.media_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/feed.xml"
    finally:
        server.shutdown()
        server.server_close()


def feed_latency(
    base: str,
    articles: Sequence[Article],
    items: int,
    progress: Callable[[int, int], None] = lambda done, total: None,
    landed_ids: list[str] | None = None,
) -> LoadResult:
    """Seconds from an item appearing in a polled feed to its article being in an event.

    The ids of the articles that landed are appended to ``landed_ids``.
    """
    feed = LiveFeed()
    run = secrets.token_hex(4)  # items of an earlier run on the same store are stored already
    auth = {"X-API-Key": API_KEY}
    latencies: list[float] = []
    errors = 0
    started = time.perf_counter()
    with feed_server(feed) as url, httpx.Client(base_url=base, timeout=60, headers=auth) as api:
        added = api.post("/api/sources", json={"url": url, "interval_seconds": 1})
        added.raise_for_status()
        # Steady state: the first poll (which loads the grouper and the model on a
        # fresh server) has happened before any item is timed.
        _wait_for_first_poll(api, added.json()["id"], deadline=time.perf_counter() + 600)
        for number in range(items):
            real = articles[number % len(articles)]
            marker = f"zq{run}n{number:04d}x"  # one search token, new in every run
            feed.add(f"{real.title} {marker}", real.text, f"https://live.example/{run}/{number}")
            began = time.perf_counter()
            landed = _wait_for_event(api, marker, deadline=began + 120)
            if landed:
                latencies.append((time.perf_counter() - began) * 1000)
                if landed_ids is not None:
                    landed_ids.append(landed)
            else:
                errors += 1
            progress(number + 1, items)
            time.sleep(0.5)  # let the poller settle so items do not arrive in pairs
        api.delete(f"/api/sources/{added.json()['id']}")
    return LoadResult(
        "feed item -> in an event",
        len(latencies),
        errors,
        time.perf_counter() - started,
        tuple(latencies),
    )


def _wait_for_first_poll(api: httpx.Client, source_id: str, deadline: float) -> None:
    while time.perf_counter() < deadline:
        try:
            listed = api.get("/api/sources").json()["sources"]
        except httpx.TransportError:  # a kept-alive connection the server has just closed
            listed = []
        if any(s["id"] == source_id and s["last_polled"] for s in listed):
            return
        time.sleep(0.1)
    raise RuntimeError("the server never polled the benchmark feed; see its log")


def _wait_for_event(api: httpx.Client, marker: str, deadline: float) -> str | None:
    """Until the article shows in its event with its lineage group (traced) through the API;
    its id, or None when the deadline passed."""
    while time.perf_counter() < deadline:
        try:
            hits = api.get("/api/search", params={"q": marker}).json().get("items", [])
            shown = api.get(f"/api/articles/{hits[0]['article']}").json() if hits else {}
            if shown.get("event") and shown.get("lineage_group"):
                return str(hits[0]["article"])
        except httpx.TransportError:  # a kept-alive connection the server has just closed
            pass
        time.sleep(0.02)
    return None


@dataclass(frozen=True, slots=True)
class RewriteResult:
    """Rewrites of stored articles uploaded one at a time, and where they landed."""

    latency: LoadResult  # from sending the upload to its answer (placed, lineage traced)
    right: int  # in the original's event and lineage group, adding no independent report


def rewrite_latency(base: str, originals: Sequence[str]) -> RewriteResult:
    """Upload a newsroom-style rewrite of each original (its first paragraph dropped, a
    line added, a new headline) and time the answer, which comes once it is placed."""
    latencies: list[float] = []
    errors = right = 0
    started = time.perf_counter()
    with httpx.Client(base_url=base, timeout=120, headers={"X-API-Key": API_KEY}) as api:
        for number, original in enumerate(originals):
            shown = api.get(f"/api/articles/{original}").json()
            event, title = shown["event"], shown["article"]["title"]
            paragraphs = [p for p in shown["text"].split("\n") if p.strip()]
            text = "\n".join([*paragraphs[1:], "Agencies contributed to this report."])
            line = {
                "title": f"Rewrite {number}: {title}",
                "text": text,
                "url": f"https://rewrites.example/{original}/{number}",
            }
            began = time.perf_counter()
            answer = api.post(
                "/api/ingest",
                content=json.dumps(line).encode(),
                headers={"Content-Type": "application/x-ndjson"},
            )
            if answer.status_code != 200 or not answer.json()["stored"]:
                errors += 1
                continue
            latencies.append((time.perf_counter() - began) * 1000)
            landed = answer.json()["stored"][0]
            group = api.get(f"/api/articles/{landed['id']}").json()["lineage_group"] or {}
            right += (
                landed["event"] == event["id"]
                and original in group.get("articles", ())
                and landed["independent_reports"] <= event["independent_reports"]
            )
    return RewriteResult(
        LoadResult(
            "uploaded rewrite -> placed, traced",
            len(latencies),
            errors,
            time.perf_counter() - started,
            tuple(latencies),
        ),
        right,
    )


def cpu_count() -> int:
    return os.cpu_count() or 1
