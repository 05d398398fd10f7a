"""Redaction: one pure package (no SQL, no NLP) below the scrubber and the archive.

* :mod:`.canonical` — the one canonical term form (``term_key``, ``match_key``) and a
  canonical view of a text with offsets back to the original;
* :mod:`.terms` — finding known terms in any disguise (``TermMatcher``, ``find_term``).
"""

from safe_archive.core.redaction.canonical import (
    CanonicalView,
    Token,
    canonical_view,
    match_key,
    term_key,
    tokens,
)
from safe_archive.core.redaction.terms import TermMatch, TermMatcher, find_term

__all__ = [
    "CanonicalView",
    "TermMatch",
    "TermMatcher",
    "Token",
    "canonical_view",
    "find_term",
    "match_key",
    "term_key",
    "tokens",
]
