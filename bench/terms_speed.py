"""How long the Terms view's summary takes on a large review queue: ``term_summaries`` (counting
in SQL, grouped by the stored term) against the first version, which read every pending finding
into Python and grouped there (kept below as the baseline), in the same run.

    python bench/terms_speed.py [--posts 100000] [--write-docs]

The archive: synthetic posts (bench/synth.py) and one pending PERSON finding on every second
post, as in bench/gui_scale.py. Figures are CPU seconds of this process (the work runs on the
app's database thread), median of 3 runs each.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import synth  # noqa: E402
from docs_section import write_section  # noqa: E402

from safe_archive.core.archive import Archive, KdfParams  # noqa: E402
from safe_archive.core.review.terms import canonical, term_summaries  # noqa: E402


def python_grouping(archive: Archive) -> int:
    """The baseline: every pending finding read and grouped in Python (contexts left out)."""
    groups: dict[str, list[object]] = {}
    for fid, pid, etype, score, source, term in archive._store.conn.execute(
        "SELECT id, post_id, entity_type, score, source, term FROM findings WHERE status = 'pending'"
    ):
        key = canonical(str(term))
        g = groups.setdefault(key, [0, set(), Counter(), Counter(), 1.0, 0.0, []])
        g[0] += 1  # type: ignore[operator]
        g[1].add(pid)  # type: ignore[union-attr]
        g[2][etype] += 1  # type: ignore[index]
        g[3][source] += 1  # type: ignore[index]
        g[4], g[5] = min(g[4], score), max(g[5], score)  # type: ignore[call-overload]
        g[6].append(fid)  # type: ignore[union-attr]
    return len(groups)


def cpu(fn: object, runs: int = 3) -> float:
    times = []
    for _ in range(runs):
        t = time.process_time()
        fn()  # type: ignore[operator]
        times.append(time.process_time() - t)
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--posts", type=int, default=100_000)
    parser.add_argument("--write-docs", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="sa-terms-") as tmp:
        folder = Path(tmp) / "archive"
        source = synth.write_jsonl(Path(tmp) / "posts.jsonl", args.posts)
        archive = Archive.create(folder, "bench terms", kdf=KdfParams(64 * 1024, 3, 4))
        try:
            archive.import_files([source])
            with archive._store.transaction() as conn:
                conn.execute(
                    "INSERT INTO findings(post_id, start, end, entity_type, score, source, term, status) "
                    "SELECT id, 0, 4, 'PERSON', 0.5 + (id % 50) / 100.0, 'bench', 'name' || (id % 5000), 'pending' "
                    "FROM posts WHERE id % 2 = 0")
            findings = int(archive._store.conn.execute("SELECT count(*) FROM findings").fetchone()[0])
            base = cpu(lambda: python_grouping(archive))
            new = cpu(lambda: archive.review.term_summaries(contexts=0))
            with_contexts = cpu(lambda: archive.review.term_summaries())
            terms = len(archive.review.term_summaries(contexts=0))
        finally:
            archive.close()
    rows = [
        ("grouped in Python (the first version, baseline)", base),
        ("term_summaries: counted in SQL, no contexts", new),
        ("term_summaries with 3 contexts per term (what the view shows)", with_contexts),
    ]
    table = ("| summary of the review queue | CPU s | µs per finding | vs baseline |\n|---|---|---|---|\n"
             + "\n".join(f"| {a} | {b:.2f} | {b / findings * 1e6:.1f} | {b / base:.2f} |" for a, b in rows))
    body = (f"`python bench/terms_speed.py --posts {args.posts}`: {findings:,} pending findings, {terms:,} distinct "
            f"terms; CPU seconds of this process, median of 3; {time.strftime('%Y-%m-%d')}.\n\n{table}\n")
    print(body)
    if args.write_docs:
        write_section(HERE.parent / "docs" / "benchmarks.md", "Terms view summary", body)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
