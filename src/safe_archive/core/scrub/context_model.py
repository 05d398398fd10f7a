"""The context model: a small English BERT token classifier (int8 ONNX) that tags PER/LOC/ORG.

It reads a word's context rather than its case or rarity ("Green", "butler" as names,
"Python" not), and is shipped as package data in ``resources/scrub/context_model/``:
``model.onnx`` (Rampart, (c) 2026 National Design Studio, CC BY 4.0, with a new head
fine-tuned by ``bench/ctx_model_train.py``; attribution in ``resources/scrub/README.md``),
``tokenizer.json`` (its uncased WordPiece vocabulary) and ``labels.json`` (BIO labels).

Texts are read in 128-token windows. A model exported with fixed activation scales (its
metadata says ``batch_invariant``) runs windows of equal length together, without padding:
each row's numbers are then the same as alone, so a post's findings never depend on its
neighbours (tests/scrub/test_context_batching.py). A model quantised per call runs one window
per call. One ONNX thread per process (the pool runs one process per core).
Nothing loads at import time.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Sequence
from importlib import resources
from pathlib import Path
from typing import Any

from safe_archive.core.errors import ModelNotInstalled

CONTEXT_MODEL_DIR = "context_model"
MAX_TOKENS = 128  # per window, special tokens included
STRIDE = 32  # tokens shared by consecutive windows of a long text
# word pieces per ONNX call (windows of equal length share a call up to this many pieces):
# the runtime keeps the memory of its largest call: 64 windows of 128 pieces (long posts) grew
# a process by ~190 MiB, 8 of them by ~50 MiB (and ran 11% faster), 4 of them ~17 MiB less
# again; tweets (~21 pieces) are read 24 to a call
TOKENS_PER_CALL = 512
FILES = ("model.onnx", "tokenizer.json", "labels.json")

# (start, end, label, probability): a character span and its type, "PER", "LOC" or "ORG"
Span = tuple[int, int, str, float]
# (start, end, probability of PER): each word the model read
WordProb = tuple[int, int, float]


def default_path() -> Path:
    return Path(str(resources.files("safe_archive.resources") / "scrub" / CONTEXT_MODEL_DIR))


def _blank(ch: str) -> bool:
    if ch.isalnum() or ch.isspace() or ch in "'’-.@#_":
        return False
    cat = unicodedata.category(ch)
    return cat[0] == "S" or cat in ("Cf", "Co", "Cn") or ch in "\ufe0e\ufe0f"


_URL = re.compile(r"(?i)\b(?:https?://|www\.)\S+")


def model_text(text: str, blank_urls: bool = True) -> str:
    """What the model reads (in training too): ``text`` with symbols, invisible format
    characters and (for models trained so) URLs turned into spaces, so offsets stay those of
    ``text``. WordPiece turns a whole word into [UNK] when one character is unknown
    ("ryan😭"); a URL is several word pieces the model never labels (the URL recognizer finds
    it), and the model's cost grows with the pieces it reads."""
    out = "".join(" " if _blank(ch) else ch for ch in text)
    return _URL.sub(lambda m: " " * len(m.group()), out) if blank_urls else out


_TAG = re.compile(r"#(\w+)")


def _tag_breaks(word: str) -> list[int]:
    """Where a camel-case hashtag's words meet: "JessicaMiller" -> [7], "JCole" -> [1]."""
    out = []
    for i in range(1, len(word)):
        a, b = word[i - 1], word[i]
        if b.isupper() and (a.islower() or a.isupper() and i + 1 < len(word)
                            and word[i + 1].islower()):
            out.append(i)
    return out


def model_view(text: str, blank_urls: bool = True, split_tags: bool = False
               ) -> tuple[str, list[int] | None]:
    """``model_text``, and for models trained so, camel-case hashtags read as words
    ("#JessicaMiller" as "#Jessica Miller": the uncased vocabulary would cut "jessicamiller"
    into pieces no name is made of). Returns the text and, when spaces were inserted, the
    position in ``text`` of each of its characters (one more for its end); None otherwise."""
    base = model_text(text, blank_urls)
    if not split_tags or "#" not in base:
        return base, None
    cuts = [m.start(1) + i for m in _TAG.finditer(base) for i in _tag_breaks(m.group(1))]
    if not cuts:
        return base, None
    parts: list[str] = []
    index: list[int] = []
    prev = 0
    for cut in cuts:
        parts += [base[prev:cut], " "]
        index += [*range(prev, cut), cut]
        prev = cut
    parts.append(base[prev:])
    index += [*range(prev, len(base) + 1)]
    return "".join(parts), index


