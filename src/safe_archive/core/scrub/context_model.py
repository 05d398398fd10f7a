"""The context model: a small English BERT token classifier (int8 ONNX) that tags PER/LOC/ORG.

It reads a word's context rather than its case or rarity ("Green", "butler" as names,
"Python" not), and is shipped as package data in ``resources/scrub/context_model/``:
``model.onnx`` (Rampart, (c) 2026 National Design Studio, CC BY 4.0, with a new head
fine-tuned by ``bench/ctx_model_train.py``; attribution in ``resources/scrub/README.md``),
``tokenizer.json`` (its uncased WordPiece vocabulary) and ``labels.json`` (BIO labels).

Each text (or 128-token window of a long text) is run on its own: the model's activations
are quantised per call, so running posts together would make one post's findings depend on
its neighbours. One ONNX thread per process (the pool runs one process per core).
Nothing loads at import time.
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from safe_archive.core.errors import ModelNotInstalled

CONTEXT_MODEL_DIR = "context_model"
MAX_TOKENS = 128  # per window, special tokens included
STRIDE = 32  # tokens shared by consecutive windows of a long text
FILES = ("model.onnx", "tokenizer.json", "labels.json")

# (start, end, label, probability): a character span and its type, "PER", "LOC" or "ORG"
Span = tuple[int, int, str, float]
# (start, end, probability of PER): each word the model read
WordProb = tuple[int, int, float]


def default_path() -> Path:
    return Path(str(resources.files("safe_archive.resources") / "scrub" / CONTEXT_MODEL_DIR))


@dataclass(frozen=True, slots=True)
class _Token:
    start: int
    end: int
    continues: bool  # a "##" word piece: part of the word before it
    probs: Any  # numpy row, softmax over the labels


def _blank(ch: str) -> bool:
    if ch.isalnum() or ch.isspace() or ch in "'’-.@#_":
        return False
    cat = unicodedata.category(ch)
    return cat[0] == "S" or cat in ("Cf", "Co", "Cn") or ch in "\ufe0e\ufe0f"


class ContextModel:
    """Load once per process; :meth:`predict` gives entity spans per text."""

    def __init__(self, path: Path | None = None, min_prob: float = 0.3) -> None:
        path = path or default_path()
        missing = [name for name in FILES if not (path / name).is_file()]
        if missing:
            raise ModelNotInstalled(
                f"The context model is incomplete: {', '.join(missing)} not found in {path}. "
                "Reinstall SafeArchive, or turn the context model off "
                "(EngineConfig(context_model=False))."
            )
        import numpy as np
        import onnxruntime as ort
        from tokenizers import Tokenizer

        self._np = np
        self.min_prob = min_prob
        labels = json.loads((path / "labels.json").read_text(encoding="utf-8"))
        self.labels: list[str] = list(labels)
        self._types = sorted({lab[2:] for lab in self.labels if lab != "O"})
        self._b = {t: self.labels.index("B-" + t) for t in self._types}
        self._i = {t: self.labels.index("I-" + t) for t in self._types}
        tok = Tokenizer.from_file(str(path / "tokenizer.json"))
        tok.enable_truncation(MAX_TOKENS, stride=STRIDE)
        tok.no_padding()
        self._tok = tok
        opts = ort.SessionOptions()
        opts.intra_op_num_threads = 1
        opts.inter_op_num_threads = 1
        opts.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
        opts.log_severity_level = 3
        self._session = ort.InferenceSession(str(path / "model.onnx"), opts,
                                             providers=["CPUExecutionProvider"])
        self._inputs = {i.name for i in self._session.get_inputs()}

    def _run(self, ids: Sequence[int]) -> Any:
        np = self._np
        arr = np.asarray([ids], dtype=np.int64)
        feeds = {"input_ids": arr, "attention_mask": np.ones_like(arr)}
        if "token_type_ids" in self._inputs:
            feeds["token_type_ids"] = np.zeros_like(arr)
        logits = self._session.run(None, feeds)[0][0]
        logits = logits - logits.max(axis=-1, keepdims=True)
        e = np.exp(logits)
        return e / e.sum(axis=-1, keepdims=True)

    def _tokens(self, text: str) -> list[_Token]:
        # WordPiece turns a whole word into [UNK] when one character is unknown ("ryan😭"):
        # symbols and invisible format characters become spaces (same length, same offsets)
        enc = self._tok.encode("".join(" " if _blank(ch) else ch for ch in text))
        best: dict[tuple[int, int], tuple[int, _Token]] = {}
        for window in [enc, *enc.overflowing]:
            probs = self._run(window.ids)
            n = len(window.ids)
            for pos, (tid_text, (a, b), special) in enumerate(
                    zip(window.tokens, window.offsets, window.special_tokens_mask)):
                if special or b <= a:
                    continue
                margin = min(pos, n - 1 - pos)  # a token far from its window's edges wins
                key = (a, b)
                if key not in best or margin > best[key][0]:
                    best[key] = (margin, _Token(a, b, tid_text.startswith("##"), probs[pos]))
        return [t for _m, t in sorted(best.values(), key=lambda mt: (mt[1].start, mt[1].end))]

    def predict(self, texts: Sequence[str]) -> list[list[Span]]:
        return [self.spans(t) for t in texts]

    def spans(self, text: str) -> list[Span]:
        return self.analyse(text)[0]

    def analyse(self, text: str) -> tuple[list[Span], list[WordProb]]:
        """Entity spans of one text, and each word's PER probability.

        Word by word: a word is an entity of the type whose B + I probability (of its first
        piece) is highest, if that reaches ``min_prob``; a word continues the span before it
        when it is of the same type and its I outweighs its B."""
        if not text.strip():
            return [], []
        words: list[list[_Token]] = []
        for t in self._tokens(text):
            if t.continues and words and words[-1][-1].end == t.start:
                words[-1].append(t)
            else:
                words.append([t])
        out: list[Span] = []
        per: list[WordProb] = []
        cur: list[Any] | None = None  # [start, end, type, min prob]
        for word in words:
            p = word[0].probs
            scores = {t: float(p[self._b[t]] + p[self._i[t]]) for t in self._types}
            per.append((word[0].start, word[-1].end, round(scores.get("PER", 0.0), 4)))
            label = max(self._types, key=lambda t: (scores[t], t))
            prob = scores[label]
            if prob < self.min_prob:
                if cur is not None:
                    out.append((cur[0], cur[1], cur[2], round(cur[3], 4)))
                    cur = None
                continue
            start, end = word[0].start, word[-1].end
            begins = float(p[self._b[label]]) > float(p[self._i[label]])
            if cur is not None and cur[2] == label and not begins:
                cur[1] = end
                cur[3] = min(cur[3], prob)
                continue
            if cur is not None:
                out.append((cur[0], cur[1], cur[2], round(cur[3], 4)))
            cur = [start, end, label, prob]
        if cur is not None:
            out.append((cur[0], cur[1], cur[2], round(cur[3], 4)))
        return out, per


def unlikely_name(start: int, end: int, words: Sequence[WordProb], max_prob: float) -> bool:
    """True when the context model read every word of ``[start, end)`` and gave none of
    them a PER probability of ``max_prob`` or more (a surface-cue guess it contradicts)."""
    probs = [p for a, b, p in words if a < end and b > start]
    return bool(probs) and max(probs) < max_prob
