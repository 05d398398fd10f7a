"""AGE: "I was 13", "thirteen years old", "a 15-year-old", "13yo", "aged 13" (a quasi-identifier)."""

from __future__ import annotations

import re

from safe_archive.core.scrub.entities import AGE
from safe_archive.core.scrub.recognizers.regex_recognizer import RegexRecognizer, RegexRule

_UNITS = ("zero one two three four five six seven eight nine ten eleven twelve thirteen "
          "fourteen fifteen sixteen seventeen eighteen nineteen").split()
_TENS = "twenty thirty forty fifty sixty seventy eighty ninety".split()
NUMBER_WORDS: dict[str, int] = {w: i for i, w in enumerate(_UNITS)}
for _t, _w in enumerate(_TENS, start=2):
    NUMBER_WORDS[_w] = _t * 10
    for _u in range(1, 10):
        NUMBER_WORDS[f"{_w}-{_UNITS[_u]}"] = _t * 10 + _u
        NUMBER_WORDS[f"{_w} {_UNITS[_u]}"] = _t * 10 + _u

_NUM_WORDS = "|".join(sorted((re.escape(w) for w in NUMBER_WORDS), key=len, reverse=True))
NUM = rf"(?:\d{{1,2}}|{_NUM_WORDS})"
_NOT_UNIT = (r"(?!\s*(?:minutes?|mins?|hours?|hrs?|days?|weeks?|months?|times?|am|pm|a\.m|"
             r"p\.m|%|percent|o'?clock|points?|pounds?|lbs?|kg|miles?|km|feet|ft|inch|in\b|"
             r"dollars?|bucks|followers?|likes?|people|of\b|out\b|[:.,]\d))")

RULES = [
    RegexRule(
        "years old",
        re.compile(rf"(?i)\b{NUM}(?:\s*|-)(?:years?|yrs?|yr)(?:\s*|-)old\b"),
        0.7,
        AGE,
    ),
    RegexRule(
        "yo",
        re.compile(rf"(?i)\b{NUM}\s*(?:yo|y/o|y\.o\.)(?![\w/])"),
        0.7,
        AGE,
    ),
    RegexRule(
        "was N",
        re.compile(
            rf"(?i)\b(?:i|he|she|they|we|you)\s+(?:was|were|am|are|is|turned)\s+"
            rf"(?:only\s+|just\s+|barely\s+|about\s+|around\s+)?(?P<n>{NUM})\b{_NOT_UNIT}"
        ),
        0.6,
        AGE,
        "n",
    ),
    RegexRule(
        "age N",
        re.compile(rf"(?i)\b(?:aged?|at\s+age|at\s+the\s+age\s+of|age\s+of)\s+(?P<n>{NUM})\b"),
        0.7,
        AGE,
        "n",
    ),
    RegexRule(
        "when N",
        re.compile(rf"(?i)\bwhen\s+(?:i|he|she|we)\s+(?:was|were)\s+(?P<n>{NUM})\b{_NOT_UNIT}"),
        0.7,
        AGE,
        "n",
    ),
]


def parse_age(text: str) -> int | None:
    """The number in an AGE finding's text ("13", "thirteen years old", "15-year-old")."""
    m = re.search(r"\d{1,3}", text)
    if m:
        return int(m.group())
    low = " ".join(text.casefold().replace("-", " - ").split()).replace(" - ", "-")
    for w in sorted(NUMBER_WORDS, key=len, reverse=True):
        if re.search(rf"\b{re.escape(w)}\b", low):
            return NUMBER_WORDS[w]
    return None


# Every rule needs a number, and every number starts with a digit, a unit word or a tens
# word ("twenty-one"): a text without one is skipped (most posts; the rules' number-word
# alternations were a twentieth of the fast profile's time).
_HAS_NUMBER = re.compile(r"(?i)\d|\b(?:" + "|".join(_UNITS + _TENS) + ")")


class AgeRecognizer(RegexRecognizer):
    RULES = RULES

    def prefilter(self, text: str) -> bool:
        return _HAS_NUMBER.search(text) is not None

    def validate(self, rule: RegexRule, match: re.Match[str], text: str) -> float | None:
        n = parse_age(match.group(rule.group))
        return rule.score if n is not None and 1 <= n <= 99 else None
