"""Key slots: the random data key, wrapped by a passphrase slot and a recovery slot.

The database is keyed with a random 256-bit *data key*; never with the passphrase. The key
file beside the database holds the data key wrapped with AES-256-GCM in *slots*:

* ``passphrase`` — wrapping key from Argon2id (m=256 MiB, t=3, p=4 by default);
* ``recovery`` — wrapping key from a 256-bit printable recovery key (HKDF-SHA256).

Each slot's type, id, KDF parameters and the archive id are bound as AES-GCM associated data,
so editing them makes the slot fail to open. After a slot opens, an HMAC over the whole key
file (keyed from the data key) proves that nothing else in it was changed either. KDF
parameters below RFC 9106's second recommendation (m=64 MiB, t=3) are refused before any
derivation, so a tampered file cannot make the passphrase cheap to guess.

AES-GCM cannot tell a wrong key from an edited salt, nonce or parameter, and the HMAC can only
be checked once a slot has opened; so on its own an edited slot reads as "wrong passphrase".
The ``checksum`` record (an *unkeyed* SHA-256 over everything else in the file, plus a short
SHA-256 per field) is checked first, before any key derivation: accidental damage and naive
edits are reported as "damaged or edited" and name the field. It is not authentication: anyone
can recompute it, and an edit with a recomputed checksum still reads as a wrong passphrase (it
is still refused; the slot's associated data and the HMAC catch it). Files written before the
checksum existed still open and get one on the next successful unlock.
"""

from __future__ import annotations

import base64
import contextlib
import errno
import hashlib
import hmac
import json
import os
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.argon2 import Argon2id
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from safe_archive.core.errors import KeyfileError, RecoveryKeyTypo, WrongPassphrase

KEYFILE_FORMAT = "safe-archive-keys"
KEYFILE_VERSION = 1
DATA_KEY_BYTES = 32
MIN_MEMORY_KIB = 64 * 1024  # RFC 9106, second recommended option
MIN_ITERATIONS = 3
# A tampered key file must not make unlocking allocate absurd memory: 1 GiB is 4x the default.
MAX_MEMORY_KIB = 1024 * 1024
MAX_ITERATIONS = 64
MAX_LANES = 64
# The app writes one passphrase slot and one recovery slot; room for a few more, no more. A
# tampered file with many costly slots made one unlock take 193 s (outside review, issue 18).
MAX_SLOTS = 4
# Total Argon2id work one unlock may be asked for, in KiB x passes summed over the passphrase
# slots: 16 times the default slot (256 MiB x 3), about 10 s here. Checked before deriving.
MAX_TOTAL_KDF_COST = 16 * 256 * 1024 * 3


@dataclass(frozen=True, slots=True)
class KdfParams:
    """Argon2id parameters for a passphrase slot."""

    memory_kib: int = 256 * 1024
    iterations: int = 3
    lanes: int = 4

    def check(self) -> None:
        if not (MIN_MEMORY_KIB <= self.memory_kib <= MAX_MEMORY_KIB):
            raise KeyfileError(
                "The key file asks for unsafe key-derivation parameters (memory "
                f"{self.memory_kib} KiB; between {MIN_MEMORY_KIB} and {MAX_MEMORY_KIB} KiB required). "
                "It may have been tampered with; restore it from a backup."
            )
        if not (MIN_ITERATIONS <= self.iterations <= MAX_ITERATIONS) or not (
            1 <= self.lanes <= MAX_LANES
        ):
            raise KeyfileError(
                "The key file asks for unsafe key-derivation parameters (iterations "
                f"{self.iterations}, lanes {self.lanes}). It may have been tampered with; "
                "restore it from a backup."
            )
        if self.memory_kib * self.iterations > MAX_TOTAL_KDF_COST:
            raise KeyfileError(
                "The key file asks for too much key-derivation work (memory x iterations "
                f"{self.memory_kib // 1024 * self.iterations:,} MiB; at most "
                f"{MAX_TOTAL_KDF_COST // 1024:,}). It may have been tampered with; restore it from a backup."
            )


