"""Offsets at the core/Qt boundary.

The core counts Python code points; Qt (QString, QTextCursor) counts UTF-16 code units. A
character outside the Basic Multilingual Plane (most emoji) is one code point but two UTF-16
units, so every offset after it shifts by one. Every conversion between the two goes through
this module; nothing else in the GUI does offset arithmetic.
"""

from __future__ import annotations

from bisect import bisect_right


class OffsetMap:
    """Converts offsets in one string between code points and UTF-16 units.

    Built once per text (O(n)); each conversion is O(log k) in the number k of astral
    characters, so a long post with many findings stays cheap.
    """

    __slots__ = ("_astral", "_length")

    def __init__(self, text: str) -> None:
        # code-point indexes of characters that take two UTF-16 units
        self._astral = [i for i, ch in enumerate(text) if ord(ch) > 0xFFFF]
        self._length = len(text)

    @property
    def utf16_length(self) -> int:
        return self._length + len(self._astral)

    def to_utf16(self, cp: int) -> int:
        """Code-point offset -> UTF-16 offset (offsets may equal the length: an end)."""
        if not 0 <= cp <= self._length:
            raise ValueError(f"offset {cp} outside a text of {self._length} code points")
        return cp + bisect_right(self._astral, cp - 1)

    def to_code_points(self, u16: int) -> int:
        """UTF-16 offset -> code-point offset. An offset inside a surrogate pair (which no
        correct selection produces) rounds down to the start of that character."""
        if not 0 <= u16 <= self.utf16_length:
            raise ValueError(f"offset {u16} outside a text of {self.utf16_length} UTF-16 units")
        lo, hi = 0, self._length
        while lo < hi:  # smallest cp with to_utf16(cp) >= u16
            mid = (lo + hi) // 2
            if self.to_utf16(mid) < u16:
                lo = mid + 1
            else:
                hi = mid
        return lo if self.to_utf16(lo) == u16 else lo - 1


def span_to_utf16(text: str, start: int, end: int) -> tuple[int, int]:
    """A (start, end) code-point span of ``text`` as a UTF-16 span."""
    mapping = OffsetMap(text)
    return mapping.to_utf16(start), mapping.to_utf16(end)


def span_to_code_points(text: str, start: int, end: int) -> tuple[int, int]:
    """A (start, end) UTF-16 span (e.g. a Qt selection) as a code-point span of ``text``."""
    mapping = OffsetMap(text)
    return mapping.to_code_points(start), mapping.to_code_points(end)
