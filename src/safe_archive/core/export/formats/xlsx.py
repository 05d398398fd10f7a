"""XLSX (Office Open XML spreadsheet), written directly into an in-memory ZIP.

openpyxl stages every worksheet in a NamedTemporaryFile (plaintext in the temp folder, in
write-only mode too), which SECURITY.md forbids, so this module writes the few parts a
workbook needs itself: every text cell is an inline string (never a formula), numbers are
numbers. Excel, LibreOffice and openpyxl open the result.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Sequence
from typing import BinaryIO
from xml.sax.saxutils import escape

from safe_archive.core.export.formats.base import Writer, cell, register
from safe_archive.core.export.records import COLUMNS, ExportMeta, ExportRecord

_FIXED_TIME = (1980, 1, 1, 0, 0, 0)
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
MAX_CELL = 32767

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    "</Types>"
)
ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    'Target="xl/workbook.xml"/></Relationships>'
)
WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="posts" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
    'Target="worksheets/sheet1.xml"/></Relationships>'
)


def _col(index: int) -> str:
    name = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        name = chr(65 + rem) + name
    return name


def _cell(ref: str, value: object) -> str:
    if isinstance(value, int) and not isinstance(value, bool):
        return f'<c r="{ref}"><v>{value}</v></c>'
    text = _ILLEGAL.sub("\ufffd", cell(value))[:MAX_CELL]
    return f'<c r="{ref}" t="inlineStr"><is><t xml:space="preserve">{escape(text)}</t></is></c>'


def _entry(zf: zipfile.ZipFile, name: str, data: str | bytes) -> None:
    info = zipfile.ZipInfo(name, date_time=_FIXED_TIME)
    info.compress_type = zipfile.ZIP_DEFLATED
    zf.writestr(info, data.encode("utf-8") if isinstance(data, str) else data)


@register
class XlsxWriter(Writer):
    name = "xlsx"
    extension = ".xlsx"
    media_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

    def write(self, records: Sequence[ExportRecord], meta: ExportMeta, out: BinaryIO) -> None:
        rows = [
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
        ]
        header = "".join(_cell(f"{_col(i)}1", c) for i, c in enumerate(COLUMNS))
        rows.append(f'<row r="1">{header}</row>')
        for n, record in enumerate(records, 2):
            values = record.row()
            cells = "".join(_cell(f"{_col(i)}{n}", values[c]) for i, c in enumerate(COLUMNS))
            rows.append(f'<row r="{n}">{cells}</row>')
        rows.append("</sheetData></worksheet>")
        with zipfile.ZipFile(out, "w") as zf:
            _entry(zf, "[Content_Types].xml", CONTENT_TYPES)
            _entry(zf, "_rels/.rels", ROOT_RELS)
            _entry(zf, "xl/workbook.xml", WORKBOOK)
            _entry(zf, "xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
            _entry(zf, "xl/worksheets/sheet1.xml", "".join(rows))
