"""XLSX through openpyxl's write-only mode; every cell is a string (no formulas)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import BinaryIO

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from safe_archive.core.export.formats.base import Writer, cell, register
from safe_archive.core.export.records import COLUMNS, ExportMeta, ExportRecord


def _clean(value: str) -> str:
    return ILLEGAL_CHARACTERS_RE.sub("\ufffd", value)[:32767]


@register
class XlsxWriter(Writer):
    name = "xlsx"
    extension = ".xlsx"
    media_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

    def write(self, records: Sequence[ExportRecord], meta: ExportMeta, out: BinaryIO) -> None:
        wb = Workbook(write_only=True)
        ws = wb.create_sheet("posts")
        ws.append(list(COLUMNS))
        for record in records:
            row = record.row()
            cells = []
            for c in COLUMNS:
                value = row[c]
                if isinstance(value, int):
                    cells.append(value)
                    continue
                wc = WriteOnlyCell(ws, value=_clean(cell(value)))
                wc.data_type = "s"  # never a formula, whatever the text starts with
                cells.append(wc)
            ws.append(cells)
        wb.save(out)
