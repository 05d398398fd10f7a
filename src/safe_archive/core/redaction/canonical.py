"""The one canonical form of a term, and a canonical view of a text mapped back to it.

Everyone who compares a term with text (propagation, accept/reject-term, the always/never
lists, forget, the leak check, export, the scrub's disguise step) goes through this module, so
a disguise defeats all of them or none. What is undone:

* Unicode compatibility forms (NFKC, per character cluster): 𝓙𝓪𝓷𝓮, Ｊａｎｅ, Ⓙⓔⓢⓢⓘⓒⓐ, ligatures;
* case (case folding);
* zero-width and joiner characters (every format character, Unicode category Cf: U+200B,
  U+200C, U+200D, U+2060, U+FEFF, the soft hyphen…) and markup inside a word
  (``Jes<b>sica</b>``, ``Jessica <b>Miller</b>``): dropped as if absent;
* confusable letters: Cyrillic and Greek look-alikes of Latin letters (``Јеѕѕіса``), folded to
  Latin inside a word that has a Latin letter, or that consists of look-alikes only in a text
  not written in their script (Russian or Greek words keep their letters, "και" in a Greek
  post too);
* Arabic and Hebrew vowel points (harakat, niqqud, cantillation): optional in writing, so
  "أَحْمَد" is "أحمد" and "דָּוִד" is "דוד";
* ``#`` and ``@`` prefixes; words joined by ``_``, ``.``, ``-`` or camelCase
  (``Jessica_Miller``, ``J.Miller``, ``JessicaMiller``) are split into words;
* spaced-out letters (``J e s s i c a``, ``J.E.S.S.I.C.A``): three or more one-letter words
  with one separator between each are joined into one word.

A term's *key* (:func:`term_key`) is its canonical words joined by one space ("jessica
miller"); its *match key* (:func:`match_key`) is the same without spaces ("jessicamiller"), so
``jessicamiller`` and ``J e s s i c a M i l l e r`` match "Jessica Miller" too. Matching is
whole words of the canonical view (:mod:`safe_archive.core.redaction.terms`).

A word keeps the combining marks inside and after it: Devanagari vowel signs and virama, Bengali,
Tamil, Thai… ("राजेश शर्मा" is two words; the word characters of Python regular expressions have
no marks and cut such words into letters).

Spelled-out separators ("jessica dot miller") are not part of the canonical view (a "dot" is
a word); the term matcher skips them between the words of a term it is matching.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

# Cyrillic and Greek letters that look like Latin ones (upper and lower case).
_CONFUSABLES: dict[str, str] = {
    # Cyrillic
    "А": "A", "В": "B", "Е": "E", "К": "K", "М": "M", "Н": "H", "О": "O", "Р": "P", "С": "C",
    "Т": "T", "Х": "X", "У": "Y", "І": "I", "Ј": "J", "Ѕ": "S", "Ԛ": "Q", "Ԝ": "W", "Ү": "Y",
    "а": "a", "е": "e", "о": "o", "р": "p", "с": "c", "у": "y", "х": "x", "і": "i", "ј": "j",
    "ѕ": "s", "ԁ": "d", "һ": "h", "ӏ": "l", "ԛ": "q", "ԝ": "w", "ү": "y", "ѵ": "v", "ɡ": "g",
    # Greek
    "Α": "A", "Β": "B", "Ε": "E", "Ζ": "Z", "Η": "H", "Ι": "I", "Κ": "K", "Μ": "M", "Ν": "N",
    "Ο": "O", "Ρ": "P", "Τ": "T", "Υ": "Y", "Χ": "X", "ο": "o", "ν": "v", "ι": "i", "κ": "k",
    "α": "a", "ρ": "p", "υ": "u", "χ": "x", "ϲ": "c", "ϳ": "j",
}
_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9]*(?:\s[^<>]{0,200})?/?>")
_WORD = re.compile(r"[^\W_]+")
# Scripts written without spaces between words, or (Hangul) with particles attached: Han with
# kana, Hangul, Thai, Lao, Khmer, Myanmar. Where one of them meets another script's letter the
# word ends ("我和Jessica", "Jessica에게"); digits stay with either side ("2019年").
_RUN_SCRIPTS = ("\u3040-\u30ff\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f",
                "\u1100-\u11ff\u3130-\u318f\ua960-\ua97f\uac00-\ud7af\ud7b0-\ud7ff",
                "\u0e00-\u0e7f", "\u0e80-\u0eff", "\u1780-\u17ff", "\u1000-\u109f")
_ALL_RUN_SCRIPTS = "".join(_RUN_SCRIPTS)
_ANY_RUN_SCRIPT = re.compile(f"[{_ALL_RUN_SCRIPTS}]")
_OTHER_LETTERS = re.compile(f"[^\\W\\d_{_ALL_RUN_SCRIPTS}]+")  # letters of any other script


def _script_cuts(ft: str) -> list[int]:
    """Positions where a run of another script's letters meets Han/kana, Hangul, Thai… ("我和|
    Jessica|見面"). Two of those scripts meeting (Hanja against Hangul) is not a cut."""
    if not _ANY_RUN_SCRIPT.search(ft):
        return []
    cuts: list[int] = []
    n = len(ft)
    for m in _OTHER_LETTERS.finditer(ft):
        a, b = m.span()
        if a > 0 and _ANY_RUN_SCRIPT.match(ft, a - 1):
            cuts.append(a)
        if b < n and _ANY_RUN_SCRIPT.match(ft, b):
            cuts.append(b)
    return cuts


