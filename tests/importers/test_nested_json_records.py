"""A JSON line that cannot be decoded (nested too deeply, an integer over Python's 4,300-digit
limit, NaN) is one bad record in every line-based importer: named by file and line, the rest of
the file imported. Before this, the generic JSONL importer let ``RecursionError``/``ValueError``
escape, and the archive skipped everything after that line with a per-file error."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from safe_archive.core.archive import Archive, KdfParams

from .conftest import FIXTURES, read_all
from tests.dbutil import sql

FAST_KDF = KdfParams(memory_kib=64 * 1024, iterations=3, lanes=4)

HOSTILE_LINES = {
    "deep-array": (b'{"id": "h1", "text": "x", "nest": ' + b"[" * 200_000 + b"]" * 200_000 + b"}",
                   ("nested too deeply",)),
    "deep-object": (b'{"id": "h2", "text": "x", "n": ' + b'{"a":' * 100_000 + b"1" + b"}" * 100_000 + b"}",
                    ("nested too deeply",)),
    "huge-integer": (b'{"id": 1' + b"0" * 5000 + b', "text": "n"}', ("too many digits",)),
    # strict importers refuse NaN; the generic one reads it as a float id and refuses that
    "nan": (b'{"id": NaN, "text": "nan"}', ("not valid JSON", "floating-point")),
}

# Line-based importers and a fixture of each whose lines are whole records.
LINE_IMPORTERS = {
    "jsonl": "generic.jsonl",
    "twarc1": "twarc1.jsonl",
    "twarc2": "twarc2_flat.jsonl",
    "pushshift": "RC_2023-11.ndjson",
    "zeeschuimer": "zeeschuimer.ndjson",
}


def _with_line_inserted(fixture: Path, line: bytes, dest: Path) -> tuple[Path, int]:
    lines = fixture.read_bytes().splitlines()
    at = max(1, len(lines) // 2)  # after at least one good record, before at least one
    dest.write_bytes(b"\n".join(lines[:at] + [line] + lines[at:]) + b"\n")
    return dest, at + 1  # its 1-based line number


@pytest.mark.parametrize("fmt", sorted(LINE_IMPORTERS))
@pytest.mark.parametrize("hostile", sorted(HOSTILE_LINES))
def test_undecodable_line_is_one_record_error(fmt: str, hostile: str, tmp_path: Path) -> None:
    fixture = FIXTURES / LINE_IMPORTERS[fmt]
    base = read_all(fmt, fixture)
    line, problem = HOSTILE_LINES[hostile]
    path, number = _with_line_inserted(fixture, line, tmp_path / fixture.name)
    result = read_all(fmt, path)  # must not raise
    # Every record the clean file gave is still there, including those after the bad line.
    assert sorted(p.source_id for p in result.posts) == sorted(p.source_id for p in base.posts)
    assert len(result.errors) == len(base.errors) + 1
    new = [str(e) for e in result.errors if f"line {number}:" in str(e)]
    assert new == [f"{fixture.name}, record line {number}: " + new[0].split(": ", 1)[1]], result.errors
    assert any(p in new[0] for p in problem), new[0]
    assert len(new[0]) < 200  # a short reason, never the line itself


def test_generic_jsonl_through_the_archive_keeps_the_rest_of_the_file(tmp_path: Path) -> None:
    path = tmp_path / "mixed.jsonl"
    path.write_bytes(
        b'{"id": "a1", "text": "before the bad lines"}\n'
        + HOSTILE_LINES["deep-array"][0] + b"\n"
        + b'{"id": "a2", "text": "between the bad lines"}\n'
        + HOSTILE_LINES["huge-integer"][0] + b"\n"
        + b'{"id": "a3", "text": "after the bad lines"}\n'
    )
    with Archive.create(tmp_path / "archive", "pw for nested json", kdf=FAST_KDF) as archive:
        summary = archive.import_files([path])
        file = summary.files[0]
        assert file.failed is None
        assert (file.imported, file.skipped) == (3, 2)
        assert file.errors == [
            "mixed.jsonl, record line 2: not readable: the JSON is nested too deeply",
            "mixed.jsonl, record line 4: not readable: a number in it has too many digits",
        ]
        assert archive.search('"after the bad lines"', original=True).total == 1
        status = sql(archive).execute("SELECT status FROM import_batches").fetchall()
        assert status == [("done",)]


@pytest.fixture
def deep_but_decodable(tmp_path: Path) -> Iterator[Path]:
    """900 levels parse (the decoder's limit is about 1000): such a record is simply imported."""
    path = tmp_path / "deep-ok.jsonl"
    path.write_bytes(b'{"id": "d", "text": "deep but fine", "n": ' + b"[" * 900 + b"]" * 900 + b"}\n")
    yield path


def test_deep_but_decodable_record_is_imported(deep_but_decodable: Path) -> None:
    result = read_all("jsonl", deep_but_decodable)
    assert [p.source_id for p in result.posts] == ["d"] and not result.errors


# ---- streamed JSON (arrays, JS-wrapped arrays, pretty-printed pages) ----------------------------
#
# A streamed array cannot be resumed after a bad item, so deep nesting there stops the file (the
# items before it kept). What matters is that it stops at all: ijson keeps a prefix string per
# level, so its memory grows with the square of the depth (252 MiB at 10,000 levels, over 2 GiB at
# 50,000) and a 400 KB file of 200,000 "[" got the importing process killed by the kernel. The
# check runs in a child process limited to 1 GiB of address space, so that code without the guard
# fails with MemoryError there instead of taking memory from the machine.

_CHILD = r'''
import resource, sys
resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))
from pathlib import Path
from safe_archive.core.importers import ImportContext, get
from safe_archive.core.model import Post
posts = 0
try:
    for item in get(sys.argv[1])().read(Path(sys.argv[2]), ImportContext()):
        posts += isinstance(item, Post)
except Exception as exc:
    print(f"{type(exc).__name__} after {posts} posts: {exc}")
else:
    print(f"no error, {posts} posts")
'''

_DEEP = b"[" * 200_000 + b"]" * 200_000


def _streamed_cases(tmp_path: Path) -> dict[str, tuple[str, Path]]:
    import json as _json

    tweet = _json.loads((FIXTURES / "twarc1_rest.json").read_text(encoding="utf-8"))
    first = _json.dumps(tweet).encode()
    deep_tweet = first[:-1].replace(b"870000000000000001", b"870000000000000002") + b', "n": ' + _DEEP + b"}"
    array = tmp_path / "rest.json"
    array.write_bytes(b"[" + first + b",\n" + deep_tweet + b"]")
    page = tmp_path / "page.json"  # a pretty-printed twarc2 page: the multi-value stream
    page.write_bytes(b'{\n  "data": [{"id": "1", "text": "x", "author_id": "2"}],\n  "n": ' + _DEEP + b"\n}\n")
    tweets_js = tmp_path / "tweets.js"
    tweets_js.write_bytes(b"window.YTD.tweets.part0 = [" + b'{"tweet": {"id_str": "5", "full_text": "a", "created_at": '
                          b'"Wed Oct 10 20:19:24 +0000 2018", "n": ' + _DEEP + b"}}]")
    outbox = tmp_path / "outbox.json"
    outbox.write_bytes(b'{"@context": "https://www.w3.org/ns/activitystreams", "type": "OrderedCollection", '
                       b'"orderedItems": [{"type": "Create", "object": ' + _DEEP + b"}]}")
    return {"twarc1 array": ("twarc1", array), "twarc2 pretty page": ("twarc2", page),
            "tweets.js": ("twitter-archive", tweets_js), "mastodon outbox": ("mastodon", outbox)}


@pytest.mark.parametrize("case", ["twarc1 array", "twarc2 pretty page", "tweets.js", "mastodon outbox"])
def test_deeply_nested_streamed_json_stops_the_file_cleanly(case: str, tmp_path: Path) -> None:
    import subprocess
    import sys

    fmt, path = _streamed_cases(tmp_path)[case]
    result = subprocess.run([sys.executable, "-c", _CHILD, fmt, str(path)], capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr[-2000:]
    line = result.stdout.strip()
    assert line.startswith("ImportError_ after"), line
    assert "nested more than 512 levels deep" in line and len(line) < 400
    if case == "twarc1 array":
        assert line.startswith("ImportError_ after 1 posts")  # the tweet before it was read


def _depth(value: object) -> int:
    if isinstance(value, dict):
        return 1 + max(map(_depth, value.values()), default=0)
    if isinstance(value, list):
        return 1 + max(map(_depth, value), default=0)
    return 0


class _Chunks:
    def __init__(self, data: bytes, sizes: list[int]) -> None:
        self.data, self.sizes, self.pos = data, sizes, 0

    def read(self, size: int = -1) -> bytes:
        n = self.sizes[self.pos % len(self.sizes)] if self.sizes else len(self.data)
        chunk = self.data[self.pos : self.pos + n]
        self.pos += len(chunk)
        return chunk


_tricky_text = st.text(alphabet=st.sampled_from(list('ab"\\[]{}\n\u00e9\U0001f600')), max_size=12)
_json_trees = st.recursive(
    st.none() | st.integers() | _tricky_text,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(_tricky_text, inner, max_size=3),
    max_leaves=25,
)


@settings(max_examples=300, deadline=None)
@given(value=_json_trees, sizes=st.lists(st.integers(1, 7), min_size=1, max_size=5), limit=st.integers(1, 6),
       ascii_only=st.booleans())
def test_depth_guard_agrees_with_the_parsed_depth(value: object, sizes: list[int], limit: int, ascii_only: bool) -> None:
    """Strings with quotes, backslashes and brackets, split anywhere (inside escapes and
    multi-byte characters too): the guard refuses exactly the documents deeper than its limit."""
    import json as _json

    from safe_archive.core.errors import ImportError_
    from safe_archive.core.importers import jsonstream

    data = _json.dumps(value, ensure_ascii=ascii_only).encode()
    old = jsonstream.MAX_DEPTH
    jsonstream.MAX_DEPTH = limit
    try:
        guard = jsonstream._DepthGuard(_Chunks(data, sizes), "t.json")  # type: ignore[arg-type]
        try:
            while guard.read(65536):
                pass
            refused = False
        except ImportError_:
            refused = True
    finally:
        jsonstream.MAX_DEPTH = old
    assert refused == (_depth(value) > limit)
    if not refused:
        assert guard._depth == 0 and not guard._in_string
