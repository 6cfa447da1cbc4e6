"""Server-rendered web pages over the store: stories, events, articles, search.

No page runs JavaScript. Article content is untrusted: it is escaped where
each page is made, and :func:`security_headers` adds a Content-Security-Policy
that forbids scripts and remote requests outright.
"""

from __future__ import annotations

from .routes import build_router
from .security import CONTENT_SECURITY_POLICY, SECURITY_HEADERS, security_headers

__all__ = ["CONTENT_SECURITY_POLICY", "SECURITY_HEADERS", "build_router", "security_headers"]
