"""PERSON from a small spaCy NER per language, where one was trained (``resources/scrub/uner_ner``).

``bench/scrub_train_uner_ner.py`` trains one on a Universal NER train split (CC BY-SA 4.0: a
shipped model carries the attribution in resources/scrub/README.md): a blank spaCy pipeline of
that language with spaCy's default CNN NER. Shipped for Portuguese (``pt``: dev PERSON strict
.94 -> .96 with words masked still 1.3%, docs/quality.md); the Danish, Slovak, Croatian and
Serbian ones masked more words than they found names and are not shipped. The multilingual
name recognizer adds its PERSON spans to what the name lists and rules find in a stretch of
that language. Loaded on the first stretch in its language; run one
text per call, so a post's names never depend on which posts share its batch.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

UNER_NER_DIR = "uner_ner"


@cache
def model_path(lang: str) -> Path | None:
    res = resources.files("safe_archive.resources") / "scrub" / UNER_NER_DIR / lang
    path = Path(str(res))
    return path if (path / "config.cfg").exists() else None


@cache
def load_uner_ner(lang: str) -> Any | None:
    """The pipeline shipped for ``lang``, or None."""
    path = model_path(lang)
    if path is None:
        return None
    import spacy

    return spacy.load(path)


def uner_names(lang: str, text: str, start: int = 0, end: int | None = None
               ) -> list[tuple[int, int]]:
    """(start, end) of each PERSON the model of ``lang`` finds in ``text[start:end]`` (none
    when no model is shipped for it)."""
    end = len(text) if end is None else end
    piece = text[start:end]
    if not piece.strip() or model_path(lang) is None:
        return []
    nlp = load_uner_ner(lang)
    if nlp is None:
        return []
    out = []
    for ent in nlp(piece).ents:  # one text per call
        if ent.label_ == "PERSON":
            a, b = ent.start_char, ent.end_char
            while b > a and not piece[b - 1].isalnum():
                b -= 1
            if b > a:
                out.append((start + a, start + b))
    return out
