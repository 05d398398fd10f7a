"""CSV (UTF-8, one row per post, formula-safe cells)."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from typing import BinaryIO

from safe_archive.core.export.formats.base import Writer, cleaned, cell, register, spreadsheet_safe
from safe_archive.core.export.records import COLUMNS, ExportMeta, ExportRecord


@register
class CsvWriter(Writer):
    name = "csv"
    extension = ".csv"
    media_type = "text/csv"

    def write(self, records: Sequence[ExportRecord], meta: ExportMeta, out: BinaryIO) -> None:
        records = cleaned(records)
        text = io.TextIOWrapper(out, encoding="utf-8", newline="", write_through=True)
        try:
            writer = csv.writer(text)
            writer.writerow(COLUMNS)
            for record in records:
                row = record.row()
                writer.writerow([spreadsheet_safe(cell(row[c])) for c in COLUMNS])
            text.flush()
        finally:
            text.detach()
