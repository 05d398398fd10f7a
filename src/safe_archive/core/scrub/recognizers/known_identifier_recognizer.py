"""Identifiers known from metadata or confirmed elsewhere, found wherever they appear, in any
case and any disguise.

Built per batch (archive-wide terms) and per post (its author and mentions) and passed to
Presidio as ad-hoc recognizers.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from presidio_analyzer import RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from safe_archive.core.redaction.terms import TermMatcher
from safe_archive.core.scrub.recognizers.regex_recognizer import RegexRecognizer


@dataclass(frozen=True, slots=True)
class KnownTerm:
    text: str  # as it should match (case-insensitively)
    entity: str
    source: str  # "known:author", "known:mention", "known:archive", "propagated"
    score: float = 0.95


class KnownIdentifierRecognizer(RegexRecognizer):
    """Every known term as whole canonical words (:mod:`safe_archive.core.redaction.terms`): in
    any case and in every disguise the canonical form undoes (``jane_doe``, ``JaneDoe``,
    ``𝓙𝓪𝓷𝓮 𝓓𝓸𝓮``, ``Ja\u200bne``, ``J a n e``, markup, look-alike letters); a person's name
    of two or more words also as initial + surname (``J.Doe``). A leading @ belongs to the
    match."""

    def __init__(self, terms: Iterable[KnownTerm], name: str = "KnownIdentifierRecognizer"
                 ) -> None:
        self.matcher: TermMatcher[KnownTerm] = TermMatcher()
        entities: set[str] = set()
        for term in terms:
            text = term.text.strip()
            if len(text.lstrip("@＠")) < 2:
                continue
            if self.matcher.add(text, term, initials=term.entity == "PERSON"):
                entities.add(term.entity)
        super().__init__(rules=[], name=name)
        self.supported_entities = sorted(entities) or ["USERNAME"]

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        if not self.matcher:
            return []
        out = []
        for m in self.matcher.find(text):
            term = next((t for t in m.values if not entities or t.entity in entities), None)
            if term is None:
                continue
            out.append(self.result(term.entity, m.start, m.end, term.score, term.source))
        return out

    def result(self, entity: str, start: int, end: int, score: float, rule: str
               ) -> RecognizerResult:
        res = super().result(entity, start, end, score, rule)
        res.recognition_metadata[RecognizerResult.RECOGNIZER_NAME_KEY] = rule
        return res
