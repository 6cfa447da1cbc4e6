"""Persistence behind one interface: SQLite by default, PostgreSQL for a shared server."""

from __future__ import annotations

from pathlib import Path

from ..settings import is_postgres_url
from .base import (
    ArticleStore,
    ExtractionCache,
    GroupingStore,
    LineageStore,
    LineageUpdate,
    SearchHit,
    SourceStore,
    Store,
    VectorCache,
)
from .postgres import PostgresStore
from .sqlite import SqliteStore

__all__ = [
    "ArticleStore",
    "ExtractionCache",
    "GroupingStore",
    "LineageStore",
    "LineageUpdate",
    "PostgresStore",
    "SearchHit",
    "SourceStore",
    "SqliteStore",
    "Store",
    "VectorCache",
    "is_postgres_url",
    "open_store",
]


def open_store(location: str | Path) -> Store:
    """Open (creating and migrating if needed) the store at ``location``.

    A ``postgresql://`` URL opens a PostgreSQL database (which must exist); any
    other location is a SQLite file, created if missing.
    """
    if isinstance(location, str) and is_postgres_url(location):
        return PostgresStore(str(location))
    return SqliteStore(location)
