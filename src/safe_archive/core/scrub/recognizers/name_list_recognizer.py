"""PERSON beyond the NER model: census name lists, any case, hashtags, possessives, context.

The list (``resources/scrub/names.tsv``, built by ``bench/scrub_build_names.py``) holds US
census first and last names with each one's frequency as an English word; frequent words
("will", "rose", "black") are stoplisted unless the context says a name follows ("my bf
will", "Mr. Black") or the training data mostly tags the word as a person.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from presidio_analyzer import RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from safe_archive.core.scrub.entities import PERSON
from safe_archive.core.scrub.recognizers.regex_recognizer import RegexRecognizer

_WORD = re.compile(r"(?<![\w@#＠/.])([^\W\d_]+(?:-[^\W\d_]+)?)(?:['’][sS])?(?![\w@])")
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
    if path is None:
        text = (resources.files("safe_archive") / "resources" / "scrub" / "names.tsv").read_text(
            encoding="utf-8"
        )
    else:
        text = path.read_text(encoding="utf-8")
    out: dict[str, NameEntry] = {}
    for line in text.splitlines():
        name, kind, zipf, ratio, occ = line.split("\t")
        out[name] = NameEntry(kind, float(zipf), float(ratio), int(occ))
    return out


class NameListRecognizer(RegexRecognizer):
    def __init__(
        self,
        names: dict[str, NameEntry],
        max_zipf: float = 4.0,
        context_max_zipf: float = 6.0,
        add_back_ratio: float = 0.5,
        add_back_min: int = 2,
    ) -> None:
        self.names = names
        self.max_zipf = max_zipf
        self.context_max_zipf = context_max_zipf
        self.add_back_ratio = add_back_ratio
        self.add_back_min = add_back_min
        super().__init__(rules=[])
        self.supported_entities = [PERSON]

    # -- vocabulary tests -------------------------------------------------------------------
    def is_name(self, word: str, in_context: bool = False) -> bool:
        e = self.names.get(word.casefold())
        if e is None:
            return False
        if e.zipf < self.max_zipf:
            return True
        if e.occurrences >= self.add_back_min and e.person_ratio >= self.add_back_ratio:
            return True
        return in_context and e.zipf < self.context_max_zipf

    def _word_zipf(self, word: str) -> float:
        e = self.names.get(word.casefold())
        return e.zipf if e else 0.0

    # -- analysis ---------------------------------------------------------------------------
    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        out: list[RecognizerResult] = []
        words = list(_WORD.finditer(text))
        for i, m in enumerate(words):
            word = m.group(1)
            start, end = m.span(1)
            prev = [w.group(1).casefold().rstrip(".") for w in words[max(0, i - 2):i]
                    if text[w.end():m.start()].count("\n") == 0]
            titled = bool(prev) and prev[-1] in _TITLES and word[:1].isupper()
            in_context = bool(prev) and prev[-1] in _CONTEXT
            if titled:
                score = 0.85
            elif self.is_name(word, in_context):
                if in_context:
                    score = 0.85
                elif word[:1].isupper():
                    score = 0.6
                else:
                    score = 0.45
            else:
                continue
            # extend over a following capitalised word: "Jake Tsosie", "Mary Ann"
            if word[:1].isupper() and i + 1 < len(words):
                nxt = words[i + 1]
                gap = text[end:nxt.start(1)]
                w2 = nxt.group(1)
                if gap == " " and w2[:1].isupper() and not w2.isupper() and (
                    self._word_zipf(w2) < 4.5 or self.is_name(w2)
                ):
                    end = nxt.end(1)
            out.append(self.result(PERSON, start, end, score, "name list"))
        for m in _HASHTAG.finditer(text):
            out.extend(self._hashtag(m))
        return out

    def _hashtag(self, m: re.Match[str]) -> list[RecognizerResult]:
        tag = m.group(1)
        base = m.start(1)
        out = []
        parts = list(_CAMEL.finditer(tag))
        if len(parts) > 1:
            lowered = [p.group().casefold() for p in parts]
            for j, p in enumerate(parts):
                after_prefix = j > 0 and "".join(lowered[:j]) in _HASHTAG_PREFIXES
                if p.group()[:1].isalpha() and (self.is_name(p.group(), after_prefix)):
                    out.append(self.result(PERSON, base + p.start(), base + p.end(),
                                           0.7 if after_prefix else 0.5, "name in hashtag"))
            return out
        low = tag.casefold()
        for prefix in _HASHTAG_PREFIXES:
            rest = low[len(prefix):]
            if low.startswith(prefix) and len(rest) >= 3 and self.is_name(rest, True):
                out.append(self.result(PERSON, base + len(prefix), base + len(tag), 0.7,
                                       "name in hashtag"))
                break
        else:
            if self.is_name(tag):
                out.append(self.result(PERSON, base, base + len(tag), 0.5, "name in hashtag"))
        return out
