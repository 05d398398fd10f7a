"""Tags and notes on posts, and the context menus of the posts table and the findings list.

Tags and notes go through ``archive.review`` on the database thread (the same calls as
``safe-archive tag`` / ``note``); the post view refreshes from the archive's "changed" signal.
The menus reuse the window's actions so every entry has the same keyboard shortcut as in the
menu bar."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Protocol

from PySide6.QtCore import QPoint, Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QMenu,
    QPlainTextEdit,
    QStatusBar,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from safe_archive.core.archive import Archive
from safe_archive.gui.context import AppContext
from safe_archive.gui.detail_pane import DetailPane
from safe_archive.gui.dialogs import ChoiceDialog
from safe_archive.gui.operations import ArchiveOp
from safe_archive.gui.wording import plural


class PostsWindow(Protocol):
    """What the tag, note and menu actions need from the window they act in."""

    @property
    def detail(self) -> DetailPane: ...
    @property
    def table(self) -> QTableView: ...
    @property
    def actions_by_name(self) -> Mapping[str, QAction]: ...
    def statusBar(self) -> QStatusBar: ...
    def current_post_id(self) -> int | None: ...
    def selected_post_ids(self) -> list[int]: ...


class NoteDialog(QDialog):
    """A memo on one post (stored encrypted in the archive; never exported unless asked for)."""

    saved = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Add a note to this post")
        layout = QVBoxLayout(self)
        caption = QLabel("&Note (kept encrypted in the archive; left out of exports unless you include notes):")
        caption.setWordWrap(True)
        self.body = QPlainTextEdit()
        self.body.setAccessibleName("Note text")
        self.body.setTabChangesFocus(True)
        caption.setBuddy(self.body)
        layout.addWidget(caption)
        layout.addWidget(self.body)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def accept(self) -> None:
        text = self.body.toPlainText().strip()
        if not text:
            return
        super().accept()
        self.saved.emit(text)


class PostActions:
    def __init__(self, window: PostsWindow, parent: QWidget, ctx: AppContext) -> None:
        self.window = window
        self.parent = parent  # dialogs, menus and operations belong to it
        self.ctx = ctx
        self.last_dialog: QDialog | None = None

    def _ids(self) -> list[int]:
        current = self.window.current_post_id()
        return self.window.selected_post_ids() or ([current] if current else [])

    def _run(self, op: Callable[[Archive], object], message: str, label: str) -> None:
        ArchiveOp(self.ctx, op, parent=self.parent).success(
            lambda _r: self.window.statusBar().showMessage(message, 6000)).with_progress(label).run_in_background()

    # ------------------------------------------------------------------ tags
    def add_tag(self, tag: str | None = None) -> None:
        ids = self._ids()
        if not ids:
            self.window.statusBar().showMessage("Select posts first.", 5000)
            return
        if tag is None:
            detail = self.window.detail.detail
            dialog = ChoiceDialog("Tag posts", "&Tag:", detail.tags if detail else [], parent=self.parent,
                                  help_text=f"{plural(len(ids), 'selected post')}. A tag is one word (letters, digits, - _ .).")
            dialog.chosen.connect(lambda name, _v: self.add_tag(name))
            self.last_dialog = dialog
            dialog.open()
            return
        self._run(lambda a: a.review.add_tag(ids, tag), f"Tagged {plural(len(ids), 'post')} “{tag}”.", "Saving the tag…")

    def remove_tag(self, tag: str | None = None) -> None:
        ids = self._ids()
        detail = self.window.detail.detail
        if not ids or detail is None:
            self.window.statusBar().showMessage("Select posts first.", 5000)
            return
        if tag is None:
            if not detail.tags:
                self.window.statusBar().showMessage("This post has no tags.", 5000)
                return
            dialog = ChoiceDialog("Remove a tag", "&Tag:", detail.tags, editable=False, parent=self.parent,
                                  help_text=f"From {plural(len(ids), 'selected post')}.")
            dialog.chosen.connect(lambda name, _v: self.remove_tag(name))
            self.last_dialog = dialog
            dialog.open()
            return
        self._run(lambda a: a.review.remove_tag(ids, tag), f"Tag “{tag}” removed.", "Removing the tag…")

    # ------------------------------------------------------------------ notes
    def add_note(self, body: str | None = None) -> NoteDialog | None:
        post = self.window.current_post_id()
        if not post:
            self.window.statusBar().showMessage("Select a post first.", 5000)
            return None
        if body is None:
            dialog = NoteDialog(self.parent)
            dialog.saved.connect(lambda text: self.add_note(text))
            self.last_dialog = dialog
            dialog.open()
            return dialog
        self._run(lambda a: a.review.add_note(post, body), "Note saved.", "Saving the note…")
        return None

    def delete_note(self, note_id: int) -> None:
        self._run(lambda a: a.review.delete_note(note_id), "Note deleted.", "Deleting the note…")

    # ------------------------------------------------------------------ context menus
    def posts_menu(self) -> QMenu:
        a = self.window.actions_by_name
        menu = QMenu(self.parent)
        for name in ("open_post", None, "reviewed", "tag", "untag", "note", "label", "add_collection", None, "export"):
            if name is None:
                menu.addSeparator()
            elif name in a:
                menu.addAction(a[name])
        return menu

    def findings_menu(self) -> QMenu:
        a = self.window.actions_by_name
        menu = QMenu(self.parent)
        for name in ("accept", "reject", None, "apply_all", "reject_all", "not_a_name", None, "undo", "terms"):
            if name is None:
                menu.addSeparator()
            elif name in a:
                menu.addAction(a[name])
        return menu

    def notes_menu(self, note_id: int | None) -> QMenu:
        menu = QMenu(self.parent)
        menu.addAction(self.window.actions_by_name["note"])
        if note_id is not None:
            menu.addAction("&Delete this note", lambda: self.delete_note(note_id))
        return menu

    def install(self) -> None:
        w = self.window
        for view, build in ((w.table, self.posts_menu), (w.detail.findings_list, self.findings_menu)):
            view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
            view.customContextMenuRequested.connect(
                lambda pos, v=view, b=build: self._popup(v, b(), pos))
        notes = w.detail.notes_list
        notes.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        notes.customContextMenuRequested.connect(
            lambda pos: self._popup(notes, self.notes_menu(self._note_at(pos)), pos))

    def _note_at(self, pos: QPoint) -> int | None:
        item = self.window.detail.notes_list.itemAt(pos) or self.window.detail.notes_list.currentItem()
        value = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
        return value if isinstance(value, int) else None

    @staticmethod
    def _popup(view: QWidget, menu: QMenu, pos: QPoint) -> None:
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        menu.popup(view.mapToGlobal(pos))
