"""Import: choose or drop files, see the detected format and a preview, import with a progress
bar, counts and Cancel, then a summary with skipped records and why."""

from __future__ import annotations

import time
from concurrent.futures import Future
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from safe_archive.core import importers
from safe_archive.core.archive import ImportSummary
from safe_archive.core.errors import ImportError_
from safe_archive.core.importers import ImportContext
from safe_archive.core.model import Post
from safe_archive.core.progress import CancelToken, ProgressEvent
from safe_archive.gui import file_dialogs
from safe_archive.gui.context import AppContext
from safe_archive.gui.operations import ArchiveOp

PREVIEW_POSTS = 3
PROGRESS_INTERVAL = 0.05  # seconds between progress updates sent to the GUI thread


@dataclass(frozen=True, slots=True)
class Detected:
    path: Path
    format: str | None
    problem: str | None
    preview: list[str]


def detect(path: Path) -> Detected:
    """Format and the first few records (runs off the GUI thread, never on the database)."""
    try:
        importer_cls = importers.detect(path)
    except ImportError_ as exc:
        return Detected(path, None, str(exc), [])
    preview: list[str] = []
    try:
        for item in importer_cls().read(path, ImportContext()):
            if isinstance(item, Post):
                text = " ".join(item.text.split())
                preview.append((f"{item.created_at:%Y-%m-%d}  " if item.created_at else "") + text[:90])
                if len(preview) >= PREVIEW_POSTS:
                    break
    except Exception as exc:  # noqa: BLE001 - a preview failure is reported, the import decides
        return Detected(path, importer_cls.name, f"preview failed ({type(exc).__name__})", preview)
    return Detected(path, importer_cls.name, None, preview)


def local_paths(event: QDragEnterEvent | QDropEvent) -> list[Path]:
    mime = event.mimeData()
    if not mime.hasUrls():
        return []
    return [Path(u.toLocalFile()) for u in mime.urls() if u.isLocalFile()]


