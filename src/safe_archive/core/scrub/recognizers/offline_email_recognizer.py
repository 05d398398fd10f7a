"""EMAIL_ADDRESS, validated with an offline tldextract (Presidio's default one fetches)."""

from __future__ import annotations

import re

import tldextract

from safe_archive.core.scrub.entities import EMAIL_ADDRESS
from safe_archive.core.scrub.recognizers.regex_recognizer import RegexRecognizer, RegexRule

_DOT = r"(?:\.|\s*\(dot\)\s*|\s*\[dot\]\s*|\s+dot\s+)"
_AT = r"(?:\s*\(at\)\s*|\s*\[at\]\s*|\s+at\s+)"
_AT_GATE = re.compile(r"\(at\)|\[at\]|\sat\s", re.IGNORECASE)

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
    # obfuscated: jane dot doe at gmail dot com / jane(at)gmail(dot)com / jane [at] gmail.com
    RegexRule(
        "obfuscated email",
        re.compile(
            rf"(?i)(?<![\w@])[\w\-]+(?:{_DOT}[\w\-]+)*{_AT}(?!www\.)[\w\-]+(?:{_DOT}[\w\-]+)*?"
            rf"{_DOT}(?:com|org|net|edu|gov|io|co|uk|de|fr|ca|au|info|me)\b"
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
        # what each rule needs, with the rules' own case-blindness and white space: " at "
        # tested literally missed "JANE DOT DOE AT GMAIL DOT COM" and "jane\tat\tgmail.com"
        return "@" in text or _AT_GATE.search(text) is not None

    def validate(self, rule: RegexRule, match: re.Match[str], text: str) -> float | None:
        if rule.name != "email":
            return rule.score
        domain = match.group(0).rsplit("@", 1)[1]
        return rule.score if self._extract(domain).suffix else None
