"""A post whose language is unknown is not declared English in the HTML export.

The page is ``<html lang="en">`` (our headings are English), and a post without a language
(every CSV, JSONL or story import) inherited it: a screen reader then reads an Arabic or Hindi
post with an English voice, and a browser picks fonts for Chinese and Japanese as for English.
HTML says ``lang=""`` for "unknown"; a known language is declared as before."""

from __future__ import annotations

from pathlib import Path

from safe_archive.core.export.records import ExportOptions
from tests.export.helpers import add_post, new_archive


def test_unknown_language_is_declared_unknown_and_known_ones_kept(tmp_path: Path) -> None:
    archive = new_archive(tmp_path / "a")
    try:
        add_post(archive, "كنت في السادسة عشرة عندما بدأ الأمر.", lang=None)
        add_post(archive, "Мне было 14, когда это началось.", lang="ru")
        result = archive.exporter().export(ExportOptions(format="html"), tmp_path / "out.html")
    finally:
        archive.close()
    page = result.files[0].read_text(encoding="utf-8")
    assert '<div class="text" dir="auto" lang="">كنت في' in page
    assert '<div class="text" dir="auto" lang="ru">Мне было' in page
    assert page.count('lang="') == 3  # the page itself (English headings) and the two posts
