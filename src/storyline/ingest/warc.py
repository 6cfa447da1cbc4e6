"""Web archives (``.warc``, ``.warc.gz``): every archived HTML page is an article.

Only ``response`` records whose HTTP status is 2xx and whose content type is
HTML are articles; requests, metadata, images, scripts and redirects are
part of any crawl and are passed over silently. The record's
``WARC-Target-URI`` is the page URL. ``WARC-Date`` is when the page was
*crawled*, not when it was published, so it is never used as a date.

A ``.warc.gz`` is a chain of gzip members, one per record. A download cut
short leaves a partial last member, which warcio reads without complaint as
a shortened page, so the chain is checked first and only complete members
are handed to warcio.
"""

from __future__ import annotations

import io
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from ..errors import InputError
from .build import Draft
from .decode import too_large_reason
from .html import decode_html, parse_html

_GZIP_WINDOW = 16 + zlib.MAX_WBITS  # wbits value that makes zlib expect a gzip header
_DECOMPRESS_STEP = 1 << 16  # bytes of output per zlib call; discarded, only validity matters
_HTML_TYPES = ("text/html", "application/xhtml+xml")


@dataclass(frozen=True, slots=True)
class GzipCheck:
    """Where the last complete gzip member ends, and whether anything follows it."""

    complete_end: int
    truncated: bool
    error: str | None = None


def check_gzip_members(data: bytes) -> GzipCheck:
    """Walk the gzip members of ``data`` without keeping their output."""
    position = 0
    complete_end = 0
    while position < len(data):
        decompressor = zlib.decompressobj(_GZIP_WINDOW)
        pending = data[position:]
        try:
            while pending and not decompressor.eof:
                decompressor.decompress(pending, _DECOMPRESS_STEP)
                pending = decompressor.unconsumed_tail
        except zlib.error as exc:
            return GzipCheck(complete_end, truncated=True, error=str(exc))
        if not decompressor.eof:
            return GzipCheck(complete_end, truncated=True)
        position = len(data) - len(decompressor.unused_data)
        complete_end = position
        if not decompressor.unused_data.strip(b"\x00"):
            # Trailing zero padding after the last member is harmless.
            break
    return GzipCheck(complete_end, truncated=False)


def _header(headers: Any, name: str) -> str | None:
    if headers is None:
        return None
    value = headers.get_header(name)
    return value if isinstance(value, str) else None


def _charset(content_type: str) -> str | None:
    for part in content_type.split(";")[1:]:
        key, _, value = part.partition("=")
        if key.strip().lower() == "charset":
            return value.strip().strip("\"'") or None
    return None


def _is_html_page(record: Any) -> bool:
    if record.rec_type != "response" or record.http_headers is None:
        return False
    status = str(record.http_headers.get_statuscode() or "")
    content_type = (_header(record.http_headers, "Content-Type") or "").lower()
    return status.startswith("2") and content_type.startswith(_HTML_TYPES)


def _record_draft(record: Any, label: str, limit: int) -> Draft:
    body = record.content_stream().read(limit + 1)
    if len(body) > limit:
        raise InputError(label, too_large_reason(limit))
    content_type = _header(record.http_headers, "Content-Type") or ""
    url = _header(record.rec_headers, "WARC-Target-URI")
    text = decode_html(body, label, _charset(content_type))
    return parse_html(text, label, url_hint=url)


def warc_drafts(data: bytes, path: str, limit: int) -> Iterator[Draft | InputError]:
    """A draft (or the reason it failed) per HTML page, labelled ``path#N``.

    ``N`` counts every record in the archive from 1, so it can be found again
    with any WARC tool.
    """
    if not data.strip():
        yield InputError(path, "empty file")
        return
    check = check_gzip_members(data) if data[:2] == b"\x1f\x8b" else None
    if check is not None and check.truncated:
        data = data[: check.complete_end]
    index = 0
    pages = 0
    try:
        for record in ArchiveIterator(io.BytesIO(data)):
            index += 1
            if not _is_html_page(record):
                continue
            label = f"{path}#{index}"
            pages += 1
            try:
                yield _record_draft(record, label, limit)
            except InputError as exc:
                yield exc
    except (ArchiveLoadFailed, ValueError, EOFError, zlib.error) as exc:
        yield InputError(f"{path}#{index + 1}", f"unreadable WARC record: {exc}")
        return
    except Exception as exc:
        # warcio trusts the archive more than we may: fuzzing found mangled headers
        # that end in an AttributeError deep inside it. Whatever it raises, the
        # pages before this record are kept and the user learns where reading stopped.
        reason = f"unreadable WARC record ({type(exc).__name__} in the WARC parser: {exc})"
        yield InputError(f"{path}#{index + 1}", f"{reason}; the rest of the file was not read")
        return
    if check is not None and check.truncated:
        reason = f"truncated gzip stream after record {index}"
        if check.error:
            reason = f"corrupt gzip stream after record {index} ({check.error})"
        yield InputError(f"{path}#{index + 1}", f"{reason}; the rest of the file could not be read")
    elif pages == 0:
        yield InputError(path, "no archived HTML pages (2xx text/html responses) in this WARC")
