"""Import: choose or drop files, see the detected format and a preview, import with a progress
bar, counts and Cancel, then a summary with skipped records and why."""

from __future__ import annotations

import re
import time
from concurrent.futures import Future
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QComboBox,
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
from safe_archive.core.archive import Archive, ImportSummary, ScrubStep, ScrubSummary
from safe_archive.core.errors import ImportError_, SafeArchiveError
from safe_archive.core.importers import ImportContext
from safe_archive.core.model import Post
from safe_archive.core.progress import CancelToken, ProgressEvent
from safe_archive.gui import file_dialogs
from safe_archive.gui.context import AppContext
from safe_archive.gui.operations import ArchiveOp
from safe_archive.gui.wording import plural

PREVIEW_POSTS = 3
PROGRESS_INTERVAL = 0.05  # seconds between progress updates sent to the GUI thread


@dataclass(frozen=True, slots=True)
class Detected:
    path: Path
    format: str | None
    problem: str | None
    preview: list[str]


NOT_RECOGNISED = ("The format of this file was not recognised. If you know which program or site it came "
                  "from, choose it below and the file is read as that.")
DAMAGED = "This file could not be read: it may be damaged, cut short, or not an export of this kind."
_FLAG_SENTENCE = re.compile(r"[^.]*--[a-z][\w-]*[^.]*\.?")
_CLASS_NAME = re.compile(r"\b\w+Error_?\b")


def user_words(problem: str) -> str:
    """A problem in the user's words: no command-line flags, no exception class names."""
    if "not recognised" in problem:
        return NOT_RECOGNISED
    cleaned = _FLAG_SENTENCE.sub("", problem).strip()
    if not cleaned or _CLASS_NAME.search(cleaned):
        return DAMAGED
    return cleaned


# Where the importer's one-line description speaks command line, the app's own words.
FORMAT_LABELS = {
    "csv": "Spreadsheet saved as CSV, with a column of post text",
    "jsonl": "JSON Lines file with a text field in each line",
    "xlsx": "Excel workbook (.xlsx) with a column of post text",
    "twarc-csv": "twarc-csv spreadsheet (one tweet per row)",
    "twarc2": "twarc2 JSONL (X/Twitter API v2 collection)",
}


def format_label(name: str | None) -> str:
    """A format as the user knows it (never a flag)."""
    if name in FORMAT_LABELS:
        return FORMAT_LABELS[name]
    cls = importers.available().get(name or "")
    text = str(getattr(cls, "description", name)) if cls is not None else str(name)
    return re.sub(r"\s*\([^)]*(--|`)[^)]*\)", "", text)


def format_choices() -> list[tuple[str, str]]:
    """(name, label) of every format, for the chooser."""
    return sorted(((name, format_label(name)) for name in importers.available()), key=lambda nd: nd[1].casefold())


