"""Snapshot of what the scrubber finds, to check that a speed change finds exactly the same.

Scrubs the English and multilingual dev splits and the scrub fixtures with the default and
the fast profile (batches of 128, as the workers run) and writes one JSON line per post and
profile: its findings (every field, the score unrounded) and, for a stricter look at the two
models, the social NER's spans with their probabilities and the context model's spans and word
probabilities. ``--compare A B`` lists the posts whose lines differ.

Usage::

    python bench/scrub_snapshot.py --out /tmp/before.jsonl
    # ... change the code ...
    python bench/scrub_snapshot.py --out /tmp/after.jsonl
    python bench/scrub_snapshot.py --compare /tmp/before.jsonl /tmp/after.jsonl
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from dataclasses import replace
from pathlib import Path
from typing import Any

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(os.environ.get("SCRUB_SNAPSHOT_DATA", ROOT.parent / "shared" / "data"))
FAST = {"stock_ner": False, "context_model": False}


def sources() -> list[Path]:
    return (sorted((DATA / "ner").glob("*_dev.jsonl"))
            + sorted((DATA / "ner_multi").glob("*_dev.jsonl"))
            + sorted((ROOT / "tests" / "scrub" / "fixtures").glob("*.jsonl")))


def texts() -> list[tuple[str, str]]:
    out = []
    for path in sources():
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines()):
            if line.strip():
                out.append((f"{path.name}:{n}", json.loads(line)["text"]))
    return out


def _plain(x: Any) -> Any:
    if isinstance(x, (list, tuple)):
        return [_plain(v) for v in x]
    if hasattr(x, "item"):  # numpy scalars
        return x.item()
    return x


def snapshot(out: Path, profiles: list[str], limit: int | None) -> None:
    from safe_archive.core.scrub.engine import EngineConfig
    from safe_archive.core.scrub.known import ScrubInput
    from safe_archive.core.scrub.scrubber import Scrubber

    posts = texts()[:limit]
    with out.open("w", encoding="utf-8") as fh:
        for profile in profiles:
            config = EngineConfig() if profile == "default" else replace(EngineConfig(), **FAST)
            scrubber = Scrubber.load(config)
            nlp = scrubber.engine.nlp_engine
            for lo in range(0, len(posts), 128):
                chunk = posts[lo:lo + 128]
                found = scrubber.scrub([ScrubInput(t) for _k, t in chunk])
                arts = list(nlp.process_texts([t for _k, t in chunk]))
                for (key, _t), fs, art in zip(chunk, found, arts):
                    ud = art.tokens.user_data
                    fh.write(json.dumps({
                        "profile": profile, "post": key,
                        "findings": [[f.start, f.end, f.entity_type, repr(f.score), f.source,
                                      f.text] for f in fs],
                        "social": [[s, e, lab, repr(p)] for s, e, lab, p in ud.get("social", [])],
                        "context": _plain(ud.get("context", [])),
                        "context_words": _plain(ud.get("context_words", [])),
                    }, ensure_ascii=False) + "\n")
            print(f"{profile}: {len(posts)} posts", flush=True)


def compare(a: Path, b: Path) -> int:
    def read(p: Path) -> dict[tuple[str, str], dict[str, Any]]:
        return {(r["profile"], r["post"]): r for r in map(json.loads, p.read_text().splitlines())}

    ra, rb = read(a), read(b)
    if ra.keys() != rb.keys():
        print(f"different posts: {len(ra.keys() ^ rb.keys())}")
    differ = {"findings": 0, "social": 0, "context": 0, "context_words": 0}
    shown = 0
    for key in sorted(ra.keys() & rb.keys()):
        for field in differ:
            if ra[key][field] != rb[key][field]:
                differ[field] += 1
                if shown < 20:
                    shown += 1
                    print(key, field, "\n  A", ra[key][field], "\n  B", rb[key][field])
    print(f"{len(ra.keys() & rb.keys())} (profile, post) pairs compared; differing:", differ)
    return 1 if any(differ.values()) or ra.keys() != rb.keys() else 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path)
    ap.add_argument("--profiles", default="default,fast")
    ap.add_argument("--limit", type=int, default=None)
    ap.add_argument("--compare", nargs=2, type=Path)
    args = ap.parse_args(argv)
    if args.compare:
        return compare(*args.compare)
    if not args.out:
        ap.error("--out or --compare")
    snapshot(args.out, args.profiles.split(","), args.limit)
    return 0


if __name__ == "__main__":
    sys.exit(main())
