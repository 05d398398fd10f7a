"""Start screen: create (strength, confirmation, recovery key once), open, wrong passphrase,
recovery key, recent folders only."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from safe_archive.core.archive import Archive
from safe_archive.gui.app import Controller
from safe_archive.gui.context import AppContext

from .conftest import FAST_KDF, PASSPHRASE

STRONG = "tulip anchor violet gravel"


def test_create_needs_a_strong_confirmed_passphrase(controller: Controller, qtbot, tmp_path: Path) -> None:
    start = controller.show_start()
    start.tabs.setCurrentIndex(1)
    start.create_folder.setText(str(tmp_path / "new"))
    start.new_passphrase.setText("short")
    assert not start.create_button.isEnabled()
    assert start.strength_label.text() == "Too short"
    start.new_passphrase.setText(STRONG)
    start.confirm_passphrase.setText(STRONG + "x")
    assert not start.create_button.isEnabled()
    assert "do not match" in start.create_error.text()
    start.confirm_passphrase.setText(STRONG)
    assert start.create_button.isEnabled()
    assert start.strength_bar.value() >= 2


def test_create_shows_recovery_key_once_then_opens(controller: Controller, ctx: AppContext, qtbot, tmp_path: Path) -> None:
    start = controller.show_start()
    folder = tmp_path / "new"
    start.create_folder.setText(str(folder))
    start.new_passphrase.setText(STRONG)
    start.confirm_passphrase.setText(STRONG)
    start.submit_create()
    dialog = start.recovery_dialog
    assert dialog is not None and dialog.isVisible()
    key = dialog.key_label.text()
    assert key.startswith("SA1-")
    assert controller.main is None  # nothing opens before the key is confirmed
    assert not dialog.ok_button.isEnabled()
    dialog.reject()  # Esc does not skip the confirmation
    assert dialog.isVisible()
    qtbot.mouseClick(dialog.stored, Qt.MouseButton.LeftButton)
    assert dialog.ok_button.isEnabled()
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.key_label.text() == ""  # forgotten once confirmed
    assert controller.main is not None and ctx.is_open
    assert Archive.exists(folder)
    # the key really opens the archive
    controller.main.lock()
    reopened = Archive.open(folder, recovery_key=key)
    reopened.close()


def test_wrong_passphrase_is_a_clear_message(controller: Controller, ctx: AppContext, archive_folder: Path, qtbot) -> None:
    start = controller.show_start()
    before = (archive_folder / "archive.db").stat().st_mtime_ns
    start.preselect(archive_folder)
    start.passphrase.setText("not it")
    qtbot.keyClick(start.passphrase, Qt.Key.Key_Return)
    assert "Wrong passphrase" in start.open_error.text()
    assert controller.main is None and not ctx.is_open
    assert start.passphrase.text() == ""  # never kept in the field
    assert (archive_folder / "archive.db").stat().st_mtime_ns == before


def test_open_with_recovery_key_and_typo(controller: Controller, ctx: AppContext, qtbot, tmp_path: Path) -> None:
    archive = Archive.create(tmp_path / "r", PASSPHRASE, kdf=FAST_KDF)
    key = archive.recovery_key
    archive.close()
    assert key is not None
    start = controller.show_start()
    start.preselect(tmp_path / "r")
    start.use_recovery.setChecked(True)
    assert start.passphrase_label.text() == "&Recovery key:"
    typo = key[:-1] + ("A" if key[-1] != "A" else "B")
    start.passphrase.setText(typo)
    start.submit_open()
    assert "typo" in start.open_error.text() or "Wrong recovery key" in start.open_error.text()
    assert not ctx.is_open
    start.passphrase.setText(key.lower().replace("-", " "))
    start.submit_open()
    assert ctx.is_open and controller.main is not None


def test_recent_file_holds_folder_paths_only(controller: Controller, ctx: AppContext, archive_folder: Path, qtbot) -> None:
    start = controller.show_start()
    start.open(archive_folder, PASSPHRASE)
    assert ctx.is_open
    stored = (ctx.paths.config / "gui.toml").read_text(encoding="utf-8")
    assert str(archive_folder.resolve()) in stored
    assert "Synthetic testimony" not in stored and PASSPHRASE + '"' not in stored
    assert set(line.split(" =")[0] for line in stored.splitlines() if " = " in line) <= {
        "version", "remember_recent", "autolock_minutes", "recent", "nlp_model",
    }
    # the next start lists it
    controller.main.lock()
    assert controller.start is not None
    assert controller.start.recent_list.item(0).text() == str(archive_folder.resolve())


def test_archive_in_use_is_reported(controller: Controller, ctx: AppContext, archive_folder: Path, qtbot) -> None:
    other = Archive.open(archive_folder, PASSPHRASE)
    try:
        start = controller.show_start()
        start.open(archive_folder, PASSPHRASE)
        assert "in use" in start.open_error.text()
        assert not ctx.is_open
    finally:
        other.close()
