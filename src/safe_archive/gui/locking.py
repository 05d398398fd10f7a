"""Locking helpers: idle detection for auto-lock, the clipboard check on lock, and the timer
that clears archive text from the clipboard."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
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


CLIPBOARD_CLEAR_MS = 10_000  # KeePassXC's default; SECURITY.md promises 10 s


class ClipboardGuard(QObject):
    """Archive text on the clipboard is cleared ``clear_after_ms`` after the app put it there
    (and on lock, by the window) — but only while the clipboard still holds exactly that text,
    so anything the user copied since, here or in another program, is left alone.

    ``put`` is the app's own copy; ``watch`` arms the timer for text a Qt widget copied (Ctrl+C
    in a text view). Re-copying restarts the delay, as in KeePassXC.
    """

    def __init__(self, clear_after_ms: int = CLIPBOARD_CLEAR_MS, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._held: str | None = None
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setTimerType(Qt.TimerType.PreciseTimer)  # a coarse timer may fire 5% early
        self.timer.setInterval(max(0, clear_after_ms))
        self.timer.timeout.connect(self.clear)

    @property
    def clear_after_ms(self) -> int:
        return self.timer.interval()

    def put(self, text: str) -> None:
        """Copy ``text`` to the clipboard and clear it after the delay."""
        clipboard = QGuiApplication.clipboard()
        if clipboard is None or not text:
            return
        self._held = text  # before setText: its dataChanged may call watch() with the same text
        clipboard.setText(text)
        self.timer.start()

    def watch(self, text: str) -> None:
        """The clipboard now holds ``text``, which came from the archive: clear it later."""
        if text:
            self._held = text
            self.timer.start()

    def holds_ours(self) -> bool:
        clipboard = QGuiApplication.clipboard()
        return bool(self._held) and clipboard is not None and clipboard.text() == self._held

    def clear(self) -> bool:
        """Clear the clipboard if it still holds what we put there; True if it was cleared."""
        self.timer.stop()
        ours = self.holds_ours()
        if ours:
            QGuiApplication.clipboard().clear()
        self._held = None
        return ours
