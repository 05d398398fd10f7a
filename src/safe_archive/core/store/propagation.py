"""Finding confirmed terms in every stored post: the one propagation the scrubber and review use.

Candidates come from the full-text index (the term's canonical words, or its words run
together) plus every post whose text may hide a term from the index (compatibility letters,
zero-width characters, look-alike letters, markup, spaced letters:
:func:`safe_archive.core.redaction.canonical.may_be_disguised`); the term matcher then finds
each term in any disguise. A finding is added where no finding covers the span yet.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from safe_archive.core.store.db import Connection
from safe_archive.core.redaction.canonical import may_be_disguised, term_key
from safe_archive.core.redaction.terms import TermMatcher, prefilter_words, spaceless_key
from safe_archive.core.query.segment import gram_phrase

PERSON_TYPES = frozenset({"PERSON"})
_CHUNK = 500
_HANGUL_END = re.compile("[\uac00-\ud7a3]$")


@dataclass(slots=True)
class DisguiseIndex:
    """Ids of posts whose text may hide a term from the full-text index, kept up to date by
    rowid (texts are immutable, except forget, which only masks)."""

    ids: set[int] = field(default_factory=set)
    last_id: int = 0

    def update(self, conn: Connection) -> set[int]:
        top = int(conn.execute("SELECT coalesce(max(id), 0) FROM posts").fetchone()[0])
        if top > self.last_id:
            for pid, text in conn.execute("SELECT id, text FROM posts WHERE id > ?", (self.last_id,)):
                if may_be_disguised(str(text)):
                    self.ids.add(int(pid))
            self.last_id = top
        return self.ids


def fts_query(term: str) -> str | None:
    """An FTS5 query for posts that may contain ``term``: every word of one of its word sets
    (:func:`safe_archive.core.redaction.terms.prefilter_words`: its words, them run together,
    the first initial with the rest, a one-word term split in two). A word ending in Hangul is
    asked as a prefix, since Korean writes particles on it."""
    sets = prefilter_words(term)
    if not sets:
        return None

    def q(w: str) -> str:  # a Hangul word also as a prefix: "김민수" in "김민수가" (particles)
        return '"' + w.replace('"', '""') + '"' + ("*" if _HANGUL_END.search(w) else "")

    inner = " OR ".join("(" + " AND ".join(q(w) for w in words) + ")" for words in sets)
    return "{text} : (" + inner + ")"


def candidate_posts(conn: Connection, terms: Iterable[str], disguised: Iterable[int] | None = None,
                    *, scrubbed_only: bool = False) -> list[int]:
    """Posts that may contain any of ``terms`` in any form."""
    ids: set[int] = set()
    extra = " AND p.scrubbed_policy IS NOT NULL" if scrubbed_only else ""
    for term in terms:
        query = fts_query(term)
        if query is None:
            continue
        ids.update(int(r[0]) for r in conn.execute(
            "SELECT p.id FROM posts_fts f JOIN posts p ON p.id = f.rowid WHERE posts_fts MATCH ?" + extra,
            (query,)))
        run = spaceless_key(term)
        if run is not None:  # Chinese/Japanese: inside a run of characters, found by its bigrams
            ids.update(int(r[0]) for r in conn.execute(
                "SELECT p.id FROM posts_fts_cjk f JOIN posts p ON p.id = f.rowid WHERE posts_fts_cjk MATCH ?" + extra,
                ("{text} : " + gram_phrase(run),)))
    if disguised is None:
        disguised = DisguiseIndex().update(conn)
    if scrubbed_only:
        for start in range(0, len(extra_ids := sorted(set(disguised) - ids)), _CHUNK):
            chunk = extra_ids[start : start + _CHUNK]
            ids.update(int(r[0]) for r in conn.execute(
                f"SELECT id FROM posts WHERE scrubbed_policy IS NOT NULL AND id IN ({','.join('?' * len(chunk))})",
                chunk))
    else:
        ids.update(disguised)
    return sorted(ids)


def matcher_for(terms: Iterable[tuple[str, str]]) -> TermMatcher[tuple[str, str]]:
    """(term, entity type) -> a matcher; a person's name of two or more words also matches as
    initial + surname (``J.Miller``)."""
    matcher: TermMatcher[tuple[str, str]] = TermMatcher()
    for term, etype in terms:
        matcher.add(term, (term_key(term), etype), initials=etype in PERSON_TYPES)
    return matcher


def propagate(
    conn: Connection,
    terms: Sequence[tuple[str, str]],
    *,
    source: str = "propagated",
    score: float,
    status: str = "pending",
    decided_at: str | None = None,
    label: Callable[[str, str], str] | None = None,
    policy_version: int | None = None,
    disguised: Iterable[int] | None = None,
    scrubbed_only: bool = False,
) -> tuple[int, set[int]]:
    """Add a finding for every occurrence of each (term, entity type) not covered yet; returns
    (findings added, posts touched). Runs inside the caller's transaction."""
    matcher = matcher_for(terms)
    if not matcher:
        return 0, set()
    added = 0
    touched: set[int] = set()
    ids = candidate_posts(conn, (t for t, _ in terms), disguised, scrubbed_only=scrubbed_only)
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start : start + _CHUNK]
        for pid, text in conn.execute(
            f"SELECT id, text FROM posts WHERE id IN ({','.join('?' * len(chunk))}) ORDER BY id", chunk
        ).fetchall():
            pid, text = int(pid), str(text)
            hits = matcher.find(text)
            if not hits:
                continue
            spans = [(int(a), int(b)) for a, b in conn.execute(
                "SELECT start, end FROM findings WHERE post_id = ?", (pid,))]
            rows = []
            for m in sorted(hits, key=lambda h: (h.start, -(h.end - h.start))):
                if any(a < m.end and m.start < b for a, b in spans):
                    continue
                key, etype = m.values[0]
                rows.append((pid, m.start, m.end, etype, score, source, key,
                             label(etype, key) if label else None, policy_version, status, decided_at))
                spans.append((m.start, m.end))
            if rows:
                conn.executemany(
                    "INSERT INTO findings(post_id, start, end, entity_type, score, source, term, label, "
                    "policy_version, status, decided_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
                touched.add(pid)
                added += len(rows)
    return added, touched
