"""A deduplication test corpus: real ECB+ articles plus planted copies and rewrites.

ECB+ gives real news articles grouped by gold event (one happening) and gold
story (a topic holding two happenings of the same kind, e.g. two different
earthquakes). We pick source articles and *plant* derived articles from them,
each made by one known transformation, so every planted article knows its
source and how it was made.

Ground truth comes from that bookkeeping, never from judgement:

* **positive**: a planted article and its source, or two planted articles of
  one source (siblings);
* **hard negative**: two articles whose roots lie in different gold events of
  the same story: same kind of happening, different happening, never a copy;
* **negative**: roots in different stories;
* **unknown**: roots in the same gold event but different roots. ECB+ itself
  holds wire copies and light rewrites of one report among articles of an
  event, so such a pair may or may not be a copy; it is left out of scoring.

Every function here is pure and driven by an explicit ``random.Random``, so a
seed reproduces the same corpus.
"""

from __future__ import annotations

import json
import random
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import timedelta
from enum import StrEnum
from pathlib import Path

from storyline import ids
from storyline.ingest import read_inputs
from storyline.models import Article, Event
from storyline.nlp.sentences import split_sentences
from storyline.settings import Settings

Pair = tuple[str, str]


class Kind(StrEnum):
    """How a planted article was derived from its source."""

    EXACT = "exact"
    BOILERPLATE = "boilerplate"
    TRUNCATED = "truncated"
    REORDERED = "reordered"
    SYNONYM = "synonym"
    CLAUSE = "clause"
    REWRITE = "rewrite"


SIBLING = "sibling"  # the recall row for two planted articles of one source


class PairLabel(StrEnum):
    POSITIVE = "positive"
    HARD_NEGATIVE = "hard_negative"
    NEGATIVE = "negative"
    UNKNOWN = "unknown"


def pair(a: str, b: str) -> Pair:
    return (a, b) if a < b else (b, a)