DEFAULT_KDF = KdfParams()


def argon2id(secret: bytes, salt: bytes, params: KdfParams, *, length: int = 32) -> bytes:
    return Argon2id(
        salt=salt,
        length=length,
        iterations=params.iterations,
        lanes=params.lanes,
        memory_cost=params.memory_kib,
    ).derive(secret)


# RFC 9106 section 5.3 test vector for Argon2id.
_RFC9106_TAG = "0d640df58d78766c08c037a34a8b53c9d01ef0452d75b65eb52520e96b01e659"


def self_test() -> None:
    """Check this machine's Argon2id against RFC 9106's test vector (raises on mismatch)."""
    kdf = Argon2id(
        salt=b"\x02" * 16,
        length=32,
        iterations=3,
        lanes=4,
        memory_cost=32,
        ad=b"\x04" * 12,
        secret=b"\x03" * 8,
    )
    if kdf.derive(b"\x01" * 32).hex() != _RFC9106_TAG:
        raise KeyfileError("Argon2id self-test failed: this build's cryptography library is broken.")


# ---------------------------------------------------------------------------- recovery key

_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford base32: no I, L, O, U
_DECODE = {c: i for i, c in enumerate(_ALPHABET)}
_CONFUSABLE = str.maketrans({"I": "1", "L": "1", "O": "0"})
_RECOVERY_PREFIX = "SA1"
_SECRET_CHARS = 52  # 256 bits in 5-bit characters (52 * 5 = 260)
_CHECK_CHARS = 4  # 20-bit checksum


def _b32(value: int, chars: int) -> str:
    return "".join(_ALPHABET[(value >> (5 * (chars - 1 - i))) & 31] for i in range(chars))


def _check(secret: bytes) -> int:
    return int.from_bytes(hashlib.sha256(b"safe-archive recovery" + secret).digest()[:3], "big") >> 4


def encode_recovery_key(secret: bytes) -> str:
    """``SA1-XXXX-XXXX-…`` : 52 secret characters and a 4-character checksum, in groups of 4."""
    if len(secret) != 32:
        raise ValueError("recovery secret must be 32 bytes")
    body = _b32(int.from_bytes(secret, "big"), _SECRET_CHARS) + _b32(_check(secret), _CHECK_CHARS)
    return "-".join([_RECOVERY_PREFIX] + [body[i : i + 4] for i in range(0, len(body), 4)])


def decode_recovery_key(text: str) -> bytes:
    """Parse a recovery key typed by a person (any case, spaces or dashes); catch typos."""
    cleaned = "".join(ch for ch in text.upper() if ch.isalnum()).translate(_CONFUSABLE)
    if cleaned.startswith(_RECOVERY_PREFIX):
        cleaned = cleaned[len(_RECOVERY_PREFIX) :]
    if len(cleaned) != _SECRET_CHARS + _CHECK_CHARS or any(ch not in _DECODE for ch in cleaned):
        raise RecoveryKeyTypo()
    value = 0
    for ch in cleaned[:_SECRET_CHARS]:
        value = (value << 5) | _DECODE[ch]
    if value >> 256:
        raise RecoveryKeyTypo()
    secret = value.to_bytes(32, "big")
    check = 0
    for ch in cleaned[_SECRET_CHARS:]:
        check = (check << 5) | _DECODE[ch]
    if check != _check(secret):
        raise RecoveryKeyTypo()
    return secret


# ---------------------------------------------------------------------------- key file

def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: Any) -> bytes:
    if not isinstance(text, str):
        raise ValueError("not base64 text")
    return base64.b64decode(text.encode("ascii"), validate=True)


def _canonical(value: Any) -> bytes:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=True).encode()


# ---------------------------------------------------------------------------- checksum

