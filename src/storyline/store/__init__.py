"""Persistence behind one interface; SQLite is the default backend."""

from __future__ import annotations

from pathlib import Path

from .base import SearchHit, Store
from .sqlite import SqliteStore

__all__ = ["SearchHit", "SqliteStore", "Store", "open_store"]


def open_store(location: str | Path) -> SqliteStore:
    """Open (creating and migrating if needed) the store at ``location``."""
    return SqliteStore(location)