# -- word-level substitutions ---------------------------------------------------
# Hand-written for news prose: common reporting verbs and nouns, each with
# plain alternatives a sub-editor might use. Keys are matched as whole words.
SYNONYMS: dict[str, tuple[str, ...]] = {
    "said": ("stated", "noted", "explained"),
    "says": ("states", "notes"),
    "told": ("informed",),
    "announced": ("revealed", "made public"),
    "confirmed": ("verified",),
    "killed": ("left dead", "slain"),
    "died": ("perished", "lost their lives"),
    "injured": ("wounded", "hurt"),
    "arrested": ("detained", "taken into custody"),
    "police": ("law enforcement",),
    "officials": ("authorities",),
    "attack": ("assault",),
    "attacked": ("assaulted",),
    "earthquake": ("quake", "tremor"),
    "people": ("persons", "individuals"),
    "company": ("firm",),
    "bought": ("acquired", "purchased"),
    "buy": ("acquire", "purchase"),
    "deal": ("agreement",),
    "began": ("started",),
    "started": ("began",),
    "help": ("assist",),
    "about": ("roughly", "around"),
    "more than": ("over",),
    "after": ("following",),
    "before": ("prior to",),
    "because": ("as",),
    "near": ("close to",),
    "during": ("in the course of",),
    "large": ("big",),
    "big": ("large",),
    "spokesman": ("representative",),
    "spokeswoman": ("representative",),
    "hospital": ("medical centre",),
    "car": ("vehicle",),
    "home": ("residence",),
    "team": ("side",),
    "player": ("athlete",),
    "won": ("claimed",),
    "wants": ("seeks",),
    "show": ("programme",),
    "building": ("structure",),
    "percent": ("per cent",),
    "residents": ("locals",),
    "victims": ("casualties",),
    "investigation": ("inquiry", "probe"),
    "suspect": ("accused",),
    "fire": ("blaze",),
    "new": ("latest",),
    "last": ("previous",),
    "season": ("campaign",),
    "game": ("match",),
    "games": ("matches",),
    "news": ("reports",),
    "man": ("individual",),
    "woman": ("lady",),
    "shooting": ("gun attack",),
    "according to": ("per", "citing"),
    "family": ("relatives",),
    "shot": ("gunned down",),
    "death": ("demise",),
    "hit": ("struck",),
    "murder": ("killing",),
    "now": ("currently",),
    "city": ("town",),
    "found": ("discovered",),
    "record": ("mark",),
    "get": ("obtain",),
    "next": ("following",),
    "many": ("numerous",),
    "prison": ("jail",),
    "security": ("safety",),
    "coach": ("manager",),
    "charged": ("indicted",),
    "officers": ("personnel",),
    "including": ("such as",),
    "church": ("chapel",),
    "government": ("administration",),
    "called": ("termed",),
    "center": ("centre",),
    "statement": ("announcement",),
    "store": ("shop",),
    "mother": ("parent",),
    "went": ("headed",),
    "victory": ("win",),
    "authorities": ("officials",),
    "scene": ("site",),
    "area": ("region",),
    "nearby": ("neighbouring",),
    "later": ("afterwards",),
    "agreed": ("consented",),
    "expected": ("anticipated",),
    "however": ("but",),
    "plans": ("intends",),
    "attempt": ("bid",),
    "tried": ("attempted",),
    "quickly": ("rapidly",),
    "immediately": ("at once",),
    "incident": ("episode",),
    "fans": ("supporters",),
    "leader": ("head",),
    "job": ("position",),
    "worked": ("laboured",),
    "friends": ("companions",),
    "week": ("seven days",),
}
_NUMBERS = "zero one two three four five six seven eight nine ten eleven twelve".split()
# Digits written out, and back: "4" -> "four", "four" -> "4".
NUMBER_FORMS: dict[str, tuple[str, ...]] = {
    **{str(i): (w,) for i, w in enumerate(_NUMBERS) if i >= 2},
    **{w: (str(i),) for i, w in enumerate(_NUMBERS) if i >= 2},
}
_SUBSTITUTIONS = {**SYNONYMS, **NUMBER_FORMS}
# Longest keys first, so "more than" wins over a single word inside it. Words
# glued to digits or hyphens are left alone: "3:30", "86-year-old", "1.5".
_SUBSTITUTION_PATTERN = re.compile(
    r"(?<![\d:.,$/-])\b("
    + "|".join(re.escape(k) for k in sorted(_SUBSTITUTIONS, key=len, reverse=True))
    + r")\b(?![:/-]\w|[.,]\d)",
    re.IGNORECASE,
)


def _match_case(original: str, replacement: str) -> str:
    if original[:1].isupper():
        return replacement[:1].upper() + replacement[1:]
    return replacement


def substitute_words(sentence: str, rng: random.Random, rate: float = 0.85) -> str:
    """Replace listed words and small numbers, each match with probability ``rate``."""

    def swap(match: re.Match[str]) -> str:
        word = match.group(0)
        choices = _SUBSTITUTIONS[word.casefold()]
        if rng.random() >= rate:
            return word
        return _match_case(word, rng.choice(choices))

    return _SUBSTITUTION_PATTERN.sub(swap, sentence)


