"""The leak-check refusal as a panel beside the posts (not a modal dead end): the words the check
found, each linked to its post, so the reviewer can open the post, fix it in place (accept the
finding, or select the word and add a redaction with M) and check again. The words are shown to
the reviewer only; nothing here is written anywhere. An export despite the refusal asks for the
reason here and records it in the manifest and audit log, exactly as the command line does."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDockWidget,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMainWindow,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from safe_archive.gui.highlight import HitDelegate
from safe_archive.gui.posts_model import HITS_ROLE
from safe_archive.gui.wording import plural

if TYPE_CHECKING:
    from safe_archive.core.export.exporter import Prepared

CONTEXT = 30


@dataclass(frozen=True, slots=True)
class LeakWord:
    post_id: int
    entity_type: str
    word: str
    context: str  # the word with a little text either side
    field: str  # text | tags | note
    at: int = 0  # where the word starts in ``context`` (drawn highlighted, not in [ ] like our stand-ins)


def leak_words(prep: Prepared) -> list[LeakWord]:
    """The words behind a leak report, read at the places its hits name (no second detection
    pass): each with a little context, one per place even when two detectors agree."""
    records = {r.post_id: r for r in prep.records}
    out: list[LeakWord] = []
    seen: set[tuple[int, str, int, int]] = set()
    for hit in prep.leak.hits:
        record = records.get(hit.post_id)
        place = (hit.post_id, hit.field, hit.index, hit.start)
        if record is None or place in seen:
            continue
        seen.add(place)
        texts = {"text": [record.text], "tags": record.tags, "note": record.notes}[hit.field]
        text = texts[hit.index]
        word = text[hit.start : hit.end]
        before = " ".join(text[max(0, hit.start - CONTEXT) : hit.start].split())
        after = " ".join(text[hit.end : hit.end + CONTEXT].split())
        head = f"…{before} "
        out.append(LeakWord(hit.post_id, hit.entity_type, word, f"{head}{word} {after}…", hit.field, len(head)))
    return out


class LeakPanel(QDockWidget):
    """Lists the words; ``open_post`` asks the window to show a post; ``recheck`` and
    ``export_anyway(reason)`` go back to the export dialog."""

    open_post = Signal(int)
    recheck = Signal()
    export_anyway = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Leak check", parent)
        self.setObjectName("leak-check-panel")
        self.setAccessibleName("Leak check results")
        body = QWidget()
        layout = QVBoxLayout(body)
        self.heading = QLabel("")
        self.heading.setWordWrap(True)
        self.heading.setAccessibleName("Leak check summary")
        layout.addWidget(self.heading)
        self.tree = QTreeWidget()
        # an Arabic post's context right to left; the word found highlighted in its context
        self.tree.setItemDelegate(HitDelegate(self.tree, HITS_ROLE))
        self.tree.setHeaderLabels(["Post", "Kind", "Word found", "Where"])
        self.tree.setAccessibleName("Words the leak check found; press Enter to open the post")
        self.tree.setRootIsDecorated(False)
        self.tree.itemActivated.connect(self._activated)
        layout.addWidget(self.tree, 1)
        help_text = QLabel("Open a post (double-click or Enter), fix it — accept its finding, or select the word "
                           "and press M to redact it — then check again. A reason to export anyway is written "
                           "to the export's manifest and the audit log.")
        help_text.setWordWrap(True)
        layout.addWidget(help_text)
        row = QHBoxLayout()  # one row of controls: the panel stays small beside the posts
        self.recheck_button = QPushButton("&Check again")
        self.recheck_button.setAccessibleName("Run the leak check again")
        self.recheck_button.clicked.connect(self.recheck.emit)
        row.addWidget(self.recheck_button)
        row.addSpacing(12)
        self.reason = QLineEdit()
        self.reason.setAccessibleName("Why export despite the leak check")
        self.reason.setPlaceholderText("Only if you are sure these are not identifiers: say why (recorded)")
        reason_caption = QLabel("&Reason:")
        reason_caption.setBuddy(self.reason)
        self.override_button = QPushButton("Export &anyway…")
        self.override_button.setAccessibleName("Export despite the leak check, recording the reason")
        self.override_button.setEnabled(False)
        self.reason.textChanged.connect(lambda _t: self._sync_override())
        self.override_button.clicked.connect(lambda: self.export_anyway.emit(self.reason.text().strip()))
        for w in (reason_caption, self.reason, self.override_button):
            row.addWidget(w)
        layout.addLayout(row)
        self.setWidget(body)
        self.words: list[LeakWord] = []
        self.posts_checked = 0
        self.checked = False  # a result is shown
        self.stale = False  # the archive changed since that result

    def _sync_override(self) -> None:
        # never over a result the archive has since outgrown: the reason would cover words not seen
        self.override_button.setEnabled(bool(self.reason.text().strip()) and bool(self.words) and not self.stale)

    def show_words(self, words: list[LeakWord], posts_checked: int) -> None:
        self.words = words
        self.tree.clear()
        for w in words:
            prefix = "" if w.field == "text" else f"{w.field}: "
            item = QTreeWidgetItem([f"#{w.post_id}", w.entity_type, w.word, prefix + w.context])
            item.setData(0, Qt.ItemDataRole.UserRole, w.post_id)
            at = len(prefix) + w.at
            item.setData(3, HITS_ROLE, ((at, at + len(w.word)),))
            item.setToolTip(3, w.context)
            self.tree.addTopLevelItem(item)
        for col in range(3):
            self.tree.resizeColumnToContents(col)
        posts = len({w.post_id for w in words})
        if words:
            self.heading.setText(f"<b>Export stopped: nothing was written.</b> The leak check found "
                                 f"{plural(len(words), 'possible identifier')} in {plural(posts, 'post')} "
                                 f"(of {plural(posts_checked, 'post')} checked).")
            first = self.tree.topLevelItem(0)
            if first is not None:
                self.tree.setCurrentItem(first)
        else:
            self.heading.setText(f"Leak check passed: {plural(posts_checked, 'post')} checked, no identifiers found. "
                                 "You can export now.")
        self.posts_checked = posts_checked
        self.checked = True
        self.stale = False
        self._sync_override()
        opening = not self.isVisible()
        self.show()
        self.raise_()
        if opening:
            self._fit(len(words))

    def mark_stale(self, what: str) -> None:
        """The archive changed since the check shown (``what``: "posts were imported"…): say
        so, instead of a result that may no longer hold, and allow no export anyway over it."""
        if not self.checked or self.stale:
            return
        self.stale = True
        if self.words:
            self.heading.setText(f"<b>Out of date:</b> {what} since this check. The words below are from it; "
                                 "fix what they name, then check again.")
        else:
            self.heading.setText(f"<b>Out of date:</b> {what} since this check passed. Check again before "
                                 "you export.")
        self._sync_override()

    def _fit(self, rows: int) -> None:
        """Open at the height of its words (up to 8 rows), at most a third of the window: the
        posts stay in view (it took half the window whatever it held)."""
        window = self.parentWidget()
        if not isinstance(window, QMainWindow) or self.isFloating():
            return
        tree_rows = max(1, min(rows, 8))
        row_height = max(self.tree.sizeHintForRow(0), self.tree.fontMetrics().height() + 4)
        tree = self.tree.header().sizeHint().height() + tree_rows * row_height + 2 * self.tree.frameWidth() + 4
        body = self.widget()
        rest = body.sizeHint().height() - self.tree.sizeHint().height() if body is not None else 120
        wanted = tree + max(rest, 0) + self.fontMetrics().height() + 8  # the dock's title bar
        window.resizeDocks([self], [min(wanted, max(window.height() // 3, 160))], Qt.Orientation.Vertical)

    def clear(self) -> None:
        """On lock: no word stays on screen."""
        self.words = []
        self.tree.clear()
        self.heading.clear()
        self.reason.clear()
        self.checked = False
        self.stale = False
        self.hide()

    def _activated(self, item: QTreeWidgetItem, _column: int) -> None:
        post_id = item.data(0, Qt.ItemDataRole.UserRole)
        if isinstance(post_id, int):
            self.open_post.emit(post_id)
