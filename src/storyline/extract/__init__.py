"""Extraction: entities, quotes, figures and dates, each with its span in the article.

:func:`extract` parses every article once with the bundled spaCy pipeline and runs
the four extractors over the shared parse. Entities are then resolved across all
articles, and each quote's speaker is linked to the entity whose mention it
overlaps. Parse results are cached per article when a
:class:`ParseCache` (the store) is given, so analysing again only parses new
articles. Dates are resolved against the publication date; an article without
one borrows the earliest publication date of its event's other articles (passed
in as ``inferred_days``), and its dates say so (``DateRef.anchor == "inferred"``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import Any, Protocol

from ..models import Article, DateRef, Entity, Figure, Mention, Quote
from ..nlp.parse import parse_texts
from ..nlp.vectors import model_threads
from .cache import VERSION, Parsed, dumps, loads
from .dates import find_dates
from .entities import find_mentions
from .figures import find_figures
from .quotes import find_quotes
from .resolve import resolve_entities

Progress = Callable[[str, int, int | None], None]

# Parse in two processes (this machine class has two cores) once a batch is large
# enough to repay starting the second one, unless this process was given one core
# (OMP_NUM_THREADS=1, as Dask sets in its workers): a second parser would then only
# take turns with the first, and pay its own model load.
PARALLEL_FROM = 64
CACHE_BATCH = 200  # parse results saved this many at a time, so a kill loses little


def _quiet(stage: str, done: int, total: int | None) -> None:
    pass


@dataclass(frozen=True, slots=True)
class Extraction:
    """What extraction found, per article and (for entities) across articles."""

    entities: tuple[Entity, ...]
    mentions: dict[str, tuple[Mention, ...]]
    quotes: dict[str, tuple[Quote, ...]]
    figures: dict[str, tuple[Figure, ...]]
    dates: dict[str, tuple[DateRef, ...]]


class ParseCache(Protocol):
    """Where parse results are kept between runs (the store implements this)."""

    def load_extractions(self, version: str, article_ids: Sequence[str]) -> dict[str, str]: ...

    def save_extractions(self, version: str, payloads: Mapping[str, str]) -> None: ...


def extract(
    articles: Sequence[Article],
    inferred_days: Mapping[str, date] | None = None,
    progress: Progress = _quiet,
    cache: ParseCache | None = None,
) -> Extraction:
    """Run every extractor over ``articles`` (one spaCy parse each, unless cached)."""
    inferred = inferred_days or {}
    parsed = _parse_all(articles, progress, cache)
    entities = resolve_entities([m for a in articles for m in parsed[a.id].mentions])
    owners = _mention_owners(entities)
    return Extraction(
        entities,
        {a.id: parsed[a.id].mentions for a in articles},
        {a.id: _link_speakers(parsed[a.id].quotes, owners.get(a.id, [])) for a in articles},
        {a.id: parsed[a.id].figures for a in articles},
        {a.id: _dates(a, inferred.get(a.id)) for a in articles},
    )


def ensure_parsed(
    articles: Sequence[Article], cache: ParseCache, progress: Progress = _quiet
) -> None:
    """Parse the articles the cache lacks and keep their results there."""
    _parse_all(articles, progress, cache)


def _parse_all(
    articles: Sequence[Article], progress: Progress, cache: ParseCache | None
) -> dict[str, Parsed]:
    stored = cache.load_extractions(VERSION, [a.id for a in articles]) if cache else {}
    parsed = {a: loads(a, payload) for a, payload in stored.items()}
    todo = [a for a in articles if a.id not in parsed]
    processes = min(2, model_threads()) if len(todo) >= PARALLEL_FROM else 1
    docs = parse_texts((a.text for a in todo), processes=processes)
    fresh: dict[str, str] = {}
    for done, (article, doc) in enumerate(zip(todo, docs, strict=True), start=1):
        found = _parsed(article, doc)
        parsed[article.id] = found
        fresh[article.id] = dumps(found)
        if cache and len(fresh) >= CACHE_BATCH:
            cache.save_extractions(VERSION, fresh)
            fresh = {}
        progress("extract", done, len(todo))
    if cache and fresh:
        cache.save_extractions(VERSION, fresh)
    return parsed


def _parsed(article: Article, doc: Any) -> Parsed:
    return Parsed(
        find_mentions(article, doc), find_quotes(article, doc), find_figures(article, doc)
    )


def parse_payloads(articles: Sequence[Article]) -> dict[str, str]:
    """Parse results of ``articles`` as cache payloads, in one process.

    For workers that parse a share of a large backfill: the client stores the
    payloads with :meth:`ParseCache.save_extractions` under :data:`VERSION`, and
    :func:`extract` later finds them cached.
    """
    docs = parse_texts((a.text for a in articles), processes=1)
    return {a.id: dumps(_parsed(a, doc)) for a, doc in zip(articles, docs, strict=True)}


def _mention_owners(entities: Sequence[Entity]) -> dict[str, list[tuple[int, int, str]]]:
    """Per article: (start, end, entity id) of every resolved mention."""
    owners: dict[str, list[tuple[int, int, str]]] = {}
    for entity in entities:
        for m in entity.mentions:
            owners.setdefault(m.span.article_id, []).append((m.span.start, m.span.end, entity.id))
    return owners


def _dates(article: Article, inferred: date | None) -> tuple[DateRef, ...]:
    if article.published is None and inferred is not None:
        return find_dates(article, inferred, "inferred")
    return find_dates(article)


def _link_speakers(
    quotes: Sequence[Quote], owners: Sequence[tuple[int, int, str]]
) -> tuple[Quote, ...]:
    """Give each quote the entity whose mention overlaps its speaker's span."""
    linked = []
    for quote in quotes:
        span = quote.speaker_span
        owner = next(
            (e for start, end, e in owners if span and start < span.end and span.start < end),
            None,
        )
        linked.append(quote if owner is None else replace(quote, speaker_entity=owner))
    return tuple(linked)
