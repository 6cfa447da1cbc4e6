"""JSON Lines (``.jsonl``, ``.ndjson``): one article object per line.

Scrapers and dataset dumps name their fields differently, so a few common
synonyms are accepted for each. A bad line is reported as ``file.jsonl:N``
and never stops the good lines around it. Lines are read with a length
bound, so one enormous line cannot fill memory.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from datetime import UTC, date, datetime
from typing import Any, BinaryIO

from ..errors import InputError
from ..models import DateSource
from .build import Draft
from .datelines import parse_date_value
from .decode import decode_utf8, describe_size
from .html import parse_html

_TITLE = ("title", "headline")
_TEXT = ("text", "body", "content")
_URL = ("url", "link")
_OUTLET = ("outlet", "source", "site")
_DATE = ("published", "date", "published_at")
_BYLINE = ("byline", "author")
_SKIP_CHUNK = 1 << 20  # bytes read at a time while skipping an over-long line


def _string_field(record: Mapping[str, Any], names: tuple[str, ...], label: str) -> str | None:
    """The first non-empty string among ``names``; other types are an error."""
    for name in names:
        value = record.get(name)
        if value is None:
            continue
        if not isinstance(value, str):
            raise InputError(label, f"field {name!r} must be a string, not {type(value).__name__}")
        if value.strip():
            return value
    return None


# Unix times above this are taken as milliseconds (1e11 seconds is the year 5138).
_MILLISECONDS_FROM = 10**11


def _date_field(record: Mapping[str, Any], label: str) -> date | None:
    """The publication day: a date string, or a Unix time in seconds or milliseconds.

    A value that names no day (an unreadable string, a time out of range) leaves the
    article undated, as a page without a date would be; a value of another kind (a
    list, true) is an error.
    """
    for name in _DATE:
        value = record.get(name)
        if value is None or (isinstance(value, str) and not value.strip()):
            continue
        if isinstance(value, str):
            return parse_date_value(value)
        if isinstance(value, int | float) and not isinstance(value, bool):
            seconds = value / 1000 if abs(value) >= _MILLISECONDS_FROM else value
            try:
                return datetime.fromtimestamp(seconds, tz=UTC).date()
            except (OverflowError, ValueError, OSError):
                return None
        kind = type(value).__name__
        raise InputError(label, f"field {name!r} must be a date string or a Unix time, not {kind}")
    return None


def record_draft(record: Mapping[str, Any], label: str) -> Draft:
    """A draft article from one decoded JSON object."""
    title = _string_field(record, _TITLE, label)
    text = _string_field(record, _TEXT, label)
    url = _string_field(record, _URL, label)
    published = _date_field(record, label)
    outlet = _string_field(record, _OUTLET, label)
    byline = _string_field(record, _BYLINE, label)
    if text is None:
        html = _string_field(record, ("html",), label)
        if html is None:
            raise InputError(label, f"no article text (expected one of {', '.join(_TEXT)}, html)")
        page = parse_html(html, label, url_hint=url)
        return Draft(
            path=label,
            paragraphs=page.paragraphs,
            title=title or page.title,
            url=url or page.url,
            outlet=outlet or page.outlet,
            published=published or page.published,
            date_source=DateSource.METADATA if published else page.date_source,
            byline=byline or page.byline,
        )
    return Draft(
        path=label,
        paragraphs=text.replace("\r\n", "\n").replace("\r", "\n").split("\n"),
        title=title,
        url=url,
        outlet=outlet,
        published=published,
        date_source=DateSource.METADATA,
        byline=byline,
    )


def parse_line(raw: bytes, label: str) -> Draft:
    """Decode, parse and convert one line of a JSONL file."""
    text = decode_utf8(raw, label)
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(label, f"invalid JSON: {exc.msg} at column {exc.colno}") from exc
    except RecursionError as exc:
        raise InputError(label, "invalid JSON: nested too deeply") from exc
    if not isinstance(value, dict):
        raise InputError(label, f"expected a JSON object, found {type(value).__name__}")
    return record_draft(value, label)


def _skip_rest_of_line(stream: BinaryIO) -> None:
    while True:
        chunk = stream.readline(_SKIP_CHUNK)
        if not chunk or chunk.endswith(b"\n"):
            return


def jsonl_drafts(stream: BinaryIO, path: str, line_limit: int) -> Iterator[Draft | InputError]:
    """A draft (or the reason it failed) per non-blank line, labelled ``path:N``."""
    number = 0
    while True:
        raw = stream.readline(line_limit + 1)
        if not raw:
            return
        number += 1
        label = f"{path}:{number}"
        if len(raw) > line_limit and not raw.endswith(b"\n"):
            _skip_rest_of_line(stream)
            yield InputError(
                label,
                f"line longer than the {describe_size(line_limit)} limit "
                "(raise --max-input-bytes to ingest it)",
            )
            continue
        if number == 1:
            raw = raw.removeprefix(b"\xef\xbb\xbf")
        if not raw.strip():
            continue
        try:
            yield parse_line(raw, label)
        except InputError as exc:
            yield exc
