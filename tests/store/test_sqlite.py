from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from storyline.errors import SchemaTooNewError, StoreError
from storyline.store import SqliteStore, open_store
from storyline.store.schema import SCHEMA_VERSION
from storyline.store.sqlite import fts_query

from .test_contract import make


@given(st.text(max_size=40))
@settings(max_examples=60, deadline=None)
def test_any_user_query_is_safe(query: str) -> None:
    with open_store(":memory:") as store:
        store.add_articles([make(1)])
        store.search(query)  # never raises, whatever FTS5 syntax it contains
    # Only quoted words, ORed in brackets, the brackets ANDed: no FTS5 syntax gets through.
    assert re.fullmatch(r'(?:\("\w+"(?: OR "\w+")*\)(?: AND (?=\())?)*', fts_query(query))


def test_database_uses_wal_and_latest_schema(tmp_path: Path) -> None:
    with open_store(tmp_path / "x.db") as store:
        assert store.schema_version == SCHEMA_VERSION
    raw = sqlite3.connect(tmp_path / "x.db")
    assert raw.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    raw.close()


def test_newer_schema_is_refused_with_advice(tmp_path: Path) -> None:
    raw = sqlite3.connect(tmp_path / "new.db")
    raw.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    raw.close()
    with pytest.raises(SchemaTooNewError, match="upgrade Storyline"):
        open_store(tmp_path / "new.db")


def test_a_file_that_is_not_a_database_gives_a_store_error(tmp_path: Path) -> None:
    bogus = tmp_path / "notes.db"
    bogus.write_text("this is not sqlite" * 100)
    with pytest.raises(StoreError, match="--db"):
        open_store(bogus)


def test_read_only_database_reports_cannot_write(tmp_path: Path) -> None:
    path = tmp_path / "ro.db"
    open_store(path).close()
    raw = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    raw.close()
    store = SqliteStore(path)
    store._db.execute("PRAGMA query_only = ON")  # the write path must fail cleanly
    with pytest.raises(StoreError, match="cannot write"):
        store.add_articles([make(1)])
    store._db.execute("PRAGMA query_only = OFF")
    assert store.count_articles() == 0
    store.close()


def test_history_written_before_steps_is_migrated_in_order(tmp_path: Path) -> None:
    from storyline.store.migrations import MIGRATIONS

    path = tmp_path / "old.db"
    db = sqlite3.connect(path)
    for migration in MIGRATIONS:
        if migration.version > 10:
            break
        db.executescript(migration.sql)
    db.execute("PRAGMA user_version = 10")
    db.execute(
        "INSERT INTO articles (id, title, text, path, date_source, language, ingested_at) "
        "VALUES ('a1', 't', 'x', 'p', 'unknown', 'en', '2025')"
    )
    db.executemany(
        "INSERT INTO event_changes VALUES (?, ?, ?, 'a1', ?, NULL)",
        [(2, "merged", "e1", "e2"), (2, "joined", "e1", None), (1, "founded", "e1", None)],
    )
    db.commit()
    db.close()
    with open_store(path) as store:
        assert store.schema_version == SCHEMA_VERSION
        assert [(c.seq, c.kind.value) for c in store.event_changes()] == [
            (1, "founded"),
            (2, "joined"),
            (2, "merged"),
        ]
