"""The scrub policy's rendering of findings: :func:`safe_archive.core.redaction.styles.redact`
with the scrubber's generalisation and entity-type priorities bound."""

from __future__ import annotations

from safe_archive.core.model import Finding
from safe_archive.core.redaction import styles
from safe_archive.core.redaction.styles import InMemoryLabeler, Labeler
from safe_archive.core.scrub.entities import PRIORITY
from safe_archive.core.scrub.generalize import generalize
from safe_archive.core.scrub.policy import Action, Policy

__all__ = ["InMemoryLabeler", "Labeler", "redact"]


def redact(
    text: str,
    findings: list[Finding],
    policy: Policy,
    labeler: Labeler,
    style: Action | str | None = None,
) -> str:
    """Apply each finding's action (or one ``style`` for every text-changing finding)."""
    return styles.redact(text, findings, policy, labeler, None if style is None else str(Action(style)),
                         generalize=generalize, priority=PRIORITY)
