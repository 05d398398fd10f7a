"""Bluesky repository export (CAR, "Export my data"): posts with their record keys.

The CAR is read in two streaming passes: the first indexes where each block is (CID -> offset,
length), the second walks the Merkle Search Tree from the signed commit in key order, decoding
only the blocks it needs with libipld. Record keys (and so the ``at://`` URIs) exist only in
the tree, which is why it must be walked. Memory holds the index, not the blocks.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any, BinaryIO

import libipld

from safe_archive.core.errors import ImportError_, RecordError
from safe_archive.core.importers.base import ImportContext, Importer, ImportItem, register
from safe_archive.core.importers.bluesky_record import cid_text, post_from_record
from safe_archive.core.importers.records import guarded, mapping, text_or_none, time_field
from safe_archive.core.model import Post, Visibility

MAX_BLOCK = 16 * 1024**2
MAX_DEPTH = 128
POST = "app.bsky.feed.post/"
REPOST = "app.bsky.feed.repost/"
PROFILE = "app.bsky.actor.profile/self"


def _varint(stream: BinaryIO) -> int | None:
    """An unsigned LEB128 varint; ``None`` at a clean end of file."""
    value = shift = 0
    first = True
    while True:
        byte = stream.read(1)
        if not byte:
            if first:
                return None
            raise EOFError("truncated varint")
        first = False
        value |= (byte[0] & 0x7F) << shift
        if not byte[0] & 0x80:
            return value
        shift += 7
        if shift > 63:
            raise ValueError("varint too long")


def _varint_in(data: bytes, position: int) -> tuple[int, int]:
    value = shift = 0
    while True:
        if position >= len(data):
            raise ValueError("truncated CID")
        byte = data[position]
        position += 1
        value |= (byte & 0x7F) << shift
        if not byte & 0x80:
            return value, position
        shift += 7
        if shift > 63:
            raise ValueError("varint too long")


def cid_length(data: bytes) -> int:
    """Length in bytes of the CID at the start of a CAR section."""
    if data[:2] == b"\x12\x20":
        return 34  # CIDv0: a bare sha2-256 multihash
    _, position = _varint_in(data, 0)  # version
    _, position = _varint_in(data, position)  # codec
    _, position = _varint_in(data, position)  # multihash code
    size, position = _varint_in(data, position)
    return position + size


class CarIndex:
    """Where each block of a CAR file is; blocks are read on demand."""

    def __init__(self, stream: BinaryIO, label: str) -> None:
        self._stream = stream
        self._label = label
        self.blocks: dict[bytes, tuple[int, int]] = {}
        try:
            total = stream.seek(0, 2)
            stream.seek(0)
            size = _varint(stream)
            if size is None or not 0 < size <= 1 << 20:
                raise ValueError("bad header length")
            header = libipld.decode_dag_cbor(stream.read(size))
            roots = mapping(header).get("roots")
            if mapping(header).get("version") != 1 or not isinstance(roots, list) or not roots:
                raise ValueError("not a CARv1 header")
            self.root = roots[0]
            while True:
                length = _varint(stream)
                if length is None:
                    break
                if not 0 < length <= MAX_BLOCK:
                    raise ValueError("block length out of range")
                start = stream.tell()
                if start + length > total:
                    raise EOFError("the last block is cut off (truncated file)")
                head = stream.read(min(length, 128))
                cid_len = cid_length(head)
                if cid_len >= length:
                    raise ValueError("CID longer than its block")
                self.blocks[head[:cid_len]] = (start + cid_len, length - cid_len)
                stream.seek(start + length)
        except (ValueError, TypeError, EOFError, OverflowError, KeyError) as exc:
            raise ImportError_(f"{label}: not a readable CAR file ({_why(exc)}).") from None

    def get(self, cid: Any) -> Any:
        """The decoded block, or ``None`` when the CAR does not hold it (a partial export)."""
        if not isinstance(cid, bytes) or cid not in self.blocks:
            return None
        offset, length = self.blocks[cid]
        self._stream.seek(offset)
        data = self._stream.read(length)
        if len(data) != length:
            raise ImportError_(f"{self._label}: truncated block.")
        try:
            return libipld.decode_dag_cbor(data)
        except (ValueError, TypeError, OverflowError) as exc:
            raise ValueError(f"undecodable block ({_why(exc)})") from None


def _why(exc: Exception) -> str:
    text = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    return text[:80]


def walk(index: CarIndex, root: Any) -> Iterator[tuple[str, Any] | str]:
    """``(key, record CID)`` in key order; a string reports a subtree missing from the CAR."""
    seen: set[bytes] = set()
    # explicit stack of ("node", cid, depth) and ("entry", key, cid) work items
    stack: list[tuple[str, Any, Any]] = [("node", root, 0)]
    while stack:
        what, first, second = stack.pop()
        if what == "entry":
            yield first, second
            continue
        if not isinstance(first, bytes) or first in seen or second > MAX_DEPTH:
            continue
        seen.add(first)
        try:
            node = index.get(first)
        except ValueError:
            node = None
        if not isinstance(node, dict):
            yield "a part of the record tree is missing or damaged (a partial export?)"
            continue
        work: list[tuple[str, Any, Any]] = []
        if node.get("l") is not None:
            work.append(("node", node.get("l"), second + 1))
        key = b""
        for entry in node.get("e") or []:
            if not isinstance(entry, dict):
                continue
            prefix, suffix = entry.get("p"), entry.get("k")
            if not isinstance(prefix, int) or not isinstance(suffix, bytes) or prefix < 0:
                continue
            key = key[:prefix] + suffix
            work.append(("entry", key.decode("utf-8", "replace"), entry.get("v")))
            if entry.get("t") is not None:
                work.append(("node", entry.get("t"), second + 1))
        stack.extend(reversed(work))


@register
class BlueskyCarImporter(Importer):
    name = "bluesky-car"
    description = "Bluesky repository export (.car): posts and reposts with their at:// URIs"

    @classmethod
    def sniff(cls, path: Path, head: bytes) -> float:
        if path.is_dir() or len(head) < 8:
            return 0.0
        if b"roots" in head[:64] and b"version" in head[:64]:
            return 0.95 if path.suffix.lower() == ".car" else 0.85
        return 0.0

    def read(self, path: Path, ctx: ImportContext) -> Iterator[ImportItem]:
        label = path.name
        with open(path, "rb") as stream:
            index = CarIndex(stream, label)
            ctx.on_bytes(path.stat().st_size // 2, path.stat().st_size)
            try:
                commit = mapping(index.get(index.root))
            except ValueError:
                raise ImportError_(f"{label}: the CAR's root commit cannot be decoded.") from None
            did = text_or_none(commit.get("did"))
            data = commit.get("data")
            if did is None or not isinstance(data, bytes):
                raise ImportError_(f"{label}: the CAR's root is not a repository commit.")
            name: str | None = None
            for number, found in enumerate(walk(index, data), start=1):
                if isinstance(found, str):
                    yield RecordError(label, f"tree node {number}", found)
                    continue
                key, cid = found
                if key == PROFILE:
                    try:
                        name = text_or_none(mapping(index.get(cid)).get("displayName"))
                    except ValueError:
                        name = None
                elif key.startswith((POST, REPOST)):
                    uri = f"at://{did}/{key}"
                    yield from guarded(label, uri, self._record, index, key, cid, uri, did, name, label)
            ctx.on_bytes(path.stat().st_size, path.stat().st_size)

    def _record(self, index: CarIndex, key: str, cid: Any, uri: str, did: str, name: str | None, label: str) -> Iterator[ImportItem]:
        record = index.get(cid)
        if record is None:
            raise ValueError("record block missing from the CAR (a partial export)")
        if key.startswith(REPOST):
            subject = text_or_none(mapping(mapping(record).get("subject")).get("uri"))
            yield Post(
                platform="bluesky", source_id=uri, text="", author_id=did, author_name=name,
                created_at=time_field(mapping(record).get("createdAt")), visibility=Visibility.PUBLIC,
                source_file=label, kind="repost", extra={"repost_of": subject, "cid": cid_text(cid)},
            )
            return
        post = post_from_record(record, uri=uri, author_id=did, author_handle=None, author_name=name, source_file=label)
        post.extra["cid"] = cid_text(cid)
        yield post
