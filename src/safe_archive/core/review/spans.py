"""Which parts of a post get replaced: findings and decisions, term lists and labels combined.

One function decides this for both the archive's own redacted text and every export, so a
search never shows what an export would hide.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from safe_archive.core.archive.db import Connection
from safe_archive.core.export.redaction import Span, term_spans

LOCATION_TYPES = frozenset({"LOCATION", "GPE", "LOC", "ADDRESS", "STREET_ADDRESS", "COORDINATES"})


@dataclass(frozen=True, slots=True)
class TermLists:
    always: tuple[tuple[str, str], ...]  # (term, entity type)
    never: frozenset[str]  # casefolded terms

    @classmethod
    def load(cls, conn: Connection) -> TermLists:
        always: list[tuple[str, str]] = []
        never: set[str] = set()
        for term, etype, which in conn.execute("SELECT term, entity_type, list FROM term_lists"):
            if which == "always":
                always.append((str(term), str(etype or "CUSTOM")))
            else:
                never.add(str(term).casefold())
        return cls(tuple(always), frozenset(never))


def norm(term: str) -> str:
    return " ".join(term.casefold().split()).lstrip("@")


def post_spans(
    text: str,
    findings: Iterable[Sequence[object]],
    lists: TermLists,
    *,
    keep: frozenset[str] = frozenset(),
    remove_location: bool = False,
) -> list[Span]:
    """Spans to replace in ``text``.

    ``findings`` rows are (start, end, entity_type, term, status, label). Pending findings are
    replaced (the safe side); rejected ones and never-list terms are kept, except locations in a
    post labelled remove-location. ``keep`` holds normalised terms that stay (a credit-me
    author's own name and handle).
    """
    spans: list[Span] = []
    for start, end, etype, term, status, label in findings:
        etype_s = str(etype)
        term_s = str(term or "")
        is_location = etype_s.upper() in LOCATION_TYPES
        forced = remove_location and is_location
        if not forced:
            if status == "rejected" or norm(term_s) in lists.never or norm(term_s) in keep:
                continue
        spans.append(Span(int(start), int(end), etype_s, norm(term_s) or term_s, str(label) if label else None))  # type: ignore[call-overload]
    extra = [(t, e, None) for t, e in lists.always if norm(t) not in keep]
    spans.extend(term_spans(text, extra))
    return spans
