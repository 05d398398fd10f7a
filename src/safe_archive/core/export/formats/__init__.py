"""Export formats, one module per format; adding a format is adding a module to ``_MODULES``."""

from __future__ import annotations

import importlib
from collections.abc import Mapping

from safe_archive.core.errors import SafeArchiveError
from safe_archive.core.export.formats.base import Writer, register, registry

_MODULES = ("csv", "jsonl", "xlsx", "html", "pdf", "txt", "qdpx")

__all__ = ["Writer", "available", "get", "register"]


def available() -> Mapping[str, type[Writer]]:
    for module in _MODULES:
        importlib.import_module(f"safe_archive.core.export.formats.{module}")
    return registry()


def get(name: str) -> type[Writer]:
    writers = available()
    if name not in writers:
        raise SafeArchiveError(f"Unknown export format; known: {', '.join(sorted(writers))}.")
    return writers[name]
