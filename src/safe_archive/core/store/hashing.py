"""Keyed hashes for the audit log: proof that a value was handled, without the value.

The key is 32 random bytes stored inside the encrypted archive (setting ``audit_hmac_key``),
so a hash cannot be checked against a guess without unlocking the archive.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from typing import Any, Protocol

_SETTING = "audit_hmac_key"


class Settings(Protocol):
    def get_setting(self, key: str, default: Any = None) -> Any: ...
    def set_setting(self, key: str, value: Any) -> None: ...


def _key(archive: Settings) -> bytes:
    value = archive.get_setting(_SETTING)
    if not value:
        value = secrets.token_hex(32)
        archive.set_setting(_SETTING, value)
    return bytes.fromhex(str(value))


def keyed_hash(archive: Settings, value: str) -> str:
    """HMAC-SHA256 of the case-folded value, shortened to 32 hex characters."""
    digest = hmac.new(_key(archive), value.casefold().encode("utf-8"), hashlib.sha256).hexdigest()
    return "hmac-sha256:" + digest[:32]
