"""Review, collection and label actions over ``core/review``.

Each action runs one service call on the database thread through :class:`ArchiveOp` and
then only says what it did; the screens refresh from the archive's "changed" signal
(``AppContext.archive_changed``), not from what the call returned. Offsets handed to the
service are code points (converted from the Qt selection by :mod:`safe_archive.gui.offsets`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol, TypeVar

from PySide6.QtWidgets import QStatusBar, QWidget

from safe_archive.core.archive import Archive
from safe_archive.core.redaction.canonical import match_key
from safe_archive.core.review.terms import TermSummary
from safe_archive.core.review.undo import DecisionJournal, Outcome, Step, UndoableReview
from safe_archive.gui.context import AppContext
from safe_archive.gui.detail_pane import DetailPane
from safe_archive.gui.dialogs import ChoiceDialog
from safe_archive.gui.highlight import PALETTE
from safe_archive.gui.operations import ArchiveOp
from safe_archive.gui.posts_model import PostsTableModel, SearchSource
from safe_archive.gui.terms_view import TermsView
from safe_archive.gui.wording import plural

T = TypeVar("T")


class ReviewWindow(Protocol):
    """What the review actions need from the window they act in (the main window is one;
    naming it here instead would make the window and its actions import each other)."""

    @property
    def detail(self) -> DetailPane: ...
    @property
    def model(self) -> PostsTableModel: ...
    @property
    def terms_view(self) -> TermsView: ...
    def statusBar(self) -> QStatusBar: ...
    def update_undo_action(self) -> None: ...
    def in_terms_view(self) -> bool: ...
    def current_post_id(self) -> int | None: ...
    def selected_post_ids(self) -> list[int]: ...


class ReviewActions:
    def __init__(self, window: ReviewWindow, parent: QWidget, ctx: AppContext) -> None:
        self.window = window
        self.parent = parent  # dialogs and operations belong to it
        self.ctx = ctx
        self.last_dialog: ChoiceDialog | None = None
        self.journal = DecisionJournal()  # undo history of this window's decisions (in memory)

    # ------------------------------------------------------------------ helpers
    def _message(self, text: str) -> None:
        self.window.statusBar().showMessage(text, 6000)

    def _run(self, op: Callable[[Archive], T], then: Callable[[T], object], label: str) -> None:
        def failed(exc: BaseException) -> None:
            self._go_to_row_after(None)  # nothing changed: no row to move to
            self.ctx.show_error(self.parent, exc)

        ArchiveOp(self.ctx, op, parent=self.parent).success(then).failure(failed).with_progress(label).run_in_background()

    # ------------------------------------------------------------------ findings
    def _undoable(self, archive: Archive) -> UndoableReview:
        return archive.undoable_review(self.journal)

    def _go_to_row_after(self, row: int | None) -> None:
        """Where the findings list lands when the decision's change reloads the post."""
        post_id = self.window.current_post_id()
        if post_id is not None:
            self.window.detail.select_after_change(post_id, row)

    def decide(self, status: str) -> None:
        if self.window.in_terms_view():
            self.window.terms_view.decide(status)
            return
        finding = self.window.detail.selected_finding()
        if finding is None:
            self._message("Select a finding first (J goes to the next finding, Alt+3 to the findings list).")
            return
        row = self.window.detail.findings_list.currentRow()
        following = self.window.detail.next_pending_row(row)  # the next one still to decide
        done_here = following is None or following == row

        def after(_outcome: Outcome) -> None:
            self.window.update_undo_action()
            if done_here:
                self._message("Every finding in this post is decided. N goes to the next post needing review.")

        self._go_to_row_after(row if done_here else following)
        self._run(lambda a: self._undoable(a).decide(finding.id, status), after, "Saving the decision…")

    def accept(self) -> None:
        self.decide("accepted")

    def reject(self) -> None:
        self.decide("rejected")

    def not_a_name(self) -> None:
        """'Not a name here' for the chosen term (Terms view) or the selected finding's term."""
        if self.window.in_terms_view():
            self.window.terms_view.decide("not-a-name")
        else:
            self.decide_all("not-a-name")

    def decide_all(self, status: str = "accepted") -> None:
        finding = self.window.detail.selected_finding()
        detail = self.window.detail.detail
        if finding is None or detail is None:
            self._message("Select a finding first.")
            return
        # grouped as the Terms view groups it: forms differing in case, disguise or word breaks
        # ('#JaneDoe', 'janedoe', 'Jane Doe') are one term, decided under the summary's key
        key = match_key(detail.post.text[finding.start : finding.end])

        def op(a: Archive) -> Outcome | None:
            match = next((t for t in a.review.term_summaries(status=None, contexts=0) if match_key(t.key) == key), None)
            if match is None:
                return None
            ids = a.review.term_finding_ids(match, status=None)
            return self._undoable(a).decide_findings(ids, status, term=match.key, description="term")

        def done(outcome: Outcome | None) -> None:
            self.window.update_undo_action()
            if outcome is not None:
                self._message(self.describe(outcome, status))

        self._run(op, done, "Applying to all occurrences…")

    def decide_term(self, term: TermSummary, status: str) -> None:
        """All pending occurrences of a Terms-view term: exactly the count on the button."""
        def done(outcome: Outcome) -> None:
            self.window.update_undo_action()
            self._message(self.describe(outcome, status))

        def op(a: Archive) -> Outcome:  # the pending findings behind the term now: the count shown
            return self._undoable(a).decide_findings(a.review.term_finding_ids(term), status, term=term.key, description="term")

        self._run(op, done, "Applying to all occurrences…")

    @staticmethod
    def describe(outcome: Outcome, status: str) -> str:
        verb = {"accepted": "accepted (redacted)", "rejected": "rejected (kept)",
                "not-a-name": "kept as not a name; the term is on the never-redact list"}[status]
        n = outcome.decided
        text = f"{n:,} occurrence{'' if n == 1 else 's'} in {outcome.posts:,} post{'' if outcome.posts == 1 else 's'} {verb}."
        if outcome.added:
            text += f" {outcome.added:,} more the scrubber missed {'is' if outcome.added == 1 else 'are'} now redacted too."
        return text + " Ctrl+Z undoes it."

    def undo(self) -> None:
        if not self.journal.can_undo():
            self._message("Nothing to undo.")
            return

        def done(step: Step | None) -> None:
            self.window.update_undo_action()
            if step is not None:
                n = len(step.previous)
                self._message(f"Undone: {n:,} decision{'' if n == 1 else 's'} restored.")

        self._run(lambda a: self._undoable(a).undo(), done, "Undoing…")

    def add_manual(self, entity_type: str | None = None) -> ChoiceDialog | None:
        span = self.window.detail.selection_code_points()
        detail = self.window.detail.detail
        if span is None or detail is None or span[0] >= span[1]:
            self._message("Select the text to redact in the original view first.")
            return None
        post_id = detail.post.id
        pending = {(f.start, f.end, f.entity_type): f.id for f in detail.findings if f.status == "pending"}

        def save(etype: str, _value: object = None) -> None:
            same = pending.get((span[0], span[1], etype))
            if same is not None:  # exactly a finding still to decide: accept it, no second one
                def accepted(_outcome: Outcome) -> None:
                    self.window.update_undo_action()
                    self._message("Finding accepted.")

                self._run(lambda a: self._undoable(a).decide(same, "accepted"), accepted, "Saving the decision…")
                return
            self._run(lambda a: a.review.add_manual(post_id, span[0], span[1], etype),
                      lambda _fid: self._message("Redaction added."), "Saving the redaction…")

        if entity_type is not None:
            save(entity_type)
            return None
        dialog = ChoiceDialog("Add a redaction", "Entity type:", list(PALETTE), parent=self.parent,
                              help_text="The selected text will be redacted in this post.")
        dialog.chosen.connect(save)
        self.last_dialog = dialog
        dialog.open()
        return dialog

    def mark_reviewed(self) -> None:
        current = self.window.current_post_id()
        ids = self.window.selected_post_ids() or ([current] if current else [])
        if not ids:
            self._message("Select posts first.")
            return

        self._run(lambda a: a.review.mark_reviewed(ids),
                  lambda _c: self._message(f"{plural(len(ids), 'post')} marked reviewed."), "Marking reviewed…")

    # ------------------------------------------------------------------ collections and labels
    def _choose(self, title: str, prompt: str, names_op: Callable[[Archive], list[str]],
                then: Callable[[str, object], None], **kwargs: Any) -> None:
        def show(names: list[str]) -> None:
            dialog = ChoiceDialog(title, prompt, names, parent=self.parent, **kwargs)
            dialog.chosen.connect(then)
            self.last_dialog = dialog
            dialog.open()

        ArchiveOp(self.ctx, names_op, parent=self.parent).success(show).run_in_background()

    def add_to_collection(self, name: str | None = None, post_ids: list[int] | None = None) -> None:
        ids = post_ids if post_ids is not None else self.window.selected_post_ids()
        if not ids:
            self._message("Select posts first.")
            return
        if name is None:
            self._choose("Add to a collection", "Collection:", lambda a: [c.name for c in a.collections.list()],
                         lambda chosen, _v: self.add_to_collection(chosen, ids),
                         help_text=f"{plural(len(ids), 'selected post')}. Type a new name to create a collection.")
            return

        def op(a: Archive) -> None:
            service = a.collections
            if name in {c.name for c in service.list()}:
                service.add(name, ids)
            else:
                service.create(name, post_ids=ids)

        self._run(op, lambda _none: self._message(f"{plural(len(ids), 'post')} added to the collection."),
                  "Saving the collection…")

    def add_results_to_collection(self, name: str | None = None) -> None:
        source = self.window.model.source
        if not isinstance(source, SearchSource):
            self._message("Run a search first.")
            return

        def all_ids(a: Archive) -> list[int]:
            return list(a.read.matching_ids(source.query, original=source.original))

        ArchiveOp(self.ctx, all_ids, parent=self.parent).success(
            lambda ids: self.add_to_collection(name, ids)).run_in_background()

    def save_search(self, name: str | None = None) -> None:
        source = self.window.model.source
        if not isinstance(source, SearchSource):
            self._message("Run a search first.")
            return
        if name is None:
            self._choose("Save this search", "Name:", lambda a: [n for n, _q in a.saved_searches.list()],
                         lambda chosen, _v: self.save_search(chosen))
            return
        self._run(lambda a: a.saved_searches.save(name, source.query),
                  lambda _c: self._message(f"Search saved as “{name}”."), "Saving the search…")

    def set_label(self, name: str | None = None, value: str | None = None) -> None:
        ids = self.window.selected_post_ids()
        if not ids:
            self._message("Select posts first.")
            return
        if name is None:
            from safe_archive.core.labels import LABELS

            dialog = ChoiceDialog("Consent and handling label", "Label:", list(LABELS), editable=False,
                                  value_prompt="Date (YYYY-MM-DD, for embargo/expiry):", parent=self.parent,
                                  help_text="\n".join(f"{k}: {v[1]}" for k, v in LABELS.items()))
            dialog.chosen.connect(lambda n, v: self.set_label(n, v))
            self.last_dialog = dialog
            dialog.open()
            return
        self._run(lambda a: a.review.set_label(ids, name, value),
                  lambda _c: self._message(f"Label {name} set on {plural(len(ids), 'post')}."), "Saving the label…")
