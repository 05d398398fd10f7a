"""kill -9 at random moments (SECURITY.md properties 6 and 8).

A driver subprocess imports (printing "ACK n" after each committed batch) or changes the
passphrase; the test kills it with SIGKILL after a random number of acknowledgements plus a
random delay, then checks on the real files:

* the archive opens (with exactly one of the old/new passphrases, for passphrase changes);
* ``verify`` passes: page authentication, integrity_check, FTS integrity-check, key file MAC;
* every acknowledged record is present, and batches are atomic (stored = a prefix of whole
  batches);
* running the import again finishes with every record exactly once;
* no leftover files beside the archive after the next open/close.
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

from safe_archive.core.archive import Archive, ScrubSummary
from safe_archive.core.errors import ArchiveNotFound, WrongPassphrase

from .conftest import DRIVER, FAST_KDF, NEW_PW, PW, PYTHON, make_archive, rows, trials, write_jsonl
from tests.dbutil import sql

N_ROWS = 1200
BATCH = 100
EXPECTED_FILES = {"archive.db", "keys.json", ".lock"}


def _start(mode: str, folder: Path, *args: object, env_extra: dict[str, str] | None = None) -> subprocess.Popen[str]:
    env = dict(os.environ, DRIVER_PW=PW, DRIVER_NEW_PW=NEW_PW, **(env_extra or {}))
    return subprocess.Popen(
        [PYTHON, str(DRIVER), mode, str(folder), *map(str, args)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
    )


def _kill_after(proc: subprocess.Popen[str], acks_wanted: int, delay: float) -> tuple[int, bool, bool]:
    """Read until READY and ``acks_wanted`` ACK lines, sleep ``delay``, SIGKILL.
    Returns (highest acknowledged count, whether the driver printed DONE, whether it was
    still running when killed)."""
    assert proc.stdout is not None
    acked, done, seen = 0, False, 0
    ready = acks_wanted < 0  # negative: kill during start-up, before READY
    while not ready or seen < acks_wanted:
        line = proc.stdout.readline()
        if not line:
            break
        if line.startswith("READY"):
            ready = True
        elif line.startswith("ACK"):
            acked, seen = int(line.split()[1]), seen + 1
        elif line.startswith("DONE"):
            done = True
    time.sleep(delay)
    running = proc.poll() is None
    if running:
        os.kill(proc.pid, signal.SIGKILL)
    out, err = proc.communicate(timeout=60)
    for line in out.splitlines():  # acknowledgements printed before the kill landed count too
        if line.startswith("ACK"):
            acked = max(acked, int(line.split()[1]))
        elif line.startswith("DONE"):
            done = True
    if not running:
        assert proc.returncode == 0, err[-2000:]
    return acked, done, running


def _leftovers(folder: Path) -> set[str]:
    return {p.name for p in folder.iterdir() if p.name not in EXPECTED_FILES and not (p.name.startswith("archive.db-") and p.stat().st_size == 0)}


def _check_import_trial(folder: Path, source: Path, acked: int) -> tuple[int, int]:
    """Returns (records stored at the kill, batches found interrupted)."""
    with Archive.open(folder, PW) as archive:
        report = archive.verify()
        assert report.ok, report.lines()
        stored = [r[0] for r in sql(archive).execute("SELECT source_id FROM posts")]
        m = len(stored)
        assert m >= acked, f"acknowledged {acked} records but only {m} stored"
        assert set(stored) == {f"r{i}" for i in range(m)}, "stored records are not a prefix of the file"
        assert m % BATCH == 0 or m == N_ROWS, f"{m} stored: a batch was committed partially"
        # The killed run's batch (if it got to start one) is 'interrupted' with what it stored,
        # or 'done' if it finished; never left 'running'.
        batches = sql(archive).execute("SELECT id, status, imported FROM import_batches").fetchall()
        assert all(status in ("interrupted", "done") for _, status, _ in batches), batches
        assert all(n == m for _, status, n in batches if status == "interrupted"), (batches, m)
        again = archive.import_files([source])
        assert again.imported + again.duplicates == N_ROWS
        assert again.imported == N_ROWS - m and again.duplicates == m
        assert again.files[0].resumed == [b for b, status, _ in batches if status == "interrupted"]
        unresolved = sql(archive).execute(
            "SELECT count(*) FROM import_batches WHERE status='interrupted' AND resumed_by IS NULL").fetchone()[0]
        assert unresolved == 0
        assert archive.count_posts() == N_ROWS
        assert sql(archive).execute("SELECT count(DISTINCT source_id) FROM posts").fetchone()[0] == N_ROWS
        assert archive.search('"post 7 about"', original=True).total == 1
        final = archive.verify()
        assert final.ok, final.lines()
    assert _leftovers(folder) == set(), _leftovers(folder)
    return m, len(again.files[0].resumed)


def _run_import_kills(tmp_path: Path, n: int, seed: int) -> None:
    rng = random.Random(seed)
    template = make_archive(tmp_path / "template")
    source = write_jsonl(tmp_path / "posts.jsonl", rows(N_ROWS))
    n_batches = N_ROWS // BATCH
    stats: Counter[str] = Counter()
    stored_at_kill: list[int] = []
    for trial in range(n):
        folder = tmp_path / f"t{trial}"
        shutil.copytree(template, folder)
        acks = rng.randint(-1, n_batches)
        delay = rng.uniform(0, 0.6) if acks < 0 else rng.choice([0.0, rng.uniform(0, 0.003), rng.uniform(0, 0.05)])
        proc = _start("import", folder, source, BATCH)
        acked, done, killed = _kill_after(proc, acks, delay)
        stats["killed" if killed else "finished-before-kill"] += 1
        stats["during-startup" if acked == 0 and not done else "during-import"] += 1
        stored, interrupted = _check_import_trial(folder, source, acked)
        stored_at_kill.append(stored)
        stats["batch-marked-interrupted"] += interrupted
        stats["lost-acknowledged"] += 0  # _check_import_trial asserts this never happens
        shutil.rmtree(folder)
    print(f"\nimport kill trials: {n}; {dict(stats)}; stored at kill (records): "
          f"min {min(stored_at_kill)} max {max(stored_at_kill)} distinct {len(set(stored_at_kill))}")
    assert stats["killed"] >= n // 2, "most trials must really kill the driver mid-way"


def test_killed_import_is_marked_interrupted_and_rerun_finishes_it(tmp_path: Path) -> None:
    """SIGKILL while the driver waits after its 3rd committed batch (so the kill surely lands
    mid-import). Before: the batch stayed 'running' with no finish time and 0 imported, for
    ever. Now the next open marks it 'interrupted' (with the 300 posts it stored) in the
    history and the audit log; the re-run imports the other 900 once, skips the 300 as
    duplicates, links the two batches and hands the 300 unscrubbed posts to the scrub hook."""
    folder = make_archive(tmp_path / "a")
    source = write_jsonl(tmp_path / "posts.jsonl", rows(N_ROWS))
    proc = _start("import", folder, source, BATCH, env_extra={"DRIVER_STOP_AFTER_ACKS": "3"})
    assert proc.stdout is not None
    lines = []
    while not lines or lines[-1] != "WAITING":
        line = proc.stdout.readline()
        assert line, "the driver ended before its third batch: " + proc.communicate(timeout=60)[1][-2000:]
        lines.append(line.strip())
    os.kill(proc.pid, signal.SIGKILL)
    proc.communicate(timeout=60)
    assert proc.returncode == -signal.SIGKILL
    assert lines[-2] == f"ACK {3 * BATCH}"

    with Archive.open(folder, PW) as archive:
        batch = sql(archive).execute(
            "SELECT id, status, finished_at, imported, resumed_by FROM import_batches").fetchall()
        assert batch == [(1, "interrupted", None, 3 * BATCH, None)]
        entry = archive.audit_entries()[0]
        assert (entry.action, entry.details) == ("import-interrupted", {"batch": 1, "imported": 3 * BATCH})
        handed: list[int] = []

        class Recorded:  # stands in for the scrub step: what it is asked to scrub
            def run(self, archive: Archive, **_: object) -> ScrubSummary:
                handed.extend(archive.scrubber().pending_ids())
                return ScrubSummary()

            def pending(self, archive: Archive) -> int:
                return 0

        again = archive.import_files([source], scrub=Recorded())
        assert (again.imported, again.duplicates, again.files[0].resumed) == (N_ROWS - 3 * BATCH, 3 * BATCH, [1])
        assert "finishes the interrupted import #1" in "\n".join(again.lines())
        assert archive.count_posts() == N_ROWS
        assert sql(archive).execute("SELECT count(DISTINCT source_id) FROM posts").fetchone()[0] == N_ROWS
        assert sorted(handed) == sorted(r[0] for r in sql(archive).execute("SELECT id FROM posts"))
        assert len(handed) == N_ROWS  # each post once: 900 new ones + the 300 the killed run left
        rows_now = sql(archive).execute(
            "SELECT id, status, imported, duplicates, resumed_by FROM import_batches ORDER BY id").fetchall()
        assert rows_now == [(1, "interrupted", 3 * BATCH, 0, 2), (2, "done", N_ROWS - 3 * BATCH, 3 * BATCH, None)]
        assert archive.audit_entries()[0].details["resumes"] == "1"
        assert archive.verify().ok
    with Archive.open(folder, PW) as archive:  # reopening changes nothing more
        assert [e.action for e in archive.audit_entries()].count("import-interrupted") == 1
        assert sql(archive).execute("SELECT status FROM import_batches ORDER BY id").fetchall() == [
            ("interrupted",), ("done",)]
    assert _leftovers(folder) == set()


def test_kill_during_import_bounded(tmp_path: Path) -> None:
    _run_import_kills(tmp_path, trials(8), seed=7)


@pytest.mark.slow
@pytest.mark.timeout(3 * 3600)
def test_kill_during_import_long(tmp_path: Path) -> None:
    _run_import_kills(tmp_path, trials(200), seed=int(time.time()))


def _opens_with(folder: Path, passphrase: str) -> bool:
    try:
        with Archive.open(folder, passphrase) as archive:
            report = archive.verify()
            assert report.ok, report.lines()
            assert archive.count_posts() == 30
        return True
    except WrongPassphrase:
        return False


def _run_passwd_kills(tmp_path: Path, n: int, seed: int) -> None:
    rng = random.Random(seed)
    template = tmp_path / "template"
    with Archive.create(template, PW, kdf=FAST_KDF) as archive:
        archive.import_files([write_jsonl(tmp_path / "p.jsonl", rows(30))])
    outcome: Counter[str] = Counter()
    for trial in range(n):
        folder = tmp_path / f"t{trial}"
        shutil.copytree(template, folder)
        proc = _start("passwd", folder)
        _, done, killed = _kill_after(proc, 0, rng.uniform(0.0, 0.45))
        old_ok, new_ok = _opens_with(folder, PW), _opens_with(folder, NEW_PW)
        assert old_ok != new_ok, f"trial {trial}: old opens={old_ok}, new opens={new_ok}"
        assert not done or new_ok
        outcome["new" if new_ok else "old"] += 1
        assert _leftovers(folder) == set(), _leftovers(folder)
        shutil.rmtree(folder)
    print(f"\npasswd kill trials: {n}; opens with: {dict(outcome)}")


def test_kill_during_passphrase_change_bounded(tmp_path: Path) -> None:
    _run_passwd_kills(tmp_path, trials(6), seed=8)


@pytest.mark.slow
@pytest.mark.timeout(3 * 3600)
def test_kill_during_passphrase_change_long(tmp_path: Path) -> None:
    _run_passwd_kills(tmp_path, trials(200), seed=int(time.time()))


INIT_STEPS = ["startup", "start", "keys-written", "db-built", "committed", "keys-in-place"]


def _check_after_killed_init(folder: Path, created: bool) -> str:
    """A killed init leaves a working archive, or nothing that stops init from running again
    (open says the earlier init did not finish). Never a folder both refuse."""
    if created:
        assert (folder / "archive.db").exists(), "init returned but there is no archive.db"
    if (folder / "archive.db").exists():
        moved = not (folder / "keys.json").exists()
        with Archive.open(folder, PW) as archive:
            report = archive.verify()
            assert report.ok, report.lines()
            assert archive.count_posts() == 0
        assert _leftovers(folder) == set(), _leftovers(folder)
        return "opens, key file moved by open" if moved else "opens"
    assert not (folder / "keys.json").exists(), "keys.json without archive.db"
    leftover = folder.exists() and Archive.interrupted_init(folder)
    if folder.exists():
        with pytest.raises(ArchiveNotFound) as refused:
            Archive.open(folder, PW)
        assert not leftover or "did not finish" in str(refused.value), str(refused.value)
    Archive.create(folder, PW, kdf=FAST_KDF).close()
    with Archive.open(folder, PW) as archive:
        assert archive.verify().ok
    assert _leftovers(folder) == set(), _leftovers(folder)
    return "init again, leftovers removed" if leftover else "init again"


def _run_init_kills(tmp_path: Path, n: int, seed: int) -> Counter[str]:
    """kill -9 aimed inside ``init``: after a random step it reports (or during start-up),
    plus a random delay."""
    rng = random.Random(seed)
    outcome: Counter[str] = Counter()
    for trial in range(n):
        folder = tmp_path / f"t{trial}" / "arch"
        folder.parent.mkdir()
        if trial % 2:
            folder.mkdir(mode=0o700)  # a folder the user chose, already there and empty
        after = rng.choice(INIT_STEPS)
        delay = rng.choice([0.0, rng.uniform(0, 0.005), rng.uniform(0, 0.1)])
        proc = _start("create", folder)
        assert proc.stdout is not None
        created = False
        if after == "startup":
            time.sleep(rng.uniform(0.0, 1.5))
        else:
            for line in proc.stdout:
                if line.strip() == f"STEP {after}":
                    break
        time.sleep(delay)
        running = proc.poll() is None
        if running:
            os.kill(proc.pid, signal.SIGKILL)
        out, err = proc.communicate(timeout=60)
        created = "CREATED" in out.split()
        if not running:
            assert proc.returncode == 0, err[-2000:]
        result = _check_after_killed_init(folder, created)
        outcome[f"{after}: {result}" if running else "finished"] += 1
        shutil.rmtree(folder.parent)
    print(f"\ninit kill trials: {n}; killed after step -> outcome: {dict(sorted(outcome.items()))}")
    return outcome


def test_kill_during_init_bounded(tmp_path: Path) -> None:
    _run_init_kills(tmp_path, trials(12), seed=9)


@pytest.mark.slow
@pytest.mark.timeout(3 * 3600)
def test_kill_during_init_long(tmp_path: Path) -> None:
    _run_init_kills(tmp_path, trials(200), seed=int(time.time()))


class _Crash(BaseException):
    """Stands for the process dying at this exact point."""


@pytest.mark.parametrize("point", ["write", "fsync", "replace", "fsync_dir"])
def test_crash_at_each_step_of_a_passphrase_change(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, point: str) -> None:
    """Deterministic crash points in the key-file write that random kills rarely hit."""
    from safe_archive.core.store import keys

    folder = make_archive(tmp_path / "a")
    archive = Archive.open(folder, PW)
    real = {"write": os.write, "fsync": os.fsync, "replace": os.replace, "fsync_dir": keys._fsync_dir}
    calls = Counter[str]()

    def crash(name: str):  # type: ignore[no-untyped-def]
        def fn(*args, **kwargs):  # type: ignore[no-untyped-def]
            calls[name] += 1
            if name == point:
                if name == "write":  # half the bytes reach the disk, then the process dies
                    real["write"](args[0], args[1][: len(args[1]) // 2])
                raise _Crash()
            return real[name](*args, **kwargs)
        return fn

    monkeypatch.setattr(keys.os, "write", crash("write"))
    monkeypatch.setattr(keys.os, "fsync", crash("fsync"))
    monkeypatch.setattr(keys.os, "replace", crash("replace"))
    monkeypatch.setattr(keys, "_fsync_dir", crash("fsync_dir"))
    with pytest.raises(_Crash):
        archive.change_passphrase(NEW_PW, kdf=FAST_KDF)
    monkeypatch.undo()
    assert calls[point] == 1
    archive._lock.release()  # the "dead" process's lock goes with it
    sql(archive).close()
    old_ok, new_ok = _opens_with_empty(folder, PW), _opens_with_empty(folder, NEW_PW)
    assert old_ok != new_ok
    assert new_ok == (point == "fsync_dir")
    assert not (folder / "keys.json.new").exists(), "the next open must remove the half-written key file"


def _opens_with_empty(folder: Path, passphrase: str) -> bool:
    try:
        with Archive.open(folder, passphrase) as archive:
            assert archive.verify().ok
        return True
    except WrongPassphrase:
        return False
