"""Resolve offset-based entities in delivered text, then HTML-unescape — in that order.

Twitter (v1.1 and v2) gives entity offsets in Unicode code points of the text *as delivered*,
still HTML-escaped (``&amp;``). Bluesky gives UTF-8 byte offsets. Rule (FORMATS.md): do every
offset operation on the delivered text first; unescape last. :func:`resolve` does both in one
pass: text between entities is unescaped piece by piece, so the spans it returns are correct
code-point offsets in the final text.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class Span:
    """An entity at ``[start, end)`` of the delivered text (code points)."""

    start: int
    end: int
    kind: str  # "mention", "url", "hashtag", "media", "cashtag", "tag"
    replacement: str | None = None  # None: keep the (unescaped) original text; "" removes it
    value: str | None = None  # handle, expanded URL, tag… (kept in the span list)


def valid_spans(spans: list[Span], length: int) -> list[Span]:
    """Sorted, in range, non-overlapping spans; the rest are dropped (bad offsets are common)."""
    kept: list[Span] = []
    last_end = 0
    for span in sorted(spans, key=lambda s: (s.start, s.end)):
        if not (0 <= span.start < span.end <= length) or span.start < last_end:
            continue
        kept.append(span)
        last_end = span.end
    return kept


def resolve(text: str, spans: list[Span], *, unescape: bool = True) -> tuple[str, list[dict[str, Any]]]:
    """Apply replacements at the given code-point spans, unescape the rest.

    Returns the final text and the spans as ``{"type","start","end","value"}`` dicts with
    offsets into the final text.
    """
    out: list[str] = []
    found: list[dict[str, Any]] = []
    position = 0  # in delivered text
    length = 0  # of output so far
    fix = html.unescape if unescape else (lambda s: s)
    for span in valid_spans(spans, len(text)):
        piece = fix(text[position : span.start])
        out.append(piece)
        length += len(piece)
        original = text[span.start : span.end]
        shown = span.replacement if span.replacement is not None else fix(original)
        out.append(shown)
        if shown:
            entry: dict[str, Any] = {"type": span.kind, "start": length, "end": length + len(shown)}
            if span.value:
                entry["value"] = span.value
            found.append(entry)
        length += len(shown)
        position = span.end
    out.append(fix(text[position:]))
    return "".join(out), found


def byte_to_codepoint_offsets(text: str) -> list[int]:
    """``table[b]`` = code-point index of UTF-8 byte offset ``b`` (``-1`` inside a character)."""
    table: list[int] = []
    for index, char in enumerate(text):
        width = len(char.encode("utf-8", "surrogatepass"))
        table.append(index)
        table.extend([-1] * (width - 1))
    table.append(len(text))
    return table


def byte_span(table: list[int], start: Any, end: Any) -> tuple[int, int] | None:
    """Code-point ``(start, end)`` for UTF-8 byte offsets, or ``None`` if they are not valid."""
    if not isinstance(start, int) or not isinstance(end, int) or isinstance(start, bool):
        return None
    if not (0 <= start < end < len(table)):
        return None
    cp_start, cp_end = table[start], table[end]
    if cp_start < 0 or cp_end < 0:
        return None  # an offset inside a multi-byte character
    return cp_start, cp_end


def int_or_none(value: Any) -> int | None:
    """Twitter archives give indices as strings ("0"), APIs as numbers."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().isdigit():
        return int(value)
    return None


MAX_SEARCHES = 500  # fallback searches per post; real posts have a few dozen entities at most


class TextSearch:
    """Find an entity's text in a post's text when its offsets are wrong, with bounded work.

    Each fallback search reads the whole text, and ``text.lower()`` copies it: a hostile
    record listing 40,000 entities with wrong offsets made that 40,000 full copies and scans
    (45 s for one record). The lower-cased text is made once per post, and after
    ``MAX_SEARCHES`` searches further entities keep their value but get no span."""

    __slots__ = ("text", "_lower", "budget")

    def __init__(self, text: str) -> None:
        self.text = text
        self._lower: str | None = None
        self.budget = MAX_SEARCHES

    def find(self, needle: str, casefold: bool = False) -> int:
        if self.budget <= 0:
            return -1
        self.budget -= 1
        if casefold:
            if self._lower is None:
                self._lower = self.text.lower()
            return self._lower.find(needle.lower())
        return self.text.find(needle)
