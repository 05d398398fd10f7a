"""Check, before Qt starts, that the system libraries Qt's X11 (xcb) plugin needs are present.

Without them Qt aborts with "Could not load the Qt platform plugin xcb … xcb-cursor0 … is
needed", which names a library that may be installed while the ones really missing go unnamed.
This module does not import Qt: it reads the plugin's dependencies with ``ldd`` and turns each
missing one into the package to install on Debian/Ubuntu and on Fedora.
"""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path

# soname -> (Debian/Ubuntu package, Fedora package)
PACKAGES: dict[str, tuple[str, str]] = {
    "libxcb-icccm.so.4": ("libxcb-icccm4", "xcb-util-wm"),
    "libxcb-keysyms.so.1": ("libxcb-keysyms1", "xcb-util-keysyms"),
    "libxcb-cursor.so.0": ("libxcb-cursor0", "xcb-util-cursor"),
    "libxcb-image.so.0": ("libxcb-image0", "xcb-util-image"),
    "libxcb-render-util.so.0": ("libxcb-render-util0", "xcb-util-renderutil"),
    "libxcb-util.so.1": ("libxcb-util1", "xcb-util"),
    "libxcb-randr.so.0": ("libxcb-randr0", "libxcb"),
    "libxcb-render.so.0": ("libxcb-render0", "libxcb"),
    "libxcb-shape.so.0": ("libxcb-shape0", "libxcb"),
    "libxcb-shm.so.0": ("libxcb-shm0", "libxcb"),
    "libxcb-sync.so.1": ("libxcb-sync1", "libxcb"),
    "libxcb-xfixes.so.0": ("libxcb-xfixes0", "libxcb"),
    "libxcb-xkb.so.1": ("libxcb-xkb1", "libxcb"),
    "libxcb.so.1": ("libxcb1", "libxcb"),
    "libX11-xcb.so.1": ("libx11-xcb1", "libX11-xcb"),
    "libX11.so.6": ("libx11-6", "libX11"),
    "libxkbcommon.so.0": ("libxkbcommon0", "libxkbcommon"),
    "libxkbcommon-x11.so.0": ("libxkbcommon-x11-0", "libxkbcommon-x11"),
    "libGL.so.1": ("libgl1", "libglvnd-glx"),
    "libEGL.so.1": ("libegl1", "libglvnd-egl"),
    "libOpenGL.so.0": ("libopengl0", "libglvnd-opengl"),
    "libfontconfig.so.1": ("libfontconfig1", "fontconfig"),
    "libfreetype.so.6": ("libfreetype6", "freetype"),
    "libglib-2.0.so.0": ("libglib2.0-0", "glib2"),
    "libgthread-2.0.so.0": ("libglib2.0-0", "glib2"),
    "libdbus-1.so.3": ("libdbus-1-3", "dbus-libs"),
}

_NOT_FOUND = re.compile(r"^\s*(\S+)\s+=>\s+not found", re.MULTILINE)


def xcb_plugin() -> Path | None:
    """The PySide6 xcb platform plugin, located without importing Qt."""
    spec = importlib.util.find_spec("PySide6")
    if spec is None or not spec.submodule_search_locations:
        return None
    for base in spec.submodule_search_locations:
        plugin = Path(base) / "Qt" / "plugins" / "platforms" / "libqxcb.so"
        if plugin.exists():
            return plugin
    return None


def uses_xcb(env: Mapping[str, str]) -> bool:
    """Whether Qt will load the xcb plugin in this environment (Linux, an X display)."""
    if not sys.platform.startswith("linux"):
        return False
    platform = env.get("QT_QPA_PLATFORM", "")
    if platform:
        return platform.split(":")[0].split(";")[0] == "xcb"
    return bool(env.get("DISPLAY")) and not env.get("WAYLAND_DISPLAY")


def missing_libraries(plugin: Path, ldd_output: str | None = None) -> list[str]:
    """Sonames the plugin needs that the dynamic loader cannot find (sorted, unique)."""
    if ldd_output is None:
        ldd = shutil.which("ldd")
        if ldd is None:
            return []
        result = subprocess.run([ldd, str(plugin)], capture_output=True, text=True, check=False)
        ldd_output = result.stdout
    return sorted(set(_NOT_FOUND.findall(ldd_output)))


def install_hint(missing: list[str]) -> str:
    """One plain line: what is missing and the packages that provide it."""
    debian = sorted({PACKAGES[name][0] for name in missing if name in PACKAGES})
    fedora = sorted({PACKAGES[name][1] for name in missing if name in PACKAGES})
    unknown = [name for name in missing if name not in PACKAGES]
    line = "The desktop app cannot start: system libraries are missing (" + ", ".join(missing) + ")."
    if debian:
        line += (
            f" Install them — Debian/Ubuntu: sudo apt install {' '.join(debian)};"
            f" Fedora: sudo dnf install {' '.join(fedora)}."
        )
    if unknown:
        line += f" Your distribution's package search can tell which packages provide {', '.join(unknown)}."
    return line


def check(env: Mapping[str, str] | None = None) -> str | None:
    """None when Qt's platform plugin can load, else the one line to show the user."""
    env = os.environ if env is None else env
    if not uses_xcb(env):
        return None
    plugin = xcb_plugin()
    if plugin is None:
        return None
    missing = missing_libraries(plugin)
    return install_hint(missing) if missing else None
