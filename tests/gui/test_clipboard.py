"""Clipboard (SECURITY.md: "clipboard cleared after 10 s", "clear on lock"): archive text the app
copied is cleared after the delay — only if the clipboard still holds exactly that text — and
on lock or quit. The delay is injectable (AppContext.clipboard_clear_ms); no test measures time:
the timer is fired directly, or waited for with a generous bound."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QTextCursor

from safe_archive.gui.context import AppContext
from safe_archive.gui.locking import CLIPBOARD_CLEAR_MS, ClipboardGuard
from safe_archive.gui.main_window import MainWindow


def clipboard_text() -> str:
    return QGuiApplication.clipboard().text()


@pytest.fixture(autouse=True)
def empty_clipboard() -> None:
    QGuiApplication.clipboard().clear()


def copy_post(window: MainWindow, row: int = 2) -> str:
    window.table.selectRow(row)
    detail = window.detail.detail
    assert detail is not None
    window.actions_by_name["copy"].trigger()  # Edit ▸ Copy post text (Ctrl+C)
    return detail.post.text


def test_the_default_delay_is_ten_seconds(main_window: MainWindow) -> None:
    assert CLIPBOARD_CLEAR_MS == 10_000
    assert main_window.clipboard_guard.clear_after_ms == 10_000
    assert ClipboardGuard().clear_after_ms == 10_000


def test_copy_action_puts_the_post_text_and_the_timer_clears_it(main_window: MainWindow) -> None:
    text = copy_post(main_window)
    guard = main_window.clipboard_guard
    # control: the text really is on the clipboard until the timer fires
    assert clipboard_text() == text and "Synthetic testimony" in text
    assert guard.timer.isActive() and guard.timer.isSingleShot()
    guard.timer.timeout.emit()  # what the event loop does after 10 s
    assert clipboard_text() == ""
    assert not guard.timer.isActive()


def test_the_real_timer_fires_with_an_injected_delay(open_main: Callable[[], MainWindow], ctx: AppContext, qtbot) -> None:  # type: ignore[no-untyped-def]
    ctx.clipboard_clear_ms = 50
    window = open_main()
    assert window.clipboard_guard.clear_after_ms == 50
    text = copy_post(window)
    assert clipboard_text() == text
    qtbot.waitUntil(lambda: clipboard_text() == "", timeout=10_000)


def test_text_copied_since_is_left_alone(main_window: MainWindow) -> None:
    copy_post(main_window)
    QGuiApplication.clipboard().setText("my own shopping list")  # the user copied something else
    main_window.clipboard_guard.timer.timeout.emit()
    assert clipboard_text() == "my own shopping list"


def test_copying_again_restarts_the_delay_for_the_new_text(main_window: MainWindow) -> None:
    copy_post(main_window, 2)
    second = copy_post(main_window, 3)
    assert clipboard_text() == second
    main_window.clipboard_guard.timer.timeout.emit()
    assert clipboard_text() == ""


def test_lock_clears_copied_text_and_stops_the_timer(main_window: MainWindow) -> None:
    text = copy_post(main_window)
    assert clipboard_text() == text
    guard = main_window.clipboard_guard
    main_window.lock()
    assert clipboard_text() == ""
    assert not guard.timer.isActive()


def test_lock_leaves_other_text_alone(main_window: MainWindow) -> None:
    copy_post(main_window)
    QGuiApplication.clipboard().setText("nothing from the archive")
    main_window.lock()
    assert clipboard_text() == "nothing from the archive"


def test_quitting_while_unlocked_clears_copied_text(main_window: MainWindow) -> None:
    text = copy_post(main_window)
    assert clipboard_text() == text
    main_window.close()
    assert clipboard_text() == ""


def test_ctrl_c_in_the_text_view_is_cleared_too(main_window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    main_window.table.selectRow(2)
    main_window.activateWindow()
    qtbot.waitUntil(main_window.isActiveWindow, timeout=5000)
    view = main_window.detail.original
    view.selectAll()
    view.copy()  # Qt's own copy in the read-only text view, not the app's action
    assert clipboard_text() == view.toPlainText() != ""
    assert main_window.clipboard_guard.timer.isActive()
    main_window.clipboard_guard.timer.timeout.emit()
    assert clipboard_text() == ""


def test_ctrl_c_copies_the_selection_of_the_focused_text_view(main_window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    main_window.table.selectRow(2)
    main_window.activateWindow()
    qtbot.waitUntil(main_window.isActiveWindow, timeout=5000)
    view = main_window.detail.original
    cursor = view.textCursor()
    cursor.setPosition(0)
    cursor.setPosition(9, QTextCursor.MoveMode.KeepAnchor)
    view.setTextCursor(cursor)
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    assert clipboard_text() == "Synthetic"
    assert main_window.clipboard_guard.timer.isActive()
    main_window.table.setFocus()  # elsewhere, Ctrl+C copies the whole post
    qtbot.keyClick(main_window.table, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    assert clipboard_text() == view.toPlainText()
    main_window.clipboard_guard.timer.timeout.emit()
    assert clipboard_text() == ""


def test_no_post_shown_copies_nothing(main_window: MainWindow) -> None:
    main_window.detail.clear()  # as when a search finds nothing
    QGuiApplication.clipboard().setText("kept")
    main_window.actions_by_name["copy"].trigger()
    assert clipboard_text() == "kept"
    assert not main_window.clipboard_guard.timer.isActive()