CHECKSUM_FIELD = "checksum"
_FIELD_DIGEST_CHARS = 12  # 48 bits per field: plenty to name a damaged field, not a MAC
_MAX_NAMED = 4  # fields named in one message


def _leaves(data: Mapping[str, Any]) -> dict[str, Any]:
    """``{"slots[0].kdf.salt": value, ...}`` for every leaf (empty containers are leaves).
    Iterative: a hostile key file may be nested deeply."""
    out: dict[str, Any] = {}
    stack: list[tuple[str, Any]] = [(str(k), v) for k, v in data.items() if k != CHECKSUM_FIELD]
    while stack:
        path, value = stack.pop()
        if len(out) > 10_000 or len(path) > 1_000:
            raise ValueError("implausibly large")
        if isinstance(value, dict) and value:
            stack.extend((f"{path}.{k}", v) for k, v in value.items())
        elif isinstance(value, list) and value:
            stack.extend((f"{path}[{i}]", v) for i, v in enumerate(value))
        else:
            out[path] = value
    return out


def _field_digest(path: str, value: Any) -> str:
    digest = hashlib.sha256(b"safe-archive keyfile field\0" + path.encode() + b"\0" + _canonical(value))
    return digest.hexdigest()[:_FIELD_DIGEST_CHARS]


def _file_digest(data: Mapping[str, Any]) -> str:
    body = {k: v for k, v in data.items() if k != CHECKSUM_FIELD}
    return hashlib.sha256(b"safe-archive keyfile\0" + _canonical(body)).hexdigest()


def add_checksum(data: dict[str, Any]) -> dict[str, Any]:
    """``data`` with a fresh ``checksum`` record over everything else in it (unkeyed)."""
    data[CHECKSUM_FIELD] = {
        "algorithm": "sha256",
        "file": _file_digest(data),
        "fields": {path: _field_digest(path, value) for path, value in sorted(_leaves(data).items())},
    }
    return data


def check_checksum(data: Mapping[str, Any], name: str) -> bool:
    """Raise :class:`KeyfileError` naming the damaged fields if ``data`` does not match its
    checksum; ``False`` for a file written before checksums existed, ``True`` if it matches.

    Catches accidental damage and edits that did not recompute the checksum, before any key
    derivation. An edit with a recomputed checksum passes here (it is unkeyed) and is refused
    later, as a wrong passphrase or by the MAC."""
    record = data.get(CHECKSUM_FIELD)
    if record is None:
        return False
    if (
        not isinstance(record, dict)
        or record.get("algorithm") != "sha256"
        or not isinstance(record.get("file"), str)
        or not isinstance(record.get("fields"), dict)
    ):
        raise KeyfileError(
            f"The {name} is damaged or was edited (its checksum record is unreadable); it was not "
            "used. Restore it from a backup."
        )
    try:
        if hmac.compare_digest(record["file"].encode(), _file_digest(data).encode()):
            return True
        actual = {path: _field_digest(path, value) for path, value in _leaves(data).items()}
    except (ValueError, TypeError, RecursionError):
        actual = {}
    stored = {str(k): v for k, v in record["fields"].items()}
    changed = sorted(p for p in actual.keys() & stored.keys() if actual[p] != stored[p])
    removed = sorted(stored.keys() - actual.keys())
    added = sorted(actual.keys() - stored.keys())
    parts = []
    for label, paths in (("changed", changed), ("missing", removed), ("added", added)):
        if paths:
            shown = ", ".join(_describe(data, p) for p in paths[:_MAX_NAMED])
            more = f" and {len(paths) - _MAX_NAMED} more" if len(paths) > _MAX_NAMED else ""
            parts.append(f"{label}: {shown}{more}")
    detail = "; ".join(parts) if parts else "the checksum itself is damaged"
    raise KeyfileError(
        f"The {name} is damaged or was edited ({detail}); it does not match the checksum saved "
        "with it and was not used. Restore it from a backup."
    )


