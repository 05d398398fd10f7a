"""Archive at scale: import N synthetic posts through the CLI's code path, then measure.

    python bench/archive_scale.py [--posts 1000000] [--write-docs]

Reports posts/s stored (and, side by side in the same run, the same import into a plain
SQLite database with the same schema as a baseline ratio), peak memory of the importing
process, database size, search latency p50/p95 over 200 varied queries, and unlock time.
Targets (DESIGN.md): >= 20,000 posts/s, < 1 GB peak, p95 <= 50 ms, unlock <= 1.5 s.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import synth  # noqa: E402

from docs_section import write_section  # noqa: E402

PASSPHRASE = "benchmark passphrase"

_IMPORT_CHILD = r"""
import json, resource, sys, time
from pathlib import Path
mode, folder, source = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3])
if mode == "plain":
    # Baseline: the same importer, schema and insert code on the same SQLite build, unkeyed.
    import sqlcipher3 as sqlite3
    from safe_archive.core.store import schema
    from safe_archive.core.store import posts
    from safe_archive.core.store.importing import run_import
    folder.mkdir()
    conn = sqlite3.connect(folder / "plain.db", isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL"); conn.execute("PRAGMA synchronous=FULL")
    schema.migrate(conn)
    def store(batch, batch_id):
        conn.execute("BEGIN IMMEDIATE")
        r = posts.insert_posts(conn, batch, None)
        conn.execute("COMMIT")
        return r.added, r.duplicates, []
    t = time.perf_counter()
    summary = run_import([source], store=store, start_batch=lambda a, b: 0, finish_batch=lambda fs, s: None)
    elapsed = time.perf_counter() - t
    imported = summary.imported
else:
    from safe_archive.core.archive import Archive
    archive = Archive.create(folder, sys.argv[4])
    t = time.perf_counter()
    summary = archive.import_files([source])
    elapsed = time.perf_counter() - t
    imported = summary.imported
    archive.close()
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
print(json.dumps({"imported": imported, "seconds": elapsed, "peak_bytes": peak}))
"""


def run_child(mode: str, folder: Path, source: Path) -> dict[str, float]:
    out = subprocess.run(
        [sys.executable, "-c", _IMPORT_CHILD, mode, str(folder), str(source), PASSPHRASE],
        check=True, capture_output=True, text=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def folder_size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.iterdir() if p.is_file())


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--posts", type=int, default=1_000_000)
    parser.add_argument("--write-docs", action="store_true", help="write figures to docs/benchmarks.md")
    args = parser.parse_args()

    from safe_archive.core.archive import Archive

    with tempfile.TemporaryDirectory(prefix="sa-bench-") as tmp:
        tmpdir = Path(tmp)
        source = tmpdir / "posts.jsonl"
        t = time.perf_counter()
        synth.write_jsonl(source, args.posts)
        print(f"generated {args.posts} posts ({source.stat().st_size / 1e6:.0f} MB) in {time.perf_counter() - t:.0f} s", file=sys.stderr)

        plain = run_child("plain", tmpdir / "plain", source)
        print(f"plain sqlite: {plain['imported'] / plain['seconds']:.0f} posts/s", file=sys.stderr)
        enc = run_child("encrypted", tmpdir / "archive", source)
        print(f"archive: {enc['imported'] / enc['seconds']:.0f} posts/s, peak {enc['peak_bytes'] / 1e6:.0f} MB", file=sys.stderr)
        db_bytes = folder_size(tmpdir / "archive")

        t = time.perf_counter()
        archive = Archive.open(tmpdir / "archive", PASSPHRASE)
        unlock = time.perf_counter() - t
        try:
            latencies = []
            totals = []
            for query in synth.queries(200):
                t = time.perf_counter()
                page = archive.search(query, limit=20, original=True)
                latencies.append((time.perf_counter() - t) * 1000)
                totals.append(page.total)
        finally:
            archive.close()

    lat = sorted(latencies)
    p50 = statistics.median(lat)
    p95 = lat[int(round(0.95 * (len(lat) - 1)))]
    rate = enc["imported"] / enc["seconds"]
    plain_rate = plain["imported"] / plain["seconds"]
    rows = [
        ("posts imported", f"{int(enc['imported']):,}", ""),
        ("stored, encrypted archive", f"{rate:,.0f} posts/s", "≥ 20,000"),
        ("stored, same SQLite build without encryption (same run, same code)", f"{plain_rate:,.0f} posts/s", ""),
        ("ratio encrypted / plain", f"{rate / plain_rate:.2f}", ""),
        ("peak memory of the importing process", f"{enc['peak_bytes'] / 2**20:,.0f} MiB", "< 1 GB"),
        ("archive size on disk", f"{db_bytes / 2**20:,.0f} MiB", ""),
        ("search p50 (200 queries)", f"{p50:.1f} ms", ""),
        ("search p95 (200 queries)", f"{p95:.1f} ms", "≤ 50 ms"),
        ("search max", f"{lat[-1]:.1f} ms", ""),
        ("median hits per query", f"{int(statistics.median(totals)):,}", ""),
        ("unlock (Argon2id 256 MiB/t=3/p=4 + open)", f"{unlock:.2f} s", "≤ 1.5 s"),
    ]
    table = "| measure | result | target |\n|---|---|---|\n" + "\n".join(f"| {a} | {b} | {c} |" for a, b, c in rows)
    machine = f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, {platform.system()} {platform.release()}"
    body = (
        f"`python bench/archive_scale.py --posts {args.posts}` on {machine}; "
        f"{time.strftime('%Y-%m-%d')}. Import goes through `Archive.import_files` (the CLI's path: "
        "generic JSONL importer, batches of 5,000 in one transaction each, one FTS5 INSERT…SELECT per "
        "batch). The baseline runs the same importer, schema and insert code on the same SQLite build "
        "without a key, in a child process of the same run; peak memory is the importing child's "
        "max RSS, which includes Argon2id's 256 MiB at archive creation. "
        "Search runs the 200-query mix of `bench/synth.py` (rare/common words, AND, phrases, "
        "prefixes, OR, NOT) with bm25 ranking, total count and snippets, over the original-text "
        "column (the synthetic posts are not scrubbed; the redacted column has the same size "
        "once they are).\n\n" + table + "\n"
    )
    print(body)
    if args.write_docs:
        write_section(HERE.parent / "docs" / "benchmarks.md", "Archive scale", body)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
