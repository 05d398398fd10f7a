"""Export: choose scope, format, redaction style, date coarsening and encryption; run the leak
check and see its report and a manifest preview before anything is written (core/export)."""

from __future__ import annotations

import json
from collections.abc import Callable
from concurrent.futures import Future
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from safe_archive.core.archive import Archive
from safe_archive.core.errors import ExportBlocked, SafeArchiveError
from safe_archive.gui import file_dialogs
from safe_archive.gui.context import AppContext, safe_message
from safe_archive.gui.leak_panel import LeakWord, leak_words
from safe_archive.gui.operations import ArchiveOp
from safe_archive.gui.wording import plural

if TYPE_CHECKING:
    from safe_archive.core.export.exporter import Exporter, ExportResult, Prepared
    from safe_archive.core.export.leakcheck import Detector, LeakReport
    from safe_archive.core.export.records import ExportOptions

# the scrubber's re-detector (None when the NLP pipeline is not installed) and its manifest name
DetectorChoice = tuple["Detector | None", str]

PRECISION_NOTE = ("The app starts at month, coarser than the command line's day: a date and a place "
                  "together can identify the person who wrote a post. Choose day only if your ethics "
                  "approval allows it.")


class DetectorCache:
    """The scrubber's re-detector for the leak check, loaded once per window (loading the NLP
    pipeline takes seconds, so it happens on the helper thread, never on the GUI thread and
    not on the database thread)."""

    def __init__(self) -> None:
        self.value: DetectorChoice | None = None


def load_detector() -> DetectorChoice:
    from safe_archive.core.export.leakcheck import scrub_detector

    return scrub_detector()


def _exporter(archive: Archive, detector: DetectorChoice | None) -> Exporter:
    from safe_archive.core.export.exporter import Exporter

    if detector is None:
        return archive.exporter(None, detector_name="patterns only (re-detection switched off)")
    return archive.exporter(detector[0], detector_name=detector[1])


def leak_summary(leak: LeakReport) -> str:
    """The leak check's result in the app's words (the core's summary names a command-line flag)."""
    if leak.clean:
        return f"Leak check passed: {plural(leak.posts_checked, 'post')} checked, no identifiers found."
    types = ", ".join(f"{t} {n}" for t, n in sorted(leak.by_type().items()))
    return (f"The leak check found {plural(len(leak.hits), 'possible identifier')} in "
            f"{plural(len(leak.by_post()), 'post')} ({types}). Nothing was written. The Leak check panel lists "
            "the words and their posts: fix them and check again, or export anyway with a reason (recorded).")


def describe(prep: Prepared, options: ExportOptions, *, encrypted: bool | None = None) -> str:
    """The pre-flight report: what would be exported, what is left out and why, the leak check,
    and the manifest fields that will be recorded (no post text)."""
    lines = [
        f"Selected: {plural(prep.selected, 'post')}; would export {len(prep.records):,}.",
        "Left out: " + (", ".join(f"{n:,} {why}" for why, n in sorted(prep.excluded.items())) or "none"),
        "Redacted: " + (", ".join(f"{n:,} {t}" for t, n in sorted(prep.redacted.items())) or "nothing"),
        "",
        leak_summary(prep.leak),
        "",
        "Manifest preview:",
        json.dumps({
            "format": options.format, "style": options.style, "time_precision": options.time_precision,
            "stable_pseudonyms": options.stable_pseudonyms, "encrypted": options.encrypted if encrypted is None else encrypted,
            "included_despite": sorted(options.include), "posts": len(prep.records),
            "excluded": dict(prep.excluded), "leak_check": "passed" if prep.leak.clean else "blocked",
        }, indent=2),
    ]
    return "\n".join(lines)