def _describe(data: Mapping[str, Any], path: str) -> str:
    """A field path, with the slot's type when it is one we know (``slots[0].kdf.salt
    (passphrase slot)``); never a value."""
    shown = path if len(path) <= 60 else path[:57] + "..."
    if path.startswith("slots[") and "]" in path:
        try:
            index = int(path[len("slots[") : path.index("]")])
            slot_type = data["slots"][index]["type"]
        except (ValueError, KeyError, IndexError, TypeError):
            return shown
        if slot_type in ("passphrase", "recovery"):
            return f"{shown} ({slot_type} slot)"
    return shown


@dataclass(frozen=True, slots=True)
class Slot:
    id: str
    type: str  # "passphrase" | "recovery"
    kdf: Mapping[str, Any]
    nonce: bytes
    wrapped: bytes

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "type": self.type,
            "kdf": dict(self.kdf),
            "nonce": _b64(self.nonce),
            "wrapped": _b64(self.wrapped),
        }


@dataclass(frozen=True, slots=True)
class Keyfile:
    archive_id: str
    slots: tuple[Slot, ...]
    mac: bytes = b""
    # False when read from a file written before key-file checksums (rewritten on next open)
    has_checksum: bool = True

    # -- serialisation -------------------------------------------------------------------
    def body(self) -> dict[str, Any]:
        return {
            "format": KEYFILE_FORMAT,
            "version": KEYFILE_VERSION,
            "archive_id": self.archive_id,
            "slots": [slot.as_json() for slot in self.slots],
        }

    def to_bytes(self) -> bytes:
        data = self.body()
        data["mac"] = _b64(self.mac)
        return json.dumps(add_checksum(data), indent=2, sort_keys=True).encode("utf-8") + b"\n"

    @classmethod
    def from_bytes(cls, raw: bytes, *, name: str = "key file") -> Keyfile:
        try:
            data = json.loads(raw.decode("utf-8"))
            if data.get("format") != KEYFILE_FORMAT:
                raise ValueError("not a SafeArchive key file")
            if data.get("version") != KEYFILE_VERSION:
                raise ValueError(f"unsupported key file version {data.get('version')!r}")
        except (ValueError, KeyError, TypeError, AttributeError, UnicodeDecodeError, RecursionError) as exc:
            raise KeyfileError(f"The {name} is damaged or not a SafeArchive key file ({exc}).") from None
        # Before anything else is trusted, and before any key derivation: damage or a naive
        # edit is reported as such, naming the field, instead of as a wrong passphrase.
        has_checksum = check_checksum(data, name)
        try:
            archive_id = data["archive_id"]
            if not isinstance(archive_id, str) or len(archive_id) != 32:
                raise ValueError("bad archive id")
            slots = tuple(
                Slot(
                    id=str(s["id"]),
                    type=str(s["type"]),
                    kdf=dict(s["kdf"]),
                    nonce=_unb64(s["nonce"]),
                    wrapped=_unb64(s["wrapped"]),
                )
                for s in data["slots"]
            )
            mac = _unb64(data["mac"])
        except (ValueError, KeyError, TypeError, AttributeError, UnicodeDecodeError) as exc:
            raise KeyfileError(f"The {name} is damaged or not a SafeArchive key file ({exc}).") from None
        if not slots:
            raise KeyfileError(f"The {name} has no key slots.")
        if len(slots) > MAX_SLOTS:
            raise KeyfileError(
                f"The {name} has {len(slots)} key slots (at most {MAX_SLOTS} are accepted); it was not "
                "used. It may have been tampered with; restore it from a backup."
            )
        if any(len(s.nonce) != 12 or len(s.wrapped) != DATA_KEY_BYTES + 16 for s in slots):
            raise KeyfileError(f"The {name} is damaged (a key slot has the wrong size).")
        return cls(archive_id=archive_id, slots=slots, mac=mac, has_checksum=has_checksum)

    # -- integrity -----------------------------------------------------------------------
    def compute_mac(self, data_key: bytes) -> bytes:
        mac_key = HKDF(hashes.SHA256(), 32, salt=None, info=b"safe-archive keyfile mac").derive(data_key)
        return hmac.new(mac_key, _canonical(self.body()), hashlib.sha256).digest()

    def sealed(self, data_key: bytes) -> Keyfile:
        return Keyfile(self.archive_id, self.slots, self.compute_mac(data_key))

    def verify_mac(self, data_key: bytes) -> None:
        if not hmac.compare_digest(self.mac, self.compute_mac(data_key)):
            raise KeyfileError(
                "The key file was altered (its authentication code does not match). "
                "Restore it from a backup."
            )

    # -- slots ---------------------------------------------------------------------------
    def _aad(self, slot_id: str, slot_type: str, kdf: Mapping[str, Any]) -> bytes:
        return _canonical(
            {
                "format": KEYFILE_FORMAT,
                "version": KEYFILE_VERSION,
                "archive_id": self.archive_id,
                "slot": slot_id,
                "type": slot_type,
                "kdf": dict(kdf),
            }
        )

    def _wrap(self, slot_id: str, slot_type: str, kdf: Mapping[str, Any], kek: bytes, data_key: bytes) -> Slot:
        nonce = os.urandom(12)
        wrapped = AESGCM(kek).encrypt(nonce, data_key, self._aad(slot_id, slot_type, kdf))
        return Slot(slot_id, slot_type, dict(kdf), nonce, wrapped)

    def _unwrap(self, slot: Slot, kek: bytes) -> bytes | None:
        try:
            return AESGCM(kek).decrypt(slot.nonce, slot.wrapped, self._aad(slot.id, slot.type, slot.kdf))
        except (InvalidTag, ValueError):  # ValueError: a nonce of the wrong length (tampered)
            return None

    def with_slot(self, slot: Slot) -> Keyfile:
        others = tuple(s for s in self.slots if s.id != slot.id)
        return Keyfile(self.archive_id, others + (slot,), self.mac)

    def passphrase_slot(self, passphrase: str, data_key: bytes, params: KdfParams, slot_id: str = "passphrase") -> Slot:
        params.check()
        salt = os.urandom(16)
        kdf = {
            "name": "argon2id",
            "salt": _b64(salt),
            "memory_kib": params.memory_kib,
            "iterations": params.iterations,
            "lanes": params.lanes,
        }
        kek = argon2id(passphrase.encode("utf-8"), salt, params)
        return self._wrap(slot_id, "passphrase", kdf, kek, data_key)

    def recovery_slot(self, secret: bytes, data_key: bytes, slot_id: str = "recovery") -> Slot:
        salt = os.urandom(16)
        kdf = {"name": "hkdf-sha256", "salt": _b64(salt)}
        return self._wrap(slot_id, "recovery", kdf, _recovery_kek(secret, salt), data_key)

    def unlock_with_passphrase(self, passphrase: str) -> bytes:
        slots = [s for s in self.slots if s.type == "passphrase"]
        if not slots:
            raise KeyfileError("The key file has no passphrase slot; open the archive with the recovery key.")
        # Every slot's parameters, and their total cost, are checked before any derivation.
        checked = [_argon_params(slot) for slot in slots]
        for params, _ in checked:
            params.check()
        total = sum(params.memory_kib * params.iterations for params, _ in checked)
        if total > MAX_TOTAL_KDF_COST:
            raise KeyfileError(
                f"The key file asks for too much key-derivation work ({len(slots)} passphrase slots, "
                f"{total // 1024:,} MiB x passes in all; at most {MAX_TOTAL_KDF_COST // 1024:,} accepted). "
                "It may have been tampered with; restore it from a backup or open it with the recovery key."
            )
        for slot, (params, salt) in zip(slots, checked, strict=True):
            data_key = self._unwrap(slot, argon2id(passphrase.encode("utf-8"), salt, params))
            if data_key is not None:
                self.verify_mac(data_key)
                return data_key
        raise WrongPassphrase()

    def unlock_with_recovery_key(self, recovery_key: str) -> bytes:
        secret = decode_recovery_key(recovery_key)
        for slot in (s for s in self.slots if s.type == "recovery"):
            try:
                salt = _unb64(slot.kdf.get("salt"))
            except ValueError:
                raise KeyfileError("The key file's recovery slot is damaged.") from None
            data_key = self._unwrap(slot, _recovery_kek(secret, salt))
            if data_key is not None:
                self.verify_mac(data_key)
                return data_key
        raise WrongPassphrase("recovery key")


