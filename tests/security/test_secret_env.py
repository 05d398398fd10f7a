"""Issue 18 row 5: with SAFE_ARCHIVE_PASSPHRASE set, ``scrub --workers 2`` passed it to three
child processes (two workers, multiprocessing's resource tracker): each one's
/proc/PID/environ held it. The CLI now takes the secret variables out of its environment as it
starts; the workers need no secret at all."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest

from safe_archive.core.secret_env import SECRET_ENV_VARS, take_secrets, without_secrets

from .conftest import CLI, PW, isolated_env, make_archive, rows, run_cli, write_jsonl

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc/PID/environ")


def _environ(pid: int) -> bytes:
    try:
        return Path(f"/proc/{pid}/environ").read_bytes()
    except (FileNotFoundError, ProcessLookupError, PermissionError):
        return b""


def test_scrub_workers_do_not_inherit_the_passphrase(tmp_path: Path) -> None:
    folder = make_archive(tmp_path / "a")
    env = isolated_env(tmp_path / "env")
    env["SAFE_ARCHIVE_RECOVERY_KEY"] = "SA1-not-a-real-recovery-key-canary"
    env["SAFE_ARCHIVE_SOCKLOG"] = str(tmp_path / "sock.log")  # row 7: workers create no socket either
    src = write_jsonl(tmp_path / "in.jsonl", rows(600))
    done = run_cli(["import", folder, src, "--no-scrub"], env)
    assert done.returncode == 0, done.stderr
    proc = subprocess.Popen([*CLI, "scrub", str(folder), "--workers", "2"], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    seen: dict[int, bytes] = {}
    parent = psutil.Process(proc.pid)
    while proc.poll() is None:
        try:
            for child in parent.children(recursive=True):
                data = _environ(child.pid)
                if data:
                    seen[child.pid] = data
        except psutil.NoSuchProcess:
            break
        time.sleep(0.05)
    out, err = proc.communicate(timeout=300)
    assert proc.returncode == 0, err
    assert b"Scrubbed 600 posts" in err
    # the test saw the children it is about: 2 workers and the resource tracker
    assert len(seen) >= 3, f"saw {len(seen)} child processes"
    for pid, data in seen.items():
        assert PW.encode() not in data, f"child {pid} has the passphrase in its environment"
        assert b"recovery-key-canary" not in data
        names = {item.split(b"=", 1)[0] for item in data.split(b"\0")}
        assert not names & {n.encode() for n in SECRET_ENV_VARS}, pid
        assert b"HOME=" in data  # the environment itself was read
    assert not (tmp_path / "sock.log").exists()


def test_take_secrets_and_without_secrets(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SAFE_ARCHIVE_PASSPHRASE", "p1")
    monkeypatch.setenv("SAFE_ARCHIVE_EXPORT_PASSPHRASE", "p2")
    with without_secrets():
        assert "SAFE_ARCHIVE_PASSPHRASE" not in os.environ
        assert "SAFE_ARCHIVE_EXPORT_PASSPHRASE" not in os.environ
    assert os.environ["SAFE_ARCHIVE_PASSPHRASE"] == "p1"
    assert take_secrets() == {"SAFE_ARCHIVE_PASSPHRASE": "p1", "SAFE_ARCHIVE_EXPORT_PASSPHRASE": "p2"}
    assert "SAFE_ARCHIVE_PASSPHRASE" not in os.environ


def test_parallel_scrubber_starts_workers_without_secrets(monkeypatch: pytest.MonkeyPatch) -> None:
    """Library callers too (not only the CLI): the pool's processes never see the variable."""
    from safe_archive.core.scrub.engine import EngineConfig
    from safe_archive.core.scrub.parallel import ParallelScrubber

    monkeypatch.setenv("SAFE_ARCHIVE_PASSPHRASE", PW)
    scrubber = ParallelScrubber(EngineConfig(), 2)
    try:
        procs = list(scrubber._pool._processes.values())  # noqa: SLF001 - what the test is about
        assert len(procs) == 2  # all started at once, inside the secret-free window
        for proc in procs:
            data = b""
            for _ in range(100):  # right after the spawn the new image may not be readable yet
                data = _environ(proc.pid)
                if data:
                    break
                time.sleep(0.05)
            assert b"HOME=" in data and PW.encode() not in data
        assert os.environ["SAFE_ARCHIVE_PASSPHRASE"] == PW  # the caller's environment is back
    finally:
        for proc in procs:
            proc.terminate()
        scrubber._pool.shutdown(wait=True, cancel_futures=True)  # noqa: SLF001
