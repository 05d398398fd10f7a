#!/usr/bin/env python3
"""Render each main screen of the demo archive to PNG (offscreen, no display needed).

    .venv/bin/python scripts/screenshots.py [OUT_DIR]      # default: docs/screenshots

Everything shown is synthetic (the demo archive, see safe_archive.core.demo); a throwaway
SAFE_ARCHIVE_HOME is used so nothing touches the user's own settings or archives.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QSize  # noqa: E402
from PySide6.QtGui import QColor, QPalette  # noqa: E402
from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402

from safe_archive.core import demo  # noqa: E402
from safe_archive.core.paths import AppPaths  # noqa: E402
from safe_archive.gui.app import Controller, app_icon  # noqa: E402
from safe_archive.gui.context import AppContext  # noqa: E402
from safe_archive.gui.gui_settings import GuiSettings  # noqa: E402
from safe_archive.gui.taskman import SyncTaskManager  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


def shoot(widget: QWidget, out: Path, name: str, size: QSize | None = None) -> Path:
    if size is not None:
        widget.resize(size)
    widget.show()
    for _ in range(5):
        QApplication.processEvents()
    path = out / f"{name}.png"
    widget.grab().save(str(path))
    print(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path)
    return path


def dark_palette() -> QPalette:
    palette = QPalette()
    colours = {
        QPalette.ColorRole.Window: "#2b2b2b", QPalette.ColorRole.WindowText: "#e6e6e6",
        QPalette.ColorRole.Base: "#1e1e1e", QPalette.ColorRole.AlternateBase: "#262626",
        QPalette.ColorRole.Text: "#e6e6e6", QPalette.ColorRole.Button: "#353535",
        QPalette.ColorRole.ButtonText: "#e6e6e6", QPalette.ColorRole.Highlight: "#3d6fb4",
        QPalette.ColorRole.HighlightedText: "#ffffff", QPalette.ColorRole.ToolTipBase: "#353535",
        QPalette.ColorRole.ToolTipText: "#e6e6e6", QPalette.ColorRole.PlaceholderText: "#9a9a9a",
    }
    for role, colour in colours.items():
        palette.setColor(role, QColor(colour))
    return palette


def main() -> int:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "screenshots"
    out.mkdir(parents=True, exist_ok=True)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setStyle("Fusion")
    with tempfile.TemporaryDirectory(prefix="safearchive-screens-") as home:
        paths = AppPaths(Path(home) / "config", Path(home) / "data", Path(home) / "cache")
        folder = demo.ensure_demo_archive(paths)
        settings = GuiSettings(path=None, recent=[str(folder)])
        ctx = AppContext(SyncTaskManager(), paths, settings, show_dialogs=False)
        controller = Controller(ctx, kdf=demo.DEMO_KDF, icon=app_icon())

        # 1. start screen, open tab (recent folders only)
        start = controller.show_start(folder)
        shoot(start, out, "01-start-open", QSize(640, 460))
        # 2. create tab with the strength meter
        start.tabs.setCurrentIndex(1)
        start.create_folder.setText(str(Path(home) / "new-archive"))
        start.new_passphrase.setText("correct horse battery staple")
        start.confirm_passphrase.setText("correct horse battery staple")
        shoot(start, out, "02-start-create", QSize(640, 460))
        # 3. the recovery key, shown once
        start.create(Path(home) / "new-archive", "correct horse battery staple")
        assert start.recovery_dialog is not None
        shoot(start.recovery_dialog, out, "03-recovery-key", QSize(560, 300))
        start.recovery_dialog.stored.setChecked(True)
        start.recovery_dialog.accept()
        assert controller.main is not None
        controller.main.lock()
        # 4. wrong passphrase
        start = controller.start
        assert start is not None
        start.preselect(folder)
        start.passphrase.setText("not the passphrase")
        start.submit_open()
        shoot(start, out, "04-wrong-passphrase", QSize(640, 460))
        # 5. main window on the demo archive, a post with an emoji before a name selected
        start.open(folder, demo.DEMO_PASSPHRASE)
        main = controller.main
        assert main is not None
        main.resize(1400, 900)
        def statuses(r: int) -> set[str]:
            main.table.selectRow(r)
            detail = main.detail.detail
            return {f.status for f in detail.findings} if detail else set()

        # a post that starts with an emoji and shows pending and accepted findings together
        row = next(r for r in range(200) if (rw := main.model.row_at(r)) and rw.text[:1] in demo.EMOJI
                   and {"pending", "accepted"} <= statuses(r))
        main.table.selectRow(row)
        shoot(main, out, "05-main-window", QSize(1400, 900))
        # 5b. the same in a dark palette: only the finding highlights use fixed colours
        light = app.palette()
        app.setPalette(dark_palette())
        shoot(main, out, "05b-main-window-dark", QSize(1400, 900))
        app.setPalette(light)
        # 6. search with live results and keyword in context
        main.search_box.setText("promise OR reported")
        main.run_search()
        main.table.selectRow(0)
        shoot(main, out, "06-search", QSize(1400, 900))
        main.clear_search()
        # 7. import dialog after importing a small CSV (with a bad record)
        sample = Path(home) / "sample-posts.csv"
        sample.write_text(
            "id,text,author,created_at\n"
            "s1,Sharing this because of the thread yesterday. Synthetic example one.,@example_a,2018-01-02T10:00:00Z\n"
            "s2,Synthetic example two: it took me years.,@example_b,2018-01-03T11:00:00Z\n"
            "s3,,@example_c,2018-01-04T12:00:00Z\n",
            encoding="utf-8",
        )
        dialog = main.open_import([sample])
        dialog.start()
        shoot(dialog, out, "07-import-summary", QSize(720, 560))
        dialog.close()
        # 8. audit log and settings
        main.show_audit_log()
        audit = [d for d in main.dialogs if d.windowTitle() == "Audit log"][-1]
        shoot(audit, out, "08-audit-log", QSize(820, 420))
        audit.close()
        settings_dialog = main.show_settings()
        shoot(settings_dialog, out, "09-settings", QSize(560, 300))
        settings_dialog.close()
        # 10. export: the leak check and manifest preview, before anything is written
        if main.caps.export:
            export = main.open_export()
            assert export is not None
            export.check()
            shoot(export, out, "11-export-check", QSize(700, 640))
            export.close()
        # 10. the Review menu (disabled actions explain why in their tooltips)
        menu = main.menus["review"]
        menu.popup(main.mapToGlobal(main.rect().topLeft()))
        shoot(menu, out, "10-review-menu")
        menu.close()
        main.close()
        ctx.taskman.shutdown()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
