"""Full-text search over the FTS5 index (bm25 ranking, snippets, counts, pagination).

By default only the *redacted* text is searched and shown, so a search never shows what an
export would hide; searching originals is an explicit choice (``original=True``). The query
language (words, "phrases", OR, -not, prefix*, ``author:``, ``has:PERSON``…) is parsed by
:mod:`safe_archive.core.query.query`; this module turns a parsed query into SQL built only
from placeholders and quoted FTS5 strings.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from safe_archive.core.store.db import Connection, dbapi2
from safe_archive.core.errors import QueryError
from safe_archive.core.query.query import Filter, ParsedQuery, Term, parse, parse_date

SNIPPET_TOKENS = 12
PLAIN_SNIPPET_CHARS = 160
# A snippet marks its hits with these (STX/ETX), not with brackets: redacted text is full of
# our stand-ins "[PERSON_10]", and "[老師][PERSON_10]" read as two stand-ins. Each front end
# draws them its own way (the GUI in bold on a highlight, the CLI with its own marker):
# :meth:`SearchHit.parts`.
HIT_START, HIT_END = "\x02", "\x03"
MAX_COLLECTION_DEPTH = 3
# Counting stops here ("10,000+"): an exact count of a word in half a million posts would
# cost more than the whole page.
COUNT_CAP = 10_000
# bm25 ranks every match, so it is used up to this many matches; larger result sets are
# shown newest-imported first (SearchPage.order says which) — refine the query to rank.
RANK_CAP = 2_000


@dataclass(frozen=True, slots=True)
class SearchHit:
    post_id: int
    snippet: str  # keyword in context, from the searched column, hits between HIT_START/HIT_END
    rank: float

    def parts(self) -> list[tuple[str, bool]]:
        """The snippet as (text, is a hit) pieces, markers removed."""
        return split_hits(self.snippet)

    def marked(self, start: str, end: str) -> str:
        """The snippet with each hit between ``start`` and ``end`` instead of the markers."""
        return mark_hits(self.snippet, start, end)


def split_hits(snippet: str) -> list[tuple[str, bool]]:
    """``snippet`` as (text, is a hit) pieces, the HIT_START/HIT_END markers removed (an
    unpaired one ends at the end of the snippet)."""
    out: list[tuple[str, bool]] = []
    pos, n = 0, len(snippet)
    while pos < n:
        a = snippet.find(HIT_START, pos)
        if a < 0:
            out.append((snippet[pos:], False))
            break
        if a > pos:
            out.append((snippet[pos:a], False))
        b = snippet.find(HIT_END, a + 1)
        b = n if b < 0 else b
        if b > a + 1:
            out.append((snippet[a + 1 : b], True))
        pos = b + 1
    return [(t.replace(HIT_END, ""), hit) for t, hit in out if t.replace(HIT_END, "")]


def mark_hits(snippet: str, start: str, end: str) -> str:
    """``snippet`` with each hit between ``start`` and ``end`` instead of the markers."""
    return "".join(start + t + end if hit else t for t, hit in split_hits(snippet))


@dataclass(frozen=True, slots=True)
class SearchPage:
    total: int  # matches, counted up to COUNT_CAP (see ``exact``)
    hits: list[SearchHit] = field(default_factory=list)
    offset: int = 0
    limit: int = 20
    exact: bool = True  # False: at least ``total`` posts match ("10,000+")
    order: str = "bm25"  # "bm25" (best first) | "newest" (too many matches to rank) | "date" (filters only,
    # or words in scripts without spaces mixed with other terms) | "script" (only such words: newest imported first)


def fts_expression(query: str) -> str:
    """Words, "phrases", OR, -not and prefix* as a safe FTS5 expression (no raw syntax)."""
    parsed = parse(query)
    if not parsed.has_text:
        raise QueryError("A search needs at least one word that is not excluded with '-'.")
    expr = parsed.fts_expression()
    for term in parsed.excluded:
        expr = f"({expr}) NOT {term.fts()}"
    return expr


def _iso_start(value: str, name: str, end: bool = False) -> str:
    start, stop = parse_date(value, name)
    return (stop if end else start).strftime("%Y-%m-%dT00:00:00Z")


def _filter_sql(conn: Connection, flt: Filter, original: bool, depth: int) -> tuple[str, list[object]]:
    """SQL for one filter; positive forms can use the indexes, negated ones treat NULL as no."""
    sql, params = _positive_sql(conn, flt, original, depth)
    if flt.negated:
        return f"NOT coalesce({sql}, 0)", params
    return sql, params


def _positive_sql(conn: Connection, flt: Filter, original: bool, depth: int) -> tuple[str, list[object]]:
    v = flt.value
    name = flt.field
    if name == "author":
        return "p.author_handle = ? COLLATE NOCASE", [v]
    if name == "platform":
        return "p.platform = ?", [v]
    if name == "lang":  # a language finds its regional and script variants: zh finds zh-CN, zh-Hans
        primary = v.replace("_", "-")
        like = primary.replace("\\", "").replace("%", "").replace("_", "") + "-%"
        return "(p.lang = ? COLLATE NOCASE OR p.lang LIKE ?)", [primary, like]
    if name == "before":
        return "p.created_at < ?", [_iso_start(v, name)]
    if name == "after":
        return "p.created_at >= ?", [_iso_start(v, name)]
    if name == "has":
        return (
            "EXISTS (SELECT 1 FROM findings fi WHERE fi.entity_type = ? AND fi.post_id = p.id "
            "AND fi.status != 'rejected')",
            [v],
        )
    if name == "status":
        if v in ("unreviewed", "reviewed"):
            return "p.review_status = ?", [v]
        if v == "pending":
            return "EXISTS (SELECT 1 FROM findings fi WHERE fi.post_id = p.id AND fi.status = 'pending')", []
        if v == "scrubbed":
            return "p.redacted_text IS NOT NULL", []
        return "p.redacted_text IS NULL", []
    if name == "label":
        if v == "anonymize-me":  # the default: every post not labelled credit-me
            return "p.id NOT IN (SELECT post_id FROM post_labels WHERE label = 'credit-me')", []
        return "p.id IN (SELECT post_id FROM post_labels WHERE label = ?)", [v]
    if name == "tag":
        return "p.id IN (SELECT post_id FROM post_tags WHERE tag = ?)", [v.lower()]
    if name == "collection":
        row = conn.execute("SELECT id, kind, query FROM collections WHERE name = ?", (v,)).fetchone()
        if row is None:
            raise QueryError("collection: no collection has that name (list them with `safe-archive collection list`).")
        if row[1] == "dynamic":
            if depth >= MAX_COLLECTION_DEPTH:
                raise QueryError("collection: dynamic collections nest too deeply (or refer to each other).")
            inner = parse(str(row[2] or ""))
            where, params = where_clause(conn, inner, original, depth + 1)
            return f"({where})", params  # the same conditions on the same post row
        return "p.id IN (SELECT post_id FROM collection_posts WHERE collection_id = ?)", [int(row[0])]
    raise QueryError(f"Unknown filter {name}:.")  # parse() already rejects these


# An excluded word is checked per candidate row (an FTS5 lookup by rowid), which is far cheaper
# than "a NOT b" when b is a common word: FTS5 would read b's whole doclist to rank.
_EXCLUDE = "NOT EXISTS (SELECT 1 FROM posts_fts fx WHERE fx.posts_fts MATCH ? AND fx.rowid = {rowid})"


def _term_sql(term: Term, column: str) -> tuple[str, list[object]]:
    """One term on ``posts p``: its words in ``posts_fts``, its no-space-script runs (Chinese,
    Japanese, Thai …) as bigram phrases in ``posts_fts_cjk``."""
    parts: list[str] = []
    params: list[object] = []
    if term.words:
        parts.append("p.id IN (SELECT rowid FROM posts_fts WHERE posts_fts MATCH ?)")
        params.append(f"{{{column}}} : ({term.fts()})")
    if term.runs:
        parts.append("p.id IN (SELECT rowid FROM posts_fts_cjk WHERE posts_fts_cjk MATCH ?)")
        params.append(f"{{{column}}} : ({term.script_fts()})")
    return "(" + " AND ".join(parts) + ")", params


def where_clause(conn: Connection, parsed: ParsedQuery, original: bool, depth: int = 0) -> tuple[str, list[object]]:
    """Conditions on ``posts p`` for the whole query (text as ``p.id IN (…)`` subqueries)."""
    column = "text" if original else "redacted_text"
    conds: list[str] = []
    params: list[object] = []
    if parsed.has_script:
        for group in parsed.groups:
            alternatives = [_term_sql(term, column) for term in group]
            conds.append("(" + " OR ".join(sql for sql, _ in alternatives) + ")")
            params.extend(p for _, ps in alternatives for p in ps)
        for term in parsed.excluded:
            sql, more = _term_sql(term, column)
            conds.append(f"NOT {sql}")
            params.extend(more)
    elif parsed.has_text:
        conds.append("p.id IN (SELECT rowid FROM posts_fts WHERE posts_fts MATCH ?)")
        params.append(f"{{{column}}} : ({parsed.fts_expression()})")
    for term in parsed.excluded if not parsed.has_script else ():
        conds.append(_EXCLUDE.format(rowid="p.id"))
        params.append(f"{{{column}}} : ({term.fts()})")
    for flt in parsed.filters:
        sql, fparams = _filter_sql(conn, flt, original, depth)
        conds.append(sql)
        params.extend(fparams)
    return (" AND ".join(conds) if conds else "1"), params


def _run(conn: Connection, sql: str, params: list[object]) -> list[tuple[object, ...]]:
    try:
        return list(conn.execute(sql, params).fetchall())
    except dbapi2.OperationalError:
        raise QueryError("The search could not be run: the index rejected the query; simplify it.") from None


def search(
    conn: Connection, query: str, *, limit: int = 20, offset: int = 0, original: bool = False
) -> SearchPage:
    """One page of hits: best first (bm25) for text queries with up to RANK_CAP matches,
    newest first beyond that, and newest first (by date) for filter-only queries."""
    if limit < 1 or offset < 0:
        raise QueryError("limit must be ≥ 1 and offset ≥ 0.")
    parsed = parse(query)
    column = "text" if original else "redacted_text"
    col_index = 0 if original else 1
    if parsed.has_script:
        return _script_search(conn, parsed, original, limit, offset)
    if parsed.has_text:
        match = f"{{{column}}} : ({parsed.fts_expression()})"
        excl = "".join(" AND " + _EXCLUDE.format(rowid="posts_fts.rowid") for _ in parsed.excluded)
        fparams: list[object] = [f"{{{column}}} : ({t.fts()})" for t in parsed.excluded]
        if parsed.filters:
            fwhere, more = where_clause(conn, ParsedQuery(filters=parsed.filters), original)
            fparams.extend(more)
            base = (f"FROM posts_fts JOIN posts p ON p.id = posts_fts.rowid WHERE posts_fts MATCH ?{excl} "
                    f"AND {fwhere}")
        else:
            base = f"FROM posts_fts WHERE posts_fts MATCH ?{excl}"
        counted = _run(conn, f"SELECT count(*) FROM (SELECT 1 {base} LIMIT {COUNT_CAP + 1})", [match, *fparams])[0][0]
        total = min(int(counted), COUNT_CAP)  # type: ignore[call-overload]
        order = "bm25" if counted <= RANK_CAP else "newest"  # type: ignore[operator]
        order_sql = "posts_fts.rank" if order == "bm25" else "posts_fts.rowid DESC"
        rows = _run(
            conn,
            f"SELECT posts_fts.rowid, snippet(posts_fts, {col_index}, char(2), char(3), '…', {SNIPPET_TOKENS}), "
            f"{'posts_fts.rank' if order == 'bm25' else '0.0'} {base} ORDER BY {order_sql} LIMIT ? OFFSET ?",
            [match, *fparams, limit, offset],
        )
    else:
        where, params = where_clause(conn, parsed, original)
        counted = _run(conn, f"SELECT count(*) FROM (SELECT 1 FROM posts p WHERE {where} LIMIT {COUNT_CAP + 1})", params)[0][0]
        total = min(int(counted), COUNT_CAP)  # type: ignore[call-overload]
        order = "date"
        rows = _run(
            conn,
            f"SELECT p.id, substr(coalesce(p.{column}, ''), 1, {PLAIN_SNIPPET_CHARS}), 0.0 FROM posts p "
            f"WHERE {where} ORDER BY p.created_at DESC, p.id DESC LIMIT ? OFFSET ?",
            [*params, limit, offset],
        )
    return SearchPage(
        total=total,
        hits=[SearchHit(int(r[0]), str(r[1] or ""), float(r[2])) for r in rows],  # type: ignore[call-overload, arg-type]
        offset=offset,
        limit=limit,
        exact=int(counted) <= COUNT_CAP,  # type: ignore[call-overload]
        order=order,
    )


def _script_search(conn: Connection, parsed: ParsedQuery, original: bool, limit: int, offset: int) -> SearchPage:
    """A query with Chinese, Japanese, Korean, Thai … terms: matched through the bigram index,
    newest first, never bm25 (it would rank by character pairs, not words): by import order when
    the query has only such terms, by date when it mixes in words or filters. The snippet is
    cut around the first run found."""
    column = "text" if original else "redacted_text"
    runs = [run for group in parsed.groups for term in group for run in term.runs]
    if not parsed.filters and not parsed.excluded and all(t.runs and not t.words for g in parsed.groups for t in g):
        # only script terms: answered by the bigram index alone, newest imported first (as a
        # common word is); joining every match to posts to sort by date cost 58 ms for a
        # character in 6,000 posts
        match = f"{{{column}}} : (" + " AND ".join(
            "(" + " OR ".join(t.script_fts() for t in group) + ")" for group in parsed.groups) + ")"
        counted = _run(conn, "SELECT count(*) FROM (SELECT 1 FROM posts_fts_cjk WHERE posts_fts_cjk MATCH ? "
                       f"LIMIT {COUNT_CAP + 1})", [match])[0][0]
        ids = [int(r[0]) for r in _run(conn, "SELECT rowid FROM posts_fts_cjk WHERE posts_fts_cjk MATCH ? "  # type: ignore[call-overload]
                                       "ORDER BY rowid DESC LIMIT ? OFFSET ?", [match, limit, offset])]
        texts: dict[object, object] = dict(_run(conn, f"SELECT id, coalesce({column}, '') FROM posts WHERE id IN ({','.join('?' * len(ids))})",
                          list(ids))) if ids else {}  # type: ignore[arg-type]
        return SearchPage(
            total=min(int(counted), COUNT_CAP),  # type: ignore[call-overload]
            hits=[SearchHit(i, _snippet(str(texts.get(i, "")), runs), 0.0) for i in ids if i in texts],
            offset=offset, limit=limit, exact=int(counted) <= COUNT_CAP, order="script",  # type: ignore[call-overload]
        )
    where, params = where_clause(conn, parsed, original)
    counted = _run(conn, f"SELECT count(*) FROM (SELECT 1 FROM posts p WHERE {where} LIMIT {COUNT_CAP + 1})", params)[0][0]
    rows = _run(
        conn,
        f"SELECT p.id, coalesce(p.{column}, '') FROM posts p WHERE {where} "
        "ORDER BY p.created_at DESC, p.id DESC LIMIT ? OFFSET ?",
        [*params, limit, offset],
    )
    return SearchPage(
        total=min(int(counted), COUNT_CAP),  # type: ignore[call-overload]
        hits=[SearchHit(int(r[0]), _snippet(str(r[1]), runs), 0.0) for r in rows],  # type: ignore[call-overload]
        offset=offset,
        limit=limit,
        exact=int(counted) <= COUNT_CAP,  # type: ignore[call-overload]
        order="date",
    )


def _snippet(text: str, runs: list[str]) -> str:
    """Keyword in context like FTS5's snippet(): the first run found between HIT_START and
    HIT_END."""
    for run in runs:  # runs have no letter case: find them as they are
        at = text.find(run)
        if at >= 0:
            start = max(0, at - PLAIN_SNIPPET_CHARS // 3)
            end = min(len(text), at + len(run) + PLAIN_SNIPPET_CHARS // 3)
            return (("…" if start else "") + text[start:at] + HIT_START + text[at : at + len(run)] + HIT_END
                    + text[at + len(run) : end] + ("…" if end < len(text) else ""))
    return text[:PLAIN_SNIPPET_CHARS]


def matching_ids(conn: Connection, query: str, *, original: bool = False) -> list[int]:
    """Every post id the query matches, in id order (for collections and exports)."""
    parsed = parse(query)
    where, params = where_clause(conn, parsed, original)
    return [int(r[0]) for r in _run(conn, f"SELECT p.id FROM posts p WHERE {where} ORDER BY p.id", params)]  # type: ignore[call-overload]
