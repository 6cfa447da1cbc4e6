"""Publication dates that sit among other words at the top of a scraped page.

:mod:`.datelines` reads lines that are nothing but a date. Scraped pages also
stamp their date with a few words around it, which that strict reader rightly
refuses::

    Posted: Nov 27, 2005 8:20 AM ET Last Updated: Nov 27, 2005 8:10 PM ET
    TNN Nov 12, 2011, 05. 51AM IST MUMBAI:
    8:05am UK, Monday 16 September 2013
    Story Created: Aug 7, 2012 at 9:56 AM AKDT

and many outlets put the day in the article's address
(``/world/2013/sep/16/…``, ``/2013-07-21/…``).

A header line counts as a stamp when it names a full date (month by name, day
and four-digit year) and either a publishing word ("posted", "updated",
"created", "release") opens the line before that date, or at most two other words stand
beside it (an agency, a place, a zone). Prose never counts ("The video, posted
on June 2, 2025, shows…"), nor a line that dates something else ("End of
Watch: Friday, June 24, 2005", "Posted 1 year ago [downloaded on …]"). The
first date on the line is taken: pages give "published" before "updated".
"""

from __future__ import annotations

import re
from datetime import date

from .datelines import MAX_DATELINE_CHARS, MONTHS, safe_date

_MONTH = r"(?P<{name}>jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?"
_YEAR = r"(?P<{name}>(?:18|19|20|21)\d\d)(?!\d)"
_DAY = r"(?P<{name}>[0-3]?\d)(?:st|nd|rd|th)?(?!\d)"
# "Nov 12, 2011", "November 27-2005", "12 March 2013", "16th of September 2013".
_MONTH_FIRST = (
    _MONTH.format(name="m1")
    + r"\s*"
    + _DAY.format(name="d1")
    + r"[\s,\-]+"
    + _YEAR.format(name="y1")
)
_DAY_FIRST = (
    _DAY.format(name="d2")
    + r"(?:\s+of)?\s+"
    + _MONTH.format(name="m2")
    + r",?\s+"
    + _YEAR.format(name="y2")
)
_FULL_DATE = re.compile(rf"\b(?:{_MONTH_FIRST}|{_DAY_FIRST})", re.IGNORECASE)
_PUBLISHING = re.compile(
    r"\b(?:posted|published|updated|created|released?|filed|first\s+published)\b", re.IGNORECASE
)
# Lines that carry a date but say when something else happened, or only hint at it.
_OTHER_DATE = re.compile(r"\b(?:ago|born|died|end\s+of\s+watch|downloaded|since|until)\b", re.I)
# Words that may stand beside a date without being "other words".
_STAMP_WORDS = frozenset(
    {
        "am",
        "pm",
        "at",
        "on",
        "of",
        "the",
        "hrs",
        "hours",
        "gmt",
        "utc",
        "bst",
        "ist",
        "cet",
        "cest",
        "eet",
        "est",
        "edt",
        "cst",
        "cdt",
        "mst",
        "mdt",
        "pst",
        "pdt",
        "akst",
        "akdt",
        "hst",
        "aest",
        "aedt",
        "hkt",
        "et",
        "pt",
        "mon",
        "tue",
        "wed",
        "thu",
        "fri",
        "sat",
        "sun",
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "last",
        "time",
        "date",
    }
)
_WORD = re.compile(r"[^\W\d_]{2,}")
_MAX_OTHER_WORDS = 2
_AGO = re.compile(r"\bago\b", re.IGNORECASE)
_CUE_WITHIN = 3  # "FOR IMMEDIATE RELEASE July 13": the publishing word opens the stamp
_LABEL = re.compile(r"[^\W\d_]:(?:\s|$)")  # "Found:", not the colon of "8:05am"
_SENTENCE_END = re.compile(r"[.!?][\"'”’)\]]*$")
_MAX_STAMP_WORDS = 16

# /2013/05/03/, /2013-07-21/, /2013/sep/16/, /2009/Feb/04/ in a URL's path.
_URL_DATE = re.compile(
    r"/((?:19|20)\d\d)[/\-](\d{1,2}|[a-z]{3})[/\-](\d{1,2})(?=[/\-_.]|$)", re.IGNORECASE
)


def _first_date(line: str) -> tuple[date, int, int] | None:
    """The first full date on ``line`` with its span."""
    match = _FULL_DATE.search(line)
    if match is None:
        return None
    month = (match.group("m1") or match.group("m2")).casefold()
    day = match.group("d1") or match.group("d2")
    year = match.group("y1") or match.group("y2")
    found = safe_date(int(year), MONTHS[month[:3]], int(day))
    return (found, match.start(), match.end()) if found is not None else None


def _other_words(line: str) -> list[str]:
    """Words on the line that are not part of a date, a clock time or a zone."""
    rest = _FULL_DATE.sub(" ", line)
    return [w for w in _WORD.findall(rest) if w.casefold() not in _STAMP_WORDS]


def read_stamp(line: str, opens_with_cue: bool = False) -> date | None:
    """The publication date a header line stamps, or ``None``. Never raises.

    ``opens_with_cue`` asks for a stricter stamp, one whose first word is a publishing
    word ("Posted: Nov 27, 2005"), for a line above the headline, where a headline
    that names a date ("Mandela released on February 11, 1990") may stand.
    """
    text = line.strip()
    if not text or len(text) > MAX_DATELINE_CHARS * 2 or _OTHER_DATE.search(text):
        return None
    found = _first_date(text)
    if found is None:
        return None
    day, start, _ = found
    words = text.split()
    if len(words) > _MAX_STAMP_WORDS or _SENTENCE_END.search(text):
        return None  # a sentence ("He was released on June 2, 2025.") is no stamp
    before = text[:start]
    if opens_with_cue:
        return day if _PUBLISHING.match(before) else None
    if _PUBLISHING.search(" ".join(before.split()[:_CUE_WITHIN])):
        return day
    if _LABEL.search(before):
        # A labelled date ("End of Watch: …", "Found: …") whose label is no publishing word.
        return None
    return day if len(_other_words(text)) <= _MAX_OTHER_WORDS else None


def is_relative_stamp(line: str) -> bool:
    """A line such as "Posted 1 year, 160 days ago [downloaded on 2 October 2013]":
    page furniture whose date is not the publication day."""
    words = line.split()
    return (
        0 < len(words) <= _MAX_STAMP_WORDS
        and _PUBLISHING.match(line.strip()) is not None
        and _AGO.search(line) is not None
    )


def date_in_url(url: str | None) -> date | None:
    """The day written in a URL's path (``/2013/sep/16/``), or ``None``."""
    if not url:
        return None
    match = _URL_DATE.search(url)
    if match is None:
        return None
    year, month_text, day = match.groups()
    month = MONTHS.get(month_text.casefold()[:3]) if month_text.isalpha() else int(month_text)
    if month is None:
        return None
    return safe_date(int(year), month, int(day))
