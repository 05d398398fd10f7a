"""Time the README's two commands on a fresh clone: first window of `run`, and the whole `test`.

    python3 bench/setup_times.py [--skip-test] [--keep]

Clones this checkout (committed HEAD) into a temporary folder, then
1. `python3 scripts/dev.py run` under Xvfb, from nothing (the .venv is built), until a window
   named SafeArchive is mapped (xdotool), then again with the .venv in place;
2. `python3 scripts/dev.py test` in the same clone (its .venv already built).
Writes the "Set-up" section of docs/benchmarks.md. Needs Xvfb and xdotool (Debian packages).
The pip download cache of this machine is warm, so "from nothing" excludes download time.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from docs_section import write_section

ROOT = Path(__file__).resolve().parent.parent


def start_xvfb(display: str) -> subprocess.Popen[bytes]:
    xvfb = subprocess.Popen(["Xvfb", display, "-screen", "0", "1400x900x24", "-nolisten", "tcp"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(1.0)
    return xvfb


def time_to_window(clone: Path, display: str, home: Path, timeout: float = 900.0) -> tuple[float, Path]:
    env = {k: v for k, v in os.environ.items() if k != "QT_QPA_PLATFORM"}
    env.update(DISPLAY=display, SAFE_ARCHIVE_HOME=str(home))
    start = time.monotonic()
    app = subprocess.Popen([sys.executable, "scripts/dev.py", "run"], cwd=clone, env=env,
                           stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)
    try:
        while time.monotonic() - start < timeout:
            found = subprocess.run(["xdotool", "search", "--onlyvisible", "--name", "SafeArchive"],
                                   env=env, capture_output=True, text=True, check=False)
            if found.stdout.strip():
                elapsed = time.monotonic() - start
                time.sleep(2.0)  # let it paint, then keep a screenshot as evidence
                shot = home / "first-window.png"
                subprocess.run(["import", "-window", "root", str(shot)], env=env, check=False)
                return elapsed, shot
            if app.poll() is not None:
                raise SystemExit(f"the app exited ({app.returncode}): {app.stderr.read().decode()[-500:] if app.stderr else ''}")
            time.sleep(0.2)
        raise SystemExit("no SafeArchive window within the timeout")
    finally:
        if app.poll() is None:
            os.killpg(app.pid, 15)
            app.wait(timeout=30)
        # dev.py may exit before the app it started has closed its window: wait until no
        # SafeArchive window is left, or the next run would find this one (a "0.0 s" start)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and subprocess.run(
                ["xdotool", "search", "--onlyvisible", "--name", "SafeArchive"],
                env=env, capture_output=True, text=True, check=False).stdout.strip():
            time.sleep(0.2)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--skip-test", action="store_true")
    ap.add_argument("--keep", action="store_true", help="keep the clone")
    ap.add_argument("--display", default=":91")
    args = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="sa-setup-"))
    clone = work / "clone"
    subprocess.run(["git", "clone", "-q", str(ROOT), str(clone)], check=True)
    head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=clone, capture_output=True,
                          text=True, check=True).stdout.strip()
    xvfb = start_xvfb(args.display)
    rows = []
    try:
        cold, shot = time_to_window(clone, args.display, work / "home1")
        rows.append(("`dev.py run` to the demo window, fresh clone (builds .venv)", f"{cold:.0f} s"))
        warm, _ = time_to_window(clone, args.display, work / "home2")
        rows.append(("`dev.py run` to the demo window, .venv in place", f"{warm:.1f} s"))
        shutil.copy2(shot, ROOT / "docs" / "screenshots" / "first-window-fresh-clone.png")
    finally:
        xvfb.terminate()
    if not args.skip_test:
        start = time.monotonic()
        result = subprocess.run([sys.executable, "scripts/dev.py", "test", "-q"], cwd=clone,
                                capture_output=True, text=True, check=False)
        elapsed = time.monotonic() - start
        summary = [ln for ln in result.stdout.splitlines()
                   if re.search(r"\d+ (passed|failed)", ln) or ln.startswith(("FAILED ", "ERROR "))]
        rows.append(("`dev.py test`, whole suite (.venv in place)",
                     f"{elapsed / 60:.1f} min — {' / '.join(summary)} (exit {result.returncode})"))
    load = os.getloadavg()[0]
    body = (f"Measured by `bench/setup_times.py` on {date.today()} on a fresh clone of `{head}` "
            f"(2 cores, load average {load:.1f} at the end; the pip cache was warm, so the first "
            "install excludes download time).\n\n| step | time |\n|---|---|\n"
            + "\n".join(f"| {a} | {b} |" for a, b in rows)
            + "\n\nScreenshot of the first window: `docs/screenshots/first-window-fresh-clone.png`.")
    write_section(ROOT / "docs" / "benchmarks.md", "Set-up", body)
    print(body)
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
