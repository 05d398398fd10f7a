"""A scripted GUI session, run by test_gui_session.py in a subprocess with private HOME, TMPDIR,
XDG and SAFE_ARCHIVE_HOME folders (offscreen Qt; network blocked by netblock/sitecustomize).

    python gui_session.py ARCHIVE PASSPHRASE CANARY [--control]

``--control`` also stores CANARY in Qt's own settings (as a file dialog's history would), so
the test can show that its scan reaches the files Qt writes.

Opens ARCHIVE from the start window as a user would, searches the originals for CANARY, selects
the hit (the detail pane renders the post), searches the redacted text, locks, quits. Prints
"RESULT <hits>" on success.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication  # noqa: E402

from safe_archive.core.archive import KdfParams  # noqa: E402
from safe_archive.core.paths import AppPaths  # noqa: E402
from safe_archive.gui.app import Controller  # noqa: E402
from safe_archive.gui.context import AppContext  # noqa: E402
from safe_archive.gui.gui_settings import GuiSettings  # noqa: E402
from safe_archive.gui.taskman import SyncTaskManager  # noqa: E402


def main(folder: Path, passphrase: str, canary: str, control: bool = False) -> int:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("SafeArchive")
    paths = AppPaths.default()  # SAFE_ARCHIVE_HOME, as the app does
    settings = GuiSettings.load(paths.config / "gui.toml")
    ctx = AppContext(SyncTaskManager(), paths, settings, show_dialogs=False)
    controller = Controller(ctx, kdf=KdfParams(64 * 1024, 3, 4))
    start = controller.show_start()
    start.preselect(folder)
    start.passphrase.setText(passphrase)
    start.submit_open()
    main_window = controller.main
    assert main_window is not None, ctx.errors.messages
    main_window.search_originals.setChecked(True)
    main_window.search_box.setText(canary)
    main_window.run_search()
    hits = main_window.model.total
    main_window.table.selectRow(0)
    app.processEvents()
    main_window.search_originals.setChecked(False)
    main_window.search_box.setText("told")
    main_window.run_search()
    app.processEvents()
    if control:
        from PySide6.QtCore import QSettings

        qt = QSettings(QSettings.Scope.UserScope, "QtProject")
        qt.setValue("FileDialog/history", [f"/home/someone/{canary}.jsonl"])
        qt.sync()
    ctx.lock()
    app.processEvents()
    for widget in QApplication.topLevelWidgets():
        widget.close()
    app.processEvents()
    print(f"RESULT {hits}", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(Path(sys.argv[1]), sys.argv[2], sys.argv[3], "--control" in sys.argv[4:]))
