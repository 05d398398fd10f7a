"""Screens refresh from the archive's one "changed" signal (issue 14), not from what a service
call returned: a write made by any caller reaches the post view, the table and the sidebar, and
the signal, raised on the database thread, is delivered on the GUI thread."""

from __future__ import annotations

import threading
from pathlib import Path

from safe_archive.core.archive import Archive, Changes
from safe_archive.core.paths import AppPaths
from safe_archive.gui.context import AppContext
from safe_archive.gui.gui_settings import GuiSettings
from safe_archive.gui.main_window import MainWindow
from safe_archive.gui.operations import ArchiveOp
from safe_archive.gui.taskman import TaskManager

from .conftest import EMOJI_NAME, EMOJI_TEXT, FAST_KDF, PASSPHRASE, POSTS


def _show_emoji_post(window: MainWindow) -> int:
    window.table.selectRow(POSTS)
    detail = window.detail.detail
    assert detail is not None and detail.post.text == EMOJI_TEXT
    return detail.post.id


def test_a_write_nobody_reports_back_still_reaches_every_screen(main_window: MainWindow) -> None:
    post_id = _show_emoji_post(main_window)
    finding = main_window.detail.detail.findings[0]  # type: ignore[union-attr]
    assert main_window.sidebar.topLevelItem(1).text(0) == "Needs review (1)"  # type: ignore[union-attr]
    # service calls with no success callback: only the signal can tell the screens
    ArchiveOp(main_window.ctx, lambda a: a.review.add_tag([post_id], "harbour")).run_in_background()
    ArchiveOp(main_window.ctx, lambda a: a.review.decide(finding.id, "accepted")).run_in_background()
    ArchiveOp(main_window.ctx, lambda a: a.collections.create("Signal test", post_ids=[post_id])).run_in_background()
    detail = main_window.detail.detail
    assert detail is not None and detail.post.id == post_id
    assert detail.tags == ["harbour"]
    assert detail.findings[0].status == "accepted"
    assert EMOJI_NAME not in main_window.detail.redacted.toPlainText()
    assert main_window.sidebar.topLevelItem(1).text(0) == "Needs review (0)"  # type: ignore[union-attr]
    assert any(i.text(0) == "Signal test · 1" for i in main_window._sidebar_items())
    # the table's row was re-read too: its preview is the redacted text now
    preview = main_window.model.data(main_window.model.index(POSTS, 5))
    assert isinstance(preview, str) and preview.startswith("😀") and EMOJI_NAME not in preview


def test_a_review_decision_moves_to_the_next_finding_through_the_signal(main_window: MainWindow) -> None:
    _show_emoji_post(main_window)
    main_window.detail.findings_list.setCurrentRow(0)
    main_window.review.accept()
    assert main_window.detail.detail is not None and main_window.detail.detail.findings[0].status == "accepted"
    assert main_window.detail.findings_list.currentRow() == 0  # the only finding: stays on it


def test_changes_are_delivered_on_the_gui_thread_and_dropped_after_a_lock(tmp_path: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "a"
    Archive.create(folder, PASSPHRASE, kdf=FAST_KDF).close()
    taskman = TaskManager()
    ctx = AppContext(taskman, AppPaths(tmp_path / "c", tmp_path / "d", tmp_path / "x"), GuiSettings(), show_dialogs=False)
    seen: list[tuple[int, Changes]] = []
    ctx.archive_changed.connect(lambda changes: seen.append((threading.get_ident(), changes)))
    writer: dict[str, int] = {}

    def create(a: Archive) -> None:
        writer["thread"] = threading.get_ident()
        a.collections.create("Harbour")

    try:
        taskman.run_on_db(lambda: ctx.session.attach(Archive.open(folder, PASSPHRASE))).result(timeout=30)
        ctx.mark_open()
        ArchiveOp(ctx, create).run_in_background()
        qtbot.waitUntil(lambda: any(c.touches("collections") for _t, c in seen), timeout=5000)
        assert writer["thread"] != threading.get_ident()  # written on the database thread
        assert {t for t, _c in seen} == {threading.get_ident()}  # delivered on the GUI thread
        seen.clear()
        ArchiveOp(ctx, lambda a: a.collections.create("Late")).run_in_background()
        ctx.lock()  # the write may commit, but a locked window hears nothing of it
        qtbot.wait(300)
        assert seen == []
    finally:
        if ctx.is_open:
            ctx.lock()
        taskman.shutdown()


def test_a_failed_decision_shows_the_error_and_leaves_no_row_to_jump_to(main_window: MainWindow,
                                                                       monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from safe_archive.core.errors import SafeArchiveError

    post_id = _show_emoji_post(main_window)
    main_window.detail.findings_list.setCurrentRow(0)

    def refuse(_journal: object) -> object:
        raise SafeArchiveError("The archive refused the decision.")

    monkeypatch.setattr(main_window.ctx.session.require(), "undoable_review", refuse)
    main_window.review.accept()
    assert main_window.ctx.errors.messages[-1] == "The archive refused the decision."
    assert main_window.detail._row_after_change == {}  # a later reload keeps the reviewer's row
    assert main_window.detail.detail is not None and main_window.detail.detail.post.id == post_id
    assert main_window.detail.detail.findings[0].status == "pending"
