"""Entry script of the frozen SafeArchive bundle (PyInstaller runs this as __main__).

It is the ``safe-archive`` command: with no arguments it opens the desktop app (as
double-clicking the bundle should); any arguments go to the command line as usual.

``SAFE_ARCHIVE_EXIT_AFTER_FIRST_WINDOW=1`` (for measuring the cold start, see
scripts/smoke_bundle.py): the app quits as soon as its first window has been painted, after
printing ``first-window-shown <unix time>`` on stderr. The probe lives here, in the
packaging layer, so the GUI code carries no measurement hooks.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
import time

EXIT_AFTER_FIRST_WINDOW = "SAFE_ARCHIVE_EXIT_AFTER_FIRST_WINDOW"


def install_first_window_probe() -> None:
    """Create the QApplication early (the GUI reuses an existing instance) and watch it for
    the first paint of a top-level window; then report the time and quit."""
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QApplication, QWidget

    app = QApplication.instance() or QApplication(sys.argv[:1])

    class FirstWindowProbe(QObject):
        fired = False

        def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
            if (not self.fired and event.type() == QEvent.Type.Paint and isinstance(obj, QWidget)
                    and obj.isWindow()):
                self.fired = True
                QTimer.singleShot(0, self.report)  # after this paint has finished
            return False

        def report(self) -> None:
            sys.stderr.write(f"first-window-shown {time.time():.6f}\n")
            sys.stderr.flush()
            QApplication.quit()

    probe = FirstWindowProbe(app)
    app.installEventFilter(probe)


def run() -> int:
    # The scrubber's worker processes re-run this executable: freeze_support() makes them
    # workers instead of a second application.
    multiprocessing.freeze_support()
    from safe_archive.cli.main import main

    argv = sys.argv[1:] or ["gui"]
    if os.environ.get(EXIT_AFTER_FIRST_WINDOW) and argv[:1] == ["gui"]:
        install_first_window_probe()
    return main(argv)


if __name__ == "__main__":
    raise SystemExit(run())
