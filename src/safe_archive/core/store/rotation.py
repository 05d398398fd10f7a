"""Key rotation: re-encrypt the database under a new random data key, crash-safely.

Why: if the data key may have leaked (a memory dump, a debugging session), changing the
passphrase is not enough — the passphrase only wraps the key. Rotation re-encrypts every page
under a new key (SQLCipher ``PRAGMA rekey`` through the connection's ``reset_key``) and
rewraps the new key under the *same* passphrase and recovery key, so the user has no new
secret to write down. Both secrets are required: a slot cannot be rewrapped without its
secret, and silently dropping the recovery slot would lock out a user who later forgets the
passphrase.

Steps, each durable before the next (``keys.json.rotating`` is the pending state):

1. check both secrets open the current key file and give the key this archive is open with;
2. write ``keys.json.rotating`` — the new key wrapped by the passphrase and by the recovery
   key, sealed with the new key — atomically (write, fsync, rename, fsync the folder);
3. checkpoint the WAL, ``rekey`` (one SQLite transaction that rewrites every page under the new
   key: a crash leaves the whole database under the old key or the whole under the new one),
   checkpoint again;
4. replace ``keys.json`` with the pending file (atomic rename), then delete the pending file.

On every open, :func:`resume` finishes or rolls back an interrupted rotation: with the secret
the user typed it unlocks both files, asks the database which key it accepts (a read-only
probe) and keeps the key file that matches. The pending file is deleted only once the
database is known to accept the key in ``keys.json``; it is never deleted while it may hold
the only copy of the key the database needs.

Known limits: old backups keep the old key (they still open with the old passphrase, as with
a passphrase change); the old key file's bytes may survive on disk below the file system.
"""

from __future__ import annotations

import contextlib
from pathlib import Path

import sqlcipher3

from safe_archive.core.store import keys
from safe_archive.core.store.db import Connection, _raw_key, dbapi2, storage_error
from safe_archive.core.errors import KeyfileError, SafeArchiveError, StorageError, WrongPassphrase

PENDING_SUFFIX = ".rotating"


def pending_path(key_path: Path) -> Path:
    return key_path.with_name(key_path.name + PENDING_SUFFIX)


def _crash_point(name: str) -> None:
    """A no-op between durable steps; tests replace it to simulate a crash at each point."""


def probe(db_path: Path, data_key: bytes) -> bool:
    """Does the database accept this key? Reads page 1 (through the WAL); writes nothing."""
    try:
        conn = sqlcipher3.connect(f"file:{db_path}?mode=ro", uri=True, isolation_level=None)
    except dbapi2.Error:
        return False
    try:
        conn.execute("PRAGMA cipher_log_level = NONE")
        conn.set_key(_raw_key(data_key))
        tables = conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
        return bool(tables)
    except dbapi2.Error:
        return False
    finally:
        conn.close()


def _unlock(keyfile: keys.Keyfile, passphrase: str | None, recovery_key: str | None) -> bytes:
    if recovery_key is not None:
        return keyfile.unlock_with_recovery_key(recovery_key)
    if passphrase is not None:
        return keyfile.unlock_with_passphrase(passphrase)
    raise KeyfileError("A passphrase or the recovery key is needed to open the archive.")


def resume(
    db_path: Path,
    key_path: Path,
    keyfile: keys.Keyfile,
    data_key: bytes,
    *,
    passphrase: str | None,
    recovery_key: str | None,
) -> tuple[keys.Keyfile, bytes]:
    """Finish or roll back an interrupted rotation (call holding the archive lock, before
    connecting). Returns the key file and data key to open with."""
    pending = pending_path(key_path)
    with contextlib.suppress(FileNotFoundError):
        keys.remove_stale_temp(pending)
    if not pending.exists():
        return keyfile, data_key
    try:
        if probe(db_path, data_key):
            # Rotation never reached the database, or keys.json was already replaced.
            pending.unlink()
            keys._fsync_dir(key_path.parent)
            return keyfile, data_key
        try:
            new_keyfile = keys.read_keyfile(pending)
            if new_keyfile.archive_id != keyfile.archive_id:
                raise KeyfileError("pending key file of another archive")
            new_key = _unlock(new_keyfile, passphrase, recovery_key)
        except (KeyfileError, WrongPassphrase):
            return keyfile, data_key  # leave it; the open fails with the usual clear error
        if not probe(db_path, new_key):
            return keyfile, data_key  # neither key works: real damage, reported by connect
        # The rekey transaction is committed but may sit in the WAL only, with the database
        # file still (partly) under the old key: copy it in before anything else, or page
        # authentication (which reads the file, not the WAL) fails on every old page.
        _checkpoint_with(db_path, new_key)
        keys.write_keyfile_atomic(key_path, new_keyfile)  # finish: the new key file is final
        pending.unlink()
        keys._fsync_dir(key_path.parent)
        return new_keyfile, new_key
    except OSError as exc:
        raise storage_error(exc, "Finishing an interrupted key rotation") from None


