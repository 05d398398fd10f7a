"""The desktop app on a large archive: memory and time to first paint, and whether the GUI
thread ever stalls while the archive opens, the posts appear, the view jumps to the last post
and the Terms view fills.

    python bench/gui_scale.py [--posts 1000000] [--baseline 1000] [--write-docs]

Builds two archives in the same run (the default Argon2id key derivation, as a user's): the
large one and a small baseline, each with synthetic posts (bench/synth.py, imported through
``Archive.import_files``) and one pending PERSON finding on every second post (2,500 distinct
terms), as a scrub leaves them. Then, for each, a fresh process runs the real app offscreen with
its real worker threads and measures, from the moment the passphrase is submitted:

- unlocked: the key derived and the archive open (the worker thread);
- first paint: the posts table painted with its first rows;
- last post: after jumping to the end of the table, the last row painted;
- Terms view: the terms table filled;
- the longest gap between 5 ms timer ticks on the GUI thread over all of that (a stall);
- resident memory (VmRSS) after each step and the peak (VmHWM, which includes Argon2id's
  256 MiB).

Ratios large/baseline come from the same run. The machine is shared: run it once.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import synth  # noqa: E402
from docs_section import write_section  # noqa: E402

PASSPHRASE = "benchmark passphrase"

_CHILD = r"""
import os, sys, time, json
T0 = time.perf_counter()
os.environ["QT_QPA_PLATFORM"] = "offscreen"
from pathlib import Path
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication
from safe_archive.core.paths import AppPaths
from safe_archive.gui.app import Controller, warm_up_qt_enums
from safe_archive.gui.context import AppContext
from safe_archive.gui.gui_settings import GuiSettings
from safe_archive.gui.taskman import TaskManager
from safe_archive.gui.posts_model import PAGE

folder, home, passphrase = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3]
app = QApplication([])
ctx = AppContext(TaskManager(), AppPaths(home / "c", home / "d", home / "k"), GuiSettings(path=None), show_dialogs=False)
controller = Controller(ctx)
marks, rss, stall = {}, {}, {"max": 0.0, "last": None}

def mem(name):
    fields = dict(l.split(":", 1) for l in open("/proc/self/status") if l.startswith(("VmRSS", "VmHWM")))
    rss[name] = {k: int(v.split()[0]) * 1024 for k, v in fields.items()}

def tick():
    now = time.perf_counter()
    if stall["last"] is not None:
        stall["max"] = max(stall["max"], now - stall["last"])
    stall["last"] = now

class Paints(QObject):
    def __init__(self, check, name, then):
        super().__init__()
        self.check, self.name, self.then = check, name, then
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint and self.name not in marks and self.check():
            marks[self.name] = time.perf_counter()
            QTimer.singleShot(0, self.then)
        return False

start = controller.show_start(folder)
app.processEvents()
marks["start_window"] = time.perf_counter()
timer = QTimer(); timer.setInterval(5); timer.timeout.connect(tick)

