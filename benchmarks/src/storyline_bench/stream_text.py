"""More articles than the dev corpora hold, written from their real text.

``bench pipeline`` asks for 10,000 articles to show whether the cost per article
stays flat, and the dev corpora hold about 1,600. Repeating files would not do:
every sentence would come from the vector cache and every article would join its
original's event, so the repeat would cost almost nothing and prove nothing.

Copy ``n`` of a real article is the same text with its words, names and numbers
changed, consistently across the whole copy of the corpus:

- every capitalised word but the commonest (the "The" and "He" that open
  sentences) is swapped for another through one shuffle per copy;
- every other word but the commonest is swapped for another word of the same
  length, through another shuffle per copy, so a copy does not reuse its
  original's wording (a copy in the same words would be found as a rewrite and
  join its original's event, making events grow with the number of copies);
- every year moves back 20 years per copy (so a copy is a story of another era,
  which the grouper keeps apart from its original, as it would keep two real
  stories apart), and every other number has ``n`` added.

So copy ``n`` of a story is a story about other people, in other years, told with
other words of the same lengths, with the same sentence lengths, the same
function words and the same density of names, quotes and figures: what costs
time in the pipeline. The text reads as nonsense, but its parse and its
embedding cost what real text costs. :func:`distinct_share` says how many
sentences are not repeats.
"""

from __future__ import annotations

import random
import re
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

_WORD = re.compile(r"[A-Za-z][A-Za-z'-]*")
_NUMBER = re.compile(r"\d+")
_CAPITALISED = re.compile(r"\b[A-Z][a-z][A-Za-z'-]*\b")
_LOWER = re.compile(r"\b[a-z]+\b")


def names_of(texts: Sequence[str], common: int = 300) -> list[str]:
    """Capitalised words of ``texts`` other than the ``common`` commonest words (the
    capitals that open sentences: "The", "But", "He"), sorted."""
    capitalised: set[str] = set()
    lower: Counter[str] = Counter()
    for text in texts:
        for word in _WORD.findall(text):
            if word[0].isupper():
                capitalised.add(word)
            lower[word.lower()] += 1
    frequent = {w for w, _ in lower.most_common(common)}
    return sorted(w for w in capitalised if w.lower() not in frequent and w[1:].islower())


def words_of(texts: Sequence[str], common: int = 300) -> list[str]:
    """Lower-case words of ``texts`` other than the ``common`` commonest, sorted."""
    counts: Counter[str] = Counter()
    for text in texts:
        counts.update(_LOWER.findall(text))
    frequent = {w for w, _ in counts.most_common(common)}
    return sorted(w for w in counts if w not in frequent)


def rewording(words: Sequence[str], copy: int) -> dict[str, str]:
    """One word for another of the same length, a fixed shuffle per copy."""
    by_length: dict[int, list[str]] = {}
    for word in words:
        by_length.setdefault(len(word), []).append(word)
    swap: dict[str, str] = {}
    for length, group in sorted(by_length.items()):
        shuffled = list(group)
        random.Random(copy * 1_000 + length).shuffle(shuffled)
        swap.update(zip(group, shuffled, strict=True))
    return swap


def renaming(names: Sequence[str], copy: int) -> dict[str, str]:
    """One name for another, a fixed shuffle per copy."""
    shuffled = list(names)
    random.Random(copy).shuffle(shuffled)
    return dict(zip(names, shuffled, strict=True))


YEARS_BACK = 20  # per copy: copy 1 of a 2005 story happens in 1985, copy 2 in 1965


def _moved(number: str, copy: int) -> str:
    value = int(number)
    if len(number) == 4 and 1900 <= value <= 2099:
        return str(value - YEARS_BACK * copy)
    return str(value + copy)


def vary(text: str, copy: int, rename: dict[str, str], reword: dict[str, str] | None = None) -> str:
    """``text`` with every name swapped through ``rename``, every lower-case word
    through ``reword``, every year moved :data:`YEARS_BACK` years back per copy, and
    ``copy`` added to every other number."""
    named = _CAPITALISED.sub(lambda m: rename.get(m.group(), m.group()), text)
    if reword:
        named = _LOWER.sub(lambda m: reword.get(m.group(), m.group()), named)
    return _NUMBER.sub(lambda m: _moved(m.group(), copy), named)


def stream_files(real: Sequence[Path], size: int, folder: Path) -> list[Path]:
    """``size`` files: ``real`` first, then copies 1, 2, … of them written into ``folder``."""
    if size <= len(real):
        return list(real[:size])
    texts = [p.read_text(encoding="utf-8", errors="replace") for p in real]
    names = names_of(texts)
    words = words_of(texts)
    chosen = list(real)
    copy = 0
    while len(chosen) < size:
        copy += 1
        rename, reword = renaming(names, copy), rewording(words, copy)
        target = folder / f"copy{copy:03d}"
        target.mkdir(parents=True, exist_ok=True)
        for i, (path, text) in enumerate(zip(real, texts, strict=True)):
            if len(chosen) >= size:
                break
            written = target / f"{i:05d}_{path.name}"
            written.write_text(vary(text, copy, rename, reword), encoding="utf-8")
            chosen.append(written)
    return chosen


def distinct_share(sentences: Sequence[str]) -> float:
    """The share of ``sentences`` that are not repeats of an earlier one."""
    return len(set(sentences)) / len(sentences) if sentences else 1.0
