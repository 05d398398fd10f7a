"""Names decided from context: the context model overrules weak surface-cue PERSON guesses.

The name list's rare-word rules and the CNN NERs lean on case and word rarity ("puffiness",
"Python", "Decorators" as names). Where the context model read the words and gave none of
them a PER probability of ``EngineConfig.context_veto_prob``, such a guess is dropped.
Strong cues stay whatever the model says: a title or an introduction ("Ms. Gaynes",
"my friend jake", score >= STRONG), names the archive knows, and everything not PERSON.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from presidio_analyzer import RecognizerResult

from safe_archive.core.scrub import entities as E
from safe_archive.core.scrub.context_model import unlikely_name
from safe_archive.core.scrub.generalize import gazetteer
from safe_archive.core.scrub.known import normalize_term

VETOED_SOURCES = frozenset({"NameListRecognizer", "SocialNerRecognizer", "SpacyRecognizer"})
STRONG = 0.85
# the name list's scores below this are guesses from the word alone (a rare word 0.35-0.4, a
# listed name that is also a word 0.45); context cues, titles and hashtags score 0.5 or more
WEAK = 0.5
COMMON_ZIPF = 3.0  # "common English word" for weak_guesses (words.tsv Zipf frequency)
NER_SOURCES = frozenset({"SocialNerRecognizer", "ContextNerRecognizer", "SpacyRecognizer"})
MISSPELT_NER_PROB = 0.5  # NER guesses of misspelt words count when the NER's p is below this
MISSPELT_MIN_LEN = 6  # shorter words are one edit from too many others ("Abbo", "HDM")
_HELD = re.compile(r"([^\W\d_])\1\1")


def context_veto(results: Sequence[RecognizerResult], text: str, artifacts: Any,
                 max_prob: float | None) -> list[RecognizerResult]:
    """``results`` without the weak PERSON guesses the context model contradicts (hashtags
    stay: the model reads "#JohnnyWinter" as one unknown word)."""
    doc = getattr(artifacts, "tokens", None)
    words = doc.user_data.get("context_words") if doc is not None else None
    if max_prob is None or not words:
        return list(results)
    out = []
    for r in results:
        source = (r.recognition_metadata or {}).get(RecognizerResult.RECOGNIZER_NAME_KEY)
        if (r.entity_type == E.PERSON and source in VETOED_SOURCES and r.score < STRONG
                and not (r.start > 0 and text[r.start - 1] in "#＃")
                and unlikely_name(r.start, r.end, words, max_prob)):
            continue
        out.append(r)
    return out


# -- weak guesses nobody else made ----------------------------------------------------------
# Sources whose spans count as a second opinion: an NER, the name lists, disguise, archive.
_NAME_TYPES = frozenset({E.PERSON, E.LOCATION, E.ORGANIZATION})


def _seconded(r: RecognizerResult, results: Sequence[RecognizerResult]) -> bool:
    """Another recognizer also took (part of) ``r``'s span for a name, place or organisation."""
    source = (r.recognition_metadata or {}).get(RecognizerResult.RECOGNIZER_NAME_KEY)
    for o in results:
        if o is r or o.entity_type not in _NAME_TYPES or o.end <= r.start or o.start >= r.end:
            continue
        if (o.recognition_metadata or {}).get(RecognizerResult.RECOGNIZER_NAME_KEY) != source:
            return True
    return False


def _common_words(value: str, words: Mapping[str, float], names: Mapping[str, Any],
                  min_zipf: float, person: bool = False) -> bool:
    """Every word of ``value`` a common English word (Zipf >= ``min_zipf``), none a place of
    the gazetteer ("london", "texas" are common words too) and none a given name the lists
    know ("grace", "hope" may be people typed as places); for a ``person``, no word in the
    name lists at all ("butler", "fox", "madden" are surnames written lower case)."""
    places = gazetteer()  # read once (lru_cache)
    if normalize_term(value) in places:
        return False
    parts = [w.strip(".,!?:;'\"()’").casefold() for w in value.split()]
    for p in parts:
        if not p or words.get(p, 0.0) < min_zipf or p in places:
            return False
        entry = names.get(p)
        if entry is not None and (person or entry.kind != "last"):
            return False
    return bool(parts)


