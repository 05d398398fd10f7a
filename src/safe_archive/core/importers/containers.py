"""Read members of an export that is a zip, a tar(.gz) or an unpacked folder — safely.

Nothing is ever extracted to disk (no plaintext copies). Member names are normalised and any
name that could escape the export (absolute, ``..``, drive letters) is ignored, as are links
and devices. Members are read by streaming, and the bytes read from one member are capped, so
a zip bomb stops with a clear error instead of filling memory.
"""

from __future__ import annotations

import io
import os
import posixpath
import stat
import tarfile
import zipfile
import zlib
from abc import ABC, abstractmethod
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

from safe_archive.core.errors import ImportError_

MAX_MEMBER_BYTES = 8 * 1024**3  # uncompressed bytes read from one member
MAX_RATIO = 200  # uncompressed/compressed above this (and above RATIO_FLOOR) looks like a bomb
RATIO_FLOOR = 64 * 1024**2
CONTAINER_ERRORS: tuple[type[Exception], ...] = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    tarfile.TarError,
    EOFError,
    OSError,
    NotImplementedError,  # zip compression methods we cannot read
    RuntimeError,  # encrypted zip members
    zlib.error,
)


def safe_name(name: str) -> str | None:
    """A member name as a clean relative POSIX path, or ``None`` if it could escape."""
    name = name.replace("\\", "/")
    if not name or name.startswith("/") or (len(name) > 1 and name[1] == ":"):
        return None
    parts = [p for p in name.split("/") if p not in ("", ".")]
    if not parts or any(p == ".." for p in parts) or "\x00" in name:
        return None
    return "/".join(parts)


class CappedReader(io.RawIOBase):
    """Reads at most ``limit`` bytes; one byte more is a whole-file error (a zip bomb)."""

    def __init__(self, raw: BinaryIO, limit: int, label: str) -> None:
        super().__init__()
        self._raw = raw
        self._left = limit
        self._label = label

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        try:
            data = self._raw.read(len(buffer))
        except ImportError_:
            raise
        except CONTAINER_ERRORS as exc:
            raise ImportError_(
                f"{self._label}: damaged inside the archive ({type(exc).__name__}); "
                "the rest of this member was not read."
            ) from None
        if not data:
            return 0
        self._left -= len(data)
        if self._left < 0:
            raise ImportError_(
                f"{self._label}: a member unpacks to more than the allowed size; the export "
                "looks damaged or hostile (a zip bomb) and was not read further."
            )
        buffer[: len(data)] = data
        return len(data)

    def close(self) -> None:
        self._raw.close()
        super().close()


class _ProgressFile(io.RawIOBase):
    """A seekable file that reports the furthest byte read (zip/tar need seeking)."""

    def __init__(self, path: Path, report: Callable[[int, int | None], None]) -> None:
        super().__init__()
        self._f = open(path, "rb")  # noqa: SIM115 - closed in close()
        self._total = path.stat().st_size
        self._report = report
        self._furthest = 0
        self._last = 0

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def seek(self, offset: int, whence: int = 0) -> int:
        return self._f.seek(offset, whence)

    def tell(self) -> int:
        return self._f.tell()

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        n = self._f.readinto(buffer)
        position = self._f.tell()
        if position > self._furthest:
            self._furthest = position
            if self._furthest - self._last >= 1 << 20:
                self._last = self._furthest
                self._report(self._furthest, self._total)
        return n

    def close(self) -> None:
        if not self.closed:
            self._report(self._total, self._total)
            self._f.close()
        super().close()


