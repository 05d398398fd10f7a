"""The writer contract: records in, bytes out (to a binary stream; never a temp file)."""

from __future__ import annotations

import re
from abc import ABC, abstractmethod
from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import BinaryIO

from safe_archive.core.export.records import ExportMeta, ExportRecord

_REGISTRY: dict[str, type[Writer]] = {}

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


class Writer(ABC):
    name: str = ""
    extension: str = ""  # with the dot
    media_type: str = "application/octet-stream"

    @abstractmethod
    def write(self, records: Sequence[ExportRecord], meta: ExportMeta, out: BinaryIO) -> None:
        """Write every record to ``out``."""


def register(cls: type[Writer]) -> type[Writer]:
    _REGISTRY[cls.name] = cls
    return cls


def registry() -> Mapping[str, type[Writer]]:
    return dict(_REGISTRY)


def spreadsheet_safe(value: str) -> str:
    """Neutralise spreadsheet formula injection (a cell starting with = + - @)."""
    return "'" + value if value.startswith(_FORMULA_START) else value


def cell(value: object) -> str:
    if isinstance(value, list):
        return "; ".join(str(v) for v in value)
    return str(value)


def strip_controls(value: str) -> str:
    """Line ends as "\\n"; NUL and every other C0 control (and DEL) removed, tab and newline kept.
    Pushshift dumps carry NULs that spreadsheets show as "�" and that end C strings early."""
    return _CONTROLS.sub("", value.replace("\r\n", "\n").replace("\r", "\n"))


def cleaned(records: Sequence[ExportRecord]) -> list[ExportRecord]:
    """Copies of the records with every written text field passed through ``strip_controls``
    (the ``inserted`` offsets are the leak check's and are not used by writers)."""
    return [
        replace(
            r, author=strip_controls(r.author), date=strip_controls(r.date), platform=strip_controls(r.platform),
            lang=strip_controls(r.lang), kind=strip_controls(r.kind), labels=[strip_controls(v) for v in r.labels],
            tags=[strip_controls(v) for v in r.tags], text=strip_controls(r.text),
            notes=[strip_controls(v) for v in r.notes],
        )
        for r in records
    ]
