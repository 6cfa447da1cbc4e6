from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from storyline.errors import NotFoundError, SchemaTooNewError, StoreError
from storyline.models import Article, DateSource, Event, Skipped, Story
from storyline.store import SqliteStore, open_store
from storyline.store.migrations import LATEST_VERSION
from storyline.store.sqlite import fts_query


def make(i: int, text: str = "Delegations met in Istanbul on Monday.") -> Article:
    return Article(
        id=f"a{i}", title=f"Talks {i}", text=text, path=f"/in/{i}.txt", outlet="example.com",
        published=date(2025, 6, 2), date_source=DateSource.DATELINE,
    )  # fmt: skip


def test_articles_round_trip_and_reinsert_is_a_no_op(store: SqliteStore) -> None:
    articles = [make(1), make(2)]
    assert store.add_articles(articles) == ["a1", "a2"]
    assert store.add_articles(articles) == []
    assert store.count_articles() == 2
    assert store.articles() == articles
    assert store.article("a2") == articles[1]
    assert store.articles(["a2", "missing", "a1"]) == [articles[1], articles[0]]


def test_same_article_at_a_second_path_is_recorded_not_duplicated(store: SqliteStore) -> None:
    store.add_articles([make(1)])
    store.add_articles([Article(**{**_fields(make(1)), "path": "/elsewhere/copy.txt"})])
    assert store.count_articles() == 1
    assert store.article_paths("a1") == ["/elsewhere/copy.txt", "/in/1.txt"]


def _fields(article: Article) -> dict[str, object]:
    return {name: getattr(article, name) for name in Article.__dataclass_fields__}


def test_missing_article_raises_not_found_with_a_hint(store: SqliteStore) -> None:
    with pytest.raises(NotFoundError, match="storyline search"):
        store.article("nope")


def test_skipped_inputs_are_kept_until_the_path_reads(store: SqliteStore) -> None:
    store.record_skipped([Skipped("/in/1.txt", "empty file")])
    assert store.skipped() == [Skipped("/in/1.txt", "empty file")]
    store.add_articles([make(1)])
    assert store.skipped() == []


def test_full_text_search_ranks_and_marks_matches(store: SqliteStore) -> None:
    store.add_articles(
        [make(1, "A prisoner exchange was agreed in Istanbul."), make(2, "Drones hit air bases.")]
    )
    hits = store.search("prisoners exchanged")  # porter stemming
    assert [h.article_id for h in hits] == ["a1"]
    assert "«" in hits[0].snippet


@given(st.text(max_size=40))
@settings(max_examples=60, deadline=None)
def test_any_user_query_is_safe(query: str) -> None:
    with open_store(":memory:") as store:
        store.add_articles([make(1)])
        store.search(query)  # never raises, whatever FTS5 syntax it contains
    assert '"' not in fts_query(query).replace('" "', "").strip('"')


def test_vectors_round_trip(store: SqliteStore) -> None:
    v = np.arange(384, dtype=np.float32)
    store.save_vectors("m", {"k1": v})
    loaded = store.load_vectors("m", ["k1", "k2"])
    assert list(loaded) == ["k1"]
    np.testing.assert_array_equal(loaded["k1"], v)
    assert store.load_vectors("other-model", ["k1"]) == {}


def test_grouping_is_replaced_atomically(store: SqliteStore) -> None:
    store.add_articles([make(1), make(2), make(3)])
    e1 = Event("e1", ("a1", "a2"), "Talks", date(2025, 6, 2), date(2025, 6, 2))
    e2 = Event("e2", ("a3",), "Later talks")
    store.replace_grouping([e1, e2], [Story("s1", ("e1", "e2"), "Talks")])
    assert store.event("e1") == e1
    assert store.story("s1").event_ids == ("e1", "e2")
    store.replace_grouping([e2], [Story("s2", ("e2",), "Later")])
    assert [s.id for s in store.stories()] == ["s2"]
    with pytest.raises(NotFoundError):
        store.event("e1")


