"""The Terms view's data: every distinct flagged term with its count, labels, sources, score
range and a few contexts, so a reviewer decides a term once for all its occurrences.

Terms are grouped by one canonical form (:func:`canonical`, ``core.redaction.term_key``). Reading only; decisions go through
:class:`~safe_archive.core.review.undo.UndoableReview` so they can be undone.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from safe_archive.core.archive import Archive
from safe_archive.core.redaction import term_key

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
    posts: set[int] = field(default_factory=set)
    labels: Counter[str] = field(default_factory=Counter)  # entity type -> occurrences
    sources: Counter[str] = field(default_factory=Counter)
    score_min: float = 1.0
    score_max: float = 0.0
    finding_ids: list[int] = field(default_factory=list)
    contexts: list[Context] = field(default_factory=list)

    @property
    def label(self) -> str:
        """The most frequent entity type (ties: alphabetical)."""
        return min(self.labels.items(), key=lambda kv: (-kv[1], kv[0]))[0] if self.labels else ""

    @property
    def post_count(self) -> int:
        return len(self.posts)


def _in(column: str, values: Iterable[object]) -> tuple[str, list[object]]:
    vals = list(values)
    return f"{column} IN ({','.join('?' * len(vals))})", vals


def term_summaries(
    archive: Archive,
    *,
    status: str | None = "pending",
    entity_type: str | None = None,
    min_score: float | None = None,
    max_score: float | None = None,
    contexts: int = SAMPLE_CONTEXTS,
) -> list[TermSummary]:
    """Distinct terms among findings (default: pending ones), most occurrences first.

    ``entity_type``, ``min_score`` and ``max_score`` filter the findings counted. Manual
    findings are never listed (a reviewer made them)."""
    sql = "SELECT id, post_id, start, end, entity_type, score, source, term FROM findings WHERE status != 'manual'"
    args: list[object] = []
    if status:
        sql += " AND status = ?"
        args.append(status)
    if entity_type:
        sql += " AND entity_type = ?"
        args.append(entity_type)
    if min_score is not None:
        sql += " AND score >= ?"
        args.append(min_score)
    if max_score is not None:
        sql += " AND score <= ?"
        args.append(max_score)
    groups: dict[str, TermSummary] = {}
    sample: dict[str, list[tuple[int, int, int]]] = {}
    for fid, pid, start, end, etype, score, source, term in archive.conn.execute(sql + " ORDER BY post_id, start", args):
        key = canonical(str(term))
        if not key:
            continue
        summary = groups.get(key)
        if summary is None:
            summary = groups[key] = TermSummary(key)
            sample[key] = []
        summary.count += 1
        summary.posts.add(int(pid))
        summary.labels[str(etype)] += 1
        summary.sources[str(source)] += 1
        summary.score_min = min(summary.score_min, float(score))
        summary.score_max = max(summary.score_max, float(score))
        summary.finding_ids.append(int(fid))
        if len(sample[key]) < contexts and all(p != pid for p, _s, _e in sample[key]):
            sample[key].append((int(pid), int(start), int(end)))
    if contexts:
        _fill_contexts(archive, groups, sample)
    return sorted(groups.values(), key=lambda s: (-s.count, s.key))


def _fill_contexts(archive: Archive, groups: dict[str, TermSummary], sample: dict[str, list[tuple[int, int, int]]]) -> None:
    wanted = sorted({pid for spans in sample.values() for pid, _s, _e in spans})
    texts: dict[int, str] = {}
    for chunk in range(0, len(wanted), 500):
        clause, vals = _in("id", wanted[chunk : chunk + 500])
        texts.update((int(r[0]), str(r[1])) for r in archive.conn.execute(f"SELECT id, text FROM posts WHERE {clause}", vals))
    for key, spans in sample.items():
        for pid, start, end in spans:
            text = texts.get(pid, "")
            if not 0 <= start < end <= len(text):
                continue
            before = text[max(0, start - CONTEXT_CHARS) : start]
            after = text[end : end + CONTEXT_CHARS]
            groups[key].contexts.append(Context(pid, " ".join(before.split()), text[start:end], " ".join(after.split())))
