"""The live index holds what a fresh analysis would, through the real server.

Real articles (the seeds and ECB+ dev documents) arrive at a running
``storyline serve`` in many small batches by every live path: file uploads,
a polled RSS feed and a watched folder. Afterwards the store must hold the
same events, stories, history, lineage (groups, links, credits, so the same
independent-report counts) and the same conflicts and timelines as one fresh
``analyze`` of the same articles, in the same order, over the same vectors.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import Any

import httpx
import pytest

from storyline import ids, reading, service
from storyline.extract.cache import VERSION as PARSE_VERSION
from storyline.ingest import read_inputs
from storyline.models import Article
from storyline.nlp.embed import make_model_embedder
from storyline.nlp.sentences import split_sentences
from storyline.pipeline.grouping import arrival_order
from storyline.settings import Settings, load_settings
from storyline.store import Store, open_store
from storyline_bench.load import API_KEY, LiveFeed, feed_server, serving
from tests.conftest import ECBPLUS, SEEDS

# A real server fed a live stream, against a fresh analysis: slow. `make test-fast`
# deselects it (-m "not slow"); CI runs it.
pytestmark = pytest.mark.slow

ECB = ECBPLUS / "docs"
DOCUMENTS = 300  # ECB+ documents, with the 5 seeds: 305 articles, and at least one merge
BATCH = 7  # articles per arrival: 44 arrivals
# The int8 backend embeds three times as fast as torch; what is compared here (the live
# path against one analysis, over the same vectors) does not depend on the backend, and
# tests/test_chain.py compares the two paths with torch.
BACKEND = "onnx-int8"


# -- the server ---------------------------------------------------------------------
@contextmanager
def _serve(db: Path, onnx_dir: Path) -> Iterator[httpx.Client]:
    backend = {"STORYLINE_EMBEDDING_BACKEND": BACKEND, "STORYLINE_ONNX_MODEL_DIR": str(onnx_dir)}
    with (
        serving(db, env=backend, start_within=120) as base,
        httpx.Client(base_url=base, headers={"X-API-Key": API_KEY}, timeout=300) as client,
    ):
        yield client


# -- what the store holds ---------------------------------------------------------------
def _snapshot(store: Store, settings: Settings) -> dict[str, Any]:
    lineage = store.lineage()
    events = store.events()
    largest = sorted(events, key=lambda e: (-len(e.article_ids), e.id))[:4]
    briefs = {e.id: reading.show(store, settings, e.id).brief for e in largest}
    return {
        "events": sorted((e.id, e.article_ids, e.label, e.start, e.end) for e in events),
        "stories": sorted((s.id, s.event_ids, s.label) for s in store.stories()),
        "history": store.event_changes(),
        "groups": sorted(
            (g.id, g.event_id, g.article_ids, g.origin, g.origin_reason, g.credited)
            for g in lineage.groups
        ),
        "links": sorted(
            (k.a, k.b, k.relation, k.aligned, round(k.share, 9), round(k.containment, 9))
            for k in lineage.links
        ),
        "credits": sorted((c.article_id, c.outlet, c.span.start, c.form) for c in lineage.credits),
        "independent": {e.id: lineage.independent_reports(e.id) for e in events},
        "conflicts": {k: repr(b.conflicts) for k, b in briefs.items()},
        "timelines": {k: repr(b.timeline) for k, b in briefs.items()},
    }


def _fresh_analysis(live: Path, fresh: Path, settings: Settings) -> dict[str, Any]:
    """One analysis of the live store's articles, in its order, over its vectors and parses
    (both are caches keyed by content, so this tests the grouping, not the models twice)."""
    model = make_model_embedder(settings).name
    with open_store(live) as source, open_store(fresh) as store:
        articles = source.articles()
        keys = sorted({ids.sentence_hash(s.text) for a in articles for s in split_sentences(a)})
        for start in range(0, len(keys), 2_000):
            store.save_vectors(model, source.load_vectors(model, keys[start : start + 2_000]))
        parses = source.load_extractions(PARSE_VERSION, [a.id for a in articles])
        assert len(parses) == len(articles)  # the live path parsed every article
        store.add_articles(articles)
        store.save_extractions(PARSE_VERSION, parses)
        fresh_settings = replace(settings, db=fresh)
        service.analyze(store, fresh_settings)
        return _snapshot(store, fresh_settings)


# -- the test ---------------------------------------------------------------------------
@pytest.fixture(scope="module")
def arrivals() -> list[tuple[Path, Article]]:
    if not ECB.is_dir() or not SEEDS.is_dir():
        pytest.skip("the ECB+ dev documents or the seeds are not beside the project")
    paths = sorted(SEEDS.glob("*.txt")) + sorted(ECB.iterdir())[:DOCUMENTS]
    read = [(p, a) for p in paths for a in read_inputs([p], load_settings())]
    by_id = {a.id: (p, a) for p, a in read if isinstance(a, Article)}
    # Arrival order: each batch is then placed exactly as one analysis would place it.
    return [by_id[a.id] for a in arrival_order([a for _, a in by_id.values()])]


def test_live_additions_through_the_server_equal_a_fresh_analysis(
    tmp_path: Path, arrivals: list[tuple[Path, Article]], onnx_model_dir: Path
) -> None:
    live_db, inbox = tmp_path / "live.db", tmp_path / "inbox"
    inbox.mkdir()
    # What Python's own http.server sends for .rss: it must be read as a feed.
    feed = LiveFeed(media_type="application/x-rss+xml")
    batches = [arrivals[i : i + BATCH] for i in range(0, len(arrivals), BATCH)]
    with feed_server(feed) as feed_url, _serve(live_db, onnx_model_dir) as api:
        feed_id = api.post("/api/sources", json={"url": feed_url, "interval_seconds": 86400})
        assert feed_id.status_code == 201, feed_id.text
        subprocess.run(
            [
                sys.executable,
                "-m",
                "storyline",
                "watch",
                str(inbox),
                "--db",
                str(live_db),
                "--every",
                "1d",
            ],
            check=True,
            capture_output=True,
        )
        folder_id = next(
            s["id"] for s in api.get("/api/sources").json()["sources"] if s["kind"] == "folder"
        )
        for number, batch in enumerate(batches):
            # Uploads first: this stream merges two events at the 37th arrival. Then
            # every way in turn.
            way = 0 if number < len(batches) - 9 else (number + 1) % 3
            if way == 1 and any(a.text.strip() == a.title.strip() for _, a in batch):
                way = 0  # a feed item whose text is its title has no text: upload those
            if way == 0:  # uploaded files
                files = [("file", (p.name, p.read_bytes())) for p, _ in batch]
                answer = api.post("/api/ingest", files=files)
                assert answer.status_code == 200, answer.text
                assert all(a["event"] for a in answer.json()["stored"])  # placed before the answer
            elif way == 1:  # a feed that gained items
                for _, article in batch:  # the feed keeps its earlier items, as feeds do
                    link = f"http://127.0.0.1/wire/{article.id}"
                    feed.add(article.title, article.text, link, article.published)
                polled = api.post(f"/api/sources/{feed_id.json()['id']}/poll")
                assert polled.json()["stored"] == len(batch), polled.text
            else:  # files dropped into a watched folder
                for position, (path, _) in enumerate(batch):
                    shutil.copy(path, inbox / f"{number:03d}-{position:02d}-{path.name}")
                time.sleep(1.2)  # a file is read once it has stopped changing for a second
                polled = api.post(f"/api/sources/{folder_id}/poll")
                assert polled.json()["stored"] == len(batch), polled.text
    settings = Settings(db=live_db, embedding_backend=BACKEND, onnx_model_dir=onnx_model_dir)
    with open_store(live_db) as store:
        stored = store.articles()
        assert len(stored) == len(arrivals)
        assert arrival_order(stored) == stored  # the same order a fresh analysis uses
        live = _snapshot(store, settings)
    fresh = _fresh_analysis(live_db, tmp_path / "fresh.db", settings)

    kinds = {c.kind.value for c in live["history"]}
    assert "merged" in kinds, "the stream should merge events at least once"
    assert len(batches) >= 20 and len(arrivals) >= 200
    assert sum(live["independent"].values()) < len(arrivals)  # lineage found copies
    for part in live:
        assert live[part] == fresh[part], part