class ImportDialog(QDialog):
    imported = Signal(object)  # ImportSummary

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle("Import posts")
        self.setAcceptDrops(True)
        self.setMinimumSize(640, 480)
        self.paths: list[Path] = []
        self.detected: dict[Path, Detected] = {}
        self.token: CancelToken | None = None
        self.summary: ImportSummary | None = None
        self._last_progress = 0.0
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("Drop export files here, or add them. The format is detected from the content."))
        self.file_list = QListWidget()
        self.file_list.setAccessibleName("Files to import")
        self.file_list.currentRowChanged.connect(self._show_preview)
        layout.addWidget(self.file_list, 2)
        self.preview = QPlainTextEdit()
        self.preview.setReadOnly(True)
        self.preview.setAccessibleName("Preview of the selected file")
        self.preview.setPlaceholderText("Preview of the first records")
        layout.addWidget(self.preview, 1)
        buttons = QHBoxLayout()
        self.add_button = QPushButton("&Add files…")
        self.add_button.setAccessibleName("Add files to import")
        self.add_button.clicked.connect(self._browse)
        buttons.addWidget(self.add_button)
        buttons.addStretch(1)
        self.start_button = QPushButton("&Import")
        self.start_button.setAccessibleName("Start the import")
        self.start_button.setEnabled(False)
        self.start_button.clicked.connect(self.start)
        buttons.addWidget(self.start_button)
        self.cancel_button = QPushButton("&Cancel")
        self.cancel_button.setAccessibleName("Cancel the import")
        self.cancel_button.clicked.connect(self.cancel)
        buttons.addWidget(self.cancel_button)
        layout.addLayout(buttons)
        self.progress = QProgressBar()
        self.progress.setAccessibleName("Import progress")
        self.progress.setVisible(False)
        layout.addWidget(self.progress)
        self.counts = QLabel("")
        self.counts.setAccessibleName("Import counts")
        layout.addWidget(self.counts)
        self.result_view = QPlainTextEdit()
        self.result_view.setReadOnly(True)
        self.result_view.setAccessibleName("Import summary")
        self.result_view.setVisible(False)
        layout.addWidget(self.result_view, 2)
        ctx.locked.connect(self._on_locked)

    # ------------------------------------------------------------------ files
    def _browse(self) -> None:
        self.add_paths(file_dialogs.choose_files(self, "Choose export files to import"))

    def add_paths(self, paths: list[Path]) -> None:
        for path in paths:
            if path in self.paths:
                continue
            self.paths.append(path)
            item = QListWidgetItem(f"{path.name} — detecting…")
            item.setToolTip(str(path))
            self.file_list.addItem(item)
            row = self.file_list.count() - 1
            self.ctx.taskman.run_off_db(lambda p=path: detect(p), lambda f, r=row: self._detected(r, f))
        if self.file_list.currentRow() < 0 and self.file_list.count():
            self.file_list.setCurrentRow(0)
        self._update_start()

    def _detected(self, row: int, future: Future[Any]) -> None:
        try:
            found: Detected = future.result()
        except Exception:  # noqa: BLE001
            return
        self.detected[found.path] = found
        item = self.file_list.item(row)
        if item is None:
            return
        item.setText(f"{found.path.name} — {found.format or 'not recognised'}" + (f" ({found.problem})" if found.problem and found.format else ""))
        if row == self.file_list.currentRow():
            self._show_preview(row)
        self._update_start()

    def _show_preview(self, row: int) -> None:
        if not 0 <= row < len(self.paths):
            self.preview.clear()
            return
        found = self.detected.get(self.paths[row])
        if found is None:
            self.preview.setPlainText("Detecting the format…")
        elif found.format is None:
            self.preview.setPlainText(found.problem or "Format not recognised.")
        else:
            self.preview.setPlainText(f"Format: {found.format}\n\n" + "\n".join(found.preview))

    def _update_start(self) -> None:
        ready = any(d.format for d in self.detected.values())
        self.start_button.setEnabled(ready and self.token is None and self.summary is None)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if local_paths(event):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = local_paths(event)
        if paths:
            self.add_paths(paths)
            event.acceptProposedAction()

    # ------------------------------------------------------------------ import
    def start(self) -> None:
        paths = [p for p in self.paths if self.detected.get(p) and self.detected[p].format]
        if not paths or self.token is not None:
            return
        token = CancelToken()
        self.token = token
        self.start_button.setEnabled(False)
        self.add_button.setEnabled(False)
        self.setAcceptDrops(False)
        self.progress.setVisible(True)
        self.progress.setRange(0, 0)
        self.counts.setText("Starting…")
        taskman = self.ctx.taskman

        def progress(event: ProgressEvent) -> None:  # on the database thread
            now = time.monotonic()
            if now - self._last_progress < PROGRESS_INTERVAL:
                return
            self._last_progress = now
            taskman.to_main(lambda: self.show_progress(event))

        scrub = self.ctx.scrub_on_import
        model = self.ctx.settings.nlp_model

        def run(archive: Any) -> ImportSummary:  # on the database thread
            summary = archive.import_files(paths, progress=progress, cancel=token)
            if scrub and not token.cancelled and summary.imported:
                from safe_archive.core.archive.scrubbing import ArchiveScrubber

                # The NLP work runs in a worker process; this thread only stores results.
                from safe_archive.core.scrub.engine import EngineConfig

                config = EngineConfig(spacy_model=model) if model else None
                if model:  # a clear "not installed" here, not a broken worker pool later
                    from safe_archive.core.scrub.engine import _require_installed

                    _require_installed(model)
                ArchiveScrubber(archive, config=config).scrub(pool=True, progress=progress, cancel=token)
            return summary

        ArchiveOp(self.ctx, run, parent=self).success(self.finished).failure(self.failed).with_progress("Importing…").run_in_background()

    def show_progress(self, event: ProgressEvent) -> None:
        fraction = event.fraction
        if fraction is None:
            self.progress.setRange(0, 0)
        else:
            self.progress.setRange(0, 1000)
            self.progress.setValue(int(fraction * 1000))
        if event.stage == "scrub":
            self.counts.setText(f"Scrubbing: {event.done:,} of {event.total or 0:,} new posts checked for names and identifiers")
        else:
            self.counts.setText(f"{event.done:,} records read from {event.message}")

    def cancel(self) -> None:
        if self.token is not None:
            self.token.cancel()
            self.counts.setText("Cancelling after the current batch… (everything stored so far is kept)")
            self.cancel_button.setEnabled(False)
        else:
            self.reject()

    def finished(self, summary: ImportSummary) -> None:
        self.token = None
        self.summary = summary
        self.progress.setRange(0, 1)
        self.progress.setValue(1)
        state = "Cancelled" if summary.cancelled else "Done"
        self.counts.setText(
            f"{state}: {summary.imported:,} imported, {summary.duplicates:,} duplicates skipped, "
            f"{summary.skipped:,} bad records skipped, {sum(summary.excluded.values()):,} excluded."
        )
        self.result_view.setPlainText("\n".join(summary.lines()))
        self.result_view.setVisible(True)
        self.cancel_button.setText("&Close")
        self.cancel_button.setEnabled(True)
        self.imported.emit(summary)

    def failed(self, exc: BaseException) -> None:
        self.token = None
        self.progress.setVisible(False)
        self.cancel_button.setText("&Close")
        self.cancel_button.setEnabled(True)
        self.ctx.show_error(self, exc)
        self.counts.setText("The import stopped with an error; posts stored before it are kept.")

    def _on_locked(self) -> None:
        if self.token is not None:
            self.token.cancel()
        self.close()
