"""The importer contract: one module per format, registered, auto-detected by content.

An importer streams :class:`~safe_archive.core.model.Post` records from one file (or folder)
with bounded memory. A bad record is yielded as a :class:`~safe_archive.core.errors.RecordError`
(the archive counts it and goes on); a record left out on purpose (a direct message, a
followers-only post) is yielded as :class:`Excluded`. A file that cannot be read at all raises
:class:`~safe_archive.core.errors.ImportError_` naming the file.
"""

from __future__ import annotations

import io
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import BinaryIO, ClassVar

from safe_archive.core.errors import RecordError
from safe_archive.core.model import Post

HEAD_BYTES = 64 * 1024


@dataclass(frozen=True, slots=True)
class Excluded:
    """A record deliberately not imported; ``reason`` is a short category, never content."""

    record: str | int
    reason: str


@dataclass(frozen=True, slots=True)
class Relation:
    """Someone's repost, like or boost of a post: stored beside the post it points to (shown
    as counts), never as a post of its own. ``subject`` is that post's ``source_id`` on the same
    platform; ``source_id`` is the relation's own id (a record URI, an activity id), so importing
    the same file again adds nothing."""

    platform: str
    source_id: str
    kind: str  # "repost" | "like" | "boost"
    subject: str
    actor_id: str | None = None
    actor_handle: str | None = None
    created_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class Notice:
    """Something the person should know about a whole file (e.g. why nothing was imported);
    never quotes content."""

    message: str


ImportItem = Post | RecordError | Excluded | Relation | Notice


@dataclass(slots=True)
class ImportOptions:
    column_map: Mapping[str, str] = field(default_factory=dict)  # our field -> their column
    include_private: bool = False  # import direct / followers-only posts too
    platform: str | None = None  # override the platform name for generic files


@dataclass(slots=True)
class ImportContext:
    """What an importer receives besides the path."""

    options: ImportOptions = field(default_factory=ImportOptions)
    on_bytes: Callable[[int, int | None], None] = lambda done, total: None  # progress

    def open_binary(self, path: Path) -> BinaryIO:
        """Open ``path`` for reading with byte progress reported to ``on_bytes``."""
        total = path.stat().st_size
        raw = open(path, "rb")  # noqa: SIM115 - wrapped and closed by the caller
        return CountingReader(raw, total, self.on_bytes)  # type: ignore[return-value]


class CountingReader(io.RawIOBase):
    """A binary reader that reports how many bytes were read so far."""

    def __init__(self, raw: BinaryIO, total: int | None, report: Callable[[int, int | None], None]):
        super().__init__()
        self._raw = raw
        self._total = total
        self._report = report
        self._done = 0
        self._last = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        n = self._raw.readinto(buffer)  # type: ignore[attr-defined]
        if n:
            self._done += n
            if self._done - self._last >= 1 << 20:
                self._last = self._done
                self._report(self._done, self._total)
        return n or 0

    def close(self) -> None:
        self._report(self._done, self._total)
        self._raw.close()
        super().close()


class Importer(ABC):
    """One export format. Subclasses are registered with :func:`register`."""

    name: ClassVar[str]  # the --format value
    description: ClassVar[str]  # one line for `--help` and the GUI

    @classmethod
    @abstractmethod
    def sniff(cls, path: Path, head: bytes) -> float:
        """How sure this importer is that ``path`` is its format: 0.0 (no) to 1.0 (certain).

        ``head`` is the first bytes of the file (empty for a folder). Must not raise.
        """

    @abstractmethod
    def read(self, path: Path, ctx: ImportContext) -> Iterator[ImportItem]:
        """Stream the records of ``path``."""

    @classmethod
    def hint(cls, path: Path, head: bytes) -> str | None:
        """For a file no importer reads: what to do instead, when this format's owner can tell
        (e.g. "ask for the JSON export"). Must not raise."""
        return None


_REGISTRY: dict[str, type[Importer]] = {}


def register(cls: type[Importer]) -> type[Importer]:
    """Class decorator: make an importer available by name and to auto-detection."""
    if cls.name in _REGISTRY and _REGISTRY[cls.name] is not cls:
        raise ValueError(f"two importers named {cls.name!r}")
    _REGISTRY[cls.name] = cls
    return cls


def registry() -> Mapping[str, type[Importer]]:
    return dict(_REGISTRY)
