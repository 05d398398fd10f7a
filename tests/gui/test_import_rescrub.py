"""Issue 14: the app's import scrubs every post the archive holds unscrubbed, so posts an earlier
import stored without scrubbing (killed, cancelled, or scrubbing off) are scrubbed by the next
import of the same file, although it adds no new post."""

from __future__ import annotations

from pathlib import Path

import pytest

from safe_archive.core.scrubbing import service as scrubbing
from safe_archive.gui.main_window import MainWindow

from .test_import import write_csv
from tests.dbutil import sql


def _unscrubbed(main_window: MainWindow) -> int:
    archive = main_window.ctx.session.require()
    return int(sql(archive).execute("SELECT count(*) FROM posts WHERE scrubbed_policy IS NULL").fetchone()[0])


def test_reimport_scrubs_what_an_earlier_import_left(main_window: MainWindow, tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    def no_nlp(self, ids, known, policy, workers, cancel, pool=False):  # type: ignore[no-untyped-def]
        for start in range(0, len(ids), 256):  # no worker process, no findings
            chunk = ids[start : start + 256]
            yield chunk, [[] for _ in chunk]

    monkeypatch.setattr(scrubbing.ArchiveScrubber, "_run", no_nlp)
    source = write_csv(tmp_path / "s.csv", 5, bad=0)
    before = _unscrubbed(main_window)
    main_window.ctx.scrub_on_import = False
    dialog = main_window.open_import([source])
    dialog.start()
    assert dialog.summary is not None and dialog.summary.imported == 5
    assert _unscrubbed(main_window) == before + 5

    main_window.ctx.scrub_on_import = True
    again = main_window.open_import([source])
    again.start()
    assert again.summary is not None and again.summary.imported == 0
    assert _unscrubbed(main_window) == 0
