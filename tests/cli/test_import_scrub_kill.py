"""Issue 14: `safe-archive import` killed (kill -9) while it scrubs loses no work — running the
same import again scrubs every post the archive holds unscrubbed, not only that run's new ones."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from safe_archive.core.archive import Archive
from tests.dbutil import sql
from tests.export.helpers import FAST_KDF, PASSPHRASE

# The CLI in a subprocess, with a stand-in for the NLP pipeline that says "BATCH" per batch
# and takes $SLOW seconds (so the test can kill it mid-scrub), 20 posts per batch.
WRAPPER = """
import os, sys, time
from safe_archive.core.scrubbing import service as scrubbing
scrubbing.BATCH = 20
def fake(inputs, known, policy):
    print("BATCH", flush=True)
    time.sleep(float(os.environ.get("SLOW", "0")))
    return [[] for _ in inputs]
scrubbing.ArchiveScrubber._engine_fn = lambda self: fake
from safe_archive.cli.main import main
sys.exit(main(sys.argv[1:]))
"""
POSTS = 300


def _cli(args: list[str], slow: float) -> subprocess.Popen[str]:
    env = dict(os.environ, SAFE_ARCHIVE_PASSPHRASE=PASSPHRASE, SLOW=str(slow), PYTHONUNBUFFERED="1")
    return subprocess.Popen([sys.executable, "-c", WRAPPER, *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=env)


def _unscrubbed(folder: Path) -> int:
    with Archive.open(folder, PASSPHRASE) as archive:
        return int(sql(archive).execute("SELECT count(*) FROM posts WHERE scrubbed_policy IS NULL").fetchone()[0])


def _kill_mid_scrub(args: list[str]) -> None:
    proc = _cli(args, slow=0.3)
    assert proc.stdout is not None
    deadline = time.monotonic() + 120
    batches = 0
    while batches < 3 and time.monotonic() < deadline:  # two batches committed, the third running
        line = proc.stdout.readline()
        if not line:
            break
        batches += line.strip() == "BATCH"
    assert batches == 3, proc.stderr.read() if proc.stderr else ""
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(30)


def test_kill_during_the_import_scrub_then_rerun_scrubs_every_post(tmp_path: Path) -> None:
    folder = tmp_path / "a"
    Archive.create(folder, PASSPHRASE, kdf=FAST_KDF).close()
    source = tmp_path / "posts.jsonl"
    source.write_text("".join(json.dumps({"id": str(i), "author": f"user{i % 7}", "text": f"post number {i}"}) + "\n"
                              for i in range(POSTS)), encoding="utf-8")

    # killed twice while scrubbing: the second run is killed while it scrubs what the first left
    for _ in range(2):
        before = _unscrubbed(folder) or POSTS  # nothing stored before the first run
        _kill_mid_scrub(["import", str(folder), str(source)])
        left = _unscrubbed(folder)
        assert 0 < left < before  # the kill landed mid-scrub: some posts scrubbed, some not

    again = _cli(["import", str(folder), str(source)], slow=0)
    _out, err = again.communicate(timeout=300)
    assert again.returncode == 0, err
    assert f"0 imported, {POSTS} duplicates" in err
    assert f"Scrubbed {left} posts" in err
    assert _unscrubbed(folder) == 0
