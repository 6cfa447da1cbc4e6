"""The store's tables, written once for both databases.

Each column has a kind, and each dialect spells the kinds in its own types:

======== ==================== ======================
kind     SQLite               PostgreSQL
======== ==================== ======================
key      TEXT                 TEXT COLLATE "C"
text     TEXT                 TEXT
day      TEXT (ISO date)      DATE
moment   TEXT (ISO, UTC)      TIMESTAMPTZ
int      INTEGER              INTEGER
bigint   INTEGER              BIGINT
real     REAL                 DOUBLE PRECISION
blob     BLOB                 BYTEA
======== ==================== ======================

Keys (ids, paths) sort byte by byte in both: SQLite compares text that way, and
``COLLATE "C"`` makes PostgreSQL do the same whatever locale the server has.

What only one database has is added by its dialect, not here: SQLite's FTS5
index with its triggers and vocabulary, PostgreSQL's arrival column (``seq``,
which SQLite has as ``rowid``) and stored ``tsvector``.

A new store is created from :data:`TABLES` at :data:`SCHEMA_VERSION`. A store
written by an earlier version is upgraded by the steps in :data:`UPGRADES`, each
of which names the tables and indexes it adds, created from the definition below.
So far every step has only added; the first that adds a column to a table that
exists will need an ``ALTER TABLE`` written from its :class:`Column` here.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Literal

from ..errors import SchemaTooNewError

Kind = Literal["key", "text", "day", "moment", "int", "bigint", "real", "blob"]


@dataclass(frozen=True, slots=True)
class Column:
    name: str
    kind: Kind
    nullable: bool = False
    default: str | None = None
    # "articles(id) ON DELETE CASCADE": a foreign key, as both databases write it.
    references: str | None = None


@dataclass(frozen=True, slots=True)
class Table:
    name: str
    columns: tuple[Column, ...]
    primary_key: tuple[str, ...]
    # A table of one row (the grouper's state, the grouping version).
    single_row: bool = False
    # Rows written when the table is created.
    seed: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Index:
    name: str
    table: str
    columns: tuple[str, ...]


def _article(name: str = "article_id") -> Column:
    return Column(name, "key", references="articles(id) ON DELETE CASCADE")


_ONE = Column("id", "int")

TABLES: tuple[Table, ...] = (
    Table(
        "articles",
        (
            Column("id", "key"),
            Column("title", "text"),
            Column("text", "text"),
            Column("path", "key"),
            Column("outlet", "text", nullable=True),
            Column("url", "text", nullable=True),
            Column("published", "day", nullable=True),
            Column("date_source", "text"),
            Column("byline", "text", nullable=True),
            Column("language", "text"),
            Column("ingested_at", "moment"),
        ),
        ("id",),
    ),
    Table("article_paths", (_article(), Column("path", "key")), ("article_id", "path")),
    Table(
        "skipped_inputs",
        (Column("path", "key"), Column("reason", "text"), Column("seen_at", "moment")),
        ("path",),
    ),
    Table(
        "vectors",
        (Column("model", "key"), Column("key", "key"), Column("vector", "blob")),
        ("model", "key"),
    ),
    Table("stories", (Column("id", "key"), Column("label", "text")), ("id",)),
    Table(
        "events",
        (
            Column("id", "key"),
            Column("label", "text"),
            Column("start", "day", nullable=True),
            Column("end", "day", nullable=True),
            Column("story_id", "key", nullable=True, references="stories(id) ON DELETE SET NULL"),
            Column("position", "int", default="0"),
        ),
        ("id",),
    ),
    Table(
        "event_articles",
        (
            Column("event_id", "key", references="events(id) ON DELETE CASCADE"),
            _article(),
            Column("position", "int"),
        ),
        ("event_id", "article_id"),
    ),
    Table(
        "lineage_groups",
        (
            Column("id", "key"),
            Column("event_id", "key", references="events(id) ON DELETE CASCADE"),
            Column("origin", "key", nullable=True, references="articles(id) ON DELETE SET NULL"),
            Column("origin_reason", "text"),
            Column("credited", "text"),
        ),
        ("id",),
    ),
    Table(
        "lineage_members",
        (
            Column("group_id", "key", references="lineage_groups(id) ON DELETE CASCADE"),
            _article(),
            Column("position", "int"),
        ),
        ("group_id", "article_id"),
    ),
    Table(
        "article_links",
        (
            _article("a"),
            _article("b"),
            Column("relation", "text"),
            Column("aligned", "int"),
            Column("share", "real"),
            Column("in_order", "real"),
            Column("containment", "real"),
        ),
        ("a", "b"),
    ),
    Table(
        "credits",
        (
            _article(),
            Column("outlet", "text"),
            Column("start", "int"),
            Column("end", "int"),
            Column("form", "text"),
        ),
        ("article_id", "start"),
    ),
    Table(
        "event_changes",
        (
            Column("seq", "bigint"),
            Column("step", "int"),
            Column("kind", "text"),
            Column("event_id", "key"),
            _article(),
            Column("other_event_id", "key", nullable=True),
            Column("day", "day", nullable=True),
        ),
        ("seq", "step"),
    ),
    Table(
        "extractions",
        (_article(), Column("version", "key"), Column("payload", "text")),
        ("article_id", "version"),
    ),
    Table(
        "grouper_state",
        (_ONE, Column("state", "blob"), Column("saved_at", "moment")),
        ("id",),
        single_row=True,
    ),
    Table(
        "sources",
        (
            Column("id", "key"),
            Column("kind", "text"),
            Column("location", "text"),
            Column("interval_seconds", "int"),
            Column("next_poll", "moment"),
            Column("added", "moment"),
            Column("etag", "text", nullable=True),
            Column("last_modified", "text", nullable=True),
            Column("failures", "int", default="0"),
            Column("last_polled", "moment", nullable=True),
            Column("last_status", "text"),
            Column("articles", "int", default="0"),
        ),
        ("id",),
    ),
    Table(
        "source_files",
        (
            Column("source_id", "key", references="sources(id) ON DELETE CASCADE"),
            Column("path", "key"),
            Column("size", "bigint"),
            Column("mtime_ns", "bigint"),
        ),
        ("source_id", "path"),
    ),
    Table(
        "grouping_version",
        (_ONE, Column("version", "bigint")),
        ("id",),
        single_row=True,
        seed=("INSERT INTO grouping_version (id, version) VALUES (1, 0)",),
    ),
    Table(
        "sentence_keys",
        (Column("key", "bigint"), _article()),
        ("key", "article_id"),
    ),
    Table("lineage_state", (_ONE, Column("version", "text")), ("id",), single_row=True),
)

INDEXES: tuple[Index, ...] = (
    Index("article_paths_by_path", "article_paths", ("path",)),
    Index("event_articles_by_article", "event_articles", ("article_id",)),
    Index("events_by_story", "events", ("story_id", "position")),
    Index("lineage_groups_by_event", "lineage_groups", ("event_id",)),
    Index("lineage_members_by_article", "lineage_members", ("article_id",)),
    Index("event_changes_by_event", "event_changes", ("event_id",)),
    Index("event_changes_by_other", "event_changes", ("other_event_id",)),
    Index("sentence_keys_by_article", "sentence_keys", ("article_id",)),
    Index("article_links_by_b", "article_links", ("b",)),
)


@dataclass(frozen=True, slots=True)
class Upgrade:
    """A schema version and what it added, by name: tables and indexes of the definition."""

    version: int
    name: str
    adds: tuple[str, ...]


# The version a new store starts at. SQLite stores numbered their own history up to
# 13 and PostgreSQL stores theirs up to 2; both histories end in the schema above,
# less what version 14 adds, and go on from 14 together.
SCHEMA_VERSION = 14

UPGRADES: tuple[Upgrade, ...] = (
    Upgrade(
        14,
        "one schema for both databases: SQLite gains PostgreSQL's indexes of events by story "
        "and of lineage members by article",
        ("events_by_story", "lineage_members_by_article"),
    ),
)


_TABLES = {t.name: t for t in TABLES}
_INDEXES = {i.name: i for i in INDEXES}


def quoted(name: str) -> str:
    """A column name safe in both databases ("end" is a keyword in PostgreSQL)."""
    return f'"{name}"'


def create_table(
    t: Table, types: dict[Kind, str], *, extra_columns: tuple[str, ...] = (), suffix: str = ""
) -> Iterator[str]:
    """CREATE TABLE with the kinds spelled in ``types``, then the table's seed rows."""
    lines = [*(_column(c, types) for c in t.columns), *extra_columns]
    lines.append(f"PRIMARY KEY ({', '.join(map(quoted, t.primary_key))})")
    if t.single_row:
        lines.append(f"CHECK ({quoted(t.primary_key[0])} = 1)")
    body = ",\n    ".join(lines)
    yield f"CREATE TABLE IF NOT EXISTS {t.name} (\n    {body}\n){suffix}"
    yield from t.seed


