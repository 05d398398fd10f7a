"""An init that died part-way: its leftovers never wedge the folder, and nothing that could be a
finished archive's data is deleted (tests/security/test_powerloss.py and test_crash.py crash
the real init; these tests build each leftover state by hand)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from safe_archive.core.archive import Archive
from safe_archive.core.archive import archive as archive_mod
from safe_archive.core.errors import ArchiveExists, ArchiveNotFound

from .conftest import FAST_KDF, PASSPHRASE


def _files(folder: Path) -> set[str]:
    return {p.name for p in folder.iterdir()}


@pytest.mark.parametrize("left", [
    ["keys.json.init"],
    ["keys.json.init.new"],
    ["keys.json.init", "archive.db.init"],
    ["keys.json.init", "archive.db.init", "archive.db.init-wal", "archive.db.init-shm"],
    ["archive.db.init"],
])
def test_leftovers_before_the_commit_point_are_reported_then_removed_by_init(tmp_path: Path, left: list[str]) -> None:
    folder = tmp_path / "arch"
    folder.mkdir()
    for name in left:
        (folder / name).write_bytes(b"half-written by a dead init")
    (folder / ".lock").write_bytes(b"")
    assert not Archive.exists(folder) and Archive.interrupted_init(folder)
    with pytest.raises(ArchiveNotFound, match="an earlier init there did not finish.*Run init again"):
        Archive.open(folder, PASSPHRASE)
    assert _files(folder) == {*left, ".lock"}  # open changes nothing
    with Archive.create(folder, PASSPHRASE, kdf=FAST_KDF) as archive:
        archive_id = archive.archive_id
    assert _files(folder) - {"archive.db-wal", "archive.db-shm"} == {"archive.db", "keys.json", ".lock"}
    with Archive.open(folder, PASSPHRASE) as archive:
        assert archive.archive_id == archive_id and archive.verify().ok


def test_a_crash_after_the_commit_point_is_finished_by_open(tmp_path: Path) -> None:
    """archive.db in place, keys.json still under its temporary name: a whole archive."""
    folder = tmp_path / "arch"
    with Archive.create(folder, PASSPHRASE, kdf=FAST_KDF) as archive:
        recovery = archive.recovery_key
    os.rename(folder / "keys.json", folder / "keys.json.init")
    assert Archive.exists(folder) and not Archive.interrupted_init(folder)
    with pytest.raises(ArchiveExists):  # init must not touch it
        Archive.create(folder, PASSPHRASE, kdf=FAST_KDF)
    assert (folder / "archive.db").exists() and (folder / "keys.json.init").exists()
    with Archive.open(folder, recovery_key=recovery) as archive:
        assert archive.verify().ok
    assert (folder / "keys.json").exists() and not (folder / "keys.json.init").exists()
    with Archive.open(folder, PASSPHRASE) as archive:
        assert archive.verify().ok


def test_a_temporary_key_file_of_another_archive_is_not_moved_into_place(tmp_path: Path) -> None:
    folder, other = tmp_path / "arch", tmp_path / "other"
    Archive.create(folder, PASSPHRASE, kdf=FAST_KDF).close()
    Archive.create(other, PASSPHRASE, kdf=FAST_KDF).close()
    (folder / "keys.json").unlink()
    os.rename(other / "keys.json", folder / "keys.json.init")
    with pytest.raises(Exception, match="different archive|damaged"):
        Archive.open(folder, PASSPHRASE)
    assert not (folder / "keys.json").exists() and (folder / "keys.json.init").exists()


@pytest.mark.parametrize("present", ["keys.json", "archive.db"])
def test_init_never_deletes_what_may_be_a_finished_archive(tmp_path: Path, present: str) -> None:
    """keys.json without archive.db (or the reverse) may be half of a real archive whose other
    half the user can still restore: init refuses and leaves every file as it was."""
    folder = tmp_path / "arch"
    folder.mkdir()
    (folder / present).write_bytes(b"not ours")
    (folder / "keys.json.init").write_bytes(b"a leftover")
    with pytest.raises(ArchiveExists):
        Archive.create(folder, PASSPHRASE, kdf=FAST_KDF)
    assert _files(folder) == {present, "keys.json.init"}
    assert (folder / present).read_bytes() == b"not ours"


def test_init_into_an_existing_empty_folder_keeps_the_folder(tmp_path: Path) -> None:
    folder = tmp_path / "chosen by the user"
    folder.mkdir()
    inode = folder.stat().st_ino
    Archive.create(folder, PASSPHRASE, kdf=FAST_KDF).close()
    assert folder.stat().st_ino == inode
    assert _files(folder) - {"archive.db-wal", "archive.db-shm"} == {"archive.db", "keys.json", ".lock"}


@pytest.mark.parametrize("step", ["keys-written", "db-built", "committed", "keys-in-place"])
def test_a_failure_at_any_step_of_init_leaves_a_folder_init_accepts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, step: str) -> None:
    """An error (not a crash) at each step: init undoes its own work, even after its commit
    point, and the next init in the same folder works."""
    folder = tmp_path / "arch"

    def fail(name: str) -> None:
        if name == step:
            raise OSError(28, "No space left on device")

    monkeypatch.setattr(archive_mod, "_init_step", fail)
    with pytest.raises(Exception, match="disk is full"):
        Archive.create(folder, PASSPHRASE, kdf=FAST_KDF)
    assert _files(folder) == {".lock"}
    monkeypatch.undo()
    Archive.create(folder, PASSPHRASE, kdf=FAST_KDF).close()
    with Archive.open(folder, PASSPHRASE) as archive:
        assert archive.verify().ok


def test_a_failed_reopen_after_the_commit_point_leaves_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The last step reopens the renamed database; if that fails (e.g. no room for the -shm
    file), init undoes the commit and removes the side files the reopen made."""
    from safe_archive.core.store.db import dbapi2

    folder = tmp_path / "arch"
    real = archive_mod.connect

    def connect(path: Path, data_key: bytes, *, create: bool):  # type: ignore[no-untyped-def]
        if not create:
            (path.parent / "archive.db-wal").write_bytes(b"")
            (path.parent / "archive.db-shm").write_bytes(b"")
            raise dbapi2.OperationalError("database or disk is full")
        return real(path, data_key, create=create)

    monkeypatch.setattr(archive_mod, "connect", connect)
    with pytest.raises(Exception, match="disk is full"):
        Archive.create(folder, PASSPHRASE, kdf=FAST_KDF)
    assert _files(folder) == {".lock"}
    monkeypatch.undo()
    Archive.create(folder, PASSPHRASE, kdf=FAST_KDF).close()
    with Archive.open(folder, PASSPHRASE) as archive:
        assert archive.verify().ok
