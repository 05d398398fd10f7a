"""Excel workbooks (.xlsx): the first sheet, header row first, columns found like generic CSV.

Read with openpyxl in read-only mode (rows streamed). The workbook is a zip, so its declared
unpacked size is checked first (a zip bomb is refused before openpyxl sees it). Excel turns
long ids into floating-point numbers; such ids are refused with a message (keep ids as text).
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from safe_archive.core.errors import ImportError_, RecordError
from safe_archive.core.importers.base import ImportContext, Importer, ImportItem, register
from safe_archive.core.importers.containers import CONTAINER_ERRORS, zip_names
from safe_archive.core.importers.generic import post_from_row, resolve_columns

MAX_UNPACKED = 2 * 1024**3
MAX_RATIO = 200


def _check_size(path: Path) -> None:
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
    except CONTAINER_ERRORS:
        raise ImportError_(f"{path.name}: not a readable .xlsx workbook.") from None
    unpacked = sum(i.file_size for i in infos)
    packed = sum(i.compress_size for i in infos)
    if unpacked > MAX_UNPACKED or (unpacked > 64 * 1024**2 and unpacked > MAX_RATIO * max(packed, 1)):
        raise ImportError_(f"{path.name}: the workbook claims to unpack to {unpacked} bytes; refused as a possible zip bomb.")


def _cell(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, (date, time)):
        return value.isoformat()
    if isinstance(value, str):
        return value
    return value


@register
class XlsxImporter(Importer):
    name = "xlsx"
    description = "Excel .xlsx with a text column (first sheet; id, author, created_at detected or --map'ped)"

    @classmethod
    def sniff(cls, path: Path, head: bytes) -> float:
        if path.is_dir() or not head.startswith(b"PK"):
            return 0.0
        return 0.5 if "xl/workbook.xml" in zip_names(path) else 0.0

    def read(self, path: Path, ctx: ImportContext) -> Iterator[ImportItem]:
        import openpyxl

        label = path.name
        _check_size(path)
        platform = ctx.options.platform or "generic"
        try:
            book = openpyxl.load_workbook(path, read_only=True, data_only=True)
        except Exception as exc:  # noqa: BLE001 - openpyxl raises many unrelated types on bad files
            raise ImportError_(f"{label}: not a readable .xlsx workbook ({type(exc).__name__}).") from None
        try:
            sheet = book.worksheets[0] if book.worksheets else None
            if sheet is None:
                raise ImportError_(f"{label}: the workbook has no sheets.")
            rows = sheet.iter_rows(values_only=True)
            try:
                header_row = next(rows)
            except StopIteration:
                raise ImportError_(f"{label}: the first sheet is empty.") from None
            except Exception as exc:  # noqa: BLE001
                raise ImportError_(f"{label}: the first sheet cannot be read ({type(exc).__name__}).") from None
            header = [str(h).strip() if h is not None else f"column {i + 1}" for i, h in enumerate(header_row)]
            columns = resolve_columns(header, ctx.options.column_map)
            number = 1
            while True:
                try:
                    values = next(rows)
                except StopIteration:
                    break
                except Exception as exc:  # noqa: BLE001
                    raise ImportError_(f"{label}, after row {number}: the sheet is damaged ({type(exc).__name__}).") from None
                number += 1
                if all(v is None for v in values):
                    continue
                row = {h: _cell(v) for h, v in zip(header, values)}
                try:
                    yield post_from_row(row, columns, label, platform)
                except (ValueError, TypeError) as exc:
                    yield RecordError(label, f"row {number}", str(exc))
        finally:
            book.close()
