"""The generic CSV importer reads through the shared csvstream reader: padded header names
still resolve, and importing a generic CSV leaves the process-wide field size limit alone."""

from __future__ import annotations

import csv
from pathlib import Path

from safe_archive.core.errors import RecordError
from safe_archive.core.importers import ImportContext
from safe_archive.core.importers.generic import CsvImporter
from safe_archive.core.model import Post


def test_padded_header_names_resolve(tmp_path: Path) -> None:
    path = tmp_path / "padded.csv"
    path.write_text(" id , Text ,author\n7, a story ,kim\n8,,lee\n", encoding="utf-8")
    items = list(CsvImporter().read(path, ImportContext()))
    posts = [i for i in items if isinstance(i, Post)]
    errors = [i for i in items if isinstance(i, RecordError)]
    assert [(p.source_id, p.text, p.author_handle) for p in posts] == [("7", " a story ", "kim")]
    assert [str(e) for e in errors] == ["padded.csv, record line 3: empty or missing text"]


def test_field_size_limit_is_not_lowered(tmp_path: Path) -> None:
    """The other CSV importers rely on csvstream's 64 MiB limit; a generic import must keep it."""
    previous = csv.field_size_limit(64 * 1024 * 1024)
    try:
        path = tmp_path / "p.tsv"
        path.write_text("id\ttext\n1\thello\n", encoding="utf-8")
        assert [p.text for p in CsvImporter().read(path, ImportContext()) if isinstance(p, Post)] == ["hello"]
        assert csv.field_size_limit() == 64 * 1024 * 1024
    finally:
        csv.field_size_limit(previous)