class ContextModel:
    """Load once per process; :meth:`analyse_many` gives entity spans and word probabilities
    per text."""

    def __init__(self, path: Path | None = None, min_prob: float = 0.3,
                 max_batch: int = 64) -> None:
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
        self.max_batch = max_batch
        labels = json.loads((path / "labels.json").read_text(encoding="utf-8"))
        self.labels: list[str] = list(labels)
        # ties go to the type that sorts last ("PER" over "ORG" over "LOC")
        self._types = sorted({lab[2:] for lab in self.labels if lab != "O"}, reverse=True)
        self._b_idx = [self.labels.index("B-" + t) for t in self._types]
        self._i_idx = [self.labels.index("I-" + t) for t in self._types]
        self._per = self._types.index("PER") if "PER" in self._types else None
        tok = Tokenizer.from_file(str(path / "tokenizer.json"))
        tok.enable_truncation(MAX_TOKENS, stride=STRIDE)
        tok.no_padding()
        self._tok = tok
        opts = ort.SessionOptions()
        opts.intra_op_num_threads = 1
        opts.inter_op_num_threads = 1
        opts.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
        # no memory pattern: one is planned and kept per input shape, and windows come in
        # every length (after 256 long posts a worker held ~13 MiB more with it,
        # docs/quality.md worker memory); the numbers are the same
        opts.enable_mem_pattern = False
        opts.log_severity_level = 3
        self._session = ort.InferenceSession(str(path / "model.onnx"), opts,
                                             providers=["CPUExecutionProvider"])
        self._inputs = {i.name for i in self._session.get_inputs()}
        meta = self._session.get_modelmeta().custom_metadata_map
        # A model whose activation scales were fixed at export computes each row of a call
        # alone (integer products, per-row float ops), so windows of the same length may share
        # one call; a model quantised per call (the scale is the whole call's maximum) may not.
        self.batch_invariant = meta.get("batch_invariant") == "1"
        self.blank_urls = meta.get("blank_urls") == "1"  # trained on text without URLs
        self.special_tokens = meta.get("special_tokens", "1") == "1"  # reads [CLS] ... [SEP]
        self.split_tags = meta.get("split_hashtags") == "1"  # camel-case hashtags as words

    def _run(self, windows: Sequence[Sequence[int]]) -> list[Any]:
        """Label probabilities for each window (token ids), in order. Windows of equal length
        share a call when the model is batch-invariant: no padding, so a window's numbers are
        the same alone or with any others."""
        np = self._np
        out: list[Any] = [None] * len(windows)
        groups: dict[int, list[int]] = {}
        for i, ids in enumerate(windows):
            groups.setdefault(len(ids), []).append(i)
        for length, members in groups.items():
            size = (max(1, min(self.max_batch, TOKENS_PER_CALL // length))
                    if self.batch_invariant else 1)
            for lo in range(0, len(members), size):
                chunk = members[lo:lo + size]
                arr = np.asarray([windows[i] for i in chunk], dtype=np.int64)
                feeds = {"input_ids": arr}
                if "attention_mask" in self._inputs:  # models exported before 2026-12-05
                    feeds["attention_mask"] = np.ones_like(arr)
                if "token_type_ids" in self._inputs:
                    feeds["token_type_ids"] = np.zeros_like(arr)
                logits = self._session.run(None, feeds)[0]
                logits = logits - logits.max(axis=-1, keepdims=True)
                e = np.exp(logits)
                probs = e / e.sum(axis=-1, keepdims=True)
                for row, i in enumerate(chunk):
                    out[i] = probs[row]
        return out

    def predict(self, texts: Sequence[str]) -> list[list[Span]]:
        return [spans for spans, _words in self.analyse_many(texts)]

    def spans(self, text: str) -> list[Span]:
        return self.analyse(text)[0]

    def analyse(self, text: str) -> tuple[list[Span], list[WordProb]]:
        return self.analyse_many([text])[0]

    def analyse_many(self, texts: Sequence[str]
                     ) -> list[tuple[list[Span], list[WordProb]]]:
        """Entity spans of each text, and each word's PER probability; a text's result does
        not depend on the texts beside it.

        Word by word: a word is an entity of the type whose B + I probability (of its first
        piece) is highest, if that reaches ``min_prob``; a word continues the span before it
        when it is of the same type and its I outweighs its B. A text longer than one window
        is read in overlapping windows; a piece takes its numbers from the window where it
        lies farthest from the edges."""
        np = self._np
        views = [model_view(t, self.blank_urls, self.split_tags) for t in texts]
        encs = self._tok.encode_batch([v for v, _index in views],
                                      add_special_tokens=self.special_tokens)
        owner: list[int] = []
        windows: list[Any] = []
        for i, enc in enumerate(encs):
            if all(enc.special_tokens_mask):  # nothing but [CLS] [SEP]: no word to read
                continue
            for window in [enc, *enc.overflowing]:
                owner.append(i)
                windows.append(window)
        probs = self._run([w.ids for w in windows])
        # every window's rows in one array: a piece is its row number there
        table = np.concatenate(probs) if probs else None
        pieces: list[dict[tuple[int, int], tuple[int, bool, int]]] = [{} for _ in texts]
        row0 = 0
        for i, window in zip(owner, windows):
            best = pieces[i]
            index = views[i][1]
            n = len(window.ids)
            for pos, (piece, (a, b), special) in enumerate(
                    zip(window.tokens, window.offsets, window.special_tokens_mask)):
                if special or b <= a:
                    continue
                if index is not None:  # offsets in the text as given
                    a, b = index[a], index[b - 1] + 1
                margin = min(pos, n - 1 - pos)  # a token far from its window's edges wins
                key = (a, b)
                if key not in best or margin > best[key][0]:
                    best[key] = (margin, piece.startswith("##"), row0 + pos)
            row0 += n
        words = [self._words(best) if best else ([], [], []) for best in pieces]
        return self._decode(words, table)

    @staticmethod
    def _words(best: dict[tuple[int, int], tuple[int, bool, int]]
               ) -> tuple[list[int], list[int], list[int]]:
        """Each word's start, end and the row of its first piece: a "##" piece right after
        the piece before it continues that word."""
        starts: list[int] = []
        ends: list[int] = []
        rows: list[int] = []
        for a, b in sorted(best):
            _margin, cont, row = best[(a, b)]
            if cont and ends and ends[-1] == a:
                ends[-1] = b
            else:
                starts.append(a)
                ends.append(b)
                rows.append(row)
        return starts, ends, rows

    def _decode(self, words: list[tuple[list[int], list[int], list[int]]], table: Any
                ) -> list[tuple[list[Span], list[WordProb]]]:
        """Spans and word probabilities of each text from its words (``_words``) and the
        rows of ``table``; the numbers of all texts' words in one go (element by element,
        as for each text alone)."""
        np = self._np
        all_rows = [r for _starts, _ends, rows in words for r in rows]
        if not all_rows:
            return [([], []) for _ in words]
        p = table[all_rows]
        b_p = p[:, self._b_idx]
        i_p = p[:, self._i_idx]
        scores = b_p + i_p  # one column per type
        label_col = scores.argmax(axis=1)
        at = np.arange(len(all_rows))
        probs = scores[at, label_col].tolist()
        begins_all = (b_p[at, label_col] > i_p[at, label_col]).tolist()
        per_all = (scores[:, self._per].tolist() if self._per is not None
                   else [0.0] * len(all_rows))
        labels_all = label_col.tolist()
        results: list[tuple[list[Span], list[WordProb]]] = []
        lo = 0
        for starts, ends, rows in words:
            hi = lo + len(rows)
            prob, begins, per_p = probs[lo:hi], begins_all[lo:hi], per_all[lo:hi]
            labels = labels_all[lo:hi]
            lo = hi
            out: list[Span] = []
            per: list[WordProb] = []
            cur: list[Any] | None = None  # [start, end, type, min prob]
            for w in range(len(rows)):
                start, end = starts[w], ends[w]
                per.append((start, end, round(per_p[w], 4)))
                if prob[w] < self.min_prob:
                    if cur is not None:
                        out.append((cur[0], cur[1], cur[2], round(cur[3], 4)))
                        cur = None
                    continue
                label = self._types[labels[w]]
                if cur is not None and cur[2] == label and not begins[w]:
                    cur[1] = end
                    cur[3] = min(cur[3], prob[w])
                    continue
                if cur is not None:
                    out.append((cur[0], cur[1], cur[2], round(cur[3], 4)))
                cur = [start, end, label, prob[w]]
            if cur is not None:
                out.append((cur[0], cur[1], cur[2], round(cur[3], 4)))
            results.append((out, per))
        return results


def name_support(start: int, end: int, words: Sequence[WordProb]) -> float | None:
    """The highest PER probability the context model gave a word of ``[start, end)`` (None:
    it read no word there)."""
    probs = [p for a, b, p in words if a < end and b > start]
    return max(probs) if probs else None


def unlikely_name(start: int, end: int, words: Sequence[WordProb], max_prob: float) -> bool:
    """True when the context model read every word of ``[start, end)`` and gave none of
    them a PER probability of ``max_prob`` or more (a surface-cue guess it contradicts)."""
    p = name_support(start, end, words)
    return p is not None and p < max_prob