JOINERS = frozenset("_.-‐‑·")  # one of these between two words joins them in a handle
_SPACED_GAPS = frozenset(" ._-·")
PREFIXES = frozenset("@#＠＃")


@dataclass(frozen=True, slots=True)
class Token:
    """One canonical word: ``text`` keeps case (confusables and compatibility forms folded),
    ``key`` is case-folded; ``start``/``end`` are offsets in the original text."""

    text: str
    key: str
    start: int
    end: int
    joined: bool = False  # joined to the previous word by "_", ".", "-", camelCase or nothing
    disguised: bool = False  # compatibility letters, confusables, zero-width, markup or spacing


@dataclass(frozen=True, slots=True)
class _Folded:
    text: str
    starts: Sequence[int]  # per character of ``text``: original start and end
    ends: Sequence[int]
    changed: frozenset[int]  # indices of ``text`` whose character is not the original one


# Format characters (Unicode category Cf) and look-alike letters: a text without them whose
# NFKC form is itself folds to itself, character for character.
_CF = ("\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u180e\u200b-\u200f"
       "\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb\U000110bd\U000110cd"
       "\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0001\U000e0020-\U000e007f")
# Arabic and Hebrew vowel points and cantillation marks: optional, dropped (not a disguise)
_POINTS = ("\u0591-\u05bd\u05bf\u05c1\u05c2\u05c4\u05c5\u05c7"
           "\u064b-\u065f\u0670\u06d6-\u06dc\u06df-\u06e4\u06e7\u06e8\u06ea-\u06ed")
_POINT = re.compile("[" + _POINTS + "]")
_LOOKALIKE = re.compile("[" + "".join(_CONFUSABLES) + "]")
_UNSTABLE = re.compile("[" + _CF + _POINTS + "".join(_CONFUSABLES) + "]")


def _fold(text: str) -> _Folded:
    """NFKC per character cluster, format characters and markup dropped; offsets kept."""
    drop = [False] * len(text)
    if "<" in text:
        for m in _TAG.finditer(text):
            for k in range(m.start(), m.end()):
                drop[k] = True
    if text.isascii() or (unicodedata.is_normalized("NFKC", text) and not _UNSTABLE.search(text)):
        if not any(drop):
            return _Folded(text, range(len(text)), range(1, len(text) + 1), frozenset())
        idx = [i for i in range(len(text)) if not drop[i]]
        return _Folded("".join(text[i] for i in idx), tuple(idx), tuple(i + 1 for i in idx),
                       frozenset(k for k in range(len(idx)) if k and idx[k] != idx[k - 1] + 1))
    out: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    changed: set[int] = set()
    n = len(text)
    i = 0
    gap = False
    while i < n:
        if drop[i]:
            i += 1
            gap = True
            continue
        c = text[i]
        if unicodedata.category(c) == "Cf":
            i += 1
            gap = True
            continue
        if _POINT.match(c):  # a vowel point on its own: dropped, the word goes on
            i += 1
            continue
        j = i + 1
        while j < n and unicodedata.combining(text[j]):
            j += 1
        cluster = text[i:j]
        if j - i > 1 and _POINT.search(cluster):  # the points go, the letter's range keeps them
            cluster = _POINT.sub("", cluster)
        norm = cluster if cluster.isascii() else unicodedata.normalize("NFKC", cluster)
        for ch in norm:
            ch = _CONFUSABLES.get(ch, ch)
            if norm != cluster or gap or ch not in cluster:
                changed.add(len(out))
            out.append(ch)
            starts.append(i)
            ends.append(j)
        gap = False
        i = j
    return _Folded("".join(out), tuple(starts), tuple(ends), frozenset(changed))


