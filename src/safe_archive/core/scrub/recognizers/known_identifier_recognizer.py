"""Identifiers known from metadata or confirmed elsewhere, found wherever they appear, any case.

Built per batch (archive-wide terms) and per post (its author and mentions) and passed to
Presidio as ad-hoc recognizers.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from presidio_analyzer import RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from safe_archive.core.scrub.recognizers.regex_recognizer import RegexRecognizer


@dataclass(frozen=True, slots=True)
class KnownTerm:
    text: str  # as it should match (case-insensitively)
    entity: str
    source: str  # "known:author", "known:mention", "known:archive", "propagated"
    score: float = 0.95


def _variants(term: KnownTerm) -> Iterable[str]:
    t = term.text.strip().lstrip("@＠")
    if len(t) < 2:
        return
    yield t
    if "_" in t:  # jane_doe -> "jane doe"
        yield t.replace("_", " ")


class KnownIdentifierRecognizer(RegexRecognizer):
    """One alternation regex over all known terms (longest first), Unicode case-insensitive."""

    def __init__(self, terms: Iterable[KnownTerm], name: str = "KnownIdentifierRecognizer"
                 ) -> None:
        self.by_key: dict[str, KnownTerm] = {}
        for term in terms:
            for v in _variants(term):
                self.by_key.setdefault(v.casefold(), term)
        alts = sorted(self.by_key, key=lambda k: (-len(k), k))
        self.regex: re.Pattern[str] | None = None
        if alts:
            body = "|".join(re.escape(a).replace(r"\ ", r"\s+") for a in alts)
            # an optional leading @ belongs to the match; no letter/digit may touch either end
            self.regex = re.compile(r"(?<![\w@])[@＠]?(?:" + body + r")(?![\w])", re.IGNORECASE)
        super().__init__(rules=[], name=name)
        self.supported_entities = sorted({t.entity for t in self.by_key.values()}) or ["USERNAME"]

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        if self.regex is None:
            return []
        out = []
        for m in self.regex.finditer(text):
            key = " ".join(m.group(0).lstrip("@＠").split()).casefold()
            term = self.by_key.get(key)
            if term is None:  # whitespace variant
                term = next((t for k, t in self.by_key.items()
                             if " ".join(k.split()) == key), None)
            if term is None or (entities and term.entity not in entities):
                continue
            out.append(self.result(term.entity, m.start(), m.end(), term.score, term.source))
        return out

    def result(self, entity: str, start: int, end: int, score: float, rule: str
               ) -> RecognizerResult:
        res = super().result(entity, start, end, score, rule)
        res.recognition_metadata[RecognizerResult.RECOGNIZER_NAME_KEY] = rule
        return res
