"""Merge mentions of one person, organisation or place into a single entity.

Names reach us in several spellings: "Zelensky", "Zelenskiy" and "Zelenskyy"
are one romanised Ukrainian name; "Turkey", "Turkiye" and "Türkiye" one
country. Two spellings are taken as one name when

* their *consonant skeleton* is the same: accents dropped, common
  romanisation pairs folded ("kh"/"h", "w"/"v", "iu"/"yu", a final
  "-iy"/"-yy"/"-yi" to "-y"), doubled letters collapsed, then every vowel
  after the first letter removed, "z" read as "s" ("Zelenskyy" -> "slnsk"), and
* their folded Latin spellings are within a small edit distance (1 for
  names up to five letters, 2 up to ten, 3 beyond), and
* neither is the feminine form of the other ("Zelenska" is his wife), and
  they are not two different entries of the place list ("Niger", "Nigeria").

Full person names merge when their surnames match that way and every given
name of the shorter name appears in the longer one (same folded spelling or
an initial): "Vladimir Putin" and "Vladimir Medinsky" stay apart, as do
"Andriy Yermak" and "Andriy Sybiha". A surname on its own ("Umerov") joins
the one full name it fits, looking in its own article first and then across
the corpus; when two full names fit equally it stays on its own. A role
mention ("the US president", see :mod:`storyline.extract.entities`) joins
the one person whose recorded roles contain all of its words.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache

from ..ids import canonical_text
from ..models import Entity, EntityType, Mention
from .gazetteer import (
    COMPANY_FORM_WORDS,
    COUNTRY_ALIASES,
    EAST_ASIAN_SURNAMES,
    NAME_PARTICLES,
    NUMBERED_SUFFIXES,
    PLACES,
    POST_NOMINALS,
    TITLE_HEADS,
    country_of,
    fold,
)
from .towns import is_town

# -- name keys ----------------------------------------------------------------
_DROP = re.compile(r"[^\w\s-]")
_SPACES = re.compile(r"[\s-]+")
_LEADING_ARTICLE = ("the ",)


@lru_cache(maxsize=16384)
def name_key(text: str) -> str:
    """A name folded for comparison: "the U.S.’s" -> "us", "Türkiye" -> "turkiye".

    Lower case, no accents, no punctuation, no leading "the", no possessive;
    hyphens become spaces. ``name_key(name_key(x)) == name_key(x)``.
    """
    key = fold(text)
    key = re.sub(r"'s\b|'$", "", key)
    key = _SPACES.sub(" ", _DROP.sub("", key).replace("_", " ")).strip()
    while key.startswith(_LEADING_ARTICLE):
        key = key[4:].lstrip()
    return key


# Romanisation pairs folded before comparing. Order matters: longer first.
_SPELLING_RULES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), repl)
    for pattern, repl in (
        (r"(iy|yy|yi|ij|yj|ii)$", "y"),  # Zelenskiy / Zelenskyy / Zelenskyi
        (r"(?<=.)[iy]u", "u"),  # Maliuk / Malyuk
        (r"(?<=.)[iy]a", "a"),  # Zaporizhia / Zaporizhya
        (r"kh", "h"),  # Kharkiv / Harkiv
        (r"ph", "f"),
        (r"w", "v"),  # Wolodymyr / Volodymyr
        (r"ck", "k"),
        (r"j", "y"),  # Selenskyj / Zelensky, Jurij / Yuriy
        (r"(.)\1+", r"\1"),  # doubled letters
    )
)


@lru_cache(maxsize=16384)
def spelling_key(word: str) -> str:
    """One word of a name with romanisation variants folded: "Maliuk" -> "maluk"."""
    key = name_key(word).replace(" ", "")
    for pattern, repl in _SPELLING_RULES:
        key = pattern.sub(repl, key)
    return key


@lru_cache(maxsize=16384)
def skeleton(word: str) -> str:
    """The consonants of a word's spelling key, keeping its first letter: "slnsk"."""
    key = spelling_key(word).replace("z", "s")
    if not key:
        return ""
    return key[0] + re.sub(r"[aeiouy]", "", key[1:])


