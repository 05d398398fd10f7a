"""SQL of the scrub service: which posts wait for a scrub, what it reads of them, the findings
it stores, policy versions and the settings it keeps between runs."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from typing import Any

from safe_archive.core.store.db import Connection


def _marks(n: int) -> str:
    return ",".join("?" * n)


def set_setting(conn: Connection, key: str, value: Any) -> None:
    """A JSON setting, inside the caller's transaction."""
    conn.execute(
        "INSERT INTO settings(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        (key, json.dumps(value)),
    )


def delete_setting(conn: Connection, key: str) -> None:
    conn.execute("DELETE FROM settings WHERE key = ?", (key,))


def add_policy(conn: Connection, version: int, created_at: str, body: str) -> None:
    conn.execute("INSERT INTO policies(version, created_at, body) VALUES (?, ?, ?)", (version, created_at, body))


def posts_with_types(conn: Connection, entity_types: Sequence[str]) -> list[int]:
    """Posts with a finding of any of these entity types."""
    return [int(r[0]) for r in conn.execute(
        f"SELECT DISTINCT post_id FROM findings WHERE entity_type IN ({_marks(len(entity_types))})", list(entity_types))]


def pending_count(conn: Connection, detect_version: int) -> int:
    """Posts not scrubbed, or scrubbed before the detection settings last changed."""
    return int(conn.execute(
        "SELECT count(*) FROM posts WHERE scrubbed_policy IS NULL OR scrubbed_policy < ?", (detect_version,),
    ).fetchone()[0])


def pending_ids(conn: Connection, detect_version: int) -> list[int]:
    return [int(r[0]) for r in conn.execute(
        "SELECT id FROM posts WHERE scrubbed_policy IS NULL OR scrubbed_policy < ? ORDER BY id", (detect_version,))]


def mark_scrubbed(conn: Connection, post_ids: Sequence[int], detect_version: int) -> None:
    conn.execute(f"UPDATE posts SET scrubbed_policy = ? WHERE id IN ({_marks(len(post_ids))})",
                 [detect_version, *post_ids])


def fill_languages(conn: Connection, post_ids: Sequence[int], detect: Callable[[str], str | None]) -> int:
    """Give the posts among ``post_ids`` stored without a language (CSV, JSONL, stories, most
    exports) the one ``detect`` reads in their text; a language the file gave is kept. Returns
    how many were set."""
    rows = conn.execute(
        f"SELECT id, text FROM posts WHERE lang IS NULL AND id IN ({_marks(len(post_ids))})", list(post_ids),
    ).fetchall()
    found = [(lang, int(pid)) for pid, text in rows if (lang := detect(str(text))) is not None]
    if found:
        conn.executemany("UPDATE posts SET lang = ? WHERE id = ?", found)
    return len(found)


def inputs(conn: Connection, post_ids: Sequence[int]) -> dict[int, tuple[Any, ...]]:
    """id -> (id, text, author_handle, author_name, metadata)."""
    return {int(r[0]): tuple(r) for r in conn.execute(
        f"SELECT id, text, author_handle, author_name, metadata FROM posts WHERE id IN ({_marks(len(post_ids))})",
        list(post_ids))}


def confirmed_terms(conn: Connection) -> list[tuple[str, str]]:
    """(term, entity_type) of accepted and manual findings of three characters or more."""
    return [(str(t), str(e)) for t, e in conn.execute(
        "SELECT DISTINCT term, entity_type FROM findings WHERE status IN ('accepted', 'manual') AND length(term) >= 3")]


def always_terms(conn: Connection) -> list[tuple[str, str | None]]:
    return [(str(t), e) for t, e in conn.execute("SELECT term, entity_type FROM term_lists WHERE list = 'always'")]


def last_post_id(conn: Connection) -> int:
    return int(conn.execute("SELECT coalesce(max(id), 0) FROM posts").fetchone()[0])


def people_since(conn: Connection, after_id: int) -> list[tuple[Any, Any]]:
    """(handle, name) of authors and mentioned users of the posts after ``after_id``."""
    pairs = conn.execute(
        "SELECT DISTINCT author_handle, author_name FROM posts "
        "WHERE id > ? AND (author_handle IS NOT NULL OR author_name IS NOT NULL)", (after_id,)
    ).fetchall()
    pairs += conn.execute(
        "SELECT DISTINCT json_extract(m.value, '$.handle'), json_extract(m.value, '$.name') "
        "FROM posts, json_each(posts.metadata, '$.mentions') AS m "
        "WHERE posts.id > ? AND json_valid(posts.metadata)", (after_id,)
    ).fetchall()
    return [(r[0], r[1]) for r in pairs]


def drop_pending(conn: Connection, post_id: int) -> set[tuple[int, int, str]]:
    """Delete the post's undecided findings; returns (start, end, entity_type) of those left
    (reviewers' decisions and manual spans)."""
    conn.execute("DELETE FROM findings WHERE post_id = ? AND status = 'pending'", (post_id,))
    return {(int(s), int(e), str(t)) for s, e, t in conn.execute(
        "SELECT start, end, entity_type FROM findings WHERE post_id = ?", (post_id,))}


def insert_findings(conn: Connection, rows: Sequence[tuple[object, ...]]) -> None:
    """Rows of (post_id, start, end, entity_type, score, source, term, label, policy_version)."""
    conn.executemany(
        "INSERT INTO findings(post_id, start, end, entity_type, score, source, term, label, policy_version) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        rows,
    )