# -- clause-level rewrites -------------------------------------------------------
_QUOTES = "\"“”'‘’"
# "Body, the minister said." / "Body, police said on Monday."
_TRAILING_ATTRIBUTION = re.compile(
    r"^(?P<body>[^\"“”]{25,}?),\s+(?P<who>(?:[A-Z][\w.'-]*|the|a|an|police|officials|he|she|they)"
    r"(?:\s+[\w.'-]+){0,5}?)\s+(?P<verb>said|says|added|stated|reported|told reporters)"
    r"(?P<rest>(?:\s+[\w'-]+){0,4})\.$"
)
_TRAILING_TIME = re.compile(
    r"^(?P<body>.{20,}?)\s+(?P<when>on (?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
    r"|(?:yesterday|today|last week|last night))\.$"
)
_PRONOUNS = frozenset("he she they it we i".split())
# Adjectives and adverbs a sub-editor drops without changing the facts.
DROPPABLE = frozenset(
    (
        "major huge massive deadly powerful strong serious local former big small large top key "
        "several very severe violent dramatic popular famous veteran heavy really just still "
        "reportedly currently recently already nearly"
    ).split()
)
_DROPPABLE_PATTERN = re.compile(r"\b(?:" + "|".join(sorted(DROPPABLE)) + r")\s+", re.IGNORECASE)
# Sentence openers that may be lower-cased when two sentences are merged.
_COMMON_OPENERS = frozenset(
    (
        "the a an he she they it this that there these those his her their its we "
        "police officials authorities investigators witnesses residents officers"
    ).split()
)
_SHORT_SENTENCE_WORDS = 14
_MIN_HALF_WORDS = 6


def _lower_first(text: str) -> str:
    first = text.split(" ", 1)[0]
    if first.casefold() in _COMMON_OPENERS and first[:1].isupper():
        return text[:1].lower() + text[1:]
    return text


def _upper_first(text: str) -> str:
    return text[:1].upper() + text[1:]


def front_attribution(sentence: str) -> str | None:
    """ "Body, the minister said." -> "The minister said that body." (None if no match)."""
    match = _TRAILING_ATTRIBUTION.match(sentence)
    if not match:
        return None
    who = _upper_first(match["who"])
    return f"{who} {match['verb']}{match['rest']} that {_lower_first(match['body'])}."


def front_time(sentence: str) -> str | None:
    """ "Police arrested him on Monday." -> "On Monday, police arrested him."."""
    match = _TRAILING_TIME.match(sentence)
    if not match or sentence[:1] in _QUOTES:
        return None
    return f"{_upper_first(match['when'])}, {_lower_first(match['body'])}."


def split_clauses(sentence: str) -> list[str] | None:
    """Split at "; " or ", and " when both halves are sentences of their own."""
    for marker in ("; ", ", and "):
        at = sentence.find(marker)
        if at < 0:
            continue
        left, right = sentence[:at], sentence[at + len(marker) :]
        if min(len(left.split()), len(right.split())) < _MIN_HALF_WORDS:
            continue
        if any(q in sentence for q in _QUOTES[:3]):
            return None  # splitting inside a quotation breaks the quote
        return [left.rstrip(",;") + ".", _upper_first(right)]
    return None


def drop_modifiers(sentence: str) -> str:
    """Remove listed adjectives and adverbs, keeping the first letter's case."""
    dropped = _DROPPABLE_PATTERN.sub("", sentence)
    return _upper_first(dropped) if sentence[:1].isupper() else dropped


def merge_short(first: str, second: str) -> str | None:
    """Join two short sentences with ", and" (None when either is long)."""
    longest = max(len(first.split()), len(second.split()))
    if longest > _SHORT_SENTENCE_WORDS or not first.endswith("."):
        return None
    return f"{first[:-1]}, and {_lower_first(second)}"


def _rewrite_one(sentence: str, rng: random.Random) -> list[str]:
    """Apply the first applicable clause edit, in a seeded random order."""
    edits: list[Callable[[str], str | list[str] | None]] = [
        front_attribution,
        front_time,
        split_clauses,
    ]
    rng.shuffle(edits)
    for edit in edits:
        result = edit(sentence)
        if result is not None:
            return result if isinstance(result, list) else [result]
    return [sentence]


def rewrite_clauses(sentences: Sequence[str], rng: random.Random) -> list[str]:
    """Clause edits on every sentence, modifiers dropped, short neighbours merged."""
    edited = [
        part for s in sentences for part in _rewrite_one(drop_modifiers(s), rng) if part.strip()
    ]
    merged: list[str] = []
    for sentence in edited:
        if merged and rng.random() < 0.5 and (joined := merge_short(merged[-1], sentence)):
            merged[-1] = joined
        else:
            merged.append(sentence)
    return merged