def _word_spans(ft: str, cuts: frozenset[int] = frozenset()) -> list[tuple[int, int]]:
    """The words of a folded text: runs of ``\\w`` letters and digits, with the combining marks
    (Unicode category M) inside and after them, cut where Han/kana, Hangul, Thai, Lao, Khmer or
    Myanmar meets another script's letter."""
    spans = [m.span() for m in _WORD.finditer(ft)]
    if ft.isascii() or not spans:
        return spans
    out: list[tuple[int, int]] = []
    n = len(ft)
    cs, ce = spans[0]
    for s, e in [*spans[1:], (n, n)]:
        k = ce
        while k < s and unicodedata.category(ft[k])[0] == "M":
            k += 1
        if k == s and k > ce and s < n:  # only marks between: the same word
            ce = e
            continue
        out.append((cs, k))
        cs, ce = s, e
    return _cut(out, sorted(cuts)) if cuts else out


def _cut(spans: list[tuple[int, int]], cuts: list[int]) -> list[tuple[int, int]]:
    """``spans`` cut at the positions ``cuts`` (sorted) that fall inside them."""
    out: list[tuple[int, int]] = []
    k = 0
    for s, e in spans:
        while k < len(cuts) and cuts[k] <= s:
            k += 1
        while k < len(cuts) and cuts[k] < e:
            out.append((s, cuts[k]))
            s = cuts[k]
            k += 1
        out.append((s, e))
    return out


def _camel_splits(word: str) -> list[int]:
    """Positions inside ``word`` where a camelCase word starts ("JessicaMiller" -> [7])."""
    if word.islower() or word.isupper() or (word[:1].isupper() and word[1:].islower()):
        return []  # most words: no case change inside
    cuts = []
    for k in range(1, len(word)):
        a, b = word[k - 1], word[k]
        if a.islower() and b.isupper():
            cuts.append(k)
        elif a.isupper() and b.isupper() and k + 1 < len(word) and word[k + 1].islower():
            cuts.append(k)  # "JMiller" -> J | Miller
    return cuts


# Greek and Cyrillic letters; a text with one of them that looks like no Latin letter is
# written in that script, and its words of look-alike letters only are its own words
# (Greek "και", Russian "Асе"), not Latin names in disguise ("Јеѕѕіса" in an English post)
_SCRIPTS = (re.compile("[\u0370-\u03ff\u1f00-\u1fff]"), re.compile("[\u0400-\u052f]"))


def _native_scripts(text: str) -> tuple[re.Pattern[str], ...]:
    """The scripts of :data:`_SCRIPTS` that ``text`` is written in: it has a letter of that
    script that is no look-alike of a Latin one."""
    return tuple(rx for rx in _SCRIPTS
                 if any(c not in _CONFUSABLES and c.isalpha() for c in rx.findall(text)))


def _latinish(word: str, original: str, native: tuple[re.Pattern[str], ...] = ()) -> bool:
    """Whether confusable folding applies: the original word has a Latin letter, or every
    letter of it is a look-alike and the text is not written in the look-alikes' script."""
    if any("a" <= c.lower() <= "z" for c in original):
        return True
    if any(rx.search(original) for rx in native):
        return False
    return all(c in _CONFUSABLES or not c.isalpha() for c in original)


def tokens(text: str) -> list[Token]:
    """The canonical words of ``text`` with their original offsets."""
    folded = _fold(text)
    ft = folded.text
    changed = folded.changed
    # text, fstart, fend, joined, disguised, and the folded range of the whole word a camelCase
    # piece came from (look-alike folding is decided for the whole word: "ЯНеБоюсь" stays Cyrillic)
    raw: list[tuple[str, int, int, bool, bool, int, int]] = []
    prev_end = -1
    single = False  # a one-letter word: spaced-out letters are possible
    script_cuts = frozenset(_script_cuts(ft)) if not ft.isascii() else frozenset()
    for s, e in _word_spans(ft, script_cuts):
        word = ft[s:e]
        # joined: nothing or one joiner between this word and the one before
        joined = prev_end >= 0 and (s == prev_end or (s - prev_end == 1 and ft[prev_end] in JOINERS))
        if joined and s == prev_end and s in script_cuts:
            joined = False  # a change of script ends a word like a space ("我和Jessica")
        cuts = _camel_splits(word)
        if not cuts:
            disguised = bool(changed) and any(x in changed for x in range(s, e))
            raw.append((word, s, e, joined, disguised, s, e))
            single = single or e - s == 1
        else:
            pieces = [s, *(s + c for c in cuts), e]
            for k in range(len(pieces) - 1):
                a, b = pieces[k], pieces[k + 1]
                disguised = bool(changed) and any(x in changed for x in range(a, b))
                raw.append((ft[a:b], a, b, joined if k == 0 else True, disguised, s, e))
                single = single or b - a == 1
        prev_end = e
    # spaced-out letters: 3+ one-letter words, one separator apart
    if single:
        merged: list[tuple[str, int, int, bool, bool, int, int]] = []
        i = 0
        while i < len(raw):
            j = i
            while (j + 1 < len(raw) and len(raw[j][0]) == 1 and len(raw[j + 1][0]) == 1
                   and raw[j][0].isalpha() and raw[j + 1][0].isalpha()
                   and raw[j + 1][1] - raw[j][2] == 1 and ft[raw[j][2]] in _SPACED_GAPS):
                j += 1
            if j - i + 1 >= 3:
                merged.append(("".join(r[0] for r in raw[i : j + 1]), raw[i][1], raw[j][2], raw[i][3],
                               True, raw[i][1], raw[j][2]))
                i = j + 1
            else:
                merged.append(raw[i])
                i += 1
    else:
        merged = raw
    starts, ends = folded.starts, folded.ends
    lookalikes = _LOOKALIKE.search(text) is not None  # most texts have none: no test per word
    native = _native_scripts(text) if lookalikes else ()
    out: list[Token] = []
    for word, a, b, joined, disguised, wa, wb in merged:
        start, end = starts[a], ends[b - 1]
        if lookalikes and _LOOKALIKE.search(text, start, end) and not _latinish(
                word, text[starts[wa]:ends[wb - 1]], native):
            original = text[start:end]
            word = "".join(c for c in original if not unicodedata.category(c).startswith("C"))
            word = unicodedata.normalize("NFKC", word)
        out.append(Token(word, word.casefold(), start, end, joined, disguised))
    return out


