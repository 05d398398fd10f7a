"""Search in every script: Chinese, Japanese, Korean, Thai (no spaces between words), and
language tags normalised at import so that lang:zh finds zh-CN, zh_Hans and zhCn."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from safe_archive.core.archive import Archive
from tests.export.helpers import PASSPHRASE, add_post, new_archive
from tests.dbutil import transaction

POSTS = {
    "zh": "我被性侵了，一直不敢说。#MeToo",
    "zh2": "他在办公室对我性骚扰",
    "ja": "上司からセクハラを受けました",
    "ko": "성폭력을 당했다고 말하기까지 오래 걸렸다",
    "th": "ฉันถูกข่มขืนตอนอายุสิบห้า",
    "en": "My teacher hurt me when I was thirteen",
    "mixed": "MeToo運動のおかげで話せた",
}


@pytest.fixture(scope="module")
def arch(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Archive]:
    archive = new_archive(Path(tmp_path_factory.mktemp("scripts")) / "a")
    archive.ids = {k: add_post(archive, text) for k, text in POSTS.items()}  # type: ignore[attr-defined]
    yield archive
    archive.close()


def found(archive: Archive, query: str, **kw: object) -> set[str]:
    page = archive.search(query, limit=100, **kw)  # type: ignore[arg-type]
    assert page.total == len(page.hits)
    by_id = {v: k for k, v in archive.ids.items()}  # type: ignore[attr-defined]
    return {by_id[h.post_id] for h in page.hits}


@pytest.mark.parametrize(("query", "expected"), [
    ("性侵", {"zh"}),                 # a word inside a run: nothing was found before
    ("性", {"zh", "zh2"}),            # one character
    ("性骚扰", {"zh2"}),
    ("セクハラ", {"ja"}),
    ("上司", {"ja"}),
    ("성폭력", {"ko"}),               # Korean word with its particle attached in the text
    ("ข่มขืน", {"th"}),
    ("運動", {"mixed"}),
    ("metoo 性侵", {"zh"}),           # words and runs together
    ("性侵 OR セクハラ", {"zh", "ja"}),
    ("性 -性侵", {"zh2"}),
    ("teacher", {"en"}),              # other scripts as before
])
def test_scripts_without_spaces_are_found(arch: Archive, query: str, expected: set[str]) -> None:
    assert found(arch, query) == expected
    assert found(arch, query, original=True) == expected


def test_snippet_marks_the_run(arch: Archive) -> None:
    (hit,) = arch.search("性侵").hits
    assert ("性侵", True) in hit.parts()


def test_deleted_and_edited_posts_leave_the_bigram_index(arch: Archive, tmp_path: Path) -> None:
    archive = new_archive(tmp_path / "b")
    try:
        pid = add_post(archive, "我被性侵了")
        with transaction(archive) as conn:
            conn.execute("UPDATE posts SET text = '今天天气很好', redacted_text = '今天天气很好' WHERE id = ?", (pid,))
        assert archive.search("性侵", original=True).total == 0
        assert archive.search("天气", original=True).total == 1
        with transaction(archive) as conn:
            conn.execute("DELETE FROM posts WHERE id = ?", (pid,))
        assert archive.search("天气", original=True).total == 0
        assert archive.verify().ok
    finally:
        archive.close()


def test_existing_archives_get_the_index_on_open(tmp_path: Path) -> None:
    archive = new_archive(tmp_path / "old")
    add_post(archive, "我被性侵了")
    with transaction(archive) as conn:  # what schema 5 had: no bigram index
        conn.execute("DROP TABLE posts_fts_cjk")
        conn.execute("DELETE FROM schema_migrations WHERE version >= 6")
    archive.close()
    with Archive.open(tmp_path / "old", PASSPHRASE) as opened:
        assert opened.search("性侵").total == 1
        assert opened.verify().ok


def test_language_tags_are_normalised_at_import(tmp_path: Path) -> None:
    src = tmp_path / "posts.jsonl"
    tags = ["zhCn", "zh-CN", "zh_Hans", "zh", "en-US", "zha"]
    src.write_text("".join(json.dumps({"id": str(i), "text": f"post {i}", "lang": t}) + "\n" for i, t in enumerate(tags)))
    archive = new_archive(tmp_path / "c")
    try:
        archive.import_files([src])
        stored = {p.source_id: p.lang for p in archive.get_posts(archive.post_ids())}
        assert stored == {"0": "zh-CN", "1": "zh-CN", "2": "zh-Hans", "3": "zh", "4": "en-US", "5": "zha"}
        ids = {p.source_id for p in archive.get_posts([h.post_id for h in archive.search("lang:zh", limit=50, original=True).hits])}
        assert ids == {"0", "1", "2", "3"}  # not zha (Zhuang)
    finally:
        archive.close()


def test_script_only_queries_say_how_they_are_ordered(arch: Archive) -> None:
    assert arch.search("性").order == "script"  # from the bigram index: newest imported first
    assert arch.search("性 teacher").order == "date"  # mixed with words: by date
