"""EMAIL_ADDRESS, validated with an offline tldextract (Presidio's default one fetches)."""

from __future__ import annotations

import re

import tldextract

from safe_archive.core.scrub.entities import EMAIL_ADDRESS
from safe_archive.core.scrub.recognizers.regex_recognizer import RegexRecognizer, RegexRule

RULES = [
    RegexRule(
        "email",
        re.compile(
            r"(?i)(?<![\w.+\-])[\w!#$%&'*+/=?^`{|}~\-](?:[\w!#$%&'*+/=?^`{|}~.\-]*[\w\-])?"
            r"@[\w](?:[\w\-]*\w)?(?:\.[\w](?:[\w\-]*\w)?)+"
        ),
        0.9,
        EMAIL_ADDRESS,
    ),
    # obfuscated: jane dot doe at gmail dot com / jane(at)gmail(dot)com
    RegexRule(
        "obfuscated email",
        re.compile(
            r"(?i)\b[\w.\-]+\s*[\[(]?\s*(?:at|@)\s*[\])]?\s*[\w\-]+\s*[\[(]?\s*(?:dot|\.)\s*[\])]?"
            r"\s*(?:com|org|net|edu|gov|co\.uk|ac\.uk|io|de|fr)\b"
        ),
        0.6,
        EMAIL_ADDRESS,
    ),
]


def offline_tldextract() -> tldextract.TLDExtract:
    """A TLDExtract that never touches the network or a disk cache (bundled snapshot only)."""
    return tldextract.TLDExtract(
        cache_dir=None, suffix_list_urls=(), fallback_to_snapshot=True
    )


class OfflineEmailRecognizer(RegexRecognizer):
    RULES = RULES

    def __init__(self, extractor: tldextract.TLDExtract) -> None:
        self._extract = extractor
        super().__init__()

    def prefilter(self, text: str) -> bool:
        return "@" in text or " at " in text or "(at)" in text or "[at]" in text

    def validate(self, rule: RegexRule, match: re.Match[str], text: str) -> float | None:
        if rule.name != "email":
            value = match.group(0)
            # "meet me at home dot com"-style false alarms: need 'dot' or '.' AND an 'at' token
            if not re.search(r"(?i)(\bat\b|@)", value):
                return None
            return rule.score
        domain = match.group(0).rsplit("@", 1)[1]
        return rule.score if self._extract(domain).suffix else None
