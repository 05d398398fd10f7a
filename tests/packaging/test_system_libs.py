"""The GUI names the missing system libraries (and their packages) before Qt can abort (issue 12)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from safe_archive.gui import system_libs

LDD_MISSING = """\
\tlinux-vdso.so.1 (0x00007ffd)
\tlibxcb-cursor.so.0 => /lib/x86_64-linux-gnu/libxcb-cursor.so.0 (0x00007f87)
\tlibxcb-icccm.so.4 => not found
\tlibxcb-keysyms.so.1 => not found
\tlibxcb-icccm.so.4 => not found
\tlibfoo-unknown.so.3 => not found
"""


def test_missing_libraries_are_read_from_ldd() -> None:
    missing = system_libs.missing_libraries(Path("libqxcb.so"), LDD_MISSING)
    assert missing == ["libfoo-unknown.so.3", "libxcb-icccm.so.4", "libxcb-keysyms.so.1"]


def test_hint_names_debian_and_fedora_packages_on_one_line() -> None:
    line = system_libs.install_hint(["libxcb-icccm.so.4", "libxcb-keysyms.so.1"])
    assert "\n" not in line
    assert "apt install libxcb-icccm4 libxcb-keysyms1" in line
    assert "dnf install xcb-util-keysyms xcb-util-wm" in line
    assert "xcb-cursor0" not in line  # Qt's own message names this one even when it is present


def test_xcb_only_where_qt_would_load_it() -> None:
    if not sys.platform.startswith("linux"):
        pytest.skip("xcb is the Linux X11 plugin")
    assert system_libs.uses_xcb({"DISPLAY": ":0"})
    assert not system_libs.uses_xcb({"DISPLAY": ":0", "QT_QPA_PLATFORM": "offscreen"})
    assert system_libs.uses_xcb({"QT_QPA_PLATFORM": "xcb"})
    assert not system_libs.uses_xcb({"WAYLAND_DISPLAY": "wayland-0", "DISPLAY": ":0"})
    assert not system_libs.uses_xcb({})


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="xcb is the Linux X11 plugin")
def test_gui_command_prints_one_line_and_exits_1(tmp_path: Path) -> None:
    if system_libs.xcb_plugin() is None:
        pytest.skip("PySide6's xcb plugin is not installed")
    fake_ldd = tmp_path / "bin" / "ldd"
    fake_ldd.parent.mkdir()
    fake_ldd.write_text("#!/bin/sh\nprintf '\\tlibxcb-keysyms.so.1 => not found\\n'\n")
    fake_ldd.chmod(0o755)
    env = {k: v for k, v in os.environ.items() if k not in ("QT_QPA_PLATFORM", "WAYLAND_DISPLAY")}
    env.update(
        DISPLAY=":987",
        PATH=f"{fake_ldd.parent}{os.pathsep}{env.get('PATH', '')}",
        SAFE_ARCHIVE_HOME=str(tmp_path / "home"),
    )
    result = subprocess.run(
        [sys.executable, "-m", "safe_archive", "gui", "--demo"],
        capture_output=True, text=True, env=env, timeout=120, check=False,
    )
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "libxcb-keysyms.so.1" in lines[0] and "libxcb-keysyms1" in lines[0]
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "home").exists() or not any((tmp_path / "home").rglob("*.db"))