def _recovery_kek(secret: bytes, salt: bytes) -> bytes:
    return HKDF(hashes.SHA256(), 32, salt=salt, info=b"safe-archive recovery slot").derive(secret)


def _argon_params(slot: Slot) -> tuple[KdfParams, bytes]:
    kdf = slot.kdf
    try:
        if kdf.get("name") != "argon2id":
            raise ValueError("unknown KDF")
        params = KdfParams(int(kdf["memory_kib"]), int(kdf["iterations"]), int(kdf["lanes"]))
        salt = _unb64(kdf["salt"])
        if len(salt) < 16:
            raise ValueError("salt too short")
    except (KeyError, ValueError, TypeError, OverflowError):  # e.g. memory_kib = 1e999 (inf)
        raise KeyfileError("The key file's passphrase slot is damaged or was tampered with.") from None
    return params, salt


def new_data_key() -> bytes:
    return secrets.token_bytes(DATA_KEY_BYTES)


def new_keyfile(data_key: bytes, passphrase: str, params: KdfParams) -> tuple[Keyfile, str]:
    """A key file with a passphrase slot and a recovery slot; returns it and the recovery key."""
    archive_id = secrets.token_hex(16)
    keyfile = Keyfile(archive_id, ())
    recovery_secret = secrets.token_bytes(32)
    keyfile = keyfile.with_slot(keyfile.passphrase_slot(passphrase, data_key, params))
    keyfile = keyfile.with_slot(keyfile.recovery_slot(recovery_secret, data_key))
    return keyfile.sealed(data_key), encode_recovery_key(recovery_secret)


