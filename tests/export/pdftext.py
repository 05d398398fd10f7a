"""Just enough PDF text extraction for fpdf2 output (no extra dependency): inflate the
content streams, read each font's ToUnicode CMap, decode the 2-byte glyph ids of Tj and TJ
strings with the font selected by Tf. Shaped right-to-left text comes out in visual order."""

from __future__ import annotations

import re
import zlib

# the data and its end-of-line before "endstream": a compressed stream may itself end in a
# carriage return, which a pattern that strips "\r?\n" would take away (about one PDF in a
# few dozen then lost its page text)
_STREAM = re.compile(rb"stream\r?\n(.*?)endstream", re.S)
_BFCHAR = re.compile(rb"<([0-9A-Fa-f]{4})>\s*<([0-9A-Fa-f]{4,})>")
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


_OBJ = re.compile(rb"(\d+) 0 obj(.*?)endobj", re.S)
_FONTS = re.compile(rb"/Font\s*<<(.*?)>>", re.S)
_FONT_REF = re.compile(rb"/(\w+)\s+(\d+) 0 R")
_TOUNICODE = re.compile(rb"/ToUnicode\s+(\d+) 0 R")
_OPS = re.compile(rb"(?<![\w/])([qQ])(?=\s)|/(\w+)\s+[\d.]+\s+Tf|\(((?:\\.|[^\\)])*)\)\s*Tj|\[((?:\\.|[^\]])*)\]\s*TJ", re.S)
_TJ_STRING = re.compile(rb"\(((?:\\.|[^\\)])*)\)", re.S)


def _stream(body: bytes) -> bytes | None:
    m = _STREAM.search(body)
    if m is None:
        return None
    raw = m.group(1)
    inflate = zlib.decompressobj()
    try:
        data = inflate.decompress(raw)  # what follows the deflate data (the end of line) is left over
    except zlib.error:
        data = b""
    if inflate.eof:
        return data
    return raw[:-2] if raw.endswith(b"\r\n") else raw[:-1] if raw.endswith(b"\n") else raw


def _cmap(data: bytes) -> dict[int, str]:
    out: dict[int, str] = {}
    for cid, uni in _BFCHAR.findall(data):
        out[int(cid, 16)] = bytes.fromhex(uni.decode()).decode("utf-16-be", "replace")
    return out


def pdf_text(data: bytes) -> str:
    """The text of every Tj/TJ string, decoded through the ToUnicode map of the font in use
    (fonts by resource name, so text set in several fonts decodes right)."""
    objects = {int(m.group(1)): m.group(2) for m in _OBJ.finditer(data)}
    font_maps: dict[bytes, dict[int, str]] = {}
    for body in objects.values():
        for block in _FONTS.findall(body[:2000]):
            for name, num in _FONT_REF.findall(block):
                ref = _TOUNICODE.search(objects.get(int(num), b""))
                stream = _stream(objects.get(int(ref.group(1)), b"")) if ref else None
                font_maps[name] = _cmap(stream) if stream else {}
    parts = []
    for body in objects.values():
        stream = _stream(body)
        if not stream or b"BT" not in stream:
            continue
        cmap: dict[int, str] | None = None
        saved: list[dict[int, str] | None] = []  # q/Q save and restore the font with the graphics state
        for m in _OPS.finditer(stream):
            if m.group(1) == b"q":
                saved.append(cmap)
                continue
            if m.group(1) == b"Q":
                cmap = saved.pop() if saved else None
                continue
            if m.group(2) is not None:
                cmap = font_maps.get(m.group(2))
                continue
            raws = [m.group(3)] if m.group(3) is not None else _TJ_STRING.findall(m.group(4))
            raw = b"".join(_unescape(r) for r in raws)
            if cmap:
                parts.append("".join(cmap.get(int.from_bytes(raw[k : k + 2], "big"), "\ufffd")
                                     for k in range(0, len(raw) - 1, 2)))
            else:
                parts.append(raw.decode("latin-1"))
    return "\n".join(parts)
