"""The shared pieces: entity resolution, byte offsets, ids, member names, JS prefixes."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from safe_archive.core.errors import ImportError_
from safe_archive.core.importers.containers import safe_name
from safe_archive.core.importers.entities import Span, byte_span, byte_to_codepoint_offsets, resolve
from safe_archive.core.importers.jsonstream import js_array_items
from safe_archive.core.importers.records import as_id


def test_resolve_replaces_then_unescapes_and_reports_final_offsets() -> None:
    text = "a &amp; b 👍 https://t.co/x &lt;3"
    start = text.index("https://t.co/x")
    final, found = resolve(text, [Span(start, start + 14, "url", replacement="https://ex.org/?a=1&amp=2", value="u")])
    assert final == "a & b 👍 https://ex.org/?a=1&amp=2 <3"  # the replacement itself is never unescaped
    assert final[found[0]["start"] : found[0]["end"]] == "https://ex.org/?a=1&amp=2"


def test_resolve_drops_out_of_range_and_overlapping_spans() -> None:
    final, found = resolve("hello", [Span(0, 99, "url", replacement="X"), Span(1, 3, "mention"), Span(2, 4, "hashtag")])
    assert final == "hello" and [f["type"] for f in found] == ["mention"]


def test_utf8_byte_offsets() -> None:
    text = "é👍a"
    table = byte_to_codepoint_offsets(text)
    assert byte_span(table, 0, 2) == (0, 1)
    assert byte_span(table, 2, 6) == (1, 2)
    assert byte_span(table, 3, 6) is None  # inside the emoji
    assert byte_span(table, 6, 99) is None


@pytest.mark.parametrize(("value", "expected"), [("123", "123"), (123, "123"), (" 9 ", "9"), (None, None), ("", None)])
def test_ids_as_strings(value: object, expected: str | None) -> None:
    assert as_id(value) == expected


@pytest.mark.parametrize("value", [1.5, 2**60, True, "1.23E+18", [1]])
def test_bad_ids_refused(value: object) -> None:
    with pytest.raises(ValueError):
        as_id(value)


@pytest.mark.parametrize(("name", "expected"), [
    ("data/tweets.js", "data/tweets.js"), ("./a//b.json", "a/b.json"), ("a\\b.json", "a/b.json"),
    ("../x.js", None), ("a/../../x", None), ("/etc/passwd", None), ("C:/x.js", None), ("", None),
])
def test_member_names(name: str, expected: str | None) -> None:
    assert safe_name(name) == expected


def test_js_array_prefix_variants() -> None:
    for text in (b'window.YTD.tweets.part0 = [1, 2];', b'\nGrailbird.data.tweets_2015_01 =\n [1,2]\n', b'[1,2]'):
        assert list(js_array_items(io.BytesIO(text), "t.js")) == [1, 2]


def test_js_object_instead_of_array_is_refused() -> None:
    with pytest.raises(ImportError_):
        list(js_array_items(io.BytesIO(b'window.__THAR_CONFIG = {"a": [1]}'), "manifest.js"))


def test_byte_progress_reaches_the_end_for_files_and_zips(tmp_path: Path) -> None:
    from safe_archive.core.importers import ImportContext, get

    from .conftest import FIXTURES, zip_folder

    for name, path in (("twarc1", FIXTURES / "twarc1.jsonl"),
                       ("twitter-archive", zip_folder(FIXTURES / "twitter_archive", tmp_path / "t.zip"))):
        seen: list[tuple[int, int | None]] = []
        ctx = ImportContext(on_bytes=lambda done, total: seen.append((done, total)))
        list(get(name)().read(path, ctx))
        assert seen and seen[-1] == (path.stat().st_size, path.stat().st_size)
