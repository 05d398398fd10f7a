"""Helpers for importer tests: read a file fully, build containers from fixture folders."""

from __future__ import annotations

import hashlib
import io
import tarfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import libipld

from safe_archive.core.archive import KdfParams
from safe_archive.core.errors import RecordError
from safe_archive.core.importers import Excluded, ImportContext, ImportOptions, Notice, Relation, get
from safe_archive.core.model import Post

FIXTURES = Path(__file__).parent / "fixtures"
FAST_KDF = KdfParams(memory_kib=64 * 1024, iterations=3, lanes=4)


@dataclass
class Result:
    posts: list[Post] = field(default_factory=list)
    errors: list[RecordError] = field(default_factory=list)
    excluded: list[Excluded] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)

    def by_id(self, source_id: str) -> Post:
        found = [p for p in self.posts if p.source_id == source_id]
        assert found, f"no post {source_id}"
        return found[0]

    def all_text(self) -> str:
        """Everything an importer produced, as one string (to look for sentinels)."""
        parts = []
        for post in self.posts:
            parts.append(repr(post))
        parts.extend(str(e) for e in self.errors)
        parts.extend(repr(x) for x in self.excluded)
        return "\n".join(parts)


def read_all(name: str, path: Path, **options: object) -> Result:
    result = Result()
    ctx = ImportContext(options=ImportOptions(**options))  # type: ignore[arg-type]
    for item in get(name)().read(path, ctx):
        if isinstance(item, Post):
            result.posts.append(item)
        elif isinstance(item, RecordError):
            result.errors.append(item)
        elif isinstance(item, Excluded):
            result.excluded.append(item)
        elif isinstance(item, Relation):
            result.relations.append(item)
        elif isinstance(item, Notice):
            result.notices.append(item.message)
        else:  # pragma: no cover - the contract forbids anything else
            raise AssertionError(f"unexpected item {item!r}")
    return result


def zip_folder(folder: Path, dest: Path, prefix: str = "", extra: dict[str, bytes] | None = None) -> Path:
    with zipfile.ZipFile(dest, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                archive.write(path, prefix + path.relative_to(folder).as_posix())
        for name, data in (extra or {}).items():
            archive.writestr(name, data)
    return dest


def tar_folder(folder: Path, dest: Path, prefix: str = "") -> Path:
    with tarfile.open(dest, "w:gz") as archive:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                archive.add(path, prefix + path.relative_to(folder).as_posix())
    return dest


# ---- a tiny Bluesky repo CAR writer (DAG-CBOR via libipld; CIDv1 dag-cbor sha2-256) ---------

def _varint(n: int) -> bytes:
    out = bytearray()
    while True:
        byte = n & 0x7F
        n >>= 7
        out.append(byte | (0x80 if n else 0))
        if not n:
            return bytes(out)


def cid_of(data: bytes) -> bytes:
    return b"\x01\x71\x12\x20" + hashlib.sha256(data).digest()


def write_car(dest: Path, did: str, records: dict[str, dict[str, object]], *, drop: set[str] = frozenset()) -> Path:
    """A repo CAR: commit -> one MST node (sorted keys, prefix-compressed) -> records."""
    blocks: list[tuple[bytes, bytes]] = []
    entries = []
    previous = b""
    for key in sorted(records):
        data = libipld.encode_dag_cbor(records[key])
        cid = cid_of(data)
        if key not in drop:
            blocks.append((cid, data))
        raw = key.encode()
        common = 0
        while common < min(len(raw), len(previous)) and raw[common] == previous[common]:
            common += 1
        entries.append({"k": raw[common:], "p": common, "t": None, "v": cid})
        previous = raw
    node = libipld.encode_dag_cbor({"e": entries, "l": None})
    node_cid = cid_of(node)
    commit = libipld.encode_dag_cbor({"did": did, "version": 3, "data": node_cid, "rev": "3kexample", "prev": None, "sig": b"\x00" * 64})
    commit_cid = cid_of(commit)
    header = libipld.encode_dag_cbor({"roots": [commit_cid], "version": 1})
    out = io.BytesIO()
    out.write(_varint(len(header)) + header)
    for cid, data in [(commit_cid, commit), (node_cid, node), *blocks]:
        out.write(_varint(len(cid) + len(data)) + cid + data)
    dest.write_bytes(out.getvalue())
    return dest


def back_to_schema_4(conn: object) -> None:
    """Undo migrations 5 (relations) and 6 (bigram index and its triggers)."""
    execute = conn.execute  # type: ignore[attr-defined]
    execute("DROP TABLE IF EXISTS posts_fts_cjk")
    execute("DROP TRIGGER posts_ad")
    execute("DROP TRIGGER posts_au")
    execute("CREATE TRIGGER posts_ad AFTER DELETE ON posts BEGIN INSERT INTO posts_fts(posts_fts, rowid, text, "
            "redacted_text) VALUES ('delete', old.id, old.text, coalesce(old.redacted_text, '')); END")
    execute("CREATE TRIGGER posts_au AFTER UPDATE OF text, redacted_text ON posts BEGIN INSERT INTO posts_fts(posts_fts, "
            "rowid, text, redacted_text) VALUES ('delete', old.id, old.text, coalesce(old.redacted_text, '')); "
            "INSERT INTO posts_fts(rowid, text, redacted_text) VALUES (new.id, new.text, coalesce(new.redacted_text, '')); END")
    execute("DROP TABLE IF EXISTS relations")
    execute("DELETE FROM schema_migrations WHERE version >= 5")
