"""The default store: one SQLite file in WAL mode.

Writes go through explicit ``BEGIN IMMEDIATE`` transactions with
``synchronous=FULL``, so once :meth:`SqliteStore.add_articles` returns, its
articles survive a kill or a power cut. Readers in other processes keep
working while a writer is busy, thanks to WAL.
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager, suppress
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TypeVar

import numpy as np
import numpy.typing as npt

from ..errors import NotFoundError, SchemaTooNewError, StoreError
from ..models import (
    Article,
    ArticleLink,
    ChangeKind,
    Credit,
    DateSource,
    Event,
    EventChange,
    Lineage,
    LineageGroup,
    Relation,
    Skipped,
    Source,
    SourceKind,
    Span,
    Story,
)
from .base import LineageUpdate, SearchHit, history_steps, query_words
from .migrations import LATEST_VERSION, MIGRATIONS

_ARTICLE_COLUMNS = "id, title, text, path, outlet, url, published, date_source, byline, language"
_WORD = re.compile(r"\w+", re.UNICODE)
# SQLite limits bound parameters per statement; stay well under it.
_CHUNK = 500


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def _day(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


_T = TypeVar("_T")


def _chunks(items: Sequence[_T]) -> Iterator[Sequence[_T]]:
    for i in range(0, len(items), _CHUNK):
        yield items[i : i + _CHUNK]


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


class SqliteStore:
    """:class:`~storyline.store.base.Store` on a SQLite file."""

    def __init__(self, path: str | Path) -> None:
        self.path = str(path)
        try:
            if self.path != ":memory:":
                Path(self.path).parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
            self._configure()
            self._migrate()
        except sqlite3.DatabaseError as exc:
            raise StoreError(
                f"cannot open the database {self.path}: {exc}. "
                "Check the path is a Storyline database you can write to, or pass another --db."
            ) from exc

    # -- connection ------------------------------------------------------
    def _configure(self) -> None:
        self._db.execute("PRAGMA busy_timeout = 10000")
        self._db.execute("PRAGMA foreign_keys = ON")
        if self.path != ":memory:":
            mode = self._db.execute("PRAGMA journal_mode = WAL").fetchone()[0]
            if str(mode).lower() != "wal":
                raise StoreError(f"{self.path}: could not switch the database to WAL mode")
        self._db.execute("PRAGMA synchronous = FULL")

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        try:
            self._db.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            raise StoreError(f"cannot write to {self.path}: {exc}. {_advice(exc)}") from exc
        try:
            yield self._db
            self._db.execute("COMMIT")
        except BaseException as exc:
            # A failed COMMIT (disk full, I/O error) may already have rolled back.
            # Either way the transaction is gone; the first error is the one to report.
            if self._db.in_transaction:
                with suppress(sqlite3.Error):
                    self._db.execute("ROLLBACK")
            if isinstance(exc, sqlite3.OperationalError):
                raise StoreError(f"cannot write to {self.path}: {exc}. {_advice(exc)}") from exc
            raise

    def _migrate(self) -> None:
        version = int(self._db.execute("PRAGMA user_version").fetchone()[0])
        if version > LATEST_VERSION:
            raise SchemaTooNewError(
                f"{self.path} was written by a newer Storyline (schema {version}, "
                f"this version knows {LATEST_VERSION}); upgrade Storyline to open it"
            )
        for migration in MIGRATIONS:
            if migration.version <= version:
                continue
            with self._write() as db:
                for statement in _statements(migration.sql):
                    db.execute(statement)
                db.execute(f"PRAGMA user_version = {migration.version}")

    @property
    def schema_version(self) -> int:
        return int(self._db.execute("PRAGMA user_version").fetchone()[0])

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> SqliteStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- articles --------------------------------------------------------
    def add_articles(self, articles: Sequence[Article]) -> list[str]:
        new: list[str] = []
        stamp = _now()
        with self._write() as db:
            for a in articles:
                cursor = db.execute(
                    f"INSERT OR IGNORE INTO articles ({_ARTICLE_COLUMNS}, ingested_at) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (
                        a.id,
                        a.title,
                        a.text,
                        a.path,
                        a.outlet,
                        a.url,
                        _iso(a.published),
                        a.date_source.value,
                        a.byline,
                        a.language,
                        stamp,
                    ),
                )
                if cursor.rowcount:
                    new.append(a.id)
                db.execute(
                    "INSERT OR IGNORE INTO article_paths (article_id, path) VALUES (?, ?)",
                    (a.id, a.path),
                )
                # A file that failed before and reads now is no longer skipped.
                db.execute("DELETE FROM skipped_inputs WHERE path = ?", (a.path,))
        return new

    def record_skipped(self, skipped: Sequence[Skipped]) -> None:
        if not skipped:
            return
        stamp = _now()
        with self._write() as db:
            db.executemany(
                "INSERT OR REPLACE INTO skipped_inputs (path, reason, seen_at) VALUES (?, ?, ?)",
                [(s.path, s.reason, stamp) for s in skipped],
            )

    def skipped(self) -> list[Skipped]:
        rows = self._db.execute("SELECT path, reason FROM skipped_inputs ORDER BY path")
        return [Skipped(path, reason) for path, reason in rows]

    @staticmethod
    def _article(row: Sequence[str | None]) -> Article:
        id_, title, text, path, outlet, url, published, source, byline, language = row
        return Article(
            id=str(id_),
            title=str(title),
            text=str(text),
            path=str(path),
            outlet=outlet,
            url=url,
            published=_day(published),
            date_source=DateSource(str(source)),
            byline=byline,
            language=str(language),
        )

    def article(self, article_id: str) -> Article:
        row = self._db.execute(
            f"SELECT {_ARTICLE_COLUMNS} FROM articles WHERE id = ?", (article_id,)
        ).fetchone()
        if row is None:
            raise NotFoundError(
                f"no article {article_id!r}; `storyline search` or `storyline stories` lists ids"
            )
        return self._article(row)

    def articles(self, ids: Iterable[str] | None = None) -> list[Article]:
        if ids is None:
            rows = self._db.execute(f"SELECT {_ARTICLE_COLUMNS} FROM articles ORDER BY rowid")
            return [self._article(r) for r in rows]
        wanted = list(dict.fromkeys(ids))
        found: dict[str, Article] = {}
        for chunk in _chunks(wanted):
            marks = ",".join("?" * len(chunk))
            for row in self._db.execute(
                f"SELECT {_ARTICLE_COLUMNS} FROM articles WHERE id IN ({marks})", chunk
            ):
                found[str(row[0])] = self._article(row)
        return [found[i] for i in wanted if i in found]

    def article_paths(self, article_id: str) -> list[str]:
        rows = self._db.execute(
            "SELECT path FROM article_paths WHERE article_id = ? ORDER BY path", (article_id,)
        )
        return [str(r[0]) for r in rows]

    def articles_page(self, limit: int, offset: int) -> list[Article]:
        rows = self._db.execute(
            f"SELECT {_ARTICLE_COLUMNS} FROM articles ORDER BY rowid LIMIT ? OFFSET ?",
            (limit, offset),
        )
        return [self._article(r) for r in rows]

    def article_ids(self) -> list[str]:
        rows = self._db.execute("SELECT id FROM articles ORDER BY rowid").fetchall()
        return [str(r[0]) for r in rows]  # in arrival order, as articles() gives them

    def count_articles(self) -> int:
        return int(self._db.execute("SELECT count(*) FROM articles").fetchone()[0])

    def search(self, query: str, limit: int = 20) -> list[SearchHit]:
        return self.search_any([[w] for w in query_words(query)], limit)

    def search_any(self, groups: Sequence[Sequence[str]], limit: int = 20) -> list[SearchHit]:
        match = fts_any_query(groups)
        if not match:
            return []
        rows = self._db.execute(
            """
            SELECT a.id, a.title, a.outlet,
                   snippet(articles_fts, 1, '«', '»', ' … ', 16), bm25(articles_fts)
            FROM articles_fts JOIN articles a ON a.rowid = articles_fts.rowid
            WHERE articles_fts MATCH ? ORDER BY bm25(articles_fts) LIMIT ?
            """,
            (match, limit),
        )
        return [SearchHit(i, t, o, s, -float(score)) for i, t, o, s, score in rows]

    def index_words(self, prefix: str, limit: int = 500) -> list[str]:
        low = prefix.casefold()
        if not low or not low.isalnum():
            return []  # a prefix is the start of a word, never a pattern
        # The range on the vocabulary's term column lets FTS5 seek instead of scanning.
        high = low[:-1] + chr(ord(low[-1]) + 1)
        rows = self._db.execute(
            "SELECT term FROM articles_vocab WHERE term >= ? AND term < ? LIMIT ?",
            (low, high, limit),
        )
        return [str(r[0]) for r in rows]

    # -- vectors ---------------------------------------------------------
    def load_vectors(self, model: str, keys: Sequence[str]) -> dict[str, npt.NDArray[np.float32]]:
        out: dict[str, npt.NDArray[np.float32]] = {}
        for chunk in _chunks(list(keys)):
            marks = ",".join("?" * len(chunk))
            rows = self._db.execute(
                f"SELECT key, vector FROM vectors WHERE model = ? AND key IN ({marks})",
                (model, *chunk),
            )
            for key, blob in rows:
                out[str(key)] = np.frombuffer(blob, dtype=np.float32)
        return out

    def save_vectors(self, model: str, vectors: Mapping[str, npt.NDArray[np.float32]]) -> None:
        with self._write() as db:
            db.executemany(
                "INSERT OR REPLACE INTO vectors (model, key, vector) VALUES (?, ?, ?)",
                [(model, k, np.asarray(v, dtype=np.float32).tobytes()) for k, v in vectors.items()],
            )

    # -- extraction cache -------------------------------------------------
    def load_extractions(self, version: str, article_ids: Sequence[str]) -> dict[str, str]:
        out: dict[str, str] = {}
        for chunk in _chunks(list(article_ids)):
            marks = ",".join("?" * len(chunk))
            rows = self._db.execute(
                f"SELECT article_id, payload FROM extractions "
                f"WHERE version = ? AND article_id IN ({marks})",
                (version, *chunk),
            )
            out.update((str(a), str(p)) for a, p in rows)
        return out

    def save_extractions(self, version: str, payloads: Mapping[str, str]) -> None:
        with self._write() as db:
            db.execute("DELETE FROM extractions WHERE version != ?", (version,))
            db.executemany(
                "INSERT OR REPLACE INTO extractions (article_id, version, payload) "
                "VALUES (?, ?, ?)",
                [(a, version, p) for a, p in payloads.items()],
            )

    # -- grouper state -------------------------------------------------------
    def load_grouper_state(self) -> bytes | None:
        row = self._db.execute("SELECT state FROM grouper_state WHERE id = 1").fetchone()
        return None if row is None else bytes(row[0])

    def grouper_state_stamp(self) -> str | None:
        row = self._db.execute("SELECT saved_at FROM grouper_state WHERE id = 1").fetchone()
        return None if row is None else str(row[0])

    def save_grouper_state(self, state: bytes | None) -> None:
        with self._write() as db:
            db.execute("DELETE FROM grouper_state")
            if state is not None:
                db.execute(
                    "INSERT INTO grouper_state (id, state, saved_at) VALUES (1, ?, ?)",
                    (state, datetime.now(UTC).isoformat(timespec="microseconds")),
                )

    # -- events and stories ----------------------------------------------
    def replace_grouping(
        self,
        events: Sequence[Event],
        stories: Sequence[Story],
        changes: Sequence[EventChange] = (),
    ) -> None:
        story_of = {e: s.id for s in stories for e in s.event_ids}
        position = {e: i for s in stories for i, e in enumerate(s.event_ids)}
        with self._write() as db:
            db.execute("UPDATE grouping_version SET version = version + 1 WHERE id = 1")
            db.execute("DELETE FROM event_articles")
            db.execute("DELETE FROM event_changes")
            db.execute("DELETE FROM events")
            db.execute("DELETE FROM stories")
            db.executemany(
                "INSERT INTO stories (id, label) VALUES (?, ?)", [(s.id, s.label) for s in stories]
            )
            db.executemany(
                "INSERT INTO events (id, label, start, end, story_id, position) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                [
                    (
                        e.id,
                        e.label,
                        _iso(e.start),
                        _iso(e.end),
                        story_of.get(e.id),
                        position.get(e.id, 0),
                    )
                    for e in events
                ],
            )
            _insert_members(db, events)
            _insert_changes(db, changes)

    def update_grouping(
        self,
        events: Sequence[Event],
        removed_events: Sequence[str],
        stories: Sequence[Story],
        removed_stories: Sequence[str],
        changes: Sequence[EventChange],
        lineage: LineageUpdate | None = None,
        replace_history: bool = False,
        keep_history_upto: int = 0,
    ) -> None:
        with self._write() as db:
            db.execute("UPDATE grouping_version SET version = version + 1 WHERE id = 1")
            if replace_history:
                db.execute("DELETE FROM event_changes WHERE seq > ?", (keep_history_upto,))
            gone = [(e,) for e in removed_events]
            db.executemany("DELETE FROM event_articles WHERE event_id = ?", gone)
            db.executemany("DELETE FROM events WHERE id = ?", gone)
            db.executemany("DELETE FROM stories WHERE id = ?", [(s,) for s in removed_stories])
            db.executemany(
                "INSERT INTO stories (id, label) VALUES (?, ?) "
                "ON CONFLICT(id) DO UPDATE SET label = excluded.label",
                [(s.id, s.label) for s in stories],
            )
            db.executemany(
                "INSERT INTO events (id, label, start, end, story_id, position) "
                "VALUES (?, ?, ?, ?, NULL, 0) ON CONFLICT(id) DO UPDATE SET "
                "label = excluded.label, start = excluded.start, end = excluded.end",
                [(e.id, e.label, _iso(e.start), _iso(e.end)) for e in events],
            )
            db.executemany(
                "DELETE FROM event_articles WHERE event_id = ?", [(e.id,) for e in events]
            )
            _insert_members(db, events)
            db.executemany(
                "UPDATE events SET story_id = ?, position = ? WHERE id = ?",
                [(s.id, i, e) for s in stories for i, e in enumerate(s.event_ids)],
            )
            _insert_changes(db, changes)
            if lineage is not None:
                _replace_event_lineage(db, lineage)

    def lineage_version(self) -> str | None:
        row = self._db.execute("SELECT version FROM lineage_state WHERE id = 1").fetchone()
        return None if row is None else str(row[0])

    def lineage_coverage(self) -> dict[str, int]:
        return {
            str(event): int(count)
            for event, count in self._db.execute(
                "SELECT g.event_id, COUNT(*) FROM lineage_members m "
                "JOIN lineage_groups g ON g.id = m.group_id GROUP BY g.event_id"
            )
        }

    def save_sentence_keys(self, keys: Mapping[str, Sequence[int]]) -> None:
        with self._write() as db:
            db.executemany(
                "INSERT OR IGNORE INTO sentence_keys (key, article_id) VALUES (?, ?)",
                [(k, a) for a, found in keys.items() for k in (found or (0,))],
            )

    def articles_with_sentences(self, keys: Iterable[int]) -> dict[int, list[str]]:
        found: dict[int, list[str]] = {}
        for chunk in _chunks(list(dict.fromkeys(keys))):
            marks = ",".join("?" * len(chunk))
            for key, article in self._db.execute(
                f"SELECT key, article_id FROM sentence_keys WHERE key IN ({marks}) "
                "ORDER BY key, article_id",
                chunk,
            ):
                found.setdefault(int(key), []).append(str(article))
        return found

    def furniture_keys(self, min_events: int, among: Iterable[int] | None = None) -> set[int]:
        query = (
            "SELECT k.key FROM sentence_keys k "
            "JOIN event_articles e ON e.article_id = k.article_id {where}"
            "GROUP BY k.key HAVING COUNT(DISTINCT e.event_id) >= ?"
        )
        if among is None:
            return {int(r[0]) for r in self._db.execute(query.format(where=""), (min_events,))}
        found: set[int] = set()
        for chunk in _chunks(list(dict.fromkeys(among))):
            where = f"WHERE k.key IN ({','.join('?' * len(chunk))}) "
            rows = self._db.execute(query.format(where=where), (*chunk, min_events))
            found.update(int(r[0]) for r in rows)
        return found

    def articles_without_sentence_keys(self) -> list[str]:
        return [
            str(r[0])
            for r in self._db.execute(
                "SELECT a.id FROM articles a WHERE NOT EXISTS "
                "(SELECT 1 FROM sentence_keys k WHERE k.article_id = a.id) ORDER BY a.rowid"
            )
        ]

    def event_changes(self, event_ids: Iterable[str] | None = None) -> list[EventChange]:
        columns = "seq, kind, event_id, article_id, other_event_id, day, step"
        if event_ids is None:
            rows = self._db.execute(
                f"SELECT {columns} FROM event_changes ORDER BY seq, step"
            ).fetchall()
        else:
            found: dict[tuple[object, ...], tuple[object, ...]] = {}
            wanted = list(dict.fromkeys(event_ids))
            for chunk in _chunks(wanted):  # both lookups use an index
                marks = ",".join("?" * len(chunk))
                for column in ("event_id", "other_event_id"):
                    for row in self._db.execute(
                        f"SELECT {columns} FROM event_changes WHERE {column} IN ({marks})", chunk
                    ):
                        found[(row[0], row[6])] = tuple(row)
            rows = sorted(found.values(), key=lambda r: (int(str(r[0])), int(str(r[6]))))
        return [
            EventChange(
                int(str(seq)),
                ChangeKind(str(kind)),
                str(event),
                str(article),
                None if other is None else str(other),
                _day(None if day is None else str(day)),
            )
            for seq, kind, event, article, other, day, _ in rows
        ]

    # -- lineage -----------------------------------------------------------
    def lineage(self, event_ids: Iterable[str] | None = None) -> Lineage:
        where = ""
        args: tuple[str, ...] = ()
        if event_ids is not None:
            wanted = tuple(dict.fromkeys(event_ids))
            where, args = f"WHERE g.event_id IN ({','.join('?' * len(wanted))})", wanted
        # Members of the chosen groups; links and credits are read for them only.
        inside = (
            "SELECT m.article_id FROM lineage_members m "
            f"JOIN lineage_groups g ON g.id = m.group_id {where}"
        )
        rows = self._db.execute(
            "SELECT g.id, g.event_id, g.origin, g.origin_reason, g.credited "
            f"FROM lineage_groups g {where} ORDER BY g.event_id, g.id",
            args,
        ).fetchall()
        members: dict[str, list[str]] = {str(r[0]): [] for r in rows}
        for group_id, article_id in self._db.execute(
            "SELECT m.group_id, m.article_id FROM lineage_members m "
            f"JOIN lineage_groups g ON g.id = m.group_id {where} "
            "ORDER BY m.group_id, m.position",
            args,
        ):
            members[str(group_id)].append(str(article_id))
        groups = tuple(
            LineageGroup(str(i), str(e), tuple(members[str(i)]), o, str(r), tuple(json.loads(c)))
            for i, e, o, r, c in rows
        )
        links = tuple(
            ArticleLink(str(a), str(b), Relation(str(rel)), int(n), float(sh), float(o), float(c))
            for a, b, rel, n, sh, o, c in self._db.execute(
                "SELECT a, b, relation, aligned, share, in_order, containment FROM article_links "
                f"WHERE a IN ({inside}) AND b IN ({inside}) ORDER BY a, b",
                args + args,
            )
        )
        credits = tuple(
            Credit(str(a), str(o), Span(str(a), int(s), int(e)), str(f))
            for a, o, s, e, f in self._db.execute(
                "SELECT article_id, outlet, start, end, form FROM credits "
                f"WHERE article_id IN ({inside}) ORDER BY article_id, start",
                args,
            )
        )
        return Lineage(links, groups, credits)

    def _event_rows(self, where: str = "", args: tuple[str, ...] = ()) -> list[Event]:
        rows = self._db.execute(
            f"SELECT id, label, start, end FROM events {where} ORDER BY start, id", args
        ).fetchall()
        members: dict[str, list[str]] = {str(r[0]): [] for r in rows}
        for chunk in _chunks(list(members)):
            marks = ",".join("?" * len(chunk))
            for event_id, article_id in self._db.execute(
                f"SELECT event_id, article_id FROM event_articles "
                f"WHERE event_id IN ({marks}) ORDER BY event_id, position",
                chunk,
            ):
                members[str(event_id)].append(str(article_id))
        return [
            Event(str(i), tuple(members[str(i)]), str(label), _day(start), _day(end))
            for i, label, start, end in rows
        ]

    def events(self) -> list[Event]:
        return self._event_rows()

    def grouping_version(self) -> int:
        return int(self._db.execute("SELECT version FROM grouping_version").fetchone()[0])

    def count_events(self) -> int:
        return int(self._db.execute("SELECT count(*) FROM events").fetchone()[0])

    def count_stories(self) -> int:
        return int(self._db.execute("SELECT count(*) FROM stories").fetchone()[0])

    def event_of_article(self, article_id: str) -> Event | None:
        found = self._event_rows(
            "WHERE id IN (SELECT event_id FROM event_articles WHERE article_id = ?)", (article_id,)
        )
        return found[0] if found else None

    def story_of_event(self, event_id: str) -> Story | None:
        found = self._stories("WHERE id IN (SELECT story_id FROM events WHERE id = ?)", (event_id,))
        return found[0] if found else None

    def ids_with_prefix(self, table: str, prefix: str, limit: int = 6) -> list[str]:
        if table not in {"articles", "events", "stories", "sources"}:
            raise ValueError(f"no id column in {table!r}")
        # A range over the primary key (an index search), not LIKE (a scan).
        rows = self._db.execute(
            f"SELECT id FROM {table} WHERE id >= ? AND id < ? ORDER BY id LIMIT ?",
            (prefix, prefix + "\U0010ffff", limit),
        )
        return [str(r[0]) for r in rows]

    def event(self, event_id: str) -> Event:
        found = self._event_rows("WHERE id = ?", (event_id,))
        if not found:
            raise NotFoundError(f"no event {event_id!r}; `storyline stories` lists events")
        return found[0]

    def _stories(self, where: str = "", args: tuple[str, ...] = ()) -> list[Story]:
        stories = self._db.execute(
            f"SELECT id, label FROM stories {where} ORDER BY id", args
        ).fetchall()
        out = []
        for story_id, label in stories:
            event_ids = self._db.execute(
                "SELECT id FROM events WHERE story_id = ? ORDER BY position", (story_id,)
            )
            out.append(Story(str(story_id), tuple(str(r[0]) for r in event_ids), str(label)))
        return out

    def stories(self) -> list[Story]:
        return self._stories()

    def story(self, story_id: str) -> Story:
        found = self._stories("WHERE id = ?", (story_id,))
        if not found:
            raise NotFoundError(f"no story {story_id!r}; `storyline stories` lists stories")
        return found[0]

    # -- live sources ------------------------------------------------------
    def save_source(self, source: Source) -> None:
        with self._write() as db:
            # An upsert, not INSERT OR REPLACE: a replace deletes the row first, and
            # the cascade would forget which files a watched folder has read.
            updates = ", ".join(
                f"{c} = excluded.{c}" for c in _SOURCE_COLUMNS.split(", ") if c != "id"
            )
            db.execute(
                f"INSERT INTO sources ({_SOURCE_COLUMNS}) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                f"ON CONFLICT(id) DO UPDATE SET {updates}",
                (
                    source.id,
                    source.kind.value,
                    source.location,
                    source.interval_seconds,
                    _stamp(source.next_poll),
                    _stamp(source.added),
                    source.etag,
                    source.last_modified,
                    source.failures,
                    _stamp(source.last_polled) if source.last_polled else None,
                    source.last_status,
                    source.articles,
                ),
            )

    def sources(self) -> list[Source]:
        rows = self._db.execute(f"SELECT {_SOURCE_COLUMNS} FROM sources ORDER BY added, id")
        return [_source(row) for row in rows.fetchall()]

    def source(self, source_id: str) -> Source:
        row = self._db.execute(
            f"SELECT {_SOURCE_COLUMNS} FROM sources WHERE id = ?", (source_id,)
        ).fetchone()
        if row is None:
            raise NotFoundError(f"no source {source_id!r}; `storyline sources` lists them")
        return _source(row)

    def remove_source(self, source_id: str) -> None:
        with self._write() as db:
            found = db.execute("DELETE FROM sources WHERE id = ?", (source_id,)).rowcount
        if not found:
            raise NotFoundError(f"no source {source_id!r}; `storyline sources` lists them")

    def seen_files(self, source_id: str) -> dict[str, tuple[int, int]]:
        rows = self._db.execute(
            "SELECT path, size, mtime_ns FROM source_files WHERE source_id = ?", (source_id,)
        )
        return {str(path): (int(size), int(mtime)) for path, size, mtime in rows.fetchall()}

    def mark_files_seen(self, source_id: str, files: Mapping[str, tuple[int, int]]) -> None:
        with self._write() as db:
            db.executemany(
                "INSERT OR REPLACE INTO source_files (source_id, path, size, mtime_ns) "
                "VALUES (?, ?, ?, ?)",
                [(source_id, path, size, mtime) for path, (size, mtime) in files.items()],
            )


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


def _replace_event_lineage(db: sqlite3.Connection, update: LineageUpdate) -> None:
    """Replace the lineage of ``update.events`` (called after their members are written)."""
    for chunk in _chunks(list(update.events)):
        marks = ",".join("?" * len(chunk))
        members = f"SELECT article_id FROM event_articles WHERE event_id IN ({marks})"
        db.execute(f"DELETE FROM lineage_groups WHERE event_id IN ({marks})", chunk)
        db.execute(f"DELETE FROM article_links WHERE a IN ({members})", chunk)
        db.execute(f"DELETE FROM article_links WHERE b IN ({members})", chunk)
        db.execute(f"DELETE FROM credits WHERE article_id IN ({members})", chunk)
    _insert_lineage(db, update.lineage)
    db.execute(
        "INSERT INTO lineage_state (id, version) VALUES (1, ?) "
        "ON CONFLICT(id) DO UPDATE SET version = excluded.version",
        (update.version,),
    )


def _insert_lineage(db: sqlite3.Connection, lineage: Lineage) -> None:
    db.executemany(
        "INSERT INTO lineage_groups (id, event_id, origin, origin_reason, credited) "
        "VALUES (?, ?, ?, ?, ?)",
        [
            (g.id, g.event_id, g.origin, g.origin_reason, json.dumps(list(g.credited)))
            for g in lineage.groups
        ],
    )
    db.executemany(
        "INSERT INTO lineage_members (group_id, article_id, position) VALUES (?, ?, ?)",
        [(g.id, a, i) for g in lineage.groups for i, a in enumerate(g.article_ids)],
    )
    db.executemany(
        "INSERT INTO article_links (a, b, relation, aligned, share, in_order, containment) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)",
        [
            (k.a, k.b, k.relation.value, k.aligned, k.share, k.order, k.containment)
            for k in lineage.links
        ],
    )
    db.executemany(
        "INSERT OR IGNORE INTO credits (article_id, outlet, start, end, form) "
        "VALUES (?, ?, ?, ?, ?)",
        [(c.article_id, c.outlet, c.span.start, c.span.end, c.form) for c in lineage.credits],
    )


def _insert_members(db: sqlite3.Connection, events: Sequence[Event]) -> None:
    db.executemany(
        "INSERT INTO event_articles (event_id, article_id, position) VALUES (?, ?, ?)",
        [(e.id, a, i) for e in events for i, a in enumerate(e.article_ids)],
    )


def _insert_changes(db: sqlite3.Connection, changes: Sequence[EventChange]) -> None:
    """History rows, numbered within each arrival in the order given.

    One arrival's changes are always written together, so the numbering holds.
    """
    rows = [
        (c.seq, step, c.kind.value, c.event_id, c.article_id, c.other_event_id, _iso(c.day))
        for step, c in history_steps(changes)
    ]
    db.executemany(
        "INSERT INTO event_changes (seq, step, kind, event_id, article_id, other_event_id, day) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)",
        rows,
    )


_SOURCE_COLUMNS = (
    "id, kind, location, interval_seconds, next_poll, added, etag, last_modified, "
    "failures, last_polled, last_status, articles"
)


def _stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


def _source(row: Sequence[object]) -> Source:
    (
        id_,
        kind,
        location,
        interval,
        next_poll,
        added,
        etag,
        modified,
        failures,
        polled,
        status,
        articles,
    ) = row
    return Source(
        id=str(id_),
        kind=SourceKind(str(kind)),
        location=str(location),
        interval_seconds=int(str(interval)),
        next_poll=datetime.fromisoformat(str(next_poll)),
        added=datetime.fromisoformat(str(added)),
        etag=str(etag) if etag is not None else None,
        last_modified=str(modified) if modified is not None else None,
        failures=int(str(failures)),
        last_polled=datetime.fromisoformat(str(polled)) if polled else None,
        last_status=str(status),
        articles=int(str(articles)),
    )


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
