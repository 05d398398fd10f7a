"""Review actions, collections and labels, wired to core/review."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtGui import QTextCursor

from safe_archive.core.archive import Archive
from safe_archive.gui.main_window import MainWindow
from tests.export.helpers import add_post

from .conftest import EMOJI_NAME, EMOJI_TEXT, PASSPHRASE, POSTS



def open_emoji_post(window: MainWindow) -> None:
    window.table.selectRow(POSTS)
    assert window.detail.detail is not None and window.detail.detail.post.text == EMOJI_TEXT


def test_accept_with_keyboard_updates_highlight_and_redacted_text(main_window: MainWindow, qtbot) -> None:
    open_emoji_post(main_window)
    main_window.detail.findings_list.setCurrentRow(0)
    main_window.detail.findings_list.setFocus()
    assert main_window.actions_by_name["accept"].isEnabled()
    main_window.actions_by_name["accept"].trigger()
    detail = main_window.detail.detail
    assert detail is not None and detail.findings[0].status == "accepted"
    redacted = main_window.detail.redacted.toPlainText()
    assert EMOJI_NAME not in redacted and redacted.startswith("😀👍🏽 ")  # emoji kept, name gone
    # the sidebar's pending count dropped to zero
    assert main_window.sidebar.topLevelItem(1).text(0) == "Needs review (0)"


def test_reject_keeps_the_text(main_window: MainWindow) -> None:
    open_emoji_post(main_window)
    main_window.detail.findings_list.setCurrentRow(0)
    main_window.review.reject()
    detail = main_window.detail.detail
    assert detail is not None and detail.findings[0].status == "rejected"


def test_manual_redaction_after_an_emoji_lands_on_the_selected_words(main_window: MainWindow) -> None:
    open_emoji_post(main_window)
    pane = main_window.detail
    text = pane.detail.post.text  # type: ignore[union-attr]
    word = "anyone"
    cp_start = text.index(word)
    # select it the way a person would, in Qt's UTF-16 positions
    u16_start = len(text[:cp_start].encode("utf-16-le")) // 2
    cursor = pane.original.textCursor()
    cursor.setPosition(u16_start)
    cursor.setPosition(u16_start + len(word), QTextCursor.MoveMode.KeepAnchor)
    pane.original.setTextCursor(cursor)
    assert cursor.selectedText() == word
    main_window.review.add_manual("PERSON")
    detail = pane.detail
    assert detail is not None
    manual = [f for f in detail.findings if f.status == "manual"]
    assert len(manual) == 1 and text[manual[0].start : manual[0].end] == word
    # and it is highlighted on exactly those characters
    span = pane.span_for(manual[0].id)
    assert span is not None
    check = QTextCursor(pane.original.document())
    check.setPosition(span.start)
    check.setPosition(span.end, QTextCursor.MoveMode.KeepAnchor)
    assert check.selectedText() == word


def test_manual_redaction_dialog_offers_entity_types(main_window: MainWindow) -> None:
    open_emoji_post(main_window)
    cursor = main_window.detail.original.textCursor()
    cursor.setPosition(20)
    cursor.setPosition(24, QTextCursor.MoveMode.KeepAnchor)
    main_window.detail.original.setTextCursor(cursor)
    dialog = main_window.review.add_manual()
    assert dialog is not None and dialog.combo.findText("LOCATION") >= 0
    dialog.combo.setCurrentText("LOCATION")
    dialog.accept()
    assert any(f.entity_type == "LOCATION" for f in main_window.detail.detail.findings)  # type: ignore[union-attr]


def test_mark_reviewed(main_window: MainWindow) -> None:
    main_window.table.selectRow(4)
    main_window.review.mark_reviewed()
    assert main_window.model.data(main_window.model.index(4, 4)) == "reviewed"


def test_add_selection_to_a_new_collection(main_window: MainWindow) -> None:
    main_window.table.selectRow(1)
    main_window.review.add_to_collection()
    dialog = main_window.review.last_dialog
    assert dialog is not None
    dialog.combo.setCurrentText("For the ethics board")
    dialog.accept()
    items = [i for i in main_window._sidebar_items() if i.text(0).startswith("For the ethics board")]
    assert items and items[0].text(0).endswith("· 1")
    main_window.sidebar.setCurrentItem(items[0])
    assert main_window.model.total == 1


def test_label_a_post(main_window: MainWindow) -> None:
    main_window.table.selectRow(0)
    main_window.review.set_label("embargo-until", "2030-01-01")
    assert any(i.text(0).startswith("embargo-until") for i in main_window._sidebar_items())


def test_dynamic_collection_is_a_live_query(main_window: MainWindow) -> None:
    from safe_archive.core.review.collections import Collections
    from safe_archive.gui.operations import ArchiveOp

    ArchiveOp(main_window.ctx, lambda a: a.collections.create("Harbour", query="harbour")).run_in_background()
    main_window.refresh_sidebar()
    items = [i for i in main_window._sidebar_items() if i.text(0) == "Harbour · dynamic"]
    assert items
    main_window.sidebar.setCurrentItem(items[0])
    # nothing here is scrubbed, so the redacted-text query finds nothing; the query is what runs
    assert main_window.model.source.query == "harbour"  # type: ignore[union-attr]
    assert main_window.search_box.text() == "harbour"


@pytest.fixture
def jane_folder(archive_folder: Path) -> Path:
    """Two more posts: the same name once run together, once written out."""
    archive = Archive.open(archive_folder, PASSPHRASE)
    try:
        add_post(archive, "I saw janedoe today", find=[("janedoe", "PERSON", "pending")])
        add_post(archive, "Jane Doe was there", find=[("Jane Doe", "PERSON", "pending")])
    finally:
        archive.close()
    return archive_folder


def test_accept_everywhere_from_a_run_together_name_decides_the_written_out_one(jane_folder: Path,
                                                                               main_window: MainWindow) -> None:
    """Shift+A on 'janedoe' is the Terms view's one term 'jane doe' (issue 14): both posts."""
    main_window.table.selectRow(POSTS + 1)
    detail = main_window.detail.detail
    assert detail is not None and detail.post.text == "I saw janedoe today"
    run_together = detail.post.id
    main_window.detail.findings_list.setCurrentRow(0)
    main_window.actions_by_name["apply_all"].trigger()
    archive = main_window.ctx.session.require()
    assert [f.status for f in archive.read.findings(run_together)] == ["accepted"]
    assert [f.status for f in archive.read.findings(run_together + 1)] == ["accepted"]
    assert "2 occurrences in 2 posts accepted" in main_window.statusBar().currentMessage()
