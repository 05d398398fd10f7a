"""A Latin name written straight against Chinese, Japanese or Korean characters is a word.

Chinese and Japanese put no space between a Latin name and the characters around it
("我和Jessica Miller見面"), and Korean attaches particles to it ("Jessica에게"). The canonical
words were runs of letters whatever their script, so the first word there was '我和jessica' and
a confirmed "Jessica Miller" was neither propagated to that post nor caught by the export's leak
check (acceptance walk with invented testimony). A change of script between Han/kana, Hangul
or Thai and another script's letters now ends a word; look-alike letters of other scripts inside
a Latin word ("Јеѕѕіса") still make one word."""

from __future__ import annotations

from pathlib import Path

import pytest

from safe_archive.core.export.records import ExportOptions
from safe_archive.core.redaction.canonical import canonical_view, tokens
from safe_archive.core.redaction.terms import find_term
from tests.export.helpers import add_post, new_archive


def _found(text: str, term: str) -> list[str]:
    return [text[a:b] for a, b in find_term(text, term)]


def test_words_end_where_the_script_changes() -> None:
    assert [t.key for t in tokens("我和Jessica Miller見面")] == ["我和", "jessica", "miller", "見面"]
    assert [t.key for t in tokens("昨日Jessicaさんと会った")] == ["昨日", "jessica", "さんと会った"]
    assert [t.key for t in tokens("Jessica에게 말했다")] == ["jessica", "에게", "말했다"]
    assert [t.key for t in tokens("ผมเจอJessicaที่ร้าน")] == ["ผมเจอ", "jessica", "ที่ร้าน"]
    # a change of script is a word break like a space, not a joiner of a handle
    assert [t.joined for t in tokens("我和Jessica")] == [False, False]
    # the canonical view keeps the text as written
    assert canonical_view("我和Jessica見面").text == "我和Jessica見面"


def test_digits_and_mixed_latin_words_are_unchanged() -> None:
    assert [t.key for t in tokens("2019年")] == ["2019年"]
    assert [t.key for t in tokens("Јеѕѕіса Miller")] == ["jessica", "miller"]  # Cyrillic look-alikes
    assert [t.key for t in tokens("我們和朋友")] == ["我們和朋友"]
    assert [t.key for t in tokens("日本語のテキスト")] == ["日本語のテキスト"]


@pytest.mark.parametrize(("text", "expected"), [
    ("我和Jessica Miller見面", ["Jessica Miller"]),
    ("我和Jessica_Miller見面", ["Jessica_Miller"]),
    ("昨日Jessica Millerさんと会った", ["Jessica Miller"]),
    ("Jessica Miller에게 말했다", ["Jessica Miller"]),
    ("我和JessicaMillerson見面", []),
])
def test_a_latin_name_glued_to_other_scripts_is_matched(text: str, expected: list[str]) -> None:
    assert _found(text, "Jessica Miller") == expected


def test_the_leak_check_finds_a_latin_name_glued_to_chinese(tmp_path: Path) -> None:
    archive = new_archive(tmp_path / "a")
    try:
        add_post(archive, "I met Jessica Miller at the club.", find=[("Jessica Miller", "PERSON")], lang="en")
        missed = add_post(archive, "後來我和Jessica Miller見面了。", lang="zh")
        prep = archive.exporter(None, detector_name="patterns only").prepare(ExportOptions(format="csv"))
    finally:
        archive.close()
    assert [(h.post_id, h.source) for h in prep.leak.hits] == [(missed, "known")]


def test_accepting_a_latin_name_redacts_it_against_chinese_too(tmp_path: Path) -> None:
    archive = new_archive(tmp_path / "a")
    try:
        add_post(archive, "I met Jessica Miller at the club.", find=[("Jessica Miller", "PERSON", "pending")])
        other = add_post(archive, "後來我和Jessica Miller見面了。", lang="zh")
        archive.review.decide_term("Jessica Miller", "accepted")
        assert archive.get_post(other).redacted_text == "後來我和[PERSON]見面了。"
    finally:
        archive.close()
