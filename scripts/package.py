"""Build the desktop distribution: the PyInstaller one-folder bundle, then the platform archive.

    python scripts/package.py            # bundle + archive for this OS (what `make package` runs)
    python scripts/package.py --no-archive

Output, all under dist/ (git-ignored):

- Linux:   dist/safe-archive/ (the bundle) and dist/safe-archive-VERSION-linux-ARCH.tar.gz
           (the bundle, the .desktop file, AppStream metainfo, icons and install.sh)
- Windows: dist/safe-archive/ and dist/safe-archive-VERSION-windows-ARCH.zip
- macOS:   dist/SafeArchive.app and dist/safe-archive-VERSION-macos-ARCH.zip (the .app)

It needs PyInstaller in the running Python (the `packaging` extra); the app and its
dependencies must be installed in that same Python, since PyInstaller bundles from it.
"""

from __future__ import annotations

import argparse
import platform
import shutil
import subprocess
import sys
import tarfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "packaging" / "safe_archive.spec"
DIST = ROOT / "dist"
WORK = ROOT / "build" / "pyinstaller"
APP_ID = "org.safearchive.SafeArchive"
BUNDLE_NAME = "safe-archive"
LINUX_DIR = ROOT / "packaging" / "linux"
DESKTOP_DIR = ROOT / "resources" / "desktop"  # the .desktop entry and AppStream metainfo
ICON_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


def version() -> str:
    sys.path.insert(0, str(ROOT / "src"))
    try:
        from safe_archive import __version__
    finally:
        sys.path.pop(0)
    return str(__version__)


def os_tag() -> str:
    return {"linux": "linux", "win32": "windows", "darwin": "macos"}.get(sys.platform, sys.platform)


def arch_tag() -> str:
    return {"amd64": "x86_64", "arm64": "arm64", "aarch64": "arm64"}.get(
        platform.machine().lower(), platform.machine().lower()
    )


def build_bundle(clean: bool) -> Path:
    try:
        import PyInstaller  # noqa: F401
    except ImportError:
        raise SystemExit(
            "package: PyInstaller is not installed in this Python. Install the packaging extra "
            "(pip install pyinstaller==6.22.3) and run again."
        ) from None
    cmd = [sys.executable, "-m", "PyInstaller", "--noconfirm", "--distpath", str(DIST),
           "--workpath", str(WORK), str(SPEC)]
    if clean:
        cmd.insert(3, "--clean")
    started = time.monotonic()
    subprocess.run(cmd, cwd=ROOT, check=True)
    print(f"package: bundle built in {time.monotonic() - started:.0f} s", flush=True)
    return DIST / ("SafeArchive.app" if sys.platform == "darwin" else BUNDLE_NAME)


def linux_tarball(bundle: Path, ver: str, *, icons: Path = ROOT / "build" / "icons",
                  dist: Path = DIST) -> Path:
    """The bundle plus desktop integration, and install.sh that puts it all in place.
    ``icons`` holds the PNGs packaging/make_icons.py rendered (the spec writes build/icons/)."""
    name = f"{BUNDLE_NAME}-{ver}-linux-{arch_tag()}"
    stage = dist / name
    if stage.exists():
        shutil.rmtree(stage)
    shutil.copytree(bundle, stage / BUNDLE_NAME, symlinks=True)
    share = stage / "share"
    (share / "applications").mkdir(parents=True)
    (share / "metainfo").mkdir(parents=True)
    shutil.copy2(DESKTOP_DIR / f"{APP_ID}.desktop", share / "applications")
    shutil.copy2(DESKTOP_DIR / f"{APP_ID}.metainfo.xml", share / "metainfo")
    for size in ICON_SIZES:
        target = share / "icons" / "hicolor" / f"{size}x{size}" / "apps"
        target.mkdir(parents=True)
        shutil.copy2(icons / f"safe-archive-{size}.png", target / f"{APP_ID}.png")
    scalable = share / "icons" / "hicolor" / "scalable" / "apps"
    scalable.mkdir(parents=True)
    shutil.copy2(ROOT / "resources" / "icons" / "safe-archive.svg",
                 scalable / f"{APP_ID}.svg")
    shutil.copy2(LINUX_DIR / "install.sh", stage / "install.sh")
    (stage / "install.sh").chmod(0o755)
    shutil.copy2(ROOT / "packaging" / "README.md", stage / "README-packaging.md")
    out = dist / f"{name}.tar.gz"
    with tarfile.open(out, "w:gz") as tar:
        tar.add(stage, arcname=name)
    shutil.rmtree(stage)
    return out


def zip_tree(src: Path, out: Path) -> Path:
    """Windows and macOS: a zip of the bundle (macOS: the .app; made in CI)."""
    if sys.platform == "darwin":  # ditto keeps the .app's symlinks and extended attributes
        subprocess.run(["ditto", "-c", "-k", "--keepParent", str(src), str(out)], check=True)
        return out
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for path in sorted(src.rglob("*")):
            zf.write(path, Path(src.name) / path.relative_to(src))
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-archive", action="store_true", help="Build the bundle only.")
    parser.add_argument("--clean", action="store_true", help="Empty PyInstaller's cache first.")
    args = parser.parse_args(argv)
    bundle = build_bundle(args.clean)
    if args.no_archive:
        return 0
    ver = version()
    if sys.platform.startswith("linux"):
        out = linux_tarball(bundle, ver)
    else:
        out = zip_tree(bundle, DIST / f"{BUNDLE_NAME}-{ver}-{os_tag()}-{arch_tag()}.zip")
    print(f"package: {out} ({out.stat().st_size / 2**20:.0f} MiB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
