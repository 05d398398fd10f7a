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
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from safe_archive.gui.bidi import DirectionDelegate
from safe_archive.gui.wording import plural

if TYPE_CHECKING:
    from safe_archive.core.export.exporter import Prepared

CONTEXT = 30


@dataclass(frozen=True, slots=True)
class LeakWord:
    post_id: int
    entity_type: str
    word: str
    context: str
    field: str  # text | tags | note


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
        out.append(LeakWord(hit.post_id, hit.entity_type, word, f"…{before} [{word}] {after}…", hit.field))
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
        self.tree.setItemDelegate(DirectionDelegate(self.tree))  # an Arabic post's context right to left
        self.tree.setHeaderLabels(["Post", "Kind", "Word found", "Where"])
        self.tree.setAccessibleName("Words the leak check found; press Enter to open the post")
        self.tree.setRootIsDecorated(False)
        self.tree.itemActivated.connect(self._activated)
        layout.addWidget(self.tree, 1)
        help_text = QLabel("Open a post (double-click or Enter), fix it — accept its finding, or select the word "
                           "and press M to redact it — then check again.")
        help_text.setWordWrap(True)
        layout.addWidget(help_text)
        row = QHBoxLayout()
        self.recheck_button = QPushButton("&Check again")
        self.recheck_button.setAccessibleName("Run the leak check again")
        self.recheck_button.clicked.connect(self.recheck.emit)
        row.addWidget(self.recheck_button)
        row.addStretch(1)
        layout.addLayout(row)
        reason_row = QHBoxLayout()
        self.reason = QLineEdit()
        self.reason.setAccessibleName("Why export despite the leak check")
        self.reason.setPlaceholderText("Only if you are sure these are not identifiers: say why (recorded)")
        reason_caption = QLabel("&Reason:")
        reason_caption.setBuddy(self.reason)
        self.override_button = QPushButton("Export &anyway…")
        self.override_button.setAccessibleName("Export despite the leak check, recording the reason")
        self.override_button.setEnabled(False)
        self.reason.textChanged.connect(lambda t: self.override_button.setEnabled(bool(t.strip()) and bool(self.words)))
        self.override_button.clicked.connect(lambda: self.export_anyway.emit(self.reason.text().strip()))
        for w in (reason_caption, self.reason, self.override_button):
            reason_row.addWidget(w)
        layout.addLayout(reason_row)
        note = QLabel("The reason is written to the export's manifest and the audit log.")
        note.setWordWrap(True)
        layout.addWidget(note)
        self.setWidget(body)
        self.words: list[LeakWord] = []

    def show_words(self, words: list[LeakWord], posts_checked: int) -> None:
        self.words = words
        self.tree.clear()
        for w in words:
            item = QTreeWidgetItem([f"#{w.post_id}", w.entity_type, w.word, w.context if w.field == "text" else f"{w.field}: {w.context}"])
            item.setData(0, Qt.ItemDataRole.UserRole, w.post_id)
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
        self.override_button.setEnabled(bool(self.reason.text().strip()) and bool(words))
        self.show()
        self.raise_()

    def clear(self) -> None:
        """On lock: no word stays on screen."""
        self.words = []
        self.tree.clear()
        self.heading.clear()
        self.reason.clear()
        self.hide()

    def _activated(self, item: QTreeWidgetItem, _column: int) -> None:
        post_id = item.data(0, Qt.ItemDataRole.UserRole)
        if isinstance(post_id, int):
            self.open_post.emit(post_id)
