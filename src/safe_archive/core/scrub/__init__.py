"""Scrubbing: find identifiers in post text and redact them (Presidio + our recognizers).

Nothing is loaded at import time: ``Scrubber.load(EngineConfig(...))`` loads the pipeline.
"""

from safe_archive.core.scrub.known import KnownIdentifiers, ScrubInput, normalize_term
from safe_archive.core.scrub.policy import Action, Policy, Rule

__all__ = ["Action", "KnownIdentifiers", "Policy", "Rule", "ScrubInput", "normalize_term"]
