"""Keeps the app alive under a reference-counting bug of PySide6/shiboken6 6.12.0 on Python 3.11.

Every call into that release that returns ``None`` — a void method such as ``QLabel.setText``,
or a getter returning an invalid ``QVariant`` — hands Python a ``None`` it does not own, so
``None``'s reference count drops by one per call (measured: -100 per 100 calls; 6.11.3: 0).
A review session makes tens of thousands of such calls and the interpreter then aborts with
"Fatal Python error: none_dealloc: deallocating None". Python 3.12 made ``None`` immortal for
exactly this class of bug; :func:`protect_none` does the same here, once, when (and only when)
the running PySide6 is seen to leak. The real fix is a PySide6 release without the bug (pinned
in the project's dependencies); this guard is harmless with one.
"""

from __future__ import annotations

import ctypes
import sys

RESERVE = 1 << 40  # references: a trillion void calls


def none_leaks() -> bool:
    """Whether a void Qt call loses a reference to None in this process."""
    from PySide6.QtCore import QObject

    probe = QObject()
    before = sys.getrefcount(None)
    for _ in range(16):
        probe.setObjectName("probe")
    return sys.getrefcount(None) < before - 8


def protect_none() -> bool:
    """Give None a reserve of references if the installed PySide6 leaks them; returns whether
    it did. Called once at start-up (app.run, the test fixtures, the screenshot script)."""
    if sys.version_info >= (3, 12) or not none_leaks():
        return False
    ctypes.c_ssize_t.from_address(id(None)).value += RESERVE
    return True
