"""The writer contract: records in, bytes out (to a binary stream; never a temp file)."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Mapping, Sequence
from typing import BinaryIO

from safe_archive.core.export.records import ExportMeta, ExportRecord

_REGISTRY: dict[str, type[Writer]] = {}

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


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
