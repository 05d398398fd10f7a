"""SQL of forgetting: masking a term in every text cell of the archive, deleting an author's
posts and relations, and finding the posts connected to an author (see
:mod:`safe_archive.core.review.forget` for the rules)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Sequence
from typing import Any

from safe_archive.core.redaction.canonical import PREFIXES, may_be_disguised, term_words
from safe_archive.core.redaction.terms import TermMatcher, prefilter_words
from safe_archive.core.store.db import Connection

MASK = "█"
_JSON_COLUMNS = {("posts", "metadata"), ("policies", "body"), ("audit_log", "details")}
_SKIP_TABLES = {"schema_migrations"}
# Where a mask limited to some posts applies: the posts' own text and metadata, and the rows that
# belong to them. The posts' author columns stay (the replier's own name is not the forgotten one).
_POST_SCOPED = {
    "posts": ("id", ("text", "redacted_text", "edited_text", "metadata")),
    "findings": ("post_id", ("term",)),
    "post_notes": ("post_id", ("body",)),
    "post_tags": ("post_id", ("tag",)),
}
_CHUNK = 500

def _mask_text(value: str, matcher: TermMatcher[None]) -> str:
    hits = matcher.find(value)
    if not hits:
        return value
    chars = list(value)
    for m in hits:
        # a leading @ or # stays (it tells nothing), as the term's own characters go
        for k in range(m.start + (value[m.start] in PREFIXES), m.end):
            chars[k] = MASK
    return "".join(chars)


def _mask_value(value: Any, pattern: TermMatcher[None]) -> Any:
    if isinstance(value, str):
        return _mask_text(value, pattern)
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


def _targets(conn: Connection, post_ids: Sequence[int] | None) -> Iterator[tuple[str, str, str, list[Any]]]:
    """(table, column, extra WHERE, parameters) for every cell a mask may touch: every text
    column of every table, or only the cells that belong to ``post_ids``."""
    if post_ids is None:
        for table, cols in _text_columns(conn):
            for col in cols:
                yield table, col, "", []
        return
    ids = sorted(set(int(i) for i in post_ids))
    for table, (key, scoped) in _POST_SCOPED.items():
        for start in range(0, len(ids), _CHUNK):
            chunk = ids[start : start + _CHUNK]
            for col in scoped:
                yield table, col, f' AND "{key}" IN ({",".join("?" * len(chunk))})', list(chunk)


def mask_everywhere(conn: Connection, term: str, post_ids: Sequence[int] | None = None) -> int:
    """Mask ``term`` in every text cell (inside the caller's transaction); returns cells changed.
    With ``post_ids``, only in those posts (text, redacted and edited text, metadata) and in
    their findings, notes and tags."""
    pattern: TermMatcher[None] = TermMatcher([(term, None)])
    words = term_words(term)
    if not pattern or not words:
        return 0
    conn.create_function("sa_may_hide", 1, _may_hide, deterministic=True)
    # A pre-filter in SQL, the matcher decides: cells holding one of the term's words, or them
    # run together, or every word of one of prefilter_words' sets (a one-word term "janedoe" is
    # also written "Jane Doe" or "jane_doe"), or text a term may hide in.
    sets = list(dict.fromkeys([(w,) for w in sorted({*words, "".join(words)})] + prefilter_words(term)))
    sets = [ws for ws in sets if all(w.isascii() for w in ws)]
    where = " OR ".join(
        ["(" + " AND ".join([f'"{{col}}" LIKE ? ESCAPE ?'] * len(ws)) + ")" for ws in sets] + ['sa_may_hide("{col}")']
    )
    like_params: list[Any] = [p for ws in sets for w in ws for p in (f"%{_like(w)}%", "\\")]
    if not all(w.isascii() for w in words):
        where, like_params = '"{col}" IS NOT NULL', []
    changed = 0
    for table, col, scope, params in _targets(conn, post_ids):
        sql = f'SELECT rowid, "{col}" FROM "{table}" WHERE ({where.format(col=col)}){scope}'
        rows = conn.execute(sql, [*like_params, *params]).fetchall()
        for rowid, value in rows:
            if not isinstance(value, str) or not pattern.find(value):
                continue
            if (table, col) in _JSON_COLUMNS:
                try:
                    new = json.dumps(_mask_value(json.loads(value), pattern), ensure_ascii=False, separators=(",", ":"))
                except ValueError:
                    new = _mask_value(value, pattern)
                if pattern.find(new):  # e.g. a JSON-escaped form: mask the raw text too
                    new = _mask_value(new, pattern)
            else:
                new = _mask_value(value, pattern)
            if table == "term_lists":
                conn.execute('DELETE FROM term_lists WHERE rowid = ?', (rowid,))
            else:
                conn.execute(f'UPDATE "{table}" SET "{col}" = ? WHERE rowid = ?', (new, rowid))
            changed += 1
    return changed


def _may_hide(value: object) -> bool:
    return isinstance(value, str) and may_be_disguised(value)


def _like(term: str) -> str:
    return term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")  # a LIKE pre-filter


def delete_relations(conn: Connection, handle: str) -> int:
    """Delete (before the author's posts go) the relations the author made — by handle, or
    by an id the author's posts carry on the same platform — and the relations pointing at
    the author's posts. Masking alone would leave when and what the author liked or shared,
    and counts on posts that are gone."""
    before = conn.total_changes
    conn.execute("DELETE FROM relations WHERE actor_handle = ? COLLATE NOCASE", (handle,))
    actors = conn.execute(
        "SELECT DISTINCT platform, author_id FROM posts WHERE author_handle = ? COLLATE NOCASE "
        "AND author_id IS NOT NULL", (handle,)).fetchall()
    conn.executemany("DELETE FROM relations WHERE actor_id = ? AND platform = ?",
                     [(str(a), str(p)) for p, a in actors])
    posts = conn.execute("SELECT platform, source_id FROM posts WHERE author_handle = ? COLLATE NOCASE",
                         (handle,)).fetchall()
    conn.executemany("DELETE FROM relations WHERE platform = ? AND subject = ?",
                     [(str(p), str(sid)) for p, sid in posts])
    return int(conn.total_changes - before)

def names_and_related(conn: Connection, handle: str, author_ids: Sequence[str]) -> tuple[set[str], list[int]]:
    """The author's display names, and the other posts connected to the author (replies to
    the author's posts, posts mentioning the handle or ids in metadata or as @handle)."""
    names = {str(r[0]).strip() for r in conn.execute(
        "SELECT DISTINCT author_name FROM posts WHERE author_handle = ? COLLATE NOCASE AND author_name IS NOT NULL",
        (handle,)) if str(r[0]).strip()}
    related: set[int] = set()
    id_set = {i.casefold() for i in author_ids}
    for pid, m_handle, m_name, m_id in conn.execute(
        "SELECT posts.id, json_extract(m.value, '$.handle'), json_extract(m.value, '$.name'), "
        "json_extract(m.value, '$.id') FROM posts, json_each(posts.metadata, '$.mentions') AS m "
        "WHERE json_valid(posts.metadata) AND posts.metadata LIKE '%\"mentions\"%'"
    ):
        by_handle = m_handle is not None and str(m_handle).lstrip("@").casefold() == handle.casefold()
        by_id = m_id is not None and str(m_id).casefold() in id_set
        if by_handle or by_id:
            related.add(int(pid))
            if m_name is not None and str(m_name).strip():
                names.add(str(m_name).strip())
    sources: dict[str, list[str]] = {}
    for platform, source_id in conn.execute(
        "SELECT platform, source_id FROM posts WHERE author_handle = ? COLLATE NOCASE", (handle,)
    ):
        sources.setdefault(str(platform), []).append(str(source_id))
    for platform, source_ids in sources.items():  # replies on the same platform
        for start in range(0, len(source_ids), _CHUNK):
            chunk = source_ids[start : start + _CHUNK]
            related.update(int(r[0]) for r in conn.execute(
                f"SELECT id FROM posts WHERE platform = ? AND reply_to IN ({','.join('?' * len(chunk))})",
                [platform, *chunk]))
    at = re.compile(r"(?<![\w@])@" + re.escape(handle) + r"(?!\w)", re.IGNORECASE)
    for pid, text in conn.execute(
        "SELECT id, text FROM posts WHERE text LIKE ? ESCAPE '\\'", (f"%@{_like(handle)}%",)
    ):
        if at.search(str(text)):
            related.add(int(pid))
    return names, sorted(related)



def author_ids(conn: Connection, handle: str) -> list[str]:
    """The platform ids the author's posts carry."""
    return [str(r[0]) for r in conn.execute(
        "SELECT DISTINCT author_id FROM posts WHERE author_handle = ? COLLATE NOCASE AND author_id IS NOT NULL",
        (handle,))]


def delete_posts_by(conn: Connection, handle: str) -> int:
    """Delete the author's posts (their findings, labels, tags and notes go with them)."""
    return int(conn.execute("DELETE FROM posts WHERE author_handle = ? COLLATE NOCASE", (handle,)).rowcount)


def still_stored(conn: Connection, post_ids: Sequence[int]) -> list[int]:
    return [pid for pid in post_ids if conn.execute("SELECT 1 FROM posts WHERE id = ?", (pid,)).fetchone()]
