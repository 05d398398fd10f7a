"""Pseudonym numbering kept inside the encrypted archive: the one place numbers are handed out.

A term's number is found by a keyed hash (HMAC-SHA256 with a per-archive secret) of its
namespace and canonical match key (:func:`safe_archive.core.redaction.match_key`), so the table
never holds a term, and ``Jessica_Miller``, ``#JessicaMiller``, ``@jessicamiller`` and
``Jessica Miller`` share a number. Numbers archives gave before the canonical form (keyed by
the NFKC, case-folded term) are found and kept.
Finding labels (``PERSON_3``) and stable export author labels (``AUTHOR_2``) both come from here.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
import unicodedata

from safe_archive.core.store.db import Connection
from safe_archive.core.redaction.canonical import match_key

PSEUDONYM_KEY = "pseudonym_hmac_key"
PERSON_LIKE = frozenset({"PERSON", "USERNAME"})  # one namespace: a handle and a name of one account


def pseudonym_key(conn: Connection, *, create: bool = True) -> bytes | None:
    """The archive's pseudonym secret; created (inside the caller's transaction) if missing and
    ``create``. ``None`` when missing and not created."""
    row = conn.execute("SELECT value FROM settings WHERE key = ?", (PSEUDONYM_KEY,)).fetchone()
    if row is not None:
        return bytes.fromhex(str(json.loads(row[0])))
    if not create:
        return None
    value = secrets.token_hex(32)
    conn.execute(
        "INSERT INTO settings(key, value) VALUES (?, ?) ON CONFLICT(key) DO NOTHING",
        (PSEUDONYM_KEY, json.dumps(value)),
    )
    return bytes.fromhex(value)


def keyed_number(conn: Connection, digest: bytes, namespace: str) -> int:
    """The number of ``digest`` in ``namespace`` (the next free one the first time)."""
    row = conn.execute(
        "SELECT number FROM pseudonyms WHERE term_key = ? AND entity_type = ?", (digest, namespace)
    ).fetchone()
    if row is not None:
        return int(row[0])
    number = int(conn.execute(
        "SELECT coalesce(max(number), 0) + 1 FROM pseudonyms WHERE entity_type = ?", (namespace,)
    ).fetchone()[0])
    conn.execute("INSERT INTO pseudonyms(term_key, entity_type, number) VALUES (?, ?, ?)",
                 (digest, namespace, number))
    return number


def _legacy_key(term: str) -> str:
    """The key labels were numbered by before the canonical form (kept for their numbers)."""
    t = " ".join(unicodedata.normalize("NFKC", term).casefold().split())
    return t.lstrip("@#")


def _digest(key: bytes, namespace: str, canonical: str) -> bytes:
    return hmac.new(key, f"{namespace}\x00{canonical}".encode(), hashlib.sha256).digest()


def load_aliases(conn: Connection) -> dict[str, str]:
    """Display name match key -> handle for every account the archive knows (authors and
    mentioned users), so an account's name and handle share one pseudonym."""
    aliases: dict[str, str] = {}
    pairs = conn.execute(
        "SELECT DISTINCT author_handle, author_name FROM posts "
        "WHERE author_handle IS NOT NULL AND author_name IS NOT NULL").fetchall()
    pairs += conn.execute(
        "SELECT DISTINCT json_extract(m.value, '$.handle'), json_extract(m.value, '$.name') "
        "FROM posts, json_each(posts.metadata, '$.mentions') AS m "
        "WHERE json_valid(posts.metadata) AND posts.metadata LIKE '%\"mentions\"%'").fetchall()
    for handle, name in pairs:
        if handle and name:
            aliases.setdefault(match_key(str(name)), str(handle))
    return aliases


class ArchiveLabeler:
    """Stable pseudonym labels (``PERSON_3``) from the keyed numbering above."""

    def __init__(self, conn: Connection, key: bytes, aliases: dict[str, str] | None = None) -> None:
        self._conn = conn
        self._key = key
        self._aliases = aliases or {}
        self._cache: dict[tuple[str, str], str] = {}

    def label(self, entity_type: str, term: str) -> str:
        namespace = "PERSON" if entity_type in PERSON_LIKE else entity_type
        source = term
        if namespace == "PERSON":
            source = self._aliases.get(match_key(term), term)
        canonical = match_key(source)
        cache_key = (namespace, canonical)
        if cache_key not in self._cache:
            digest = _digest(self._key, namespace, canonical)
            row = self._conn.execute("SELECT 1 FROM pseudonyms WHERE term_key = ? AND entity_type = ?",
                                     (digest, namespace)).fetchone()
            if row is None:  # numbered before the canonical form? keep that number
                old = self._conn.execute(
                    "SELECT number FROM pseudonyms WHERE term_key = ? AND entity_type = ?",
                    (_digest(self._key, namespace, _legacy_key(source)), namespace)).fetchone()
                if old is not None:
                    self._conn.execute("INSERT INTO pseudonyms(term_key, entity_type, number) VALUES (?, ?, ?)",
                                       (digest, namespace, int(old[0])))
            self._cache[cache_key] = f"{namespace}_{keyed_number(self._conn, digest, namespace)}"
        return self._cache[cache_key]
