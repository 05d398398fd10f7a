"""Entities from the NER fine-tuned on social-media posts (``doc.user_data["social"]``).

With beam search every span with probability p >= the engine's minimum is reported, scored
0.35 + 0.6 * p (so the default policy thresholds keep them).
"""

from __future__ import annotations

from safe_archive.core.scrub.entities import LOCATION, ORGANIZATION, PERSON
from safe_archive.core.scrub.recognizers.doc_span_recognizer import DocSpanRecognizer

SPAN_KEY = "social"
LABELS = {"PERSON": PERSON, "LOC": LOCATION, "ORG": ORGANIZATION}


class SocialNerRecognizer(DocSpanRecognizer):
    SPAN_KEY = SPAN_KEY
    LABELS = LABELS
    EXPLANATION = "social ner"
