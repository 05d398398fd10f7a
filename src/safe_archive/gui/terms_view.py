"""The Terms view: every distinct flagged term with its count, label, sources, score range and
a few contexts; accept / reject / "not a name here" for all of its occurrences at once, the
count shown on the buttons before anything is applied. Sorted by count so the biggest decisions
come first. All reads and decisions run on the database thread (core.review.terms / .undo)."""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QItemSelectionModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from safe_archive.core.archive import Archive
from safe_archive.core.review.terms import TermSummary, term_summaries
from safe_archive.gui.bidi import FSI, PDI, DirectionDelegate, isolated
from safe_archive.gui.context import AppContext
from safe_archive.gui.highlight import PALETTE
from safe_archive.gui.operations import ArchiveOp
from safe_archive.gui.wording import plural

COLUMNS = ("Term", "Occurrences", "Posts", "Label", "Found by", "Score")
KEYS_HELP = ("Keys: ↑/↓ choose a term · A accept all · R reject all · X not a name here · "
             "Ctrl+Z undo · T back to the post view")


def _cells(term: TermSummary) -> tuple[str, ...]:
    score = (f"{term.score_min:.2f}–{term.score_max:.2f}" if term.score_min != term.score_max
             else f"{term.score_max:.2f}")
    return (term.key, f"{term.count:,}", f"{term.post_count:,}", ", ".join(k for k, _n in term.labels.most_common()),
            ", ".join(k for k, _n in term.sources.most_common()), score)


_SORT_KEYS: tuple[Callable[[TermSummary], Any], ...] = (
    lambda t: t.key, lambda t: t.count, lambda t: t.post_count, lambda t: t.label,
    lambda t: ",".join(t.sources), lambda t: t.score_max,
)


class TermsModel(QAbstractTableModel):
    """The terms as a lazy table: no per-cell objects, so tens of thousands of terms fill in
    one reset (a QTableWidget built six items per term on the GUI thread)."""

    def __init__(self) -> None:
        super().__init__()
        self.terms: list[TermSummary] = []

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.terms)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return _cells(self.terms[index.row()])[index.column()]
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() in (1, 2, 5):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return COLUMNS[section]
        return None

    def set_terms(self, terms: list[TermSummary]) -> None:
        self.beginResetModel()
        self.terms = terms
        self.endResetModel()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self.layoutAboutToBeChanged.emit()
        self.terms.sort(key=lambda t: (_SORT_KEYS[column](t), t.key), reverse=order == Qt.SortOrder.DescendingOrder)
        self.layoutChanged.emit()


