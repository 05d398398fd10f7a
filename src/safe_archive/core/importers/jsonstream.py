"""Streaming JSON: big arrays with ijson, JavaScript-wrapped arrays, strict JSON lines.

X archives wrap arrays as ``window.YTD.tweets.part0 = [ ... ]`` (Grailbird:
``Grailbird.data.tweets_2015_01 = [ ... ]``). :func:`js_array_items` skips everything before
the first ``[`` and a trailing ``;`` and streams the items with ijson - it never evaluates
anything. Floats come back as :class:`decimal.Decimal`; ids that are floats are refused later.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from typing import Any, BinaryIO

import ijson

from safe_archive.core.errors import ImportError_

JSON_ERRORS: tuple[type[Exception], ...] = (ijson.JSONError, ijson.IncompleteJSONError, UnicodeDecodeError)
PREFIX_LIMIT = 4096  # a JS prefix longer than this is not an export file


class _FromArray(io.RawIOBase):
    """The bytes of ``raw`` from its first ``[`` on, without a trailing ``;``."""

    def __init__(self, raw: BinaryIO, label: str) -> None:
        super().__init__()
        self._raw = raw
        self._label = label
        self._pending = b""
        self._started = False
        self._eof = False

    def readable(self) -> bool:
        return True

    def _start(self) -> None:
        head = b""
        while b"[" not in head:
            chunk = self._raw.read(1024)
            if not chunk:
                raise ImportError_(f"{self._label}: no JSON array found in the file.")
            head += chunk
            if len(head) > PREFIX_LIMIT and b"[" not in head:
                raise ImportError_(f"{self._label}: no JSON array near the start of the file.")
        prefix, _, rest = head.partition(b"[")
        if b"{" in prefix or b'"' in prefix.split(b"=")[-1]:
            raise ImportError_(f"{self._label}: not a JavaScript-wrapped JSON array.")
        self._pending = b"[" + rest
        self._started = True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        if not self._started:
            self._start()
        want = len(buffer)
        while not self._eof and len(self._pending) < want + 64:
            chunk = self._raw.read(max(want, 65536))
            if not chunk:
                self._eof = True
                self._pending = self._pending.rstrip(b" \t\r\n;")
                break
            self._pending += chunk
        # keep 64 bytes back until EOF so a trailing ';' can be stripped
        take = len(self._pending) if self._eof else max(0, len(self._pending) - 64)
        take = min(take, want)
        buffer[:take] = self._pending[:take]
        self._pending = self._pending[take:]
        return take


def js_array_items(raw: BinaryIO, label: str) -> Iterator[Any]:
    """Items of a (possibly JS-wrapped) top-level JSON array, streamed."""
    stream = io.BufferedReader(_FromArray(raw, label), buffer_size=65536)
    yield from items_at(stream, "item", label)


def items_at(stream: BinaryIO, prefix: str, label: str) -> Iterator[Any]:
    """Stream the values at an ijson ``prefix``; a syntax error is an ImportError_."""
    try:
        yield from ijson.items(stream, prefix, use_float=False)
    except JSON_ERRORS as exc:
        raise ImportError_(f"{label}: the JSON is damaged or truncated ({_short(exc)}).") from None


def _short(exc: Exception) -> str:
    text = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    return text[:80]


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not valid JSON")


def loads_line(line: bytes) -> Any:
    """One JSON line; floats stay exact (Decimal) so float ids can be refused."""
    from decimal import Decimal

    return json.loads(line, parse_float=Decimal, parse_constant=_refuse_constant)


def line_problem(exc: Exception) -> str:
    """Why one JSON line could not be decoded, in words that never quote the line.

    Besides syntax errors, :func:`json.loads` raises ``RecursionError`` on deeply nested values
    (a few hundred thousand ``[`` on one line), ``ValueError`` on integers over Python's
    4,300-digit limit and, here, on ``NaN``/``Infinity``. All of them concern this one line
    only: the caller reports the record and reads on.
    """
    if isinstance(exc, UnicodeDecodeError):
        return "not UTF-8 text"
    if isinstance(exc, json.JSONDecodeError):
        return f"not valid JSON ({exc.msg} at column {exc.colno})"
    if isinstance(exc, RecursionError):
        return "not readable: the JSON is nested too deeply"
    text = str(exc)
    if "digits" in text and "integer" in text:
        return "not readable: a number in it has too many digits"
    if text.endswith("is not valid JSON") and len(text) < 40:  # our own NaN/Infinity message
        return f"not valid JSON ({text})"
    return "not valid JSON"


# What decoding one line can raise besides the syntax error (see :func:`line_problem`).
LINE_ERRORS: tuple[type[Exception], ...] = (ValueError, RecursionError)  # JSONDecodeError, UnicodeDecodeError are ValueErrors


def json_lines(raw: BinaryIO) -> Iterator[tuple[int, Any | Exception]]:
    """``(line number, value or the error)`` for each non-blank line of a JSON Lines stream."""
    for number, line in enumerate(io.BufferedReader(raw), start=1):  # type: ignore[type-var]
        if not line.strip():
            continue
        try:
            yield number, loads_line(line)
        except LINE_ERRORS as exc:
            yield number, ValueError(line_problem(exc))


def first_json_line(head: bytes) -> Any:
    """The first complete JSON line in ``head`` (for sniffing), or ``None``."""
    for line in head.split(b"\n")[:5]:
        line = line.strip()
        if not line:
            continue
        try:
            return loads_line(line)
        except (ValueError, UnicodeDecodeError, RecursionError):
            return None
    return None


def json_records(raw: BinaryIO, label: str) -> Iterator[tuple[int, Any | Exception]]:
    """Records of a JSON Lines file, of a JSON array, or of one (pretty-printed) JSON object.

    JSON Lines are read line by line, so one bad line is one bad record. An array or a
    multi-line object is streamed with ijson; damage there stops the file (ImportError_).
    """
    stream = io.BufferedReader(raw, buffer_size=65536)  # type: ignore[type-var]
    head = stream.peek(65536)[:65536].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(b"\xef\xbb\xbf"):
        stream.read(3)
    if head.startswith(b"["):
        for number, value in enumerate(items_at(stream, "item", label), start=1):
            yield number, value
        return
    first = head.split(b"\n", 1)[0].strip()
    complete = False
    if first:
        try:
            loads_line(first)
            complete = True
        except (ValueError, UnicodeDecodeError, RecursionError):
            complete = False
    if complete or not first.startswith(b"{"):
        yield from json_lines(stream)
        return
    try:
        values = ijson.items(stream, "", use_float=False, multiple_values=True)
        for number, value in enumerate(values, start=1):
            yield number, value
    except JSON_ERRORS as exc:
        raise ImportError_(f"{label}: the JSON is damaged or truncated ({_short(exc)}).") from None