def edit_distance(a: str, b: str) -> int:
    """Levenshtein distance: insertions, deletions and substitutions cost one."""
    if len(a) < len(b):
        a, b = b, a
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]


def _allowance(length: int) -> int:
    return 1 if length <= 5 else 2 if length <= 10 else 3


@lru_cache(maxsize=65536)
def same_word(a: str, b: str) -> bool:
    """Whether two words of a name are spellings of one word (see the module notes)."""
    sa, sb = spelling_key(a), spelling_key(b)
    if sa == sb:
        return bool(sa)
    if min(len(sa), len(sb)) <= 3 or skeleton(a) != skeleton(b):
        return False
    if sa.endswith("a") != sb.endswith("a"):
        return False  # a feminine form: Zelenska / Zelensky, Putina / Putin
    if name_key(a) in PLACES and name_key(b) in PLACES:
        return False  # two places the list tells apart: Niger / Nigeria
    return edit_distance(sa, sb) <= _allowance(max(len(sa), len(sb)))


# A romanised Korean or Chinese syllable run: "jong", "un", "jae", "jinping", "keqiang",
# "geun" (an optional initial, a vowel run, an optional final n, ng, m, l, k, p or t).
_SYLLABLES = re.compile(
    r"(?:(?:zh|ch|sh|kk|tt|pp|ss|jj|[bpmfdtnlgkhjqxrzcsyw])?[aeiouy]{1,3}(?:ng|n|m|l|k|p|t)?){1,3}"
)


def surname_first(words: Sequence[str]) -> bool:
    """Whether a name is written family name first: "kim jong un", "moon jae in", "xi
    jinping", but not "kim kardashian" or "lee harvey oswald"."""
    return (
        2 <= len(words) <= 3
        and words[0] in EAST_ASIAN_SURNAMES
        and all(_SYLLABLES.fullmatch(w) for w in words[1:])
    )


def _given_and_surname(key: str) -> tuple[tuple[str, ...], str]:
    words = key.split()
    while len(words) > 2 and (words[-1] in NUMBERED_SUFFIXES or words[-1] in POST_NOMINALS):
        words = words[:-1]
    if surname_first(words):
        return tuple(words[1:]), words[0]
    given = tuple(w for w in words[:-1] if w not in NAME_PARTICLES)
    return given, words[-1] if words else ""


def surname_of(key: str) -> str:
    """The family name in a name key: its last word, or its first in East Asian order."""
    return _given_and_surname(key)[1]


def _given_fits(short: Sequence[str], long: Sequence[str]) -> bool:
    """Every given name of ``short`` matches one of ``long`` by spelling or as an initial."""
    for word in short:
        if not any(
            spelling_key(word) == spelling_key(other)
            or (len(word) == 1 and other.startswith(word))
            or (len(other) == 1 and word.startswith(other))
            for other in long
        ):
            return False
    return True


def same_person_name(a: str, b: str) -> bool:
    """Whether two full names (name keys, two words or more) name one person."""
    given_a, surname_a = _given_and_surname(a)
    given_b, surname_b = _given_and_surname(b)
    if not same_word(surname_a, surname_b):
        return False
    short, long = sorted((given_a, given_b), key=len)
    return _given_fits(short, long)


def same_other_name(a: str, b: str) -> bool:
    """Whether two multi-word names that are not people match word for word."""
    wa, wb = a.split(), b.split()
    return len(wa) == len(wb) and all(same_word(x, y) for x, y in zip(wa, wb, strict=True))


# -- roles --------------------------------------------------------------------
_ROLE_STOP = frozenset({"the", "a", "an", "of", "for", "to", "and", "'s", "s"})
_ROLE_SPELLING = {"defense": "defence"}


def role_key(role: str) -> frozenset[str]:
    """The words of a role, countries unified: "Ukraine's President" = "the Ukrainian president"."""
    words: set[str] = set()
    for raw in re.findall(r"[\w.]+", fold(role).replace("'s", " ")):
        word = raw.strip(".") if raw not in ("u.s.", "u.k.") else raw
        if not word or word in _ROLE_STOP:
            continue
        words.add(country_of(word) or _ROLE_SPELLING.get(word, word))
    return frozenset(words)


