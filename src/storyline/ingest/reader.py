"""Read every input path into Articles, turning each problem into a Skipped.

This is the one place that knows which reader handles which file, and the
one place that guarantees ``read_inputs`` never raises for bad input: each
file (and each record of a container) is read inside its own guard, so one
bad record cannot hide the good ones around it.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path

from ..errors import InputError
from ..models import Article, Skipped
from ..settings import Settings
from .build import Draft, finish
from .decode import check_size, decode_utf8, os_reason, read_file_bytes
from .discover import walk_inputs
from .feeds import feed_drafts, is_feed, parse_xml
from .html import decode_html, parse_html
from .jsonl import jsonl_drafts
from .text import parse_text
from .warc import warc_drafts

logger = logging.getLogger(__name__)

Result = Article | Skipped
Reader = Callable[[Path, str, Settings], Iterable[Draft | InputError]]


# A plain-text file's page furniture (headers, bylines, "Live Index" lines) is a
# small part of it, so a file more than this many times the article limit cannot
# become an article. Refusing it before the line-by-line cleaning spares the
# seconds and the gigabyte of memory that tens of megabytes of text would cost.
TEXT_FILE_SLACK = 2


def _read_text(path: Path, label: str, settings: Settings) -> Iterator[Draft]:
    data = read_file_bytes(path, label, settings.max_input_bytes)
    text = decode_utf8(data, label)
    if len(text) > TEXT_FILE_SLACK * settings.max_article_chars:
        raise InputError(
            label,
            f"text file is {len(text):,} characters, far over the limit of "
            f"{settings.max_article_chars:,} (raise --max-article-chars to ingest it)",
        )
    yield parse_text(text, label)


def _read_html(path: Path, label: str, settings: Settings) -> Iterator[Draft]:
    data = read_file_bytes(path, label, settings.max_input_bytes)
    yield parse_html(decode_html(data, label), label)


def _read_feed(path: Path, label: str, settings: Settings) -> Iterator[Draft | InputError]:
    root = parse_xml(read_file_bytes(path, label, settings.max_input_bytes), label)
    if not is_feed(root):
        tag = str(root.tag).rsplit("}", 1)[-1]
        raise InputError(
            label, f"XML file is not an RSS or Atom feed (root element <{tag}>); not read"
        )
    yield from feed_drafts(root, label)


def _read_warc(path: Path, label: str, settings: Settings) -> Iterator[Draft | InputError]:
    data = read_file_bytes(path, label, settings.max_input_bytes)
    yield from warc_drafts(data, label, settings.max_input_bytes)


def _read_jsonl(path: Path, label: str, settings: Settings) -> Iterator[Draft | InputError]:
    check_size(path, label, settings.max_input_bytes)
    try:
        with path.open("rb") as stream:
            records = 0
            for item in jsonl_drafts(stream, label, settings.max_input_bytes):
                records += 1
                yield item
    except OSError as exc:
        raise InputError(label, os_reason(exc)) from exc
    if records == 0:
        raise InputError(label, "empty file")


# Longest suffixes first, so ".warc.gz" wins over ".gz".
READERS: dict[str, Reader] = {
    ".warc.gz": _read_warc,
    ".warc": _read_warc,
    ".txt": _read_text,
    ".text": _read_text,
    ".html": _read_html,
    ".htm": _read_html,
    ".xhtml": _read_html,
    ".xml": _read_feed,
    ".rss": _read_feed,
    ".atom": _read_feed,
    ".jsonl": _read_jsonl,
    ".ndjson": _read_jsonl,
}

SUPPORTED = ", ".join(sorted(READERS))


def reader_for(path: Path) -> Reader | None:
    name = path.name.lower()
    for suffix, reader in READERS.items():
        if name.endswith(suffix) and len(name) > len(suffix):
            return reader
    return None


def _results(path: Path, settings: Settings) -> Iterator[Result]:
    label = str(path)
    reader = reader_for(path)
    if reader is None:
        yield Skipped(label, f"unsupported file type; supported: {SUPPORTED}")
        return
    try:
        for item in reader(path, label, settings):
            if isinstance(item, InputError):
                yield Skipped(item.path, item.reason)
                continue
            try:
                yield finish(item, settings)
            except InputError as exc:
                yield Skipped(exc.path, exc.reason)
    except InputError as exc:
        yield Skipped(exc.path, exc.reason)
    except OSError as exc:
        yield Skipped(label, os_reason(exc))
    except Exception as exc:  # a parser bug must not stop the whole ingest
        logger.warning("unexpected error reading %s", label, exc_info=True)
        yield Skipped(label, f"could not be read ({type(exc).__name__}: {exc})")


def read_inputs(paths: Sequence[str | os.PathLike[str]], settings: Settings) -> Iterator[Result]:
    """Articles from every file under ``paths``; every problem becomes a Skipped."""
    for item in walk_inputs(paths):
        if isinstance(item, Skipped):
            yield item
        else:
            yield from _results(item, settings)
