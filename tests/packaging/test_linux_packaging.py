"""Linux packaging without PyInstaller: one app id everywhere, valid metadata, a tarball whose
install.sh puts the app, desktop entry, metainfo and icons in place (and removes them)."""

from __future__ import annotations

import configparser
import importlib.util
import os
import shutil
import stat
import subprocess
import sys
import tarfile
import xml.etree.ElementTree as ET
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[2]
LINUX = ROOT / "packaging" / "linux"
APP_ID = "org.safearchive.SafeArchive"
DESKTOP = ROOT / "resources" / "desktop" / f"{APP_ID}.desktop"
METAINFO = ROOT / "resources" / "desktop" / f"{APP_ID}.metainfo.xml"


def _load(path: Path, name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _desktop_entry() -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str  # type: ignore[assignment,method-assign]  # keys are case-sensitive
    parser.read(DESKTOP, encoding="utf-8")
    return parser["Desktop Entry"]


def test_one_app_id_and_one_binary_name_everywhere() -> None:
    entry = _desktop_entry()
    root = ET.parse(METAINFO).getroot()
    assert root.findtext("id") == APP_ID
    assert root.findtext("launchable[@type='desktop-id']") == f"{APP_ID}.desktop"
    assert entry["Icon"] == APP_ID
    assert entry["Exec"].split()[0] == root.findtext("provides/binary") == "safe-archive"
    spec = (ROOT / "packaging" / "safe_archive.spec").read_text(encoding="utf-8")
    assert f'APP_ID = "{APP_ID}"' in spec
    assert _load(ROOT / "scripts" / "package.py", "package_script").APP_ID == APP_ID


@pytest.mark.skipif(shutil.which("desktop-file-validate") is None, reason="desktop-file-utils not installed")
def test_desktop_entry_validates() -> None:
    proc = subprocess.run(["desktop-file-validate", str(DESKTOP)], capture_output=True, text=True)
    assert proc.returncode == 0 and proc.stdout.strip() == "", proc.stdout + proc.stderr


@pytest.mark.skipif(shutil.which("appstreamcli") is None, reason="appstream not installed")
def test_metainfo_validates_offline() -> None:
    proc = subprocess.run(["appstreamcli", "validate", "--no-net", str(METAINFO)], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "E:" not in proc.stdout and "W:" not in proc.stdout, proc.stdout


def _make_icons(out: Path) -> dict[str, Path]:
    """Run packaging/make_icons.py in its own process: it creates a QGuiApplication, which
    must not become the test session's Qt application."""
    proc = subprocess.run([sys.executable, str(ROOT / "packaging" / "make_icons.py"), str(out)],
                          capture_output=True, text=True, check=True, env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    return {kind: Path(path) for kind, path in (line.split(": ", 1) for line in proc.stdout.splitlines())}


def test_icons_render_to_png_ico_and_icns(tmp_path: Path) -> None:
    made = _make_icons(tmp_path)
    from PIL import Image

    assert Image.open(made["png"]).size == (256, 256)
    assert Image.open(made["ico"]).format == "ICO"
    assert Image.open(made["icns"]).format == "ICNS"
    # not an empty canvas: the rendered SVG left opaque pixels
    assert Image.open(made["png"]).getchannel("A").getextrema()[1] > 0


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the tarball is the Linux archive")
def test_tarball_install_and_uninstall(tmp_path: Path) -> None:
    package = _load(ROOT / "scripts" / "package.py", "package_script")
    icons = tmp_path / "icons"
    _make_icons(icons)
    bundle = tmp_path / "bundle" / "safe-archive"  # a stand-in for PyInstaller's folder
    (bundle / "_internal").mkdir(parents=True)
    exe = bundle / "safe-archive"
    exe.write_text("#!/bin/sh\necho stand-in \"$@\"\n")
    exe.chmod(0o755)
    dist = tmp_path / "dist"
    dist.mkdir()
    tarball = package.linux_tarball(bundle, "9.9.9", icons=icons, dist=dist)
    assert list(dist.iterdir()) == [tarball]  # the staging folder is gone

    with tarfile.open(tarball) as tar:
        tar.extractall(tmp_path / "unpacked", filter="data")
    (top,) = (tmp_path / "unpacked").iterdir()
    prefix = tmp_path / "prefix"
    subprocess.run(["sh", str(top / "install.sh"), str(prefix)], check=True, capture_output=True)

    installed = prefix / "bin" / "safe-archive"
    assert subprocess.run([str(installed), "--self-test"], capture_output=True, text=True,
                          check=True).stdout.strip() == "stand-in --self-test"
    assert (prefix / "lib" / "safe-archive" / "safe-archive").stat().st_mode & stat.S_IXUSR
    desktop = (prefix / "share" / "applications" / f"{APP_ID}.desktop").read_text(encoding="utf-8")
    assert f"Exec={installed} gui" in desktop  # the full path: PREFIX/bin may not be on PATH
    assert (prefix / "share" / "metainfo" / f"{APP_ID}.metainfo.xml").exists()
    for size in (16, 48, 256, 512):
        assert (prefix / "share" / "icons" / "hicolor" / f"{size}x{size}" / "apps" / f"{APP_ID}.png").exists()
    assert (prefix / "share" / "icons" / "hicolor" / "scalable" / "apps" / f"{APP_ID}.svg").exists()

    subprocess.run(["sh", str(top / "install.sh"), "--uninstall", str(prefix)], check=True, capture_output=True)
    shared_caches = {"icon-theme.cache", "mimeinfo.cache"}  # refreshed for the prefix's other apps
    left = [p for p in prefix.rglob("*") if (p.is_file() or p.is_symlink()) and p.name not in shared_caches]
    assert left == [], left