class Container(ABC):
    """An export's members by clean relative name."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.label = path.name

    @abstractmethod
    def names(self) -> list[str]: ...

    @abstractmethod
    def _open(self, name: str) -> BinaryIO: ...

    def open(self, name: str, limit: int = MAX_MEMBER_BYTES) -> BinaryIO:
        """Stream one member; its uncompressed bytes are capped at ``limit``."""
        try:
            raw = self._open(name)
        except CONTAINER_ERRORS as exc:
            raise ImportError_(f"{self.label}: {name} cannot be read ({type(exc).__name__}).") from None
        return io.BufferedReader(CappedReader(raw, limit, f"{self.label}: {name}"))

    def close(self) -> None:
        return None

    def __enter__(self) -> Container:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class FolderContainer(Container):
    def __init__(self, path: Path, *, recursive: bool = True) -> None:
        super().__init__(path)
        self._recursive = recursive
        self._names: list[str] | None = None

    def names(self) -> list[str]:
        if self._names is None:
            found: list[str] = []
            for root, dirs, files in os.walk(self.path, followlinks=False):
                dirs[:] = sorted(
                    d for d in dirs if self._recursive and not os.path.islink(os.path.join(root, d))
                )
                for file in sorted(files):
                    full = os.path.join(root, file)
                    try:
                        mode = os.lstat(full).st_mode
                    except OSError:
                        continue
                    if not stat.S_ISREG(mode):
                        continue  # links, devices, sockets
                    rel = safe_name(os.path.relpath(full, self.path).replace(os.sep, "/"))
                    if rel:
                        found.append(rel)
            self._names = found
        return self._names

    def _open(self, name: str) -> BinaryIO:
        if name not in set(self.names()):
            raise OSError("not a member")
        return open(self.path / name, "rb")


class ZipContainer(Container):
    def __init__(self, path: Path, report: Callable[[int, int | None], None]) -> None:
        super().__init__(path)
        self._file = _ProgressFile(path, report)
        try:
            self._zip = zipfile.ZipFile(self._file)
        except CONTAINER_ERRORS as exc:
            self._file.close()
            raise ImportError_(f"{path.name}: not a readable zip file ({type(exc).__name__}).") from None
        self._infos: dict[str, zipfile.ZipInfo] = {}
        for info in self._zip.infolist():
            clean = safe_name(info.filename)
            if clean and not info.is_dir() and clean not in self._infos:
                self._infos[clean] = info

    def names(self) -> list[str]:
        return list(self._infos)

    def _open(self, name: str) -> BinaryIO:
        info = self._infos[name]
        if info.file_size > MAX_MEMBER_BYTES or (
            info.file_size > RATIO_FLOOR and info.file_size > MAX_RATIO * max(1, info.compress_size)
        ):
            raise ImportError_(
                f"{self.label}: {name} claims to unpack to {info.file_size} bytes from "
                f"{info.compress_size}; that looks like a zip bomb, so it was not read."
            )
        return self._zip.open(info)  # type: ignore[return-value]

    def close(self) -> None:
        self._zip.close()
        self._file.close()


class TarContainer(Container):
    def __init__(self, path: Path, report: Callable[[int, int | None], None]) -> None:
        super().__init__(path)
        self._file = _ProgressFile(path, report)
        try:
            self._tar = tarfile.open(fileobj=self._file, mode="r:*")
            members = self._tar.getmembers()
        except CONTAINER_ERRORS as exc:
            self._file.close()
            raise ImportError_(f"{path.name}: not a readable tar archive ({type(exc).__name__}).") from None
        self._members: dict[str, tarfile.TarInfo] = {}
        for member in members:
            clean = safe_name(member.name)
            if clean and member.isreg() and clean not in self._members:
                self._members[clean] = member

    def names(self) -> list[str]:
        return list(self._members)

    def _open(self, name: str) -> BinaryIO:
        handle = self._tar.extractfile(self._members[name])
        if handle is None:
            raise OSError("not a regular file")
        return handle  # type: ignore[return-value]

    def close(self) -> None:
        self._tar.close()
        self._file.close()


TAR_SUFFIXES = (".tar", ".tar.gz", ".tgz", ".tar.bz2", ".tar.xz")


def is_tar_name(path: Path) -> bool:
    return path.name.lower().endswith(TAR_SUFFIXES)


def open_container(path: Path, report: Callable[[int, int | None], None] = lambda d, t: None) -> Container:
    """A zip, a tar(.gz) or a folder as a :class:`Container`; anything else is an ImportError_."""
    if path.is_dir():
        return FolderContainer(path)
    try:
        with open(path, "rb") as handle:
            head = handle.read(4)
    except OSError as exc:
        raise ImportError_(f"{path.name}: cannot be read ({exc.strerror}).") from None
    if head.startswith(b"PK"):
        return ZipContainer(path, report)
    if is_tar_name(path) or head.startswith(b"\x1f\x8b"):
        return TarContainer(path, report)
    raise ImportError_(f"{path.name}: not a zip, tar.gz or folder.")


def zip_names(path: Path, limit: int = 20000) -> list[str]:
    """Member names of a zip for sniffing (reads only the central directory); ``[]`` on error."""
    try:
        with zipfile.ZipFile(path) as archive:
            names = []
            for info in archive.infolist()[:limit]:
                clean = safe_name(info.filename)
                if clean:
                    names.append(clean)
            return names
    except CONTAINER_ERRORS:
        return []
    except ValueError:
        return []


def folder_has(path: Path, *relative: str) -> bool:
    """Whether a folder holds any of the relative paths (for sniffing)."""
    return path.is_dir() and any((path / r).is_file() for r in relative)


def basename(name: str) -> str:
    return posixpath.basename(name)