_SUSPECT = re.compile(
    "[\u00ad\u0370-\u03ff\u0400-\u052f\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]"
    r"|<[A-Za-z/]"
    r"|(?<![^\W_])[^\W\d_][ ._\-·][^\W\d_][ ._\-·][^\W\d_](?![^\W_])"
)


def may_be_disguised(text: str) -> bool:
    """Whether a term could hide in ``text`` from plain word splitting (a full-text index):
    compatibility letters (not NFKC-normal), format characters, Greek or Cyrillic letters,
    markup, spaced-out letters, or a word of another script written against Han/kana, Hangul,
    Thai… ("我和Jessica": one token for the index, two words here). Cheap (C-speed checks);
    False for most texts."""
    if _SUSPECT.search(text):
        return True
    if text.isascii():
        return False
    return not unicodedata.is_normalized("NFKC", text) or bool(_script_cuts(text))


@lru_cache(maxsize=65536)
def term_words(term: str) -> tuple[str, ...]:
    """The canonical (case-folded) words of a term."""
    return tuple(t.key for t in tokens(term))


def term_key(term: str) -> str:
    """The key a term is compared, listed and labelled by: "#JaneDoe" -> "jane doe"."""
    return " ".join(term_words(term))


def match_key(term: str) -> str:
    """The key without word breaks: "Jane Doe", "jane_doe", "janedoe" -> "janedoe"."""
    return "".join(term_words(term))


@dataclass(frozen=True, slots=True)
class CanonicalView:
    """A text rewritten in canonical form for detection, case kept: "Jessica_Miller" ->
    "Jessica Miller", "Ⓙⓔⓢⓢⓘⓒⓐ" -> "Jessica", "J e s s i c a" -> "Jessica", zero-width
    characters and markup gone. Every character maps back to an original range."""

    original: str
    text: str
    starts: tuple[int, ...]
    ends: tuple[int, ...]

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """The original range a span [start, end) of :attr:`text` covers."""
        if end <= start:
            pos = self.starts[start] if start < len(self.starts) else len(self.original)
            return pos, pos
        return self.starts[start], self.ends[end - 1]


def canonical_view(text: str) -> CanonicalView:
    """See :class:`CanonicalView`. Characters between words are kept as written, except a
    joiner ("_", ".", "-") or nothing between two words, which becomes one space."""
    out: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    pos = 0
    for tok in tokens(text):
        if tok.joined and out:
            out.append(" ")
            starts.append(pos)
            ends.append(tok.start)
        else:
            for k in range(pos, tok.start):
                out.append(text[k])
                starts.append(k)
                ends.append(k + 1)
        n = len(tok.text)
        span = tok.end - tok.start
        for k, ch in enumerate(tok.text):
            out.append(ch)
            if span == n:  # one to one
                starts.append(tok.start + k)
                ends.append(tok.start + k + 1)
            else:
                starts.append(tok.start if k == 0 else min(tok.end - 1, tok.start + k * span // n))
                ends.append(tok.end if k == n - 1 else min(tok.end, tok.start + (k + 1) * span // n))
        pos = tok.end
    for k in range(pos, len(text)):
        out.append(text[k])
        starts.append(k)
        ends.append(k + 1)
    return CanonicalView(text, "".join(out), tuple(starts), tuple(ends))
