"""The Terms view and keyboard review: one decision for every occurrence of a term, the count
shown before it is applied, sortable by count, and undo."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from safe_archive.core.archive import Archive
from safe_archive.core.review.review import Review
from safe_archive.gui.main_window import MainWindow

from .conftest import PASSPHRASE
from tests.dbutil import sql, transaction


def _flag(archive: Archive, post_id: int, word: str, entity: str = "PERSON", score: float = 0.8) -> None:
    text = archive.get_post(post_id).text
    start = text.index(word)
    with transaction(archive) as conn:
        conn.execute(
            "INSERT INTO findings(post_id, start, end, entity_type, score, source, term, status) "
            "VALUES (?, ?, ?, ?, ?, 'test', ?, 'pending')",
            (post_id, start, start + len(word), entity, score, word.lower()),
        )


@pytest.fixture
def terms_archive(archive_folder: Path) -> Path:
    archive = Archive.open(archive_folder, PASSPHRASE)
    try:
        ids = archive.post_ids(limit=10, offset=0, order="id")
        for pid in ids[:5]:
            _flag(archive, pid, "harbour", "LOCATION", 0.6)  # 5 occurrences
        for pid in ids[:2]:
            _flag(archive, pid, "promise", "PERSON", 0.4)  # 2 occurrences
    finally:
        archive.close()
    return archive_folder


def _statuses(window: MainWindow) -> dict[str, set[str]]:
    archive = window.ctx.session.require()
    rows = sql(archive).execute("SELECT term, status FROM findings").fetchall()
    out: dict[str, set[str]] = {}
    for term, status in rows:
        out.setdefault(str(term), set()).add(str(status))
    return out


def test_terms_view_lists_terms_by_count_and_accepts_all_with_the_count_shown(terms_archive: Path, main_window: MainWindow) -> None:
    window = main_window
    window.actions_by_name["terms"].trigger()
    assert window.in_terms_view()
    view = window.terms_view
    keys = [view.cell(r, 0) for r in range(view.row_count())]
    assert keys[:2] == ["harbour", "promise"] and "x" in keys  # by occurrences, biggest first
    assert view.cell(0, 1) == "5"
    assert view.accept_button.text() == "&Accept all 5"  # the count before anything is applied
    assert "post #" in view.contexts.toPlainText() or "harbour" in view.contexts.toPlainText()
    window.actions_by_name["accept"].trigger()  # the A key
    assert _statuses(window)["harbour"] == {"accepted"}
    assert view.cell(0, 0) != "harbour"  # decided terms leave the list
    assert window.actions_by_name["undo"].isEnabled()
    window.actions_by_name["undo"].trigger()  # Ctrl+Z
    assert _statuses(window)["harbour"] == {"pending"}
    assert view.cell(0, 0) == "harbour"


def test_not_a_name_keeps_the_term_and_sorting_by_count_ascending(terms_archive: Path, main_window: MainWindow) -> None:
    window = main_window
    window.review_tabs.setCurrentWidget(window.terms_view)
    view = window.terms_view
    view.table.sortByColumn(1, Qt.SortOrder.AscendingOrder)  # a click on the header
    counts = [int(view.cell(r, 1)) for r in range(view.row_count())]
    assert counts == sorted(counts)
    row = next(r for r in range(view.row_count()) if view.cell(r, 0) == "promise")
    view.table.selectRow(row)
    assert view.current_term() is not None and view.current_term().key == "promise"  # type: ignore[union-attr]
    assert view.not_name_button.text() == "&Not a name here (2)"
    window.actions_by_name["not_a_name"].trigger()  # the X key
    archive = window.ctx.session.require()
    assert _statuses(window)["promise"] == {"rejected"}
    assert ("promise", None) in archive.review.term_list("never")


def test_keyboard_review_in_the_post_view(terms_archive: Path, main_window: MainWindow, qtbot) -> None:
    window = main_window
    window.show()
    window.activateWindow()
    qtbot.waitExposed(window)
    window.table.selectRow(0)
    window.detail.findings_list.setFocus()
    qtbot.keyClick(window.detail.findings_list, Qt.Key.Key_J)  # next finding
    assert window.detail.selected_finding() is not None
    first = window.detail.selected_finding()
    qtbot.keyClick(window.detail.findings_list, Qt.Key.Key_A)  # accept
    assert sql(window.ctx.session.require()).execute(
        "SELECT status FROM findings WHERE id=?", (first.id,)).fetchone()[0] == "accepted"
    qtbot.keyClick(window.detail.findings_list, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # undo
    assert sql(window.ctx.session.require()).execute(
        "SELECT status FROM findings WHERE id=?", (first.id,)).fetchone()[0] == "pending"
    qtbot.keyClick(window.detail.findings_list, Qt.Key.Key_T)  # to the Terms view
    assert window.in_terms_view()


def test_next_post_selects_its_first_pending_finding_and_decisions_walk_the_pending_ones(
        terms_archive: Path, main_window: MainWindow) -> None:
    window = main_window
    window.table.clearSelection()
    window.actions_by_name["next_pending"].trigger()  # N
    first = window.detail.selected_finding()
    assert first is not None and first.status == "pending"  # A works at once, no J needed
    post = window.current_post_id()
    pending = [f for f in window.detail.detail.findings if f.status == "pending"]  # type: ignore[union-attr]
    for _ in pending:
        window.actions_by_name["accept"].trigger()  # A, A, …: each goes to the next pending one
    assert window.current_post_id() == post
    assert {f.status for f in window.detail.detail.findings} == {"accepted"}  # type: ignore[union-attr]
    assert "N goes to the next post" in window.statusBar().currentMessage()


def test_review_keys_work_right_after_unlock(terms_archive: Path, main_window: MainWindow, qtbot) -> None:
    from PySide6.QtWidgets import QApplication

    main_window.show()
    main_window.activateWindow()
    qtbot.waitExposed(main_window)
    assert QApplication.focusWidget() is main_window.table  # letters are shortcuts, not a search
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_N)
    assert main_window.search_box.text() == ""
    finding = main_window.detail.selected_finding()
    assert finding is not None and finding.status == "pending"
