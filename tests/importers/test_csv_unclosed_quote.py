"""A quoted cell that is never closed is a bad record, not the rest of the file as one post.

Acceptance walk: a CSV whose second row opens a quote and never closes it imported as "1 new
post" whose text held every later row ('Un texto sin cerrar,@a\\nx2,Otro texto,@b'), with no
error. Python's csv reader (not strict) ends such a cell at the end of the file."""

from __future__ import annotations

from pathlib import Path

from .conftest import read_all


def test_an_unclosed_quote_is_named_and_skipped(tmp_path: Path) -> None:
    path = tmp_path / "broken.csv"
    path.write_text('id,text,author\nx0,Antes,@z\nx1,"Un texto sin cerrar,@a\nx2,Otro texto,@b\nx3,Y otro,@c\n',
                    encoding="utf-8")
    result = read_all("csv", path)
    assert [p.source_id for p in result.posts] == ["x0"]
    (error,) = result.errors
    assert error.record == "line 3"
    assert "never closed" in error.problem and "line 3" in error.problem


def test_quoted_cells_over_lines_and_a_last_row_without_newline_are_fine(tmp_path: Path) -> None:
    path = tmp_path / "ok.csv"
    path.write_text('id,text\n1,"two\nlines ""quoted"""\n2,"last, no newline"', encoding="utf-8")
    result = read_all("csv", path)
    assert [p.text for p in result.posts] == ['two\nlines "quoted"', "last, no newline"]
    assert result.errors == []


def test_a_stray_quote_inside_an_unquoted_cell_is_kept_as_before(tmp_path: Path) -> None:
    path = tmp_path / "stray.csv"
    path.write_text('id,text\n1,she said "no\n2,fine', encoding="utf-8")
    result = read_all("csv", path)
    assert [p.text for p in result.posts] == ['she said "no', "fine"]
    assert result.errors == []
