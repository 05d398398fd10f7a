"""Main window: lazy table, detail pane with exact highlights, sidebar, keyboard, audit log."""

from __future__ import annotations

from PySide6.QtWidgets import QPlainTextEdit

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor

from safe_archive.gui import highlight
from safe_archive.gui.main_window import MainWindow
from safe_archive.gui.posts_model import PAGE

from .conftest import EMOJI_NAME, POSTS


def test_table_reads_lazily_in_pages(main_window: MainWindow) -> None:
    model = main_window.model
    assert model.total == POSTS + 1
    assert model.rowCount() == POSTS + 1
    assert model.cached_pages <= 2  # the first screen needs a page, not the archive
    last = model.index(POSTS, 1)
    assert model.data(model.index(POSTS, 0)) == str(POSTS + 1)  # fetched on demand
    assert model.data(last) != "…"
    assert model.cached_pages <= 3
    assert PAGE < POSTS  # the test really spans pages


def test_selecting_a_post_shows_it(main_window: MainWindow, qtbot) -> None:
    main_window.table.setFocus()
    main_window.table.selectRow(3)
    detail = main_window.detail.detail
    assert detail is not None and detail.post.id == 4
    assert main_window.detail.original.toPlainText() == detail.post.text
    assert "Not scrubbed yet" in main_window.detail.redacted.toPlainText()
    qtbot.keyClick(main_window.table, Qt.Key.Key_Down)
    assert main_window.detail.detail is not None and main_window.detail.detail.post.id == 5


def test_emoji_before_a_name_does_not_shift_the_highlight(main_window: MainWindow) -> None:
    main_window.table.selectRow(POSTS)  # the emoji post
    pane = main_window.detail
    assert pane.detail is not None and len(pane.spans) == 1
    span = pane.spans[0]
    cursor = QTextCursor(pane.original.document())
    cursor.setPosition(span.start)
    cursor.setPosition(span.end, QTextCursor.MoveMode.KeepAnchor)
    assert cursor.selectedText() == EMOJI_NAME
    # the colour sits on exactly those characters: not on the character before or after
    bg, _ = highlight.colours("PERSON")
    def background_at(pos: int) -> str:
        c = QTextCursor(pane.original.document())
        c.setPosition(pos + 1)  # the format of the character before the cursor
        return c.charFormat().background().color().name()
    assert background_at(span.start) == bg.name()
    assert background_at(span.end - 1) == bg.name()
    assert background_at(span.start - 1) != bg.name()
    assert background_at(span.end) != bg.name()
    # a selection made in Qt maps back to the same code points
    cursor = pane.original.textCursor()
    cursor.setPosition(span.start)
    cursor.setPosition(span.end, QTextCursor.MoveMode.KeepAnchor)
    pane.original.setTextCursor(cursor)
    start, end = pane.selection_code_points() or (0, 0)
    assert pane.detail.post.text[start:end] == EMOJI_NAME
    # tooltip and legend
    rect = pane.original.cursorRect(QTextCursor(pane.original.document()))
    c = QTextCursor(pane.original.document())
    c.setPosition(span.start + 2)
    tip = pane.tooltip_at(pane.original.cursorRect(c).center())
    assert tip is not None and "PERSON" in tip and "0.90" in tip and "test" in tip
    assert rect is not None
    assert "PERSON" in pane.legend.text()
    assert pane.findings_list.count() == 1


def test_sidebar_and_needs_review(main_window: MainWindow) -> None:
    labels = [main_window.sidebar.topLevelItem(i).text(0) for i in range(main_window.sidebar.topLevelItemCount())]
    assert labels[:2] == ["All posts", "Needs review (1)"]
    assert {"Import batches", "Collections", "Saved searches", "Labels"} <= set(labels)
    main_window.sidebar.setCurrentItem(main_window.sidebar.topLevelItem(1))
    assert main_window.model.total == 1
    assert main_window.count_label.text().strip() == "1 post"


def test_next_pending_goes_to_the_post_with_pending_findings(main_window: MainWindow) -> None:
    main_window.table.selectRow(0)
    main_window.actions_by_name["next_pending"].trigger()
    assert main_window.detail.detail is not None
    assert main_window.detail.detail.post.id == POSTS + 1


def test_shortcuts_are_shown_in_menus(main_window: MainWindow) -> None:
    actions = main_window.actions_by_name
    assert actions["lock"].shortcut().toString() == "Ctrl+L"
    assert actions["import"].shortcut().toString() == "Ctrl+I"
    assert actions["accept"].shortcut().toString() == "A"
    assert actions["next_pending"].shortcut().toString() == "N"
    assert actions["lock"] in main_window.menus["archive"].actions()


def test_every_menu_action_is_on_and_only_undo_waits(main_window: MainWindow) -> None:
    """Every service ships in the package: no screen is disabled for a missing backend."""
    off = sorted(name for name, action in main_window.actions_by_name.items() if not action.isEnabled())
    assert off == ["undo"]


def test_audit_log_lists_entries_without_content(main_window: MainWindow) -> None:
    main_window.show_audit_log()
    dialog = main_window.dialogs[-1]
    table = dialog.table  # type: ignore[attr-defined]
    actions = {table.item(r, 2).text() for r in range(table.rowCount())}
    assert "Created the archive" in actions  # in words, not the stored action name
    cells = " ".join(table.item(r, c).text() for r in range(table.rowCount()) for c in range(4))
    assert "Synthetic testimony" not in cells and EMOJI_NAME not in cells
    assert "{" not in cells and '"' not in cells  # not raw JSON


def test_verify_report(main_window: MainWindow) -> None:
    main_window.verify()
    dialog = main_window.dialogs[-1]
    assert "all passed" in dialog.windowTitle()
    text = dialog.findChild(QPlainTextEdit).toPlainText()
    assert "Every stored page is intact" in text and "451 posts stored." in text
    assert "temp_store" not in text and "MEMORY" not in text and "FAIL" not in text


def test_window_title_never_shows_archive_text(main_window: MainWindow) -> None:
    main_window.table.selectRow(POSTS)
    assert main_window.windowTitle() == "SafeArchive"


def test_keyset_anchors_give_the_same_rows_as_offsets(main_window: MainWindow, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from safe_archive.gui import posts_model

    model = main_window.model
    offset_rows = [model.data(model.index(r, 0)) for r in (0, PAGE, POSTS)]
    monkeypatch.setattr(posts_model, "ANCHOR_MIN_PAGES", 1)
    model.refresh()
    assert model._anchors is not None and len(model._anchors) == (POSTS + 1 + PAGE - 1) // PAGE  # noqa: SLF001
    anchored_rows = [model.data(model.index(r, 0)) for r in (0, PAGE, POSTS)]
    assert anchored_rows == offset_rows == ["1", str(PAGE + 1), str(POSTS + 1)]
