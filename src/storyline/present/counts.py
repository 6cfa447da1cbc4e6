"""A count in words: "1 story", "2 stories", for every front end."""

from __future__ import annotations


def plural(count: int, word: str, words: str | None = None) -> str:
    """ "1 story", "2 stories": ``words`` is the plural when adding "s" is wrong."""
    return f"{count} {word}" if count == 1 else f"{count} {words or word + 's'}"
