"""Entities from the NER fine-tuned on social-media posts (``doc.spans["social"]``)."""

from __future__ import annotations

from presidio_analyzer import RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from safe_archive.core.scrub.entities import LOCATION, ORGANIZATION, PERSON
from safe_archive.core.scrub.recognizers.regex_recognizer import RegexRecognizer

SPAN_KEY = "social"
LABELS = {"PERSON": (PERSON, 0.7), "LOC": (LOCATION, 0.6), "ORG": (ORGANIZATION, 0.5)}


class SocialNerRecognizer(RegexRecognizer):
    def __init__(self) -> None:
        super().__init__(rules=[])
        self.supported_entities = sorted({e for e, _ in LABELS.values()})

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        doc = getattr(nlp_artifacts, "tokens", None)
        if doc is None or SPAN_KEY not in doc.spans:
            return []
        out = []
        for span in doc.spans[SPAN_KEY]:
            mapped = LABELS.get(span.label_)
            if mapped is None or (entities and mapped[0] not in entities):
                continue
            out.append(self.result(mapped[0], span.start_char, span.end_char, mapped[1],
                                   "social ner"))
        return out
