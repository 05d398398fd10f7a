"""A Presidio recognizer over compiled regexes, reporting one capture group per rule.

Presidio's ``PatternRecognizer`` reports the whole match and applies the analyzer's regex
flags (case-insensitive by default); ours need a named group as the span and their own flags.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from presidio_analyzer import AnalysisExplanation, EntityRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts


@dataclass(frozen=True, slots=True)
class RegexRule:
    name: str
    regex: re.Pattern[str]
    score: float
    entity: str
    group: str | int = 0


class RegexRecognizer(EntityRecognizer):
    """Reports ``rule.group`` of every match of every rule (a subclass may validate)."""

    RULES: Sequence[RegexRule] = ()

    name: str

    def __init__(self, rules: Sequence[RegexRule] | None = None, name: str | None = None) -> None:
        self.rules = list(rules if rules is not None else self.RULES)
        super().__init__(
            supported_entities=sorted({r.entity for r in self.rules}),
            name=name or type(self).__name__,
            supported_language="en",
        )

    def load(self) -> None:
        return None

    def validate(self, rule: RegexRule, match: re.Match[str], text: str) -> float | None:
        """Return the score to report, or None to drop the match."""
        return rule.score

    def prefilter(self, text: str) -> bool:
        """Cheap test: False skips all regexes for this text."""
        return True

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        if not self.prefilter(text):
            return []
        out: list[RecognizerResult] = []
        for rule in self.rules:
            if entities and rule.entity not in entities:
                continue
            for m in rule.regex.finditer(text):
                start, end = m.span(rule.group)
                if start < 0 or end <= start:
                    continue
                score = self.validate(rule, m, text)
                if score is None:
                    continue
                out.append(self.result(rule.entity, start, end, score, rule.name))
        return out

    def result(self, entity: str, start: int, end: int, score: float, rule: str
               ) -> RecognizerResult:
        return RecognizerResult(
            entity_type=entity,
            start=start,
            end=end,
            score=score,
            analysis_explanation=AnalysisExplanation(
                recognizer=self.name, original_score=score, pattern_name=rule
            ),
            recognition_metadata={
                RecognizerResult.RECOGNIZER_NAME_KEY: self.name,
                RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: self.id,
            },
        )
