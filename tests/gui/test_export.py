"""Export dialog over core/export: leak check blocks with a report, preview writes nothing,
a clean export is written encrypted."""

from __future__ import annotations

from pathlib import Path

import pytest

from safe_archive.core.archive import Archive
from safe_archive.gui.main_window import MainWindow

from .conftest import PASSPHRASE
from tests.dbutil import transaction

LEAKY = "Write to me at leak.canary@example.org if it happened to you too."


@pytest.fixture
def leaky_folder(archive_folder: Path) -> Path:
    """One scrubbed post whose e-mail address the scrubber missed."""
    archive = Archive.open(archive_folder, PASSPHRASE)
    try:
        with transaction(archive) as conn:
            conn.execute("UPDATE posts SET text=?, redacted_text=? WHERE id=1", (LEAKY, LEAKY))
            conn.execute("UPDATE posts SET redacted_text=text WHERE id=2")
    finally:
        archive.close()
    return archive_folder


def test_leak_check_blocks_and_nothing_is_written(leaky_folder: Path, main_window: MainWindow, tmp_path: Path) -> None:
    main_window.table.selectRow(0)
    main_window.table.selectRow(1)
    dialog = main_window.open_export()
    assert dialog is not None
    dialog.encrypt.setChecked(False)
    assert dialog.redetect.isChecked()  # the real scrubber re-detects in this test
    dialog.check()
    assert "BLOCKED" in dialog.status.text()
    assert "EMAIL" in dialog.report.toPlainText().upper()
    assert "leak.canary" not in dialog.report.toPlainText()  # the report names types, not text
    out = tmp_path / "out" / "export.csv"
    out.parent.mkdir()
    dialog.export_to(out)
    assert "BLOCKED" in dialog.status.text()
    assert list(out.parent.iterdir()) == []


@pytest.fixture
def scrubbed_folder(archive_folder: Path) -> Path:
    """The synthetic posts (no identifiers in them) marked as scrubbed."""
    archive = Archive.open(archive_folder, PASSPHRASE)
    try:
        with transaction(archive) as conn:
            conn.execute("UPDATE posts SET redacted_text=text WHERE id <= 20")
    finally:
        archive.close()
    return archive_folder


def test_clean_export_is_written_encrypted(scrubbed_folder: Path, main_window: MainWindow, tmp_path: Path) -> None:
    dialog = main_window.open_export()
    assert dialog is not None
    index = next(i for i in range(dialog.scope.count()) if dialog.scope.itemData(i)[0] == "all")
    dialog.scope.setCurrentIndex(index)
    dialog.format.setCurrentText("csv")
    # patterns + the archive's known identifiers only: the NLP re-detector flags the rare word
    # "harbour" in these synthetic posts as a name (the leak test below keeps it on)
    dialog.redetect.setChecked(False)
    dialog.export_passphrase.setText("secret1")
    assert dialog.passphrase_hint.text().startswith("Too weak")  # the core passphrase policy
    dialog.export_to(tmp_path / "weak.csv")
    assert "too weak" in dialog.status.text() and not list(tmp_path.glob("weak*"))
    dialog.export_passphrase.setText("lantern orbit quietly harbour 1979 moss")
    dialog.check()
    assert "Manifest preview" in dialog.report.toPlainText()
    assert "would export 20." in dialog.report.toPlainText()
    out = tmp_path / "clean.csv"
    dialog.export_to(out)
    assert dialog.export_result is not None, dialog.status.text()
    written = dialog.export_result.files[0]
    assert written.name.endswith(".age") and written.exists()
    assert b"Synthetic testimony" not in written.read_bytes()
    assert dialog.export_result.exported == 20


