"""Right-to-left posts read in their own direction in the app (gui/bidi.py). Found in an
acceptance walk with Arabic testimony: the posts table laid an Arabic post out left to right (its
words and our stand-ins [PERSON_4], [an age] out of order), a redacted post starting with a
stand-in came out left to right in the post view, the findings list pulled the score into a
quoted Arabic name, and the Terms view's English sentence about an Arabic term was set right to
left."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextDocument, QTextLayout
from PySide6.QtWidgets import QApplication, QStyleOptionViewItem

from safe_archive.core.archive import Archive
from safe_archive.gui.bidi import FSI, PDI, display_width, is_rtl
from safe_archive.gui.main_window import MainWindow
from tests.export.helpers import add_post

from .conftest import FAST_KDF, PASSPHRASE

pytestmark = pytest.mark.gui

TEACHER = "كنت في السادسة عشرة عندما بدأ أستاذي أحمد الخطيب يرسل لي رسائل. #أنا_أيضا"
STARTS_WITH_NAME = "أحمد قال لي إن ما حدث ليس مهمًا."
LEAKED = "ثم قال أحمد كل شيء للمدير."


@pytest.fixture
def archive_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "archive"
    archive = Archive.create(folder, PASSPHRASE, kdf=FAST_KDF)
    try:
        add_post(archive, "An English post about a harbour.", lang="en")
        add_post(archive, TEACHER, find=[("السادسة عشرة", "AGE", "pending"), ("أحمد الخطيب", "PERSON", "pending")], lang="ar")
        add_post(archive, STARTS_WITH_NAME, find=[("أحمد", "PERSON")], lang="ar")
        add_post(archive, LEAKED, lang="ar")  # the confirmed name again, not redacted: a leak
    finally:
        archive.close()
    return folder


def _row(window: MainWindow, original: str) -> int:
    for row in range(window.model.rowCount()):
        window.table.selectRow(row)
        detail = window.detail.detail
        if detail is not None and detail.post.text == original:
            return row
    raise AssertionError(original)


def _direction(window: MainWindow, row: int) -> Qt.LayoutDirection:
    option = QStyleOptionViewItem()
    option.initFrom(window.table)
    window.table.itemDelegate().initStyleOption(option, window.model.index(row, window.model.columnCount() - 1))
    return option.direction


def test_first_strong_character_outside_our_stand_ins() -> None:
    assert is_rtl(TEACHER) and is_rtl("[PERSON_5] قالت لي") and is_rtl("2019: [an age] كنت")
    assert not is_rtl("Tenía 15 años") and not is_rtl("[PERSON_11]我去警察局") and not is_rtl("") and not is_rtl("[X] 123")
    assert display_width("陳志明") == 6 and display_width("abc") == 3 and display_width("e\u0301") == 1


def test_posts_table_draws_an_arabic_post_right_to_left(main_window: MainWindow) -> None:
    assert _direction(main_window, _row(main_window, TEACHER)) == Qt.LayoutDirection.RightToLeft
    assert _direction(main_window, _row(main_window, STARTS_WITH_NAME)) == Qt.LayoutDirection.RightToLeft
    assert _direction(main_window, _row(main_window, "An English post about a harbour.")) == Qt.LayoutDirection.LeftToRight


def test_a_redacted_post_starting_with_a_stand_in_is_right_to_left(main_window: MainWindow) -> None:
    _row(main_window, STARTS_WITH_NAME)
    redacted = main_window.detail.redacted
    assert redacted.toPlainText().startswith("[PERSON"), redacted.toPlainText()  # the text itself is unchanged
    assert FSI not in redacted.toPlainText()
    assert redacted.document().begin().blockFormat().layoutDirection() == Qt.LayoutDirection.RightToLeft
    _row(main_window, "An English post about a harbour.")
    assert redacted.document().begin().blockFormat().layoutDirection() != Qt.LayoutDirection.RightToLeft


def _x_of(text: str, index: int) -> float:
    layout = QTextLayout(text, QApplication.font())
    layout.setTextOption(layout.textOption())
    layout.beginLayout()
    line = layout.createLine()
    line.setLineWidth(100000)
    layout.endLayout()
    return float(line.cursorToX(index)[0])


def test_findings_list_keeps_the_score_after_an_arabic_term(main_window: MainWindow) -> None:
    _row(main_window, TEACHER)
    lines = [main_window.detail.findings_list.item(i).text() for i in range(main_window.detail.findings_list.count())]
    for line, term in zip(lines, ["السادسة عشرة", "أحمد الخطيب"], strict=True):
        start = line.index(term)
        score = line.index("0.90")
        term_xs = [_x_of(line, i) for i in range(start, start + len(term) + 1)]
        assert _x_of(line, score) > max(term_xs), line  # the score column stays to the right of the name
        assert line.index("pending") > score


def test_terms_view_sentence_about_an_arabic_term_reads_left_to_right(main_window: MainWindow) -> None:
    main_window.review_tabs.setCurrentWidget(main_window.terms_view)
    view = main_window.terms_view
    row = next(r for r in range(view.row_count()) if view.cell(r, 0) == "أحمد الخطيب")
    view.table.selectRow(row)
    doc: QTextDocument = view.contexts.document()
    first = doc.begin()
    assert "occurrence" in first.text()
    assert first.layout().textOption().textDirection() == Qt.LayoutDirection.LeftToRight
    assert view.model.data(view.model.index(row, 0)) == "أحمد الخطيب"
    option = QStyleOptionViewItem()
    view.table.itemDelegate().initStyleOption(option, view.model.index(row, 0))
    assert option.direction == Qt.LayoutDirection.RightToLeft
    assert PDI not in view.cell(row, 0)


def test_leak_check_panel_draws_an_arabic_context_right_to_left(main_window: MainWindow) -> None:
    export = main_window.open_export()
    export.redetect.setChecked(False)
    export.check()
    tree = main_window.leak_panel().tree
    rows = [tree.topLevelItem(i) for i in range(tree.topLevelItemCount())]
    arabic = [item for item in rows if item is not None and item.text(2) == "أحمد"]
    assert arabic, [item.text(2) for item in rows if item is not None]
    option = QStyleOptionViewItem()
    tree.itemDelegate().initStyleOption(option, tree.indexFromItem(arabic[0], 3))
    assert option.direction == Qt.LayoutDirection.RightToLeft
    export.close()
