"""Per-language word lists (word -> Zipf frequency, package data) and accent folding.

Below both the language identifier (``scrub.language``: is there evidence of a language?) and
the name recognizers (is a capitalised word common there?), so neither imports the other.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from functools import cache
from importlib import resources
from pathlib import Path

# our language code -> word-list file (Croatian/Serbian/Bosnian share one list)
WORD_LISTS: dict[str, str] = {
    c: c for c in ("es fr de nl pt it ar tr pl da sv sk cs ro ca fi hu id ru uk el fa he"
                   ).split()
} | {"hr": "sh", "sr": "sh", "bs": "sh", "no": "nb", "nb": "nb", "ms": "id"}  # Malay: close to id
_FOLD = str.maketrans({"ı": "i", "ł": "l", "ø": "o", "æ": "ae", "ß": "ss", "đ": "d", "œ": "oe"})


def scrub_text(name: str, path: Path | None = None) -> str:
    """The text of the package data file ``resources/scrub/<name>`` (``name`` may name a
    folder too: ``"words/es.tsv"``), or of ``path`` when one is given (experiments)."""
    if path is not None:
        return path.read_text(encoding="utf-8")
    res = resources.files("safe_archive.resources") / "scrub"
    for part in name.split("/"):  # one child at a time: every Traversable takes that
        res = res / part
    return res.read_text(encoding="utf-8")


def fold(word: str) -> str:
    """Lower case without accents ("Ayşe" -> "ayse", "Paweł" -> "pawel")."""
    low = word.casefold().translate(_FOLD)
    return "".join(c for c in unicodedata.normalize("NFD", low) if not unicodedata.combining(c))


@cache
def load_word_list(name: str) -> Mapping[str, float]:
    """One language's word -> Zipf frequency (package data; read on first use), as a compact
    read-only mapping (``core/scrub/compact.py``): the 25 lists as dicts held 96.5 MiB once a
    worker had met every language, as CompactFloats ~25 (docs/quality.md, worker memory)."""
    from safe_archive.core.scrub.compact import CompactFloats, release_freed_memory

    text = scrub_text(f"words/{name}.tsv")

    out = CompactFloats.from_tsv(text)
    del text
    release_freed_memory()
    return out


@cache
def load_english_foreign() -> dict[str, frozenset[str]]:
    """Words the English list counts as common (Zipf >= 3) that are far more common in other
    languages ("ich", "mich", "als"), with those languages' list names
    (``words/en_foreign.tsv``, bench/scrub_build_en_foreign.py)."""
    out: dict[str, frozenset[str]] = {}
    for line in scrub_text("words/en_foreign.tsv").splitlines():
        w, _, langs = line.partition("\t")
        out[w] = frozenset(langs.split(","))
    return out


def load_words(path: Path | None = None) -> dict[str, float]:
    """Read words.tsv (English word -> Zipf frequency)."""
    out: dict[str, float] = {}
    for line in scrub_text("words.tsv", path).splitlines():
        w, z = line.split("\t")
        out[w] = float(z)
    return out
