"""A JSON line that cannot be decoded (nested too deeply, an integer over Python's 4,300-digit
limit, NaN) is one bad record in every line-based importer: named by file and line, the rest of
the file imported. Before this, the generic JSONL importer let ``RecursionError``/``ValueError``
escape, and the archive skipped everything after that line with a per-file error."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from safe_archive.core.archive import Archive, KdfParams

from .conftest import FIXTURES, read_all

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
        status = archive.conn.execute("SELECT status FROM import_batches").fetchall()
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
