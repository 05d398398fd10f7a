"""Review decisions: accept/reject findings (one, or every occurrence of a term), manual spans,
reviewed marks, labels, tags, notes, edited text and the always/never term lists.

Every mutation writes an audit entry (ids, counts, entity types, keyed hashes — never text)
and is announced through ``archive.changed`` (kinds and posts). After a decision the post's stored
redacted text is re-rendered, so search reflects it at once.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import re
from collections.abc import Iterable
from dataclasses import dataclass

from safe_archive.core.store import annotations as notes_sql
from safe_archive.core.store import findings as findings_sql
from safe_archive.core.store import posts as posts_sql
from safe_archive.core.store.audit import record
from safe_archive.core.store.db import Connection
from safe_archive.core.store.propagation import candidate_posts, matcher_for, propagate
from safe_archive.core.store.rendering import refresh_redacted
from safe_archive.core.errors import SafeArchiveError
from safe_archive.core.redaction.canonical import match_key, term_key
from safe_archive.core.store.hashing import keyed_hash
from safe_archive.core.labels import CONSENT_LABELS, Label, validate_label
from safe_archive.core.review import terms

if TYPE_CHECKING:
    from safe_archive.core.store.store import Store

_TAG = re.compile(r"[\w][\w\-.]{0,63}", re.UNICODE)


@dataclass(frozen=True, slots=True)
class FindingRow:
    id: int
    post_id: int
    start: int
    end: int
    entity_type: str
    score: float
    source: str
    status: str
    label: str | None


class Review:
    """Review operations on one open archive.

    Each decision re-renders the post's redacted text inside the same transaction, through the
    archive's one renderer (:mod:`safe_archive.core.store.rendering`), so a crash can never
    leave a decided name visible. Terms are compared by their canonical key
    (:func:`safe_archive.core.redaction.term_key`): accepting ``𝓙𝓪𝓷𝓮`` or ``#JaneDoe``
    decides ``Jane`` and ``jane_doe`` too."""

    def __init__(self, store: Store) -> None:
        self.store = store

    # ------------------------------------------------------------------ reading
    def term_summaries(
        self,
        *,
        status: str | None = "pending",
        entity_type: str | None = None,
        min_score: float | None = None,
        max_score: float | None = None,
        contexts: int = terms.SAMPLE_CONTEXTS,
    ) -> list[terms.TermSummary]:
        """Distinct terms among findings (default: pending ones), most occurrences first."""
        return terms.term_summaries(self.store, status=status, entity_type=entity_type,
                                    min_score=min_score, max_score=max_score, contexts=contexts)

    def term_finding_ids(self, summary: terms.TermSummary, *, status: str | None = "pending") -> list[int]:
        """The findings a term summary counts (default: its pending ones)."""
        return terms.finding_ids(self.store, summary, status=status)

    def findings(self, post_id: int, *, status: str | None = None) -> list[FindingRow]:
        return [FindingRow(*r) for r in findings_sql.of_post(self.store.conn, post_id, status)]

    def pending_count(self) -> int:
        return findings_sql.pending_count(self.store.conn)

    def _finding(self, finding_id: int) -> tuple[int, str, str]:
        row = findings_sql.get(self.store.conn, finding_id)
        if row is None:
            raise SafeArchiveError(f"No finding with id {finding_id}.")
        return row

    def _post_exists(self, post_id: int) -> str:
        text = posts_sql.text(self.store.conn, post_id)
        if text is None:
            raise SafeArchiveError(f"No post with id {post_id} in this archive.")
        return text

    # ------------------------------------------------------------------ decisions
    def decide(self, finding_id: int, status: str) -> None:
        """Accept or reject one finding."""
        if status not in ("accepted", "rejected"):
            raise SafeArchiveError("A decision is 'accepted' or 'rejected'.")
        post_id, _, etype = self._finding(finding_id)
        with self.store.transaction("Saving a decision", "findings", "posts") as conn:
            findings_sql.set_status(conn, [finding_id], status, self._now())
            refresh_redacted(conn, [post_id])
            self.store.note(post_ids=[post_id])
            record(conn, self.store.now, f"review.{status[:-2] if status.endswith('ed') else status}",
                   {"finding": finding_id, "post": post_id, "entity_type": etype})

    def accept(self, finding_id: int) -> None:
        return self.decide(finding_id, "accepted")

    def reject(self, finding_id: int) -> None:
        return self.decide(finding_id, "rejected")

    def decide_term(self, term: str, status: str, *, entity_type: str | None = None, propagate: bool = True) -> int:
        """Accept or reject every finding of the same term, in any form the canonical key
        undoes (case, compatibility letters, ``#``/``@``, ``_``/``.``/``-``, camelCase…).
        Accepting also marks occurrences the scrubber missed, disguised ones included
        (source ``propagated``). Returns findings changed."""
        if status not in ("accepted", "rejected"):
            raise SafeArchiveError("A decision is 'accepted' or 'rejected'.")
        key = term_key(term)
        if not key:
            raise SafeArchiveError("The term is empty.")
        compact = match_key(term)
        digest = keyed_hash(self.store, key)
        with self.store.transaction("Saving a decision", "findings", "posts") as conn:
            rows = [r for r in findings_sql.with_terms(conn, entity_type) if match_key(r[3]) == compact]
            ids = [r[0] for r in rows]
            posts = {r[1] for r in rows}
            etype = entity_type or (rows[0][2] if rows else "CUSTOM")
            findings_sql.set_status(conn, ids, status, self._now())
            added = 0
            if status == "accepted" and propagate:
                added, more = self._propagate(conn, term, etype)
                posts |= more
            refresh_redacted(conn, posts)
            self.store.note(post_ids=posts)
            record(conn, self.store.now, f"review.{status[:-2]}-term",
                   {"term_hash": digest, "findings": len(ids), "propagated": added, "posts": len(posts),
                    "entity_type": etype})
        return len(ids) + added

    def _propagate(self, conn: Connection, term: str, entity_type: str) -> tuple[int, set[int]]:
        return propagate(conn, [(term, entity_type)], score=1.0, status="accepted", decided_at=self._now())

    def add_manual(self, post_id: int, start: int, end: int, entity_type: str) -> int:
        """Mark a span the scrubber missed; returns the new finding's id."""
        text = self._post_exists(post_id)
        if not (0 <= start < end <= len(text)):
            raise SafeArchiveError(f"The span {start}–{end} is outside the post (it has {len(text)} characters).")
        etype = entity_type.strip().upper()
        if not re.fullmatch(r"[A-Z][A-Z0-9_]*", etype):
            raise SafeArchiveError("The entity type must be a word such as PERSON or LOCATION.")
        with self.store.transaction("Saving a manual finding", "findings", "posts") as conn:
            fid = findings_sql.add_manual(conn, post_id, start, end, etype, term_key(text[start:end]), self._now())
            refresh_redacted(conn, [post_id])
            self.store.note(post_ids=[post_id])
            record(conn, self.store.now, "review.manual", {"finding": fid, "post": post_id, "entity_type": etype})
        return fid

    def mark_reviewed(self, post_ids: Iterable[int], reviewed: bool = True) -> None:
        ids = sorted(set(post_ids))
        status = "reviewed" if reviewed else "unreviewed"
        with self.store.transaction("Marking posts reviewed", "posts") as conn:
            posts_sql.set_review_status(conn, ids, status)
            self.store.note(post_ids=ids)
            record(conn, self.store.now, f"review.mark-{status}", {"posts": len(ids)})

    # ------------------------------------------------------------------ labels, tags, notes
    def labels(self, post_id: int) -> list[Label]:
        return [Label(name, value) for name, value in notes_sql.labels(self.store.conn, post_id)]

    def set_label(self, post_ids: Iterable[int], name: str, value: str | None = None) -> None:
        label = validate_label(name, value)
        ids = sorted(set(post_ids))
        for pid in ids:
            self._post_exists(pid)
        with self.store.transaction("Saving a label", "labels", "posts") as conn:
            self.store.note(post_ids=ids)
            for pid in ids:
                if label.name in CONSENT_LABELS:
                    notes_sql.drop_consent(conn, pid)
                if label.name != "anonymize-me":  # the default is the absence of credit-me
                    notes_sql.set_label(conn, pid, label.name, label.value)
            if label.name in ("credit-me", "anonymize-me", "remove-location"):
                refresh_redacted(conn, ids)
            record(conn, self.store.now, "review.label", {"label": label.name, "posts": len(ids)})

    def remove_label(self, post_ids: Iterable[int], name: str) -> None:
        key = name.strip().lower()
        validate_label(key, "2000-01-01" if key in ("embargo-until", "expire-after") else None)
        ids = sorted(set(post_ids))
        with self.store.transaction("Removing a label", "labels", "posts") as conn:
            self.store.note(post_ids=ids)
            notes_sql.remove_label(conn, ids, key)
            if key in ("credit-me", "remove-location"):
                refresh_redacted(conn, ids)
            record(conn, self.store.now, "review.unlabel", {"label": key, "posts": len(ids)})

    @staticmethod
    def normalise_tag(tag: str) -> str:
        value = tag.strip().lower().lstrip("#")
        if not _TAG.fullmatch(value):
            raise SafeArchiveError("A tag is one word of letters, digits, '-', '_' or '.' (at most 64 characters).")
        return value

    def tags(self, post_id: int) -> list[str]:
        return notes_sql.tags(self.store.conn, post_id)

    def add_tag(self, post_ids: Iterable[int], tag: str) -> None:
        value = self.normalise_tag(tag)
        ids = sorted(set(post_ids))
        for pid in ids:
            self._post_exists(pid)
        with self.store.transaction("Saving a tag", "tags") as conn:
            self.store.note(post_ids=ids)
            notes_sql.add_tag(conn, ids, value)
            record(conn, self.store.now, "review.tag", {"posts": len(ids)})

    def remove_tag(self, post_ids: Iterable[int], tag: str) -> None:
        value = self.normalise_tag(tag)
        ids = sorted(set(post_ids))
        with self.store.transaction("Removing a tag", "tags") as conn:
            self.store.note(post_ids=ids)
            notes_sql.remove_tag(conn, ids, value)
            record(conn, self.store.now, "review.untag", {"posts": len(ids)})

    def notes(self, post_id: int) -> list[tuple[int, str, str]]:
        return notes_sql.notes(self.store.conn, post_id)

    def add_note(self, post_id: int, body: str) -> int:
        self._post_exists(post_id)
        if not body.strip():
            raise SafeArchiveError("A note must not be empty.")
        with self.store.transaction("Saving a note", "notes") as conn:
            self.store.note(post_ids=[post_id])
            note_id = notes_sql.add_note(conn, post_id, self._now(), body)
            record(conn, self.store.now, "review.note", {"post": post_id})
        return note_id

    def delete_note(self, note_id: int) -> None:
        with self.store.transaction("Deleting a note", "notes") as conn:
            n = notes_sql.delete_note(conn, note_id)
            record(conn, self.store.now, "review.delete-note", {"note": note_id, "deleted": n})

    def edited_text(self, post_id: int) -> str | None:
        exists, value = posts_sql.edited_text(self.store.conn, post_id)
        if not exists:
            raise SafeArchiveError(f"No post with id {post_id} in this archive.")
        return value

    def set_edited_text(self, post_id: int, text: str | None) -> None:
        """Store a paraphrase beside the original (``None`` removes it)."""
        self._post_exists(post_id)
        value = text if text and text.strip() else None
        with self.store.transaction("Saving the edited text", "posts") as conn:
            self.store.note(post_ids=[post_id])
            posts_sql.set_edited_text(conn, post_id, value)
            record(conn, self.store.now, "review.edit-text", {"post": post_id, "removed": value is None})

    # ------------------------------------------------------------------ term lists
    def term_list(self, which: str) -> list[tuple[str, str | None]]:
        self._check_list(which)
        return notes_sql.term_list(self.store.conn, which)

    @staticmethod
    def _check_list(which: str) -> None:
        if which not in ("always", "never"):
            raise SafeArchiveError("A term list is 'always' (always redact) or 'never' (never redact).")

    def add_term(self, term: str, which: str, entity_type: str | None = None) -> None:
        """Add to the archive's always-redact or never-redact list; stored redacted texts that
        contain the term are re-rendered."""
        self._check_list(which)
        key = term_key(term)
        if not key:
            raise SafeArchiveError("The term is empty.")
        etype = (entity_type or ("CUSTOM" if which == "always" else "")).upper() or None
        digest = keyed_hash(self.store, key)
        with self.store.transaction("Saving a term list", "terms", "posts") as conn:
            other = "never" if which == "always" else "always"
            self._delete_listed(conn, key, other)
            notes_sql.put_term(conn, key, etype, which, self._now())
            touched = self._posts_with(conn, key)
            refresh_redacted(conn, touched)
            self.store.note(post_ids=touched)
            record(conn, self.store.now, f"review.{which}-list-add", {"term_hash": digest})

    def remove_term(self, term: str, which: str) -> None:
        self._check_list(which)
        key = term_key(term)
        digest = keyed_hash(self.store, key)
        with self.store.transaction("Saving a term list", "terms", "posts") as conn:
            self._delete_listed(conn, key, which)
            touched = self._posts_with(conn, key)
            refresh_redacted(conn, touched)
            self.store.note(post_ids=touched)
            record(conn, self.store.now, f"review.{which}-list-remove", {"term_hash": digest})

    @staticmethod
    def _delete_listed(conn: Connection, key: str, which: str) -> None:
        """Remove ``key`` from a list, whatever form it was stored in (older archives)."""
        compact = match_key(key)
        for rowid, term in notes_sql.listed(conn, which):
            if match_key(term) == compact:
                notes_sql.delete_listed(conn, rowid)

    @staticmethod
    def _posts_with(conn: Connection, key: str) -> list[int]:
        """Posts that contain ``key`` in any form (the term matcher confirms each candidate)."""
        matcher = matcher_for([(key, "")])
        return [pid for pid, text in posts_sql.texts(conn, candidate_posts(conn, [key])) if matcher.find(text)]

    def _now(self) -> str:
        return self.store.now().isoformat(timespec="seconds")
