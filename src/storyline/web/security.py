"""The response headers that keep untrusted article text harmless in a browser.

Article titles and bodies are written by strangers. Everything is escaped
when a page is made, and these headers are the second wall: the policy
forbids every script (no page here needs one), every remote request and
framing, so even an escaping mistake could not run code or leak a reader's
visit to a third party.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from starlette.requests import Request
from starlette.responses import Response

STYLESHEET_PATH = "/static/storyline.css"

# base-uri, form-action and frame-ancestors do not fall back to default-src,
# so each is named. The only style sheet is served from this origin.
CONTENT_SECURITY_POLICY = (
    "default-src 'none'; style-src 'self'; img-src data: 'self'; "
    "base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)

SECURITY_HEADERS: dict[str, str] = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}

CallNext = Callable[[Request], Awaitable[Response]]


async def security_headers(request: Request, call_next: CallNext) -> Response:
    """HTTP middleware adding :data:`SECURITY_HEADERS` to every response.

    Add it with ``app.middleware("http")(security_headers)``. A header a route
    already set is left alone, so a page that needs a looser policy (such as
    an interactive API explorer that loads scripts) can send its own.
    """
    response = await call_next(request)
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    return response
