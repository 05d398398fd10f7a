"""Spans to replace, and the one overlap resolution for findings and spans.

:class:`Span` is a region of a text to replace (what every renderer takes);
:func:`merge_spans` unites overlapping spans for rendering; :func:`resolve_overlaps` is the
scrubber's deterministic resolution of overlapping findings:

1. Findings of the same type that overlap are merged into their union (NER "Jake" and the name
   list's "Jake Tsosie" become one PERSON).
2. Across types, findings whose action changes the text win over flag-only ones; among those,
   the longer span wins (a URL holding a handle stays one URL), then the type's priority,
   then the score. A partly overlapped loser is trimmed to what is left of it, so no
   character a recognizer flagged goes unmasked.
The order of the input never changes the output.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from safe_archive.core.model import Finding


@dataclass(frozen=True, slots=True)
class Span:
    """A region of a text to replace (code points) and what it is."""

    start: int
    end: int
    entity_type: str
    term: str = ""  # the canonical term (redaction.term_key): same term -> same stand-in
    label: str | None = None  # the archive's stable pseudonym label, e.g. PERSON_3


def merge_spans(spans: Iterable[Span], length: int) -> list[Span]:
    """Clip to the text, sort, and merge overlaps (the longer span's type wins)."""
    clean = sorted(
        (Span(max(0, s.start), min(length, s.end), s.entity_type, s.term, s.label)
         for s in spans if s.end > s.start),
        key=lambda s: (s.start, -(s.end - s.start)),
    )
    out: list[Span] = []
    for span in clean:
        if span.end <= span.start:
            continue
        if out and span.start < out[-1].end:
            prev = out[-1]
            if span.end > prev.end:
                keep = prev if (prev.end - prev.start) >= (span.end - span.start) else span
                out[-1] = Span(prev.start, span.end, keep.entity_type, keep.term, keep.label)
            continue
        out.append(span)
    return out


def _merge_same_type(findings: list[Finding], text: str | None) -> list[Finding]:
    out: list[Finding] = []
    by_type: dict[str, list[Finding]] = {}
    for f in findings:
        by_type.setdefault(f.entity_type, []).append(f)
    for etype in sorted(by_type):
        group = sorted(by_type[etype], key=lambda f: (f.start, -f.end, -f.score, f.source))
        cur = group[0]
        for f in group[1:]:
            if f.start < cur.end:
                best = cur if (cur.score, -len(cur.source)) >= (f.score, -len(f.source)) else f
                end = max(cur.end, f.end)
                cur = Finding(cur.start, end, etype, max(cur.score, f.score), best.source,
                              text[cur.start:end] if text is not None else best.text)
            else:
                out.append(cur)
                cur = f
        out.append(cur)
    return out


def resolve_overlaps(
    findings: Iterable[Finding],
    text: str | None = None,
    changes_text: Callable[[str], bool] = lambda _t: True,
    *,
    priority: Mapping[str, int],
) -> list[Finding]:
    """Non-overlapping findings sorted by start; see the module docstring for the rules.
    ``priority``: entity type -> rank (lower wins), the scrubber's ``entities.PRIORITY``."""
    merged = _merge_same_type(list(findings), text) if findings else []
    order = sorted(
        merged,
        key=lambda f: (
            0 if changes_text(f.entity_type) else 1,
            -(f.end - f.start),
            priority.get(f.entity_type, 99),
            -f.score,
            f.start,
            f.entity_type,
            f.source,
        ),
    )
    taken: list[tuple[int, int]] = []
    kept: list[Finding] = []
    for f in order:
        pieces = [(f.start, f.end)]
        for a, b in taken:
            nxt = []
            for s, e in pieces:
                if e <= a or s >= b:
                    nxt.append((s, e))
                    continue
                if s < a:
                    nxt.append((s, a))
                if e > b:
                    nxt.append((b, e))
            pieces = nxt
        for s, e in pieces:
            if text is not None:
                while s < e and text[s].isspace():
                    s += 1
                while e > s and text[e - 1].isspace():
                    e -= 1
                if e - s < 1:  # whitespace only; a leftover "_" of a handle is kept
                    continue
            if e > s:
                sub = text[s:e] if text is not None else (f.text if (s, e) == (f.start, f.end)
                                                           else "")
                kept.append(Finding(s, e, f.entity_type, f.score, f.source, sub))
                taken.append((s, e))
    return sorted(kept, key=lambda f: (f.start, f.end, f.entity_type))