# -- whole-article transformations --------------------------------------------
HEADERS = (
    "Advertisement",
    "Share this article: Facebook | Twitter | Email",
    "Sign up for our morning briefing and get the top stories in your inbox.",
    "Breaking news alerts are available on our mobile app.",
)
FOOTERS = (
    "Subscribe to our newsletter for the latest headlines.",
    "Copyright {year} {outlet}. All rights reserved. This material may not be redistributed.",
    "Follow us on Twitter and Facebook for more updates.",
    "Comments are closed on this story.",
    "Have a news tip? Contact our newsroom at any time.",
    "Related coverage: more stories from this section.",
)
MID_LINES = ("Advertisement", "Story continues below", "READ MORE: Top stories of the day")


def with_boilerplate(
    sentences: Sequence[str], rng: random.Random, outlet: str, year: int
) -> list[str]:
    """The full text framed by site furniture: headers, a mid-article line, footers."""
    head = rng.sample(HEADERS, rng.randint(1, 2))
    foot = [f.format(year=year, outlet=outlet) for f in rng.sample(FOOTERS, rng.randint(2, 4))]
    body = list(sentences)
    if len(body) > 4:
        body.insert(rng.randint(2, len(body) - 2), rng.choice(MID_LINES))
    return [*head, *body, *foot]


def truncate(sentences: Sequence[str], rng: random.Random) -> list[str]:
    """The first 40–70% of the sentences (at least one)."""
    keep = max(1, round(len(sentences) * rng.uniform(0.4, 0.7)))
    return list(sentences[:keep])


def reorder_locally(sentences: Sequence[str], rng: random.Random, window: int = 3) -> list[str]:
    """Keep the lede; shuffle the rest inside consecutive windows of ``window``."""
    if len(sentences) < 3:
        return list(reversed(sentences))
    result = [sentences[0]]
    for start in range(1, len(sentences), window):
        chunk = list(sentences[start : start + window])
        rng.shuffle(chunk)
        result.extend(chunk)
    if result == list(sentences):  # every shuffle happened to be the identity
        result[1], result[2] = result[2], result[1]
    return result


def drop_sentences(sentences: Sequence[str], rng: random.Random) -> list[str]:
    """Drop 20–40% of the sentences, never the lede."""
    if len(sentences) < 3:
        return list(sentences)
    count = round((len(sentences) - 1) * rng.uniform(0.2, 0.4))
    dropped = set(rng.sample(range(1, len(sentences)), count))
    return [s for i, s in enumerate(sentences) if i not in dropped]


def heavy_rewrite(sentences: Sequence[str], rng: random.Random) -> list[str]:
    """Synonyms, clause edits, 20–40% of sentences dropped, local reordering."""
    kept = drop_sentences(sentences, rng)
    edited = rewrite_clauses([substitute_words(s, rng, rate=1.0) for s in kept], rng)
    return reorder_locally(edited, rng)


def transform(
    kind: Kind, sentences: Sequence[str], rng: random.Random, outlet: str, year: int
) -> list[str]:
    """The sentences of a planted article of ``kind`` (EXACT copies text, not sentences)."""
    if kind is Kind.BOILERPLATE:
        return with_boilerplate(sentences, rng, outlet, year)
    if kind is Kind.TRUNCATED:
        return truncate(sentences, rng)
    if kind is Kind.REORDERED:
        return reorder_locally(sentences, rng)
    if kind is Kind.SYNONYM:
        return [substitute_words(s, rng) for s in sentences]
    if kind is Kind.CLAUSE:
        return rewrite_clauses(sentences, rng)
    if kind is Kind.REWRITE:
        return heavy_rewrite(sentences, rng)
    return list(sentences)


