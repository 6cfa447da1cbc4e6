-- The schema PostgreSQL stores had at version 2, as Storyline created it before the
-- one schema definition (src/storyline/store/schema.py). Test data for the upgrade.

        CREATE TABLE articles (
            seq         BIGINT GENERATED ALWAYS AS IDENTITY UNIQUE,
            id          TEXT COLLATE "C" PRIMARY KEY,
            title       TEXT NOT NULL,
            text        TEXT NOT NULL,
            path        TEXT COLLATE "C" NOT NULL,
            outlet      TEXT,
            url         TEXT,
            published   DATE,
            date_source TEXT NOT NULL,
            byline      TEXT,
            language    TEXT NOT NULL,
            ingested_at TIMESTAMPTZ NOT NULL,
            search      TSVECTOR GENERATED ALWAYS AS (
                setweight(to_tsvector('english', left(title, 2000)), 'A')
                || setweight(to_tsvector('english', left(text, 200000)), 'B')
            ) STORED
        );
        CREATE INDEX articles_search ON articles USING GIN (search);
        CREATE TABLE article_paths (
            article_id TEXT COLLATE "C" NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            path       TEXT COLLATE "C" NOT NULL,
            PRIMARY KEY (article_id, path)
        );
        CREATE INDEX article_paths_by_path ON article_paths(path);
        CREATE TABLE skipped_inputs (
            path    TEXT COLLATE "C" PRIMARY KEY,
            reason  TEXT NOT NULL,
            seen_at TIMESTAMPTZ NOT NULL
        );
        CREATE TABLE vectors (
            model  TEXT COLLATE "C" NOT NULL,
            key    TEXT COLLATE "C" NOT NULL,
            vector BYTEA NOT NULL,
            PRIMARY KEY (model, key)
        );
        CREATE TABLE stories (
            id    TEXT COLLATE "C" PRIMARY KEY,
            label TEXT NOT NULL
        );
        CREATE TABLE events (
            id       TEXT COLLATE "C" PRIMARY KEY,
            label    TEXT NOT NULL,
            start    DATE,
            "end"    DATE,
            story_id TEXT COLLATE "C" REFERENCES stories(id) ON DELETE SET NULL,
            position INTEGER NOT NULL DEFAULT 0
        );
        CREATE INDEX events_by_story ON events(story_id, position);
        CREATE TABLE event_articles (
            event_id   TEXT COLLATE "C" NOT NULL REFERENCES events(id) ON DELETE CASCADE,
            article_id TEXT COLLATE "C" NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            position   INTEGER NOT NULL,
            PRIMARY KEY (event_id, article_id)
        );
        CREATE INDEX event_articles_by_article ON event_articles(article_id);
        CREATE TABLE lineage_groups (
            id            TEXT COLLATE "C" PRIMARY KEY,
            event_id      TEXT COLLATE "C" NOT NULL REFERENCES events(id) ON DELETE CASCADE,
            origin        TEXT COLLATE "C" REFERENCES articles(id) ON DELETE SET NULL,
            origin_reason TEXT NOT NULL,
            credited      TEXT NOT NULL
        );
        CREATE INDEX lineage_groups_by_event ON lineage_groups(event_id);
        CREATE TABLE lineage_members (
            group_id   TEXT COLLATE "C" NOT NULL REFERENCES lineage_groups(id) ON DELETE CASCADE,
            article_id TEXT COLLATE "C" NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            position   INTEGER NOT NULL,
            PRIMARY KEY (group_id, article_id)
        );
        CREATE INDEX lineage_members_by_article ON lineage_members(article_id);
        CREATE TABLE article_links (
            a           TEXT COLLATE "C" NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            b           TEXT COLLATE "C" NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            relation    TEXT NOT NULL,
            aligned     INTEGER NOT NULL,
            share       DOUBLE PRECISION NOT NULL,
            in_order    DOUBLE PRECISION NOT NULL,
            containment DOUBLE PRECISION NOT NULL,
            PRIMARY KEY (a, b)
        );
        CREATE TABLE credits (
            article_id TEXT COLLATE "C" NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            outlet     TEXT NOT NULL,
            start      INTEGER NOT NULL,
            "end"      INTEGER NOT NULL,
            form       TEXT NOT NULL,
            PRIMARY KEY (article_id, start)
        );
        CREATE TABLE event_changes (
            seq            BIGINT NOT NULL,
            step           INTEGER NOT NULL,
            kind           TEXT NOT NULL,
            event_id       TEXT COLLATE "C" NOT NULL,
            article_id     TEXT COLLATE "C" NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            other_event_id TEXT COLLATE "C",
            day            DATE,
            PRIMARY KEY (seq, step)
        );
        CREATE INDEX event_changes_by_event ON event_changes(event_id);
        CREATE INDEX event_changes_by_other ON event_changes(other_event_id);
        CREATE TABLE extractions (
            article_id TEXT COLLATE "C" NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            version    TEXT COLLATE "C" NOT NULL,
            payload    TEXT NOT NULL,
            PRIMARY KEY (article_id, version)
        );
        CREATE TABLE grouper_state (
            id       INTEGER PRIMARY KEY CHECK (id = 1),
            state    BYTEA NOT NULL,
            saved_at TIMESTAMPTZ NOT NULL
        );
        CREATE TABLE sources (
            id               TEXT COLLATE "C" PRIMARY KEY,
            kind             TEXT NOT NULL,
            location         TEXT NOT NULL,
            interval_seconds INTEGER NOT NULL,
            next_poll        TIMESTAMPTZ NOT NULL,
            added            TIMESTAMPTZ NOT NULL,
            etag             TEXT,
            last_modified    TEXT,
            failures         INTEGER NOT NULL DEFAULT 0,
            last_polled      TIMESTAMPTZ,
            last_status      TEXT NOT NULL,
            articles         INTEGER NOT NULL DEFAULT 0
        );
        CREATE TABLE source_files (
            source_id TEXT COLLATE "C" NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
            path      TEXT COLLATE "C" NOT NULL,
            size      BIGINT NOT NULL,
            mtime_ns  BIGINT NOT NULL,
            PRIMARY KEY (source_id, path)
        );
        CREATE TABLE grouping_version (
            id      INTEGER PRIMARY KEY CHECK (id = 1),
            version BIGINT NOT NULL
        );
        INSERT INTO grouping_version (id, version) VALUES (1, 0);
        

        CREATE TABLE sentence_keys (
            key        BIGINT NOT NULL,
            article_id TEXT COLLATE "C" NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            PRIMARY KEY (key, article_id)
        );
        CREATE INDEX sentence_keys_by_article ON sentence_keys(article_id);
        CREATE INDEX article_links_by_b ON article_links(b);
        CREATE TABLE lineage_state (
            id      INTEGER PRIMARY KEY CHECK (id = 1),
            version TEXT NOT NULL
        );
        