"""The tests' PDF text reader itself: a compressed stream whose last byte is a carriage return
(test_pdf_lays_out_right_to_left_and_draws_emoji_and_cjk once read no text at all so)."""

from __future__ import annotations

import zlib

from tests.export.pdftext import _stream


def _content_ending_in_carriage_return() -> tuple[bytes, bytes]:
    for i in range(100_000):
        content = b"BT /F1 12 Tf (x%d) Tj ET" % i
        packed = zlib.compress(content)
        if packed.endswith(b"\r"):
            return content, packed
    raise AssertionError("no such content found")


def test_a_compressed_stream_ending_in_a_carriage_return_inflates() -> None:
    content, packed = _content_ending_in_carriage_return()
    assert _stream(b"<< /Filter /FlateDecode >>\nstream\n" + packed + b"\nendstream") == content
    assert _stream(b"stream\r\n" + packed + b"\r\nendstream") == content


def test_an_uncompressed_stream_loses_only_its_end_of_line() -> None:
    assert _stream(b"stream\nBT (plain) Tj ET\nendstream") == b"BT (plain) Tj ET"
    assert _stream(b"stream\r\nabc\r\nendstream") == b"abc"
    assert _stream(b"no stream here") is None
