"""The policy's deny-list: terms that are always flagged, in any case."""

from __future__ import annotations

from collections.abc import Iterable

from safe_archive.core.scrub.entities import DENY_LISTED
from safe_archive.core.scrub.recognizers.known_identifier_recognizer import (
    KnownIdentifierRecognizer,
    KnownTerm,
)


class DenyListRecognizer(KnownIdentifierRecognizer):
    def __init__(self, terms: Iterable[str]) -> None:
        super().__init__(
            (KnownTerm(t, DENY_LISTED, "deny_list", 1.0) for t in terms),
            name="DenyListRecognizer",
        )
        self.supported_entities = [DENY_LISTED]
