"""Peak memory of one scrub worker (issue 13: ≤ 500 MiB), stage by stage.

This process is the worker: the default engine (or ``--set key=value`` overrides), then
2,000 BTC + WNUT-17 dev tweets scrubbed twice in batches of 128, then either

* ``--then zh`` (default): the 3,997 Chinese-GSD train sentences of ``ner_multi``, then 256
  posts of 8 of them each (≤ 548 characters), or
* ``--then en``: 256 posts of 8 tweets each (≤ 930 characters),

printing VmHWM (peak resident memory, MiB) after each stage as one JSON line. ``--multi``:
after the tweets, also every ``ner_multi`` dev split and the multilingual fixture (a worker
that has met every language's parts). Run each case
in a fresh process; Linux only (``/proc/self/status``). Figures: docs/quality.md "Worker
memory".

    python bench/scrub_worker_memory.py            # tweets, Chinese, long Chinese posts
    python bench/scrub_worker_memory.py --then en  # tweets, long English posts
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from dataclasses import replace
from pathlib import Path

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(os.environ.get("SCRUB_DATA", ROOT.parent / "shared" / "data"))


def status(key: str) -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(key + ":"):
            return round(int(line.split()[1]) / 1024, 1)
    return float("nan")


def texts(path: Path) -> list[str]:
    return [json.loads(line)["text"] for line in path.read_text(encoding="utf-8").splitlines()
            if line.strip()]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--then", choices=("zh", "en"), default="zh")
    ap.add_argument("--set", action="append", default=[], help="EngineConfig key=value")
    ap.add_argument("--multi", action="store_true", help="also every language, after the tweets")
    args = ap.parse_args()
    sys.path.insert(0, str(ROOT / "src"))
    from safe_archive.core.scrub.engine import EngineConfig
    from safe_archive.core.scrub.known import ScrubInput
    from safe_archive.core.scrub.scrubber import Scrubber

    overrides: dict[str, object] = {}
    for item in args.set:
        key, _, value = item.partition("=")
        overrides[key] = {"true": True, "false": False}.get(value.lower(), value)
    tweets = (texts(DATA / "ner" / "btc_dev.jsonl")
              + texts(DATA / "ner" / "wnut17_dev.jsonl"))[:2000]
    c0 = time.process_time()
    scrubber = Scrubber.load(replace(EngineConfig(), **overrides))
    out: dict[str, object] = {"startup_cpu_s": round(time.process_time() - c0, 2),
                              "hwm_loaded": status("VmHWM")}

    def run(posts: list[str]) -> None:
        for lo in range(0, len(posts), 128):
            scrubber.scrub([ScrubInput(t) for t in posts[lo:lo + 128]])

    run(tweets)
    run(tweets)
    out["hwm_tweets"] = status("VmHWM")
    if args.multi:
        multi: list[str] = []
        for path in sorted((DATA / "ner_multi").glob("*_dev.jsonl")):
            multi += texts(path)
        multi += texts(ROOT / "tests" / "scrub" / "fixtures" / "multilingual_testimony.jsonl")
        run(multi)
        out["hwm_multi"] = status("VmHWM")
        out["multi_posts"] = len(multi)
    if args.then == "zh":
        zh = texts(DATA / "ner_multi" / "uner_zh_gsd_train.jsonl")
        run(zh)
        out["hwm_zh"] = status("VmHWM")
        long_posts = ["".join(zh[i:i + 8]) for i in range(0, 2048, 8)]
    else:
        long_posts = [" ".join(tweets[i:i + 8]) for i in range(0, 2000, 8)]
    run(long_posts)
    out["hwm_long"] = status("VmHWM")
    out["long_posts"] = len(long_posts)
    out["max_long_chars"] = max(map(len, long_posts))
    out["rss_end"] = status("VmRSS")
    print(json.dumps(out))


if __name__ == "__main__":
    main()
