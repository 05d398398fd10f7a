"""SQL of findings (scrub results and review decisions) and of the term summaries built on them."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from safe_archive.core.store.db import Connection

CHUNK = 500  # ids per IN (...) list

FindingRecord = tuple[int, int, int, int, str, float, str, str, str | None]


def _marks(n: int) -> str:
    return ",".join("?" * n)


def _chunks(ids: Sequence[int]) -> list[list[int]]:
    return [list(ids[i : i + CHUNK]) for i in range(0, len(ids), CHUNK)]


def of_post(conn: Connection, post_id: int, status: str | None = None) -> list[FindingRecord]:
    """(id, post_id, start, end, entity_type, score, source, status, label) in text order."""
    sql = "SELECT id, post_id, start, end, entity_type, score, source, status, label FROM findings WHERE post_id = ?"
    args: list[object] = [post_id]
    if status:
        sql += " AND status = ?"
        args.append(status)
    return [(int(r[0]), int(r[1]), int(r[2]), int(r[3]), str(r[4]), float(r[5]), str(r[6]), str(r[7]), r[8])
            for r in conn.execute(sql + " ORDER BY start, id", args).fetchall()]


def pending_count(conn: Connection) -> int:
    return int(conn.execute("SELECT count(*) FROM findings WHERE status='pending'").fetchone()[0])


def get(conn: Connection, finding_id: int) -> tuple[int, str, str] | None:
    """(post_id, term, entity_type) of one finding."""
    row = conn.execute("SELECT post_id, term, entity_type FROM findings WHERE id = ?", (finding_id,)).fetchone()
    return None if row is None else (int(row[0]), str(row[1]), str(row[2]))


def set_status(conn: Connection, ids: Sequence[int], status: str, decided_at: str | None) -> None:
    for part in _chunks(ids):
        conn.execute(f"UPDATE findings SET status = ?, decided_at = ? WHERE id IN ({_marks(len(part))})",
                     (status, decided_at, *part))


def with_terms(conn: Connection, entity_type: str | None = None) -> list[tuple[int, int, str, str]]:
    """(id, post_id, entity_type, term) of every finding (of ``entity_type``)."""
    return [(int(r[0]), int(r[1]), str(r[2]), str(r[3])) for r in conn.execute(
        "SELECT id, post_id, entity_type, term FROM findings" + (" WHERE entity_type = ?" if entity_type else ""),
        (entity_type,) if entity_type else (),
    )]


def add_manual(conn: Connection, post_id: int, start: int, end: int, entity_type: str, term: str,
               decided_at: str) -> int:
    cur = conn.execute(
        "INSERT INTO findings(post_id, start, end, entity_type, score, source, term, status, decided_at) "
        "VALUES (?, ?, ?, ?, 1.0, 'manual', ?, 'manual', ?)",
        (post_id, start, end, entity_type, term, decided_at),
    )
    return int(cur.lastrowid or 0)


# ---------------------------------------------------------------------- undoable decisions
def decide_unless_manual(conn: Connection, ids: Sequence[int], status: str, decided_at: str
                         ) -> list[tuple[int, int, str, str | None, str]]:
    """Set ``status`` on these findings except manual ones; returns what they were before:
    (id, post_id, status, decided_at, entity_type)."""
    before: list[tuple[int, int, str, str | None, str]] = []
    for part in _chunks(ids):
        marks = _marks(len(part))
        before += [(int(r[0]), int(r[1]), str(r[2]), r[3], str(r[4])) for r in conn.execute(
            f"SELECT id, post_id, status, decided_at, entity_type FROM findings WHERE id IN ({marks}) "
            "AND status != 'manual'", part).fetchall()]
        conn.execute(f"UPDATE findings SET status = ?, decided_at = ? WHERE id IN ({marks}) AND status != 'manual'",
                     (status, decided_at, *part))
    return before


def last_id(conn: Connection) -> int:
    return int(conn.execute("SELECT coalesce(max(id), 0) FROM findings").fetchone()[0])


def propagated_since(conn: Connection, after_id: int) -> list[int]:
    return [int(r[0]) for r in conn.execute(
        "SELECT id FROM findings WHERE id > ? AND source = 'propagated'", (after_id,))]


def restore(conn: Connection, previous: Iterable[tuple[int, str, str | None]]) -> None:
    """Put (id, status, decided_at) back."""
    for fid, status, decided_at in previous:
        conn.execute("UPDATE findings SET status = ?, decided_at = ? WHERE id = ?", (status, decided_at, fid))


def delete(conn: Connection, ids: Sequence[int]) -> None:
    for part in _chunks(ids):
        conn.execute(f"DELETE FROM findings WHERE id IN ({_marks(len(part))})", part)


# ---------------------------------------------------------------------- term summaries
@dataclass(frozen=True, slots=True)
class FindingFilter:
    """Which findings a term summary counts (manual ones never: a reviewer made them)."""

    status: str | None
    entity_type: str | None = None
    min_score: float | None = None
    max_score: float | None = None

    def where(self) -> tuple[str, list[object]]:
        sql, args = "status != 'manual'", list[object]()
        for clause, value in (("status = ?", self.status), ("entity_type = ?", self.entity_type),
                              ("score >= ?", self.min_score), ("score <= ?", self.max_score)):
            if value is not None and value != "":
                sql += f" AND {clause}"
                args.append(value)
        return sql, args


def term_totals(conn: Connection, flt: FindingFilter) -> list[tuple[str, int, int, float, float]]:
    """(term, findings, posts, min score, max score) per stored term."""
    where, args = flt.where()
    return [(str(r[0]), int(r[1]), int(r[2]), float(r[3]), float(r[4])) for r in conn.execute(
        f"SELECT term, count(*), count(DISTINCT post_id), min(score), max(score) FROM findings WHERE {where} "
        "GROUP BY term", args)]


def term_breakdown(conn: Connection, flt: FindingFilter, column: str) -> list[tuple[str, str, int]]:
    """(term, value, findings) per stored term and value of ``column`` (entity_type | source)."""
    if column not in ("entity_type", "source"):
        raise ValueError(column)
    where, args = flt.where()
    return [(str(r[0]), str(r[1]), int(r[2])) for r in conn.execute(
        f"SELECT term, {column}, count(*) FROM findings WHERE {where} GROUP BY term, {column}", args)]


def posts_with_terms(conn: Connection, flt: FindingFilter, terms: Sequence[str]) -> int:
    """Distinct posts with a finding of any of ``terms``."""
    where, args = flt.where()
    return int(conn.execute(
        f"SELECT count(DISTINCT post_id) FROM findings WHERE {where} AND term IN ({_marks(len(terms))})",
        [*args, *terms]).fetchone()[0])


def ids_of_terms(conn: Connection, flt: FindingFilter, terms: Sequence[str]) -> list[int]:
    where, args = flt.where()
    ids: list[int] = []
    for i in range(0, len(terms), CHUNK):
        part = terms[i : i + CHUNK]
        ids += [int(r[0]) for r in conn.execute(
            f"SELECT id FROM findings WHERE {where} AND term IN ({_marks(len(part))})", [*args, *part])]
    return ids


def first_spans_per_term(conn: Connection, flt: FindingFilter, per_term: int) -> list[tuple[str, int, int, int]]:
    """(term, post_id, start, end): the first ``per_term`` findings of every term, in post order."""
    where, args = flt.where()
    return [(str(r[0]), int(r[1]), int(r[2]), int(r[3])) for r in conn.execute(
        "SELECT term, post_id, start, end FROM (SELECT term, post_id, start, end, "
        f"row_number() OVER (PARTITION BY term ORDER BY post_id, start) AS rn FROM findings WHERE {where}) "
        "WHERE rn <= ? ORDER BY post_id, start", [*args, per_term])]
