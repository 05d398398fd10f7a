#!/usr/bin/env python3
"""Render each screen of the app on the demo archive to PNG (offscreen, no display needed), and
record the texts each screen shows in ``texts.json`` beside the PNGs.

    .venv/bin/python scripts/screenshots.py [OUT_DIR]      # default: docs/screenshots

``tests/gui/test_screenshots.py`` runs the same steps without rendering and compares the texts
with ``texts.json``: when the app's wording changes and the screenshots were not regenerated,
that test fails. Everything shown is synthetic (the demo archive, see safe_archive.core.demo);
a throwaway SAFE_ARCHIVE_HOME is used so nothing touches the user's own settings or archives.
"""

from __future__ import annotations

import html
import json
import os
import re
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QModelIndex, QSize, Qt  # noqa: E402
from PySide6.QtGui import QColor, QPalette  # noqa: E402
from PySide6.QtWidgets import (  # noqa: E402
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QComboBox,
    QDockWidget,
    QGroupBox,
    QLabel,
    QLineEdit,
    QMenu,
    QPlainTextEdit,
    QTabBar,
    QTextEdit,
    QWidget,
)

from safe_archive.core import demo  # noqa: E402
from safe_archive.core.paths import AppPaths  # noqa: E402
from safe_archive.gui.app import Controller, app_icon  # noqa: E402
from safe_archive.gui.context import AppContext  # noqa: E402
from safe_archive.gui.gui_settings import GuiSettings  # noqa: E402
from safe_archive.gui.taskman import SyncTaskManager  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
TEXTS_FILE = "texts.json"
ROWS_RECORDED = 12  # table/list rows recorded per view (what a screenshot shows of it)
_TAGS = re.compile(r"<[^>]+>")
_TIME = re.compile(r"\d{4}-\d\d-\d\d[ T]\d\d:\d\d(:\d\d)?(\+00:00| UTC)?")
_KEY = re.compile(r"\b[A-Z0-9]{4,6}(?:-[A-Z0-9]{4,6}){3,}\b")
_SHA = re.compile(r"\b[0-9a-f]{32,}\b|\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b")
_SECONDS = re.compile(r"\b\d+(\.\d+)? s\b")


def _plain(text: str) -> str:
    return " ".join(html.unescape(_TAGS.sub(" ", text.replace("&nbsp;", " "))).split())


def _model_texts(view: QAbstractItemView) -> list[str]:
    model = view.model()
    if model is None:
        return []
    out = []
    root = QModelIndex()
    try:
        columns = model.columnCount(root)
    except TypeError:  # list models keep columnCount private in PySide6: one column
        columns = 1
    headers = [str(model.headerData(c, Qt.Orientation.Horizontal) or "") for c in range(columns)]
    if any(headers) and columns > 1:
        out.append(" | ".join(headers))
    for row in range(min(model.rowCount(root), ROWS_RECORDED)):
        cells = [str(model.data(model.index(row, c)) or "") for c in range(columns)]
        out.append(" | ".join(cells))
        index = model.index(row, 0)
        for child in range(min(model.rowCount(index), ROWS_RECORDED)):  # tree children (the sidebar)
            out.append("  " + str(model.data(model.index(child, 0, index)) or ""))
    return out


def visible_texts(root: QWidget) -> list[str]:
    """What a person reads on ``root``: title, labels, buttons, fields, views, tabs, menus."""
    texts: list[str] = [root.windowTitle()] if root.isWindow() else []
    widgets = [root, *root.findChildren(QWidget)]
    for w in widgets:
        if w is not root and not w.isVisibleTo(root):
            continue
        if isinstance(w, QMenu):
            texts.extend(a.text() for a in w.actions() if a.text())
        elif isinstance(w, QLabel):
            texts.append(_plain(w.text()))
        elif isinstance(w, QAbstractButton) and w.text():
            texts.append(w.text())
        elif isinstance(w, QLineEdit) and not isinstance(w.parentWidget(), QComboBox):
            texts.append(w.text() if w.echoMode() == QLineEdit.EchoMode.Normal else "") if w.text() else texts.append(w.placeholderText())
        elif isinstance(w, QComboBox):
            texts.append(w.currentText())
        elif isinstance(w, (QPlainTextEdit, QTextEdit)):
            texts.append(w.toPlainText() or w.placeholderText())
        elif isinstance(w, QAbstractItemView):
            texts.extend(_model_texts(w))
        elif isinstance(w, QTabBar):
            texts.extend(w.tabText(i) for i in range(w.count()))
        elif isinstance(w, QGroupBox):
            texts.append(w.title())
        elif isinstance(w, QDockWidget):
            texts.append(w.windowTitle())
    return [t for t in texts if t and t.strip()]


def normalise(text: str, home: str) -> str:
    """Remove what differs between runs: the temporary folder, clock times, keys, hashes."""
    text = text.replace(home, "~")
    text = _KEY.sub("<recovery key>", text)
    text = _SHA.sub("<hash>", text)
    text = _TIME.sub("<time>", text)
    return _SECONDS.sub("<seconds>", text)


class Shooter:
    def __init__(self, out: Path, home: str, *, render: bool) -> None:
        self.out = out
        self.home = home
        self.render = render
        self.texts: dict[str, list[str]] = {}

    def shoot(self, widget: QWidget, name: str, size: QSize | None = None) -> None:
        if size is not None:
            widget.resize(size)
        widget.show()
        for _ in range(5):
            QApplication.processEvents()
        self.texts[name] = [normalise(t, self.home) for t in visible_texts(widget)]
        if self.render:
            path = self.out / f"{name}.png"
            widget.grab().save(str(path))
            print(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path)


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


