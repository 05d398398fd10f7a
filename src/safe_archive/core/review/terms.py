"""The Terms view's data: every distinct flagged term with its count, labels, sources, score
range and a few contexts, so a reviewer decides a term once for all its occurrences.

Terms are grouped by the canonical match key (``core.redaction.match_key``: the canonical form
without word breaks, as accept/reject-term compare) and shown by :func:`canonical`. The
counting runs in SQL, grouped by the stored (already normalised) ``findings.term``; only the
distinct stored terms are canonicalised and merged in Python, so an archive with half a million
pending findings is summarised in a few aggregate queries (bench/terms_speed.py). Reading only;
decisions go through :class:`~safe_archive.core.review.undo.UndoableReview` so they can be undone.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from safe_archive.core.redaction import match_key, term_key

if TYPE_CHECKING:
    from safe_archive.core.store.store import Store

CONTEXT_CHARS = 40
SAMPLE_CONTEXTS = 3
_CHUNK = 500


def canonical(term: str) -> str:
    """The form a flagged term is grouped and decided by: the one canonical key
    (``core.redaction.term_key``) that term lists, exports and the leak check also use."""
    return term_key(term)


@dataclass(frozen=True, slots=True)
class Context:
    post_id: int
    before: str
    term: str
    after: str


@dataclass(slots=True)
class TermSummary:
    key: str  # canonical form
    count: int = 0  # findings (occurrences) in the chosen status
    post_count: int = 0  # posts holding them
    labels: Counter[str] = field(default_factory=Counter)  # entity type -> occurrences
    sources: Counter[str] = field(default_factory=Counter)
    score_min: float = 1.0
    score_max: float = 0.0
    stored_terms: list[str] = field(default_factory=list)  # findings.term values behind this key
    contexts: list[Context] = field(default_factory=list)

    @property
    def label(self) -> str:
        """The most frequent entity type (ties: alphabetical)."""
        return min(self.labels.items(), key=lambda kv: (-kv[1], kv[0]))[0] if self.labels else ""


@dataclass(frozen=True, slots=True)
class _Filter:
    status: str | None
    entity_type: str | None
    min_score: float | None
    max_score: float | None

    def where(self) -> tuple[str, list[object]]:
        sql, args = "status != 'manual'", list[object]()  # manual findings were made by a reviewer
        for clause, value in (("status = ?", self.status), ("entity_type = ?", self.entity_type),
                              ("score >= ?", self.min_score), ("score <= ?", self.max_score)):
            if value is not None and value != "":
                sql += f" AND {clause}"
                args.append(value)
        return sql, args


def _marks(n: int) -> str:
    return ",".join("?" * n)


def term_summaries(
    store: Store,
    *,
    status: str | None = "pending",
    entity_type: str | None = None,
    min_score: float | None = None,
    max_score: float | None = None,
    contexts: int = SAMPLE_CONTEXTS,
) -> list[TermSummary]:
    """Distinct terms among findings (default: pending ones), most occurrences first.

    ``entity_type``, ``min_score`` and ``max_score`` filter the findings counted."""
    conn = store.conn
    where, args = _Filter(status, entity_type, min_score, max_score).where()
    groups: dict[str, TermSummary] = {}
    key_of: dict[str, str] = {}
    for term, count, posts, low, high in conn.execute(
        f"SELECT term, count(*), count(DISTINCT post_id), min(score), max(score) FROM findings WHERE {where} "
        "GROUP BY term", args
    ):
        key = canonical(str(term))
        if not key:
            continue
        # Grouped by the match key, as accept/reject-term and the term matcher compare: stored
        # forms that differ only in word breaks ("jane doe" from #JaneDoe, "janedoe" from an
        # older archive or a one-word spelling) are one term, shown with its word breaks.
        group = match_key(key)
        key_of[str(term)] = group
        summary = groups.setdefault(group, TermSummary(key))
        if key.count(" ") > summary.key.count(" "):
            summary.key = key
        summary.stored_terms.append(str(term))
        summary.count += int(count)
        summary.post_count += int(posts)  # exact unless two stored forms share a post: fixed below
        summary.score_min = min(summary.score_min, float(low))
        summary.score_max = max(summary.score_max, float(high))
    for column, attr in (("entity_type", "labels"), ("source", "sources")):
        for term, value, count in conn.execute(
            f"SELECT term, {column}, count(*) FROM findings WHERE {where} GROUP BY term, {column}", args
        ):
            found = key_of.get(str(term))
            if found is not None:
                getattr(groups[found], attr)[str(value)] += int(count)
    for summary in groups.values():
        if len(summary.stored_terms) > 1:  # several stored forms: count each post once
            summary.post_count = int(conn.execute(
                f"SELECT count(DISTINCT post_id) FROM findings WHERE {where} "
                f"AND term IN ({_marks(len(summary.stored_terms))})", [*args, *summary.stored_terms]
            ).fetchone()[0])
    if contexts:
        _fill_contexts(store, groups, key_of, where, args, contexts)
    return sorted(groups.values(), key=lambda s: (-s.count, s.key))


def finding_ids(store: Store, summary: TermSummary, *, status: str | None = "pending") -> list[int]:
    """The findings behind a summary now (read at decision time, on the database thread)."""
    where, args = _Filter(status, None, None, None).where()
    ids: list[int] = []
    terms = summary.stored_terms
    for i in range(0, len(terms), _CHUNK):
        part = terms[i : i + _CHUNK]
        ids += [int(r[0]) for r in store.conn.execute(
            f"SELECT id FROM findings WHERE {where} AND term IN ({_marks(len(part))})", [*args, *part])]
    return ids


def _fill_contexts(store: Store, groups: dict[str, TermSummary], key_of: dict[str, str], where: str,
                   args: Sequence[object], contexts: int) -> None:
    sample: dict[str, list[tuple[int, int, int]]] = {}
    rows = store.conn.execute(
        "SELECT term, post_id, start, end FROM (SELECT term, post_id, start, end, "
        f"row_number() OVER (PARTITION BY term ORDER BY post_id, start) AS rn FROM findings WHERE {where}) "
        "WHERE rn <= ? ORDER BY post_id, start", [*args, contexts * 2])
    for term, pid, start, end in rows:
        key = key_of.get(str(term))
        if key is None:
            continue
        picked = sample.setdefault(key, [])
        if len(picked) < contexts and all(p != pid for p, _s, _e in picked):
            picked.append((int(pid), int(start), int(end)))
    wanted = sorted({pid for spans in sample.values() for pid, _s, _e in spans})
    texts: dict[int, str] = {}
    for i in range(0, len(wanted), _CHUNK):
        part = wanted[i : i + _CHUNK]
        texts.update((int(r[0]), str(r[1])) for r in store.conn.execute(
            f"SELECT id, text FROM posts WHERE id IN ({_marks(len(part))})", part))
    for key, spans in sample.items():
        for pid, start, end in spans:
            text = texts.get(pid, "")
            if not 0 <= start < end <= len(text):
                continue
            before = " ".join(text[max(0, start - CONTEXT_CHARS) : start].split())
            after = " ".join(text[end : end + CONTEXT_CHARS].split())
            groups[key].contexts.append(Context(pid, before, text[start:end], after))
