"""Bad input: one bad record costs one record, named by file and line; the rest is read."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from safe_archive.core.errors import ImportError_

from .conftest import read_all


def _csv_with_bad_byte(path: Path, rows: int, bad_row: int) -> Path:
    lines = [b"id,text,author"]
    for i in range(1, rows + 1):
        text = b"caf\xe9 latin-1 here" if i == bad_row else f"row {i} caf\u00e9".encode()
        lines.append(b"%d,%s,a%d" % (i, text, i))
    path.write_bytes(b"\r\n".join(lines) + b"\r\n")
    return path


def test_one_bad_byte_in_a_large_csv_costs_one_record(tmp_path: Path) -> None:
    result = read_all("csv", _csv_with_bad_byte(tmp_path / "big.csv", 20_000, 10_000))
    assert len(result.posts) == 19_999  # every row after it was dropped before
    (error,) = result.errors
    assert error.record == "line 10001" and "UTF-8" in error.problem  # the header is line 1
    assert result.posts[-1].text == "row 20000 café"


def test_small_csv_with_one_bad_byte_names_the_record(tmp_path: Path) -> None:
    result = read_all("csv", _csv_with_bad_byte(tmp_path / "small.csv", 3, 2))
    assert [p.source_id for p in result.posts] == ["1", "3"]
    assert [e.record for e in result.errors] == ["line 3"]


def test_line_numbers_count_multi_line_records(tmp_path: Path) -> None:
    path = tmp_path / "multi.csv"
    path.write_bytes(b'id,text\n1,"two\nlines"\n2,"ok"\n3,"bad \xff"\n')
    result = read_all("csv", path)
    assert [e.record for e in result.errors] == ["line 5"]


def test_header_not_utf8_is_a_file_error(tmp_path: Path) -> None:
    path = tmp_path / "h.csv"
    path.write_bytes(b"id,t\xe9xt\n1,x\n")
    with pytest.raises(ImportError_, match="not UTF-8"):
        read_all("csv", path)


def test_nested_json_points_to_the_formats_not_to_map(tmp_path: Path) -> None:
    path = tmp_path / "export.jsonl"
    path.write_text(json.dumps({"account": {"n": "x"}, "items": [{"body_html": "<p>x</p>"}]}) + "\n")
    with pytest.raises(ImportError_) as info:
        read_all("jsonl", path)
    message = str(info.value)
    assert "--map" not in message and "nested" in message and "docs/formats.md" in message


def test_pretty_printed_json_is_not_read_as_broken_lines(tmp_path: Path) -> None:
    path = tmp_path / "unknown.json"
    path.write_text(json.dumps({"something": [{"a": 1}]}, indent=2))
    with pytest.raises(ImportError_, match="one JSON document"):
        read_all("jsonl", path)
