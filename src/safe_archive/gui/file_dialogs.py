"""File and folder pickers that leave no history behind.

We use the platform's native dialogs (never ``DontUseNativeDialog``). Where Qt has to fall back
to its own widget dialog (no platform theme, e.g. a bare X11 session), that dialog saves its
history and last-visited folder into Qt's own ``QtProject`` settings when it is destroyed; we
remove that group right after every dialog, so no archive or export path is kept there.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QFileDialog, QWidget


def scrub_qt_dialog_history() -> None:
    settings = QSettings(QSettings.Scope.UserScope, "QtProject")
    if settings.childGroups() and "FileDialog" in settings.childGroups():
        settings.remove("FileDialog")
        settings.sync()


def choose_folder(parent: QWidget | None, title: str, start: Path | None = None) -> Path | None:
    try:
        chosen = QFileDialog.getExistingDirectory(parent, title, str(start or Path.home()))
    finally:
        scrub_qt_dialog_history()
    return Path(chosen) if chosen else None


def choose_files(parent: QWidget | None, title: str, filters: str = "All files (*)") -> list[Path]:
    try:
        chosen, _ = QFileDialog.getOpenFileNames(parent, title, str(Path.home()), filters)
    finally:
        scrub_qt_dialog_history()
    return [Path(p) for p in chosen]
