"""The Leak check panel tells the archive's current state and leaves the posts in view.

Acceptance walk: after a passed check, new posts were imported and the panel still said "You
can export now"; after review changes, a blocked list stayed as if current, and "Export anyway"
would have applied its reason to words the reviewer had not seen. And the panel opened at half
the window whatever it held. Now a change to what an export reads (imports, posts, findings,
decisions, labels, tags, notes, terms, policy, collections) marks the result out of date, which
disables "Export anyway" until a new check; the panel opens at its words' height, at most a third
of the window."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from safe_archive.core.archive import Archive
from safe_archive.gui.main_window import MainWindow

from .conftest import PASSPHRASE
from tests.dbutil import transaction

LEAKY = "Write to me at leak.canary@example.org if it happened to you too."


@pytest.fixture
def clean_folder(archive_folder: Path) -> Path:
    archive = Archive.open(archive_folder, PASSPHRASE)
    try:
        with transaction(archive) as conn:
            conn.execute("UPDATE posts SET redacted_text=text WHERE id <= 20")
    finally:
        archive.close()
    return archive_folder


@pytest.fixture
def leaky_folder(archive_folder: Path) -> Path:
    archive = Archive.open(archive_folder, PASSPHRASE)
    try:
        with transaction(archive) as conn:
            conn.execute("UPDATE posts SET text=?, redacted_text=? WHERE id=1", (LEAKY, LEAKY))
            conn.execute("UPDATE posts SET redacted_text=text WHERE id=2")
    finally:
        archive.close()
    return archive_folder


def _settle() -> None:
    for _ in range(5):
        QApplication.processEvents()


def test_a_passed_check_is_out_of_date_after_an_import(clean_folder: Path, main_window: MainWindow, tmp_path: Path) -> None:
    dialog = main_window.open_export()
    dialog.redetect.setChecked(False)
    dialog.check()
    panel = main_window.leak_panel()
    assert "You can export now" in panel.heading.text()
    _settle()
    assert "You can export now" in panel.heading.text()  # the check itself changes nothing
    source = tmp_path / "more.csv"
    source.write_text("id,text\nn1,A new post imported after the check.\n", encoding="utf-8")
    importer = main_window.open_import([source])
    importer.start()
    _settle()
    assert "You can export now" not in panel.heading.text()
    assert "Out of date" in panel.heading.text() and "imported" in panel.heading.text()
    assert "check again" in dialog.status.text()
    dialog.check()  # checking again shows the current result
    assert "You can export now" in panel.heading.text() and not panel.stale


def test_a_blocked_list_after_a_review_change_allows_no_export_anyway(leaky_folder: Path, main_window: MainWindow) -> None:
    main_window.table.selectRow(0)
    main_window.table.selectRow(1)
    dialog = main_window.open_export()
    dialog.encrypt.setChecked(False)
    dialog.redetect.setChecked(False)
    dialog.check()
    panel = main_window.leak_panel()
    panel.reason.setText("the address is the study's public contact")
    assert panel.words and panel.override_button.isEnabled()
    panel.tree.itemActivated.emit(panel.tree.topLevelItem(0), 0)
    text = main_window.detail.detail.post.text  # type: ignore[union-attr]
    cursor = main_window.detail.original.textCursor()
    cursor.setPosition(text.index("happened"))
    cursor.setPosition(text.index("happened") + len("happened"), cursor.MoveMode.KeepAnchor)
    main_window.detail.original.setTextCursor(cursor)
    main_window.review.add_manual("PERSON")  # any review change
    _settle()
    assert panel.stale and "Out of date" in panel.heading.text() and "review decisions" in panel.heading.text()
    assert not panel.override_button.isEnabled()
    panel.recheck_button.click()
    assert not panel.stale and panel.words and panel.override_button.isEnabled()


def test_the_panel_leaves_the_posts_in_view(leaky_folder: Path, main_window: MainWindow) -> None:
    main_window.resize(1400, 900)
    main_window.show()
    _settle()
    dialog = main_window.open_export()
    dialog.encrypt.setChecked(False)
    dialog.redetect.setChecked(False)
    dialog.check()
    _settle()
    panel = main_window.leak_panel()
    assert panel.isVisible() and panel.words
    assert panel.height() <= main_window.height() // 3 + 10, (panel.height(), main_window.height())
    assert main_window.table.height() > panel.height()


def test_the_word_found_is_highlighted_not_bracketed(leaky_folder: Path, main_window: MainWindow) -> None:
    # the context read "…at [leak.canary@example.org] if…", like our stand-ins "[PERSON_3]"
    from safe_archive.gui.highlight import _utf16
    from safe_archive.gui.posts_model import HITS_ROLE

    dialog = main_window.open_export()
    dialog.redetect.setChecked(False)
    dialog.check()
    panel = main_window.leak_panel()
    (word,) = panel.words
    assert "[leak.canary@example.org]" not in word.context
    assert word.context[word.at : word.at + len(word.word)] == word.word
    item = panel.tree.topLevelItem(0)
    ((a, b),) = item.data(3, HITS_ROLE)
    assert item.text(3)[a:b] == "leak.canary@example.org"
    assert _utf16("🙏 Liesl", 2) == 3 and _utf16("abc", 2) == 2  # Qt counts an emoji as two
