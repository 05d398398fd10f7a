"""Just enough PDF text extraction for fpdf2 output (no extra dependency): inflate the
content streams, read the ToUnicode CMaps, decode the 2-byte glyph ids of Tj strings."""

from __future__ import annotations

import re
import zlib

_STREAM = re.compile(rb"stream\r?\n(.*?)\r?\nendstream", re.S)
_BFCHAR = re.compile(rb"<([0-9A-Fa-f]{4})>\s*<([0-9A-Fa-f]{4,8})>")
_TJ = re.compile(rb"\(((?:\\.|[^\\)])*)\)\s*Tj", re.S)
_ESC = {b"n": b"\n", b"r": b"\r", b"t": b"\t", b"b": b"\b", b"f": b"\f", b"(": b"(", b")": b")", b"\\": b"\\"}


def _unescape(raw: bytes) -> bytes:
    out = bytearray()
    i = 0
    while i < len(raw):
        c = raw[i : i + 1]
        if c == b"\\" and i + 1 < len(raw):
            nxt = raw[i + 1 : i + 2]
            if nxt in _ESC:
                out += _ESC[nxt]
                i += 2
                continue
            m = re.match(rb"[0-7]{1,3}", raw[i + 1 : i + 4])
            if m:
                out.append(int(m.group(0), 8) & 0xFF)
                i += 1 + len(m.group(0))
                continue
            i += 1
            continue
        out += c
        i += 1
    return bytes(out)


def pdf_text(data: bytes) -> str:
    streams = []
    for m in _STREAM.finditer(data):
        try:
            streams.append(zlib.decompress(m.group(1)))
        except zlib.error:
            streams.append(m.group(1))
    cmap: dict[int, str] = {}
    for s in streams:
        if b"beginbfchar" in s:
            for cid, uni in _BFCHAR.findall(s):
                cmap[int(cid, 16)] = bytes.fromhex(uni.decode()).decode("utf-16-be", "replace")
    parts = []
    for s in streams:
        for m in _TJ.finditer(s):
            raw = _unescape(m.group(1))
            if cmap:
                parts.append("".join(cmap.get(int.from_bytes(raw[k : k + 2], "big"), "\ufffd") for k in range(0, len(raw) - 1, 2)))
            else:
                parts.append(raw.decode("latin-1"))
    return "\n".join(parts)
