"""Build ``resources/scrub/names_uner.tsv``: per-language name evidence from Universal NER train.

Input (build time only): the **train** splits in ``shared/data/ner_multi`` (Universal NER v1,
CC BY-SA 4.0; Danish, Croatian, Portuguese, Serbian, Slovak, Swedish). Dev and test splits
are never read. Croatian and Serbian are pooled as ``sh`` (one word list serves both).

For every capitalised word (the tokeniser of the multilingual name recognizer), folded
(lower case, no accents), per language:

* ``word`` rows: how often it is (part of) a PERSON span, and how often it is capitalised
  outside every gold span (not counting the first word of a sentence, capitalised anyway).
  Kept when it occurs at least ``--min-count`` times.
* ``suffix`` rows: the same counts for the last 2, 3 and 4 letters of words of at least 5
  letters ("-ović", "-sen", "-ová"): how a language's surnames end, plus how often words of
  any case outside every gold span end so ("-ali", "-ite": verbs, never names). Kept when
  seen at least ``--min-suffix`` times.

Output: ``kind  lang  key  person  other  other_any`` (tab-separated; ``other_any`` only for
suffixes), a CC BY-SA 4.0 adaptation
(see resources/scrub/README.md).

Usage::

    python bench/scrub_build_names_uner.py --data ../shared/data/ner_multi \
        --out resources/scrub/names_uner.tsv
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from safe_archive.core.scrub.recognizers.multilingual_name_recognizer import _TOKEN  # noqa: E402
from safe_archive.core.scrub.wordlists import fold  # noqa: E402

LANGS = {"da": ["da"], "sv": ["sv"], "sh": ["hr", "sr"], "sk": ["sk"], "pt": ["pt"]}
_END = ".!?…:;\n\"«»“”()[]-–—"


Counts = tuple[Counter[str], Counter[str], Counter[str], Counter[str], Counter[str]]


def _suffixes(key: str) -> list[str]:
    return [key[-n:] for n in (2, 3, 4) if len(key) >= 5]


def count(paths: list[Path]) -> Counts:
    per: Counter[str] = Counter()
    other: Counter[str] = Counter()
    suf_per: Counter[str] = Counter()
    suf_other: Counter[str] = Counter()
    suf_any: Counter[str] = Counter()
    for path in paths:
        for line in path.open(encoding="utf-8"):
            rec = json.loads(line)
            text = rec["text"]
            spans = [(s["start"], s["end"], s["label"]) for s in rec["spans"]]
            for i, m in enumerate(_TOKEN.finditer(text)):
                w = m.group()
                inside = [lab for a, b, lab in spans if a <= m.start() < b]
                key = fold(w)
                before = text[:m.start()].rstrip()
                initial = not before or before[-1] in _END
                sufs = _suffixes(key)
                if not inside and not initial:
                    for s in sufs:
                        suf_any[s] += 1
                if not w[:1].isupper() or (len(w) > 1 and w.isupper()):
                    continue
                if inside and inside[0] == "PERSON":
                    per[key] += 1
                    for s in sufs:
                        suf_per[s] += 1
                elif not inside and not initial:
                    other[key] += 1
                    for s in sufs:
                        suf_other[s] += 1
    return per, other, suf_per, suf_other, suf_any


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data" / "ner_multi")
    ap.add_argument("--out", type=Path, default=ROOT / "resources" / "scrub" / "names_uner.tsv")
    ap.add_argument("--min-count", type=int, default=2)
    ap.add_argument("--min-suffix", type=int, default=15)
    args = ap.parse_args()
    rows: list[tuple[str | int, ...]] = []
    for lang, codes in LANGS.items():
        paths = [p for c in codes for p in sorted(args.data.glob(f"uner_{c}_*_train.jsonl"))]
        per, other, suf_per, suf_other, suf_any = count(paths)
        for key in sorted(set(per) | set(other)):
            if per[key] + other[key] >= args.min_count:
                rows.append(("word", lang, key, per[key], other[key]))
        for key in sorted(set(suf_per) | set(suf_any)):
            if suf_per[key] + suf_any[key] >= args.min_suffix:
                rows.append(("suffix", lang, key, suf_per[key], suf_other[key], suf_any[key]))
    with args.out.open("w", encoding="utf-8") as fh:
        fh.write("# kind\tlang\tkey\tperson\tother\tother_any  (bench/scrub_build_names_uner.py; "
                 "Universal NER v1 train splits, CC BY-SA 4.0, see README.md)\n")
        for row in rows:
            fh.write("\t".join(str(x) for x in row) + "\n")
    print(f"wrote {len(rows)} rows to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
