"""Highlights land only on findings: a selected finding's format must not leak into the next post
(``QTextEdit.setPlainText`` keeps the cursor's char format)."""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel
from PySide6.QtGui import QTextCursor

from safe_archive.gui.main_window import MainWindow

from .conftest import POSTS


def select_only(window: MainWindow, row: int) -> None:
    """Select one row whatever modifier state an earlier test left (selectRow honours Ctrl)."""
    flags = QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
    window.table.selectionModel().setCurrentIndex(window.model.index(row, 0), flags)


def _formats(window: MainWindow) -> list[tuple[int, str]]:
    """(position, background colour name) of every character whose background is set."""
    doc = window.detail.original.document()
    cursor = QTextCursor(doc)
    painted = []
    for pos in range(doc.characterCount() - 1):
        cursor.setPosition(pos)
        cursor.setPosition(pos + 1, QTextCursor.MoveMode.KeepAnchor)
        fmt = cursor.charFormat()
        if fmt.hasProperty(fmt.Property.BackgroundBrush) or fmt.fontStrikeOut() or fmt.underlineStyle() != fmt.UnderlineStyle.NoUnderline:
            painted.append((pos, fmt.background().color().name()))
    return painted


def test_next_post_is_not_painted_in_the_selected_findings_format(main_window: MainWindow) -> None:
    select_only(main_window, POSTS)  # the emoji post, one finding
    pane = main_window.detail
    pane.findings_list.setCurrentRow(0)  # selects the finding's text in the original view
    assert pane.original.textCursor().hasSelection()
    assert _formats(main_window), "the finding itself is highlighted"
    select_only(main_window, 0)  # a post without findings
    assert pane.detail is not None and pane.detail.findings == []
    assert _formats(main_window) == []
    # typing position: the format a cursor at the end would use is plain too
    cursor = pane.original.textCursor()
    assert not cursor.charFormat().hasProperty(cursor.charFormat().Property.BackgroundBrush)
