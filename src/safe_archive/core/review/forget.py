"""Forget: remove an author's posts, or mask a term everywhere in the archive.

Masking replaces every whole-word, case-insensitive occurrence with as many █ as it has
characters (so stored finding offsets stay valid) in every text column of every table,
including JSON metadata, notes, tags, term lists and queries. The FTS index is updated through
its triggers with FTS5 ``secure-delete``; SQLite's ``secure_delete`` zeroes freed space; the
write-ahead log is checkpointed and truncated afterwards. The audit log keeps a keyed hash of
the term, never the term.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from safe_archive.core.archive import Archive
from safe_archive.core.archive.audit import record
from safe_archive.core.archive.db import Connection
from safe_archive.core.errors import SafeArchiveError
from safe_archive.core.review.hashing import keyed_hash

MASK = "█"
_JSON_COLUMNS = {("posts", "metadata"), ("policies", "body"), ("audit_log", "details")}
_SKIP_TABLES = {"schema_migrations"}


@dataclass(frozen=True, slots=True)
class ForgetResult:
    posts_deleted: int
    values_masked: int  # table cells changed
    term_hash: str


def _pattern(term: str) -> re.Pattern[str]:
    return re.compile(r"(?<!\w)" + re.escape(term) + r"(?!\w)", re.IGNORECASE)


def _mask_value(value: Any, pattern: re.Pattern[str]) -> Any:
    if isinstance(value, str):
        return pattern.sub(lambda m: MASK * len(m.group(0)), value)
    if isinstance(value, list):
        return [_mask_value(v, pattern) for v in value]
    if isinstance(value, dict):
        return {_mask_value(k, pattern): _mask_value(v, pattern) for k, v in value.items()}
    return value


def _text_columns(conn: Connection) -> list[tuple[str, list[str]]]:
    tables = [
        str(r[0]) for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
            "AND name NOT LIKE 'posts_fts%' AND sql NOT LIKE 'CREATE VIRTUAL%'"
        )
    ]
    out = []
    for table in tables:
        if table in _SKIP_TABLES:
            continue
        cols = [str(c[1]) for c in conn.execute(f'PRAGMA table_info("{table}")') if "TEXT" in str(c[2]).upper() or not c[2]]
        if cols:
            out.append((table, cols))
    return out


def mask_everywhere(conn: Connection, term: str) -> int:
    """Mask ``term`` in every text cell (inside the caller's transaction); returns cells changed."""
    pattern = _pattern(term)
    changed = 0
    for table, cols in _text_columns(conn):
        for col in cols:
            if term.isascii():
                sql = f'SELECT rowid, "{col}" FROM "{table}" WHERE "{col}" LIKE ? ESCAPE ?'
                rows = conn.execute(sql, (f"%{_like(term)}%", "\\")).fetchall()
            else:
                rows = conn.execute(f'SELECT rowid, "{col}" FROM "{table}" WHERE "{col}" IS NOT NULL').fetchall()
            for rowid, value in rows:
                if not isinstance(value, str) or not pattern.search(value):
                    continue
                if (table, col) in _JSON_COLUMNS:
                    try:
                        new = json.dumps(_mask_value(json.loads(value), pattern), ensure_ascii=False, separators=(",", ":"))
                    except ValueError:
                        new = _mask_value(value, pattern)
                    if pattern.search(new):  # e.g. a JSON-escaped form: mask the raw text too
                        new = _mask_value(new, pattern)
                else:
                    new = _mask_value(value, pattern)
                if table == "term_lists":
                    conn.execute('DELETE FROM term_lists WHERE rowid = ?', (rowid,))
                else:
                    conn.execute(f'UPDATE "{table}" SET "{col}" = ? WHERE rowid = ?', (new, rowid))
                changed += 1
    return changed


def _like(term: str) -> str:
    return term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")  # a LIKE pre-filter


class Forget:
    def __init__(self, archive: Archive) -> None:
        self.archive = archive

    def term(self, term: str) -> ForgetResult:
        """Mask ``term`` everywhere."""
        value = term.strip()
        if len(value) < 2:
            raise SafeArchiveError("The term to forget must have at least 2 characters.")
        digest = keyed_hash(self.archive, value)
        with self.archive.transaction("Forgetting a term") as conn:
            changed = mask_everywhere(conn, value)
            record(conn, self.archive.now, "forget.term", {"term_hash": digest, "cells_masked": changed})
        self._flush()
        return ForgetResult(0, changed, digest)

    def author(self, handle: str) -> ForgetResult:
        """Delete every post by ``handle`` (with its findings, labels, tags, notes) and mask the
        handle and the author's platform ids wherever else they appear."""
        value = handle.strip().lstrip("@")
        if len(value) < 2:
            raise SafeArchiveError("The handle to forget must have at least 2 characters.")
        digest = keyed_hash(self.archive, value)
        with self.archive.transaction("Forgetting an author") as conn:
            ids = [str(r[0]) for r in conn.execute(
                "SELECT DISTINCT author_id FROM posts WHERE author_handle = ? COLLATE NOCASE AND author_id IS NOT NULL",
                (value,))]
            deleted = conn.execute("DELETE FROM posts WHERE author_handle = ? COLLATE NOCASE", (value,)).rowcount
            changed = mask_everywhere(conn, value)
            for author_id in ids:
                if len(author_id) >= 4:
                    changed += mask_everywhere(conn, author_id)
            record(conn, self.archive.now, "forget.author",
                   {"term_hash": digest, "posts_deleted": deleted, "cells_masked": changed})
        self._flush()
        return ForgetResult(int(deleted), changed, digest)

    def _flush(self) -> None:
        # Move the changed pages out of the write-ahead log and truncate it.
        self.archive.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