def is_role_mention(mention: Mention) -> bool:
    """A mention that is only a role ("the Ukrainian president"): its text is its role."""
    return mention.role is not None and mention.text == mention.role


# -- resolution ---------------------------------------------------------------
@dataclass(slots=True)
class _Group:
    """Mentions believed to name one entity, while resolution is under way."""

    mentions: list[Mention]

    def type_votes(self) -> Counter[EntityType]:
        return Counter(m.type for m in self.mentions)

    def majority_type(self) -> EntityType:
        votes = self.type_votes()
        return max(_TYPE_ORDER, key=lambda t: (votes[t], -_TYPE_ORDER.index(t)))

    def article_ids(self) -> set[str]:
        return {m.span.article_id for m in self.mentions}


_TYPE_ORDER = (EntityType.PERSON, EntityType.ORGANIZATION, EntityType.PLACE)


class _UnionFind:
    def __init__(self, items: Iterable[str]) -> None:
        self.parent = {item: item for item in items}

    def find(self, item: str) -> str:
        root = item
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[item] != root:
            self.parent[item], item = root, self.parent[item]
        return root

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def _group_keys(by_key: dict[str, list[Mention]]) -> dict[str, _Group]:
    """Merge distinct name keys that spell one name; returns the group of each key."""
    keys = sorted(by_key)
    forest = _UnionFind(keys)
    person_like = {k for k in keys if _mostly_person(by_key[k])}
    # Block on the surname's skeleton so only plausible pairs are compared.
    blocks: dict[tuple[int, str], list[str]] = defaultdict(list)
    for key in keys:
        words = key.split()
        block = surname_of(key) if key in person_like else words[-1]
        blocks[(min(len(words), 2), skeleton(block))].append(key)
    for (width, _), members in blocks.items():
        for i, a in enumerate(members):
            for b in members[i + 1 :]:
                if width == 1:
                    match = same_word(a, b) and _types_agree(by_key[a], by_key[b])
                elif a in person_like or b in person_like:
                    match = same_person_name(a, b)
                else:
                    match = same_other_name(a, b)
                if match:
                    forest.union(a, b)
    _join_company_names(keys, by_key, person_like, forest)
    _join_acronyms(keys, by_key, person_like, forest)
    groups: dict[str, _Group] = {}
    for key in keys:
        root = forest.find(key)
        groups.setdefault(root, _Group([])).mentions.extend(by_key[key])
    return {key: groups[forest.find(key)] for key in keys}


def company_core(key: str) -> str:
    """An organisation's name key without the words of its legal or long form:
    "apple inc" and "apple computer" -> "apple", "kraft foods" -> "kraft"."""
    words = key.split()
    while len(words) > 1 and words[-1] in COMPANY_FORM_WORDS:
        words.pop()
    return " ".join(words)


def _join_company_names(
    keys: Sequence[str],
    by_key: dict[str, list[Mention]],
    person_like: set[str],
    forest: _UnionFind,
) -> None:
    """Join an organisation's legal or long name to its short one when the articles use
    both ("Apple Inc.", "Apple Computer", "Apple"; "NPD Group", "NPD")."""
    present = set(keys)
    for key in keys:
        if key in person_like or " " not in key:
            continue
        core = company_core(key)
        if (
            core != key
            and core in present
            and core not in person_like
            and _is_organisation(by_key[key])
            and _is_organisation(by_key[core])
        ):
            forest.union(key, core)


def initials(key: str) -> str:
    """The letters an acronym of a name key takes: "united states air force" -> "usaf",
    "government accountability office" -> "gao" (small words such as "of" are skipped)."""
    return "".join(w[0] for w in key.split() if w not in _ACRONYM_SKIPS)


_ACRONYM_SKIPS = frozenset({"of", "the", "and", "for", "in", "on", "at", "to", "de", "du"})


