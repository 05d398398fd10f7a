"""Generic CSV/JSONL/XLSX and plain stories (.txt, .md, .docx)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import docx
import openpyxl
import pytest

from safe_archive.core.errors import ImportError_

from .conftest import FIXTURES, read_all


def test_generic_csv_and_jsonl() -> None:
    csv_result = read_all("csv", FIXTURES / "generic.csv")
    assert [(p.source_id, p.author_handle) for p in csv_result.posts] == [("p1", "quinn_example")]
    jsonl = read_all("jsonl", FIXTURES / "generic.jsonl")
    assert jsonl.posts[0].author_name == "Quinn Example"
    assert "floating-point" in jsonl.errors[0].problem


def _xlsx(path: Path, rows: list[list[object]]) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def test_xlsx_rows_dates_and_float_ids(tmp_path: Path) -> None:
    path = _xlsx(tmp_path / "stories.xlsx", [
        ["ID", "Story", "Author", "Date"],
        ["s1", "First story from a spreadsheet", "rae_example", datetime(2024, 5, 1, 12, 0)],
        [1.7e18, "an id Excel turned into a float", "rae_example", None],
        [None, None, None, None],
        [3, "integer ids are fine", None, "2024-05-02"],
    ])
    result = read_all("xlsx", path)
    assert [p.source_id for p in result.posts] == ["s1", "3"]
    assert result.posts[0].created_at is not None and result.posts[0].created_at.isoformat() == "2024-05-01T12:00:00+00:00"
    assert len(result.errors) == 1 and "floating-point" in result.errors[0].problem


def test_xlsx_column_map(tmp_path: Path) -> None:
    path = _xlsx(tmp_path / "m.xlsx", [["Ref", "Words"], ["r1", "mapped"]])
    result = read_all("xlsx", path, column_map={"text": "Words", "id": "Ref"})
    assert [(p.source_id, p.text) for p in result.posts] == [("r1", "mapped")]


def test_stories_txt_md_utf16_one_post_each() -> None:
    txt = read_all("text", FIXTURES / "story.txt").posts
    assert len(txt) == 1 and txt[0].text == "My story.\nIt happened when I was 13." and txt[0].kind == "story"
    assert read_all("text", FIXTURES / "story.md").posts[0].text.startswith("# A story")
    assert read_all("text", FIXTURES / "story_utf16.txt").posts[0].text.endswith("æøå")
    assert txt[0].source_id == read_all("text", FIXTURES / "story.txt").posts[0].source_id


def test_docx_story(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("A story written in Word.")
    document.add_paragraph("Second paragraph 💜.")
    path = tmp_path / "story.docx"
    document.save(str(path))
    posts = read_all("text", path).posts
    assert [p.text for p in posts] == ["A story written in Word.\nSecond paragraph 💜."]


def test_text_not_utf8_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "latin1.txt"
    path.write_bytes("caf\xe9 ".encode("latin-1") * 3)
    with pytest.raises(ImportError_, match="not UTF-8"):
        read_all("text", path)


def test_empty_story_is_a_record_error(tmp_path: Path) -> None:
    path = tmp_path / "empty.md"
    path.write_text("\n\n")
    result = read_all("text", path)
    assert not result.posts and len(result.errors) == 1
