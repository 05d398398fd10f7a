"""Person names in Chinese text: a small spaCy NER over characters (``resources/scrub/zh_ner``).

A transition-based spaCy NER with a convolutional tok2vec, trained by
``bench/scrub_train_zh_ner.py`` on the Universal NER Chinese-GSD train split (CC BY-SA 4.0,
Traditional script, plus the same sentences in Simplified script; see resources/scrub/README.md).
Every Han character is one token (a run of Latin letters or digits one token), so no word
segmenter is needed; each token also carries, as its ``TAG``, where the words and names of the
lexicon ``zh_words.tsv`` (jieba's word list, MIT) start and end around it, and as its
``LEMMA`` the character with the next one (a bigram), both embedded by the model.

Loaded on the first Chinese post (a few MB, well under a second), run one text per call so a
post's names never depend on which posts share its batch.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from safe_archive.core.scrub.recognizers.chinese_names import (
    load_lexicon,
    lexicon_spans,
)

ZH_NER_DIR = "zh_ner"
_TOKEN = re.compile(r"[A-Za-z0-9]+|\s+|.", re.S)


def tokens_of(text: str) -> list[tuple[int, int]]:
    """(start, end) of each token: a run of ASCII letters or digits, a run of white space,
    or any other single character."""
    return [m.span() for m in _TOKEN.finditer(text)]


def token_features(text: str, spans: list[tuple[int, int]], lexicon: Mapping[str, int]
                   ) -> tuple[list[str], list[str], list[str]]:
    """words, tags (lexicon marks), lemmas (bigrams) of the tokens (training and run time)."""
    words = [text[a:b] for a, b in spans]
    chars = [w if len(w) == 1 else ("\u0000" if w.isspace() else "\u0001") for w in words]
    lex = lexicon_spans(chars, lexicon)
    tags = []
    lemmas = []
    for i, w in enumerate(words):
        ws, we, wi, ns, ne, ni = lex[i]
        tags.append(f"{ws}{we}{wi}{ns}{ne}{ni}")
        nxt = words[i + 1] if i + 1 < len(words) else "</s>"
        lemmas.append((w if len(w) == 1 else "W") + "|" + (nxt if len(nxt) == 1 else "W"))
    return words, tags, lemmas


def make_doc(vocab: Any, text: str, lexicon: Mapping[str, int]) -> Any:
    """A spaCy Doc of ``text`` (one token per character, see :func:`tokens_of`)."""
    from spacy.tokens import Doc

    spans = tokens_of(text)
    words, tags, lemmas = token_features(text, spans, lexicon)
    return Doc(vocab, words=words, spaces=[False] * len(words), tags=tags, lemmas=lemmas)


def model_path() -> Path | None:
    res = resources.files("safe_archive.resources") / "scrub" / ZH_NER_DIR
    path = Path(str(res))
    return path if (path / "config.cfg").exists() else None


class ChineseNer:
    """The NER pipeline and the lexicon; :meth:`names` gives (start, end) of each PERSON."""

    def __init__(self, nlp: Any, lexicon: Mapping[str, int]) -> None:
        self.nlp = nlp
        self.ner = nlp.get_pipe("ner")
        self.lexicon = lexicon

    def names(self, text: str, start: int = 0, end: int | None = None
              ) -> Iterator[tuple[int, int]]:
        end = len(text) if end is None else end
        piece = text[start:end]
        if not piece.strip():
            return
        doc = self.ner(make_doc(self.nlp.vocab, piece, self.lexicon))  # one text per call
        for ent in doc.ents:
            if ent.label_ == "PERSON":
                a, b = ent.start_char, ent.end_char
                while b > a and piece[b - 1].isspace():
                    b -= 1
                if b > a:
                    yield start + a, start + b


@cache
def load_chinese_ner(path_override: str | None = None) -> ChineseNer | None:
    """The shipped model (``resources/scrub/zh_ner``, or the pipeline directory
    ``path_override``), or None when it is not there."""
    path = Path(path_override) if path_override else model_path()
    if path is None:
        return None
    import spacy

    nlp = spacy.load(path)
    return ChineseNer(nlp, load_lexicon())
