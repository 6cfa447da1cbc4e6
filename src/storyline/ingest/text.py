"""Plain-text articles (``.txt``): title, URL and dateline from the top lines.

Scraped text files follow loose conventions. The ECB+ corpus, for example,
starts many files with the source URL, then the headline, then a date line::

    http://www.ocregister.com/angels/million-416271-http-red.html
    Report: Red Sox offer Teixeira $200 million
    December 15th, 2008, 7:35 am
    Dan Patrick reported on his show ...

Only the first few non-empty lines (the "header") are examined for a URL and
datelines, so a date mentioned deep in the story is never mistaken for one.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from ..models import DateSource
from .build import Draft
from .datelines import read_dateline
from .noise import is_boilerplate
from .stamps import date_in_url, is_relative_stamp, read_stamp

# How many non-empty lines at the top may hold the URL, title and date.
HEADER_LINES = 6

_URL_LINE = re.compile(r"^https?://\S+$", re.IGNORECASE)
# A title needs at least one real word, not just "8:24am:" or "***".
_REAL_WORD = re.compile(r"[^\W\d_]{3,}")
# A line ending like a sentence ("... a day earlier.") rather than a headline.
_SENTENCE_END = re.compile(r"[.!?…][\"'”’)\]]*$")
_MIN_LEDE_WORDS = 8


@dataclass(slots=True)
class Header:
    """What the top lines of a text file told us."""

    title: str | None = None
    url: str | None = None
    published: date | None = None
    lead: list[str] = field(default_factory=list)
    body: list[str] = field(default_factory=list)


def looks_like_prose(line: str) -> bool:
    """A sentence of running text: long enough and ending in terminal punctuation.

    When a file has no headline its first line is the lede. It still serves
    as the title, but it must also stay in the body or the story loses its
    opening sentence.
    """
    return len(line.split()) >= _MIN_LEDE_WORDS and bool(_SENTENCE_END.search(line))


def _is_title_candidate(line: str) -> bool:
    return bool(_REAL_WORD.search(line)) and not is_boilerplate(line)


def split_header(lines: Sequence[str]) -> Header:
    """Separate URL, title and dateline from the body of a text article."""
    found = Header()
    content = [line.strip() for line in lines if line.strip()]
    for position, line in enumerate(content):
        if position >= HEADER_LINES:
            found.body.extend(content[position:])
            break
        if found.url is None and not found.body and _URL_LINE.match(line):
            found.url = line
            continue
        dateline = read_dateline(line)
        if dateline is not None:
            found.published = found.published or dateline.date or read_stamp(line)
            continue
        # A stamp such as "Posted: Nov 27, 2005 8:20 AM ET". Above the headline only one
        # that opens with its publishing word: "Mandela released on February 11, 1990"
        # is a headline.
        stamped = read_stamp(line, opens_with_cue=found.title is None)
        if stamped is not None or is_relative_stamp(line):
            found.published = found.published or stamped
            continue
        if found.title is None and _is_title_candidate(line):
            found.title = line
            if looks_like_prose(line):
                found.lead.append(line)
            continue
        found.body.append(line)
    if found.published is None:
        found.published = date_in_url(found.url)
    if not found.body and not found.lead and found.title is not None:
        # A one-line article ("The parliament election is over."): the line is
        # both its title and its whole text.
        found.lead.append(found.title)
    return found


def parse_text(text: str, path: str) -> Draft:
    """A draft article from the decoded text of a ``.txt`` file."""
    header = split_header(text.split("\n"))
    return Draft(
        path=path,
        paragraphs=header.body,
        title=header.title,
        url=header.url,
        published=header.published,
        date_source=DateSource.DATELINE,
        lead=header.lead,
    )
