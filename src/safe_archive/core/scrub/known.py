"""What the scrubber is given besides text: the post's people and archive-wide identifiers."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from safe_archive.core.model import Finding, Mention, Post
from safe_archive.core.redaction.canonical import match_key, term_key


def normalize_term(term: str) -> str:
    """The key a term is compared and labelled by inside the scrub: the one canonical form
    (:func:`safe_archive.core.redaction.canonical.term_key`), so the scrub, the review, the
    term lists, forget, the leak check and export agree on what is "the same term":
    case, NFKC (``Ｊａｎｅ``, ``𝓙𝓪𝓷𝓮``), zero-width characters, ``#``/``@``, ``_``/``.``/``-``
    and camelCase joins are undone ("#JaneDoe" -> "jane doe")."""
    return term_key(term)


@lru_cache(maxsize=65536)
def allow_key(term: str) -> str:
    """The key the allow-list compares by, wherever it is applied (the scrub's allow spans and
    findings, ``terms allow`` add/remove, the allow/deny clash check): the canonical match key
    (:func:`safe_archive.core.redaction.canonical.match_key`: "#Me_Too", "＃ＭｅＴｏｏ" and
    "#metoo" -> "metoo") with accents dropped, because people write the movement's hashtags
    both ways ("#YoTambién", "#YoTambien"). A trailing ``*`` (every hashtag starting so) is
    kept: "#MeToo*" -> "metoo*"."""
    star = term.rstrip().endswith("*")
    key = match_key(term.rstrip().rstrip("*") if star else term)
    if not key.isascii():
        key = "".join(c for c in unicodedata.normalize("NFD", key) if not unicodedata.combining(c))
    return key + "*" if star and key else key


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
