"""A cap on request bodies, applied before any handler reads one.

FastAPI reads a request's body before it checks the API key, so without a
cap anyone could make the server buffer gigabytes. Uploads may be as large
as one input file (``max_input_bytes``) plus room for multipart framing;
every other request body is small.
"""

from __future__ import annotations

from starlette.datastructures import Headers
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ..errors import StorylineError

UPLOAD_PATHS = frozenset({"/api/ingest"})
FRAMING_BYTES = 1024 * 1024  # multipart boundaries and headers around the files
SMALL_BODY_BYTES = 64 * 1024


class PayloadTooLarge(StorylineError):
    """A request body is over the server's limit."""


class BodyLimit:
    """ASGI middleware: refuse bodies over the limit, declared or streamed."""

    def __init__(self, app: ASGIApp, max_input_bytes: int) -> None:
        self.app = app
        self.upload_limit = max_input_bytes + FRAMING_BYTES

    def limit_for(self, path: str) -> int:
        return self.upload_limit if path in UPLOAD_PATHS else SMALL_BODY_BYTES

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.limit_for(scope["path"])
        declared = Headers(scope=scope).get("content-length", "")
        if declared.isdigit() and int(declared) > limit:  # refuse before reading a byte
            await error_response(too_large(limit))(scope, receive, send)
            return
        received = 0

        async def capped_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:  # raised inside the handler, so its error handler answers
                    raise too_large(limit)
            return message

        await self.app(scope, capped_receive, send)


def too_large(limit: int) -> PayloadTooLarge:
    return PayloadTooLarge(
        f"the request body is larger than this server's limit of {limit:,} bytes; "
        "send smaller files, or start the server with a larger STORYLINE_MAX_INPUT_BYTES"
    )


def error_response(error: PayloadTooLarge) -> JSONResponse:
    hint = "split the input into several requests"
    return JSONResponse({"error": str(error), "hint": hint}, status_code=413)
