"""The archive schema as ordered, transactional migrations recorded in the database."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timezone

from safe_archive.core.store.db import Connection

# Each migration is (version, description, SQL). Append only; never edit a released one.
MIGRATIONS: list[tuple[int, str, str]] = [
    (
        1,
        "posts, batches, findings, decisions, collections, audit, FTS",
        """
        CREATE TABLE settings (
            key TEXT PRIMARY KEY,
            value TEXT NOT NULL
        );
        CREATE TABLE import_batches (
            id INTEGER PRIMARY KEY,
            started_at TEXT NOT NULL,
            finished_at TEXT,
            source_name TEXT NOT NULL,       -- base name of the file, for the user's own reference
            format TEXT NOT NULL,
            status TEXT NOT NULL DEFAULT 'running',  -- running | done | cancelled | failed
            imported INTEGER NOT NULL DEFAULT 0,
            duplicates INTEGER NOT NULL DEFAULT 0,
            skipped INTEGER NOT NULL DEFAULT 0,
            excluded INTEGER NOT NULL DEFAULT 0
        );
        CREATE TABLE posts (
            id INTEGER PRIMARY KEY,
            platform TEXT NOT NULL,
            source_id TEXT NOT NULL,
            author_handle TEXT,
            author_name TEXT,
            author_id TEXT,
            created_at TEXT,                 -- ISO 8601 UTC, 'YYYY-MM-DDTHH:MM:SSZ'
            text TEXT NOT NULL,              -- the original (kept encrypted)
            redacted_text TEXT,              -- NULL until scrubbed
            edited_text TEXT,                -- a paraphrase stored beside the original
            lang TEXT,
            visibility TEXT NOT NULL DEFAULT 'unknown',
            kind TEXT NOT NULL DEFAULT 'post',
            reply_to TEXT,
            metadata TEXT NOT NULL DEFAULT '{}',
            batch_id INTEGER REFERENCES import_batches(id),
            review_status TEXT NOT NULL DEFAULT 'unreviewed',  -- unreviewed | reviewed
            scrubbed_policy INTEGER,         -- policy version the redacted text came from
            UNIQUE (platform, source_id)
        );
        CREATE INDEX posts_created ON posts(created_at);
        CREATE INDEX posts_author ON posts(author_handle COLLATE NOCASE);
        CREATE INDEX posts_batch ON posts(batch_id);
        CREATE INDEX posts_unscrubbed ON posts(scrubbed_policy);

        CREATE TABLE findings (
            id INTEGER PRIMARY KEY,
            post_id INTEGER NOT NULL REFERENCES posts(id) ON DELETE CASCADE,
            start INTEGER NOT NULL,
            end INTEGER NOT NULL,
            entity_type TEXT NOT NULL,
            score REAL NOT NULL,
            source TEXT NOT NULL,            -- recognizer / rule / 'manual' / 'propagated'
            term TEXT NOT NULL,              -- matched text, normalised
            status TEXT NOT NULL DEFAULT 'pending',  -- pending | accepted | rejected | manual
            label TEXT,                      -- pseudonym label, e.g. PERSON_3
            policy_version INTEGER,
            decided_at TEXT
        );
        CREATE INDEX findings_post ON findings(post_id);
        CREATE INDEX findings_term ON findings(term, entity_type);
        CREATE INDEX findings_status ON findings(status);

        CREATE TABLE pseudonyms (
            term_key BLOB NOT NULL,          -- keyed hash of (entity type, normalised term)
            entity_type TEXT NOT NULL,
            number INTEGER NOT NULL,
            PRIMARY KEY (term_key, entity_type)
        );
        CREATE TABLE term_lists (
            term TEXT NOT NULL,
            entity_type TEXT,
            list TEXT NOT NULL,              -- always | never
            created_at TEXT NOT NULL,
            PRIMARY KEY (term, list)
        );
        CREATE TABLE policies (
            version INTEGER PRIMARY KEY,
            created_at TEXT NOT NULL,
            body TEXT NOT NULL               -- JSON
        );
        CREATE TABLE post_labels (
            post_id INTEGER NOT NULL REFERENCES posts(id) ON DELETE CASCADE,
            label TEXT NOT NULL,
            value TEXT,
            PRIMARY KEY (post_id, label)
        );
        CREATE TABLE post_tags (
            post_id INTEGER NOT NULL REFERENCES posts(id) ON DELETE CASCADE,
            tag TEXT NOT NULL,
            PRIMARY KEY (post_id, tag)
        );
        CREATE TABLE post_notes (
            id INTEGER PRIMARY KEY,
            post_id INTEGER NOT NULL REFERENCES posts(id) ON DELETE CASCADE,
            created_at TEXT NOT NULL,
            body TEXT NOT NULL
        );
        CREATE TABLE collections (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE,
            kind TEXT NOT NULL DEFAULT 'static',  -- static | dynamic
            query TEXT,
            created_at TEXT NOT NULL
        );
        CREATE TABLE collection_posts (
            collection_id INTEGER NOT NULL REFERENCES collections(id) ON DELETE CASCADE,
            post_id INTEGER NOT NULL REFERENCES posts(id) ON DELETE CASCADE,
            PRIMARY KEY (collection_id, post_id)
        );
        CREATE TABLE saved_searches (
            name TEXT PRIMARY KEY,
            query TEXT NOT NULL,
            created_at TEXT NOT NULL
        );
        CREATE TABLE audit_log (
            id INTEGER PRIMARY KEY,
            at TEXT NOT NULL,
            os_user TEXT NOT NULL,
            action TEXT NOT NULL,
            details TEXT NOT NULL DEFAULT '{}'  -- JSON, free of identifiers
        );

        CREATE VIRTUAL TABLE posts_fts USING fts5(
            text, redacted_text,
            content='posts', content_rowid='id',
            tokenize='unicode61 remove_diacritics 2'
        );
        INSERT INTO posts_fts(posts_fts, rank) VALUES ('secure-delete', 1);
        -- New posts are indexed per batch by posts.insert_posts (one INSERT … SELECT, ~2x
        -- faster than a per-row trigger); updates and deletes keep the index in step here.
        CREATE TRIGGER posts_ad AFTER DELETE ON posts BEGIN
            INSERT INTO posts_fts(posts_fts, rowid, text, redacted_text)
            VALUES ('delete', old.id, old.text, coalesce(old.redacted_text, ''));
        END;
        CREATE TRIGGER posts_au AFTER UPDATE OF text, redacted_text ON posts BEGIN
            INSERT INTO posts_fts(posts_fts, rowid, text, redacted_text)
            VALUES ('delete', old.id, old.text, coalesce(old.redacted_text, ''));
            INSERT INTO posts_fts(rowid, text, redacted_text)
            VALUES (new.id, new.text, coalesce(new.redacted_text, ''));
        END;
        """,
    ),
    (
        2,
        "indexes for search filters (tags, labels, entity types, platform, language)",
        """
        CREATE INDEX post_tags_tag ON post_tags(tag, post_id);
        CREATE INDEX post_labels_label ON post_labels(label, post_id);
        CREATE INDEX findings_type_post ON findings(entity_type, post_id);
        CREATE INDEX posts_platform ON posts(platform);
        CREATE INDEX posts_lang ON posts(lang);
        CREATE INDEX collection_posts_post ON collection_posts(post_id);
        """,
    ),
    (
        3,
        "import batches: status 'interrupted' and the batch that finished an interrupted import",
        """
        -- status gains 'interrupted': a batch still 'running' when the archive is next opened
        -- (the importing process died); set by Archive.open, never by SQL here. resumed_by is
        -- the later batch that imported the same file to the end.
        ALTER TABLE import_batches ADD COLUMN resumed_by INTEGER REFERENCES import_batches(id);
        """,
    ),
    (
        4,
        "findings: index (status, post_id) instead of (status)",
        """
        -- With an index on status alone, SQLite answered "this post's pending findings" (the
        -- scrubber replaces them for every post it stores), "the next post needing review" and
        -- the has-pending search filter by walking every pending finding in the archive: the
        -- scrub of an archive slowed down as it filled (52 posts/s at 100,000 posts). With
        -- (status, post_id) each is a direct look-up.
        DROP INDEX IF EXISTS findings_status;
        CREATE INDEX findings_status_post ON findings(status, post_id);
        """,
    ),
    (
        5,
        "relations: reposts, likes and boosts stored beside the posts they point to",
        """
        -- A repost or like is a relation to another post, not a post: stored as one here it
        -- is shown as a count on the post it points to, never as an empty row (issue 17).
        CREATE TABLE relations (
            id INTEGER PRIMARY KEY,
            platform TEXT NOT NULL,
            source_id TEXT NOT NULL,         -- the relation's own id (record URI, activity id)
            kind TEXT NOT NULL,              -- repost | like | boost
            subject TEXT NOT NULL,           -- source_id of the post it points to
            actor_id TEXT,
            actor_handle TEXT,
            created_at TEXT,
            batch_id INTEGER REFERENCES import_batches(id),
            UNIQUE (platform, source_id)
        );
        CREATE INDEX relations_subject ON relations(platform, subject, kind);
        CREATE INDEX relations_actor ON relations(actor_id);
        -- Earlier versions stored Bluesky reposts and Mastodon boosts as empty posts: move them.
        INSERT OR IGNORE INTO relations(platform, source_id, kind, subject, actor_id, actor_handle, created_at, batch_id)
            SELECT platform, source_id, CASE WHEN platform = 'mastodon' THEN 'boost' ELSE 'repost' END,
                   coalesce(json_extract(metadata, '$.extra.repost_of'), json_extract(metadata, '$.extra.boost_of')),
                   author_id, author_handle, created_at, batch_id
            FROM posts
            WHERE kind = 'repost' AND text = '' AND json_valid(metadata)
              AND coalesce(json_extract(metadata, '$.extra.repost_of'), json_extract(metadata, '$.extra.boost_of')) IS NOT NULL;
        DELETE FROM posts WHERE kind = 'repost' AND text = '' AND json_valid(metadata)
              AND coalesce(json_extract(metadata, '$.extra.repost_of'), json_extract(metadata, '$.extra.boost_of')) IS NOT NULL;
        """,
    ),
    (
        6,
        "search in scripts without spaces (bigram index posts_fts_cjk); language tags in BCP 47 case",
        """
        -- unicode61 reads a run of Chinese/Japanese/Thai as one token, so "性侵" found nothing
        -- in "我被性侵了". Runs of those scripts are also indexed as character bigrams
        -- (core/query/segment.py; script_grams and has_script are SQL functions registered
        -- on every connection). Contentless: the text is in posts; only the grams are here.
        CREATE VIRTUAL TABLE posts_fts_cjk USING fts5(
            text, redacted_text,
            content='', contentless_delete=1,
            tokenize='unicode61 remove_diacritics 0'
        );
        INSERT INTO posts_fts_cjk(posts_fts_cjk, rank) VALUES ('secure-delete', 1);
        INSERT INTO posts_fts_cjk(rowid, text, redacted_text)
            SELECT id, script_grams(text), script_grams(coalesce(redacted_text, '')) FROM posts
            WHERE has_script(text) OR has_script(redacted_text);
        DROP TRIGGER posts_ad;
        CREATE TRIGGER posts_ad AFTER DELETE ON posts BEGIN
            INSERT INTO posts_fts(posts_fts, rowid, text, redacted_text)
            VALUES ('delete', old.id, old.text, coalesce(old.redacted_text, ''));
            DELETE FROM posts_fts_cjk WHERE rowid = old.id AND (has_script(old.text) OR has_script(old.redacted_text));
        END;
        DROP TRIGGER posts_au;
        CREATE TRIGGER posts_au AFTER UPDATE OF text, redacted_text ON posts BEGIN
            INSERT INTO posts_fts(posts_fts, rowid, text, redacted_text)
            VALUES ('delete', old.id, old.text, coalesce(old.redacted_text, ''));
            INSERT INTO posts_fts(rowid, text, redacted_text)
            VALUES (new.id, new.text, coalesce(new.redacted_text, ''));
            DELETE FROM posts_fts_cjk WHERE rowid = old.id AND (has_script(old.text) OR has_script(old.redacted_text));
            INSERT INTO posts_fts_cjk(rowid, text, redacted_text)
            SELECT new.id, script_grams(new.text), script_grams(coalesce(new.redacted_text, ''))
            WHERE has_script(new.text) OR has_script(new.redacted_text);
        END;
        -- zh_Hans, zhCn … as zh-Hans, zh-CN, so lang:zh finds them (lang_tag: langtag.py)
        UPDATE posts SET lang = lang_tag(lang) WHERE lang IS NOT NULL AND lang IS NOT lang_tag(lang);
        """,
    ),
    (
        7,
        "bigram index: every character also indexed alone (one-character searches as exact tokens)",
        """
        -- Schema 6 indexed a run's last character alone and searched one character as a prefix
        -- of the bigrams: 84 ms per query at 10,000 Chinese posts. Rebuilt with script_grams'
        -- current output (bigrams, then each character).
        DELETE FROM posts_fts_cjk;
        INSERT INTO posts_fts_cjk(rowid, text, redacted_text)
            SELECT id, script_grams(text), script_grams(coalesce(redacted_text, '')) FROM posts
            WHERE has_script(text) OR has_script(redacted_text);
        """,
    ),
]

LATEST = MIGRATIONS[-1][0]


def current_version(conn: Connection) -> int:
    exists = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type='table' AND name='schema_migrations'"
    ).fetchone()
    if not exists:
        return 0
    row = conn.execute("SELECT max(version) FROM schema_migrations").fetchone()
    return int(row[0] or 0)


def migrate(conn: Connection, now: Callable[[], datetime] = lambda: datetime.now(timezone.utc)) -> int:
    """Apply pending migrations, each in its own transaction; returns the new version."""
    conn.execute(
        "CREATE TABLE IF NOT EXISTS schema_migrations ("
        "version INTEGER PRIMARY KEY, description TEXT NOT NULL, applied_at TEXT NOT NULL)"
    )
    version = current_version(conn)
    if version > LATEST:
        from safe_archive.core.errors import SafeArchiveError

        raise SafeArchiveError(
            f"This archive was written by a newer SafeArchive (schema {version}, this version "
            f"knows {LATEST}). Update SafeArchive to open it."
        )
    for number, description, sql in MIGRATIONS:
        if number <= version:
            continue
        conn.execute("BEGIN IMMEDIATE")
        try:
            for statement in _statements(sql):
                conn.execute(statement)
            conn.execute(
                "INSERT INTO schema_migrations(version, description, applied_at) VALUES (?, ?, ?)",
                (number, description, now().isoformat()),
            )
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        version = number
    # FTS5 secure-delete is a persistent table option; re-assert it (cheap, idempotent).
    conn.execute("INSERT INTO posts_fts(posts_fts, rank) VALUES ('secure-delete', 1)")
    conn.execute("INSERT INTO posts_fts_cjk(posts_fts_cjk, rank) VALUES ('secure-delete', 1)")
    return version


def _statements(sql: str) -> list[str]:
    """Split a migration script into statements (trigger bodies kept whole)."""
    import sqlcipher3

    statements: list[str] = []
    buffer = ""
    for line in sql.splitlines(keepends=True):
        buffer += line
        if sqlcipher3.complete_statement(buffer):
            if buffer.strip():
                statements.append(buffer.strip())
            buffer = ""
    if buffer.strip():
        statements.append(buffer.strip())
    return statements
