"""Names decided from context: the context model overrules weak surface-cue PERSON guesses.

The name list's rare-word rules and the CNN NERs lean on case and word rarity ("puffiness",
"Python", "Decorators" as names). Where the context model read the words and gave none of
them a PER probability of ``EngineConfig.context_veto_prob``, such a guess is dropped.
Strong cues stay whatever the model says: a title or an introduction ("Ms. Gaynes",
"my friend jake", score >= STRONG), names the archive knows, and everything not PERSON.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from presidio_analyzer import RecognizerResult

from safe_archive.core.scrub import entities as E
from safe_archive.core.scrub.context_model import unlikely_name

VETOED_SOURCES = frozenset({"NameListRecognizer", "SocialNerRecognizer", "SpacyRecognizer"})
STRONG = 0.85


def context_veto(results: Sequence[RecognizerResult], text: str, artifacts: Any,
                 max_prob: float | None) -> list[RecognizerResult]:
    """``results`` without the weak PERSON guesses the context model contradicts (hashtags
    stay: the model reads "#JohnnyWinter" as one unknown word)."""
    doc = getattr(artifacts, "tokens", None)
    words = doc.user_data.get("context_words") if doc is not None else None
    if max_prob is None or not words:
        return list(results)
    out = []
    for r in results:
        source = (r.recognition_metadata or {}).get(RecognizerResult.RECOGNIZER_NAME_KEY)
        if (r.entity_type == E.PERSON and source in VETOED_SOURCES and r.score < STRONG
                and not (r.start > 0 and text[r.start - 1] in "#＃")
                and unlikely_name(r.start, r.end, words, max_prob)):
            continue
        out.append(r)
    return out
