"""Scrubbing: find identifiers in post text and redact them (Presidio + our recognizers).

Nothing is loaded at import time: ``Scrubber.load(EngineConfig(...))`` loads the pipeline.
Importing this package only puts the import hook of :mod:`safe_archive.core.nosocket` in place,
before anything here imports Presidio, spaCy or tldextract (no IPv6 probe socket).
"""

from safe_archive.core import nosocket as _nosocket

_nosocket.install()

# ruff: noqa: E402 - the hook goes in before the imports below

from safe_archive.core.scrub.known import KnownIdentifiers, ScrubInput, normalize_term
from safe_archive.core.scrub.policy import Action, Policy, Rule

__all__ = ["Action", "KnownIdentifiers", "Policy", "Rule", "ScrubInput", "normalize_term"]
