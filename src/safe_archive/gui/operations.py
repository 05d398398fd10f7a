"""A fluent helper for archive operations, after Anki's ``CollectionOp``::

    ArchiveOp(ctx, lambda archive: archive.count_posts(), parent=self)
        .success(self._show_count)
        .failure(self._count_failed)
        .with_progress("Counting")
        .run_in_background()

The operation runs on the database thread with the open archive; ``success``/``failure`` run
on the GUI thread. A result that arrives after the archive was locked (or re-opened) is
dropped, so a late page can never repopulate an emptied view.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future
from typing import Any, Generic, TypeVar

from PySide6.QtWidgets import QWidget
from shiboken6 import Shiboken

from safe_archive.core.archive import Archive
from safe_archive.gui.context import AppContext

T = TypeVar("T")


class ArchiveOp(Generic[T]):
    def __init__(self, ctx: AppContext, op: Callable[[Archive], T], *, parent: QWidget | None = None) -> None:
        self._ctx = ctx
        self._op = op
        self._parent = parent
        self._success: Callable[[T], Any] | None = None
        self._failure: Callable[[BaseException], Any] | None = None
        self._progress: str | None = None

    def success(self, fn: Callable[[T], Any]) -> ArchiveOp[T]:
        self._success = fn
        return self

    def failure(self, fn: Callable[[BaseException], Any]) -> ArchiveOp[T]:
        self._failure = fn
        return self

    def with_progress(self, label: str = "Working…") -> ArchiveOp[T]:
        self._progress = label
        return self

    def run_in_background(self) -> Future[T]:
        ctx = self._ctx
        generation = ctx.generation
        if self._progress:
            ctx.begin_busy(self._progress)

        def run() -> T:
            return self._op(ctx.session.require())

        def done(future: Future[T]) -> None:
            if self._progress:
                ctx.end_busy(self._progress)
            if self._parent is not None and not Shiboken.isValid(self._parent):
                return  # the window went away meanwhile
            if ctx.generation != generation:
                return  # locked or re-opened meanwhile: drop the stale result
            try:
                result = future.result()
            except BaseException as exc:  # noqa: BLE001 - handed to the failure callback
                if self._failure is not None:
                    self._failure(exc)
                else:
                    ctx.show_error(self._parent, exc)
                return
            if self._success is not None:
                self._success(result)

        return ctx.taskman.run_on_db(run, done)