def _misspelt_guess(r: RecognizerResult, value: str, probs: Any, max_prob: float,
                    misspelt: Callable[[str], bool]) -> bool:
    """One word an NER guessed at low probability that is a misspelt, stretched or laughing
    common word, and that the context model does not read as a name."""
    word = value.strip(".,!?:;'\"()’")
    if not word.isalpha() or r.score >= 0.35 + 0.6 * MISSPELT_NER_PROB:
        return False
    if len(word) < MISSPELT_MIN_LEN and _HELD.search(word.casefold()) is None:
        return False
    if probs and not unlikely_name(r.start, r.end, probs, max_prob):
        return False
    return misspelt(word)


def weak_guesses(results: Sequence[RecognizerResult], text: str, artifacts: Any,
                 lower_max_prob: float | None, common_max_prob: float | None,
                 words: Mapping[str, float], names: Mapping[str, Any],
                 common_min_zipf: float = COMMON_ZIPF,
                 misspelt_max_prob: float | None = None,
                 misspelt: Callable[[str], bool] | None = None) -> list[RecognizerResult]:
    """``results`` without three kinds of guess that no other recognizer seconds:

    * a lower-case word the name lists took for a name on weak evidence alone (a rare word:
      "puffiness", "respawn", "fucktard"; or a lower-case listed name that is also a word:
      "tuff", "lotta") when the context model gives it p(PER) below ``lower_max_prob``.
      Context cues ("my bf jake", "hey deji") score >= 0.5 and stay;
    * a place, organisation or person the context model itself guessed at p below
      ``common_max_prob`` whose words are all lower-case common English words ("the
      borderlines of", "gasoline", "troop"; for a person, words no name list knows:
      "comedian", "camaraderie"): a lower-case name that is common words only is rare, and
      then the model is sure of it;
    * one word an NER guessed at p < 0.5 that ``misspelt`` takes for a misspelt, stretched
      or laughing common word ("casaulties", "ITTTTTTT", "LOLOLOLOL"; six letters or more,
      or a letter held) and the context model reads as p(PER) < ``misspelt_max_prob``.
    """
    if lower_max_prob is None and common_max_prob is None and (
            misspelt_max_prob is None or misspelt is None):
        return list(results)
    doc = getattr(artifacts, "tokens", None)
    probs = doc.user_data.get("context_words") if doc is not None else None
    out = []
    for r in results:
        source = (r.recognition_metadata or {}).get(RecognizerResult.RECOGNIZER_NAME_KEY)
        value = text[r.start:r.end]
        if (lower_max_prob is not None and probs and source == "NameListRecognizer"
                and r.entity_type == E.PERSON and r.score < WEAK and value.islower()
                and not (r.start > 0 and text[r.start - 1] in "#＃")
                and unlikely_name(r.start, r.end, probs, lower_max_prob)
                and not _seconded(r, results)):
            continue
        if (common_max_prob is not None and source == "ContextNerRecognizer"
                and r.entity_type in _NAME_TYPES
                and r.score < 0.35 + 0.6 * common_max_prob and value.islower()
                and _common_words(value, words, names, common_min_zipf,
                                  person=r.entity_type == E.PERSON)
                and not _seconded(r, results)):
            continue
        if (misspelt_max_prob is not None and misspelt is not None and source in NER_SOURCES
                and r.entity_type in _NAME_TYPES
                and _misspelt_guess(r, value, probs, misspelt_max_prob, misspelt)
                and not _seconded(r, results)):
            continue
        out.append(r)
    return out
