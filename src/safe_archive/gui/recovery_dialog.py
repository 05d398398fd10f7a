"""Shows the recovery key exactly once, with Print and an "I have stored it" confirmation."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontDatabase, QGuiApplication, QTextDocument
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)


class RecoveryKeyDialog(QDialog):
    def __init__(self, recovery_key: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Your recovery key")
        self.setModal(True)
        self._key = recovery_key
        layout = QVBoxLayout(self)
        intro = QLabel(
            "<b>Write this key down or print it, and keep it somewhere safe and offline.</b><br>"
            "It opens the archive if the passphrase is forgotten. It is shown only now: "
            "SafeArchive cannot show it again or recover it for you."
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.key_label = QLabel(recovery_key)
        font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setWeight(QFont.Weight.DemiBold)
        self.key_label.setFont(font)
        self.key_label.setWordWrap(True)
        self.key_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.key_label.setAccessibleName("Recovery key")
        self.key_label.setFrameShape(QLabel.Shape.StyledPanel)
        self.key_label.setMargin(12)
        layout.addWidget(self.key_label)
        self.print_button = QPushButton("&Print…")
        self.print_button.setAccessibleName("Print the recovery key")
        self.print_button.clicked.connect(self.print_key)
        layout.addWidget(self.print_button, alignment=Qt.AlignmentFlag.AlignLeft)
        self.stored = QCheckBox("I have &stored the recovery key somewhere safe")
        self.stored.setAccessibleName("I have stored the recovery key")
        layout.addWidget(self.stored)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText("&Continue")
        self.ok_button.setEnabled(False)
        self.stored.toggled.connect(self.ok_button.setEnabled)
        self.buttons.accepted.connect(self.accept)
        layout.addWidget(self.buttons)

    def print_key(self) -> None:
        from PySide6.QtPrintSupport import QPrintDialog, QPrinter  # loaded only when printing

        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        dialog = QPrintDialog(printer, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        doc = QTextDocument()
        doc.setPlainText(
            "SafeArchive recovery key\n\n" + self._key + "\n\nKeep this page somewhere safe and offline.\n"
        )
        doc.print_(printer)

    def reject(self) -> None:  # Esc must not skip the confirmation
        if self.stored.isChecked():
            self.accept()

    def done(self, result: int) -> None:
        # forget the key as far as Qt allows once the dialog is closed, and clear it from the
        # clipboard if the user copied it there
        key = "".join(ch for ch in self._key if ch.isalnum()).upper()
        self.key_label.clear()
        self._key = ""
        clipboard = QGuiApplication.clipboard()
        if key and clipboard is not None:
            held = "".join(ch for ch in clipboard.text() if ch.isalnum()).upper()
            if held and (held in key or key in held):
                clipboard.clear()
        super().done(result)
