"""The audit log: who did what and when, never with identifiers or content in it."""

from __future__ import annotations

import getpass
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from safe_archive.core.store.db import Connection

# Details may only carry these kinds of values: counts, ids, names of formats/styles, hashes.
_ALLOWED_TYPES = (int, float, bool, type(None))


@dataclass(frozen=True, slots=True)
class AuditEntry:
    id: int
    at: str
    os_user: str
    action: str
    details: dict[str, Any]


def os_user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # noqa: BLE001 - no user name is not worth failing for
        return "unknown"


def record(conn: Connection, now: Callable[[], datetime], action: str, details: Mapping[str, Any]) -> None:
    """Append an entry. ``details`` must be free of identifiers: callers pass counts, formats,
    ids and keyed hashes; strings are allowed but must not come from post text or metadata."""
    clean: dict[str, Any] = {}
    for key, value in details.items():
        if isinstance(value, _ALLOWED_TYPES) or isinstance(value, str):
            clean[key] = value
        elif isinstance(value, Mapping):
            clean[key] = {str(k): v for k, v in value.items() if isinstance(v, _ALLOWED_TYPES)}
        else:
            clean[key] = str(value)
    conn.execute(
        "INSERT INTO audit_log(at, os_user, action, details) VALUES (?, ?, ?, ?)",
        (now().isoformat(timespec="seconds"), os_user(), action, json.dumps(clean, sort_keys=True)),
    )


def entries(conn: Connection, limit: int = 1000, offset: int = 0) -> list[AuditEntry]:
    rows = conn.execute(
        "SELECT id, at, os_user, action, details FROM audit_log ORDER BY id DESC LIMIT ? OFFSET ?",
        (limit, offset),
    ).fetchall()
    return [AuditEntry(r[0], r[1], r[2], r[3], json.loads(r[4])) for r in rows]
