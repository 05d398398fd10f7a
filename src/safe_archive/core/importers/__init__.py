"""Importers, one module per format; adding a format is adding a module to ``_MODULES``."""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from pathlib import Path

from safe_archive.core.errors import ImportError_
from safe_archive.core.importers.base import (
    HEAD_BYTES,
    Excluded,
    ImportContext,
    Importer,
    ImportItem,
    ImportOptions,
    Notice,
    Relation,
    register,
    registry,
)

# Each module registers its importer(s) with @register when imported.
_MODULES = (
    "generic",
    "twitter_archive",
    "twarc",
    "mastodon",
    "reddit_export",
    "pushshift",
    "bluesky_car",
    "bluesky_feed",
    "meta",
    "zeeschuimer",
    "fourcat",
    "twarc_csv",
    "spreadsheet",
    "textfile",
    "telegram",
    "whatsapp",
    "tiktok",
    "discord",
)

__all__ = [
    "Excluded",
    "ImportContext",
    "ImportItem",
    "ImportOptions",
    "Importer",
    "Notice",
    "Relation",
    "available",
    "detect",
    "get",
    "register",
]


def available() -> Mapping[str, type[Importer]]:
    """All registered importers by name (imports the format modules on first use)."""
    for module in _MODULES:
        importlib.import_module(f"safe_archive.core.importers.{module}")
    return registry()


def get(name: str) -> type[Importer]:
    importers = available()
    if name not in importers:
        known = ", ".join(sorted(importers))
        raise ImportError_(f"Unknown format {name!r}. Known formats: {known}.")
    return importers[name]


def read_head(path: Path) -> bytes:
    if path.is_dir():
        return b""
    with open(path, "rb") as handle:
        return handle.read(HEAD_BYTES)


def detect(path: Path) -> type[Importer]:
    """The importer most sure about ``path``; a clear error when none is."""
    if not path.exists():
        raise ImportError_(f"{path}: no such file or folder.")
    try:
        head = read_head(path)
    except OSError as exc:
        raise ImportError_(f"{path}: cannot be read ({exc.strerror}).") from None
    scored = sorted(
        ((cls.sniff(path, head), name, cls) for name, cls in available().items()),
        key=lambda item: (-item[0], item[1]),
    )
    if not scored or scored[0][0] <= 0.0:
        for _score, _name, cls in scored:
            advice = cls.hint(path, head)
            if advice:
                raise ImportError_(advice)
        raise ImportError_(
            f"{path.name}: format not recognised. Name it with --format "
            f"({', '.join(sorted(available()))})."
        )
    return scored[0][2]
