"""A known Korean name is found with the particle written against it.

Korean writes case and topic particles on the word they follow: "김민수가" (Kim Minsu +
subject), "김민수에게" (to Kim Minsu), "민수는" (Minsu + topic). Terms matched whole words only,
so a confirmed "김민수" was neither propagated to "어제 김민수가 전화했다" nor caught there by the
export's leak check. A Hangul term now also matches a word that is the term followed by a
known particle (and the name suffix 이, 씨/님 before it); the match covers the name only. It
is still never found inside another word ("김민수정", "박김민수")."""

from __future__ import annotations

from pathlib import Path

import pytest

from safe_archive.core.export.records import ExportOptions
from safe_archive.core.redaction.terms import find_term
from tests.export.helpers import add_post, new_archive


def _found(text: str, term: str) -> list[str]:
    return [text[a:b] for a, b in find_term(text, term)]


@pytest.mark.parametrize(("text", "term", "expected"), [
    ("어제 김민수가 나한테 전화했다.", "김민수", ["김민수"]),
    ("나는 김민수에게 모든 걸 말했어요.", "김민수", ["김민수"]),
    ("김민수에게서 문자가 왔다", "김민수", ["김민수"]),
    ("민수는 우리 코치였다.", "민수", ["민수"]),
    ("민수야, 괜찮아?", "민수", ["민수"]),
    ("민준이가 또 그랬어", "민준", ["민준"]),
    ("민수씨한테 물어봐", "민수", ["민수"]),
    ("코치는 김민수였다.", "김민수", ["김민수"]),
    ("김 민수가 왔다", "김 민수", ["김 민수"]),
    ("#김민수 를 고발합니다", "김민수", ["#김민수"]),
    ("김민수 김민수가 김민수를", "김민수", ["김민수", "김민수", "김민수"]),
])
def test_a_korean_name_matches_with_its_particle(text: str, term: str, expected: list[str]) -> None:
    assert _found(text, term) == expected


@pytest.mark.parametrize(("text", "term"), [
    ("김민수정 선생님", "김민수"),   # another name that starts with it
    ("박김민수가 왔다", "김민수"),   # inside another word
    ("김민수가", "민수"),           # the given name inside the full name
    ("민수정이 왔다", "민수"),
])
def test_a_korean_name_is_not_found_inside_other_words(text: str, term: str) -> None:
    assert _found(text, term) == []


def test_the_leak_check_finds_a_korean_name_with_a_particle(tmp_path: Path) -> None:
    archive = new_archive(tmp_path / "a")
    try:
        add_post(archive, "코치 김민수 때문에 그만뒀다.", find=[("김민수", "PERSON")], lang="ko")
        missed = add_post(archive, "어제 김민수가 다시 연락했다.", lang="ko")
        prep = archive.exporter(None, detector_name="patterns only").prepare(ExportOptions(format="csv"))
    finally:
        archive.close()
    assert [(h.post_id, h.source) for h in prep.leak.hits] == [(missed, "known")]


def test_accepting_a_korean_name_redacts_it_before_its_particle(tmp_path: Path) -> None:
    archive = new_archive(tmp_path / "a")
    try:
        add_post(archive, "코치 김민수 때문에 그만뒀다.", find=[("김민수", "PERSON", "pending")], lang="ko")
        other = add_post(archive, "어제 김민수가 다시 연락했다.", lang="ko")
        archive.review.decide_term("김민수", "accepted")
        assert archive.get_post(other).redacted_text == "어제 [PERSON]가 다시 연락했다."
    finally:
        archive.close()


def test_forgetting_a_korean_name_masks_it_before_its_particle(tmp_path: Path) -> None:
    archive = new_archive(tmp_path / "a")
    try:
        post = add_post(archive, "어제 김민수가 다시 연락했다. 김민수정 선생님은 몰랐다.", lang="ko")
        archive.forget.term("김민수")
        text = archive.get_post(post).text
    finally:
        archive.close()
    assert "김민수가" not in text and text.endswith("김민수정 선생님은 몰랐다.") and "가 다시" in text
