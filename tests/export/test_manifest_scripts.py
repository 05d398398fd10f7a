"""The manifest says in which writing systems the exported posts are written.

An ethics board reading "leak check: passed" cannot tell that two of the posts were Hindi, for
which the scrubber finds names only after a cue (docs/quality.md): the acceptance walk's
manifest named only the English spaCy model. Counts by writing system (of the redacted text,
our Latin stand-ins not counted) let the board ask how well each was checked."""

from __future__ import annotations

from pathlib import Path

from safe_archive.core.export.records import ExportOptions
from safe_archive.core.export.scripts import writing_system
from tests.export.helpers import add_post, new_archive


def test_writing_system_of_a_text() -> None:
    assert writing_system("Tenía 15 años cuando mi entrenador") == "Latin"
    assert writing_system("[PERSON_9]我去警察局報案。") == "Han (Chinese)"
    assert writing_system("友達の[PERSON_13]さんだけが話を聞いてくれた。") == "Japanese"
    assert writing_system("قالت لي صديقتي [PERSON_5] إن ما حدث ليس خطئي.") == "Arabic"
    assert writing_system("मेरी दोस्त [PERSON_13] ने मुझे हिम्मत दी।") == "Devanagari"
    assert writing_system("Мне было [age 12–14], когда") == "Cyrillic"
    assert writing_system("[PERSON_1] 😀 123") == "no letters"


def test_the_manifest_counts_posts_by_writing_system(tmp_path: Path) -> None:
    archive = new_archive(tmp_path / "a")
    try:
        add_post(archive, "Mi tía Lucía fue la única que me escuchó.", lang=None)
        add_post(archive, "I finally told my sister what happened.", lang=None)
        add_post(archive, "जब मैं पंद्रह साल की थी, किसी ने मेरा विश्वास नहीं किया।", lang=None)
        add_post(archive, "謝謝妳陪我去警察局報案。", lang=None)
        result = archive.exporter().export(ExportOptions(format="csv"), tmp_path / "out.csv")
    finally:
        archive.close()
    assert result.manifest["posts"]["by_writing_system"] == {"Latin": 2, "Devanagari": 1, "Han (Chinese)": 1}
    page = result.files[2].read_text(encoding="utf-8")
    assert "by writing system" in page and "Devanagari" in page
