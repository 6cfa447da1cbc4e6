"""Adding live sources and moving their schedule on after each poll.

A source is polled every ``interval_seconds``. A failing one backs off
(the interval doubled per consecutive failure, capped at
:data:`MAX_BACKOFF_SECONDS`), and never sooner than a server's own
``Retry-After``; one success resets it.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit

from .. import ids
from ..errors import InputError
from ..models import Source, SourceKind
from .fetch import FetchFailed, FetchPolicy, Resolver, check_url, system_resolver

MIN_INTERVAL_SECONDS = 1
MAX_INTERVAL_SECONDS = 7 * 24 * 3600
MAX_BACKOFF_SECONDS = 6 * 3600
MAX_URL_CHARS = 2000


def now_utc() -> datetime:
    return datetime.now(UTC)


def _checked_interval(seconds: int) -> int:
    if not MIN_INTERVAL_SECONDS <= seconds <= MAX_INTERVAL_SECONDS:
        raise InputError(
            "interval",
            f"{seconds} s is out of range; poll between every {MIN_INTERVAL_SECONDS} s "
            f"and every {MAX_INTERVAL_SECONDS // 86400} days",
        )
    return seconds


def _due_now(
    kind: SourceKind, location: str, interval_seconds: int, now: datetime | None
) -> Source:
    moment = now or now_utc()
    return Source(
        id=ids.source_id(kind.value, location),
        kind=kind,
        location=location,
        interval_seconds=_checked_interval(interval_seconds),
        next_poll=moment,
        added=moment,
    )


def feed_source(url: str, interval_seconds: int, now: datetime | None = None) -> Source:
    """A subscription to ``url`` (http or https), due at once."""
    url = url.strip()
    parts = urlsplit(url)
    if parts.scheme not in {"http", "https"} or not parts.hostname or len(url) > MAX_URL_CHARS:
        raise InputError(url[:200], "not a feed address; give a full http:// or https:// URL")
    return _due_now(SourceKind.FEED, url, interval_seconds, now)


def check_subscription(
    url: str, policy: FetchPolicy, resolver: Resolver = system_resolver
) -> str | None:
    """Refuse a feed on an address the fetcher would refuse (FetchRefused), now rather than
    at its first poll. Returns a warning when the host cannot be resolved yet (the fetcher
    checks again at every poll)."""
    try:
        check_url(url, policy, resolver)
    except FetchFailed as exc:
        return f"{exc}; subscribed anyway, it will be checked again at every poll"
    return None


def folder_source(folder: Path, interval_seconds: int, now: datetime | None = None) -> Source:
    """A watched folder (absolute path), due at once."""
    if not folder.is_dir():
        raise InputError(str(folder), "no such folder; create it or give an existing one")
    return _due_now(SourceKind.FOLDER, str(folder.resolve()), interval_seconds, now)


def succeeded(source: Source, now: datetime, status: str, stored: int = 0) -> Source:
    return replace(
        source,
        failures=0,
        last_polled=now,
        last_status=status,
        articles=source.articles + stored,
        next_poll=now + timedelta(seconds=source.interval_seconds),
    )


def failed(source: Source, now: datetime, reason: str, retry_after: float | None = None) -> Source:
    failures = source.failures + 1
    delay = min(source.interval_seconds * 2**failures, MAX_BACKOFF_SECONDS)
    delay = max(delay, retry_after or 0.0)
    return replace(
        source,
        failures=failures,
        last_polled=now,
        last_status=f"failed ({failures} in a row): {reason}",
        next_poll=now + timedelta(seconds=delay),
    )


def deferred(source: Source, now: datetime, seconds: float) -> Source:
    """Not polled now (the site asks for a pause between requests); try again soon."""
    return replace(source, next_poll=now + timedelta(seconds=seconds))
