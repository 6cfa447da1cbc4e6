"""NewsWCL50 for ``storyline bench entities``: how five outlets name the same actors.

NewsWCL50 (Hamborg et al., 2019) marks, per topic and across its five articles, every
way an outlet refers to an actor, a country or a group: "President Trump", "Trump",
"the president", "Donald J. Trump". The chains cross documents within a topic (their
ids carry the topic number). Entity resolution is scored on what it is for, proper
names:

* the chains of people, organisations, countries and groups (``ACTOR``, ``ACTOR-I``,
  ``COUNTRY``, ``GROUP``; actions, events, objects and the like are left out) that
  hold at least one proper-name mention, and only their proper-name mentions
  ("President Trump" and "Kim Jong-un", not "the president" or "its leader");
* detection: the share of those mentions our layer and plain spaCy find, on the
  exact span and overlapping it (the corpus does not mark every name, so precision
  is not measured);
* merging: B³ of the mentions we found, our entities against the gold chains, each
  scoped to its topic (a chain is a topic's), beside grouping by exact string;
* one entity per actor: for every named person chain, how many of our entities its
  mentions fall into (one is right).
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from storyline.errors import InputError
from storyline.extract.entities import LABELS, find_mentions
from storyline.extract.resolve import is_role_mention, resolve_entities
from storyline.models import Article
from storyline.nlp.parse import parse_texts

from .entities import Document, GoldMention, Predicted, Scores, b_cubed, match_lenient

DEFAULT_NEWSWCL = "eval/newswcl50/NewsWCL50-dev.conll"  # inside the benchmark data folder
SCORED_KINDS = ("ACTOR", "ACTOR-I", "COUNTRY", "GROUP")
PERSON_KINDS = ("ACTOR",)
NAME = "NAME"  # mentions are matched by span alone: the corpus's kinds are not NER types
_SPACY = frozenset({"PERSON", "ORG", "GPE", "LOC", "FAC", "NORP"})

Progress = Callable[[str, int, int | None], None]


def _quiet(stage: str, done: int, total: int | None) -> None:
    pass


# -- reading ------------------------------------------------------------------
@dataclass(slots=True)
class _Open:
    chain: str
    start: int


def load_newswcl(path: Path) -> tuple[Document, ...]:
    """Documents of a NewsWCL50 CoNLL file, with their named, scored chain mentions."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise InputError(
            str(path), f"cannot be read ({exc}); pass the NewsWCL50 CoNLL file with --newswcl"
        ) from exc
    documents: list[Document] = []
    rows: list[list[str]] = []
    name = ""
    for number, line in enumerate(lines, start=1):
        if line.startswith("#begin document"):
            name, rows = line.split(" ", 2)[2].split(";")[0].strip(), []
        elif line.startswith("#end document"):
            documents.append(_document(len(documents), name, rows))
        elif line.strip():
            cells = line.split("\t")
            if len(cells) < 5:
                raise InputError(str(path), f"line {number} has {len(cells)} columns, not 5")
            rows.append(cells)
        else:
            rows.append([])  # a sentence ends
    if not documents:
        raise InputError(str(path), "holds no '#begin document' block: not NewsWCL50 CoNLL")
    return tuple(documents)


def _document(index: int, name: str, rows: Sequence[Sequence[str]]) -> Document:
    parts: list[str] = []
    offset = 0
    open_chains: list[_Open] = []
    gold: list[GoldMention] = []
    spans: list[tuple[int, int, str]] = []
    for cells in rows:
        if not cells:
            if parts and parts[-1] == " ":
                parts[-1] = "\n"
            continue
        token, marks = cells[3], cells[4].strip()
        start, end = offset, offset + len(token)
        parts += [token, " "]
        offset = end + 1
        for mark in marks.split("|") if marks != "-" else ():
            chain = mark.strip("()")
            if mark.startswith("("):
                open_chains.append(_Open(chain, start))
            if mark.endswith(")"):
                opened = next((o for o in reversed(open_chains) if o.chain == chain), None)
                if opened is not None:
                    open_chains.remove(opened)
                    spans.append((opened.start, end, chain))
    text = "".join(parts).rstrip()
    for start, end, chain in spans:
        kind = chain.rsplit("_", 1)[-1]
        if kind in SCORED_KINDS and is_proper_name(text[start:end]):
            gold.append(GoldMention(index, start, end, kind, chain))
    named_chains = {g.cluster for g in gold}
    kept = [g for g in gold if g.cluster in named_chains]
    return Document(name, text, tuple(sorted(set(kept), key=lambda g: (g.start, g.end))))


