"""What matching terms through the canonical form costs (issue 14), against the regex matching
it replaced, in one run: CPU-seconds per post on the BTC dev tweets.

    python bench/redaction_speed.py [--posts N] [--terms N] [--write]

* known identifiers in the scrub (KnownIdentifierRecognizer): the old alternation regex
  (loaded from git at ``--baseline``) vs the canonical TermMatcher;
* the export leak check's known identifiers (KnownIdentifiers.find): old word n-grams vs new;
* the canonical words of a text (``tokens``) and the index pre-filter (``may_be_disguised``).
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))

from bench.docs_section import write_section  # noqa: E402
from safe_archive.core.export import leakcheck  # noqa: E402
from safe_archive.core.redaction.canonical import may_be_disguised, tokens  # noqa: E402
from safe_archive.core.scrub.recognizers import known_identifier_recognizer as new_kir  # noqa: E402
from safe_archive.core.scrub.recognizers.name_list_recognizer import load_names  # noqa: E402

DATA = ROOT.parent / "shared" / "data" / "ner" / "btc_dev.jsonl"


def _old_module(commit: str, path: str, name: str) -> ModuleType:
    source = subprocess.run(["git", "show", f"{commit}:{path}"], cwd=ROOT, check=True,
                            capture_output=True, text=True).stdout
    tmp = Path(tempfile.mkdtemp()) / f"{name}.py"
    tmp.write_text(source, encoding="utf-8")
    spec = importlib.util.spec_from_file_location(name, tmp)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def _cpu(fn, texts: list[str]) -> float:  # type: ignore[no-untyped-def]
    start = time.process_time()
    for t in texts:
        fn(t)
    return (time.process_time() - start) / len(texts)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--posts", type=int, default=2000)
    ap.add_argument("--terms", type=int, default=2000)
    ap.add_argument("--baseline", default="f6d2189")
    ap.add_argument("--write", action="store_true", help="write the section in docs/benchmarks.md")
    args = ap.parse_args()
    texts = [json.loads(line)["text"] for line in DATA.read_text(encoding="utf-8").splitlines()][: args.posts]
    rng = random.Random(7)
    names = load_names()
    first = sorted(n for n, e in names.items() if e.kind in ("first", "both") and n.isalpha())
    last = sorted(n for n, e in names.items() if e.kind in ("last", "both") and n.isalpha())
    terms = [f"{rng.choice(first).title()} {rng.choice(last).title()}" for _ in range(args.terms)]
    handles = [f"{rng.choice(first)}_{rng.randint(1, 99)}" for _ in range(args.terms // 4)]

    old_kir = _old_module(args.baseline, "src/safe_archive/core/scrub/recognizers/known_identifier_recognizer.py",
                          "old_kir")
    old_leak = _old_module(args.baseline, "src/safe_archive/core/export/leakcheck.py", "old_leak")
    known_terms = ([new_kir.KnownTerm(t, "PERSON", "propagated") for t in terms]
                   + [new_kir.KnownTerm(h, "USERNAME", "known:archive") for h in handles])
    old_rec = old_kir.KnownIdentifierRecognizer(
        [old_kir.KnownTerm(t.text, t.entity, t.source) for t in known_terms])
    new_rec = new_kir.KnownIdentifierRecognizer(known_terms)
    old_known, new_known = old_leak.KnownIdentifiers(), leakcheck.KnownIdentifiers()
    for t in terms:
        old_known.add(t, "PERSON", name=True)
        new_known.add(t, "PERSON", name=True)
    for h in handles:
        old_known.add(h, "AUTHOR")
        new_known.add(h, "AUTHOR")
    new_known.find("warm up")

    rows = [
        ("scrub known identifiers (old regex)", _cpu(lambda t: old_rec.analyze(t, []), texts)),
        ("scrub known identifiers (canonical)", _cpu(lambda t: new_rec.analyze(t, []), texts)),
        ("leak check known identifiers (old n-grams)", _cpu(old_known.find, texts)),
        ("leak check known identifiers (canonical)", _cpu(new_known.find, texts)),
        ("canonical words of a post (tokens)", _cpu(tokens, texts)),
        ("index pre-filter (may_be_disguised)", _cpu(may_be_disguised, texts)),
    ]
    share = sum(map(may_be_disguised, texts)) / len(texts)
    lines = [f"`python bench/redaction_speed.py --write`: {len(texts)} BTC dev tweets, "
             f"{len(known_terms)} known terms ({args.terms} two-word names, {len(handles)} handles); "
             f"CPU time per post in one process, baseline = the matching code at {args.baseline}.", "",
             "| What | CPU µs per post | vs old |", "|---|---:|---:|"]
    base = {"scrub": rows[0][1], "leak": rows[2][1]}
    for name, sec in rows:
        ref = base["scrub"] if name.startswith("scrub") else base["leak"] if name.startswith("leak") else None
        ratio = f"{sec / ref:.2f}×" if ref else ""
        lines.append(f"| {name} | {sec * 1e6:.1f} | {ratio} |")
    lines += ["", f"Posts the pre-filter sends to the matcher besides the full-text index: {share:.1%}."]
    body = "\n".join(lines)
    print(body)
    if args.write:
        write_section(ROOT / "docs" / "benchmarks.md", "Canonical term matching", body)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