def write_keyfile_atomic(path: Path, keyfile: Keyfile) -> None:
    """Write beside, fsync, rename over, fsync the folder: a crash leaves old or new, whole."""
    tmp = path.with_name(path.name + ".new")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        data = memoryview(keyfile.to_bytes())
        while data:  # os.write may write only part (nearly full disk, file-size limit)
            written = os.write(fd, data)
            if written <= 0:
                raise OSError(errno.ENOSPC, "short write")
            data = data[written:]
        os.fsync(fd)
    except BaseException:
        os.close(fd)
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    os.close(fd)
    os.replace(tmp, path)
    _fsync_dir(path.parent)


def remove_stale_temp(path: Path) -> bool:
    """Delete a ``.new`` key file left by a crash during :func:`write_keyfile_atomic`.

    Call only while holding the archive lock. The file is never needed: the write it belongs
    to either finished (renamed over ``path``) or never happened as far as ``path`` is
    concerned; leaving it would keep a second wrapped copy of the key beside the archive.
    """
    tmp = path.with_name(path.name + ".new")
    try:
        tmp.unlink()
    except FileNotFoundError:
        return False
    _fsync_dir(path.parent)
    return True


def read_keyfile(path: Path) -> Keyfile:
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise KeyfileError(f"The key file {path.name} is missing from {path.parent}; restore it from a backup.") from None
    except OSError as exc:
        raise KeyfileError(f"The key file {path} cannot be read ({exc.strerror}).") from None
    return Keyfile.from_bytes(raw, name=f"key file {path.name}")


def _fsync_dir(folder: Path) -> None:
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