def _join_acronyms(
    keys: Sequence[str],
    by_key: dict[str, list[Mention]],
    person_like: set[str],
    forest: _UnionFind,
) -> None:
    """Join an acronym written in capitals ("GAO", "USAF") to the one name of the same
    kind whose initials it is ("Government Accountability Office"); an acronym that fits
    several names ("CIA", "CIA" of two bodies) joins none."""
    long_names: dict[str, list[str]] = defaultdict(list)
    for key in keys:
        if key not in person_like and len(key.split()) >= 2:
            long_names[initials(key)].append(key)
    for key in keys:
        if " " in key or not 2 <= len(key) <= 6 or key in person_like:
            continue
        if not all(m.text.replace(".", "").isupper() for m in by_key[key]):
            continue
        fits = long_names.get(key.replace(".", ""), [])
        kind = _majority_type(by_key[key])
        same_kind = [k for k in fits if _majority_type(by_key[k]) is kind]
        if len(same_kind) == 1:
            forest.union(key, same_kind[0])


def _is_organisation(mentions: Sequence[Mention]) -> bool:
    return _majority_type(mentions) is EntityType.ORGANIZATION


def _majority_type(mentions: Sequence[Mention]) -> EntityType:
    return _Group(list(mentions)).majority_type()


def _mostly_person(mentions: Sequence[Mention]) -> bool:
    return sum(m.type is EntityType.PERSON for m in mentions) * 2 >= len(mentions)


def _types_agree(a: Sequence[Mention], b: Sequence[Mention]) -> bool:
    """One-word names merge only when their majority types agree ("Jordan" the country)."""
    return _majority_type(a) is _majority_type(b)


def _attach_surnames(by_key: dict[str, list[Mention]], group_of: dict[str, _Group]) -> None:
    """Move each one-word person mention into the one full name it fits, if there is one."""
    surnames: dict[int, set[str]] = defaultdict(set)  # id(group) -> its full names' surnames
    groups: dict[int, _Group] = {}
    for key, group in group_of.items():
        if " " in key and group.majority_type() is EntityType.PERSON:
            surnames[id(group)].add(surname_of(key))
            groups[id(group)] = group
    by_skeleton: dict[str, list[_Namesake]] = defaultdict(list)
    for gid, names in surnames.items():
        # Attaching moves only one-word mentions, so what the full names say is fixed here.
        namesake = _namesake(groups[gid], frozenset(names))
        for shape in {skeleton(n) for n in names}:
            by_skeleton[shape].append(namesake)
    for key in sorted(k for k in by_key if " " not in k):
        candidates = by_skeleton.get(skeleton(key))
        if not candidates or fold(key) in PLACES:
            continue
        home = group_of[key]
        for mention in list(by_key[key]):
            target = _unique_fit(key, mention, candidates)
            if target is not None and target is not home:
                home.mentions.remove(mention)
                target.mentions.append(mention)


def _attach_given_names(by_key: dict[str, list[Mention]], group_of: dict[str, _Group]) -> None:
    """Move a first name used alone ("Tara", "Donald") into the one person of its own
    article with that given name ("Tara Reid"); when two people of the article share it,
    or one of them bears it as a surname, it stays on its own."""
    given_in: dict[tuple[str, str], set[int]] = defaultdict(set)  # (article, given) -> groups
    surname_in: set[tuple[str, str]] = set()
    groups: dict[int, _Group] = {}
    for key, group in group_of.items():
        if " " not in key or group.majority_type() is not EntityType.PERSON:
            continue
        given, surname = _given_and_surname(key)
        groups[id(group)] = group
        for article_id in {m.span.article_id for m in by_key[key]}:
            surname_in.add((article_id, spelling_key(surname)))
            for word in given:
                if len(word) > 1:
                    given_in[(article_id, spelling_key(word))].add(id(group))

    def bearer(key: str, mention: Mention) -> int | None:
        where = (mention.span.article_id, spelling_key(key))
        fits = given_in.get(where, set())
        return next(iter(fits)) if len(fits) == 1 and where not in surname_in else None

    _attach_lone_words(by_key, group_of, EntityType.PERSON, groups, bearer)