def walk(shooter: Shooter, controller: Controller, folder: Path, home: Path, app: QApplication,
         dark: QPalette) -> None:
    shoot = shooter.shoot
    start = controller.show_start(folder)
    shoot(start, "01-start-open", QSize(640, 500))
    # create: a new archive, with the strength meter
    start.show_create()
    start.create_folder.setText(str(home / "new-archive"))
    start.new_passphrase.setText("lantern orbit quietly harbour moss")
    start.confirm_passphrase.setText("lantern orbit quietly harbour moss")
    shoot(start, "02-start-create", QSize(640, 500))
    start.create_archive(home / "new-archive", "lantern orbit quietly harbour moss")
    assert start.recovery_dialog is not None
    shoot(start.recovery_dialog, "03-recovery-key", QSize(560, 300))
    start.recovery_dialog.stored.setChecked(True)
    start.recovery_dialog.accept()
    main = controller.main
    assert main is not None
    shoot(main, "04-empty-archive", QSize(1100, 700))  # what to do first
    # import: one file detection cannot place gets a format chooser
    unknown = home / "stories.dat"
    unknown.write_text("id,text,author\nd1,A synthetic story saved without an extension.,@teller\n", encoding="utf-8")
    dialog = main.open_import([unknown])
    shoot(dialog, "05-import-choose-format", QSize(720, 560))
    dialog.close()
    main.lock()
    # wrong passphrase, then the demo archive
    start = controller.start
    assert start is not None
    start.preselect(folder)
    start.passphrase.setText("not the passphrase")
    start.submit_open()
    shoot(start, "06-wrong-passphrase", QSize(640, 500))
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
    main.detail.findings_list.setCurrentRow(0)
    shoot(main, "07-main-window", QSize(1400, 900))
    light = app.palette()
    app.setPalette(dark)  # only the finding highlights use fixed colours
    shoot(main, "07b-main-window-dark", QSize(1400, 900))
    app.setPalette(light)
    # the Terms view: each flagged term once, the biggest first
    main.review_tabs.setCurrentWidget(main.terms_view)
    shoot(main, "08-terms-view", QSize(1400, 900))
    main.review_tabs.setCurrentWidget(main.detail)
    main.search_box.setText("promise OR reported")
    main.run_search()
    main.table.selectRow(0)
    shoot(main, "09-search", QSize(1400, 900))
    main.clear_search()
    sample = home / "sample-posts.csv"
    sample.write_text(
        "id,text,author,created_at\n"
        "s1,Sharing this because of the thread yesterday. Synthetic example one.,@example_a,2018-01-02T10:00:00Z\n"
        "s2,Synthetic example two: it took me years.,@example_b,2018-01-03T11:00:00Z\n"
        "s3,,@example_c,2018-01-04T12:00:00Z\n",
        encoding="utf-8",
    )
    dialog = main.open_import([sample])
    dialog.start()
    shoot(dialog, "10-import-summary", QSize(720, 560))
    dialog.close()
    main.show_audit_log()
    audit = [d for d in main.dialogs if d.windowTitle() == "Audit log"][-1]
    shoot(audit, "11-audit-log", QSize(900, 420))
    audit.close()
    main.verify()
    shoot(main.verify_dialog, "12-verify", QSize(600, 320))
    main.verify_dialog.close()
    settings_dialog = main.show_settings()
    shoot(settings_dialog, "13-settings", QSize(560, 320))
    settings_dialog.close()
    export = main.open_export()
    export.redetect.setChecked(False)  # patterns and the archive's known identifiers: quick, repeatable
    export.include_pending.setChecked(True)
    export.check()
    shoot(export, "14-export-check", QSize(720, 700))
    export.move(900, 0)
    shoot(main, "15-leak-check-panel", QSize(1400, 900))
    export.close()
    menu = main.menus["review"]
    menu.popup(main.mapToGlobal(main.rect().topLeft()))
    shoot(menu, "16-review-menu")
    menu.close()
    main.table.selectRow(row)
    menu = main.posts.findings_menu()
    menu.popup(main.mapToGlobal(main.rect().center()))
    shoot(menu, "17-finding-context-menu")
    menu.close()
    main.close()


def run(out: Path, *, render: bool = True) -> dict[str, list[str]]:
    """Walk through the app as a new user would; return each screen's texts (and write PNGs
    when ``render``)."""
    out.mkdir(parents=True, exist_ok=True)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setStyle("Fusion")
    with tempfile.TemporaryDirectory(prefix="safearchive-screens-") as home:
        paths = AppPaths(Path(home) / "config", Path(home) / "data", Path(home) / "cache")
        folder = demo.ensure_demo_archive(paths)
        settings = GuiSettings(path=None, recent=[str(folder)])
        ctx = AppContext(SyncTaskManager(), paths, settings, show_dialogs=False, scrub_on_import=False)
        controller = Controller(ctx, kdf=demo.DEMO_KDF, icon=app_icon())
        shooter = Shooter(out, home, render=render)
        try:
            walk(shooter, controller, folder, Path(home), app, dark_palette())
        finally:
            for widget in QApplication.topLevelWidgets():
                widget.close()
            if ctx.is_open:
                ctx.lock()
            ctx.taskman.shutdown()
    return shooter.texts


def main() -> int:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "screenshots"
    texts = run(out)
    (out / TEXTS_FILE).write_text(json.dumps(texts, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(out / TEXTS_FILE)
    return 0

if __name__ == "__main__":
    raise SystemExit(main())
