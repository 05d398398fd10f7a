"""Full-text search over the FTS5 index (bm25 ranking, snippets, pagination).

By default only the *redacted* text is searched, so a search never shows what an export
would hide; searching originals is an explicit choice. The query language (``author:``,
``has:PERSON``…) builds on :func:`fts_expression`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from safe_archive.core.archive.db import Connection, dbapi2
from safe_archive.core.errors import QueryError

_TOKEN = re.compile(r'"[^"]*"|\S+')
_WORD = re.compile(r"[\w']+\*?", re.UNICODE)


@dataclass(frozen=True, slots=True)
class SearchHit:
    post_id: int
    snippet: str  # keyword in context, from the searched column
    rank: float


@dataclass(frozen=True, slots=True)
class SearchPage:
    total: int
    hits: list[SearchHit] = field(default_factory=list)
    offset: int = 0
    limit: int = 20


def fts_expression(query: str) -> str:
    """Words, "phrases", OR, -not and prefix* as a safe FTS5 expression (no raw syntax)."""
    parts: list[str] = []
    negated: list[str] = []
    for raw in _TOKEN.findall(query):
        if raw == "OR":
            if parts and parts[-1] != "OR":
                parts.append("OR")
            continue
        negate = raw.startswith("-") and len(raw) > 1
        token = raw[1:] if negate else raw
        if token.startswith('"'):
            inner = token.strip('"').replace('"', "")
            words = _WORD.findall(inner)
            if not words:
                continue
            term = '"' + " ".join(w.rstrip("*") for w in words) + '"'
        else:
            words = _WORD.findall(token)
            if not words:
                continue
            if len(words) == 1:
                w = words[0]
                term = f'"{w.rstrip("*")}"' + ("*" if w.endswith("*") else "")
            else:  # "don't-stop" -> a phrase of its pieces
                term = '"' + " ".join(w.rstrip("*") for w in words) + '"'
        (negated if negate else parts).append(term)
    while parts and parts[-1] == "OR":
        parts.pop()
    if parts and parts[0] == "OR":
        parts.pop(0)
    if not parts:
        if negated:
            raise QueryError("A search needs at least one word that is not excluded with '-'.")
        raise QueryError("The search is empty: type at least one word.")
    expr = " ".join(parts)
    for term in negated:
        expr = f"({expr}) NOT {term}"
    return expr


def search(
    conn: Connection, query: str, *, limit: int = 20, offset: int = 0, original: bool = False
) -> SearchPage:
    if limit < 1 or offset < 0:
        raise QueryError("limit must be ≥ 1 and offset ≥ 0.")
    column = "text" if original else "redacted_text"
    match = f"{{{column}}} : ({fts_expression(query)})"
    col_index = 0 if original else 1
    try:
        total = conn.execute(
            "SELECT count(*) FROM posts_fts WHERE posts_fts MATCH ?", (match,)
        ).fetchone()[0]
        rows = conn.execute(
            f"SELECT rowid, snippet(posts_fts, {col_index}, '[', ']', '…', 12), rank "
            "FROM posts_fts WHERE posts_fts MATCH ? ORDER BY rank LIMIT ? OFFSET ?",
            (match, limit, offset),
        ).fetchall()
    except dbapi2.OperationalError as exc:
        raise QueryError("The search could not be run: the index rejected the query; simplify it.") from None
    return SearchPage(
        total=int(total),
        hits=[SearchHit(int(r[0]), str(r[1]), float(r[2])) for r in rows],
        offset=offset,
        limit=limit,
    )
