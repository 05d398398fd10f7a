"""Entities from the NER fine-tuned on social-media posts (``doc.user_data["social"]``).

With beam search every span with probability p >= the engine's minimum is reported, scored
0.35 + 0.6 * p (so the default policy thresholds keep them).
"""

from __future__ import annotations

from presidio_analyzer import RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from safe_archive.core.scrub.entities import LOCATION, ORGANIZATION, PERSON
from safe_archive.core.scrub.recognizers.regex_recognizer import RegexRecognizer

SPAN_KEY = "social"
LABELS = {"PERSON": PERSON, "LOC": LOCATION, "ORG": ORGANIZATION}


class SocialNerRecognizer(RegexRecognizer):
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
                                   "social ner"))
        return out
