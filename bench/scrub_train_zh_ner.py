"""Train the Chinese NER (``resources/scrub/zh_ner``) on Universal NER Chinese-GSD train.

A blank spaCy pipeline with one ``ner`` component: a convolutional tok2vec (hashed
embeddings of the character, the character bigram, the lexicon marks and the shape, see
``safe_archive.core.scrub.recognizers.chinese_ner.make_doc``) under spaCy's transition-based
NER, labels PERSON / LOC / ORG (only PERSON is used by the scrubber; the others teach it
where a transliterated place or organisation is not a person). Trained on the **train**
split ``uner_zh_gsd_train.jsonl`` (Universal NER v1, Chinese-GSD, Traditional script,
CC BY-SA 4.0) and, with ``--simplified FILE``, the same sentences in Simplified script
(OpenCC ``t2s`` at build time, one character for one character, offsets unchanged: see
``bench/zh_name_tagger_train.py --opencc-simplified``). The dev split only chooses the epoch
(best PERSON F1; the test split is never read). Deterministic: fixed seeds, one thread.

Usage (spaCy is a project dependency; OpenCC only to make the Simplified copy)::

    # /tmp/zh_train_s.jsonl: the train split in Simplified script, made once with
    # zh_name_tagger_train.to_simplified (OpenCC t2s; pip install opencc==1.4.2 in a scratch venv)
    OMP_NUM_THREADS=1 nice -n 10 python bench/scrub_train_zh_ner.py \
        --simplified /tmp/zh_train_s.jsonl --substitute 1 --epochs 3 --select recall \
        --out resources/scrub/zh_ner

(the shipped model: epoch 2 kept, dev PERSON recall 0.702 of the NER alone; about 90 s CPU
per epoch. The scrubber uses it to mend the tagger's names, see docs/quality.md.)
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

import spacy  # noqa: E402
from spacy.training import Example  # noqa: E402

from safe_archive.core.scrub.recognizers.chinese_names import NAME, load_lexicon  # noqa: E402
from safe_archive.core.scrub.recognizers.chinese_ner import ChineseNer, make_doc  # noqa: E402

DATA = ROOT.parent / "shared" / "data" / "ner_multi"
LABELS = {"PERSON": "PERSON", "LOCATION": "LOC", "ORG": "ORG"}


def model_config(width: int, depth: int, rows: int, hidden: int) -> dict[str, Any]:
    return {
        "@architectures": "spacy.TransitionBasedParser.v2",
        "state_type": "ner",
        "extra_state_tokens": False,
        "hidden_width": hidden,
        "maxout_pieces": 2,
        "use_upper": True,
        "nO": None,
        "tok2vec": {
            "@architectures": "spacy.Tok2Vec.v2",
            "embed": {
                "@architectures": "spacy.MultiHashEmbed.v2",
                "width": width,
                "attrs": ["NORM", "LEMMA", "TAG", "SHAPE"],
                "rows": [rows, rows, 1000, 250],
                "include_static_vectors": False,
            },
            "encode": {
                "@architectures": "spacy.MaxoutWindowEncoder.v2",
                "width": width,
                "depth": depth,
                "window_size": 1,
                "maxout_pieces": 3,
            },
        },
    }


def read(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def substituted(recs: list[dict[str, Any]], copies: int, lexicon: dict[str, int],
                seed: int) -> list[dict[str, Any]]:
    """``copies`` copies of each sentence with a PERSON span, every PERSON span replaced by
    another name: half the time one of the train split's PERSON spans, half the time a name
    of the lexicon (marked N and not W: jieba's person names), so the model learns where
    names stand more than which names it has seen. Other spans keep their text, offsets
    are moved."""
    rng = random.Random(seed)
    seen = sorted({sp["text"] for r in recs for sp in r["spans"] if sp["label"] == "PERSON"})
    listed = sorted(w for w, k in lexicon.items() if k == NAME and 2 <= len(w) <= 4)
    out = []
    for rec in recs:
        if not any(sp["label"] == "PERSON" for sp in rec["spans"]):
            continue
        for _ in range(copies):
            text, spans, last = "", [], 0
            for sp in sorted(rec["spans"], key=lambda x: x["start"]):
                if sp["start"] < last:
                    continue
                name = sp["text"]
                if sp["label"] == "PERSON":
                    name = rng.choice(seen if rng.random() < 0.5 else listed)
                text += rec["text"][last:sp["start"]]
                start = len(text)
                text += name
                spans.append({**sp, "start": start, "end": len(text), "text": name})
                last = sp["end"]
            text += rec["text"][last:]
            out.append({**rec, "text": text, "spans": spans})
    return out


def example(nlp: Any, lexicon: dict[str, int], rec: dict[str, Any]) -> Example | None:
    doc = make_doc(nlp.vocab, rec["text"], lexicon)
    ents = []
    for sp in rec["spans"]:
        if sp["label"] in LABELS:
            span = doc.char_span(sp["start"], sp["end"], label=LABELS[sp["label"]],
                                 alignment_mode="expand")
            if span is not None:
                ents.append(span)
    try:
        ref = doc.copy()
        ref.ents = spacy.util.filter_spans(ents)
    except ValueError:
        return None
    return Example(doc, ref)


def score(zh: ChineseNer, recs: list[dict[str, Any]]) -> tuple[float, float, float]:
    """PERSON strict recall, precision, F1 of whole spans."""
    gold_n = pred_n = hit = 0
    for rec in recs:
        gold = {(s["start"], s["end"]) for s in rec["spans"] if s["label"] == "PERSON"}
        pred = set(zh.names(rec["text"]))
        gold_n += len(gold)
        pred_n += len(pred)
        hit += len(gold & pred)
    r, p = hit / max(gold_n, 1), hit / max(pred_n, 1)
    return r, p, 2 * r * p / max(r + p, 1e-9)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--train", type=Path, default=DATA / "uner_zh_gsd_train.jsonl")
    ap.add_argument("--simplified", type=Path, default=None,
                    help="the train sentences in Simplified script (same offsets)")
    ap.add_argument("--dev", type=Path, default=DATA / "uner_zh_gsd_dev.jsonl")
    ap.add_argument("--epochs", type=int, default=25)
    ap.add_argument("--width", type=int, default=96)
    ap.add_argument("--depth", type=int, default=4)
    ap.add_argument("--rows", type=int, default=8000)
    ap.add_argument("--hidden", type=int, default=64)
    ap.add_argument("--dropout", type=float, default=0.2)
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--substitute", type=int, default=0,
                    help="copies of each sentence with its names replaced (see substituted)")
    ap.add_argument("--out", type=Path, default=ROOT / "resources" / "scrub" / "zh_ner")
    ap.add_argument("--select", choices=["f1", "recall"], default="f1",
                    help="keep the epoch of best dev PERSON F1 or recall")
    args = ap.parse_args()

    random.seed(args.seed)
    spacy.util.fix_random_seed(args.seed)
    lexicon = load_lexicon()
    nlp = spacy.blank("xx")
    nlp.meta.update(name="zh_ner", version="1.0.0", license="CC BY-SA 4.0",
                    description="SafeArchive Chinese character NER, trained on Universal NER "
                    "Chinese-GSD train (see resources/scrub/README.md)")
    nlp.add_pipe("ner", config={"model": model_config(args.width, args.depth, args.rows,
                                                      args.hidden)})
    recs = read(args.train) + (read(args.simplified) if args.simplified else [])
    recs += substituted(recs, args.substitute, lexicon, args.seed)
    train = [e for e in (example(nlp, lexicon, r) for r in recs) if e is not None]
    dev = read(args.dev)
    print(f"{len(train)} training sentences ({len(recs) - len(train)} left out)", flush=True)
    optimizer = nlp.initialize(lambda: train)
    zh = ChineseNer(nlp, lexicon)
    best = -1.0
    tmp = args.out.with_name(args.out.name + ".tmp")
    for epoch in range(1, args.epochs + 1):
        t0 = time.process_time()
        random.shuffle(train)
        losses: dict[str, float] = {}
        sizes = spacy.util.compounding(4.0, 32.0, 1.001)
        for batch in spacy.util.minibatch(train, size=sizes):
            nlp.update(batch, sgd=optimizer, drop=args.dropout, losses=losses)
        with nlp.select_pipes(enable=["ner"]), nlp.use_params(optimizer.averages):
            r, p, f = score(zh, dev)
            mark = ""
            crit = f if args.select == "f1" else r
            if crit > best:
                best = crit
                if tmp.exists():
                    shutil.rmtree(tmp)
                nlp.to_disk(tmp)
                mark = " *"
        print(f"epoch {epoch}: loss {losses.get('ner', 0):.0f}, dev PERSON recall {r:.3f} "
              f"precision {p:.3f} F1 {f:.3f} [{time.process_time() - t0:.0f} s CPU]{mark}",
              flush=True)
    if args.out.exists():
        shutil.rmtree(args.out)
    tmp.rename(args.out)
    # the model reads hashes only: the string table (characters and bigrams of the training
    # sentences) is not needed, and no text of the data is shipped
    (args.out / "vocab" / "strings.json").write_text("[]\n", encoding="utf-8")
    print(f"wrote {args.out} (dev PERSON {args.select} {best:.3f})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
