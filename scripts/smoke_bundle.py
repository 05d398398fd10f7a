"""Smoke-test the desktop bundle: build it, run its --self-test offline and headless, measure it.

    python scripts/smoke_bundle.py               # build (scripts/package.py), test, measure
    python scripts/smoke_bundle.py --no-build    # use the bundle already in dist/
    python scripts/smoke_bundle.py --write-docs  # also record the figures in docs/benchmarks.md

Not part of the test suite: the build takes minutes. What it checks and measures:

1. ``<bundle>/safe-archive --self-test`` with QT_QPA_PLATFORM=offscreen, in an environment
   stripped of the developer's Python (no PATH to .venv, no PYTHON* variables, a fresh HOME),
   and on Linux inside a new network namespace (``unshare -n``: no interface but loopback),
   so a hidden network use or a file missing from the bundle fails it. Exit 0 only if it passes.
2. The bundle's size on disk (allocated blocks) and file count; the archive's size if built.
3. Start-up time to the first window: the bundled GUI is started offscreen with
   SAFE_ARCHIVE_EXIT_AFTER_FIRST_WINDOW=1 (packaging/safe_archive_entry.py), which prints the
   wall-clock time of the first window's first paint and quits. Cold runs come right after the
   bundle's files were dropped from the page cache (posix_fadvise DONTNEED on each file: the
   bundle is read from disk, the system libraries stay cached as on a desktop); then warm runs.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parent.parent
DIST = ROOT / "dist"
EXE = "safe-archive-cli.exe" if sys.platform == "win32" else "safe-archive"
COLD_RUNS = 3
WARM_RUNS = 4


def _load(path: Path, name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def bundle_dir() -> Path:
    if sys.platform == "darwin":
        return DIST / "SafeArchive.app" / "Contents" / "MacOS"
    return DIST / "safe-archive"


def clean_env(home: Path) -> dict[str, str]:
    """No developer Python: only system paths, no PYTHON*/VIRTUAL_ENV, a fresh home."""
    env = {
        "PATH": "/usr/bin:/bin" if os.name != "nt" else os.environ.get("SystemRoot", r"C:\Windows"),
        "HOME": str(home),
        "SAFE_ARCHIVE_HOME": str(home / "safe-archive"),
        "QT_QPA_PLATFORM": "offscreen",
        "LANG": "C.UTF-8",
        "TMPDIR": str(home / "tmp"),
    }
    for key in ("SystemRoot", "TEMP", "TMP"):  # Windows needs these to start at all
        if key in os.environ and os.name == "nt":
            env[key] = os.environ[key]
    (home / "tmp").mkdir(parents=True, exist_ok=True)
    return env


def offline_prefix() -> tuple[list[str], str]:
    """A command prefix that runs the bundle without network, and how."""
    if sys.platform.startswith("linux") and shutil.which("unshare"):
        for prefix in (["unshare", "-n"], ["unshare", "-rn"]):
            if subprocess.run([*prefix, "true"], capture_output=True).returncode == 0:
                return prefix, f"inside `{' '.join(prefix)}`, a network namespace with no interfaces"
    return [], "no network namespace available here; the self-test's own guard still refuses network use"


def run_self_test(exe: Path, prefix: list[str], env: dict[str, str]) -> tuple[bool, float, list[str]]:
    start = time.perf_counter()
    proc = subprocess.run([*prefix, str(exe), "--self-test"], env=env, capture_output=True, text=True,
                          timeout=600)
    seconds = time.perf_counter() - start
    lines = (proc.stdout + proc.stderr).splitlines()
    return proc.returncode == 0, seconds, lines


def drop_from_page_cache(folder: Path) -> int:
    """Evict the bundle's files from the page cache (Linux); returns how many files."""
    if not hasattr(os, "posix_fadvise"):
        return 0
    n = 0
    for path in folder.rglob("*"):
        if path.is_file() and not path.is_symlink():
            fd = os.open(path, os.O_RDONLY)
            try:
                os.fsync(fd)
                os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
                n += 1
            finally:
                os.close(fd)
    return n


def time_to_first_window(exe: Path, prefix: list[str], env: dict[str, str]) -> float:
    env = dict(env, SAFE_ARCHIVE_EXIT_AFTER_FIRST_WINDOW="1")
    started = time.time()
    proc = subprocess.run([*prefix, str(exe), "gui"], env=env, capture_output=True, text=True, timeout=300)
    for line in proc.stderr.splitlines():
        if line.startswith("first-window-shown "):
            return float(line.split()[1]) - started
    raise SystemExit(f"smoke_bundle: the GUI did not report its first window (exit {proc.returncode}):\n"
                     + proc.stderr[-2000:])


