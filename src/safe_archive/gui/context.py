"""What every window and dialog shares, passed in explicitly (no globals, no singletons)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QMessageBox, QWidget

from safe_archive.core.archive import Archive, Changes
from safe_archive.core.errors import ArchiveLocked, SafeArchiveError
from safe_archive.core.paths import AppPaths
from safe_archive.gui.gui_settings import GuiSettings
from safe_archive.gui.taskman import TaskManager

T = TypeVar("T")


class ArchiveSession:
    """Holds the open :class:`Archive`. Its methods run on the database thread only.

    ``on_changed`` is subscribed to every archive it holds (``archive.changed``): it is called
    on the database thread after each committed write."""

    def __init__(self, on_changed: Callable[[Changes], None] | None = None) -> None:
        self._archive: Archive | None = None
        self._on_changed = on_changed
        self.folder: Path | None = None  # readable from the GUI thread

    def require(self) -> Archive:
        if self._archive is None or not self._archive.is_open:
            raise ArchiveLocked()
        return self._archive

    def attach(self, archive: Archive) -> None:
        if self._archive is not None:
            self._archive.close()
        self._archive = archive
        self.folder = archive.folder
        if self._on_changed is not None:
            archive.changed.connect(self._on_changed)

    def close(self) -> None:
        if self._archive is not None:
            self._archive.close()
        self._archive = None


def safe_message(exc: BaseException) -> str:
    """An error a person can read, never with content: our messages are content-free by
    contract; anything else is named by its type only."""
    if isinstance(exc, SafeArchiveError):
        return str(exc)
    return (
        f"Internal error ({type(exc).__name__}). Nothing stored was lost. "
        "Please report it (the message is withheld because it might contain archive text)."
    )


@dataclass
class ErrorLog:
    """The last messages shown to the user (tests read it; nothing is written to disk)."""

    messages: list[str] = field(default_factory=list)


class AppContext(QObject):
    """Task manager + archive session + paths + settings + busy state.

    ``archive_changed(changes)`` is the archive's one "changed" signal brought to the GUI
    thread: every committed write, whoever made it, reaches the screens through it, and the
    screens refresh what it names (they do not read the return values of service calls)."""

    busy_changed = Signal(bool, str)  # busy?, label
    archive_changed = Signal(object)  # core.archive.Changes, on the GUI thread
    locked = Signal()
    unlocked = Signal()

    def __init__(
        self,
        taskman: TaskManager,
        paths: AppPaths,
        settings: GuiSettings,
        *,
        show_dialogs: bool = True,
        scrub_on_import: bool = True,
        clipboard_clear_ms: int | None = None,
    ) -> None:
        super().__init__()
        from safe_archive.gui.locking import CLIPBOARD_CLEAR_MS

        # archive text the app copied is cleared from the clipboard after this delay (and on lock)
        self.clipboard_clear_ms = CLIPBOARD_CLEAR_MS if clipboard_clear_ms is None else clipboard_clear_ms
        self.scrub_on_import = scrub_on_import  # new posts are scrubbed (in a worker process)
        self.taskman = taskman
        self.paths = paths
        self.settings = settings
        self.session = ArchiveSession(self._changed_on_db_thread)
        self.generation = 0  # bumped on every lock/unlock; stale results are dropped
        self.is_open = False
        self.show_dialogs = show_dialogs
        self.errors = ErrorLog()
        self._busy: list[str] = []

    # -- the archive's changes
    def _changed_on_db_thread(self, changes: Changes) -> None:
        """Subscribed to ``archive.changed``; runs on the database thread, so it only hands the
        changes over to the GUI thread (queued), where they are dropped if the archive was
        locked meanwhile."""
        self.taskman.to_main(lambda: self._deliver(changes))

    def _deliver(self, changes: Changes) -> None:
        if self.is_open and changes:
            self.archive_changed.emit(changes)

    # -- busy indicator
    def begin_busy(self, label: str) -> None:
        self._busy.append(label)
        self.busy_changed.emit(True, label)

    def end_busy(self, label: str) -> None:
        if label in self._busy:
            self._busy.remove(label)
        self.busy_changed.emit(bool(self._busy), self._busy[-1] if self._busy else "")

    @property
    def busy(self) -> bool:
        return bool(self._busy)

    # -- errors
    def show_error(self, parent: QWidget | None, exc_or_message: BaseException | str) -> None:
        message = exc_or_message if isinstance(exc_or_message, str) else safe_message(exc_or_message)
        self.errors.messages.append(message)
        if self.show_dialogs:
            box = QMessageBox(QMessageBox.Icon.Warning, "SafeArchive", message, parent=parent)
            box.setAccessibleName("Error message")
            box.open()  # window-modal but never blocks the event loop

    # -- archive state (GUI thread)
    def mark_open(self) -> None:
        self.generation += 1
        self.is_open = True
        self.unlocked.emit()

    def lock(self, on_done: Callable[[], None] | None = None) -> None:
        """Empty the views (listeners of ``locked``), then close the archive on the DB thread."""
        if not self.is_open:
            return
        self.generation += 1
        self.is_open = False
        self.locked.emit()

        def done(_future: object) -> None:
            if on_done is not None:
                on_done()

        self.taskman.run_on_db(self.session.close, done)
