"""What the scrubber is given besides text: the post's people and archive-wide identifiers."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from safe_archive.core.model import Finding, Mention, Post


def normalize_term(term: str) -> str:
    """The key a term is compared and labelled by: NFKC, case-folded, single spaces, no '@'."""
    t = unicodedata.normalize("NFKC", term).casefold().strip()
    t = " ".join(t.split())
    return t.lstrip("@#")


@dataclass(frozen=True, slots=True)
class ScrubInput:
    """One text to scrub, with the identifiers its own metadata names."""

    text: str
    author_handle: str | None = None
    author_name: str | None = None
    mentions: tuple[Mention, ...] = ()

    @classmethod
    def from_post(cls, post: Post) -> ScrubInput:
        return cls(
            text=post.text,
            author_handle=post.author_handle,
            author_name=post.author_name,
            mentions=tuple(post.mentions),
        )

    def handles(self) -> list[str]:
        out = [self.author_handle] if self.author_handle else []
        out += [m.handle for m in self.mentions if m.handle]
        return out

    def names(self) -> list[str]:
        out = [self.author_name] if self.author_name else []
        out += [m.name for m in self.mentions if m.name]
        return out


@dataclass(frozen=True, slots=True)
class KnownIdentifiers:
    """Archive-wide identifiers, found in every post wherever they appear, in any case.

    ``handles`` and ``names`` come from metadata (authors, mentioned users); ``terms`` are
    terms confirmed as identifiers elsewhere (by high score or by a reviewer), each with
    the entity type it was confirmed as.
    """

    handles: frozenset[str] = frozenset()
    names: frozenset[str] = frozenset()
    terms: tuple[tuple[str, str], ...] = ()  # (term, entity_type)

    @classmethod
    def build(
        cls,
        handles: Iterable[str] = (),
        names: Iterable[str] = (),
        terms: Iterable[tuple[str, str]] = (),
    ) -> KnownIdentifiers:
        return cls(
            handles=frozenset(h for h in (x.strip() for x in handles) if h),
            names=frozenset(n for n in (x.strip() for x in names) if n),
            terms=tuple(sorted({(t.strip(), e) for t, e in terms if t.strip()})),
        )

    @classmethod
    def from_posts(cls, posts: Sequence[Post]) -> KnownIdentifiers:
        handles: set[str] = set()
        names: set[str] = set()
        for p in posts:
            inp = ScrubInput.from_post(p)
            handles.update(inp.handles())
            names.update(inp.names())
        return cls.build(handles, names)

    def with_confirmed(
        self,
        findings: Iterable[Finding],
        min_score: float = 0.85,
        types: frozenset[str] = frozenset({"PERSON", "USERNAME", "EMAIL_ADDRESS", "PHONE_NUMBER"}),
    ) -> KnownIdentifiers:
        """Add terms confirmed elsewhere (score >= ``min_score``, or ``source == "manual"``)
        so the next pass finds them in every post ("propagated" findings)."""
        extra = [
            (f.text, f.entity_type) for f in findings
            if f.entity_type in types and len(f.text.strip()) >= 3
            and (f.source == "manual" or f.score >= min_score)
        ]
        return KnownIdentifiers.build(self.handles, self.names, self.terms + tuple(extra))

    def merged(self, other: KnownIdentifiers) -> KnownIdentifiers:
        return KnownIdentifiers.build(
            self.handles | other.handles,
            self.names | other.names,
            self.terms + other.terms,
        )


EMPTY_KNOWN = KnownIdentifiers()
