"""SQLite's own schema history, versions 1 to 13, kept only to upgrade old stores.

A store written before the schema was defined once (:mod:`.schema`) replays the
steps after its version, then the upgrades of :data:`.schema.UPGRADES`. Frozen:
a new step goes into :mod:`.schema`, for both databases.
"""

from __future__ import annotations

from typing import NamedTuple


class Migration(NamedTuple):
    version: int
    name: str
    sql: str


MIGRATIONS: tuple[Migration, ...] = (
    Migration(
        1,
        "articles, paths, skipped inputs, full-text index",
        """
        CREATE TABLE articles (
            id          TEXT PRIMARY KEY,
            title       TEXT NOT NULL,
            text        TEXT NOT NULL,
            path        TEXT NOT NULL,
            outlet      TEXT,
            url         TEXT,
            published   TEXT,
            date_source TEXT NOT NULL,
            byline      TEXT,
            language    TEXT NOT NULL,
            ingested_at TEXT NOT NULL
        );
        CREATE TABLE article_paths (
            article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            path       TEXT NOT NULL,
            PRIMARY KEY (article_id, path)
        ) WITHOUT ROWID;
        CREATE INDEX article_paths_by_path ON article_paths(path);
        CREATE TABLE skipped_inputs (
            path    TEXT PRIMARY KEY,
            reason  TEXT NOT NULL,
            seen_at TEXT NOT NULL
        ) WITHOUT ROWID;
        CREATE VIRTUAL TABLE articles_fts USING fts5(
            title, text, content='articles', content_rowid='rowid',
            tokenize='porter unicode61 remove_diacritics 2'
        );
        CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN
            INSERT INTO articles_fts(rowid, title, text) VALUES (new.rowid, new.title, new.text);
        END;
        CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
            INSERT INTO articles_fts(articles_fts, rowid, title, text)
            VALUES ('delete', old.rowid, old.title, old.text);
        END;
        CREATE TRIGGER articles_fts_update AFTER UPDATE OF title, text ON articles BEGIN
            INSERT INTO articles_fts(articles_fts, rowid, title, text)
            VALUES ('delete', old.rowid, old.title, old.text);
            INSERT INTO articles_fts(rowid, title, text) VALUES (new.rowid, new.title, new.text);
        END;
        """,
    ),
    Migration(
        2,
        "embedding cache keyed by model and sentence hash",
        """
        CREATE TABLE vectors (
            model  TEXT NOT NULL,
            key    TEXT NOT NULL,
            vector BLOB NOT NULL,
            PRIMARY KEY (model, key)
        ) WITHOUT ROWID;
        """,
    ),
    Migration(
        3,
        "events and stories",
        """
        CREATE TABLE stories (
            id    TEXT PRIMARY KEY,
            label TEXT NOT NULL
        ) WITHOUT ROWID;
        CREATE TABLE events (
            id       TEXT PRIMARY KEY,
            label    TEXT NOT NULL,
            start    TEXT,
            end      TEXT,
            story_id TEXT REFERENCES stories(id) ON DELETE SET NULL,
            position INTEGER NOT NULL DEFAULT 0
        ) WITHOUT ROWID;
        CREATE TABLE event_articles (
            event_id   TEXT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
            article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            position   INTEGER NOT NULL,
            PRIMARY KEY (event_id, article_id)
        ) WITHOUT ROWID;
        CREATE INDEX event_articles_by_article ON event_articles(article_id);
        """,
    ),
)

MIGRATIONS += (
    Migration(
        4,
        "lineage: groups of articles from one report, links between articles, credits",
        """
        CREATE TABLE lineage_groups (
            id            TEXT PRIMARY KEY,
            event_id      TEXT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
            origin        TEXT REFERENCES articles(id) ON DELETE SET NULL,
            origin_reason TEXT NOT NULL,
            credited      TEXT NOT NULL
        ) WITHOUT ROWID;
        CREATE INDEX lineage_groups_by_event ON lineage_groups(event_id);
        CREATE TABLE lineage_members (
            group_id   TEXT NOT NULL REFERENCES lineage_groups(id) ON DELETE CASCADE,
            article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            position   INTEGER NOT NULL,
            PRIMARY KEY (group_id, article_id)
        ) WITHOUT ROWID;
        CREATE TABLE article_links (
            a           TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            b           TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            relation    TEXT NOT NULL,
            aligned     INTEGER NOT NULL,
            share       REAL NOT NULL,
            in_order    REAL NOT NULL,
            containment REAL NOT NULL,
            PRIMARY KEY (a, b)
        ) WITHOUT ROWID;
        CREATE TABLE credits (
            article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            outlet     TEXT NOT NULL,
            start      INTEGER NOT NULL,
            end        INTEGER NOT NULL,
            form       TEXT NOT NULL,
            PRIMARY KEY (article_id, start)
        ) WITHOUT ROWID;
        """,
    ),
)

