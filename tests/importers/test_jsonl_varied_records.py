"""Generic JSON Lines: each record's fields are its own.

JSON Lines records need not share their fields (unlike a CSV's header row), but the generic
reader decided its columns from the first record only: a "lang" or "author" field that first
appears in a later record was silently dropped from every post (acceptance walk review). Each
record is now read by its own field names; --map still wins, and a later record without a text
field is a bad record, not the end of the file."""

from __future__ import annotations

import json
from pathlib import Path

from safe_archive.core.importers.generic import resolve_columns
from safe_archive.core.importers.base import ImportContext, ImportOptions
from safe_archive.core.importers.generic import JsonlImporter
from safe_archive.core.errors import RecordError
from safe_archive.core.model import Post


def _read(path: Path, column_map: dict[str, str] | None = None) -> tuple[list[Post], list[RecordError]]:
    ctx = ImportContext(options=ImportOptions(column_map=column_map or {}))
    items = list(JsonlImporter().read(path, ctx))
    return ([i for i in items if isinstance(i, Post)], [i for i in items if isinstance(i, RecordError)])


def _write(path: Path, records: list[dict[str, object]]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return path


def test_fields_that_appear_in_later_records_are_read(tmp_path: Path) -> None:
    path = _write(tmp_path / "posts.jsonl", [
        {"id": "1", "text": "first post, no author or language"},
        {"id": "2", "text": "second post", "author": "quinn_example", "lang": "en"},
        {"id": "3", "text": "tercer mensaje", "lang": "es", "user": {"username": "rae", "name": "Rae"}},
        {"id": "4", "body": "a record that names its text 'body'", "created_at": "2024-05-01T12:00:00Z"},
    ])
    posts, errors = _read(path)
    assert errors == []
    assert [(p.source_id, p.author_handle, p.lang) for p in posts] == [
        ("1", None, None), ("2", "quinn_example", "en"), ("3", "rae", "es"), ("4", None, None)]
    assert posts[2].author_name == "Rae"
    assert posts[3].text.startswith("a record") and posts[3].created_at is not None


def test_a_later_record_without_text_is_a_bad_record(tmp_path: Path) -> None:
    path = _write(tmp_path / "posts.jsonl", [
        {"id": "1", "text": "first"}, {"id": "2", "note": "no text here"}, {"id": "3", "text": "third"}])
    posts, errors = _read(path)
    assert [p.source_id for p in posts] == ["1", "3"]
    assert [e.record for e in errors] == ["line 2"]
    assert "text" in errors[0].problem


def test_an_explicit_map_wins_in_every_record(tmp_path: Path) -> None:
    path = _write(tmp_path / "posts.jsonl", [
        {"post_id": "1", "story": "first", "text": "not this one", "poster": "a"},
        {"post_id": "2", "story": "second", "text": "nor this", "lang": "de"},
    ])
    posts, errors = _read(path, {"text": "story", "author": "poster"})
    assert errors == []
    assert [(p.source_id, p.text, p.author_handle, p.lang) for p in posts] == [
        ("1", "first", "a", None), ("2", "second", None, "de")]
    assert resolve_columns(["story", "poster"], {"text": "story"})["text"] == "story"
