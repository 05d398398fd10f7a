"""Load (issue 7): import N posts through the real import path, then a long mixed workload —
search (redacted and original, prefixes, phrases, OR/NOT), page reads, review-status writes —
measuring throughput, search latency percentiles and resident memory over the run.

Default suite: N = 5 000 (SAFE_ARCHIVE_LOAD_POSTS overrides). Long run (-m slow): N = 1 000 000
unless SAFE_ARCHIVE_LOAD_POSTS says otherwise. Figures are printed (-s) for docs/security.md.
"""

from __future__ import annotations

import gc
import json
import os
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest

from safe_archive.core.archive import Archive

from .conftest import FAST_KDF, PW
from tests.dbutil import transaction

WORDS = ("told believe happened school family night party friend teacher coach church office "
         "uncle brother manager doctor years silence afraid finally speaking support").split()


def _write_source(path: Path, n: int, rng: random.Random) -> Path:
    with open(path, "w", encoding="utf-8") as handle:
        for i in range(n):
            text = " ".join(rng.choice(WORDS) for _ in range(rng.randint(8, 40)))
            handle.write(json.dumps({"id": f"L{i}", "author": f"user{i % 5000}", "created_at": "2019-10-15T12:00:00Z",
                                     "text": f"{text} #MeToo n{i}"}) + "\n")
    return path


def _run(tmp_path: Path, n: int, ops: int) -> dict[str, float]:
    rng = random.Random(3)
    source = _write_source(tmp_path / "load.jsonl", n, rng)
    proc = psutil.Process()
    figures: dict[str, float] = {"posts": n}
    with Archive.create(tmp_path / "archive", PW, kdf=FAST_KDF) as archive:
        start = time.perf_counter()
        summary = archive.import_files([source])
        took = time.perf_counter() - start
        assert summary.imported == n
        figures["import posts/s"] = round(n / took)
        figures["rss after import MiB"] = round(proc.memory_info().rss / 2**20)
        queries = [rng.choice(WORDS) for _ in range(50)] + [f"{rng.choice(WORDS)} {rng.choice(WORDS)}" for _ in range(50)] \
            + [f'"{rng.choice(WORDS)} {rng.choice(WORDS)}"' for _ in range(30)] + [f"{rng.choice(WORDS)[:3]}*" for _ in range(30)] \
            + [f"{rng.choice(WORDS)} OR {rng.choice(WORDS)}" for _ in range(20)] + [f"{rng.choice(WORDS)} -{rng.choice(WORDS)}" for _ in range(20)]
        latencies: list[float] = []
        rss: list[int] = []
        ids = archive.post_ids(limit=1000)
        for i in range(ops):
            kind = i % 4
            t = time.perf_counter()
            if kind in (0, 1):
                archive.search(rng.choice(queries), original=True, limit=20, offset=rng.choice([0, 0, 20, 100]))
                latencies.append(time.perf_counter() - t)
            elif kind == 2:
                archive.get_posts(rng.sample(ids, 20))
            else:
                pid = rng.choice(ids)
                with transaction(archive, "review") as conn:
                    conn.execute("UPDATE posts SET review_status=? WHERE id=?", (rng.choice(["reviewed", "pending"]), pid))
            if i % max(1, ops // 20) == 0:
                gc.collect()
                rss.append(proc.memory_info().rss)
        latencies.sort()
        figures["search p50 ms"] = round(statistics.median(latencies) * 1000, 2)
        figures["search p95 ms"] = round(latencies[int(len(latencies) * 0.95)] * 1000, 2)
        figures["search max ms"] = round(latencies[-1] * 1000, 2)
        warm = rss[len(rss) // 4 :]
        figures["rss growth over run MiB"] = round((max(warm) - warm[0]) / 2**20, 1)
        figures["ops"] = ops
        report = archive.verify()
        assert report.ok, report.lines()
    figures["db size MiB"] = round((tmp_path / "archive" / "archive.db").stat().st_size / 2**20, 1)
    print(f"\nload: {figures}")
    return figures


def test_load_bounded(tmp_path: Path) -> None:
    n = int(os.environ.get("SAFE_ARCHIVE_LOAD_POSTS", "5000"))
    figures = _run(tmp_path, n, ops=600)
    assert figures["rss growth over run MiB"] < 32, figures


@pytest.mark.slow
@pytest.mark.timeout(4 * 3600)
def test_load_long(tmp_path: Path) -> None:
    n = int(os.environ.get("SAFE_ARCHIVE_LOAD_POSTS", "1000000"))
    figures = _run(tmp_path, n, ops=20000)
    assert figures["rss growth over run MiB"] < 64, figures


def test_control_memory_growth_is_measurable() -> None:
    """The RSS sampling above can fail: a workload that keeps 4 MiB per step shows the growth.

    Run in a fresh interpreter: in the test process, heap pages freed by earlier tests can
    be reused without RSS growing (it stayed flat at 607 MiB once in a full run)."""
    code = """
import gc, os, psutil
proc = psutil.Process()
kept, rss = [], []
for i in range(40):
    kept.append(os.urandom(4 << 20))
    if i % 2 == 0:
        gc.collect()
        rss.append(proc.memory_info().rss)
warm = rss[len(rss) // 4:]
print((max(warm) - warm[0]) / 2**20)
"""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert float(out.stdout.strip()) > 32, out.stdout
