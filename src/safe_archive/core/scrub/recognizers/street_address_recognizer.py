"""STREET_ADDRESS: "1234 E Main St", "12 Baker Street, Apt 4", "PO Box 12", UK postcodes."""

from __future__ import annotations

import re

from safe_archive.core.scrub.entities import STREET_ADDRESS
from safe_archive.core.scrub.recognizers.regex_recognizer import RegexRecognizer, RegexRule

_SUFFIX = (
    r"Street|St|Avenue|Ave|Road|Rd|Boulevard|Blvd|Lane|Ln|Drive|Dr|Court|Ct|Way|Place|Pl|"
    r"Terrace|Ter|Circle|Cir|Highway|Hwy|Parkway|Pkwy|Square|Sq|Trail|Trl|Close|Crescent|"
    r"Grove|Gardens|Row|Mews|Hill|Loop|Pike"
)
RULES = [
    RegexRule(
        "number street suffix",
        re.compile(
            rf"(?i:\b\d{{1,6}}[A-Za-z]?\s+(?:[NSEW]\.?\s+|North\s+|South\s+|East\s+|West\s+)?)"
            rf"(?:[A-Z0-9][\w'’\-]*\s+){{1,4}}(?i:(?:{_SUFFIX}))\b\.?"
            r"(?:,?\s+(?i:apt|apartment|unit|suite|ste|#)\.?\s*\w+)?"
        ),
        0.75,
        STREET_ADDRESS,
    ),
    RegexRule("po box", re.compile(r"(?i)\bP\.?\s?O\.?\s+Box\s+\d+\b"), 0.8, STREET_ADDRESS),
    RegexRule(
        "uk postcode",
        re.compile(r"\b[A-Z]{1,2}\d[A-Z\d]?\s\d[A-Z]{2}\b"),
        0.7,
        STREET_ADDRESS,
    ),
    RegexRule(
        "us state zip",
        re.compile(r"\b[A-Z]{2}\s\d{5}(?:-\d{4})?\b"),
        0.6,
        STREET_ADDRESS,
    ),
]


_DIGIT = re.compile(r"\d")


class StreetAddressRecognizer(RegexRecognizer):
    RULES = RULES

    def prefilter(self, text: str) -> bool:
        # every rule needs a decimal digit (one regex search, not a Python test per character)
        return _DIGIT.search(text) is not None