def _attach_short_places(by_key: dict[str, list[Mention]], group_of: dict[str, _Group]) -> None:
    """Move a place named by its first word alone ("the North" in an article on North
    Korea) into the one place of its own article whose name starts with that word."""
    places_in: dict[tuple[str, str], set[int]] = defaultdict(set)  # (article, word) -> groups
    groups: dict[int, _Group] = {}
    for key, group in group_of.items():
        if " " not in key or group.majority_type() is not EntityType.PLACE:
            continue
        groups[id(group)] = group
        for article_id in {m.span.article_id for m in by_key[key]}:
            places_in[(article_id, key.split()[0])].add(id(group))

    def place(key: str, mention: Mention) -> int | None:
        fits = places_in.get((mention.span.article_id, key), set())
        return next(iter(fits)) if len(fits) == 1 else None

    _attach_lone_words(by_key, group_of, EntityType.PLACE, groups, place)


def _attach_lone_words(
    by_key: dict[str, list[Mention]],
    group_of: dict[str, _Group],
    kind: EntityType,
    targets: dict[int, _Group],
    target_of: Callable[[str, Mention], int | None],
) -> None:
    """Move each one-word mention of ``kind`` (not already in a target group) to the
    target group ``target_of`` names for it, if any."""
    for key in sorted(k for k in by_key if " " not in k):
        home = group_of[key]
        if home.majority_type() is not kind or id(home) in targets:
            continue
        moves = {}
        for mention in by_key[key]:
            target = target_of(key, mention)
            if target is not None:
                moves[id(mention)] = targets[target]
        _move(home, moves)


def _move(home: _Group, moves: dict[int, _Group]) -> None:
    """Move the mentions of ``home`` keyed (by id) in ``moves`` to their new groups, in
    one pass (removing them one by one costs the square of a big group)."""
    if not moves:
        return
    kept = []
    for mention in home.mentions:
        target = moves.get(id(mention))
        if target is None or target is home:
            kept.append(mention)
        else:
            target.mentions.append(mention)
    home.mentions[:] = kept


@dataclass(frozen=True, slots=True)
class _Namesake:
    """A full-name group a lone surname may join, with what its full names tell."""

    group: _Group
    surnames: frozenset[str]
    named_in_full: int  # mentions with a given name
    roles: frozenset[str]  # words of the roles written beside the full names


def _namesake(group: _Group, surnames: frozenset[str]) -> _Namesake:
    full = [m for m in group.mentions if " " in name_key(m.text)]
    roles = frozenset().union(*(_role_words(m.role) for m in full))
    return _Namesake(group, surnames, len(full), roles)


def _unique_fit(surname: str, mention: Mention, candidates: Sequence[_Namesake]) -> _Group | None:
    """The full-name group ``surname`` belongs to: same article first, exact first.

    A group the mention's honorific or title rules out is no candidate ("Mr. Trump" is
    not Melania Trump, "President Trump" not the first lady). Of several that fit, one
    named in full several times as often as each other one is taken: "Trump" is the
    president whose full name fills the coverage, not his wife or son, and "Kim" is Kim
    Jong Un, not the father and grandfather the background mentions once.
    """
    article_id = mention.span.article_id
    for local in (True, False):
        for exact in (True, False):
            fits = {
                id(c.group): c
                for c in candidates
                if (not local or article_id in c.group.article_ids())
                and any(
                    spelling_key(n) == spelling_key(surname) if exact else same_word(n, surname)
                    for n in c.surnames
                )
                and _role_allows(mention.role, c)
            }
            fitting = _same_gender(mention.role, list(fits.values()))
            if len(fitting) == 1:
                return fitting[0].group
            if len(fitting) > 1:
                return _dominant(fitting)
    return None


# How many times as often the leading namesake must be named in full.
DOMINANCE = 3
_FEMININE = frozenset(
    {
        "mrs",
        "ms",
        "miss",
        "madam",
        "lady",
        "queen",
        "princess",
        "wife",
        "mother",
        "daughter",
        "sister",
        "actress",
        "duchess",
        "dame",
    }
)
_MASCULINE = frozenset(
    {"mr", "sir", "king", "prince", "husband", "father", "son", "brother", "duke", "lord"}
)


def _dominant(namesakes: Sequence[_Namesake]) -> _Group | None:
    counts = sorted(((n.named_in_full, i) for i, n in enumerate(namesakes)), reverse=True)
    (top, best), (second, _) = counts[0], counts[1]
    return namesakes[best].group if top >= DOMINANCE * max(second, 1) else None


def _role_words(role: str | None) -> frozenset[str]:
    return frozenset(w.strip(".") for w in fold(role or "").split())


