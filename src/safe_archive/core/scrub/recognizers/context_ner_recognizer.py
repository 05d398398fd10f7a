"""Entities from the context model (``doc.user_data["context"]``, see ``core/scrub/context_model``).

Every span whose type probability p reaches the engine's ``context_min_prob`` is reported,
scored 0.35 + 0.6 * p like the social NER's (so the default policy thresholds keep them).
"""

from __future__ import annotations

from safe_archive.core.scrub.entities import LOCATION, ORGANIZATION, PERSON
from safe_archive.core.scrub.recognizers.doc_span_recognizer import DocSpanRecognizer

SPAN_KEY = "context"
LABELS = {"PER": PERSON, "LOC": LOCATION, "ORG": ORGANIZATION}


class ContextNerRecognizer(DocSpanRecognizer):
    SPAN_KEY = SPAN_KEY
    LABELS = LABELS
    EXPLANATION = "context model"
