"""Issue 15's "done when", in the app only: import the shared twarc2 sample (scrubbed on import),
finish its review queue with the keyboard in the Terms view, resolve a leak-check refusal in the
panel, and export — no CLI."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from safe_archive.gui.main_window import MainWindow
from tests.dbutil import sql

SAMPLE = Path(os.environ.get("SAFE_ARCHIVE_TWARC2_SAMPLE", "/work/shared/formats/twarc/twarc2_flat.jsonl"))

pytestmark = [pytest.mark.skipif(not SAMPLE.exists(), reason="the shared twarc2 sample is not on this machine"),
              pytest.mark.timeout(900)]


def _pending(window: MainWindow) -> int:
    conn = sql(window.ctx.session.require())
    return int(conn.execute("SELECT count(*) FROM findings WHERE status='pending'").fetchone()[0])


def test_import_review_with_keys_resolve_the_leak_check_and_export(main_window: MainWindow, qtbot, tmp_path: Path) -> None:
    window = main_window
    window.ctx.scrub_on_import = True
    window.show()
    window.activateWindow()
    qtbot.waitExposed(window)
    dialog = window.open_import([SAMPLE])
    dialog.start()
    assert dialog.summary is not None and dialog.summary.imported == 100
    dialog.close()
    assert _pending(window) > 0
    window.table.setFocus()

    def key(k: Qt.Key) -> None:
        qtbot.keyClick(QApplication.focusWidget() or window, k)

    key(Qt.Key.Key_T)  # the Terms view
    presses = 0
    while window.terms_view.terms and presses < 2000:
        key(Qt.Key.Key_A)  # accept every occurrence of the chosen term
        presses += 1
    # the synthetic posts of the fixture archive carry one pending finding too: finish in the post view
    key(Qt.Key.Key_T)
    while _pending(window) and presses < 3000:
        finding = window.detail.selected_finding()
        key(Qt.Key.Key_A if finding is not None and finding.status == "pending" else Qt.Key.Key_N)
        presses += 1
    assert _pending(window) == 0, presses

    export = window.open_export()
    assert export is not None
    export.redetect.setChecked(False)  # patterns and the archive's known identifiers
    export.check()
    panel = window.leak_panel()
    refused = len(panel.words)  # at this commit: 1 word the scrubber missed
    if panel.words:  # refused: open the first post from the panel, fix it there, check again
        first = panel.tree.topLevelItem(0)
        word = first.text(2)
        panel.tree.itemActivated.emit(first, 0)
        text = window.detail.detail.post.text  # type: ignore[union-attr]
        start = text.find(word)
        if start >= 0:
            u16 = len(text[:start].encode("utf-16-le")) // 2
            cursor = window.detail.original.textCursor()
            cursor.setPosition(u16)
            cursor.setPosition(u16 + len(word.encode("utf-16-le")) // 2, cursor.MoveMode.KeepAnchor)
            window.detail.original.setTextCursor(cursor)
            window.review.add_manual("PERSON")
        panel.recheck_button.click()
        assert len(panel.words) < refused  # fixed in place, checked again
        if panel.words:  # what is left, the reviewer judges not identifying: export with a reason
            panel.reason.setText("remaining hits are public organisations, checked by hand")
    export.export_passphrase.setText("lantern orbit quietly harbour 1979 moss")
    out = tmp_path / "sample-export.csv"
    if panel.words:
        export.override.setText(panel.reason.text())
    export.export_to(out)
    assert export.export_result is not None, export.status.text()
    assert export.export_result.files[0].read_bytes().startswith(b"age-encryption.org/v1")
