"""The scrubbing policy: an action and a threshold per entity type, and the allow/deny lists.

Loading and saving run on the database worker (ArchiveScrubber.policy / set_policy); saving
stores a new policy version, and the archive re-renders or re-scrubs only what it affects.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from safe_archive.core.scrub.policy import Action, Policy

ACTION_HELP = {
    "placeholder": "[PERSON]", "pseudonym": "[PERSON_3] — the same person, the same label",
    "redact": "█████", "surrogate": "a realistic fake value", "mask": "J***",
    "generalize": "a coarser truth: [age 12–14], [a high school]", "flag": "shown for review, text kept",
    "keep": "not reported",
}


class PolicyDialog(QDialog):
    def __init__(self, version: int, policy: Policy, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Scrubbing policy")
        self.policy = policy
        layout = QVBoxLayout(self)
        self.header = QLabel(f"Policy version {version}. Saving creates version {version + 1}; posts are re-rendered "
                             "or re-scrubbed only where the change affects them.")
        self.header.setWordWrap(True)
        layout.addWidget(self.header)
        types = sorted(policy.rules)
        self.table = QTableWidget(len(types), 3, self)
        self.table.setHorizontalHeaderLabels(["Entity type", "Action", "Threshold"])
        self.table.setAccessibleName("Action and threshold per entity type")
        self.entity_actions: dict[str, QComboBox] = {}
        self.thresholds: dict[str, QDoubleSpinBox] = {}
        for row, etype in enumerate(types):
            rule = policy.rule(etype)
            label = QLabel(etype)
            self.table.setCellWidget(row, 0, label)
            combo = QComboBox()
            for action in Action:
                combo.addItem(action.value, action.value)
                combo.setItemData(combo.count() - 1, ACTION_HELP.get(action.value, ""), 3)  # tooltip role
            combo.setCurrentIndex(combo.findData(rule.action.value))
            combo.setAccessibleName(f"Action for {etype}")
            self.table.setCellWidget(row, 1, combo)
            spin = QDoubleSpinBox()
            spin.setRange(0.0, 1.0)
            spin.setSingleStep(0.05)
            spin.setDecimals(2)
            spin.setValue(rule.threshold)
            spin.setAccessibleName(f"Threshold for {etype}")
            self.table.setCellWidget(row, 2, spin)
            self.entity_actions[etype] = combo
            self.thresholds[etype] = spin
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setStretchLastSection(True)
        layout.addWidget(self.table, 3)
        lists = QHBoxLayout()
        self.allow = self._list_box(lists, "Never flag (allow list), one per line", policy.allow_list)
        self.deny = self._list_box(lists, "Always flag (deny list), one per line", policy.deny_list)
        layout.addLayout(lists, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    @staticmethod
    def _list_box(parent: QHBoxLayout, title: str, values: tuple[str, ...]) -> QPlainTextEdit:
        box = QGroupBox(title)
        inner = QVBoxLayout(box)
        edit = QPlainTextEdit("\n".join(values))
        edit.setAccessibleName(title)
        inner.addWidget(edit)
        parent.addWidget(box)
        return edit

    def edited(self) -> Policy:
        """The policy as edited (validated by the core; a bad value raises PolicyError)."""
        data: dict[str, Any] = self.policy.to_dict()
        data["rules"] = {
            etype: {"action": self.entity_actions[etype].currentData(), "threshold": round(self.thresholds[etype].value(), 2)}
            for etype in self.entity_actions
        }
        data["allow_list"] = [line.strip() for line in self.allow.toPlainText().splitlines() if line.strip()]
        data["deny_list"] = [line.strip() for line in self.deny.toPlainText().splitlines() if line.strip()]
        return Policy.from_dict(data)
