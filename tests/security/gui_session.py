"""A scripted GUI session, run by test_gui_session.py in a subprocess with private HOME, TMPDIR,
XDG and SAFE_ARCHIVE_HOME folders (offscreen Qt; network blocked by netblock/sitecustomize).

    python gui_session.py PLAN.json [--control]

PLAN.json (written by the test, outside the scanned folders) names the archive folder and its
passphrase, the files to import, the export file, the export passphrase, and the canary to
search for. ``--control`` also stores that canary in Qt's own settings (as a file dialog's
history would), so the test can show that its scan reaches the files Qt writes.

Everything runs as in the app (``safe_archive.gui.app.run``): the real ``TaskManager`` (the
database thread and the file helper thread, results hopping back through queued signals),
scrub-on-import in a worker process, the default clipboard delay. Only the native file choosers
are bypassed: the slot they feed (``ImportDialog.add_paths``, ``ExportDialog.export_to``) is
called with the path. The steps:

1. open the archive from the start window (folder, passphrase, Open);
2. Archive ▸ Import: add the files, wait for format detection, Import; the new posts are
   scrubbed in a worker process; wait for the summary; close the dialog;
3. search the originals for the canary, select the hit (the detail pane renders it);
4. Review ▸ Next post needing review, accept a pending finding; again, and reject one;
5. Edit ▸ Copy post text (Ctrl+C; the clipboard now holds a canary) — its 10 s timer runs meanwhile;
6. Archive ▸ Export: all posts, JSONL, encrypted with a passphrase, NLP re-detection on;
   Check, then Export to PLAN's path (with an override reason only if the leak check blocks);
7. wait until the clipboard timer has cleared the clipboard (timestamped by its signal);
8. copy the post text again, Archive ▸ Lock (the clipboard must be empty afterwards);
9. close every window, shut the task manager down (as ``run`` does), exit.

Prints one line ``RESULT {json}`` with counts only (never archive text). Any failure exits
non-zero with a content-free message on stderr.
"""

from __future__ import annotations

import json
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEventLoop  # noqa: E402
from PySide6.QtGui import QGuiApplication  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from safe_archive.core.archive import KdfParams  # noqa: E402
from safe_archive.core.paths import AppPaths  # noqa: E402
from safe_archive.gui.app import SETTINGS_FILE, Controller  # noqa: E402
from safe_archive.gui.context import AppContext  # noqa: E402
from safe_archive.gui.gui_settings import GuiSettings  # noqa: E402
from safe_archive.gui.taskman import TaskManager  # noqa: E402

WAIT_S = int(os.environ.get("GUI_SESSION_WAIT_S", "600"))  # a bound for each step on a loaded 2-CPU machine, never a measurement


class Step(Exception):
    """A step did not finish; the message names the step (no content)."""


