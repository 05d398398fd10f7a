"""Tags, notes, context menus, New/Open, the empty-archive screen, unlock returning to the
post, and the label and plural fixes."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QApplication, QLabel

from safe_archive.core.archive import Archive
from safe_archive.core.review.review import Review
from safe_archive.gui.app import Controller
from safe_archive.gui.main_window import MainWindow
from safe_archive.gui.wording import plural

from .conftest import FAST_KDF, PASSPHRASE, POSTS


def test_tags_and_notes_in_the_app(main_window: MainWindow) -> None:
    main_window.table.selectRow(3)
    post = main_window.current_post_id()
    assert post is not None
    main_window.posts.add_tag("harbour-story")
    main_window.posts.add_note("Ask the ethics board about this one.")
    archive = main_window.ctx.session.require()
    assert archive.review.tags(post) == ["harbour-story"]
    assert [body for _i, _at, body in archive.review.notes(post)] == ["Ask the ethics board about this one."]
    detail = main_window.detail
    assert "tags: harbour-story" in detail.meta.text() and "1 note" in detail.meta.text()
    assert detail.notes_list.isVisibleTo(main_window) and "Ask the ethics board" in detail.notes_list.item(0).text()
    # from the dialogs a person uses
    main_window.actions_by_name["note"].trigger()
    dialog = main_window.posts.last_dialog
    dialog.body.setPlainText("Second memo")  # type: ignore[union-attr]
    dialog.accept()  # type: ignore[union-attr]
    assert len(archive.review.notes(post)) == 2
    main_window.posts.delete_note(archive.review.notes(post)[0][0])
    main_window.posts.remove_tag("harbour-story")
    assert archive.review.tags(post) == [] and len(archive.review.notes(post)) == 1


def test_context_menus_offer_the_review_actions(main_window: MainWindow) -> None:
    main_window.table.selectRow(POSTS)
    posts = [a.text() for a in main_window.posts.posts_menu().actions() if a.text()]
    assert "&Tag selected posts…" in posts and "Add a n&ote to this post…" in posts and "Mark post re&viewed" in posts
    findings = [a.text() for a in main_window.posts.findings_menu().actions() if a.text()]
    assert findings[:2] == ["&Accept finding", "&Reject finding"] and any("Not a name" in t for t in findings)
    from PySide6.QtCore import Qt
    assert main_window.table.contextMenuPolicy() == Qt.ContextMenuPolicy.CustomContextMenu
    assert main_window.detail.findings_list.contextMenuPolicy() == Qt.ContextMenuPolicy.CustomContextMenu


def test_empty_archive_says_what_to_do_first(controller: Controller, tmp_path: Path) -> None:
    folder = tmp_path / "empty"
    Archive.create(folder, PASSPHRASE, kdf=FAST_KDF).close()
    start = controller.show_start()
    start.preselect(folder)
    start.passphrase.setText(PASSPHRASE)
    start.submit_open()
    window = controller.main
    assert window is not None
    assert window.table_stack.currentWidget() is window.empty_state
    assert "First, import posts" in window.empty_label.text()
    window.empty_import.click()
    assert window.import_dialog is not None and window.import_dialog.isVisible()


def test_unlock_returns_to_the_same_post(open_main, controller: Controller) -> None:  # type: ignore[no-untyped-def]
    window = open_main()
    window.table.selectRow(POSTS)  # the last post
    post = window.current_post_id()
    window.lock()
    assert controller.start is not None
    controller.start.passphrase.setText(PASSPHRASE)
    controller.start.submit_open()
    assert controller.main is not None and controller.main.current_post_id() == post


def test_new_and_open_archive_go_straight_to_their_screens(main_window: MainWindow, controller: Controller) -> None:
    main_window.actions_by_name["new_archive"].trigger()
    assert not main_window.ctx.is_open and controller.start is not None
    assert controller.start.tabs.currentIndex() == 1  # Create
    assert controller.start.create_folder.hasFocus() or controller.start.create_folder.text() == ""


def test_open_another_archive_shows_the_open_screen(main_window: MainWindow, controller: Controller) -> None:
    main_window.actions_by_name["open_archive"].trigger()
    assert not main_window.ctx.is_open and controller.start is not None
    assert controller.start.tabs.currentIndex() == 0 and controller.start.open_folder.text() == ""


def test_folder_label_has_no_literal_ampersand_and_plurals(controller: Controller) -> None:
    start = controller.show_start()
    for label in start.findChildren(QLabel):
        text = label.text()
        if "&" in text.replace("&&", "") and not label.textFormat() == label.textFormat().RichText and "<" not in text:
            assert label.buddy() is not None, f"{text!r} would show its '&'"
    assert plural(1, "selected post") == "1 selected post" and plural(2, "post") == "2 posts"
    QApplication.processEvents()


def test_start_screen_warns_about_a_cloud_synced_folder(controller: Controller, tmp_path: Path) -> None:
    start = controller.show_start()
    start.show_create()
    start.create_folder.setText(str(tmp_path / "Dropbox" / "testimony"))
    assert start.create_sync_warning.isVisibleTo(start) and "Dropbox" in start.create_sync_warning.text()
    start.create_folder.setText(str(tmp_path / "plain" / "testimony"))
    assert not start.create_sync_warning.isVisibleTo(start)
    start.open_folder.setText(str(tmp_path / "Dropbox" / "old-archive"))
    assert "Dropbox" in start.open_sync_warning.text()
