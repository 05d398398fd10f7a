"""Which language a post (and each sentence of a mixed post) is written in, offline.

The English-only parts of the scrub (the English NERs, the census name list, the rare-English-
word rules) read surface cues that only hold in English: in Spanish or Polish they mask
"de", "tenía", "mnie". So the scrub first asks which language each stretch of text is in,
and runs those parts only on English stretches (see ``ENGLISH_ONLY_SOURCES``).

Identification: ``py3langid`` 0.4.0 (BSD; a naive Bayes model over byte n-grams, 4.5 MB,
~0.1 ms per post), restricted to ``CANDIDATES``. Short or English-looking text stays
English: a wrong "not English" would switch the English NER off, so text with fewer than
``MIN_WORDS`` letters-words, or whose words are nearly all common English words, is English.
Links, handles and hashtags are removed before identification (they are not language).

Deterministic: the same text gives the same segments (no randomness; scores rounded before
comparison so floating-point noise cannot flip a decision).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from collections.abc import Mapping
from typing import Any

from safe_archive.core.scrub.wordlists import (
    WORD_LISTS,
    load_english_foreign,
    load_word_list,
    load_words,
)

ENGLISH = "en"
# Languages the identifier chooses among: those we have word lists for, and others common
# on social media (so that e.g. Tagalog is not forced into Spanish).
CANDIDATES: tuple[str, ...] = (
    "en", "es", "fr", "de", "nl", "pt", "it", "ar", "tr", "pl", "da", "sv", "no", "nb", "hr",
    "sr", "bs", "sk", "cs", "ro", "ca", "fi", "hu", "id", "ms", "ru", "uk", "el", "fa", "he",
    "zh", "ja", "ko", "hi", "ur", "vi", "th", "tl", "sw", "af", "sl", "bg", "lt", "lv", "et",
    # scripts of their own (a Bengali post was "hr", the nearest candidate, without them)
    "bn", "ta", "te", "pa", "gu", "kn", "ml", "or", "si", "my", "km", "lo", "am", "ka", "hy",
)
# Recognizers that only make sense on English text (their results in other-language
# stretches are dropped). Others adding an English-only recognizer: add its name here.
ENGLISH_ONLY_SOURCES: set[str] = {"SpacyRecognizer", "SocialNerRecognizer", "NameListRecognizer",
                                  "NameCueRecognizer",
                                  "ContextNerRecognizer"}

MIN_WORDS = 3  # fewer letter-words than this: too little to tell, treated as English
MIN_POST_LETTERS = 4  # a post in another script than Latin with fewer letters: too little to tell
ENGLISH_SHARE = 0.8  # this share of words common in English (Zipf >= 3): English
MIN_EVIDENCE = 2  # words common in the other language and not in English, to leave English
_NOISE = re.compile(r"https?://\S+|www\.\S+|\S+@\S+\.\S+|[@＠#]\w[\w.]*")


def _combining_marks() -> str:
    """A character class body of the combining marks (Unicode category M) of the BMP."""
    import unicodedata

    ranges: list[tuple[int, int]] = []
    for cp in range(0x300, 0x10000):
        if unicodedata.category(chr(cp))[0] == "M":
            if ranges and ranges[-1][1] == cp - 1:
                ranges[-1] = (ranges[-1][0], cp)
            else:
                ranges.append((cp, cp))
    return "".join(f"\\u{a:04x}" + (f"-\\u{b:04x}" if b > a else "") for a, b in ranges)


# a word: two or more letters, with the vowel signs and viramas inside it (Devanagari, Bengali,
# Thai... write them as combining marks, which are not letters for ``\w``: "मेरे" is one word)
_WORD = re.compile(r"[^\W\d_](?:[^\W\d_]|[" + _combining_marks() + r"])+")
# sentence ends, line breaks, and clause breaks before a capital or a lower-case switch; a
# capital letter's full stop is an initial, not a sentence end ("sociologen A. I. Rabin")
_SENTENCE = re.compile(
    r"(?<=[.!?…;:])(?<!(?<![\w.])[A-ZÀ-ÖØ-Þ]\.)\s+|\n+|\s+[–—]\s+|(?<=,)\s+")
_CASED_LATIN = re.compile(r"[A-Za-zÀ-ɏ]")


@dataclass(frozen=True, slots=True)
class Segment:
    start: int
    end: int
    lang: str


class LanguageIdentifier:
    """Post and segment languages. ``english_words`` maps English words to Zipf frequency."""

    def __init__(self, english_words: dict[str, float] | None = None) -> None:
        self.english_words = english_words or {}
        # common in English web text, far more common elsewhere ("ich", "als"): no English
        self._foreign = load_english_foreign()
        self._model: Any = None
        # the last text's words and the last scores (pure functions of the text)
        self._last_words: tuple[str, str, list[str]] | None = None
        self._last_rank: tuple[str, Any] | None = None

    def _load(self) -> Any:
        if self._model is None:
            from py3langid.langid import MODEL_FILE
            from py3langid.langid import LanguageIdentifier as _Model

            model = _Model.from_model_file(MODEL_FILE, norm_probs=False)
            known = set(model.labels)
            model.set_languages([c for c in CANDIDATES if c in known])
            # py3langid keeps its whole model (97 languages' weights, 27 MiB) besides the
            # restricted copy it scores with, only to restrict again later; we never do
            # (docs/quality.md, worker memory)
            model._full_model = None
            self._model = model
        return self._model

    def classify(self, text: str, prior: str | None = None) -> str:
        """The language of ``text`` (ISO 639-1), English when too little to tell. ``prior``:
        the language of the whole post (a sentence of it needs no further evidence)."""
        clean, words = self._clean_words(text)
        return self._classify(clean, words, prior)

    def post_language(self, text: str) -> str | None:
        """The language of a whole post for the archive (ISO 639-1), or None when the post is
        too short to tell: fewer than ``MIN_WORDS`` words in Latin letters, or fewer than
        ``MIN_POST_LETTERS`` letters in other scripts ("謝謝你們" is enough, "ok" or "jaja" is
        not). The rules of :meth:`classify` otherwise, so a post is stored with the language
        its scrub reads it in."""
        clean, words = self._clean_words(text)
        latin = sum(1 for w in words if _CASED_LATIN.match(w))
        if latin == len(words) and len(words) < MIN_WORDS:
            return None
        if sum(len(w) for w in words) < MIN_POST_LETTERS:
            return None
        return self._classify(clean, words, None)

    def _clean_words(self, text: str) -> tuple[str, list[str]]:
        """``text`` without links, handles and hashtags, and its words (the post's are asked
        for twice: by :meth:`segments` and :meth:`second_language`)."""
        last = self._last_words
        if last is not None and last[0] == text:
            return last[1], last[2]
        clean = _NOISE.sub(" ", text)
        words = _WORD.findall(clean)
        self._last_words = (text, clean, words)
        return clean, words

    def _rank(self, clean: str) -> Any:
        """py3langid's scores for ``clean`` (the post's are asked for twice at most)."""
        last = self._last_rank
        if last is not None and last[0] == clean:
            return last[1]
        scores = self._load().rank(clean)
        self._last_rank = (clean, scores)
        return scores

    def _classify(self, clean: str, words: list[str], prior: str | None) -> str:
        # every word is letters only: in ASCII text each starts with a Latin letter
        latin = len(words) if clean.isascii() else sum(1 for w in words if _CASED_LATIN.match(w))
        if len(words) < MIN_WORDS and latin == len(words):
            return ENGLISH
        if latin == len(words) and self._english_share(words) >= ENGLISH_SHARE:
            return ENGLISH
        scores = self._rank(clean)
        # round so a floating-point difference in the last bits never changes the winner;
        # ties go to the alphabetically first code
        best = min(scores, key=lambda kv: (-round(float(kv[1]), 3), kv[0]))[0]
        best = {"nb": "no", "bs": "hr", "sr": "hr"}.get(best, best) if best else ENGLISH
        if (best != ENGLISH and best != prior and latin == len(words)
                and not self._evidence(words, best)):
            return ENGLISH  # "hey titi nice video": names and slang, no word of that language
        return best

    def _evidence(self, words: list[str], lang: str) -> bool:
        """At least MIN_EVIDENCE of the words are common in ``lang`` and not English words
        (only checked for languages with a word list)."""
        if lang not in WORD_LISTS:
            return True
        name = WORD_LISTS[lang]
        lexicon = load_word_list(name)
        found = 0
        for w in words:
            low = w.casefold()
            if self.english_words.get(low, 0.0) < 3.0:
                found += lexicon.get(low, 0.0) >= 3.5 or foreign_letters(w, lexicon)
            else:
                found += name in self._foreign.get(low, ())
        return found >= MIN_EVIDENCE

    def _english_evidence(self, words: list[str], lang: str) -> bool:
        """At least MIN_EVIDENCE of the words are common English words (Zipf >= 3) clearly
        more common in English than in ``lang`` (by 1.0: the Spanish list has "was" 3.8, "my"
        4.4 from English quoted in Spanish text; languages without a word list: any)."""
        if lang not in WORD_LISTS:
            return True
        name = WORD_LISTS[lang]
        lexicon = load_word_list(name)
        found = 0
        for w in words:
            low = w.casefold()
            z_en = self.english_words.get(low, 0.0)
            found += (z_en >= 3.0 and z_en > lexicon.get(low, 0.0) + 1.0
                      and name not in self._foreign.get(low, ()))
        return found >= MIN_EVIDENCE

    def second_language(self, text: str) -> str | None:
        """For an English post: the other language it mixes in, if it has word lists and at
        least two of the post's words are frequent there but no English words."""
        clean, found = self._clean_words(text)
        words = [w.casefold() for w in found]
        foreign = [w for w in words if self.english_words.get(w, 0.0) < 3.0]
        if len(foreign) < 2:
            return None
        ranked = sorted(self._rank(clean),
                        key=lambda kv: (-round(float(kv[1]), 3), kv[0]))
        for raw, _score in ranked[:3]:
            code = {"nb": "no", "bs": "hr", "sr": "hr"}.get(str(raw), str(raw))
            if code == ENGLISH or code not in WORD_LISTS:
                continue
            lexicon = load_word_list(WORD_LISTS[code])
            if sum(1 for w in foreign if lexicon.get(w, 0.0) >= 3.5) >= 2:
                return code
        return None

    def _english_share(self, words: list[str]) -> float:
        common = 0
        for w in words:
            low = w.casefold()
            common += self.english_words.get(low, 0.0) >= 3.0 and low not in self._foreign
        return common / len(words) if words else 1.0

    def segments(self, text: str) -> list[Segment]:
        """The text cut into sentences/clauses, each with its language; a piece too short to
        tell takes the language of the post. Adjacent pieces of one language are joined."""
        post = self.classify(text)
        bounds = [0]
        for m in _SENTENCE.finditer(text):
            bounds.append(m.end())
        bounds.append(len(text))
        pieces = [(a, b) for a, b in zip(bounds, bounds[1:]) if b > a]
        if len(pieces) <= 1:
            return [Segment(0, len(text), post)]
        out: list[Segment] = []
        for a, b in pieces:
            clean = _NOISE.sub(" ", text[a:b])
            words = _WORD.findall(clean)
            lang = self._classify(clean, words, post) if len(words) >= 4 else post
            if lang == ENGLISH and post != ENGLISH and not self._english_evidence(words, post):
                lang = post  # "…, mi entrenador me tocó.": no word of it is English only
            if (lang not in (ENGLISH, post) and lang not in WORD_LISTS and post in WORD_LISTS
                    and not _CASED_LATIN.search(clean)):
                # "Мене звати Олена Шевченко," alone looks Bulgarian (no word list: the English
                # parts would run there); in another script than Latin, the post's language
                lang = post
            if lang == "hr" and post in ("ru", "uk") and not _CASED_LATIN.search(clean):
                # "Мама мне не поверила." alone reads as Serbian, whose word list (shared with
                # Croatian) is in Latin letters: every word unknown, "Мама" a name
                lang = post
            if out and out[-1].lang == lang:
                out[-1] = Segment(out[-1].start, b, lang)
            else:
                out.append(Segment(a, b, lang))
        return out


@cache
def _post_identifier() -> LanguageIdentifier:
    """One identifier per process for :func:`post_language` (English word list and py3langid's
    model, ~1.4 s CPU, loaded on the first post that needs it)."""
    return LanguageIdentifier(load_words())


def post_language(text: str) -> str | None:
    """The language of a whole post for the archive (:meth:`LanguageIdentifier.post_language`,
    one identifier per process)."""
    return _post_identifier().post_language(text)


def foreign_letters(word: str, lexicon: Mapping[str, float]) -> bool:
    """A lower-case word with a letter English does not write ("dlhovekosť", "spresňuje")
    that the language's word list knows or that is not capitalised (a name may carry
    accents in English text: "José", "Beyoncé")."""
    return word.islower() and not word.isascii() and (
        lexicon.get(word, 0.0) > 0.0 or len(word) >= 4)


def language_at(segments: list[Segment], pos: int) -> str:
    """The language of the segment holding character ``pos``."""
    for seg in segments:
        if seg.start <= pos < seg.end:
            return seg.lang
    return segments[-1].lang if segments else ENGLISH
