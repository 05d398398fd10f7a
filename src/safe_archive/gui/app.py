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
from safe_archive.gui.gui_settings import GuiSettings
from safe_archive.gui.main_window import MainWindow
from safe_archive.gui.start_window import StartWindow
from safe_archive.gui.taskman import TaskManager

SETTINGS_FILE = "gui.toml"


def app_icon() -> QIcon:
    try:
        ref = resources.files("safe_archive") / "resources" / "icons" / "safe-archive.svg"
        with resources.as_file(ref) as path:
            return QIcon(str(path))
    except (FileNotFoundError, ModuleNotFoundError):
        return QIcon()


class Controller(QObject):
    """Owns the current top-level window. A fresh window is built for every unlock."""

    def __init__(self, ctx: AppContext, *, kdf: KdfParams = DEFAULT_KDF, icon: QIcon | None = None) -> None:
        super().__init__()
        self.ctx = ctx
        self.kdf = kdf
        self.icon = icon
        self.start: StartWindow | None = None
        self.main: MainWindow | None = None

    def show_start(self, folder: Path | None = None) -> StartWindow:
        self.start = StartWindow(self.ctx, kdf=self.kdf, icon=self.icon)
        self.start.opened.connect(self.show_main)
        if folder is not None:
            self.start.preselect(folder)
        self.start.show()
        return self.start

    def show_main(self) -> MainWindow:
        self.main = MainWindow(self.ctx, icon=self.icon)
        self.main.locked_out.connect(self._locked)
        self.main.show()
        if self.start is not None:
            self.start.close()
            self.start.deleteLater()
            self.start = None
        return self.main

    def _locked(self, folder: Path | None) -> None:
        # the start window appears first so closing the main window does not quit the app
        self.show_start(folder)
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
    app.setDesktopFileName("safe-archive")
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