def test_leak_refusal_lists_the_words_links_posts_and_rechecks_after_a_fix(leaky_folder: Path, main_window: MainWindow, tmp_path: Path) -> None:
    main_window.table.selectRow(0)
    main_window.table.selectRow(1)
    dialog = main_window.open_export()
    assert dialog is not None and not dialog.isModal()  # posts stay usable while it is open
    dialog.encrypt.setChecked(False)
    dialog.redetect.setChecked(False)  # patterns find the address; no NLP load needed
    dialog.check()
    panel = main_window.leak_panel()
    assert panel.isVisible()
    words = [panel.tree.topLevelItem(i).text(2) for i in range(panel.tree.topLevelItemCount())]
    assert "leak.canary@example.org" in words  # the reviewer sees the words
    assert "--override" not in dialog.report.toPlainText() + dialog.status.text() + panel.heading.text()
    # the link opens the post in place
    item = panel.tree.topLevelItem(words.index("leak.canary@example.org"))
    panel.tree.itemActivated.emit(item, 0)
    assert main_window.detail.detail is not None and main_window.detail.detail.post.id == 1
    # fix in place: select the address in the original and redact it (M), then check again
    text = main_window.detail.detail.post.text
    start = text.index("leak.canary")
    cursor = main_window.detail.original.textCursor()
    cursor.setPosition(start)
    cursor.setPosition(start + len("leak.canary@example.org"), cursor.MoveMode.KeepAnchor)
    main_window.detail.original.setTextCursor(cursor)
    main_window.review.add_manual("EMAIL_ADDRESS")
    panel.recheck_button.click()
    assert panel.words == [] and "passed" in panel.heading.text()


def test_export_anyway_asks_the_reason_and_records_it(leaky_folder: Path, main_window: MainWindow, tmp_path: Path, monkeypatch) -> None:
    main_window.table.selectRow(0)
    main_window.table.selectRow(1)
    dialog = main_window.open_export()
    assert dialog is not None
    dialog.encrypt.setChecked(False)
    dialog.redetect.setChecked(False)
    dialog.check()
    panel = main_window.leak_panel()
    assert not panel.override_button.isEnabled()  # no reason, no override
    panel.reason.setText("the address is the study's public contact")
    out = tmp_path / "export.csv"
    monkeypatch.setattr(dialog, "_choose_and_export", lambda: dialog.export_to(out))
    panel.override_button.click()
    assert out.exists() and dialog.export_result is not None
    manifest = next(p for p in tmp_path.iterdir() if p.name.endswith(".json"))
    assert "public contact" in manifest.read_text()  # recorded as the command line records it
    archive = main_window.ctx.session.require()
    entry = next(e for e in archive.audit_entries(limit=5) if e.action == "export")
    assert entry.details["leak_hits"] == 1


def test_preview_says_encrypted_when_encrypt_is_ticked_and_explains_the_date_precision(scrubbed_folder: Path, main_window: MainWindow) -> None:
    dialog = main_window.open_export()
    assert dialog is not None
    assert dialog.encrypt.isChecked() and dialog.precision.currentText() == "month"
    assert "command line's day" in dialog.precision_note.text()
    dialog.redetect.setChecked(False)
    dialog.check()
    assert '"encrypted": true' in dialog.report.toPlainText()  # the manifest preview matches the box
    dialog.encrypt.setChecked(False)
    dialog.check()
    assert '"encrypted": false' in dialog.report.toPlainText()


def test_plain_export_into_a_synced_folder_warns_first(scrubbed_folder: Path, main_window: MainWindow, tmp_path: Path) -> None:
    dialog = main_window.open_export()
    assert dialog is not None
    dialog.scope.setCurrentIndex(0)
    dialog.encrypt.setChecked(False)
    dialog.redetect.setChecked(False)
    synced = tmp_path / "Dropbox" / "study"
    synced.mkdir(parents=True)
    out = synced / "plain.csv"
    dialog.export_to(out)
    assert "Dropbox" in dialog.status.text() and "Tick Encrypt" in dialog.status.text()
    assert "--encrypt" not in dialog.status.text() and not out.exists()
    dialog.export_to(out)  # asked again: the reviewer means it
    assert dialog.export_result is not None and out.exists()


def test_notes_go_into_the_export_only_when_ticked(scrubbed_folder: Path, main_window: MainWindow, tmp_path: Path) -> None:
    main_window.table.selectRow(0)
    main_window.posts.add_note("Reviewer memo about the harbour")
    dialog = main_window.open_export()
    assert dialog is not None
    dialog.encrypt.setChecked(False)
    dialog.redetect.setChecked(False)
    dialog.format.setCurrentText("jsonl")
    assert not dialog.include_notes.isChecked() and not dialog.options().include_notes
    dialog.include_notes.setChecked(True)
    assert dialog.options().include_notes
    dialog.export_to(tmp_path / "with-notes.jsonl")
    assert dialog.export_result is not None, dialog.status.text()
    assert "Reviewer memo" in dialog.export_result.files[0].read_text(encoding="utf-8")
