"""Assemble an :class:`Article` from the pieces each format reader found.

Every reader ends here, so the rules that hold for all formats live in one
place: text is cleaned of page noise, must not be empty or over the size
limit, and the id is derived from the content.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from urllib.parse import urlsplit

from tld import get_fld

from ..errors import InputError
from ..ids import article_id
from ..models import Article, DateSource
from ..settings import Settings
from .noise import remove_noise

# A title made from the first text line is cut near this many characters.
_DERIVED_TITLE_CHARS = 120
_HOST_NAME = re.compile(r"^(?:[a-z0-9-]+\.)+[a-z]{2,}$", re.IGNORECASE)
# Site names longer than this are usually a headline glued to the name.
_MAX_OUTLET_CHARS = 60


@dataclass(frozen=True, slots=True)
class Draft:
    """What a reader extracted, before cleaning and validation."""

    path: str
    paragraphs: Sequence[str]
    title: str | None = None
    url: str | None = None
    outlet: str | None = None
    published: date | None = None
    date_source: DateSource = DateSource.UNKNOWN
    byline: str | None = None
    # Paragraphs kept before the title check (a lede that doubles as a title).
    lead: Sequence[str] = ()


def clean_field(value: str | None) -> str | None:
    """Collapse whitespace and NFC-normalise a metadata field; empty becomes None."""
    if value is None:
        return None
    collapsed = " ".join(unicodedata.normalize("NFC", value).split())
    return collapsed or None


def http_url(value: str | None) -> str | None:
    """``value`` if it is an absolute http(s) URL with a host, else None."""
    text = clean_field(value)
    if text is None or " " in text:
        return None
    try:
        parts = urlsplit(text)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    return text


def outlet_from_url(url: str | None) -> str | None:
    """The registrable domain of a URL without "www." ("ocregister.com").

    Private suffixes count (each blogspot blog is its own outlet). Hosts with
    no public suffix (IP addresses, "localhost") fall back to the host name.
    """
    if url is None:
        return None
    try:
        host = urlsplit(url).hostname
    except ValueError:
        return None
    if not host:
        return None
    domain = get_fld(url, fail_silently=True, search_private=True)
    if isinstance(domain, str) and domain:
        return domain.lower()
    return host.lower().removeprefix("www.")


def sane_outlet(name: str | None) -> str | None:
    """A site name as published by the page, unless it looks like a headline."""
    text = clean_field(name)
    if text is None or len(text) > _MAX_OUTLET_CHARS or "|" in text or len(text.split()) > 6:
        return None
    if _HOST_NAME.match(text):
        # Extractors fill in the host name when a page has no site name;
        # reduce it to the registrable domain like any other URL.
        return outlet_from_url(f"http://{text}")
    return text


def title_from_text(paragraphs: Sequence[str]) -> str:
    """A title for an article that has none: its first line, cut at a word."""
    first = paragraphs[0] if paragraphs else ""
    if len(first) <= _DERIVED_TITLE_CHARS:
        return first
    cut = first[:_DERIVED_TITLE_CHARS].rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:-—") + "…"


def finish(draft: Draft, settings: Settings) -> Article:
    """Clean the draft's text and make the Article, or raise InputError."""
    title = clean_field(draft.title)
    body = list(draft.lead) + remove_noise((p.strip() for p in draft.paragraphs), title)
    body = [" ".join(p.split()) for p in body if p.strip()]
    text = "\n".join(body)
    if not text:
        raise InputError(draft.path, "no article text found")
    if len(text) > settings.max_article_chars:
        raise InputError(
            draft.path,
            f"article text is {len(text):,} characters, over the limit of "
            f"{settings.max_article_chars:,} (raise --max-article-chars to ingest it)",
        )
    if title is None:
        title = title_from_text(body)
    url = http_url(draft.url)
    outlet = clean_field(draft.outlet) or outlet_from_url(url)
    published = draft.published
    return Article(
        id=article_id(title, text, url),
        title=title,
        text=text,
        path=draft.path,
        outlet=outlet,
        url=url,
        published=published,
        date_source=draft.date_source if published is not None else DateSource.UNKNOWN,
        byline=clean_field(draft.byline),
    )
