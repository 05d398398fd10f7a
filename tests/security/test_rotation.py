"""Key rotation (SECURITY.md property 8; core/archive/rotation.py): a new data key, crash-safe.

Random SIGKILL during ``rotate_key`` and deterministic crashes at every durable step: the next
open (with the passphrase or with the recovery key) always succeeds, the database accepts
exactly one key — the one the key file now holds — and if the key changed the old key no
longer opens it; verify passes; the data is unchanged; no pending file is left.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import time
from collections import Counter
from pathlib import Path

import pytest

from safe_archive.core.archive import Archive
from safe_archive.core.store import rotation
from safe_archive.core.errors import WrongPassphrase

from .conftest import DRIVER, FAST_KDF, PW, PYTHON, data_key_of, rows, trials, write_jsonl
from tests.dbutil import sql


def _dump(archive: Archive) -> list[tuple[object, ...]]:
    return sql(archive).execute("SELECT id, source_id, text FROM posts ORDER BY id").fetchall()


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str, bytes, list[tuple[object, ...]]]:
    base = tmp_path_factory.mktemp("rot")
    folder = base / "template"
    with Archive.create(folder, PW, kdf=FAST_KDF) as archive:
        recovery = archive.recovery_key
        archive.import_files([write_jsonl(base / "p.jsonl", rows(1500))])
        expected = _dump(archive)
    assert recovery
    return folder, recovery, data_key_of(folder), expected


def _check(folder: Path, recovery: str, old_key: bytes, expected: list[tuple[object, ...]], *, by_recovery: bool) -> str:
    opener = (lambda: Archive.open(folder, recovery_key=recovery)) if by_recovery else (lambda: Archive.open(folder, PW))
    with opener() as archive:
        report = archive.verify()
        assert report.ok, report.lines()
        assert _dump(archive) == expected
        key = archive._key()
    assert not rotation.pending_path(folder / "keys.json").exists()
    assert sorted(p.name for p in folder.iterdir() if not (p.name.startswith("archive.db-") and p.stat().st_size == 0)) == [".lock", "archive.db", "keys.json"]
    db = folder / "archive.db"
    assert rotation.probe(db, key)
    if key != old_key:
        assert not rotation.probe(db, old_key), "the old key still opens the database"
    for leftover in folder.glob("archive.db-*"):  # the read-only probes' wal-index
        leftover.unlink()
    # Both secrets open it afterwards, whichever one finished the rotation.
    with Archive.open(folder, PW if by_recovery else None, recovery_key=None if by_recovery else recovery) as again:
        assert again._key() == key
    return "new" if key != old_key else "old"


def test_rotation_round_trip(template, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    folder, recovery, old_key, expected = template
    target = tmp_path / "a"
    shutil.copytree(folder, target)
    with Archive.open(target, PW) as archive:
        with pytest.raises(WrongPassphrase):
            archive.rotate_key("not the passphrase", recovery, kdf=FAST_KDF)
        archive.rotate_key(PW, recovery, kdf=FAST_KDF)
        assert archive.verify().ok and _dump(archive) == expected
        assert archive.search('"post 7 about"', original=True).total == 1
        archive.rotate_key(PW, recovery, kdf=FAST_KDF)  # twice in a row
        archive.backup(tmp_path / "bk")
    assert _check(target, recovery, old_key, expected, by_recovery=False) == "new"
    with Archive.open(tmp_path / "bk", PW) as backup:
        assert _dump(backup) == expected


POINTS = ["pending-written", "before-rekey", "after-rekey", "rekeyed", "keyfile-replaced"]


class _Crash(BaseException):
    pass


CASES = [(p, False) for p in POINTS] + [("after-rekey", True), ("rekeyed", True)]


@pytest.mark.parametrize("point,by_recovery", CASES, ids=[f"{p}-{'recovery' if r else 'passphrase'}" for p, r in CASES])
def test_crash_at_each_rotation_step(template, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, point: str, by_recovery: bool) -> None:  # type: ignore[no-untyped-def]
    folder, recovery, old_key, expected = template
    target = tmp_path / "a"
    shutil.copytree(folder, target)
    archive = Archive.open(target, PW)

    def crash(name: str) -> None:
        if name == point:
            raise _Crash()

    monkeypatch.setattr(rotation, "_crash_point", crash)
    with pytest.raises(_Crash):
        archive.rotate_key(PW, recovery, kdf=FAST_KDF)
    monkeypatch.undo()
    # The process "dies": its connection and lock go away without any clean-up.
    sql(archive).close()
    archive._lock.release()
    outcome = _check(target, recovery, old_key, expected, by_recovery=by_recovery)
    assert outcome == ("old" if point in ("pending-written", "before-rekey") else "new")


def _run_rotation_kills(template, tmp_path: Path, n: int, seed: int) -> None:  # type: ignore[no-untyped-def]
    folder, recovery, old_key, expected = template
    rng = random.Random(seed)
    outcomes: Counter[str] = Counter()
    env = dict(os.environ, DRIVER_PW=PW, DRIVER_RECOVERY=recovery)
    steps = ["READY", *POINTS]
    for trial in range(n):
        target = tmp_path / f"t{trial}"
        shutil.copytree(folder, target)
        proc = subprocess.Popen([PYTHON, str(DRIVER), "rotate", str(target)], stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True, env=env)
        assert proc.stdout is not None
        # Aim: read up to a random step marker, then kill after a random short delay, so kills
        # land in every window (KDF, pending write, checkpoint, rekey, key-file replace).
        aim = rng.choice(steps)
        for line in proc.stdout:
            if line.strip() == aim or line.strip() == f"STEP {aim}" or line.startswith("DONE"):
                break
        time.sleep(rng.choice([0.0, rng.uniform(0, 0.005), rng.uniform(0, 0.05), rng.uniform(0, 0.4)]))
        killed = proc.poll() is None
        if killed:
            os.kill(proc.pid, signal.SIGKILL)
        out, err = proc.communicate(timeout=60)
        assert killed or proc.returncode == 0, err[-2000:]
        pending = rotation.pending_path(target / "keys.json").exists()
        result = _check(target, recovery, old_key, expected, by_recovery=bool(trial % 2))
        outcomes[f"{result}{'-resumed' if pending else ''}{'' if killed else '-finished'}"] += 1
        shutil.rmtree(target)
    print(f"\nrotation kill trials: {n}; key after reopen: {dict(outcomes)}")


def test_kill_during_rotation_bounded(template, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    _run_rotation_kills(template, tmp_path, trials(6), seed=9)


@pytest.mark.slow
@pytest.mark.timeout(3 * 3600)
def test_kill_during_rotation_long(template, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    _run_rotation_kills(template, tmp_path, trials(200), seed=int(time.time()))
