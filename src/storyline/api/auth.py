"""The API key that write endpoints require; reads need none.

The key travels in ``X-API-Key`` or ``Authorization: Bearer``, never in the
URL (URLs end up in access logs). It is compared in constant time, and never
logged or echoed back.
"""

from __future__ import annotations

import hmac
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import APIKeyHeader, HTTPAuthorizationCredentials, HTTPBearer

from .context import context_of

KEY_HEADER = APIKeyHeader(name="X-API-Key", auto_error=False, description="The server's API key")
BEARER = HTTPBearer(auto_error=False, description="The server's API key as a bearer token")


class AuthError(Exception):
    """A write was refused; ``status`` is 401 (no or wrong key) or 403 (writes disabled)."""

    def __init__(self, status: int, error: str, hint: str) -> None:
        super().__init__(error)
        self.status = status
        self.error = error
        self.hint = hint


def keys_match(given: str, expected: str) -> bool:
    """Constant-time comparison: the time taken says nothing about how much matched."""
    return hmac.compare_digest(given.encode("utf-8"), expected.encode("utf-8"))


def require_api_key(
    request: Request,
    header_key: Annotated[str | None, Depends(KEY_HEADER)],
    bearer: Annotated[HTTPAuthorizationCredentials | None, Depends(BEARER)],
) -> None:
    """A FastAPI dependency: pass only when the request carries the server's key."""
    expected = context_of(request).api_key
    if not expected:
        raise AuthError(
            403,
            "writes are disabled on this server: it was started without an API key",
            "restart it with `storyline serve --api-key KEY` or set STORYLINE_API_KEY",
        )
    given = header_key or (bearer.credentials if bearer else None)
    if not given:
        raise AuthError(
            401,
            "this endpoint needs the server's API key",
            "send it as the X-API-Key header or as 'Authorization: Bearer KEY'",
        )
    if not keys_match(given, expected):
        raise AuthError(
            401, "the API key is not valid", "check the key the server was started with"
        )