_PARTICLES = frozenset({"of", "de", "da", "del", "al", "bin", "von", "van", "and", "the", "for"})
_WORD = re.compile(r"[^\W_][\w.'’-]*")  # "Jong-un" is one word


def is_proper_name(surface: str) -> bool:
    """A mention that is a name: "President Trump", "Kim Jong - un", "the United States";
    not "the president", "its leader" or "the C.I.A. director"."""
    text = re.sub(r"\s*-\s*", "-", surface.strip())
    text = re.sub(r"\s+['’]s$", "", text)
    words = _WORD.findall(text)
    if words and words[0].casefold() == "the":
        words = words[1:]
    if not words or words[0].casefold() in _PARTICLES:
        return False
    return all(w[0].isupper() or w.casefold() in _PARTICLES for w in words)


# -- scoring ------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class ActorSplit:
    """One named person chain and the entities of ours its found mentions fall into."""

    chain: str
    mentions: int  # its named mentions we found
    entities: int  # our entities holding them
    largest_share: float  # share of them in our largest one


@dataclass(frozen=True, slots=True)
class NewsWclResult:
    data: str
    documents: int
    topics: int
    gold_mentions: int
    gold_chains: int
    detection: tuple[tuple[str, Scores, Scores], ...]  # system, exact, lenient (recall)
    merged_mentions: int
    merging: tuple[tuple[str, Scores, int], ...]  # system, B³, clusters
    actors: tuple[ActorSplit, ...]
    people_mentions: int = 0
    people_merging: tuple[tuple[str, Scores, int], ...] = ()  # the same, person chains only

    def as_document(self) -> dict[str, Any]:
        return {
            "data": self.data,
            "articles": self.documents,
            "topics": self.topics,
            "gold_named_mentions": self.gold_mentions,
            "gold_named_chains": self.gold_chains,
            "chain_kinds": list(SCORED_KINDS),
            "detection_recall": [
                {"system": s, "exact": round(e.recall, 4), "overlapping": round(o.recall, 4)}
                for s, e, o in self.detection
            ],
            "merging": {
                "metric": "B3 over named chain mentions we found, chains scoped to their topic",
                "mentions": self.merged_mentions,
                "systems": [
                    {"system": s, "clusters": n, **scores.as_document()}
                    for s, scores, n in self.merging
                ],
                "people": {
                    "mentions": self.people_mentions,
                    "systems": [
                        {"system": s, "clusters": n, **scores.as_document()}
                        for s, scores, n in self.people_merging
                    ],
                },
            },
            "actors": [
                {
                    "chain": a.chain,
                    "mentions": a.mentions,
                    "entities": a.entities,
                    "largest_share": round(a.largest_share, 4),
                }
                for a in self.actors
            ],
        }

    @property
    def split_actors(self) -> tuple[ActorSplit, ...]:
        return tuple(a for a in self.actors if a.entities > 1)


def _topic(document: Document) -> str:
    return document.id.split("/", 1)[0]