def detect(path: Path, chosen: str | None = None) -> Detected:
    """Format and the first few records (runs off the GUI thread, never on the database);
    ``chosen`` is the format the user picked when detection failed."""
    try:
        importer_cls = importers.get(chosen) if chosen else importers.detect(path)
    except ImportError_ as exc:
        return Detected(path, None, user_words(str(exc)), [])
    preview: list[str] = []
    try:
        for item in importer_cls().read(path, ImportContext()):
            if isinstance(item, Post):
                text = " ".join(item.text.split())
                preview.append((f"{item.created_at:%Y-%m-%d}  " if item.created_at else "") + text[:90])
                if len(preview) >= PREVIEW_POSTS:
                    break
    except SafeArchiveError as exc:  # a clear message naming the record: shown as is
        return Detected(path, importer_cls.name, "The preview stopped: " + user_words(str(exc)), preview)
    except Exception:  # noqa: BLE001 - a preview failure is reported, the import decides
        return Detected(path, importer_cls.name, DAMAGED, preview)
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
        chooser_row = QHBoxLayout()
        self.format_caption = QLabel("&Format of this file:")
        self.format_chooser = QComboBox()
        self.format_chooser.setAccessibleName("Format of the selected file")
        self.format_chooser.addItem("Choose the program or site it came from…", None)
        for name, description in format_choices():
            self.format_chooser.addItem(description, name)
        self.format_caption.setBuddy(self.format_chooser)
        self.format_chooser.activated.connect(self._format_chosen)
        chooser_row.addWidget(self.format_caption)
        chooser_row.addWidget(self.format_chooser, 1)
        layout.addLayout(chooser_row)
        self.format_caption.setVisible(False)
        self.format_chooser.setVisible(False)
        self.chosen: dict[Path, str] = {}
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
        self.counts.setWordWrap(True)  # a cancelled scrub's summary is a long line
        self._scrub_only = False  # Archive ▸ Scrub posts not scrubbed yet: no step 1
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
            self.ctx.taskman.run_off_db(partial(detect, path), partial(self._detected, row))
        if self.file_list.currentRow() < 0 and self.file_list.count():
            self.file_list.setCurrentRow(0)
        self._update_start()

    def _detected(self, row: int, future: Future[Detected]) -> None:
        try:
            found: Detected = future.result()
        except Exception:  # noqa: BLE001
            return
        self.detected[found.path] = found
        item = self.file_list.item(row)
        if item is None:
            return
        item.setText(f"{found.path.name} — {format_label(found.format) if found.format else 'format not recognised: choose it below'}"
                     + (" (preview incomplete)" if found.problem and found.format else ""))
        if row == self.file_list.currentRow():
            self._show_preview(row)
        self._update_start()

    def _format_chosen(self, index: int) -> None:
        row = self.file_list.currentRow()
        name = self.format_chooser.itemData(index)
        if not 0 <= row < len(self.paths) or not isinstance(name, str) or not name:
            return
        path = self.paths[row]
        self.chosen[path] = name
        self.file_list.item(row).setText(f"{path.name} — reading as {format_label(name)}…")
        self.ctx.taskman.run_off_db(partial(detect, path, name), partial(self._detected, row))

    def _show_preview(self, row: int) -> None:
        if not 0 <= row < len(self.paths):
            self.preview.clear()
            return
        found = self.detected.get(self.paths[row])
        chosen = self.chosen.get(self.paths[row])
        self.format_chooser.setCurrentIndex(max(0, self.format_chooser.findData(chosen)) if chosen else 0)
        needs_choice = found is not None and (found.format is None or chosen is not None)
        self.format_caption.setVisible(needs_choice)
        self.format_chooser.setVisible(needs_choice)
        if found is None:
            self.preview.setPlainText("Detecting the format…")
        elif found.format is None:
            self.preview.setPlainText(found.problem or NOT_RECOGNISED)
        else:
            lines = [f"Format: {format_label(found.format)}"]
            if found.problem:
                lines.append(found.problem)
            self.preview.setPlainText("\n".join(lines) + "\n\n" + "\n".join(found.preview))

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
            starting_scrub = event.stage == "scrub" and event.total is None  # said at once
            if now - self._last_progress < PROGRESS_INTERVAL and not starting_scrub:
                return
            self._last_progress = now
            taskman.to_main(lambda: self.show_progress(event))

        scrub = self.ctx.scrub_on_import
        plan = self.scrub_plan

        chosen = {p: self.chosen[p] for p in paths if p in self.chosen}  # the rest: detected by content

        def run(archive: Archive) -> ImportSummary:  # on the database thread
            # One call: the files, then step 2: the core scrubs every post the archive holds
            # unscrubbed (also posts an interrupted import left), announcing it before the name
            # detector loads; the NLP work runs in a worker process (pool).
            return archive.import_files(paths, format=chosen, progress=progress, cancel=token,
                                        scrub=plan() if scrub else None)

        ArchiveOp(self.ctx, run, parent=self).success(self.show_summary).failure(self.failed).with_progress("Importing…").run_in_background()

    def scrub_plan(self) -> ScrubStep:
        """The scrub of new posts (runs on the database thread; the NLP work in a worker process)."""
        from safe_archive.core.scrub.engine import EngineConfig
        from safe_archive.core.scrubbing.service import ScrubPlan

        model = self.ctx.settings.nlp_model
        # a model that is not installed fails here, before the import (ModelNotInstalled)
        return ScrubPlan(config=EngineConfig(spacy_model=model) if model else None, pool=True)

    def scrub_rest(self) -> None:
        """Scrub the posts the archive holds unscrubbed (a scrub cancelled or killed before it
        finished), with the same progress, cancel and summary as an import."""
        if self.token is not None:
            return
        token = CancelToken()
        self.token = token
        self._scrub_only = True
        self.start_button.setEnabled(False)
        self.add_button.setEnabled(False)
        self.setAcceptDrops(False)
        self.progress.setVisible(True)
        self.progress.setRange(0, 0)
        self.counts.setText("Looking for posts not scrubbed yet…")
        taskman = self.ctx.taskman
        plan = self.scrub_plan

        def progress(event: ProgressEvent) -> None:  # on the database thread
            taskman.to_main(lambda: self.show_progress(event))

        def run(archive: Archive) -> ImportSummary:  # on the database thread
            step = plan()
            if not step.pending(archive):
                return ImportSummary(scrub=ScrubSummary())
            return ImportSummary(scrub=step.run(archive, progress=progress, cancel=token))

        ArchiveOp(self.ctx, run, parent=self).success(self.show_summary).failure(self.failed).with_progress(
            "Scrubbing…").run_in_background()

    def show_progress(self, event: ProgressEvent) -> None:
        fraction = event.fraction
        if fraction is None:
            self.progress.setRange(0, 0)
        else:
            self.progress.setRange(0, 1000)
            self.progress.setValue(int(fraction * 1000))
        if event.stage == "scrub":
            self.progress.setFormat("Scrubbing %p%" if self._scrub_only else "Step 2 of 2: scrubbing %p%")
            if event.total:
                self.counts.setText(f"Scrubbing: {event.done:,} of {plural(event.total, 'new post')} checked for names and identifiers")
            else:
                self.counts.setText("Scrubbing: loading the name detector (a few seconds)…")
        else:
            self.progress.setFormat(("Step 1 of 2: reading %p%" if self.ctx.scrub_on_import else "Reading %p%"))
            self.counts.setText(f"{plural(event.done, 'record')} read from {event.message}")

    def cancel(self) -> None:
        if self.token is not None:
            self.token.cancel()
            self.counts.setText("Cancelling after the current batch… (everything stored so far is kept)")
            self.cancel_button.setEnabled(False)
        else:
            self.reject()

    def show_summary(self, summary: ImportSummary) -> None:
        self.token = None
        self.summary = summary
        self.progress.setRange(0, 1)
        self.progress.setValue(1)
        if summary.cancelled or (summary.scrub is not None and summary.scrub.cancelled):
            self.progress.setFormat("Cancelled")
        elif self.progress.format() == "Cancelled":
            self.progress.setFormat("%p%")
        self.counts.setText(totals_text(summary))
        self.result_view.setPlainText("\n".join(summary_lines(summary)))
        for row, path in enumerate(self.paths):
            result = next((f for f in summary.files if Path(f.path) == path), None)
            item = self.file_list.item(row)
            if result is not None and item is not None:
                item.setText(f"{path.name} — " + ("not imported" if result.failed else
                                                  f"{plural(result.imported, 'new post')}"
                                                  + (f", {result.duplicates:,} already in the archive" if result.duplicates else "")))
        self.result_view.setVisible(True)
        self.cancel_button.setText("&Close")
        self.cancel_button.setEnabled(True)
        self.imported.emit(summary)

    def failed(self, exc: BaseException) -> None:  # noqa: D102
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


