"""Database work runs on the one worker thread; the CLI command and the demo archive."""

from __future__ import annotations

import threading
from pathlib import Path

from click.testing import CliRunner
from PySide6.QtWidgets import QAbstractButton, QLineEdit, QListWidget, QTableView, QTextEdit, QTreeWidget

from safe_archive.cli.main import _load_commands, cli
from safe_archive.core import demo
from safe_archive.core.redaction.canonical import term_key
from safe_archive.core.archive import Archive
from safe_archive.core.paths import AppPaths
from safe_archive.gui.context import AppContext
from safe_archive.gui.gui_settings import GuiSettings
from safe_archive.gui.main_window import MainWindow
from safe_archive.gui.operations import ArchiveOp
from safe_archive.gui.taskman import TaskManager

from .conftest import FAST_KDF, PASSPHRASE
from tests.dbutil import sql


def test_archive_ops_run_on_the_worker_and_report_back_on_the_gui_thread(tmp_path: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "a"
    Archive.create(folder, PASSPHRASE, kdf=FAST_KDF).close()
    taskman = TaskManager()
    ctx = AppContext(taskman, AppPaths(tmp_path / "c", tmp_path / "d", tmp_path / "x"), GuiSettings(), show_dialogs=False)
    try:
        opened = taskman.run_on_db(lambda: ctx.session.attach(Archive.open(folder, PASSPHRASE)))
        opened.result(timeout=30)
        ctx.mark_open()
        seen: dict[str, int] = {}

        def op(archive: Archive) -> int:
            seen["op"] = threading.get_ident()
            return archive.count_posts()

        def success(count: int) -> None:
            seen["success"] = threading.get_ident()
            seen["count"] = count

        ArchiveOp(ctx, op).success(success).run_in_background()
        qtbot.waitUntil(lambda: "success" in seen, timeout=5000)
        assert seen["op"] != threading.get_ident()  # the database thread
        assert seen["success"] == threading.get_ident()  # back on the GUI thread
        assert seen["count"] == 0
        # a result that arrives after a lock is dropped
        late: list[int] = []
        ArchiveOp(ctx, lambda a: a.count_posts()).success(late.append).run_in_background()
        ctx.lock()
        qtbot.wait(200)
        assert late == []
    finally:
        if ctx.is_open:
            ctx.lock()
        taskman.shutdown()


def test_gui_command_is_registered() -> None:
    _load_commands()
    result = CliRunner().invoke(cli, ["gui", "--help"])
    assert result.exit_code == 0
    assert "--demo" in result.output
    assert demo.DEMO_PASSPHRASE in " ".join(result.output.split())


def test_demo_archive_has_content_for_every_screen(tmp_path: Path) -> None:
    paths = AppPaths(tmp_path / "c", tmp_path / "d", tmp_path / "x")
    folder = demo.ensure_demo_archive(paths, count=60)
    assert folder == paths.data / "demo-archive"
    assert demo.ensure_demo_archive(paths, count=60) == folder  # created once
    archive = Archive.open(folder, demo.DEMO_PASSPHRASE)
    try:
        assert archive.count_posts() == 60
        conn = sql(archive)
        statuses = {r[0] for r in conn.execute("SELECT DISTINCT status FROM findings")}
        assert {"pending", "accepted", "rejected"} <= statuses
        assert conn.execute("SELECT count(*) FROM collections").fetchone()[0] == 2
        assert conn.execute("SELECT count(*) FROM import_batches").fetchone()[0] == 3
        # every finding points at the text it claims to (code points, emoji included)
        for start, end, term, text in conn.execute(
            "SELECT f.start, f.end, f.term, p.text FROM findings f JOIN posts p ON p.id = f.post_id"
        ):
            assert term_key(text[start:end]) == term
        # accepted names never survive in the redacted text
        for start, end, text, redacted in conn.execute(
            "SELECT f.start, f.end, p.text, p.redacted_text FROM findings f JOIN posts p ON p.id=f.post_id "
            "WHERE f.status='accepted' AND f.entity_type='PERSON'"
        ):
            assert text[start:end] not in redacted
    finally:
        archive.close()


def test_every_control_has_an_accessible_name_or_text(main_window: MainWindow) -> None:
    unnamed = []
    for kind in (QLineEdit, QAbstractButton, QTableView, QTreeWidget, QListWidget, QTextEdit):
        for widget in main_window.findChildren(kind):
            label = widget.accessibleName() or (widget.text() if isinstance(widget, QAbstractButton) else "")
            if not label and widget.isVisibleTo(main_window) and widget.objectName() != "qt_toolbar_ext_button":
                unnamed.append(type(widget).__name__)
    assert unnamed == []
