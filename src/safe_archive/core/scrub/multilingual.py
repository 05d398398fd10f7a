"""Language-aware filtering of one post's recognizer results (called by ``batch``).

English-only recognizers (``language.ENGLISH_ONLY_SOURCES``) keep only what they found in
English stretches, or in stretches of a language we have neither a word list nor a tagger for
(there they are still the best we have); the multilingual name recognizer adds names in the
other stretches (Chinese: the character tagger of ``chinese_names``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from presidio_analyzer import RecognizerResult

from safe_archive.core.scrub.language import (
    ENGLISH,
    ENGLISH_ONLY_SOURCES,
    LanguageIdentifier,
    Segment,
)
from safe_archive.core.scrub.recognizers.multilingual_name_recognizer import (
    TAGGED,
    WORD_LISTS,
    MultilingualNameRecognizer,
    load_word_list,
)


@dataclass(slots=True)
class LanguageParts:
    """What an engine needs for languages other than English (built once per engine)."""

    identifier: LanguageIdentifier
    names: MultilingualNameRecognizer
    first_names: frozenset[str]  # census first names (kept even where a word of L2)

    @classmethod
    def build(cls, english_words: dict[str, float], names: dict[str, Any]) -> LanguageParts:
        """``names``: names.tsv entries (kind "last" counts as a surname, others as given)."""
        given = [n for n, e in names.items() if e.kind != "last"]
        surnames = [n for n, e in names.items() if e.kind == "last"]
        first = frozenset(n for n, e in names.items() if e.kind in ("first", "both"))
        return cls(LanguageIdentifier(english_words),
                   MultilingualNameRecognizer(given, surnames, english_words), first)


def covered(seg: Segment) -> bool:
    """A stretch the multilingual parts handle (English parts are switched off there)."""
    return seg.lang != ENGLISH and (seg.lang in WORD_LISTS or seg.lang in TAGGED)


def by_language(text: str, results: list[RecognizerResult], parts: LanguageParts
                ) -> list[RecognizerResult]:
    segments = parts.identifier.segments(text)
    other = [s for s in segments if covered(s)]
    second = other[0].lang if other else None
    if second is None and any(_english_only(r) for r in results):
        second = parts.identifier.second_language(text)
    kept = []
    for r in results:
        if _english_only(r):
            if any(s.start <= r.start < s.end for s in other):
                continue
            if second in WORD_LISTS and _foreign_word(text, r, second, parts):
                continue
        kept.append(r)
    return kept + parts.names.analyze_segments(text, other) if other else kept


def _english_only(r: RecognizerResult) -> bool:
    return (r.recognition_metadata or {}).get(RecognizerResult.RECOGNIZER_NAME_KEY) in (
        ENGLISH_ONLY_SOURCES)


def _foreign_word(text: str, r: RecognizerResult, lang: str, parts: LanguageParts) -> bool:
    """An English-only guess in an English stretch of a code-switched post whose words are all
    ordinary words of the other language and no English words ("pero nadie contestó",
    "Tenía" opening a sentence): the English rare-word rules and NERs took them for a name.
    A capitalised word inside a sentence, or a census first name, may be a name: kept."""
    lexicon = load_word_list(WORD_LISTS[lang])
    words = list(re.finditer(r"\S+", text[r.start:r.end]))
    if not words:
        return False
    for m in words:
        word = m.group().strip(".,;:!?")
        low = word.casefold()
        if not word.isalpha() or parts.identifier.english_words.get(low, 0.0) >= 3.0:
            return False
        if not word.islower():
            before = text[:r.start + m.start()].rstrip()
            if before and before[-1] not in ".!?…:\n\"“(" or low in parts.first_names:
                return False
        if lexicon.get(low, 0.0) < 3.5:
            return False
    return True
