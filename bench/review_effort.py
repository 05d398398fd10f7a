"""How much work it is to finish reviewing a real export in the app: decisions and keystrokes,
one finding at a time (the post view) versus one decision per term (the Terms view).

    python bench/review_effort.py [--write-docs]

Imports the shared twarc2 sample (100 tweets, /work/shared/formats/twarc/twarc2_flat.jsonl or
$SAFE_ARCHIVE_TWARC2_SAMPLE), scrubs it with the archive's default policy, then drives the real
main window offscreen with key presses (QTest.keyClick on the focused widget, the shortcuts a
person would use) until no finding is pending, twice on two copies of the archive:

- post view: N (next post needing review; it lands on the first pending finding), then A on
  each pending finding (A moves to the next pending one), N again when a post is done;
- Terms view: T, then A on each term (the list moves to the next term); findings the Terms view
  does not list (none expected) would be finished in the post view and counted.

The reviewer accepts everything in both runs (accept or reject costs the same key). Writes the
"Review effort" section of docs/benchmarks.md with --write-docs.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from docs_section import write_section  # noqa: E402

SAMPLE = Path(os.environ.get("SAFE_ARCHIVE_TWARC2_SAMPLE", "/work/shared/formats/twarc/twarc2_flat.jsonl"))
PW = "bench review effort"
MAX_KEYS = 5000


def build(folder: Path) -> dict[str, int]:
    from safe_archive.core.archive import Archive, KdfParams
    from safe_archive.core.scrubbing.service import ArchiveScrubber
    from safe_archive.core.review.terms import term_summaries

    archive = Archive.create(folder, PW, kdf=KdfParams(64 * 1024, 3, 4))
    try:
        summary = archive.import_files([SAMPLE])
        archive.scrubber().scrub()
        conn = archive._store.conn
        return {
            "posts": summary.imported,
            "pending": int(conn.execute("SELECT count(*) FROM findings WHERE status='pending'").fetchone()[0]),
            "posts_with_pending": int(conn.execute(
                "SELECT count(DISTINCT post_id) FROM findings WHERE status='pending'").fetchone()[0]),
            "terms": len(archive.review.term_summaries(contexts=0)),
        }
    finally:
        archive.close()


class Driver:
    """A main window on ``folder``, driven by key presses."""

    def __init__(self, folder: Path, home: Path) -> None:
        from PySide6.QtWidgets import QApplication

        from safe_archive.core.archive import KdfParams
        from safe_archive.core.paths import AppPaths
        from safe_archive.gui.app import Controller
        from safe_archive.gui.context import AppContext
        from safe_archive.gui.gui_settings import GuiSettings
        from safe_archive.gui.taskman import SyncTaskManager

        self.app = QApplication.instance() or QApplication(sys.argv[:1])
        paths = AppPaths(home / "config", home / "data", home / "cache")
        self.ctx = AppContext(SyncTaskManager(), paths, GuiSettings(path=None), show_dialogs=False, scrub_on_import=False)
        self.controller = Controller(self.ctx, kdf=KdfParams(64 * 1024, 3, 4))
        start = self.controller.show_start(folder)
        start.open(folder, PW)
        window = self.controller.main
        assert window is not None, self.ctx.errors.messages
        self.window = window
        window.show()
        window.activateWindow()
        self.app.processEvents()
        self.keys = 0
        self.decisions = 0

    def press(self, key: object, *, decision: bool = False) -> None:
        from PySide6.QtTest import QTest
        from PySide6.QtWidgets import QApplication

        target = QApplication.focusWidget() or self.window
        QTest.keyClick(target, key)  # type: ignore[arg-type]
        self.app.processEvents()
        self.keys += 1
        self.decisions += int(decision)
        if self.keys > MAX_KEYS:
            raise RuntimeError("the review did not finish: the flow is stuck")

    def pending(self) -> int:
        conn = self.ctx.session.require()._store.conn
        return int(conn.execute("SELECT count(*) FROM findings WHERE status='pending'").fetchone()[0])

    def per_post(self) -> None:
        from PySide6.QtCore import Qt

        self.press(Qt.Key.Key_N)
        while self.pending():
            finding = self.window.detail.selected_finding()
            if finding is not None and finding.status == "pending":
                self.press(Qt.Key.Key_A, decision=True)
            else:
                self.press(Qt.Key.Key_N)

    def terms(self) -> None:
        from PySide6.QtCore import Qt

        self.press(Qt.Key.Key_T)
        while self.window.terms_view.terms:
            self.press(Qt.Key.Key_A, decision=True)
        if self.pending():  # anything the Terms view does not list
            self.press(Qt.Key.Key_T)
            self.per_post()

    def close(self) -> None:
        self.window.close()
        if self.ctx.is_open:
            self.ctx.lock()


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--write-docs", action="store_true")
    args = parser.parse_args()
    results: dict[str, tuple[int, int, float]] = {}
    with tempfile.TemporaryDirectory(prefix="sa-review-") as tmp:
        root = Path(tmp)
        t = time.perf_counter()
        facts = build(root / "archive")
        print(f"built and scrubbed in {time.perf_counter() - t:.0f} s: {facts}", file=sys.stderr)
        for flow in ("per_post", "terms"):
            folder = root / flow
            shutil.copytree(root / "archive", folder)
            driver = Driver(folder, root / f"home-{flow}")
            cpu = time.process_time()
            getattr(driver, flow)()
            cpu = time.process_time() - cpu
            assert driver.pending() == 0
            results[flow] = (driver.decisions, driver.keys, cpu)
            print(flow, results[flow], file=sys.stderr)
            driver.close()
    post_d, post_k, post_cpu = results["per_post"]
    term_d, term_k, term_cpu = results["terms"]
    rows = [
        ("post view (N, then A per finding)", post_d, post_k, post_cpu),
        ("Terms view (T, then A per term)", term_d, term_k, term_cpu),
    ]
    table = ("| flow | decisions | keystrokes | CPU s of the GUI process |\n|---|---|---|---|\n"
             + "\n".join(f"| {a} | {b:,} | {c:,} | {d:.1f} |" for a, b, c, d in rows))
    body = (
        f"`python bench/review_effort.py` on the shared twarc2 sample ({facts['posts']} tweets, "
        f"`twarc2_flat.jsonl`), scrubbed with the default policy: {facts['pending']:,} pending findings in "
        f"{facts['posts_with_pending']:,} posts, {facts['terms']:,} distinct terms (canonical form). The "
        "real main window is driven offscreen by key presses until nothing is pending; the reviewer "
        f"accepts everything in both runs. {time.strftime('%Y-%m-%d')}.\n\n{table}\n\n"
        f"The Terms view needs {term_d / post_d:.2f}× the decisions and {term_k / post_k:.2f}× the "
        "keystrokes of the post view (ratios from the same run). CPU seconds include re-rendering "
        "each decided post's redacted text on the database thread.\n"
    )
    print(body)
    if args.write_docs:
        write_section(HERE.parent / "docs" / "benchmarks.md", "Review effort", body)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
