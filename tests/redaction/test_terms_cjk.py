"""A known name in Chinese or Japanese text is found inside the run of characters around it.

Chinese and Japanese are written without spaces, so a name is never a whole word: the term
"陳志明", confirmed in one post, did not match "後來陳志明總是叫我留下來。" in another, and the
export's leak check (known identifiers) passed that post with the name in clear, while it
caught "jessica_miller" in the same situation (acceptance walk with invented testimony)."""

from __future__ import annotations

from pathlib import Path

from safe_archive.core.export.records import ExportOptions
from safe_archive.core.redaction.terms import TermMatcher, find_term
from tests.export.helpers import add_post, new_archive


def _found(text: str, term: str) -> list[str]:
    return [text[a:b] for a, b in find_term(text, term)]


def test_a_han_or_kana_name_is_found_inside_running_text() -> None:
    assert _found("後來陳志明總是叫我留下來。", "陳志明") == ["陳志明"]
    assert _found("高校生の時、部活の顧問の佐藤健一先生に呼び出された。", "佐藤健一") == ["佐藤健一"]
    assert _found("高校生の時、佐藤健一先生に", "佐藤 健一") == ["佐藤健一"]  # a term written with a space
    assert _found("友達のヤマダハナコさん", "ヤマダハナコ") == ["ヤマダハナコ"]
    assert _found("我告訴#陳志明 了", "陳志明") == ["#陳志明"]
    assert _found("陳志明。陳志明", "陳志明") == ["陳志明", "陳志明"]  # each once, not twice


def test_single_characters_and_latin_terms_are_unchanged() -> None:
    assert _found("明天我告訴他", "明") == []  # one character: too short to match safely
    assert _found("I told Jessicamillerson", "Jessica Miller") == []
    matcher: TermMatcher[str] = TermMatcher([("陳志明", "PERSON"), ("Jessica Miller", "PERSON")])
    assert [(m.start, m.end) for m in matcher.find("Jessica Miller 與陳志明")] == [(0, 14), (16, 19)]


def test_the_leak_check_finds_a_confirmed_chinese_name_in_another_post(tmp_path: Path) -> None:
    archive = new_archive(tmp_path / "a")
    try:
        add_post(archive, "我告訴老師陳志明的事。", find=[("陳志明", "PERSON")], lang="zh")
        missed = add_post(archive, "後來陳志明總是叫我留下來。", lang="zh")
        prep = archive.exporter(None, detector_name="patterns only").prepare(ExportOptions(format="csv"))
    finally:
        archive.close()
    assert [(h.post_id, h.source) for h in prep.leak.hits] == [(missed, "known")]


def test_accepting_a_chinese_name_redacts_it_in_the_other_posts_too(tmp_path: Path) -> None:
    archive = new_archive(tmp_path / "a")
    try:
        add_post(archive, "我告訴老師陳志明的事。", find=[("陳志明", "PERSON", "pending")], lang="zh")
        other = add_post(archive, "後來陳志明總是叫我留下來。", lang="zh")
        unrelated = add_post(archive, "陳先生和志明不是同一個人。", lang="zh")
        archive.review.decide_term("陳志明", "accepted")
        assert archive.get_post(other).redacted_text == "後來[PERSON]總是叫我留下來。"
        assert archive.get_post(unrelated).redacted_text == "陳先生和志明不是同一個人。"
    finally:
        archive.close()
