"""Locking helpers: idle detection for auto-lock and the clipboard check on lock."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtGui import QGuiApplication


class IdleWatcher(QObject):
    """Restarts the auto-lock timer on every key press, click, wheel or mouse move."""

    _INPUT = {
        QEvent.Type.KeyPress,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseMove,
        QEvent.Type.Wheel,
        QEvent.Type.TouchBegin,
    }

    def __init__(self, timer: QTimer) -> None:
        super().__init__()
        self.timer = timer

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in self._INPUT and self.timer.interval() > 0 and self.timer.isActive():
            self.timer.start()
        return False


def clipboard_holds_archive_text(displayed: list[str]) -> bool:
    """True when the clipboard holds text this app put there, or text that appears in (or
    contains) anything the archive views were showing."""
    clipboard = QGuiApplication.clipboard()
    held = clipboard.text().strip() if clipboard is not None else ""
    if not held:
        return False
    if clipboard.ownsClipboard():
        return True
    return any(held in t or t in held for t in displayed if t)
