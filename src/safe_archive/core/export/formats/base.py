"""The writer contract: records in, bytes out (to a binary stream; never a temp file)."""

from __future__ import annotations

import re
import unicodedata
from abc import ABC, abstractmethod
from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import BinaryIO

from safe_archive.core.export.records import ExportMeta, ExportRecord

_REGISTRY: dict[str, type[Writer]] = {}

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_ISOLATES = re.compile("[\u2066-\u2069]")
FSI, PDI = "\u2068", "\u2069"  # first-strong isolate and its end (Unicode bidi, UAX #9)


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


def isolated_text(text: str, inserted: Sequence[tuple[int, int]]) -> str:
    """The text with each of our stand-ins ([PERSON_1], a region, a mask) between FSI and PDI, so
    that the bidi algorithm takes a paragraph's direction from the author's words, not from a
    Latin placeholder at its start, and keeps the stand-in whole in right-to-left text. Isolates
    already in the text are dropped (ours must pair up); controls are stripped."""

    def plain(part: str) -> str:
        return _ISOLATES.sub("", strip_controls(part))

    out, pos = [], 0
    for start, end in sorted(inserted):
        if start < pos or end > len(text):
            continue
        out += [plain(text[pos:start]), FSI, plain(text[start:end]), PDI]
        pos = end
    out.append(plain(text[pos:]))
    return "".join(out)


def cleaned(records: Sequence[ExportRecord], *, isolate: bool = False) -> list[ExportRecord]:
    """Copies of the records with every written text field passed through ``strip_controls``
    (the ``inserted`` offsets are the leak check's and are not kept); with ``isolate`` the text's
    stand-ins are bidi isolates (``isolated_text``), for the writers that lay out text."""
    return [
        replace(
            r, author=strip_controls(r.author), date=strip_controls(r.date), platform=strip_controls(r.platform),
            lang=strip_controls(r.lang), kind=strip_controls(r.kind), labels=[strip_controls(v) for v in r.labels],
            tags=[strip_controls(v) for v in r.tags],
            text=isolated_text(r.text, r.inserted) if isolate else strip_controls(r.text), inserted=[],
            notes=[strip_controls(v) for v in r.notes],
        )
        for r in records
    ]


def paragraph_is_rtl(text: str) -> bool:
    """The direction rule P2/P3 of the bidi algorithm: the first strong character outside
    isolates (our stand-ins) decides."""
    depth = 0
    for ch in text:
        kind = unicodedata.bidirectional(ch)
        if kind in ("LRI", "RLI", "FSI"):
            depth += 1
        elif kind == "PDI":
            depth = max(0, depth - 1)
        elif depth == 0 and kind in ("R", "AL"):
            return True
        elif depth == 0 and kind == "L":
            return False
    return False