SCRUB_REST = "Scrub posts not scrubbed yet…"  # the Archive menu's action (window_menus.py)


def totals_text(summary: ImportSummary) -> str:
    """One line whose numbers are the sums of the per-file lines below it, then what the scrub
    did (a cancelled scrub says how many posts wait and how to finish them)."""
    scrub = summary.scrub
    state = "Cancelled" if summary.cancelled or (scrub is not None and scrub.cancelled) else "Done"
    if not summary.files:  # Archive ▸ Scrub posts not scrubbed yet
        if scrub is None or not (scrub.scrubbed or scrub.remaining):
            return "Every post is scrubbed: nothing to do."
        return f"{state}: " + scrub_text(scrub)
    done = [f for f in summary.files if not f.failed]
    failed = len(summary.files) - len(done)
    parts = [f"{plural(len(done), 'file')} imported" + (f", {failed:,} not imported" if failed else ""),
             plural(summary.imported, "new post")]
    if summary.duplicates:
        parts.append(f"{summary.duplicates:,} already in the archive (skipped)")
    if summary.skipped:
        parts.append(f"{plural(summary.skipped, 'bad record')} skipped")
    excluded = sum(summary.excluded.values())
    if excluded:
        parts.append(f"{excluded:,} left out by your import options")
    line = f"{state}: " + ", ".join(parts) + "."
    return line + (" " + scrub_text(scrub) if scrub is not None and (scrub.scrubbed or scrub.remaining) else "")


def scrub_text(scrub: ScrubSummary) -> str:
    """What a scrub did, in the user's words."""
    text = f"{plural(scrub.scrubbed, 'post')} scrubbed, {plural(scrub.findings, 'finding')} to review."
    if scrub.remaining:
        text += (f" {plural(scrub.remaining, 'post')} not scrubbed yet: they are left out of exports and of "
                 f"searches of the redacted text until they are. Archive ▸ {SCRUB_REST} finishes them.")
    return text


def summary_lines(summary: ImportSummary) -> list[str]:
    """Per-file results in the user's words (the core's lines name formats as flags)."""
    out: list[str] = []
    for f in summary.files:
        name = Path(f.path).name
        if f.failed:
            why = user_words(f.failed)
            if why.startswith(f"{name}: "):  # the core names the file too: once is enough
                why = why[len(name) + 2:]
                why = why[:1].upper() + why[1:]
            out.append(f"{name}: not imported. {why}")
            continue
        parts = [plural(f.imported, "new post")]
        if f.duplicates:
            parts.append(f"{f.duplicates:,} already in the archive (skipped)")
        if f.skipped:
            parts.append(f"{plural(f.skipped, 'bad record')} skipped")
        for reason, count in sorted(f.excluded.items()):
            parts.append(f"{count:,} left out ({reason})")
        for kind, count in sorted(f.relations.items()):
            parts.append(f"{plural(count, kind)} kept as counts")
        out.append(f"{name} ({format_label(f.format)}): " + ", ".join(parts)
                   + (" — cancelled; what was stored is kept" if f.cancelled else ""))
        out.extend(f"  {n}" for n in f.notes)
        out.extend(f"  {user_words(e)}" for e in f.errors)
        hidden = f.skipped - len(f.errors)
        if hidden > 0:
            out.append(f"  … and {plural(hidden, 'more bad record')}")
    return out
