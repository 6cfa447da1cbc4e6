"""The shared-server store: PostgreSQL through psycopg 3.

Same contract as :class:`~storyline.store.sqlite.SqliteStore` (one test suite
runs against both). What differs is how writers coexist: several processes
may write at once. Article inserts are idempotent upserts that PostgreSQL
serialises per id, so two writers given the same article store it once; the
whole-table rewrites of grouping and lineage take a transaction-scoped
advisory lock, so two regroupings never interleave. Search uses a stored
``tsvector`` with a GIN index instead of FTS5.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

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
from .postgres_schema import PG_LATEST_VERSION, PG_MIGRATIONS

try:  # an optional dependency at import time, so SQLite users never need it
    import psycopg
except ImportError:  # pragma: no cover - depends on the environment
    psycopg = None  # type: ignore[assignment]

_ARTICLE_COLUMNS = "id, title, text, path, outlet, url, published, date_source, byline, language"
_SOURCE_COLUMNS = (
    "id, kind, location, interval_seconds, next_poll, added, etag, last_modified, "
    "failures, last_polled, last_status, articles"
)
# Advisory lock keys (any fixed 64-bit numbers): one for migrating the schema, one
# for the whole-table rewrites of grouping and lineage.
_MIGRATE_LOCK = 0x5354_4F52_5901
_GROUPING_LOCK = 0x5354_4F52_5902


def redact(url: str) -> str:
    """The URL without its password, fit for messages and logs."""
    scheme, sep, rest = url.partition("://")
    credentials, at, host = rest.rpartition("@")
    if not at or ":" not in credentials:
        return url
    user = credentials.split(":", 1)[0]
    return f"{scheme}{sep}{user}:***@{host}"


def _clean(text: str | None) -> str | None:
    # PostgreSQL text cannot hold NUL; SQLite can. Readers never produce one (binary
    # input is refused), but a hostile JSON line could, so it is replaced, not fatal.
    return None if text is None else text.replace("\x00", "\ufffd")


class PostgresStore:
    """:class:`~storyline.store.base.Store` on a PostgreSQL database."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.path = redact(url)  # what messages name, as SqliteStore.path does
        if psycopg is None:  # pragma: no cover - depends on the environment
            raise StoreError(
                "PostgreSQL support needs psycopg; run `make setup` "
                "(or `pip install 'psycopg[binary]'`)"
            )
        try:
            self._db = psycopg.connect(url, autocommit=True, connect_timeout=10)
            self._db.execute("SET TIME ZONE 'UTC'")
            self._migrate()
        except psycopg.Error as exc:
            raise StoreError(
                f"cannot open the PostgreSQL database {self.path}: {_reason(exc)}. "
                "Check the server is running, the database exists and the user may write to it "
                "(createdb NAME), or pass another --db."
            ) from exc

    # -- connection ------------------------------------------------------
    @contextmanager
    def _write(self, lock: int | None = None) -> Iterator[Any]:
        try:
            with self._db.transaction():
                if lock is not None:
                    self._db.execute("SELECT pg_advisory_xact_lock(%s)", (lock,))
                yield self._db
        except psycopg.Error as exc:
            raise StoreError(
                f"cannot write to {self.path}: {_reason(exc)}. {_advice(exc)}"
            ) from exc

    def _rows(
        self, sql: str, args: Sequence[Any] | Mapping[str, Any] = ()
    ) -> list[tuple[Any, ...]]:
        try:
            return list(self._db.execute(sql, _clean_args(args)).fetchall())
        except psycopg.Error as exc:
            raise StoreError(f"cannot read from {self.path}: {_reason(exc)}") from exc

    def _one(self, sql: str, args: Sequence[Any] = ()) -> tuple[Any, ...] | None:
        rows = self._rows(sql, args)
        return rows[0] if rows else None

    def _migrate(self) -> None:
        with self._db.transaction():
            # One migrator at a time: a second process waits here, then finds the
            # schema current and does nothing.
            self._db.execute("SELECT pg_advisory_xact_lock(%s)", (_MIGRATE_LOCK,))
            self._db.execute(
                "CREATE TABLE IF NOT EXISTS storyline_schema "
                "(id INTEGER PRIMARY KEY CHECK (id = 1), version INTEGER NOT NULL)"
            )
            row = self._one("SELECT version FROM storyline_schema")
            version = int(row[0]) if row else 0
            if version > PG_LATEST_VERSION:
                raise SchemaTooNewError(
                    f"{self.path} was written by a newer Storyline (schema {version}, "
                    f"this version knows {PG_LATEST_VERSION}); upgrade Storyline to open it"
                )
            for migration in PG_MIGRATIONS:
                if migration.version > version:
                    self._db.execute(migration.sql.encode())
            if version < PG_LATEST_VERSION:
                self._db.execute(
                    "INSERT INTO storyline_schema (id, version) VALUES (1, %s) "
                    "ON CONFLICT (id) DO UPDATE SET version = excluded.version",
                    (PG_LATEST_VERSION,),
                )

    @property
    def schema_version(self) -> int:
        row = self._one("SELECT version FROM storyline_schema")
        return int(row[0]) if row else 0

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> PostgresStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- articles --------------------------------------------------------
    def add_articles(self, articles: Sequence[Article]) -> list[str]:
        new: list[str] = []
        stamp = datetime.now(UTC)
        with self._write() as db:
            for a in articles:
                row = db.execute(
                    f"INSERT INTO articles ({_ARTICLE_COLUMNS}, ingested_at) "
                    "VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s) "
                    "ON CONFLICT (id) DO NOTHING RETURNING id",
                    (
                        a.id,
                        _clean(a.title),
                        _clean(a.text),
                        _clean(a.path),
                        _clean(a.outlet),
                        _clean(a.url),
                        a.published,
                        a.date_source.value,
                        _clean(a.byline),
                        a.language,
                        stamp,
                    ),
                ).fetchone()
                if row is not None:
                    new.append(a.id)
                db.execute(
                    "INSERT INTO article_paths (article_id, path) VALUES (%s, %s) "
                    "ON CONFLICT DO NOTHING",
                    (a.id, _clean(a.path)),
                )
                # A file that failed before and reads now is no longer skipped.
                db.execute("DELETE FROM skipped_inputs WHERE path = %s", (_clean(a.path),))
        return new

    def record_skipped(self, skipped: Sequence[Skipped]) -> None:
        if not skipped:
            return
        stamp = datetime.now(UTC)
        with self._write() as db, db.cursor() as cursor:
            cursor.executemany(
                "INSERT INTO skipped_inputs (path, reason, seen_at) VALUES (%s, %s, %s) "
                "ON CONFLICT (path) DO UPDATE SET reason = excluded.reason, "
                "seen_at = excluded.seen_at",
                [(_clean(s.path), _clean(s.reason), stamp) for s in skipped],
            )

    def skipped(self) -> list[Skipped]:
        rows = self._rows("SELECT path, reason FROM skipped_inputs ORDER BY path")
        return [Skipped(path, reason) for path, reason in rows]

    @staticmethod
    def _article(row: Sequence[Any]) -> Article:
        id_, title, text, path, outlet, url, published, source, byline, language = row
        return Article(
            id=id_,
            title=title,
            text=text,
            path=path,
            outlet=outlet,
            url=url,
            published=published,
            date_source=DateSource(source),
            byline=byline,
            language=language,
        )

    def article(self, article_id: str) -> Article:
        row = self._one(f"SELECT {_ARTICLE_COLUMNS} FROM articles WHERE id = %s", (article_id,))
        if row is None:
            raise NotFoundError(
                f"no article {article_id!r}; `storyline search` or `storyline stories` lists ids"
            )
        return self._article(row)

    def articles(self, ids: Iterable[str] | None = None) -> list[Article]:
        if ids is None:
            rows = self._rows(f"SELECT {_ARTICLE_COLUMNS} FROM articles ORDER BY seq")
            return [self._article(r) for r in rows]
        wanted = list(dict.fromkeys(ids))
        found = {
            r[0]: self._article(r)
            for r in self._rows(
                f"SELECT {_ARTICLE_COLUMNS} FROM articles WHERE id = ANY(%s)", (wanted,)
            )
        }
        return [found[i] for i in wanted if i in found]

    def article_paths(self, article_id: str) -> list[str]:
        rows = self._rows(
            "SELECT path FROM article_paths WHERE article_id = %s ORDER BY path", (article_id,)
        )
        return [r[0] for r in rows]

    def articles_page(self, limit: int, offset: int) -> list[Article]:
        rows = self._rows(
            f"SELECT {_ARTICLE_COLUMNS} FROM articles ORDER BY seq LIMIT %s OFFSET %s",
            (limit, offset),
        )
        return [self._article(r) for r in rows]

    def article_ids(self) -> list[str]:
        return [r[0] for r in self._rows("SELECT id FROM articles ORDER BY seq")]

    def count_articles(self) -> int:
        return _count(self._one("SELECT count(*) FROM articles"))

    def search(self, query: str, limit: int = 20) -> list[SearchHit]:
        return self.search_any([[w] for w in query_words(query)], limit)

    def search_any(self, groups: Sequence[Sequence[str]], limit: int = 20) -> list[SearchHit]:
        # plainto_tsquery ignores all operator syntax: any word a user types is a valid
        # query. Words of a group are ORed (||), groups ANDed (&&), as in the SQLite store.
        args: dict[str, Any] = {"limit": limit}
        ands = []
        for g, group in enumerate(groups):
            ors = []
            for w, word in enumerate(group):
                args[f"w{g}_{w}"] = word
                ors.append(f"plainto_tsquery('english', %(w{g}_{w})s)")
            if ors:
                ands.append("(" + " || ".join(ors) + ")")
        if not ands:
            return []
        query_sql = " && ".join(ands)
        rows = self._rows(
            f"""
            WITH q AS (SELECT {query_sql} AS query),
            hits AS (
                SELECT a.id, a.title, a.outlet, a.text, ts_rank_cd(a.search, q.query) AS score
                FROM articles a, q
                WHERE q.query <> ''::tsquery AND a.search @@ q.query
                ORDER BY score DESC, a.seq LIMIT %(limit)s
            )
            SELECT hits.id, hits.title, hits.outlet,
                   ts_headline('english', left(hits.text, 20000), q.query,
                       'StartSel=«, StopSel=», MaxWords=16, MinWords=6, MaxFragments=2, '
                       'FragmentDelimiter=" … "'),
                   hits.score
            FROM hits, q ORDER BY hits.score DESC
            """,
            args,
        )
        return [SearchHit(i, t, o, s, float(score)) for i, t, o, s, score in rows]

    def index_words(self, prefix: str, limit: int = 500) -> list[str]:
        # ts_stat reads every article's vector: fine for a newsroom's store, and only
        # called for a searched word long enough to be a name.
        clean = "".join(ch for ch in prefix.casefold() if ch not in "%_\\")
        if not clean:
            return []
        rows = self._rows(
            "SELECT word FROM ts_stat('SELECT search FROM articles') "
            "WHERE word LIKE %s ORDER BY word LIMIT %s",
            (clean + "%", limit),
        )
        return [str(r[0]) for r in rows]

    # -- vectors ---------------------------------------------------------
    def load_vectors(self, model: str, keys: Sequence[str]) -> dict[str, npt.NDArray[np.float32]]:
        rows = self._rows(
            "SELECT key, vector FROM vectors WHERE model = %s AND key = ANY(%s)",
            (model, list(keys)),
        )
        return {key: np.frombuffer(blob, dtype=np.float32) for key, blob in rows}

    def save_vectors(self, model: str, vectors: Mapping[str, npt.NDArray[np.float32]]) -> None:
        with self._write() as db, db.cursor() as cursor:
            cursor.executemany(
                "INSERT INTO vectors (model, key, vector) VALUES (%s, %s, %s) "
                "ON CONFLICT (model, key) DO UPDATE SET vector = excluded.vector",
                [(model, k, np.asarray(v, dtype=np.float32).tobytes()) for k, v in vectors.items()],
            )

    # -- extraction cache -------------------------------------------------
    def load_extractions(self, version: str, article_ids: Sequence[str]) -> dict[str, str]:
        rows = self._rows(
            "SELECT article_id, payload FROM extractions "
            "WHERE version = %s AND article_id = ANY(%s)",
            (version, list(article_ids)),
        )
        return dict(rows)

    def save_extractions(self, version: str, payloads: Mapping[str, str]) -> None:
        with self._write() as db, db.cursor() as cursor:
            cursor.execute("DELETE FROM extractions WHERE version <> %s", (version,))
            cursor.executemany(
                "INSERT INTO extractions (article_id, version, payload) VALUES (%s, %s, %s) "
                "ON CONFLICT (article_id, version) DO UPDATE SET payload = excluded.payload",
                [(a, version, _clean(p)) for a, p in payloads.items()],
            )

    # -- grouper state -------------------------------------------------------
    def load_grouper_state(self) -> bytes | None:
        row = self._one("SELECT state FROM grouper_state WHERE id = 1")
        return None if row is None else bytes(row[0])

    def grouper_state_stamp(self) -> str | None:
        row = self._one("SELECT saved_at FROM grouper_state WHERE id = 1")
        return None if row is None else row[0].isoformat(timespec="microseconds")

    def save_grouper_state(self, state: bytes | None) -> None:
        with self._write(_GROUPING_LOCK) as db:
            db.execute("DELETE FROM grouper_state")
            if state is not None:
                # clock_timestamp, not now(): two saves in one session must differ.
                db.execute(
                    "INSERT INTO grouper_state (id, state, saved_at) "
                    "VALUES (1, %s, clock_timestamp())",
                    (state,),
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
        with self._write(_GROUPING_LOCK) as db, db.cursor() as cursor:
            cursor.execute("UPDATE grouping_version SET version = version + 1 WHERE id = 1")
            # TRUNCATE would take an exclusive lock that blocks every reader; DELETE
            # lets readers keep seeing the old grouping until this commits.
            for table in ("event_articles", "event_changes", "events", "stories"):
                cursor.execute(f"DELETE FROM {table}")
            cursor.executemany(
                "INSERT INTO stories (id, label) VALUES (%s, %s)",
                [(s.id, _clean(s.label)) for s in stories],
            )
            cursor.executemany(
                'INSERT INTO events (id, label, start, "end", story_id, position) '
                "VALUES (%s, %s, %s, %s, %s, %s)",
                [
                    (
                        e.id,
                        _clean(e.label),
                        e.start,
                        e.end,
                        story_of.get(e.id),
                        position.get(e.id, 0),
                    )
                    for e in events
                ],
            )
            _insert_members(cursor, events)
            _insert_changes(cursor, changes)

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
        with self._write(_GROUPING_LOCK) as db, db.cursor() as cursor:
            cursor.execute("UPDATE grouping_version SET version = version + 1 WHERE id = 1")
            if replace_history:
                cursor.execute("DELETE FROM event_changes WHERE seq > %s", (keep_history_upto,))
            gone = list(removed_events)
            cursor.execute("DELETE FROM event_articles WHERE event_id = ANY(%s)", (gone,))
            cursor.execute("DELETE FROM events WHERE id = ANY(%s)", (gone,))
            cursor.execute("DELETE FROM stories WHERE id = ANY(%s)", (list(removed_stories),))
            cursor.executemany(
                "INSERT INTO stories (id, label) VALUES (%s, %s) "
                "ON CONFLICT (id) DO UPDATE SET label = excluded.label",
                [(s.id, _clean(s.label)) for s in stories],
            )
            cursor.executemany(
                'INSERT INTO events (id, label, start, "end", story_id, position) '
                "VALUES (%s, %s, %s, %s, NULL, 0) ON CONFLICT (id) DO UPDATE SET "
                'label = excluded.label, start = excluded.start, "end" = excluded."end"',
                [(e.id, _clean(e.label), e.start, e.end) for e in events],
            )
            cursor.execute(
                "DELETE FROM event_articles WHERE event_id = ANY(%s)", ([e.id for e in events],)
            )
            _insert_members(cursor, events)
            cursor.executemany(
                "UPDATE events SET story_id = %s, position = %s WHERE id = %s",
                [(s.id, i, e) for s in stories for i, e in enumerate(s.event_ids)],
            )
            _insert_changes(cursor, changes)
            if lineage is not None:
                _replace_event_lineage(cursor, lineage)

    def lineage_version(self) -> str | None:
        rows = self._rows("SELECT version FROM lineage_state WHERE id = 1")
        return str(rows[0][0]) if rows else None

    def lineage_coverage(self) -> dict[str, int]:
        return {
            str(event): int(count)
            for event, count in self._rows(
                "SELECT g.event_id, COUNT(*) FROM lineage_members m "
                "JOIN lineage_groups g ON g.id = m.group_id GROUP BY g.event_id"
            )
        }

    def save_sentence_keys(self, keys: Mapping[str, Sequence[int]]) -> None:
        with self._write() as db, db.cursor() as cursor:
            cursor.executemany(
                "INSERT INTO sentence_keys (key, article_id) VALUES (%s, %s) "
                "ON CONFLICT DO NOTHING",
                [(k, a) for a, found in keys.items() for k in (found or (0,))],
            )

    def articles_with_sentences(self, keys: Iterable[int]) -> dict[int, list[str]]:
        found: dict[int, list[str]] = {}
        for key, article in self._rows(
            "SELECT key, article_id FROM sentence_keys WHERE key = ANY(%s) "
            "ORDER BY key, article_id",
            (list(dict.fromkeys(keys)),),
        ):
            found.setdefault(int(key), []).append(str(article))
        return found

    def furniture_keys(self, min_events: int, among: Iterable[int] | None = None) -> set[int]:
        where = "" if among is None else "WHERE k.key = ANY(%s) "
        params: tuple[object, ...] = (min_events,)
        if among is not None:
            params = (list(dict.fromkeys(among)), min_events)
        return {
            int(r[0])
            for r in self._rows(
                "SELECT k.key FROM sentence_keys k "
                f"JOIN event_articles e ON e.article_id = k.article_id {where}"
                "GROUP BY k.key HAVING COUNT(DISTINCT e.event_id) >= %s",
                params,
            )
        }

    def articles_without_sentence_keys(self) -> list[str]:
        return [
            str(r[0])
            for r in self._rows(
                "SELECT a.id FROM articles a WHERE NOT EXISTS "
                "(SELECT 1 FROM sentence_keys k WHERE k.article_id = a.id) ORDER BY a.seq"
            )
        ]

    def event_changes(self, event_ids: Iterable[str] | None = None) -> list[EventChange]:
        columns = "seq, kind, event_id, article_id, other_event_id, day"
        if event_ids is None:
            rows = self._rows(f"SELECT {columns} FROM event_changes ORDER BY seq, step")
        else:
            wanted = list(dict.fromkeys(event_ids))
            rows = self._rows(
                f"SELECT {columns} FROM event_changes "
                "WHERE event_id = ANY(%(ids)s) OR other_event_id = ANY(%(ids)s) "
                "ORDER BY seq, step",
                {"ids": wanted},
            )
        return [
            EventChange(int(seq), ChangeKind(kind), event, article, other, day)
            for seq, kind, event, article, other, day in rows
        ]

    # -- lineage -----------------------------------------------------------
    def lineage(self, event_ids: Iterable[str] | None = None) -> Lineage:
        where, args = "", {}
        if event_ids is not None:
            where, args = "WHERE g.event_id = ANY(%(ids)s)", {"ids": list(dict.fromkeys(event_ids))}
        inside = (
            "SELECT m.article_id FROM lineage_members m "
            f"JOIN lineage_groups g ON g.id = m.group_id {where}"
        )
        rows = self._rows(
            "SELECT g.id, g.event_id, g.origin, g.origin_reason, g.credited "
            f"FROM lineage_groups g {where} ORDER BY g.event_id, g.id",
            args,
        )
        members: dict[str, list[str]] = {r[0]: [] for r in rows}
        for group_id, article_id in self._rows(
            "SELECT m.group_id, m.article_id FROM lineage_members m "
            f"JOIN lineage_groups g ON g.id = m.group_id {where} "
            "ORDER BY m.group_id, m.position",
            args,
        ):
            members[group_id].append(article_id)
        groups = tuple(
            LineageGroup(i, e, tuple(members[i]), o, r, tuple(json.loads(c)))
            for i, e, o, r, c in rows
        )
        links = tuple(
            ArticleLink(a, b, Relation(rel), int(n), float(sh), float(o), float(c))
            for a, b, rel, n, sh, o, c in self._rows(
                "SELECT a, b, relation, aligned, share, in_order, containment FROM article_links "
                f"WHERE a IN ({inside}) AND b IN ({inside}) ORDER BY a, b",
                args,
            )
        )
        credits = tuple(
            Credit(a, o, Span(a, int(s), int(e)), f)
            for a, o, s, e, f in self._rows(
                'SELECT article_id, outlet, start, "end", form FROM credits '
                f"WHERE article_id IN ({inside}) ORDER BY article_id, start",
                args,
            )
        )
        return Lineage(links, groups, credits)

    def _event_rows(self, where: str = "", args: Sequence[Any] = ()) -> list[Event]:
        rows = self._rows(
            f'SELECT id, label, start, "end" FROM events {where} ORDER BY start NULLS FIRST, id',
            args,
        )
        members: dict[str, list[str]] = {r[0]: [] for r in rows}
        for event_id, article_id in self._rows(
            "SELECT event_id, article_id FROM event_articles "
            "WHERE event_id = ANY(%s) ORDER BY event_id, position",
            (list(members),),
        ):
            members[event_id].append(article_id)
        return [Event(i, tuple(members[i]), label, start, end) for i, label, start, end in rows]

    def events(self) -> list[Event]:
        return self._event_rows()

    def grouping_version(self) -> int:
        return _count(self._one("SELECT version FROM grouping_version"))

    def count_events(self) -> int:
        return _count(self._one("SELECT count(*) FROM events"))

    def count_stories(self) -> int:
        return _count(self._one("SELECT count(*) FROM stories"))

    def event_of_article(self, article_id: str) -> Event | None:
        found = self._event_rows(
            "WHERE id IN (SELECT event_id FROM event_articles WHERE article_id = %s)",
            (article_id,),
        )
        return found[0] if found else None

    def story_of_event(self, event_id: str) -> Story | None:
        found = self._stories(
            "WHERE id IN (SELECT story_id FROM events WHERE id = %s)", (event_id,)
        )
        return found[0] if found else None

    def ids_with_prefix(self, table: str, prefix: str, limit: int = 6) -> list[str]:
        if table not in {"articles", "events", "stories", "sources"}:
            raise ValueError(f"no id column in {table!r}")
        # A range over the "C"-collated primary key: an index search, not a scan.
        rows = self._rows(
            f"SELECT id FROM {table} WHERE id >= %s AND id < %s ORDER BY id LIMIT %s",
            (prefix, prefix + "\U0010ffff", limit),
        )
        return [r[0] for r in rows]

    def event(self, event_id: str) -> Event:
        found = self._event_rows("WHERE id = %s", (event_id,))
        if not found:
            raise NotFoundError(f"no event {event_id!r}; `storyline stories` lists events")
        return found[0]

    def _stories(self, where: str = "", args: Sequence[Any] = ()) -> list[Story]:
        stories = self._rows(f"SELECT id, label FROM stories {where} ORDER BY id", args)
        members: dict[str, list[str]] = {r[0]: [] for r in stories}
        # One query for every story's events (a round trip per story would cost a
        # network hop each on a remote server).
        for story_id, event_id in self._rows(
            "SELECT story_id, id FROM events WHERE story_id = ANY(%s) ORDER BY story_id, position",
            (list(members),),
        ):
            members[story_id].append(event_id)
        return [Story(i, tuple(members[i]), label) for i, label in stories]

    def stories(self) -> list[Story]:
        return self._stories()

    def story(self, story_id: str) -> Story:
        found = self._stories("WHERE id = %s", (story_id,))
        if not found:
            raise NotFoundError(f"no story {story_id!r}; `storyline stories` lists stories")
        return found[0]

    # -- live sources ------------------------------------------------------
    def save_source(self, source: Source) -> None:
        updates = ", ".join(f"{c} = excluded.{c}" for c in _SOURCE_COLUMNS.split(", ") if c != "id")
        with self._write() as db:
            db.execute(
                f"INSERT INTO sources ({_SOURCE_COLUMNS}) "
                "VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s) "
                f"ON CONFLICT (id) DO UPDATE SET {updates}",
                (
                    source.id,
                    source.kind.value,
                    _clean(source.location),
                    source.interval_seconds,
                    source.next_poll,
                    source.added,
                    _clean(source.etag),
                    _clean(source.last_modified),
                    source.failures,
                    source.last_polled,
                    _clean(source.last_status),
                    source.articles,
                ),
            )

    def sources(self) -> list[Source]:
        rows = self._rows(f"SELECT {_SOURCE_COLUMNS} FROM sources ORDER BY added, id")
        return [_source(row) for row in rows]

    def source(self, source_id: str) -> Source:
        row = self._one(f"SELECT {_SOURCE_COLUMNS} FROM sources WHERE id = %s", (source_id,))
        if row is None:
            raise NotFoundError(f"no source {source_id!r}; `storyline sources` lists them")
        return _source(row)

    def remove_source(self, source_id: str) -> None:
        with self._write() as db:
            found = db.execute("DELETE FROM sources WHERE id = %s", (source_id,)).rowcount
        if not found:
            raise NotFoundError(f"no source {source_id!r}; `storyline sources` lists them")

    def seen_files(self, source_id: str) -> dict[str, tuple[int, int]]:
        rows = self._rows(
            "SELECT path, size, mtime_ns FROM source_files WHERE source_id = %s", (source_id,)
        )
        return {path: (int(size), int(mtime)) for path, size, mtime in rows}

    def mark_files_seen(self, source_id: str, files: Mapping[str, tuple[int, int]]) -> None:
        with self._write() as db, db.cursor() as cursor:
            cursor.executemany(
                "INSERT INTO source_files (source_id, path, size, mtime_ns) "
                "VALUES (%s, %s, %s, %s) ON CONFLICT (source_id, path) DO UPDATE SET "
                "size = excluded.size, mtime_ns = excluded.mtime_ns",
                [(source_id, _clean(p), size, mtime) for p, (size, mtime) in files.items()],
            )


def _clean_args(args: Sequence[Any] | Mapping[str, Any]) -> Any:
    """Query arguments with NUL replaced in every string, as stored text has it replaced."""
    if isinstance(args, Mapping):
        return {
            k: _clean_args(v) if isinstance(v, list) else _clean_value(v) for k, v in args.items()
        }
    return [_clean_args(v) if isinstance(v, list) else _clean_value(v) for v in args]


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


def _count(row: tuple[Any, ...] | None) -> int:
    return 0 if row is None else int(row[0])


def _insert_members(cursor: Any, events: Sequence[Event]) -> None:
    cursor.executemany(
        "INSERT INTO event_articles (event_id, article_id, position) VALUES (%s, %s, %s)",
        [(e.id, a, i) for e in events for i, a in enumerate(e.article_ids)],
    )


def _insert_changes(cursor: Any, changes: Sequence[EventChange]) -> None:
    """History rows, numbered within each arrival in the order given (as in SQLite)."""
    rows = [
        (c.seq, step, c.kind.value, c.event_id, c.article_id, c.other_event_id, c.day)
        for step, c in history_steps(changes)
    ]
    cursor.executemany(
        "INSERT INTO event_changes (seq, step, kind, event_id, article_id, other_event_id, day) "
        "VALUES (%s, %s, %s, %s, %s, %s, %s)",
        rows,
    )


def _source(row: Sequence[Any]) -> Source:
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
        id=id_,
        kind=SourceKind(kind),
        location=location,
        interval_seconds=int(interval),
        next_poll=_utc(next_poll),
        added=_utc(added),
        etag=etag,
        last_modified=modified,
        failures=int(failures),
        last_polled=_utc(polled) if polled else None,
        last_status=status,
        articles=int(articles),
    )


