"""The audit log, viewable and exportable (CSV or JSON Lines). Entries carry no identifiers:
actions, times, the OS user, counts, ids and keyed hashes."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from typing import BinaryIO, TYPE_CHECKING

from safe_archive.core.store.audit import AuditEntry
from safe_archive.core.errors import SafeArchiveError

if TYPE_CHECKING:
    from safe_archive.core.store.store import Store

FORMATS = ("csv", "jsonl")


def all_entries(store: Store, page: int = 1000) -> Iterator[AuditEntry]:
    """Every entry, oldest first."""
    total = store.count_audit_entries()
    offset = 0
    chunks: list[list[AuditEntry]] = []
    while offset < total:
        chunks.append(store.audit_entries(limit=page, offset=offset))
        offset += page
    for chunk in reversed(chunks):
        yield from reversed(chunk)


def write_audit(store: Store, out: BinaryIO, fmt: str = "csv") -> int:
    if fmt not in FORMATS:
        raise SafeArchiveError(f"The audit log exports as {' or '.join(FORMATS)}.")
    n = 0
    if fmt == "jsonl":
        for e in all_entries(store):
            out.write(json.dumps({"id": e.id, "at": e.at, "os_user": e.os_user, "action": e.action,
                                  "details": e.details}, ensure_ascii=False).encode("utf-8") + b"\n")
            n += 1
    else:
        text = io.TextIOWrapper(out, encoding="utf-8", newline="", write_through=True)
        try:
            w = csv.writer(text)
            w.writerow(["id", "at", "os_user", "action", "details"])
            for e in all_entries(store):
                w.writerow([e.id, e.at, e.os_user, e.action, json.dumps(e.details, sort_keys=True)])
                n += 1
            text.flush()
        finally:
            text.detach()
    store.audit("audit.export", format=fmt, entries=n)
    return n
