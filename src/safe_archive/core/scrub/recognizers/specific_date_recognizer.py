"""DATE: specific calendar days only ("March 3, 2019", "3/14/2019", "the 14th of March").

A month or a year alone is already coarse and is not reported; days of the week, "today"
and times are left alone (they cost precision and rarely identify anyone).
"""

from __future__ import annotations

import re

from safe_archive.core.scrub.entities import DATE
from safe_archive.core.scrub.numbers import MONTHS
from safe_archive.core.scrub.recognizers.regex_recognizer import RegexRecognizer, RegexRule

_MON = (r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
        r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?")
_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_YEAR = r"(?:19|20)\d\d"

RULES = [
    RegexRule("month day year",
              re.compile(rf"\b{_MON}\s+{_DAY}(?:,?\s+(?:'\d\d|{_YEAR}))?\b(?!:)"), 0.7, DATE),
    RegexRule("day month year",
              re.compile(rf"\b(?:the\s+)?{_DAY}\s+(?:of\s+)?{_MON}(?:,?\s+{_YEAR})?\b"), 0.7, DATE),
    RegexRule("numeric date",
              re.compile(rf"(?<![\d/.\-])(?:{_DAY[:-len('(?:st|nd|rd|th)?')]}[/.\-](?:1[0-2]|0?[1-9])"
                         rf"|(?:1[0-2]|0?[1-9])[/.\-](?:[12]\d|3[01]|0?[1-9]))[/.\-](?:{_YEAR}|\d\d)"
                         r"(?![\d/.\-])"), 0.7, DATE),
    RegexRule("iso date",
              re.compile(rf"(?<![\d\-]){_YEAR}-(?:0[1-9]|1[0-2])-(?:[12]\d|3[01]|0[1-9])(?![\d\-])"),
              0.8, DATE),
]


_DIGIT = re.compile(r"\d")


class SpecificDateRecognizer(RegexRecognizer):
    RULES = RULES

    def prefilter(self, text: str) -> bool:
        # every rule needs a decimal digit (one regex search, not a Python test per character)
        return _DIGIT.search(text) is not None

    def validate(self, rule: RegexRule, match: re.Match[str], text: str) -> float | None:
        value = match.group(0)
        # "May 5" needs a capital M (the verb "may" is everywhere)
        if value[:3].casefold() == "may" and not value.startswith("May"):
            return None
        return rule.score
