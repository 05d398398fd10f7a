"""Background work, after Anki's ``aqt/taskman.py`` and Picard's ``util/thread.py``.

All database work runs on ONE worker thread (the SQLCipher connection is opened there and used
only there); results and errors hop back to the GUI thread through a queued signal. Workers
never touch widgets. Tests use :class:`SyncTaskManager`, which runs everything immediately on
the calling thread so a test needs no sleeps or event-loop waits.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import TypeVar

from PySide6.QtCore import QObject, Qt, Signal, Slot

R = TypeVar("R")
Closure = Callable[[], None]


class TaskManager(QObject):
    """One single-thread executor for the database, and a hop back to the GUI thread."""

    _closure_ready = Signal(object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._db = ThreadPoolExecutor(max_workers=1, thread_name_prefix="safe-archive-db")
        self._db_thread_ident: int | None = None
        # file reading and parsing for previews; never the database (CPU-heavy scrubbing goes
        # to the scrub pipeline's own process pool)
        self._files = ThreadPoolExecutor(max_workers=1, thread_name_prefix="safe-archive-files")
        self._closure_ready.connect(self._run_closure, Qt.ConnectionType.QueuedConnection)

    def run_on_db(self, fn: Callable[[], R], on_done: Callable[[Future[R]], None] | None = None) -> Future[R]:
        """Run ``fn`` on the database thread; ``on_done(future)`` later runs on the GUI thread."""

        def wrapped() -> R:
            self._db_thread_ident = threading.get_ident()
            return fn()

        future = self._db.submit(wrapped)
        if on_done is not None:
            future.add_done_callback(lambda f: self.to_main(lambda: on_done(f)))
        return future

    def run_off_db(self, fn: Callable[[], R], on_done: Callable[[Future[R]], None] | None = None) -> Future[R]:
        """Run ``fn`` (no database access!) on a helper thread; ``on_done`` on the GUI thread."""
        future = self._files.submit(fn)
        if on_done is not None:
            future.add_done_callback(lambda f: self.to_main(lambda: on_done(f)))
        return future

    def to_main(self, closure: Closure) -> None:
        """Call ``closure`` on the GUI thread (safe from any thread)."""
        self._closure_ready.emit(closure)

    def is_db_thread(self) -> bool:
        return threading.get_ident() == self._db_thread_ident

    def shutdown(self, wait: bool = True) -> None:
        self._db.shutdown(wait=wait, cancel_futures=not wait)
        self._files.shutdown(wait=wait, cancel_futures=True)

    @Slot(object)
    def _run_closure(self, closure: Closure) -> None:
        closure()


class SyncTaskManager(TaskManager):
    """Runs every task at once on the caller's thread (tests, scripts)."""

    def run_on_db(self, fn: Callable[[], R], on_done: Callable[[Future[R]], None] | None = None) -> Future[R]:
        future: Future[R] = Future()
        try:
            future.set_result(fn())
        except BaseException as exc:  # noqa: BLE001 - handed to on_done like a real worker does
            future.set_exception(exc)
        if on_done is not None:
            on_done(future)
        return future

    run_off_db = run_on_db

    def to_main(self, closure: Closure) -> None:
        closure()

    def is_db_thread(self) -> bool:
        return True

    def shutdown(self, wait: bool = True) -> None:
        return None
