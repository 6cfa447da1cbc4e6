"""HTML pages: main text and metadata via trafilatura, dates never invented.

trafilatura finds the article body and drops navigation, ads and footers.
Two of its defaults are wrong for us and are overridden:

* ``include_comments`` is on by default; reader comments are not the article.
* Its date search is "extensive" by default, which falls back to guesses
  such as the copyright year in the footer ("© 2025" becomes 2025-01-01).
  We ask htmldate (through trafilatura) for the *original* date from
  structured sources only: meta tags, JSON-LD, ``<time>`` elements and a
  full date in the URL. If those say nothing, a visible dateline near the top
  of the text (our own parser) is the only other source; otherwise the
  article has no date.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from typing import Any

import trafilatura

from ..errors import InputError
from ..models import DateSource
from .build import Draft, http_url, outlet_from_url, sane_outlet
from .datelines import read_dateline
from .decode import decode_declared
from .noise import is_boilerplate

# Passed to htmldate by trafilatura: structured sources only, publication date.
_DATE_PARAMS = {"extensive_search": False, "original_date": True}
# How many lines of extracted text may hold a visible dateline or byline.
_DATELINE_WINDOW = 5
# Where to look for a charset declaration: it must come early in the head.
_CHARSET_WINDOW = 4096
_META_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:\-]{1,40})""")
_ISO_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")
_SEGMENT_SPLIT = re.compile(r"\s+[|•·]\s+")
_BYLINE_SEGMENT = re.compile(r"^by\s+\S", re.IGNORECASE)

NO_TEXT = "no article text found in HTML"
# Fewer words than this is a page fragment ("Home"), not an article.
MIN_WORDS = 4


def declared_charset(data: bytes) -> str | None:
    """The charset a page declares in a ``<meta>`` tag near its start, if any."""
    match = _META_CHARSET.search(data[:_CHARSET_WINDOW])
    return match.group(1).decode("ascii") if match else None


def decode_html(data: bytes, label: str, charset: str | None = None) -> str:
    """Page bytes to text: BOM, then the given charset (HTTP), then meta, then UTF-8."""
    return decode_declared(data, charset or declared_charset(data), label)


def _iso_date(value: object) -> date | None:
    if not isinstance(value, str):
        return None
    match = _ISO_DAY.match(value)
    if match is None:
        return None
    try:
        return date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    except ValueError:
        return None


def _header_date(line: str) -> tuple[bool, date | None]:
    """Whether ``line`` is byline/dateline furniture, and the date it gives.

    Handles lines like "By Staff Reporter | Published Mon Jun 02 2025 14:35 GMT":
    every segment must be a byline or a dateline, and at least one a dateline.
    """
    segments = [s.strip() for s in _SEGMENT_SPLIT.split(line) if s.strip()]
    found_date: date | None = None
    any_dateline = False
    for segment in segments:
        dateline = read_dateline(segment)
        if dateline is not None:
            any_dateline = True
            found_date = found_date or dateline.date
        elif not (_BYLINE_SEGMENT.match(segment) and len(segment.split()) <= 6):
            return False, None
    return any_dateline, found_date


def visible_date(lines: Sequence[str]) -> tuple[list[str], date | None]:
    """Drop dateline/byline lines at the top of the text; return the first date seen."""
    kept: list[str] = []
    published: date | None = None
    for position, line in enumerate(lines):
        if position < _DATELINE_WINDOW:
            is_header, found = _header_date(line)
            if is_header:
                published = published or found
                continue
        kept.append(line)
    return kept, published


def _extract(html: str, url: str | None) -> dict[str, Any] | None:
    document = trafilatura.bare_extraction(
        html,
        url=url,
        with_metadata=True,
        include_comments=False,
        date_extraction_params=dict(_DATE_PARAMS),
    )
    if document is None:
        return None
    result = document if isinstance(document, dict) else document.as_dict()
    return dict(result)


def parse_html(html: str, path: str, url_hint: str | None = None) -> Draft:
    """A draft article from an HTML page; raise InputError if it has no text."""
    try:
        found = _extract(html, http_url(url_hint))
    except (ValueError, TypeError, AttributeError) as exc:
        # lxml and trafilatura raise these on pathological markup.
        raise InputError(path, f"{NO_TEXT} (the HTML could not be parsed: {exc})") from exc
    text = found.get("text") if found else None
    if found is None or not isinstance(text, str) or not text.strip():
        raise InputError(path, NO_TEXT)
    lines = [line for line in text.split("\n") if line.strip()]
    lines, seen_date = visible_date(lines)
    content = [line for line in lines if not is_boilerplate(line)]
    if sum(len(line.split()) for line in content) < MIN_WORDS:
        # trafilatura falls back to any text at all, such as a lone nav link.
        raise InputError(path, NO_TEXT)
    url = http_url(found.get("url")) or http_url(url_hint)
    metadata_date = _iso_date(found.get("date"))
    published = metadata_date or seen_date
    return Draft(
        path=path,
        paragraphs=lines,
        title=found.get("title") if isinstance(found.get("title"), str) else None,
        url=url,
        outlet=sane_outlet(found.get("sitename")) or outlet_from_url(url),
        published=published,
        date_source=DateSource.METADATA if metadata_date else DateSource.DATELINE,
        byline=found.get("author") if isinstance(found.get("author"), str) else None,
    )
