"""The one writer of ``posts.redacted_text``.

Which parts of a post are replaced (findings and review decisions, the always/never lists,
credit-me and remove-location labels) is decided by :func:`post_spans`, the same function every
export uses, so a search never shows what an export would hide. How they are replaced is the
archive's scrub policy (``[PERSON_3]``, ``[age 12–14]``…) with stable pseudonym labels
(:mod:`.pseudonyms`); an archive the scrubber never worked on (no pseudonym secret yet) shows
stable placeholders (``[PERSON]``, or a finding's stored label).

Terms are compared by their canonical key (:func:`safe_archive.core.redaction.term_key`) and the
always-list is matched in any disguise (:mod:`safe_archive.core.redaction.terms`).
Everything here runs inside the caller's transaction.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from safe_archive.core.store.db import Connection
from safe_archive.core.store.pseudonyms import ArchiveLabeler, load_aliases, pseudonym_key
from safe_archive.core.model import Finding
from safe_archive.core.redaction.canonical import term_key
from safe_archive.core.redaction.render import Redactor, term_spans
from safe_archive.core.redaction.spans import Span
from safe_archive.core.redaction.styles import Labeler, redact
from safe_archive.core.scrub.entities import PRIORITY
from safe_archive.core.scrub.generalize import generalize
from safe_archive.core.scrub.policy import DEFAULT_POLICY, Policy

SCRUB_MODELS = "scrub_models"  # the NLP model descriptions that scrubbed, oldest first
LOCATION_TYPES = frozenset({"LOCATION", "GPE", "LOC", "ADDRESS", "STREET_ADDRESS", "COORDINATES"})


@dataclass(frozen=True, slots=True)
class TermLists:
    always: tuple[tuple[str, str], ...]  # (term, entity type)
    never: frozenset[str]  # canonical keys

    @classmethod
    def load(cls, conn: Connection) -> TermLists:
        always: list[tuple[str, str]] = []
        never: set[str] = set()
        for term, etype, which in conn.execute("SELECT term, entity_type, list FROM term_lists"):
            if which == "always":
                always.append((str(term), str(etype or "CUSTOM")))
            else:
                never.add(term_key(str(term)))
        return cls(tuple(always), frozenset(never))


def post_spans(
    text: str,
    findings: Iterable[Sequence[object]],
    lists: TermLists,
    *,
    keep: frozenset[str] = frozenset(),
    remove_location: bool = False,
) -> list[Span]:
    """Spans to replace in ``text``.

    ``findings`` rows are (start, end, entity_type, term, status, label). Pending findings are
    replaced (the safe side); rejected ones and never-list terms are kept, except locations in a
    post labelled remove-location. ``keep`` holds canonical keys that stay (a credit-me
    author's own name and handle). Always-list terms are found in any disguise.
    """
    spans: list[Span] = []
    for start, end, etype, term, status, label in findings:
        etype_s = str(etype)
        term_s = str(term or "")
        key = term_key(term_s)
        forced = remove_location and etype_s.upper() in LOCATION_TYPES
        if not forced and (status == "rejected" or key in lists.never or key in keep):
            continue
        spans.append(Span(int(start), int(end), etype_s, key or term_s,  # type: ignore[call-overload]
                          str(label) if label else None))
    extra = [(t, e, None) for t, e in lists.always if term_key(t) not in keep]
    spans.extend(term_spans(text, extra))
    return spans


def credit_terms(conn: Connection, post_id: int) -> frozenset[str]:
    """A credit-me post's author's own handle and name (canonical keys), which stay."""
    row = conn.execute(
        "SELECT p.author_handle, p.author_name FROM posts p JOIN post_labels l ON l.post_id = p.id "
        "AND l.label = 'credit-me' WHERE p.id = ?",
        (post_id,),
    ).fetchone()
    if not row:
        return frozenset()
    return frozenset(term_key(str(v)) for v in row if v)


def current_policy(conn: Connection) -> tuple[int, Policy]:
    """The archive's scrub policy and its version (the default policy is version 1)."""
    row = conn.execute("SELECT version, body FROM policies ORDER BY version DESC LIMIT 1").fetchone()
    if row is None:
        return 1, replace(DEFAULT_POLICY, version=1)
    return int(row[0]), Policy.from_json(str(row[1]))


def scrub_models(conn: Connection) -> list[str]:
    """Which NLP models scrubbed this archive's posts (recorded by each scrub), oldest first."""
    row = conn.execute("SELECT value FROM settings WHERE key = ?", (SCRUB_MODELS,)).fetchone()
    value = json.loads(row[0]) if row else []
    return [str(v) for v in value] if isinstance(value, list) else []


def record_scrub_model(conn: Connection, description: str) -> None:
    """Record (inside the caller's transaction) that ``description`` scrubbed posts."""
    models = [m for m in scrub_models(conn) if m != description] + [description]
    conn.execute("INSERT INTO settings(key, value) VALUES (?, ?) "
                 "ON CONFLICT(key) DO UPDATE SET value = excluded.value", (SCRUB_MODELS, json.dumps(models)))


@dataclass(frozen=True, slots=True)
class _TermLabeler:
    """Numbers a span by the term it was found as, not by its letters: "jessica dot miller",
    found by the term matcher as "Jessica Miller", takes Jessica Miller's pseudonym (its own
    letters would make a new one)."""

    inner: Labeler
    terms: dict[str, str]  # span text -> the canonical term it stands for

    def label(self, entity_type: str, term: str) -> str:
        return self.inner.label(entity_type, self.terms.get(term, term))


class PostRenderer:
    """Renders and stores redacted text for posts, inside the caller's transaction."""

    def __init__(self, conn: Connection, *, policy: Policy | None = None,
                 labeler: Labeler | None = None) -> None:
        self._conn = conn
        self._policy = policy
        self._labeler = labeler
        if labeler is None:
            key = pseudonym_key(conn, create=False)
            if key is not None:  # the scrubber has worked on this archive: its policy renders
                self._labeler = ArchiveLabeler(conn, key, load_aliases(conn))
        if self._labeler is not None and self._policy is None:
            self._policy = current_policy(conn)[1]
        self._lists = TermLists.load(conn)

    def render(self, text: str, spans: Sequence[Span]) -> str:
        if self._labeler is None or self._policy is None:
            return Redactor("placeholder", stable=True).render(text, spans).text
        findings = [Finding(s.start, s.end, s.entity_type, 1.0, "stored", text[s.start : s.end]) for s in spans]
        labeler = _TermLabeler(self._labeler, {text[s.start : s.end]: s.term for s in spans if s.term})
        return redact(text, findings, self._policy, labeler, generalize=generalize, priority=PRIORITY)

    def refresh(self, post_ids: Iterable[int], *, scrubbed: bool = False) -> int:
        """Re-render ``posts.redacted_text`` for these posts; returns how many changed.
        Posts not scrubbed yet are skipped unless ``scrubbed`` (the scrubber just did)."""
        conn = self._conn
        n = 0
        for pid in sorted(set(post_ids)):
            row = conn.execute("SELECT text, redacted_text FROM posts WHERE id = ?", (pid,)).fetchone()
            if row is None:
                continue
            findings = conn.execute(
                "SELECT start, end, entity_type, term, status, label FROM findings WHERE post_id = ?", (pid,)
            ).fetchall()
            if row[1] is None and not findings and not scrubbed:
                continue  # not scrubbed yet: the scrubber fills it
            remove_loc = conn.execute(
                "SELECT 1 FROM post_labels WHERE post_id = ? AND label = 'remove-location'", (pid,)
            ).fetchone() is not None
            spans = post_spans(str(row[0]), findings, self._lists, keep=credit_terms(conn, pid),
                               remove_location=remove_loc)
            new = self.render(str(row[0]), spans)
            if new != row[1]:
                conn.execute("UPDATE posts SET redacted_text = ? WHERE id = ?", (new, pid))
                n += 1
        return n


def refresh_redacted(conn: Connection, post_ids: Iterable[int], *, policy: Policy | None = None,
                     labeler: Labeler | None = None, scrubbed: bool = False) -> int:
    """Re-render ``posts.redacted_text`` for these posts (see :class:`PostRenderer`)."""
    return PostRenderer(conn, policy=policy, labeler=labeler).refresh(post_ids, scrubbed=scrubbed)
