"""The one code-point ↔ UTF-16 conversion at the core/Qt boundary."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from safe_archive.gui.offsets import OffsetMap, span_to_code_points, span_to_utf16


def utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def test_emoji_before_a_name_shifts_the_utf16_span() -> None:
    text = "😀👍🏽 Maren said"
    start = text.index("Maren")  # 4 code points: 😀 👍 🏽 space
    assert start == 4
    u_start, u_end = span_to_utf16(text, start, start + 5)
    assert (u_start, u_end) == (7, 12)  # each of the three astral characters is two units
    assert text.encode("utf-16-le")[u_start * 2 : u_end * 2].decode("utf-16-le") == "Maren"
    assert span_to_code_points(text, u_start, u_end) == (start, start + 5)


def test_plain_ascii_is_unchanged() -> None:
    mapping = OffsetMap("hello")
    assert [mapping.to_utf16(i) for i in range(6)] == [0, 1, 2, 3, 4, 5]


def test_offset_inside_a_surrogate_pair_rounds_down() -> None:
    mapping = OffsetMap("a😀b")
    assert mapping.to_code_points(2) == 1  # inside 😀 -> its start
    assert mapping.to_code_points(3) == 2


def test_out_of_range_is_refused() -> None:
    with pytest.raises(ValueError):
        OffsetMap("ab").to_utf16(3)
    with pytest.raises(ValueError):
        OffsetMap("😀").to_code_points(3)


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=40))
def test_round_trip_for_every_offset(text: str) -> None:
    mapping = OffsetMap(text)
    assert mapping.utf16_length == utf16_len(text)
    for cp in range(len(text) + 1):
        u16 = mapping.to_utf16(cp)
        assert u16 == utf16_len(text[:cp])
        assert mapping.to_code_points(u16) == cp
