"""robots.txt rules per site, so a subscribed feed is fetched only as its site allows.

A site's rules are fetched once (through the same safe fetcher as the feeds,
so they cannot be used to reach a private address either) and kept for a
day. As crawlers conventionally do: a missing robots.txt (4xx) allows
everything; a server error or an unreachable site postpones the fetch rather
than assuming permission. ``Crawl-delay`` sets the least time between two
requests to the site, never below :data:`MIN_DELAY_SECONDS`.
"""

from __future__ import annotations

import threading
import time
import urllib.robotparser
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit

from .fetch import ROBOTS_AGENT, Fetched, FetchFailed, FetchPolicy, FetchRefused, fetch_url

MAX_ROBOTS_BYTES = 512 * 1024
RULES_TTL_SECONDS = 24 * 3600.0
MIN_DELAY_SECONDS = 1.0
MAX_DELAY_SECONDS = 3600.0

Fetcher = Callable[[str], Fetched]


class RobotsUnavailable(Exception):
    """The site's robots.txt could not be read right now; try the feed later."""


@dataclass
class _Site:
    parser: urllib.robotparser.RobotFileParser
    fetched_at: float
    delay: float
    last_request: float = 0.0


def site_of(url: str) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc.rsplit("@", 1)[-1], "", "", ""))


class Robots:
    """Per-site rules and request pacing, shared by every poll of one worker."""

    def __init__(self, policy: FetchPolicy | None = None, fetcher: Fetcher | None = None) -> None:
        policy = policy or FetchPolicy()
        self._fetch = fetcher or (lambda url: fetch_url(url, MAX_ROBOTS_BYTES, policy))
        self._sites: dict[str, _Site] = {}
        self._lock = threading.Lock()

    def allowed(self, url: str) -> bool:
        """Whether the site lets Storyline fetch ``url``; raises RobotsUnavailable."""
        return self._site(url).parser.can_fetch(ROBOTS_AGENT, url)

    def wait_seconds(self, url: str) -> float:
        """How long until the site may be asked again (0 when it may be asked now)."""
        site = self._site(url)
        return max(0.0, site.last_request + site.delay - time.monotonic())

    def record_request(self, url: str) -> None:
        self._site(url).last_request = time.monotonic()

    def _site(self, url: str) -> _Site:
        key = site_of(url)
        with self._lock:
            site = self._sites.get(key)
        if site is not None and time.monotonic() - site.fetched_at < RULES_TTL_SECONDS:
            return site
        parser = urllib.robotparser.RobotFileParser()
        try:
            fetched = self._fetch(key + "/robots.txt")
            parser.parse(fetched.body.decode("utf-8", "replace").splitlines())
        except FetchFailed as exc:
            if exc.status is None or exc.status >= 500 or exc.status == 429:
                raise RobotsUnavailable(f"robots.txt of {key} unavailable: {exc}") from exc
            parser.parse([])  # no robots.txt: everything is allowed
        except FetchRefused:
            parser.parse([])  # a robots.txt of a type or size we refuse says nothing usable
        delay = parser.crawl_delay(ROBOTS_AGENT)
        site = _Site(
            parser,
            time.monotonic(),
            min(max(float(delay or 0), MIN_DELAY_SECONDS), MAX_DELAY_SECONDS),
            site.last_request if site else 0.0,
        )
        with self._lock:
            self._sites[key] = site
        return site
