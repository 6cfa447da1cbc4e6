"""What each fuzz target feeds its bytes to, and which outcomes are allowed.

A reader may return articles, or refuse the input with an :class:`InputError`
(the user then sees ``path: reason``) or an ``OSError``; anything else is a bug
the fuzzer has found. The date and figure parsers take any text and may only
return: they have no error to give.

Used by ``run_atheris.py`` (coverage-guided, libFuzzer through atheris) and by
the Hypothesis tests beside it, so both fuzz exactly the same entry points.
"""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from collections.abc import Callable
from datetime import date
from pathlib import Path

from storyline.errors import InputError
from storyline.extract.dates import find_dates
from storyline.extract.figures import find_figures
from storyline.ingest.build import finish
from storyline.ingest.datelines import parse_date_value, read_dateline
from storyline.ingest.reader import reader_for
from storyline.models import Article
from storyline.settings import Settings

# Small limits, so the fuzzer meets the "too large" paths as well.
SETTINGS = Settings(max_input_bytes=1 << 16)
_scratch: list[Path] = []  # the folder each input is written to, made on first use


def _scratch_folder() -> Path:
    if not _scratch:
        given = os.environ.get("STORYLINE_FUZZ_DIR")
        folder = Path(given) if given else Path(tempfile.mkdtemp(prefix="storyline-fuzz-"))
        if not given:
            atexit.register(shutil.rmtree, folder, True)
        _scratch.append(folder)
    return _scratch[0]


def _read_file(suffix: str, data: bytes) -> None:
    path = _scratch_folder() / f"input{suffix}"
    path.write_bytes(data)
    reader = reader_for(path)
    assert reader is not None, suffix
    try:
        for item in reader(path, str(path), SETTINGS):
            if isinstance(item, InputError):
                continue
            try:
                article = finish(item, SETTINGS)
            except InputError:
                continue
            assert article.text.strip(), "an article was kept with no text"
    except (InputError, OSError):
        return


def _text(data: bytes) -> str:
    return data.decode("utf-8", errors="replace")


def _dateline(data: bytes) -> None:
    line = _text(data)
    read_dateline(line)
    parse_date_value(line)


def _anchor(data: bytes) -> date:
    # The first two bytes choose the publication day: years 1 to 9999 all occur.
    number = int.from_bytes(data[:2] or b"\0", "big")
    return date.fromordinal(1 + number * 56 % date.max.toordinal())


def _timex(data: bytes) -> None:
    text = _text(data[2:])
    article = Article(id="fuzz", title="", text=text, path="fuzz", published=_anchor(data))
    for ref in find_dates(article):
        assert article.text[ref.span.start : ref.span.end] == ref.text


def _figures(data: bytes) -> None:
    text = _text(data)
    article = Article(id="fuzz", title="", text=text, path="fuzz")
    for figure in find_figures(article):
        assert 0 <= figure.span.start < figure.span.end <= len(text)


TARGETS: dict[str, Callable[[bytes], None]] = {
    "text": lambda data: _read_file(".txt", data),
    "html": lambda data: _read_file(".html", data),
    "feed": lambda data: _read_file(".xml", data),
    "warc": lambda data: _read_file(".warc", data),
    "jsonl": lambda data: _read_file(".jsonl", data),
    "dateline": _dateline,
    "timex": _timex,
    "figures": _figures,
}


# -- seed inputs: one small, valid example of each format ---------------------
_BODY = (
    "ISTANBUL, June 2 (Reuters) - Talks between the two delegations lasted just over an hour "
    "on Monday, officials said, and 1,200 prisoners will be exchanged by June 14.\n\n"
    '"We agreed to meet again," the minister said. The last round was in May 2022.\n'
)
_RSS = (
    '<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title>'
    "<link>https://news.example/</link><item><title>Talks end after an hour</title>"
    "<link>https://news.example/a</link><pubDate>Mon, 02 Jun 2025 10:00:00 GMT</pubDate>"
    f"<description><![CDATA[<p>{_BODY}</p>]]></description></item></channel></rss>"
)
_ATOM = (
    '<feed xmlns="http://www.w3.org/2005/Atom"><title>Wire</title><entry><title>Talks</title>'
    '<link href="https://news.example/b"/><updated>2025-06-02T10:00:00Z</updated>'
    f'<content type="html">&lt;p&gt;{_BODY}&lt;/p&gt;</content></entry></feed>'
)
_HTML = (
    '<html><head><title>Talks end</title><meta property="article:published_time" '
    'content="2025-06-02T10:00:00Z"></head><body><nav>Live Index (1428 articles)</nav>'
    f"<article><h1>Talks end after an hour</h1><p>{_BODY}</p></article></body></html>"
)
_JSONL = (
    '{"title": "Talks end", "text": "' + _BODY.replace("\n", "\\n").replace('"', '\\"') + '", '
    '"published": "2025-06-02", "url": "https://news.example/c", "outlet": "Wire"}\n'
    '{"title": "Second", "text": "Short text about the talks in Istanbul."}\n'
)


def _warc() -> bytes:
    page = _HTML.encode()
    http = (
        b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n"
        + f"Content-Length: {len(page)}\r\n\r\n".encode()
        + page
    )
    head = (
        "WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: https://news.example/d\r\n"
        "WARC-Date: 2025-06-02T10:00:00Z\r\n"
        "WARC-Record-ID: <urn:uuid:12345678-1234-1234-1234-123456789abc>\r\n"
        f"Content-Type: application/http; msgtype=response\r\nContent-Length: {len(http)}\r\n\r\n"
    )
    return head.encode() + http + b"\r\n\r\n"


SAMPLES: dict[str, list[bytes]] = {
    "text": [("Talks end after an hour\n\n" + _BODY).encode()],
    "html": [_HTML.encode()],
    "feed": [_RSS.encode(), _ATOM.encode()],
    "warc": [_warc()],
    "jsonl": [_JSONL.encode()],
    "dateline": [b"ISTANBUL, June 2 (Reuters) -", b"2025-06-02T10:00:00Z", b"02/06/2025"],
    "timex": [b"\x01\x00" + _BODY.encode()],
    "figures": [_BODY.encode()],
}
