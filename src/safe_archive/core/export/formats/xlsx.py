"""XLSX (Office Open XML spreadsheet), written directly into an in-memory ZIP.

openpyxl stages every worksheet in a NamedTemporaryFile (plaintext in the temp folder, in
write-only mode too), which SECURITY.md forbids, so this module writes the few parts a
workbook needs itself: every text cell is an inline string (never a formula), numbers are
numbers, dates are date cells (day: yyyy-mm-dd; month: the 1st, shown yyyy-mm; year: a number).
The sheet is set up for reading: column widths, wrapped top-aligned text, a bold frozen header
row and an autofilter over every column. Excel, LibreOffice and openpyxl open the result.
"""

from __future__ import annotations

import math
import re
import unicodedata
import zipfile
from datetime import date
from collections.abc import Sequence
from typing import BinaryIO
from xml.sax.saxutils import escape

from safe_archive.core.export.formats.base import Writer, cell, cleaned, isolated_text, paragraph_is_rtl, register
from safe_archive.core.export.records import COLUMNS, ExportMeta, ExportRecord

_FIXED_TIME = (1980, 1, 1, 0, 0, 0)
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
MAX_CELL = 32767
WIDTHS = {"number": 8, "author": 14, "date": 11, "platform": 11, "lang": 7, "kind": 9, "labels": 26, "tags": 20,
          "text_source": 11, "text": 90}
# Cell formats (index into cellXfs below).
XF_TOP, XF_HEADER, XF_WRAP, XF_DAY, XF_MONTH, XF_WRAP_RTL = 1, 2, 3, 4, 5, 6
LINE_HEIGHT, MAX_ROW_HEIGHT = 15, 409  # points; 409 is Excel's largest row height
_EPOCH = date(1899, 12, 30)

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    '<Override PartName="/xl/styles.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
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
    '<sheets><sheet name="posts" sheetId="1" r:id="rId1"/></sheets>'
    '<definedNames><definedName name="_xlnm._FilterDatabase" localSheetId="0" hidden="1">{filter}</definedName>'
    '<definedName name="_xlnm.Print_Titles" localSheetId="0">posts!$1:$1</definedName>'
    "</definedNames></workbook>"
)
WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
    'Target="worksheets/sheet1.xml"/>'
    '<Relationship Id="rId2" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" '
    'Target="styles.xml"/></Relationships>'
)
STYLES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    '<numFmts count="2"><numFmt numFmtId="164" formatCode="yyyy-mm-dd"/><numFmt numFmtId="165" formatCode="yyyy-mm"/>'
    "</numFmts>"
    '<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font>'
    '<font><b/><sz val="11"/><name val="Calibri"/></font></fonts>'
    '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>'
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="7">'
    '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" applyAlignment="1"><alignment vertical="top"/></xf>'
    '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>'
    '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" applyAlignment="1">'
    '<alignment vertical="top" wrapText="1"/></xf>'
    '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1" applyAlignment="1">'
    '<alignment vertical="top"/></xf>'
    '<xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1" applyAlignment="1">'
    '<alignment vertical="top"/></xf>'
    '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" applyAlignment="1">'
    '<alignment vertical="top" wrapText="1" readingOrder="2"/></xf>'
    "</cellXfs>"
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    "</styleSheet>"
)


def _col(index: int) -> str:
    name = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        name = chr(65 + rem) + name
    return name


def _text(ref: str, value: object, style: int) -> str:
    text = _ILLEGAL.sub("", cell(value))[:MAX_CELL]
    return f'<c r="{ref}" s="{style}" t="inlineStr"><is><t xml:space="preserve">{escape(text)}</t></is></c>'


