"""Remove page furniture that scrapers leave in article text.

Scraped articles carry lines that belong to the web page, not the story:
"Advertisement", "Share this article", "(12 comments)", "Live Index (1428
articles)", cookie notices, and the headline repeated by the page template.
Every rule here matches a *whole line* and only short lines, so a real prose
sentence is never dropped; the output is always a subsequence of the input.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

# Lines with more words than this are treated as prose and always kept.
_MAX_NOISE_WORDS = 12
# An earlier line this short that reappears later is a template repeat.
_MAX_REPEAT_WORDS = 20

_COUNT_NOUNS = (
    r"articles?|comments?|stories|story|items?|posts?|replies|reply|results?|views?|shares?"
)

# Whole-line boilerplate, matched case-insensitively after trimming.
_BOILERPLATE = re.compile(
    r"""^(?:
        advertisement|advertising|sponsored(?:\s+content)?|ad
      | share(?:\s+(?:this|the))?(?:\s+(?:article|story|page|post))?(?:\s+on\s+\w+)?
      | (?:read|see|show|load)\s+(?:more|full\s+(?:story|article))(?:\s+comments)?
      | continue\s+reading(?:\s+(?:below|the\s+(?:main\s+)?story))?
      | related(?:\s+(?:articles|stories|content|coverage|topics))?
      | most\s+(?:read|popular|viewed|shared)
      | (?:subscribe|sign\s+up|log\s*in|sign\s+in|register)(?:\s+(?:now|today|here))?
      | subscribe\s+to\s+(?:our|the)\s+newsletters?
      | sign\s+up\s+(?:for|to)\s+(?:our|the)\s+(?:\w+\s+)?newsletters?
      | skip\s+to\s+(?:main\s+)?(?:content|navigation|main|search)
      | (?:back\s+to\s+top|top\s+of\s+page|print(?:\s+this\s+(?:article|page))?)
      | (?:follow\s+us|like\s+us)(?:\s+on\s+[\w\s,]+)?
      | (?:click|tap)\s+here(?:\s+to\s+[\w\s]+)?
      | (?:email|tweet|whatsapp|facebook|twitter|linkedin|reddit)
      | all\s+rights\s+reserved
      | (?:©|\(c\)|copyright)\s*(?:©\s*)?\d{4}\b.{0,60}
      | \(?\d[\d,.]*k?\s+(?:"""
    + _COUNT_NOUNS
    + r""")\)?
      | [\w\s'’&-]{1,40}\(\s*\d[\d,.]*k?\s+(?:"""
    + _COUNT_NOUNS
    + r""")\s*\)
      | (?:comments?|replies)\s*\(?\s*\d[\d,]*\s*\)?
    )[.:!…»›>\s]*$""",
    re.IGNORECASE | re.VERBOSE,
)

# A cookie or consent notice: mentions cookies together with consent wording.
_COOKIE = re.compile(r"\bcookies?\b", re.IGNORECASE)
_CONSENT = re.compile(
    r"\b(?:accept|consent|agree|privacy|policy|settings|preferences|we\s+use|this\s+(?:site|website))\b",
    re.IGNORECASE,
)
_COOKIE_MAX_WORDS = 60

# "By Jane Doe" on its own line: a byline, not prose.
_BYLINE = re.compile(r"^by\s+[^\W\d_][\w.'’\- ]*(?:,\s*[\w.'’\- ]+)?$", re.IGNORECASE)
_BYLINE_MAX_WORDS = 6


# A parenthesised counter such as "(1428 articles)".
_COUNTER = re.compile(r"\(\s*\d[\d,.]*k?\s+(?:" + _COUNT_NOUNS + r")\s*\)")
# Sentences are never treated as template repeats, even when short.
_SENTENCE_END = re.compile(r"[.!?…][\"'”’)\]]*$")


def line_key(line: str) -> str:
    """Compare lines ignoring case and spacing."""
    return " ".join(line.casefold().split())


def _words(line: str) -> int:
    return len(line.split())


def is_boilerplate(line: str) -> bool:
    """Whether a single line is recognisable page furniture."""
    stripped = line.strip()
    words = _words(stripped)
    if words == 0:
        return True
    if words <= _MAX_NOISE_WORDS and _BOILERPLATE.match(stripped):
        return True
    if words <= _BYLINE_MAX_WORDS and _BYLINE.match(stripped):
        return True
    return bool(
        words <= _COOKIE_MAX_WORDS and _COOKIE.search(stripped) and _CONSENT.search(stripped)
    )


def remove_noise(lines: Iterable[str], title: str | None = None) -> list[str]:
    """The lines that carry article content, in their original order.

    Drops empty lines, boilerplate, any line equal to ``title`` (the headline
    a template repeats), and any short non-sentence line (a heading, a label)
    that repeats an earlier one. Lines are returned unchanged (not re-stripped), so the result is a
    subsequence of the input.
    """
    title_key = line_key(title) if title else None
    seen_short: set[str] = set()
    kept: list[str] = []
    for line in lines:
        key = line_key(line)
        if not key or key == title_key or key in seen_short:
            continue
        if is_boilerplate(line):
            # A widget shown as "Live Index (1428 articles)" may reappear as a
            # bare "Live Index" label; remember the label as noise too.
            seen_short.add(_COUNTER.sub("", key).strip())
            continue
        if _words(key) <= _MAX_REPEAT_WORDS and not _SENTENCE_END.search(key):
            seen_short.add(key)
        kept.append(line)
    return kept


def clean_paragraphs(paragraphs: Sequence[str], title: str | None = None) -> list[str]:
    """Strip each paragraph, then remove noise; the form stored in ``Article.text``."""
    return remove_noise((p.strip() for p in paragraphs), title)