def disk_usage(folder: Path) -> tuple[int, int, int]:
    """(bytes allocated on disk, apparent bytes, files)."""
    allocated = apparent = files = 0
    for path in folder.rglob("*"):
        if path.is_symlink() or not path.is_file():
            continue
        st = path.stat()
        apparent += st.st_size
        allocated += getattr(st, "st_blocks", 0) * 512 or st.st_size
        files += 1
    return allocated, apparent, files


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-build", action="store_true", help="Test the bundle already in dist/.")
    parser.add_argument("--write-docs", action="store_true", help="Write the Bundle section of docs/benchmarks.md.")
    args = parser.parse_args(argv)

    build_seconds = None
    if not args.no_build:
        package = _load(ROOT / "scripts" / "package.py", "package")
        started = time.monotonic()
        if package.main([]) != 0:
            return 1
        build_seconds = time.monotonic() - started
    folder = bundle_dir()
    exe = folder / EXE
    if not exe.exists():
        raise SystemExit(f"smoke_bundle: no bundle at {exe}; build it with `make package` first.")
    prefix, how = offline_prefix()

    with tempfile.TemporaryDirectory(prefix="safe-archive-smoke-") as tmp:
        env = clean_env(Path(tmp))
        ok, self_test_seconds, lines = run_self_test(exe, prefix, env)
        print(f"self-test in the bundle ({how}), {self_test_seconds:.1f} s:")
        for line in lines:
            print("  " + line)
        if not ok:
            print("smoke_bundle: the bundle's self-test FAILED", file=sys.stderr)
            return 1

        cold_runs = []
        for _ in range(COLD_RUNS):
            dropped = drop_from_page_cache(folder.parent if sys.platform == "darwin" else folder)
            cold_runs.append(time_to_first_window(exe, prefix, env))
        cold = statistics.median(cold_runs)
        warm = [time_to_first_window(exe, prefix, env) for _ in range(WARM_RUNS)]
    allocated, apparent, files = disk_usage(folder.parent.parent if sys.platform == "darwin" else folder)
    archives = sorted(DIST.glob("safe-archive-*.tar.gz")) + sorted(DIST.glob("safe-archive-*.zip"))
    print(f"bundle: {allocated / 2**20:.0f} MiB on disk ({apparent / 2**20:.0f} MiB in {files} files)")
    for a in archives:
        print(f"archive: {a.name} {a.stat().st_size / 2**20:.0f} MiB")
    print(f"first window: cold median {cold:.2f} s over {len(cold_runs)} runs ({dropped} bundle files "
          f"dropped from the page cache before each), warm median {statistics.median(warm):.2f} s "
          f"over {len(warm)} runs")

    if args.write_docs:
        docs = _load(ROOT / "bench" / "docs_section.py", "docs_section")
        steps = "\n".join(lines)
        archive_lines = "".join(f"- Linux tarball `{a.name}` (gzip): **{a.stat().st_size / 2**20:.0f} MiB**\n"
                                for a in archives if a.name.endswith(".tar.gz"))
        archive_lines += "".join(f"- `{a.name}`: **{a.stat().st_size / 2**20:.0f} MiB**\n"
                                 for a in archives if a.name.endswith(".zip"))
        load = f"load average {os.getloadavg()[0]:.1f}" if hasattr(os, "getloadavg") else "load unknown"
        secs = ", ".join
        body = f"""Measured by `scripts/smoke_bundle.py --write-docs` ({time.strftime('%Y-%m-%d')}, {platform.system()} {platform.machine()}, {os.cpu_count()} CPUs shared with other engineers' builds and tests: {load} when it finished, so these are upper bounds) on the PyInstaller one-folder bundle `dist/safe-archive/`.

- Bundle size on disk: **{allocated / 2**20:.0f} MiB** allocated ({apparent / 2**20:.0f} MiB apparent, {files} files).
{archive_lines}- Start-up to the first window (the bundled GUI offscreen, from process start to the start screen's first paint): **{cold:.2f} s** cold (median of {len(cold_runs)} runs, each right after the bundle's files were dropped from the page cache: {secs(f'{c:.2f}' for c in cold_runs)} s); **{statistics.median(warm):.2f} s** warm (median of {len(warm)}: {secs(f'{w:.2f}' for w in warm)} s).
- `safe-archive --self-test` inside the bundle, headless and offline ({how}): **{self_test_seconds:.1f} s** from process start to exit. Its lines:

```
{steps}
```
""" + (f"\n- `make package` (PyInstaller with its cache warm, then the gzip tarball): {build_seconds:.0f} s.\n" if build_seconds else "")
        docs.write_section(ROOT / "docs" / "benchmarks.md", "Bundle", body)
        print("wrote the Bundle section of docs/benchmarks.md")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
