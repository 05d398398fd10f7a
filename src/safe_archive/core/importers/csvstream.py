"""CSV rows streamed from a binary stream, with errors per row (never per file when avoidable)."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from typing import BinaryIO

from safe_archive.core.errors import ImportError_

csv.field_size_limit(64 * 1024 * 1024)

# Bytes that are not UTF-8 are decoded with "surrogateescape" to U+DC80..U+DCFF, so one bad
# byte costs one record (named by its line), never the rest of the file.
_BAD_BYTES = re.compile("[\udc80-\udcff]")
NOT_UTF8 = "invalid UTF-8 bytes in this record (part of the file is in another encoding); fix it and import again"


class _Lines:
    """The text's lines for the csv reader, counting the quote characters of the record being
    read and noticing the end of the file: a record that reached the end with an odd number
    of quotes over several lines opened a quoted cell that was never closed (the reader, not
    strict, then ends the cell at the end of the file, swallowing every later row)."""

    def __init__(self, text: io.TextIOWrapper, quotechar: str) -> None:
        self.quotes = 0
        self.at_end = False
        self.lines = self._read(text, quotechar)

    def _read(self, text: io.TextIOWrapper, quotechar: str) -> Iterator[str]:
        for line in text:
            self.quotes += line.count(quotechar)
            yield line
        self.at_end = True


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
    Header names are stripped, and rows are keyed by the stripped names. ``line`` is the line
    a record starts on; a record with bytes that are not UTF-8 is an error of its own."""
    text = io.TextIOWrapper(io.BufferedReader(raw), encoding="utf-8-sig", errors="surrogateescape", newline="")  # type: ignore[type-var]
    lines = _Lines(text, dialect.quotechar or '"')
    reader = csv.DictReader(lines.lines, dialect=dialect)
    try:
        header = reader.fieldnames
    except csv.Error as exc:
        raise ImportError_(f"{label}: not a readable CSV file ({exc}).") from None
    if not header:
        raise ImportError_(f"{label}: empty file (no header row).")
    if any(_BAD_BYTES.search(h) for h in header):
        raise ImportError_(f"{label}: not UTF-8 text (the header row); save it as UTF-8 and import again.")
    reader.fieldnames = [h.strip() for h in header]

    def rows() -> Iterator[tuple[int, dict[str, str] | Exception]]:
        end = reader.line_num  # the line the previous record ended on
        while True:
            lines.quotes = 0
            try:
                row = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                yield end + 1, ValueError(f"malformed CSV ({exc})")
                end = reader.line_num
                continue
            start, end = end + 1, reader.line_num
            if lines.at_end and end > start and lines.quotes % 2:
                yield start, ValueError(f"a quoted cell opened on line {start} is never closed, so this record ran to the "
                                        f"end of the file (line {end}) and took in every row after it; close the quote "
                                        "and import again")
                continue
            if None in row:
                yield start, ValueError("more cells than the header has columns")
                continue
            if any(isinstance(v, str) and _BAD_BYTES.search(v) for v in row.values()):
                yield start, ValueError(NOT_UTF8)
                continue
            yield start, row

    return list(reader.fieldnames), rows()
