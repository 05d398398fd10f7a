"""What an export holds: options, the minimised per-post record, and exclusions."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from safe_archive.core.errors import SafeArchiveError
from safe_archive.core.redaction.render import STYLES

# Why a post is left out; each can be included explicitly.
EXCLUSION_REASONS = (
    "consent-withdrawn",  # labelled consent-withdrawn
    "do-not-export",  # labelled do-not-export
    "embargo",  # embargo-until a date still in the future
    "expired",  # expire-after a date already past
    "unscrubbed",  # never scrubbed: no redacted text, no findings
    "pending",  # has findings nobody has decided on yet
    "needs-paraphrase",  # paraphrase-before-quoting without an edited text
)
TIME_PRECISIONS = ("day", "month", "year")
COLUMNS = ("number", "author", "date", "platform", "lang", "kind", "labels", "tags", "text_source", "text")


@dataclass(slots=True)
class ExportOptions:
    format: str
    style: str = "placeholder"
    query: str | None = None
    collection: str | None = None
    post_ids: Sequence[int] | None = None
    stable_pseudonyms: bool = False
    time_precision: str = "day"
    include: frozenset[str] = frozenset()  # exclusion reasons to include anyway
    override_reason: str | None = None  # export despite leak-check hits, with this recorded reason
    mask_char: str = "█"
    passphrase: str | None = None  # --encrypt with a passphrase
    recipients: Sequence[str] = ()  # --encrypt to age public keys (age1…)
    original_search: bool = False  # run --query against original text (explicit)
    include_notes: bool = False  # export reviewers' notes on posts as memos (scrubbed like the text; opt-in)

    def check(self) -> None:
        if self.style not in STYLES:
            raise SafeArchiveError(f"Unknown redaction style; choose one of {', '.join(STYLES)}.")
        if self.time_precision not in TIME_PRECISIONS:
            raise SafeArchiveError(f"Time precision is one of {', '.join(TIME_PRECISIONS)}.")
        unknown = set(self.include) - set(EXCLUSION_REASONS)
        if unknown:
            raise SafeArchiveError(f"Unknown exclusion to include; known: {', '.join(EXCLUSION_REASONS)}.")
        if sum(x is not None for x in (self.query, self.collection, self.post_ids)) > 1:
            raise SafeArchiveError("Choose one of a query, a collection or a list of posts.")
        if self.passphrase is not None and self.recipients:
            raise SafeArchiveError("Encrypt with a passphrase or to recipients, not both.")
        if self.override_reason is not None and not self.override_reason.strip():
            raise SafeArchiveError("Overriding the leak check needs a reason.")
        if len(self.mask_char) != 1:
            raise SafeArchiveError("The mask character must be a single character.")

    @property
    def encrypted(self) -> bool:
        return self.passphrase is not None or bool(self.recipients)


@dataclass(slots=True)
class ExportRecord:
    """One exported post: only minimised metadata, never ids, handles or URLs."""

    number: int  # 1..N within this export
    post_id: int  # archive id: used for reports to the user, never written to a file
    author: str  # pseudonym (AUTHOR_3), or the credited name for credit-me posts
    date: str  # coarsened
    platform: str
    lang: str
    kind: str
    labels: list[str]
    tags: list[str]
    text: str
    text_source: str  # "redacted" | "edited"
    inserted: list[tuple[int, int]] = field(default_factory=list)  # our stand-ins within ``text``
    counts: Counter[str] = field(default_factory=Counter)
    generalized: Counter[str] = field(default_factory=Counter)  # of ``counts``, shown as the policy's generalisation
    keep: frozenset[str] = frozenset()  # credited identifiers allowed in this record
    rejected: frozenset[str] = frozenset()  # terms a reviewer judged not identifying here
    visibility: str = "unknown"
    notes: list[str] = field(default_factory=list)  # scrubbed reviewer notes (only with include_notes)
    notes_inserted: list[list[tuple[int, int]]] = field(default_factory=list)  # our stand-ins in each note

    def row(self) -> dict[str, object]:
        return {
            "number": self.number,
            "author": self.author,
            "date": self.date,
            "platform": self.platform,
            "lang": self.lang,
            "kind": self.kind,
            "labels": list(self.labels),
            "tags": list(self.tags),
            "text_source": self.text_source,
            "text": self.text,
        }


@dataclass(slots=True)
class ExportMeta:
    export_id: str
    created: datetime
    tool: str
    style: str
    time_precision: str
    title: str = "SafeArchive export"


def coarsen(iso: str | None, precision: str) -> str:
    if not iso:
        return ""
    return {"day": iso[:10], "month": iso[:7], "year": iso[:4]}[precision]
