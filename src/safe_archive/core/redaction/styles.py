"""The archive's own redacted text: each finding's policy action (placeholder, pseudonym,
redact, surrogate, mask, generalize), with stable pseudonym labels.

The policy and the generalisation are hooks (the scrub package's ``Policy`` and
``generalize``), so this module stays below the scrubber.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping
from typing import Protocol

from safe_archive.core.model import Finding
from safe_archive.core.redaction.canonical import term_key
from safe_archive.core.redaction.spans import resolve_overlaps

Generalizer = Callable[[str, str], str]  # (entity type, original text) -> "[coarser truth]"
# The policy actions (``scrub.policy.Action`` values) this module renders.
PLACEHOLDER, PSEUDONYM, REDACT, SURROGATE, MASK, GENERALIZE = (
    "placeholder", "pseudonym", "redact", "surrogate", "mask", "generalize")
CHANGES_TEXT = frozenset({PLACEHOLDER, PSEUDONYM, REDACT, SURROGATE, MASK, GENERALIZE})


class ActionPolicy(Protocol):
    """What rendering needs of a scrub policy: each entity type's action."""

    def action(self, entity_type: str) -> str: ...


def _bracket(entity_type: str, _text: str) -> str:
    return f"[{entity_type}]"

REDACT_CHAR = "█"


class Labeler(Protocol):
    """Maps (entity_type, term) to a stable pseudonym label such as PERSON_3; terms are
    compared by :func:`~safe_archive.core.redaction.canonical.term_key`."""

    def label(self, entity_type: str, term: str) -> str: ...


class InMemoryLabeler:
    """Numbers terms per type in order of first appearance (tests, ``detect``).

    The archive uses a keyed, persistent labeler stored inside the encrypted archive.
    """

    def __init__(self) -> None:
        self._labels: dict[tuple[str, str], str] = {}
        self._counts: dict[str, int] = {}

    def label(self, entity_type: str, term: str) -> str:
        key = (entity_type, term_key(term))
        if key not in self._labels:
            n = self._counts.get(entity_type, 0) + 1
            self._counts[entity_type] = n
            self._labels[key] = f"{entity_type}_{n}"
        return self._labels[key]


_SURROGATE_NAMES = ("Alex Morgan", "Sam Rivera", "Jordan Lee", "Casey Brooks", "Riley Quinn",
                    "Taylor Reed", "Jamie Ellis", "Morgan Hayes", "Avery Cole", "Drew Parker")
_SURROGATE_PLACES = ("Springfield", "Riverside", "Fairview", "Greenville", "Franklin")


def _pick(seq: tuple[str, ...], term: str) -> tuple[str, int]:
    h = int.from_bytes(hashlib.sha256(term.encode("utf-8")).digest()[:4], "big")
    return seq[h % len(seq)], h % 1000


def surrogate(entity_type: str, text: str, generalize: Generalizer = _bracket) -> str:
    """A realistic fake value, the same for the same term (not a secret mapping)."""
    term = term_key(text)
    name, n = _pick(_SURROGATE_NAMES, term)
    if entity_type == "PERSON":
        return name if " " in text.strip() else name.split()[0]
    if entity_type == "USERNAME":
        return f"@user{n:03d}"
    if entity_type == "EMAIL_ADDRESS":
        return f"person{n:03d}@example.org"
    if entity_type == "PHONE_NUMBER":
        return f"+1 555 01{n % 100:02d}"
    if entity_type == "URL":
        return f"https://example.org/{n:03d}"
    if entity_type == "IP_ADDRESS":
        return f"192.0.2.{n % 255}"
    if entity_type == "LOCATION":
        return _pick(_SURROGATE_PLACES, term)[0]
    return generalize(entity_type, text)


def mask(text: str) -> str:
    """Keep the first letter (and a leading @), star the rest: "@j*****", "J***"."""
    lead = 1 if text[:1] in "@＠#" else 0
    keep = lead + 1
    return text[:keep] + "".join(c if c.isspace() else "*" for c in text[keep:])


def replacement(f: Finding, text: str, action: str, labeler: Labeler,
                generalize: Generalizer = _bracket) -> str | None:
    value = text[f.start:f.end]
    if action == PLACEHOLDER:
        return f"[{f.entity_type}]"
    if action == PSEUDONYM:
        return f"[{labeler.label(f.entity_type, value)}]"
    if action == REDACT:
        return "".join(c if c.isspace() else REDACT_CHAR for c in value)
    if action == SURROGATE:
        return surrogate(f.entity_type, value, generalize)
    if action == MASK:
        return mask(value)
    if action == GENERALIZE:
        return generalize(f.entity_type, value)
    return None  # flag, keep: text unchanged


def redact(
    text: str,
    findings: list[Finding],
    policy: ActionPolicy,
    labeler: Labeler,
    style: str | None = None,
    *,
    generalize: Generalizer = _bracket,
    priority: Mapping[str, int] | None = None,
) -> str:
    """Apply each finding's action (or one ``style`` for every text-changing finding).
    ``generalize``: the scrubber's generalisation; ``priority``: its entity-type ranks."""
    forced = str(style) if style is not None else None

    def action_for(etype: str) -> str:
        act = str(policy.action(etype))
        if forced is not None and act in CHANGES_TEXT:
            return forced
        return act

    resolved = resolve_overlaps(findings, text, lambda t: action_for(t) in CHANGES_TEXT,
                                priority=priority or {})
    parts: list[str] = []
    pos = 0
    for f in resolved:
        rep = replacement(f, text, action_for(f.entity_type), labeler, generalize)
        if rep is None:
            continue
        parts.append(text[pos:f.start])
        parts.append(rep)
        pos = f.end
    parts.append(text[pos:])
    return "".join(parts)