MIGRATIONS += (
    Migration(
        5,
        "event history: how each article founded, joined or merged events",
        """
        CREATE TABLE event_changes (
            seq            INTEGER NOT NULL,
            kind           TEXT NOT NULL,
            event_id       TEXT NOT NULL,
            article_id     TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            other_event_id TEXT,
            day            TEXT,
            PRIMARY KEY (seq, kind, event_id)
        ) WITHOUT ROWID;
        CREATE INDEX event_changes_by_event ON event_changes(event_id);
        """,
    ),
)

MIGRATIONS += (
    Migration(
        6,
        "extraction cache: what parsing found per article, keyed by extractor version",
        """
        CREATE TABLE extractions (
            article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            version    TEXT NOT NULL,
            payload    TEXT NOT NULL,
            PRIMARY KEY (article_id, version)
        ) WITHOUT ROWID;
        """,
    ),
)

MIGRATIONS += (
    Migration(
        7,
        "the online grouper's saved state, so analysing again only places new articles",
        """
        CREATE TABLE grouper_state (
            id       INTEGER PRIMARY KEY CHECK (id = 1),
            state    BLOB NOT NULL,
            saved_at TEXT NOT NULL
        );
        """,
    ),
)


MIGRATIONS += (
    Migration(
        8,
        "live sources: feed subscriptions and watched folders, and the files already read",
        """
        CREATE TABLE sources (
            id               TEXT PRIMARY KEY,
            kind             TEXT NOT NULL,
            location         TEXT NOT NULL,
            interval_seconds INTEGER NOT NULL,
            next_poll        TEXT NOT NULL,
            added            TEXT NOT NULL,
            etag             TEXT,
            last_modified    TEXT,
            failures         INTEGER NOT NULL DEFAULT 0,
            last_polled      TEXT,
            last_status      TEXT NOT NULL,
            articles         INTEGER NOT NULL DEFAULT 0
        );
        CREATE TABLE source_files (
            source_id TEXT NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
            path      TEXT NOT NULL,
            size      INTEGER NOT NULL,
            mtime_ns  INTEGER NOT NULL,
            PRIMARY KEY (source_id, path)
        ) WITHOUT ROWID;
        """,
    ),
)

MIGRATIONS += (
    Migration(
        9,
        "event history by the event merged away, so one event's history is an index lookup",
        "CREATE INDEX event_changes_by_other ON event_changes(other_event_id);",
    ),
)

MIGRATIONS += (
    Migration(
        10,
        "a grouping version, bumped with every regrouping, so caches can tell cheaply",
        """
        CREATE TABLE grouping_version (
            id      INTEGER PRIMARY KEY CHECK (id = 1),
            version INTEGER NOT NULL
        );
        INSERT INTO grouping_version (id, version) VALUES (1, 0);
        """,
    ),
)

MIGRATIONS += (
    Migration(
        11,
        "event history keyed by arrival and step: one article can merge several events",
        """
        CREATE TABLE event_changes_by_step (
            seq            INTEGER NOT NULL,
            step           INTEGER NOT NULL,
            kind           TEXT NOT NULL,
            event_id       TEXT NOT NULL,
            article_id     TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            other_event_id TEXT,
            day            TEXT,
            PRIMARY KEY (seq, step)
        ) WITHOUT ROWID;
        INSERT INTO event_changes_by_step
            SELECT seq, row_number() OVER (PARTITION BY seq ORDER BY kind) - 1,
                   kind, event_id, article_id, other_event_id, day
            FROM event_changes;
        DROP TABLE event_changes;
        ALTER TABLE event_changes_by_step RENAME TO event_changes;
        CREATE INDEX event_changes_by_event ON event_changes(event_id);
        CREATE INDEX event_changes_by_other ON event_changes(other_event_id);
        """,
    ),
)

MIGRATIONS += (
    Migration(
        12,
        "sentence keys per article (repeated sentences across events), the lineage version, "
        "links found by either end",
        """
        CREATE TABLE sentence_keys (
            key        INTEGER NOT NULL,
            article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            PRIMARY KEY (key, article_id)
        ) WITHOUT ROWID;
        CREATE INDEX sentence_keys_by_article ON sentence_keys(article_id);
        CREATE INDEX article_links_by_b ON article_links(b);
        CREATE TABLE lineage_state (
            id      INTEGER PRIMARY KEY CHECK (id = 1),
            version TEXT NOT NULL
        );
        """,
    ),
    Migration(
        13,
        "the full-text index's vocabulary, to find other spellings of a searched name",
        """
        CREATE VIRTUAL TABLE articles_vocab USING fts5vocab(articles_fts, 'row');
        """,
    ),
)
