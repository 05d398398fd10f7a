"""The consent and handling vocabulary (after DocNow's Social Humans and ePADD's restrictions).

``anonymize-me`` is the default for every post; the others are stored in ``post_labels``.
``embargo-until`` and ``expire-after`` carry an ISO date (YYYY-MM-DD) as their value.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from safe_archive.core.errors import SafeArchiveError

# name -> (needs a date value, what it means)
LABELS: dict[str, tuple[bool, str]] = {
    "anonymize-me": (False, "the default: the author and everyone named are pseudonymised"),
    "credit-me": (False, "the author asked to be named: their own name and handle stay"),
    "do-not-export": (False, "never exported unless explicitly included"),
    "consent-withdrawn": (False, "the author withdrew consent: left out of exports"),
    "embargo-until": (True, "left out of exports until the date"),
    "expire-after": (True, "left out of exports after the date"),
    "semi-private": (False, "not meant as a public statement"),
    "remove-location": (False, "every location in it is removed, even rejected findings"),
    "paraphrase-before-quoting": (False, "only its edited (paraphrased) text is exported"),
}
CONSENT_LABELS = ("anonymize-me", "credit-me")  # mutually exclusive


@dataclass(frozen=True, slots=True)
class Label:
    name: str
    value: str | None = None

    @property
    def day(self) -> date | None:
        return date.fromisoformat(self.value) if self.value else None


def validate_label(name: str, value: str | None) -> Label:
    """A checked label; errors say what is expected (never echo post content)."""
    key = name.strip().lower()
    if key not in LABELS:
        raise SafeArchiveError(f"Unknown label; known labels: {', '.join(LABELS)}.")
    needs_date, _ = LABELS[key]
    if needs_date:
        if not value:
            raise SafeArchiveError(f"The label {key} needs a date (YYYY-MM-DD).")
        try:
            date.fromisoformat(value)
        except ValueError:
            raise SafeArchiveError(f"The label {key} needs a date written YYYY-MM-DD.") from None
        return Label(key, value)
    if value:
        raise SafeArchiveError(f"The label {key} takes no value.")
    return Label(key, None)
