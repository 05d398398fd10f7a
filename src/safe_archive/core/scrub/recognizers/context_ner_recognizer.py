"""Entities from the context model (``doc.user_data["context"]``, see ``core/scrub/context_model``).

Every span whose type probability p reaches the engine's ``context_min_prob`` is reported,
scored 0.35 + 0.6 * p like the social NER's (so the default policy thresholds keep them).
"""

from __future__ import annotations

from presidio_analyzer import RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from safe_archive.core.scrub.entities import LOCATION, ORGANIZATION, PERSON
from safe_archive.core.scrub.recognizers.regex_recognizer import RegexRecognizer

SPAN_KEY = "context"
LABELS = {"PER": PERSON, "LOC": LOCATION, "ORG": ORGANIZATION}


class ContextNerRecognizer(RegexRecognizer):
    def __init__(self) -> None:
        super().__init__(rules=[])
        self.supported_entities = sorted(set(LABELS.values()))

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        doc = getattr(nlp_artifacts, "tokens", None)
        if doc is None:
            return []
        out = []
        for start, end, label, prob in doc.user_data.get(SPAN_KEY, ()):
            entity = LABELS.get(label)
            if entity is None or (entities and entity not in entities):
                continue
            out.append(self.result(entity, start, end, round(0.35 + 0.6 * prob, 4),
                                   "context model"))
        return out
