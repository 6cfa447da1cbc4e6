"""Identifiers derived from content, so that re-ingesting is an upsert.

An id is a short prefix naming the kind of thing plus the first 16 hex digits
of a SHA-256 over a canonical form of its content. 64 bits keep collisions
out of reach for any corpus we will ever hold (about 1 in 10^7 at 600M items).
"""

from __future__ import annotations

import hashlib
import unicodedata

_DIGITS = 16


def _digest(*parts: str) -> str:
    h = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8", "surrogatepass")
        # Length-prefix each part so ("ab", "c") and ("a", "bc") differ.
        h.update(len(data).to_bytes(8, "big"))
        h.update(data)
    return h.hexdigest()[:_DIGITS]


def canonical_text(text: str) -> str:
    """Normalise text for hashing: NFC, case-folded, whitespace collapsed."""
    return " ".join(unicodedata.normalize("NFC", text).casefold().split())


def article_id(title: str, text: str, url: str | None = None) -> str:
    """Id of an article: its URL (when known), title and body, canonicalised.

    The URL takes part so that one wire report carried verbatim by two outlets
    stays two articles (lineage needs both); without a URL, identical text is
    one article however many files hold it.
    """
    return "a" + _digest(url or "", canonical_text(title), canonical_text(text))


def sentence_hash(text: str) -> str:
    """Key of a sentence's embedding in the cache (exact text, not case-folded)."""
    return _digest(unicodedata.normalize("NFC", text.strip()))


def sentence_key(text: str) -> int:
    """A sentence's text as a 60-bit integer (the first 15 digits of :func:`sentence_hash`):
    small enough for any database's 64-bit integer column, for finding repeated sentences."""
    return int(sentence_hash(text)[:15], 16)


def event_id(founding_article_id: str) -> str:
    """An event keeps the id of the article that started it, so it is stable as it grows."""
    return "e" + _digest("event", founding_article_id)


def story_id(founding_event_id: str) -> str:
    """A story keeps the id of the event that started it."""
    return "s" + _digest("story", founding_event_id)


def source_id(kind: str, location: str) -> str:
    """A subscribed feed or watched folder: the same URL or folder is one source."""
    return "f" + _digest("source", kind, location)