class ExportDialog(QDialog):
    exported = Signal(object)  # ExportResult
    leak_checked = Signal(object, int)  # list[LeakWord], posts checked (for the Leak check panel)

    def __init__(self, ctx: AppContext, *, query: str | None = None, post_ids: list[int] | None = None,
                 collections: list[str] | None = None, detectors: DetectorCache | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from safe_archive.core.export import formats
        from safe_archive.core.export.records import TIME_PRECISIONS
        from safe_archive.core.redaction.render import STYLES

        self.ctx = ctx
        self.detectors = detectors or DetectorCache()
        self.query = query
        self.post_ids = post_ids or []
        self.export_result: ExportResult | None = None
        self.prepared: Prepared | None = None
        self.setWindowTitle("Export redacted posts")
        self.setMinimumSize(620, 560)
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.scope = QComboBox()
        self.scope.setAccessibleName("What to export")
        self.scope.addItem("All posts", ("all", None))
        if query:
            self.scope.addItem("The current search results", ("query", query))
        if self.post_ids:
            self.scope.addItem(f"The {plural(len(self.post_ids), 'selected post')}", ("posts", self.post_ids))
        for name in collections or []:
            self.scope.addItem(f"Collection: {name}", ("collection", name))
        form.addRow("&Export:", self.scope)
        self.format = QComboBox()
        self.format.addItems(sorted(formats.available()))
        self.format.setAccessibleName("File format")
        form.addRow("&Format:", self.format)
        self.style_choice = QComboBox()
        self.style_choice.addItems(list(STYLES))
        self.style_choice.setAccessibleName("Redaction style")
        form.addRow("&Redaction:", self.style_choice)
        self.precision = QComboBox()
        self.precision.addItems(list(TIME_PRECISIONS))
        self.precision.setCurrentText("month")
        self.precision.setAccessibleName("Date precision")
        form.addRow("&Dates to the:", self.precision)
        self.precision_note = QLabel(PRECISION_NOTE)
        self.precision_note.setWordWrap(True)
        self.precision.setToolTip(PRECISION_NOTE)
        form.addRow("", self.precision_note)
        self.include_pending = QCheckBox("Include posts with findings nobody has decided on")
        form.addRow("", self.include_pending)
        self.include_notes = QCheckBox("Include your &notes on the posts as memos (scrubbed like the posts)")
        form.addRow("", self.include_notes)
        self.stable = QCheckBox("Keep the archive's pseudonym numbers (links this export to others)")
        form.addRow("", self.stable)
        self.encrypt = QCheckBox("&Encrypt the export with a passphrase (age)")
        self.encrypt.setChecked(True)
        form.addRow("", self.encrypt)
        self.export_passphrase = QLineEdit()
        self.export_passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.export_passphrase.setAccessibleName("Export passphrase")
        form.addRow("Export &passphrase:", self.export_passphrase)
        self.encrypt.toggled.connect(self.export_passphrase.setEnabled)
        self.passphrase_hint = QLabel("")
        self.passphrase_hint.setWordWrap(True)
        self.passphrase_hint.setAccessibleName("Export passphrase strength")
        form.addRow("", self.passphrase_hint)
        self.export_passphrase.textChanged.connect(self._passphrase_hint)
        self._sync_confirmed: Path | None = None
        self.redetect = QCheckBox("Re-detect names with the NLP scrubber in the leak check (slower; recommended)")
        self.redetect.setChecked(True)
        form.addRow("", self.redetect)
        self.override = QLineEdit()
        self.override.setAccessibleName("Reason to override the leak check")
        self.override.setPlaceholderText("Only if the leak check blocked it and you are sure: why? (recorded in the manifest and audit log)")
        form.addRow("&Override reason:", self.override)
        layout.addLayout(form)
        self.report = QPlainTextEdit()
        self.report.setReadOnly(True)
        self.report.setAccessibleName("Leak check report and manifest preview")
        self.report.setPlaceholderText("Press Check to run the leak check and preview the manifest. Nothing is written.")
        layout.addWidget(self.report, 1)
        self.status = QLabel("")
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        row = QHBoxLayout()
        self.check_button = QPushButton("&Check")
        self.check_button.setAccessibleName("Run the leak check and preview")
        self.check_button.clicked.connect(self.check)
        row.addWidget(self.check_button)
        row.addStretch(1)
        self.export_button = QPushButton("E&xport…")
        self.export_button.setAccessibleName("Choose a file and export")
        self.export_button.clicked.connect(self._choose_and_export)
        row.addWidget(self.export_button)
        close = QPushButton("Close")
        close.clicked.connect(self.reject)
        row.addWidget(close)
        layout.addLayout(row)
        ctx.locked.connect(self.close)

    def options(self) -> ExportOptions:
        from safe_archive.core.export.records import ExportOptions

        kind, value = self.scope.currentData()
        include = frozenset({"pending"}) if self.include_pending.isChecked() else frozenset()
        return ExportOptions(
            format=self.format.currentText(),
            style=self.style_choice.currentText(),
            query=value if kind == "query" else None,
            collection=value if kind == "collection" else None,
            post_ids=value if kind == "posts" else None,
            stable_pseudonyms=self.stable.isChecked(),
            include_notes=self.include_notes.isChecked(),
            time_precision=self.precision.currentText(),
            include=include,
            override_reason=self.override.text().strip() or None,
            passphrase=(self.export_passphrase.text() or None) if self.encrypt.isChecked() else None,
        )

    def _passphrase_hint(self, text: str) -> None:
        from safe_archive.core.passphrase_policy import assess

        if not text:
            self.passphrase_hint.clear()
            return
        result = assess(text)
        if not result.acceptable:
            self.passphrase_hint.setText(f"Too weak: {result.problem}.")
        elif not result.good:
            self.passphrase_hint.setText(f"Accepted, but {result.problem}.")
        else:
            self.passphrase_hint.setText("Strong.")

    def _sync_warning(self, out: Path) -> str | None:
        """An unencrypted export into a cloud-synced or network folder (core.sync_folders)."""
        from safe_archive.core.sync_folders import sync_risk

        risk = sync_risk(out.parent)
        if risk is None or self.encrypt.isChecked():
            return None
        return (f"The export {out} would be {risk.describe()}: an unencrypted export there is copied off this "
                "machine. Tick Encrypt for exports into synced or shared folders.")

    def _with_detector(self, then: Callable[[DetectorChoice | None], None]) -> None:
        """Run ``then(detector)`` once the re-detector is loaded (or at once if not wanted)."""
        if not self.redetect.isChecked():
            then(None)
            return
        if self.detectors.value is not None:
            then(self.detectors.value)
            return
        self.status.setText("Loading the name detector for the leak check (a few seconds)…")
        self.ctx.begin_busy("Loading the name detector…")

        def loaded(future: Future[DetectorChoice]) -> None:
            self.ctx.end_busy("Loading the name detector…")
            try:
                self.detectors.value = future.result()
            except Exception as exc:  # noqa: BLE001
                self._failed(exc)
                return
            self.status.setText("")
            then(self.detectors.value)

        self.ctx.taskman.run_off_db(load_detector, loaded)

    def check(self) -> None:
        self._with_detector(self._check)

    def _check(self, detector: DetectorChoice | None) -> None:
        options = self.options()
        options.passphrase = None  # a dry run never needs it

        encrypted = self.encrypt.isChecked()

        def run(a: Archive) -> tuple[Prepared, list[LeakWord]]:
            prep = _exporter(a, detector).prepare(options)
            return prep, leak_words(prep)

        def show(result: tuple[Prepared, list[LeakWord]]) -> None:
            prep, words = result
            self.prepared = prep
            self.report.setPlainText(describe(prep, options, encrypted=encrypted))
            self.status.setText("Leak check passed." if prep.leak.clean
                                else "Leak check: BLOCKED — the Leak check panel lists the words and their posts.")
            self.leak_checked.emit(words, prep.leak.posts_checked)

        ArchiveOp(self.ctx, run, parent=self).success(show).failure(
            self._failed).with_progress("Checking the export…").run_in_background()

    def mark_stale(self, what: str) -> None:
        """The archive changed since the last check (``what``): its result no longer holds."""
        if self.prepared is not None:
            self.prepared = None
            self.status.setText(f"The archive changed since the last check ({what}): check again.")

    def export_anyway(self, reason: str) -> None:
        """Export despite the leak check: the reason goes to the manifest and the audit log."""
        self.override.setText(reason)
        self._choose_and_export()

    def _choose_and_export(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "Export to", str(Path.home() / f"export.{self.format.currentText()}"))
        file_dialogs.scrub_qt_dialog_history()
        if path:
            self.export_to(Path(path))

    def export_to(self, out: Path, *, overwrite: bool = False) -> None:
        self._with_detector(lambda detector: self._export_to(out, overwrite, detector))

    def _export_to(self, out: Path, overwrite: bool, detector: DetectorChoice | None) -> None:
        options = self.options()
        if self.encrypt.isChecked():
            from safe_archive.core.passphrase_policy import check_new_passphrase

            if not options.passphrase:
                self.status.setText("Type a passphrase for the encrypted export, or untick encryption.")
                return
            try:
                check_new_passphrase(options.passphrase, what="export passphrase")
            except SafeArchiveError as exc:
                self.status.setText(str(exc))
                return
        warning = self._sync_warning(out)
        if warning is not None and self._sync_confirmed != out:
            self._sync_confirmed = out
            self.status.setText(f"⚠ {warning} Export again to the same file to write it there anyway.")
            return
        self.export_passphrase.clear()

        def done(result: ExportResult) -> None:
            self.export_result = result
            self.status.setText(f"Exported {plural(result.exported, 'post')} to {result.files[0].name}, with manifests beside it.")
            self.report.setPlainText("Written:\n" + "\n".join(str(p) for p in result.files))
            self.exported.emit(result)

        ArchiveOp(self.ctx, lambda a: _exporter(a, detector).export(options, out, overwrite=overwrite), parent=self).success(
            done).failure(self._failed).with_progress("Exporting…").run_in_background()

    def _failed(self, exc: BaseException) -> None:
        if isinstance(exc, ExportBlocked):
            self.status.setText("Leak check: BLOCKED. Nothing was written.")
            self.report.setPlainText("The leak check blocked the export.")
            self.check()  # the report, and the words in the Leak check panel
        elif isinstance(exc, SafeArchiveError):
            self.status.setText(str(exc))
        else:
            self.status.setText(safe_message(exc))
