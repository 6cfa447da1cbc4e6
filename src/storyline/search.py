"""Full-text search that finds a name in every spelling the articles use.

Outlets spell one name several ways ("Zelensky", "Zelenskiy", "Zelenskyy"), so a
reader searching one spelling would miss the articles that use another. Each word
of the query long enough to be a name is widened to the words of the full-text
index that the entity resolver would take for the same name
(:func:`~storyline.extract.resolve.same_word`: one consonant skeleton, a small
edit distance). Every word must still match, by any of its spellings.
"""

from __future__ import annotations

from .extract.gazetteer import fold
from .extract.resolve import same_word
from .store import SearchHit, Store
from .store.base import query_words

# Shorter words are left as typed: at this length the spelling rules start to
# join ordinary words ("peace", "piece").
MIN_NAME_LETTERS = 6
# Index words looked at per query word: those sharing its first letters.
PREFIX_LETTERS = 3


def spellings(store: Store, word: str) -> list[str]:
    """``word`` and the indexed words that spell the same name, ``word`` first."""
    folded = fold(word)
    if len(folded) < MIN_NAME_LETTERS or not folded.isalpha():
        return [word]
    found = [w for w in store.index_words(folded[:PREFIX_LETTERS]) if same_word(w, folded)]
    return [word, *sorted(set(found) - {word})]


def find_articles(store: Store, query: str, limit: int = 20) -> list[SearchHit]:
    """Articles holding every word of ``query``, a name in any of its spellings."""
    return store.search_any([spellings(store, w) for w in query_words(query)], limit)
