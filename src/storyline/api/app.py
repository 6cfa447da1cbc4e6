"""The FastAPI application: public reads, key-protected writes, JSON errors throughout.

Build one with :func:`create_app` and serve it with uvicorn (``storyline
serve`` does both). Every error answer is ``{"error": ..., "hint": ...}``:
what went wrong, and what the client can do about it.
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException

from .. import __version__
from ..errors import ModelUnavailableError, NotFoundError, StoreError, StorylineError
from ..live.fetch import FetchFailed, FetchPolicy, FetchRefused
from ..settings import Settings
from ..web import build_router, security_headers
from . import routes_read, routes_sources, routes_write
from .auth import AuthError
from .context import ApiContext
from .limits import BodyLimit, PayloadTooLarge, error_response

logger = logging.getLogger(__name__)

DESCRIPTION = """\
News articles grouped into events and stories, with cited briefs.

Reads are public. Writes (`POST /api/ingest`, `/api/ingest/url`, `/api/analyze`)
and feed subscriptions (`/api/sources`) need the server's API key in `X-API-Key`
or `Authorization: Bearer`.
Ids in paths may be any unique prefix of an id.
"""

NOT_FOUND_HINT = (
    "list the ids with GET /api/stories, /api/events or /api/articles "
    "(if they are empty, ingest articles and POST /api/analyze first)"
)


def create_app(
    settings: Settings,
    api_key: str | None = None,
    fetch_policy: FetchPolicy | None = None,
) -> FastAPI:
    """The API over the store at ``settings.db``; writes only when ``api_key`` is set."""
    # The interactive /docs and /redoc pages load scripts from a CDN, which the
    # site's Content-Security-Policy forbids; the OpenAPI document stays at /openapi.json.
    app = FastAPI(
        title="Storyline",
        version=__version__,
        description=DESCRIPTION,
        docs_url=None,
        redoc_url=None,
    )
    app.state.storyline = ApiContext(settings, api_key or None, fetch_policy or FetchPolicy())
    app.include_router(routes_read.router)
    app.include_router(routes_write.router)
    app.include_router(routes_sources.router)
    app.include_router(build_router(settings))  # the web pages, at the site root
    app.add_middleware(BodyLimit, max_input_bytes=settings.max_input_bytes)
    # Outermost, so a refused body (raised inside BodyLimit) never crosses this
    # middleware's task group, and every response, errors included, gets the headers.
    app.middleware("http")(security_headers)
    _add_error_handlers(app)
    return app


def error_body(error: str, hint: str, status: int, **extra: Any) -> JSONResponse:
    return JSONResponse({"error": error, "hint": hint, **extra}, status_code=status)


def _validation_details(exc: RequestValidationError) -> list[dict[str, Any]]:
    # Only location, message and type: the raw input may be large or not JSON.
    return [
        {"loc": [str(p) for p in e.get("loc", ())], "msg": str(e.get("msg")), "type": e.get("type")}
        for e in exc.errors()
    ]


STATUS_HINTS = {
    404: "no such endpoint; every endpoint is listed in /openapi.json",
    405: "this endpoint does not take that method; see /openapi.json",
}


def _add_error_handlers(app: FastAPI) -> None:
    async def auth(request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, AuthError)
        response = error_body(exc.error, exc.hint, exc.status)
        if exc.status == 401:
            response.headers["WWW-Authenticate"] = "Bearer"
        return response

    async def not_found(request: Request, exc: Exception) -> JSONResponse:
        return error_body(str(exc), NOT_FOUND_HINT, 404)

    async def invalid(request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, RequestValidationError)
        details = _validation_details(exc)
        first = details[0] if details else {"loc": [], "msg": "invalid request"}
        where = ".".join(first["loc"])
        return error_body(
            f"invalid request: {where}: {first['msg']}",
            "fix the parameter as described; the allowed values are in /openapi.json",
            422,
            details=details,
        )

    async def http_error(request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, HTTPException)
        hint = STATUS_HINTS.get(exc.status_code, "see /openapi.json for how to call this endpoint")
        response = error_body(str(exc.detail), hint, exc.status_code)
        response.headers.update(exc.headers or {})
        return response

    async def too_large(request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, PayloadTooLarge)
        return error_response(exc)

    async def storyline_error(request: Request, exc: Exception) -> JSONResponse:
        status, hint = _status_of(exc)
        return error_body(str(exc), hint, status)

    async def unexpected(request: Request, exc: Exception) -> JSONResponse:
        logger.exception("unexpected error on %s %s", request.method, request.url.path)
        return error_body("internal error", "the server log has the details; please report it", 500)

    app.add_exception_handler(AuthError, auth)
    app.add_exception_handler(NotFoundError, not_found)
    app.add_exception_handler(RequestValidationError, invalid)
    app.add_exception_handler(HTTPException, http_error)
    app.add_exception_handler(PayloadTooLarge, too_large)
    app.add_exception_handler(StorylineError, storyline_error)
    app.add_exception_handler(Exception, unexpected)


def _status_of(exc: Exception) -> tuple[int, str]:
    """HTTP status and hint for Storyline's own errors (most specific first)."""
    if isinstance(exc, FetchRefused):
        return 400, "give a public http(s) URL of a page or feed"
    if isinstance(exc, FetchFailed):
        return 502, "check the URL opens in a browser, then try again"
    if isinstance(exc, routes_write.UnsupportedBody):
        return 415, "see POST /api/ingest in /openapi.json"
    if isinstance(exc, StoreError | ModelUnavailableError):
        return 503, "the server cannot use its database or models; its operator must fix it"
    return 400, "see /openapi.json for how to call this endpoint"
