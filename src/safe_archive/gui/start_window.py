"""The start screen: open an archive (recent folders, passphrase or recovery key) or create one."""

from __future__ import annotations

from concurrent.futures import Future
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QIcon, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from safe_archive.core.archive import DEFAULT_KDF, Archive, KdfParams
from safe_archive.core.errors import RecoveryKeyTypo, SafeArchiveError, WrongPassphrase
from safe_archive.gui import file_dialogs
from safe_archive.gui.context import AppContext, safe_message
from safe_archive.gui.recovery_dialog import RecoveryKeyDialog
from safe_archive.gui.strength import LEVELS, estimate


class StartWindow(QWidget):
    opened = Signal()  # the session holds an open archive
    unlocking = Signal()  # a passphrase or key is being checked (the main window can be built)

    def __init__(self, ctx: AppContext, *, kdf: KdfParams = DEFAULT_KDF, icon: QIcon | None = None) -> None:
        super().__init__()
        self.ctx = ctx
        self.kdf = kdf
        self.recovery_dialog: RecoveryKeyDialog | None = None
        self.setWindowTitle("SafeArchive")
        if icon is not None:
            self.setWindowIcon(icon)
        self.setMinimumWidth(560)
        layout = QVBoxLayout(self)
        heading = QLabel("<h2>SafeArchive</h2>Open an encrypted archive, or create a new one.")
        heading.setWordWrap(True)
        layout.addWidget(heading)
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName("Open or create")
        self.tabs.addTab(self._build_open_tab(), "&Open")
        self.tabs.addTab(self._build_create_tab(), "&Create")
        layout.addWidget(self.tabs)
        self.busy = QProgressBar()
        self.busy.setRange(0, 0)
        self.busy.setVisible(False)
        self.busy.setAccessibleName("Working")
        self.busy.setTextVisible(False)
        layout.addWidget(self.busy)
        ctx.busy_changed.connect(self._on_busy)
        QShortcut(QKeySequence.StandardKey.Quit, self, self.close)

    # ------------------------------------------------------------------ open tab
    def _build_open_tab(self) -> QWidget:
        tab = QWidget()
        layout = QVBoxLayout(tab)
        layout.addWidget(QLabel("Recent archives (folders only; nothing from inside them is remembered):"))
        self.recent_list = QListWidget()
        self.recent_list.setAccessibleName("Recent archives")
        self.recent_list.currentItemChanged.connect(self._recent_chosen)
        self.recent_list.itemActivated.connect(lambda _item: self.passphrase.setFocus())
        layout.addWidget(self.recent_list)
        row = QHBoxLayout()
        self.open_folder = QLineEdit()
        self.open_folder.setPlaceholderText("Archive folder")
        self.open_folder.setAccessibleName("Archive folder to open")
        row.addWidget(self.open_folder)
        browse = QPushButton("&Browse…")
        browse.setAccessibleName("Choose the archive folder")
        browse.clicked.connect(self._browse_open)
        row.addWidget(browse)
        self.forget_button = QPushButton("Forget recent")
        self.forget_button.setAccessibleName("Forget the list of recent archives")
        self.forget_button.clicked.connect(self._forget_recent)
        row.addWidget(self.forget_button)
        layout.addLayout(row)
        self._fill_recent()
        form = QFormLayout()
        self.passphrase: QLineEdit = QLineEdit()
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase.setAccessibleName("Passphrase")
        self.passphrase.returnPressed.connect(self.submit_open)
        self.passphrase_label = QLabel("&Passphrase:")
        self.passphrase_label.setBuddy(self.passphrase)
        form.addRow(self.passphrase_label, self.passphrase)
        self.use_recovery = QCheckBox("Use the &recovery key instead (forgotten passphrase)")
        self.use_recovery.setAccessibleName("Open with the recovery key")
        self.use_recovery.toggled.connect(self._recovery_toggled)
        form.addRow("", self.use_recovery)
        layout.addLayout(form)
        self.open_error = QLabel("")
        self.open_error.setWordWrap(True)
        self.open_error.setAccessibleName("Open error")
        self.open_error.setForegroundRole(self.open_error.foregroundRole())
        layout.addWidget(self.open_error)
        self.open_sync_warning = self._sync_label("Warning about where the archive is")
        layout.addWidget(self.open_sync_warning)
        self.open_folder.textChanged.connect(lambda text: self._show_sync_risk(self.open_sync_warning, text))
        self.open_button = QPushButton("Open archive")
        self.open_button.setDefault(True)
        self.open_button.setAccessibleName("Open archive")
        self.open_button.clicked.connect(self.submit_open)
        layout.addWidget(self.open_button, alignment=Qt.AlignmentFlag.AlignRight)
        return tab

    def _fill_recent(self) -> None:
        self.recent_list.clear()
        for path in self.ctx.settings.recent:
            item = QListWidgetItem(path)
            item.setToolTip(path)
            self.recent_list.addItem(item)
        if self.recent_list.count():
            self.recent_list.setCurrentRow(0)

    def _recent_chosen(self, item: QListWidgetItem | None) -> None:
        if item is not None:
            self.open_folder.setText(item.text())

    def _forget_recent(self) -> None:
        self.ctx.settings.forget_recent()
        self._fill_recent()

    def _browse_open(self) -> None:
        folder = file_dialogs.choose_folder(self, "Choose the archive folder")
        if folder is not None:
            self.open_folder.setText(str(folder))
            self.passphrase.setFocus()

    def _recovery_toggled(self, on: bool) -> None:
        self.passphrase_label.setText("&Recovery key:" if on else "&Passphrase:")
        self.passphrase.setAccessibleName("Recovery key" if on else "Passphrase")
        self.passphrase.clear()

    @staticmethod
    def _sync_label(name: str) -> QLabel:
        label = QLabel("")
        label.setWordWrap(True)
        label.setAccessibleName(name)
        label.setVisible(False)
        return label

    def _show_sync_risk(self, label: QLabel, folder_text: str) -> None:
        """The core's warning (as the CLI prints it) for a cloud-synced or network folder; a
        few stat calls and /proc/self/mounts, fine on the GUI thread."""
        from safe_archive.core.sync_folders import archive_warning, sync_risk

        text = folder_text.strip()
        risk = sync_risk(Path(text)) if text else None
        label.setText(f"⚠ {archive_warning(Path(text), risk)}" if risk is not None else "")
        label.setVisible(risk is not None)

    def show_create(self) -> None:
        """The Create tab, ready to type (Archive ▸ New archive…)."""
        self.tabs.setCurrentIndex(1)
        self.create_folder.setFocus()

    def show_open_other(self) -> None:
        """The Open tab with nothing chosen (Archive ▸ Open another archive…)."""
        self.tabs.setCurrentIndex(0)
        self.recent_list.setCurrentRow(-1)
        self.open_folder.clear()
        self.open_folder.setFocus()

    def preselect(self, folder: Path) -> None:
        """Show the Open tab for ``folder`` (after locking: the unlock screen)."""
        self.tabs.setCurrentIndex(0)
        self.open_folder.setText(str(folder))
        self.passphrase.clear()
        self.passphrase.setFocus()

    def submit_open(self) -> None:
        folder_text = self.open_folder.text().strip()
        secret = self.passphrase.text()
        if not folder_text:
            self._open_failed("Choose the archive folder first.")
            return
        if not secret:
            self._open_failed("Type the recovery key." if self.use_recovery.isChecked() else "Type the passphrase.")
            return
        self.open(Path(folder_text), secret, recovery=self.use_recovery.isChecked())

    def open(self, folder: Path, secret: str, *, recovery: bool = False) -> None:
        self.passphrase.clear()
        self.open_error.clear()
        self._set_enabled(False)
        session = self.ctx.session
        label = "Unlocking…"
        self.ctx.begin_busy(label)

        def work() -> None:
            if recovery:
                archive = Archive.open(folder, recovery_key=secret)
            else:
                archive = Archive.open(folder, secret)
            session.attach(archive)

        def done(future: Future[None]) -> None:
            self.ctx.end_busy(label)
            self._set_enabled(True)
            try:
                future.result()
            except WrongPassphrase as exc:
                self._open_failed(str(exc))
                return
            except RecoveryKeyTypo as exc:
                self._open_failed(str(exc))
                return
            except BaseException as exc:  # noqa: BLE001 - shown, never with content
                self._open_failed(safe_message(exc))
                return
            self.ctx.settings.add_recent(folder)
            self.ctx.mark_open()
            self.opened.emit()

        self.ctx.taskman.run_on_db(work, done)
        self.unlocking.emit()

    def _open_failed(self, message: str) -> None:
        self.open_error.setText(message)
        self.ctx.errors.messages.append(message)
        self.passphrase.setFocus()

    # ------------------------------------------------------------------ create tab
    def _build_create_tab(self) -> QWidget:
        tab = QWidget()
        layout = QVBoxLayout(tab)
        form = QFormLayout()
        row = QHBoxLayout()
        self.create_folder = QLineEdit()
        self.create_folder.setPlaceholderText("A new, empty folder (not a cloud-sync folder)")
        self.create_folder.setAccessibleName("Folder for the new archive")
        row.addWidget(self.create_folder)
        browse = QPushButton("B&rowse…")
        browse.setAccessibleName("Choose a folder for the new archive")
        browse.clicked.connect(self._browse_create)
        row.addWidget(browse)
        folder_label = QLabel("&Folder:")  # a row given as a layout gets no buddy: the & would show
        folder_label.setBuddy(self.create_folder)
        form.addRow(folder_label, row)
        self.new_passphrase = QLineEdit()
        self.new_passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.new_passphrase.setAccessibleName("New passphrase")
        self.new_passphrase.textChanged.connect(self._update_strength)
        form.addRow("&Passphrase:", self.new_passphrase)
        self.confirm_passphrase = QLineEdit()
        self.confirm_passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.confirm_passphrase.setAccessibleName("Confirm the passphrase")
        self.confirm_passphrase.textChanged.connect(self._update_strength)
        self.confirm_passphrase.returnPressed.connect(self.submit_create)
        form.addRow("Con&firm:", self.confirm_passphrase)
        self.strength_bar = QProgressBar()
        self.strength_bar.setRange(0, len(LEVELS) - 1)
        self.strength_bar.setFormat("%v")
        self.strength_bar.setAccessibleName("Passphrase strength")
        self.strength_label = QLabel(LEVELS[0])
        meter = QHBoxLayout()
        meter.addWidget(self.strength_bar)
        meter.addWidget(self.strength_label)
        form.addRow("Strength:", meter)
        layout.addLayout(form)
        hint = QLabel(
            "Use four or more unrelated words. The passphrase cannot be recovered; the recovery "
            "key shown next is the only other way in."
        )
        hint.setWordWrap(True)
        layout.addWidget(hint)
        self.create_error = QLabel("")
        self.create_error.setWordWrap(True)
        self.create_error.setAccessibleName("Create error")
        layout.addWidget(self.create_error)
        self.create_sync_warning = self._sync_label("Warning about the chosen folder")
        layout.addWidget(self.create_sync_warning)
        self.create_folder.textChanged.connect(lambda text: self._show_sync_risk(self.create_sync_warning, text))
        self.create_button = QPushButton("Create archive")
        self.create_button.setAccessibleName("Create archive")
        self.create_button.setEnabled(False)
        self.create_button.clicked.connect(self.submit_create)
        layout.addWidget(self.create_button, alignment=Qt.AlignmentFlag.AlignRight)
        layout.addStretch(1)
        return tab

    def _browse_create(self) -> None:
        folder = file_dialogs.choose_folder(self, "Choose a folder for the new archive")
        if folder is not None:
            self.create_folder.setText(str(folder))

    def _update_strength(self) -> None:
        strength = estimate(self.new_passphrase.text())
        self.strength_bar.setValue(strength.level)
        self.strength_bar.setFormat(strength.label)
        self.strength_label.setText(strength.label)
        self.strength_bar.setToolTip(f"About {strength.bits:.0f} bits (an estimate)")
        match = self.new_passphrase.text() == self.confirm_passphrase.text()
        problem = ""
        if self.new_passphrase.text() and not strength.acceptable:
            problem = f"The passphrase is too weak: {strength.problem}."
        elif self.confirm_passphrase.text() and not match:
            problem = "The two passphrases do not match."
        elif self.new_passphrase.text() and strength.problem:
            problem = f"Accepted, but {strength.problem}."
        self.create_error.setText(problem)
        self.create_button.setEnabled(strength.acceptable and match)

    def submit_create(self) -> None:
        if not self.create_button.isEnabled():
            return
        folder_text = self.create_folder.text().strip()
        if not folder_text:
            self.create_error.setText("Choose a folder for the new archive.")
            return
        self.create_archive(Path(folder_text), self.new_passphrase.text())

    def create_archive(self, folder: Path, passphrase: str) -> None:
        self.new_passphrase.clear()
        self.confirm_passphrase.clear()
        self._set_enabled(False)
        session = self.ctx.session
        kdf = self.kdf
        label = "Creating the archive…"
        self.ctx.begin_busy(label)

        def work() -> str:
            archive = Archive.create(folder, passphrase, kdf=kdf)
            key = archive.recovery_key or ""
            archive.recovery_key = None  # shown once, then only the dialog has it
            session.attach(archive)
            return key

        def done(future: Future[str]) -> None:
            self.ctx.end_busy(label)
            self._set_enabled(True)
            try:
                key = future.result()
            except SafeArchiveError as exc:
                self.create_error.setText(str(exc))
                self.ctx.errors.messages.append(str(exc))
                return
            except BaseException as exc:  # noqa: BLE001
                self.create_error.setText(safe_message(exc))
                return
            self.ctx.settings.add_recent(folder)
            self.recovery_dialog = RecoveryKeyDialog(key, self)
            self.recovery_dialog.accepted.connect(self._recovery_confirmed)
            self.recovery_dialog.open()

        self.ctx.taskman.run_on_db(work, done)

    def _recovery_confirmed(self) -> None:
        if self.recovery_dialog is not None:
            self.recovery_dialog.deleteLater()
            self.recovery_dialog = None
        self.ctx.mark_open()
        self.opened.emit()

    # ------------------------------------------------------------------ shared
    def _set_enabled(self, on: bool) -> None:
        self.tabs.setEnabled(on)

    def _on_busy(self, busy: bool, _label: str) -> None:
        self.busy.setVisible(busy)
