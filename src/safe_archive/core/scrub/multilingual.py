"""Language-aware filtering of one post's recognizer results (called by ``batch``).

English-only recognizers (``language.ENGLISH_ONLY_SOURCES``) keep only what they found in
English stretches, or in stretches of a language we have no word list for (there they are
still the best we have); the multilingual name recognizer adds names in the other stretches.
"""

from __future__ import annotations

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
    WORD_LISTS,
    MultilingualNameRecognizer,
)


@dataclass(slots=True)
class LanguageParts:
    """What an engine needs for languages other than English (built once per engine)."""

    identifier: LanguageIdentifier
    names: MultilingualNameRecognizer

    @classmethod
    def build(cls, english_words: dict[str, float], names: dict[str, Any]) -> LanguageParts:
        """``names``: names.tsv entries (kind "last" counts as a surname, others as given)."""
        given = [n for n, e in names.items() if e.kind != "last"]
        surnames = [n for n, e in names.items() if e.kind == "last"]
        return cls(LanguageIdentifier(english_words), MultilingualNameRecognizer(given, surnames))


def covered(seg: Segment) -> bool:
    """A stretch the multilingual parts handle (English parts are switched off there)."""
    return seg.lang != ENGLISH and seg.lang in WORD_LISTS


def by_language(text: str, results: list[RecognizerResult], parts: LanguageParts
                ) -> list[RecognizerResult]:
    segments = parts.identifier.segments(text)
    other = [s for s in segments if covered(s)]
    if not other:
        return results
    kept = []
    for r in results:
        source = (r.recognition_metadata or {}).get(RecognizerResult.RECOGNIZER_NAME_KEY)
        if source in ENGLISH_ONLY_SOURCES and any(s.start <= r.start < s.end for s in other):
            continue
        kept.append(r)
    return kept + parts.names.analyze_segments(text, other)
