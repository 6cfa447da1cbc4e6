"""Feed subscriptions over the API: list, add, remove, and poll one now (all need the key).

Folders can only be watched from the command line: a folder path from a
network client would let it read the server's disk.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Request, Response
from starlette.concurrency import run_in_threadpool

from .. import reading, report
from ..live import sources, worker
from ..store import open_store
from .auth import require_api_key
from .context import ApiContext, context_of
from .schemas import ErrorOut, PollOut, SourceIn, SourceOut, SourcesOut

router = APIRouter(
    prefix="/api/sources",
    dependencies=[Depends(require_api_key)],
    tags=["live sources (API key)"],
    responses={
        401: {"model": ErrorOut, "description": "No API key, or a wrong one"},
        403: {"model": ErrorOut, "description": "Writes are disabled (no key configured)"},
        413: {"model": ErrorOut, "description": "The body is over the size limit"},
    },
)


def _list(ctx: ApiContext) -> dict[str, Any]:
    with open_store(ctx.settings.store_location) as store:
        return {"sources": [report.source_json(s) for s in store.sources()]}


@router.get("", response_model=SourcesOut)
async def list_sources(request: Request) -> dict[str, Any]:
    """Every feed and watched folder, with when it was last polled and how that went."""
    return await run_in_threadpool(_list, context_of(request))


def _add(ctx: ApiContext, body: SourceIn) -> dict[str, Any]:
    source = sources.feed_source(
        body.url, body.interval_seconds or ctx.settings.poll_interval_seconds
    )
    sources.check_subscription(source.location, ctx.fetch_policy)
    with open_store(ctx.settings.store_location) as store:
        store.save_source(source)
    if ctx.worker is not None:
        ctx.worker.wake()
    return report.source_json(source)


@router.post(
    "",
    response_model=SourceOut,
    status_code=201,
    responses={400: {"model": ErrorOut, "description": "Not an http(s) URL, or a bad interval"}},
)
async def add_source(request: Request, body: SourceIn) -> dict[str, Any]:
    """Subscribe to a feed: the server polls it every ``interval_seconds`` and groups what is new.

    Subscribing again to the same URL resets its schedule and interval. Only
    public addresses are fetched, as robots.txt allows.
    """
    return await run_in_threadpool(_add, context_of(request), body)


def _remove(ctx: ApiContext, prefix: str) -> None:
    with open_store(ctx.settings.store_location) as store:
        store.remove_source(reading.resolve_source(store, prefix).id)


@router.delete("/{source_id}", status_code=204, responses={404: {"model": ErrorOut}})
async def remove_source(request: Request, source_id: str) -> Response:
    """Stop polling a source (the articles it brought stay)."""
    await run_in_threadpool(_remove, context_of(request), source_id)
    return Response(status_code=204)


def _poll(ctx: ApiContext, prefix: str) -> dict[str, Any]:
    with ctx.write_lock, open_store(ctx.settings.store_location) as store:
        source = reading.resolve_source(store, prefix)
        poll = worker.poll_source(store, ctx.settings, source, ctx.robots, ctx.fetch_policy)
        placed = ctx.pipeline.update(store) if poll.stored else None
        events, stories = store.count_events(), store.count_stories()
    return {
        "source": report.source_json(poll.source),
        "polled": poll.polled,
        "stored": poll.stored,
        "unchanged": poll.unchanged,
        "skipped": list(poll.skipped),
        "analysed": placed is not None and placed.wrote,
        "events": events,
        "stories": stories,
    }


@router.post("/{source_id}/poll", response_model=PollOut, responses={404: {"model": ErrorOut}})
async def poll_source(request: Request, source_id: str) -> dict[str, Any]:
    """Poll one source now (not waiting for its turn) and group what it brought."""
    return await run_in_threadpool(_poll, context_of(request), source_id)