def _utc(moment: datetime) -> datetime:
    return moment.astimezone(UTC)


def _replace_event_lineage(cursor: Any, update: LineageUpdate) -> None:
    """Replace the lineage of ``update.events`` (called after their members are written)."""
    events = list(update.events)
    members = "SELECT article_id FROM event_articles WHERE event_id = ANY(%s)"
    cursor.execute("DELETE FROM lineage_groups WHERE event_id = ANY(%s)", (events,))
    cursor.execute(f"DELETE FROM article_links WHERE a IN ({members})", (events,))
    cursor.execute(f"DELETE FROM article_links WHERE b IN ({members})", (events,))
    cursor.execute(f"DELETE FROM credits WHERE article_id IN ({members})", (events,))
    _insert_lineage(cursor, update.lineage)
    cursor.execute(
        "INSERT INTO lineage_state (id, version) VALUES (1, %s) "
        "ON CONFLICT (id) DO UPDATE SET version = excluded.version",
        (update.version,),
    )


def _insert_lineage(cursor: Any, lineage: Lineage) -> None:
    cursor.executemany(
        "INSERT INTO lineage_groups (id, event_id, origin, origin_reason, credited) "
        "VALUES (%s, %s, %s, %s, %s)",
        [
            (g.id, g.event_id, g.origin, g.origin_reason, json.dumps(list(g.credited)))
            for g in lineage.groups
        ],
    )
    cursor.executemany(
        "INSERT INTO lineage_members (group_id, article_id, position) VALUES (%s, %s, %s)",
        [(g.id, a, i) for g in lineage.groups for i, a in enumerate(g.article_ids)],
    )
    cursor.executemany(
        "INSERT INTO article_links (a, b, relation, aligned, share, in_order, containment) "
        "VALUES (%s, %s, %s, %s, %s, %s, %s)",
        [
            (k.a, k.b, k.relation.value, k.aligned, k.share, k.order, k.containment)
            for k in lineage.links
        ],
    )
    cursor.executemany(
        'INSERT INTO credits (article_id, outlet, start, "end", form) '
        "VALUES (%s, %s, %s, %s, %s) ON CONFLICT DO NOTHING",
        [
            (c.article_id, _clean(c.outlet), c.span.start, c.span.end, _clean(c.form))
            for c in lineage.credits
        ],
    )