# -- the corpus -----------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Planted:
    """A derived article, its source and how it was made."""

    article: Article
    source_id: str
    kind: Kind


@dataclass(frozen=True, slots=True)
class DedupCorpus:
    originals: tuple[Article, ...]
    planted: tuple[Planted, ...]
    gold_event: Mapping[str, str]  # original article id -> gold event
    gold_story: Mapping[str, str]  # gold event -> gold story
    source_of: Mapping[str, str]  # planted article id -> its source's id

    @property
    def articles(self) -> tuple[Article, ...]:
        return self.originals + tuple(p.article for p in self.planted)

    def root(self, article_id: str) -> str:
        """The original an article descends from (itself for an original)."""
        return self.source_of.get(article_id, article_id)

    def label(self, a: str, b: str) -> PairLabel:
        """Ground truth for one pair of article ids."""
        root_a, root_b = self.root(a), self.root(b)
        if root_a == root_b:
            return PairLabel.POSITIVE
        event_a, event_b = self.gold_event[root_a], self.gold_event[root_b]
        if event_a == event_b:
            return PairLabel.UNKNOWN
        if self.gold_story[event_a] == self.gold_story[event_b]:
            return PairLabel.HARD_NEGATIVE
        return PairLabel.NEGATIVE

    def positives(self) -> dict[Pair, str]:
        """Every positive pair, with the kind it tests (or ``sibling``)."""
        found: dict[Pair, str] = {}
        by_source: dict[str, list[Planted]] = defaultdict(list)
        for p in self.planted:
            found[pair(p.article.id, p.source_id)] = p.kind.value
            by_source[p.source_id].append(p)
        for family in by_source.values():
            for i, x in enumerate(family):
                for y in family[i + 1 :]:
                    found[pair(x.article.id, y.article.id)] = SIBLING
        return found

    def _pairs_where(self, wanted: PairLabel) -> frozenset[Pair]:
        """Pairs with one label among articles of one story (the only place they occur)."""
        by_story: dict[str, list[str]] = defaultdict(list)
        for article in self.articles:
            by_story[self.gold_story[self.gold_event[self.root(article.id)]]].append(article.id)
        return frozenset(
            pair(x, y)
            for members in by_story.values()
            for i, x in enumerate(members)
            for y in members[i + 1 :]
            if self.label(x, y) is wanted
        )

    def hard_negatives(self) -> frozenset[Pair]:
        return self._pairs_where(PairLabel.HARD_NEGATIVE)

    def unknown(self) -> frozenset[Pair]:
        return self._pairs_where(PairLabel.UNKNOWN)

    def gold_events(self) -> list[Event]:
        """Gold events with each planted article placed in its source's event."""
        members: dict[str, list[str]] = defaultdict(list)
        for article in self.articles:
            members[self.gold_event[self.root(article.id)]].append(article.id)
        return [Event(f"e-{name}", tuple(ids_), name) for name, ids_ in sorted(members.items())]

    def story_blocks(self) -> list[Event]:
        """Gold stories posing as events: both happenings of a story in one block.

        Lineage never compares across events, so with gold events the hard
        negatives are never even tried; in a story block every different-event
        pair is a candidate, which tests the rewrite linker's precision itself.
        """
        members: dict[str, list[str]] = defaultdict(list)
        for article in self.articles:
            story = self.gold_story[self.gold_event[self.root(article.id)]]
            members[story].append(article.id)
        return [Event(f"e-{name}", tuple(ids_), name) for name, ids_ in sorted(members.items())]


# -- building it ----------------------------------------------------------------
PLANTED_OUTLETS = (
    "dailywire-example.com",
    "metro-herald.example",
    "newsround.example",
    "thecourier.example",
    "valley-times.example",
    "morningpost.example",
    "citybeat.example",
    "globalwire.example",
)
MIN_SOURCE_SENTENCES = 5  # shorter sources leave nothing to truncate or drop


