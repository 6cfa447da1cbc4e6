"""One schema definition for both databases: a new store is made from it, and a store
written under either database's own earlier history is upgraded to the same tables,
columns, keys and indexes."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import psycopg

from storyline.store import open_store
from storyline.store.migrations import MIGRATIONS
from storyline.store.schema import INDEXES, SCHEMA_VERSION, TABLES

from ..pg_server import PgServer
from .test_contract import make

OLD_POSTGRES = Path(__file__).with_name("postgres_version_2.sql")


# -- SQLite -------------------------------------------------------------------------
def _sqlite_layout(path: Path) -> dict[str, Any]:
    """Every table's columns (a key column counts as not null, as SQLite enforces it in
    tables without a rowid), foreign keys and indexes, and the triggers."""
    db = sqlite3.connect(path)
    try:
        names = [
            r[0]
            for r in db.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' "
                "AND name NOT LIKE 'sqlite_%' ORDER BY name"
            )
        ]
        layout: dict[str, Any] = {}
        for name in names:
            columns = db.execute(f"PRAGMA table_info('{name}')").fetchall()
            indexes = db.execute(f"PRAGMA index_list('{name}')").fetchall()
            layout[name] = (
                sorted((c[1], c[2], bool(c[3] or c[5]), c[4], c[5]) for c in columns),
                sorted(tuple(k[2:7]) for k in db.execute(f"PRAGMA foreign_key_list('{name}')")),
                sorted(
                    (i[1], tuple(c[2] for c in db.execute(f"PRAGMA index_info('{i[1]}')")))
                    for i in indexes
                    if i[3] == "c"  # made by CREATE INDEX, not by a key
                ),
            )
        layout["triggers"] = sorted(
            r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        )
        return layout
    finally:
        db.close()


def test_a_new_sqlite_store_has_every_table_and_index_of_the_definition(tmp_path: Path) -> None:
    path = tmp_path / "new.db"
    with open_store(path) as store:
        assert store.schema_version == SCHEMA_VERSION
    layout = _sqlite_layout(path)
    assert {t.name for t in TABLES} <= set(layout)
    made = {name for t in TABLES for name, _ in layout[t.name][2]}
    assert {i.name for i in INDEXES} <= made


def test_a_store_from_sqlites_own_history_is_upgraded_to_the_new_schema(tmp_path: Path) -> None:
    old, new = tmp_path / "old.db", tmp_path / "new.db"
    db = sqlite3.connect(old)
    for migration in MIGRATIONS:  # as the last version before the one definition left it
        db.executescript(migration.sql)
    db.execute(f"PRAGMA user_version = {MIGRATIONS[-1].version}")
    db.execute(
        "INSERT INTO articles (id, title, text, path, date_source, language, ingested_at) "
        "VALUES ('a1', 'Talks', 'Talks in Istanbul.', 'p', 'unknown', 'en', '2025-06-02')"
    )
    db.commit()
    db.close()
    with open_store(old) as store:
        assert store.schema_version == SCHEMA_VERSION
        assert store.article_ids() == ["a1"]
        assert [hit.article_id for hit in store.search("Istanbul")] == ["a1"]
    open_store(new).close()
    assert _sqlite_layout(old) == _sqlite_layout(new)


# -- PostgreSQL ---------------------------------------------------------------------
def _postgres_layout(url: str) -> dict[str, Any]:
    """Columns (by name: an upgraded store may order them differently), constraints and
    indexes of every table but the version table."""
    with psycopg.connect(url) as db:
        columns = db.execute(
            "SELECT table_name, column_name, data_type, collation_name, is_nullable, "
            "column_default, is_identity, is_generated, generation_expression "
            "FROM information_schema.columns WHERE table_schema = 'public' "
            "AND table_name <> 'storyline_schema'"
        ).fetchall()
        constraints = db.execute(
            "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) "
            "FROM pg_constraint WHERE connamespace = 'public'::regnamespace "
            "AND conrelid::regclass::text <> 'storyline_schema'"
        ).fetchall()
        indexes = db.execute(
            "SELECT tablename, indexname, indexdef FROM pg_indexes "
            "WHERE schemaname = 'public' AND tablename <> 'storyline_schema'"
        ).fetchall()
    return {
        "columns": sorted(columns),
        "constraints": sorted(constraints),
        "indexes": sorted(indexes),
    }


def test_a_store_from_postgresqls_own_history_is_upgraded_to_the_new_schema(
    pg_server: PgServer,
) -> None:
    with pg_server.database() as old, pg_server.database() as new:
        # The schema PostgreSQL stores had at their version 2, as that version made it.
        with psycopg.connect(old, autocommit=True) as db:
            db.execute(OLD_POSTGRES.read_bytes())
            db.execute(
                "CREATE TABLE storyline_schema "
                "(id INTEGER PRIMARY KEY CHECK (id = 1), version INTEGER NOT NULL)"
            )
            db.execute("INSERT INTO storyline_schema VALUES (1, 2)")
        with open_store(old) as store:
            assert store.schema_version == SCHEMA_VERSION
            store.add_articles([make(1)])
            assert [hit.article_id for hit in store.search("Istanbul")] == ["a1"]
        open_store(new).close()
        assert _postgres_layout(old) == _postgres_layout(new)
