"""The default store: one SQLite file in WAL mode.

Writes go through explicit ``BEGIN IMMEDIATE`` transactions with
``synchronous=FULL``, so once :meth:`SqliteStore.add_articles` returns, its
articles survive a kill or a power cut. Readers in other processes keep
working while a writer is busy, thanks to WAL. The queries themselves are
:class:`~storyline.store.sql.SqlStore`'s; this module supplies SQLite's side:
the connection, transactions, FTS5 search and the schema (:mod:`.schema`) in its types.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from ..errors import StoreError
from .base import SearchHit, query_words
from .dialect import Row
from .migrations import MIGRATIONS
from .schema import (
    SCHEMA_VERSION,
    Kind,
    Table,
    added_since,
    create_table,
    creating,
    refuse_newer,
    whole_schema,
)
from .sql import SqlStore

_WORD = re.compile(r"\w+", re.UNICODE)
# SQLite limits bound parameters per statement; stay well under it.
_CHUNK = 500


def fts_query(text: str) -> str:
    """Turn what a user typed into a safe FTS5 query: every word must match.

    Quoting each word disarms FTS5 syntax (``AND``, ``NEAR``, ``*``, ``:``),
    so any string a user or a web form sends is a valid query.
    """
    return fts_any_query([[w] for w in query_words(text)])


def fts_any_query(groups: Sequence[Sequence[str]]) -> str:
    """A safe FTS5 query: every group must match, by any one of its words."""
    parts = []
    for group in groups:
        words = [w for word in group for w in _WORD.findall(word)]
        if words:
            parts.append("(" + " OR ".join(f'"{w}"' for w in words) + ")")
    return " AND ".join(parts)


_TYPES: dict[Kind, str] = {
    "key": "TEXT",
    "text": "TEXT",
    "day": "TEXT",
    "moment": "TEXT",
    "int": "INTEGER",
    "bigint": "INTEGER",
    "real": "REAL",
    "blob": "BLOB",
}

# Full-text search over titles and texts (FTS5, kept in step by triggers), and its
# vocabulary, to find other spellings of a searched name. SQLite's alone.
_SEARCH = (
    """CREATE VIRTUAL TABLE articles_fts USING fts5(
        title, text, content='articles', content_rowid='rowid',
        tokenize='porter unicode61 remove_diacritics 2'
    )""",
    """CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN
        INSERT INTO articles_fts(rowid, title, text) VALUES (new.rowid, new.title, new.text);
    END""",
    """CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
        INSERT INTO articles_fts(articles_fts, rowid, title, text)
        VALUES ('delete', old.rowid, old.title, old.text);
    END""",
    """CREATE TRIGGER articles_fts_update AFTER UPDATE OF title, text ON articles BEGIN
        INSERT INTO articles_fts(articles_fts, rowid, title, text)
        VALUES ('delete', old.rowid, old.title, old.text);
        INSERT INTO articles_fts(rowid, title, text) VALUES (new.rowid, new.title, new.text);
    END""",
    "CREATE VIRTUAL TABLE articles_vocab USING fts5vocab(articles_fts, 'row')",
)


def _table(t: Table) -> Iterator[str]:
    # Articles keep their rowid (the search index's key, and their arrival order), as
    # do the one-row tables, whose integer key is it; the rest are stored by their key.
    keeps_rowid = t.name == "articles" or t.single_row
    return create_table(t, _TYPES, suffix="" if keeps_rowid else " WITHOUT ROWID")


def schema_statements(version: int) -> Iterator[str]:
    """What brings a store at ``version`` (0: a new one) to :data:`SCHEMA_VERSION`."""
    if version == 0:
        yield from whole_schema(_table)
        yield from _SEARCH
        return
    # Stores from before the one schema definition replay SQLite's own history first.
    for migration in MIGRATIONS:
        if migration.version > version:
            yield from _statements(migration.sql)
    yield from creating(added_since(version), _table)


class SqliteStore(SqlStore):
    """:class:`~storyline.store.base.Store` on a SQLite file."""

    def __init__(self, path: str | Path) -> None:
        self._dialect = SqliteDialect(str(path))
        super().__init__(self._dialect)

    @property
    def _db(self) -> sqlite3.Connection:
        return self._dialect.db


class SqliteDialect:
    """SQLite's side of the store (see :class:`~storyline.store.dialect.Dialect`)."""

    arrival = "rowid"

    def __init__(self, path: str) -> None:
        self.path = path
        self._writing = False
        try:
            if path != ":memory:":
                Path(path).parent.mkdir(parents=True, exist_ok=True)
            self.db = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
            self._configure()
            self._migrate()
        except sqlite3.DatabaseError as exc:
            raise StoreError(
                f"cannot open the database {path}: {exc}. "
                "Check the path is a Storyline database you can write to, or pass another --db."
            ) from exc

    def _configure(self) -> None:
        self.db.execute("PRAGMA busy_timeout = 10000")
        self.db.execute("PRAGMA foreign_keys = ON")
        if self.path != ":memory:":
            mode = self.db.execute("PRAGMA journal_mode = WAL").fetchone()[0]
            if str(mode).lower() != "wal":
                raise StoreError(f"{self.path}: could not switch the database to WAL mode")
        self.db.execute("PRAGMA synchronous = FULL")

    def _migrate(self) -> None:
        version = self.schema_version()
        refuse_newer(self.path, version)
        if version == SCHEMA_VERSION:
            return
        # One transaction: a crash leaves the schema where it was, never half way.
        with self.write():
            for statement in schema_statements(version):
                self.db.execute(statement)
            self.db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")

    def schema_version(self) -> int:
        return int(self.db.execute("PRAGMA user_version").fetchone()[0])

    def close(self) -> None:
        self.db.close()

    # -- statements --------------------------------------------------------
    def rows(self, sql: str, args: Sequence[Any] = ()) -> list[Row]:
        try:
            return [tuple(r) for r in self.db.execute(sql, _values(args)).fetchall()]
        except sqlite3.OperationalError as exc:
            if self._writing:
                raise  # write() names it as a failed write
            raise StoreError(f"cannot read from {self.path}: {exc}") from exc

    def run(self, sql: str, args: Sequence[Any] = ()) -> int:
        return int(self.db.execute(sql, _values(args)).rowcount)

    def many(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        self.db.executemany(sql, [_values(r) for r in rows])

    @contextmanager
    def write(self, exclusive: bool = False) -> Iterator[None]:
        # BEGIN IMMEDIATE already lets one writer in at a time, so `exclusive` adds nothing.
        try:
            self.db.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            raise StoreError(f"cannot write to {self.path}: {exc}. {_advice(exc)}") from exc
        self._writing = True
        try:
            yield
            self.db.execute("COMMIT")
        except BaseException as exc:
            # A failed COMMIT (disk full, I/O error) may already have rolled back.
            # Either way the transaction is gone; the first error is the one to report.
            if self.db.in_transaction:
                with suppress(sqlite3.Error):
                    self.db.execute("ROLLBACK")
            if isinstance(exc, sqlite3.OperationalError):
                raise StoreError(f"cannot write to {self.path}: {exc}. {_advice(exc)}") from exc
            raise
        finally:
            self._writing = False

    def among(self, column: str, values: Sequence[Any]) -> tuple[str, tuple[Any, ...]]:
        return f"{column} IN ({','.join('?' * len(values))})", tuple(values)

    def chunks(self, values: Sequence[Any]) -> Iterator[Sequence[Any]]:
        for i in range(0, len(values), _CHUNK):
            yield values[i : i + _CHUNK]

    # -- full-text search ----------------------------------------------------
    def search_any(self, groups: Sequence[Sequence[str]], limit: int) -> list[SearchHit]:
        match = fts_any_query(groups)
        if not match:
            return []
        rows = self.rows(
            """
            SELECT a.id, a.title, a.outlet,
                   snippet(articles_fts, 1, '«', '»', ' … ', 16), bm25(articles_fts)
            FROM articles_fts JOIN articles a ON a.rowid = articles_fts.rowid
            WHERE articles_fts MATCH ? ORDER BY bm25(articles_fts) LIMIT ?
            """,
            (match, limit),
        )
        return [SearchHit(i, t, o, s, -float(score)) for i, t, o, s, score in rows]

    def index_words(self, prefix: str, limit: int) -> list[str]:
        low = prefix.casefold()
        if not low or not low.isalnum():
            return []  # a prefix is the start of a word, never a pattern
        # The range on the vocabulary's term column lets FTS5 seek instead of scanning.
        high = low[:-1] + chr(ord(low[-1]) + 1)
        rows = self.rows(
            "SELECT term FROM articles_vocab WHERE term >= ? AND term < ? LIMIT ?",
            (low, high, limit),
        )
        return [str(r[0]) for r in rows]


def _values(args: Sequence[Any]) -> tuple[Any, ...]:
    """Arguments as SQLite stores them: days and moments as ISO text (moments in UTC)."""
    return tuple(_value(a) for a in args)


def _value(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat(timespec="microseconds")
    if isinstance(value, date):
        return value.isoformat()
    return value


def _advice(exc: sqlite3.Error) -> str:
    """What to do about a failed write, in the user's terms."""
    text = str(exc).lower()
    if "full" in text or "disk i/o" in text:
        return (
            "The disk may be full: free some space (or pass another --db), then run the "
            "command again; everything acknowledged before this is kept."
        )
    if "readonly" in text or "read-only" in text:
        return "The file or its folder is read-only: fix its permissions or pass another --db."
    if "locked" in text or "busy" in text:
        return "Another process holds the database: wait for it to finish, then retry."
    return "Check the disk and the file's permissions, then run the command again."


def _statements(script: str) -> Iterator[str]:
    """Split a migration script into statements, keeping trigger bodies whole."""
    buffer = ""
    for line in script.splitlines(keepends=True):
        buffer += line
        if sqlite3.complete_statement(buffer):
            if buffer.strip():
                yield buffer.strip()
            buffer = ""
    if buffer.strip():
        yield buffer.strip()
