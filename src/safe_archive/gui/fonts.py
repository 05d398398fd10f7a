"""Fonts for the scripts a system has none for.

Posts come in every script, but a system need not have a font for each: a Debian or Ubuntu
install without ``fonts-noto-core`` has none for Devanagari, and Qt then draws a Hindi post as a
row of boxes (□), in the table, the post view and the findings list alike. The PDF export
bundles Noto subsets for Arabic, Hebrew, Devanagari and CJK (resources/fonts, SIL OFL); the app
registers each one whose writing systems the system's font database has no family for, before
the first window, so Qt's font fallback finds it. Where the system has fonts, nothing changes.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from importlib import resources
from pathlib import Path

from PySide6.QtGui import QFontDatabase

WritingSystem = QFontDatabase.WritingSystem

# each bundled file, and the writing systems it serves (a file is registered when any of them
# has no family on the system)
BUNDLED: tuple[tuple[str, tuple[WritingSystem, ...]], ...] = (
    ("NotoSansArabic-subset.ttf", (WritingSystem.Arabic,)),
    ("NotoSansHebrew-subset.ttf", (WritingSystem.Hebrew,)),
    ("NotoSansDevanagari-subset.ttf", (WritingSystem.Devanagari,)),
    ("NotoSansCJKsc-subset.otf", (WritingSystem.SimplifiedChinese, WritingSystem.TraditionalChinese,
                                  WritingSystem.Japanese, WritingSystem.Korean)),
)


def font_dir() -> Path:
    return Path(str(resources.files("safe_archive.resources") / "fonts"))


def register_missing_script_fonts(
    folder: Path | None = None,
    families: Callable[[WritingSystem], Sequence[str]] = QFontDatabase.families,
) -> list[str]:
    """Register the bundled font of every script the system has no font for; return the file
    names registered (none when the system covers every script or the files are missing)."""
    folder = folder or font_dir()
    added: list[str] = []
    for name, systems in BUNDLED:
        path = folder / name
        if not path.is_file() or all(families(system) for system in systems):
            continue
        if QFontDatabase.addApplicationFont(str(path)) >= 0:
            added.append(name)
    return added
