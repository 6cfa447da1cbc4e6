"""The shared-server store: PostgreSQL through psycopg 3.

The queries are :class:`~storyline.store.sql.SqlStore`'s, as for SQLite (one
contract suite runs against both). What differs is how writers coexist:
several processes may write at once. Article inserts are idempotent upserts
that PostgreSQL serialises per id, so two writers given the same article store
it once; the whole-table rewrites of grouping and lineage take a
transaction-scoped advisory lock, so two regroupings never interleave. Search
uses a stored ``tsvector`` with a GIN index instead of FTS5.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from ..errors import StoreError
from .base import SearchHit
from .dialect import Row
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

try:  # an optional dependency at import time, so SQLite users never need it
    import psycopg
except ImportError:  # pragma: no cover - depends on the environment
    psycopg = None  # type: ignore[assignment]

# Advisory lock keys (any fixed 64-bit numbers): one for migrating the schema, one
# for the whole-table rewrites of grouping and lineage.
_MIGRATE_LOCK = 0x5354_4F52_5901
_GROUPING_LOCK = 0x5354_4F52_5902
# Values bound as one array for `= ANY(%s)`: no per-statement limit to respect,
# but bounded so one statement never carries an unbounded array.
_CHUNK = 50_000


_TYPES: dict[Kind, str] = {
    "key": 'TEXT COLLATE "C"',
    "text": "TEXT",
    "day": "DATE",
    "moment": "TIMESTAMPTZ",
    "int": "INTEGER",
    "bigint": "BIGINT",
    "real": "DOUBLE PRECISION",
    "blob": "BYTEA",
}
# Text longer than this is not indexed for search: a tsvector holds at most 1 MB,
# and word positions stop counting at 16,383 anyway.
FTS_CHARS = 200_000
# What PostgreSQL keeps beside an article: its arrival number (SQLite's rowid) and
# its words for search, title words weighted above text words.
_ARTICLE_EXTRAS = (
    "seq BIGINT GENERATED ALWAYS AS IDENTITY UNIQUE",
    f"""search TSVECTOR GENERATED ALWAYS AS (
        setweight(to_tsvector('english', left(title, 2000)), 'A')
        || setweight(to_tsvector('english', left(text, {FTS_CHARS})), 'B')
    ) STORED""",
)
_SEARCH_INDEX = "CREATE INDEX IF NOT EXISTS articles_search ON articles USING GIN (search)"
# PostgreSQL stores numbered their own history before the one schema definition:
# version 1 was the whole schema less what version 2 added.
_ADDED_IN_2 = ("sentence_keys", "sentence_keys_by_article", "article_links_by_b", "lineage_state")


def _table(t: Table) -> Iterator[str]:
    extras = _ARTICLE_EXTRAS if t.name == "articles" else ()
    return create_table(t, _TYPES, extra_columns=extras)


def schema_statements(version: int) -> Iterator[str]:
    """What brings a store at ``version`` (0: a new one) to :data:`SCHEMA_VERSION`."""
    if version == 0:
        yield from whole_schema(_table)
        yield _SEARCH_INDEX
        return
    earlier = _ADDED_IN_2 if version < 2 else ()
    yield from creating([*earlier, *added_since(version)], _table)


def redact(url: str) -> str:
    """The URL without its password, fit for messages and logs."""
    scheme, sep, rest = url.partition("://")
    credentials, at, host = rest.rpartition("@")
    if not at or ":" not in credentials:
        return url
    user = credentials.split(":", 1)[0]
    return f"{scheme}{sep}{user}:***@{host}"


class PostgresStore(SqlStore):
    """:class:`~storyline.store.base.Store` on a PostgreSQL database."""

    def __init__(self, url: str) -> None:
        self.url = url
        super().__init__(PostgresDialect(url))


class PostgresDialect:
    """PostgreSQL's side of the store (see :class:`~storyline.store.dialect.Dialect`)."""

    arrival = "seq"

    def __init__(self, url: str) -> None:
        self.path = redact(url)  # what messages name
        if psycopg is None:  # pragma: no cover - depends on the environment
            raise StoreError(
                "PostgreSQL support needs psycopg: install `storyline[postgres]` "
                "(or run `make setup`)"
            )
        self._writing = False
        try:
            self.db = psycopg.connect(url, autocommit=True, connect_timeout=10)
            self.db.execute("SET TIME ZONE 'UTC'")
            self._migrate()
        except psycopg.Error as exc:
            raise StoreError(
                f"cannot open the PostgreSQL database {self.path}: {_reason(exc)}. "
                "Check the server is running, the database exists and the user may write to it "
                "(createdb NAME), or pass another --db."
            ) from exc

    def _migrate(self) -> None:
        with self.db.transaction():
            # One migrator at a time: a second process waits here, then finds the
            # schema current and does nothing.
            self.db.execute("SELECT pg_advisory_xact_lock(%s)", (_MIGRATE_LOCK,))
            self.db.execute(
                "CREATE TABLE IF NOT EXISTS storyline_schema "
                "(id INTEGER PRIMARY KEY CHECK (id = 1), version INTEGER NOT NULL)"
            )
            version = self.schema_version()
            refuse_newer(self.path, version)
            if version == SCHEMA_VERSION:
                return
            for statement in schema_statements(version):
                self.db.execute(statement.encode())
            self.db.execute(
                "INSERT INTO storyline_schema (id, version) VALUES (1, %s) "
                "ON CONFLICT (id) DO UPDATE SET version = excluded.version",
                (SCHEMA_VERSION,),
            )

    def schema_version(self) -> int:
        row = self.db.execute("SELECT version FROM storyline_schema").fetchone()
        return int(row[0]) if row else 0

    def close(self) -> None:
        self.db.close()

    # -- statements --------------------------------------------------------
    def rows(self, sql: str, args: Sequence[Any] = ()) -> list[Row]:
        try:
            cursor = self.db.execute(_native(sql), _clean_args(args))
            return [tuple(r) for r in cursor.fetchall()] if cursor.description else []
        except psycopg.Error as exc:
            if self._writing:
                raise  # write() names it as a failed write
            raise StoreError(f"cannot read from {self.path}: {_reason(exc)}") from exc

    def run(self, sql: str, args: Sequence[Any] = ()) -> int:
        return int(self.db.execute(_native(sql), _clean_args(args)).rowcount)

    def many(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        with self.db.cursor() as cursor:
            cursor.executemany(_native(sql), [_clean_args(r) for r in rows])

    @contextmanager
    def write(self, exclusive: bool = False) -> Iterator[None]:
        self._writing = True
        try:
            with self.db.transaction():
                if exclusive:
                    self.db.execute("SELECT pg_advisory_xact_lock(%s)", (_GROUPING_LOCK,))
                yield
        except psycopg.Error as exc:
            raise StoreError(
                f"cannot write to {self.path}: {_reason(exc)}. {_advice(exc)}"
            ) from exc
        finally:
            self._writing = False

    def among(self, column: str, values: Sequence[Any]) -> tuple[str, tuple[Any, ...]]:
        return f"{column} = ANY(?)", (list(values),)

    def chunks(self, values: Sequence[Any]) -> Iterator[Sequence[Any]]:
        for i in range(0, len(values), _CHUNK):
            yield values[i : i + _CHUNK]

    # -- full-text search ----------------------------------------------------
    def search_any(self, groups: Sequence[Sequence[str]], limit: int) -> list[SearchHit]:
        # plainto_tsquery ignores all operator syntax: any word a user types is a valid
        # query. Words of a group are ORed (||), groups ANDed (&&), as in the SQLite store.
        args: list[Any] = []
        ands = []
        for group in groups:
            ors = []
            for word in group:
                args.append(word)
                ors.append("plainto_tsquery('english', ?)")
            if ors:
                ands.append("(" + " || ".join(ors) + ")")
        if not ands:
            return []
        rows = self.rows(
            f"""
            WITH q AS (SELECT {" && ".join(ands)} AS query),
            hits AS (
                SELECT a.id, a.title, a.outlet, a.text, ts_rank_cd(a.search, q.query) AS score
                FROM articles a, q
                WHERE q.query <> ''::tsquery AND a.search @@ q.query
                ORDER BY score DESC, a.seq LIMIT ?
            )
            SELECT hits.id, hits.title, hits.outlet,
                   ts_headline('english', left(hits.text, 20000), q.query,
                       'StartSel=«, StopSel=», MaxWords=16, MinWords=6, MaxFragments=2, '
                       'FragmentDelimiter=" … "'),
                   hits.score
            FROM hits, q ORDER BY hits.score DESC
            """,
            (*args, limit),
        )
        return [SearchHit(i, t, o, s, float(score)) for i, t, o, s, score in rows]

    def index_words(self, prefix: str, limit: int) -> list[str]:
        # ts_stat reads every article's vector: fine for a newsroom's store, and only
        # called for a searched word long enough to be a name.
        clean = "".join(ch for ch in prefix.casefold() if ch not in "%_\\")
        if not clean:
            return []
        rows = self.rows(
            "SELECT word FROM ts_stat('SELECT search FROM articles') "
            "WHERE word LIKE ? ORDER BY word LIMIT ?",
            (clean + "%", limit),
        )
        return [str(r[0]) for r in rows]


def _native(sql: str) -> str:
    """The store's ``?`` placeholders as psycopg's ``%s`` (the shared SQL has no ``%``)."""
    return sql.replace("?", "%s")


def _clean(text: str) -> str:
    # PostgreSQL text cannot hold NUL; SQLite can. Readers never produce one (binary
    # input is refused), but a hostile JSON line could, so it is replaced, not fatal.
    return text.replace("\x00", "\ufffd")


def _clean_args(args: Sequence[Any]) -> list[Any]:
    """Query arguments with NUL replaced in every string, as stored text has it replaced."""
    return [[_clean_value(v) for v in a] if isinstance(a, list) else _clean_value(a) for a in args]


def _clean_value(value: Any) -> Any:
    return _clean(value) if isinstance(value, str) else value


def _reason(exc: Exception) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__


def _advice(exc: psycopg.Error) -> str:
    """What to do about a failed write, from the server's error class (SQLSTATE)."""
    state = exc.sqlstate or ""
    if state == "53100":  # disk_full
        return (
            "The database server's disk is full: free space there, then run the command "
            "again; everything acknowledged before this is kept."
        )
    if state.startswith("53"):  # insufficient resources: memory, connections
        return "The database server is short of resources: try again later or ask its admin."
    if state == "25006":  # read_only_sql_transaction
        return (
            "The database is read-only (a standby, or default_transaction_read_only is on): "
            "pass the primary server's URL."
        )
    if state == "42501":  # insufficient_privilege
        return "The database user may not write here: grant it the rights, or use another user."
    if state.startswith("08"):  # connection exceptions
        return "The connection to the server was lost: check that it runs, then run again."
    return "Check the server's log, then run the command again."
