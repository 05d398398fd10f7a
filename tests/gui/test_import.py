"""Import: detection and preview, progress with counts, cancel, summary with skipped records."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent

from safe_archive.core.store.importing import BATCH_SIZE
from safe_archive.gui import import_dialog as import_module
from safe_archive.gui.main_window import MainWindow

from .conftest import POSTS
from tests.dbutil import sql

ROWS = BATCH_SIZE * 2 + 500  # three batches


def write_csv(path: Path, rows: int, bad: int = 2) -> Path:
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "text", "author", "created_at"])
        for i in range(rows):
            writer.writerow([f"c{i}", f"Imported synthetic post {i}", f"@imp{i % 5}", "2020-05-01T10:00:00Z"])
        for i in range(bad):
            writer.writerow([f"bad{i}", "", "@nobody", "2020-05-01T10:00:00Z"])
    return path


@pytest.fixture(autouse=True)
def every_progress_event(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(import_module, "PROGRESS_INTERVAL", 0.0)


def record_progress_texts(dialog) -> list[str]:  # type: ignore[no-untyped-def]
    """Every progress text the dialog shows, in order."""
    seen: list[str] = []
    original = dialog.show_progress

    def record(event):  # type: ignore[no-untyped-def]
        original(event)
        seen.append(dialog.counts.text())

    dialog.show_progress = record
    return seen


def test_import_with_progress_and_summary(main_window: MainWindow, tmp_path: Path) -> None:
    source = write_csv(tmp_path / "posts.csv", ROWS)
    dialog = main_window.open_import([source])
    assert dialog.file_list.item(0).text() == "posts.csv — Spreadsheet saved as CSV, with a column of post text"
    assert "Imported synthetic post 0" in dialog.preview.toPlainText()
    seen = record_progress_texts(dialog)
    dialog.start()
    assert seen and seen[0].startswith(f"{BATCH_SIZE:,} records read")
    assert dialog.summary is not None and not dialog.summary.cancelled
    assert dialog.summary.imported == ROWS and dialog.summary.skipped == 2
    assert "2 bad records skipped" in dialog.counts.text()
    assert dialog.counts.text().startswith(f"Done: 1 file imported, {ROWS:,} new posts")
    assert "empty or missing text" in dialog.result_view.toPlainText()
    assert dialog.cancel_button.text() == "&Close"
    # the main window refreshed: new posts and a new batch in the sidebar
    assert main_window.model.total == POSTS + 1 + ROWS
    batches = main_window.sidebar.findItems("posts.csv", Qt.MatchFlag.MatchContains | Qt.MatchFlag.MatchRecursive)
    assert batches


def test_cancel_keeps_what_was_stored(main_window: MainWindow, tmp_path: Path) -> None:
    source = write_csv(tmp_path / "posts.csv", ROWS)
    dialog = main_window.open_import([source])
    original = dialog.show_progress

    def cancel_on_first(event):  # type: ignore[no-untyped-def]
        original(event)
        dialog.cancel()  # what the Cancel button does, while the import runs

    dialog.show_progress = cancel_on_first  # type: ignore[method-assign]
    dialog.start()
    assert dialog.summary is not None and dialog.summary.cancelled
    assert dialog.summary.imported == BATCH_SIZE  # the committed batch is kept, nothing more
    assert dialog.counts.text().startswith("Cancelled")
    assert main_window.model.total == POSTS + 1 + BATCH_SIZE


def test_unrecognised_file_cannot_be_imported(main_window: MainWindow, tmp_path: Path) -> None:
    junk = tmp_path / "junk.bin"
    junk.write_bytes(bytes(range(256)) * 4)
    dialog = main_window.open_import([junk])
    assert "not recognised" in dialog.file_list.item(0).text()
    assert not dialog.start_button.isEnabled()


def test_drop_files_on_the_main_window_opens_import(main_window: MainWindow, tmp_path: Path) -> None:
    source = write_csv(tmp_path / "dropped.csv", 3, bad=0)
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(source))])
    event = QDropEvent(QPointF(QPoint(10, 10)), Qt.DropAction.CopyAction, mime, Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier)
    main_window.dropEvent(event)
    assert main_window.import_dialog is not None
    assert main_window.import_dialog.paths == [source]


@pytest.mark.timeout(300)
def test_import_scrubs_new_posts_in_a_worker_process(main_window: MainWindow, tmp_path: Path) -> None:
    """With scrubbing on (the app's default), new posts get findings and redacted text; the
    NLP work runs in a spawned worker process and progress says so."""
    main_window.ctx.scrub_on_import = True
    source = tmp_path / "stories.csv"
    source.write_text(
        "id,text,author\n"
        's1,"I was 14 when it started, email me at kim.r@example.com",kim_r\n'
        's2,"thank you @kim_r for speaking up",lee_w\n',
        encoding="utf-8",
    )
    dialog = main_window.open_import([source])
    seen = record_progress_texts(dialog)
    dialog.start()
    assert dialog.summary is not None and dialog.summary.imported == 2
    assert any(text.startswith("Scrubbing:") for text in seen)
    archive = main_window.ctx.session.require()
    rows = sql(archive).execute(
        "SELECT redacted_text FROM posts WHERE source_id IN ('s1', 's2') ORDER BY source_id"
    ).fetchall()
    first, second = (r[0] for r in rows)
    assert first is not None and "kim.r@example.com" not in first and "I was 14" not in first
    assert second is not None and "kim_r" not in second


def _dialog_texts(dialog) -> str:  # type: ignore[no-untyped-def]
    items = [dialog.file_list.item(i).text() for i in range(dialog.file_list.count())]
    return "\n".join(items + [dialog.preview.toPlainText(), dialog.counts.text(), dialog.result_view.toPlainText()])


def test_a_file_detection_misses_can_be_read_with_a_chosen_format(main_window: MainWindow, tmp_path: Path) -> None:
    source = tmp_path / "posts.dat"
    source.write_text("id,text,author\nd1,A story told in a plain file,@teller\n", encoding="utf-8")
    dialog = main_window.open_import([source])
    assert "choose it below" in dialog.file_list.item(0).text()
    assert not dialog.format_chooser.isHidden() and not dialog.start_button.isEnabled()
    assert "--format" not in _dialog_texts(dialog)
    index = dialog.format_chooser.findData("csv")
    assert index > 0
    dialog.format_chooser.setCurrentIndex(index)
    dialog.format_chooser.activated.emit(index)  # what choosing it with mouse or keyboard does
    assert "A story told in a plain file" in dialog.preview.toPlainText()
    assert dialog.start_button.isEnabled()
    dialog.start()
    assert dialog.summary is not None and dialog.summary.imported == 1
    assert dialog.file_list.item(0).text() == "posts.dat — 1 new post"


def test_a_chosen_format_and_a_detected_one_import_in_one_call_in_the_order_given(
        main_window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The dialog calls Archive.import_files once (issue 14), with the format the user chose
    for the file detection missed; the other file is still detected by its content."""
    from safe_archive.core.archive import Archive

    chosen = tmp_path / "first.dat"
    chosen.write_text("id,text,author\nd1,A story told in a plain file,@teller\n", encoding="utf-8")
    detected = write_csv(tmp_path / "second.csv", 3, bad=0)
    calls: list[tuple[list[Path], object]] = []
    real = Archive.import_files

    def spy(self: Archive, paths, **kwargs):  # type: ignore[no-untyped-def]
        calls.append((list(paths), kwargs.get("format")))
        return real(self, paths, **kwargs)

    monkeypatch.setattr(Archive, "import_files", spy)
    dialog = main_window.open_import([chosen, detected])
    dialog.file_list.setCurrentRow(0)
    index = dialog.format_chooser.findData("csv")
    dialog.format_chooser.setCurrentIndex(index)
    dialog.format_chooser.activated.emit(index)
    dialog.start()
    assert calls == [([chosen, detected], {chosen: "csv"})]
    assert dialog.summary is not None and [Path(f.path).name for f in dialog.summary.files] == ["first.dat", "second.csv"]
    assert dialog.summary.imported == 4


def test_damaged_file_plain_words_counts_agree_and_no_failed_batch_in_the_sidebar(main_window: MainWindow, tmp_path: Path) -> None:
    good = write_csv(tmp_path / "good.csv", 3, bad=0)
    damaged = tmp_path / "damaged.xlsx"
    damaged.write_bytes(b"PK\x03\x04" + b"\x07" * 400)  # a workbook cut short
    dialog = main_window.open_import([good, damaged])
    dialog.file_list.setCurrentRow(1)
    index = dialog.format_chooser.findData("xlsx")
    dialog.format_chooser.setCurrentIndex(index)
    dialog.format_chooser.activated.emit(index)
    assert "The preview stopped: damaged.xlsx: not a readable" in dialog.preview.toPlainText()
    dialog.start()
    assert dialog.summary is not None and len(dialog.summary.failed) == 1
    texts = _dialog_texts(dialog)
    for cli_word in ("ImportError_", "Error", "--format", "--map"):
        assert cli_word not in texts
    assert dialog.counts.text() == "Done: 1 file imported, 1 not imported, 3 new posts."
    assert dialog.file_list.item(0).text() == "good.csv — 3 new posts"
    assert dialog.file_list.item(1).text() == "damaged.xlsx — not imported"
    assert "damaged.xlsx: not imported." in dialog.result_view.toPlainText()
    assert not main_window.sidebar.findItems("damaged.xlsx", Qt.MatchFlag.MatchContains | Qt.MatchFlag.MatchRecursive)
    assert main_window.sidebar.findItems("good.csv", Qt.MatchFlag.MatchContains | Qt.MatchFlag.MatchRecursive)


def test_second_import_says_already_in_the_archive(main_window: MainWindow, tmp_path: Path) -> None:
    good = write_csv(tmp_path / "again.csv", 11, bad=0)
    main_window.open_import([good]).start()
    main_window.import_dialog.close()
    main_window._import_closed()
    dialog = main_window.open_import([good])
    dialog.start()
    assert dialog.counts.text() == "Done: 1 file imported, 0 new posts, 11 already in the archive (skipped)."
    assert dialog.file_list.item(0).text() == "again.csv — 0 new posts, 11 already in the archive"


def test_progress_switches_to_the_scrub_step_before_the_detector_loads(main_window: MainWindow, tmp_path: Path,
                                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    from safe_archive.core.scrubbing import service as scrubbing

    monkeypatch.setattr(scrubbing.ArchiveScrubber, "scrub", lambda self, **kw: None)
    main_window.ctx.scrub_on_import = True
    dialog = main_window.open_import([write_csv(tmp_path / "s.csv", 3, bad=0)])
    seen = record_progress_texts(dialog)
    formats: list[str] = []
    original = dialog.show_progress

    def record(event):  # type: ignore[no-untyped-def]
        original(event)
        formats.append((dialog.progress.format(), dialog.progress.maximum()))

    dialog.show_progress = record
    dialog.start()
    assert seen[-1] == "Scrubbing: loading the name detector (a few seconds)…"
    assert formats[0][0].startswith("Step 1 of 2") and formats[-1] == ("Step 2 of 2: scrubbing %p%", 0)  # busy, not 100%
