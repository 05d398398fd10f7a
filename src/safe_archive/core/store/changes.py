"""What a write changed, so a screen knows what to refresh."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Changes:
    """What a mutation changed, so a GUI knows what to refresh."""

    posts: bool = False
    findings: bool = False
    collections: bool = False
    labels: bool = False
    policy: bool = False
    audit: bool = True
