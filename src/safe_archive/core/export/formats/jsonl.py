"""JSON Lines: one object per post."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import BinaryIO

from safe_archive.core.export.formats.base import Writer, cleaned, register
from safe_archive.core.export.records import ExportMeta, ExportRecord


@register
class JsonlWriter(Writer):
    name = "jsonl"
    extension = ".jsonl"
    media_type = "application/jsonl"

    def write(self, records: Sequence[ExportRecord], meta: ExportMeta, out: BinaryIO) -> None:
        for record in cleaned(records):
            row = record.row()
            if record.notes:  # only when the export includes notes (scrubbed, leak-checked)
                row["notes"] = list(record.notes)
            out.write(json.dumps(row, ensure_ascii=False).encode("utf-8") + b"\n")
