"""Write endpoints (ingest by upload or URL, analyze); every one needs the API key.

Writes run one at a time (``ApiContext.write_lock``) in a worker thread, so
a long analysis never blocks the event loop that serves reads.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Depends, Request
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile

from .. import service
from ..errors import StorylineError
from ..live import uploads
from ..live.fetch import fetch_url, media_type
from ..store import Store, open_store
from .auth import require_api_key
from .context import ApiContext, context_of
from .schemas import AnalyzeOut, ErrorOut, IngestOut, IngestUrlIn, IngestUrlOut

JSONL_TYPES = frozenset({"application/x-ndjson", "application/jsonl", "application/x-jsonlines"})
MAX_FILES = 100

router = APIRouter(
    prefix="/api",
    dependencies=[Depends(require_api_key)],
    tags=["writes (API key)"],
    responses={
        401: {"model": ErrorOut, "description": "No API key, or a wrong one"},
        403: {"model": ErrorOut, "description": "Writes are disabled (no key configured)"},
        413: {"model": ErrorOut, "description": "The body is over the size limit"},
    },
)


class UnsupportedBody(StorylineError):
    """The request body is neither a multipart upload nor JSON lines."""


def ingest_files(ctx: ApiContext, paths: list[Path]) -> dict[str, Any]:
    """Ingest saved files with ``service.ingest``, place what is new (events, stories,
    lineage), and describe where each article went."""
    with ctx.write_lock, open_store(ctx.settings.store_location) as store:
        result = service.ingest(store, paths, ctx.settings)
        known = ctx.pipeline.update(store).reports if result.stored else {}
        placed = _placement(store, [a.id for a in result.articles], known)

    def shown(path: str) -> str:
        return uploads.shown_path(ctx.upload_dir, path)

    def article(ack: service.Acknowledgement) -> dict[str, Any]:
        assert ack.article is not None
        return {
            "id": ack.article.id,
            "path": shown(ack.path),
            "title": ack.article.title,
            **placed.get(ack.article.id, {}),
        }

    return {
        "stored": [
            article(a) for a in result.acknowledgements if a.outcome is service.Outcome.STORED
        ],
        "unchanged": [
            article(a) for a in result.acknowledgements if a.outcome is service.Outcome.UNCHANGED
        ],
        "skipped": [
            {"path": shown(s.path), "reason": s.reason, "message": f"{shown(s.path)}: {s.reason}"}
            for s in result.skipped
        ],
    }


def _placement(
    store: Store, article_ids: list[str], known: dict[str, int]
) -> dict[str, dict[str, Any]]:
    """Event, story and independent reports of each placed article (``known``: reports of
    the events just re-traced; others are read from the store)."""
    found: dict[str, dict[str, Any]] = {}
    reports = dict(known)
    for article_id in dict.fromkeys(article_ids):
        event = store.event_of_article(article_id)
        if event is None:
            continue
        if event.id not in reports:
            reports[event.id] = store.lineage([event.id]).independent_reports(event.id)
        story = store.story_of_event(event.id)
        found[article_id] = {
            "event": event.id,
            "story": story.id if story else None,
            "independent_reports": reports[event.id],
        }
    return found


async def _uploaded_files(request: Request) -> list[tuple[str, bytes]]:
    """(file name, content) of every file in a multipart body, or of a JSON-lines body."""
    kind = media_type(request.headers.get("content-type"))
    if kind in JSONL_TYPES:
        return [("body.jsonl", await request.body())]
    if kind != "multipart/form-data":
        raise UnsupportedBody(
            f"cannot ingest a {kind or 'typeless'} body; send files as multipart/form-data "
            "(field 'file', repeatable) or JSON lines as application/x-ndjson"
        )
    await request.body()  # buffered under the size cap first; the form parser reuses it
    form = await request.form(max_files=MAX_FILES)
    files = [v for _, v in form.multi_items() if isinstance(v, UploadFile)]
    if not files:
        raise UnsupportedBody("the form has no file; send each input in a field named 'file'")
    return [(f.filename or "upload", await f.read()) for f in files]


UPLOAD_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "required": ["file"],
                    "properties": {
                        "file": {
                            "type": "array",
                            "items": {"type": "string", "format": "binary"},
                            "description": "Inputs: .txt, .html, .xml/.rss/.atom, "
                            ".warc(.gz), .jsonl; the suffix picks the reader",
                        }
                    },
                }
            },
            "application/x-ndjson": {
                "schema": {"type": "string", "description": "One JSON article per line"}
            },
        },
    }
}


@router.post(
    "/ingest",
    response_model=IngestOut,
    openapi_extra=UPLOAD_BODY,
    responses={415: {"model": ErrorOut, "description": "Neither an upload nor JSON lines"}},
)
async def ingest(request: Request) -> dict[str, Any]:
    """Store articles from uploaded files or a JSON-lines body, and place them.

    Lists what was stored, what was already present, and what was skipped
    and why. New articles are placed before the answer: each listed article
    names its event and story and the event's independent reports (lineage
    re-traced), exactly as a full ``POST /api/analyze`` would leave them.
    """
    ctx = context_of(request)
    files = await _uploaded_files(request)
    paths = [uploads.save_upload(ctx.upload_dir, name, data) for name, data in files]
    return await run_in_threadpool(ingest_files, ctx, paths)


def fetch_and_ingest(ctx: ApiContext, url: str) -> dict[str, Any]:
    fetched = fetch_url(url, ctx.settings.max_input_bytes, ctx.fetch_policy)
    name = uploads.name_for_url(fetched.url, fetched.suffix)
    path = uploads.save_upload(ctx.upload_dir, name, fetched.body)
    outcome = ingest_files(ctx, [path])
    return {
        **outcome,
        "fetched_url": fetched.url,
        "media_type": fetched.media_type,
        "bytes": len(fetched.body),
    }


@router.post(
    "/ingest/url",
    response_model=IngestUrlOut,
    responses={
        400: {"model": ErrorOut, "description": "The URL may not be fetched"},
        502: {"model": ErrorOut, "description": "The remote server failed"},
    },
)
async def ingest_url(request: Request, body: IngestUrlIn) -> dict[str, Any]:
    """Fetch one page or feed and store its articles.

    Only public http(s) addresses are fetched (every redirect is checked);
    HTML, plain text, RSS/Atom/XML and JSON lines are accepted.
    """
    return await run_in_threadpool(fetch_and_ingest, context_of(request), body.url)


def run_analysis(ctx: ApiContext) -> dict[str, Any]:
    started = time.monotonic()
    with ctx.write_lock, open_store(ctx.settings.store_location) as store:
        analysis = service.analyze(store, ctx.settings, pipeline=ctx.pipeline)
    return {
        "articles": len(analysis.articles),
        "events": len(analysis.events),
        "stories": len(analysis.stories),
        "changes": len(analysis.changes),
        "seconds": round(time.monotonic() - started, 3),
    }


@router.post("/analyze", response_model=AnalyzeOut)
async def analyze(request: Request) -> dict[str, Any]:
    """Group every stored article into events and stories and rebuild the briefs."""
    return await run_in_threadpool(run_analysis, context_of(request))
