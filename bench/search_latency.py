"""Search latency over the full query language at scale.

    python bench/search_latency.py [--posts 1000000] [--folder DIR] [--write-docs]

Builds (or reuses) an archive of synthetic posts with ``Archive.add_posts`` in batches, then
fills each batch's redacted text and findings the way the scrubber would (names replaced by
placeholders), adds tags, labels and a collection, and times ``Archive.search`` (count + one
page of 20 hits with snippets) over a fixed query mix: words of every frequency, phrases,
prefixes, OR, NOT, and every filter, alone and combined. One warm-up pass, then one measured
pass; reports p50/p95/max overall and per query shape. Target (issue 5): p95 <= 50 ms at
1,000,000 posts. Synthetic text only: invented words and names.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import re
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from datetime import datetime, timedelta, timezone
from pathlib import Path

from safe_archive.core.archive import Archive, KdfParams
from safe_archive.core.model import Post, Visibility

PASSPHRASE = "benchmark passphrase"
KDF = KdfParams(memory_kib=64 * 1024, iterations=3, lanes=4)
BATCH = 10_000
SYLLABLES = ["ka", "lo", "mi", "ra", "te", "su", "no", "vi", "da", "pe", "zu", "ho", "ne", "ba", "ri", "go"]
COMMON = ("i was told that he never would and we it the a to of in my when after they she said about "
          "school friend family night home years old again nobody believed me still today").split()
NAMES = [f"{a}{b}".capitalize() for a in SYLLABLES for b in SYLLABLES]  # 256 invented first names
PLATFORMS = ["twitter", "mastodon", "reddit", "bluesky"]
LANGS = ["en", "en", "en", "fr", "de", "es"]
TAGS = ["school", "family", "work", "church", "sport"]


def vocabulary(size: int, seed: int = 7) -> list[str]:
    rng = random.Random(seed)
    words: set[str] = set()
    while len(words) < size:
        words.add("".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))))
    return sorted(words)


VOCAB = vocabulary(20000)
# A share of the posts is Chinese (no spaces between words), searched through the bigram index
# posts_fts_cjk (issue 17): a vocabulary of two- and three-character words from these characters.
HAN = "我被性侵了一直不敢说公司上司他对们很多人学校老师朋友家里晚上年前又没有相信今天还是记得害怕告诉"
CJK_SHARE = 0.05


def cjk_vocabulary(size: int = 3000, seed: int = 11) -> list[str]:
    rng = random.Random(seed)
    words: set[str] = set()
    while len(words) < size:
        words.add("".join(rng.choice(HAN) for _ in range(rng.randint(2, 3))))
    return sorted(words)


CJK_VOCAB = cjk_vocabulary()


def make_posts(start: int, count: int, rng: random.Random, cum: list[float]) -> list[Post]:
    base = datetime(2015, 1, 1, tzinfo=timezone.utc)
    out = []
    for i in range(start, start + count):
        if rng.random() < CJK_SHARE:
            text = "".join(rng.choices(CJK_VOCAB, k=rng.randint(6, 30))) + "。"
        else:
            words = [rng.choice(COMMON) if rng.random() < 0.45 else w
                     for w in rng.choices(VOCAB, cum_weights=cum, k=rng.randint(8, 40))]
            if rng.random() < 0.3:
                words.insert(rng.randrange(len(words)), rng.choice(NAMES))
            text = " ".join(words)
        out.append(Post(
            platform=rng.choice(PLATFORMS), source_id=f"s{i}", text=text,
            author_handle=f"user_{rng.randint(1, 50000)}", created_at=base + timedelta(minutes=5 * i),
            lang=rng.choice(LANGS), visibility=Visibility.PUBLIC,
        ))
    return out


_NAME_RE = re.compile(r"\b(" + "|".join(NAMES) + r")\b")


def scrub_batch(archive: Archive, ids: list[int], rng: random.Random) -> None:
    """What the scrubber leaves behind: findings and a redacted text per post."""
    with archive._store.transaction() as conn:
        marks = ",".join("?" * len(ids))
        rows = conn.execute(f"SELECT id, text FROM posts WHERE id IN ({marks})", ids).fetchall()
        findings, updates, tags, labels, reviewed, members = [], [], [], [], [], []
        for pid, text in rows:
            for m in _NAME_RE.finditer(text):
                findings.append((pid, m.start(), m.end(), m.group(0).lower(),
                                 "pending" if rng.random() < 0.1 else "accepted"))
            updates.append((_NAME_RE.sub("[PERSON]", text), pid))
            if rng.random() < 0.02:
                tags.append((pid, rng.choice(TAGS)))
            if rng.random() < 0.005:
                labels.append((pid,))
            if rng.random() < 0.05:
                reviewed.append((pid,))
            if rng.random() < 0.001:
                members.append((pid,))
        conn.executemany(
            "INSERT INTO findings(post_id, start, end, entity_type, score, source, term, status) "
            "VALUES (?, ?, ?, 'PERSON', 0.9, 'bench', ?, ?)", findings)
        conn.executemany("UPDATE posts SET redacted_text = ?, scrubbed_policy = 1 WHERE id = ?", updates)
        conn.executemany("INSERT OR IGNORE INTO post_tags(post_id, tag) VALUES (?, ?)", tags)
        conn.executemany("INSERT OR IGNORE INTO post_labels(post_id, label) VALUES (?, 'do-not-export')", labels)
        conn.executemany("UPDATE posts SET review_status = 'reviewed' WHERE id = ?", reviewed)
        conn.executemany("INSERT OR IGNORE INTO collection_posts(collection_id, post_id) VALUES (1, ?)", members)


def build(folder: Path, n: int) -> Archive:
    archive = Archive.create(folder, PASSPHRASE, kdf=KDF)
    with archive._store.transaction() as conn:
        conn.execute("INSERT INTO collections(name, kind, created_at) VALUES ('sample', 'static', '2024-01-01')")
        conn.execute("INSERT INTO collections(name, kind, query, created_at) VALUES "
                     "('school-dyn', 'dynamic', 'tag:school', '2024-01-01')")
    rng = random.Random(1)
    cum: list[float] = []
    acc = 0.0
    for rank in range(len(VOCAB)):  # Zipf-like word frequencies
        acc += 1.0 / (rank + 1)
        cum.append(acc)
    # Synthetic build only: FTS5 secure-delete is switched off while each batch's redacted
    # text replaces the empty one (it makes those updates ~3x slower and there is nothing
    # sensitive to erase here), and switched back on before any query is timed.
    archive._store.conn.execute("INSERT INTO posts_fts(posts_fts, rank) VALUES ('secure-delete', 0)")
    t0 = time.perf_counter()
    for start in range(0, n, BATCH):
        batch = make_posts(start, min(BATCH, n - start), rng, cum)
        result = archive.add_posts(batch)
        scrub_batch(archive, result.added_ids, rng)
        done = start + len(batch)
        if done % 100_000 == 0 or done == n:
            rate = done / (time.perf_counter() - t0)
            print(f"  {done:,} posts stored and scrubbed ({rate:,.0f}/s)", file=sys.stderr, flush=True)
    archive._store.conn.execute("INSERT INTO posts_fts(posts_fts, rank) VALUES ('secure-delete', 1)")
    archive._store.conn.execute("INSERT INTO posts_fts(posts_fts) VALUES ('optimize')")
    archive._store.conn.execute("PRAGMA optimize")
    return archive


def query_mix(count: int = 240, seed: int = 3) -> list[tuple[str, str]]:
    rng = random.Random(seed)
    mid, rare = VOCAB[200:5000], VOCAB[5000:]
    shapes = {
        "rare word": lambda: rng.choice(rare),
        "mid word": lambda: rng.choice(mid),
        "two words": lambda: f"{rng.choice(mid)} {rng.choice(mid)}",
        "phrase": lambda: f'"{rng.choice(COMMON)} {rng.choice(mid)}"',
        "prefix": lambda: rng.choice(mid)[:4] + "*",
        "OR": lambda: f"{rng.choice(mid)} OR {rng.choice(rare)}",
        "NOT": lambda: f"{rng.choice(mid)} -{rng.choice(COMMON)}",
        "common word": lambda: rng.choice(COMMON),
        "word author:": lambda: f"{rng.choice(mid)} author:user_{rng.randint(1, 50000)}",
        "word platform: lang:": lambda: f"{rng.choice(mid)} platform:{rng.choice(PLATFORMS)} lang:{rng.choice(LANGS)}",
        "word after: before:": lambda: f"{rng.choice(mid)} after:{rng.randint(2015, 2017)} before:2018-06",
        "word has:PERSON": lambda: f"{rng.choice(mid)} has:PERSON",
        "word tag:": lambda: f"{rng.choice(mid)} tag:{rng.choice(TAGS)}",
        "word status:": lambda: f"{rng.choice(mid)} status:{rng.choice(['unreviewed', 'reviewed', 'pending'])}",
        "filter only": lambda: rng.choice([f"author:user_{rng.randint(1, 50000)}", f"tag:{rng.choice(TAGS)}",
                                           "label:do-not-export", "collection:sample", "collection:school-dyn"]),
        "word collection:": lambda: f"{rng.choice(mid)} collection:school-dyn",
        "Chinese word": lambda: rng.choice(CJK_VOCAB),
        "Chinese character": lambda: rng.choice(HAN),
        "Chinese word + filter": lambda: f"{rng.choice(CJK_VOCAB)} platform:{rng.choice(PLATFORMS)}",
    }
    names = list(shapes)
    return [(names[i % len(names)], shapes[names[i % len(names)]]()) for i in range(count)]


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--posts", type=int, default=1_000_000)
    ap.add_argument("--folder", type=Path, help="Reuse (or create) the archive here; default: a temp folder.")
    ap.add_argument("--queries", type=int, default=240)
    ap.add_argument("--cache-mib", type=int, nargs="+", default=[0, 64],
                    help="Time the mix with each page-cache size in MiB (0: the archive's default).")
    ap.add_argument("--write-docs", action="store_true", help="Write the figures to docs/benchmarks.md.")
    args = ap.parse_args()
    tmp = None
    folder = args.folder
    if folder is None:
        tmp = tempfile.TemporaryDirectory(prefix="sa-bench-")
        folder = Path(tmp.name) / "archive"
    t0 = time.perf_counter()
    if Archive.exists(folder):
        archive = Archive.open(folder, PASSPHRASE)
        build_s = None
    else:
        archive = build(folder, args.posts)
        build_s = time.perf_counter() - t0
    try:
        n = archive.count_posts()
        size_mb = (folder / "archive.db").stat().st_size / 1e6
        mix = query_mix(args.queries)
        lines = [
            f"Measured by `bench/search_latency.py --posts {args.posts}` on {platform.machine()} "
            f"({platform.python_implementation()} {platform.python_version()}, {os.cpu_count()} shared CPUs), "
            f"{n:,} synthetic posts, database {size_mb:,.0f} MB"
            + (f", built in {build_s:,.0f} s" if build_s else "") + ".",
            "Each query is `Archive.search(q, limit=20)`: the count (exact up to 10,000) plus one page of 20 hits "
            "with keyword-in-context snippets, over the redacted text; one warm-up pass over the mix, then one "
            "measured pass. Target (issue 5): p95 ≤ 50 ms at 1,000,000 posts.",
        ]
        for mib in args.cache_mib:
            if mib:
                archive._store.conn.execute(f"PRAGMA cache_size = -{mib * 1024}")
            cache_kib = int(archive._store.conn.execute("PRAGMA cache_size").fetchone()[0])
            cache = f"{-cache_kib // 1024} MiB" if cache_kib < 0 else f"{cache_kib} pages"
            for _, q in mix:  # warm-up pass
                archive.search(q, limit=20)
            times: dict[str, list[float]] = defaultdict(list)
            totals: dict[str, list[int]] = defaultdict(list)
            all_ms: list[float] = []
            for shape, q in mix:
                t = time.perf_counter()
                page = archive.search(q, limit=20)
                ms = (time.perf_counter() - t) * 1000
                times[shape].append(ms)
                totals[shape].append(page.total)
                all_ms.append(ms)
            load = os.getloadavg()[0]
            lines += [
                "",
                f"### Page cache {cache}" + (" (the archive's default)" if not mib else " (PRAGMA cache_size set by the bench)"),
                "",
                f"**All {len(all_ms)} queries: p50 {statistics.median(all_ms):.1f} ms, p95 {pct(all_ms, 95):.1f} ms, "
                f"max {max(all_ms):.1f} ms** — load average {load:.1f} on {os.cpu_count()} CPUs when the pass ended.",
                "",
                "| query shape | n | median hits | p50 ms | p95 ms | max ms |",
                "|---|---|---|---|---|---|",
            ]
            for shape, values in times.items():
                lines.append(f"| {shape} | {len(values)} | {int(statistics.median(totals[shape])):,} | "
                             f"{statistics.median(values):.1f} | {pct(values, 95):.1f} | {max(values):.1f} |")
    finally:
        archive.close()
    report = "\n".join(lines)
    print(report)
    if args.write_docs:
        write_section(Path(__file__).resolve().parents[1] / "docs" / "benchmarks.md", "Search latency", report)
    if tmp is not None:
        tmp.cleanup()
    return 0


def write_section(path: Path, title: str, body: str) -> None:
    """Replace only the '## title' section of a Markdown file."""
    text = path.read_text(encoding="utf-8") if path.exists() else (
        "# Benchmarks\n\nEvery figure here was measured by the script named in its section.\n")
    heading = f"## {title}"
    block = f"{heading}\n\n{body.strip()}\n"
    pattern = re.compile(rf"^{re.escape(heading)}\n.*?(?=^## |\Z)", re.S | re.M)
    text = pattern.sub(lambda _m: block + "\n", text, count=1) if pattern.search(text) else text.rstrip() + "\n\n" + block
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text.rstrip() + "\n", encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())
