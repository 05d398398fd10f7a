"""Language-aware filtering of one post's recognizer results (called by ``batch``).

English-only recognizers (``language.ENGLISH_ONLY_SOURCES``) keep only what they found in
English stretches, or in stretches of a language we have neither a word list nor a tagger for
(there they are still the best we have); the multilingual name recognizer adds names in the
other stretches (Chinese: the character tagger of ``chinese_names`` and Baidu LAC,
``chinese_lac``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from collections.abc import Mapping
from typing import Any

from presidio_analyzer import RecognizerResult

from safe_archive.core.scrub.language import (
    ENGLISH,
    ENGLISH_ONLY_SOURCES,
    LanguageIdentifier,
    Segment,
    foreign_letters,
)
from safe_archive.core.scrub.recognizers.cue_names import CUED
from safe_archive.core.scrub.recognizers.multilingual_name_recognizer import (
    _PARTICLES,
    TAGGED,
    MultilingualNameRecognizer,
    load_given_names_intl,
)
from safe_archive.core.scrub.wordlists import WORD_LISTS, load_word_list


@dataclass(slots=True)
class LanguageParts:
    """What an engine needs for languages other than English (built once per engine)."""

    identifier: LanguageIdentifier
    names: MultilingualNameRecognizer
    first_names: frozenset[str]  # census first names (kept even where a word of L2)

    @classmethod
    def build(cls, english_words: dict[str, float], names: dict[str, Any],
              zh_ner: bool = True, zh_tagger: bool = True,
              zh_ner_path: str | None = None,
              zh_confirm_bias: float | None = None, uner_ner: bool = True,
              zh_lac: bool = True) -> LanguageParts:
        """``names``: names.tsv entries (kind "last" counts as a surname, others as given);
        ``zh_ner`` / ``zh_tagger`` / ``zh_lac``: which Chinese name finders run (see
        EngineConfig)."""
        given = [n for n, e in names.items() if e.kind != "last"] + sorted(
            load_given_names_intl())
        surnames = [n for n, e in names.items() if e.kind == "last"]
        first = frozenset(n for n, e in names.items() if e.kind in ("first", "both"))
        return cls(LanguageIdentifier(english_words),
                   MultilingualNameRecognizer(given, surnames, english_words,
                                              zh_ner=zh_ner, zh_tagger=zh_tagger,
                                              zh_ner_path=zh_ner_path,
                                              zh_confirm_bias=zh_confirm_bias,
                                              uner_ner=uner_ner, zh_lac=zh_lac), first)


def covered(seg: Segment) -> bool:
    """A stretch the multilingual parts handle (English parts are switched off there)."""
    return seg.lang != ENGLISH and (seg.lang in WORD_LISTS or seg.lang in TAGGED
                                    or seg.lang in CUED)


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
            if second in WORD_LISTS:
                kept.extend(_without_foreign(text, r, second, parts))
                continue
        kept.append(r)
    return kept + parts.names.analyze_segments(text, segments) if other else kept


def _english_only(r: RecognizerResult) -> bool:
    return (r.recognition_metadata or {}).get(RecognizerResult.RECOGNIZER_NAME_KEY) in (
        ENGLISH_ONLY_SOURCES)


_PIECE = re.compile(r"[^\s,;]+")


def _without_foreign(text: str, r: RecognizerResult, lang: str, parts: LanguageParts
                     ) -> list[RecognizerResult]:
    """An English-only guess in an English stretch of a code-switched post, less the words
    that are ordinary words of the other language and not English words ("pero nadie
    contestó", "Tenía" opening a sentence, "la escuela" after "Elm Street"): the English
    rare-word rules and NERs took them for a name or place. What is left between them is
    kept as separate results; nothing is left: dropped."""
    lexicon = load_word_list(WORD_LISTS[lang])
    words = list(_PIECE.finditer(text, r.start, r.end))
    foreign = [_foreign(text, m, lexicon, parts) for m in words]
    if not any(foreign):
        return [r]
    _keep_name_parts(text, words, foreign)
    out = []
    i = 0
    while i < len(words):
        if foreign[i]:
            i += 1
            continue
        j = i
        while j + 1 < len(words) and not foreign[j + 1]:
            j += 1
        a, b = words[i].start(), words[j].end()
        while b > a and text[b - 1] in ".:!?\"”)":
            b -= 1
        if b > a:
            out.append(RecognizerResult(r.entity_type, a, b, r.score,
                                        analysis_explanation=r.analysis_explanation,
                                        recognition_metadata=r.recognition_metadata))
        i = j + 1
    return out


def _keep_name_parts(text: str, words: list[re.Match[str]], foreign: list[bool]) -> None:
    """Unflag what belongs to a name: a capitalised word next to a kept capitalised word
    ("Iver Høj"), and short particles between two kept words ("Gomes de a Silva",
    "Virginia de la Guardia")."""
    def cap(k: int) -> bool:
        return words[k].group()[:1].isupper()

    n = len(words)
    for k in range(n):
        if foreign[k] and cap(k) and any(
                0 <= j < n and not foreign[j] and cap(j)
                and text[min(words[j].end(), words[k].end()):
                         max(words[j].start(), words[k].start())] == " "
                for j in (k - 1, k + 1)):
            foreign[k] = False
    k = 0
    while k < n:
        if not foreign[k]:
            k += 1
            continue
        j = k
        while j + 1 < n and foreign[j + 1]:
            j += 1
        if 0 < k and j + 1 < n and all(
                len(words[x].group()) <= 3 or words[x].group() in _PARTICLES
                for x in range(k, j + 1)):
            for x in range(k, j + 1):
                foreign[x] = False
        k = j + 1


def _foreign(text: str, m: re.Match[str], lexicon: Mapping[str, float], parts: LanguageParts
             ) -> bool:
    """An ordinary word of the other language that is not an English word. A capitalised
    word inside a sentence, or a census first name, may be a name: not foreign."""
    word = m.group().strip(".:!?\"“”()")
    low = word.casefold()
    z_en = parts.identifier.english_words.get(low, 0.0)
    z = lexicon.get(low, 0.0)
    if not word.isalpha() or low in parts.first_names:
        return False
    if not word.islower():
        before = text[:m.start()].rstrip()
        if before and before[-1] not in ".!?…:\n\"“(":
            return False
    if z_en >= 3.0 and not (z >= 5.0 and z > z_en + 1.0):
        return False  # an English word ("la" is one, but far more a Spanish one)
    return z >= 3.5 or (word.islower() and foreign_letters(word, lexicon))