def main(plan: dict[str, Any], control: bool = False) -> int:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName("SafeArchive")
    paths = AppPaths.default()  # SAFE_ARCHIVE_HOME, as the app does
    settings = GuiSettings.load(paths.config / SETTINGS_FILE)
    taskman = TaskManager()
    # as run() builds it, except that errors are recorded instead of shown in message boxes
    ctx = AppContext(taskman, paths, settings, show_dialogs=False)
    result: dict[str, Any] = {"taskman": type(taskman).__name__, "scrub_on_import": ctx.scrub_on_import,
                              "clipboard_clear_ms": ctx.clipboard_clear_ms}
    started = time.monotonic()

    trace = os.environ.get("GUI_SESSION_TRACE") == "1"  # step names on stderr, for debugging only

    def wait_for(cond: Callable[[], object], step: str) -> None:
        if trace:
            print(f"gui_session: {time.monotonic() - started:6.1f} s  {step}", file=sys.stderr, flush=True)
        deadline = time.monotonic() + WAIT_S
        while not cond():
            if ctx.errors.messages:
                raise Step(f"{step}: the app reported an error: {ctx.errors.messages[-1]}")
            if time.monotonic() > deadline:
                raise Step(f"{step}: not finished after {WAIT_S} s")
            app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
            time.sleep(0.005)
        app.processEvents()

    totals: list[int] = []  # every total the posts table announced (stale sources never announce)

    def show(query: str, *, originals: bool, step: str) -> None:
        """Type a search (or clear it) and wait for its first page; row 0 is then shown."""
        main = controller.main
        assert main is not None
        main.search_originals.setChecked(originals)  # toggling searches too; superseded below
        main.search_box.setText(query)
        main.run_search()
        seen = len(totals)  # results only arrive through the event loop, after this line
        wait_for(lambda: len(totals) > seen, step)
        if main.model.total:
            wait_for(lambda: main.detail.detail is not None, step + ": show the first row")

    try:
        controller = Controller(ctx, kdf=KdfParams(64 * 1024, 3, 4))
        # 1. open
        start = controller.show_start()
        start.preselect(Path(plan["archive"]))
        start.passphrase.setText(plan["passphrase"])
        start.submit_open()
        wait_for(lambda: controller.main is not None and ctx.is_open, "open")
        main = controller.main
        assert main is not None
        main.model.total_changed.connect(totals.append)

        # 2. import (the file chooser feeds add_paths; the rest is the dialog's own code path)
        main.actions_by_name["import"].trigger()
        dialog = main.import_dialog
        assert dialog is not None
        dialog.add_paths([Path(p) for p in plan["inputs"]])
        wait_for(lambda: len(dialog.detected) == len(plan["inputs"]) and dialog.start_button.isEnabled(), "format detection")
        result["formats"] = sorted(d.format or "unrecognised" for d in dialog.detected.values())
        dialog.start_button.click()
        wait_for(lambda: dialog.summary is not None, "import and scrub")
        summary = dialog.summary
        assert summary is not None
        result.update(imported=summary.imported, skipped=summary.skipped, import_cancelled=summary.cancelled)
        result["import_s"] = round(time.monotonic() - started, 1)
        dialog.cancel_button.click()  # now labelled Close
        wait_for(lambda: main.import_dialog is None, "close the import dialog")

        # 3. search the originals, show the hit; then search the redacted text
        show(plan["search"], originals=True, step="search the originals")
        result["hits"] = main.model.total
        result["hit_scrubbed"] = main.detail.detail.post.redacted_text is not None  # type: ignore[union-attr]
        show("happened", originals=False, step="search the redacted text")
        result["redacted_hits"] = main.model.total

        # 4. review: Review ▸ Next post needing review, then accept (on one post) and reject (on
        # the next) a pending finding with the Review menu's actions
        show("", originals=False, step="all posts")
        decided: list[str] = []
        pane = main.detail

        def moved_to_pending(shown: object) -> bool:
            return pane.detail is not shown and pane.detail is not None and any(f.status == "pending" for f in pane.detail.findings)

        def decided_on(before: object, post_id: int, row: int, status: str) -> bool:
            return pane.detail is not before and pane.detail is not None and pane.detail.post.id == post_id \
                and pane.detail.findings[row].status == status

        for status, action in (("accepted", "accept"), ("rejected", "reject")):
            shown = pane.detail
            main.actions_by_name["next_pending"].trigger()
            wait_for(lambda: moved_to_pending(shown), "next post needing review")  # noqa: B023
            post = pane.detail
            assert post is not None
            row = next(i for i, f in enumerate(post.findings) if f.status == "pending")
            pane.findings_list.setCurrentRow(row)
            main.actions_by_name[action].trigger()
            wait_for(lambda: decided_on(post, post.post.id, row, status), f"{action} a finding")  # noqa: B023
            decided.append(f"{status} {post.findings[row].entity_type}")
        result["review_decisions"] = decided

        # 5. copy the post text with the app's own action; the clearing timer starts
        clipboard = QGuiApplication.clipboard()
        emptied: list[float] = []
        clipboard.dataChanged.connect(lambda: emptied.append(time.monotonic()) if not clipboard.text() else None)
        show(plan["search"], originals=True, step="show the post to copy")
        main.table.setFocus()  # the post is chosen in the table: Copy takes the whole post
        main.actions_by_name["copy"].trigger()
        copied_at = time.monotonic()
        result["clipboard_held_canary"] = plan["search"] in clipboard.text()
        result["clipboard_timer_armed"] = main.clipboard_guard.timer.isActive()

        # 6. export (the save dialog feeds export_to; the rest is the dialog's own code path)
        show("", originals=False, step="all posts")
        export = main.open_export()
        assert export is not None
        export.scope.setCurrentIndex(next(i for i in range(export.scope.count()) if export.scope.itemData(i)[0] == "all"))
        export.format.setCurrentText("jsonl")
        export.include_pending.setChecked(True)
        export.encrypt.setChecked(True)
        export.export_passphrase.setText(plan["export_passphrase"])
        assert export.redetect.isChecked()  # the default: the NLP scrubber re-detects names

        def settled() -> bool:  # a result, or a status line other than "Loading the name detector…"
            text = export.status.text()
            return bool(text) and not text.startswith("Loading")

        export.check_button.click()
        wait_for(lambda: export.prepared is not None or settled(), "leak check")
        if export.prepared is None:
            raise Step(f"leak check: {export.status.text()}")
        result["leak_check"] = "passed" if export.prepared.leak.clean else "blocked"
        out = Path(plan["export"])
        export.status.clear()
        export.export_to(out)
        wait_for(lambda: export.export_result is not None or settled(), "export")
        if export.export_result is None and "BLOCKED" not in export.status.text():
            raise Step(f"export: {export.status.text()}")
        if export.export_result is None:  # the leak check blocked it: the user's documented way on
            # the block re-runs the check in the background (to list the words); let it finish,
            # or its status line lands during the next export and reads as that export's end
            wait_for(lambda: export.status.text().startswith("Leak check: BLOCKED —"),
                     "the leak check after the block")
            export.override.setText("reviewed by hand for the security test")
            export.export_passphrase.setText(plan["export_passphrase"])
            export.status.clear()
            export.export_to(out)
            wait_for(lambda: export.export_result is not None or settled(), "export with an override reason")
            if export.export_result is None:
                raise Step(f"export with an override reason: {export.status.text()}")
            result["leak_check_overridden"] = True
        result["exported"] = export.export_result.exported
        result["export_files"] = [p.name for p in export.export_result.files]
        export.close()

        # 7. the clipboard timer clears the clipboard
        wait_for(lambda: emptied and emptied[-1] >= copied_at, "clipboard timer")
        result["clipboard_cleared_after_s"] = round(emptied[-1] - copied_at, 2)
        result["clipboard_after_timer"] = len(clipboard.text())

        # 8. copy again, then lock: the clipboard is emptied on lock
        show(plan["search"], originals=True, step="show the post to copy again")
        main.table.setFocus()
        main.actions_by_name["copy"].trigger()
        result["clipboard_held_before_lock"] = plan["search"] in clipboard.text()
        if control:
            from PySide6.QtCore import QSettings

            qt = QSettings(QSettings.Scope.UserScope, "QtProject")
            qt.setValue("FileDialog/history", [f"/home/someone/{plan['search']}.jsonl"])
            qt.sync()
        main.actions_by_name["lock"].trigger()
        result["clipboard_after_lock"] = len(clipboard.text())
        wait_for(lambda: controller.main is None and controller.start is not None, "lock")
        closed = taskman.run_on_db(lambda: ctx.session._archive is None)  # queued after the close
        wait_for(closed.done, "archive closed")
        result["archive_closed"] = closed.result()

        # 9. quit
        for widget in QApplication.topLevelWidgets():
            widget.close()
        app.processEvents()
    except Step as exc:
        print(f"gui_session: {exc}", file=sys.stderr, flush=True)
        return 2
    finally:
        if ctx.is_open:
            ctx.lock()
        taskman.shutdown(wait=True)  # the archive is closed before the process exits
    result["errors_shown"] = len(ctx.errors.messages)
    result["session_s"] = round(time.monotonic() - started, 1)
    print("RESULT " + json.dumps(result), flush=True)
    return 0


if __name__ == "__main__":
    plan_arg = json.loads(Path(sys.argv[1]).read_text(encoding="utf-8"))
    raise SystemExit(main(plan_arg, "--control" in sys.argv[2:]))
