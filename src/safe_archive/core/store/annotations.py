"""SQL of what reviewers attach to posts: consent/handling labels, tags, notes; and of the
always/never term lists."""

from __future__ import annotations

from collections.abc import Iterable

from safe_archive.core.store.db import Connection


# ---------------------------------------------------------------------- labels
def labels(conn: Connection, post_id: int) -> list[tuple[str, str | None]]:
    return [(str(r[0]), r[1]) for r in conn.execute(
        "SELECT label, value FROM post_labels WHERE post_id = ? ORDER BY label", (post_id,)).fetchall()]


def drop_consent(conn: Connection, post_id: int) -> None:
    """Remove anonymize-me / credit-me (one consent label per post)."""
    conn.execute("DELETE FROM post_labels WHERE post_id = ? AND label IN ('anonymize-me', 'credit-me')", (post_id,))


def set_label(conn: Connection, post_id: int, name: str, value: str | None) -> None:
    conn.execute(
        "INSERT INTO post_labels(post_id, label, value) VALUES (?, ?, ?) "
        "ON CONFLICT(post_id, label) DO UPDATE SET value = excluded.value",
        (post_id, name, value),
    )


def remove_label(conn: Connection, post_ids: Iterable[int], name: str) -> None:
    for pid in post_ids:
        conn.execute("DELETE FROM post_labels WHERE post_id = ? AND label = ?", (pid, name))


# ---------------------------------------------------------------------- tags
def tags(conn: Connection, post_id: int) -> list[str]:
    return [str(r[0]) for r in conn.execute("SELECT tag FROM post_tags WHERE post_id = ? ORDER BY tag", (post_id,))]


def add_tag(conn: Connection, post_ids: Iterable[int], tag: str) -> None:
    for pid in post_ids:
        conn.execute("INSERT OR IGNORE INTO post_tags(post_id, tag) VALUES (?, ?)", (pid, tag))


def remove_tag(conn: Connection, post_ids: Iterable[int], tag: str) -> None:
    for pid in post_ids:
        conn.execute("DELETE FROM post_tags WHERE post_id = ? AND tag = ?", (pid, tag))


# ---------------------------------------------------------------------- notes
def notes(conn: Connection, post_id: int) -> list[tuple[int, str, str]]:
    """(id, created_at, body) in the order written."""
    return [(int(r[0]), str(r[1]), str(r[2])) for r in conn.execute(
        "SELECT id, created_at, body FROM post_notes WHERE post_id = ? ORDER BY id", (post_id,))]


def add_note(conn: Connection, post_id: int, created_at: str, body: str) -> int:
    cur = conn.execute("INSERT INTO post_notes(post_id, created_at, body) VALUES (?, ?, ?)", (post_id, created_at, body))
    return int(cur.lastrowid or 0)


def delete_note(conn: Connection, note_id: int) -> int:
    """Notes deleted (0 or 1)."""
    return int(conn.execute("DELETE FROM post_notes WHERE id = ?", (note_id,)).rowcount)


# ---------------------------------------------------------------------- always/never term lists
def term_list(conn: Connection, which: str) -> list[tuple[str, str | None]]:
    return [(str(r[0]), r[1]) for r in conn.execute(
        "SELECT term, entity_type FROM term_lists WHERE list = ? ORDER BY term", (which,))]


def listed(conn: Connection, which: str) -> list[tuple[int, str]]:
    """(rowid, term) of a list, in whatever form each term was stored."""
    return [(int(r[0]), str(r[1])) for r in conn.execute(
        "SELECT rowid, term FROM term_lists WHERE list = ?", (which,)).fetchall()]


def delete_listed(conn: Connection, rowid: int) -> None:
    conn.execute("DELETE FROM term_lists WHERE rowid = ?", (rowid,))


def put_term(conn: Connection, term: str, entity_type: str | None, which: str, created_at: str) -> None:
    conn.execute(
        "INSERT INTO term_lists(term, entity_type, list, created_at) VALUES (?, ?, ?, ?) "
        "ON CONFLICT(term, list) DO UPDATE SET entity_type = excluded.entity_type",
        (term, entity_type, which, created_at),
    )


def add_never_if_absent(conn: Connection, term: str, created_at: str) -> bool:
    """Put ``term`` (as given) on the never list unless it is there; True if added."""
    if conn.execute("SELECT 1 FROM term_lists WHERE term = ? AND list = 'never'", (term,)).fetchone():
        return False
    conn.execute("INSERT INTO term_lists(term, entity_type, list, created_at) VALUES (?, NULL, 'never', ?)",
                 (term, created_at))
    return True


def remove_never(conn: Connection, term: str) -> None:
    conn.execute("DELETE FROM term_lists WHERE term = ? AND list = 'never'", (term,))
