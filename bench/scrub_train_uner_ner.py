"""Train a small spaCy NER for one Universal NER language (``resources/scrub/uner_ner/<lang>``).

A blank spaCy pipeline of that language (its rule-based tokenizer) with one ``ner`` component
(spaCy's default CNN tok2vec and transition-based NER; labels PERSON / LOC / ORG, only PERSON
is used by the scrubber), trained on the **train** split ``uner_<lang>_<treebank>_train.jsonl``
of ``shared/data/ner_multi`` (Universal NER v1, CC BY-SA 4.0). The number of epochs was chosen
on the dev split (the test split is never read). Deterministic: fixed seeds, one thread.
The vocabulary's string table is saved empty (the model reads hashes only).

Shipped for Portuguese (``pt pt_bosque --epochs 2``; this command rebuilds the shipped files
byte for byte): dev PERSON strict .94 -> .96 (536 -> 549 of 570), words masked 284 -> 302
(1.3% either way; docs/quality.md). A model for another language needs its attribution (Universal
NER and the UD treebank, CC BY-SA 4.0) in resources/scrub/README.md and README.md.

Usage::

    OMP_NUM_THREADS=1 nice -n 10 python bench/scrub_train_uner_ner.py pt pt_bosque --epochs 2
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

import spacy  # noqa: E402
from spacy.training import Example  # noqa: E402

DATA = ROOT.parent / "shared" / "data" / "ner_multi"
LABELS = {"PERSON": "PERSON", "LOCATION": "LOC", "ORG": "ORG"}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("lang")
    ap.add_argument("stem", help="e.g. pt_bosque: reads uner_<stem>_train.jsonl")
    ap.add_argument("--epochs", type=int, default=2)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out", type=Path, default=None)
    args = ap.parse_args()
    out = args.out or ROOT / "resources" / "scrub" / "uner_ner" / args.lang
    random.seed(args.seed)
    spacy.util.fix_random_seed(args.seed)
    nlp = spacy.blank(args.lang)
    nlp.meta.update(name=f"uner_ner_{args.lang}", version="1.0.0", license="CC BY-SA 4.0",
                    description=f"SafeArchive NER trained on Universal NER uner_{args.stem} "
                    "train (see resources/scrub/README.md)")
    nlp.add_pipe("ner")
    examples = []
    with (DATA / f"uner_{args.stem}_train.jsonl").open(encoding="utf-8") as fh:
        for line in fh:
            rec: dict[str, Any] = json.loads(line)
            doc = nlp.make_doc(rec["text"])
            ents = [doc.char_span(s["start"], s["end"], label=LABELS[s["label"]],
                                  alignment_mode="expand")
                    for s in rec["spans"] if s["label"] in LABELS]
            ref = doc.copy()
            try:
                ref.ents = spacy.util.filter_spans([e for e in ents if e is not None])
            except ValueError:
                continue
            examples.append(Example(doc, ref))
    optimizer = nlp.initialize(lambda: examples)
    for epoch in range(1, args.epochs + 1):
        random.shuffle(examples)
        losses: dict[str, float] = {}
        for batch in spacy.util.minibatch(examples, size=spacy.util.compounding(4.0, 32.0, 1.001)):
            nlp.update(batch, sgd=optimizer, drop=0.2, losses=losses)
        print(f"epoch {epoch}: loss {losses.get('ner', 0):.0f}", flush=True)
    with nlp.use_params(optimizer.averages):
        nlp.to_disk(out)
    (out / "vocab" / "strings.json").write_text("[]\n", encoding="utf-8")
    print(f"wrote {out} ({len(examples)} sentences)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