class TermsView(QWidget):
    """Decisions are delegated to ``decide`` (the window's review actions, which keep undo)."""

    open_post = Signal(int)

    def __init__(self, ctx: AppContext, decide: Callable[[TermSummary, str], None]) -> None:
        super().__init__()
        self.ctx = ctx
        self._decide = decide
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        filters = QHBoxLayout()
        self.label_filter = QComboBox()
        self.label_filter.addItem("All labels", None)
        for name in PALETTE:
            self.label_filter.addItem(name, name)
        self.label_filter.setAccessibleName("Show terms with this label")
        label_caption = QLabel("&Label:")
        label_caption.setBuddy(self.label_filter)
        self.min_score = QDoubleSpinBox()
        self.min_score.setRange(0.0, 1.0)
        self.min_score.setSingleStep(0.05)
        self.min_score.setAccessibleName("Lowest score shown")
        score_caption = QLabel("Lowest &score:")
        score_caption.setBuddy(self.min_score)
        self.label_filter.currentIndexChanged.connect(lambda _i: self.refresh())
        self.min_score.editingFinished.connect(self.refresh)
        for w in (label_caption, self.label_filter, score_caption, self.min_score):
            filters.addWidget(w)
        filters.addStretch(1)
        self.summary = QLabel("")
        self.summary.setAccessibleName("Terms summary")
        filters.addWidget(self.summary)
        layout.addLayout(filters)

        self.model = TermsModel()
        self.table = QTableView()
        self.table.setItemDelegate(DirectionDelegate(self.table))
        self.table.setModel(self.model)
        self.table.setAccessibleName("Flagged terms needing a decision")
        self.table.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.table.setWordWrap(False)
        vh = self.table.verticalHeader()
        vh.setVisible(False)
        vh.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)  # no per-row measuring
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(1, Qt.SortOrder.DescendingOrder)  # the biggest decisions first
        self.table.selectionModel().currentRowChanged.connect(lambda _c, _p: self._selection_changed())
        layout.addWidget(self.table, 3)

        self.contexts = QTextBrowser()
        self.contexts.setOpenLinks(False)
        self.contexts.anchorClicked.connect(lambda url: self.open_post.emit(int(url.toString().split(":")[-1])))
        self.contexts.setAccessibleName("Where the chosen term occurs (links open the post)")
        layout.addWidget(self.contexts, 2)

        buttons = QHBoxLayout()
        self.accept_button = QPushButton("Accept")
        self.accept_button.setAccessibleName("Accept every occurrence of the chosen term")
        self.reject_button = QPushButton("Reject")
        self.reject_button.setAccessibleName("Reject every occurrence of the chosen term")
        self.not_name_button = QPushButton("Not a name here")
        self.not_name_button.setAccessibleName("Not a name here: keep the term everywhere in this archive")
        self.accept_button.clicked.connect(lambda: self.decide("accepted"))
        self.reject_button.clicked.connect(lambda: self.decide("rejected"))
        self.not_name_button.clicked.connect(lambda: self.decide("not-a-name"))
        for b in (self.accept_button, self.reject_button, self.not_name_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.keys = QLabel(KEYS_HELP)
        self.keys.setWordWrap(True)
        self.keys.setAccessibleName("Keyboard keys for the terms view")
        layout.addWidget(self.keys)
        self._update_buttons()

    # ------------------------------------------------------------------ data
    def refresh(self) -> None:
        etype = self.label_filter.currentData()
        min_score = self.min_score.value() or None
        keep = self.current_term()
        keep_key = keep.key if keep else None

        def load(a: Archive) -> list[TermSummary]:
            return a.review.term_summaries(entity_type=etype, min_score=min_score)

        ArchiveOp(self.ctx, load, parent=self).success(lambda terms: self.fill(terms, keep_key)).run_in_background()

    @property
    def terms(self) -> list[TermSummary]:
        return self.model.terms

    def row_count(self) -> int:
        return self.model.rowCount()

    def cell(self, row: int, column: int) -> str:
        return str(self.model.data(self.model.index(row, column)))

    def fill(self, terms: list[TermSummary], keep_key: str | None = None) -> None:
        old_row = self.table.currentIndex().row()
        header = self.table.horizontalHeader()
        self.model.set_terms(terms)
        self.model.sort(header.sortIndicatorSection(), header.sortIndicatorOrder())
        occurrences = sum(t.count for t in terms)
        self.summary.setText(f"{plural(len(terms), 'term')}, {plural(occurrences, 'occurrence')} to decide")
        target = 0
        if keep_key is not None:
            target = next((r for r, t in enumerate(self.model.terms) if t.key == keep_key), -1)
            if target < 0:  # decided: the next term takes its place
                target = max(0, min(old_row, len(terms) - 1))
        if terms:
            flags = QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
            self.table.selectionModel().setCurrentIndex(self.model.index(target, 0), flags)
        self._selection_changed()

    def current_term(self) -> TermSummary | None:
        row = self.table.currentIndex().row()
        return self.model.terms[row] if 0 <= row < len(self.model.terms) else None

    def _selection_changed(self) -> None:
        term = self.current_term()
        self._update_buttons()
        if term is None:
            self.contexts.setHtml("<p>No flagged terms left to decide.</p>" if not self.terms else "")
            return
        # our sentence reads left to right; the term and each context keep their own direction
        parts = [f"<p dir=\"ltr\"><b>{isolated(html.escape(term.key))}</b> — {plural(term.count, 'occurrence')} in "
                 f"{plural(term.post_count, 'post')}; label {html.escape(term.label)}.</p><ul>"]
        for c in term.contexts:
            parts.append(f'<li><a href="post:{c.post_id}">post #{c.post_id}</a>: {FSI}…{html.escape(c.before)} '
                         f"<b><u>{html.escape(c.term)}</u></b> {html.escape(c.after)}…{PDI}</li>")
        parts.append("</ul>")
        self.contexts.setHtml("".join(parts))

    def _update_buttons(self) -> None:
        term = self.current_term()
        n = term.count if term else 0
        self.accept_button.setText(f"&Accept all {n:,}" if term else "Accept")
        self.reject_button.setText(f"&Reject all {n:,}" if term else "Reject")
        self.not_name_button.setText(f"&Not a name here ({n:,})" if term else "Not a name here")
        for b in (self.accept_button, self.reject_button, self.not_name_button):
            b.setEnabled(term is not None)

    def decide(self, status: str) -> None:
        term = self.current_term()
        if term is not None:
            self._decide(term, status)
