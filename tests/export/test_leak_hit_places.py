"""A leak hit says where it is (field, which tag or note, code-point offsets), so the app's Leak
check panel shows the words the check found without running the detectors a second time."""

from __future__ import annotations

from safe_archive.core.export.leakcheck import KnownIdentifiers, check, pattern_detector
from safe_archive.core.export.records import ExportRecord


def _record(text: str, *, tags: list[str], notes: list[str]) -> ExportRecord:
    return ExportRecord(number=1, post_id=7, author="AUTHOR_1", date="2020-01", platform="text", lang="en",
                        kind="post", labels=[], tags=tags, text=text, text_source="redacted",
                        notes=notes, notes_inserted=[[] for _ in notes])


def test_each_hit_points_at_its_word_in_the_text_a_tag_or_a_note() -> None:
    text = "😀 write to leak.one@example.org today"  # an emoji first: offsets are code points
    record = _record(text, tags=["fine", "mail-two@example.org"], notes=["ask three@example.org"])
    report = check([record], pattern_detector, KnownIdentifiers())
    places = {(h.field, h.index): (h.start, h.end) for h in report.hits}
    texts = {"text": [record.text], "tags": record.tags, "note": record.notes}
    words = {place: texts[place[0]][place[1]][start:end] for place, (start, end) in places.items()}
    assert words == {("text", 0): "leak.one@example.org", ("tags", 1): "mail-two@example.org",
                     ("note", 0): "three@example.org"}
