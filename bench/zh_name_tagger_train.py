"""Train the Chinese name tagger (``resources/scrub/zh_names.tsv``) on Universal NER train.

A structured averaged perceptron over characters (B/I/O for PERSON; features in
``safe_archive.core.scrub.recognizers.chinese_names.sentence_features``: the characters
around each one, and where words and names of a lexicon start and end around it), trained on
the **train**
split ``uner_zh_gsd_train.jsonl`` (Universal NER v1, Chinese-GSD, Traditional script,
CC BY-SA 4.0). With ``--simplified FILE`` the same sentences converted to Simplified script
(made at build time, e.g. with OpenCC's ``t2s``; the text only, offsets unchanged because the
conversion maps one character to one character) are added, so the tagger reads both scripts.
The dev split is only scored (``--dev``), never trained on. Weights smaller than ``--prune``
(all three tags) are dropped to keep the file and the memory small. Deterministic: fixed
shuffling seed.

The lexicon (``resources/scrub/zh_words.tsv``, ``--jieba-dict``) is made from the word list of
the PyPI package jieba 0.42.1 (``jieba/dict.txt``, MIT): common words, and the words it tags
as person names, in Simplified and (OpenCC) Traditional script. jieba itself is not needed at
run time, only its list at build time.

Usage (the shipped files; OpenCC and jieba are needed at build time only, e.g. in a scratch
venv with ``pip install opencc==1.4.2`` and ``pip download --no-deps jieba==0.42.1``
unpacked, and this checkout's ``src`` on ``PYTHONPATH``)::

    python bench/zh_name_tagger_train.py --opencc-simplified /tmp/zh_train_s.jsonl \
        --jieba-dict jieba-0.42.1/jieba/dict.txt --dev
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from safe_archive.core.scrub.recognizers.chinese_names import (  # noqa: E402
    NAME,
    WORD,
    ChineseNameTagger,
    chars_of,
    format_weights,
    parse_lexicon,
    sentence_features,
    viterbi,
)

DATA = ROOT.parent / "shared" / "data" / "ner_multi"


def examples(path: Path) -> list[tuple[list[str], list[int]]]:
    out = []
    for line in path.open(encoding="utf-8"):
        rec: dict[str, Any] = json.loads(line)
        chars = chars_of(rec["text"])
        tags = [0] * len(chars)
        for sp in rec["spans"]:
            if sp["label"] == "PERSON":
                tags[sp["start"]] = 1
                for k in range(sp["start"] + 1, sp["end"]):
                    tags[k] = 2
        out.append((chars, tags))
    return out


def train(data: list[tuple[list[str], list[int]]], epochs: int, seed: int = 13,
          lexicon: dict[str, int] | None = None
          ) -> tuple[dict[str, list[float]], list[list[float]]]:
    """Averaged structured perceptron (the lazy-averaging trick: totals updated on change)."""
    w: dict[str, list[float]] = {}
    total: dict[str, list[float]] = {}
    stamp: dict[str, list[int]] = {}
    trans = [[0.0] * 3 for _ in range(3)]
    t_total = [[0.0] * 3 for _ in range(3)]
    t_stamp = [[0] * 3 for _ in range(3)]
    step = 0
    rng = random.Random(seed)
    order = list(range(len(data)))
    feats_cache = [sentence_features(chars, lexicon) for chars, _ in data]

    def bump(f: str, t: int, d: float) -> None:
        wf = w.setdefault(f, [0.0, 0.0, 0.0])
        tf = total.setdefault(f, [0.0, 0.0, 0.0])
        sf = stamp.setdefault(f, [0, 0, 0])
        tf[t] += (step - sf[t]) * wf[t]
        sf[t] = step
        wf[t] += d

    def bump_trans(a: int, b: int, d: float) -> None:
        t_total[a][b] += (step - t_stamp[a][b]) * trans[a][b]
        t_stamp[a][b] = step
        trans[a][b] += d

    for epoch in range(epochs):
        rng.shuffle(order)
        errors = 0
        t0 = time.process_time()
        for k in order:
            chars, gold = data[k]
            fs = feats_cache[k]
            step += 1
            scores = []
            for flist in fs:
                s = [0.0, 0.0, 0.0]
                for f in flist:
                    wf = w.get(f)
                    if wf:
                        s[0] += wf[0]
                        s[1] += wf[1]
                        s[2] += wf[2]
                scores.append(s)
            pred = viterbi(scores, trans)
            if pred == gold:
                continue
            errors += 1
            for i, (p, g) in enumerate(zip(pred, gold)):
                if p != g:
                    for f in fs[i]:
                        bump(f, g, 1.0)
                        bump(f, p, -1.0)
                if i:
                    if (pred[i - 1], p) != (gold[i - 1], g):
                        bump_trans(gold[i - 1], g, 1.0)
                        bump_trans(pred[i - 1], p, -1.0)
        print(f"epoch {epoch + 1}: {errors} sentences wrong of {len(data)} "
              f"({time.process_time() - t0:.0f} s CPU)", flush=True)
    avg: dict[str, list[float]] = {}
    for f, wf in w.items():
        tf, sf = total[f], stamp[f]
        avg[f] = [(tf[t] + (step - sf[t]) * wf[t]) / step for t in range(3)]
    avg_trans = [[(t_total[a][b] + (step - t_stamp[a][b]) * trans[a][b]) / step
                  for b in range(3)] for a in range(3)]
    return avg, avg_trans


def score(tagger: ChineseNameTagger, path: Path) -> str:
    """PERSON strict recall and precision of whole spans on ``path``."""
    gold_n = pred_n = hit = covered = 0
    for line in path.open(encoding="utf-8"):
        rec = json.loads(line)
        gold = {(s["start"], s["end"]) for s in rec["spans"] if s["label"] == "PERSON"}
        pred = set(tagger.names(rec["text"]))
        gold_n += len(gold)
        pred_n += len(pred)
        hit += len(gold & pred)
        covered += sum(1 for a, b in gold if any(pa <= a and b <= pb for pa, pb in pred))
    return (f"recall exact {hit / gold_n:.3f}, covered {covered / gold_n:.3f}, precision "
            f"{hit / max(pred_n, 1):.3f} ({pred_n} found, {gold_n} gold)")


def to_simplified(src: Path, dst: Path) -> None:
    """The sentences of ``src`` in Simplified script (OpenCC ``t2s``), offsets unchanged."""
    import opencc  # build time only: pip install opencc==1.4.2 (Apache-2.0)

    cc = opencc.OpenCC("t2s")
    kept = dropped = 0
    with dst.open("w", encoding="utf-8") as out:
        for line in src.open(encoding="utf-8"):
            rec = json.loads(line)
            text = cc.convert(rec["text"])
            if len(text) != len(rec["text"]):
                dropped += 1
                continue
            rec["text"] = text
            out.write(json.dumps(rec, ensure_ascii=False) + "\n")
            kept += 1
    print(f"{kept} sentences converted to Simplified script, {dropped} left out")


def build_lexicon(jieba_dict: Path, out: Path, word_min: int, name_min: int) -> None:
    """``zh_words.tsv`` from jieba's dictionary (``jieba/dict.txt`` of the PyPI package jieba
    0.42.1, MIT: word, frequency, part of speech): words of 2..4 characters seen at least
    ``word_min`` times (W) and those tagged as person names (nr, nrfg, nrt) seen at least
    ``name_min`` times (N), in Simplified script as listed and in Traditional script
    (OpenCC ``s2t`` and ``s2tw``, build time only)."""
    import opencc  # build time only: pip install opencc==1.4.2 (Apache-2.0)

    convs = [opencc.OpenCC("s2t"), opencc.OpenCC("s2tw")]
    kinds: dict[str, int] = {}
    for line in jieba_dict.open(encoding="utf-8"):
        parts = line.split()
        if len(parts) != 3 or not 2 <= len(parts[0]) <= 4:
            continue
        word, freq, pos = parts[0], int(parts[1]), parts[2]
        kind = NAME if pos.startswith("nr") and freq >= name_min else (
            WORD if not pos.startswith("nr") and freq >= word_min else 0)
        if not kind:
            continue
        for form in {word, *(c.convert(word) for c in convs)}:
            if len(form) == len(word):
                kinds[form] = kinds.get(form, 0) | kind
    lines = ["# word\tW (a word) / N (a person's name): from jieba 0.42.1 dict.txt (MIT), "
             f"words >= {word_min}, names >= {name_min}; Traditional forms by OpenCC "
             "(bench/zh_name_tagger_train.py --jieba-dict)"]
    lines += [f"{w}\t{'W' if k & WORD else ''}{'N' if k & NAME else ''}"
              for w, k in sorted(kinds.items())]
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {out}: {len(kinds)} words ({out.stat().st_size / 1e6:.1f} MB)")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--train", type=Path, default=DATA / "uner_zh_gsd_train.jsonl")
    ap.add_argument("--simplified", type=Path, default=None,
                    help="the train split converted to Simplified script (same offsets)")
    ap.add_argument("--opencc-simplified", type=Path, default=None, metavar="FILE",
                    help="write the train split converted with OpenCC t2s to FILE (sentences "
                         "whose length would change are left out) and train on it too")
    ap.add_argument("--dev", action="store_true", help="score on uner_zh_gsd_dev.jsonl")
    ap.add_argument("--epochs", type=int, default=15)
    ap.add_argument("--prune", type=float, default=1.0)
    ap.add_argument("--out", type=Path, default=ROOT / "resources" / "scrub" / "zh_names.tsv")
    ap.add_argument("--lexicon", type=Path, default=ROOT / "resources" / "scrub" / "zh_words.tsv",
                    help="the word lexicon the features read (see --jieba-dict)")
    ap.add_argument("--jieba-dict", type=Path, default=None, metavar="DICT_TXT",
                    help="first (re)build --lexicon from jieba's dict.txt (needs OpenCC)")
    ap.add_argument("--word-min", type=int, default=20)
    ap.add_argument("--name-min", type=int, default=5)
    args = ap.parse_args()
    if args.jieba_dict:
        build_lexicon(args.jieba_dict, args.lexicon, args.word_min, args.name_min)
    lexicon = parse_lexicon(args.lexicon.read_text(encoding="utf-8")) if (
        args.lexicon.exists()) else {}
    data = examples(args.train)
    if args.opencc_simplified:
        to_simplified(args.train, args.opencc_simplified)
        args.simplified = args.opencc_simplified
    if args.simplified:
        data += examples(args.simplified)
    weights, trans = train(data, args.epochs, lexicon=lexicon)
    kept = {f: v for f, v in weights.items() if max(abs(x) for x in v) >= args.prune}
    print(f"{len(kept)} of {len(weights)} features kept (|w| >= {args.prune})")
    text = format_weights(kept, trans)
    args.out.write_text(text, encoding="utf-8")
    print(f"wrote {args.out} ({len(text.encode()) / 1e6:.1f} MB)")
    if args.dev:
        from safe_archive.core.scrub.recognizers.chinese_names import parse_weights

        print("dev:", score(parse_weights(text, lexicon), DATA / "uner_zh_gsd_dev.jsonl"))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
