"""Application start-up and the window flow: start screen ⇄ main window (lock = back to start)."""

from __future__ import annotations

import os
import sys
from importlib import resources
from pathlib import Path

from PySide6.QtCore import QObject
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from safe_archive.core.archive import DEFAULT_KDF, KdfParams
from safe_archive.core.paths import AppPaths
from safe_archive.gui.context import AppContext
from safe_archive.gui.fonts import register_missing_script_fonts
from safe_archive.gui.gui_settings import GuiSettings
from safe_archive.gui.main_window import MainWindow
from safe_archive.gui.start_window import StartWindow
from safe_archive.gui.taskman import TaskManager

SETTINGS_FILE = "gui.toml"


def app_icon() -> QIcon:
    try:
        ref = resources.files("safe_archive.resources") / "icons" / "safe-archive.svg"
        with resources.as_file(ref) as path:
            return QIcon(str(path))
    except (FileNotFoundError, ModuleNotFoundError):
        return QIcon()


def warm_up_qt_enums() -> None:
    """PySide6 builds each Python enum type the first time it is touched (~1 ms each); the
    main window touches ~130 of them, which stalled the first unlock by >100 ms. Build them
    once at start-up, before the first window is shown."""
    from PySide6 import QtCore, QtGui, QtWidgets

    classes = [QtCore.Qt, QtCore.QEvent, QtCore.QItemSelectionModel, QtCore.QAbstractItemModel,
               QtGui.QTextCharFormat, QtGui.QTextCursor, QtGui.QKeySequence, QtGui.QFont, QtGui.QPalette,
               QtGui.QTextFormat, QtGui.QTextOption, QtGui.QValidator, QtGui.QAction, QtGui.QFontDatabase]
    classes += [getattr(QtWidgets, name) for name in dir(QtWidgets) if name.startswith("Q")]
    for cls in classes:
        for name in dir(cls):
            if name[:1].isupper():
                try:
                    getattr(cls, name)
                except Exception:  # noqa: BLE001,S112 - a warm-up must never fail start-up
                    continue


class Controller(QObject):
    """Owns the current top-level window. A fresh window is built for every unlock."""

    def __init__(self, ctx: AppContext, *, kdf: KdfParams = DEFAULT_KDF, icon: QIcon | None = None) -> None:
        super().__init__()
        self.ctx = ctx
        self.kdf = kdf
        self.icon = icon
        self.start: StartWindow | None = None
        self.main: MainWindow | None = None
        self._prepared: MainWindow | None = None
        self._resume: tuple[Path, int] | None = None  # (folder, post id) the reviewer was on at lock
        # decided once at start-up (it imports the service modules), not during an unlock
        warm_up_qt_enums()
        # before the first window: a script the system has no font for (Devanagari on a bare
        # Debian) would be drawn as boxes
        register_missing_script_fonts()

    def show_start(self, folder: Path | None = None) -> StartWindow:
        self.start = StartWindow(self.ctx, kdf=self.kdf, icon=self.icon)
        self.start.opened.connect(self.show_main)
        self.start.unlocking.connect(self._prepare_main)
        if folder is not None:
            self.start.preselect(folder)
        self.start.show()
        return self.start

    def _prepare_main(self) -> None:
        """Build the (hidden, empty) main window while the key derivation runs on the worker."""
        if self._prepared is None and self.main is None:
            self._prepared = MainWindow(self.ctx, icon=self.icon, attach=False)

    def show_main(self) -> MainWindow:
        main, self._prepared = self._prepared, None
        if main is None:
            main = MainWindow(self.ctx, icon=self.icon, attach=False)
        self.main = main
        if self._resume is not None and self._resume[0] == self.ctx.session.folder:
            main.resume_post = self._resume[1]
        self._resume = None
        main.locked_out.connect(self._locked)
        main.show()
        main.attach()
        if self.start is not None:
            self.start.close()
            self.start.deleteLater()
            self.start = None
        return self.main

    def _locked(self, folder: Path | None) -> None:
        # the start window appears first so closing the main window does not quit the app
        screen = self.main.next_screen if self.main is not None else "unlock"
        post = self.main.last_post if self.main is not None else None
        self._resume = (folder, post) if screen == "unlock" and folder is not None and post else None
        start = self.show_start(folder if screen == "unlock" else None)
        if screen == "create":
            start.show_create()
        elif screen == "open":
            start.show_open_other()
        if self.main is not None:
            self.main.close()
            self.main.deleteLater()
            self.main = None


def run(archive: Path | None = None, *, passphrase: str | None = None, paths: AppPaths | None = None) -> int:
    """Run the application. With ``passphrase`` (the demo) the archive is opened directly."""
    paths = paths or AppPaths.default()
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName("SafeArchive")
    app.setApplicationDisplayName("SafeArchive")
    app.setDesktopFileName("org.safearchive.SafeArchive")  # matches the .desktop file and AppStream id
    icon = app_icon()
    app.setWindowIcon(icon)
    taskman = TaskManager()
    settings = GuiSettings.load(paths.config / SETTINGS_FILE)
    ctx = AppContext(taskman, paths, settings)
    controller = Controller(ctx, icon=icon)
    start = controller.show_start(archive)
    if archive is not None and passphrase is not None:
        start.open(archive, passphrase)
    try:
        return app.exec()
    finally:
        if ctx.is_open:
            ctx.lock()
        taskman.shutdown(wait=True)  # the archive is closed before the process exits


def qt_platform_hint() -> str | None:
    """Why Qt may fail to start, for the CLI's error line (no content involved)."""
    if sys.platform.startswith("linux") and not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        if os.environ.get("QT_QPA_PLATFORM") != "offscreen":
            return "No display found (DISPLAY/WAYLAND_DISPLAY unset): run it in a desktop session."
    return None
