"""Review decisions: accept/reject findings (one, or every occurrence of a term), manual spans,
reviewed marks, labels, tags, notes, edited text and the always/never term lists.

Every mutation writes an audit entry (ids, counts, entity types, keyed hashes — never text)
and returns a :class:`~safe_archive.core.archive.Changes`. After a decision the post's stored
redacted text is re-rendered, so search reflects it at once.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from safe_archive.core.archive import Archive, Changes
from safe_archive.core.archive.audit import record
from safe_archive.core.archive.db import Connection
from safe_archive.core.errors import SafeArchiveError
from safe_archive.core.export.redaction import Redactor, Span
from safe_archive.core.review.hashing import keyed_hash
from safe_archive.core.review.labels import CONSENT_LABELS, Label, validate_label
from safe_archive.core.review.spans import TermLists, norm, post_spans

# (text, spans) -> redacted text; the scrub package may pass its own.
RedactFn = Callable[[str, Sequence[Span]], str]

_TAG = re.compile(r"[\w][\w\-.]{0,63}", re.UNICODE)


def stable_placeholders(text: str, spans: Sequence[Span]) -> str:
    return Redactor("placeholder", stable=True).render(text, spans).text


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


def credit_terms(conn: Connection, post_id: int) -> frozenset[str]:
    """A credit-me post's author's own handle and name (normalised), which stay in the text."""
    row = conn.execute(
        "SELECT p.author_handle, p.author_name FROM posts p JOIN post_labels l ON l.post_id = p.id "
        "AND l.label = 'credit-me' WHERE p.id = ?",
        (post_id,),
    ).fetchone()
    if not row:
        return frozenset()
    return frozenset(norm(str(v)) for v in row if v)


def refresh_redacted(conn: Connection, post_ids: Iterable[int], redact: RedactFn = stable_placeholders) -> int:
    """Re-render ``posts.redacted_text`` for scrubbed posts (inside the caller's transaction)."""
    lists = TermLists.load(conn)
    n = 0
    for pid in sorted(set(post_ids)):
        row = conn.execute("SELECT text, redacted_text FROM posts WHERE id = ?", (pid,)).fetchone()
        if row is None:
            continue
        has_findings = conn.execute("SELECT 1 FROM findings WHERE post_id = ? LIMIT 1", (pid,)).fetchone()
        if row[1] is None and not has_findings:
            continue  # not scrubbed yet: the scrubber fills it
        findings = conn.execute(
            "SELECT start, end, entity_type, term, status, label FROM findings WHERE post_id = ?", (pid,)
        ).fetchall()
        remove_loc = conn.execute(
            "SELECT 1 FROM post_labels WHERE post_id = ? AND label = 'remove-location'", (pid,)
        ).fetchone() is not None
        spans = post_spans(str(row[0]), findings, lists, keep=credit_terms(conn, pid), remove_location=remove_loc)
        new = redact(str(row[0]), spans)
        if new != row[1]:
            conn.execute("UPDATE posts SET redacted_text = ? WHERE id = ?", (new, pid))
            n += 1
    return n


def policy_rerender(archive: Archive, post_ids: Sequence[int]) -> None:
    """Re-render through the archive's scrub policy (generalisations, stable labels), when
    the scrub service is available; the placeholder rendering already stored stays otherwise."""
    try:
        from safe_archive.core.archive import scrubbing  # noqa: PLC0415
    except ImportError:
        return
    # Only archives the scrub service has worked on have its pseudonym key; rerender() would
    # create it inside its own transaction otherwise (a nested BEGIN fails).
    if not archive.get_setting(getattr(scrubbing, "_PSEUDONYM_KEY", "pseudonym_key")):
        return
    scrubbing.ArchiveScrubber(archive).rerender(list(post_ids))


class Review:
    """Review operations on one open archive.

    Each decision re-renders the post's redacted text inside the same transaction (stable
    placeholders, so a crash can never leave a decided name visible), then, when ``redact`` is
    not given, once more through the archive's scrub policy so stored text keeps the policy's
    format ([age 12–14], [PERSON_3]…)."""

    def __init__(self, archive: Archive, redact: RedactFn | None = None) -> None:
        self.archive = archive
        self._redact: RedactFn = redact or stable_placeholders
        self._policy_render = redact is None

    def _rerender(self, post_ids: Iterable[int]) -> None:
        ids = sorted(set(post_ids))
        if self._policy_render and ids:
            policy_rerender(self.archive, ids)

    # ------------------------------------------------------------------ reading
    def findings(self, post_id: int, *, status: str | None = None) -> list[FindingRow]:
        sql = "SELECT id, post_id, start, end, entity_type, score, source, status, label FROM findings WHERE post_id = ?"
        args: list[object] = [post_id]
        if status:
            sql += " AND status = ?"
            args.append(status)
        rows = self.archive.conn.execute(sql + " ORDER BY start, id", args).fetchall()
        return [FindingRow(*r) for r in rows]

    def pending_count(self) -> int:
        return int(self.archive.conn.execute("SELECT count(*) FROM findings WHERE status='pending'").fetchone()[0])

    def _finding(self, finding_id: int) -> tuple[int, str, str]:
        row = self.archive.conn.execute(
            "SELECT post_id, term, entity_type FROM findings WHERE id = ?", (finding_id,)
        ).fetchone()
        if row is None:
            raise SafeArchiveError(f"No finding with id {finding_id}.")
        return int(row[0]), str(row[1]), str(row[2])

    def _post_exists(self, post_id: int) -> str:
        row = self.archive.conn.execute("SELECT text FROM posts WHERE id = ?", (post_id,)).fetchone()
        if row is None:
            raise SafeArchiveError(f"No post with id {post_id} in this archive.")
        return str(row[0])

    # ------------------------------------------------------------------ decisions
    def decide(self, finding_id: int, status: str) -> Changes:
        """Accept or reject one finding."""
        if status not in ("accepted", "rejected"):
            raise SafeArchiveError("A decision is 'accepted' or 'rejected'.")
        post_id, _, etype = self._finding(finding_id)
        with self.archive.transaction("Saving a decision") as conn:
            conn.execute(
                "UPDATE findings SET status = ?, decided_at = ? WHERE id = ?",
                (status, self._now(), finding_id),
            )
            refresh_redacted(conn, [post_id], self._redact)
            record(conn, self.archive.now, f"review.{status[:-2] if status.endswith('ed') else status}",
                   {"finding": finding_id, "post": post_id, "entity_type": etype})
        self._rerender([post_id])
        return Changes(findings=True, posts=True)

    def accept(self, finding_id: int) -> Changes:
        return self.decide(finding_id, "accepted")

    def reject(self, finding_id: int) -> Changes:
        return self.decide(finding_id, "rejected")

    def decide_term(self, term: str, status: str, *, entity_type: str | None = None, propagate: bool = True) -> int:
        """Accept or reject every finding of the same term (case-insensitive). Accepting also
        marks occurrences the scrubber missed (source ``propagated``). Returns findings changed."""
        if status not in ("accepted", "rejected"):
            raise SafeArchiveError("A decision is 'accepted' or 'rejected'.")
        key = norm(term)
        if not key:
            raise SafeArchiveError("The term is empty.")
        digest = keyed_hash(self.archive, key)
        with self.archive.transaction("Saving a decision") as conn:
            rows = conn.execute(
                "SELECT id, post_id, entity_type FROM findings WHERE lower(ltrim(term, '@')) = ?"
                + (" AND entity_type = ?" if entity_type else ""),
                (key, entity_type) if entity_type else (key,),
            ).fetchall()
            ids = [int(r[0]) for r in rows]
            posts = {int(r[1]) for r in rows}
            etype = entity_type or (str(rows[0][2]) if rows else "CUSTOM")
            for chunk in range(0, len(ids), 500):
                part = ids[chunk : chunk + 500]
                conn.execute(
                    f"UPDATE findings SET status = ?, decided_at = ? WHERE id IN ({','.join('?' * len(part))})",
                    (status, self._now(), *part),
                )
            added = 0
            if status == "accepted" and propagate:
                added, more = self._propagate(conn, key, etype)
                posts |= more
            refresh_redacted(conn, posts, self._redact)
            record(conn, self.archive.now, f"review.{status[:-2]}-term",
                   {"term_hash": digest, "findings": len(ids), "propagated": added, "posts": len(posts),
                    "entity_type": etype})
        self._rerender(posts)
        return len(ids) + added

    def _propagate(self, conn: Connection, key: str, entity_type: str) -> tuple[int, set[int]]:
        words = re.findall(r"\w+", key)
        if not words:
            return 0, set()
        match = "{text} : (" + '"' + " ".join(words) + '"' + ")"
        pattern = re.compile(r"(?<!\w)@?" + re.escape(key) + r"(?!\w)", re.IGNORECASE)
        added = 0
        touched: set[int] = set()
        for pid, text in conn.execute(
            "SELECT p.id, p.text FROM posts_fts JOIN posts p ON p.id = posts_fts.rowid WHERE posts_fts MATCH ?",
            (match,),
        ).fetchall():
            for m in pattern.finditer(str(text)):
                exists = conn.execute(
                    "SELECT 1 FROM findings WHERE post_id = ? AND start < ? AND end > ?", (pid, m.end(), m.start())
                ).fetchone()
                if exists:
                    continue
                conn.execute(
                    "INSERT INTO findings(post_id, start, end, entity_type, score, source, term, status, decided_at) "
                    "VALUES (?, ?, ?, ?, 1.0, 'propagated', ?, 'accepted', ?)",
                    (pid, m.start(), m.end(), entity_type, key, self._now()),
                )
                added += 1
                touched.add(int(pid))
        return added, touched

    def add_manual(self, post_id: int, start: int, end: int, entity_type: str) -> int:
        """Mark a span the scrubber missed; returns the new finding's id."""
        text = self._post_exists(post_id)
        if not (0 <= start < end <= len(text)):
            raise SafeArchiveError(f"The span {start}–{end} is outside the post (it has {len(text)} characters).")
        etype = entity_type.strip().upper()
        if not re.fullmatch(r"[A-Z][A-Z0-9_]*", etype):
            raise SafeArchiveError("The entity type must be a word such as PERSON or LOCATION.")
        with self.archive.transaction("Saving a manual finding") as conn:
            cur = conn.execute(
                "INSERT INTO findings(post_id, start, end, entity_type, score, source, term, status, decided_at) "
                "VALUES (?, ?, ?, ?, 1.0, 'manual', ?, 'manual', ?)",
                (post_id, start, end, etype, norm(text[start:end]), self._now()),
            )
            fid = int(cur.lastrowid or 0)
            refresh_redacted(conn, [post_id], self._redact)
            record(conn, self.archive.now, "review.manual", {"finding": fid, "post": post_id, "entity_type": etype})
        self._rerender([post_id])
        return fid

    def mark_reviewed(self, post_ids: Iterable[int], reviewed: bool = True) -> Changes:
        ids = sorted(set(post_ids))
        status = "reviewed" if reviewed else "unreviewed"
        with self.archive.transaction("Marking posts reviewed") as conn:
            for pid in ids:
                conn.execute("UPDATE posts SET review_status = ? WHERE id = ?", (status, pid))
            record(conn, self.archive.now, f"review.mark-{status}", {"posts": len(ids)})
        return Changes(posts=True)

    # ------------------------------------------------------------------ labels, tags, notes
    def labels(self, post_id: int) -> list[Label]:
        rows = self.archive.conn.execute(
            "SELECT label, value FROM post_labels WHERE post_id = ? ORDER BY label", (post_id,)
        ).fetchall()
        return [Label(str(r[0]), r[1]) for r in rows]

    def set_label(self, post_ids: Iterable[int], name: str, value: str | None = None) -> Changes:
        label = validate_label(name, value)
        ids = sorted(set(post_ids))
        for pid in ids:
            self._post_exists(pid)
        with self.archive.transaction("Saving a label") as conn:
            for pid in ids:
                if label.name in CONSENT_LABELS:
                    conn.execute("DELETE FROM post_labels WHERE post_id = ? AND label IN ('anonymize-me', 'credit-me')", (pid,))
                if label.name != "anonymize-me":  # the default is the absence of credit-me
                    conn.execute(
                        "INSERT INTO post_labels(post_id, label, value) VALUES (?, ?, ?) "
                        "ON CONFLICT(post_id, label) DO UPDATE SET value = excluded.value",
                        (pid, label.name, label.value),
                    )
            if label.name in ("credit-me", "anonymize-me", "remove-location"):
                refresh_redacted(conn, ids, self._redact)
            record(conn, self.archive.now, "review.label", {"label": label.name, "posts": len(ids)})
        if label.name in ("credit-me", "anonymize-me", "remove-location"):
            self._rerender(ids)
        return Changes(labels=True, posts=True)

    def remove_label(self, post_ids: Iterable[int], name: str) -> Changes:
        key = name.strip().lower()
        validate_label(key, "2000-01-01" if key in ("embargo-until", "expire-after") else None)
        ids = sorted(set(post_ids))
        with self.archive.transaction("Removing a label") as conn:
            for pid in ids:
                conn.execute("DELETE FROM post_labels WHERE post_id = ? AND label = ?", (pid, key))
            if key in ("credit-me", "remove-location"):
                refresh_redacted(conn, ids, self._redact)
            record(conn, self.archive.now, "review.unlabel", {"label": key, "posts": len(ids)})
        if key in ("credit-me", "remove-location"):
            self._rerender(ids)
        return Changes(labels=True, posts=True)

    @staticmethod
    def normalise_tag(tag: str) -> str:
        value = tag.strip().lower().lstrip("#")
        if not _TAG.fullmatch(value):
            raise SafeArchiveError("A tag is one word of letters, digits, '-', '_' or '.' (at most 64 characters).")
        return value

    def tags(self, post_id: int) -> list[str]:
        return [str(r[0]) for r in self.archive.conn.execute(
            "SELECT tag FROM post_tags WHERE post_id = ? ORDER BY tag", (post_id,))]

    def add_tag(self, post_ids: Iterable[int], tag: str) -> Changes:
        value = self.normalise_tag(tag)
        ids = sorted(set(post_ids))
        for pid in ids:
            self._post_exists(pid)
        with self.archive.transaction("Saving a tag") as conn:
            for pid in ids:
                conn.execute("INSERT OR IGNORE INTO post_tags(post_id, tag) VALUES (?, ?)", (pid, value))
            record(conn, self.archive.now, "review.tag", {"posts": len(ids)})
        return Changes(labels=True)

    def remove_tag(self, post_ids: Iterable[int], tag: str) -> Changes:
        value = self.normalise_tag(tag)
        ids = sorted(set(post_ids))
        with self.archive.transaction("Removing a tag") as conn:
            for pid in ids:
                conn.execute("DELETE FROM post_tags WHERE post_id = ? AND tag = ?", (pid, value))
            record(conn, self.archive.now, "review.untag", {"posts": len(ids)})
        return Changes(labels=True)

    def notes(self, post_id: int) -> list[tuple[int, str, str]]:
        return [(int(r[0]), str(r[1]), str(r[2])) for r in self.archive.conn.execute(
            "SELECT id, created_at, body FROM post_notes WHERE post_id = ? ORDER BY id", (post_id,))]

    def add_note(self, post_id: int, body: str) -> int:
        self._post_exists(post_id)
        if not body.strip():
            raise SafeArchiveError("A note must not be empty.")
        with self.archive.transaction("Saving a note") as conn:
            cur = conn.execute(
                "INSERT INTO post_notes(post_id, created_at, body) VALUES (?, ?, ?)", (post_id, self._now(), body)
            )
            record(conn, self.archive.now, "review.note", {"post": post_id})
        return int(cur.lastrowid or 0)

    def delete_note(self, note_id: int) -> Changes:
        with self.archive.transaction("Deleting a note") as conn:
            n = conn.execute("DELETE FROM post_notes WHERE id = ?", (note_id,)).rowcount
            record(conn, self.archive.now, "review.delete-note", {"note": note_id, "deleted": n})
        return Changes(posts=True)

    def edited_text(self, post_id: int) -> str | None:
        row = self.archive.conn.execute("SELECT edited_text FROM posts WHERE id = ?", (post_id,)).fetchone()
        if row is None:
            raise SafeArchiveError(f"No post with id {post_id} in this archive.")
        return None if row[0] is None else str(row[0])

    def set_edited_text(self, post_id: int, text: str | None) -> Changes:
        """Store a paraphrase beside the original (``None`` removes it)."""
        self._post_exists(post_id)
        value = text if text and text.strip() else None
        with self.archive.transaction("Saving the edited text") as conn:
            conn.execute("UPDATE posts SET edited_text = ? WHERE id = ?", (value, post_id))
            record(conn, self.archive.now, "review.edit-text", {"post": post_id, "removed": value is None})
        return Changes(posts=True)

    # ------------------------------------------------------------------ term lists
    def term_list(self, which: str) -> list[tuple[str, str | None]]:
        self._check_list(which)
        return [(str(r[0]), r[1]) for r in self.archive.conn.execute(
            "SELECT term, entity_type FROM term_lists WHERE list = ? ORDER BY term", (which,))]

    @staticmethod
    def _check_list(which: str) -> None:
        if which not in ("always", "never"):
            raise SafeArchiveError("A term list is 'always' (always redact) or 'never' (never redact).")

    def add_term(self, term: str, which: str, entity_type: str | None = None) -> Changes:
        """Add to the archive's always-redact or never-redact list; stored redacted texts that
        contain the term are re-rendered."""
        self._check_list(which)
        key = norm(term)
        if not key:
            raise SafeArchiveError("The term is empty.")
        etype = (entity_type or ("CUSTOM" if which == "always" else "")).upper() or None
        digest = keyed_hash(self.archive, key)
        with self.archive.transaction("Saving a term list") as conn:
            other = "never" if which == "always" else "always"
            conn.execute("DELETE FROM term_lists WHERE term = ? AND list = ?", (key, other))
            conn.execute(
                "INSERT INTO term_lists(term, entity_type, list, created_at) VALUES (?, ?, ?, ?) "
                "ON CONFLICT(term, list) DO UPDATE SET entity_type = excluded.entity_type",
                (key, etype, which, self._now()),
            )
            touched = self._posts_with(conn, key)
            refresh_redacted(conn, touched, self._redact)
            record(conn, self.archive.now, f"review.{which}-list-add", {"term_hash": digest})
        self._rerender(touched)
        return Changes(policy=True, posts=True)

    def remove_term(self, term: str, which: str) -> Changes:
        self._check_list(which)
        key = norm(term)
        digest = keyed_hash(self.archive, key)
        with self.archive.transaction("Saving a term list") as conn:
            conn.execute("DELETE FROM term_lists WHERE term = ? AND list = ?", (key, which))
            touched = self._posts_with(conn, key)
            refresh_redacted(conn, touched, self._redact)
            record(conn, self.archive.now, f"review.{which}-list-remove", {"term_hash": digest})
        self._rerender(touched)
        return Changes(policy=True, posts=True)

    @staticmethod
    def _posts_with(conn: Connection, key: str) -> list[int]:
        words = re.findall(r"\w+", key)
        if not words:
            return []
        match = "{text} : (" + '"' + " ".join(words) + '"' + ")"
        return [int(r[0]) for r in conn.execute("SELECT rowid FROM posts_fts WHERE posts_fts MATCH ?", (match,))]

    def _now(self) -> str:
        return self.archive.now().isoformat(timespec="seconds")
