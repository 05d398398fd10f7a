"""Review decisions that can be undone: one finding, a set of findings, or every occurrence of
a term (accept / reject / "not a name here"), each recorded as one step in a
:class:`DecisionJournal` so the last steps can be reverted.

The journal holds finding ids, previous statuses and the canonical terms added to the
never-redact list, in memory only (it is lost when the archive is locked, like an editor's undo
history). Every step and every undo writes an audit entry (ids and counts, never text) and
re-renders the posts' redacted text.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from collections.abc import Sequence
from dataclasses import dataclass, field

from safe_archive.core.store import annotations as notes_sql
from safe_archive.core.store import findings as findings_sql
from safe_archive.core.store.audit import record
from safe_archive.core.errors import SafeArchiveError
from safe_archive.core.store.hashing import keyed_hash
from safe_archive.core.store.rendering import refresh_redacted
from safe_archive.core.review.review import Review
from safe_archive.core.review.terms import canonical

if TYPE_CHECKING:
    from safe_archive.core.store.store import Store

DECISIONS = ("accepted", "rejected", "not-a-name")
UNDO_DEPTH = 100


@dataclass(slots=True)
class Step:
    description: str
    previous: list[tuple[int, str, str | None]] = field(default_factory=list)  # finding, status, decided_at
    inserted: list[int] = field(default_factory=list)  # findings the step created (propagation)
    never_added: list[str] = field(default_factory=list)  # canonical terms put on the never list
    posts: set[int] = field(default_factory=set)

    @property
    def size(self) -> int:
        return len(self.previous) + len(self.inserted)


@dataclass(slots=True)
class DecisionJournal:
    steps: list[Step] = field(default_factory=list)
    depth: int = UNDO_DEPTH

    def push(self, step: Step) -> None:
        self.steps.append(step)
        del self.steps[: -self.depth]

    def can_undo(self) -> bool:
        return bool(self.steps)

    def last(self) -> Step | None:
        return self.steps[-1] if self.steps else None


@dataclass(frozen=True, slots=True)
class Outcome:
    decided: int  # findings whose status was set
    added: int  # occurrences the scrubber missed, now redacted too (accept only)
    posts: int


class UndoableReview:
    def __init__(self, store: Store, journal: DecisionJournal) -> None:
        self.store = store
        self.journal = journal
        self.review = Review(store)

    def decide(self, finding_id: int, status: str) -> Outcome:
        """One finding (accepted | rejected)."""
        return self.decide_findings([finding_id], status, description="decision")

    def decide_findings(self, finding_ids: Sequence[int], status: str, *, description: str = "decisions",
                        term: str | None = None) -> Outcome:
        """Set ``status`` on exactly these findings (the count the reviewer was shown).

        ``not-a-name`` rejects them and puts ``term`` on the archive's never-redact list, so
        later scrubs keep it too. ``accepted`` with a ``term`` also redacts the occurrences the
        scrubber missed (as ``Review.decide_term`` does)."""
        if status not in DECISIONS:
            raise SafeArchiveError("A decision is 'accepted', 'rejected' or 'not-a-name'.")
        ids = sorted(set(int(i) for i in finding_ids))
        if not ids:
            raise SafeArchiveError("No findings to decide.")
        key = canonical(term) if term else None
        if status == "not-a-name" and not key:
            raise SafeArchiveError("'Not a name here' needs the term.")
        digest = keyed_hash(self.store, key) if key else None  # may create the key: not inside our transaction
        step = Step(description)
        now = self.store.now().isoformat(timespec="seconds")
        new_status = "rejected" if status == "not-a-name" else status
        with self.store.transaction("Saving decisions", "findings", "posts") as conn:
            etypes: set[str] = set()
            rows = findings_sql.decide_unless_manual(conn, ids, new_status, now)
            step.previous.extend((fid, old, decided) for fid, _pid, old, decided, _etype in rows)
            step.posts.update(r[1] for r in rows)
            etypes.update(r[4] for r in rows)
            if not step.previous:
                raise SafeArchiveError("Those findings no longer exist (the post was re-scrubbed or deleted).")
            added = 0
            if status == "accepted" and key:
                before = findings_sql.last_id(conn)
                added, more = self.review._propagate(conn, key, sorted(etypes)[0])
                step.posts |= more
                step.inserted = findings_sql.propagated_since(conn, before)
            if status == "not-a-name" and key:
                if notes_sql.add_never_if_absent(conn, key, now):
                    step.never_added.append(key)
            refresh_redacted(conn, step.posts)
            self.store.note(post_ids=step.posts)
            details: dict[str, object] = {"findings": len(step.previous), "propagated": added, "posts": len(step.posts),
                                          "entity_type": ",".join(sorted(etypes))}
            if digest:
                details["term_hash"] = digest
            action = {"accepted": "review.accept", "rejected": "review.reject", "not-a-name": "review.not-a-name"}[status]
            record(conn, self.store.now, action + ("-term" if key else ""), details)
        self.journal.push(step)
        return Outcome(len(step.previous), added, len(step.posts))

    def undo(self) -> Step | None:
        """Revert the last step; returns it (``None`` when there is nothing to undo)."""
        step = self.journal.last()
        if step is None:
            return None
        with self.store.transaction("Undoing decisions", "findings", "posts") as conn:
            findings_sql.restore(conn, step.previous)
            findings_sql.delete(conn, step.inserted)
            for key in step.never_added:
                notes_sql.remove_never(conn, key)
            refresh_redacted(conn, step.posts)
            self.store.note(post_ids=step.posts)
            record(conn, self.store.now, "review.undo",
                   {"findings": len(step.previous), "removed": len(step.inserted), "posts": len(step.posts)})
        self.journal.steps.pop()
        return step