@dataclass(frozen=True, slots=True)
class Gold:
    """ECB+ gold labels: document stem -> event, event -> story."""

    event_of_doc: Mapping[str, str]
    story_of_event: Mapping[str, str]

    def story_of_doc(self, doc: str) -> str:
        return self.story_of_event[self.event_of_doc[doc]]


def read_gold(path: Path) -> Gold:
    events: dict[str, str] = {}
    stories: dict[str, str] = {}
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            if line.strip():
                row = json.loads(line)
                events[row["doc"]] = row["event"]
                stories[row["event"]] = row["story"]
    return Gold(events, stories)


def load_originals(
    corpus: Path, settings: Settings, stories: int | None = None, seed: int = 0
) -> tuple[list[Article], Gold]:
    """ECB+ articles with a gold event, optionally from ``stories`` sampled stories only."""
    gold = read_gold(corpus / "gold.jsonl")
    articles = [a for a in read_inputs([corpus / "docs"], settings) if isinstance(a, Article)]
    labelled = [a for a in articles if Path(a.path).stem in gold.event_of_doc]
    if stories is not None:
        names = sorted(set(gold.story_of_event.values()))
        chosen = set(random.Random(seed).sample(names, min(stories, len(names))))
        labelled = [a for a in labelled if gold.story_of_doc(Path(a.path).stem) in chosen]
    return sorted(labelled, key=lambda a: a.id), gold


def _kind_cycle(count: int, rng: random.Random) -> list[Kind]:
    """``count`` kinds, balanced: whole shuffled rounds of all seven."""
    kinds: list[Kind] = []
    while len(kinds) < count:
        round_ = list(Kind)
        rng.shuffle(round_)
        kinds.extend(round_)
    return kinds[:count]


def plant_one(source: Article, kind: Kind, rng: random.Random, serial: int) -> Planted:
    """One derived article of ``kind``, with its own outlet and URL."""
    outlet = rng.choice(PLANTED_OUTLETS)
    year = source.published.year if source.published else 2012
    if kind is Kind.EXACT:
        text = source.text
    else:
        sentences = [s.text for s in split_sentences(source)]
        text = "\n".join(transform(kind, sentences, rng, outlet, year))
    title = source.title if kind is not Kind.SYNONYM else substitute_words(source.title, rng)
    url = f"https://{outlet}/{kind.value}/{serial}"
    published = source.published + timedelta(days=rng.randint(0, 1)) if source.published else None
    article = Article(
        id=ids.article_id(title, text, url),
        title=title,
        text=text,
        path=f"planted:{kind.value}:{source.id}",
        outlet=outlet,
        url=url,
        published=published,
        date_source=source.date_source,
    )
    return Planted(article, source.id, kind)


def plant(
    originals: Sequence[Article],
    gold: Gold,
    sources: int,
    seed: int,
    per_source: int = 3,
) -> DedupCorpus:
    """Choose ``sources`` source articles and plant ``per_source`` derived ones from each."""
    rng = random.Random(seed)
    eligible = [a for a in originals if len(split_sentences(a)) >= MIN_SOURCE_SENTENCES]
    chosen = sorted(rng.sample(eligible, min(sources, len(eligible))), key=lambda a: a.id)
    kinds = iter(_kind_cycle(len(chosen) * per_source, rng))
    planted = [
        plant_one(source, next(kinds), rng, serial)
        for serial, source in enumerate(s for s in chosen for _ in range(per_source))
    ]
    gold_event = {a.id: gold.event_of_doc[Path(a.path).stem] for a in originals}
    source_of = {p.article.id: p.source_id for p in planted}
    return DedupCorpus(tuple(originals), tuple(planted), gold_event, gold.story_of_event, source_of)


def kinds_of(planted: Iterable[Planted]) -> dict[str, int]:
    counts: dict[str, int] = defaultdict(int)
    for p in planted:
        counts[p.kind.value] += 1
    return dict(sorted(counts.items()))
