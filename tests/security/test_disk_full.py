"""Disk full (SECURITY.md property 7) on a real full file system: a small tmpfs mounted for
the test (needs root; skipped with the reason otherwise).

Import, passphrase change and backup are run through the CLI until the disk fills: each fails
with one clear line on stderr (exit 1); every batch committed before the failure is still there;
verify passes; once space is freed the same import finishes without duplicates; no leftover
files remain after the next open/close.
"""

from __future__ import annotations

import os
import subprocess
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from safe_archive.core.archive import Archive
from safe_archive.core.store import keys as keys_mod
from safe_archive.core.errors import WrongPassphrase

from .conftest import NEW_PW, PW, isolated_env, make_archive, one_error_line, rows, run_cli, write_jsonl
from tests.dbutil import sql

SMALL = "3m"


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    mount = tmp_path / f"tmpfs-{uuid.uuid4().hex[:6]}"
    mount.mkdir()
    if os.geteuid() != 0:
        pytest.skip("mounting a small tmpfs needs root")
    result = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={SMALL},mode=0700", "tmpfs", str(mount)],
                            capture_output=True, text=True)
    if result.returncode != 0:
        pytest.skip(f"cannot mount tmpfs here: {result.stderr.strip()}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def _grow(mount: Path, size: str) -> None:
    subprocess.run(["mount", "-o", f"remount,size={size}", str(mount)], check=True)


def _fill(mount: Path, leave: int) -> Path:
    """Fill the file system until about ``leave`` bytes are free."""
    filler = mount / "filler"
    st = os.statvfs(mount)
    free = st.f_bavail * st.f_frsize
    with open(filler, "wb") as handle:
        try:
            handle.write(b"\0" * max(0, free - leave))
        except OSError:
            pass
    return filler


def test_import_until_disk_full_then_resume(tmp_path: Path, small_disk: Path) -> None:
    folder = make_archive(small_disk / "archive")
    env = isolated_env(tmp_path / "env")
    first = write_jsonl(tmp_path / "first.jsonl", rows(200, prefix="a"))
    big_rows = rows(30000, prefix="b", text_extra="padding " * 20)
    big = write_jsonl(tmp_path / "big.jsonl", big_rows)
    assert big.stat().st_size > 3 * 1024 * 1024  # more than the whole disk
    # --no-scrub: this is about storage; scrubbing 30,000 posts would only make it slow
    ok = run_cli(["import", "--no-scrub", folder, first], env)
    assert ok.returncode == 0, ok.stderr
    failed = run_cli(["import", "--no-scrub", folder, big], env)
    assert failed.returncode == 1
    line = one_error_line(failed.stderr.split("Total:")[-1] if "Total:" in failed.stderr else failed.stderr)
    assert "disk is full" in line, failed.stderr
    print(f"\ndisk-full import error: {line}")
    # Everything committed is still there and consistent (opened on the still-full disk).
    with Archive.open(folder, PW) as archive:
        report = archive.verify()
        assert report.ok, report.lines()
        ids = {r[0] for r in sql(archive).execute("SELECT source_id FROM posts")}
        assert {f"a{i}" for i in range(200)} <= ids
        partial = len(ids) - 200
    print(f"records kept from the file that filled the disk: {partial}")
    # Free space, import again: finishes, no duplicates.
    _grow(small_disk, "64m")
    again = run_cli(["import", "--no-scrub", "--json", folder, big], env, timeout=600)
    assert again.returncode == 0, again.stderr
    with Archive.open(folder, PW) as archive:
        assert archive.count_posts() == 30200
        assert sql(archive).execute("SELECT count(DISTINCT source_id) FROM posts").fetchone()[0] == 30200
        assert archive.verify().ok
    assert sorted(p.name for p in folder.iterdir() if not (p.name.endswith(("-wal", "-shm")) and p.stat().st_size == 0)) == [".lock", "archive.db", "keys.json"]


def test_passphrase_change_and_backup_on_a_full_disk(tmp_path: Path, small_disk: Path) -> None:
    """Fill the disk to several levels so the failure lands at different steps (open, key-file
    write, audit record, VACUUM INTO): each run succeeds or fails cleanly, exactly one
    passphrase works, no partial key file or backup is left."""
    folder = make_archive(small_disk / "archive")
    env = isolated_env(tmp_path / "env")
    src = write_jsonl(tmp_path / "p.jsonl", rows(300))
    assert run_cli(["import", "--no-scrub", folder, src], env).returncode == 0
    current, other = PW, NEW_PW
    outcomes: list[str] = []
    for i, leave in enumerate([0, 44 << 10]):
        filler = _fill(small_disk, leave=leave)
        run_env = dict(env, SAFE_ARCHIVE_PASSPHRASE=current, SAFE_ARCHIVE_NEW_PASSPHRASE=other)
        result = run_cli(["passwd", folder], run_env)
        if result.returncode == 0:
            current, other = other, current
            outcomes.append(f"passwd@{leave >> 10}K:ok")
        else:
            line = one_error_line(result.stderr)
            assert "disk is full" in line, line
            outcomes.append(f"passwd@{leave >> 10}K:full({'open' if 'Cannot open' in line else 'write'})")
        assert not (folder / "keys.json.new").exists()
        keyfile = keys_mod.read_keyfile(folder / "keys.json")
        keyfile.unlock_with_passphrase(current)
        with pytest.raises(WrongPassphrase):
            keyfile.unlock_with_passphrase(other)
        dest = small_disk / f"backup{i}"
        result = run_cli(["backup", folder, dest], dict(env, SAFE_ARCHIVE_PASSPHRASE=current))
        if result.returncode == 0:
            outcomes.append(f"backup@{leave >> 10}K:ok")
            filler.unlink()
            with Archive.open(dest, current) as copy:
                report = copy.verify()
                assert report.ok, report.lines()
                assert copy.count_posts() == 300
            for leftover in dest.iterdir():
                leftover.unlink()
            dest.rmdir()
        else:
            line = one_error_line(result.stderr)
            assert "disk is full" in line, line
            outcomes.append(f"backup@{leave >> 10}K:full({'open' if 'Cannot open' in line else 'write'})")
            assert not (dest / "archive.db").exists(), "a partial backup was left behind"
        if filler.exists():
            filler.unlink()
    print("\n" + " ".join(outcomes))
    assert any(":full(open)" in o for o in outcomes) and any(":full(write)" in o for o in outcomes)
    with Archive.open(folder, current) as archive:
        assert archive.verify().ok and archive.count_posts() == 300


def test_short_writes_never_truncate_the_key_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """os.write may write part of a buffer on a nearly full disk; the key file must come out whole."""
    folder = make_archive(tmp_path / "a")
    real_write = os.write
    calls = []

    def short_write(fd: int, data: bytes) -> int:
        calls.append(len(data))
        return real_write(fd, bytes(data[:97]))

    archive = Archive.open(folder, PW)
    monkeypatch.setattr(keys_mod.os, "write", short_write)
    from .conftest import FAST_KDF

    archive.change_passphrase(NEW_PW, kdf=FAST_KDF)
    monkeypatch.undo()
    archive.close()
    assert len(calls) > 3  # really was written in pieces
    with Archive.open(folder, NEW_PW) as again:
        assert again.verify().ok


def test_backup_failing_on_the_key_file_leaves_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The database snapshot succeeds, then copying the key file fails (disk full): neither a
    snapshot without its key nor a half key file may stay in the backup folder."""
    import errno
    import shutil

    folder = make_archive(tmp_path / "a")
    real_copy = shutil.copyfile

    def full_copy(src: object, dst: object, **kw: object) -> object:
        Path(str(dst)).write_bytes(Path(str(src)).read_bytes()[:100])  # part written, then ENOSPC
        raise OSError(errno.ENOSPC, "No space left on device")

    with Archive.open(folder, PW) as archive:
        monkeypatch.setattr(shutil, "copyfile", full_copy)
        from safe_archive.core.errors import StorageError

        with pytest.raises(StorageError, match="disk is full"):
            archive.backup(tmp_path / "bk")
        monkeypatch.setattr(shutil, "copyfile", real_copy)
        assert sorted(p.name for p in (tmp_path / "bk").iterdir()) == []
        archive.backup(tmp_path / "bk")  # and the next attempt works
    with Archive.open(tmp_path / "bk", PW) as copy:
        assert copy.verify().ok


def test_create_on_a_full_disk_leaves_no_half_archive(tmp_path: Path, small_disk: Path) -> None:
    """init on a nearly full disk: a clean SafeArchiveError at every fill level, no half-made
    archive left behind (which would make every later init say 'already holds an archive')."""
    from safe_archive.core.archive import KdfParams
    from safe_archive.core.errors import StorageError

    outcomes = []
    for leave in (0, 4 << 10, 20 << 10, 40 << 10, 60 << 10, 100 << 10):
        folder = small_disk / f"a{leave}"
        filler = _fill(small_disk, leave=leave)
        try:
            Archive.create(folder, PW, kdf=KdfParams(64 * 1024, 3, 4)).close()
            outcomes.append(f"{leave >> 10}K:created")
        except StorageError as exc:
            assert "\n" not in str(exc)
            left = sorted(p.name for p in folder.iterdir()) if folder.exists() else []
            assert set(left) <= {".lock"}, left
            outcomes.append(f"{leave >> 10}K:refused")
        filler.unlink()
        if outcomes[-1].endswith("refused"):  # with space again, init in the same folder works
            Archive.create(folder, PW, kdf=KdfParams(64 * 1024, 3, 4)).close()
        with Archive.open(folder, PW) as archive:
            assert archive.verify().ok
    print("\ncreate on a full disk: " + " ".join(outcomes))
    assert any(o.endswith("refused") for o in outcomes)