def test_database_uses_wal_and_latest_schema(tmp_path: Path) -> None:
    with open_store(tmp_path / "x.db") as store:
        assert store.schema_version == LATEST_VERSION
    raw = sqlite3.connect(tmp_path / "x.db")
    assert raw.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    raw.close()


def test_newer_schema_is_refused_with_advice(tmp_path: Path) -> None:
    raw = sqlite3.connect(tmp_path / "new.db")
    raw.execute(f"PRAGMA user_version = {LATEST_VERSION + 1}")
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


def test_lineage_round_trips_and_filters_by_event(store: SqliteStore) -> None:
    from storyline.models import ArticleLink, Credit, Lineage, LineageGroup, Relation, Span

    store.add_articles([make(1), make(2), make(3)])
    store.replace_grouping(
        [Event("e1", ("a1", "a2"), "Talks"), Event("e2", ("a3",), "Later")],
        [Story("s1", ("e1", "e2"), "Talks")],
    )
    lineage = Lineage(
        links=(ArticleLink("a1", "a2", Relation.REWRITE, 4, 0.5, 1.0, 0.0),),
        groups=(
            LineageGroup("g1", "e1", ("a1", "a2"), "a1", "published first", ("Reuters",)),
            LineageGroup("g2", "e2", ("a3",), "a3", "only article", ()),
        ),
        credits=(
            Credit("a2", "Reuters", Span("a2", 0, 10), "attribution"),
            Credit("a3", "AFP", Span("a3", 5, 8), "sign-off"),
        ),
    )
    store.replace_lineage(lineage)
    assert store.lineage() == lineage
    only_first = store.lineage(["e1"])
    assert only_first.groups == lineage.groups[:1]
    assert only_first.links == lineage.links
    assert only_first.credits == lineage.credits[:1]
    assert store.lineage(["e2"]).links == ()


def test_event_history_round_trips_and_is_replaced_with_the_grouping(store: SqliteStore) -> None:
    from storyline.models import ChangeKind, EventChange

    store.add_articles([make(1), make(2), make(3)])
    history = [
        EventChange(1, ChangeKind.FOUNDED, "e1", "a1", None, date(2025, 6, 2)),
        EventChange(2, ChangeKind.FOUNDED, "e2", "a2"),
        EventChange(3, ChangeKind.JOINED, "e1", "a3"),
        EventChange(3, ChangeKind.MERGED, "e1", "a3", "e2"),
    ]
    store.replace_grouping([Event("e1", ("a1", "a3", "a2"), "Talks")], [], history)
    assert store.event_changes() == history
    assert store.event_changes(["e2"]) == history[1:2] + history[3:]
    store.replace_grouping([Event("e1", ("a1",), "Talks")], [])
    assert store.event_changes() == []


def test_one_article_can_merge_several_events_and_the_history_keeps_every_step(
    store: SqliteStore,
) -> None:
    from storyline.models import ChangeKind, EventChange

    store.add_articles([make(i) for i in range(1, 5)])
    history = [
        EventChange(1, ChangeKind.FOUNDED, "e1", "a1"),
        EventChange(2, ChangeKind.FOUNDED, "e2", "a2"),
        EventChange(3, ChangeKind.FOUNDED, "e3", "a3"),
        EventChange(4, ChangeKind.JOINED, "e1", "a4"),
        EventChange(4, ChangeKind.MERGED, "e1", "a4", "e2"),  # one arrival, two merges
        EventChange(4, ChangeKind.MERGED, "e1", "a4", "e3"),
    ]
    store.replace_grouping([Event("e1", ("a1", "a2", "a3", "a4"), "Talks")], [], history[:3])
    assert store.event_changes() == history[:3]
    store.update_grouping(
        [Event("e1", ("a1", "a2", "a3", "a4"), "Talks")], ["e2", "e3"], [], [], history[3:]
    )
    assert store.event_changes() == history
    assert store.event_changes(["e3"]) == [history[2], history[5]]


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
        assert store.schema_version == LATEST_VERSION
        assert [(c.seq, c.kind.value) for c in store.event_changes()] == [
            (1, "founded"), (2, "joined"), (2, "merged"),
        ]  # fmt: skip
