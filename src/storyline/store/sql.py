"""The store's one SQL implementation, over a :class:`~storyline.store.dialect.Dialect`.

Every method of :class:`~storyline.store.base.Store` is written here once;
SQLite and PostgreSQL differ only in what their dialects supply. Values are
read back through :func:`_day` and :func:`_moment`, which take either the
ISO text SQLite stores or the date and time types PostgreSQL returns.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, date, datetime
from typing import Any

import numpy as np
import numpy.typing as npt

from ..errors import NotFoundError
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
from .dialect import Dialect, Row

_ARTICLE_COLUMNS = "id, title, text, path, outlet, url, published, date_source, byline, language"
_SOURCE_COLUMNS = (
    "id, kind, location, interval_seconds, next_poll, added, etag, last_modified, "
    "failures, last_polled, last_status, articles"
)
_CHANGE_COLUMNS = "seq, kind, event_id, article_id, other_event_id, day, step"
_ID_TABLES = frozenset({"articles", "events", "stories", "sources"})


class SqlStore:
    """:class:`~storyline.store.base.Store` on any SQL database a dialect describes."""

    def __init__(self, dialect: Dialect) -> None:
        self._sql = dialect
        self.path = dialect.path

    @property
    def schema_version(self) -> int:
        return self._sql.schema_version()

    def close(self) -> None:
        self._sql.close()

    def __enter__(self) -> SqlStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _one(self, sql: str, args: Sequence[Any] = ()) -> Row | None:
        rows = self._sql.rows(sql, args)
        return rows[0] if rows else None

    def _count(self, sql: str) -> int:
        row = self._one(sql)
        return 0 if row is None else int(row[0])

    # -- articles --------------------------------------------------------
    def add_articles(self, articles: Sequence[Article]) -> list[str]:
        new: list[str] = []
        stamp = datetime.now(UTC)
        with self._sql.write():
            for a in articles:
                inserted = self._sql.rows(
                    f"INSERT INTO articles ({_ARTICLE_COLUMNS}, ingested_at) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                    "ON CONFLICT (id) DO NOTHING RETURNING id",
                    (
                        a.id,
                        a.title,
                        a.text,
                        a.path,
                        a.outlet,
                        a.url,
                        a.published,
                        a.date_source.value,
                        a.byline,
                        a.language,
                        stamp,
                    ),
                )
                if inserted:
                    new.append(a.id)
                self._sql.run(
                    "INSERT INTO article_paths (article_id, path) VALUES (?, ?) "
                    "ON CONFLICT DO NOTHING",
                    (a.id, a.path),
                )
                # A file that failed before and reads now is no longer skipped.
                self._sql.run("DELETE FROM skipped_inputs WHERE path = ?", (a.path,))
        return new

    def record_skipped(self, skipped: Sequence[Skipped]) -> None:
        if not skipped:
            return
        stamp = datetime.now(UTC)
        with self._sql.write():
            self._sql.many(
                "INSERT INTO skipped_inputs (path, reason, seen_at) VALUES (?, ?, ?) "
                "ON CONFLICT (path) DO UPDATE SET reason = excluded.reason, "
                "seen_at = excluded.seen_at",
                [(s.path, s.reason, stamp) for s in skipped],
            )

    def skipped(self) -> list[Skipped]:
        rows = self._sql.rows("SELECT path, reason FROM skipped_inputs ORDER BY path")
        return [Skipped(str(path), str(reason)) for path, reason in rows]

    def article(self, article_id: str) -> Article:
        row = self._one(f"SELECT {_ARTICLE_COLUMNS} FROM articles WHERE id = ?", (article_id,))
        if row is None:
            raise NotFoundError(
                f"no article {article_id!r}; `storyline search` or `storyline stories` lists ids"
            )
        return _article(row)

    def articles(self, ids: Iterable[str] | None = None) -> list[Article]:
        if ids is None:
            rows = self._sql.rows(
                f"SELECT {_ARTICLE_COLUMNS} FROM articles ORDER BY {self._sql.arrival}"
            )
            return [_article(r) for r in rows]
        wanted = list(dict.fromkeys(ids))
        found: dict[str, Article] = {}
        for chunk in self._sql.chunks(wanted):
            where, args = self._sql.among("id", chunk)
            for row in self._sql.rows(
                f"SELECT {_ARTICLE_COLUMNS} FROM articles WHERE {where}", args
            ):
                found[str(row[0])] = _article(row)
        return [found[i] for i in wanted if i in found]

    def article_paths(self, article_id: str) -> list[str]:
        rows = self._sql.rows(
            "SELECT path FROM article_paths WHERE article_id = ? ORDER BY path", (article_id,)
        )
        return [str(r[0]) for r in rows]

    def articles_page(self, limit: int, offset: int) -> list[Article]:
        rows = self._sql.rows(
            f"SELECT {_ARTICLE_COLUMNS} FROM articles ORDER BY {self._sql.arrival} "
            "LIMIT ? OFFSET ?",
            (limit, offset),
        )
        return [_article(r) for r in rows]

    def article_ids(self) -> list[str]:
        rows = self._sql.rows(f"SELECT id FROM articles ORDER BY {self._sql.arrival}")
        return [str(r[0]) for r in rows]  # in arrival order, as articles() gives them

    def count_articles(self) -> int:
        return self._count("SELECT count(*) FROM articles")

    def search(self, query: str, limit: int = 20) -> list[SearchHit]:
        return self.search_any([[w] for w in query_words(query)], limit)

    def search_any(self, groups: Sequence[Sequence[str]], limit: int = 20) -> list[SearchHit]:
        return self._sql.search_any(groups, limit)

    def index_words(self, prefix: str, limit: int = 500) -> list[str]:
        return self._sql.index_words(prefix, limit)

    # -- vectors ---------------------------------------------------------
    def load_vectors(self, model: str, keys: Sequence[str]) -> dict[str, npt.NDArray[np.float32]]:
        found: dict[str, npt.NDArray[np.float32]] = {}
        for chunk in self._sql.chunks(list(keys)):
            where, args = self._sql.among("key", chunk)
            rows = self._sql.rows(
                f"SELECT key, vector FROM vectors WHERE model = ? AND {where}", (model, *args)
            )
            for key, blob in rows:
                found[str(key)] = np.frombuffer(blob, dtype=np.float32)
        return found

    def save_vectors(self, model: str, vectors: Mapping[str, npt.NDArray[np.float32]]) -> None:
        with self._sql.write():
            self._sql.many(
                "INSERT INTO vectors (model, key, vector) VALUES (?, ?, ?) "
                "ON CONFLICT (model, key) DO UPDATE SET vector = excluded.vector",
                [(model, k, np.asarray(v, dtype=np.float32).tobytes()) for k, v in vectors.items()],
            )

    # -- extraction cache -------------------------------------------------
    def load_extractions(self, version: str, article_ids: Sequence[str]) -> dict[str, str]:
        found: dict[str, str] = {}
        for chunk in self._sql.chunks(list(article_ids)):
            where, args = self._sql.among("article_id", chunk)
            rows = self._sql.rows(
                f"SELECT article_id, payload FROM extractions WHERE version = ? AND {where}",
                (version, *args),
            )
            found.update((str(a), str(p)) for a, p in rows)
        return found

    def save_extractions(self, version: str, payloads: Mapping[str, str]) -> None:
        with self._sql.write():
            self._sql.run("DELETE FROM extractions WHERE version <> ?", (version,))
            self._sql.many(
                "INSERT INTO extractions (article_id, version, payload) VALUES (?, ?, ?) "
                "ON CONFLICT (article_id, version) DO UPDATE SET payload = excluded.payload",
                [(a, version, p) for a, p in payloads.items()],
            )

    # -- grouper state -------------------------------------------------------
    def load_grouper_state(self) -> bytes | None:
        row = self._one("SELECT state FROM grouper_state WHERE id = 1")
        return None if row is None else bytes(row[0])

    def grouper_state_stamp(self) -> str | None:
        row = self._one("SELECT saved_at FROM grouper_state WHERE id = 1")
        return None if row is None else _moment(row[0]).isoformat(timespec="microseconds")

    def save_grouper_state(self, state: bytes | None) -> None:
        with self._sql.write(exclusive=True):
            self._sql.run("DELETE FROM grouper_state")
            if state is not None:
                self._sql.run(
                    "INSERT INTO grouper_state (id, state, saved_at) VALUES (1, ?, ?)",
                    (state, datetime.now(UTC)),
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
        with self._sql.write(exclusive=True):
            self._sql.run("UPDATE grouping_version SET version = version + 1 WHERE id = 1")
            # DELETE, not TRUNCATE: readers keep seeing the old grouping until this commits.
            for table in ("event_articles", "event_changes", "events", "stories"):
                self._sql.run(f"DELETE FROM {table}")
            self._sql.many(
                "INSERT INTO stories (id, label) VALUES (?, ?)", [(s.id, s.label) for s in stories]
            )
            self._sql.many(
                'INSERT INTO events (id, label, start, "end", story_id, position) '
                "VALUES (?, ?, ?, ?, ?, ?)",
                [
                    (e.id, e.label, e.start, e.end, story_of.get(e.id), position.get(e.id, 0))
                    for e in events
                ],
            )
            self._insert_members(events)
            self._insert_changes(changes)

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
        with self._sql.write(exclusive=True):
            self._sql.run("UPDATE grouping_version SET version = version + 1 WHERE id = 1")
            if replace_history:
                self._sql.run("DELETE FROM event_changes WHERE seq > ?", (keep_history_upto,))
            gone = [(e,) for e in removed_events]
            self._sql.many("DELETE FROM event_articles WHERE event_id = ?", gone)
            self._sql.many("DELETE FROM events WHERE id = ?", gone)
            self._sql.many("DELETE FROM stories WHERE id = ?", [(s,) for s in removed_stories])
            self._sql.many(
                "INSERT INTO stories (id, label) VALUES (?, ?) "
                "ON CONFLICT (id) DO UPDATE SET label = excluded.label",
                [(s.id, s.label) for s in stories],
            )
            self._sql.many(
                'INSERT INTO events (id, label, start, "end", story_id, position) '
                "VALUES (?, ?, ?, ?, NULL, 0) ON CONFLICT (id) DO UPDATE SET "
                'label = excluded.label, start = excluded.start, "end" = excluded."end"',
                [(e.id, e.label, e.start, e.end) for e in events],
            )
            self._sql.many(
                "DELETE FROM event_articles WHERE event_id = ?", [(e.id,) for e in events]
            )
            self._insert_members(events)
            self._sql.many(
                "UPDATE events SET story_id = ?, position = ? WHERE id = ?",
                [(s.id, i, e) for s in stories for i, e in enumerate(s.event_ids)],
            )
            self._insert_changes(changes)
            if lineage is not None:
                self._replace_event_lineage(lineage)

    def _insert_members(self, events: Sequence[Event]) -> None:
        self._sql.many(
            "INSERT INTO event_articles (event_id, article_id, position) VALUES (?, ?, ?)",
            [(e.id, a, i) for e in events for i, a in enumerate(e.article_ids)],
        )

    def _insert_changes(self, changes: Sequence[EventChange]) -> None:
        """History rows, numbered within each arrival in the order given.

        One arrival's changes are always written together, so the numbering holds.
        """
        self._sql.many(
            "INSERT INTO event_changes (seq, step, kind, event_id, article_id, other_event_id, "
            "day) VALUES (?, ?, ?, ?, ?, ?, ?)",
            [
                (c.seq, step, c.kind.value, c.event_id, c.article_id, c.other_event_id, c.day)
                for step, c in history_steps(changes)
            ],
        )

    def lineage_version(self) -> str | None:
        row = self._one("SELECT version FROM lineage_state WHERE id = 1")
        return None if row is None else str(row[0])

    def lineage_coverage(self) -> dict[str, int]:
        return {
            str(event): int(count)
            for event, count in self._sql.rows(
                "SELECT g.event_id, COUNT(*) FROM lineage_members m "
                "JOIN lineage_groups g ON g.id = m.group_id GROUP BY g.event_id"
            )
        }

    def save_sentence_keys(self, keys: Mapping[str, Sequence[int]]) -> None:
        with self._sql.write():
            self._sql.many(
                "INSERT INTO sentence_keys (key, article_id) VALUES (?, ?) ON CONFLICT DO NOTHING",
                [(k, a) for a, found in keys.items() for k in (found or (0,))],
            )

    def articles_with_sentences(self, keys: Iterable[int]) -> dict[int, list[str]]:
        found: dict[int, list[str]] = {}
        for chunk in self._sql.chunks(list(dict.fromkeys(keys))):
            where, args = self._sql.among("key", chunk)
            for key, article in self._sql.rows(
                f"SELECT key, article_id FROM sentence_keys WHERE {where} ORDER BY key, article_id",
                args,
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
            return {int(r[0]) for r in self._sql.rows(query.format(where=""), (min_events,))}
        found: set[int] = set()
        for chunk in self._sql.chunks(list(dict.fromkeys(among))):
            where, args = self._sql.among("k.key", chunk)
            rows = self._sql.rows(query.format(where=f"WHERE {where} "), (*args, min_events))
            found.update(int(r[0]) for r in rows)
        return found

    def articles_without_sentence_keys(self) -> list[str]:
        return [
            str(r[0])
            for r in self._sql.rows(
                "SELECT a.id FROM articles a WHERE NOT EXISTS "
                "(SELECT 1 FROM sentence_keys k WHERE k.article_id = a.id) "
                f"ORDER BY a.{self._sql.arrival}"
            )
        ]

    def event_changes(self, event_ids: Iterable[str] | None = None) -> list[EventChange]:
        if event_ids is None:
            rows = self._sql.rows(f"SELECT {_CHANGE_COLUMNS} FROM event_changes ORDER BY seq, step")
        else:
            found: dict[tuple[int, int], Row] = {}
            for chunk in self._sql.chunks(list(dict.fromkeys(event_ids))):
                for column in ("event_id", "other_event_id"):  # each lookup uses an index
                    where, args = self._sql.among(column, chunk)
                    for row in self._sql.rows(
                        f"SELECT {_CHANGE_COLUMNS} FROM event_changes WHERE {where}", args
                    ):
                        found[(int(row[0]), int(row[6]))] = row
            rows = [found[k] for k in sorted(found)]
        return [
            EventChange(
                int(seq),
                ChangeKind(str(kind)),
                str(event),
                str(article),
                None if other is None else str(other),
                _day(day),
            )
            for seq, kind, event, article, other, day, _ in rows
        ]

    # -- lineage -----------------------------------------------------------
    def lineage(self, event_ids: Iterable[str] | None = None) -> Lineage:
        where, args = "", ()
        if event_ids is not None:
            condition, args = self._sql.among("g.event_id", list(dict.fromkeys(event_ids)))
            where = f"WHERE {condition}"
        # Members of the chosen groups; links and credits are read for them only.
        inside = (
            "SELECT m.article_id FROM lineage_members m "
            f"JOIN lineage_groups g ON g.id = m.group_id {where}"
        )
        rows = self._sql.rows(
            "SELECT g.id, g.event_id, g.origin, g.origin_reason, g.credited "
            f"FROM lineage_groups g {where} ORDER BY g.event_id, g.id",
            args,
        )
        members: dict[str, list[str]] = {str(r[0]): [] for r in rows}
        for group_id, article_id in self._sql.rows(
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
            for a, b, rel, n, sh, o, c in self._sql.rows(
                "SELECT a, b, relation, aligned, share, in_order, containment FROM article_links "
                f"WHERE a IN ({inside}) AND b IN ({inside}) ORDER BY a, b",
                (*args, *args),
            )
        )
        credits = tuple(
            Credit(str(a), str(o), Span(str(a), int(s), int(e)), str(f))
            for a, o, s, e, f in self._sql.rows(
                'SELECT article_id, outlet, start, "end", form FROM credits '
                f"WHERE article_id IN ({inside}) ORDER BY article_id, start",
                args,
            )
        )
        return Lineage(links, groups, credits)

    def _replace_event_lineage(self, update: LineageUpdate) -> None:
        """Replace the lineage of ``update.events`` (called after their members are written)."""
        for chunk in self._sql.chunks(list(update.events)):
            where, args = self._sql.among("event_id", chunk)
            members = f"SELECT article_id FROM event_articles WHERE {where}"
            self._sql.run(f"DELETE FROM lineage_groups WHERE {where}", args)
            self._sql.run(f"DELETE FROM article_links WHERE a IN ({members})", args)
            self._sql.run(f"DELETE FROM article_links WHERE b IN ({members})", args)
            self._sql.run(f"DELETE FROM credits WHERE article_id IN ({members})", args)
        self._insert_lineage(update.lineage)
        self._sql.run(
            "INSERT INTO lineage_state (id, version) VALUES (1, ?) "
            "ON CONFLICT (id) DO UPDATE SET version = excluded.version",
            (update.version,),
        )

    def _insert_lineage(self, lineage: Lineage) -> None:
        self._sql.many(
            "INSERT INTO lineage_groups (id, event_id, origin, origin_reason, credited) "
            "VALUES (?, ?, ?, ?, ?)",
            [
                (g.id, g.event_id, g.origin, g.origin_reason, json.dumps(list(g.credited)))
                for g in lineage.groups
            ],
        )
        self._sql.many(
            "INSERT INTO lineage_members (group_id, article_id, position) VALUES (?, ?, ?)",
            [(g.id, a, i) for g in lineage.groups for i, a in enumerate(g.article_ids)],
        )
        self._sql.many(
            "INSERT INTO article_links (a, b, relation, aligned, share, in_order, containment) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            [
                (k.a, k.b, k.relation.value, k.aligned, k.share, k.order, k.containment)
                for k in lineage.links
            ],
        )
        self._sql.many(
            'INSERT INTO credits (article_id, outlet, start, "end", form) '
            "VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
            [(c.article_id, c.outlet, c.span.start, c.span.end, c.form) for c in lineage.credits],
        )

    # -- events and stories, read ----------------------------------------
    def _event_rows(self, where: str = "", args: Sequence[Any] = ()) -> list[Event]:
        rows = self._sql.rows(
            f'SELECT id, label, start, "end" FROM events {where} ORDER BY start NULLS FIRST, id',
            args,
        )
        members: dict[str, list[str]] = {str(r[0]): [] for r in rows}
        for chunk in self._sql.chunks(list(members)):
            condition, chunk_args = self._sql.among("event_id", chunk)
            for event_id, article_id in self._sql.rows(
                "SELECT event_id, article_id FROM event_articles "
                f"WHERE {condition} ORDER BY event_id, position",
                chunk_args,
            ):
                members[str(event_id)].append(str(article_id))
        return [
            Event(str(i), tuple(members[str(i)]), str(label), _day(start), _day(end))
            for i, label, start, end in rows
        ]

    def events(self) -> list[Event]:
        return self._event_rows()

    def grouping_version(self) -> int:
        return self._count("SELECT version FROM grouping_version")

    def count_events(self) -> int:
        return self._count("SELECT count(*) FROM events")

    def count_stories(self) -> int:
        return self._count("SELECT count(*) FROM stories")

    def event_of_article(self, article_id: str) -> Event | None:
        found = self._event_rows(
            "WHERE id IN (SELECT event_id FROM event_articles WHERE article_id = ?)", (article_id,)
        )
        return found[0] if found else None

    def story_of_event(self, event_id: str) -> Story | None:
        found = self._stories("WHERE id IN (SELECT story_id FROM events WHERE id = ?)", (event_id,))
        return found[0] if found else None

    def ids_with_prefix(self, table: str, prefix: str, limit: int = 6) -> list[str]:
        if table not in _ID_TABLES:
            raise ValueError(f"no id column in {table!r}")
        # A range over the primary key (an index search), not LIKE (a scan); PostgreSQL's
        # ids are "C"-collated so the range holds there too.
        rows = self._sql.rows(
            f"SELECT id FROM {table} WHERE id >= ? AND id < ? ORDER BY id LIMIT ?",
            (prefix, prefix + "\U0010ffff", limit),
        )
        return [str(r[0]) for r in rows]

    def event(self, event_id: str) -> Event:
        found = self._event_rows("WHERE id = ?", (event_id,))
        if not found:
            raise NotFoundError(f"no event {event_id!r}; `storyline stories` lists events")
        return found[0]

    def _stories(self, where: str = "", args: Sequence[Any] = ()) -> list[Story]:
        stories = self._sql.rows(f"SELECT id, label FROM stories {where} ORDER BY id", args)
        members: dict[str, list[str]] = {str(r[0]): [] for r in stories}
        # One query per chunk of stories, not one per story: on a remote server each
        # query costs a network round trip.
        for chunk in self._sql.chunks(list(members)):
            condition, chunk_args = self._sql.among("story_id", chunk)
            for story_id, event_id in self._sql.rows(
                f"SELECT story_id, id FROM events WHERE {condition} ORDER BY story_id, position",
                chunk_args,
            ):
                members[str(story_id)].append(str(event_id))
        return [Story(str(i), tuple(members[str(i)]), str(label)) for i, label in stories]

    def stories(self) -> list[Story]:
        return self._stories()

    def story(self, story_id: str) -> Story:
        found = self._stories("WHERE id = ?", (story_id,))
        if not found:
            raise NotFoundError(f"no story {story_id!r}; `storyline stories` lists stories")
        return found[0]

    # -- live sources ------------------------------------------------------
    def save_source(self, source: Source) -> None:
        # An upsert, not a delete and insert: the delete would cascade and forget which
        # files a watched folder has read.
        updates = ", ".join(f"{c} = excluded.{c}" for c in _SOURCE_COLUMNS.split(", ") if c != "id")
        with self._sql.write():
            self._sql.run(
                f"INSERT INTO sources ({_SOURCE_COLUMNS}) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                f"ON CONFLICT (id) DO UPDATE SET {updates}",
                (
                    source.id,
                    source.kind.value,
                    source.location,
                    source.interval_seconds,
                    source.next_poll,
                    source.added,
                    source.etag,
                    source.last_modified,
                    source.failures,
                    source.last_polled,
                    source.last_status,
                    source.articles,
                ),
            )

    def sources(self) -> list[Source]:
        rows = self._sql.rows(f"SELECT {_SOURCE_COLUMNS} FROM sources ORDER BY added, id")
        return [_source(row) for row in rows]

    def source(self, source_id: str) -> Source:
        row = self._one(f"SELECT {_SOURCE_COLUMNS} FROM sources WHERE id = ?", (source_id,))
        if row is None:
            raise NotFoundError(f"no source {source_id!r}; `storyline sources` lists them")
        return _source(row)

    def remove_source(self, source_id: str) -> None:
        with self._sql.write():
            found = self._sql.run("DELETE FROM sources WHERE id = ?", (source_id,))
        if not found:
            raise NotFoundError(f"no source {source_id!r}; `storyline sources` lists them")

    def seen_files(self, source_id: str) -> dict[str, tuple[int, int]]:
        rows = self._sql.rows(
            "SELECT path, size, mtime_ns FROM source_files WHERE source_id = ?", (source_id,)
        )
        return {str(path): (int(size), int(mtime)) for path, size, mtime in rows}

    def mark_files_seen(self, source_id: str, files: Mapping[str, tuple[int, int]]) -> None:
        with self._sql.write():
            self._sql.many(
                "INSERT INTO source_files (source_id, path, size, mtime_ns) VALUES (?, ?, ?, ?) "
                "ON CONFLICT (source_id, path) DO UPDATE SET "
                "size = excluded.size, mtime_ns = excluded.mtime_ns",
                [(source_id, path, size, mtime) for path, (size, mtime) in files.items()],
            )


def _day(value: object) -> date | None:
    """A stored day: ISO text (SQLite) or a date (PostgreSQL)."""
    if value is None or value == "":
        return None
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value))


def _moment(value: object) -> datetime:
    """A stored moment in UTC: ISO text (SQLite) or a datetime (PostgreSQL)."""
    moment = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    return moment.astimezone(UTC)


def _article(row: Row) -> Article:
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


def _source(row: Row) -> Source:
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
        interval_seconds=int(interval),
        next_poll=_moment(next_poll),
        added=_moment(added),
        etag=None if etag is None else str(etag),
        last_modified=None if modified is None else str(modified),
        failures=int(failures),
        last_polled=_moment(polled) if polled else None,
        last_status=str(status),
        articles=int(articles),
    )
