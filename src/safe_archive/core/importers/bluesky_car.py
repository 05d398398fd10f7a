"""Bluesky repository export (CAR, "Export my data"): posts with their record keys.

The CAR is read in two streaming passes: the first indexes where each block is (CID -> offset,
length), the second walks the Merkle Search Tree from the signed commit in key order, decoding
only the blocks it needs with libipld. Record keys (and so the ``at://`` URIs) exist only in
the tree, which is why it must be walked. Memory holds the index, not the blocks.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any, BinaryIO

import libipld

from safe_archive.core.errors import ImportError_, RecordError
from safe_archive.core.importers.base import ImportContext, Importer, ImportItem, Notice, Relation, register
from safe_archive.core.importers.bluesky_record import cid_text, post_from_record
from safe_archive.core.importers.records import guarded, mapping, text_or_none, time_field

MAX_BLOCK = 16 * 1024**2
MAX_DEPTH = 128
POST = "app.bsky.feed.post/"
REPOST = "app.bsky.feed.repost/"
LIKE = "app.bsky.feed.like/"
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

    def size(self, cid: Any) -> int:
        """The stored length of a block (0 when absent)."""
        found = self.blocks.get(cid) if isinstance(cid, bytes) else None
        return found[1] if found else 0

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


# atproto keys are "<collection NSID (<= 317)>/<record key (<= 512)>"; a longer key is damage
# or a hostile file. Without this bound, one node whose keys each grew by a byte made memory
# grow with the square of the node (a 0.96 MB file took 1.9 GB).
MAX_KEY = 1024
# A tree node holds a handful of entries (a few hundred bytes); 1 MiB is far beyond any real one.
MAX_NODE = 1 << 20

_Step = tuple[str, Any, Any]  # ("node", cid, depth) | ("out", key-and-cid or problem, None)


def _node_steps(index: CarIndex, cid: Any, depth: int, seen: set[bytes]) -> Iterator[_Step]:
    """One tree node's steps in key order, decoded lazily: only the current key is held."""
    if not isinstance(cid, bytes) or cid in seen or depth > MAX_DEPTH:
        return
    seen.add(cid)
    if index.size(cid) > MAX_NODE:
        yield ("out", "a record tree node is implausibly large (a damaged or hostile file); it was skipped", None)
        return
    try:
        node = index.get(cid)
    except ValueError:
        node = None
    if not isinstance(node, dict):
        yield ("out", "a part of the record tree is missing or damaged (a partial export?)", None)
        return
    if node.get("l") is not None:
        yield ("node", node.get("l"), depth + 1)
    key = b""
    entries = node.get("e")
    for entry in entries if isinstance(entries, list) else []:
        if not isinstance(entry, dict):
            continue
        prefix, suffix = entry.get("p"), entry.get("k")
        if not isinstance(prefix, int) or not isinstance(suffix, bytes) or prefix < 0:
            continue
        if min(prefix, len(key)) + len(suffix) > MAX_KEY:
            yield ("out", f"a record key is longer than {MAX_KEY} bytes (a damaged or hostile file); "
                   "the rest of its tree node was skipped", None)
            return
        key = key[:prefix] + suffix
        yield ("out", (key.decode("utf-8", "replace"), entry.get("v")), None)
        if entry.get("t") is not None:
            yield ("node", entry.get("t"), depth + 1)


def walk(index: CarIndex, root: Any) -> Iterator[tuple[str, Any] | str]:
    """``(key, record CID)`` in key order; a string reports a damaged or missing subtree.

    A stack of per-node generators (at most MAX_DEPTH deep): memory holds one decoded node and
    one key per level, never a node's keys all at once."""
    seen: set[bytes] = set()
    stack: list[Iterator[_Step]] = [_node_steps(index, root, 0, seen)]
    while stack:
        step = next(stack[-1], None)
        if step is None:
            stack.pop()
        elif step[0] == "node":
            stack.append(_node_steps(index, step[1], step[2], seen))
        else:
            yield step[1]


@register
class BlueskyCarImporter(Importer):
    name = "bluesky-car"
    description = "Bluesky repository export (.car): posts with their at:// URIs; reposts and likes as counts"

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
            kinds: Counter[str] = Counter()
            for number, found in enumerate(walk(index, data), start=1):
                if isinstance(found, str):
                    yield RecordError(label, f"tree node {number}", found)
                    continue
                key, cid = found
                kinds[key.split("/", 1)[0]] += 1
                if key == PROFILE:
                    try:
                        name = text_or_none(mapping(index.get(cid)).get("displayName"))
                    except ValueError:
                        name = None
                elif key.startswith((POST, REPOST, LIKE)):
                    uri = f"at://{did}/{key}"
                    yield from guarded(label, uri, self._record, index, key, cid, uri, did, name, label)
            if not kinds[POST.rstrip("/")]:
                yield Notice(f"{label}: this repository holds no posts ({_describe(kinds)}); "
                             "reposts and likes are kept only as counts on posts in the archive.")
            ctx.on_bytes(path.stat().st_size, path.stat().st_size)

    def _record(self, index: CarIndex, key: str, cid: Any, uri: str, did: str, name: str | None, label: str) -> Iterator[ImportItem]:
        record = index.get(cid)
        if record is None:
            raise ValueError("record block missing from the CAR (a partial export)")
        if key.startswith((REPOST, LIKE)):
            subject = text_or_none(mapping(mapping(record).get("subject")).get("uri"))
            if subject is None:
                raise ValueError("repost or like without the post it points to")
            yield Relation(
                platform="bluesky", source_id=uri, kind="repost" if key.startswith(REPOST) else "like",
                subject=subject, actor_id=did, created_at=time_field(mapping(record).get("createdAt")),
            )
            return
        post = post_from_record(record, uri=uri, author_id=did, author_handle=None, author_name=name, source_file=label)
        post.extra["cid"] = cid_text(cid)
        yield post


_NAMES = {"app.bsky.graph.follow": "follows", "app.bsky.feed.like": "likes", "app.bsky.feed.repost": "reposts",
          "app.bsky.actor.profile": "profile", "app.bsky.graph.block": "blocks", "app.bsky.graph.list": "lists"}


def _describe(kinds: Counter[str]) -> str:
    if not kinds:
        return "no records at all"
    named: Counter[str] = Counter()
    for kind, count in kinds.items():
        named[_NAMES.get(kind, "other records")] += count
    return "only " + ", ".join(f"{count} {what}" for what, count in named.most_common())
