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
from dataclasses import dataclass, field

from safe_archive.core.redaction import match_key, term_key
from safe_archive.core.store import findings as sql
from safe_archive.core.store import posts as posts_sql

if TYPE_CHECKING:
    from safe_archive.core.store.store import Store

CONTEXT_CHARS = 40
SAMPLE_CONTEXTS = 3


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
    flt = sql.FindingFilter(status, entity_type, min_score, max_score)
    groups: dict[str, TermSummary] = {}
    key_of: dict[str, str] = {}
    for term, count, posts, low, high in sql.term_totals(conn, flt):
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
        for term, value, count in sql.term_breakdown(conn, flt, column):
            found = key_of.get(str(term))
            if found is not None:
                getattr(groups[found], attr)[str(value)] += int(count)
    for summary in groups.values():
        if len(summary.stored_terms) > 1:  # several stored forms: count each post once
            summary.post_count = sql.posts_with_terms(conn, flt, summary.stored_terms)
    if contexts:
        _fill_contexts(store, groups, key_of, flt, contexts)
    return sorted(groups.values(), key=lambda s: (-s.count, s.key))


def finding_ids(store: Store, summary: TermSummary, *, status: str | None = "pending") -> list[int]:
    """The findings behind a summary now (read at decision time, on the database thread)."""
    return sql.ids_of_terms(store.conn, sql.FindingFilter(status), summary.stored_terms)


def _fill_contexts(store: Store, groups: dict[str, TermSummary], key_of: dict[str, str],
                   flt: sql.FindingFilter, contexts: int) -> None:
    sample: dict[str, list[tuple[int, int, int]]] = {}
    for term, pid, start, end in sql.first_spans_per_term(store.conn, flt, contexts * 2):
        key = key_of.get(str(term))
        if key is None:
            continue
        picked = sample.setdefault(key, [])
        if len(picked) < contexts and all(p != pid for p, _s, _e in picked):
            picked.append((int(pid), int(start), int(end)))
    wanted = sorted({pid for spans in sample.values() for pid, _s, _e in spans})
    texts = dict(posts_sql.texts(store.conn, wanted))
    for key, spans in sample.items():
        for pid, start, end in spans:
            text = texts.get(pid, "")
            if not 0 <= start < end <= len(text):
                continue
            before = " ".join(text[max(0, start - CONTEXT_CHARS) : start].split())
            after = " ".join(text[end : end + CONTEXT_CHARS].split())
            groups[key].contexts.append(Context(pid, before, text[start:end], after))
