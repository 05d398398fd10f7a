"""PHONE_NUMBER: international numbers via phonenumbers, plus a phone-shaped fallback."""

from __future__ import annotations

import re
from collections.abc import Sequence

import phonenumbers
from presidio_analyzer import RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from safe_archive.core.scrub.entities import PHONE_NUMBER
from safe_archive.core.scrub.recognizers.regex_recognizer import RegexRecognizer, RegexRule

DEFAULT_REGIONS: tuple[str, ...] = ("US", "GB", "CA", "AU", "IN", "IE", "NZ", "ZA", "DE", "FR")

# Chinese, Japanese and Korean write no space between a number and the words around it
# ("我的电话是138 0013 8000。", "010-1234-5678이에요"): their letters may touch a number
_CJK = "\u3040-\u30FF\u3400-\u4DBF\u4E00-\u9FFF\uAC00-\uD7A3"
# Russia's trunk prefix "8" before ten digits: "8 (912) 345-67-89", "8 912 345 67 89"
_RU_TRUNK = r"8[\s\-]?(?=\(?\d{3}\)?[\s\-]?\d{3}[\s\-]?\d{2}[\s\-]?\d{2}(?!\d))"
# digits in the usual groupings, 9-15 digits, optional +country and (area)
_FALLBACK = re.compile(
    rf"(?<![+/.\-])(?<![^\W{_CJK}])(?:(?:\+|00)\d{{1,3}}[\s.\-]?|{_RU_TRUNK})?(?:\(\d{{2,5}}\)|\d{{2,5}})"
    r"(?:[\s.\-]?\d{2,5}|\s\d(?=\s\d{4}))?(?:[\s.\-]?\d{2,5}){1,4}"  # "(51) 9 2976-3140"
    rf"(?![/\-])(?![^\W{_CJK}])"
)
# Danish and Norwegian numbers have eight digits ("20 12 34 56", "912 34 567"): too few for
# the fallback, so only after a word for a phone or a call ("Mit nummer er", "ring til")
_NORDIC_8 = re.compile(
    r"(?i)\b(?:nummer|nummeret|nr|tlf|telefon\w*|ring\w*|sms\w*|mobil\w*)\b\D{0,20}?"
    r"(?<![\d+])(?P<n>\d{2}(?:\s\d{2}){3}|\d{3}\s\d{2}\s\d{3}|\d{8})(?![\d\w])")
_DIGITS = re.compile(r"\d")


class InternationalPhoneRecognizer(RegexRecognizer):
    """phonenumbers' matcher for each region (valid numbers, score 0.9), then a fallback."""

    def __init__(self, regions: Sequence[str] = DEFAULT_REGIONS) -> None:
        self.regions = tuple(regions)
        super().__init__(rules=[RegexRule("phone-shaped", _FALLBACK, 0.5, PHONE_NUMBER),
                                RegexRule("nordic 8 digits", _NORDIC_8, 0.5, PHONE_NUMBER, "n")])

    def prefilter(self, text: str) -> bool:
        return len(_DIGITS.findall(text)) >= 7

    def validate(self, rule: RegexRule, match: re.Match[str], text: str) -> float | None:
        if rule.regex is _NORDIC_8:
            return rule.score
        value = match.group(0)
        digits = sum(c.isdigit() for c in value)
        if digits < 9 or digits > 15:
            return None
        # years and times glued together ("2019 2020 2021") are not phone numbers
        if re.fullmatch(r"(?:(?:19|20)\d\d[\s\-/]*)+", value.strip()):
            return None
        return rule.score

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        if not self.prefilter(text):
            return []
        out: list[RecognizerResult] = []
        seen: set[tuple[int, int]] = set()
        for region in self.regions:
            for m in phonenumbers.PhoneNumberMatcher(
                text, region, leniency=phonenumbers.Leniency.VALID
            ):
                if (m.start, m.end) in seen:
                    continue
                seen.add((m.start, m.end))
                out.append(self.result(PHONE_NUMBER, m.start, m.end, 0.9, f"phonenumbers {region}"))
        out.extend(r for r in super().analyze(text, entities, nlp_artifacts)
                   if (r.start, r.end) not in seen)
        return out
