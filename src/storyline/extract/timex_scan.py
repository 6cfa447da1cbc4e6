"""Running the time-expression rules over a text, each only where it can begin.

Scanning the whole text once per rule spent nearly all the extractor's time
trying every rule at every character. Every match starts at the start of a
word, and each rule knows the words it can begin with (``Rule.starts``), so
one pass over the word starts, with a table from a word's first letters to
the rules that can begin there, tries far fewer (rule, position) pairs.

The result is the same as calling ``rule.pattern.finditer(text)`` for each
rule: a rule's next match is only looked for after its previous one ends.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from .timex_rules import Rule

# Where a word starts: the rules' own left edge, then a word character or the
# apostrophe of "'90s". Every match of every rule begins at one of these.
_WORD_START = re.compile(r"(?<![\w'-])[\w']")
# How many leading characters of a word the table looks at; a start word
# shorter than this ("a", "at") is looked up whole.
_KEY_LENGTH = 3


class RuleScanner:
    """Finds the matches of a fixed sequence of rules, each as its own ``finditer`` would."""

    def __init__(self, rules: Sequence[Rule]) -> None:
        self._patterns = tuple(rule.pattern for rule in rules)
        table: dict[str, set[int]] = {}
        for index, rule in enumerate(rules):
            for word in rule.starts:
                table.setdefault(word[:_KEY_LENGTH], set()).add(index)
        self._table = {key: frozenset(indices) for key, indices in table.items()}
        self._every_rule = tuple(range(len(rules)))
        # Bound per scanner: the table differs between scanners.
        self._rules_for = lru_cache(maxsize=8192)(self._lookup)

    def _lookup(self, head: str) -> tuple[int, ...]:
        """The rules that may begin with ``head``, the next few characters of a word."""
        if not head.isascii():
            # Case folding can make "ſ" or "K" (Kelvin) match "s" or "k": try everything.
            return self._every_rule
        head = head.lower()
        found: set[int] = set()
        for length in range(1, len(head) + 1):
            found.update(self._table.get(head[:length], ()))
        return tuple(sorted(found))

    def matches(self, text: str) -> list[tuple[int, re.Match[str]]]:
        """(rule index, match) for every match of every rule, by start position."""
        found: list[tuple[int, re.Match[str]]] = []
        resume = [0] * len(self._patterns)  # where each rule's own finditer would go on
        for word in _WORD_START.finditer(text):
            start = word.start()
            for index in self._rules_for(text[start : start + _KEY_LENGTH]):
                if start < resume[index]:
                    continue
                match = self._patterns[index].match(text, start)
                if match is not None:
                    resume[index] = match.end()
                    found.append((index, match))
        return found
