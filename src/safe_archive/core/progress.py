"""Progress and cancellation for long operations.

Long core operations take ``progress`` (a callable receiving :class:`ProgressEvent`) and
``cancel`` (a :class:`CancelToken`). Both are optional; the GUI passes thread-safe ones.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass

from safe_archive.core.errors import Cancelled


@dataclass(frozen=True, slots=True)
class ProgressEvent:
    stage: str  # "import", "scrub", "export", ...
    done: int  # records (posts) done so far
    total: int | None = None  # records expected, when known
    bytes_done: int | None = None
    bytes_total: int | None = None
    message: str = ""  # never contains post text

    @property
    def fraction(self) -> float | None:
        if self.bytes_total:
            return min(1.0, (self.bytes_done or 0) / self.bytes_total)
        if self.total:
            return min(1.0, self.done / self.total)
        return None


ProgressFn = Callable[[ProgressEvent], None]


def no_progress(_event: ProgressEvent) -> None:
    return None


class CancelToken:
    """Set from any thread; checked by the worker between batches."""

    def __init__(self) -> None:
        self._event = threading.Event()

    def cancel(self) -> None:
        self._event.set()

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()

    def raise_if_cancelled(self) -> None:
        if self._event.is_set():
            raise Cancelled()