def _date(ref: str, value: str) -> str:
    """A coarsened ISO date as a real date cell (or a year number); anything else stays text."""
    try:
        if len(value) == 10:
            return f'<c r="{ref}" s="{XF_DAY}"><v>{(date.fromisoformat(value) - _EPOCH).days}</v></c>'
        if len(value) == 7:
            return f'<c r="{ref}" s="{XF_MONTH}"><v>{(date.fromisoformat(value + "-01") - _EPOCH).days}</v></c>'
        if len(value) == 4 and value.isdigit():
            return f'<c r="{ref}" s="{XF_TOP}"><v>{int(value)}</v></c>'
    except ValueError:
        pass
    return _text(ref, value, XF_TOP)


def _cell(ref: str, column: str, value: object, rtl: bool = False) -> str:
    if isinstance(value, int) and not isinstance(value, bool):
        return f'<c r="{ref}" s="{XF_TOP}"><v>{value}</v></c>'
    if column == "date" and isinstance(value, str) and value:
        return _date(ref, value)
    if column == "text" and rtl:
        return _text(ref, value, XF_WRAP_RTL)
    return _text(ref, value, XF_WRAP if column in ("text", "labels", "tags") else XF_TOP)


def row_height(text: str, width: float = WIDTHS["text"]) -> float | None:
    """A row height that shows all of a wrapped text (spreadsheets do not all fit rows to
    wrapped text on opening); None for one line. Wide (CJK) characters count twice."""
    lines = 0
    for para in text.split("\n"):
        units = sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in para)
        lines += max(1, math.ceil(units / (width * 1.1)))
    return min(MAX_ROW_HEIGHT, LINE_HEIGHT * lines) if lines > 1 else None


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
        # A text's direction from its first strong letter outside our stand-ins ([PERSON_1]).
        rtl = [paragraph_is_rtl(isolated_text(r.text, r.inserted)) for r in records]
        records = cleaned(records)
        last = f"{_col(len(COLUMNS) - 1)}{len(records) + 1}"
        cols = "".join(f'<col min="{i + 1}" max="{i + 1}" width="{WIDTHS.get(c, 12)}" customWidth="1"/>'
                       for i, c in enumerate(COLUMNS))
        rows = [
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            '<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>'
            f'<dimension ref="A1:{last}"/>'
            '<sheetViews><sheetView workbookViewId="0" tabSelected="1">'
            '<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>'
            '<selection pane="bottomLeft" activeCell="A2" sqref="A2"/></sheetView></sheetViews>'
            f'<sheetFormatPr defaultRowHeight="15"/><cols>{cols}</cols><sheetData>'
        ]
        header = "".join(_text(f"{_col(i)}1", c, XF_HEADER) for i, c in enumerate(COLUMNS))
        rows.append(f'<row r="1">{header}</row>')
        for n, (record, right_to_left) in enumerate(zip(records, rtl, strict=True), 2):
            values = record.row()
            cells = "".join(_cell(f"{_col(i)}{n}", c, values[c], right_to_left) for i, c in enumerate(COLUMNS))
            height = row_height(record.text[:MAX_CELL])
            size = f' ht="{height:g}" customHeight="1"' if height else ""
            rows.append(f'<row r="{n}"{size}>{cells}</row>')
        # Printed (or saved as PDF) landscape, all columns on the page width, the header on every page.
        rows.append(f'</sheetData><autoFilter ref="A1:{last}"/>'
                    '<pageMargins left="0.4" right="0.4" top="0.5" bottom="0.5" header="0.3" footer="0.3"/>'
                    '<pageSetup paperSize="9" orientation="landscape" fitToWidth="1" fitToHeight="0"/></worksheet>')
        with zipfile.ZipFile(out, "w") as zf:
            _entry(zf, "[Content_Types].xml", CONTENT_TYPES)
            _entry(zf, "_rels/.rels", ROOT_RELS)
            _entry(zf, "xl/workbook.xml", WORKBOOK.format(filter=f"posts!$A$1:${_col(len(COLUMNS) - 1)}${len(records) + 1}"))
            _entry(zf, "xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
            _entry(zf, "xl/styles.xml", STYLES)
            _entry(zf, "xl/worksheets/sheet1.xml", "".join(rows))
