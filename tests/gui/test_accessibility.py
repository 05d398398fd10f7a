"""Every interactive widget has a name a screen reader can speak (QAccessible's Name, which Qt
takes from accessibleName, a button's text or a buddy label) and can be reached by keyboard."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QComboBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTabBar,
    QTextEdit,
    QWidget,
)

from safe_archive.gui.app import Controller
from safe_archive.gui.main_window import MainWindow

INTERACTIVE = (QAbstractButton, QAbstractItemView, QAbstractSpinBox, QComboBox, QLineEdit, QPlainTextEdit, QTextEdit, QTabBar)


def _internal(widget: QWidget) -> bool:
    """Parts Qt builds inside other widgets (a combo's line edit, a spin box's editor, a
    scroll area's viewport, a line edit's clear button): the outer widget carries the name."""
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, (QComboBox, QAbstractSpinBox, QAbstractItemView, QLineEdit)):  # e.g. the clear button
            return True
        parent = parent.parentWidget()
    name = widget.objectName()
    return name.startswith("qt_") or (isinstance(widget, QAbstractButton) and type(widget).__name__ == "QToolButton"
                                      and not widget.text() and widget.parentWidget() is not None
                                      and isinstance(widget.parentWidget(), QTabBar))


def spoken_name(widget: QWidget) -> str:
    iface = QAccessible.queryAccessibleInterface(widget)
    name = iface.text(QAccessible.Text.Name) if iface is not None else ""
    if not name:  # a label whose buddy is this widget names it too
        window = widget.window()
        for label in window.findChildren(QLabel):
            if label.buddy() is widget and label.text().strip():
                return label.text()
    return name.replace("&", "").strip()


def unnamed(root: QWidget) -> list[str]:
    missing = []
    for widget in [root, *root.findChildren(QWidget)]:
        if not isinstance(widget, INTERACTIVE) or _internal(widget):
            continue
        if not spoken_name(widget):
            missing.append(f"{type(widget).__name__} {widget.objectName()!r} in {type(widget.window()).__name__}")
        if widget.isEnabled() and widget.focusPolicy() == Qt.FocusPolicy.NoFocus and not isinstance(widget, QTabBar):
            missing.append(f"{type(widget).__name__} cannot take keyboard focus")
    return missing


def test_start_window_controls_are_named(controller: Controller) -> None:
    start = controller.show_start()
    assert unnamed(start) == []


def test_main_window_and_its_panels_are_named(main_window: MainWindow) -> None:
    main_window.table.selectRow(0)
    main_window.review_tabs.setCurrentWidget(main_window.terms_view)
    main_window.leak_panel()
    assert unnamed(main_window) == []


def test_the_walk_catches_an_unnamed_control(qtbot) -> None:  # type: ignore[no-untyped-def]
    box = QWidget()
    qtbot.addWidget(box)
    QLineEdit(box)
    named = QLineEdit(box)
    named.setAccessibleName("Named")
    assert unnamed(box) == ["QLineEdit '' in QWidget"]


@pytest.mark.parametrize("opener", ["open_import", "show_settings", "show_audit_log", "open_export", "note", "tag", "policy"])
def test_dialogs_are_named(main_window: MainWindow, opener: str, tmp_path: Path) -> None:
    main_window.table.selectRow(0)
    if opener == "note":
        dialog = main_window.posts.add_note()
    elif opener == "tag":
        main_window.posts.add_tag()
        dialog = main_window.posts.last_dialog
    elif opener == "policy":
        main_window.show_policy()
        dialog = main_window.policy_dialog
    else:
        result = getattr(main_window, opener)()
        dialog = result if result is not None else main_window.dialogs[-1]
    assert dialog is not None
    assert unnamed(dialog) == []
