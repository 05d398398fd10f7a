"""Report entity spans a model component left in ``doc.user_data[SPAN_KEY]``.

The social NER and the context model both store ``(start, end, label, probability)`` tuples on
the spaCy doc; a subclass names its key, its label map and its explanation. Every span is
scored 0.35 + 0.6 * p, so the default policy thresholds keep the ones the engine reported.
"""

from __future__ import annotations

from typing import ClassVar

from presidio_analyzer import RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from safe_archive.core.scrub.recognizers.regex_recognizer import RegexRecognizer


class DocSpanRecognizer(RegexRecognizer):
    SPAN_KEY: ClassVar[str]
    LABELS: ClassVar[dict[str, str]]
    EXPLANATION: ClassVar[str]

    def __init__(self) -> None:
        super().__init__(rules=[])
        self.supported_entities = sorted(set(self.LABELS.values()))

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        doc = getattr(nlp_artifacts, "tokens", None)
        if doc is None:
            return []
        out = []
        for start, end, label, prob in doc.user_data.get(self.SPAN_KEY, ()):
            entity = self.LABELS.get(label)
            if entity is None or (entities and entity not in entities):
                continue
            out.append(self.result(entity, start, end, round(0.35 + 0.6 * prob, 4), self.EXPLANATION))
        return out
