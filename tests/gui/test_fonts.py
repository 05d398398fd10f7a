"""Every script a post may be in has a font in the app (gui/fonts.py): without one Qt draws the
post as boxes. This machine's system fonts have none for Devanagari (no fonts-noto-core), which
is how a Hindi post showed as □□□ in the table, the post view and the findings list."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtGui import QFontDatabase

from safe_archive.gui.app import Controller
from safe_archive.gui.fonts import BUNDLED, WritingSystem, font_dir, register_missing_script_fonts

pytestmark = pytest.mark.gui

SCRIPTS = (WritingSystem.Arabic, WritingSystem.Hebrew, WritingSystem.Devanagari, WritingSystem.SimplifiedChinese,
           WritingSystem.TraditionalChinese, WritingSystem.Japanese, WritingSystem.Korean)


def test_the_app_has_a_font_for_every_script_once_it_has_started(controller: Controller) -> None:
    assert controller is not None  # start-up registered what the system lacks
    assert {system.name: QFontDatabase.families(system) != [] for system in SCRIPTS} == {s.name: True for s in SCRIPTS}


def test_only_the_scripts_without_a_system_font_get_a_bundled_one(qapp, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    def families(missing: set[WritingSystem]):  # type: ignore[no-untyped-def]
        return lambda system: [] if system in missing else ["A System Font"]

    assert register_missing_script_fonts(font_dir(), families(set())) == []
    assert register_missing_script_fonts(font_dir(), families({WritingSystem.Devanagari})) == ["NotoSansDevanagari-subset.ttf"]
    assert register_missing_script_fonts(font_dir(), families({WritingSystem.Korean})) == ["NotoSansCJKsc-subset.otf"]
    assert register_missing_script_fonts(tmp_path, families(set(SCRIPTS))) == []  # no files: nothing, no error
    assert all((font_dir() / name).is_file() for name, _ in BUNDLED)
