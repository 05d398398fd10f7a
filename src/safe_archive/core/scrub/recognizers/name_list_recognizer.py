"""PERSON beyond the NER model: census name lists, any case, hashtags, possessives, context.

The list (``resources/scrub/names.tsv``, built by ``bench/scrub_build_names.py``) holds US
census first and last names with each one's frequency as an English word; frequent words
("will", "rose", "black") are stoplisted unless the context says a name follows ("my bf
will", "Mr. Black") or the training data mostly tags the word as a person.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from presidio_analyzer import RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from safe_archive.core.scrub.entities import PERSON
from safe_archive.core.scrub.recognizers.regex_recognizer import RegexRecognizer
from safe_archive.core.scrub.splitting import SHORT_WORDS, best_splits
from safe_archive.core.scrub.wordlists import load_words as load_words  # read by the language identifier too
from safe_archive.core.scrub.wordlists import scrub_text

# a word, with an optional possessive; not the first part of a contraction ("ain't", "we'll")
_WORD = re.compile(
    r"(?<![\w@#＠/.])([^\W\d_]+(?:-[^\W\d_]+)?)(?:['’][sS])?(?![\w@])(?!['’][^\W\d_sS])"
)
# A capitalised word addressed: "Nice shooting, Tex!!!", "Where are you, Summer?", "Loey, do"
_VOCATIVE = re.compile(
    r"(?:(?<=[,;])[ \t]*|^[ \t]*)([A-Z][a-z]+)(?=[ \t]*(?:[!?.…]+|,|$))", re.MULTILINE
)
_NOT_VOCATIVE = frozenset(
    "guys everyone everybody people folks friends fam lol lmao omg wow yes yeah yep no nope "
    "ok okay please thanks thank sorry hello hi hey bye bro dude sir man girl boys girls "
    "ladies gentlemen haha well so now then anyway again too though also tho".split()
)
_TITLE_GAP = re.compile(r"\.?[ \t]+")  # "Mr. Black", "coach Tom"; not "Officer! Now"
_HASHTAG = re.compile(r"(?<![\w&])#(\w{3,})")
_CAMEL = re.compile(r"[A-Z][a-z]+|[A-Z]+(?![a-z])|[a-z]+|\d+")
_TITLES = frozenset(
    "mr mrs ms miss mx dr prof sir lady lord rev fr father pastor coach uncle aunt auntie "
    "officer sgt detective judge senator".split()
)
_CONTEXT = frozenset(
    "bf gf boyfriend girlfriend ex husband hubby wife fiance fiancé fiancee partner bestie "
    "friend brother bro sister sis cousin uncle aunt auntie stepdad stepfather stepmom "
    "stepmother stepbrother stepsister nephew niece grandpa grandma son daughter named "
    "called coach teacher pastor priest boss manager neighbor neighbour roommate mentor "
    "therapist doctor dr mr mrs ms tutor counselor counsellor babysitter classmate "
    "abuser rapist".split()
)
_HASHTAG_PREFIXES = (
    "justicefor", "prayfor", "prayersfor", "rip", "restinpeace", "free", "standwith",
    "istandwith", "findjustice", "bringback", "believe", "protect", "remember", "happybirthday",
    "hbd", "welovey", "team", "love", "missing",
)


@dataclass(frozen=True, slots=True)
class NameEntry:
    kind: str
    zipf: float
    person_ratio: float
    occurrences: int


def load_names(path: Path | None = None) -> dict[str, NameEntry]:
    """Read names.tsv (package data unless a path is given)."""
    text = scrub_text("names.tsv", path)
    out: dict[str, NameEntry] = {}
    # 94k entries: one object per distinct kind and number instead of one per line (the
    # list took 20 MiB in every scrub worker, 11 MiB so)
    kinds: dict[str, str] = {}
    floats: dict[str, float] = {}
    ints: dict[str, int] = {}
    for line in text.splitlines():
        name, kind, zipf, ratio, occ = line.split("\t")
        out[name] = NameEntry(
            kinds.setdefault(kind, kind),
            floats[zipf] if zipf in floats else floats.setdefault(zipf, float(zipf)),
            floats[ratio] if ratio in floats else floats.setdefault(ratio, float(ratio)),
            ints[occ] if occ in ints else ints.setdefault(occ, int(occ)),
        )
    return out


_RARE_MEMO = 50_000  # words whose rare-word answer is remembered (~7 MiB; then forgotten at once)
_HELD = re.compile(r"([^\W\d_])\1{2,}")  # a letter three or more times in a row
_LAUGH = re.compile(r"(?:ha){2,}|(?:he){3,}|(?:hi){3,}|(?:lo)+l|lmao|lmfao|rofl|omg|wtf|xd+$|^a+w+$")
_LETTERS = "abcdefghijklmnopqrstuvwxyz"


def _edits1(w: str) -> set[str]:
    splits = [(w[:i], w[i:]) for i in range(len(w) + 1)]
    out = {a + b[1:] for a, b in splits if b}
    out |= {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
    out |= {a + c + b[1:] for a, b in splits if b for c in _LETTERS}
    out |= {a + c + b for a, b in splits for c in _LETTERS}
    return out


_NAME_INTRO = re.compile(
    r"(?i)\b(?:my\s+name\s+is|my\s+name's|named|called|aka|a\.k\.a\.?|this\s+is|i'm|i\s+am|"
    r"shout\s*out\s+to|thanks?|thank\s+you|love\s+you|miss\s+you|rip|r\.i\.p\.?|hey|hi|"
    r"hello|dear|congrats|congratulations|happy\s+birthday)\s*,?\s+$"
)


# the last word of each phrase of _NAME_INTRO (a cheap test before the regex search)
_INTRO_ENDS = ("is", "name's", "named", "called", "aka", "a.k.a", "a.k.a.", "i'm", "am", "to",
               "thanks", "thank", "you", "rip", "r.i.p", "r.i.p.", "hey", "hi", "hello", "dear",
               "congrats", "congratulations", "birthday")


class NameListRecognizer(RegexRecognizer):
    def __init__(
        self,
        names: dict[str, NameEntry],
        words: dict[str, float] | None = None,
        max_zipf: float = 4.0,
        context_max_zipf: float = 6.0,
        add_back_ratio: float = 0.5,
        add_back_min: int = 2,
        rare_cap_zipf: float | None = None,
        rare_lower_zipf: float | None = None,
        extend_zipf: float = 3.5,
        foreign_share: float = 0.5,
        given_max_zipf: float = 3.5,
        lower_last_max_zipf: float = 3.0,
    ) -> None:
        self.names = names
        self.words = words or {}
        self.max_zipf = max_zipf
        self.context_max_zipf = context_max_zipf
        self.add_back_ratio = add_back_ratio
        self.add_back_min = add_back_min
        self.rare_cap_zipf = rare_cap_zipf
        self.rare_lower_zipf = rare_lower_zipf
        self.extend_zipf = extend_zipf
        self.foreign_share = foreign_share
        self.given_max_zipf = given_max_zipf
        self.lower_last_max_zipf = lower_last_max_zipf
        # _rare's answers by (word, lower_ok): a pure function of the word and the lists, and
        # its misspelling test builds hundreds of candidate strings per unknown word
        self._rare_seen: dict[tuple[str, bool], float | None] = {}
        super().__init__(rules=[])
        self.supported_entities = [PERSON]

    # -- vocabulary tests -------------------------------------------------------------------
    def is_name(self, word: str, in_context: bool = False) -> bool:
        e = self.names.get(word.casefold())
        if e is None:
            return False
        limit = self.given_max_zipf if e.kind == "given" else self.max_zipf
        if e.kind == "last" and word.islower():  # "peek", "troll", "schooler": words first
            limit = min(limit, self.lower_last_max_zipf)
        if e.zipf < limit:
            return True
        if e.occurrences >= self.add_back_min and e.person_ratio >= self.add_back_ratio:
            return True
        return in_context and e.zipf < self.context_max_zipf

    def word_zipf(self, word: str) -> float:
        w = word.casefold()
        z = self.words.get(w)
        if z is None:
            e = self.names.get(w)
            z = e.zipf if e else 0.0
        return z

    def looks_like_word(self, word: str) -> bool:
        """A misspelt or stretched common word ("borring", "soooo", "hahaha"), not a name."""
        w = word.casefold()
        if _LAUGH.search(w):
            return True
        squeezed = re.sub(r"(.)\1{2,}", r"\1\1", w)
        for cand in {squeezed, re.sub(r"(.)\1+", r"\1", w)}:
            if cand != w and self.words.get(cand, 0.0) >= 2.5:
                return True
        for cand in _edits1(w):
            if self.words.get(cand, 0.0) >= 3.3 and not self.is_first_name(cand):
                return True
        return False

    def _stretched_name(self, word: str) -> bool:
        """A name with a letter held ("SUAREZZZZZ", "Shaaaane", "JAKEEE"): three or more of a
        letter in a row, and squeezed to one or two it is a name the list takes alone (four
        letters or more; not "willll", "Yasssss")."""
        if _HELD.search(word) is None:
            return False
        w = word.casefold()
        for cand in (_HELD.sub(r"\1", w), _HELD.sub(r"\1\1", w)):
            if len(cand) >= 4 and cand != w and self.is_name(cand):
                return True
        return False

    def inflected_word(self, word: str) -> bool:
        """A plural or verb form of a common English word ("Decorators", "Parsing"), not a
        name: its stem is a word (Zipf >= 2.5) and not itself a name ("Williams" stays)."""
        w = word.casefold()
        stems = []
        if w.endswith("ies") and len(w) > 4:
            stems.append(w[:-3] + "y")
        if w.endswith("es") and len(w) > 4:
            stems.append(w[:-2])
        if w.endswith("s") and not w.endswith("ss") and len(w) > 3:
            stems.append(w[:-1])
        if w.endswith("ing") and len(w) > 5:
            stems += [w[:-3], w[:-3] + "e"]
        if w.endswith("ed") and len(w) > 4:
            stems += [w[:-2], w[:-1]]
        return any(self.words.get(st, 0.0) >= 2.5 and st not in self.names for st in stems)

    def is_surname(self, word: str) -> bool:
        """A census surname that is not a common word ("mars", "gaynes"; not "hurt",
        "short"): after a lower-case first name it is the rest of the name."""
        e = self.names.get(word)
        return e is not None and e.kind in ("last", "both") and e.zipf < 4.5

    def is_census_first(self, word: str) -> bool:
        e = self.names.get(word.casefold())
        return e is not None and e.kind in ("first", "both")

    def is_first_name(self, word: str) -> bool:
        """A given name in the lists ("joey", "cody"): its one-letter variants ("Loey",
        "Codys") are spellings of names, not misspelt words."""
        e = self.names.get(word)
        return e is not None and e.kind != "last"

    def mostly_unknown(self, words: list[str]) -> bool:
        """A text most of whose words are no English word or name: another language
        (romanised Hindi, Hmong, ...), where "rare in English" says nothing about names."""
        alpha = [w for w in words if len(w) >= 2 and w.isalpha()]
        unknown = sum(1 for w in alpha if self.word_zipf(w) == 0.0)
        return unknown >= 3 and unknown >= self.foreign_share * len(alpha)

    def _rare(self, word: str, lower_ok: bool = True) -> float | None:
        key = (word, lower_ok)
        if key in self._rare_seen:
            return self._rare_seen[key]
        if len(self._rare_seen) >= _RARE_MEMO:
            self._rare_seen.clear()
        found = self._rare_of(word, lower_ok)
        self._rare_seen[key] = found
        return found

    def _rare_of(self, word: str, lower_ok: bool) -> float | None:
        if len(word) < 3 or not word.isalpha():
            return None
        z = self.word_zipf(word)
        if z == 0.0 and self.looks_like_word(word):
            return None
        if self.inflected_word(word):
            return None
        if word[0].isupper() and not word.isupper():
            if self.rare_cap_zipf is not None and z < self.rare_cap_zipf:
                return 0.4
        elif word[0].islower() and not word.islower():  # "iDubbbz", "xXJakeXx"
            if self.rare_lower_zipf is not None and z < self.rare_lower_zipf and len(word) >= 4:
                return 0.4
        elif word.islower() and lower_ok:
            if self.rare_lower_zipf is not None and z < self.rare_lower_zipf:
                return 0.35
        return None

    @staticmethod
    def _introduced(text: str, start: int) -> bool:
        """An introduction ("my name is", "thanks", "hey,") right before ``start``. The regex
        search runs only where the text before ends in white space after one of the phrases'
        last words (it scanned the text from its start once per word)."""
        if start == 0 or not text[start - 1].isspace():
            return False
        i = start
        while i > 0 and text[i - 1].isspace():
            i -= 1
        if i > 0 and text[i - 1] == ",":
            i -= 1
            while i > 0 and text[i - 1].isspace():
                i -= 1
        if not text[max(0, i - 16):i].casefold().endswith(_INTRO_ENDS):
            return False
        return _NAME_INTRO.search(text, 0, start) is not None

    # -- analysis ---------------------------------------------------------------------------
    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        out: list[RecognizerResult] = []
        words = list(_WORD.finditer(text))
        hits: dict[int, tuple[int, float]] = {}  # word index -> (start, score)
        raw = [m.group(1) for m in words]
        lower_ok = not self.mostly_unknown(raw)
        folded = [w.casefold().rstrip(".") for w in raw]  # each word's form for the tests below
        for i, m in enumerate(words):
            word = raw[i]
            start = m.start(1)
            prev = [folded[k] for k in range(max(0, i - 2), i)
                    if text.find("\n", words[k].end(), m.start()) < 0]
            titled = (bool(prev) and prev[-1] in _TITLES and word[:1].isupper() and len(word) > 1
                      and bool(_TITLE_GAP.fullmatch(text, words[i - 1].end(1), start)))
            in_context = bool(prev) and prev[-1] in _CONTEXT
            introduced = self._introduced(text, start) and word[:1].isalpha() and (
                self.word_zipf(word) < 4.5 or word[:1].isupper() and self.word_zipf(word) < 5.5)
            if titled:
                score = 0.85
                start = words[i - 1].start(1)
            elif self.is_name(word, in_context or introduced):
                if in_context or introduced:
                    score = 0.85
                elif word[:1].isupper():
                    score = 0.6
                else:
                    score = 0.45
            elif introduced and self.word_zipf(word) < 3.5:
                score = 0.6
            elif self._stretched_name(word):
                score = 0.5
            else:
                rare = self._rare(word, lower_ok)
                if rare is None:
                    continue
                score = rare
            hits[i] = (start, score)
        # join adjacent hits and extend over rare capitalised neighbours ("Enner Valencia")
        i = 0
        while i < len(words):
            if i not in hits:
                i += 1
                continue
            start, score = hits[i]
            j = i
            while True:
                nxt = j + 1
                if nxt >= len(words) or text[words[j].end(1):words[nxt].start(1)] not in (" ", "-"):
                    break
                w2 = words[nxt].group(1)
                if nxt in hits or (w2[:1].isupper() and words[j].group(1)[:1].isupper()
                                   and self.word_zipf(w2) < self.extend_zipf) or (
                        w2.islower() and words[j].group(1).islower() and j == i
                        and self.is_census_first(words[j].group(1)) and self.is_surname(w2)):
                    j = nxt
                    if nxt in hits:
                        score = max(score, hits[nxt][1])
                    continue
                break
            if i > 0 and text[words[i - 1].end(1):start] == " ":
                w0 = words[i - 1].group(1)
                if (w0[:1].isupper() and words[i].group(1)[:1].isupper() and not w0.isupper()
                        and self.word_zipf(w0) < self.extend_zipf):
                    start = words[i - 1].start(1)
            out.append(self.result(PERSON, start, words[j].end(1), score, "name list"))
            i = j + 1
        for m in _VOCATIVE.finditer(text):
            word = m.group(1)
            low = word.casefold()
            if low in _NOT_VOCATIVE:
                continue
            if (low in self.names and self.word_zipf(word) < 5.5) or (
                    self.word_zipf(word) < 3.5 and not self.looks_like_word(word)):
                out.append(self.result(PERSON, m.start(1), m.end(1), 0.6, "name list"))
        for m in _HASHTAG.finditer(text):
            out.extend(self._hashtag(m))
        return out

    def _hashtag(self, m: re.Match[str]) -> list[RecognizerResult]:
        tag = m.group(1)
        base = m.start(1)
        parts = list(_CAMEL.finditer(tag))
        if len(parts) > 1:
            lowered = [p.group().casefold() for p in parts]
            for j, p in enumerate(parts):
                after_prefix = j > 0 and "".join(lowered[:j]) in _HASHTAG_PREFIXES
                if p.group()[:1].isalpha() and self.is_name(p.group(), after_prefix):
                    # the whole tag: "#TeamSmithFamily", "#RIPJohnnyWinter"
                    return [self.result(PERSON, base, base + len(tag),
                                        0.7 if after_prefix else 0.5, "name in hashtag")]
            return []
        low = tag.casefold()
        for prefix in _HASHTAG_PREFIXES:
            rest = low[len(prefix):]
            if low.startswith(prefix) and len(rest) >= 3 and self.is_name(rest, True):
                return [self.result(PERSON, base, base + len(tag), 0.7, "name in hashtag")]
        if self.is_name(tag):
            return [self.result(PERSON, base, base + len(tag), 0.5, "name in hashtag")]
        if tag.isalpha() and tag.islower() and len(tag) >= 6:
            return self._lower_hashtag(tag, base)
        return []

    def _lower_hashtag(self, tag: str, base: int) -> list[RecognizerResult]:
        """A lower-case hashtag read as words ("#philday": phil + day, "#freekarenmiller":
        free + karen + miller): a name if a piece is a given name the list takes for a name
        on its own and that is no common word, or a given name followed by a surname ("karen
        miller", not "rose gold")."""
        pieces = self._segment(tag)
        if not pieces or len(pieces) < 2:
            return []
        for j, piece in enumerate(pieces):
            if not self._given_piece(piece):
                continue
            nxt = self.names.get(pieces[j + 1]) if j + 1 < len(pieces) else None
            full = nxt is not None and nxt.kind in ("last", "both") and (
                nxt.zipf < 4.5 or nxt.person_ratio >= 0.5)
            # alone, a name that is also a common word is read as the word ("#markmywords")
            if full or self.words.get(piece, 0.0) < 4.5:
                if self.is_name(piece, full):
                    return [self.result(PERSON, base, base + len(tag), 0.5, "name in hashtag")]
        return []

    def _segment(self, low: str) -> tuple[str, ...] | None:
        """The split of ``low`` into the fewest pieces (then the commonest words) that are each
        a common English word, a given name (not right after another), or a surname right
        after a given name."""
        def accept(piece: str, before: tuple[str, ...], z: float) -> bool:
            after_given = bool(before) and self._given_piece(before[-1])
            if z >= 3.5 and (len(piece) >= 3 or piece in SHORT_WORDS):
                return True
            if not after_given:
                return self._given_piece(piece)
            e = self.names.get(piece)
            return e is not None and e.kind in ("last", "both") and len(piece) >= 3

        return best_splits(low, self.words, accept)[-1]

    def _given_piece(self, piece: str) -> bool:
        e = self.names.get(piece)
        return e is not None and e.kind != "last" and len(piece) >= 4
