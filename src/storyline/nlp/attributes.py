"""The attribute ruler's rules, looked up per token instead of matched.

spaCy's English pipeline sets each token's coarse part of speech and morphology
from its fine tag with an attribute ruler: about 180 token patterns ("TAG is
VBZ", "LOWER is 'ai' and the next is "n't""), run through spaCy's general
Matcher. The Matcher tries every pattern at every token and is a tenth of the
whole parse. Nearly every pattern names the token's tag, word or dependency
exactly, so the patterns that can match a token can be looked up by those, and
only they are checked. The matches are handed to the ruler's own
``set_annotations``, in the order the ruler would have made them, so what is set
is the ruler's, not a copy of it.

:func:`fast_matcher` compiles a ruler's patterns, or returns None when one uses
an operator this module does not know, and the ruler then runs as shipped.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

Check = Callable[["Token"], bool]
# Compared as the string store's hashes, which a token holds, rather than as strings,
# which a token builds on every read.
_FIELDS = {"TAG": "tag", "LOWER": "lower", "DEP": "dep"}


@dataclass(frozen=True, slots=True)
class _Rule:
    attr_id: int
    match_id: int
    checks: tuple[tuple[Check, ...], ...]  # per token of the pattern

    def matches_at(self, doc: Doc, token: Token) -> bool:
        """Whether the pattern matches from ``token`` on."""
        start = token.i
        if start + len(self.checks) > len(doc):
            return False
        for k, checks in enumerate(self.checks):
            current = token if k == 0 else doc[start + k]
            for check in checks:
                if not check(current):
                    return False
        return True


class _Unsupported(ValueError):
    pass


def _check(key: str, value: Any, strings: Any) -> Check:
    if key == "IS_SPACE" and isinstance(value, bool):
        return lambda token: token.is_space is value
    field = _FIELDS.get(key)
    if field is None:
        raise _Unsupported(key)
    if isinstance(value, str):
        wanted = strings.add(value)
        return lambda token: getattr(token, field) == wanted
    if isinstance(value, dict) and len(value) == 1:
        ((operator, operand),) = value.items()
        if operator == "IN":
            allowed = frozenset(strings.add(v) for v in operand)
            return lambda token: getattr(token, field) in allowed
        if operator == "NOT_IN":
            refused = frozenset(strings.add(v) for v in operand)
            return lambda token: getattr(token, field) not in refused
        if operator == "REGEX":
            pattern = re.compile(operand)
            text_field = field + "_"
            return lambda token: pattern.search(getattr(token, text_field)) is not None
    raise _Unsupported(f"{key}: {value!r}")


def _index_keys(first: dict[str, Any], strings: Any) -> tuple[str, tuple[int, ...]] | None:
    """Where a rule is filed: the first of its word, dependency or tag that it names
    exactly (or as a list); None when it names none of them so (checked at every token)."""
    for key in ("LOWER", "DEP", "TAG"):  # the word is the rarest, the tag the commonest
        value = first.get(key)
        if isinstance(value, str):
            return key, (strings.add(value),)
        if isinstance(value, dict) and list(value) == ["IN"]:
            return key, tuple(strings.add(v) for v in value["IN"])
    if first.get("IS_SPACE") is True:
        return "IS_SPACE", (1,)
    return None


class FastMatcher:
    """The ruler's patterns filed by what they name (see the module docstring)."""

    def __init__(self, rules: list[tuple[_Rule, tuple[str, tuple[int, ...]] | None]]) -> None:
        filed: dict[str, dict[int, list[_Rule]]] = {"TAG": {}, "LOWER": {}, "DEP": {}}
        self._spaces: list[_Rule] = []
        self._everywhere: list[_Rule] = []
        for rule, where in rules:
            if where is None:
                self._everywhere.append(rule)
            elif where[0] == "IS_SPACE":
                self._spaces.append(rule)
            else:
                for value in where[1]:
                    filed[where[0]].setdefault(value, []).append(rule)
        self._by_tag, self._by_word, self._by_dep = filed["TAG"], filed["LOWER"], filed["DEP"]

    def __call__(self, doc: Doc) -> list[tuple[int, int, int, int]]:
        """(attr_id, match_id, start, end) of every match, sorted as the ruler sorts them."""
        found = set()
        none: list[_Rule] = []
        for token in doc:
            start = token.i
            for rules in (
                self._by_tag.get(token.tag, none),
                self._by_word.get(token.lower, none),
                self._by_dep.get(token.dep, none),
                self._spaces if token.is_space else none,
                self._everywhere,
            ):
                for rule in rules:
                    if rule.matches_at(doc, token):
                        found.add((rule.attr_id, rule.match_id, start, start + len(rule.checks)))
        return sorted(found)


def fast_matcher(ruler: Any) -> FastMatcher | None:
    """A :class:`FastMatcher` for spaCy attribute ruler ``ruler``; None if it cannot be."""
    rules = []
    try:
        for attr_id, entry in enumerate(ruler.patterns):
            match_id = ruler.vocab.strings[str(attr_id)]
            for pattern in entry["patterns"]:
                if not pattern or any(not isinstance(t, dict) for t in pattern):
                    return None
                if any(set(t) - {"OP"} != set(t) for t in pattern):
                    return None  # quantifiers would need the general Matcher
                strings = ruler.vocab.strings
                checks = tuple(tuple(_check(k, v, strings) for k, v in t.items()) for t in pattern)
                rules.append((_Rule(attr_id, match_id, checks), _index_keys(pattern[0], strings)))
    except _Unsupported:
        return None
    return FastMatcher(rules)
