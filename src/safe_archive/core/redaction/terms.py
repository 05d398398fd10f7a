"""Finding known terms in a text in any disguise the canonical form undoes.

A :class:`TermMatcher` holds many terms (each with a value: its entity type, label…) and finds
them as whole canonical words: "Jessica Miller" matches ``Jessica Miller``, ``jessica_miller``,
``JessicaMiller``, ``jessicamiller``, ``#JessicaMiller``, ``Jessica <b>Miller</b>``,
``Jes\\u200bsica Miller``, ``𝓙𝓮𝓼𝓼𝓲𝓬𝓪 𝓜𝓲𝓵𝓵𝓮𝓻``, ``J e s s i c a  M i l l e r`` and, between
its words, spelled-out separators ("jessica dot miller", "jessica underscore miller").
A term added with ``initials=True`` (a confirmed person's name of two or more words) also
matches its first initial joined to the rest: ``J.Miller``, ``J Miller``, ``jmiller``.
A leading ``@`` or ``#`` in the text is part of the match.

Chinese and Japanese are written without spaces, so a name there is never a whole word: a term
of Han and kana only (two or more characters) is also found inside a run of such characters
("陳志明" in "後來陳志明總是叫我留下來").

Korean writes particles on the word they follow ("김민수가", "김민수에게", "민수는"): a term whose
last word is Hangul also matches a word that is that word followed by a known particle
(:data:`KOREAN_SUFFIXES`: case and topic particles, the copula, the name suffix 이 and 씨/님
before them); the match covers the term only ("[PERSON]가"), never part of another word.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Generic, TypeVar

from safe_archive.core.redaction.canonical import PREFIXES, Token, canonical_view, term_words, tokens

V = TypeVar("V")
SPELLED_SEPARATORS = frozenset({"dot", "underscore", "dash", "hyphen", "period"})
MIN_MATCH_CHARS = 2
_CLOSING_TAGS = re.compile(r"(?:</[A-Za-z][A-Za-z0-9]*\s*>)+")
# Han (with extensions and compatibility ideographs), hiragana, katakana: scripts without spaces
_SPACELESS = "\u3040-\u30ff\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
_SPACELESS_CHAR = re.compile(f"[{_SPACELESS}]")
_SPACELESS_ONLY = re.compile(f"[{_SPACELESS}]+")
_HANGUL_END = re.compile("[\uac00-\ud7a3]$")
_HANGUL_ONLY = re.compile("[\uac00-\ud7a3]+")


def _korean_suffixes() -> frozenset[str]:
    """What may follow a Korean name in the same word: the name suffix 이 (after a final
    consonant: "민준이가"), an honorific, then a particle (or two: "에게는") or the copula."""
    particles = ["", "이", "가", "은", "는", "을", "를", "의", "에", "도", "만", "와", "과", "랑", "이랑",
                 "야", "아", "께", "로", "으로", "에게", "에게서", "한테", "한테서", "에서", "께서",
                 "하고", "보다", "처럼", "까지", "부터", "이나", "마저", "조차", "밖에", "이야", "이여",
                 "이다", "였다", "이었다", "예요", "이에요", "였어", "이었어", "였어요", "이었어요", "인데"]
    second = ["", "는", "도", "만", "의"]
    compound = {"에게", "에게서", "한테", "한테서", "에서", "께서", "께", "하고", "랑", "이랑", "와", "과",
                "로", "으로", "까지", "부터", "보다", "처럼", "만"}
    out: set[str] = set()
    for name in ("", "이"):
        for title in ("", "씨", "님"):
            for p in particles:
                for q in second if p in compound else [""]:
                    out.add(name + title + p + q)
    out.discard("")
    return frozenset(out)


KOREAN_SUFFIXES = _korean_suffixes()
_MAX_SUFFIX = max(map(len, KOREAN_SUFFIXES))


@dataclass(frozen=True, slots=True)
class TermMatch(Generic[V]):
    start: int
    end: int
    values: tuple[V, ...]  # the values of every term with this match key
    initials: bool = False  # matched as initial + surname


class TermMatcher(Generic[V]):
    def __init__(self, terms: Iterable[tuple[str, V]] = (), *, initials: bool = False) -> None:
        self._keys: dict[str, list[V]] = {}
        self._initial_keys: dict[str, list[V]] = {}
        self._spaceless: dict[str, list[V]] = {}  # Han/kana keys, also found inside a run
        self._spaceless_rx: re.Pattern[str] | None = None
        self._hangul: dict[str, list[V]] = {}  # keys ending in Hangul: also before a particle
        self._max = 0
        for term, value in terms:
            self.add(term, value, initials=initials)

    def __len__(self) -> int:
        return len(self._keys)

    def __bool__(self) -> bool:
        return bool(self._keys)

    def add(self, term: str, value: V, *, initials: bool = False) -> bool:
        """Add a term; False when it has no canonical word or is too short to match safely."""
        words = term_words(term)
        key = "".join(words)
        if len(key) < MIN_MATCH_CHARS:
            return False
        self._keys.setdefault(key, []).append(value)
        self._max = max(self._max, len(key))
        if _SPACELESS_ONLY.fullmatch(key):
            self._spaceless.setdefault(key, []).append(value)
            self._spaceless_rx = None
        if _HANGUL_END.search(key):
            self._hangul[key] = self._keys[key]
        if initials and len(words) >= 2 and words[0][:1].isalpha() and len(words[-1]) >= 3:
            ikey = words[0][0] + "".join(words[1:])
            if ikey not in self._keys:
                self._initial_keys.setdefault(ikey, []).append(value)
        return True

    def find(self, text: str, toks: list[Token] | None = None) -> list[TermMatch[V]]:
        """Every match (overlapping ones included), in text order."""
        if not self._keys:
            return []
        words = tokens(text) if toks is None else toks
        out: list[TermMatch[V]] = []
        n = len(words)
        stems = self._stems(words) if self._hangul else None
        for i in range(n):
            acc = ""
            for j in range(i, n):
                key = words[j].key
                if j > i and key in SPELLED_SEPARATORS and j + 1 < n:
                    continue  # "jessica dot miller": the "dot" is skipped
                if stems is not None and stems[j]:
                    for cut in stems[j]:  # "김민수가": the term before its particle
                        hit = self._hangul.get(acc + key[:cut])
                        if hit is not None:
                            start = words[i].start
                            if start > 0 and text[start - 1] in PREFIXES:
                                start -= 1
                            out.append(TermMatch(start, words[j].start + cut, tuple(hit)))
                acc += key
                if len(acc) > self._max:
                    break
                hit = self._keys.get(acc)
                is_initial = False
                if hit is None and self._initial_keys:
                    hit = self._initial_keys.get(acc)
                    is_initial = hit is not None
                if hit is not None:
                    start = words[i].start
                    if start > 0 and text[start - 1] in PREFIXES:
                        start -= 1
                    end = words[j].end
                    closing = _CLOSING_TAGS.match(text, end)  # "Jessica <b>Miller</b>"
                    out.append(TermMatch(start, closing.end() if closing else end, tuple(hit), is_initial))
        if self._spaceless and _SPACELESS_CHAR.search(text):
            out = self._inside_runs(text, out)
        return out

    def _stems(self, words: list[Token]) -> list[tuple[int, ...]]:
        """Per word, the lengths of the Hangul word without a known particle at its end
        ("김민수에게" -> (3,)); empty for other words."""
        out: list[tuple[int, ...]] = []
        for w in words:
            k = w.key
            if len(k) < MIN_MATCH_CHARS + 1 or len(w.text) != w.end - w.start or not _HANGUL_ONLY.fullmatch(k):
                out.append(())
                continue
            out.append(tuple(len(k) - n for n in range(1, min(_MAX_SUFFIX, len(k) - 1) + 1)
                             if k[-n:] in KOREAN_SUFFIXES))
        return out

    def _inside_runs(self, text: str, found: list[TermMatch[V]]) -> list[TermMatch[V]]:
        """Add the Han/kana terms found inside longer runs (the word pass found them only as
        whole words); each place once, in text order."""
        if self._spaceless_rx is None:  # the longest key first at each place
            keys = sorted(self._spaceless, key=lambda k: (-len(k), k))
            self._spaceless_rx = re.compile("|".join(re.escape(k) for k in keys))
        view = canonical_view(text)
        seen = {(m.start, m.end) for m in found}
        seen |= {(m.start + 1, m.end) for m in found if text[m.start] in PREFIXES}
        added = False
        for m in self._spaceless_rx.finditer(view.text):
            start, end = view.to_original(m.start(), m.end())
            if (start, end) in seen:
                continue
            seen.add((start, end))
            if start > 0 and text[start - 1] in PREFIXES:
                start -= 1
            found.append(TermMatch(start, end, tuple(self._spaceless[m.group()])))
            added = True
        return sorted(found, key=lambda m: (m.start, m.end)) if added else found

    def spans(self, text: str) -> list[tuple[int, int]]:
        return [(m.start, m.end) for m in self.find(text)]


MAX_SPLIT_CHARS = 32  # a run-together word longer than this is not tried in two parts


def prefilter_words(term: str) -> list[tuple[str, ...]]:
    """Word sets for a word-index pre-filter (full-text index, SQL LIKE): a text may hold
    ``term`` in a form the index can see only if it holds every word of one set. The term's
    canonical words; them run together ("jessicamiller"); the first initial with the rest
    ("J.Miller", "jmiller"); and for a one-word term, each split of it in two ("janedoe" is
    found as "Jane Doe" or "jane_doe" by the matcher, so the index must be asked for
    "jane" and "doe"). Forms the index cannot see (disguises) need their own pre-filter
    (:func:`safe_archive.core.redaction.canonical.may_be_disguised`)."""
    words = tuple(w for w in term_words(term) if w)
    if not words:
        return []
    sets: list[tuple[str, ...]] = [words]
    if len(words) > 1:
        rest = words[1:]
        sets += [("".join(words),), (words[0][0], *rest), (words[0][0] + "".join(rest),)]
    elif 2 * MIN_MATCH_CHARS <= len(words[0]) <= MAX_SPLIT_CHARS:
        w = words[0]
        sets += [(w[:i], w[i:]) for i in range(MIN_MATCH_CHARS, len(w) - MIN_MATCH_CHARS + 1)]
    return list(dict.fromkeys(sets))


def spaceless_key(term: str) -> str | None:
    """The term's match key when it is Han/kana only (found inside runs of such characters),
    else None."""
    key = "".join(term_words(term))
    return key if len(key) >= MIN_MATCH_CHARS and _SPACELESS_ONLY.fullmatch(key) else None


def find_term(text: str, term: str, *, initials: bool = False) -> list[tuple[int, int]]:
    """Where one term occurs in ``text`` (see :class:`TermMatcher`)."""
    return TermMatcher([(term, None)], initials=initials).spans(text)