def run_newswcl(path: Path, progress: Progress = _quiet) -> NewsWclResult:
    """Detection and merging of the named actors of every NewsWCL50 topic in ``path``."""
    documents = load_newswcl(path)
    gold = [g for d in documents for g in d.gold]
    ours: list[Predicted] = []
    spacy: list[Predicted] = []
    mentions = []
    for n, (document, doc) in enumerate(
        zip(documents, parse_texts(d.text for d in documents), strict=True)
    ):
        article = Article(id=document.id, title="", text=document.text, path=document.id)
        found = [m for m in find_mentions(article, doc) if not is_role_mention(m)]
        mentions += found
        ours += [Predicted(n, m.span.start, m.span.end, NAME) for m in found]
        spacy += [
            Predicted(n, e.start_char, e.end_char, NAME)
            for e in doc.ents
            if e.label_ in _SPACY and e.label_ in LABELS
        ]
        progress("NewsWCL50", n + 1, len(documents))
    as_names = [GoldMention(g.doc, g.start, g.end, NAME, g.cluster) for g in gold]
    detection = tuple(
        (system, _exact_recall(predicted, as_names), _overlap_recall(predicted, as_names))
        for system, predicted in (("storyline entities", ours), ("plain spaCy", spacy))
    )
    entity_of = {m.span: e.id for e in resolve_entities(mentions) for m in e.mentions}
    pairs = match_lenient(ours, as_names)
    matched = sorted(pairs)
    topic_of = [_topic(documents[ours[i].doc]) for i in matched]
    gold_ids = [as_names[pairs[i]].cluster or "" for i in matched]
    spans = [mentions[i].span for i in matched]
    system = [f"{t}:{entity_of.get(s, f'none-{s}')}" for t, s in zip(topic_of, spans, strict=True)]
    exact = [f"{t}:{mentions[i].text}" for t, i in zip(topic_of, matched, strict=True)]
    merging = _merging(system, exact, gold_ids)
    people = [i for i, chain in enumerate(gold_ids) if chain.rsplit("_", 1)[-1] in PERSON_KINDS]
    people_merging = _merging(
        [system[i] for i in people], [exact[i] for i in people], [gold_ids[i] for i in people]
    )
    return NewsWclResult(
        data=str(path),
        documents=len(documents),
        topics=len({_topic(d) for d in documents}),
        gold_mentions=len(gold),
        gold_chains=len({g.cluster for g in gold}),
        detection=detection,
        merged_mentions=len(matched),
        merging=merging,
        actors=_actor_splits(gold_ids, system),
        people_mentions=len(people),
        people_merging=people_merging,
    )


def _merging(
    system: Sequence[str], exact: Sequence[str], gold_ids: Sequence[str]
) -> tuple[tuple[str, Scores, int], ...]:
    return (
        ("storyline entities", b_cubed(system, gold_ids), len(set(system))),
        ("exact string match", b_cubed(exact, gold_ids), len(set(exact))),
    )


def _exact_recall(predicted: Sequence[Predicted], gold: Sequence[GoldMention]) -> Scores:
    spans = {(p.doc, p.start, p.end) for p in predicted}
    found = sum(1 for g in gold if (g.doc, g.start, g.end) in spans)
    return Scores.of(found, 0, len(gold) - found)


def _overlap_recall(predicted: Sequence[Predicted], gold: Sequence[GoldMention]) -> Scores:
    by_doc: dict[int, list[Predicted]] = defaultdict(list)
    for p in predicted:
        by_doc[p.doc].append(p)
    found = sum(
        1 for g in gold if any(p.start < g.end and g.start < p.end for p in by_doc.get(g.doc, ()))
    )
    return Scores.of(found, 0, len(gold) - found)


def _actor_splits(gold_ids: Sequence[str], system: Sequence[str]) -> tuple[ActorSplit, ...]:
    by_chain: dict[str, Counter[str]] = defaultdict(Counter)
    for chain, entity in zip(gold_ids, system, strict=True):
        if chain.rsplit("_", 1)[-1] in PERSON_KINDS:
            by_chain[chain][entity] += 1
    return tuple(
        ActorSplit(chain, sum(c.values()), len(c), c.most_common(1)[0][1] / sum(c.values()))
        for chain, c in sorted(by_chain.items(), key=lambda kv: -sum(kv[1].values()))
    )