def rotate(
    conn: Connection,
    folder: Path,
    keyfile: keys.Keyfile,
    data_key: bytes,
    passphrase: str,
    recovery_key: str,
    kdf: keys.KdfParams,
) -> tuple[keys.Keyfile, bytes]:
    """Re-encrypt under a new data key; returns the new key file and key. On failure after the
    pending file was written the caller must close the connection (its key state is unknown);
    the next open finishes or rolls back."""
    db_path, key_path = folder / "archive.db", folder / "keys.json"
    kdf.check()
    # 1. Both secrets must open the current key file and yield the key we are open with.
    if keyfile.unlock_with_passphrase(passphrase) != data_key:
        raise WrongPassphrase()
    if keyfile.unlock_with_recovery_key(recovery_key) != data_key:
        raise WrongPassphrase("recovery key")
    new_key = keys.new_data_key()
    recovery_secret = keys.decode_recovery_key(recovery_key)
    new_keyfile = keys.Keyfile(keyfile.archive_id, ())
    new_keyfile = new_keyfile.with_slot(new_keyfile.passphrase_slot(passphrase, new_key, kdf))
    new_keyfile = new_keyfile.with_slot(new_keyfile.recovery_slot(recovery_secret, new_key))
    new_keyfile = new_keyfile.sealed(new_key)
    pending = pending_path(key_path)
    # 2. The pending state, durable before the database changes.
    try:
        keys.write_keyfile_atomic(pending, new_keyfile)
    except OSError as exc:
        raise storage_error(exc, "Rotating the key") from None
    _crash_point("pending-written")
    # 3. Re-encrypt every page in one transaction.
    try:
        _checkpoint(conn)
        _crash_point("before-rekey")
        conn.reset_key(_raw_key(new_key))
        _crash_point("after-rekey")
        _checkpoint(conn)
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except dbapi2.Error as exc:
        raise _RotationInterrupted(storage_error(exc, "Rotating the key")) from None
    if not probe(db_path, new_key) or probe(db_path, data_key):
        raise _RotationInterrupted(StorageError("Rotating the key failed: the database did not take the new key."))
    _crash_point("rekeyed")
    # 4. Make the new key file the key file.
    try:
        keys.write_keyfile_atomic(key_path, new_keyfile)
        _crash_point("keyfile-replaced")
        pending.unlink()
        keys._fsync_dir(folder)
    except OSError as exc:
        raise _RotationInterrupted(storage_error(exc, "Rotating the key")) from None
    return new_keyfile, new_key


class _RotationInterrupted(SafeArchiveError):
    """The database may already use the new key; the archive must be closed and reopened."""

    def __init__(self, cause: SafeArchiveError) -> None:
        super().__init__(
            f"{cause} The archive was closed; open it again to finish or undo the rotation "
            "(nothing is lost)."
        )


def _checkpoint_with(db_path: Path, data_key: bytes) -> None:
    conn = sqlcipher3.connect(str(db_path), isolation_level=None)
    try:
        conn.execute("PRAGMA cipher_log_level = NONE")
        conn.set_key(_raw_key(data_key))
        _checkpoint(conn)
    except dbapi2.Error as exc:
        raise storage_error(exc, "Finishing an interrupted key rotation") from None
    finally:
        conn.close()


def _checkpoint(conn: Connection) -> None:
    busy, _, _ = conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
    if busy:
        raise dbapi2.OperationalError("database is locked (checkpoint busy)")


__all__ = ["PENDING_SUFFIX", "pending_path", "probe", "resume", "rotate"]