def _same_gender(role: str | None, namesakes: list[_Namesake]) -> list[_Namesake]:
    """Of several namesakes, those called like the mention ("Mrs. Trump": the one called
    first lady), when the mention has an honorific and any of them is so called."""
    said = _role_words(role)
    for marks in (_FEMININE, _MASCULINE):
        if said & marks:
            alike = [n for n in namesakes if n.roles & marks]
            return alike or namesakes
    return namesakes


def _role_allows(role: str | None, namesake: _Namesake) -> bool:
    """Whether a surname mention's honorific and title fit what the namesake's full-name
    mentions are called: no "Mr." for a woman, no president for a first lady."""
    said = _role_words(role)
    if not said:
        return True
    known = namesake.roles
    if (said & _MASCULINE and known & _FEMININE) or (said & _FEMININE and known & _MASCULINE):
        return False
    titles, their_titles = said & TITLE_HEADS - _MASCULINE - _FEMININE, known & TITLE_HEADS
    return not titles or not their_titles or bool(titles & their_titles)


def _attach_roles(roles_only: Sequence[Mention], groups: Sequence[_Group]) -> None:
    """Give each role mention to the one person whose roles contain all of its words."""
    people = [g for g in groups if g.majority_type() is EntityType.PERSON]
    role_keys = [[role_key(m.role) for m in g.mentions if m.role] for g in people]
    for mention in roles_only:
        wanted = role_key(mention.role or "")
        if not wanted & TITLE_HEADS:
            continue
        fitting = [
            g for g, keys in zip(people, role_keys, strict=True) if any(wanted <= k for k in keys)
        ]
        same_article = [g for g in fitting if mention.span.article_id in g.article_ids()]
        for pool in (same_article, fitting):
            if len(pool) == 1:
                pool[0].mentions.append(mention)
                break
            if len(pool) > 1:
                break


def resolve_entities(mentions: Sequence[Mention]) -> tuple[Entity, ...]:
    """Entities across all articles, each with its variants, roles and mentions.

    Role mentions that fit no single person are dropped: "the president"
    alone is not an entity. Entities come out with the most mentioned first.
    """
    named = [m for m in mentions if not is_role_mention(m)]
    by_key: dict[str, list[Mention]] = defaultdict(list)
    for mention in named:
        key = name_key(mention.text)
        if mention.type is EntityType.PLACE:
            # Abbreviations of country names are facts, not spellings: "U.S." = "United States".
            key = COUNTRY_ALIASES.get(key, key)
        if key:
            by_key[key].append(mention)
    if not by_key:
        return ()
    group_of = _group_keys(by_key)
    _attach_surnames(by_key, group_of)
    _attach_given_names(by_key, group_of)
    _attach_short_places(by_key, group_of)
    groups = [g for g in {id(g): g for g in group_of.values()}.values() if g.mentions]
    _attach_roles([m for m in mentions if is_role_mention(m)], groups)
    person_words = _person_name_words(groups)
    entities = [
        _entity(g, person_words) for g in groups if any(not is_role_mention(m) for m in g.mentions)
    ]
    entities = _unique_ids(entities)
    entities.sort(key=lambda e: (-len(e.mentions), e.name, e.id))
    return tuple(entities)


# -- entity records -----------------------------------------------------------
def canonical_name(mentions: Sequence[Mention]) -> str:
    """The most frequent of the fullest spellings; ties go to the commoner surname spelling."""
    names = [m.text for m in mentions if not is_role_mention(m)]
    counts = Counter(names)
    written = [n for n in counts if not n.isupper()] or list(counts)
    longest = max(_name_length(n) for n in written)
    full = [n for n in written if _name_length(n) == longest]
    last_words = Counter(name_key(n).split()[-1] for n in names if name_key(n))

    def rank(name: str) -> tuple[int, int, int, str]:
        last = name_key(name).split()[-1]
        return (-counts[name], -last_words[last], -int(fold(name) in PLACES), name)

    return min(full, key=rank)


