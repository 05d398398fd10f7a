"""Selecting exactly a pending finding's words and pressing M accepts that finding instead of
adding a second, manual one beside it. Seen in the acceptance walk: 'राजेश शर्मा' then showed
twice in the findings list (0.60 pending and 1.00 manual) and the post still needed review."""

from __future__ import annotations

from PySide6.QtGui import QTextCursor

from safe_archive.gui.main_window import MainWindow

from .conftest import EMOJI_NAME, EMOJI_TEXT, POSTS


def _select(window: MainWindow, text: str, word: str) -> None:
    start = text.index(word)
    u16 = len(text[:start].encode("utf-16-le")) // 2
    cursor = window.detail.original.textCursor()
    cursor.setPosition(u16)
    cursor.setPosition(u16 + len(word.encode("utf-16-le")) // 2, QTextCursor.MoveMode.KeepAnchor)
    window.detail.original.setTextCursor(cursor)


def test_m_on_a_pending_finding_accepts_it(main_window: MainWindow) -> None:
    main_window.table.selectRow(POSTS)  # the emoji post: one pending PERSON finding on the name
    detail = main_window.detail.detail
    assert detail is not None and [f.status for f in detail.findings] == ["pending"]
    _select(main_window, EMOJI_TEXT, EMOJI_NAME)
    main_window.review.add_manual("PERSON")
    detail = main_window.detail.detail
    assert detail is not None and [(f.status, f.entity_type) for f in detail.findings] == [("accepted", "PERSON")]


def test_m_on_other_words_or_another_type_adds_a_manual_redaction(main_window: MainWindow) -> None:
    main_window.table.selectRow(POSTS)
    _select(main_window, EMOJI_TEXT, "Maren")  # part of the finding: a redaction of its own
    main_window.review.add_manual("PERSON")
    _select(main_window, EMOJI_TEXT, EMOJI_NAME)
    main_window.review.add_manual("ORGANIZATION")  # the same words as another type
    detail = main_window.detail.detail
    assert detail is not None
    assert sorted((f.status, f.entity_type) for f in detail.findings) == [
        ("manual", "ORGANIZATION"), ("manual", "PERSON"), ("pending", "PERSON")]
