"""age encryption of export files through pyrage, entirely in memory (no plaintext on disk).

pyrage's passphrase mode works on whole byte strings, so an export is built in memory, then
encrypted, then written. A tampered or truncated age file fails to decrypt (age authenticates
every 64 KiB chunk and the final one).
"""

from __future__ import annotations

from collections.abc import Sequence

import pyrage

from safe_archive.core.errors import SafeArchiveError

AGE_SUFFIX = ".age"


def _recipients(keys: Sequence[str]) -> list[pyrage.x25519.Recipient]:
    out = []
    for i, key in enumerate(keys, 1):
        try:
            out.append(pyrage.x25519.Recipient.from_str(key.strip()))
        except Exception:  # noqa: BLE001 - pyrage raises its own types; say which key is bad
            raise SafeArchiveError(f"Recipient key {i} is not an age public key (age1…).") from None
    return out


def encrypt(data: bytes, *, passphrase: str | None = None, recipients: Sequence[str] = ()) -> bytes:
    if passphrase is not None:
        if not passphrase:
            raise SafeArchiveError("The export passphrase must not be empty.")
        return bytes(pyrage.passphrase.encrypt(data, passphrase))
    if recipients:
        return bytes(pyrage.encrypt(data, _recipients(recipients)))
    raise SafeArchiveError("Encryption needs a passphrase or at least one recipient key.")


def decrypt(data: bytes, *, passphrase: str | None = None, identities: Sequence[str] = ()) -> bytes:
    """Decrypt an age file (for checks and tests); a clear error if it was changed or cut."""
    try:
        if passphrase is not None:
            return bytes(pyrage.passphrase.decrypt(data, passphrase))
        ids = [pyrage.x25519.Identity.from_str(i.strip()) for i in identities]
        return bytes(pyrage.decrypt(data, ids))
    except Exception:  # noqa: BLE001
        raise SafeArchiveError(
            "The encrypted export could not be decrypted: wrong passphrase or key, or the file "
            "was changed or cut short."
        ) from None
