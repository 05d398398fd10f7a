"""Locking: on demand (Ctrl+L) and after idle; views emptied, clipboard cleared, unlock again."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication

from safe_archive.core.archive import Archive
from safe_archive.gui.app import Controller
from safe_archive.gui.context import AppContext
from safe_archive.gui.main_window import MainWindow

from .conftest import PASSPHRASE, POSTS


def test_ctrl_l_locks_and_empties_everything(main_window: MainWindow, controller: Controller, ctx: AppContext,
                                              archive_folder: Path, qtbot) -> None:
    main_window.table.selectRow(2)
    assert main_window.detail.original.toPlainText()
    main_window.activateWindow()
    qtbot.keyClick(main_window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert not ctx.is_open
    assert main_window.model.rowCount() == 0 and main_window.model.cached_pages == 0
    assert main_window.detail.original.toPlainText() == "" and main_window.detail.redacted.toPlainText() == ""
    assert main_window.sidebar.topLevelItemCount() == 0
    # the archive is really closed: its lock is free for another process
    other = Archive.open(archive_folder, PASSPHRASE)
    other.close()
    # the unlock screen is shown for the same folder
    assert controller.start is not None and controller.start.open_folder.text() == str(archive_folder)
    assert controller.main is None


def test_lock_clears_archive_text_from_the_clipboard(main_window: MainWindow) -> None:
    main_window.table.selectRow(2)
    post_text = main_window.detail.original.toPlainText()
    QGuiApplication.clipboard().setText(post_text[5:30])
    main_window.lock()
    assert QGuiApplication.clipboard().text() == ""


def test_unlock_again_after_lock(open_main: Callable[[], MainWindow], controller: Controller, ctx: AppContext, qtbot) -> None:
    first = open_main()
    first.lock()
    start = controller.start
    assert start is not None
    start.passphrase.setText(PASSPHRASE)
    start.submit_open()
    assert ctx.is_open and controller.main is not None and controller.main is not first
    assert controller.main.model.total == POSTS + 1


def test_auto_lock_after_idle(main_window: MainWindow, ctx: AppContext, qtbot) -> None:
    assert ctx.settings.autolock_minutes == 10
    assert main_window.idle_timer.isActive() and main_window.idle_timer.interval() == 10 * 60_000
    main_window.idle_timer.start(150)  # the same timer, shortened for the test
    qtbot.waitUntil(lambda: not ctx.is_open, timeout=3000)
    assert main_window.model.rowCount() == 0


def test_input_postpones_auto_lock(main_window: MainWindow, ctx: AppContext, qtbot) -> None:
    main_window.idle_timer.start(400)
    for _ in range(4):
        qtbot.wait(150)
        qtbot.keyClick(main_window.table, Qt.Key.Key_Down)
    assert ctx.is_open  # 600 ms passed, but never 400 ms without input
    qtbot.waitUntil(lambda: not ctx.is_open, timeout=3000)


def test_settings_change_the_auto_lock_delay(main_window: MainWindow) -> None:
    dialog = main_window.show_settings()
    dialog.autolock.setValue(3)
    dialog.accept()
    assert main_window.idle_timer.interval() == 3 * 60_000
    assert 'autolock_minutes = 3' in main_window.ctx.settings.path.read_text()  # type: ignore[union-attr]
    assert QApplication.instance() is not None


def test_lock_after_a_dialog_was_closed_and_deleted(main_window: MainWindow, ctx: AppContext) -> None:
    """Dialogs kept by the window delete themselves on close; a later lock (or auto-lock) must
    still empty the views and close the archive (it raised on the deleted dialog and stopped
    half-way, leaving the archive open — found by the GUI leak session)."""
    from PySide6.QtCore import QEvent

    main_window.table.selectRow(2)
    first = main_window.show_settings()
    first.close()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)  # the deleteLater of WA_DeleteOnClose
    second = main_window.show_settings()  # keeping another dialog prunes the list
    second.close()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    main_window.lock()
    assert not ctx.is_open
    assert main_window.detail.original.toPlainText() == "" and main_window.model.rowCount() == 0


def _cli(command: str, folder: Path, *rest: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, SAFE_ARCHIVE_PASSPHRASE=PASSPHRASE)
    return subprocess.run([sys.executable, "-m", "safe_archive", command, str(folder), *rest],
                          capture_output=True, text=True, env=env, timeout=300)


def test_cli_is_refused_while_the_gui_holds_the_archive(main_window: MainWindow, ctx: AppContext,
                                                        archive_folder: Path) -> None:
    """GUI and CLI at once (issue 7): the CLI gets a clear 'archive in use' and changes
    nothing; the GUI keeps working; once the GUI locks, the same command runs."""
    before = (archive_folder / "keys.json").read_bytes()
    for command, *rest in (("search", "harbour"), ("verify",)):
        done = _cli(command, archive_folder, *rest)
        assert done.returncode == 1, (command, done.stderr[-500:])
        assert "in use" in done.stderr and "Traceback" not in done.stderr, done.stderr[-500:]
    assert (archive_folder / "keys.json").read_bytes() == before
    main_window.table.selectRow(3)  # the GUI still reads its archive
    assert "harbour" in main_window.detail.original.toPlainText()
    main_window.lock()
    done = _cli("verify", archive_folder)
    assert done.returncode == 0, done.stderr[-500:]