def step_last():
    mem("first_paint")
    main = controller.main
    last = main.model.rowCount() - 1
    main.table.scrollToBottom()
    f = Paints(lambda: main.model._pages.get(last // PAGE) is not None, "last_post", step_terms)
    main.table.viewport().installEventFilter(f); keep.append(f)
    main.table.viewport().update()

def step_terms():
    mem("last_post")
    main = controller.main
    view = main.terms_view
    def filled():
        if view.row_count():
            marks["terms"] = time.perf_counter()
            mem("terms")
            finish()
        else:
            QTimer.singleShot(5, filled)
    main.review_tabs.setCurrentWidget(view)
    filled()

def finish():
    timer.stop()
    print(json.dumps({"t0": T0, "marks": marks, "rss": rss, "stall_ms": stall["max"] * 1000,
                      "rows": controller.main.model.rowCount(), "terms": controller.main.terms_view.row_count()}))
    ctx.lock(); ctx.taskman.shutdown(wait=True); os._exit(0)

keep = []
def opened():
    marks["unlocked"] = time.perf_counter()
    main = controller.main
    f = Paints(lambda: main.model.rowCount() > 0 and main.model._pages.get(0) is not None, "first_paint", step_last)
    main.table.viewport().installEventFilter(f); keep.append(f)

start.opened.connect(opened)
timer.start()
marks["submit"] = time.perf_counter()
start.open(folder, passphrase)
QTimer.singleShot(600_000, finish)
app.exec()
"""


def build(folder: Path, posts: int, tmp: Path) -> float:
    from safe_archive.core.archive import Archive

    source = synth.write_jsonl(tmp / f"posts-{posts}.jsonl", posts)
    t = time.perf_counter()
    archive = Archive.create(folder, PASSPHRASE)
    try:
        archive.import_files([source])
        with archive._store.transaction() as conn:  # as a scrub leaves them: one pending name on every second post
            conn.execute(
                "INSERT INTO findings(post_id, start, end, entity_type, score, source, term, status) "
                "SELECT id, 0, 4, 'PERSON', 0.5 + (id % 50) / 100.0, 'bench', 'name' || (id % 5000), 'pending' "
                "FROM posts WHERE id % 2 = 0")
    finally:
        archive.close()
    source.unlink()
    return time.perf_counter() - t


def measure(folder: Path, home: Path) -> dict[str, object]:
    out = subprocess.run([sys.executable, "-c", _CHILD, str(folder), str(home), PASSPHRASE],
                         capture_output=True, text=True, timeout=900, check=False)
    lines = [ln for ln in out.stdout.splitlines() if ln.startswith("{")]
    if not lines:
        raise RuntimeError(out.stderr[-2000:])
    return json.loads(lines[-1])


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--posts", type=int, default=1_000_000)
    parser.add_argument("--baseline", type=int, default=1_000)
    parser.add_argument("--write-docs", action="store_true")
    args = parser.parse_args()
    results = {}
    load_before = os.getloadavg()[0]
    with tempfile.TemporaryDirectory(prefix="sa-guiscale-") as tmp_s:
        tmp = Path(tmp_s)
        for name, n in (("baseline", args.baseline), ("large", args.posts)):
            seconds = build(tmp / name, n, tmp)
            print(f"built {n:,} posts in {seconds:.0f} s", file=sys.stderr)
            results[name] = measure(tmp / name, tmp / f"home-{name}")
            print(name, json.dumps(results[name]), file=sys.stderr)
    load_after = os.getloadavg()[0]

    def since(r: dict, mark: str, start: str = "submit") -> float:
        return r["marks"][mark] - r["marks"][start]

    def mib(r: dict, step: str, key: str = "VmRSS") -> float:
        return r["rss"][step][key] / 2**20

    b, big = results["baseline"], results["large"]
    rows = []
    for label, fn in (
        ("process start → start screen shown", lambda r: r["marks"]["start_window"] - r["t0"]),
        ("passphrase submitted → archive unlocked (Argon2id + open)", lambda r: since(r, "unlocked")),
        ("passphrase submitted → first paint of the posts", lambda r: since(r, "first_paint")),
        ("unlocked → first paint of the posts", lambda r: since(r, "first_paint", "unlocked")),
        ("jump to the last post → painted", lambda r: since(r, "last_post", "first_paint")),
        ("Terms view opened → filled", lambda r: since(r, "terms", "last_post")),
    ):
        rows.append((label, f"{fn(b):.2f} s", f"{fn(big):.2f} s", f"{fn(big) / max(fn(b), 1e-3):.1f}"))
    rows.append(("longest GUI-thread stall (5 ms timer gap) over all steps",
                 f"{b['stall_ms']:.0f} ms", f"{big['stall_ms']:.0f} ms", f"{big['stall_ms'] / max(b['stall_ms'], 1):.1f}"))
    for step, label in (("first_paint", "resident memory at first paint"), ("last_post", "after the jump to the last post"),
                        ("terms", "with the Terms view filled")):
        rows.append((label, f"{mib(b, step):.0f} MiB", f"{mib(big, step):.0f} MiB", f"{mib(big, step) / mib(b, step):.2f}"))
    rows.append(("peak resident memory (incl. Argon2id's 256 MiB)", f"{mib(b, 'terms', 'VmHWM'):.0f} MiB",
                 f"{mib(big, 'terms', 'VmHWM'):.0f} MiB", f"{mib(big, 'terms', 'VmHWM') / mib(b, 'terms', 'VmHWM'):.2f}"))
    table = (f"| measure | {args.baseline:,} posts (baseline) | {args.posts:,} posts | ratio |\n|---|---|---|---|\n"
             + "\n".join(f"| {a} | {c} | {d} | {e} |" for a, c, d, e in rows))
    machine = f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    body = (
        f"`python bench/gui_scale.py --posts {args.posts}` on {machine}, {time.strftime('%Y-%m-%d')}; the "
        f"machine was shared (1-minute load average {load_before:.1f} before, {load_after:.1f} after), so "
        "times are wall-clock under load. Each archive: synthetic posts (bench/synth.py) and one pending "
        f"PERSON finding on every second post ({big['terms']:,} distinct terms listed at 1M). The real app "
        "runs offscreen in a fresh process with its worker threads; all archive work runs on the "
        "database thread.\n\n" + table + "\n"
    )
    print(body)
    if args.write_docs:
        write_section(HERE.parent / "docs" / "benchmarks.md", "Desktop app at scale", body)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
