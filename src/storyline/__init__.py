"""Storyline: turn a flood of news articles into what actually happened.

The library in a few names (each is imported on first use, so ``import storyline``
stays cheap and loads no model)::

    from storyline import Settings, analyze, ingest_paths, open_store, show

    settings = Settings(db="news.db")
    with open_store(settings.store_location) as store:
        ingest_paths(store, ["articles/"], settings)
        analysis = analyze(store, settings)
        for story in analysis.stories:
            subject = show(store, settings, story.id)
            print(subject.label, subject.brief.independent_reports)

The command line, the REST API and the web pages are thin layers over these.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

# Public name -> the module that defines it.
_EXPORTS = {
    "Settings": "storyline.settings",
    "load_settings": "storyline.settings",
    "open_store": "storyline.store",
    "Store": "storyline.store",
    # ``storyline.ingest`` is the package of readers, so the function has another name.
    "ingest_paths": "storyline.service:ingest",
    "analyze": "storyline.service",
    "show": "storyline.reading",
    "write_briefs": "storyline.service",
    "Analysis": "storyline.service",
    "IngestReport": "storyline.service",
    "Subject": "storyline.reading",
    "search_articles": "storyline.search:search",
    "find_articles": "storyline.search",
    "find_by_meaning": "storyline.search",
    "document_index": "storyline.search",
    "in_context": "storyline.search",
    "story_card": "storyline.cards",
    "explain_article": "storyline.explain",
    "Article": "storyline.models",
    "Event": "storyline.models",
    "Story": "storyline.models",
    "Brief": "storyline.models",
    "BriefSentence": "storyline.models",
    "Citation": "storyline.models",
    "Conflict": "storyline.models",
    "Lineage": "storyline.models",
    "StorylineError": "storyline.errors",
}

__all__ = [
    "Analysis",
    "Article",
    "Brief",
    "BriefSentence",
    "Citation",
    "Conflict",
    "Event",
    "IngestReport",
    "Lineage",
    "Settings",
    "Store",
    "Story",
    "StorylineError",
    "Subject",
    "__version__",
    "analyze",
    "document_index",
    "explain_article",
    "find_articles",
    "find_by_meaning",
    "in_context",
    "ingest_paths",
    "load_settings",
    "open_store",
    "search_articles",
    "show",
    "story_card",
    "write_briefs",
]


def __getattr__(name: str) -> Any:
    """Import a public name from its module the first time it is asked for."""
    where = _EXPORTS.get(name)
    if where is None:
        raise AttributeError(f"module 'storyline' has no attribute {name!r}")
    module, _, attribute = where.partition(":")
    value = getattr(importlib.import_module(module), attribute or name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_EXPORTS))


if TYPE_CHECKING:  # what type checkers and editors see
    from .cards import story_card
    from .errors import StorylineError
    from .explain import explain_article
    from .models import (
        Article,
        Brief,
        BriefSentence,
        Citation,
        Conflict,
        Event,
        Lineage,
        Story,
    )
    from .reading import Subject, show
    from .search import document_index, find_articles, find_by_meaning, in_context
    from .search import search as search_articles
    from .service import (
        Analysis,
        IngestReport,
        analyze,
        write_briefs,
    )
    from .service import ingest as ingest_paths
    from .settings import Settings, load_settings
    from .store import Store, open_store
