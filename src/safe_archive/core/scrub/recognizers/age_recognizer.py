"""AGE: "I was 13", "thirteen years old", "a 15-year-old", "13yo", "aged 13" (a quasi-identifier)."""

from __future__ import annotations

import re

from safe_archive.core.scrub.entities import AGE
from safe_archive.core.scrub.numbers import NUMBER_WORDS, TENS, UNITS, parse_age
from safe_archive.core.scrub.recognizers.regex_recognizer import RegexRecognizer, RegexRule

__all__ = ["NUMBER_WORDS", "AgeRecognizer", "parse_age"]

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


# Every rule needs a number, and every number starts with a digit, a unit word or a tens
# word ("twenty-one"): a text without one is skipped (most posts; the rules' number-word
# alternations were a twentieth of the fast profile's time).
_HAS_NUMBER = re.compile(r"(?i)\d|\b(?:" + "|".join(UNITS + TENS) + ")")


class AgeRecognizer(RegexRecognizer):
    RULES = RULES

    def prefilter(self, text: str) -> bool:
        return _HAS_NUMBER.search(text) is not None

    def validate(self, rule: RegexRule, match: re.Match[str], text: str) -> float | None:
        n = parse_age(match.group(rule.group))
        return rule.score if n is not None and 1 <= n <= 99 else None