def _column(c: Column, types: dict[Kind, str]) -> str:
    line = f"{quoted(c.name)} {types[c.kind]}"
    if not c.nullable:
        line += " NOT NULL"
    if c.default is not None:
        line += f" DEFAULT {c.default}"
    if c.references:
        line += f" REFERENCES {c.references}"
    return line


def create_index(i: Index) -> str:
    columns = ", ".join(map(quoted, i.columns))
    return f"CREATE INDEX IF NOT EXISTS {i.name} ON {i.table} ({columns})"


def creating(names: Iterable[str], render: Callable[[Table], Iterator[str]]) -> Iterator[str]:
    """The statements creating the named tables (through ``render``) and indexes."""
    for name in names:
        if name in _TABLES:
            yield from render(_TABLES[name])
        else:
            yield create_index(_INDEXES[name])


def whole_schema(render: Callable[[Table], Iterator[str]]) -> Iterator[str]:
    """Every table (through ``render``), then every index: a new store."""
    return creating([*_TABLES, *_INDEXES], render)


def added_since(version: int) -> list[str]:
    """What the upgrades after ``version`` add, in order."""
    return [name for u in UPGRADES if u.version > version for name in u.adds]


def refuse_newer(path: str, version: int) -> None:
    """Raise :class:`SchemaTooNewError` for a store a later Storyline wrote."""
    if version > SCHEMA_VERSION:
        raise SchemaTooNewError(
            f"{path} was written by a newer Storyline (schema {version}, "
            f"this version knows {SCHEMA_VERSION}); upgrade Storyline to open it"
        )
