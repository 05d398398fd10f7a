"""The import dialog says what the scrub did, and a cancelled scrub can be finished in the app.

Found in an acceptance walk: cancelling the import of 3,000 posts while they were being
scrubbed left 2,488 posts unscrubbed (left out of every export), yet the dialog said "Done: 1
file imported, 3,000 new posts." and nothing in the app could scrub the rest (only the CLI's
``scrub``, or importing another file)."""

from __future__ import annotations

from pathlib import Path

import pytest

from safe_archive.core.archive import Archive, FileSummary, ImportSummary, ScrubSummary
from safe_archive.core.progress import CancelToken, ProgressEvent, ProgressFn
from safe_archive.gui.import_dialog import ImportDialog, totals_text
from safe_archive.gui.main_window import MainWindow

pytestmark = pytest.mark.gui


def _summary(scrub: ScrubSummary | None) -> ImportSummary:
    return ImportSummary(files=[FileSummary(path="big.csv", format="csv", imported=3000)], scrub=scrub)


def test_a_cancelled_scrub_is_said_with_what_remains() -> None:
    text = totals_text(_summary(ScrubSummary(scrubbed=512, findings=1203, remaining=2488, cancelled=True)))
    assert text.startswith("Cancelled")
    assert "512 posts scrubbed" in text and "2,488 posts not scrubbed yet" in text
    assert "left out of exports" in text and "Scrub posts not scrubbed yet" in text


def test_a_finished_scrub_is_said_with_its_findings() -> None:
    text = totals_text(_summary(ScrubSummary(scrubbed=3000, findings=1, remaining=0)))
    assert text.startswith("Done") and "3,000 posts scrubbed, 1 finding to review" in text
    assert "not scrubbed" not in text
    assert "scrubbed" not in totals_text(_summary(None))  # importing without a scrub: as before


class FakeScrub:
    """A scrub step that reports progress and scrubs nothing (no NLP pipeline in GUI tests)."""

    def __init__(self) -> None:
        self.ran = 0

    def pending(self, archive: Archive) -> int:
        return archive.count_posts()

    def run(self, archive: Archive, *, progress: ProgressFn | None = None, cancel: CancelToken | None = None) -> ScrubSummary:
        self.ran += 1
        total = archive.count_posts()
        if progress is not None:
            progress(ProgressEvent("scrub", total, total))
        return ScrubSummary(scrubbed=total, findings=7, remaining=0)


def test_the_archive_menu_scrubs_the_posts_not_scrubbed_yet(main_window: MainWindow, monkeypatch: pytest.MonkeyPatch) -> None:
    fake = FakeScrub()
    monkeypatch.setattr(ImportDialog, "scrub_plan", lambda self: fake)
    action = main_window.actions_by_name["scrub_rest"]
    assert "not scrubbed yet" in action.text()
    action.trigger()
    dialog = main_window.import_dialog
    assert dialog is not None and fake.ran == 1
    assert dialog.summary is not None and dialog.summary.scrub is not None
    assert "posts scrubbed, 7 findings to review" in dialog.counts.text()
    assert dialog.cancel_button.text() == "&Close"


def test_nothing_to_scrub_is_said_without_a_run(main_window: MainWindow, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    class Nothing(FakeScrub):
        def pending(self, archive: Archive) -> int:
            return 0

    fake = Nothing()
    monkeypatch.setattr(ImportDialog, "scrub_plan", lambda self: fake)
    main_window.actions_by_name["scrub_rest"].trigger()
    dialog = main_window.import_dialog
    assert dialog is not None and fake.ran == 0
    assert "Every post is scrubbed" in dialog.counts.text()


def test_a_file_that_was_not_imported_is_named_once() -> None:
    from safe_archive.gui.import_dialog import summary_lines

    failed = FileSummary(path="/tmp/in/latin1_story.txt", failed="latin1_story.txt: not UTF-8 text. Save it as UTF-8 and import it again.")
    assert summary_lines(ImportSummary(files=[failed])) == [
        "latin1_story.txt: not imported. Not UTF-8 text. Save it as UTF-8 and import it again."]


def test_the_summary_wraps_and_the_bar_says_cancelled(main_window: MainWindow) -> None:
    dialog = main_window.open_import()
    dialog.show_summary(_summary(ScrubSummary(scrubbed=512, findings=917, remaining=2488, cancelled=True)))
    assert dialog.counts.wordWrap()  # the whole line is read, not cut at the dialog's edge
    assert dialog.progress.format() == "Cancelled"
    dialog.show_summary(_summary(ScrubSummary(scrubbed=3000, findings=9)))
    assert dialog.progress.format() != "Cancelled"


def test_scrubbing_alone_is_not_step_2_of_2(main_window: MainWindow, monkeypatch: pytest.MonkeyPatch) -> None:
    formats: list[str] = []

    class Watching(FakeScrub):
        def run(self, archive: Archive, *, progress: ProgressFn | None = None, cancel: CancelToken | None = None) -> ScrubSummary:
            summary = super().run(archive, progress=progress, cancel=cancel)
            formats.append(main_window.import_dialog.progress.format())  # type: ignore[union-attr]
            return summary

    monkeypatch.setattr(ImportDialog, "scrub_plan", lambda self: Watching())
    main_window.actions_by_name["scrub_rest"].trigger()
    assert formats == ["Scrubbing %p%"]
