"""What one SQL database must provide for :class:`~storyline.store.sql.SqlStore`.

The store's queries are written once, in the SQL both SQLite and PostgreSQL
speak (``?`` placeholders, ``INSERT … ON CONFLICT``, ``RETURNING``, quoted
``"end"``). A dialect supplies the rest: the connection and its errors,
transactions and the lock that keeps two regroupings apart, how a column is
tested against a list of values, arrival order, full-text search, and the
schema version (each dialect migrates its own schema when it connects).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager
from typing import Any, Protocol

from .base import SearchHit

Row = tuple[Any, ...]


class Dialect(Protocol):
    path: str  # what messages name: the file, or the URL without its password
    arrival: str  # the column that numbers articles in the order they were stored

    def rows(self, sql: str, args: Sequence[Any] = ()) -> list[Row]:
        """Run one statement and return its rows (an error names the store and what to do)."""
        ...

    def run(self, sql: str, args: Sequence[Any] = ()) -> int:
        """Run one statement inside :meth:`write`; the number of rows it changed."""
        ...

    def many(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        """Run one statement once per row inside :meth:`write`."""
        ...

    def write(self, exclusive: bool = False) -> AbstractContextManager[None]:
        """One transaction; ``exclusive`` keeps whole-table rewrites one at a time."""
        ...

    def among(self, column: str, values: Sequence[Any]) -> tuple[str, tuple[Any, ...]]:
        """A condition that ``column`` is one of ``values``, and its arguments."""
        ...

    def chunks(self, values: Sequence[Any]) -> Iterator[Sequence[Any]]:
        """``values`` in pieces small enough to bind in one statement."""
        ...

    def search_any(self, groups: Sequence[Sequence[str]], limit: int) -> list[SearchHit]: ...

    def index_words(self, prefix: str, limit: int) -> list[str]: ...

    def schema_version(self) -> int: ...

    def close(self) -> None: ...
