"""CSV rows streamed from a binary stream, with errors per row (never per file when avoidable)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from typing import BinaryIO

from safe_archive.core.errors import ImportError_

csv.field_size_limit(64 * 1024 * 1024)


def csv_header(head: bytes) -> list[str]:
    """The header row of a CSV file from its first bytes (for sniffing); ``[]`` if unreadable."""
    try:
        text = head.decode("utf-8-sig", errors="replace")
        first = next(csv.reader(io.StringIO(text.split("\n", 1)[0])), [])
        return [c.strip() for c in first]
    except (csv.Error, StopIteration):
        return []


def csv_rows(
    raw: BinaryIO, label: str, dialect: type[csv.Dialect] = csv.excel
) -> tuple[list[str], Iterator[tuple[int, dict[str, str] | Exception]]]:
    """The header and an iterator of ``(line, row or error)``; UTF-8 with or without BOM.
    Header names are stripped, and rows are keyed by the stripped names."""
    text = io.TextIOWrapper(io.BufferedReader(raw), encoding="utf-8-sig", errors="strict", newline="")  # type: ignore[type-var]
    reader = csv.DictReader(text, dialect=dialect)
    try:
        header = reader.fieldnames
    except UnicodeDecodeError:
        raise ImportError_(f"{label}: not UTF-8 text.") from None
    except csv.Error as exc:
        raise ImportError_(f"{label}: not a readable CSV file ({exc}).") from None
    if not header:
        raise ImportError_(f"{label}: empty file (no header row).")
    reader.fieldnames = [h.strip() for h in header]

    def rows() -> Iterator[tuple[int, dict[str, str] | Exception]]:
        line = 1
        while True:
            try:
                row = next(reader)
            except StopIteration:
                return
            except UnicodeDecodeError:
                raise ImportError_(f"{label}, after line {line}: not UTF-8 text; the rest was not read.") from None
            except csv.Error as exc:
                yield reader.line_num, ValueError(f"malformed CSV ({exc})")
                continue
            line = reader.line_num
            if None in row:
                yield line, ValueError("more cells than the header has columns")
                continue
            yield line, row

    return list(reader.fieldnames), rows()