def _name_length(name: str) -> tuple[int, int]:
    """Words of a name, those of a title after it ("QC", "MP") or of a company's legal
    form ("Corp.", "Group Plc") counting only to break a tie the other way: "George
    Carman" is fuller than "George Carman QC", and "Vodafone" as full as "Vodafone Group
    Plc" (then the spelling the articles use most wins)."""
    key = name_key(name)
    words = key.split()
    extra = (
        sum(1 for w in words if w in POST_NOMINALS) + len(words) - len(company_core(key).split())
    )
    return len(words) - extra, -extra


def entity_id(entity_type: EntityType, name: str) -> str:
    """A content id for an entity: its type and the consonant skeleton of its name.

    The skeleton does not change when another spelling of the name becomes
    the most frequent, so an entity keeps its id as the corpus grows.
    """
    shape = " ".join(skeleton(w) for w in name_key(name).split())
    return "n" + _digest(str(entity_type), shape)


def _digest(*parts: str) -> str:
    h = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8", "surrogatepass")
        h.update(len(data).to_bytes(8, "big"))
        h.update(data)
    return h.hexdigest()[:16]


def _person_name_words(groups: Sequence[_Group]) -> dict[str, set[int]]:
    """Every word of every full name (two words or more) that people go by here, with
    the groups (by id) of the people bearing it."""
    bearers: dict[str, set[int]] = defaultdict(set)
    for group in groups:
        if group.majority_type() is not EntityType.PERSON:
            continue
        for m in group.mentions:
            if not is_role_mention(m) and " " in (key := name_key(m.text)):
                for word in key.split():
                    bearers[word].add(id(group))
    return bearers


def _is_town_by_evidence(group: _Group, person_words: dict[str, set[int]]) -> bool:
    """A town's name the tagger took for someone ("Bandar Abbas", "Burnsville"), with
    nothing that makes it someone: no title or role, and no one here goes by the name
    ("Jackson" of Vincent Jackson is no town).

    Many organisations are named after a town ("Toyota", "Bentley"), so one is taken
    for a place only when the articles themselves read it as one at least a quarter
    of the time ("living in Christchurch", see :mod:`storyline.extract.entities`).
    The spelling that counts is the commonest ("Schnectady" is a typo of a town).
    """
    keys = Counter(name_key(m.text) for m in group.mentions)
    others = (person_words.get(word, set()) - {id(group)} for k in keys for word in k.split())
    if any(m.role or m.text.isupper() for m in group.mentions) or any(others):
        return False
    read_as_place = group.type_votes()[EntityType.PLACE] * 4 >= len(group.mentions)
    if not is_town(keys.most_common(1)[0][0]):
        # An unlisted village: only a name no one else bears, which the articles
        # themselves call a place ("the village of Gavarzin").
        return read_as_place and group.majority_type() is EntityType.PERSON
    return read_as_place or group.majority_type() is EntityType.PERSON


def _entity(group: _Group, person_words: dict[str, set[int]] | None = None) -> Entity:
    entity_type = group.majority_type()
    if entity_type is not EntityType.PLACE and _is_town_by_evidence(group, person_words or {}):
        entity_type = EntityType.PLACE
    ordered = sorted(group.mentions, key=lambda m: (m.span.article_id, m.span.start, m.span.end))
    mentions = tuple(m if m.type is entity_type else replace(m, type=entity_type) for m in ordered)
    named = [m for m in mentions if not is_role_mention(m)]
    name = canonical_name(named)
    return Entity(
        id=entity_id(entity_type, name),
        name=name,
        type=entity_type,
        variants=_by_frequency(m.text for m in named),
        mentions=mentions,
        roles=_by_frequency(m.role for m in mentions if m.role),
        article_ids=tuple(sorted({m.span.article_id for m in mentions})),
    )


def _by_frequency(values: Iterable[str]) -> tuple[str, ...]:
    counts = Counter(values)
    return tuple(sorted(counts, key=lambda v: (-counts[v], v)))


def _unique_ids(entities: list[Entity]) -> list[Entity]:
    """Two entities whose names share a skeleton fall back to ids from the exact name."""
    clashes = Counter(e.id for e in entities)
    return [
        e
        if clashes[e.id] == 1
        else replace(e, id="n" + _digest(str(e.type), canonical_text(e.name)))
        for e in entities
    ]
